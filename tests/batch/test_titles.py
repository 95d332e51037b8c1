"""Reading lists of titles: plain text, CSV, the seeds' title index; notes and refusals; bad files."""

from __future__ import annotations

import pytest

from drafter.errors import InputError
from drafter.titles import (
    MAX_TITLE_LEN,
    TitleEntry,
    detect_format,
    looks_like_title_index,
    parse_title_index,
    parse_titles,
    read_titles_file,
    title_problem,
)

SEED_002 = "002_c9a4da374dfe7368.txt"


# ------------------------------------------------------------------ the seed title index


def test_seed_002_gives_30_titles_with_summaries(seeds_dir):
    titles = read_titles_file(seeds_dir / SEED_002)
    assert titles.format == "index"
    assert len(titles) == 30
    assert titles.notes == []
    first, last = titles.entries[0], titles.entries[-1]
    assert first == TitleEntry(title="Head of Reliability Engineering", summary=first.summary, line=1)
    assert last.title == "DevOps Manager" and last.line == 59
    assert all(e.summary and len(e.summary) > 100 for e in titles)
    # Markdown bold is removed, the text is kept.
    assert "**" not in first.summary
    assert "available, resilient, performant, and recoverable" in first.summary
    assert "Global Head of SRE" in [e.title for e in titles]


@pytest.mark.parametrize("name", ["000_9617be8be7ae19c4.txt", "001_48caaeabbb5fca4e.txt", "004_30b932585fa1d141.txt"])
def test_other_seeds_are_not_title_indexes(seeds_dir, name):
    assert not looks_like_title_index((seeds_dir / name).read_text(encoding="utf-8"))


def test_title_index_is_matched_loosely_and_skips_noise_before_the_first_heading():
    text = (
        "Skip to content\nMenu\n\n"
        "## **Staff SRE**: role blueprint – responsibilities and KPIs\n\n"
        "The **Staff SRE** keeps things up.\nSecond line of the same paragraph.\n\n"
        "- Data Engineer : Role Blueprint\n"
        "Builds pipelines.\n"
    )
    assert looks_like_title_index(text)
    entries = parse_title_index(text)
    assert [(e.title, e.line) for e in entries] == [("Staff SRE", 4), ("Data Engineer", 9)]
    assert entries[0].summary == "The Staff SRE keeps things up. Second line of the same paragraph."
    assert entries[1].summary == "Builds pipelines."


def test_a_single_heading_only_counts_as_an_index_at_the_top():
    assert looks_like_title_index("Platform Engineer: Role Blueprint, Skills\nSummary.\n")
    assert not looks_like_title_index("Platform Engineer\nSRE: role blueprint fans\n")


# ------------------------------------------------------------------ plain text


def test_plain_text_drops_blanks_and_duplicates_with_notes_and_refuses_bad_titles(tmp_path):
    long_title = "Principal " + "x" * 130
    path = tmp_path / "titles.txt"
    path.write_text(
        "Staff Platform Engineer\n"
        "\n"
        "- Data Engineer\n"
        "staff  platform engineer \n"  # duplicate: case and spacing differ
        f"{long_title}\n"
        "Bad\tTitle\n"
        "# a comment line\n"
        "2. Head of AI\n"
        "Ingénieur Logiciel\n"
        "\n\n",
        encoding="utf-8",
    )
    titles = read_titles_file(path)
    assert titles.format == "text"
    assert [e.title for e in titles] == ["Staff Platform Engineer", "Data Engineer", "Head of AI", "Ingénieur Logiciel"]
    assert [e.line for e in titles] == [1, 3, 8, 9]
    notes = {n.line: n for n in titles.notes}
    assert notes[2].kind == "blank" and "1 blank line" in notes[2].message
    assert notes[4].kind == "duplicate" and "same as line 1" in notes[4].message
    assert notes[5].kind == "refused" and f"at most {MAX_TITLE_LEN}" in notes[5].message
    assert notes[6].kind == "refused" and "control character" in notes[6].message
    assert str(notes[6]).startswith("line 6: refused")
    assert len(titles.refused) == 2
    assert len(titles.notes) == 4  # trailing blank lines are not worth a note


@pytest.mark.parametrize(
    ("title", "problem"),
    [("", "empty"), ("   ", "empty"), ("A\x00B", "control"), ("Zero\u200bwidth", "control"), ("x" * 121, "at most 120")],
)
def test_title_problem(title, problem):
    assert problem in title_problem(title)


@pytest.mark.parametrize(
    "name", ["000_9617be8be7ae19c4.txt", "001_48caaeabbb5fca4e.txt", "003_7bdd3c690054fc7b.txt", "004_30b932585fa1d141.txt"]
)
def test_documents_are_not_mistaken_for_lists_of_titles(seeds_dir, name):
    message = _err(seeds_dir / name)
    assert "not a list of titles" in message or "does not look like a list of titles" in message


