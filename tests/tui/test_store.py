"""drafter.store: drafts on disk."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime

import pytest

from drafter import store
from drafter.config import drafts_dir
from drafter.errors import InputError
from drafter.generate.types import RoleRequest
from drafter.schema.markers import Depth
from drafter.testing import sample_blueprint, sample_section


def make_draft(title: str = "Site Reliability Engineer") -> store.Draft:
    bp = sample_blueprint(title, depth="brief")
    request = RoleRequest(title=title, level="senior", track="ic", notes="on-call heavy", depth=Depth.brief)
    draft = store.Draft(id=store.new_draft_id(title), blueprint=bp, request=request, failed={"kpis": "timeout"})
    old = sample_section("kpis", "Old KPIs", depth="brief")
    draft.history["kpis"] = store.SectionHistory(
        versions=[store.SectionVersion(old, "drafted"), store.SectionVersion(bp.kpis, "regenerated: more senior")],
        current=1,
    )
    return draft


def test_ids_are_readable_unique_and_safe():
    when = datetime(2025, 3, 4, 5, 6, 7)
    a = store.new_draft_id("Senior SRE / Platform (EMEA)", when=when)
    b = store.new_draft_id("Senior SRE / Platform (EMEA)", when=when)
    assert a.startswith("senior-sre-platform-emea-20250304-050607-")
    assert a != b
    assert store.new_draft_id("Ingénieur ☃", when=when).startswith("ingenieur-20250304-")
    assert store.new_draft_id("☃☃", when=when).startswith("draft-20250304-")
    assert store.new_draft_id("数据工程师", when=when).startswith("数据工程师-20250304-")
    store.draft_path(store.new_draft_id("数据工程师"))  # a valid id: letters of any script
    with pytest.raises(store.StoreError):
        store.draft_path("../escape")


def test_save_and_load_round_trip_everything(drafter_home):
    draft = make_draft()
    path = store.save_draft(draft)
    assert path == drafts_dir() / f"{draft.id}.json"
    assert path.parent == drafter_home / "drafts"
    loaded = store.load_draft(path)
    assert loaded.blueprint == draft.blueprint
    assert loaded.request == draft.request
    assert loaded.failed == {"kpis": "timeout"}
    history = loaded.history["kpis"]
    assert history.current == 1
    assert [v.label for v in history.versions] == ["drafted", "regenerated: more senior"]
    assert history.versions[0].section == draft.history["kpis"].versions[0].section
    assert loaded.saved_at is not None
    # no temporary files are left behind
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_autosave_is_recovered_when_newer_and_dropped_on_save():
    draft = make_draft()
    saved = store.save_draft(draft)
    draft.blueprint.meta.industry = "fintech"  # an unsaved change
    auto = store.autosave_draft(draft)
    os.utime(auto, (time.time() + 5, time.time() + 5))
    reopened, recovered = store.open_draft(draft.id)
    assert recovered and reopened.blueprint.meta.industry == "fintech"
    infos = store.list_recent()
    assert [(i.id, i.unsaved) for i in infos] == [(draft.id, True)]
    store.save_draft(reopened)
    assert not auto.exists() and saved.exists()
    reopened, recovered = store.open_draft(draft.id)
    assert not recovered and reopened.blueprint.meta.industry == "fintech"


def test_a_broken_autosave_falls_back_to_the_saved_file():
    draft = make_draft()
    store.save_draft(draft)
    auto = store.autosave_path(draft.id)
    auto.write_text("{ half a fi", encoding="utf-8")
    os.utime(auto, (time.time() + 5, time.time() + 5))
    reopened, recovered = store.open_draft(draft.id)
    assert not recovered and reopened.id == draft.id


def test_list_recent_newest_first_skips_junk():
    first, second = make_draft("Data Engineer"), make_draft("ML Engineer")
    p1 = store.save_draft(first)
    p2 = store.save_draft(second)
    os.utime(p1, (1_700_000_000, 1_700_000_000))
    os.utime(p2, (1_700_000_100, 1_700_000_100))
    (drafts_dir() / "notes.json").write_text("[]", encoding="utf-8")  # not a draft
    (drafts_dir() / "broken-1.json").write_text("{", encoding="utf-8")
    infos = store.list_recent()
    assert [i.title for i in infos] == ["ML Engineer", "Data Engineer"]
    assert infos[0].sections == 20 and not infos[0].unsaved
    assert store.list_recent(limit=1)[0].title == "ML Engineer"


def test_list_recent_without_a_drafts_folder_is_empty():
    assert store.list_recent() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "invalid JSON at line 1"),
        ("[1, 2]", "not a drafter draft"),
        (json.dumps({"format": "drafter-draft", "version": 99}), "newer than this drafter"),
        (json.dumps({"format": "drafter-draft", "version": 1, "id": "x-1"}), "missing 'blueprint'"),
        (
            json.dumps({"format": "drafter-draft", "version": 1, "id": "x-1", "blueprint": {"meta": {}}}),
            "invalid draft: meta.title",
        ),
    ],
)
def test_bad_draft_files_are_one_line_input_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        store.load_draft(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_missing_and_directory_paths(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        store.load_draft(tmp_path / "nope.json")
    with pytest.raises(InputError, match="is a directory"):
        store.load_draft(tmp_path)


def test_is_draft_file(tmp_path):
    path = store.save_draft(make_draft())
    assert store.is_draft_file(path)
    other = tmp_path / "blueprint.json"
    other.write_text(sample_blueprint().model_dump_json(), encoding="utf-8")
    assert not store.is_draft_file(other)
    assert not store.is_draft_file(tmp_path / "missing.json")


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(store.StoreError, match="No space left on device"):
        store.atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
