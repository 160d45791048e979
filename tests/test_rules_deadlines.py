"""Integrity of the time words (rules/periods.yaml): types, no duplicates, every key read, and each word
behaving in a sentence as its table says. Every example pins its reference date."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from shuangguoban import dates, sentence_years, time_patterns, time_prefilter, time_words
from shuangguoban.deadlines import TimeFindings, extract_times
from shuangguoban.models import ReferenceDate
from shuangguoban.rules import load_rules
from shuangguoban.text import DocText

TABLE = load_rules("periods.yaml")
REF = datetime.date(2024, 5, 23)
MAPPINGS = {"qualifiers", "quarters", "leading_quarters", "halves", "month_parts", "programme_brackets", "holidays",
            "qingming_c"}


def _times(text: str, ref: datetime.date | None = REF) -> TimeFindings:
    reference = ReferenceDate(date=ref, basis="date" if ref else "none")
    return extract_times(DocText.of(text), [(0, len(text))], reference)


def _ends(text: str, ref: datetime.date | None = REF) -> list[datetime.date | None]:
    return [d.end for d in _times(text, ref).deadlines]


def _words(key: str) -> list[str]:
    return [str(w) for w in TABLE[key]]


# --------------------------------------------------------------------------------------------------
# Shape
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(set(TABLE) - MAPPINGS))
def test_word_lists_are_lists_of_distinct_words(key: str) -> None:
    words = TABLE[key]
    assert isinstance(words, list) and words, key
    assert all(isinstance(w, str) and w and w == w.strip() for w in words), key
    assert len(set(words)) == len(words), key


def test_mappings_have_the_types_the_code_reads() -> None:
    for key in ("qualifiers", "quarters", "leading_quarters", "halves"):
        assert all(isinstance(k, str) and isinstance(v, int) for k, v in TABLE[key].items()), key
    assert set(TABLE["quarters"].values()) == {1, 2, 3, 4}
    assert set(TABLE["halves"].values()) == {1, 2}
    assert set(TABLE["leading_quarters"].values()) <= {1, 2, 3}
    for name, (first, last) in TABLE["month_parts"].items():
        assert 1 <= first <= last <= 31, name
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in TABLE["programme_brackets"].items())
    for name, rule in TABLE["holidays"].items():
        assert rule["calendar"] in ("solar", "lunar", "qingming"), name
        if rule["calendar"] != "qingming":
            assert 1 <= rule["month"] <= 12 and 1 <= rule["day"] <= 31, name
    assert all(k.isdigit() and int(k) % 100 == 0 and isinstance(v, int) for k, v in TABLE["qingming_c"].items())


def test_every_key_is_read() -> None:
    sources = "".join(Path(m.__file__).read_text(encoding="utf-8")
                      for m in (dates, sentence_years, time_patterns, time_prefilter, time_words))
    for key in TABLE:
        assert f'"{key}"' in sources or f"'{key}'" in sources, key


# --------------------------------------------------------------------------------------------------
# Each word in a sentence
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("word", _words("prefixes"))
def test_prefixes_make_a_limit(word: str) -> None:
    assert _ends(f"{word}2025年6月30日，完成改造。") == [datetime.date(2025, 6, 30)]


@pytest.mark.parametrize("word", _words("as_of_prefixes"))
def test_as_of_a_past_date_is_no_limit(word: str) -> None:
    assert _ends(f"{word}2023年底，已建成5个。") == []


@pytest.mark.parametrize("word", _words("lead_ins"))
def test_lead_ins_make_a_bare_day_a_limit(word: str) -> None:
    assert _ends(f"{word}6月30日完成。") == [datetime.date(2024, 6, 30)]
    assert _ends("6月30日完成。") == []


@pytest.mark.parametrize(("word", "offset"), TABLE["qualifiers"].items())
def test_qualifiers_name_a_year(word: str, offset: int) -> None:
    assert _ends(f"{word}年底前完成。") == ([datetime.date(2024 + offset, 12, 31)] if offset >= 0 else [])


@pytest.mark.parametrize(("word", "quarter"), TABLE["quarters"].items())
def test_quarters(word: str, quarter: int) -> None:
    ends = _ends(f"2025年{word}季度末前完成。")
    assert [(e.month, e.year) for e in ends if e] == [(3 * quarter, 2025)]


@pytest.mark.parametrize(("word", "quarters"), TABLE["leading_quarters"].items())
def test_leading_quarters(word: str, quarters: int) -> None:
    found = _times(f"2025年前{word}季度完成。").deadlines
    assert [(d.start, d.end and d.end.month) for d in found] == [(datetime.date(2025, 1, 1), 3 * quarters)]


@pytest.mark.parametrize(("word", "half"), TABLE["halves"].items())
def test_halves(word: str, half: int) -> None:
    assert _ends(f"2025年{word}半年前完成。") == [datetime.date(2025, 6 * half, 30 if half == 1 else 31)]


@pytest.mark.parametrize(("word", "days"), TABLE["month_parts"].items())
def test_month_parts(word: str, days: list[int]) -> None:
    found = _times(f"2025年6月{word}完成。").deadlines       # a span named: its first and last day
    assert [(d.start, d.end) for d in found] == [
        (datetime.date(2025, 6, days[0]), datetime.date(2025, 6, min(days[1], 30)))]
    assert _ends(f"2025年6月{word}前完成。") == [datetime.date(2025, 6, min(days[1], 30))]


@pytest.mark.parametrize("word", _words("period_ends"))
def test_period_ends(word: str) -> None:
    assert _ends(f"2025年6月{word}完成。") == [datetime.date(2025, 6, 30)]


@pytest.mark.parametrize("word", _words("year_ends"))
def test_year_ends(word: str) -> None:
    assert _ends(f"2025年{word}完成。") == [datetime.date(2025, 12, 31)]
    assert _ends(f"力争年{word}完成。") == [datetime.date(2024, 12, 31)]


@pytest.mark.parametrize("key", ["before_suffixes", "within_suffixes", "until_suffixes"])
def test_suffixes_make_a_limit(key: str) -> None:
    for word in _words(key):
        assert _ends(f"2025年6月{word}完成。") == [datetime.date(2025, 6, 30)], word
        assert _ends(f"2025年{word}完成。") == [datetime.date(2025, 12, 31)], word


@pytest.mark.parametrize("word", _words("not_before"))
def test_not_before_ends_no_limit(word: str) -> None:
    assert _ends(f"工作在2025年前{word}开展。") == []


@pytest.mark.parametrize("word", _words("whole_year_nouns"))
def test_whole_year_nouns(word: str) -> None:
    assert _ends(f"完成全年{word}的60%。") == []
    assert _ends("全年完成改造。") == [datetime.date(2024, 12, 31)]


@pytest.mark.parametrize("word", _words("start_words"))
def test_start_words(word: str) -> None:
    found = _times(f"本办法自2025年7月1日{word}施行。")
    assert found.deadlines == []
    assert [(t.kind, t.start) for t in found.others] == [("start", datetime.date(2025, 7, 1))]


@pytest.mark.parametrize("word", _words("since_words"))
def test_since_words(word: str) -> None:
    assert _ends(f"2020年{word}，全市累计建成5个。") == []


@pytest.mark.parametrize("word", _words("base_words"))
def test_base_words(word: str) -> None:
    assert _ends(f"{word}2025年底增长5%。") == []


@pytest.mark.parametrize("word", _words("base_followers"))
def test_base_followers(word: str) -> None:
    assert _ends(f"与2025年底{word}，增长5%。") == []


@pytest.mark.parametrize("word", _words("cutoff_verbs"))
def test_cutoff_verbs(word: str) -> None:
    assert _ends(f"对2000年底前{word}的项目予以支持。") == []


@pytest.mark.parametrize("word", _words("range_connectors"))
def test_range_connectors(word: str) -> None:
    found = _times(f"2025年5月1日{word}2025年6月30日开展。").deadlines
    assert [(d.start, d.end) for d in found] == [(datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))]


@pytest.mark.parametrize("word", _words("list_separators"))
def test_list_separators(word: str) -> None:
    assert _ends(f"2025年3月25日{word}6月25日前报送。") == [datetime.date(2025, 3, 25), datetime.date(2025, 6, 25)]


@pytest.mark.parametrize(("opening", "closing"), TABLE["programme_brackets"].items())
def test_programme_brackets(opening: str, closing: str) -> None:
    assert _ends(f"行动计划{opening}2024—2026年{closing}印发。") == []
    assert _ends("2024—2026年实施。") == [datetime.date(2026, 12, 31)]


@pytest.mark.parametrize("name", sorted(TABLE["holidays"]))
def test_holidays(name: str) -> None:
    day = dates.holiday_date(name, 2025)
    assert day is not None
    assert _ends(f"2025年{name}前完成。") == [day - datetime.timedelta(days=1)]
    assert _ends(f"“{name}”主题活动。") == []


@pytest.mark.parametrize("word", _words("recurring_units"))
def test_recurring_units(word: str) -> None:
    found = _times(f"每{word}报送一次。")
    assert found.deadlines == [] and [t.kind for t in found.others] == ["recurring"]


@pytest.mark.parametrize("word", _words("recurring_words"))
def test_recurring_words(word: str) -> None:
    found = _times(f"{word}报送。")
    assert found.deadlines == [] and [t.kind for t in found.others] == ["recurring"]


@pytest.mark.parametrize("word", _words("recurring_months"))
def test_recurring_months(word: str) -> None:
    text = f"每季度{word}10日前报送。"
    assert [t.text for t in _times(text).others] == [f"每季度{word}10日前"]


@pytest.mark.parametrize("word", _words("recurring_parts"))
def test_recurring_parts(word: str) -> None:
    assert [t.text for t in _times(f"每月{word}前报送。").others] == [f"每月{word}前"]


@pytest.mark.parametrize("word", _words("duration_units"))
def test_duration_units(word: str) -> None:
    found = _times(f"在10{word}内办结。")
    assert found.deadlines == [] and [t.kind for t in found.others] == ["duration"]


@pytest.mark.parametrize("opener", _words("start_openers"))
def test_start_openers_and_days(opener: str) -> None:
    for day in _words("start_days"):
        found = _times(f"{opener}本通知印发{day}起施行。")
        assert [t.kind for t in found.others] == ["start"], day


@pytest.mark.parametrize("word", _words("head_year_leads"))
def test_head_year_leads(word: str) -> None:
    assert _ends(f"全市。{word}2025年完成改造。") == [datetime.date(2025, 12, 31)]


@pytest.mark.parametrize("word", _words("head_year_not_before"))
def test_head_year_not_before(word: str) -> None:
    found = _times(f"全市。2025年{word}完成改造。").deadlines
    assert all(d.text != "2025年" for d in found)             # no head year: a longer time, or none
    assert [d.text for d in _times("全市。2025年完成改造。").deadlines] == ["2025年"]


@pytest.mark.parametrize("word", _words("past_period_verbs"))
def test_past_period_verbs(word: str) -> None:
    assert _ends(f"{word}上半年购车补贴政策。") == []
    assert _ends("上半年完成改造。") != []


@pytest.mark.parametrize("word", _words("window_connectors"))
def test_window_connectors(word: str) -> None:
    found = _times(f"2024年11月8日9时{word}2024年11月20日18时报名。").deadlines
    assert [(d.start, d.end) for d in found] == [(datetime.date(2024, 11, 8), datetime.date(2024, 11, 20))]


def test_qingming_is_computed() -> None:
    assert [dates.holiday_date("清明节", y) for y in (2024, 2026)] == [datetime.date(2024, 4, 4), datetime.date(2026, 4, 5)]
