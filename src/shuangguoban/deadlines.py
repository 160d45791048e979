"""Time limits (时限): find every time expression in a measure's text and resolve it to dates.

Extraction and resolution are separate steps. `extract_times` scans the normalised view of each range
(with line breaks and spaces squeezed out, so `年底\\n前` still reads `年底前`) for candidate phrases,
parses each into a `_Point` (year, month, day, quarter, …), and only then resolves it against the
reference date it is given. Nothing here reads the clock.

What counts as a deadline, and what does not, follows the "Deadlines" conventions of the output
contract: `[period]前` means by the end of that period; `start` only where the text names a span;
a month or period without a year takes the reference year, or the next one when it would end more
than three months before the reference date. Recurring limits (每月5日前), durations (10个工作日内) and
starts (自…起) are `TimeExpression`s, never deadlines. The rule words live in rules/periods.yaml.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from lunardate import LunarDate

from .models import Deadline, ParseWarning, ReferenceDate, TimeExpression
from .numbers import parse_number
from .rules import alternation, load_rules
from .sentence_years import CLOCK, revise_deadlines
from .text import DocText, normalise

__all__ = ["TimeFindings", "extract_times", "find_full_dates", "parse_full_date", "resolve_month_day"]


@dataclass(frozen=True, slots=True)
class TimeFindings:
    deadlines: list[Deadline]          # in text order
    others: list[TimeExpression]       # recurring limits, durations, 自…起 starts
    warnings: list[ParseWarning]


# --------------------------------------------------------------------------------------------------
# Rules and patterns (built once, lazily)
# --------------------------------------------------------------------------------------------------

_CN_YEAR_DIGITS = "〇零○O一二三四五六七八九"          # digits of a year written digit by digit (二〇二四)
_CN_NUM = "〇零○O一二两三四五六七八九十百千万"         # any numeral character: nothing numeric may precede a number
_SKIP = " \n"                                          # squeezed out of the matching view (wrapped lines)



def _chars(words: Any) -> str:
    return "".join(regex.escape(str(w)) for w in words)


@dataclass(frozen=True, slots=True)
class _Rules:
    prefixes: frozenset[str]
    as_of: frozenset[str]
    lead_ins: tuple[str, ...]
    qualifiers: dict[str, int]
    quarters: dict[str, int]
    leading_quarters: dict[str, int]
    halves: dict[str, int]
    month_parts: dict[str, tuple[int, int]]
    before: frozenset[str]
    within: frozenset[str]
    until: frozenset[str]
    whole_year_nouns: tuple[str, ...]
    start_words: tuple[str, ...]
    since_words: tuple[str, ...]
    base_words: tuple[str, ...]
    base_followers: tuple[str, ...]
    cutoff_verbs: tuple[str, ...]
    list_separators: tuple[str, ...]
    programme_brackets: dict[str, str]
    holidays: dict[str, dict[str, Any]]
    qingming_c: dict[int, int]
    raw: dict[str, Any]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    r = load_rules("periods.yaml")
    return _Rules(
        prefixes=frozenset(r["prefixes"]),
        as_of=frozenset(r["as_of_prefixes"]),
        lead_ins=tuple(r["lead_ins"]),
        qualifiers={str(k): int(v) for k, v in r["qualifiers"].items()},
        quarters={str(k): int(v) for k, v in r["quarters"].items()},
        leading_quarters={str(k): int(v) for k, v in r["leading_quarters"].items()},
        halves={str(k): int(v) for k, v in r["halves"].items()},
        month_parts={str(k): (int(v[0]), int(v[1])) for k, v in r["month_parts"].items()},
        before=frozenset(r["before_suffixes"]),
        within=frozenset(r["within_suffixes"]),
        until=frozenset(r["until_suffixes"]),
        whole_year_nouns=tuple(r["whole_year_nouns"]),
        start_words=tuple(r["start_words"]),
        since_words=tuple(r["since_words"]),
        base_words=tuple(r["base_words"]),
        base_followers=tuple(r["base_followers"]),
        cutoff_verbs=tuple(r["cutoff_verbs"]),
        list_separators=tuple(r["list_separators"]),
        programme_brackets={str(k): str(v) for k, v in r["programme_brackets"].items()},
        holidays={str(k): dict(v) for k, v in r["holidays"].items()},
        qingming_c={int(k): int(v) for k, v in r["qingming_c"].items()},
        raw=r,
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The patterns of a scan. Compiling costs every process ~10 µs per pattern character, so a pattern is
    compiled on first use, and no part twice: `master` is what a scan finds, but it is matched as lead, then
    point; and `point` also serves where a point without a prefix is wanted."""

    lead: regex.Pattern[str]        # master but its point branch, and an empty `rest` where no other matches
    point: regex.Pattern[str]       # a time point with an optional prefix (master's last branch)
    connector: regex.Pattern[str]   # 至 / 到 / — between the two ends of a span
    lead_branches: tuple[tuple[int, str], ...]   # (group index - 1, name) of lead's branches, in order
    rest: int                       # the group of lead's empty last branch: the point is still to try
    prefixes: tuple[str, ...]       # where none starts, point.match is a match of the point alone
    point_only: frozenset[str]      # characters no branch of lead (nor its guard) starts with: only `rest` matches
    lead_need: _LeadNeed | None     # what lead's branches need near their start (None: always try lead)
    point_first: frozenset[str]     # what `point` can start with, but for digits other than 0-9 (see _no_digit)
    point_second: frozenset[str] | None   # the same for its second character (None: anything)
    sources: dict[str, str]         # of the patterns compiled only when needed (see the properties)

    @property
    def starts(self) -> _Starts | None:
        """A superset of where `master` can match (see _starts_source)."""
        return _prefilter()

    @property
    def master(self) -> regex.Pattern[str]:
        """Every kind of candidate, leftmost first: `_Scanner._search` finds what `master.search` finds."""
        return _compile(self.sources["master"])

    @property
    def point_alone(self) -> regex.Pattern[str]:
        """A time point without prefix (the second half of a span, a list item)."""
        return _compile(self.sources["point_alone"])

    @property
    def recur_tail(self) -> regex.Pattern[str]:
        """5日前, 末, 首月10日前 after 每月 / 每季度."""
        return _compile(self.sources["recur_tail"])

    @property
    def start_nodate(self) -> regex.Pattern[str]:
        return _compile(self.sources["start_nodate"])


