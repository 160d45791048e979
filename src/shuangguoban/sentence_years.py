"""Passes over a measure's deadlines that need the sentence around them (rules: periods.yaml).

- A year at the head of a sentence or clause (`2025年，力争…`, `计划2024年推进…`) is that sentence's
  time limit, ending 12-31: the deadline scan (time_scan.py) reads a bare year as no limit.
- A quarter or month without a year in a sentence a head year governs takes that year.
- A window of two times (`2024年11月8日9时至2024年11月20日18时`) is one deadline with start and end.
- A period after a verb that carries a past policy on (`延续上半年…政策`) is no deadline.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from .dates import CLOCK
from .lazy import compiled, once
from .models import Deadline
from .rules import alternation, load_rules
from .text import DocText

__all__ = ["revise_deadlines"]

_HEAD_STOPS = "。！？!?；;，,：:\n).、"       # sentence and clause ends, and an item label's end (1. / (一))
_WINDOW_GAP = 8                                  # 11时至: the most that stands between a window's two times
_HEAD_REACH = 6                                  # a stop, spaces and a lead word (计划) fit in 6 characters


class _Rules(NamedTuple):
    head_year: re.Pattern[str]
    head_before: re.Pattern[str]
    past: re.Pattern[str]
    gap: re.Pattern[str]
    clock: re.Pattern[str]


@once
def _rules() -> _Rules:
    table = load_rules("periods.yaml")
    leads = alternation(table["head_year_leads"])
    return _Rules(
        # the year first, then (head_before) whether only a lead word stands between it and a stop; found
        # by its 年 (a literal `re` skips to), the digits read behind it (which may lie before `pos`)
        head_year=re.compile(
            rf"年(?<=(?P<year>(?:19|20)[0-9]{{2}})年)(?![0-9一二三四五六七八九十]|{alternation(table['head_year_not_before'])})"
        ),
        head_before=re.compile(rf"(?:^|[{re.escape(_HEAD_STOPS)}])[ \u3000]*(?:{leads})?[ \u3000]*$"),
        past=re.compile(rf"(?:{alternation(table['past_period_verbs'])})\s*$"),
        gap=re.compile(rf"(?:{CLOCK})?\s*(?:{alternation(table['window_connectors'])})?\s*$"),
        clock=re.compile(CLOCK),
    )


def revise_deadlines(
    doc: DocText, ranges: Sequence[tuple[int, int]], deadlines: list[Deadline], reference: dt.date | None
) -> list[Deadline]:
    """The deadlines of a measure with head years added, windows joined and past periods dropped (in text order)."""
    norm = doc.norm
    r = _rules()
    years = [(m, max(0, a), b) for a, b in ranges if norm.find("年", a, b) >= 0   # (no 年, no year)
             for m in r.head_year.finditer(norm, max(0, a), b) if m.start("year") >= a]
    if not years and not deadlines:
        return deadlines                                 # most measures: nothing to revise
    kept = deadlines
    if any(r.past.search(norm, max(0, d.span[0] - 4), d.span[0]) for d in deadlines):
        kept = [d for d in deadlines if not r.past.search(norm, max(0, d.span[0] - 4), d.span[0])]
    if len(kept) > 1:
        kept = _windows(doc, kept, r)
    if not years:
        return kept
    kept = list(kept)
    taken = [d.span for d in kept]
    heads: list[tuple[int, int, int]] = []               # (after the head year, sentence end, year)
    for m, start, end in years:
        s, e = m.start("year"), m.end()
        if s > 0 and norm[s - 1].isdigit():
            continue                                     # the tail of a longer number
        lo = max(start, s - _HEAD_REACH)
        head = r.head_before.search(norm[lo:s])        # (on a slice: its ^ is the window's start)
        if head is None or (head.start() == 0 and lo > start and norm[lo] not in _HEAD_STOPS):
            continue                                     # not at the head of a sentence or clause
        if e >= end or any(a < e and s < b for a, b in taken):
            continue                                     # nothing after it, or the scanner read it already
        year = int(m.group("year"))
        if reference is not None and year < reference.year:
            continue                                     # a review of a past year
        kept.append(Deadline.model_construct(text=doc.raw[s:e], span=(s, e), start=None, end=dt.date(year, 12, 31)))
        heads.append((e, _sentence_end(norm, e, end), year))
    if len(kept) > 1:
        kept.sort(key=lambda d: d.span)
    if heads:
        kept = [_in_head_year(d, heads) for d in kept]
    return kept


def _sentence_end(norm: str, start: int, end: int) -> int:
    """Where the sentence that goes on at `start` ends (。！？ or a line break), at most at `end`."""
    stops = [i for i in (norm.find(c, start, end) for c in "。！？!?\n") if i >= 0]
    return min(stops) if stops else end


def _in_head_year(d: Deadline, heads: list[tuple[int, int, int]]) -> Deadline:
    """A quarter or month written without a year (一季度, 6月底前) in a sentence a head year governs takes that year."""
    for after, stop, year in heads:
        if after <= d.span[0] < stop and d.end is not None and d.end.year != year and not _YEAR_WRITTEN().search(d.text):
            shift = year - d.end.year
            return Deadline.model_construct(text=d.text, span=d.span, start=_shifted(d.start, shift), end=_shifted(d.end, shift))
    return d


def _shifted(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    last = calendar.monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


_YEAR_WRITTEN = compiled(r"[0-9〇零○一二三四五六七八九]{4}年|[今明去当本次来上下]年")


def _windows(doc: DocText, deadlines: list[Deadline], r: _Rules) -> list[Deadline]:
    """Join `A[时]至B[时]` into one deadline from A's day to B's end."""
    if len(deadlines) < 2:
        return deadlines
    norm = doc.norm
    out: list[Deadline] = []
    for d in deadlines:
        prev = out[-1] if out else None
        if (prev is not None and d.span[0] - prev.span[1] <= _WINDOW_GAP and prev.end is not None
                and d.end is not None and prev.end < d.end):
            between = norm[prev.span[1]:d.span[0]]
            joined = r.gap.fullmatch(between) is not None
            if joined and (between.strip(" 0123456789时点分") or doc.norm[d.span[0]] in "至到"):
                s, e = prev.span[0], d.span[1]
                clock = r.clock.match(norm, e)
                if clock is not None:
                    e = clock.end()
                out[-1] = Deadline.model_construct(text=doc.raw[s:e], span=(s, e), start=prev.start or prev.end, end=d.end)
                continue
        out.append(d)
    return out
