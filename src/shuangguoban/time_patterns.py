"""The patterns of the deadline scan, built from the time words (rules/periods.yaml) on first use.

`lead` holds every kind of candidate but a plain time point (每月, 自…起, 2024—2026年, 5—6月, 春节前,
10个工作日内, a date with its 月 lost); `point` is a time point (2025年底前, 6月30日, 三季度末, 上半年) with
an optional prefix (到, 截至). A scan matches lead, then point where lead finds only its empty `rest`:
together they find what `master` (lead | point) finds. What each pattern may start with is kept beside
it, so the scan tries a pattern only where it can match.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from .dates import CLOCK, CN_NUM, CN_YEAR_DIGITS, DAY
from .lazy import once
from .rules import alternation
from .time_words import TimeRules, time_rules

__all__ = ["ScanPatterns", "compile_verbose", "scan_patterns"]

def _chars(words: Any) -> str:
    return "".join(re.escape(str(w)) for w in words)


class ScanPatterns(NamedTuple):
    """The patterns of a scan, each compiled on first use, and no part twice: `master` is what a scan
    finds, but it is matched as lead, then point; and `point` also serves where a point without a prefix
    is wanted."""

    lead: re.Pattern[str]           # master but its point branch, and an empty `rest` where no other matches
    point: re.Pattern[str]          # a time point with an optional prefix (master's last branch)
    connectors: tuple[str, ...]     # 至 / 到 / — between the two ends of a span, longest first, as their alternation tries them
    prefixes: tuple[str, ...]       # where none starts, point.match is a match of the point alone
    point_only: frozenset[str]      # characters no branch of lead (nor its guard) starts with: only `rest` matches
    prefix_blocks: bool             # no prefix word starts as a point without prefix can: where one is, none is
    sources: dict[str, str]         # of the patterns compiled only when needed (see the properties)

    @property
    def master(self) -> Any:
        """Every kind of candidate, leftmost first: `time_prefilter.search` finds what `master.search` finds.
        Compiled by `regex` (it is only the yardstick of the tests), the scan's own patterns by `re`."""
        import regex

        return regex.compile(self.sources["master"], regex.VERBOSE)

    @property
    def point_alone(self) -> re.Pattern[str]:
        """A time point without prefix (the second half of a span, a list item)."""
        return compile_verbose(self.sources["point_alone"])

    @property
    def recur_tail(self) -> re.Pattern[str]:
        """5日前, 末, 首月10日前 after 每月 / 每季度."""
        return compile_verbose(self.sources["recur_tail"])

    @property
    def start_nodate(self) -> re.Pattern[str]:
        return compile_verbose(self.sources["start_nodate"])


@lru_cache(maxsize=8)
def compile_verbose(source: str) -> re.Pattern[str]:
    return re.compile(source, re.VERBOSE)


_YEAR = rf"(?:(?<![\d.])\d{{4}}|(?<![{CN_NUM}])[{CN_YEAR_DIGITS}]{{4}})"
_MONTH = rf"(?:(?<![\d.])\d{{1,2}}|(?<![{CN_NUM}])(?:十[一二]?|[一二三四五六七八九]))"


