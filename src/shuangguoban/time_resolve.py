"""Resolution: a time point as written (a `Point`) turned into dates against the reference date.

A point names a day or a period (a month, its 上中下旬, a quarter, a half, 前三季度, a year); `bounds`
gives its first and last day in a year. A point without a year takes the reference year, or the next
one when the period would end more than three months before the reference date (`roll_cutoff`); a
span's second end without a year follows the first. What fails is "unresolved" (no year, no
reference date) or "invalid" (no calendar date). Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .dates import days_in, holiday_date, month_end, roll_cutoff, to_int

__all__ = ["Point", "Span", "resolve", "resolve_holiday", "resolve_range"]

Span = tuple[dt.date, dt.date]       # first and last day


class Point(NamedTuple):
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

    def bounds(self, year: int) -> Span | None:
        """First and last day of the named period in `year`; None for an impossible date."""
        if not 1 <= year <= 9999 or self.bad:
            return None
        if self.month is not None:
            if not 1 <= self.month <= 12:
                return None
            last = days_in(year, self.month)
            if self.day is not None:
                if not 1 <= self.day <= last:
                    return None
                d = dt.date(year, self.month, self.day)
                return d, d
            if self.part is not None:
                return dt.date(year, self.month, self.part[0]), dt.date(year, self.month, min(self.part[1], last))
            return dt.date(year, self.month, 1), dt.date(year, self.month, last)
        if self.quarter is not None:
            return dt.date(year, 3 * self.quarter - 2, 1), month_end(year, 3 * self.quarter)
        if self.half is not None:
            return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if self.half == 1 else \
                (dt.date(year, 7, 1), dt.date(year, 12, 31))
        if self.upto is not None:
            return dt.date(year, 1, 1), month_end(year, 3 * self.upto)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)


def resolve(p: Point, ref: dt.date | None) -> Span | str:
    """(first, last) of p, or "unresolved" / "invalid"."""
    if p.year is not None:
        year = p.year
    elif ref is None:
        return "unresolved"
    else:
        year = ref.year + (p.offset or 0)
    b = p.bounds(year)
    if ref is not None and p.year is None and p.offset is None and (b is None or b[1] < roll_cutoff(ref)):
        later = p.bounds(year + 1)
        if b is None or later is not None:
            b = later
    return b if b is not None else "invalid"


def resolve_range(a: Point, b: Point, ref: dt.date | None) -> Span | str | None:
    """(first, last) of the span from a to b, "unresolved" / "invalid", or None when a names a past year."""
    if a.offset is not None and a.offset < 0:
        return None
    if a.year is None and ref is None:
        return "unresolved"
    y1 = a.year if a.year is not None else ref.year + (a.offset or 0)  # type: ignore[union-attr]
    if b.year is not None:
        y2 = b.year
    elif b.offset is not None:
        y2 = y1 + b.offset                       # 2024年11月至次年3月
    else:
        y2 = y1
    ba, bb = a.bounds(y1), b.bounds(y2)
    if ba is None or bb is None:
        return "invalid"
    if b.implicit and bb[1] < ba[0]:
        y2 += 1
        bb = b.bounds(y2)
    if a.implicit and ref is not None and bb is not None and bb[1] < roll_cutoff(ref):
        ba, bb = a.bounds(y1 + 1), b.bounds(y2 + 1)
    if ba is None or bb is None:
        return "invalid"
    return (ba[1] if a.end_word else ba[0]), bb[1]


def resolve_holiday(name: str, written_year: str | None, offset: int | None, ref: dt.date | None) -> dt.date | str | None:
    """The day before holiday `name` (春节前) in the year written (2025, 二〇二五) or the offset's from the
    reference year, "unresolved" / "invalid", or None when it names a past year."""
    if offset is not None and offset < 0:
        return None
    year = to_int(written_year) if written_year else None
    if year is None:
        if ref is None:
            return "unresolved"
        year = ref.year + (offset or 0)
    day = holiday_date(name, year)
    if day is not None and written_year is None and offset is None and ref is not None \
            and day - dt.timedelta(days=1) < roll_cutoff(ref):
        day = holiday_date(name, year + 1)
    if day is None:
        return "invalid"
    return day - dt.timedelta(days=1)