@dataclass(frozen=True, slots=True)
class _LeadNeed:
    """What a match of one of lead's branches (not its empty `rest`) needs at or near its start `at`:
    a first character of `own` (每, 按月, 自), or one of `words` in the `window` characters from `at` (a
    connector's first character or 内 for yrange, mrange and duration; a holiday's name), or three digits
    at `at` (lost). Where none is there, lead can only match `rest`. (Plain str tests: a compiled class
    of CJK characters costs every process ~0.5 ms.)"""

    own: frozenset[str]
    words: tuple[str, ...]
    window: int


def _lead_need(r: _Rules) -> _LeadNeed | None:
    raw = r.raw
    within = [str(w) for w in r.within]
    if not all(w.endswith("内") for w in within):
        return None
    head = max(5, *map(len, r.qualifiers))       # 2024年 or a qualifier (下一年) before a month or a holiday
    key_reach = max(4 + 1,                       # yrange: 2024年—
                    head + 2,                    # mrange: 2024年12—
                    3 + max(len(str(u)) for u in raw["duration_units"]) + max(map(len, within)) - 1)  # 三十五个工作日以内
    holidays = sorted(r.holidays)
    holiday_reach = head + 1                     # 2024年“春节
    return _LeadNeed(
        own=frozenset({"每"} | {str(w)[0] for w in [*raw["recurring_words"], *raw["start_openers"]]}),
        words=tuple(sorted({str(w)[0] for w in raw["range_connectors"]} | {"内"})) + tuple(holidays),
        window=max(key_reach + 1, holiday_reach + max(map(len, holidays))),
    )


_ASCII_DIGITS = "0123456789"
_NO_DIGIT_PUNCT = frozenset("，。；：、（）“”‘’《》！？〇○—–～…·")


def _no_digit(ch: str) -> bool:
    """Surely not a `\\d` of `regex` (whatever its Unicode version): an ASCII non-digit, a CJK ideograph, …"""
    return (ch < "\x80" and ch not in _ASCII_DIGITS) or "\u4e00" <= ch <= "\u9fff" or ch in _NO_DIGIT_PUNCT


@lru_cache(maxsize=8)
def _compile(source: str) -> regex.Pattern[str]:
    return regex.compile(source, regex.VERBOSE)


_DAY = r"(?:\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_YEAR = rf"(?:(?<![\d.])\d{{4}}|(?<![{_CN_NUM}])[{_CN_YEAR_DIGITS}]{{4}})"
_MONTH = rf"(?:(?<![\d.])\d{{1,2}}|(?<![{_CN_NUM}])(?:十[一二]?|[一二三四五六七八九]))"


