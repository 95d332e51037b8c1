"""``drafter export FILE --to md|json|html|docx|jsonld [-o OUT]``.

FILE is any document ``drafter validate`` reads (blueprint JSON, Markdown, the
seeds' HTML/WordPress/plain-text layouts...).  The output goes next to FILE
with the format's extension unless ``-o`` says otherwise; ``-o -`` writes to
stdout (text formats; docx only into a pipe or file, never a terminal).

FILE itself is never overwritten: when the default output would be FILE
(``role.json --to json``), the output is ``role.export.json``; an explicit
``-o`` naming FILE is refused.

Messages go to stderr: the path written, a one-line note when the document
has validation errors (HR may export a draft: the export still happens), and
for JSON-LD a note that an employer and a location must be added before
publishing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console

from ..errors import ExportError, UsageError
from ..findings import Finding, Severity
from ..schema.models import Blueprint


def run(file: Path, to: str, output: Path | None = None) -> int:
    from ..render import extension, info, render, write_atomic

    fmt_info = info(to)  # ExportError for an unknown format
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    file = Path(file)
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and fmt_info.binary and _stdout_is_terminal():
        raise UsageError(
            f"{to} is a binary format and stdout is a terminal; write it to a file with -o FILE{extension(to)}"
        )
    blueprint, findings = load(file)
    target = None if to_stdout else output_path(file, to, output)
    data = render(blueprint, to)

    if to_stdout:
        _write_stdout(data)
    else:
        write_atomic(target, data)
        err.print(f"wrote {target} ({to}, {_size(len(data))})", markup=False)

    errors = sum(1 for f in findings if f.severity == Severity.error)
    if errors:
        err.print(
            f"note: {file} has {errors} validation error{'s' if errors != 1 else ''}; exported anyway "
            f"(run `drafter validate {file}` for details)",
            markup=False,
        )
    if to == "jsonld":
        from ..render.jsonld import PUBLISHING_NOTE

        err.print(f"note: {PUBLISHING_NOTE}", markup=False)
    return 0


def output_path(file: Path, fmt: str, output: Path | None) -> Path:
    """Where ``drafter export FILE --to FMT [-o OUTPUT]`` writes (never FILE itself)."""
    from ..render import extension

    ext = extension(fmt)
    if output is None:
        target = file.with_name(file.stem + ext) if file.suffix else file.with_name(file.name + ext)
        if _same(target, file):
            target = file.with_name(f"{file.stem}.export{ext}")
    elif Path(output).is_dir():
        target = Path(output) / f"{file.stem}{ext}"
        if _same(target, file):
            target = Path(output) / f"{file.stem}.export{ext}"
    else:
        target = Path(output)
        if _same(target, file):
            raise ExportError(f"{target}: refusing to overwrite the input file; choose another output with -o")
    if not target.parent.is_dir():
        raise ExportError(f"{target}: the folder {target.parent} does not exist")
    return target


def load(path: Path) -> tuple[Blueprint, list[Finding]]:
    """The document's Blueprint and its validation findings (what ``drafter validate`` reports)."""
    from ..load import load_blueprint
    from ..validate import validate_document  # the same findings `drafter validate` prints

    loaded = load_blueprint(path, purpose="export")
    return loaded.blueprint, validate_document(loaded.document)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} kB"


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:  # `drafter export X --to md -o - | head`: fine, stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as exc:
        raise ExportError(f"cannot write to stdout: {exc.strerror or exc}") from None
