"""A list of validation findings; choosing one posts ``FindingsList.Chosen``."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...findings import Finding, Severity
from ...schema.sections import BY_KEY

ICONS: dict[Severity, tuple[str, str]] = {
    Severity.error: ("✗", "$error"),
    Severity.warning: ("▲", "$warning"),
    Severity.info: ("i", "$text-muted"),
}
_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


def sort_findings(findings: list[Finding], keys: list[str] | None = None) -> list[Finding]:
    """Errors first, then by section in document order, then by line."""
    position = {k: i for i, k in enumerate(keys or list(BY_KEY))}
    return sorted(
        findings,
        key=lambda f: (_ORDER.get(f.severity, 3), position.get(f.section or "", -1), f.line or 0),
    )


def finding_prompt(finding: Finding, *, show_section: bool = True) -> Content:
    icon, colour = ICONS.get(finding.severity, ("?", ""))
    parts: list = [(icon, colour), " "]
    if show_section:
        spec = BY_KEY.get(finding.section or "")
        where = f"{spec.number})" if spec and spec.number else (spec.title if spec else "doc")
        parts += [(f"{where:>3}", "bold"), " "]
    if finding.line and not show_section:
        parts += [(f"line {finding.line}", "$text-muted"), " "]
    if finding.field and not finding.message.startswith(finding.field.split(".")[-1].split("[")[0]):
        parts += [(finding.field, "$text-muted"), ": "]
    parts.append(finding.message)
    return Content.assemble(*parts)


class FindingsList(OptionList):
    """Findings, one per row: icon, section number, field and message."""

    DEFAULT_CSS = """
    FindingsList {
        scrollbar-size-vertical: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class Chosen(Message):
        def __init__(self, findings_list: "FindingsList", finding: Finding) -> None:
            super().__init__()
            self.findings_list = findings_list
            self.finding = finding

        @property
        def control(self) -> "FindingsList":
            return self.findings_list

    def __init__(self, *, show_section: bool = True, empty_text: str = "No findings.", **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_section = show_section
        self.empty_text = empty_text
        self.findings: list[Finding] = []

    def show(self, findings: list[Finding]) -> None:
        highlighted = self.highlighted
        self.findings = list(findings)
        if not self.findings:
            self.set_options([Option(Content.styled(self.empty_text, "$text-muted"), disabled=True)])
            return
        self.set_options(
            Option(finding_prompt(f, show_section=self.show_section), id=str(i)) for i, f in enumerate(self.findings)
        )
        if highlighted is not None and self.findings:
            self.highlighted = min(highlighted, len(self.findings) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self, self.findings[int(event.option.id)]))