def _point_source(r: _Rules, *, prefix: bool) -> str:
    raw = r.raw
    ends = alternation(raw["period_ends"])
    body = rf"""
        (?P<month>{_MONTH})月(?P<fen>份)?                     # 6月, 六月, 6月份
            (?:(?P<day>{_DAY})[日号](?:{CLOCK})?               #   …30日, 10日24时 (the date is the day's)
              |(?P<part>{alternation(r.month_parts)})                 #   …中下旬
              |(?P<mend>{ends}))?                              #   …底 / 末
      | 第?(?<![{_CN_NUM}\d])(?P<quarter>{alternation(r.quarters)})季度(?P<qend>{ends})?   # 二季度末, 第三季度
      | (?P<half>{alternation(r.halves)})半年(?P<hend>{ends})?       # 上半年, 下半年末
      | 前(?P<upto>{alternation(r.leading_quarters)})个?季度          # 前三季度
      | (?P<whole>全年)                                        # 全年
    """
    numeric = r"""
        (?<![\d.])(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.])   # 2025-04-08
    """
    suffix = rf"""
        (?:(?P<before>{alternation(r.before)})(?![{_chars(raw['not_before'])}])   # 前 / 之前, not 前期 / 前后
          |(?P<within>{alternation(r.within)})                                    # 内
          |(?P<until>{alternation(r.until)}))?                                    # 止 / 为止
    """
    head = rf"(?P<pre>{alternation(r.prefixes)})?" if prefix else ""
    # The body is written once: after a stated year it is optional, alone it is not. This reads as
    #   numeric | stated (body | 年?yend)? | (body | 年yend),
    # the stated year taken whenever it matches, since what follows it then cannot fail.
    return rf"""
        {head}
        (?:
            {numeric}
          | (?P<stated>(?P<qual>{alternation(r.qualifiers)})|(?P<year>{_YEAR})年(?!度))?   # 2024年度 is a programme
            (?: {body}
              | (?(stated)年?|年)(?P<yend>{alternation(raw['year_ends'])})   # 2025年底, 今年内, 今年年底; 年底, 年内
              | (?(stated)|(?!))                                      # 2025年, 今年: a stated year alone
            )
        )
        {suffix}
    """


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    r = _rules()
    raw = r.raw
    connector = alternation(raw["range_connectors"])
    cn_count = "一两二三四五六七八九十百半"
    guard = rf"(?<=[\d.])\d|(?<=[{_CN_NUM}])[{_CN_NUM}]"
    lead = rf"""
        (?P<recur>每个?(?:(?:\d{{1,2}}|[{cn_count}]{{1,2}})个?)?(?:{alternation(raw['recurring_units'])}))   # 每月, 每两周
      | (?P<recur_word>{alternation(raw['recurring_words'])})                                          # 按月
      | (?P<open>{alternation(raw['start_openers'])})                                                  # 自 / 从 …
      | (?P<yrange>(?P<y1>(?<![\d.])\d{{4}})年?(?:{connector})(?P<y2>\d{{4}})年(?!度))         # 2024—2026年
      | (?P<mrange>(?:(?P<mr_qual>{alternation(r.qualifiers)})|(?P<mr_year>{_YEAR})年(?!度))?
                   (?P<m1>{_MONTH})(?:{connector})(?P<m2>{_MONTH})月份?)                        # 5—6月
      | (?P<holiday>(?:(?P<h_qual>{alternation(r.qualifiers)})|(?P<h_year>{_YEAR})年(?!度))?
                    “?(?<![{_CN_NUM}第])(?P<h_name>{alternation(r.holidays)})”?
                    (?P<h_suffix>{alternation(r.before)})(?![{_chars(raw['not_before'])}]))           # 春节前
      | (?P<duration>(?<![\d.])(?<![{_CN_NUM}])(?:\d{{1,3}}|[{cn_count}]{{1,3}})
                     (?:{alternation(raw['duration_units'])})(?:{alternation(r.within)}))                      # 10个工作日内
      | (?P<lost>(?<![\d.])\d{{3,4}}[日号](?:{alternation(r.before | r.until)}))                      # 615日前: 月 lost
    """
    point = _point_source(r, prefix=True)
    master = rf"""
        (?!{guard})                                        # inside a run of digits nothing can start
        (?: {lead}
          | (?P<point>{point})
        )
    """
    lead_or_rest = rf"""
        (?!{guard})
        (?: {lead}
          | (?P<rest>)
        )
    """
    recur_tail = rf"""
        (?:首月|末月|第[一二三123]个月|最后一个月)?(?:{_DAY})[日号](?:{alternation(r.before | r.until)})?   # 5日前, 首月10日前
      | (?:[上中下]旬|{alternation(raw['period_ends'])}|初)(?:{alternation(r.before)})?                          # 末, 底前, 下旬
    """
    start_nodate = rf"""
        (?:{alternation(raw['start_openers'])})[^,;:。!?]{{1,12}}?(?:{alternation(raw['start_days'])})(?:{alternation(r.start_words)})
    """
    lead_pattern = _compile(lead_or_rest)
    # point: an optional prefix, then a year, a qualifier, a month, 第 / a quarter, a half, 前, 全 or 年
    point_first = set(_ASCII_DIGITS + _CN_YEAR_DIGITS + "十一二三四五六七八九第前全年") | {
        str(w)[0] for w in [*r.prefixes, *r.quarters, *r.halves, *r.qualifiers]}
    # Its second character (every point is two characters or more): a prefix's second, or the first after
    # a one-character prefix; a qualifier's second; a digit of a year or month; 十一月's 一, 6月's 月;
    # 第一季度's 一, 一季度's 季; 上半年's 半; 前三季度's 三; 全年's 年; 年底's 底.
    point_second = set(_ASCII_DIGITS + _CN_YEAR_DIGITS + "十一二三四五六七八九月季半年") | {
        str(w)[1] for w in [*r.prefixes, *r.qualifiers] if len(str(w)) > 1} | {
        str(w)[0] for w in [*r.quarters, *r.leading_quarters, *raw["year_ends"]]}
    if any(len(str(w)) == 1 for w in r.prefixes):
        point_second |= point_first                 # 到2025年
    second_known = all(len(str(w)) > 1 for w in r.qualifiers) and all(len(str(w)) == 1 for w in r.halves)
    # What lead's branches and guard can start with: 每, the words' first characters, “, numerals and digits.
    lead_first = {"每", "“"} | set(_CN_NUM + _CN_YEAR_DIGITS + cn_count + "十一二三四五六七八九") | {
        str(w)[0] for w in [*raw["recurring_words"], *raw["start_openers"], *r.qualifiers, *r.holidays]}
    point_heads = {"年", "前", "第", "全"} | {str(w)[0] for w in [*r.prefixes, *r.quarters, *r.halves]}
    return _Patterns(
        lead=lead_pattern,
        point=_compile(point),
        connector=regex.compile(connector),
        lead_branches=tuple((lead_pattern.groupindex[name] - 1, name) for name in
                            ("recur", "recur_word", "open", "yrange", "mrange", "holiday", "duration", "lost")),
        rest=lead_pattern.groupindex["rest"],
        prefixes=tuple(str(w) for w in r.prefixes),
        lead_need=_lead_need(r),
        point_first=frozenset(point_first),
        point_second=frozenset(point_second) if second_known else None,
        point_only=frozenset(ch for ch in point_heads - lead_first
                             if not (ch.isdigit() or ch.isdecimal() or ch.isnumeric())),
        sources={"master": master, "point_alone": _point_source(r, prefix=False),
                 "recur_tail": recur_tail, "start_nodate": start_nodate},
    )


@lru_cache(maxsize=1)
def _full_date() -> regex.Pattern[str]:
    """A complete written date (metadata reads these; it needs none of the scan's patterns)."""
    return regex.compile(rf"""
        (?<![\d.])(?P<year>\d{{4}})\ ?年\ ?(?P<month>\d{{1,2}})\ ?月\ ?(?P<day>\d{{1,2}})\ ?[日号]
      | (?<![{_CN_NUM}])(?P<year>[{_CN_YEAR_DIGITS}]{{4}})年(?P<month>十[一二]?|[一二三四五六七八九])月(?P<day>{_DAY})[日号]
      | (?<![\d.])(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})(?![\d.])
    """, regex.VERBOSE)


def _second_of(words: Any) -> str:
    """Each word as its second character, then the first two as a lookbehind and the rest as a lookahead."""
    return "|".join(f"{re.escape(w[1])}(?<={re.escape(w[:2])})" + (f"(?={re.escape(w[2:])})" if len(w) > 2 else "")
                    for w in sorted(words))


@dataclass(frozen=True, slots=True)
class _Starts:
    """A stdlib `re` prefilter: every position where `master` can match, and some positions more.

    Every master match contains an anchor (a digit run before 年/月/季/日/号, a 4-digit year before -/.,
    年 after a year digit, a qualifier's first character or 全, 年 before 底/末/内, 月 after a numeral,
    季 after a quarter numeral, 上半年's 半, 前三季度's 前, 内 after a duration unit, 前 after a holiday's
    name, 每, 按月's 月, 自 / 从) no more than `back` characters after its start, and starts with one of
    `first`. `_Scanner._search` tries master (as lead, then point) at those positions only, which finds
    exactly the match `master.search` would. `lead` finds where anchors may start without the cost of
    trying `anchors` at every position.
    """

    anchors: re.Pattern[str]
    back: int
    first: frozenset[str]
    lead: re.Pattern[str]            # the first character of every anchor: where none is, there is none


