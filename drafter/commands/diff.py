"""``drafter diff A B``: a section-by-section diff of two blueprints.

A and B are any documents ``drafter validate`` reads, or drafter draft files
(a saved draft and its autosave are two versions of one draft).  The diff goes
to the terminal (rich, coloured when it is one), or as Markdown
(``--format md``) or one standalone HTML page (``--format html``); ``-o FILE``
writes it to a file, the format taken from its extension (.md, .html, .txt)
unless ``--format`` says otherwise.

Exit codes follow diff(1): 0 no differences, 1 differences, 2 trouble.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console

from ..errors import UsageError

FORMATS = ("text", "md", "html")
_BY_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".txt": "text"}


def run(a: Path, b: Path, format: str | None = None, output: Path | None = None,
        sections: list[str] | None = None, context: bool = False) -> int:
    from ..diff import diff_blueprints
    from ..load import load_blueprint
    from ..render import diff as show
    from ..schema.sections import BY_KEY

    to_stdout = output is None or str(output) == "-"
    fmt = format
    if fmt is None:
        fmt = "text" if to_stdout else _BY_SUFFIX.get(Path(output).suffix.lower())
        if fmt is None:
            raise UsageError(f"{output}: cannot tell the format from the extension; use .md, .html or .txt, "
                             "or --format md|html|text")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    keys = []
    for key in sections or []:
        key = key.strip().lower().replace("-", "_")
        if key.isdigit():
            key = next((s.key for s in BY_KEY.values() if s.number == int(key)), key)
        if key not in BY_KEY:
            raise UsageError(f"unknown section {key!r}; use a number 1-20 or one of: {', '.join(BY_KEY)}")
        keys.append(key)
    if not to_stdout:
        out = Path(output)
        if out.is_dir():
            raise UsageError(f"{out}: is a folder; give a file name")
        if not (out.parent if str(out.parent) else Path(".")).is_dir():
            raise UsageError(f"{out}: the folder {out.parent} does not exist")

    old, new = load_blueprint(a), load_blueprint(b)
    d = diff_blueprints(old.blueprint, new.blueprint, old_label=str(a), new_label=str(b), sections=keys or None)

    if fmt == "text":
        if to_stdout:
            console = Console(highlight=False, soft_wrap=False)
            plain = not console.is_terminal or console.no_color
            console.print(show.render_rich(d, context=context, plain=plain))
        else:
            import io

            buf = io.StringIO()
            Console(file=buf, width=120, no_color=True, highlight=False, force_terminal=False).print(
                show.render_rich(d, context=context, plain=True))
            _write(Path(output), buf.getvalue())
    else:
        text = show.render_markdown(d, context=context) if fmt == "md" else show.render_html(d, context=context)
        if to_stdout:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            _write(Path(output), text)
    if not to_stdout:
        Console(stderr=True, highlight=False).print(f"wrote {output} ({fmt}): {show.summary_line(d)}", markup=False)
    return 1 if d.changed else 0


def _write(path: Path, text: str) -> None:
    from ..render import write_atomic

    write_atomic(path, text.encode("utf-8", errors="replace"))
