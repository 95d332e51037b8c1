"""YAML front matter (``---`` ... ``---`` at the top of Markdown or HTML pages), read with PyYAML.

``split_front_matter(text)`` returns the parsed mapping and the body with the
front matter replaced by blank lines (so that line numbers stay the file's).

``front_matter_blocks(fm)`` turns what is content in it into blocks:

* ``description`` -> a paragraph (``meta["front_matter"] = "description"``);
* a progression framework (Monzo's shape: ``topics`` > ``content`` > ``level``
  > ``criteria`` / ``exampleCriteria``) -> a ladder: ``## Levels``, then
  ``### Level N`` per level (``meta["ladder_level"] = N``), ``#### <topic>`` per
  topic, and one item per criterion (examples as nested items).  Line numbers
  point at each criterion in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import HEADING, ITEM, PARA, Block, clean

MAX_FRONT_MATTER_LINES = 5000


@dataclass
class FrontMatter:
    data: dict
    body: str  # the document with the front matter blanked out
    text: str  # the front matter's own text (between the fences)
    end_line: int  # 1-based line of the closing fence
    error: str | None = None
    extra: dict = field(default_factory=dict)


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter of ``text`` (None when it has none)."""
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    end = None
    for j in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)):
        if lines[j].rstrip() in ("---", "..."):
            end = j
            break
    if end is None or end == 1:
        return None
    inner = "\n".join(lines[1:end])
    data, error = _load_yaml(inner)
    if data is None:
        return None
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return FrontMatter(data=data, body=body, text=inner, end_line=end + 1, error=error)


def _load_yaml(inner: str) -> tuple[dict | None, str | None]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        try:
            data = yaml.load(inner, Loader=loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            if "\t" not in inner:
                raise
            # YAML forbids tabs as indentation; people type "-<tab>item": read them as spaces.
            data = yaml.load(inner.replace("\t", " "), Loader=loader)  # noqa: S506
    except yaml.YAMLError as exc:
        # Looks like front matter (key: value lines) but is not valid YAML: still not content.
        if re.match(r"^[A-Za-z_][\w-]*\s*:", inner.lstrip()):
            return {}, f"front matter is not valid YAML ({str(exc).splitlines()[0]})"
        return None, None
    except (RecursionError, ValueError, TypeError):
        return {}, "front matter could not be read"
    if not isinstance(data, dict):
        return None, None
    return data, None


def fm_title(fm: FrontMatter | None) -> str | None:
    if fm is None:
        return None
    for key in ("title", "name", "job_title", "role"):
        value = fm.data.get(key)
        if isinstance(value, (str, int, float)) and clean(str(value)):
            return clean(str(value))
    return None


def _line_finder(fm: FrontMatter):
    """A cursor over the front matter text: the file line of each next string, in file order."""
    text = fm.text
    state = {"pos": 0}

    def find(s: str) -> int | None:
        s = s.strip()
        if not s:
            return None
        probe = s[:60]
        at = text.find(probe, state["pos"])
        if at < 0:
            return None
        state["pos"] = at + len(probe)
        return text.count("\n", 0, at) + 2  # +1 for 1-based, +1 for the opening fence

    return find


def _topic_name(topic: dict) -> str:
    title = topic.get("title")
    name = title if isinstance(title, str) and clean(title) else topic.get("name")
    name = clean(str(name or ""))
    name = re.sub(r"^[^\w(]+", "", name)  # leading emoji
    head = name.split(":", 1)[0].strip()
    return head[:1].upper() + head[1:] if head else "Criteria"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [clean(value)] if clean(value) else []
    if isinstance(value, list):
        return [clean(str(v)) for v in value if isinstance(v, (str, int, float)) and clean(str(v))]
    return []


def ladder_blocks(fm: FrontMatter) -> list[Block]:
    """Blocks for a progression framework in front matter (empty when it is not one)."""
    topics = fm.data.get("topics")
    if not isinstance(topics, list):
        return []
    find = _line_finder(fm)
    by_level: dict[int, list[tuple[str, list[Block]]]] = {}
    first_line: dict[int, int | None] = {}
    for topic in topics[:200]:
        if not isinstance(topic, dict):
            continue
        name = _topic_name(topic)
        content = topic.get("content")
        if not isinstance(content, list):
            continue
        for entry in content[:50]:
            if not isinstance(entry, dict):
                continue
            level = entry.get("level")
            if not isinstance(level, int) or isinstance(level, bool):
                continue
            items: list[Block] = []
            for crit in _strings(entry.get("criteria")):
                items.append(Block(ITEM, text=crit, line=find(crit), level=0))
            examples = entry.get("exampleCriteria")
            if isinstance(examples, list):
                for ex in examples:
                    if not isinstance(ex, dict):
                        continue
                    crit = clean(str(ex.get("criteria") or ""))
                    if crit:
                        items.append(Block(ITEM, text=crit, line=find(crit), level=0))
                    for sub in _strings(ex.get("examples")):
                        items.append(Block(ITEM, text=sub, line=find(sub), level=1 if crit else 0))
            if items:
                by_level.setdefault(level, []).append((name, items))
                first_line.setdefault(level, next((b.line for b in items if b.line), None))
    if not by_level:
        return []
    start = min((ln for ln in first_line.values() if ln), default=None)
    out = [Block(HEADING, text="Levels", line=start, level=2, meta={"ladder": True})]
    for level in sorted(by_level):
        line = first_line.get(level)
        out.append(Block(HEADING, text=f"Level {level}", line=line, level=3, meta={"ladder_level": level}))
        for name, items in by_level[level]:
            out.append(Block(HEADING, text=name, line=items[0].line or line, level=4))
            out.extend(items)
    return out


def front_matter_blocks(fm: FrontMatter | None) -> list[Block]:
    """Content blocks from front matter: its description, then a ladder if it holds one."""
    if fm is None:
        return []
    out: list[Block] = []
    desc = fm.data.get("description")
    if isinstance(desc, str) and clean(desc):
        find = _line_finder(fm)
        out.append(Block(PARA, text=clean(desc), line=find(desc), meta={"front_matter": "description"}))
    out.extend(ladder_blocks(fm))
    return out


__all__ = ["FrontMatter", "split_front_matter", "front_matter_blocks", "fm_title", "ladder_blocks"]
