"""``drafter validate PATH... [--format text|json|sarif] [--strict] [--no-lint] [--profile auto|blueprint|posting]``.

Reads every document (a directory is walked: sorted, hidden files skipped),
checks it against the schema and quality rules of its profile (``blueprint``:
all 20 sections; ``posting``: summary, responsibilities, requirements and
pay; ``auto``: what the document looks like), and prints a coverage line then
the findings grouped by section.
Exit 0: no errors; 1: errors found (warnings too with ``--strict``); 2: an
input could not be read or is not a supported document (each such file gets
one line; the others are still checked).  2 wins over 1.

The lint (``drafter.lint``: wording, requirement inflation, readability,
posting completeness, unreviewed drafts; codes DLxxx) runs by default and
adds warnings and infos; ``--no-lint`` skips it.  ``--profile posting`` checks
a job ad (pay range, location; stricter readability).

This path never imports litellm, instructor or textual.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from ..validate.report import FileResult, exit_code, print_text, to_json


def check_file(path: Path, profile: str | None = None, *, lint: bool = True) -> FileResult:
    """One result per file (for a career ladder: the whole page; ``check_path`` adds one per level)."""
    return check_path(path, profile, lint=lint)[0]


def check_path(path: Path, profile: str | None = None, *, lint: bool = True) -> list[FileResult]:
    """The file's result, then one per level when it is a career ladder."""
    from ..load import read_document

    name = str(path)
    try:
        doc = read_document(path)
    except InputError as exc:
        return [FileResult(path=name, error=exc.reason)]
    title = None
    if doc.blueprint is not None:
        title = doc.blueprint.meta.title or None
    elif doc.titles is not None:
        title = f"{len(doc.titles)} titles"
    if doc.levels:
        return [
            _result(d, f"{name} [level {d.level}]", d.blueprint.meta.title or None, profile, lint) for d in doc.levels
        ]
    return [_result(doc, name, title, profile, lint)]


def _result(doc, name: str, title: str | None, profile: str | None, lint: bool = True) -> FileResult:
    from ..validate import document_coverage, validate_document

    cov = document_coverage(doc, profile)
    findings = validate_document(doc, profile)
    if lint:
        from ..lint import lint_document

        # The lint knows two profiles: a job ad (posting) or a role description (everything else).
        chosen = cov.profile if cov else profile
        findings += lint_document(doc, profile="posting" if chosen == "posting" else "blueprint")
    return FileResult(
        path=name,
        findings=findings,
        format=doc.format,
        kind=doc.kind,
        title=title,
        coverage=cov.to_dict() if cov else None,
        level=doc.level,
    )


def collect(paths: list[Path]) -> list[Path | FileResult]:
    from ..readers.source import walk

    out: list[Path | FileResult] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files = walk(p)
            if not files:
                out.append(FileResult(path=str(p), error="directory has no files to check"))
            out.extend(files)
        elif not p.exists() and not p.is_symlink():
            out.append(FileResult(path=str(p), error="no such file or directory"))
        else:
            out.append(p)
    return out


def run(
    paths: list[Path], format: str = "text", strict: bool = False, lint: bool = True, profile: str = "auto"
) -> int:
    results = [
        r
        for item in collect(paths)
        for r in ([item] if isinstance(item, FileResult) else check_path(item, profile, lint=lint))
    ]
    if format == "json":
        sys.stdout.write(to_json(results, strict) + "\n")
        sys.stdout.flush()
    elif format == "sarif":
        from ..validate.sarif import to_sarif

        sys.stdout.write(to_sarif(results, strict) + "\n")
        sys.stdout.flush()
    else:
        from rich.console import Console

        if lint:
            from ..lint.display import collapse_coded_words

            results = [collapse_coded_words(r) for r in results]
        print_text(results, Console(highlight=False, soft_wrap=True), strict)
    return exit_code(results, strict)