@lru_cache(maxsize=1)
def _prefilter() -> _Starts | None:
    return _starts_source(_rules())


def _starts_source(r: _Rules) -> _Starts | None:
    """The prefilter for these rules; None (scan everything) when they break an assumption it relies on."""
    raw = r.raw
    qualifiers, within = list(r.qualifiers), [str(w) for w in r.within]
    before = [str(w) for w in r.before]
    durations = [str(u) for u in raw["duration_units"]]
    connectors = [str(c) for c in raw["range_connectors"]]
    prefixes = [str(p) for p in r.prefixes]
    recurring = [str(w) for w in raw["recurring_words"]]
    if not (all(0 < q.find("年") <= 2 for q in qualifiers)
            and all(w.endswith("内") and len(w) <= 2 for w in within)
            and all("前" in w and w.index("前") <= 1 for w in before)
            and all(len(k) == 1 for k in [*r.quarters, *r.halves, *r.leading_quarters])
            and all(len(w) == 1 for w in raw["start_openers"])
            and all(len(w) >= 2 for w in recurring)
            and {str(e)[0] for e in raw["year_ends"]} <= set("底末内")):
        return None
    back = 2 + max(
        max(map(len, prefixes)) + 4,                          # 截止到二〇二五年: the year's 年
        4 + 1 + max(map(len, connectors)),                    # 2024——2026年: the second year's digits
        2 + max(map(len, connectors)) + 2,                    # 十一——十二月: 月
        1 + max(map(len, r.holidays)) + 1 + 1,                # “元宵节”之前: 前
        3 + max(map(len, durations)) + 1,                     # 三十五个工作日以内: 内
        max(map(len, prefixes)) + 2,                          # 截止到下一年: 年
        1,                                                    # 上半年, 按月: the second character
    )
    year_before = set("0123456789" + _CN_YEAR_DIGITS + "全") | {q[q.find("年") - 1] for q in qualifiers}
    within_before = {u[-1] for u in durations} | {w[0] for w in within if len(w) == 2}
    holiday_last = "".join(sorted({h[-1] for h in r.holidays} | {"”"}))
    before_mid = "".join(sorted({w[w.index("前") - 1] for w in before if w.index("前") == 1}))
    # Each anchor starts with the character it takes and checks what is before it after (in a lookbehind
    # that includes that character), so that `re` passes over an alternative on its first character.
    anchors = "|".join([
        r"[0-9](?<![0-9][0-9])[0-9]*(?=[年月季日号])",
        r"[0-9](?<![0-9][0-9])[0-9]{3}(?=[-/.])",
        f"年(?<=[{re.escape(''.join(sorted(year_before)))}]年)",
        "年(?=[底末内])",
        "月(?<=[0-9一二三四五六七八九十]月)",
        f"季(?<=[{re.escape(''.join(sorted(r.quarters)))}]季)",
        f"半(?<=[{re.escape(''.join(sorted(r.halves)))}]半)(?=年)",
        f"前(?=[{re.escape(''.join(sorted(r.leading_quarters)))}])",
        f"内(?<=[{re.escape(''.join(sorted(within_before)))}]内)",
        f"前(?<=[{re.escape(holiday_last)}]前)",
        *([f"前(?<=[{re.escape(holiday_last)}][{re.escape(before_mid)}]前)"] if before_mid else []),
        "每",
        _second_of(recurring),
        "|".join(re.escape(str(w)) for w in raw["start_openers"]),
    ])
    lead = {"年", "月", "季", "半", "前", "内", "每"} | {w[1] for w in recurring} | {str(w) for w in raw["start_openers"]}
    first = set("0123456789" + _CN_NUM + _CN_YEAR_DIGITS + "一两二三四五六七八九十百半每第前全年“") \
        | {w[0] for w in [*prefixes, *qualifiers, *r.holidays, *recurring, *raw["start_openers"],
                          *r.quarters, *r.halves]}
    lead_class = f"[0-9{re.escape(''.join(sorted(lead)))}]"
    return _Starts(
        anchors=re.compile(f"(?={lead_class})(?:{anchors})"),
        back=back,
        first=frozenset(first),
        lead=re.compile(lead_class),
    )


# --------------------------------------------------------------------------------------------------
# Numbers and calendar helpers
# --------------------------------------------------------------------------------------------------

def _int(s: str | None) -> int | None:
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    s = s.replace("O", "〇").replace("○", "〇")
    value = parse_number(s)
    return None if value is None or value != value.to_integral_value() else int(value)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without its weekday."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return _MONTH_DAYS[month] if 1 <= month <= 12 else calendar.monthrange(year, month)[1]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _days_in(year, month))


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


@lru_cache(maxsize=16)
def _roll_cutoff(reference: dt.date) -> dt.date:
    """A period of an unstated year that ends before this is read as next year's."""
    return _months_before(reference, 3)


