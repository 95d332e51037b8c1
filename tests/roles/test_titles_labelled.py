"""Level, track and job family inferred from titles, against a labelled list across job families.

tests/roles/titles_labelled.tsv: one title per line with the level, track and broad job family a reader
would expect (an unmarked title is a mid-level individual contributor).  Every row must come out right.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from drafter import roles
from drafter.request import RoleRequest
from drafter.schema.enums import Level, Track

DATA = Path(__file__).with_name("titles_labelled.tsv")


def _rows() -> list[tuple[str, str, str, str]]:
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    return [(r["title"], r["level"], r["track"], r["family"]) for r in reader]


ROWS = _rows()


def test_the_list_is_broad_enough():
    families = Counter(family for *_, family in ROWS)
    assert len(ROWS) >= 100 and len(families) >= 10, families
    assert all(family in roles.FAMILIES for family in families)
    assert all(Level(level) and track in ("ic", "manager") for _, level, track, _ in ROWS)


@pytest.mark.parametrize("title, level, track, family", ROWS, ids=[r[0] for r in ROWS])
def test_title_is_understood(title, level, track, family):
    r = RoleRequest(title).resolved
    expected_track = Track.individual_contributor if track == "ic" else Track.manager
    assert (r.level, r.track, r.job_family) == (Level(level), expected_track, family)
    assert r.inferred[:2] == ("level", "track")


@pytest.mark.parametrize(
    "title, family",
    [("Senior Product Manager", "Product Management"), ("Registered Nurse", "Nursing"),
     ("Staff Accountant", "Accounting"), ("Senior Platform Engineer", "Platform Engineering"),
     ("VP of People", "People and HR"), ("Account Executive", "Sales")],
)
def test_role_family_names_the_discipline(title, family):
    assert RoleRequest(title).resolved.family == family


def test_given_values_win_and_are_not_marked_inferred():
    r = RoleRequest("Product Manager", level="Principal", track="manager", family="Growth").resolved
    assert (r.level, r.track, r.family, r.inferred) == (Level.principal, Track.manager, "Growth", ())
    meta = RoleRequest("Senior Product Manager", track="ic").to_meta()
    assert (meta.level, meta.track, meta.role_family, meta.inferred) == (
        Level.senior, Track.individual_contributor, "Product Management", ["level", "family"])


@pytest.mark.parametrize(
    "value, level",
    [("Senior", Level.senior), ("sr.", Level.senior), ("senior_manager", Level.senior_manager),
     ("Senior Manager", Level.senior_manager), ("vice-president", Level.vp), ("VP", Level.vp),
     ("STAFF", Level.staff), ("staff engineer", Level.staff), ("entry level", Level.junior), ("II", Level.mid),
     ("", None), (None, None)],
)
def test_parse_level(value, level):
    assert roles.parse_level(value) == level


def test_unknown_level_and_track_are_errors_that_name_the_choices():
    assert roles.parse_level("wizard") is None
    with pytest.raises(ValueError, match="unknown level 'wizard'; use one of: intern, junior"):
        roles.parse_level("wizard", strict=True)
    with pytest.raises(ValueError, match="unknown track 'boss'; use ic or manager"):
        RoleRequest("Engineer", track="boss")
    assert roles.parse_track("Individual contributor") is Track.individual_contributor
    assert roles.parse_track("people-manager") is Track.manager


def test_manager_titles_that_manage_products_not_people():
    for title in ("Product Manager", "Program Manager", "Project Manager", "Account Manager", "Customer Success Manager",
                  "Release Manager", "Community Manager", "Product Marketing Manager"):
        assert roles.manages_people(title) is False, title
    for title in ("Engineering Manager", "Nurse Manager", "Sales Manager", "Design Manager", "Recruiting Manager",
                  "Manager, Product Management", "Group Product Manager", "Warehouse Supervisor"):
        assert roles.manages_people(title) is True, title
    assert roles.manages_people("Software Engineer") is None


def test_request_positional_title_and_inputs():
    r = RoleRequest("Staff SRE", depth="brief", level="staff", track="ic")
    assert r.inputs() == {"title": "Staff SRE", "level": "staff", "track": "ic", "depth": "brief"}
    assert RoleRequest(**r.model_dump()) == r
