"""Rules a circular states once for all its clauses: a standing note (以下措施均需各县区人民政府落实，
不再列出) whose agencies go to every later measure, and a lead-by-position rule (排在首位的单位为牵头单位,
列第一位者为牵头单位，下同) that makes the first agency of every clause lead. Their words name no agency:
`without_rules` cuts a lead rule out of a clause piece.

The words of both are rules/clause_words.yaml (`standing_note`, `lead_by_position`).
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any, NamedTuple

from .lazy import compiled, once
from .rules import alternation, load_rules

__all__ = ["find_lead_by_position", "find_note", "without_rules"]


class _LeadWords(NamedTuple):
    ordinals: tuple[str, ...]  # every lead rule holds one of them (those holding no shorter one: 第一, not 第一位) …
    lead_roles: tuple[str, ...]  # … and one of these (牵头单位): a text without both needs no search


def _note_pattern(words: dict[str, Any]) -> str:
    def alt(key: str, table: dict[str, Any] = words) -> str:
        return alternation(table[key])

    named = words["named"]
    tail = rf"不再(?:{alt('ways')})?(?:{alt('listings')})"
    return rf"""
    以下(?:{alt('scopes')})?(?:{alt('topics')})?(?:{alt('items')})?中?
    (?:{alt('alls')})?(?:{alt('musts')})?
    (?P<who>[^。;]{{2,40}}?)                     # the agencies, bounded: no backtracking blow-up
    (?:{alt('verbs')})?落实[ ]*,?[ ]*
    (?:以下)?{tail}
  | (?P<who2>[^。;,]{{2,40}}?)                   # 各县区人民政府为以下各项任务的责任单位，不再列出
    (?:{alt('is', named)})以下(?:{alt('scopes', named)})?(?:{alt('items', named)})?的?(?:共同)?
    (?:{alt('duties', named)})(?:{alt('holders', named)})[ ]*,?[ ]*
    {tail}
    """


def _lead_pattern(words: dict[str, Any], nouns: list[str]) -> str:
    def alt(key: str, table: dict[str, Any] = words) -> str:
        return alternation(table[key])

    back = words["reversed"]
    return rf"""
    (?:{alt('places')})?(?:{alt('ordinals')})
    (?:的|者)?(?:{alt('listed')})?(?:的|者)?
    (?:{alt('is')})
    (?:{alt('leads')})(?:{alternation(nouns)})
  | (?:{alt('leads', back)})(?:{alternation(nouns)})(?:{alt('is', back)})
    (?:{alt('places', back)})?(?:{alt('ordinals', back)})
    """


@once
def _lead_words() -> _LeadWords:
    words = load_rules("clause_words.yaml")
    lead, nouns = words["lead_by_position"], words["group_nouns"]
    ordinals = lead["ordinals"]
    return _LeadWords(ordinals=tuple(w for w in ordinals if not any(o != w and o in w for o in ordinals)),
                      lead_roles=tuple(role + noun for role, noun in product(lead["leads"], nouns)))


@once
def _note() -> re.Pattern[str]:
    return re.compile(_note_pattern(load_rules("clause_words.yaml")["standing_note"]), re.VERBOSE)


@once
def _note_end() -> re.Pattern[str]:
    """Where a standing note ends."""
    note = load_rules("clause_words.yaml")["standing_note"]
    return re.compile(rf"不再(?:{alternation(note['ways'])})?(?:{alternation(note['listings'])})")


@once
def _lead_by_position() -> re.Pattern[str]:
    words = load_rules("clause_words.yaml")
    return re.compile(_lead_pattern(words["lead_by_position"], words["group_nouns"]), re.VERBOSE)


# The note itself is matched only in a short window before where it ends, so a long line without one is
# scanned once.
_NOTE_WINDOW = 100
_NOTE_TRIES = 3


def find_note(norm: str, start: int, end: int) -> re.Match[str] | None:
    """The first standing note in norm[start:end], or None."""
    if norm.find("不再", start, end) < 0:  # every note ends with 不再…
        return None
    for tries, tail in enumerate(_note_end().finditer(norm, start, end)):
        if tries >= _NOTE_TRIES:
            break
        found = _note().search(norm, max(start, tail.start() - _NOTE_WINDOW), tail.end())
        if found is not None and found.end() == tail.end():
            return found
    return None


def find_lead_by_position(norm: str) -> bool:
    """Whether the text states a rule like 各项任务排在首位的单位为牵头单位 / 第一个单位为牵头单位."""
    words = _lead_words()
    if not any(w in norm for w in words.ordinals) or not any(w in norm for w in words.lead_roles):
        return False
    return _lead_by_position().search(norm) is not None


def without_rules(norm: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """norm[start:end] without a stated lead-by-position rule (列第一位者为牵头单位，下同) written in the
    clause: the rule is read document-wide (find_lead_by_position), and its words name no agency."""
    if not any(norm.find(w, start, end) >= 0 for w in _lead_words().ordinals):
        return [(start, end, False)]
    regions: list[tuple[int, int, bool]] = []
    pos = start
    for m in _lead_by_position().finditer(norm, start, end):
        tail = m.end()
        same = _SAME_BELOW().match(norm, tail, end)
        regions.append((pos, m.start(), False))
        pos = same.end() if same is not None else tail
    regions.append((pos, end, False))
    return regions


_SAME_BELOW = compiled(r"[ ,;]*(?:\()?下同(?:\))?")  # …为牵头单位，下同