def _holiday_date(name: str, year: int) -> dt.date | None:
    rule = _rules().holidays[name]
    kind = rule["calendar"]
    try:
        if kind == "solar":
            return dt.date(year, int(rule["month"]), int(rule["day"]))
        if kind == "lunar":
            lunar = LunarDate(year, int(rule["month"]), int(rule["day"]))
            convert = getattr(lunar, "to_solar_date", None) or lunar.toSolarDate
            return convert()
        if kind == "qingming":
            century = year - year % 100
            c = _rules().qingming_c.get(century)
            if c is None:
                return dt.date(year, 4, 5)
            y = year % 100
            return dt.date(year, 4, (y * 2422 + c) // 10000 - y // 4)
    except (ValueError, IndexError, KeyError, OverflowError):   # outside lunardate's table
        return None
    return None


# --------------------------------------------------------------------------------------------------
# Parsed points
# --------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Point:
    """One time point or period as written, before it is resolved (offsets in the matching view)."""

    s: int
    e: int
    prefix: str | None = None
    year: int | None = None          # stated year
    offset: int | None = None        # 今年 0, 明年 1, 上年 -1
    month: int | None = None
    day: int | None = None
    part: tuple[int, int] | None = None
    quarter: int | None = None
    half: int | None = None
    upto: int | None = None          # 前三季度 → 3
    yearly: bool = False             # 年底 / 年内 / 全年 / a year alone
    whole: bool = False              # 全年
    end_word: bool = False           # 底 / 末
    fen: bool = False                # 6月份
    suffix: str | None = None        # before / within / until
    bad: bool = False                # a number that is no month or day

    @property
    def implicit(self) -> bool:
        return self.year is None and self.offset is None

    @property
    def year_only(self) -> bool:
        return self.yearly and not self.whole and not self.end_word

    def names_span(self) -> bool:
        """Does the text name a span (start given) rather than a point?"""
        if self.prefix or self.suffix or self.end_word or self.day is not None or self.yearly:
            return False
        return self.part is not None or self.quarter is not None or self.half is not None \
            or self.upto is not None or self.month is not None

    def bounds(self, year: int) -> tuple[dt.date, dt.date] | None:
        """First and last day of the named period in `year`; None for an impossible date."""
        if not 1 <= year <= 9999 or self.bad:
            return None
        if self.month is not None:
            if not 1 <= self.month <= 12:
                return None
            last = _days_in(year, self.month)
            if self.day is not None:
                if not 1 <= self.day <= last:
                    return None
                d = dt.date(year, self.month, self.day)
                return d, d
            if self.part is not None:
                return dt.date(year, self.month, self.part[0]), dt.date(year, self.month, min(self.part[1], last))
            return dt.date(year, self.month, 1), dt.date(year, self.month, last)
        if self.quarter is not None:
            return dt.date(year, 3 * self.quarter - 2, 1), _month_end(year, 3 * self.quarter)
        if self.half is not None:
            return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if self.half == 1 else \
                (dt.date(year, 7, 1), dt.date(year, 12, 31))
        if self.upto is not None:
            return dt.date(year, 1, 1), _month_end(year, 3 * self.upto)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)


_POINT_GROUPS = ("pre", "qual", "year", "month", "fen", "day", "part", "mend", "quarter", "qend", "half", "hend",
                 "upto", "whole", "yend", "before", "within", "until")


@lru_cache(maxsize=4)
def _point_groups(pattern: regex.Pattern[str]) -> Callable[[tuple[str | None, ...]], tuple[str | None, ...]]:
    """_POINT_GROUPS picked out of `pattern`'s groups() + (None,): a group the pattern lacks reads the None."""
    index = pattern.groupindex
    return operator.itemgetter(*(index[name] - 1 if name in index else pattern.groups for name in _POINT_GROUPS))


_NO_GROUP = (None,)


def _point_of(m: regex.Match[str], r: _Rules) -> _Point:
    (pre, qual, year, month, fen, day, part, mend, quarter, qend, half, hend, upto, whole, yend,
     before, within, until) = _point_groups(m.re)(m.groups() + _NO_GROUP)
    # Built in one call: setting the fields one by one costs as much again.
    value_month = value_day = part_days = quarter_no = half_no = upto_no = None
    fen_said = yearly = whole_year = end_word = False
    if month:
        value_month = _int(month)
        fen_said = bool(fen)
        if day:
            value_day = _int(day)
        elif part:
            part_days = r.month_parts[part]
        elif mend:
            end_word = True
    elif quarter:
        quarter_no = r.quarters[quarter]
        end_word = bool(qend)
    elif half:
        half_no = r.halves[half]
        end_word = bool(hend)
    elif upto:
        upto_no = r.leading_quarters[upto]
    elif whole:
        yearly = whole_year = True
    elif yend:
        yearly = end_word = True
    else:
        yearly = True                    # a year or a qualifier alone: 2025年前, 到2025年
    value_year = _int(year) if year else None
    suffix = "before" if before else "within" if within else "until" if until else None
    if within and end_word and yearly:
        suffix = None
    return _Point(m.start(), m.end(), pre, value_year, r.qualifiers[qual] if qual else None,   # in field order
                  value_month, value_day, part_days, quarter_no, half_no, upto_no, yearly, whole_year, end_word,
                  fen_said, suffix,
                  bool((month and value_month is None) or (day and value_day is None) or (year and value_year is None)))


# --------------------------------------------------------------------------------------------------
# The scan
# --------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Found:
    s: int                           # offsets in the matching view
    e: int
    what: str                        # deadline, recurring, duration, start, unresolved, invalid, malformed
    start: dt.date | None = None
    end: dt.date | None = None
    why: str = ""


def _candidates(view: str) -> Sequence[int]:
    """Where `master` may match in the view, in order: characters of `first` at most `back` before an anchor."""
    pre = _prefilter()
    if pre is None:
        return range(len(view) + 1)                  # anywhere
    first, back = pre.first, pre.back
    out: list[int] = []
    done = 0                                         # positions below this are already decided
    for found in pre.anchors.finditer(view):         # (extract_times has ruled out views without a lead character)
        a = found.start()
        out.extend([p for p in range(max(done, a - back), a + 1) if view[p] in first])
        done = a + 1
    return out


