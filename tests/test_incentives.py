"""Incentives (政策兑现): case tables in tests/cases/incentives_*.yaml, as for targets.

- incentives_positive.yaml:        sentences whose incentives (and targets) are listed exactly
- incentives_negative.yaml:        money that is no incentive (budgets, bonds, loans, conditions)
- incentives_known_failures.yaml:  cases we get wrong today, strict xfail

A case: {id, text, incentives?: [{text, value, unit, comparator?, upper?, kind?, recipient?, condition?}],
targets?: [{text, value, unit, comparator?}]}. An absent list means none.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import case_params
from shuangguoban import parse_circular
from shuangguoban.models import Circular, plain_data, walk
from shuangguoban.targets import extract_quantities
from shuangguoban.text import DocText


def _check(case: dict) -> None:
    text = case["text"]
    doc = DocText.of(text)
    targets, incentives = extract_quantities(doc, [(0, len(text))], [])
    for thing in (*targets, *incentives):
        assert text[thing.span[0]:thing.span[1]] == thing.text, "span invariant"
        assert isinstance(thing.value, Decimal) and isinstance(thing.raw_value, Decimal)
    expected = case.get("incentives") or []
    assert [i.text for i in incentives] == [e["text"] for e in expected]
    for i, e in zip(incentives, expected, strict=True):
        assert i.value == Decimal(e["value"]), f"{i.text}: value"
        assert i.unit == e["unit"], f"{i.text}: unit"
        assert i.comparator == e.get("comparator", "eq"), f"{i.text}: comparator"
        upper = e.get("upper")
        assert i.upper == (None if upper is None else Decimal(upper)), f"{i.text}: upper"
        for key in ("kind", "recipient", "condition"):
            if key in e:
                assert getattr(i, key) == e[key], f"{i.text}: {key}"
    wanted = case.get("targets") or []
    assert [t.text for t in targets] == [e["text"] for e in wanted]
    for t, e in zip(targets, wanted, strict=True):
        assert t.value == Decimal(e["value"]) and t.unit == e["unit"], t.text
        assert t.comparator == e.get("comparator", "eq"), f"{t.text}: comparator"


@pytest.mark.parametrize("case", case_params("incentives_positive.yaml"))
def test_positive(case):
    _check(case)


@pytest.mark.parametrize("case", case_params("incentives_negative.yaml"))
def test_negative(case):
    _check(case)


@pytest.mark.parametrize(
    "case", case_params("incentives_known_failures.yaml", marks=pytest.mark.xfail(strict=True, reason="known failure"))
)
def test_known_failures(case):
    _check(case)


def test_parse_carries_incentives_on_measures_and_validates():
    text = "一、支持企业升级\n对首次入规企业给予10万元奖励，全年新增规上企业30家。（县工信局负责）\n"
    result = parse_circular(text)
    Circular.model_validate(plain_data(result))
    measure = next(walk(result.measures))
    assert [i.text for i in measure.incentives] == ["10万元"]
    assert [t.text for t in measure.targets] == ["30家"]


def test_ledgers_and_report_carry_incentives():
    import io

    from openpyxl import load_workbook

    from shuangguoban.markdown import to_markdown
    from shuangguoban.spreadsheets import to_csv, to_xlsx

    text = "一、支持企业升级\n对首次入规企业给予最高10万元奖励。（县工信局负责）\n"
    result = parse_circular(text)
    sheet = load_workbook(io.BytesIO(to_xlsx([result])))["政策兑现"]
    assert [c.value for c in sheet[2]][:8] == ["一", "支持企业升级", "奖励", "10万元", 100000, "元", "≤", None]
    assert "奖励 ≤100000元（首次入规企业）" in to_csv([result])
    assert "- 政策兑现：\n  - 奖励 ≤100000元（首次入规企业）\n" in to_markdown([result])
