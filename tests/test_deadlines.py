"""Tests of the deadlines stage (时限): case tables in tests/cases/deadlines_*.yaml, plus the API's edges.

Every test pins its reference date; nothing here reads today's date.
"""

from __future__ import annotations

import datetime
import time
import types
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangguoban import dates, deadlines, time_patterns, time_prefilter, time_resolve, time_scan, time_words
from shuangguoban.dates import find_full_dates, parse_full_date, resolve_month_day
from shuangguoban.deadlines import TimeFindings, extract_times
from shuangguoban.models import ReferenceDate
from shuangguoban.text import DocText

CASES = Path(__file__).parent / "cases"


def _load(name: str) -> list[dict]:
    cases = yaml.safe_load((CASES / name).read_text(encoding="utf-8")) or []
    assert isinstance(cases, list), name
    return cases


def _params(name: str, *marks: pytest.MarkDecorator) -> list:
    return [pytest.param(case, id=str(case.get("id", i)), marks=marks) for i, case in enumerate(_load(name))]


def _reference(case: dict) -> ReferenceDate:
    value = case.get("reference")
    basis = case.get("basis") or ("date" if value else "none")
    return ReferenceDate(date=value, basis=basis)


def _ranges(case: dict) -> list[tuple[int, int]]:
    text = case["text"]
    cut = case.get("exclude")
    if not cut:
        return [(0, len(text))]
    at = text.index(cut)
    return [(0, at), (at + len(cut), len(text))]


def _find_in_order(text: str, wanted: list[str]) -> list[tuple[int, int]]:
    """Where each expected surface stands, searching left to right."""
    spans, cursor = [], 0
    for surface in wanted:
        at = text.find(surface, cursor)
        assert at >= 0, f"expected surface {surface!r} is not in the text after offset {cursor}"
        spans.append((at, at + len(surface)))
        cursor = at + 1
    return spans


def _check_case(case: dict) -> None:
    text = case["text"]
    doc = DocText.of(text)
    found = extract_times(doc, _ranges(case), _reference(case))
    assert isinstance(found, TimeFindings)

    got = [(d.text, d.start, d.end) for d in found.deadlines]
    want = [(d["text"], d.get("start"), d.get("end")) for d in case["deadlines"]]
    assert got == want

    spans = _find_in_order(text, [d["text"] for d in case["deadlines"]])
    assert [d.span for d in found.deadlines] == spans
    for item in (*found.deadlines, *found.others):
        assert doc.raw[item.span[0]:item.span[1]] == item.text

    if "others" in case:
        assert [(o.text, o.kind) for o in found.others] == [(o["text"], o["kind"]) for o in case["others"]]
        other_spans = _find_in_order(text, [o["text"] for o in case["others"]])
        assert [o.span for o in found.others] == other_spans


# --------------------------------------------------------------------------------------------------
# The case tables
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", _params("deadlines_positive.yaml"))
def test_positive(case: dict) -> None:
    _check_case(case)


@pytest.mark.parametrize("case", _params("deadlines_negative.yaml"))
def test_negative(case: dict) -> None:
    assert case["deadlines"] == []
    _check_case(case)


@pytest.mark.parametrize("case", _params("deadlines_known_failures.yaml", pytest.mark.xfail(strict=True)))
def test_known_failure(case: dict) -> None:
    _check_case(case)


def test_case_tables_are_well_formed() -> None:
    ids: set[str] = set()
    total = 0
    for name in ("deadlines_positive.yaml", "deadlines_negative.yaml", "deadlines_known_failures.yaml"):
        for case in _load(name):
            total += 1
            assert {"id", "text", "reference", "deadlines"} <= set(case), case
            assert case["id"] not in ids, f"duplicate id {case['id']}"
            ids.add(case["id"])
            assert case["reference"] is None or isinstance(case["reference"], datetime.date)
            for d in case["deadlines"]:
                assert {"text", "start", "end"} <= set(d), d
    assert total >= 110


# --------------------------------------------------------------------------------------------------
# Warnings and the reference date
# --------------------------------------------------------------------------------------------------

def test_unknown_reference_warns_for_each_relative_deadline() -> None:
    text = "6月底前完成普查，2025年底前完成整改，上半年完成评估。"
    found = extract_times(DocText.of(text), [(0, len(text))], ReferenceDate(date=None, basis="none"))
    assert [(d.text, d.end) for d in found.deadlines] == [
        ("6月底前", None), ("2025年底前", datetime.date(2025, 12, 31)), ("上半年", None)]
    assert [w.code for w in found.warnings] == ["unresolved_deadline", "unresolved_deadline"]
    assert [w.span for w in found.warnings] == [found.deadlines[0].span, found.deadlines[2].span]
    assert all("reference date" in w.message for w in found.warnings)


def test_impossible_date_is_a_warning_not_a_deadline() -> None:
    text = "2025年2月30日前完成。"
    found = extract_times(DocText.of(text), [(0, len(text))], ReferenceDate(date=datetime.date(2025, 1, 2), basis="date"))
    assert found.deadlines == []
    assert [w.code for w in found.warnings] == ["invalid_date"]


