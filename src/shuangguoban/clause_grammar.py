"""Step 1 of reading a clause: the grammar of a responsibility clause, and whether a text is one.

`lexed` cuts a clause piece (normalised text) into events: agency chunks, separators (、 , ;), role words
(牵头, 配合, 按职责分工负责 …) that close the group of agencies before them, labels (牵头单位：) that open
a group after them, bracket tags (（牵头）), time labels (完成时限：) and sentence stops (。). Brackets nest:
各县（市、区）人民政府 is one chunk, and so is 各县〔市、区〕人民政府 (print layouts write the inner brackets
〔〕 or 【】, read as ( ) here: `bracketed`). `untimed` then drops what is a time, not an agency: a time
label with its value (完成时限：2024年12月底) and a time piece (2025年6月底前完成, 长期坚持).

The words of the grammar are rules/clause_words.yaml; `looks_like_clause` tells segmentation whether an
item's last parenthetical is a responsibility clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any, NamedTuple

from .agency_aliases import AliasTable, shipped_aliases
from .agency_lexicon import MAX_CLAUSE, MEMO_SIZE, Lexicon, lexicon
from .clause_parts import MEMO_TEXT, is_cut_level, relative_parts, trim
from .lazy import compiled, once
from .models import Role
from .rules import alternation, load_rules
from .standing_rules import find_note

__all__ = [
    "Event",
    "Events",
    "Grammar",
    "balanced",
    "bracketed",
    "events",
    "grammar",
    "lexed",
    "lex_span",
    "looks_like_clause",
    "role_words",
    "time_piece",
    "untimed",
]


class Grammar(NamedTuple):
    """The clause grammar built from rules/clause_words.yaml."""

    token: re.Pattern[str]  # one token of a clause; its group name is the token's kind
    label_roles: tuple[tuple[str, Role, bool], ...]  # label word, role, explicit; longest first
    tag_roles: tuple[tuple[str, Role], ...]  # tag word, role; longest first
    time_starts: frozenset[str]  # the first character of every time piece (see `time_piece`)
    collective_list_levels: frozenset[str]


def _token_pattern(words: dict[str, Any]) -> str:
    """The token pattern: a named group per kind of token, tried in this order at each position."""
    roles = words["roles"]
    responsible = list(chain.from_iterable(roles["responsible"]))
    labels = words["labels"]
    every = [
        *words["time_labels"], *words["leader_labels"], *words["division_labels"], *words["along"],
        *words["participate"], *roles["lead"], *roles["support"], *responsible,
        *chain.from_iterable(labels.values()), *chain.from_iterable(words["tags"].values()),
    ]
    firsts = "".join(sorted({w[0] for w in every} | set("、,;。()")))
    nouns = alternation(words["group_nouns"])
    return rf"""
    (?=[{re.escape(firsts)}])                    # the first characters of all below
    (?:
    (?P<when>                                    # a time label: what follows is a time, not an agency
        (?:{alternation(words["time_labels"])})[ ]*:
      | (?:{alternation(words["leader_labels"])})   # … or a person (分管省领导：王某), not an agency either
        (?:{alternation(words["leader_levels"])})?领导[ ]*:
    )
  | (?P<label>                                   # a label opens a group: 牵头单位: A、B
        (?:{alternation(chain.from_iterable(labels.values()))})(?:{nouns})?[ ]*:
      | (?:{alternation(words["division_labels"])})[ ]*:  # 部门分工：A牵头，B配合
    )
  | (?P<tag>                                     # a role in brackets after one agency: 市财政局(牵头)
        \((?:{alternation(chain.from_iterable(words["tags"].values()))})(?:{nouns})?\)
    )
  | (?P<lead>{alternation(roles["lead"])})       # closes the group before it: A牵头 / A为牵头单位
  | (?P<along>{alternation(words["along"])})     # A会同B: A leads, B supports unless told otherwise
  | (?P<support>
        {alternation(roles["support"])}
      | (?:{alternation(words["participate"])})(?!{alternation(words["participant_nouns"])})
    )
  | (?P<responsible>{alternation(responsible)})
  | (?P<sep>[、,;])                              # between agencies (but see joins_collective)
  | (?P<stop>。)                                 # a sentence ends: what follows is a note
  | (?P<open>\()
  | (?P<close>\))
    )
    """


def _time_piece_pattern(pieces: dict[str, Any]) -> str:
    return rf"""
    (?=[0-9一二三四五六七八九十上下年])           # a time starts with a number, 上/下半年 or 年
    (?:[0-9]{{4}}年)?                            # 2025年
    (?:[0-9]{{1,2}}月(?:[0-9]{{1,2}}日)?         # 6月, 10月31日
      | [一二三四五六七八九十]{{1,3}}月
      | [一二三四1-4]季度
      | [上下]半年
    )?
    (?:{alternation(pieces["period_ends"])})?
    前?
    (?:{alternation(pieces["manners"])})?(?:{alternation(pieces["completions"])})?
  | (?:{alternation(pieces["ongoing"])})
    """


def role_words() -> list[str]:
    """Every word that gives a group of agencies its role after it (牵头, 配合落实, 按职责分工负责, 参与)."""
    words = load_rules("clause_words.yaml")
    roles = words["roles"]
    return [*roles["lead"], *roles["support"], *chain.from_iterable(roles["responsible"]), *words["participate"]]


def _by_length(pairs: list[Any]) -> tuple[Any, ...]:
    """The (word, …) tuples, longest word first."""
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@once
def grammar() -> Grammar:
    words = load_rules("clause_words.yaml")
    explicit = {"lead": True, "support": True, "responsible": False}
    label_roles = [(w, role, explicit[role]) for role, ws in words["labels"].items() for w in ws]
    label_roles += [(w, "responsible", False) for w in words["division_labels"]]
    pieces = words["time_pieces"]
    return Grammar(
        token=re.compile(_token_pattern(words), re.VERBOSE),
        label_roles=_by_length(label_roles),
        tag_roles=_by_length([(w, role) for role, ws in words["tags"].items() for w in ws]),
        time_starts=frozenset("0123456789一二三四五六七八九十上下年") | {w[0] for w in pieces["ongoing"]},
        collective_list_levels=frozenset(words["collective_list_levels"]) | {"、"},
    )


# Apart from the grammar: only a clause with a chunk that starts like a time needs it.
@once
def time_piece() -> re.Pattern[str]:
    """A time piece (2025年6月底前完成, 长期坚持), to be fullmatched."""
    return re.compile(_time_piece_pattern(load_rules("clause_words.yaml")["time_pieces"]), re.VERBOSE)


def joins_collective(norm: str, at: int) -> bool:
    """Whether the 、 at norm[at] follows 各 and one to six collective list levels (anywhere in norm, as a
    look-behind sees before the start of a search): 各州、市人民政府 is one collective."""
    levels = grammar().collective_list_levels
    i = at - 1
    while i >= 0 and at - i <= 7 and norm[i] in levels:
        i -= 1
    return 1 <= at - 1 - i <= 6 and i >= 0 and norm[i] == "各"


def bracketed(norm: str) -> str:
    """norm with 〔〕 and 【】 read as ( ) (same length, offsets hold): 各县〔市、区〕人民政府 is one name
    like 各县(市、区)人民政府."""
    if "〔" not in norm and "【" not in norm:
        return norm
    return norm.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")


_BRACKET = compiled(r"[()]")


def balanced(norm: str, start: int, end: int) -> bool:
    opened = norm.count("(", start, end)
    if opened != norm.count(")", start, end):
        return False
    if not opened:
        return True
    depth = 0
    for m in _BRACKET().finditer(norm, start, end):
        depth += 1 if m.group() == "(" else -1
        if depth < 0:
            return False
    return True


class Event(NamedTuple):
    """One event of a clause: kind (chunk, label, tag, when, lead, along, support, responsible, sep, stop)
    and its span."""

    kind: str
    start: int
    end: int


# Events as plain (kind, start, end) tuples, as the lexer keeps and remembers them.
Events = Sequence[tuple[str, int, int]]


def lexed(norm: str, start: int, end: int) -> list[Event]:
    """Events at bracket depth 0 of a balanced span; the text between two tokens is a chunk."""
    text, base, found = events(norm, start, end)
    return [Event(kind, a + base, b + base) for kind, a, b in found]


def events(norm: str, start: int, end: int) -> tuple[str, int, Events]:
    """The events of a balanced span as (text, base, events): the offsets of the events index `text`,
    and `base` + an offset indexes `norm`.

    A short span is read from its text alone (sliced: a 、 at its start never joins a 各州 before it), and
    its events are remembered by that text, in offsets relative to it; what reads the events goes on with
    `text` too. A long one is read in place.
    """
    if end - start > MAX_CLAUSE // 4:
        return norm, 0, lex_span(norm, start, end)
    text = norm[start:end]
    return text, start, _lex_text(text)


@lru_cache(maxsize=MEMO_SIZE)
def _lex_text(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(lex_span(text, 0, len(text)))


def lex_span(norm: str, start: int, end: int) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    depth = 0
    pos = start
    for m in grammar().token.finditer(norm, start, end):
        kind = m.lastgroup or ""
        if kind == "open":
            depth += 1
            continue
        if kind == "close":
            depth -= 1
            continue
        if depth:
            continue
        a, b = m.span()
        if kind == "sep" and norm[a] == "、" and joins_collective(norm, a):
            continue  # part of the chunk
        if a > pos:
            found.append(("chunk", pos, a))
        found.append((kind, a, b))
        pos = b
    if end > pos:
        found.append(("chunk", pos, end))
    return found


def untimed(norm: str, found: Events, lex: Lexicon, aliases: AliasTable) -> Events:
    """The events without the times in a clause: a time label (完成时限：…) with its value, a time piece
    (2025年6月底前完成, 长期坚持) and whatever follows either (落实到位, separators) up to the next agency,
    `;`, label or `。`. None of them is an agency, so none is warned about.
    """
    starts = grammar().time_starts
    for kind, start, _ in found:
        if kind == "when" or (kind == "chunk" and (norm[start] in starts or norm[start] in " \n\t")):
            break
    else:
        return found  # no time label, and no chunk that may be a time piece: nothing to drop
    out: list[tuple[str, int, int]] = []
    timing = False
    for event in found:
        kind = event[0]
        if kind == "when":
            timing = True
            continue
        if kind in ("stop", "label") or (kind == "sep" and norm[event[1]] == ";"):
            timing = False
        elif kind == "chunk":
            if _is_time_piece(norm, event[1], event[2]):
                timing = True
                continue
            if timing:
                if not any(ok for _, _, ok in relative_parts(norm, event[1], event[2], lex, aliases)):
                    continue
                timing = False
        elif timing:
            continue  # a role word or a separator inside a time (时限：年底前落实到位)
        out.append(event)
    return out


def _is_time_piece(norm: str, start: int, end: int) -> bool:
    found = grammar()
    a, b = trim(norm, start, end)
    return a < b and norm[a] in found.time_starts and time_piece().fullmatch(norm, a, b) is not None


def looks_like_clause(norm: str) -> bool:
    """Whether the normalised content of an item's LAST top-level parenthetical is a responsibility clause.

    It is when it names agencies or carries a role word with an agency: `(市商务局、开封海关)`,
    `(省发展改革委牵头,省财政厅配合)`, `(责任单位:市教育局、体育局)`. `(工厂)`, `(含)`,
    `(以下简称《措施》)`, `(2024—2026年)`, `(责任编辑:周敏)`, `(平台)` are not.
    """
    if len(norm) > 4 * MEMO_TEXT:
        return _looks_like_clause(norm)
    return _looks_like_clause_cached(norm)


def _looks_like_clause(norm: str) -> bool:
    norm = bracketed(norm)
    lex = lexicon()
    aliases = shipped_aliases()
    start, end = trim(norm, 0, len(norm), " \n\t\u3000")
    if start >= end:
        return False
    if end - start > MAX_CLAUSE or norm.startswith(lex.not_clause_starts, start, end):
        return False
    if not balanced(norm, start, end):
        return False
    if find_note(norm, start, end) is not None:
        return True
    role_word = False
    verdicts: list[bool] = []
    text, _, found = events(norm, start, end)
    for kind, a, b in untimed(text, found, lex, aliases):
        if kind == "stop":
            break
        if kind == "chunk":
            for c, d, ok in relative_parts(text, a, b, lex, aliases):
                if ok or not is_cut_level(text, a + c, a + d, lex):
                    verdicts.append(ok)
        elif kind != "sep":
            role_word = True
    if not verdicts:
        return False
    return any(verdicts) if role_word else all(verdicts)


# A pure function of a short text (the shipped tables are read once): clauses repeat within a circular.
_looks_like_clause_cached = lru_cache(maxsize=MEMO_SIZE)(_looks_like_clause)
