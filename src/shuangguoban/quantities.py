"""Quantities: a number with its unit, found in a measure's text and resolved to an exact Decimal.

One combined pattern finds every candidate quantity (`20亿元`, `3.5万人以上`, `2—3个`, `百分之五十`,
`300多家`, a bare `100亿`); `resolve` turns a match into its value in base units (`3.12万人` → 31200
人), its upper bound for a range, and the value and unit as written. Whether a quantity is a target (a
commitment) is decided elsewhere (commitments.py, targets.py). Units and magnitudes are data
(rules/units.yaml); the words that may stand between a number and its unit (300多家) or after it
(以上) come from rules/comparators.yaml. Values are Decimals throughout: nothing here touches a float.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple, cast

import regex

from .lazy import once
from .numbers import parse_number
from .rules import alternation, load_rules

__all__ = ["Groups", "Quantity", "QuantityTable", "Unit", "clean", "maybe_quantity", "quantity_table", "resolve",
           "unit_factor"]

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千"
_ONE = Decimal(1)

# An Arabic number: 1,200.5 or 36.5; never the tail of a longer number, a code (G30) or a label (1.).
_ARABIC = (
    r"(?<![0-9.,A-Za-z])"
    r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}(?![0-9])|[0-9]{1,15})"
    r"(?:\.[0-9]{1,8})?"
    r"(?![0-9]|\.[0-9])"
)
# A Chinese numeral: 三千九百, 一万二千, 两; never after another numeral character or 第 (an ordinal).
_CHINESE = rf"(?<![{_CN_CHARS}万亿第])[{_CN_CHARS}]{{1,12}}(?:[万亿][{_CN_CHARS}]{{1,12}}){{0,2}}"
_RANGE_SEP = r"(?:—{1,2}|–|-|~|〜|至|到)"


class Unit(NamedTuple):
    """A unit as written in units.yaml: its base unit, the factor to it, whether a magnitude may scale it."""

    unit: str
    factor: Decimal
    scalable: bool


_BARE = Unit("", _ONE, True)   # no unit written (100亿): money only after a money metric


class Groups(NamedTuple):
    """The groups of a candidate match (`Groups._make(m.groups())`), in the pattern's order."""

    pk: str | None                 # 百分之 / 千分之
    pn: str | None                 # its number
    pn2: str | None                # a range's upper number after it
    n1: str | None                 # the number (a range's lower bound)
    m1: str | None                 # a range's lower magnitude and unit (3万元-5万元)
    u1: str | None
    n2: str | None                 # a range's upper number
    b1: str | None                 # a comparator word between number and magnitude (300多家)
    m: str | None                  # the magnitude (3.5万人)
    b2: str | None                 # a comparator word between magnitude and unit (3万多人)
    u: str | None                  # the unit
    bm: str | None                 # a bare magnitude with no unit (100亿)
    unit: str | None               # the units, defined once and called by u1 and u (not read)
    number: str | None             # the number, defined once and called by pn, pn2 and n2 (not read)


class QuantityTable(NamedTuple):
    pattern: regex.Pattern         # every candidate quantity (its groups: Groups)
    units: dict[str, Unit]         # written unit → its spec
    magnitudes: dict[str, Decimal]


class Quantity(NamedTuple):
    """A candidate resolved: values in base units, and the number and unit as written."""

    value: Decimal
    upper: Decimal | None          # a range's upper bound
    raw_value: Decimal
    raw_unit: str
    unit: str                      # the base unit; "" for a bare magnitude (100亿)
    is_chinese: bool               # written in Chinese numerals
    is_range: bool


@once
def quantity_table() -> QuantityTable:
    table = load_rules("units.yaml")
    magnitudes = {k: Decimal(str(v)) for k, v in table["magnitudes"].items()}
    units: dict[str, Unit] = {}
    unit_alts = []
    for written in sorted(table["units"], key=lambda w: (-len(w), w)):
        spec = table["units"][written]
        units[written] = Unit(spec["unit"], Decimal(str(spec.get("factor", 1))), spec.get("scalable", True))
        guard = spec.get("not_before") or []
        unit_alts.append(regex.escape(written) + (f"(?!{_guard(guard)})" if guard else ""))
    pattern = _candidate_pattern(units, unit_alts, magnitudes)
    assert Groups._fields == tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__))
    return QuantityTable(pattern, units, magnitudes)


def _guard(words: list[Any]) -> str:
    """The words a unit must not stand before, as one alternation: its one-character words as a set."""
    longer = [w for w in words if len(str(w)) > 1]
    chars = sorted({regex.escape(str(w)) for w in words if len(str(w)) == 1})
    one = [f"[{''.join(chars)}]" if len(chars) > 1 else "".join(chars)] if chars else []
    return "|".join(([alternation(longer)] if longer else []) + one)


