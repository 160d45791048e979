"""The calendar that deadlines and metadata share: numerals of dates, month ends, holidays, full dates.

- Numerals: the characters of a year written digit by digit (二〇二四), of any Chinese number, of a day;
  a clock time after a day (10日24时, 6月30日 17:00).
- Month arithmetic: the days of a month, its last day, a date some months before, the roll-over cutoff
  (a period of an unstated year ending before it is read as next year's).
- Holidays: the date of a named holiday (rules/periods.yaml `holidays`) in a year, lunar ones converted
  with lunardate, 清明 computed.
- Complete written dates (2024年5月23日, 二〇二四年五月二十三日, 2025-04-08) for metadata, which needs
  none of the deadline scan.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Any, NamedTuple

from lunardate import LunarDate

from .lazy import once
from .models import ReferenceDate
from .numbers import parse_number
from .rules import load_rules
from .text import DocText, normalise

__all__ = ["CLOCK", "find_full_dates", "parse_full_date", "resolve_month_day"]

CN_YEAR_DIGITS = "〇零○O一二三四五六七八九"          # digits of a year written digit by digit (二〇二四)
CN_NUM = "〇零○O一二两三四五六七八九十百千万"         # any numeral character: nothing numeric may precede a number
DAY = r"(?:\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
# A clock time after a day (3月10日24时, 6月30日 17:00): part of the limit, and of a window's ends.
CLOCK = r"[ ]*(?:[0-9]{1,2}[ ]*[时点](?:[ ]*[0-9]{1,2}[ ]*分)?|[0-9]{1,2}:[0-5][0-9])"


def to_int(s: str | None) -> int | None:
    """A written whole number (24, 二〇二四, 十二) as an int; None for nothing or no whole number."""
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    s = s.replace("O", "〇").replace("○", "〇")
    value = parse_number(s)
    return None if value is None or value != value.to_integral_value() else int(value)


# --------------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------------

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without its weekday."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return _MONTH_DAYS[month] if 1 <= month <= 12 else calendar.monthrange(year, month)[1]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, days_in(year, month))


def months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, days_in(year, month)))


@lru_cache(maxsize=16)
def roll_cutoff(reference: dt.date) -> dt.date:
    """A period of an unstated year that ends before this is read as next year's."""
    return months_before(reference, 3)


# --------------------------------------------------------------------------------------------------
# Holidays
# --------------------------------------------------------------------------------------------------

class _Holidays(NamedTuple):
    rules: dict[str, dict[str, Any]]      # name → {calendar: solar | lunar | qingming, month, day}
    qingming_c: dict[int, int]            # century → C of the 寿星 formula, × 10000


@once
def _holidays() -> _Holidays:
    table = load_rules("periods.yaml")
    return _Holidays(
        rules={str(k): dict(v) for k, v in table["holidays"].items()},
        qingming_c={int(k): int(v) for k, v in table["qingming_c"].items()},
    )


def holiday_date(name: str, year: int) -> dt.date | None:
    """The date of holiday `name` in `year`; None outside lunardate's table."""
    rule = _holidays().rules[name]
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
            c = _holidays().qingming_c.get(century)
            if c is None:
                return dt.date(year, 4, 5)
            y = year % 100
            return dt.date(year, 4, (y * 2422 + c) // 10000 - y // 4)
    except (ValueError, IndexError, KeyError, OverflowError):   # outside lunardate's table
        return None
    return None


# --------------------------------------------------------------------------------------------------
# Complete written dates
# --------------------------------------------------------------------------------------------------

@once
def _full_date() -> re.Pattern[str]:
    """A complete written date (metadata reads these; it needs none of the scan's patterns). Each form
    names its own groups (`re` names a group once): year, cn_year or n_year, and so on."""
    return re.compile(rf"""
        (?<![\d.])(?P<year>\d{{4}})\ ?年\ ?(?P<month>\d{{1,2}})\ ?月\ ?(?P<day>\d{{1,2}})\ ?[日号]
      | (?<![{CN_NUM}])(?P<cn_year>[{CN_YEAR_DIGITS}]{{4}})年(?P<cn_month>十[一二]?|[一二三四五六七八九])月(?P<cn_day>{DAY})[日号]
      | (?<![\d.])(?P<n_year>\d{{4}})(?P<sep>[-/.])(?P<n_month>\d{{1,2}})(?P=sep)(?P<n_day>\d{{1,2}})(?![\d.])
    """, re.VERBOSE)


def _date_of(m: re.Match[str]) -> dt.date | None:
    year, month, day = m.group("year", "month", "day")
    if year is None:
        year, month, day = m.group("cn_year", "cn_month", "cn_day") if m.group("cn_year") else m.group("n_year", "n_month", "n_day")
    year, month, day = to_int(year), to_int(month), to_int(day)
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