class _Scanner:
    def __init__(self, view: str, reference: ReferenceDate, starts: Sequence[int] | None = None) -> None:
        self.c = view
        self.ref = reference.date
        self.r = _rules()
        self.p = _patterns()
        self.found: list[_Found] = []
        self.starts = _candidates(view) if starts is None else starts

    def _search(self, pos: int) -> regex.Match[str] | None:
        """`master.search(self.c, pos)`, trying only the positions the prefilter leaves, and master in two parts:
        lead, and where only lead's empty `rest` matches, point."""
        starts, c, rest = self.starts, self.c, self.p.rest
        lead, point, point_only, n = self.p.lead.match, self.p.point.match, self.p.point_only, len(self.c)
        point_first, point_second = self.p.point_first, self.p.point_second
        for i in range(bisect.bisect_left(starts, pos), len(starts)):
            at = starts[i]
            no_point = False
            if at < n:
                ch = c[at]
                no_point = ch not in point_first and _no_digit(ch)   # 建(党节), “, 每: lead's alone
                if not no_point and point_second is not None:
                    second = c[at + 1:at + 2]
                    no_point = second not in point_second and (not second or _no_digit(second))   # 以上的
                need = False if ch in point_only else self._lead_may_match(at)
                if need is None:
                    continue                         # the guard: inside a run of digits or numerals
                if not need:
                    if no_point:
                        continue
                    m = point(c, at)                 # lead would match its empty `rest` here
                    if m is not None:
                        return m
                    continue
            m = lead(c, at)
            if m is None:
                continue                             # the guard: inside a run of digits or numerals
            if m.group(rest) is None:
                return m
            if no_point:
                continue
            m = point(c, at)
            if m is not None:
                return m
        return None

    def _lead_may_match(self, at: int) -> bool | None:
        """Whether lead may match one of its branches at `at` (True), only its empty `rest` (False), or
        nothing, its guard holding (None). True where unsure."""
        need = self.p.lead_need
        if need is None:
            return True
        c = self.c
        ch = c[at]
        prev = c[at - 1] if at else None
        if ch in _ASCII_DIGITS:
            if prev is not None:
                if prev in _ASCII_DIGITS or prev == ".":
                    return None
                if not _no_digit(prev):
                    return True
            digits = c[at + 1:at + 3]              # lost: 615日前 needs three digits
            if len(digits) == 2 and not (_no_digit(digits[0]) or _no_digit(digits[1])):
                return True
        elif ch in _CN_NUM:
            if prev is not None and prev in _CN_NUM:
                return None
        elif not _no_digit(ch):
            return True
        if ch in need.own:
            return True
        return any(map(c[at:at + need.window].__contains__, need.words))

    # -- context ---------------------------------------------------------------------------------
    def _after(self, pos: int, words: tuple[str, ...]) -> str | None:
        c = self.c
        if not c.startswith(words, pos):             # one C call rules out every word
            return None
        for w in words:
            if c.startswith(w, pos):
                return w
        return None

    def _before(self, pos: int, words: tuple[str, ...]) -> bool:
        return self.c.endswith(words, 0, pos)

    def _point_at(self, pos: int) -> _Point | None:
        p = self.p
        # With no prefix word at pos, point's optional prefix matches nothing: it matches as point_alone.
        alone = p.point if p.prefixes and not self.c.startswith(p.prefixes, pos) else p.point_alone
        m = alone.match(self.c, pos)
        return _point_of(m, self.r) if m else None

    def _span_tail(self, pos: int) -> _Point | None:
        """The far end of a span after a connector at `pos` (至2022年4月30日, —6月)."""
        m = self.p.connector.match(self.c, pos)
        if not m:
            return None
        p = self._point_at(m.end())
        if p is None or (p.year_only and p.year is None and p.offset is None):
            return None
        return p

    # -- resolution ------------------------------------------------------------------------------
    def _resolve(self, p: _Point) -> tuple[dt.date, dt.date] | str:
        """(first, last) of p, or "unresolved" / "invalid"."""
        ref = self.ref
        if p.year is not None:
            year = p.year
        elif ref is None:
            return "unresolved"
        else:
            year = ref.year + (p.offset or 0)
        b = p.bounds(year)
        if ref is not None and p.year is None and p.offset is None and (b is None or b[1] < _roll_cutoff(ref)):
            later = p.bounds(year + 1)
            if b is None or later is not None:
                b = later
        return b if b is not None else "invalid"

    def _emit_point(self, p: _Point, s: int, e: int, got: tuple[dt.date, dt.date] | str) -> None:
        if isinstance(got, str):
            why = "names no year and the reference date is unknown" if got == "unresolved" else "is not a calendar date"
            self.found.append(_Found(s, e, got, why=why))
            return
        first, last = got
        self.found.append(_Found(s, e, "deadline", first if p.names_span() else None, last))

    # -- acceptance of a standalone point ----------------------------------------------------------
    def _is_limit(self, p: _Point, anchored: bool) -> bool:
        if p.offset is not None and p.offset < 0:
            return False                             # 上年底: a past year
        if p.year_only:
            return bool(p.suffix or p.prefix)        # 2025年前, 到2025年; a bare 2025年 is no limit
        if p.whole and self.c.startswith(self.r.whole_year_nouns, p.e):
            return False                             # 全年目标任务
        bare = not (p.suffix or p.prefix or p.end_word or p.part)
        if p.month is not None and bare and p.year is None:
            return anchored or (p.fen and p.day is None)
        return True

    def _not_a_limit_here(self, p: _Point, s: int, e: int, *, last: tuple[dt.date, dt.date] | None) -> bool:
        """Context that makes a well-formed time no limit: base years, past cut-offs, past statistics."""
        return self._no_limit_by_context(p, s, e) or (last is not None and self._in_the_past(p, last))

    def _no_limit_by_context(self, p: _Point, s: int, e: int) -> bool:
        r = self.r
        c = self.c
        if c.endswith(r.base_words, 0, s) or c.startswith(r.base_followers, e):
            return True                              # 较2024年, 与2024年相比
        if p.year is not None:
            verb_at = e + 1 if self.c.startswith("已", e) else e
            if c.startswith(r.cutoff_verbs, verb_at):
                if self.ref is not None and p.year < self.ref.year:
                    return True                      # 2000年底前建成的小区
                if self.ref is None and "的" in self.c[verb_at:verb_at + 8]:
                    return True
        return False

    def _in_the_past(self, p: _Point, last: tuple[dt.date, dt.date]) -> bool:
        if self.ref is not None:
            if p.prefix in self.r.as_of and last[1] < self.ref:
                return True                          # 截至2023年底，已…
            if p.year is not None and not (p.prefix or p.suffix) and last[1] < self.ref:
                return True                          # 2024年5月23日印发的…: an event in the past
        return False

    # -- handlers --------------------------------------------------------------------------------
    def scan(self) -> list[_Found]:
        pos = 0
        lead, branches, r, size = self.p.lead, self.p.lead_branches, self.r, len(self.c)
        while pos < size:
            m = self._search(pos)
            if m is None:
                break
            start = m.start()
            if m.re is not lead:                     # the common case: a point
                pos = max(self._point(_point_of(m, r), start), start + 1)
                continue
            groups = m.groups()
            branch = next(name for i, name in branches if groups[i] is not None)
            if branch in ("recur", "recur_word"):
                nxt = self._recurring(m)
            elif branch == "open":
                nxt = self._opener(m)
            elif branch == "yrange":
                nxt = self._year_range(m)
            elif branch == "mrange":
                nxt = self._month_range(m)
            elif branch == "holiday":
                nxt = self._holiday(m)
            elif branch == "lost":
                self.found.append(_Found(m.start(), m.end(), "malformed", why="looks like a date with its 月 lost"))
                nxt = m.end()
            elif branch == "duration":
                self.found.append(_Found(m.start(), m.end(), "duration"))
                nxt = m.end()
            else:
                raise AssertionError(branch)         # every branch of lead is handled above
            pos = max(nxt, start + 1)
        return self.found

    def _recurring(self, m: regex.Match[str]) -> int:
        end = m.end()
        if m.group("recur") is not None:
            p = self._point_at(end)
            if p is not None and not p.year_only and p.prefix is None and p.offset is None and p.year is None:
                end = p.e
                tail = self._span_tail(end)
                if tail is not None:
                    end = tail.e                     # 每年11月至次年3月
            else:
                t = self.p.recur_tail.match(self.c, end)
                if t:
                    end = t.end()                    # 每月5日前, 每季度末
        self.found.append(_Found(m.start(), end, "recurring"))
        return end

    def _opener(self, m: regex.Match[str]) -> int:
        s = m.start()
        p = self._point_at(m.end())
        if p is None or p.prefix:
            t = self.p.start_nodate.match(self.c, s)
            if t:                                    # 自本通知印发之日起
                self.found.append(_Found(s, t.end(), "start"))
                return t.end()
            return m.end()
        return self._point(p, s, opened=True)

    def _point(self, p: _Point, s: int, *, opened: bool = False) -> int:
        """A point found at p.s (text from s, which may be an opener 自/从 before it)."""
        r = self.r
        if p.bad:
            return p.e
        # A span: 2021年5月1日至2022年4月30日, 从5月至10月, 自2024年7月1日起至2025年6月30日止.
        after = p.e
        started = self._after(after, r.start_words) if not p.suffix else None
        if started:
            after += len(started)
        if not p.suffix:
            tail = self._span_tail(after)
            if tail is not None and (opened or started or not p.prefix):
                return self._range(p, tail, s)
        if started:                                  # 自2024年7月1日起, 2025年起
            got = self._resolve(p)
            first = None
            if not isinstance(got, str):
                first = got[1] if p.end_word else got[0]
            self.found.append(_Found(s, after, "start", first))
            return after
        if self.c.startswith(r.since_words, p.e):
            return p.e                               # 2020年以来
        if opened:
            s = p.s                                  # 从 before a plain point is not part of it
        # A list sharing one suffix: 3月25日、6月25日、9月25日前.
        items = [p]
        pos = p.e
        while not items[-1].suffix and len(items) < 24:
            sep = self._after(pos, r.list_separators)
            if sep is None:
                break
            nxt = self._point_at(pos + len(sep))
            if nxt is None or nxt.year_only or nxt.bad or (nxt.month is None) != (p.month is None):
                break
            items.append(nxt)
            pos = nxt.e
        anchored = self.c.endswith(r.lead_ins, 0, s) or (s > 0 and self.c[s - 1] in ":：")
        if len(items) == 1:                          # the common case: the loop below for one item
            if self._no_limit_by_context(p, s, p.e) or not self._is_limit(p, anchored):
                return p.e
            got = self._resolve(p)
            if not isinstance(got, str) and self._in_the_past(p, got):
                return p.e
            self._emit_point(p, s, p.e, got)
            return p.e
        last = items[-1]
        shared = len(items) > 1 and bool(last.suffix or last.end_word or anchored)
        if shared:
            for prev, item in zip(items, items[1:], strict=False):
                if item.year is None and item.offset is None:
                    item.year, item.offset = prev.year, prev.offset
            for item in items[:-1]:
                item.suffix = item.suffix or last.suffix
                if item.month is not None and item.day is None and item.part is None and last.end_word:
                    item.end_word = True
            if self._not_a_limit_here(last, s, last.e, last=None):
                return last.e
        for i, item in enumerate(items):
            start = s if i == 0 else item.s
            own_end = last.e if shared else item.e
            if not shared and self._no_limit_by_context(item, start, own_end):
                continue
            if not self._is_limit(item, anchored if (i == 0 or shared) else self._before(start, r.lead_ins)):
                continue
            got = self._resolve(item)
            if not isinstance(got, str) and (self._in_the_past(item, got) if not shared
                                             else self._not_a_limit_here(item, start, own_end, last=got)):
                continue                             # (not shared: its context was ruled out above)
            self._emit_point(item, start, item.e, got)
        return last.e

    def _range(self, a: _Point, b: _Point, s: int) -> int:
        e = b.e
        if a.offset is not None and a.offset < 0:
            return e
        if a.year is None and self.ref is None:
            self.found.append(_Found(s, e, "unresolved", why="names no year and the reference date is unknown"))
            return e
        y1 = a.year if a.year is not None else self.ref.year + (a.offset or 0)  # type: ignore[union-attr]
        if b.year is not None:
            y2 = b.year
        elif b.offset is not None:
            y2 = y1 + b.offset                       # 2024年11月至次年3月
        else:
            y2 = y1
        ba, bb = a.bounds(y1), b.bounds(y2)
        if ba is None or bb is None:
            self.found.append(_Found(s, e, "invalid", why="is not a calendar date"))
            return e
        if b.implicit and bb[1] < ba[0]:
            y2 += 1
            bb = b.bounds(y2)
        if a.implicit and self.ref is not None and bb is not None and bb[1] < _roll_cutoff(self.ref):
            ba, bb = a.bounds(y1 + 1), b.bounds(y2 + 1)
        if ba is None or bb is None:
            self.found.append(_Found(s, e, "invalid", why="is not a calendar date"))
            return e
        if self._before(s, self.r.base_words):
            return e
        first = ba[1] if a.end_word else ba[0]
        self.found.append(_Found(s, e, "deadline", first, bb[1]))
        return e

    def _year_range(self, m: regex.Match[str]) -> int:
        s, e = m.start(), m.end()
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        close = self.r.programme_brackets.get(self.c[s - 1]) if s > 0 else None
        if close is not None and self.c.startswith(close, e):
            return e                                 # （2024—2026年）: a programme's years
        if y2 < y1 or self._before(s, self.r.base_words):
            return e
        self.found.append(_Found(s, e, "deadline", dt.date(y1, 1, 1), dt.date(y2, 12, 31)))
        return e

    def _month_range(self, m: regex.Match[str]) -> int:
        year = _int(m.group("mr_year")) if m.group("mr_year") else None
        offset = self.r.qualifiers[m.group("mr_qual")] if m.group("mr_qual") else None
        a = _Point(m.start(), m.start(), year=year, offset=offset, month=_int(m.group("m1")))
        b = _Point(m.start(), m.end(), month=_int(m.group("m2")))
        if a.month is None or b.month is None or not (1 <= a.month < b.month <= 12):
            return m.end()
        return self._range(a, b, m.start())

    def _holiday(self, m: regex.Match[str]) -> int:
        s, e = m.start(), m.end()
        name = m.group("h_name")
        offset = self.r.qualifiers[m.group("h_qual")] if m.group("h_qual") else None
        if offset is not None and offset < 0:
            return e
        year = _int(m.group("h_year")) if m.group("h_year") else None
        if year is None:
            if self.ref is None:
                self.found.append(_Found(s, e, "unresolved", why="names no year and the reference date is unknown"))
                return e
            year = self.ref.year + (offset or 0)
        day = _holiday_date(name, year)
        if day is not None and year is not None and m.group("h_year") is None and offset is None \
                and self.ref is not None and day - dt.timedelta(days=1) < _roll_cutoff(self.ref):
            day = _holiday_date(name, year + 1)
        if day is None:
            self.found.append(_Found(s, e, "invalid", why="falls outside the lunar calendar table"))
            return e
        self.found.append(_Found(s, e, "deadline", None, day - dt.timedelta(days=1)))
        return e


