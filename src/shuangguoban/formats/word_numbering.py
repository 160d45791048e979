"""Word's list numbering: the numbers Word prints before a list paragraph (一、 （一） 1. ①).

The level definitions and overrides come from numbering.xml and styles.xml; the counters advance as
the document is read, so a label comes out as Word prints it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w_tag(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def w_value(el, name: str = "val") -> str | None:
    return None if el is None else el.get(w_tag(name))


# Word's own limits: list counters stop at 32767, a table has at most 63 columns. A file that says
# more (start=1000000000000000, gridSpan=100000000) would take hours or gigabytes to print.
MAX_COUNTER = 32767
MAX_COLUMNS = 63
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_LEVEL_NUMBER = re.compile(r"%(?P<level>[1-9])")   # `%1`: the counter of level 1 in a level's text


def xml_int(value: str | None, default: int | None, low: int = -MAX_COUNTER, high: int = MAX_COUNTER) -> int | None:
    """An attribute as an integer held to [low, high]; `default` when it is missing or not an integer."""
    if value is None or not _INTEGER.fullmatch(value.strip()):
        return default
    return max(low, min(int(value), high))


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Chinese counting as Word prints it: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    if 10 <= n < 20 and digits is _CN_DIGITS:
        return units[0] + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero:
                out += digits[0]
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's numFmt styles."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return chinese_count(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN_DIGITS[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * min((n - 1) // 26 + 1, 8)   # AA, BBB… held to 8 letters
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "none":
        return ""
    return str(n)


class _Level(NamedTuple):
    start: int
    fmt: str
    text: str
    suffix: str
    legal: bool


def _read_level(lvl) -> _Level:
    start = w_value(lvl.find(w_tag("start")))
    return _Level(
        start=xml_int(start, 1, 0) or 0,
        fmt=w_value(lvl.find(w_tag("numFmt"))) or "decimal",
        text=w_value(lvl.find(w_tag("lvlText"))) or "",
        suffix=w_value(lvl.find(w_tag("suff"))) or "tab",
        legal=lvl.find(w_tag("isLgl")) is not None and w_value(lvl.find(w_tag("isLgl"))) not in ("0", "false"),
    )


def _read_num(num) -> tuple[str, dict[int, int], dict[int, _Level]]:
    """A numId's abstract list, its levels' startOverrides and the levels it redefines."""
    abstract_id = w_value(num.find(w_tag("abstractNumId"))) or ""
    starts: dict[int, int] = {}
    redefined: dict[int, _Level] = {}
    for override in num.iterfind(w_tag("lvlOverride")):
        ilvl = xml_int(w_value(override, "ilvl"), 0) or 0
        start = xml_int(w_value(override.find(w_tag("startOverride"))), None, 0)
        if start is not None:
            starts[ilvl] = start
        lvl = override.find(w_tag("lvl"))
        if lvl is not None:
            redefined[ilvl] = _read_level(lvl)
    return abstract_id, starts, redefined


class Numbering(NamedTuple):
    """Word's list numbering: the level definitions, and the counters as the document is read.

    Counters belong to the abstract list, so two numIds that share one continue each other (as Word
    does); a numId whose levels carry a startOverride restarts them where it is first used."""

    abstracts: dict[str, dict[int, _Level]]
    nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]]
    level_styles: dict[str, tuple[str, int]]   # styleId → (abstractId, ilvl)
    counters: dict[str, list[int | None]]
    used: set[str]

    @classmethod
    def read(cls, root) -> Numbering:
        numbering = cls({}, {}, {}, {}, set())
        if root is None:
            return numbering
        for abstract in root.iterfind(w_tag("abstractNum")):
            abstract_id = w_value(abstract, "abstractNumId") or ""
            levels = {}
            for lvl in abstract.iterfind(w_tag("lvl")):
                ilvl = xml_int(w_value(lvl, "ilvl"), 0) or 0
                levels[ilvl] = _read_level(lvl)
                style = w_value(lvl.find(w_tag("pStyle")))
                if style:
                    numbering.level_styles[style] = (abstract_id, ilvl)
            numbering.abstracts[abstract_id] = levels
        for num in root.iterfind(w_tag("num")):
            numbering.nums[w_value(num, "numId") or ""] = _read_num(num)
        return numbering

    def ilvl_for_style(self, style_id: str, num_id: str) -> int:
        found = self.level_styles.get(style_id)
        entry = self.nums.get(num_id)
        return found[1] if found and entry and found[0] == entry[0] else 0

    def label(self, num_id: str, ilvl: int) -> str:
        """The visible label (一、 （一） 1.) of the next paragraph in list `num_id` at level `ilvl`."""
        entry = self.nums.get(num_id)
        if entry is None or num_id == "0":
            return ""
        abstract_id, starts, redefined = entry
        levels = {**self.abstracts.get(abstract_id, {}), **redefined}
        level = levels.get(ilvl)
        if level is None or not 0 <= ilvl < 9:
            return ""
        counts = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for k in starts:
                if 0 <= k < 9:
                    counts[k:] = [None] * (9 - k)

        def start_of(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 1)

        current = counts[ilvl]
        counts[ilvl] = start_of(ilvl) if current is None else min(current + 1, MAX_COUNTER)
        counts[ilvl + 1:] = [None] * (8 - ilvl)
        if level.fmt == "bullet":
            return "" if any("\ue000" <= c <= "\uf8ff" for c in level.text) or not level.text.strip() else level.text + " "

        def render(m: re.Match) -> str:
            k = int(m.group("level")) - 1
            if not 0 <= k < 9:
                return ""
            count = counts[k]
            value = count if count is not None else start_of(k)
            fmt = levels[k].fmt if k in levels else "decimal"
            if level.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        text = _LEVEL_NUMBER.sub(render, level.text)
        if not text:
            return ""
        if level.suffix == "nothing" or text[-1] in "、，,.．:：)）]】〕 ":
            return text
        return text + " "


def style_numbering(styles_root) -> dict[str, tuple[str | None, int | None]]:
    """styleId → (numId, ilvl) from the style or the styles it is based on."""
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    if styles_root is None:
        return {}
    for style in styles_root.iterfind(w_tag("style")):
        style_id = w_value(style, "styleId")
        if not style_id:
            continue
        num_pr = style.find(f"{w_tag('pPr')}/{w_tag('numPr')}")
        style_num = w_value(num_pr.find(w_tag("numId"))) if num_pr is not None else None
        style_ilvl = w_value(num_pr.find(w_tag("ilvl"))) if num_pr is not None else None
        own[style_id] = (style_num, xml_int(style_ilvl, None, 0),
                         w_value(style.find(w_tag("basedOn"))))
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for style_id in own:
        current: str | None = style_id
        seen = set()
        while current and current in own and current not in seen:
            seen.add(current)
            num_id, ilvl, based = own[current]
            if num_id is not None:
                resolved[style_id] = (num_id, ilvl)
                break
            current = based
    return resolved
