"""Drafts on disk: save, autosave, list recent, load.

A draft is a blueprint being worked on, plus what is needed to keep working
on it: the request it was drafted from, the sections that failed, and every
earlier version of each section (so a regenerated or edited section can be
restored).  Drafts live under ``drafter.config.drafts_dir()``:

    <drafts_dir>/<id>.json            the draft as last saved (ctrl+s)
    <drafts_dir>/<id>.autosave.json   newer unsaved changes, written every few
                                      seconds while there are any; removed on save

Every write is atomic (a temporary file in the same directory, fsync'd, then
``os.replace``), so a crash leaves either the old file or the new one, never
half of one.  ``open_draft`` prefers the autosave when it is newer than the
saved file: that is how unsaved work comes back after a crash.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .config import drafts_dir, ensure_dir
from .errors import DrafterError, InputError
from .fsio import atomic_write
from .generate.types import RoleRequest
from .schema.markers import Depth
from .schema.models import Blueprint
from .schema.sections import BY_KEY
from .slugs import slugify

FORMAT = "drafter-draft"
VERSION = 1
AUTOSAVE_SUFFIX = ".autosave.json"
MAX_VERSIONS = 20  # per section; the oldest are dropped beyond this


class StoreError(DrafterError):
    """A draft could not be written."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- ids and paths


def new_draft_id(title: str, *, when: datetime | None = None) -> str:
    """A readable, unique id: ``<slug>-<yyyymmdd-hhmmss>-<4 hex>``."""
    when = when or datetime.now()
    return f"{slugify(title, fallback='draft', max_len=48)}-{when:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


# Letters of any script (a slug keeps them), digits and dashes: never a separator or a dot.
_ID = re.compile(r"^[^\W_][\w-]{0,80}$")


def _check_id(draft_id: str) -> str:
    if not _ID.match(draft_id):
        raise StoreError(f"invalid draft id {draft_id!r}")
    return draft_id


def draft_path(draft_id: str) -> Path:
    return drafts_dir() / f"{_check_id(draft_id)}.json"


def autosave_path(draft_id: str) -> Path:
    return drafts_dir() / f"{_check_id(draft_id)}{AUTOSAVE_SUFFIX}"


# --------------------------------------------------------------------------- the data


@dataclass
class SectionVersion:
    """One version of a section: its content and how it came about."""

    section: BaseModel | None  # None: the section was empty at that point
    label: str  # "drafted", "regenerated: more senior", "edited", "imported"...
    at: str = field(default_factory=now_iso)

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "at": self.at,
            "section": self.section.model_dump(mode="json") if self.section is not None else None,
        }

    @classmethod
    def from_json(cls, key: str, data: dict) -> "SectionVersion":
        raw = data.get("section")
        model = BY_KEY[key].model.model_validate(raw) if raw is not None else None
        return cls(section=model, label=str(data.get("label") or "version"), at=str(data.get("at") or ""))


@dataclass
class SectionHistory:
    """Every version of one section, oldest first; ``current`` indexes the one in the blueprint."""

    versions: list[SectionVersion] = field(default_factory=list)
    current: int = -1

    def to_json(self) -> dict:
        return {"current": self.current, "versions": [v.to_json() for v in self.versions]}

    @classmethod
    def from_json(cls, key: str, data: dict) -> "SectionHistory":
        versions = [SectionVersion.from_json(key, v) for v in data.get("versions", [])]
        current = int(data.get("current", len(versions) - 1))
        current = max(-1, min(current, len(versions) - 1))
        return cls(versions=versions, current=current)


@dataclass
class Draft:
    """A blueprint being worked on, and what it takes to keep working on it."""

    id: str
    blueprint: Blueprint
    request: RoleRequest | None = None  # what it was drafted from (None: opened from a document)
    source: str | None = None  # the document it was opened from, if any
    failed: dict[str, str] = field(default_factory=dict)  # section key -> reason
    history: dict[str, SectionHistory] = field(default_factory=dict)
    created_at: str = field(default_factory=now_iso)
    saved_at: str | None = None

    @property
    def title(self) -> str:
        return self.blueprint.meta.title

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "id": self.id,
            "created_at": self.created_at,
            "saved_at": self.saved_at,
            "source": self.source,
            "request": _request_to_json(self.request),
            "failed": dict(self.failed),
            "history": {k: h.to_json() for k, h in self.history.items() if h.versions},
            "blueprint": self.blueprint.model_dump(mode="json"),
        }

    @classmethod
    def from_json(cls, data: Any, *, where: str = "<draft>") -> "Draft":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(where, "not a drafter draft (no \"format\": \"drafter-draft\")")
        if not isinstance(data.get("version"), int) or data["version"] > VERSION:
            raise InputError(where, f"draft format version {data.get('version')!r} is newer than this drafter understands")
        try:
            blueprint = Blueprint.model_validate(data["blueprint"])
            history = {
                k: SectionHistory.from_json(k, v)
                for k, v in (data.get("history") or {}).items()
                if k in BY_KEY and isinstance(v, dict)
            }
            return cls(
                id=_check_id(str(data["id"])),
                blueprint=blueprint,
                request=_request_from_json(data.get("request")),
                source=data.get("source"),
                failed={str(k): str(v) for k, v in (data.get("failed") or {}).items()},
                history=history,
                created_at=str(data.get("created_at") or ""),
                saved_at=data.get("saved_at"),
            )
        except KeyError as exc:
            raise InputError(where, f"draft is missing {exc.args[0]!r}") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise InputError(where, f"invalid draft: {loc}: {err['msg']}") from None
        except (TypeError, ValueError, StoreError) as exc:
            raise InputError(where, f"invalid draft: {exc}") from None


