"""DIR/manifest.json: every item of a batch with its status, outputs, usage and errors.

Written atomically (a temp file in the same directory, then ``os.replace``)
so that a crash or Ctrl-C never leaves half a manifest.  Items from earlier
runs that are not in the current plan are kept: nothing is forgotten.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ..errors import InputError
from ..fsio import atomic_write

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1

Status = Literal["ok", "failed", "pending"]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _M(BaseModel):
    model_config = ConfigDict(extra="allow")


class Tokens(_M):
    prompt: int = 0
    completion: int = 0


class ValidationSummary(_M):
    errors: int = 0
    warnings: int = 0
    codes: list[str] = Field(default_factory=list)  # distinct finding codes, errors first


class ItemRecord(_M):
    id: str  # the file stem
    key: str  # stable identity (title, row fields, variant)
    title: str
    variant: dict[str, str] = Field(default_factory=dict)
    fields: dict[str, str] = Field(default_factory=dict)  # level/track/company_size/industry from a CSV row
    status: Status = "pending"
    outputs: dict[str, str] = Field(default_factory=dict)  # "json", "md", "partial": paths relative to DIR
    tokens: Tokens = Field(default_factory=Tokens)
    cost_usd: float | None = None
    seconds: float = 0.0
    validation: ValidationSummary | None = None
    error: str | None = None
    failed_sections: list[str] = Field(default_factory=list)
    model: str | None = None
    depth: str | None = None
    finished: str | None = None  # when it last finished (ok or failed)
    line: int | None = None  # line in the input file


class RunSettings(_M):
    model: str | None = None
    api_base: str | None = None
    depth: str | None = None
    concurrency: int | None = None


class Manifest(_M):
    version: int = MANIFEST_VERSION
    created: str = Field(default_factory=now)
    updated: str = Field(default_factory=now)
    source: str | None = None
    settings: RunSettings = Field(default_factory=RunSettings)
    items: list[ItemRecord] = Field(default_factory=list)
    summary: dict = Field(default_factory=dict)

    _index: dict[str, int] = PrivateAttr(default_factory=dict)

    def _reindex(self) -> dict[str, int]:
        if len(self._index) != len(self.items):
            self._index = {r.key: i for i, r in enumerate(self.items)}
        return self._index

    def by_key(self) -> dict[str, ItemRecord]:
        return {r.key: r for r in self.items}

    def get(self, key: str) -> ItemRecord | None:
        i = self._reindex().get(key)
        return self.items[i] if i is not None else None

    def upsert(self, record: ItemRecord) -> None:
        index = self._reindex()
        if record.key in index:
            self.items[index[record.key]] = record
        else:
            index[record.key] = len(self.items)
            self.items.append(record)

    def summarize(self) -> dict:
        ok = [r for r in self.items if r.status == "ok"]
        failed = [r for r in self.items if r.status == "failed"]
        costs = [r.cost_usd for r in self.items if r.cost_usd is not None]
        return {
            "items": len(self.items),
            "ok": len(ok),
            "failed": len(failed),
            "pending": len(self.items) - len(ok) - len(failed),
            "prompt_tokens": sum(r.tokens.prompt for r in self.items),
            "completion_tokens": sum(r.tokens.completion for r in self.items),
            "cost_usd": round(sum(costs), 6) if costs else None,
            "seconds": round(sum(r.seconds for r in self.items), 3),
            "validation_errors": sum(r.validation.errors for r in self.items if r.validation),
            "validation_warnings": sum(r.validation.warnings for r in self.items if r.validation),
        }


def load_manifest(directory: Path) -> Manifest | None:
    """The manifest in ``directory``, None when there is none; an unreadable one is an ``InputError``."""
    path = directory / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the batch manifest: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("version", MANIFEST_VERSION) > MANIFEST_VERSION:
            raise ValueError(f"version {data['version']} is newer than this drafter understands")
        return Manifest.model_validate(data)
    except (ValueError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(
            str(path), f"not a valid batch manifest ({first})",
            hint="move it away (or choose another --out) to start a new batch",
        ) from None


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file in the same directory and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)


def save_manifest(directory: Path, manifest: Manifest) -> Path:
    manifest.updated = now()
    manifest.summary = manifest.summarize()
    path = directory / MANIFEST_NAME
    atomic_write_text(path, manifest.model_dump_json(indent=2, exclude_none=False) + "\n")
    return path
