"""Numbers as written in circulars → exact Decimals.

`parse_number` accepts Arabic numerals (with decimals and thousands separators), Chinese numerals
(三千九百, 一百二十, 两, 二〇二四) and mixed forms (3.5万, 1.2亿, 12万亿). Nothing here touches a float.
The numeral table lives in rules/numerals.yaml.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .lazy import once
from .rules import load_rules

# An Arabic number, possibly with thousands separators and decimals: 1,200.5 (a plain `re` pattern:
# it needs nothing of `regex`).
ARABIC = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")


@once
def _numerals() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    rules = load_rules("numerals.yaml")
    return rules["digits"], rules["small_multipliers"], rules["section_multipliers"]


def chinese_numeral_chars() -> str:
    """Every character that can be part of a Chinese numeral, for building patterns."""
    digits, small, sections = _numerals()
    return "".join([*digits, *small, *sections])


def _parse_chinese(s: str) -> Decimal | None:
    digits, small, sections = _numerals()
    if not s:
        return None
    if all(c in digits for c in s):
        # 二〇二四 is read digit by digit; a lone 两 or 三 is just that digit.
        return Decimal("".join(str(digits[c]) for c in s))
    total = 0        # closed sections (亿, 万)
    section = 0      # the current section below 万
    digit = None     # a digit waiting for its multiplier
    for c in s:
        if c in digits:
            if digit:                    # two digits in a row outside a date: 二〇 is not a numeral here
                return None              # (a waiting 零 is a placeholder: 一百零五, 一千零五十)
            digit = digits[c]
        elif c in small:
            section += (1 if digit is None else digit) * small[c]   # 十二: a bare 十 means 10
            digit = None
        elif c in sections:
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                return None
            total = (total + section) * sections[c] if sections[c] > 10000 or total == 0 else total + section * sections[c]
            section = 0
        else:
            return None
    return Decimal(total + section + (digit or 0))


def parse_number(s: str) -> Decimal | None:
    """The exact value of a numeral string, or None when it is not one.

    >>> parse_number("3.12万")
    Decimal('3.12E+4')
    """
    s = s.strip().replace("，", ",")
    if not s:
        return None
    if s.isdigit() and s.isascii():     # the common case (item numbers, counts), without the pattern
        return Decimal(s).normalize()
    if ARABIC.fullmatch(s):
        return Decimal(s.replace(",", "")).normalize()
    # Arabic digits with Chinese magnitude words: 3.5万, 12万亿.
    _, _, sections = _numerals()
    head = s.rstrip("".join(sections))
    if head != s and ARABIC.fullmatch(head):
        value = Decimal(head.replace(",", ""))
        for c in s[len(head):]:
            value *= sections[c]
        return value.normalize()
    chinese = _parse_chinese(s)
    return None if chinese is None else chinese.normalize()


def plain(value: Decimal) -> str:
    """Digits of a Decimal without an exponent: 3.12E+4 → "31200", 2.50 → "2.5"."""
    return format(value.normalize(), "f")
