"""Shared test helpers: the fixture circulars and the golden-file option."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CIRCULARS = HERE / "fixtures" / "circulars"
ROOT = HERE.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.json from the current parser (review the diff!)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def circular_text(name: str) -> str:
    return (CIRCULARS / name).read_text(encoding="utf-8")


def all_circulars() -> list[Path]:
    """Every test circular of ours plus the sample in data/raw."""
    return sorted(CIRCULARS.glob("*.txt")) + sorted((ROOT / "data" / "raw").glob("*.txt"))


# Layouts whose line breaks carry the structure: tables printed one cell or one row per line (joined,
# a row's cells and the next row's number run together) and a portal page's label block (a label line
# re-wrapped runs into the title). Neither is prose that a print layout or a lost line break reflows.
LINE_BOUND = {"linshui_task_table_cells", "hexi_row_table", "nanxi_portal_labels"}


def reflowable_circulars() -> list[Path]:
    """The test circulars whose text may be re-wrapped or run onto one line without changing its reading."""
    return [path for path in all_circulars() if path.stem not in LINE_BOUND]


def load_cases(name: str) -> list[dict]:
    """A case table of tests/cases/ (targets, incentives …), its ids checked to be unique."""
    import yaml

    cases = yaml.safe_load((HERE / "cases" / name).read_text(encoding="utf-8"))
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), f"duplicate ids in {name}"
    return cases


def case_params(name: str, **marks) -> list:
    """The cases of a table as pytest params, each with its id (and `marks`, e.g. a strict xfail)."""
    return [pytest.param(c, id=c["id"], **marks) for c in load_cases(name)]

