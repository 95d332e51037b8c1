"""Copy and repeat blocking for the embedded model, at the token level.

Gemma 3 270M is a base model: shown few-shot examples, it copies them, and
within one answer it repeats its own items.  ``NgramBlocker`` follows the
JSON the model writes, token by token, and while it is inside a string
*value* (not a key) it names the tokens that must not come next:

* a token that would complete an ``n``-token sequence (default 4, about three
  words) found in the examples' texts or in an item already written in this
  answer;
* a closing quote when the string so far is exactly an example's item or an
  item already written (short names such as tool names repeat in fewer than
  ``n`` tokens);
* the third token of a value whose first two tokens open an item already
  written in this answer: no two items start with the same three tokens
  (near-repeats such as "Work plan and priority" / "... and prioritise").

The sampler (``sampler.TopKGrammarSampler``) removes those tokens from the
candidates before the grammar check, and keeps them only when nothing else
is allowed, so the answer stays valid.  Pure Python: tokens are ints and
``piece(token) -> bytes`` gives their text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

DEFAULT_N = 4
# No two items of one answer start with the same PREFIX + 1 tokens (the base model otherwise writes
# "Work plan and prioritise", "Work plan and prioritisation", "Work plan and priority"...).
PREFIX = 2
QUOTE = 0x22
BACKSLASH = 0x5C


class NgramBlocker:
    def __init__(self, piece: Callable[[int], bytes], sequences: Iterable[list[int]] = (), *, n: int = DEFAULT_N):
        if n < 2:
            raise ValueError("n must be >= 2")
        self.n = n
        self.piece = piece
        self._base: dict[tuple[int, ...], set[int]] = {}
        self._base_whole: set[tuple[int, ...]] = set()
        for seq in sequences:
            self._add(self._base, self._base_whole, list(seq))
        self.blocked = 0  # steps where a token was removed (for benchmarks)
        self.reset()

    # ------------------------------------------------------------ tables

    def _add(self, table: dict, whole: set, seq: list[int]) -> None:
        if not seq:
            return
        whole.add(tuple(seq))
        k = self.n - 1
        for i in range(len(seq) - k):
            table.setdefault(tuple(seq[i:i + k]), set()).add(seq[i + k])

    def reset(self) -> None:
        """A new answer: forget its items and the JSON state (the examples' sequences stay)."""
        self._own: dict[tuple[int, ...], set[int]] = {}
        self._own_whole: set[tuple[int, ...]] = set()
        self._own_prefix: dict[tuple[int, ...], set[int]] = {}  # first PREFIX tokens of an item -> its next
        self._stack: list[int] = []  # "{" or "[" bytes
        self._expect_key = False
        self._in_string = False
        self._is_key = False
        self._escape = False
        self.run: list[int] = []

    # ------------------------------------------------------------ state

    @property
    def in_value(self) -> bool:
        return self._in_string and not self._is_key

    def banned(self) -> set[int]:
        """Tokens that would continue a blocked sequence from here (closing quotes not included)."""
        banned: set[int] = set()
        if not self.in_value:
            return banned
        if len(self.run) >= self.n - 1:
            key = tuple(self.run[-(self.n - 1):])
            banned |= self._base.get(key, set()) | self._own.get(key, set())
        if len(self.run) == PREFIX:
            banned |= self._own_prefix.get(tuple(self.run), set())
        return banned

    def closing_banned(self) -> bool:
        """True when closing the string now would repeat an example's or an earlier item."""
        if not self.in_value or not self.run:
            return False
        run = tuple(self.run)
        return run in self._own_whole or run in self._base_whole

    def accept(self, token: int) -> None:
        inside = False
        for ch in self.piece(token):
            if self._in_string:
                if self._escape:
                    self._escape = False
                elif ch == BACKSLASH:
                    self._escape = True
                elif ch == QUOTE:
                    if not self._is_key and self.run:
                        self._add(self._own, self._own_whole, self.run)
                        if len(self.run) > PREFIX:
                            self._own_prefix.setdefault(tuple(self.run[:PREFIX]), set()).add(self.run[PREFIX])
                    self._in_string = False
                    self.run = []
                    inside = False
                    continue
                inside = True
            elif ch == QUOTE:
                self._in_string = True
                self._is_key = bool(self._stack) and self._stack[-1] == 0x7B and self._expect_key
                self.run = []
            elif ch in (0x7B, 0x5B):  # { [
                self._stack.append(ch)
                self._expect_key = ch == 0x7B
            elif ch in (0x7D, 0x5D):  # } ]
                if self._stack:
                    self._stack.pop()
                self._expect_key = False
            elif ch == 0x3A:  # :
                self._expect_key = False
            elif ch == 0x2C:  # ,
                self._expect_key = bool(self._stack) and self._stack[-1] == 0x7B
        if inside and self._in_string:
            self.run.append(token)


# --------------------------------------------------------------------------- example texts

_EXAMPLE = re.compile(r"<example [^>\n]*>\n(?P<body>.*?)\n</example>", re.S)


def example_texts(text: str, *, min_words: int = 1) -> list[str]:
    """Every string value in the ``<example>`` blocks of a prompt (their JSON bodies)."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            if len(value.split()) >= min_words:
                out.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for m in _EXAMPLE.finditer(text):
        try:
            walk(json.loads(m.group("body")))
        except ValueError:
            continue
    return list(dict.fromkeys(out))


_ROLE_DATA = re.compile(r"<role_data>\n(?P<body>.*?)\n</role_data>", re.S)


def role_texts(text: str) -> list[str]:
    """The role's own title as the embedded model sees it ("Senior Registered Nurse", and "Senior Registered
    Nurse (senior level)" as in the layout's ``Role:`` line), from the prompt's ``<role_data>`` block.

    Blocked like the examples' strings: shown its title in the pattern, the base model otherwise names
    skills, KPIs and interview exercises after the title itself ("Senior Registered Nurse" as a skill)."""
    m = _ROLE_DATA.search(text)
    if not m:
        return []
    try:
        data = json.loads(m.group("body"))
        title = str(data["title"]).strip()
    except (ValueError, KeyError, TypeError):
        return []
    if not title:
        return []
    out = [title]
    level = data.get("level")
    if isinstance(level, str) and level:
        out.append(f"{title} ({level.replace('_', ' ')} level)")
    return out


_TRAILING_JUNK = re.compile(r"[\s,;:]+$")


def tidy_value(text: str) -> str:
    """A string value without the junk a base model leaves at its end: trailing commas, semicolons,
    colons and spaces, and a closing curly quote that opens nowhere ("Registered Nurse” ," ->
    "Registered Nurse")."""
    out = text
    while True:
        before = out
        out = _TRAILING_JUNK.sub("", out)
        for close, open_ in (("”", "“"), ("’", "‘")):
            if out.endswith(close) and open_ not in out:
                out = out[: -len(close)]
        if out == before:
            break
    return out or text


def tidy_answer(text: str) -> str:
    """``tidy_value`` on every string value of a JSON answer (the text unchanged if it is not JSON)."""
    try:
        data = json.loads(text)
    except ValueError:
        return text

    def walk(value):
        if isinstance(value, str):
            return tidy_value(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    tidied = walk(data)
    return text if tidied == data else json.dumps(tidied, ensure_ascii=False)


__all__ = ["DEFAULT_N", "PREFIX", "NgramBlocker", "example_texts", "role_texts", "tidy_answer", "tidy_value"]
