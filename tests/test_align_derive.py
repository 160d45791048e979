"""The generator of bench/ALIGN.md (bench/align_derive.py): a provincial circular derived from a city
one with a known alignment, and `align` finding that alignment."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT
from shuangguoban import parse_circular
from shuangguoban.align import align, compared_measures

sys.path.insert(0, str(ROOT / "bench"))
from align_derive import derive  # noqa: E402

CITY = Path(__file__).parent / "fixtures" / "crossdoc" / "chengzhou_city.txt"
SAMPLE = ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt"


def test_derived_text_is_a_provincial_circular():
    text = SAMPLE.read_text(encoding="utf-8")
    derived = derive(text, seed=7)
    province = parse_circular(derived.text)
    assert province.issuer and province.issuer.endswith("省人民政府办公厅")
    assert len(compared_measures(province)) == derived.province_measures
    assert "全市" not in derived.text and "开封市" not in derived.text
    # every true pair names a measure of each side
    city_paths = {m.path for m in compared_measures(parse_circular(text))}
    province_paths = {m.path for m in compared_measures(province)}
    assert {u for u, _ in derived.pairs} <= province_paths and {c for _, c in derived.pairs} <= city_paths
    assert {"raised", "lowered", "equal"} >= set(derived.target_changes.values())


def test_same_seed_same_province():
    text = CITY.read_text(encoding="utf-8")
    assert derive(text, 3).text == derive(text, 3).text
    assert derive(text, 3).text != derive(text, 4).text


def test_no_operations_gives_one_pair_per_measure():
    text = CITY.read_text(encoding="utf-8")
    derived = derive(text, 1, drop=0, merge=0, split=0, own=0)
    assert sorted(c for _, c in derived.pairs) == [str(n) for n in range(1, 7)]
    amounts = {k: v for k, v in derived.target_changes.items() if not k[1].endswith("%")}
    assert amounts and set(amounts.values()) == {"lowered"}     # a province's amounts are larger


@pytest.mark.parametrize("seed", [0, 1])
def test_align_finds_the_derived_pairs(seed):
    text = SAMPLE.read_text(encoding="utf-8")
    derived = derive(text, seed)
    found = {(p.upper.path, p.lower.path) for p in align(parse_circular(derived.text), parse_circular(text)).pairs}
    hits = len(found & derived.pairs)
    precision, recall = hits / len(found), hits / len(derived.pairs)
    assert 2 * precision * recall / (precision + recall) >= 0.9
