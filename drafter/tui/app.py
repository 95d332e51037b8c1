"""The drafter TUI: one factory, ``create_app``, for the CLI and the tests.

    app = create_app(settings=load_settings())                 # real models, built on demand
    app = create_app(backend=FakeBackend(), target="SRE")      # tests: drafts at once, offline
    app.run()

The drafting backend is a parameter: ``backend`` (any object with the
``Backend`` protocol) or ``engine_factory`` (``Settings -> Engine``).  The
default factory imports the real backends (and with them litellm) only when
the user starts a draft, in a thread, never at start-up.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from .. import clipboard
from ..config import Settings, load_settings
from ..errors import DrafterError, InputError, UsageError
from ..generate.types import RoleRequest
from ..schema.markers import Depth
from . import prefs
from .commands import commands_for
from .screens.dialogs import ConfirmDialog, OpenDialog
from .screens.draft import DraftScreen
from .screens.new_draft import NewDraft, NewDraftScreen
from .screens.welcome import WelcomeScreen
from .session import DraftSession

if TYPE_CHECKING:  # pragma: no cover
    from ..generate.engine import Engine

AUTOSAVE_SECONDS = 3.0
PRELOAD_DELAY = 0.3  # seconds after the first screen is drawn before litellm starts loading in the background
EngineFactory = Callable[[Settings], Any]  # returns an Engine (or an awaitable of one)

_PATH_SUFFIXES = (".json", ".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".jsonld", ".text")


def default_engine_factory(settings: Settings) -> "Engine":
    """The real engine for ``settings`` (the backends import litellm / llama.cpp on first use)."""
    from ..generate import open_engine

    return open_engine(settings)


def looks_like_path(target: str) -> bool:
    return os.sep in target or "/" in target or target.lower().endswith(_PATH_SUFFIXES) or target.startswith("~")


class DrafterApp(App):
    """Draft, review, edit, regenerate, validate and export a role blueprint."""

    CSS_PATH = "drafter.tcss"
    TITLE = "drafter"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+t", "toggle_theme", "Theme", show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        engine_factory: EngineFactory,
        settings: Settings,
        session: DraftSession | None = None,
        start_draft: bool = False,
        autosave_seconds: float = AUTOSAVE_SECONDS,
    ):
        super().__init__()
        self.settings = settings
        self.engine_factory = engine_factory
        self.initial_session = session
        self.initial_ladder = None  # a SavedLadder to show first (drafter.generate.ladder)
        self.start_draft = start_draft
        self.autosave_seconds = autosave_seconds
        self._engines: dict[tuple, "Engine"] = {}
        self._engine_lock = asyncio.Lock()
        self._discard: set[str] = set()  # draft ids whose unsaved changes the user chose to drop
        theme = prefs.load().get("theme")
        self.theme = theme if theme in self.available_themes else prefs.DARK_THEME

    # ---------------------------------------------------------------- start-up

    def on_mount(self) -> None:
        self.push_screen(WelcomeScreen())
        if self.initial_ladder is not None:  # `drafter tui LADDER_FOLDER`
            from .screens.ladder import LadderScreen

            self.push_screen(LadderScreen(saved=self.initial_ladder))
        if self.initial_session is not None:
            self.push_screen(DraftScreen(self.initial_session, start=self.start_draft))
            self._announce_opened(self.initial_session)
        self.set_interval(self.autosave_seconds, self.autosave)
        if self.engine_factory is default_engine_factory:
            # A draft is likely: import the provider client (litellm, seconds) in the background,
            # once the first screen is on the terminal so that start-up stays quick.
            self.call_after_refresh(self.set_timer, PRELOAD_DELAY, self._preload_provider)

    def _preload_provider(self) -> None:
        from ..generate import llm

        llm.preload()

    @property
    def draft_screen(self) -> DraftScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, DraftScreen):
                return screen
        return None

    @property
    def session(self) -> DraftSession | None:
        screen = self.draft_screen
        return screen.session if screen is not None else None

    # ---------------------------------------------------------------- engines

    async def engine_for(self, settings: Settings) -> "Engine":
        """The engine for ``settings``, built on first use (in a thread: it may import litellm)."""
        key = (settings.model, settings.api_base, settings.concurrency, settings.temperature)
        async with self._engine_lock:  # a draft and a regeneration starting together build one engine
            engine = self._engines.get(key)
            if engine is None:
                built = await asyncio.to_thread(self.engine_factory, settings)
                if inspect.isawaitable(built):
                    built = await built
                engine = self._engines[key] = built
        return engine

    async def close_engines(self) -> None:
        engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            try:
                await engine.aclose()
            except Exception as exc:  # noqa: BLE001 - closing must not stop quitting
                self.log.warning(f"closing engine: {exc!r}")

    # ---------------------------------------------------------------- drafts

    def _back_to_welcome(self) -> None:
        """Pop every screen above the welcome screen (synchronously, unlike ``pop_until_active``)."""
        welcome = next(s for s in self.screen_stack if isinstance(s, WelcomeScreen))
        while self.screen is not welcome:
            self.pop_screen()

    def _open_session(self, session: DraftSession, *, start: bool = False) -> None:
        """Show ``session`` (replacing the open draft, whose unsaved changes were dealt with)."""
        self._back_to_welcome()
        self._discard.discard(session.draft.id)
        self.push_screen(DraftScreen(session, start=start))

    def _settle_unsaved(self, then: Callable[[], None], *, doing: str) -> None:
        """Run ``then`` once the open draft's unsaved changes are saved or dropped (asks first)."""
        screen = self.draft_screen
        if screen is None or (not screen.session.dirty and not screen.drafting):
            then()
            return
        session = screen.session
        running = "  A draft is still running: it will be cancelled." if screen.drafting else ""

        def answered(answer: str | None) -> None:
            if not self._settle_changes(session, answer):
                return
            if screen.drafting and screen._draft_worker is not None:
                screen._draft_worker.cancel()
            then()

        self.push_screen(
            ConfirmDialog(
                f"Save changes before {doing}?",
                f"{session.title!r} has unsaved changes.{running}",
                [("save", "Save", "primary"), ("discard", "Don't save", "error"), ("cancel", "Cancel", "default")],
            ),
            answered,
        )

    def _settle_changes(self, session, answer: str | None) -> bool:
        """Act on a "save / discard / cancel" answer; True when the caller may go on."""
        if answer == "save":
            try:
                path = session.save()
            except DrafterError as exc:
                self.notify(str(exc), title="Cannot save", severity="error")
                return False
            self.notify(f"Saved to {path}")
            return True
        if answer == "discard":
            self._discard_changes(session)
            return True
        return False

    def _discard_changes(self, session: DraftSession) -> None:
        self._discard.add(session.draft.id)
        try:
            session.discard_autosave()
        except DrafterError as exc:
            self.log.warning(str(exc))

    def action_new_draft(self) -> None:
        def go() -> None:
            def answered(result: NewDraft | None) -> None:
                if result is not None:
                    self.settings = result.settings
                    self._open_session(DraftSession.new(result.request, result.settings), start=True)

            self.push_screen(NewDraftScreen(self.settings), answered)

        self._settle_unsaved(go, doing="starting a new draft")

    def action_open_document(self) -> None:
        def go() -> None:
            def answered(result: tuple[DraftSession, list] | None) -> None:
                if result is not None:
                    session, _findings = result
                    self._open_session(session)
                    self._announce_opened(session)

            self.push_screen(OpenDialog(self.settings), answered)

        self._settle_unsaved(go, doing="opening another document")

    def _announce_opened(self, session: DraftSession) -> None:
        source = session.draft.source
        if source:
            done, _failed, total = session.progress()
            self.notify(f"Opened {Path(source).name}: {done}/{total} sections.  v shows the findings, "
                        "ctrl+s keeps it as a draft.")

    def open_recent(self, draft_id: str) -> None:
        try:
            session = DraftSession.open_stored(draft_id, self.settings)
        except DrafterError as exc:
            self.notify(str(exc), title="Cannot open the draft", severity="error")
            return
        self._open_session(session)

    def on_welcome_screen_open_recent(self, message: WelcomeScreen.OpenRecent) -> None:
        self.open_recent(message.draft_id)

    def close_draft(self, screen: DraftScreen) -> None:
        self._settle_unsaved(self._back_to_welcome, doing="closing the draft")

    # ---------------------------------------------------------------- save, autosave, export

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "export", "copy_document"):
            return self.session is not None and not isinstance(self.screen, ModalScreen)
        return True

    def action_save(self) -> None:
        session = self.session
        if session is None:
            return
        from .. import store

        session.draft.saved_at = store.now_iso()
        self._save(session, session.encode())

    @work(thread=True, group="save", exit_on_error=False)
    def _save(self, session: DraftSession, snapshot: tuple[int, str]) -> None:
        try:
            path = session.write_saved(snapshot)
        except DrafterError as exc:
            self.call_from_thread(self.notify, str(exc), title="Cannot save", severity="error", timeout=10)
            return
        self.call_from_thread(self._saved, path)

    def _saved(self, path: Path) -> None:
        self.notify(f"Saved to {path}", title="Saved")
        screen = self.draft_screen
        if screen is not None:
            screen._update_title()
        if self.screen is not screen and hasattr(self.screen, "sub_title") and self.session is not None:
            self.screen.sub_title = self.session.title

    def autosave(self) -> None:
        """Every few seconds: write unsaved changes to the draft's autosave file."""
        session = self.session
        if session is None or not session.needs_autosave or session.draft.id in self._discard:
            return
        self._autosave(session, session.encode())

    @work(thread=True, group="autosave", exit_on_error=False)
    def _autosave(self, session: DraftSession, snapshot: tuple[int, str]) -> None:
        try:
            session.write_autosave(snapshot)
        except DrafterError as exc:
            self.call_from_thread(self.notify, f"Autosave failed: {exc}", severity="warning")

    def action_export(self) -> None:
        session = self.session
        if session is None:
            return
        from .screens.export import ExportChoice, ExportDialog

        def answered(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._last_export_format = choice.format
                self._export(session.blueprint.model_copy(deep=True), choice.format, choice.path)

        self.push_screen(ExportDialog(session.blueprint, fmt=getattr(self, "_last_export_format", "md")), answered)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, blueprint, fmt: str, path: Path) -> None:
        from ..render import export_blueprint

        try:
            written = export_blueprint(blueprint, fmt, path)
        except DrafterError as exc:
            self.call_from_thread(self.notify, str(exc), title="Export failed", severity="error", timeout=10)
            return
        except Exception as exc:  # noqa: BLE001 - an exporter bug must not take the app down
            self.call_from_thread(
                self.notify, f"{type(exc).__name__}: {exc}", title="Export failed", severity="error", timeout=10
            )
            return
        self.call_from_thread(self.notify, f"Exported {fmt} to {Path(written).resolve()}", title="Exported")

    # ---------------------------------------------------------------- clipboard

    def copy_text(self, text: str, *, what: str = "text") -> None:
        """OSC 52 now (on this thread), the system clipboard tool in a thread; then say what happened."""
        sent = clipboard.terminal_supports_osc52()
        if sent:
            self.copy_to_clipboard(text)
        self._copy_with_tool(text, what, sent)

    @work(thread=True, group="clipboard", exit_on_error=False)
    def _copy_with_tool(self, text: str, what: str, osc52_sent: bool) -> None:
        result = clipboard.copy_text(text, what=what, osc52_sent=osc52_sent)
        self.call_from_thread(
            self.notify, result.message, title="Copied" if result.ok else "Cannot copy",
            severity="information" if result.ok else "error", timeout=6,
        )

    # ---------------------------------------------------------------- theme, quit, palette

    def action_toggle_keys(self) -> None:
        """Show or hide the panel that lists every key of the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_toggle_theme(self) -> None:
        self.theme = prefs.LIGHT_THEME if self.current_theme.dark else prefs.DARK_THEME

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted:
            prefs.save(theme=theme)

    async def action_quit(self) -> None:
        screen = self.draft_screen
        if screen is None or (not screen.session.dirty and not screen.drafting):
            await self._quit_now()
            return
        session = screen.session
        running = "  A draft is still running: it will be cancelled." if screen.drafting else ""

        async def answered(answer: str | None) -> None:
            if self._settle_changes(session, answer):
                await self._quit_now()

        self.push_screen(
            ConfirmDialog(
                "Quit drafter?",
                f"{session.title!r} has unsaved changes.{running}",
                [("save", "Save and quit", "primary"), ("discard", "Quit without saving", "error"),
                 ("cancel", "Cancel", "default")],
            ),
            answered,
        )

    async def _quit_now(self) -> None:
        self.workers.cancel_all()
        await self.close_engines()
        self.exit()

    def on_unmount(self) -> None:
        """Last chance: keep unsaved changes in the autosave (e.g. after a crash)."""
        for screen in self.screen_stack:
            if isinstance(screen, DraftScreen):
                session = screen.session
                if session.needs_autosave and session.draft.id not in self._discard:
                    try:
                        session.write_autosave(session.encode())
                    except Exception:  # noqa: BLE001
                        pass

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from commands_for(self, screen)


def resolve_target(target: str | None, settings: Settings) -> tuple[DraftSession | None, bool]:
    """What ``drafter tui TARGET`` opens: ``(session, start drafting)``.

    An existing path is opened (``InputError`` when it cannot be read); anything
    else that looks like a path is a missing file; the rest is a job title.
    """
    if target is None:
        return None, False
    text = target.strip()
    path = Path(os.path.expanduser(text))
    if path.exists():
        session, _findings = DraftSession.open_path(path, settings)
        return session, False
    if looks_like_path(text):
        raise InputError(text, "no such file")
    from ..titles import normalize_title, title_problem

    title = normalize_title(text)
    problem = title_problem(title)
    if problem:
        raise UsageError(f"cannot draft {target!r}: {problem}")
    request = RoleRequest(title=title, depth=Depth(settings.depth))
    return DraftSession.new(request, settings), True


def create_app(
    *,
    backend: Any = None,
    engine_factory: EngineFactory | None = None,
    settings: Settings | None = None,
    target: str | None = None,
    session: DraftSession | None = None,
    autosave_seconds: float = AUTOSAVE_SECONDS,
) -> DrafterApp:
    """Build the app.  ``backend`` or ``engine_factory`` chooses what drafts (default: the real models);
    ``target`` is a job title to draft at once or a document to open (read here, so errors come first)."""
    settings = settings or load_settings()
    if engine_factory is None:
        if backend is not None:

            def engine_factory(s: Settings) -> "Engine":
                from ..generate.engine import Engine

                return Engine(backend, concurrency=s.concurrency, temperature=s.temperature)

        else:
            engine_factory = default_engine_factory
    start = False
    ladder = None
    if target is not None and session is None:
        from ..generate.ladder import is_ladder_dir, load_ladder

        if is_ladder_dir(Path(os.path.expanduser(target.strip()))):
            ladder, target = load_ladder(Path(os.path.expanduser(target.strip()))), None
    if session is None:
        session, start = resolve_target(target, settings)
    app = DrafterApp(
        engine_factory=engine_factory,
        settings=settings,
        session=session,
        start_draft=start,
        autosave_seconds=autosave_seconds,
    )
    app.initial_ladder = ladder
    return app