# --------------------------------------------------------------------------------------------------
# The public functions
# --------------------------------------------------------------------------------------------------

def _squeeze(norm: str, start: int, end: int) -> tuple[str, Sequence[int]]:
    """The matching view of norm[start:end] without spaces and line breaks, and each character's offset."""
    piece = norm[start:end]
    view = piece.replace(" ", "").replace("\n", "")    # _SKIP
    if len(view) == len(piece):
        return piece, range(start, end)
    return view, _offsets(piece, start)


def _offsets(piece: str, start: int) -> list[int]:
    """The offset of each character of piece (at `start`) that _squeeze keeps."""
    return [start + i for i, ch in enumerate(piece) if ch not in _SKIP]


_by_span = operator.attrgetter("span")


def extract_times(doc: DocText, ranges: Sequence[tuple[int, int]], reference: ReferenceDate) -> TimeFindings:
    """All time expressions inside the given half-open ranges of doc (a measure's own text, possibly in pieces)."""
    deadlines: list[Deadline] = []
    others: list[TimeExpression] = []
    warnings: list[ParseWarning] = []
    seen: set[tuple[int, int, str]] = set()
    size = len(doc.raw)
    pre = _prefilter()
    norm, raw = doc.norm, doc.raw
    for start, end in sorted(ranges):
        start, end = max(0, start), min(size, end)
        if end <= start:
            continue
        if pre is not None and pre.lead.search(norm, start, end) is None:
            continue                                 # no anchor can start here, so master matches nowhere
        piece = norm[start:end]
        view = piece.replace(" ", "").replace("\n", "")   # _squeeze, its offsets made only when needed
        starts = _candidates(view)
        if not starts:
            continue
        found = _Scanner(view, reference, starts).scan()
        if not found:
            continue
        where: Sequence[int] = range(start, end) if len(view) == len(piece) else _offsets(piece, start)
        for f in found:
            if f.e <= f.s:
                continue
            s, e = where[f.s], where[f.e - 1] + 1
            key = (s, e, f.what)
            if key in seen:
                continue
            seen.add(key)
            text = raw[s:e]
            if f.what == "deadline":
                deadlines.append(Deadline.model_construct(text=text, span=(s, e), start=f.start, end=f.end))
            elif f.what == "unresolved":
                deadlines.append(Deadline.model_construct(text=text, span=(s, e), start=None, end=None))
                warnings.append(ParseWarning.model_construct(code="unresolved_deadline", message=f"{text!r} {f.why}", span=(s, e)))
            elif f.what in ("invalid", "malformed"):
                code = "invalid_date" if f.what == "invalid" else "malformed_date"
                warnings.append(ParseWarning.model_construct(code=code, message=f"{text!r} {f.why}", span=(s, e)))
            else:
                others.append(TimeExpression.model_construct(text=text, span=(s, e), kind=f.what, start=f.start))
    if len(deadlines) > 1:                           # (one item or none is in order already)
        deadlines.sort(key=_by_span)
    deadlines = revise_deadlines(doc, ranges, deadlines, reference.date)   # head years, windows, past periods
    if len(others) > 1:
        others.sort(key=_by_span)
    if len(warnings) > 1:
        warnings.sort(key=lambda w: w.span or (0, 0))
    return TimeFindings(deadlines=deadlines, others=others, warnings=warnings)


def _date_of(m: regex.Match[str]) -> dt.date | None:
    year, month, day = _int(m.group("year")), _int(m.group("month")), _int(m.group("day"))
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_full_date(s: str) -> dt.date | None:
    """A complete written date: 2024年5月23日, 二〇二四年五月二十三日, 2025-04-08, 2025/4/8, 2025.4.8,
    2024年5月23号; None otherwise. Accepts the normalised or raw form (full-width digits)."""
    if not s:
        return None
    text = normalise(s).strip(" \n()[]【】")
    m = _full_date().fullmatch(text)
    return _date_of(m) if m else None


def find_full_dates(doc: DocText, start: int, end: int) -> list[tuple[int, int, dt.date]]:
    """Spans and values of complete dates in a region (used for metadata)."""
    out: list[tuple[int, int, dt.date]] = []
    start, end = max(0, start), min(len(doc.norm), end)
    for m in _full_date().finditer(doc.norm, start, end):
        value = _date_of(m)
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out


def resolve_month_day(month: int, day: int, reference: ReferenceDate) -> dt.date | None:
    """A month-day with no year (a news lead's 6月4日) takes the reference year."""
    if reference.date is None:
        return None
    try:
        return dt.date(reference.date.year, month, day)
    except ValueError:
        return None
