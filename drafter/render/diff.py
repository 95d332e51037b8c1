"""Show a ``drafter.diff.BlueprintDiff``: in the terminal (rich), as Markdown, as one HTML page.

All three show the same thing: a summary (sections added, removed, changed;
items added, removed, changed, moved), the role facts that differ, then each
changed section with its sub-headings and items: ``+`` added, ``-`` removed,
``~`` changed (word-level: deleted words struck out, inserted ones marked),
``↕`` moved (with the group it came from).  Unchanged items are counted, not
shown, unless ``context=True``.

HTML goes through Jinja2 with autoescape on (the text comes from models and
imported documents); the page is standalone (inline CSS, no scripts).
"""

from __future__ import annotations

from functools import lru_cache

from ..diff import BlueprintDiff, ItemChange, SectionDiff

MARK = {"added": "+", "removed": "-", "changed": "~", "moved": "↕", "same": " "}
STATUS_WORD = {"same": "unchanged", "added": "added", "removed": "removed", "changed": "changed"}


def summary_line(d: BlueprintDiff) -> str:
    """``3 sections changed, 1 added, 0 removed; items: +12 -4 ~7 ↕2`` (or "no differences")."""
    if not d.changed:
        return "no differences"
    s, t = d.section_counts(), d.totals()
    return (f"{s['changed']} section(s) changed, {s['added']} added, {s['removed']} removed, {s['same']} unchanged; "
            f"items: +{t['added']} -{t['removed']} ~{t['changed']} ↕{t['moved']}")


def _counts(s: SectionDiff) -> str:
    c = s.counts
    bits = [f"{MARK[op]}{c[op]}" for op in ("added", "removed", "changed", "moved") if c[op]]
    return " ".join(bits) or "—"


# --------------------------------------------------------------------------- rich