def _candidate_pattern(units: dict[str, Unit], unit_alts: list[str], magnitudes: dict[str, Decimal]) -> regex.Pattern:
    unit = f"(?:{'|'.join(unit_alts)})"
    follow = regex.escape(_follow_chars())
    mag = f"(?=[十百千万亿])(?:{alternation(magnitudes)})"
    comparators = load_rules("comparators.yaml")
    between = alternation(comparators["between"])
    number = f"(?:{_ARABIC}|{_CHINESE})"
    sep_reach = max(map(len, magnitudes)) + max(map(len, units))   # where a range separator can start
    # after a bare magnitude (100亿 with no unit): the end, punctuation or a comparator word, never a
    # character that would make it part of a word (10万吨级 is no bare 10万)
    implied = load_rules("goals.yaml")["implied_money_nouns"]
    bare_end = rf"(?=$|[^\p{{Han}}A-Za-z0-9/%‰]|{alternation(comparators['after'])}|{alternation(implied)})"
    num = "(?&number)"
    return regex.compile("".join((
        f"(?=[0-9{_CN_CHARS}])",                                 # cheap first-character filter
        "(?:",
        f"(?P<pk>百分之|千分之)(?P<pn>{num})",                     # 百分之五十, 千分之三
        rf"(?:\s{{0,2}}{_RANGE_SEP}\s{{0,2}}(?:百分之|千分之)?(?P<pn2>{num}))?",
        "|",
        f"(?P<n1>{number})",                   # the number (a range's lower bound), written out: tried at
                                                # every numeral, where a call would be the slower
        f"(?=[{follow}])",                                        # fails fast when no unit can follow
        "(?:",                                                    # a range: 1—2个, 3万元-5万元, 10%~15%
        rf"(?=(?s:.{{0,{sep_reach}}})[—–\-~〜至到])",              # its separator is near (fails fast)
        f"(?P<m1>{mag})?(?P<u1>(?&unit))?",
        rf"{_RANGE_SEP}\s{{0,2}}",
        f"(?P<n2>{num})",
        ")?",
        f"(?P<b1>{between})?",                                    # 300多家
        f"(?P<m>{mag})?",                                         # 3.5万人, 12万亿元
        "(?:",
        f"(?P<b2>{between})?",                                    # 3万多人
        r"(?:(?<=[0-9])[ ](?=\S))?",                              # one space a PDF left: 100 元
        "(?P<u>(?&unit))",                                        # the unit
        f"|(?<=[0-9{_CN_CHARS}多余逾])",                           # or none after a magnitude: 100亿, read
        f"(?P<bm>{mag}){bare_end}",                               # as money only after a money metric
        "))",
        # the units (for u1 and u) and the number (for pn, pn2 and n2), each written once
        f"(?(DEFINE)(?P<unit>{unit})(?P<number>{number}))",
    )))


def clean(value: Decimal) -> Decimal:
    """A Decimal without an exponent: 3.12E+4 → 31200, 2.50 → 2.5."""
    return Decimal(format(value.normalize(), "f"))


@lru_cache(maxsize=1024)
def _number(text: str) -> tuple[Decimal | None, bool]:
    """(value, is_chinese) of a matched numeral; None for vague Chinese (一批, 千方百计, 三五个).

    Cached, as are the digits of the function below: a circular repeats few numerals.
    """
    if text[0].isdigit():
        return parse_number(text), False
    if text in ("一", "百", "千") or (len(text) > 1 and all(c in _CN_DIGITS for c in text)):
        return None, True
    return parse_number(text), True


# The function below caches digits, not Decimals: every target gets Decimal objects of its own, as YAML
# output writes an object met twice as an anchor and an alias.
@lru_cache(maxsize=1024)
def _single_digits(text: str, magnitude: str | None, unit: str | None) -> tuple[str, str]:
    """The digits of a numeral that has a value (not a range) as (scaled, as written): clean(value ×
    magnitude × the unit's factor) and clean(value); no unit: _BARE. One cached call per candidate."""
    table = quantity_table()
    mag = table.magnitudes[magnitude] if magnitude else _ONE
    factor = table.units[unit].factor if unit is not None else _BARE.factor
    value = cast(Decimal, _number(text)[0])
    return format((value * mag * factor).normalize(), "f"), format(value.normalize(), "f")


