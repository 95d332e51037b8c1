"""The main screen: the section list, the selected section, the findings panel.

Drafting and regenerating run in async workers on this screen; every
``SectionEvent`` updates one row of the list and, when it is the section on
screen, that section's Markdown, nothing else.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, ProgressBar, Static
from textual.worker import Worker, WorkerState

from ...errors import DrafterError
from ...findings import Finding, Severity
from ...generate.types import PROFILE_KEY, SectionEvent, SectionState
from ...schema.sections import BLUEPRINT_SECTIONS, BY_KEY
from ..session import DraftSession, Status
from ..widgets import FindingsList, SectionList, SectionView
from ..widgets.findings_list import sort_findings
from ..widgets.score import lint_feedback, score_content
from .dialogs import ConfirmDialog, FeedbackDialog
from .edit import EditScreen

VALIDATE_DELAY = 0.4  # seconds after the last change before the findings are recomputed
RENDER_DELAY = 0.05  # seconds of quiet before the selected section is rendered


class DraftScreen(Screen):
    """Review, edit, regenerate and validate one draft."""

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("r", "regenerate", "Regen"),
        Binding("u", "restore_previous", "Previous version", show=False),
        Binding("h", "versions", "Versions", show=False),
        Binding("v", "toggle_findings", "Findings"),
        Binding("f", "rewrite_finding", "Rewrite with finding", show=False),
        Binding("right_square_bracket", "next_flag", "Next flagged section", show=False),
        Binding("c", "copy_section", "Copy section", show=False),
        Binding("escape", "cancel_draft", "Cancel"),
        Binding("question_mark", "app.toggle_keys", "Keys", show=False),
        Binding("d", "draft_missing", "Draft missing sections", show=False),
        Binding("z", "toggle_sidebar", "Hide section list", show=False),
        Binding("n", "app.new_draft", "New", show=False),
        Binding("o", "app.open_document", "Open", show=False),
        Binding("w", "close_draft", "Close", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self, session: DraftSession, *, start: bool = False):
        super().__init__()
        self.session = session
        self.start = start
        self.findings: list[Finding] | None = None  # None until the first validation
        self.follow = False  # show each section as it finishes (until the user picks one)
        self._auto_keys: list[str] = []  # highlights made by follow mode, not the user
        self._validate_timer = None
        self._draft_worker: Worker | None = None
        self.score = None  # the live lint score (drafter.lint.Score), computed with the findings

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield Static("", id="progress-label", markup=False)
                yield ProgressBar(total=len(BLUEPRINT_SECTIONS), show_eta=False, show_percentage=False, id="progress")
                yield Static("", id="score")
                yield SectionList(self.session, id="sections")
            with Vertical(id="content"):
                yield SectionView(self.session, id="view")
                with Vertical(id="findings-panel"):
                    yield Label("", id="findings-title")
                    yield FindingsList(id="findings", empty_text="No findings: the draft meets the standard.")
        yield Footer(compact=True)

    @property
    def section_list(self) -> SectionList:
        return self.query_one("#sections", SectionList)

    @property
    def view(self) -> SectionView:
        return self.query_one("#view", SectionView)

    @property
    def selected_key(self) -> str | None:
        return self.section_list.highlighted_key

    @property
    def drafting(self) -> bool:
        return self._draft_worker is not None and self._draft_worker.state in (WorkerState.PENDING, WorkerState.RUNNING)

    def on_mount(self) -> None:
        if self.selected_key is not None:
            self._auto_keys.append(self.selected_key)  # the list's initial highlight is not the user's choice
        self.query_one("#findings-panel").display = False
        self.section_list.focus()
        self._update_title()
        self._update_progress()
        self.validate_now()
        if self.session.recovered:
            self.notify("Recovered unsaved changes from the autosave.  ctrl+s saves them.", timeout=6)
        if self.start:
            self.start_draft()

    def on_screen_resume(self) -> None:
        self._refresh_everything()

    def _refresh_everything(self) -> None:
        self.section_list.refresh_all()
        self._update_progress()
        self._update_title()
        if self.selected_key:
            self._show(self.selected_key)
        self.schedule_validate()

    def _update_title(self) -> None:
        self.title = "drafter"
        mark = " ●" if self.session.dirty else ""
        self.sub_title = f"{self.session.title}{mark}"

    def _update_progress(self) -> None:
        done, failed, total = self.session.progress()
        running = sum(1 for s in self.session.status.values() if s == Status.running)
        queued = sum(1 for s in self.session.status.values() if s == Status.queued)
        parts: list = []
        if running or queued:
            parts.append((f"{'Drafting' if self.drafting else 'Working'} {done}/{total}", "bold"))
            if self.session.profile_state == SectionState.running:
                parts.append(" · role profile first")
            if running:
                parts.append(f" · {running} running")
        else:
            parts.append((f"{done}/{total} done", "bold"))
        if failed:
            parts.append((f" · {failed} failed", "$text-error"))
        if getattr(self, "loading_provider", False):
            parts.append((" · loading the provider client…", "$text-muted"))
        if not (running or queued) and self.findings is not None:
            errors = sum(1 for f in self.findings if f.severity == Severity.error)
            warnings = sum(1 for f in self.findings if f.severity == Severity.warning)
            parts += [" · ", (f"✗{errors}", "$text-error" if errors else ""), " ", (f"▲{warnings}", "$text-warning" if warnings else "")]
        self.query_one("#progress-label", Static).update(Content.assemble(*parts))
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=total, progress=done + failed)
        bar.display = self.drafting or (0 < done + failed < total and self.session.busy)

    # ---------------------------------------------------------------- selection

    @on(OptionList.OptionHighlighted, "#sections")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        key = event.option.id
        if key in self._auto_keys:
            self._auto_keys.remove(key)
        else:
            self.follow = False
        self._show(key)

    @on(OptionList.OptionSelected, "#sections")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    def _show(self, key: str) -> None:
        """Render ``key`` soon: a burst of changes (arrow keys held, sections arriving) renders once."""
        self.run_worker(partial(self._render_later, key), group="render", exclusive=True, exit_on_error=False)

    async def _render_later(self, key: str) -> None:
        await asyncio.sleep(RENDER_DELAY)  # debounce; a newer request cancels this one
        await self.view.show(key)

    def select_section(self, key: str, *, auto: bool = False) -> None:
        """Highlight ``key`` in the list (which shows it)."""
        if key == self.selected_key:
            self._show(key)
            return
        if auto:
            self._auto_keys.append(key)
        self.section_list.select_key(key)

    def section_changed(self, key: str) -> None:
        """One section's content or state changed: update its row, the view if shown, progress, findings."""
        self.section_list.refresh_section(key)
        if key == self.selected_key:
            self._show(key)
        self._update_progress()
        self._update_title()
        self.schedule_validate()

    # ---------------------------------------------------------------- findings

    def schedule_validate(self) -> None:
        if self._validate_timer is not None:
            self._validate_timer.stop()
        self._validate_timer = self.set_timer(VALIDATE_DELAY, self.validate_now)

    def validate_now(self) -> None:
        self._validate_timer = None
        try:
            findings = self.session.findings()
        except Exception as exc:  # noqa: BLE001 - a validator bug must not take the app down
            findings = [Finding(Severity.error, "validate-failed", f"validation failed: {exc}")]
        self.findings = sort_findings(findings, self.session.keys)
        errors = sum(1 for f in self.findings if f.severity == Severity.error)
        warnings = sum(1 for f in self.findings if f.severity == Severity.warning)
        title = Content.assemble(
            ("Findings ", "bold"),
            (f"✗ {errors} ", "$error" if errors else "$text-muted"),
            (f"▲ {warnings} ", "$warning" if warnings else "$text-muted"),
            (" ⏎ go to section", "$text-muted"),
        )
        self.query_one("#findings-title", Label).update(title)
        self.query_one("#findings", FindingsList).show(self.findings)
        self._update_score()
        self._update_progress()

    def _update_score(self) -> None:
        try:
            self.score = self.session.score()
        except Exception as exc:  # noqa: BLE001 - a lint bug must not take the app down
            self.app.log.error(f"score: {exc!r}")
            self.score = None
        self.query_one("#score", Static).update(score_content(self.score, self.findings or []))
        self.view.set_lint(self.score, self.findings or [])

    def _lint_flags(self, key: str | None = None) -> list[Finding]:
        """Lint findings worth acting on (warnings), for one section or all."""
        return [
            f for f in (self.findings or [])
            if f.code.startswith("DL") and f.severity != Severity.info and f.section and (key is None or f.section == key)
        ]

    def action_rewrite_finding(self) -> None:
        """Regenerate the finding's section with the finding as feedback (the highlighted finding, else the
        selected section's first flag)."""
        finding = None
        findings_list = self.query_one("#findings", FindingsList)
        if self.query_one("#findings-panel").display and findings_list.has_focus and findings_list.highlighted is not None:
            if findings_list.findings:
                finding = findings_list.findings[findings_list.highlighted]
        if finding is None and self.selected_key:
            flags = self._lint_flags(self.selected_key)
            finding = flags[0] if flags else None
        if finding is None or not finding.section:
            self.notify("No finding to rewrite with: highlight one in the findings panel (v).", severity="warning")
            return
        key = finding.section
        if not BY_KEY[key].generated or self.session.section(key) is None:
            self.notify("That section is not drafted by the model; edit it with e.", severity="warning")
            return
        status = self.session.status.get(key)
        if status is not None and status.busy:
            self.notify("That section is being drafted; wait for it to finish.", severity="warning")
            return

        def answered(feedback: str | None) -> None:
            if feedback is not None:
                self.regenerate(key, feedback)

        self.select_section(key)
        self.app.push_screen(
            FeedbackDialog(key, self.session.settings.model, has_content=True, feedback=lint_feedback(finding)),
            answered,
        )

    def action_next_flag(self) -> None:
        """Jump to the next section with a lint flag (wraps around)."""
        flagged = []
        for f in self._lint_flags():
            if f.section in self.section_list.keys and f.section not in flagged:
                flagged.append(f.section)
        if not flagged:
            self.notify("No flagged sections.")
            return
        order = self.section_list.keys
        flagged.sort(key=order.index)
        current = order.index(self.selected_key) if self.selected_key in order else -1
        target = next((k for k in flagged if order.index(k) > current), flagged[0])
        self.select_section(target)
        self.section_list.focus()

    def action_toggle_sidebar(self) -> None:
        """Hide the section list to read the section at full width (handy at 80 columns)."""
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.view.focus()
        else:
            self.section_list.focus()

    def action_toggle_findings(self) -> None:
        panel = self.query_one("#findings-panel")
        panel.display = not panel.display
        if panel.display:
            self.validate_now()
            self.query_one("#findings", FindingsList).focus()
        else:
            self.section_list.focus()

    @on(FindingsList.Chosen, "#findings")
    def _finding_chosen(self, event: FindingsList.Chosen) -> None:
        key = event.finding.section
        if key and key in self.section_list.keys:
            self.select_section(key)
            self.section_list.focus()
        else:
            self.notify("That finding is about the whole document, not one section.")

    # ---------------------------------------------------------------- drafting

    def start_draft(self, keys: list[str] | None = None) -> None:
        """Draft ``keys`` (default: every blueprint section) in a worker."""
        if self.drafting:
            self.notify("A draft is already running.", severity="warning")
            return
        keys = keys or [s.key for s in BLUEPRINT_SECTIONS if s.generated]
        self.session.start_sections(keys)
        self.section_list.refresh_all()
        self.follow = True
        self._draft_worker = self._draft(keys)
        self._update_progress()
        self.refresh_bindings()

    @work(group="draft", exclusive=True, exit_on_error=False)
    async def _draft(self, keys: list[str]) -> None:
        session = self.session
        all_keys = len(keys) == len([s for s in BLUEPRINT_SECTIONS if s.generated])
        try:
            engine = await self.app.engine_for(session.settings)
            await self._provider_ready(engine)
            base = None if all_keys and not any(session.section(k) for k in keys) else session.blueprint
            kept = None
            if base is not None:  # completing a document: what it has is context for every new section
                from ...generate.complete import prior_provenance

                before = prior_provenance(base)
                kept = [k for k in before if k not in keys]
            result = await engine.draft(
                session.request, sections=keys, on_event=self._on_event, base=base, context=kept
            )
        except asyncio.CancelledError:
            session.cancel_pending()
            self._after_draft()
            done, failed, total = session.progress()
            self.notify(f"Draft cancelled: {done}/{total} sections kept.", severity="warning")
            raise
        except DrafterError as exc:
            session.cancel_pending()
            for key in keys:
                if session.status.get(key) == Status.cancelled:
                    session.status[key] = Status.failed
                    session.reasons[key] = str(exc)
            self._after_draft()
            self.notify(str(exc) + (f"  ({exc.hint})" if exc.hint else ""), title="Cannot draft", severity="error", timeout=10)
            return
        except Exception as exc:  # noqa: BLE001 - a backend bug must not take the app down
            session.cancel_pending()
            self._after_draft()
            self.notify(f"{type(exc).__name__}: {exc}", title="Drafting failed", severity="error", timeout=10)
            return
        session.finish_draft(result)
        if kept is not None and session.blueprint.generation is not None:
            added = {k: "drafted" for k in keys if session.section(k) is not None}
            session.blueprint.generation.provenance = {**before, **added}
        self._after_draft()
        done, failed, total = session.progress()
        if failed:
            self.notify(
                f"{done}/{total} sections drafted, {failed} failed: select one and press r to retry, "
                "or d to draft every missing section.",
                title="Draft finished",
                severity="warning",
                timeout=8,
            )
        else:
            self.notify(f"All {total} sections drafted.  ctrl+s saves, ctrl+e exports.", title="Draft finished")

    async def _provider_ready(self, engine) -> None:
        """Wait, off the event loop and saying so, until the provider client (litellm) is imported."""
        from ...generate import llm

        if not getattr(engine.backend, "needs_litellm", False) or llm.loaded():
            return
        llm.preload()  # joined if the app already started it
        self.loading_provider = True
        self._update_progress()
        self.view.refresh_status()
        try:
            await asyncio.to_thread(llm.load_instructor)
        finally:
            self.loading_provider = False
            self._update_progress()
            self.view.refresh_status()

    def _after_draft(self) -> None:
        self._draft_worker = None
        self.section_list.refresh_all()
        self.view.refresh_status()
        self._update_progress()
        self._update_title()
        self.validate_now()
        self.refresh_bindings()

    async def _on_event(self, event: SectionEvent) -> None:
        changed = self.session.apply_event(event)
        key = event.section
        if key == PROFILE_KEY:
            self._update_progress()
            return
        self.section_list.refresh_section(key)
        if key == self.selected_key:
            if changed:
                self._show(key)
            else:
                self.view.refresh_status()
        elif changed and self.follow and SectionState(event.state) in (SectionState.done, SectionState.cached):
            self.select_section(key, auto=True)
        self._update_progress()
        if changed:
            self._update_title()
            self.schedule_validate()

    def action_cancel_draft(self) -> None:
        if not self.drafting:
            return

        def answered(answer: str | None) -> None:
            if answer == "cancel" and self._draft_worker is not None:
                self._draft_worker.cancel()

        done, _failed, total = self.session.progress()
        self.app.push_screen(
            ConfirmDialog(
                "Cancel the draft?",
                f"{done}/{total} sections are finished and will be kept; the sections still running are dropped.",
                [("continue", "Keep drafting", "primary"), ("cancel", "Cancel draft", "error")],
            ),
            answered,
        )

    def action_draft_missing(self) -> None:
        keys = [s.key for s in BLUEPRINT_SECTIONS if s.generated and self.session.section(s.key) is None]
        if not keys:
            self.notify("Every section has content.  Select one and press r to regenerate it.")
            return
        self.start_draft(keys)

    # ---------------------------------------------------------------- section actions

    def _need_section(self, *, content: bool = True) -> str | None:
        key = self.selected_key
        if key is None:
            return None
        status = self.session.status.get(key)
        if status is not None and status.busy:
            self.notify("That section is being drafted; wait for it to finish.", severity="warning")
            return None
        if content and self.session.section(key) is None:
            self.notify("That section has no content yet: press r to draft it.", severity="warning")
            return None
        return key

    def action_edit(self) -> None:
        key = self._need_section(content=False)  # an empty section can be written by hand
        if key is None:
            return
        try:
            screen = EditScreen(self.session, key)
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Cannot edit this section: {exc}", severity="error")
            return
        self.app.push_screen(screen, lambda _key: self._refresh_everything())

    def action_regenerate(self) -> None:
        key = self._need_section(content=False)
        if key is None:
            return
        if not BY_KEY[key].generated:
            self.notify("That part comes from the document and is not drafted by the model.", severity="warning")
            return

        def answered(feedback: str | None) -> None:
            if feedback is not None:
                self.regenerate(key, feedback)

        has_content = self.session.section(key) is not None
        self.app.push_screen(FeedbackDialog(key, self.session.settings.model, has_content=has_content), answered)

    def regenerate(self, key: str, feedback: str) -> Worker:
        self.session.status[key] = Status.queued
        self.section_changed(key)
        return self._regenerate(key, feedback)

    @work(group="regenerate", exit_on_error=False)
    async def _regenerate(self, key: str, feedback: str) -> None:
        session = self.session
        had = session.section(key) is not None

        async def on_event(event: SectionEvent) -> None:
            if SectionState(event.state) in (SectionState.queued, SectionState.running):
                session.status[key] = Status(SectionState(event.state).value)
                self.section_list.refresh_section(key)
                self.view.refresh_status()
                self._update_progress()

        try:
            engine = await self.app.engine_for(session.settings)
            await self._provider_ready(engine)
            result = await engine.draft_section(
                session.request, key, blueprint=session.blueprint, feedback=feedback or None, on_event=on_event
            )
        except asyncio.CancelledError:
            session.status[key] = Status.done if had else Status.empty
            self.section_changed(key)
            raise
        except Exception as exc:  # noqa: BLE001 - reported, the old version stays
            reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
            session.reasons[key] = reason
            session.status[key] = Status.done if had else Status.failed
            self.section_changed(key)
            self.notify(
                f"{BY_KEY[key].heading}: {reason}" + ("  The previous version is kept." if had else ""),
                title="Regeneration failed",
                severity="error",
                timeout=10,
            )
            return
        label = f"regenerated: {feedback}" if feedback else "regenerated"
        session.set_section(key, result, label)
        self.section_changed(key)
        self.notify(
            f"{BY_KEY[key].heading} regenerated." + ("  u restores the previous version." if had else ""),
        )

    def action_restore_previous(self) -> None:
        key = self._need_section(content=False)
        if key is None:
            return
        if self.session.restore_previous(key):
            history = self.session.versions(key)
            self.section_changed(key)
            self.notify(
                f"Restored version {history.current + 1} of {len(history.versions)} "
                f"({history.versions[history.current].label}).  h lists every version."
            )
        else:
            self.notify("There is no earlier version of this section.", severity="warning")

    def action_versions(self) -> None:
        key = self._need_section(content=False)
        if key is None:
            return

        def answered(index: int | None) -> None:
            if index is not None and self.session.restore(key, index):
                self.section_changed(key)
                self.notify(f"Restored version {index + 1}.")

        from .history import HistoryScreen  # versions with the diff of each against the current one

        self.app.push_screen(HistoryScreen(self.session, key), answered)

    def action_copy_section(self) -> None:
        key = self._need_section()
        if key is None:
            return
        spec = BY_KEY[key]
        self.app.copy_text(self.session.section_markdown(key), what=f"section {spec.number or spec.title}")

    def action_copy_document(self) -> None:
        self.app.copy_text(self.session.markdown(), what="the blueprint")

    def action_close_draft(self) -> None:
        self.app.close_draft(self)

    # ---------------------------------------------------------------- bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_draft":
            return self.drafting
        return True
