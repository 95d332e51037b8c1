"""Cache keys: canonical, sensitive to what changes an answer, blind to key order."""

from __future__ import annotations

from drafter.generate.cache import ResponseCache, canonical_json, request_key

BASE = dict(
    model="openai/gpt-4o-mini",
    api_base=None,
    messages=[{"role": "system", "content": "S"}, {"role": "user", "content": "U"}],
    schema={"type": "object", "properties": {"a": {"type": "string", "maxLength": 90}}},
    params={"temperature": None, "max_tokens": 400, "mode": "TOOLS"},
    prompt_version="p1",
    schema_version="1.0",
)


def key(**changes):
    return request_key(**{**BASE, **changes})


def test_keyword_and_dict_order_do_not_change_the_key():
    reordered = dict(reversed(list(BASE.items())))
    reordered["messages"] = [{"content": "S", "role": "system"}, {"content": "U", "role": "user"}]
    reordered["params"] = {"mode": "TOOLS", "max_tokens": 400, "temperature": None}
    assert request_key(**reordered) == key()
    assert canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}) == '{"a":[1,{"c":3,"d":2}],"b":1}'


def test_everything_that_changes_an_answer_changes_the_key():
    seen = {key()}
    for changes in (
        {"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U edited"}]},
        {"schema": {"type": "object", "properties": {"a": {"type": "string", "maxLength": 91}}}},
        {"params": {**BASE["params"], "temperature": 0.2}},
        {"params": {**BASE["params"], "max_tokens": 401}},
        {"model": "openai/gpt-4o"},
        {"api_base": "http://127.0.0.1:8080/v1"},
        {"prompt_version": "p2"},
        {"schema_version": "1.1"},
    ):
        k = key(**changes)
        assert k not in seen, changes
        seen.add(k)


def test_messages_edited_in_place_after_keying_do_not_affect_the_stored_key(tmp_path):
    messages = [{"role": "user", "content": "U"}]
    k1 = key(messages=messages)
    messages[0]["content"] = "changed"  # e.g. a library appending a reask in place
    assert key(messages=[{"role": "user", "content": "U"}]) == k1


def test_round_trip_and_counters(tmp_path):
    cache = ResponseCache(tmp_path / "c")
    assert cache.get("k") is None and cache.misses == 1
    cache.set("k", {"data": {"a": "b"}, "usage": {"prompt_tokens": 3}})
    assert cache.get("k")["data"] == {"a": "b"} and cache.hits == 1
    cache.close()
    assert ResponseCache(tmp_path / "c").get("k")["usage"] == {"prompt_tokens": 3}


def test_a_broken_cache_folder_does_not_fail(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ResponseCache(blocker / "cache")
    cache.set("k", {"data": {}})
    assert cache.get("k") is None
