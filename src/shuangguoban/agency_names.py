"""The shape of an agency name: the places an issuer names, a place before a stem, collectives of
governments (各县(市、区)人民政府), a bracketed second name, and whether a piece of text reads as an
agency at all (`agency_like`). Every function here takes a normalised name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from .agency_aliases import AliasTable
from .agency_lexicon import MAX_NAME, MEMO_SIZE, Lexicon, lexicon
from .central_agencies import central_body
from .lazy import compiled
from .text import normalise

__all__ = [
    "ISSPACE",
    "agency_like",
    "han_run",
    "is_collective",
    "place_end",
    "places_of_issuer",
    "trailing_group",
    "unspaced",
]

_SPACE = compiled(r"\s+", engine=regex)
ISSPACE = re.compile(r"\s")  # `re`'s \s is exactly str.isspace; `regex`'s \s is a subset of it
han_run = compiled(r"\p{Han}+", engine=regex)


def places_of_issuer(issuer: str | None) -> dict[str, str]:
    """Level word → place named at the start of the issuer: 枫渚市芷岭县人民政府办公室 → {市: 枫渚市, 县: 芷岭县}."""
    if not issuer:
        return {}
    return dict(_places(issuer))


# A pure function of the issuer, asked for several times per circular (joint issuers, then the agencies).
@lru_cache(maxsize=MEMO_SIZE)
def _places(issuer: str) -> tuple[tuple[str, str], ...]:
    lex = lexicon()
    text = unspaced(normalise(issuer))
    pos = 2 if text.startswith("中共") else 0
    places: dict[str, str] = {}
    while (end := place_end(text, pos, 1, 7, lex.levels)) >= 0 and not any(
        w in text[pos:end] for w in lex.zone_words
    ):
        place = text[pos:end]
        level = next(lv for lv in lex.levels if place.endswith(lv))
        places.setdefault(level, place)
        if level == "自治州":
            places.setdefault("州", place)
        pos = end
    return tuple(places.items())


def place_end(text: str, pos: int, fewest: int, most: int, levels: tuple[str, ...]) -> int:
    """Where a place at text[pos:] ends, or -1: \\p{Han}{fewest,most}? and then the first of `levels`
    (州 only where no 市/县/区 follows), as a pattern with that lazy repeat would match it.

    A place at the start of an issuer: 河南省 开封市 / 岚海省 / 芷岭县 (1 to 7 characters, then a level
    word); a full place before an unknown stem: 鹭丘市营商环境中心 (2 or 3, then a place level).
    """
    han = han_run().match(text, pos)
    if han is None:
        return -1
    for at in range(pos + fewest, min(han.end(), pos + most) + 1):
        for level in levels:
            if text.startswith(level, at) and not (level == "州" and text[at + 1 : at + 2] in ("市", "县", "区")):
                return at + len(level)
    return -1


def unspaced(text: str) -> str:
    """text without its white space (`regex`'s \\s)."""
    return text if ISSPACE.search(text) is None else _SPACE().sub("", text)


def trailing_group(name: str) -> int:
    """Where a trailing bracketed second name starts (市委宣传部(市新闻出版局) → 5), else 0."""
    if not name.endswith(")"):
        return 0
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(name[i], 0)
        if depth == 0:
            return i if i >= 2 else 0
    return 0


def is_collective(name: str) -> bool:
    """Whether name is 各, up to eight Han characters or 、, a collective level (县, 街道 …), perhaps a
    bracketed list of one to twelve characters, perhaps 人民政府 / 政府: what the pattern
    各[\\p{Han}、]{0,8}?(?:县|市|区|乡|镇|街道)(?:\\([^()]{1,12}\\))?(?:人民政府|政府)? fullmatches."""
    if not name.startswith("各"):
        return False
    for government in ("人民政府", "政府", ""):
        if not name.endswith(government):
            continue
        body = name[: len(name) - len(government)]
        if any(_is_collective_head(head) for head in _heads(body)):
            return True
    return False


def _heads(body: str) -> list[str]:
    """body, and body without a trailing bracketed list of one to twelve characters."""
    heads = [body]
    opened = body.rfind("(")
    if body.endswith(")") and opened >= 0 and 1 <= len(body) - opened - 2 <= 12 and ")" not in body[opened + 1 : -1]:
        heads.append(body[:opened])
    return heads


def _is_collective_head(head: str) -> bool:
    for level in lexicon().collective_levels:
        middle = head[1 : len(head) - len(level)]
        if (
            head.endswith(level)
            and len(head) > len(level)
            and len(middle) <= 8
            and (not middle.replace("、", "") or han_run().fullmatch(middle.replace("、", "")) is not None)
        ):
            return True
    return False


def agency_like(name: str, lex: Lexicon, aliases: AliasTable) -> bool:
    """Whether a (normalised, space-free) piece reads as the name of an agency."""
    if len(name) < 2 or len(name) > MAX_NAME:
        return False
    cut = trailing_group(name)
    if cut and not is_collective(name):
        return agency_like(name[:cut], lex, aliases) and agency_like(name[cut + 1 : -1], lex, aliases)
    if name in lex.short_names or name in aliases.stems or central_body(name) is not None:
        return True
    if is_collective(name) or _is_written_collective(name, lex):
        return True
    if name.endswith(lex.long_endings) or (len(name) >= 3 and name.endswith(lex.short_endings)):
        return True
    stems, size = aliases.stems, len(name)
    return any(name[-n:] in stems for n in aliases.stem_lengths if n <= size)


def _is_written_collective(name: str, lex: Lexicon) -> bool:
    """区直各部门, 全区经济运行各专班, 相关街镇, 参与商家: 各 inside (or 相关 / 有关 / 参与 first) and a
    collective noun last."""
    return ("各" in name or name.startswith(("相关", "有关", "参与"))) and name.endswith(lex.collective_ends)
