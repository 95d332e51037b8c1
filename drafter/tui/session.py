"""The draft being worked on in the TUI: state, versions, dirty tracking.

``DraftSession`` is the view-model between the screens and the library API
(reading, validation, Markdown, the store).  It knows nothing about Textual,
so its logic is tested without running the app.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from .. import store
from ..config import Settings
from ..load import request_from_blueprint
from ..findings import Finding, Severity
from ..generate.types import PROFILE_KEY, DraftResult, RoleRequest, SectionEvent, SectionState
from ..schema.enums import DocumentKind
from ..schema.models import Blueprint, RoleMeta
from ..schema.sections import BLUEPRINT_SECTIONS, SECTIONS


class Status(str, Enum):
    """What the section list shows for a section."""

    empty = "empty"  # no content (not drafted, or missing from the document)
    queued = "queued"
    running = "running"
    done = "done"
    cached = "cached"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def busy(self) -> bool:
        return self in (Status.queued, Status.running)


@dataclass(frozen=True)
class EditCheck:
    """The result of checking a section's edited Markdown."""

    section: BaseModel | None  # the parsed section; None when the text could not be parsed
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.error]

    @property
    def ok(self) -> bool:
        return self.section is not None and not self.errors


class DraftSession:
    """One draft: its blueprint, section states, versions, and whether it needs saving."""

    def __init__(self, draft: store.Draft, settings: Settings, *, recovered: bool = False, saved: bool = False):
        self.draft = draft
        self.settings = settings
        self.recovered = recovered  # unsaved changes came back from an autosave
        self.status: dict[str, Status] = {}
        self.profile_state: SectionState | None = None  # the role-profile step of a running draft
        self.reasons: dict[str, str] = dict(draft.failed)  # section -> why it failed
        self.notes: dict[str, str] = {}  # section -> retry note while it runs
        for spec in SECTIONS:
            if getattr(draft.blueprint, spec.key) is not None:
                self.status[spec.key] = Status.done
            elif spec.key in draft.failed:
                self.status[spec.key] = Status.failed
            else:
                self.status[spec.key] = Status.empty
        self.changes = 1 if recovered else 0  # bumped on every change
        self.saved_changes = 0  # value of ``changes`` at the last save
        self.autosaved_changes = self.changes if recovered else 0
        self.saved_path: Path | None = store.draft_path(draft.id) if saved else None
        self.lock = threading.Lock()  # serialises writes of this draft's files
        self._origin = "drafted" if draft.request is not None else "as opened"
        self.source_findings: list[Finding] = []  # what reading the source document found
        self._edit_token: object | None = None
        self.lint_profile = "blueprint"  # or "posting": what the wording lint checks

    # ------------------------------------------------------------ construction

    @classmethod
    def new(cls, request: RoleRequest, settings: Settings) -> "DraftSession":
        meta = RoleMeta(title=request.title, company_size=request.company_size, industry=request.industry)
        draft = store.Draft(id=store.new_draft_id(request.title), blueprint=Blueprint(meta=meta), request=request)
        return cls(draft, settings)

    @classmethod
    def from_blueprint(cls, bp: Blueprint, settings: Settings, *, source: str | None = None) -> "DraftSession":
        draft = store.Draft(id=store.new_draft_id(bp.meta.title), blueprint=bp, source=source)
        return cls(draft, settings)

    @classmethod
    def open_path(cls, path: str | Path, settings: Settings) -> tuple["DraftSession", list[Finding]]:
        """A saved draft, or any document ``drafter validate`` reads; raises ``InputError``.

        Returns the session and what reading the document found (empty for drafts).
        """
        p = Path(path)
        if store.is_draft_file(p):
            draft = store.load_draft(p)
            return cls(draft, settings, saved=p.resolve() == store.draft_path(draft.id).resolve()), []
        from ..load import load_blueprint

        loaded = load_blueprint(p, purpose="open")
        session = cls.from_blueprint(loaded.blueprint, settings, source=str(p))
        session.source_findings = list(loaded.findings)
        return session, session.source_findings

    @classmethod
    def open_stored(cls, draft_id: str, settings: Settings) -> "DraftSession":
        draft, recovered = store.open_draft(draft_id)
        saved = store.draft_path(draft_id).is_file()
        return cls(draft, settings, recovered=recovered, saved=saved)

    # ------------------------------------------------------------ reading

    @property
    def blueprint(self) -> Blueprint:
        return self.draft.blueprint

    @property
    def title(self) -> str:
        return self.draft.title

    @property
    def kind(self) -> DocumentKind:
        return self.blueprint.kind

    @property
    def dirty(self) -> bool:
        return self.changes != self.saved_changes

    @property
    def request(self) -> RoleRequest:
        if self.draft.request is not None:
            return self.draft.request
        return request_from_blueprint(self.blueprint, self.settings.depth)

    @property
    def keys(self) -> list[str]:
        """The sections to list: the 20 blueprint sections, then career-guide parts that have content."""
        keys = [s.key for s in BLUEPRINT_SECTIONS]
        keys += [s.key for s in SECTIONS if not s.number and getattr(self.blueprint, s.key) is not None]
        return keys

    def section(self, key: str) -> BaseModel | None:
        return getattr(self.blueprint, key)

    def progress(self) -> tuple[int, int, int]:
        """``(finished with content, failed, total)`` over the 20 blueprint sections."""
        keys = [s.key for s in BLUEPRINT_SECTIONS]
        done = sum(1 for k in keys if self.status[k] in (Status.done, Status.cached))
        failed = sum(1 for k in keys if self.status[k] == Status.failed)
        return done, failed, len(keys)

    @property
    def busy(self) -> bool:
        return any(s.busy for s in self.status.values())

    def section_markdown(self, key: str) -> str:
        from ..render.markdown import render_section_markdown

        return render_section_markdown(self.blueprint, key)

    def markdown(self) -> str:
        from ..render.markdown import render_markdown

        return render_markdown(self.blueprint)

    def findings(self) -> list[Finding]:
        """Every finding for the whole draft: the rules, plus what reading the source found
        (for sections not changed since)."""
        from ..validate import validate_blueprint

        source = [f for f in self.source_findings if not (f.section and self.draft.history.get(f.section))]
        unmapped = {f.section for f in source if f.code == "unmapped-content"}
        rules = [
            f for f in validate_blueprint(self.blueprint, kind=self.kind.value)
            if not (f.code == "unmapped-content" and f.section in unmapped)
        ]
        return source + rules + self.lint_findings()

    def lint_findings(self) -> list[Finding]:
        """The wording lint (coded words merged per section, as ``drafter validate`` prints them)."""
        from ..lint import lint_blueprint
        from ..lint.display import collapse

        return collapse(lint_blueprint(self.blueprint, profile=self.lint_profile))

    def score(self):
        """The live score: coded-word balance, reading grade, must-haves (overall and per section)."""
        from ..lint import score

        return score(self.blueprint)

    def check_edit(self, key: str, text: str) -> EditCheck:
        """Parse a section's edited Markdown; the findings include the section's quality rules."""
        from ..readers.section import parse_section_markdown

        section, findings = parse_section_markdown(key, text, kind=self.kind)
        order = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
        findings = sorted(findings or [], key=lambda f: (order.get(f.severity, 3), f.line or 0))
        return EditCheck(section=section, findings=findings)

    # ------------------------------------------------------------ versions

    def versions(self, key: str) -> store.SectionHistory:
        return self.draft.history.get(key) or store.SectionHistory()

    def _history(self, key: str) -> store.SectionHistory:
        history = self.draft.history.setdefault(key, store.SectionHistory())
        if not history.versions and self.section(key) is not None:
            # The first change records what was there before it.
            history.versions.append(store.SectionVersion(self.section(key), self._origin))
            history.current = 0
        return history

    def set_section(self, key: str, section: BaseModel, label: str, *, amend: bool = False) -> None:
        """Make ``section`` the current version of ``key``; ``amend`` replaces the current version instead."""
        history = self._history(key)
        if amend and history.versions and history.current >= 0:
            version = history.versions[history.current]
            version.section = section
            version.at = store.now_iso()
        else:
            history.versions.append(store.SectionVersion(section, label))
            if len(history.versions) > store.MAX_VERSIONS:
                del history.versions[0]
            history.current = len(history.versions) - 1
        setattr(self.blueprint, key, section)
        self.mark_reviewed(key, label == "edited")
        self.status[key] = Status.done
        self.reasons.pop(key, None)
        self.draft.failed.pop(key, None)
        self._touch()

    def mark_reviewed(self, key: str, reviewed: bool) -> None:
        """Record whether a person has reviewed ``key`` (edited it) since a model last drafted it."""
        gen = self.blueprint.generation
        if gen is None:
            return
        if reviewed and key not in gen.reviewed:
            gen.reviewed.append(key)
        elif not reviewed and key in gen.reviewed:
            gen.reviewed.remove(key)

    def restore(self, key: str, index: int) -> bool:
        """Make version ``index`` of ``key`` current again (no version is ever dropped)."""
        history = self.draft.history.get(key)
        if history is None or not 0 <= index < len(history.versions) or index == history.current:
            return False
        history.current = index
        version = history.versions[index]
        setattr(self.blueprint, key, version.section)
        self.mark_reviewed(key, version.label == "edited")
        self.status[key] = Status.done if version.section is not None else Status.empty
        self._touch()
        return True

    def restore_previous(self, key: str) -> bool:
        history = self.draft.history.get(key)
        return history is not None and self.restore(key, history.current - 1)

    def restore_next(self, key: str) -> bool:
        history = self.draft.history.get(key)
        return history is not None and self.restore(key, history.current + 1)

    def begin_edit(self, key: str) -> object:
        """Start an editing session: its first good parse adds one "edited" version, later ones amend it."""
        self._edit_token = token = object()
        self._edit_applied = False
        return token

    def apply_edit(self, token: object, key: str, section: BaseModel) -> None:
        amend = token is self._edit_token and self._edit_applied
        if section == self.section(key):
            return
        self.set_section(key, section, "edited", amend=amend)
        if token is self._edit_token:
            self._edit_applied = True

    # ------------------------------------------------------------ drafting

    def start_sections(self, keys: list[str]) -> None:
        for key in keys:
            self.status[key] = Status.queued
            self.reasons.pop(key, None)

    def apply_event(self, event: SectionEvent) -> bool:
        """Apply a drafting event; True when the section's content changed."""
        key = event.section
        state = SectionState(event.state)
        if key == PROFILE_KEY:  # the role-profile step before the sections: shown in the progress line only
            self.profile_state = state
            return False
        if state.finished:
            self.notes.pop(key, None)
        if state in (SectionState.done, SectionState.cached) and event.result is not None:
            previous = self.section(key)
            if previous is None and not self.draft.history.get(key):
                setattr(self.blueprint, key, event.result)
                self.mark_reviewed(key, False)
                self._touch()
            else:
                self.set_section(key, event.result, "drafted again" if previous is not None else "drafted")
            self.status[key] = Status(state.value)
            return True
        if state == SectionState.failed:
            reason = event.message or "failed"
            self.reasons[key] = reason
            if self.section(key) is None:
                self.status[key] = Status.failed
                self.draft.failed[key] = reason
            else:
                self.status[key] = Status.done  # the earlier version stays
            self._touch()
            return False
        if state == SectionState.cancelled:
            self.status[key] = Status.done if self.section(key) is not None else Status.cancelled
            return False
        if state == SectionState.running and event.message and event.attempt > 1:
            self.notes[key] = f"attempt {event.attempt}: {event.message}"
        self.status[key] = Status(state.value)
        return False

    def cancel_pending(self) -> None:
        """After a cancelled draft: nothing stays queued or running."""
        for key, status in self.status.items():
            if status.busy:
                self.status[key] = Status.done if self.section(key) is not None else Status.cancelled

    def finish_draft(self, result: DraftResult) -> None:
        """Keep the provenance of a finished draft (the sections arrived through events)."""
        if result.blueprint.generation is not None:
            generation = result.blueprint.generation.model_copy()
            generation.missing_sections = [
                s.key for s in BLUEPRINT_SECTIONS if self.section(s.key) is None
            ]
            if self.blueprint.generation is not None:  # sections reviewed before this draft finished stay reviewed
                drafted = {u.section for u in generation.sections if u.status in ("done", "cached")}
                generation.reviewed = [k for k in self.blueprint.generation.reviewed if k not in drafted]
            self.blueprint.generation = generation
        for key, reason in result.failed.items():
            if self.section(key) is None and reason != "cancelled":
                self.status[key] = Status.failed
                self.reasons[key] = reason
                self.draft.failed[key] = reason
        self._touch()

    # ------------------------------------------------------------ saving

    def _touch(self) -> None:
        self.changes += 1

    def encode(self) -> tuple[int, str]:
        """Serialise now (on the UI thread): ``(change number, JSON text)`` for a writer thread."""
        return self.changes, store.encode_draft(self.draft)

    def write_saved(self, snapshot: tuple[int, str]) -> Path:
        """Write a snapshot as the saved draft (thread-safe; drops the autosave)."""
        number, text = snapshot
        with self.lock:
            path = store.write_saved(self.draft.id, text)
            self.saved_changes = max(self.saved_changes, number)
            self.autosaved_changes = max(self.autosaved_changes, number)
            self.saved_path = path
            self.recovered = False
        return path

    def write_autosave(self, snapshot: tuple[int, str]) -> Path | None:
        """Write a snapshot as the autosave, unless a save already covers it."""
        number, text = snapshot
        with self.lock:
            if number <= self.saved_changes or number <= self.autosaved_changes:
                return None
            path = store.write_autosave(self.draft.id, text)
            self.autosaved_changes = number
        return path

    @property
    def needs_autosave(self) -> bool:
        return self.dirty and self.changes > self.autosaved_changes

    def save(self) -> Path:
        """Save now, on the calling thread."""
        self.draft.saved_at = store.now_iso()
        return self.write_saved(self.encode())

    def discard_autosave(self) -> None:
        with self.lock:
            store.discard_autosave(self.draft.id)