def test_date_with_a_lost_month_warns_and_is_no_deadline() -> None:
    text = "推进管网改造，815日前完成招标，9月15日前完成施工。"
    found = extract_times(DocText.of(text), [(0, len(text))], ReferenceDate(date=datetime.date(2025, 3, 1), basis="date"))
    assert [d.text for d in found.deadlines] == ["9月15日前"]
    at = text.index("815")
    assert [(w.code, w.span) for w in found.warnings] == [("malformed_date", (at, at + len("815日前")))]


def test_ranges_limit_the_search_and_offsets_stay_absolute() -> None:
    text = "一、总体要求。年底前完成。二、具体措施。6月底前启动。"
    start = text.index("二")
    found = extract_times(DocText.of(text), [(start, len(text))], ReferenceDate(date=datetime.date(2024, 3, 1), basis="date"))
    assert [(d.text, d.span) for d in found.deadlines] == [("6月底前", (text.index("6月"), text.index("6月") + 4))]


def test_empty_and_out_of_range_ranges() -> None:
    doc = DocText.of("年底前完成。")
    ref = ReferenceDate(date=datetime.date(2024, 3, 1), basis="date")
    assert extract_times(doc, [], ref) == TimeFindings([], [], [])
    assert extract_times(doc, [(3, 3), (10, 20)], ref) == TimeFindings([], [], [])


# --------------------------------------------------------------------------------------------------
# No clock
# --------------------------------------------------------------------------------------------------

_CLOCK_TEXT = "6月底前完成，明年3月底前验收，上半年培训，春节前发放，年内建成，每月5日前报送，30日内办结，自2025年1月1日起施行。"


class _FakeDate(datetime.date):
    @classmethod
    def today(cls):  # type: ignore[override]
        return cls(2031, 7, 9)


class _FakeDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2031, 7, 9, 12, 0, 0)

    @classmethod
    def today(cls):  # type: ignore[override]
        return cls(2031, 7, 9, 12, 0, 0)

    @classmethod
    def utcnow(cls):  # type: ignore[override]
        return cls(2031, 7, 9, 12, 0, 0)


def _times() -> TimeFindings:
    ref = ReferenceDate(date=datetime.date(2024, 11, 20), basis="date")
    return extract_times(DocText.of(_CLOCK_TEXT), [(0, len(_CLOCK_TEXT))], ref)


def test_results_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _times()
    fake_dt = types.SimpleNamespace(date=_FakeDate, datetime=_FakeDateTime, timedelta=datetime.timedelta)
    for module in (dates, time_resolve, time_scan):
        monkeypatch.setattr(module, "dt", fake_dt)
    monkeypatch.setattr(time, "time", lambda: 1_941_000_000.0)
    monkeypatch.setattr(time, "time_ns", lambda: 1_941_000_000 * 10**9)
    time_patterns.scan_patterns.cache_clear()      # type: ignore[attr-defined]
    time_words.time_rules.cache_clear()            # type: ignore[attr-defined]
    after = _times()
    assert after == before
    assert [d.end for d in after.deadlines] == [
        datetime.date(2025, 6, 30), datetime.date(2025, 3, 31), datetime.date(2025, 6, 30),
        datetime.date(2025, 1, 28), datetime.date(2024, 12, 31)]


def test_no_clock_reads_in_source() -> None:
    for module in (dates, deadlines, time_patterns, time_prefilter, time_resolve, time_scan, time_words):
        source = Path(module.__file__).read_text(encoding="utf-8")
        for call in ("today(", "now(", "utcnow(", "time.time", "localtime("):
            assert call not in source, module.__name__


# --------------------------------------------------------------------------------------------------
# parse_full_date, find_full_dates, resolve_month_day
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("2024年5月23日", datetime.date(2024, 5, 23)),
    ("二〇二四年五月二十三日", datetime.date(2024, 5, 23)),
    ("二○二五年十二月三十一日", datetime.date(2025, 12, 31)),
    ("2025-04-08", datetime.date(2025, 4, 8)),
    ("2025/4/8", datetime.date(2025, 4, 8)),
    ("2025.4.8", datetime.date(2025, 4, 8)),
    ("2024年5月23号", datetime.date(2024, 5, 23)),
    ("２０２４年５月２３日", datetime.date(2024, 5, 23)),
    ("  2024年5月23日 ", datetime.date(2024, 5, 23)),
    ("（2024年5月23日）", datetime.date(2024, 5, 23)),
    ("2024 年 5 月 23 日", datetime.date(2024, 5, 23)),
])
def test_parse_full_date(text: str, value: datetime.date) -> None:
    assert parse_full_date(text) == value


@pytest.mark.parametrize("text", [
    "", "2024年5月", "5月23日", "2024年2月30日", "2024年13月1日", "2025-13-01", "20245年5月3日",
    "2024年5月23日印发", "豫政办〔2024〕18号", "2024.5", "12.5万亩",
])
def test_parse_full_date_rejects(text: str) -> None:
    assert parse_full_date(text) is None