def test_a_few_long_lines_in_a_long_list_are_only_refused(tmp_path):
    path = tmp_path / "titles.txt"
    lines = [f"Engineer {i}" for i in range(40)] + ["This line is a sentence that somebody pasted by mistake into the list."]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(read_titles_file(path)) == 41  # under 10 % prose: kept (and under 120 characters)


def test_title_problem_accepts_normal_titles():
    assert title_problem("x" * 120) is None
    assert title_problem("Directeur·rice de l'ingénierie") is None


def test_crlf_and_utf16_files(tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"SRE\r\nData Engineer\r\n")
    assert [e.title for e in read_titles_file(crlf)] == ["SRE", "Data Engineer"]
    utf16 = tmp_path / "excel.txt"
    utf16.write_bytes("SRE\nHead of Données\n".encode("utf-16"))
    assert [e.title for e in read_titles_file(utf16)] == ["SRE", "Head of Données"]


# ------------------------------------------------------------------ CSV


def test_csv_with_extra_columns_and_fields(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text(
        "Title,Level,Track,Company Size,industry,notes,owner,Summary\n"
        'Staff Platform Engineer,staff,IC,enterprise,fintech,"PCI scope, on-call",alice,Builds the platform.\n'
        "Engineering Manager,senior,manager,,healthcare,,bob,\n"
        ",,,,,,,\n"
        "Engineering Manager,Senior,Manager,,Healthcare,other notes,carol,\n",
        encoding="utf-8",
    )
    titles = read_titles_file(path)
    assert titles.format == "csv"
    assert len(titles) == 2
    first, second = titles.entries
    assert first == TitleEntry(
        title="Staff Platform Engineer", summary="Builds the platform.", line=2, level="staff", track="ic",
        company_size="enterprise", industry="fintech", notes="PCI scope, on-call",
    )
    assert (second.track, second.industry, second.summary, second.line) == ("manager", "healthcare", None, 3)
    kinds = {n.kind: n for n in titles.notes}
    assert "owner" in kinds["ignored"].message
    assert kinds["blank"].line == 4
    assert kinds["duplicate"].line == 5 and "same as line 3" in kinds["duplicate"].message


def test_csv_with_bom_and_semicolons(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufefftitle;level;context\nSRE;senior;Runs prod; carefully\nData Engineer;;\n".encode("utf-8"))
    titles = read_titles_file(path)
    assert [(e.title, e.level) for e in titles] == [("SRE", "senior"), ("Data Engineer", None)]
    assert titles.entries[0].summary == "Runs prod"  # a 4th field without a header is ignored


def test_csv_detected_without_csv_extension_and_tabs(tmp_path):
    path = tmp_path / "roles.txt"
    path.write_text("title\tlevel\nSRE\tstaff\n", encoding="utf-8")
    titles = read_titles_file(path)
    assert titles.format == "csv" and titles.entries[0].level == "staff"
    assert detect_format("title,level\nSRE,staff\n") == "csv"
    assert detect_format("SRE\nData Engineer\n") == "text"


def test_csv_quoted_multiline_notes_keep_the_row_line(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text('title,notes\nSRE,"line one\nline two"\nData Engineer,\n', encoding="utf-8")
    titles = read_titles_file(path)
    assert titles.entries[0].notes == "line one\nline two"
    assert [e.line for e in titles] == [2, 4]


def test_csv_bad_track_is_refused_with_its_line(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text("title,track\nSRE,wizard\nData Engineer,ic\n", encoding="utf-8")
    titles = read_titles_file(path)
    assert [e.title for e in titles] == ["Data Engineer"]
    assert titles.refused[0].line == 2 and "track must be" in titles.refused[0].message


def test_csv_row_with_empty_title_is_refused(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text("title,level\n,senior\nSRE,\n", encoding="utf-8")
    titles = read_titles_file(path)
    assert [e.title for e in titles] == ["SRE"]
    assert titles.refused[0].line == 2 and "empty title" in titles.refused[0].message


# ------------------------------------------------------------------ bad files


def _err(path) -> str:
    with pytest.raises(InputError) as info:
        read_titles_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert info.value.exit_code == 2
    return message


def test_bad_files_raise_one_line_input_errors(tmp_path):
    assert "no such file" in _err(tmp_path / "missing.txt")
    assert "is a directory" in _err(tmp_path)

    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _err(binary)

    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Ingénieur\n".encode("latin-1"))
    assert "not UTF-8" in _err(latin1)

    no_title = tmp_path / "roles.csv"
    no_title.write_text("name,level\nSRE,staff\n", encoding="utf-8")
    assert "no 'title' column" in _err(no_title)

    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n  \n", encoding="utf-8")
    assert "no titles found" in _err(empty)

    only_bad = tmp_path / "bad.txt"
    only_bad.write_text("Staff\x07Engineer\n", encoding="utf-8")
    assert "no usable titles" in _err(only_bad)


def test_parse_titles_in_memory():
    titles = parse_titles("SRE\nSRE\n")
    assert len(titles) == 1 and titles.notes[0].kind == "duplicate"