def _point_source(r: TimeRules, *, prefix: bool) -> str:
    raw = r.raw
    ends = alternation(raw["period_ends"])
    body = rf"""
        (?P<month>{_MONTH})月(?P<fen>份)?                     # 6月, 六月, 6月份
            (?:(?P<day>{DAY})[日号](?:{CLOCK})?               #   …30日, 10日24时 (the date is the day's)
              |(?P<part>{alternation(r.month_parts)})                 #   …中下旬
              |(?P<mend>{ends}))?                              #   …底 / 末
      | 第?(?<![{CN_NUM}\d])(?P<quarter>{alternation(r.quarters)})季度(?P<qend>{ends})?   # 二季度末, 第三季度
      | (?P<half>{alternation(r.halves)})半年(?P<hend>{ends})?       # 上半年, 下半年末
      | 前(?P<upto>{alternation(r.leading_quarters)})个?季度          # 前三季度
      | (?P<whole>全年)                                        # 全年
    """
    numeric = r"""
        (?<![\d.])(?P<n_year>\d{4})(?P<sep>[-/.])(?P<n_month>\d{1,2})(?P=sep)(?P<n_day>\d{1,2})(?![\d.])   # 2025-04-08
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


@once
def scan_patterns() -> ScanPatterns:
    r = time_rules()
    raw = r.raw
    connector = alternation(raw["range_connectors"])
    cn_count = "一两二三四五六七八九十百半"
    guard = rf"(?<=[\d.])\d|(?<=[{CN_NUM}])[{CN_NUM}]"
    lead = rf"""
        (?P<recur>每个?(?:(?:\d{{1,2}}|[{cn_count}]{{1,2}})个?)?(?:{alternation(raw['recurring_units'])}))   # 每月, 每两周
      | (?P<recur_word>{alternation(raw['recurring_words'])})                                          # 按月
      | (?P<open>{alternation(raw['start_openers'])})                                                  # 自 / 从 …
      | (?P<yrange>(?P<y1>(?<![\d.])\d{{4}})年?(?:{connector})(?P<y2>\d{{4}})年(?!度))         # 2024—2026年
      | (?P<mrange>(?:(?P<mr_qual>{alternation(r.qualifiers)})|(?P<mr_year>{_YEAR})年(?!度))?
                   (?P<m1>{_MONTH})(?:{connector})(?P<m2>{_MONTH})月份?)                        # 5—6月
      | (?P<holiday>(?:(?P<h_qual>{alternation(r.qualifiers)})|(?P<h_year>{_YEAR})年(?!度))?
                    “?(?<![{CN_NUM}第])(?P<h_name>{alternation(r.holidays)})”?
                    (?P<h_suffix>{alternation(r.before)})(?![{_chars(raw['not_before'])}]))           # 春节前
      | (?P<duration>(?<![\d.])(?<![{CN_NUM}])(?:\d{{1,3}}|[{cn_count}]{{1,3}})
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
        (?:{alternation(raw['recurring_months'])})?(?:{DAY})[日号](?:{alternation(r.before | r.until)})?   # 5日前, 首月10日前
      | (?:{alternation([*raw['recurring_parts'], *raw['period_ends']])})(?:{alternation(r.before)})?     # 末, 底前, 下旬
    """
    start_nodate = rf"""
        (?:{alternation(raw['start_openers'])})[^,;:。!?]{{1,12}}?(?:{alternation(raw['start_days'])})(?:{alternation(r.start_words)})
    """
    lead_pattern = compile_verbose(lead_or_rest)
    # What lead's branches and guard can start with: 每, the words' first characters, “, numerals and digits.
    lead_first = {"每", "“"} | set(CN_NUM + CN_YEAR_DIGITS + cn_count + "十一二三四五六七八九") | {
        str(w)[0] for w in [*raw["recurring_words"], *raw["start_openers"], *r.qualifiers, *r.holidays]}
    point_heads = {"年", "前", "第", "全"} | {str(w)[0] for w in [*r.prefixes, *r.quarters, *r.halves]}
    # What a point without prefix starts with: a digit (any \d), a numeral, a qualifier, 第 / a quarter, a
    # half, 前, 全 or 年.
    alone_heads = set(CN_YEAR_DIGITS + "十一二三四五六七八九第前全年") | {
        str(w)[0] for w in [*r.quarters, *r.halves, *r.qualifiers]}
    return ScanPatterns(
        lead=lead_pattern,
        point=compile_verbose(point),
        connectors=tuple(sorted({str(w) for w in raw["range_connectors"]}, key=lambda w: (-len(w), w))),
        prefixes=tuple(str(w) for w in r.prefixes),
        point_only=frozenset(ch for ch in point_heads - lead_first
                             if not (ch.isdigit() or ch.isdecimal() or ch.isnumeric())),
        prefix_blocks=not any(str(w)[0] in alone_heads or str(w)[0].isdecimal() for w in r.prefixes),
        sources={"master": master, "point_alone": _point_source(r, prefix=False),
                 "recur_tail": recur_tail, "start_nodate": start_nodate},
    )
