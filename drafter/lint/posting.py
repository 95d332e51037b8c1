"""DL5xx: what a job posting must state (``--profile posting``).

* a pay range: the EU Pay Transparency Directive (2023/970, to be transposed
  by June 2026) requires pay information before the interview, and Colorado,
  California, Washington, New York, Illinois, Maryland, Massachusetts,
  Minnesota, Vermont and others require a range in the posting;
* where the work happens: a location, or a remote / hybrid / on-site policy.
"""

from __future__ import annotations

import re

PAY = re.compile(
    r"(?:[$€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|INR|JPY)\b)\s?\d[\d,.]*\s?[kK]?"
    r"|\d[\d,.]*\s?[kK]?\s?(?:USD|EUR|GBP|CAD|AUD|CHF|€|£)"
    r"|\b(?:pay|salary|compensation|wage)\s+(?:range|band|bracket)\b"
    r"|\bper\s+(?:hour|annum|year)\b|\bOTE\b",
    re.IGNORECASE,
)
LOCATION = re.compile(
    r"\b(?:remote|hybrid|on[- ]?site|in[- ]office|in[- ]person|office[- ]based|work\s+from\s+home|wfh|"
    r"distributed\s+team|anywhere\s+in|based\s+in|located\s+in|location\s*:|relocat\w+)\b",
    re.IGNORECASE,
)


def has_pay(texts: list[str]) -> bool:
    return any(PAY.search(t) for t in texts)


def has_location(texts: list[str]) -> bool:
    return any(LOCATION.search(t) for t in texts)
