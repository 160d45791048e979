"""Targets (量化指标): case tables in tests/cases/targets_*.yaml, split by provenance as in price-parser.

- targets_positive.yaml:        sentences whose targets are listed exactly, in text order
- targets_negative.yaml:        no-match cases: the text yields no target, or only the listed ones
- targets_known_failures.yaml:  cases we get wrong today, strict xfail (a fix must move them)

A case: {id, text, deadlines?: [{text, end, nth?}], targets: [{text, value, unit, comparator?, upper?,
raw_value?, raw_unit?, metric?, modality?, deadline?}]}. `comparator` defaults to eq and `upper` to null;
metric, modality and deadline are checked only when the case gives them (`deadline: null` checks none).
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from conftest import case_params, load_cases
from shuangguoban.models import Deadline, Target
from shuangguoban.targets import extract_targets
from shuangguoban.text import DocText


def _deadlines(text: str, specs: list[dict]) -> list[Deadline]:
    out = []
    for spec in specs or []:
        at = -1
        for _ in range(spec.get("nth", 1)):
            at = text.index(spec["text"], at + 1)
        out.append(Deadline(text=spec["text"], span=(at, at + len(spec["text"])), end=spec["end"]))
    return out


def _run(case: dict) -> list[Target]:
    doc = DocText.of(case["text"])
    return extract_targets(doc, [(0, len(doc.raw))], _deadlines(case["text"], case.get("deadlines")))


def _check(case: dict) -> None:
    text = case["text"]
    found = _run(case)
    for t in found:
        assert text[t.span[0]:t.span[1]] == t.text, "span invariant"
        assert isinstance(t.value, Decimal) and isinstance(t.raw_value, Decimal)
        assert t.upper is None or isinstance(t.upper, Decimal)
    expected = case.get("targets") or []
    assert [t.text for t in found] == [e["text"] for e in expected]
    for t, e in zip(found, expected, strict=True):
        assert t.value == Decimal(str(e["value"])), f"{t.text}: value"
        assert t.unit == e["unit"], f"{t.text}: unit"
        assert t.comparator == e.get("comparator", "eq"), f"{t.text}: comparator"
        upper = e.get("upper")
        assert t.upper == (None if upper is None else Decimal(str(upper))), f"{t.text}: upper"
        if "raw_value" in e:
            assert t.raw_value == Decimal(str(e["raw_value"])), f"{t.text}: raw_value"
        if "raw_unit" in e:
            assert t.raw_unit == e["raw_unit"], f"{t.text}: raw_unit"
        for key in ("metric", "modality"):
            if key in e:
                assert getattr(t, key) == e[key], f"{t.text}: {key}"
        if "deadline" in e:
            assert (t.deadline.text if t.deadline else None) == e["deadline"], f"{t.text}: deadline"


@pytest.mark.parametrize("case", case_params("targets_positive.yaml"))
def test_positive(case):
    _check(case)


@pytest.mark.parametrize("case", case_params("targets_negative.yaml"))
def test_negative(case):
    _check(case)


@pytest.mark.parametrize(
    "case", case_params("targets_known_failures.yaml", marks=pytest.mark.xfail(strict=True, reason="known failure"))
)
def test_known_failures(case):
    _check(case)


def test_case_count():
    total = sum(len(load_cases(n)) for n in ("targets_positive.yaml", "targets_negative.yaml"))
    assert total >= 160


def test_values_are_decimal_never_float():
    text = "年底前新增充电桩3.5万个，完成投资12.75亿元，覆盖率达到百分之九十五，增长1.5倍，提高0.5个百分点。"
    found = extract_targets(DocText.of(text), [(0, len(text))], [])
    assert len(found) == 5
    for t in found:
        for v in (t.value, t.raw_value, t.upper):
            assert v is None or type(v) is Decimal
        assert "E" not in str(t.value)
        dumped = t.model_dump()
        assert not any(isinstance(v, float) for v in dumped.values())


def test_ranges_pieces_and_order():
    text = "一是新增企业8家。（略）二是新建站点3个。"
    second = text.index("二")
    found = extract_targets(DocText.of(text), [(second, len(text)), (0, text.index("（"))], [])
    assert [t.text for t in found] == ["8家", "3个"]
    outside = extract_targets(DocText.of(text), [(0, 5)], [])
    assert outside == []  # 8家 lies across the range end: not in the range


def test_label_deadline_governs_targets_without_one():
    text = "新建5G基站1200个，改造老旧管网30公里。\n完成时限：2025年12月底前"
    label = "2025年12月底前"
    at = text.index(label)
    d = Deadline(text=label, span=(at, at + len(label)), end=dt.date(2025, 12, 31))
    found = extract_targets(DocText.of(text), [(0, len(text))], [d])
    assert [t.text for t in found] == ["1200个", "30公里"]
    assert all(t.deadline == d for t in found)


def test_deadline_after_number_does_not_govern():
    text = "新增就业岗位500个，6月底前完成验收。"
    at = text.index("6月底前")
    d = Deadline(text="6月底前", span=(at, at + 4), end=dt.date(2025, 6, 30))
    (t,) = extract_targets(DocText.of(text), [(0, len(text))], [d])
    assert t.deadline is None


def test_deadline_in_another_sentence_does_not_govern():
    text = "年底前完成规划编制。新增绿地面积20万平方米。"
    d = Deadline(text="年底前", span=(0, 3), end=dt.date(2025, 12, 31))
    (t,) = extract_targets(DocText.of(text), [(0, len(text))], [d])
    assert t.value == Decimal("200000") and t.unit == "平方米" and t.deadline is None


@pytest.mark.parametrize(
    "hostile",
    [
        "（" * 1_000_000,
        "9" * 300_000,
        "1、" * 500_000,
        "1 " * 500_000,
        "1." * 500_000,
        "一" * 1_000_000,
        "1-" * 300_000 + "2个",
        "“" * 500_000 + "3个",
        "百分之" * 300_000,
    ],
    ids=["parens", "digits", "digit-comma", "digit-space", "digit-dot", "cn-one", "dash-chain", "open-quotes", "pct"],
)
def test_hostile_input_is_linear(hostile):
    doc = DocText.of(hostile)
    extract_targets(doc, [(0, 10)], [])  # warm the rule cache outside the timing
    started = time.perf_counter()
    found = extract_targets(doc, [(0, len(hostile))], [])
    assert time.perf_counter() - started < 10  # linear: well under a second on an idle machine
    for t in found:
        assert hostile[t.span[0]:t.span[1]] == t.text


def test_many_targets_stay_fast():
    text = "新增3家、" * 5000
    doc = DocText.of(text)
    started = time.perf_counter()
    found = extract_targets(doc, [(0, len(text))], [])
    assert len(found) == 5000
    assert time.perf_counter() - started < 5


def test_empty_and_odd_ranges():
    doc = DocText.of("新增3家")
    assert extract_targets(doc, [], []) == []
    assert extract_targets(doc, [(3, 3)], []) == []
    assert [t.text for t in extract_targets(doc, [(0, 99)], [])] == ["3家"]


# --- the fast paths give what the plain definitions give ------------------------------------------


def test_context_patterns_read_as_regex_reads_them():
    """The small context patterns are compiled with `re` (see context_re.py); on any text they must
    find exactly what the same source compiled with `regex` finds, spaces and control characters too."""
    import random
    import re

    import regex

    from shuangguoban import commitments, context_re, target_deadlines, target_metrics

    commitments.commitment_table()  # the patterns built from rule tables are built on first use
    commitments._status()
    commitments._count_before()
    target_metrics._patterns()
    target_deadlines._label_patterns()
    assert len(context_re.SOURCES) >= 17
    rng = random.Random(11)
    alphabet = (
        "0123456789.,%年月底前内以上下达到超过不低于至少新增完成企业项目奖励补贴每的,;:()“”\"《》、和及"
        " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000\u2028"
    )
    for source, flags in list(context_re.SOURCES):
        ours = context_re.respaced(source, flags)
        theirs = regex.compile(source, regex.VERBOSE if flags & re.VERBOSE else 0)
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            for pos in (0, len(text) // 2):
                a, b = ours.search(text, pos), theirs.search(text, pos)
                assert (a and a.span()) == (b and b.span()), (source, text, pos)
                a, b = ours.match(text, pos), theirs.match(text, pos)
                assert (a and a.span()) == (b and b.span()), (source, text, pos)


def test_trail_search_window_is_exact():
    """_metric_span looks for a trailing word only in the last _TRAIL_REACH characters: no word is longer."""
    import random

    from shuangguoban import target_metrics as M

    trail = M._patterns().trail
    rng = random.Random(5)
    alphabet = "新增达到突破超过不少于提高至到约为的共计累计规模2024年度(,\n 就业岗位"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        a, b = 0, len(text)
        full = trail.search(text, a, b)
        near = trail.search(text, max(a, b - M._TRAIL_REACH), b)
        assert (full and full.span()) == (near and near.span()), text


def test_quoted_without_an_opening_mark_is_empty():
    from shuangguoban.target_sentences import quoted

    assert quoted("新增3个。”》」』〕\n") == []
    assert quoted("《关于2个》和“3个”") == [(0, 6), (7, 11)]
