"""JSON schema -> llama.cpp grammar, with JSON-safe, prose-only strings.

llama-cpp-python's converter lets strings contain raw control characters
(newlines, tabs), which JSON forbids; the string character rule is replaced.
Free strings (keys and enum values are literals in the grammar) are item
text, so they also keep JSON syntax out: no braces, brackets or backslash
escapes (a small base model otherwise writes items like "- \\[" or "}},"),
and they start with a letter, a digit or an opening symbol -- not a space, a
bullet or punctuation.  Grammars are cached by schema.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

_CHAR_RULE = re.compile(r"^char ::= .*$", re.MULTILINE)
# Curly double quotes are out too: the base model uses them to write JSON inside a string ("x”,“y").
SAFE_CHAR_RULE = r'char ::= [^"\\\x7F\x00-\x1F{}\[\]|\u201C\u201D\u201E]'
# The first character of a non-empty string is not whitespace: a string of spaces passes
# "minLength 1" in the grammar but is empty once the model's answer is stripped and validated.
FIRST_CHAR_RULE = r'first-char ::= [^"\\\x7F\x00-\x20{}\[\]|,.:;*#!?&=_)/\u201C\u201D\u201E-]'
_NONEMPTY_STRING = '"\\"" char '


@lru_cache(maxsize=64)
def gbnf_for(schema_json: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    text = json_schema_to_gbnf(schema_json)
    text = _CHAR_RULE.sub(lambda _m: SAFE_CHAR_RULE, text)
    if _NONEMPTY_STRING in text:
        text = text.replace(_NONEMPTY_STRING, '"\\"" first-char ') + "\n" + FIRST_CHAR_RULE + "\n"
    return text


@lru_cache(maxsize=64)
def grammar_for(schema_json: str):
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(gbnf_for(schema_json), verbose=False)


def schema_key(schema: dict) -> str:
    return json.dumps(schema, sort_keys=True, separators=(",", ":"))