def test_find_full_dates() -> None:
    text = "鹭丘市人民政府办公室\n2025年3月12日\n（此件公开发布）\n发布日期：２０２５年３月１４日 文号〔2025〕9号"
    doc = DocText.of(text)
    found = find_full_dates(doc, 0, len(text))
    assert [(doc.raw[s:e], value) for s, e, value in found] == [
        ("2025年3月12日", datetime.date(2025, 3, 12)), ("２０２５年３月１４日", datetime.date(2025, 3, 14))]
    assert find_full_dates(doc, 0, 10) == []


def test_resolve_month_day() -> None:
    ref = ReferenceDate(date=datetime.date(2024, 5, 23), basis="date")
    assert resolve_month_day(6, 4, ref) == datetime.date(2024, 6, 4)
    assert resolve_month_day(1, 3, ref) == datetime.date(2024, 1, 3)
    assert resolve_month_day(2, 30, ref) is None
    assert resolve_month_day(6, 4, ReferenceDate(date=None, basis="none")) is None


# --------------------------------------------------------------------------------------------------
# Rules, robustness
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "qingming"), [(2024, 4), (2025, 4), (2026, 5), (2027, 5), (2028, 4)])
def test_qingming_dates(year: int, qingming: int) -> None:
    text = f"{year}年清明节前完成。"
    found = extract_times(DocText.of(text), [(0, len(text))], ReferenceDate(date=datetime.date(year, 1, 1), basis="date"))
    assert [d.end for d in found.deadlines] == [datetime.date(year, 4, qingming - 1)]


@pytest.mark.parametrize("hostile", [
    "（" * 200_000,
    "1" * 300_000,
    "二" * 200_000,
    "每" * 100_000,
    "自" * 100_000,
    "前" * 100_000,
    "6月、" * 20_000,
    "2024年" * 20_000,
    "1-" * 100_000,
])
def test_hostile_input_is_fast(hostile: str) -> None:
    doc = DocText.of(hostile)
    ref = ReferenceDate(date=datetime.date(2024, 5, 23), basis="date")
    started = time.perf_counter()
    found = extract_times(doc, [(0, len(hostile))], ref)
    assert time.perf_counter() - started < 20
    for item in (*found.deadlines, *found.others):
        assert doc.raw[item.span[0]:item.span[1]] == item.text


_ALPHABET = "0123456789０１２３年月日号底末前内旬上中下半季度第一二三四五六七八九十〇每自从起至到—、，。；\n （）春节端午国庆较全当明今次个工作"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=60), year=st.integers(1990, 2060),
       known=st.booleans(), cut=st.integers(0, 60))
def test_any_text_never_raises_and_spans_hold(text: str, year: int, known: bool, cut: int) -> None:
    doc = DocText.of(text)
    ref = ReferenceDate(date=datetime.date(year, 6, 15) if known else None, basis="date" if known else "none")
    cut = min(cut, len(text))
    found = extract_times(doc, [(0, cut), (cut, len(text))], ref)
    for item in (*found.deadlines, *found.others):
        s, e = item.span
        assert 0 <= s < e <= len(text)
        assert doc.raw[s:e] == item.text
    for d in found.deadlines:
        assert d.start is None or d.end is None or d.start <= d.end
    assert [d.span for d in found.deadlines] == sorted(d.span for d in found.deadlines)


_PREFILTER_TEXTS = [
    "截止到二〇二五年底前完成，2024——2026年实施，十一——十二月份开展，“元宵节”之前，三十五个工作日以内办结。",
    "每两周通报，按季度调度，自本通知印发之日起施行，从5月至10月，上半年、前三季度，全年目标，今年内，下一年3月底前。",
    "2025-04-08印发，615日前报送，5月中下旬，第三季度末，2024年度，较2023年增长，12345678901234567890年，年底前，春节前。",
    "6月4日,开封市印发措施。确保6月底前完成，力争三季度末投用，年底前建成，截至2023年底，已建成5个。",
]


@pytest.mark.parametrize("text", _PREFILTER_TEXTS)
def test_master_prefilter_finds_what_search_finds(text: str) -> None:
    """`time_prefilter.search` (master.match at the prefiltered positions) equals master.search at every start."""
    p = time_patterns.scan_patterns()
    assert time_prefilter.prefilter() is not None
    for view in (text, text * 2, text[::-1], text.replace("，", "")):
        starts = time_prefilter.candidates(view)
        for pos in range(len(view) + 1):
            got, want = time_prefilter.search(view, starts, pos), p.master.search(view, pos)
            assert (got and got.span()) == (want and want.span()), (view, pos)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789年月季度日号底末内前之以起止每个两十一二三四上下半全今明截至到自从春节”“—-./、和按周", max_size=40))
def test_master_prefilter_on_random_text(text: str) -> None:
    p = time_patterns.scan_patterns()
    starts = time_prefilter.candidates(text)
    for pos in range(len(text) + 1):
        got, want = time_prefilter.search(text, starts, pos), p.master.search(text, pos)
        assert (got and got.span()) == (want and want.span()), (text, pos)
