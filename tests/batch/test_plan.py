"""Variants, the cross product, requests built from items, and safe file names."""

from __future__ import annotations

import pytest

from drafter.batch import inside, item_stem, parse_variants, plan_batch, slugify, variant_combinations
from drafter.batch.names import is_safe_name, unique_stem
from drafter.errors import UsageError
from drafter.schema.markers import Depth
from drafter.schema.enums import Level, Track
from drafter.titles import parse_titles


def test_parse_variants_keeps_order_merges_repeats_and_accepts_aliases():
    axes = parse_variants(
        ["company-size=startup, enterprise", "industry=fintech,healthcare,", "company_size=Startup,mid-size", "geo=EMEA"]
    )
    assert axes == {"company_size": ["startup", "enterprise", "mid-size"], "industry": ["fintech", "healthcare"], "geography": ["EMEA"]}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("colour=red", "unknown axis 'colour'"),
        ("industry=", "no values given"),
        ("industry= , ,", "no values given"),
        ("industry", "expected AXIS=value1,value2"),
        ("industry=" + "x" * 61, "longer than 60"),
        ("industry=fin\ttech", "control character"),
    ],
)
def test_bad_variants_are_one_line_usage_errors(spec, message):
    with pytest.raises(UsageError) as info:
        parse_variants([spec])
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 2


def test_cross_product():
    combos = variant_combinations({"company_size": ["startup", "enterprise"], "industry": ["fintech", "healthcare", "retail"]})
    assert len(combos) == 6
    assert combos[0] == {"company_size": "startup", "industry": "fintech"}
    assert combos[-1] == {"company_size": "enterprise", "industry": "retail"}
    assert variant_combinations({}) == [{}]


def test_plan_is_titles_times_variants_with_unique_stable_names():
    titles = parse_titles("Staff SRE\nData Engineer\n")
    axes = parse_variants(["company_size=startup,enterprise", "industry=fintech,healthcare"])
    plan = plan_batch(titles, axes)
    assert len(plan) == 8
    stems = [i.stem for i in plan.items]
    assert len(set(stems)) == 8
    assert stems[0] == "staff-sre--company_size-startup--industry-fintech"
    assert plan_batch(titles, axes).items == plan.items  # deterministic
    # Keys depend on what the item is, not where it is in the list.
    reordered = plan_batch(parse_titles("Data Engineer\nStaff SRE\n"), axes)
    assert {i.key: i.stem for i in reordered.items} == {i.key: i.stem for i in plan.items}


def test_request_maps_axes_to_fields_and_notes():
    titles = parse_titles("title,level,track,notes\nStaff SRE,staff,ic,Owns SLOs\n", fmt="csv")
    axes = parse_variants(["company_size=startup", "industry=fintech", "geography=EMEA", "regulation=regulated"])
    item = plan_batch(titles, axes).items[0]
    request = item.request(Depth.brief)
    assert (request.title, request.level, request.track) == ("Staff SRE", Level.staff, Track.individual_contributor)
    assert (request.company_size, request.industry, request.depth) == ("startup", "fintech", Depth.brief)
    assert request.notes.startswith("Owns SLOs\n")
    assert "Geography: EMEA" in request.notes and "regulated" in request.notes
    assert "fintech" not in request.notes  # company_size / industry are fields, not notes
    assert item.label() == "Staff SRE [level=staff, track=ic, company_size=startup, industry=fintech, geography=EMEA, regulation=regulated]"


def test_index_summary_becomes_context(seeds_dir):
    from drafter.titles import read_titles_file

    plan = plan_batch(read_titles_file(seeds_dir / "002_c9a4da374dfe7368.txt"), {})
    assert len(plan) == 30
    assert plan.items[0].request().context.startswith("The Head of Reliability Engineering is accountable")


def test_a_row_that_sets_an_axis_is_not_varied_along_it():
    titles = parse_titles("title,industry\nSRE,retail\nData Engineer,\n", fmt="csv")
    plan = plan_batch(titles, parse_variants(["industry=fintech,healthcare"]))
    assert [(i.title, i.request().industry) for i in plan.items] == [
        ("SRE", "retail"), ("Data Engineer", "fintech"), ("Data Engineer", "healthcare"),
    ]
    assert plan.notes and "not varied" in plan.notes[0]


def test_same_title_different_levels_get_different_names():
    titles = parse_titles("title,level\nSRE,senior\nSRE,staff\n", fmt="csv")
    stems = [i.stem for i in plan_batch(titles, {}).items]
    assert stems == ["sre--level-senior", "sre--level-staff"]


def test_known_stems_are_kept_and_collisions_get_a_suffix():
    titles = parse_titles("C Engineer\nC/ Engineer\n")  # both slug to "c-engineer"
    plan = plan_batch(titles, {})
    assert [i.stem for i in plan.items] == ["c-engineer", "c-engineer-2"]
    # An earlier manifest gave the second title the plain name: it keeps it, the other moves.
    second = plan.items[1]
    again = plan_batch(titles, {}, known_stems={second.key: "c-engineer"})
    assert {i.title: i.stem for i in again.items} == {"C Engineer": "c-engineer-2", "C/ Engineer": "c-engineer"}


# ------------------------------------------------------------------ names

HOSTILE = ["../../etc/passwd", "a/b", "a\\b", "..", ".hidden", "CON", "nul", "COM1", "Ingénieur Données", "数据工程师", "🚀", "x" * 500, "C++ Dev", "C# Dev"]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_give_safe_names_inside_the_directory(tmp_path, title):
    stem = item_stem(title, [("industry", "../fin/tech"), ("geography", "..")])
    for name in (stem, f"{stem}.json", f"{stem}.partial.json"):
        assert is_safe_name(name)
        assert inside(tmp_path, name).parent == tmp_path.resolve()
    assert len(f"{stem}.partial.json".encode()) <= 255
    assert stem.lower() not in {"con", "nul", "com1"}
    assert item_stem(title).lower() not in {"con", "nul", "com1"}  # Windows device names


def test_slugs():
    assert slugify("Head of AI/ML Platform") == "head-of-ai-ml-platform"
    assert slugify("Ingénieur Données") == "ingenieur-donnees"
    assert slugify("数据工程师") == "数据工程师"
    assert slugify("C++ Dev") != slugify("C Dev")
    assert slugify("!!!") == "untitled"
    assert item_stem("CON") == "con-role"
    long_a, long_b = item_stem("a" * 300), item_stem("a" * 299 + "b")
    assert long_a != long_b and len(long_a) <= 120


def test_unique_stem_is_case_insensitive():
    assert unique_stem("SRE", {"sre", "sre-2"}) == "SRE-3"


@pytest.mark.parametrize("name", ["../x", "a/b", "..", ".x", "", "a\\b"])
def test_inside_refuses_unsafe_names(tmp_path, name):
    with pytest.raises(ValueError):
        inside(tmp_path, name)
