"""JSON schema -> llama.cpp grammar, with JSON-safe strings.

llama-cpp-python's converter lets strings contain raw control characters
(newlines, tabs), which JSON forbids; the string character rule is replaced
by the one llama.cpp itself uses.  Grammars are cached by schema.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

_CHAR_RULE = re.compile(r"^char ::= .*$", re.MULTILINE)
SAFE_CHAR_RULE = r'char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F])'


@lru_cache(maxsize=64)
def gbnf_for(schema_json: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    text = json_schema_to_gbnf(schema_json)
    return _CHAR_RULE.sub(lambda _m: SAFE_CHAR_RULE, text)


@lru_cache(maxsize=64)
def grammar_for(schema_json: str):
    from llama_cpp import LlamaGrammar

    return LlamaGrammar.from_string(gbnf_for(schema_json), verbose=False)


def schema_key(schema: dict) -> str:
    return json.dumps(schema, sort_keys=True, separators=(",", ":"))
