"""The one slug function: titles to file names, draft ids and anchors.

>>> slugify("Ingénieur Données / C++")
'ingenieur-donnees-c-plus-plus'
>>> slugify("C# Developer"), slugify("C Developer")
('c-sharp-developer', 'c-developer')
>>> slugify("数据工程师")
'数据工程师'
>>> slugify("  ", fallback="blueprint")
'blueprint'

Accents are dropped, letters of other scripts are kept (a Chinese title keeps a
readable name), ``+`` and ``#`` are spelled out so that "C", "C++" and "C#"
never share a name, everything else becomes a single dash.  The result has no
path separator, dot or leading dash, so it is safe as a file-name stem.
"""

from __future__ import annotations

import re
import unicodedata

_SPELLED = {"+": "-plus-", "#": "-sharp-"}


def slugify(text: str | None, *, fallback: str = "untitled", max_len: int | None = None) -> str:
    """Lower-case letters and digits joined by single dashes; ``fallback`` when nothing is left.

    ``max_len`` cuts the slug (in characters) and drops a dash left at the cut.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text or ""):
        if unicodedata.category(ch) == "Mn":  # combining accents
            continue
        if ch.isalnum():
            out.append(ch.lower())
        else:
            out.append(_SPELLED.get(ch, "-"))
    slug = re.sub(r"-{2,}", "-", "".join(out)).strip("-")
    slug = unicodedata.normalize("NFC", slug)
    if max_len is not None:
        slug = slug[:max_len].rstrip("-")
    return slug or fallback


__all__ = ["slugify"]