def render_rich(d: BlueprintDiff, *, context: bool = False, plain: bool = False):
    """A rich renderable (Group) for the terminal and the TUI (``plain``: word changes marked for no-colour output)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    out: list = []
    head = Text()
    head.append("--- ", style="red")
    head.append(f"{d.old_label}", style="bold")
    head.append(f"  ({d.old_title})\n", style="dim")
    head.append("+++ ", style="green")
    head.append(f"{d.new_label}", style="bold")
    head.append(f"  ({d.new_title})", style="dim")
    out.append(head)
    out.append(Text(summary_line(d), style="bold"))
    if not d.changed:
        return Group(*out)

    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    table.add_column("Section")
    table.add_column("Status")
    table.add_column("Items", justify="right")
    colour = {"added": "green", "removed": "red", "changed": "yellow", "same": "dim"}
    for s in d.sections:
        table.add_row(Text(s.heading, style="dim" if s.status == "same" else ""),
                      Text(STATUS_WORD[s.status], style=colour[s.status]), _counts(s))
    out.append(Text(""))
    out.append(table)

    meta = [c for c in d.meta if c.op != "same"]
    if meta:
        out.append(Text("\nRole", style="bold underline"))
        out += [rich_item(c, plain=plain) for c in meta]
    for s in d.sections:
        if not s.changed:
            continue
        out.append(Text(f"\n{s.heading}  [{STATUS_WORD[s.status]}]", style="bold underline"))
        for g in s.groups:
            shown = [c for c in g.changes if context or c.op != "same"]
            hidden = len(g.changes) - len(shown)
            if not shown:
                continue
            if g.heading:
                out.append(Text(f"  {g.heading}", style="bold"))
            out += [rich_item(c, indent="    ", plain=plain) for c in shown]
            if hidden:
                out.append(Text(f"    … {hidden} unchanged", style="dim"))
    return Group(*out)


#: A changed item at least this similar to its old text is shown with a word-level diff; a less similar one
#: (rewritten more than edited) as its old line and its new line.
INLINE_MIN = 75.0


def inline(c: ItemChange) -> bool:
    return c.op == "changed" and c.score >= INLINE_MIN


def rich_item(c: ItemChange, indent: str = "  ", *, plain: bool = False):
    """One item as rich Text.  ``plain``: mark changed words as ``[-old-]{+new+}`` (no colours, e.g. a pipe)."""
    from rich.text import Text

    if c.op == "changed" and not inline(c):
        t = Text(indent)
        t.append(f"~ {c.old}", style="red")
        t.append("\n" + indent)
        t.append(f"→ {c.new}", style="green")
        if c.moved_from:
            t.append(f"  (from {c.moved_from})", style="cyan dim")
        return t
    t = Text(indent)
    if c.op == "added":
        t.append(f"+ {c.new}", style="green")
    elif c.op == "removed":
        t.append(f"- {c.old}", style="red")
    elif c.op == "same":
        t.append(f"  {c.text}", style="dim")
    elif c.op == "moved":
        t.append("↕ ", style="cyan")
        t.append(c.text)
        t.append(f"  (moved from {c.moved_from})" if c.moved_from else "  (moved)", style="cyan dim")
    else:
        t.append("~ ", style="yellow")
        for w in c.words:
            if w.op == "equal":
                t.append(w.text)
            elif plain:
                t.append(f"[-{w.text.rstrip()}-]" if w.op == "delete" else f"{{+{w.text.rstrip()}+}}",
                         style="red" if w.op == "delete" else "green")
                t.append(w.text[len(w.text.rstrip()):])
            elif w.op == "delete":
                t.append(w.text, style="red strike")
            else:
                t.append(w.text, style="green bold")
        if c.moved_from:
            t.append(f"  (from {c.moved_from})", style="cyan dim")
    return t


# --------------------------------------------------------------------------- Markdown


def _fence(lines: list[str]) -> str:
    longest = max((len(run) for line in lines for run in _backtick_runs(line)), default=0)
    return "`" * max(3, longest + 1)


def _backtick_runs(text: str) -> list[str]:
    import re

    return re.findall(r"`+", text)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _diff_lines(changes, context: bool) -> list[str]:
    lines: list[str] = []
    for c in changes:
        if c.op == "same":
            if context:
                lines.append(f"  {c.text}")
        elif c.op == "added":
            lines.append(f"+ {c.new}")
        elif c.op == "removed":
            lines.append(f"- {c.old}")
        elif c.op == "moved":
            lines.append(f"! {c.text}   (moved{' from ' + c.moved_from if c.moved_from else ''})")
        else:
            lines.append(f"- {c.old}")
            lines.append(f"+ {c.new}{'   (from ' + c.moved_from + ')' if c.moved_from else ''}")
    return [line.replace("\n", " ") for line in lines]


def render_markdown(d: BlueprintDiff, *, context: bool = False) -> str:
    """GitHub-flavoured Markdown: a summary table, then one ```diff block per changed group."""
    out = [f"# Diff: {_md_cell(d.old_title)} → {_md_cell(d.new_title)}", "",
           f"- **A:** `{d.old_label}`", f"- **B:** `{d.new_label}`", "", f"**{summary_line(d)}**", ""]
    if not d.changed:
        return "\n".join(out)
    out += ["| Section | Status | Items |", "|---|---|---|"]
    for s in d.sections:
        out.append(f"| {_md_cell(s.heading)} | {STATUS_WORD[s.status]} | {_md_cell(_counts(s))} |")
    meta = [c for c in d.meta if c.op != "same"]
    if meta:
        out += ["", "## Role", ""]
        lines = _diff_lines(meta, False)
        fence = _fence(lines)
        out += [f"{fence}diff", *lines, fence]
    for s in d.sections:
        if not s.changed:
            continue
        out += ["", f"## {s.heading} ({STATUS_WORD[s.status]})"]
        for g in s.groups:
            lines = _diff_lines(g.changes, context)
            if not lines:
                continue
            hidden = sum(1 for c in g.changes if c.op == "same") if not context else 0
            out.append("")
            if g.heading:
                out.append(f"**{_md_cell(g.heading)}**" + (f" ({hidden} unchanged)" if hidden else ""))
                out.append("")
            fence = _fence(lines)
            out += [f"{fence}diff", *lines, fence]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from ..resources import templates_dir

    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(d: BlueprintDiff, *, context: bool = False, lang: str = "en") -> str:
    """One standalone HTML page (inline CSS, no scripts), every value escaped."""
    from .. import __version__
    from .layout import clean, slug

    def anchor(s: SectionDiff) -> str:
        return "d-" + slug(s.key)

    return _environment().get_template("diff.html.j2").render(
        d=d, context=context, summary=summary_line(d), counts=_counts, status_word=STATUS_WORD,
        anchor=anchor, clean=clean, inline=inline, version=__version__, lang=lang,
        meta=[c for c in d.meta if c.op != "same"],
    )


__all__ = ["render_html", "render_markdown", "render_rich", "summary_line"]