def _request_to_json(request: RoleRequest | None) -> dict | None:
    if request is None:
        return None
    data = request.model_dump(mode="json")
    data["depth"] = Depth(request.depth).value
    return data


def _request_from_json(data: Any) -> RoleRequest | None:
    if not isinstance(data, dict) or not data.get("title"):
        return None
    known = {"title", "level", "track", "family", "company_size", "industry", "notes", "context", "depth"}
    clean = {k: v for k, v in data.items() if k in known and v is not None}
    if "depth" in clean:
        clean["depth"] = Depth(clean["depth"])
    try:
        return RoleRequest(**clean)
    except ValueError:  # a level or track this version does not know: keep the rest, infer those
        return RoleRequest(**{k: v for k, v in clean.items() if k not in ("level", "track")})


# --------------------------------------------------------------------------- writing


def atomic_write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a mix."""
    path = Path(path)
    ensure_dir(path.parent)
    try:
        atomic_write(path, text, private=True)  # drafts may hold unpublished role details
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def encode_draft(draft: Draft) -> str:
    """The draft file's text (cheap enough for the UI thread; write it with ``write_*``)."""
    return json.dumps(draft.to_json(), ensure_ascii=False, indent=1) + "\n"


def write_saved(draft_id: str, text: str) -> Path:
    """Write encoded draft text as the saved file and drop the autosave (safe in a thread)."""
    path = atomic_write_text(draft_path(draft_id), text)
    discard_autosave(draft_id)
    return path


def write_autosave(draft_id: str, text: str) -> Path:
    return atomic_write_text(autosave_path(draft_id), text)


def save_draft(draft: Draft) -> Path:
    """Save ``draft`` to ``<drafts_dir>/<id>.json`` and drop its autosave; returns the path."""
    draft.saved_at = now_iso()
    return write_saved(draft.id, encode_draft(draft))


def autosave_draft(draft: Draft) -> Path:
    """Write the unsaved state of ``draft`` next to its saved file (crash recovery)."""
    return write_autosave(draft.id, encode_draft(draft))


def discard_autosave(draft_id: str) -> None:
    try:
        autosave_path(draft_id).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot remove {autosave_path(draft_id)}: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- reading


def load_draft(path: str | Path) -> Draft:
    """Read one draft file (saved or autosave); raises ``InputError`` with one line."""
    from .readers.source import load_text  # same size limit, encodings and messages as every document

    where = str(path)
    text = load_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    return Draft.from_json(data, where=where)


def is_draft_file(path: str | Path) -> bool:
    """True when ``path`` is a JSON file written by this module (cheap: reads the head only)."""
    p = Path(path)
    if p.suffix.lower() != ".json" or not p.is_file():
        return False
    try:
        with p.open("r", encoding="utf-8") as fh:
            head = fh.read(256)
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r'"format"\s*:\s*"drafter-draft"', head) is not None


def open_draft(draft_id: str) -> tuple[Draft, bool]:
    """The newest state of a draft: ``(draft, recovered)``; ``recovered`` when it came from the autosave."""
    saved, auto = draft_path(draft_id), autosave_path(draft_id)
    if auto.is_file() and (not saved.is_file() or auto.stat().st_mtime >= saved.stat().st_mtime):
        try:
            return load_draft(auto), True
        except InputError:
            if not saved.is_file():
                raise
    return load_draft(saved), False


@dataclass(frozen=True)
class DraftInfo:
    """A line of the "recent drafts" list."""

    id: str
    title: str
    modified: datetime  # local time of the newest file
    sections: int  # blueprint sections with content
    unsaved: bool  # an autosave newer than the saved file exists
    path: Path  # the file ``open_draft`` would read


def list_recent(limit: int = 10) -> list[DraftInfo]:
    """The most recently changed drafts, newest first.  Unreadable files are skipped."""
    directory = drafts_dir()
    if not directory.is_dir():
        return []
    newest: dict[str, tuple[float, Path, bool]] = {}
    for path in directory.glob("*.json"):
        if path.name.startswith("."):
            continue
        autosave = path.name.endswith(AUTOSAVE_SUFFIX)
        draft_id = path.name[: -len(AUTOSAVE_SUFFIX)] if autosave else path.stem
        if not _ID.match(draft_id):
            continue
        try:
            mtime = path.stat().st_mtime
        except OSError:
            continue
        if draft_id not in newest or mtime >= newest[draft_id][0]:
            newest[draft_id] = (mtime, path, autosave)
    out: list[DraftInfo] = []
    for draft_id, (mtime, path, autosave) in sorted(newest.items(), key=lambda kv: kv[1][0], reverse=True):
        try:
            draft = load_draft(path)
        except InputError:
            continue
        sections = sum(1 for spec in BY_KEY.values() if spec.number and getattr(draft.blueprint, spec.key) is not None)
        out.append(
            DraftInfo(
                id=draft_id,
                title=draft.title,
                modified=datetime.fromtimestamp(mtime),
                sections=sections,
                unsaved=autosave,
                path=path,
            )
        )
        if len(out) >= limit:
            break
    return out


__all__ = [
    "Draft",
    "DraftInfo",
    "SectionHistory",
    "SectionVersion",
    "StoreError",
    "atomic_write_text",
    "autosave_draft",
    "autosave_path",
    "discard_autosave",
    "draft_path",
    "encode_draft",
    "is_draft_file",
    "list_recent",
    "load_draft",
    "new_draft_id",
    "open_draft",
    "save_draft",
    "write_autosave",
    "write_saved",
]
