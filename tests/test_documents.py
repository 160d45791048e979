"""Whole documents: golden outputs of our own circulars, the span invariant on every input, and
data/structured kept fresh. Refresh goldens with `pytest --update-golden` and review the diff."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CIRCULARS, ROOT, all_circulars
from shuangguoban import load_circular
from shuangguoban.models import walk
from shuangguoban.writers import to_json, to_yaml

GOLDEN = Path(__file__).parent / "golden"


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", sorted(CIRCULARS.glob("*.txt")), ids=lambda p: p.stem)
def test_golden_output(path: Path, update_golden: bool):
    circular = load_circular(path)
    data = json.loads(to_json(circular), parse_float=Decimal)
    data["source"]["path"] = path.name          # independent of where pytest runs
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"
    golden = GOLDEN / f"{path.stem}.json"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file for {path.name}: run pytest --update-golden and review it"
    assert text == golden.read_text(encoding="utf-8"), f"{path.name} differs from {golden.name}; review and refresh"


@pytest.mark.parametrize("path", all_circulars(), ids=lambda p: p.stem)
def test_every_span_indexes_its_text(path: Path):
    text = path.read_text(encoding="utf-8")
    circular = load_circular(path)
    assert circular.source.length == len(text)
    count = 0
    for measure in walk(circular.measures):
        assert text[measure.span[0]:measure.span[1]] == measure.text
        for thing in (*measure.targets, *measure.deadlines, *measure.time_expressions):
            assert text[thing.span[0]:thing.span[1]] == thing.text
            count += 1
        for agency in measure.responsible_units:
            if agency.span is not None:
                assert text[agency.span[0]:agency.span[1]] == agency.raw
                count += 1
    for warning in circular.warnings:
        if warning.span:
            assert 0 <= warning.span[0] <= warning.span[1] <= len(text)
    assert count > 0


@pytest.mark.parametrize("raw", sorted((ROOT / "data" / "raw").glob("*.txt")), ids=lambda p: p.stem)
def test_structured_data_is_fresh(raw: Path, monkeypatch):
    """data/structured/ holds exactly what `make structured` writes for each raw circular."""
    monkeypatch.chdir(ROOT)
    circular = load_circular(_relative(raw))
    for suffix, render in ((".json", to_json), (".yaml", to_yaml)):
        stored = ROOT / "data" / "structured" / f"{raw.stem}{suffix}"
        assert stored.exists(), f"{stored.name} is missing: run make structured"
        assert stored.read_text(encoding="utf-8") == render(circular), f"{stored.name} is stale: run make structured"
