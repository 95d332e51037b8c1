"""DOCX export (python-docx): the document HR teams pass around.

Title and metadata, one Heading 1 per section in the seed numbering
("7) KPIs and Productivity Metrics"), Heading 2 per group, real bullet lists
("List Bullet"), numbered lists where the seeds number ("List Number",
restarted per list), real tables with a repeated, bold header row, and core
properties (title, subject, author "drafter").

Text goes through ``layout.clean`` first, so characters XML cannot hold
(e.g. \\x00-\\x08) are dropped instead of crashing the export.  python-docx is
imported here, lazily, never at start-up.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from .. import __version__
from ..schema.models import Blueprint
from .layout import APPENDIX_TITLE, MISSING_TEXT, BlueprintView, Entry, Part, SectionView, build, clean

TABLE_STYLES = ("Light Grid Accent 1", "Table Grid")
BULLET = "List Bullet"
BULLET_2 = "List Bullet 2"
NUMBER = "List Number"


def render_docx(bp: Blueprint) -> bytes:
    """``bp`` as a .docx file (bytes)."""
    import docx  # lazy: python-docx pulls in lxml

    view = build(bp)
    doc = docx.Document()
    _Writer(doc, view).write()
    _core_properties(doc, bp, view)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _core_properties(doc, bp: Blueprint, view: BlueprintView) -> None:
    props = doc.core_properties  # each text property holds at most 255 characters
    now = datetime.now(timezone.utc).replace(microsecond=0)
    props.title = _prop(view.title)
    props.subject = _prop(f"{view.kind}: {view.title}")
    props.author = "drafter"
    props.last_modified_by = "drafter"
    props.category = view.kind
    props.keywords = _prop(", ".join(x for x in (view.kind, bp.meta.role_family, bp.meta.industry) if x))
    props.comments = f"Exported by drafter {__version__} (blueprint schema {view.schema_version})."
    props.language = "en"
    props.created = now
    props.modified = now
    props.revision = 1


def _prop(text: str, limit: int = 255) -> str:
    text = clean(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Writer:
    def __init__(self, doc, view: BlueprintView):
        self.doc = doc
        self.view = view
        self.table_style = next((s for s in TABLE_STYLES if _has_style(doc, s)), None)
        self._style_ids: dict[str, str] = {}

    def _style_id(self, name: str) -> str:
        # python-docx resolves a style name with an XPath scan per paragraph, which
        # dominates the export time; resolve each name once instead.
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _add(self, style: str | None = None, text: str | None = None):
        """A new paragraph in ``style``, with ``text`` (line breaks kept) if given."""
        p = self.doc.add_paragraph()
        if style:
            p._p.style = self._style_id(style)
        if text:
            _add_text(p, text)
        return p

    def _heading(self, text: str, level: int):
        return self._add("Title" if level == 0 else f"Heading {level}", text)

    # ---------------------------------------------------------------- document

    def write(self) -> None:
        doc, view = self.doc, self.view
        self._heading(view.title, 0)
        self._add("Subtitle", view.subtitle)
        for label, value in view.meta:
            self._labelled(label, value)
        for section in view.sections:
            self._section(section)
        if view.unmapped:
            self._appendix()
        footer = doc.sections[0].footer.paragraphs[0]
        footer.text = f"{view.title} · {view.kind} · {view.date} · exported by drafter"

    def _section(self, s: SectionView) -> None:
        self._heading(s.heading, 1)
        if not s.present:
            p = self._add()
            p.add_run(MISSING_TEXT).italic = True
            return
        for part in s.parts:
            self._part(part)

    def _appendix(self) -> None:
        self._heading(APPENDIX_TITLE, 1)
        note = self._add()
        note.add_run(
            "Content of the source document that matched no section of the blueprint. "
            "Review it: move what matters into the right section, delete the rest."
        ).italic = True
        for u in self.view.unmapped:
            self._heading(u.heading or "Untitled passage", 2)
            if u.where:
                self._add().add_run(u.where).italic = True
            self._add(text=u.text)

    # ---------------------------------------------------------------- parts

    def _part(self, part: Part) -> None:
        if part.heading:
            self._heading(part.heading, 2)
        if part.kind == "text":
            for para in part.paragraphs:
                self._add(text=para)
        elif part.kind == "field":
            self._labelled(part.label or "", part.value)
        elif part.kind == "list":
            self._list(part)
        elif part.kind == "table":
            self._table(part)

    def _labelled(self, label: str, value: str):
        p = self._add()
        p.add_run(f"{label}: ").bold = True
        _add_text(p, value)
        return p

    def _list(self, part: Part) -> None:
        num_id = _restart_numbering(self.doc, part.start) if part.ordered else None
        for entry in part.entries:
            p = self._add(NUMBER if part.ordered else BULLET)
            if num_id is not None:
                _set_num(p, num_id)
            self._entry(p, entry)
            for d in entry.details:
                sub = self._add(BULLET_2)
                sub.add_run(f"{d.label}: ").bold = True
                _add_text(sub, d.text)
            for point in entry.points:
                self._add(BULLET_2, point)

    @staticmethod
    def _entry(p, entry: Entry) -> None:
        if entry.lead:
            p.add_run(entry.lead + (": " if entry.text else "")).bold = True
        if entry.text:
            _add_text(p, entry.text)

    def _table(self, part: Part) -> None:
        from docx.shared import Pt

        table = self.doc.add_table(rows=1, cols=len(part.columns))
        if self.table_style:
            table.style = self.table_style
        header = table.rows[0]
        _repeat_header(header)
        for cell, title in zip(header.cells, part.columns):
            cell.paragraphs[0].add_run(title).bold = True
        for row in part.rows:
            cells = table.add_row()
            _cant_split(cells)
            for i, (cell, value) in enumerate(zip(cells.cells, row)):
                lines = [value] if isinstance(value, str) else list(value)
                numbered = not isinstance(value, str) and len(lines) > 1
                first = True
                for n, line in enumerate(lines, 1):
                    para = cell.paragraphs[0] if first else cell.add_paragraph()
                    first = False
                    text = f"{n}. {line}" if numbered else line
                    runs = _add_text(para, text)
                    if i == 0:
                        for r in runs:
                            r.bold = True
                for para in cell.paragraphs:
                    for r in para.runs:
                        r.font.size = Pt(9.5)
        self._add()  # breathing room after a table


# --------------------------------------------------------------------------- helpers


def _has_style(doc, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def _add_text(paragraph, text: str) -> list:
    """Add ``text`` as runs, one line break per newline; returns the runs."""
    runs = []
    for i, line in enumerate(text.split("\n")):
        if i == 0:
            run = paragraph.add_run(line)
        else:
            run = paragraph.add_run()
            run.add_break()
            run.add_text(line)
        runs.append(run)
    return runs


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _restart_numbering(doc, start: int = 1) -> int:
    """A new numbering instance of the "List Number" list, starting at ``start``.

    Every "List Number" paragraph shares one numbering in the default template, so
    lists would continue across the document; each numbered list gets its own
    ``w:num`` with a ``startOverride`` instead."""
    numbering = doc.part.numbering_part.element
    style_num = doc.styles[NUMBER].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _set_num(paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _repeat_header(row) -> None:
    """Mark a table row as a header row, repeated at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(_qn("w:tblHeader"), {_qn("w:val"): "true"}))


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(_qn("w:cantSplit"), {_qn("w:val"): "true"}))
