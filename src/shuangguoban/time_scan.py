"""The deadline scan: time expressions found in a matching view, each judged and resolved.

`Scanner(view, reference).scan()` walks the view left to right (`time_prefilter.match_at` at its candidate starts), and for each
match decides what it is: a deadline (a point, a span, a list of points sharing one 前, a holiday), a
recurring limit (每月5日前), a duration (10个工作日内), a start (自…起), or nothing (a base year, a past
cut-off, a statistic as of a past date). It reports `Found` records in view offsets; resolution to
dates is time_resolve's.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .dates import to_int
from .models import ReferenceDate
from .time_patterns import compile_verbose, scan_patterns
from .time_prefilter import candidates, match_at
from .time_resolve import Point, Span, resolve, resolve_holiday, resolve_range
from .time_words import TimeRules, time_rules

__all__ = ["Found", "Scanner", "point_of"]

_WHY = {"unresolved": "names no year and the reference date is unknown", "invalid": "is not a calendar date"}


class Found(NamedTuple):
    s: int                           # offsets in the matching view
    e: int
    what: str                        # deadline, recurring, duration, start, unresolved, invalid, malformed
    start: dt.date | None = None
    end: dt.date | None = None
    why: str = ""


_POINT_GROUPS = ("pre", "qual", "year", "month", "fen", "day", "part", "mend", "quarter", "qend", "half", "hend",
                 "upto", "whole", "yend", "before", "within", "until", "sep", "n_year", "n_month", "n_day")


@lru_cache(maxsize=4)
def _point_groups(source: str) -> Callable[[tuple[str | None, ...]], tuple[str | None, ...]]:
    """The groups of _POINT_GROUPS, by name, out of the groups() + (None,) of the pattern compiled from
    `source`: a group the pattern lacks (point_alone's pre) reads the None. (Keyed by the source: a `re`
    pattern hashes its whole compiled code.)"""
    pattern = compile_verbose(source)
    index = pattern.groupindex
    return operator.itemgetter(*(index[name] - 1 if name in index else pattern.groups for name in _POINT_GROUPS))


_NO_GROUP = (None,)


def point_of(m: re.Match[str], r: TimeRules) -> Point:
    """The point a match of `point` or `point_alone` names, as written."""
    (pre, qual, year, month, fen, day, part, mend, quarter, qend, half, hend, upto, whole, yend,
     before, within, until, sep, n_year, n_month, n_day) = _point_groups(m.re.pattern)(m.groups() + _NO_GROUP)
    if sep:                              # 2025-04-08 (`re` names a group once: the numeric date's own)
        year, month, day = n_year, n_month, n_day
    value_month = value_day = part_days = quarter_no = half_no = upto_no = None
    yearly = whole_year = end_word = False
    if month:
        value_month = to_int(month)
        if day:
            value_day = to_int(day)
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
    value_year = to_int(year) if year else None
    return Point(m.start(), m.end(), pre, value_year, r.qualifiers[qual] if qual else None,   # in field order
                 value_month, value_day, part_days, quarter_no, half_no, upto_no, yearly, whole_year, end_word,
                 bool(month and fen), _suffix(before, within, until, end_word and yearly),
                 bool((month and value_month is None) or (day and value_day is None) or (year and value_year is None)))


def _suffix(before: str | None, within: str | None, until: str | None, year_end: bool) -> str | None:
    """before / within / until; none for 内 after a year-end word (今年年底内)."""
    if before:
        return "before"
    if within:
        return None if year_end else "within"
    return "until" if until else None


class Scanner:
    def __init__(self, view: str, reference: ReferenceDate, starts: Sequence[int] | None = None) -> None:
        self.c = view
        self.ref = reference.date
        self.r = time_rules()
        self.p = scan_patterns()
        self.found: list[Found] = []
        self.starts = candidates(view) if starts is None else starts

    # -- context ---------------------------------------------------------------------------------
    def _after(self, pos: int, words: tuple[str, ...]) -> str | None:
        c = self.c
        if c.startswith(words, pos):
            return next(w for w in words if c.startswith(w, pos))   # the first that starts at pos
        return None

    def _before(self, pos: int, words: tuple[str, ...]) -> bool:
        return self.c.endswith(words, 0, pos)

    def _point_at(self, pos: int) -> Point | None:
        p = self.p
        # With no prefix word at pos, point's optional prefix matches nothing: it matches as point_alone.
        if not p.prefixes:
            alone = p.point_alone
        elif not self.c.startswith(p.prefixes, pos):
            alone = p.point
        elif p.prefix_blocks:
            return None                              # a prefix word (至, 到) begins no point without one
        else:
            alone = p.point_alone
        m = alone.match(self.c, pos)
        return point_of(m, self.r) if m else None

    def _span_tail(self, pos: int) -> Point | None:
        """The far end of a span after a connector at `pos` (至2022年4月30日, —6月)."""
        connector = self._after(pos, self.p.connectors)
        if connector is None:
            return None
        p = self._point_at(pos + len(connector))
        if p is None or (p.year_only and p.year is None and p.offset is None):
            return None
        return p

    def _emit(self, s: int, e: int, got: str) -> None:
        """An "unresolved" or "invalid" time."""
        self.found.append(Found(s, e, got, why=_WHY[got]))

    def _emit_point(self, p: Point, s: int, e: int, got: Span | str) -> None:
        if isinstance(got, str):
            self._emit(s, e, got)
            return
        first, last = got
        self.found.append(Found(s, e, "deadline", first if p.names_span() else None, last))

    # -- acceptance of a standalone point ----------------------------------------------------------
    def _is_limit(self, p: Point, anchored: bool) -> bool:
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

    def _not_a_limit_here(self, p: Point, s: int, e: int, *, last: Span | None) -> bool:
        """Context that makes a well-formed time no limit: base years, past cut-offs, past statistics."""
        return self._no_limit_by_context(p, s, e) or (last is not None and self._in_the_past(p, last))

    def _no_limit_by_context(self, p: Point, s: int, e: int) -> bool:
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

    def _in_the_past(self, p: Point, last: Span) -> bool:
        if self.ref is not None:
            if p.prefix in self.r.as_of and last[1] < self.ref:
                return True                          # 截至2023年底，已…
            if p.year is not None and not (p.prefix or p.suffix) and last[1] < self.ref:
                return True                          # 2024年5月23日印发的…: an event in the past
        return False

    # -- handlers --------------------------------------------------------------------------------
    def scan(self) -> list[Found]:
        """Master's matches left to right, each at a candidate start past the last one's end (what
        repeated `time_prefilter.search` calls would find, in one pass over the starts)."""
        c, r, p, pos, size = self.c, self.r, self.p, 0, len(self.c)
        for at in self.starts:
            if at < pos:
                continue                             # inside what the last match covered
            if pos >= size:
                break
            m = match_at(p, c, at)
            if m is None:
                continue
            if m.re is p.lead:                       # one of lead's own branches, each with its handler
                pos = max(_HANDLERS[m.lastgroup](self, m), at + 1)   # type: ignore[index]
            else:
                pos = max(self._point(point_of(m, r), at), at + 1)
        return self.found

    def _lost(self, m: re.Match[str]) -> int:
        self.found.append(Found(m.start(), m.end(), "malformed", why="looks like a date with its 月 lost"))
        return m.end()

    def _duration(self, m: re.Match[str]) -> int:
        self.found.append(Found(m.start(), m.end(), "duration"))
        return m.end()

    def _recurring(self, m: re.Match[str]) -> int:
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
        self.found.append(Found(m.start(), end, "recurring"))
        return end

    def _opener(self, m: re.Match[str]) -> int:
        s = m.start()
        p = self._point_at(m.end())
        if p is None or p.prefix:
            t = self.p.start_nodate.match(self.c, s)
            if t:                                    # 自本通知印发之日起
                self.found.append(Found(s, t.end(), "start"))
                return t.end()
            return m.end()
        return self._point(p, s, opened=True)

    def _point(self, p: Point, s: int, *, opened: bool = False) -> int:
        """A point found at p.s (text from s, which may be an opener 自/从 before it)."""
        if p.bad:
            return p.e
        end = self._span_or_start(p, s, opened)
        if end is not None:
            return end
        if self.c.startswith(self.r.since_words, p.e):
            return p.e                               # 2020年以来
        if opened:
            s = p.s                                  # 从 before a plain point is not part of it
        items = self._list_of(p)
        anchored = self.c.endswith(self.r.lead_ins, 0, s) or (s > 0 and self.c[s - 1] in ":：")
        if len(items) == 1:                          # the common case: _list for one item
            if self._no_limit_by_context(p, s, p.e) or not self._is_limit(p, anchored):
                return p.e
            got = resolve(p, self.ref)
            if not isinstance(got, str) and self._in_the_past(p, got):
                return p.e
            self._emit_point(p, s, p.e, got)
            return p.e
        return self._list(items, s, anchored)

    def _span_or_start(self, p: Point, s: int, opened: bool) -> int | None:
        """A span (2021年5月1日至2022年4月30日, 从5月至10月, 自2024年7月1日起至2025年6月30日止) or a start
        (自2024年7月1日起, 2025年起) from p: where it ends; None when p is neither."""
        after = p.e
        started = self._after(after, self.r.start_words) if not p.suffix else None
        if started:
            after += len(started)
        if not p.suffix:
            tail = self._span_tail(after)
            if tail is not None and (opened or started or not p.prefix):
                return self._range(p, tail, s)
        if not started:
            return None
        got = resolve(p, self.ref)
        first = None
        if not isinstance(got, str):
            first = got[1] if p.end_word else got[0]
        self.found.append(Found(s, after, "start", first))
        return after

    def _list_of(self, p: Point) -> list[Point]:
        """p and the points after it in a list sharing one suffix: 3月25日、6月25日、9月25日前."""
        items = [p]
        pos = p.e
        while not items[-1].suffix and len(items) < 24:
            sep = self._after(pos, self.r.list_separators)
            if sep is None:
                break
            nxt = self._point_at(pos + len(sep))
            if nxt is None or nxt.year_only or nxt.bad or (nxt.month is None) != (p.month is None):
                break
            items.append(nxt)
            pos = nxt.e
        return items

    def _list(self, items: list[Point], s: int, anchored: bool) -> int:
        """A list of two points or more, from s: one limit each, or none where its context rules it out."""
        last = items[-1]
        shared = bool(last.suffix or last.end_word or anchored)
        if shared:
            items = _shared(items)
            last = items[-1]
            if self._not_a_limit_here(last, s, last.e, last=None):
                return last.e
        for i, item in enumerate(items):
            start = s if i == 0 else item.s
            own_end = last.e if shared else item.e
            if not shared and self._no_limit_by_context(item, start, own_end):
                continue
            if not self._is_limit(item, anchored if (i == 0 or shared) else self._before(start, self.r.lead_ins)):
                continue
            got = resolve(item, self.ref)
            if not isinstance(got, str) and (self._in_the_past(item, got) if not shared
                                             else self._not_a_limit_here(item, start, own_end, last=got)):
                continue                             # (not shared: its context was ruled out above)
            self._emit_point(item, start, item.e, got)
        return last.e

    def _range(self, a: Point, b: Point, s: int) -> int:
        e = b.e
        got = resolve_range(a, b, self.ref)
        if got is None:
            return e
        if isinstance(got, str):
            self._emit(s, e, got)
            return e
        if self._before(s, self.r.base_words):
            return e
        self.found.append(Found(s, e, "deadline", *got))
        return e

    def _year_range(self, m: re.Match[str]) -> int:
        s, e = m.start(), m.end()
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        close = self.r.programme_brackets.get(self.c[s - 1]) if s > 0 else None
        if close is not None and self.c.startswith(close, e):
            return e                                 # （2024—2026年）: a programme's years
        if y2 < y1 or self._before(s, self.r.base_words):
            return e
        self.found.append(Found(s, e, "deadline", dt.date(y1, 1, 1), dt.date(y2, 12, 31)))
        return e

    def _month_range(self, m: re.Match[str]) -> int:
        year = to_int(m.group("mr_year")) if m.group("mr_year") else None
        offset = self.r.qualifiers[m.group("mr_qual")] if m.group("mr_qual") else None
        a = Point(m.start(), m.start(), year=year, offset=offset, month=to_int(m.group("m1")))
        b = Point(m.start(), m.end(), month=to_int(m.group("m2")))
        if a.month is None or b.month is None or not (1 <= a.month < b.month <= 12):
            return m.end()
        return self._range(a, b, m.start())

    def _holiday(self, m: re.Match[str]) -> int:
        s, e = m.start(), m.end()
        offset = self.r.qualifiers[m.group("h_qual")] if m.group("h_qual") else None
        got = resolve_holiday(m.group("h_name"), m.group("h_year"), offset, self.ref)
        if got is None:
            return e
        if got == "invalid":
            self.found.append(Found(s, e, "invalid", why="falls outside the lunar calendar table"))
        elif isinstance(got, str):
            self._emit(s, e, got)
        else:
            self.found.append(Found(s, e, "deadline", None, got))
        return e


_HANDLERS: dict[str, Callable[[Scanner, re.Match[str]], int]] = {   # a handler for every branch of lead
    "recur": Scanner._recurring, "recur_word": Scanner._recurring, "open": Scanner._opener, "yrange": Scanner._year_range,
    "mrange": Scanner._month_range, "holiday": Scanner._holiday, "lost": Scanner._lost, "duration": Scanner._duration}


def _shared(items: list[Point]) -> list[Point]:
    """A list's points with what they share: a year from the point before (3月、6月、9月 after 2025年),
    the last one's suffix, and its 底 for a month alone (5月、6月底前)."""
    items = list(items)
    for i in range(1, len(items)):
        item, prev = items[i], items[i - 1]
        if item.year is None and item.offset is None:
            items[i] = item._replace(year=prev.year, offset=prev.offset)
    last = items[-1]
    for i, item in enumerate(items[:-1]):
        end_word = item.end_word or (item.month is not None and item.day is None and item.part is None
                                     and last.end_word)
        items[i] = item._replace(suffix=item.suffix or last.suffix, end_word=end_word)
    return items
