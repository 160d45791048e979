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
