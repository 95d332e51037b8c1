"""Seed documents read once per test session (reading is pure: tests must not mutate them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.readers import read_document

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
DATA = Path(__file__).resolve().parent / "data"

S000 = SEEDS / "000_9617be8be7ae19c4.txt"
S001 = SEEDS / "001_48caaeabbb5fca4e.txt"
S002 = SEEDS / "002_c9a4da374dfe7368.txt"
S003 = SEEDS / "003_7bdd3c690054fc7b.txt"
S004 = SEEDS / "004_30b932585fa1d141.txt"


@pytest.fixture(scope="session")
def seed() -> dict[str, Path]:
    """Seed paths by number: seed["003"]."""
    return {"000": S000, "001": S001, "002": S002, "003": S003, "004": S004}


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def doc000():
    return read_document(S000)


@pytest.fixture(scope="session")
def doc001():
    return read_document(S001)


@pytest.fixture(scope="session")
def doc002():
    return read_document(S002)


@pytest.fixture(scope="session")
def doc003():
    return read_document(S003)


@pytest.fixture(scope="session")
def doc004():
    return read_document(S004)
