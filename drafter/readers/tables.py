"""Tables whose rows were flattened to text with no cell delimiters (seed 004).

The header line is recognised by its known column titles ("Metric name What
it measures Why it matters Example target / benchmark Frequency").  A row is
split by scoring candidate cell boundaries: a boundary can only fall before a
word that starts with a capital, a digit or a comparator, outside
parentheses and not right after a '/' or a small word; the best-scoring split
wins, using what each column usually looks like:

* KPI: a short name; a 'why it matters' that often starts with a verb
  ('Ensures', 'Reduces'); a target that starts with a number, a comparator
  or a target verb ('Reduce', 'Improve', 'Meet', 'Baseline', 'Downward'); a
  trailing frequency ('Monthly/Quarterly', 'Per incident / Monthly').
* Tools: a category (known categories and those already seen in the table);
  tool names that are mostly capitalised; a primary use that is mostly
  lower-case words; a trailing 'Common' / 'Optional' / 'Context-specific'
  with its qualifier.
* Final scorecard: known category prefixes ('Role title', 'Top 10
  responsibilities', ...).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

# --------------------------------------------------------------------------- headers

KPI_COLUMNS = ("Metric name", "What it measures", "Why it matters", "Example target / benchmark", "Frequency")
TOOL_COLUMNS = ("Category", "Tool / platform / software", "Primary use", "Common / Optional / Context-specific")
SCORECARD_COLUMNS = ("Category", "Summary")
DIMENSION_COLUMNS = ("Dimension", "What “meets bar” looks like", "What “exceeds” looks like")

_COLUMN_TITLES = (
    "Metric name",
    "Metric",
    "KPI",
    "What it measures",
    "Why it matters",
    "Example target / benchmark",
    "Example target",
    "Target / benchmark",
    "Target",
    "Benchmark",
    "Frequency",
    "Category",
    "Tool / platform / software",
    "Tool / platform",
    "Tool",
    "Tools",
    "Primary use",
    "Use",
    "Common / Optional / Context-specific",
    "Commonality",
    "Summary",
    "Executive summary",
    "Dimension",
    "What “meets bar” looks like",
    'What "meets bar" looks like',
    "What “exceeds” looks like",
    'What "exceeds" looks like',
    "Meets bar",
    "Exceeds",
)


_FIRST_WORDS = {t.split()[0].lower() for t in _COLUMN_TITLES}


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).lower()


@lru_cache(maxsize=1)
def _titles_sorted() -> tuple[str, ...]:
    return tuple(sorted(_COLUMN_TITLES, key=len, reverse=True))


def match_header(line: str) -> list[str] | None:
    """The column titles of a flattened header line, or None.

    The whole line must be a sequence of at least two known titles, and must
    be one of the table shapes we know (KPI, tools, scorecard, dimensions).
    """
    if not line or len(line) > 160 or not line.lstrip()[:1].isalpha():
        return None
    first = line.split(None, 1)[0].lower()
    if first not in _FIRST_WORDS:
        return None
    text = _norm(line)
    cols: list[str] = []
    pos = 0
    while pos < len(text):
        for title in _titles_sorted():
            t = _norm(title)
            if text.startswith(t, pos) and (pos + len(t) == len(text) or text[pos + len(t)] == " "):
                cols.append(title)
                pos += len(t) + 1
                break
        else:
            return None
    if len(cols) < 2:
        return None
    kind = table_kind(cols)
    return cols if kind else None


def table_kind(header: list[str]) -> str | None:
    """'kpis', 'tools', 'scorecard' or 'dimensions' from the header cells."""
    h = [_norm(c) for c in header]
    joined = " | ".join(h)
    if any("measures" in c for c in h) or (h and h[0] in ("metric name", "metric", "kpi")):
        return "kpis"
    if any(c.startswith("tool") for c in h) or "primary use" in joined:
        return "tools"
    if h and h[0] == "category" and len(h) == 2:
        return "scorecard"
    if h and h[0] == "dimension":
        return "dimensions"
    return None


# --------------------------------------------------------------------------- tokens and boundaries

_SMALL = {
    "a",
    "an",
    "the",
    "of",
    "for",
    "to",
    "and",
    "or",
    "in",
    "on",
    "with",
    "by",
    "per",
    "vs",
    "via",
    "from",
    "at",
    "as",
    "into",
    "than",
    "e.g.",
    "e.g.,",
    "i.e.",
    "i.e.,",
    "&",
    "+",
    "(or",
    "(e.g.,",
    "is",
    "are",
    "be",
    "then",
    "within",
    "across",
    "about",
    "without",
    "under",
    "over",
    "between",
    "when",
    "where",
    "if",
    "not",
}
_START = re.compile(r"^[A-Z0-9<>≥≤~+%$±“\"]")


def _tokens(text: str) -> list[str]:
    return text.split()


def _candidates(tokens: list[str]) -> list[int]:
    """Indices where a new cell may start."""
    out = []
    depth = 0
    for j, tok in enumerate(tokens):
        if j > 0 and depth == 0:
            prev = tokens[j - 1]
            if (
                _START.match(tok)
                and not prev.endswith(("/", "-", "–", "(", ":"))
                and tok not in ("/", "+", "&")
                and prev not in ("/", "+", "&")
                and not tok.startswith("/")
                and prev.lower() not in _SMALL
            ):
                out.append(j)
        depth += tok.count("(") - tok.count(")")
        depth = max(depth, 0)
    return out


def _is_acronym(tok: str) -> bool:
    core = re.sub(r"[^A-Za-z]", "", tok)
    return len(core) >= 2 and core.isupper()


def _is_lower(tok: str) -> bool:
    return bool(re.match(r"^[a-z]", tok))


def _is_title(tok: str) -> bool:
    """'Reduce', 'Risk' (a capitalised word), not 'SLOs' or 'CI/CD'."""
    return bool(re.match(r"^[A-Z][a-z]", tok)) and not _is_acronym(tok)


def _missed_boundaries(cell: list[str]) -> int:
    """Capitalised words right after a lower-case content word: 'vulnerabilities Risk'."""
    n = 0
    for prev, tok in zip(cell, cell[1:]):
        if _is_title(tok) and _is_lower(prev) and re.search(r"[a-z]$", prev) and prev.lower() not in _SMALL:
            n += 1
    return n


def _bad_acronym_start(cell: list[str]) -> bool:
    """A cell that starts with an acronym not followed by a lower-case word ('SLAs ML ...')."""
    if not cell or not _is_acronym(cell[0]) or cell[0].startswith("%"):
        return False
    return len(cell) < 2 or not _is_lower(cell[1])


# --------------------------------------------------------------------------- KPI rows

_FREQ_WORD = (
    r"(?:[Pp]er\s+(?:incident|release|sprint|quarter|month|week|deployment|launch|review|cycle|event|hire)"
    r"|[Dd]aily|[Ww]eekly|[Bb]i-?weekly|[Mm]onthly|[Qq]uarterly|[Aa]nnual(?:ly)?|[Yy]early|[Ss]emi-?annual(?:ly)?"
    r"|[Oo]ngoing|[Cc]ontinuous(?:ly)?|[Rr]eal-?time|[Ee]very\s+\w+|[Aa]d[- ]hoc|QoQ|YoY)"
)
_FREQ_TAIL = re.compile(rf"\s({_FREQ_WORD}(?:\s*(?:/|,|&|or|and)\s*{_FREQ_WORD})*(?:\s*\([^()]*\))?)\s*$")

_WHY_VERBS = {
    "ensures",
    "indicates",
    "reduces",
    "connects",
    "detects",
    "measures",
    "improves",
    "enables",
    "prevents",
    "predicts",
    "builds",
    "impacts",
    "drives",
    "supports",
    "shows",
    "signals",
    "protects",
    "keeps",
    "increases",
    "lowers",
    "tracks",
    "reflects",
    "demonstrates",
    "helps",
    "validates",
    "links",
    "captures",
    "affects",
    "determines",
    "provides",
    "proves",
    "avoids",
    "limits",
    "accelerates",
    "balances",
    "confirms",
    "creates",
    "maintains",
    "prioritizes",
    "quantifies",
    "reveals",
    "sustains",
    "unlocks",
}
_TARGET_WORDS = {
    "reduce",
    "improve",
    "meet",
    "target",
    "baseline",
    "downward",
    "upward",
    "increase",
    "maintain",
    "achieve",
    "zero",
    "at",
    "no",
    "sustain",
    "hit",
    "keep",
    "set",
    "decrease",
    "stable",
    "positive",
    "evidence",
    "csat",
    "nps",
    "p50",
    "p90",
    "p95",
    "p99",
    "sev-1",
    "sev-2",
    "sev-1/2",
    "critical",
    "within",
    "under",
    "over",
    "less",
    "more",
    "above",
    "below",
    "fewer",
    "all",
    "100%",
    "continuous",
    "trend",
    "steady",
    "flat",
}
_MEASURE_WORDS = {
    "count",
    "time",
    "coverage",
    "frequency",
    "response",
    "uptime",
    "unit",
    "success",
    "traceability",
    "issues",
    "feedback",
    "planned",
    "engagement",
    "ratio",
    "number",
    "mean",
    "share",
    "percentage",
    "rate",
    "%",
    "wait",
    "usage",
    "ability",
    "serving",
    "platform",
    "cost",
    "business-aligned",
    "frequency/degree",
    "uptime/availability",
}


def split_frequency(text: str) -> tuple[str, str | None]:
    m = _FREQ_TAIL.search(" " + text)
    if not m:
        return text, None
    return (" " + text)[: m.start()].strip(), m.group(1).strip()


def _verb_like(word: str) -> bool:
    """'depends', 'reduces': a third-person verb (roughly)."""
    return (
        bool(re.match(r"^[a-z]{3,}(?:es|s)$", word))
        and word not in _MEASURE_WORDS
        and not word.endswith(("ss", "us", "is", "ics"))
    )


def _first(tokens: list[str]) -> str:
    return tokens[0].lower().strip('“"(,') if tokens else ""


def _kpi_score(cells: list[list[str]]) -> float:
    name, measures, why, target = cells
    s = 0.0
    n = len(name)
    s -= max(0, n - 6) * 0.6
    s -= 0.4 if n == 1 else 0.0
    if name[-1].lower() in _SMALL:
        s -= 3
    if _first(measures) in _MEASURE_WORDS or measures[0].startswith("%"):
        s += 1.0
    for cell in (measures, why):
        if _bad_acronym_start(cell):
            s -= 1.2
    w = _first(why)
    if _is_title(why[0]) and (w in _WHY_VERBS or _verb_like(w)):
        s += 2.0
    elif any(t in _WHY_VERBS or _verb_like(t) for t in why[1:3]):
        s += 1.0
    if why and _is_acronym(why[-1]):
        s -= 0.5
    t0 = target[0]
    if re.match(r"^[0-9<>≥≤~+±$%]", t0) or t0.startswith(("“", '"')):
        s += 3.0
    elif _first(target) in _TARGET_WORDS:
        s += 2.8
    elif _is_acronym(t0):
        s -= 0.5
    if any(re.search(r"\d", t) for t in target):
        s += 0.5
    if any(re.search(r"\d", t) for t in why):
        s -= 0.5
    # 'why' cells are short sentences; 'measures' a little longer.
    s -= max(0, len(why) - 12) * 0.2
    s -= 0.8 if len(why) < 2 else 0.0
    s -= 0.8 if len(measures) < 3 else 0.0
    for cell in (name, measures, why, target):
        s -= 0.9 * _missed_boundaries(cell)
    for cell in (measures, why, target):
        if cell[-1].lower() in _SMALL:
            s -= 3
    return s


def split_kpi_row(text: str) -> list[str]:
    """[name, measures, why, target, frequency] (frequency may be '')."""
    rest, freq = split_frequency(text)
    toks = _tokens(rest)
    cands = _candidates(toks)
    best: tuple[float, tuple[int, int, int]] | None = None
    for b1, b2, b3 in combinations(cands, 3):
        cells = [toks[:b1], toks[b1:b2], toks[b2:b3], toks[b3:]]
        score = _kpi_score(cells)
        if best is None or score > best[0]:
            best = (score, (b1, b2, b3))
    if best is None:
        return [rest, "", "", "", freq or ""]
    b1, b2, b3 = best[1]
    return [" ".join(toks[:b1]), " ".join(toks[b1:b2]), " ".join(toks[b2:b3]), " ".join(toks[b3:]), freq or ""]


# --------------------------------------------------------------------------- tool rows

_COMMON_WORD = r"(?:Common|Optional|Context[- ]specific|Context[- ]dependent)"
_COMMON_TAIL = re.compile(
    rf"\s({_COMMON_WORD}(?:\s*\([^()]*\))?(?:\s*(?:/|or|,)\s*{_COMMON_WORD}(?:\s*\([^()]*\))?)*)\s*$"
)

KNOWN_CATEGORIES = (
    "Cloud platforms",
    "Cloud platform",
    "Cloud",
    "Container & orchestration",
    "Containers & orchestration",
    "Containers",
    "Orchestration",
    "Infrastructure as Code",
    "IaC",
    "DevOps / CI-CD",
    "CI/CD",
    "CI-CD",
    "Source control",
    "Version control",
    "ML platforms",
    "ML platform",
    "ML lifecycle",
    "AI/ML lifecycle",
    "Data processing",
    "Data transformation",
    "Data warehouse",
    "Data / analytics",
    "Data platforms",
    "Streaming",
    "Messaging / streaming",
    "Feature store",
    "Model serving",
    "Observability",
    "Monitoring",
    "Logging",
    "Error tracking",
    "Security",
    "Governance",
    "ITSM",
    "Collaboration",
    "Documentation",
    "Docs / knowledge",
    "Project / product mgmt",
    "Project tracking",
    "Project management",
    "Experimentation",
    "BI / analytics",
    "Analytics",
    "Scripting",
    "Programming languages",
    "Languages",
    "Workflow orchestration",
    "Artifact storage",
    "API gateway",
    "Service mesh",
    "IDE / engineering",
    "Testing / QA",
    "Testing",
    "Databases",
    "Database",
    "Identity",
    "Networking",
    "Automation",
    "AI assistants",
    "LLM platforms",
    "Vector databases",
)


def split_commonality(text: str) -> tuple[str, str | None]:
    m = _COMMON_TAIL.search(" " + text)
    if not m:
        return text, None
    return (" " + text)[: m.start()].strip(), m.group(1).strip()


def _tool_use_score(tool: list[str], use: list[str]) -> float:
    s = 0.0
    depth = 0
    after_slash = False
    for i, tok in enumerate(tool):
        if depth == 0 and not after_slash and _is_lower(tok) and i > 0:
            s -= 1.0
            if i + 1 < len(tool) and not _is_lower(tool[i + 1]) and tool[i + 1] not in ("/", "+", "&"):
                s -= 1.0  # lower-case word followed by a capital inside the tool cell
        elif not _is_lower(tok):
            s += 0.3
        after_slash = tok in ("/", "+") or tok.endswith("/") or (after_slash and _is_lower(tok))
        depth = max(0, depth + tok.count("(") - tok.count(")"))
    for i, tok in enumerate(use):
        if i == 0:
            if _bad_acronym_start(use):
                s -= 1.5
            if re.search(r"[a-z](?:ing|ed)$", tok):
                s += 1.2
            continue
        if tok == "/":
            s -= 1.0
        elif _is_lower(tok):
            s += 0.8
        elif tok not in ("+", "&"):
            s -= 0.5
    s -= 1.5 * _missed_boundaries(use)
    return s


def split_tool_row(text: str, known: tuple[str, ...] = ()) -> list[str]:
    """[category, tool, primary use, commonality] (commonality may be '')."""
    rest, common = split_commonality(text)
    # Category: the longest known category the row starts with.
    cats = sorted({*KNOWN_CATEGORIES, *known}, key=len, reverse=True)
    category = None
    for c in cats:
        if rest.lower().startswith(c.lower() + " "):
            category, rest = rest[: len(c)], rest[len(c) :].strip()
            break
    toks = _tokens(rest)
    if category is None:
        cands = _candidates(toks)
        # Category: the shortest run of words before a capitalised tool name.
        cut = cands[0] if cands else 1
        category, toks = " ".join(toks[:cut]), toks[cut:]
    cands = _candidates(toks)
    best: tuple[float, int] | None = None
    for b in cands:
        score = _tool_use_score(toks[:b], toks[b:])
        if best is None or score > best[0]:
            best = (score, b)
    if best is None:
        return [category, " ".join(toks), "", common or ""]
    b = best[1]
    return [category, " ".join(toks[:b]), " ".join(toks[b:]), common or ""]


# --------------------------------------------------------------------------- scorecard rows

SCORECARD_CATEGORIES = (
    ("Role title", "role_title"),
    ("Role purpose", "role_purpose"),
    ("Reports to (typical)", "reports_to"),
    ("Reports to", "reports_to"),
    ("Top 10 responsibilities", "top_responsibilities"),
    ("Top responsibilities", "top_responsibilities"),
    ("Top 10 technical skills", "top_technical_skills"),
    ("Top technical skills", "top_technical_skills"),
    ("Top 10 soft skills", "top_soft_skills"),
    ("Top soft skills", "top_soft_skills"),
    ("Top tools / platforms", "top_tools"),
    ("Top tools/platforms", "top_tools"),
    ("Top tools", "top_tools"),
    ("Top KPIs", "top_kpis"),
    ("Main deliverables", "main_deliverables"),
    ("Key deliverables", "main_deliverables"),
    ("Main goals", "main_goals"),
    ("Career progression options", "career_progression"),
    ("Career progression", "career_progression"),
)


def split_scorecard_row(text: str) -> tuple[str, str]:
    """(category, summary) for a flattened final-scorecard row."""
    low = text.lower()
    for cat, _ in sorted(SCORECARD_CATEGORIES, key=lambda c: -len(c[0])):
        if low.startswith(cat.lower() + " ") or low == cat.lower():
            return text[: len(cat)], text[len(cat) :].strip()
    toks = _tokens(text)
    cands = _candidates(toks)
    cut = cands[0] if cands else 1
    return " ".join(toks[:cut]), " ".join(toks[cut:])


def scorecard_field(category: str) -> str | None:
    """The FinalScorecard field a category names ('Top 10 responsibilities' -> 'top_responsibilities')."""
    low = re.sub(r"\s+", " ", category.strip().rstrip(":").lower())
    for cat, name in SCORECARD_CATEGORIES:
        if low == cat.lower():
            return name
    low2 = re.sub(r"\([^()]*\)", "", low).strip()
    for cat, name in SCORECARD_CATEGORIES:
        if low2 == re.sub(r"\([^()]*\)", "", cat.lower()).strip():
            return name
    if re.match(r"^top \d+ responsibilities$", low2):
        return "top_responsibilities"
    if re.match(r"^top \d+ technical skills$", low2):
        return "top_technical_skills"
    if re.match(r"^top \d+ soft skills$", low2):
        return "top_soft_skills"
    return None