def resolve(m: Any, groups: Groups, raw: str) -> Quantity | None:
    """The quantity of a candidate match (`groups`: its Groups), or None when its numbers have no value
    or its range is none (3万元-2万元, units of two kinds). `raw` is the text the match offsets index."""
    if groups.pk:
        return _resolve_per(m, groups, raw)
    n1 = cast(str, groups.n1)
    low, chinese = _number(n1)
    if low is None:
        return None
    table = quantity_table()
    g_m, g_u = groups.m, groups.u
    if g_u is None:                                     # a bare magnitude (100亿): unit "" for the caller
        spec, g_m, mag_group = _BARE, groups.bm, "bm"
        written = ""
    else:
        spec, mag_group = table.units[g_u], "m"
        a, b = m.span("u")
        written = raw[a:b]
    if g_m:
        if not spec.scalable:
            return None
        a, b = m.span(mag_group)
        raw_unit = raw[a:b] + written
    else:
        raw_unit = written
    if groups.n2 is None:
        scaled, digits = _single_digits(n1, g_m, g_u)
        return Quantity(Decimal(scaled), None, Decimal(digits), raw_unit, spec.unit, chinese, False)
    return _resolve_range(m, groups, raw, (low, chinese), spec, (g_m, written, raw_unit))


def _resolve_per(m: Any, groups: Groups, raw: str) -> Quantity | None:
    """百分之五十, 千分之三, 百分之十至百分之二十: a percentage or per mille written in words."""
    unit = "%" if groups.pk == "百分之" else "‰"
    low = _number(cast(str, groups.pn))[0]
    pn2 = groups.pn2
    high = _number(pn2)[0] if pn2 else None
    if low is None or (pn2 and high is None):
        return None
    a, b = m.span("pk")
    return Quantity(clean(low), None if high is None else clean(high), clean(low), raw[a:b], unit, False,
                    high is not None)


def _resolve_range(m: Any, groups: Groups, raw: str, low_read: tuple[Decimal, bool], spec: Unit,
                   written: tuple[str | None, str, str]) -> Quantity | None:
    """1—2个, 3万元-5万元, 20万—30万平方米: the lower bound (its own magnitude and unit, if written) and the
    upper one (the unit after it); `written` holds the upper bound's magnitude, unit and raw unit."""
    low, chinese = low_read
    g_m, unit_written, raw_unit = written
    high, chinese2 = _number(cast(str, groups.n2))
    if high is None:
        return None
    table = quantity_table()
    mag = table.magnitudes[g_m] if g_m else _ONE
    low_mag, low_factor, low_raw_unit = mag, spec.factor, raw_unit
    g_m1, g_u1 = groups.m1, groups.u1
    if g_u1:
        spec1 = table.units[g_u1]
        if spec1.unit != spec.unit:
            return None
        low_mag = table.magnitudes[g_m1] if g_m1 else _ONE
        low_factor = spec1.factor
        a, b = m.span("u1")
        low_raw_unit = raw[a:b]
        if g_m1:
            a1, b1 = m.span("m1")
            low_raw_unit = raw[a1:b1] + low_raw_unit
    elif g_m1:                                          # 20万—30万平方米
        low_mag = table.magnitudes[g_m1]
        a, b = m.span("m1")
        low_raw_unit = raw[a:b] + unit_written
    lo, hi = low * low_mag * low_factor, high * mag * spec.factor
    if hi <= lo:
        return None
    return Quantity(clean(lo), clean(hi), clean(low), low_raw_unit, spec.unit, chinese or chinese2, True)


def unit_factor(written: str) -> tuple[str, Decimal] | None:
    """(base unit, factor) of a unit written alone, as in a table's 单位 column or （亿元）: units.yaml's
    units, with a magnitude before a scalable one; None when it is none of them."""
    table = quantity_table()
    written = written.strip()
    if written in table.units:
        spec = table.units[written]
        return spec.unit, spec.factor
    for magnitude in sorted(table.magnitudes, key=len, reverse=True):
        scaled = table.units.get(written[len(magnitude):]) if written.startswith(magnitude) else None
        if scaled is not None and scaled.scalable:
            return scaled.unit, clean(scaled.factor * table.magnitudes[magnitude])
    return None


@once
def maybe_quantity() -> re.Pattern[str] | None:
    """A cheap test that a range may hold a candidate: every match of the candidate pattern starts
    with 百分之 / 千分之 or has a numeral character right before a character that may follow a number
    (the pattern's own `follow` lookahead), so a range without such a pair has no candidate.
    Matched on `norm`, where a full-width comma reads as a half-width one: neither is in either set."""
    follow = _follow_chars()
    if "，" in follow or "," in follow:
        return None                                     # the sets above would no longer be exact
    return re.compile(f"[0-9{_CN_CHARS}][{re.escape(follow)}]|[百千]分之")


@once
def _follow_chars() -> str:
    """Characters that may follow a number in a candidate: a unit's first character, a magnitude,
    多余逾 (300多家) or a range separator."""
    first = "".join(sorted({w[0] for w in load_rules("units.yaml")["units"]}))
    return first + "十百千万亿多余逾—–-~〜至到 "
