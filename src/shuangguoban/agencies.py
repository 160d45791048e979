"""Responsible agencies (责任单位): clause splitting, roles, inherited prefixes, canonical names.

A measure's responsibility clause is read in three steps, each a pure function of its input:

1. `_lex` cuts a clause piece (normalised text) into events: agency chunks, separators (、 , ;), role words
   (牵头, 配合, 按职责分工负责 …) that close the group of agencies before them, labels (牵头单位：) that open
   a group after them, time labels (完成时限：), and sentence stops (。). Brackets nest: 各县（市、区）人民政府
   is one chunk, and so is 各县〔市、区〕人民政府 (print layouts write the inner brackets 〔〕 or 【】, read
   as ( ) here). `_untimed` then drops what is a time, not an agency: a time label with its value
   (完成时限：2024年12月底) and a time piece (2025年6月底前完成, 长期坚持).
2. `_parts` trims a chunk (由…, …等相关部门) and splits it at 和 / 及 / 与 only where both sides are
   complete agencies, so 人力资源和社会保障局 stays whole.
3. `_Resolver` gives each agency its explicit level prefix (a bare stem inherits the prefix the nearest
   agency of its family was written with), its official full name from the alias table and its kind.

Matching runs on `DocText.norm`; every `raw` and `name` is cut from `DocText.raw`, so traditional
circulars keep their characters. Word lists live in rules/agencies.yaml, the alias table in
rules/agency_aliases.yaml.
"""

from __future__ import annotations

import os
import re
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, get_args

import regex

from .central_agencies import central_body
from .errors import RuleError
from .models import Agency, AgencyKind, ParseWarning, Role
from .rules import load_rules, load_yaml_text
from .standing_rules import find_lead_by_position, find_note, without_rules
from .text import DocText, normalise

__all__ = [
    "AgencyContext",
    "AliasEntry",
    "AliasTable",
    "assign_agencies",
    "find_lead_by_position",
    "load_aliases",
    "looks_like_clause",
    "places_of_issuer",
    "shipped_aliases",
]

MAX_NAME = 40  # a chunk longer than this is not one agency name (and is never scanned twice)
MAX_CLAUSE = 2000  # a piece longer than this is not a responsibility clause (real ones are < 300)
# Entries per memo (of pure functions of short texts, and of piece readings): small, so that memory stays
# flat over a corpus; what repeats is mostly met again within a circular or the next few. Cleared or
# evicted when full.
_MEMO_SIZE = 512
_KINDS: frozenset[str] = frozenset(get_args(AgencyKind))

# ----------------------------------------------------------------------------------------------------
# Grammar of a clause (on the normalised text: ： → :, ， → ,, （ → (, traditional → simplified)
# ----------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?=[完时办主牵责配协参支承为会按依根职分共具各负抓落联包部任、,;。()])  # the first characters of all below: a
                                                 # position without one fails at once (2× faster)
    (?:
    (?P<when>                                    # a time label: what follows is a time, not an agency
        (?:完成时限|完成时间|时间节点|时间要求|时限要求|办结时限|时限)[ ]*:
      | (?:责任|牵头|分管|联系|包抓)[省市县区]?领导[ ]*:  # … or a person (分管省领导：王某), not an agency either
    )
  | (?P<label>                                   # a label opens a group: 牵头单位: A、B
        (?:主体责任|责任主体|牵头|责任|负责|配合|协办|参与|协同|协助|支撑|支持|主办|承办|主责)(?:单位|部门)?[ ]*:
      | (?:部门|任务|责任)?分工[ ]*:                # 部门分工：A牵头，B配合 (the role words inside decide)
    )
  | (?P<tag>                                     # a role in brackets after one agency: 市财政局(牵头)
        \((?:牵头|配合|协办|参与|负责|主责)(?:单位|部门)?\)
    )
  | (?P<lead>                                    # closes the group before it: A牵头 / A为牵头单位
        为?牵头(?:单位|部门)
      | 牵头(?:负责|落实|抓总)?
    )
  | (?P<along>会同)                              # A会同B: A leads, B supports unless told otherwise
  | (?P<support>
        为?(?:配合|协办)(?:单位|部门)
      | 配合(?:落实|做好)?
      | 参与(?:落实)?(?!商家|商户|企业|机构|银行|平台|主体)  # 参与商家 is a collective, not a role
      | 协同(?:推进|落实)?
      | 协助
      | 协办
    )
  | (?P<responsible>
        为?(?:主体)?责任(?:单位|部门)
      | (?:按|依|根据)?(?:职责)?分工负责(?:落实)?    # 按职责分工负责, also 职责分工负责 without 按
      | (?:按|依|根据)职责分工                       # … 按职责分工 with its verb reworded or cut
      | 按职责(?:负责|落实)
      | (?:分别|共同|具体|各自)?负责(?:落实)?
      | 抓好落实
      | 落实
    )
  | (?P<sep>[、,;])                              # between agencies (but see _joins_collective)
  | (?P<stop>。)                                 # a sentence ends: what follows is a note
  | (?P<open>\()
  | (?P<close>\))
    )
    """,
    re.VERBOSE,
)

# 各州、市人民政府 is one collective: a 、 after 各 and one to six level characters (各州、, 各省、市、) is
# no separator. (A look-behind in _TOKEN would say so too, but only the `regex` module takes one of
# variable width, and it compiles _TOKEN ~3× slower than `re`.)
_COLLECTIVE_LEVELS = frozenset("省市县区州盟旗乡镇、")


def _joins_collective(norm: str, at: int) -> bool:
    """Whether the 、 at norm[at] follows 各 and one to six _COLLECTIVE_LEVELS (anywhere in norm, as a
    look-behind sees before the start of a search)."""
    i = at - 1
    while i >= 0 and at - i <= 7 and norm[i] in _COLLECTIVE_LEVELS:
        i -= 1
    return 1 <= at - 1 - i <= 6 and i >= 0 and norm[i] == "各"


_LABEL_ROLES: tuple[tuple[str, Role, bool], ...] = (
    # label stem, role, explicit (an explicit role beats lead-by-position)
    ("主体责任", "responsible", False),
    ("部门分工", "responsible", False),
    ("任务分工", "responsible", False),
    ("责任分工", "responsible", False),
    ("分工", "responsible", False),
    ("责任主体", "responsible", False),
    ("主责", "responsible", False),
    ("责任", "responsible", False),
    ("负责", "responsible", False),
    ("牵头", "lead", True),
    ("主办", "responsible", False),  # 主办单位: who runs an activity, no lead word
    ("承办", "responsible", False),
    ("配合", "support", True),
    ("协办", "support", True),
    ("参与", "support", True),
    ("协同", "support", True),
    ("协助", "support", True),
    ("支撑", "support", True),
    ("支持", "support", True),
)


# The role a bracket tag gives (市财政局(牵头)); 负责 / 主责 give responsible.
_TAG_ROLES: tuple[tuple[str, Role], ...] = (("牵头", "lead"), ("配合", "support"), ("协办", "support"), ("参与", "support"))


def _lazy(compile: Callable[[str, int], Any], pattern: str, flags: int = 0) -> Callable[[], Any]:
    """A pattern compiled at its first use, not at import: every `sgb parse` process pays the compile
    of what its text needs only (most circulars never need a standing note or a time piece)."""
    return lru_cache(maxsize=1)(lambda: compile(pattern, flags))


# A piece of a clause that is a time, not an agency: 2025年6月底前完成, 三季度末, 年底前, 长期坚持.
_TIME_PIECE = _lazy(
    re.compile,
    r"""
    (?=[0-9一二三四五六七八九十上下年])           # a time starts with a number, 上/下半年 or 年
    (?:[0-9]{4}年)?                              # 2025年
    (?:[0-9]{1,2}月(?:[0-9]{1,2}日)?             # 6月, 10月31日
      | [一二三四五六七八九十]{1,3}月
      | [一二三四1-4]季度
      | [上下]半年
    )?
    (?:底|末|上旬|中旬|下旬|中下旬|内|年底|年末|年内)?
    前?
    (?:全面|基本)?(?:完成|办结|到位|建成|见效)?
  | (?:长期坚持|持续推进|长期推进|持续开展|常态化推进|长期|持续)
    """,
    re.VERBOSE,
)
_TIME_STARTS = frozenset("0123456789一二三四五六七八九十上下年长持常")  # the first character of every time piece
_TIME_STARTS_UNTRIMMED = _TIME_STARTS | frozenset(" \n\t")  # … or of a chunk with one


# Print layouts write the brackets inside a name as 〔〕 or 【】: read as ( ) (same length, offsets hold).
def _bracketed(norm: str) -> str:
    """norm with 〔〕 and 【】 read as ( ): 各县〔市、区〕人民政府 is one name like 各县(市、区)人民政府."""
    if "〔" not in norm and "【" not in norm:
        return norm
    # str.replace, not translate: ~300× faster on a whole circular (its 〔2024〕 number has them).
    return norm.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")


# A place at the start of an issuer: 河南省 开封市 / 岚海省 / 芷岭县.
# 州 ends a place only when no 市/县/区 follows: 潭州县 and 郑州市 are one place each.
# (As the pattern \p{Han}{1,7}?(?:自治区|自治州|省|市|州(?![市县区])|县|区|盟|旗) would match it; read by
# _place_end, which needs only _HAN compiled: the pattern took ~1 ms to compile in every process.)
_ISSUER_LEVELS = ("自治区", "自治州", "省", "市", "州", "县", "区", "盟", "旗")
_ZONE_WORDS = ("示范区", "开发区", "高新区", "新区", "片区", "园区")

# A full place written before an unknown stem: 鹭丘市营商环境中心 (two or three characters, then a level).
# As (?![省市县区州盟旗])\p{Han}{2,3}?(?:省|市|县|州(?![市县区])|盟|旗) would match it (see _place_end).
_PREFIX_LEVELS = ("省", "市", "县", "州", "盟", "旗")
_NOT_PREFIX_STARTS = frozenset("省市县区州盟旗")

# A collective of governments: 各县区, 各县(市、区), 各乡镇. What the pattern
# 各[\p{Han}、]{0,8}?(?:县|市|区|乡|镇|街道)(?:\([^()]{1,12}\))?(?:人民政府|政府)? fullmatches; read by
# _is_collective, which needs only _HAN compiled.
_COLLECTIVE_ENDS = ("县", "市", "区", "乡", "镇", "街道")

_SPACE = _lazy(regex.compile, r"\s+")
_ISSPACE = re.compile(r"\s")  # `re`'s \s is exactly str.isspace; `regex`'s \s is a subset of it
_HAN = _lazy(regex.compile, r"\p{Han}+")
_BRACKET = re.compile(r"[()]")


# ----------------------------------------------------------------------------------------------------
# Alias table
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """The official stem of a short stem (科技局 → 科学技术局) and, where it is not a department, its kind."""

    full: str
    kind: AgencyKind | None = None


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Stems (normalised) → official stems, and abbreviations at the start of an own-scope name (人行)."""

    stems: Mapping[str, AliasEntry] = field(default_factory=lambda: MappingProxyType({}))
    name_prefixes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Derived once (the table is frozen): the lengths of the stems (≥ 2), longest first, for suffix
    # lookups, and the name prefixes longest first.
    _lengths: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _prefixes: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    # chunk text → its parts (relative offsets); see `_parts`. Bounded: cleared when it grows too big.
    _memo: dict[str, tuple[tuple[int, int, bool], ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lengths", tuple(sorted({len(k) for k in self.stems if len(k) >= 2}, reverse=True)))
        object.__setattr__(
            self, "_prefixes", tuple(sorted(self.name_prefixes.items(), key=lambda kv: -len(kv[0])))
        )

    def merged(self, over: AliasTable) -> AliasTable:
        """This table with the entries of `over` replacing or adding to its own."""
        return AliasTable(
            MappingProxyType({**self.stems, **over.stems}),
            MappingProxyType({**self.name_prefixes, **over.name_prefixes}),
        )

    def longest_stem(self) -> int:
        return max((len(k) for k in self.stems), default=0)


def _alias_table(data: Any, where: str) -> AliasTable:
    """Check the parsed YAML of an alias file and build its table; RuleError with a one-line message."""
    if not isinstance(data, dict):
        raise RuleError(f"{where}: expected a mapping with an 'aliases' table")
    unknown = sorted(str(k) for k in data if k not in ("aliases", "name_prefixes"))
    if unknown:
        raise RuleError(f"{where}: unknown key {unknown[0]!r} (expected 'aliases' and optionally 'name_prefixes')")
    aliases = data.get("aliases") or {}
    prefixes = data.get("name_prefixes") or {}
    if not isinstance(aliases, dict):
        raise RuleError(f"{where}: expected a mapping under 'aliases'")
    if not isinstance(prefixes, dict):
        raise RuleError(f"{where}: expected a mapping under 'name_prefixes'")
    stems: dict[str, AliasEntry] = {}
    for key, value in aliases.items():
        if not isinstance(key, str) or not key.strip():
            raise RuleError(f"{where}: alias key {key!r} is not a name")
        if isinstance(value, str) and value.strip():
            entry = AliasEntry(value.strip())
        elif isinstance(value, dict):
            extra = sorted(str(k) for k in value if k not in ("full", "kind"))
            full, kind = value.get("full"), value.get("kind")
            if extra:
                raise RuleError(f"{where}: alias {key!r} has unknown field {extra[0]!r} (expected full, kind)")
            if not isinstance(full, str) or not full.strip():
                raise RuleError(f"{where}: alias {key!r} needs a 'full' name")
            if kind is not None and kind not in _KINDS:
                raise RuleError(f"{where}: alias {key!r} has kind {kind!r}, not one of {', '.join(sorted(_KINDS))}")
            entry = AliasEntry(full.strip(), kind)
        else:
            raise RuleError(f"{where}: alias {key!r} must map to a name or to {{full: …, kind: …}}")
        stems[normalise(key.strip())] = entry
    name_prefixes: dict[str, str] = {}
    for key, value in prefixes.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(value, str) or not value.strip():
            raise RuleError(f"{where}: name prefix {key!r} must map a name to a name")
        name_prefixes[normalise(key.strip())] = value.strip()
    return AliasTable(MappingProxyType(stems), MappingProxyType(name_prefixes))


@lru_cache(maxsize=1)
def shipped_aliases() -> AliasTable:
    """The alias table shipped in rules/agency_aliases.yaml."""
    return _alias_table(load_rules("agency_aliases.yaml"), "agency_aliases.yaml")


def load_aliases(source: str | os.PathLike[str], *, where: str | None = None) -> AliasTable:
    """A user alias table (`--agencies FILE`) merged over the shipped one.

    `source` is a path (a `Path`, or a one-line string without ": ") or the YAML text itself. The file
    has the shipped table's shape: `aliases:` (stem → official stem, or {full, kind}) and optionally
    `name_prefixes:`. A malformed file raises RuleError("<file>: duplicate key …" / "…: not valid YAML
    (…)" / "…: expected a mapping …").
    """
    if isinstance(source, os.PathLike) or ("\n" not in source and ": " not in source):
        path = Path(source)
        label = where or str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{label}: cannot read the alias file ({exc.__class__.__name__})") from None
    else:
        text, label = source, where or "<aliases>"
    return shipped_aliases().merged(_alias_table(load_yaml_text(text, label), label))


# ----------------------------------------------------------------------------------------------------
# Word lists (rules/agencies.yaml), compiled once
# ----------------------------------------------------------------------------------------------------


# The internal records below are plain classes with __slots__, not dataclasses: a dataclass costs ~1 ms
# at import (it compiles its generated methods), and every `sgb parse` process pays that.


class _Literal:
    """The literal `starts` / `contains` / `ends` substrings of a rule, tested with str methods.

    `search(s)` is true where the pattern `^(?:starts…)|(?:contains…)|(?:ends…)$` would find a match
    (`$` also matches before a final line break), without compiling one.
    """

    __slots__ = ("starts", "contains", "ends")

    def __init__(self, starts: tuple[str, ...], contains: tuple[str, ...], ends: tuple[str, ...]) -> None:
        self.starts = starts
        self.contains = contains
        self.ends = ends

    def search(self, s: str) -> bool:
        if s.startswith(self.starts) or s.endswith(self.ends):
            return True
        if self.ends and s.endswith("\n") and s[:-1].endswith(self.ends):
            return True
        return any(w in s for w in self.contains)


def _literal_matcher(spec: Mapping[str, Any]) -> _Literal | None:
    """One matcher for the literal `starts` / `contains` / `ends` substrings of a rule."""
    parts = [tuple(sorted(spec.get(part) or (), key=len, reverse=True)) for part in ("starts", "contains", "ends")]
    return _Literal(*parts) if any(parts) else None


class _Lexicon:
    """The word lists of agencies.yaml, each longest first."""

    __slots__ = (
        "levels",
        "not_prefixes",
        "party_stems",
        "endings",
        "vague_partners",
        "collective_ends",
        "leading",
        "own_scope",
        "kinds",
        "agency_endings",
        "long_endings",  # agency_endings of two characters or more
        "short_endings",  # one-character agency_endings (they need a name of three characters)
        "short_names",
        "not_clause_starts",
    )
    levels: tuple[str, ...]
    not_prefixes: tuple[str, ...]
    party_stems: tuple[str, ...]
    endings: tuple[str, ...]
    vague_partners: frozenset[str]
    collective_ends: tuple[str, ...]
    leading: tuple[str, ...]
    own_scope: _Literal
    kinds: tuple[tuple[str, _Literal | None], ...]
    agency_endings: tuple[str, ...]
    long_endings: tuple[str, ...]
    short_endings: tuple[str, ...]
    short_names: frozenset[str]
    not_clause_starts: tuple[str, ...]

    def __init__(self, **fields: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, fields.pop(name))
        if fields:
            raise TypeError(f"unknown lexicon field {next(iter(fields))!r}")


def _leveled(endings: tuple[str, ...], levels: tuple[str, ...]) -> tuple[str, ...]:
    """The endings, and those of four characters or more with a level word after 等 (等省有关部门),
    longest first."""
    more = [w[0] + level + w[1:] for w in endings if len(w) >= 4 and w.startswith("等") for level in levels]
    return tuple(sorted({*endings, *more}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_rules("agencies.yaml")

    def words(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise RuleError(f"agencies.yaml: {key!r} must be a list of words")
        return tuple(sorted(value, key=len, reverse=True))

    own = _literal_matcher(data.get("own_scope") or {})
    if own is None:
        raise RuleError("agencies.yaml: 'own_scope' needs starts, contains or ends")
    kinds = []
    for rule in data.get("kinds") or ():
        kind = rule.get("kind")
        if kind != "KNOWN_STEM" and kind not in _KINDS:
            raise RuleError(f"agencies.yaml: unknown kind {kind!r}")
        kinds.append((kind, _literal_matcher(rule)))
    return _Lexicon(
        levels=words("levels"),
        not_prefixes=words("not_prefixes"),
        party_stems=words("party_stems"),
        endings=_leveled(words("endings"), words("levels")),
        vague_partners=frozenset(words("vague_partners")),
        collective_ends=words("collective_ends"),
        leading=words("leading_words"),
        own_scope=own,
        kinds=tuple(kinds),
        agency_endings=words("agency_endings"),
        long_endings=tuple(w for w in words("agency_endings") if len(w) > 1),
        short_endings=tuple(w for w in words("agency_endings") if len(w) <= 1),
        short_names=frozenset(words("short_names")),
        not_clause_starts=words("not_clause_starts"),
    )


# ----------------------------------------------------------------------------------------------------
# Context
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyContext:
    issuer: str | None = None  # e.g. "开封市人民政府办公室", "岚海省人民政府办公厅"
    lead_by_position: bool = False  # the circular states the first-listed agency leads
    aliases: AliasTable | None = None  # None → the shipped table; load_aliases merges a user table over it


def places_of_issuer(issuer: str | None) -> dict[str, str]:
    """Level word → place named at the start of the issuer: 枫渚市芷岭县人民政府办公室 → {市: 枫渚市, 县: 芷岭县}."""
    if not issuer:
        return {}
    text = _unspaced(normalise(issuer))
    pos = 2 if text.startswith("中共") else 0
    places: dict[str, str] = {}
    while (end := _place_end(text, pos, 1, 7, _ISSUER_LEVELS)) >= 0 and not any(
        w in text[pos:end] for w in _ZONE_WORDS
    ):
        place = text[pos:end]
        level = next(lv for lv in _ISSUER_LEVELS if place.endswith(lv))
        places.setdefault(level, place)
        if level == "自治州":
            places.setdefault("州", place)
        pos = end
    return places


# ----------------------------------------------------------------------------------------------------
# Step 1 and 2: lexing a piece, cutting chunks into agency-sized parts
# ----------------------------------------------------------------------------------------------------


# An event of a clause is a plain tuple (kind, start, end), kind one of chunk, label, when, lead, along,
# support, responsible, sep, stop; _lex gives them as _Event (collections.namedtuple, not
# typing.NamedTuple: that one compiles its annotations at import).
_Event = namedtuple("_Event", ("kind", "start", "end"))
_Events = Sequence[tuple[str, int, int]]


def _balanced(norm: str, start: int, end: int) -> bool:
    opened = norm.count("(", start, end)
    if opened != norm.count(")", start, end):
        return False
    if not opened:
        return True
    depth = 0
    for m in _BRACKET.finditer(norm, start, end):
        depth += 1 if m.group() == "(" else -1
        if depth < 0:
            return False
    return True


def _lex(norm: str, start: int, end: int) -> list[_Event]:
    """Events at bracket depth 0 of a balanced span; the text between two tokens is a chunk."""
    text, base, events = _events(norm, start, end)
    return [_Event(kind, a + base, b + base) for kind, a, b in events]


def _events(norm: str, start: int, end: int) -> tuple[str, int, _Events]:
    """The events of a balanced span as (text, base, events): the offsets of the events index `text`,
    and `base` + an offset indexes `norm`.

    A short span is read from its text alone (sliced: a 、 at its start never joins a 各州 before it), and
    its events are remembered by that text, in offsets relative to it; what reads the events goes on with
    `text` too. A long one is read in place.
    """
    if end - start > MAX_CLAUSE // 4:
        return norm, 0, _lex_span(norm, start, end)
    text = norm[start:end]
    return text, start, _lex_text(text)


@lru_cache(maxsize=_MEMO_SIZE)
def _lex_text(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(_lex_span(text, 0, len(text)))


def _lex_span(norm: str, start: int, end: int) -> list[tuple[str, int, int]]:
    events: list[tuple[str, int, int]] = []
    depth = 0
    pos = start
    for m in _TOKEN.finditer(norm, start, end):
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
        if kind == "sep" and norm[a] == "、" and _joins_collective(norm, a):
            continue  # part of the chunk
        if a > pos:
            events.append(("chunk", pos, a))
        events.append((kind, a, b))
        pos = b
    if end > pos:
        events.append(("chunk", pos, end))
    return events


def _untimed(norm: str, events: _Events, lex: _Lexicon, aliases: AliasTable) -> _Events:
    """The events without the times in a clause: a time label (完成时限：…) with its value, a time piece
    (2025年6月底前完成, 长期坚持) and whatever follows either (落实到位, separators) up to the next agency,
    `;`, label or `。`. None of them is an agency, so none is warned about.
    """
    for kind, start, _ in events:
        if kind == "when" or (kind == "chunk" and norm[start] in _TIME_STARTS_UNTRIMMED):
            break
    else:
        return events  # no time label, and no chunk that may be a time piece: nothing to drop
    out: list[tuple[str, int, int]] = []
    timing = False
    for event in events:
        kind = event[0]
        if kind == "when":
            timing = True
            continue
        if kind in ("stop", "label") or (kind == "sep" and norm[event[1]] == ";"):
            timing = False
        elif kind == "chunk":
            a, b = _trim(norm, event[1], event[2])
            if a < b and norm[a] in _TIME_STARTS and _TIME_PIECE().fullmatch(norm, a, b) is not None:
                timing = True
                continue
            if timing:
                if not any(ok for _, _, ok in _relative_parts(norm, event[1], event[2], lex, aliases)):
                    continue
                timing = False
        elif timing:
            continue  # a role word or a separator inside a time (时限：年底前落实到位)
        out.append(event)
    return out


def _trim(norm: str, start: int, end: int, chars: str = " \n\t") -> tuple[int, int]:
    while start < end and norm[start] in chars:
        start += 1
    while end > start and norm[end - 1] in chars:
        end -= 1
    return start, end


def _trailing_group(name: str) -> int:
    """Where a trailing bracketed second name starts (市委宣传部(市新闻出版局) → 5), else 0."""
    if not name.endswith(")"):
        return 0
    depth = 0
    for i in range(len(name) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(name[i], 0)
        if depth == 0:
            return i if i >= 2 else 0
    return 0


def _place_end(text: str, pos: int, fewest: int, most: int, levels: tuple[str, ...]) -> int:
    """Where a place at text[pos:] ends, or -1: \\p{Han}{fewest,most}? and then the first of `levels`
    (州 only where no 市/县/区 follows), as a pattern with that lazy repeat would match it."""
    han = _HAN().match(text, pos)
    if han is None:
        return -1
    for at in range(pos + fewest, min(han.end(), pos + most) + 1):
        for level in levels:
            if text.startswith(level, at) and not (level == "州" and text[at + 1 : at + 2] in ("市", "县", "区")):
                return at + len(level)
    return -1


def _unspaced(text: str) -> str:
    """text without its white space (`regex`'s \\s)."""
    return text if _ISSPACE.search(text) is None else _SPACE().sub("", text)


def _is_collective(name: str) -> bool:
    """Whether name is 各, up to eight Han characters or 、, a level of _COLLECTIVE_ENDS, perhaps a
    bracketed list of one to twelve characters, perhaps 人民政府 / 政府 (see _COLLECTIVE_ENDS)."""
    if not name.startswith("各"):
        return False
    for government in ("人民政府", "政府", ""):
        if not name.endswith(government):
            continue
        body = name[: len(name) - len(government)]
        heads = [body]
        opened = body.rfind("(")
        if (
            body.endswith(")")
            and opened >= 0
            and 1 <= len(body) - opened - 2 <= 12
            and ")" not in body[opened + 1 : -1]
        ):
            heads.append(body[:opened])
        for head in heads:
            for level in _COLLECTIVE_ENDS:
                middle = head[1 : len(head) - len(level)]
                if (
                    head.endswith(level)
                    and len(head) > len(level)
                    and len(middle) <= 8
                    and (not middle.replace("、", "") or _HAN().fullmatch(middle.replace("、", "")) is not None)
                ):
                    return True
    return False


def _conjunctions(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The conjunctions that may join two agencies (以及, 和, 及, 与) in norm[start:end], left to right,
    as re.finditer("以及|和|及|与") finds them (a 以 is only ever taken as the start of 以及)."""
    found: list[tuple[int, int]] = []
    if norm.find("和", start, end) < 0 and norm.find("及", start, end) < 0 and norm.find("与", start, end) < 0:
        return found
    for i in range(start, end):
        c = norm[i]
        if c == "及" and i > start and norm[i - 1] == "以":
            found.append((i - 1, i + 1))
        elif c in "和及与":
            found.append((i, i + 1))
    return found


def _agency_like(name: str, lex: _Lexicon, aliases: AliasTable) -> bool:
    """Whether a (normalised, space-free) piece reads as the name of an agency."""
    if len(name) < 2 or len(name) > MAX_NAME:
        return False
    cut = _trailing_group(name)
    if cut and not _is_collective(name):
        return _agency_like(name[:cut], lex, aliases) and _agency_like(name[cut + 1 : -1], lex, aliases)
    if name in lex.short_names or name in aliases.stems or central_body(name) is not None:
        return True
    if _is_collective(name) or _is_written_collective(name, lex):
        return True
    if name.endswith(lex.long_endings) or (len(name) >= 3 and name.endswith(lex.short_endings)):
        return True
    stems, size = aliases.stems, len(name)
    return any(name[-n:] in stems for n in aliases._lengths if n <= size)


def _is_written_collective(name: str, lex: _Lexicon) -> bool:
    """区直各部门, 全区经济运行各专班, 相关街镇, 参与商家: 各 inside (or 相关 / 有关 / 参与 first) and a
    collective noun last."""
    return ("各" in name or name.startswith(("相关", "有关", "参与"))) and name.endswith(lex.collective_ends)


_MEMO_TEXT = 64  # chunks up to this length are remembered (agency names repeat across clauses and documents)


def _parts(norm: str, start: int, end: int, lex: _Lexicon, aliases: AliasTable) -> list[tuple[int, int, bool]]:
    """A chunk trimmed and split at 和/及/与 where both sides are agencies: (start, end, agency-like)."""
    return [(start + a, start + b, ok) for a, b, ok in _relative_parts(norm, start, end, lex, aliases)]


def _relative_parts(
    norm: str, start: int, end: int, lex: _Lexicon, aliases: AliasTable
) -> Sequence[tuple[int, int, bool]]:
    """The parts of a chunk (see _parts) in offsets relative to its start.

    The result depends on nothing but the text of the chunk (no pattern here looks outside it), so it
    is remembered per alias table by that text.
    """
    text = norm[start:end]
    if end - start > _MEMO_TEXT:
        return _split_parts(text, 0, end - start, lex, aliases)
    memo = aliases._memo
    rel = memo.get(text)
    if rel is None:
        rel = tuple(_split_parts(text, 0, len(text), lex, aliases))
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[text] = rel
    return rel


def _is_cut_level(text: str, a: int, b: int, lex: _Lexicon) -> bool:
    """Whether text[a:b] is a lone level word (市, 省) that ends its clause: what is left of a name when
    the page was cut inside the clause (（市政府办公室、市)."""
    return b >= len(text.rstrip(" \n\t")) and text[a:b] in lex.levels


def _without_ending(norm: str, start: int, end: int, lex: _Lexicon) -> int:
    """Where norm[start:end] ends without a trailing 等有关部门 (at least one character is left)."""
    if norm.endswith(lex.endings, start, end):
        for word in lex.endings:
            if norm.endswith(word, start, end) and end - start > len(word):
                return _trim(norm, start, end - len(word))[1]
    return end


def _split_parts(norm: str, start: int, end: int, lex: _Lexicon, aliases: AliasTable) -> list[tuple[int, int, bool]]:
    start, end = _trim(norm, start, end)
    if norm.startswith(lex.leading, start, end):
        for word in lex.leading:
            if norm.startswith(word, start, end) and end - start > len(word):
                start += len(word)
                break
    if norm.endswith(lex.endings, start, end):
        for word in lex.endings:
            if norm.endswith(word, start, end) and end - start > len(word):
                end -= len(word)
                break
    start, end = _trim(norm, start, end)
    if start >= end:
        return []
    if end - start > MAX_NAME:
        return [(start, end, False)]

    def like(a: int, b: int) -> bool:
        return _agency_like(_unspaced(norm[a:b]), lex, aliases)

    # Conjunctions at depth 0; split at one only when the left side and the rest are both agencies.
    joins: list[tuple[int, int]] = []
    depth = 0
    for j_start, j_end in _conjunctions(norm, start, end):
        depth = norm.count("(", start, j_start) - norm.count(")", start, j_start)
        if depth == 0:
            joins.append((j_start, j_end))
    out: list[tuple[int, int, bool]] = []
    left = start
    for j_start, j_end in joins:
        if j_start <= left:
            continue
        a, b = _trim(norm, left, j_start)
        c, d = _trim(norm, j_end, end)
        if a < b and c < d and like(a, b) and like(c, d):
            out.append((a, _without_ending(norm, a, b, lex), True))
            left = j_end
    a, b = _trim(norm, left, end)
    if a < b:
        out.append((a, b, like(a, b)))
    return out


def looks_like_clause(norm: str) -> bool:
    """Whether the normalised content of an item's LAST top-level parenthetical is a responsibility clause.

    It is when it names agencies or carries a role word with an agency: `(市商务局、开封海关)`,
    `(省发展改革委牵头,省财政厅配合)`, `(责任单位:市教育局、体育局)`. `(工厂)`, `(含)`,
    `(以下简称《措施》)`, `(2024—2026年)`, `(责任编辑:周敏)`, `(平台)` are not.
    """
    if len(norm) > 4 * _MEMO_TEXT:
        return _looks_like_clause(norm)
    return _looks_like_clause_cached(norm)


def _looks_like_clause(norm: str) -> bool:
    norm = _bracketed(norm)
    lex = _lexicon()
    aliases = shipped_aliases()
    start, end = _trim(norm, 0, len(norm), " \n\t\u3000")
    if start >= end:
        return False
    if end - start > MAX_CLAUSE or norm.startswith(lex.not_clause_starts, start, end):
        return False
    if not _balanced(norm, start, end):
        return False
    if find_note(norm, start, end) is not None:
        return True
    role_word = False
    verdicts: list[bool] = []
    text, _, events = _events(norm, start, end)
    for kind, a, b in _untimed(text, events, lex, aliases):
        if kind == "stop":
            break
        if kind == "chunk":
            for c, d, ok in _relative_parts(text, a, b, lex, aliases):
                if ok or not _is_cut_level(text, a + c, a + d, lex):
                    verdicts.append(ok)
        elif kind != "sep":
            role_word = True
    if not verdicts:
        return False
    return any(verdicts) if role_word else all(verdicts)


# A pure function of a short text (the shipped tables are read once): clauses repeat within a circular.
_looks_like_clause_cached = lru_cache(maxsize=_MEMO_SIZE)(_looks_like_clause)


# ----------------------------------------------------------------------------------------------------
# Step 3: names, prefixes, full names, kinds
# ----------------------------------------------------------------------------------------------------


class _Candidate:
    __slots__ = ("start", "end", "explicit", "default", "note")

    def __init__(self, start: int, end: int, default: Role = "responsible", note: bool = False) -> None:
        self.start = start
        self.end = end
        self.explicit: Role | None = None  # from a role word or an explicit label
        self.default = default  # from a 责任单位 label, or none
        self.note = note  # named by a standing note


class _Named:
    __slots__ = ("name", "full_name", "kind")

    def __init__(self, name: str, full_name: str | None, kind: AgencyKind) -> None:
        self.name = name
        self.full_name = full_name
        self.kind = kind


class _Resolver:
    """Names the agencies of one measure in order; the prefix state carries across its pieces."""

    __slots__ = ("doc", "lex", "aliases", "places", "gov_prefix", "party_prefix")

    def __init__(
        self,
        doc: DocText,
        lex: _Lexicon,
        aliases: AliasTable,
        places: Mapping[str, str],
        gov_prefix: str | None = None,
        party_prefix: str | None = None,
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.aliases = aliases
        self.places = places
        self.gov_prefix = gov_prefix  # raw prefix of the nearest government-side agency: 市, 开封市, 省
        self.party_prefix = party_prefix  # raw prefix of the nearest party organ: 市委, 中共开封市委

    def name(self, start: int, end: int) -> _Named:
        norm = self.doc.norm[start:end]
        if _ISSPACE.search(norm) is None:
            raw = self.doc.raw[start:end]
        else:
            keep = [i for i in range(start, end) if not self.doc.norm[i].isspace()]
            norm = "".join(self.doc.norm[i] for i in keep)
            raw = "".join(self.doc.raw[i] for i in keep)
        central = central_body(norm)
        if central is not None:  # 财政部, 国家发展改革委: as written, neither given nor lending a prefix
            return _Named(raw, central[0], central[1])
        if _own_scope(norm):
            kind = self._kind(norm, None)
            return _Named(raw, self._own_full(norm, kind), kind)
        cut = _trailing_group(norm)
        if cut:  # 市委宣传部(市新闻出版局): the head is the agency, the tail its second name
            head = self._named(norm[:cut], raw[:cut])
            return _Named(head.name + raw[cut:], head.full_name, head.kind)
        return self._named(norm, raw)

    def _named(self, norm: str, raw: str) -> _Named:
        lex = self.lex
        if norm.endswith(lex.party_stems):
            for stem in lex.party_stems:
                if norm.endswith(stem):
                    return self._party(norm, raw, len(norm) - len(stem))
        cut, entry = self._stem(norm)
        prefix_norm = norm[:cut]
        if cut:
            name = raw
            kind = self._kind(norm, entry)
            if kind in ("department", "agency"):
                self.gov_prefix = raw[:cut]
        else:
            lent = self.gov_prefix
            if lent is None and self.party_prefix is not None:
                lent = self._level_of_party(self.party_prefix)  # 市委组织部、商务局 → 市商务局, never 市委
            name = (lent or "") + raw
            prefix_norm = normalise(lent or "")
            kind = self._kind(prefix_norm + norm, entry)
        full = self._gov_full(prefix_norm, entry) if entry is not None else None
        return _Named(name, full, kind)

    # -- pieces of the above

    def _stem(self, norm: str) -> tuple[int, AliasEntry | None]:
        """Where the stem starts (0: a bare stem) and its alias entry, if known."""
        stems = self.aliases.stems
        size = len(norm)
        for n in self.aliases._lengths:
            if n > size:
                continue
            entry = stems.get(norm[-n:])
            if entry is not None and self._is_prefix(norm[:-n]):
                return size - n, entry
        if any(norm.startswith(w) for w in self.lex.not_prefixes):
            return 0, None
        for place in sorted(self.places.values(), key=len, reverse=True):
            if norm.startswith(place) and len(norm) > len(place) + 1:
                return len(place), None
        end = -1 if norm[:1] in _NOT_PREFIX_STARTS else _place_end(norm, 0, 2, 3, _PREFIX_LEVELS)
        if end >= 0 and len(norm) - end >= 2:
            return end, None
        for level in self.lex.levels:
            if norm.startswith(level) and len(norm) - len(level) >= 2:
                return len(level), None
        return 0, None

    def _is_prefix(self, prefix: str) -> bool:
        if not prefix or prefix in self.lex.levels or prefix in self.places.values():
            return True
        return (
            len(prefix) <= 10
            and _HAN().fullmatch(prefix) is not None
            and prefix.endswith(self.lex.levels)
            and not prefix.endswith("委")
        )

    def _party(self, norm: str, raw: str, cut: int) -> _Named:
        entry = self.aliases.stems.get(norm[cut:])
        if cut:
            prefix_norm, name = norm[:cut], raw
            if prefix_norm.endswith("委"):
                self.party_prefix = raw[:cut]
        else:
            lent = self.party_prefix
            if lent is None and self.gov_prefix is not None:
                lent = self.gov_prefix + "委"  # a bare 组织部 in a city clause: 市委组织部
            name = (lent or "") + raw
            prefix_norm = normalise(lent or "")
        kind = self._kind(prefix_norm + norm[cut:], entry)
        full = None
        if entry is not None and prefix_norm:
            base = prefix_norm.removeprefix("中共").removesuffix("委")
            place = self.places.get(base) if base in self.lex.levels else base
            full = f"中共{place}委{entry.full}" if place else f"{prefix_norm}{entry.full}"
        return _Named(name, full, kind)

    def _level_of_party(self, party_prefix: str) -> str | None:
        base = party_prefix.removeprefix("中共").removesuffix("委")
        return base or None

    def _gov_full(self, prefix_norm: str, entry: AliasEntry) -> str | None:
        if not prefix_norm:
            return None
        place = self.places.get(prefix_norm, prefix_norm) if prefix_norm in self.lex.levels else prefix_norm
        return place + entry.full

    def _own_full(self, norm: str, kind: AgencyKind) -> str | None:
        for short, full in self.aliases._prefixes:
            if norm.startswith(short) and not norm.startswith(full):
                return full + norm[len(short) :]
        if kind in ("government", "agency") and not norm.startswith("各"):
            return norm
        return None

    def _kind(self, norm: str, entry: AliasEntry | None) -> AgencyKind:
        if entry is None:
            return _kind_of(norm, False, None)
        return _kind_of(norm, True, entry.kind)


# Names repeat across measures and documents: the two pure functions of a name the resolver asks
# most often are cached (bounded) on the shipped lexicon.
@lru_cache(maxsize=_MEMO_SIZE)
def _own_scope(norm: str) -> bool:
    return _lexicon().own_scope.search(norm)


@lru_cache(maxsize=_MEMO_SIZE)
def _kind_of(norm: str, known: bool, known_kind: AgencyKind | None) -> AgencyKind:
    """The kind of a name: the first rule of agencies.yaml `kinds` that matches (KNOWN_STEM: a known stem)."""
    for kind, matcher in _lexicon().kinds:
        if kind == "KNOWN_STEM":
            if known:
                return known_kind or "department"
        elif matcher is not None and matcher.search(norm):
            return kind  # type: ignore[return-value]
    return "other"


# ----------------------------------------------------------------------------------------------------
# Reading the pieces of one measure
# ----------------------------------------------------------------------------------------------------


def _scan(
    doc: DocText, start: int, end: int, lex: _Lexicon, aliases: AliasTable, warnings: list[ParseWarning], note: bool
) -> list[_Candidate]:
    """The agencies of one region (a piece without its standing note, or the note's agency list)."""
    norm = doc.norm
    if not _balanced(norm, start, end):
        warnings.append(
            ParseWarning.model_construct(
                code="unsplit_clause",
                message=f"unbalanced bracket in responsibility clause {doc.raw[start:end][:60]!r}",
                span=(start, end),
            )
        )
        return []
    out: list[_Candidate] = []
    group: list[_Candidate] = []
    label_role: Role = "responsible"
    label_explicit = False
    after_along = False
    text, base, events = _events(norm, start, end)
    for kind, e_start, e_end in _untimed(text, events, lex, aliases):
        if kind == "chunk":
            at = base + e_start
            for a, b, ok in _relative_parts(text, e_start, e_end, lex, aliases):
                a += at
                b += at
                if not ok and _is_cut_level(text, a - base, b - base, lex):
                    continue  # (市政府办公室、市 — a page cut inside the clause
                if not ok:
                    warnings.append(
                        ParseWarning.model_construct(
                            code="unsplit_clause",
                            message=f"cannot read {doc.raw[a:b][:60]!r} as an agency in a responsibility clause",
                            span=(a, b),
                        )
                    )
                    continue
                if after_along and _unspaced(norm[a:b]) in lex.vague_partners:
                    continue  # A会同有关部门负责: A alone
                cand = _Candidate(a, b, default=label_role, note=note)
                if label_explicit:
                    cand.explicit = label_role
                if after_along:
                    cand.explicit = "support"  # A会同B负责: B supports, whatever role word closes it
                if note:
                    cand.explicit = "responsible"
                out.append(cand)
                if not after_along:
                    group.append(cand)
        elif kind == "label":
            label = text[e_start:e_end]
            label_role, label_explicit = next((r, e) for w, r, e in _LABEL_ROLES if label.startswith(w))
            group, after_along = [], False
        elif kind == "tag":  # 市财政局(牵头): the role of the agency right before it, and of no other
            if group and not note:
                word = text[e_start + 1 : e_end - 1]
                group.pop().explicit = next((r for w, r in _TAG_ROLES if word.startswith(w)), "responsible")
        elif kind in ("lead", "support", "responsible", "along"):
            role: Role = "lead" if kind == "along" else kind  # type: ignore[assignment]
            if not note:
                for cand in group:
                    cand.explicit = role
            group, after_along = [], kind == "along"
        elif kind == "stop":
            group, after_along = [], False
            label_role, label_explicit = "responsible", False
    return out


def _read_piece(
    doc: DocText, start: int, end: int, lex: _Lexicon, aliases: AliasTable, warnings: list[ParseWarning]
) -> list[_Candidate]:
    """The agencies of one clause piece, the standing note's among them (marked `note`), in text order."""
    norm = doc.norm
    earlier = len(warnings)   # only this piece's own warnings can fall inside it: pieces do not overlap
    start, end = _trim(norm, start, end, " \n\t。.;,")
    if start >= end:
        warnings.append(ParseWarning.model_construct(code="unsplit_clause", message="empty responsibility clause", span=(start, end)))
        return []
    if end - start > MAX_CLAUSE:
        warnings.append(
            ParseWarning.model_construct(
                code="unsplit_clause",
                message=f"a clause of {end - start} characters is too long to be a list of agencies",
                span=(start, end),
            )
        )
        return []
    regions: list[tuple[int, int, bool]] = []
    m = find_note(norm, start, end)
    if m is None:
        regions.extend(without_rules(norm, start, end))
    else:
        who = "who" if m.start("who") >= 0 else "who2"
        regions.extend(without_rules(norm, start, m.start()))
        regions.append((*_trim(norm, *m.span(who)), True))
        regions.extend(without_rules(norm, m.end(), end))
    out: list[_Candidate] = []
    for a, b, is_note in regions:
        a, b = _trim(norm, a, b, " \n\t。.;,:")
        if a < b:
            out.extend(_scan(doc, a, b, lex, aliases, warnings, is_note))
    if not out and not any(w.span and start <= w.span[0] <= end for w in warnings[earlier:]):
        warnings.append(
            ParseWarning.model_construct(
                code="unsplit_clause",
                message=f"no agency found in responsibility clause {doc.raw[start:end][:60]!r}",
                span=(start, end),
            )
        )
    return out


def assign_agencies(
    doc: DocText, clauses: Sequence[Sequence[tuple[int, int]]], context: AgencyContext
) -> tuple[list[list[Agency]], list[ParseWarning]]:
    """The agencies of each measure (same length as `clauses`) and the warnings met reading them.

    `clauses[i]` holds the clause pieces of measure i (document order), each a half-open span into `doc`:
    the content of a trailing parenthetical, a label line (牵头单位：…), or a closing sentence
    (由……负责落实。). Prefixes carry across the pieces of one measure and restart with the next one.
    A standing note (以下均需…落实，不再列出) adds its agencies to its own measure and, as `inherited`
    agencies without a span, to every later measure that has a clause of its own.
    """
    lex = _lexicon()
    aliases = context.aliases if context.aliases is not None else shipped_aliases()
    places = places_of_issuer(context.issuer)
    norm = _bracketed(doc.norm)
    if norm is not doc.norm:
        doc = DocText(doc.raw, norm)
    warnings: list[ParseWarning] = []
    standing: list[Agency] = []
    result: list[list[Agency]] = []
    # Clauses repeat within a circular (（市发展改革委负责） after each of 30,000 items) and across the
    # circulars of one issuer: the reading of a piece is remembered by all it depends on (see _Reading).
    # A user alias table gets a memo of its own, for this document only.
    readings = _READINGS if aliases is shipped_aliases() else {}
    issuer, lead_by_position = context.issuer, context.lead_by_position
    size = len(doc)
    for pieces in clauses:
        if not pieces:
            result.append([])
            continue
        agencies: list[Agency] = []
        notes: list[Agency] = []
        # The resolver's state: prefixes carry across the pieces of one measure.
        gov_prefix: str | None = None
        party_prefix: str | None = None
        first = True
        for start, end in pieces:
            if not 0 <= start <= end <= size:
                warnings.append(
                    ParseWarning.model_construct(code="unsplit_clause", message=f"clause span {[start, end]} is outside the text")
                )
                continue
            key = None
            reading = None
            if end - start <= _PIECE_MEMO_TEXT:
                key = (doc.raw[start:end], norm[start:end], gov_prefix, party_prefix, first, issuer, lead_by_position)
                reading = readings.get(key)
            if reading is None:
                before = len(warnings)
                resolver = _Resolver(doc, lex, aliases, places, gov_prefix, party_prefix)
                reading = _read(doc, start, end, lex, aliases, warnings, resolver, first, lead_by_position)
                # Only a reading without warnings is remembered: whether one is given depends on earlier ones.
                if key is not None and reading.agencies and len(warnings) == before:
                    if len(readings) >= _MEMO_SIZE:
                        readings.clear()
                    readings[key] = reading
            gov_prefix, party_prefix, first = reading.gov_prefix, reading.party_prefix, reading.first
            for a, b, raw, role, named, note in reading.agencies:
                agency = Agency.model_construct(
                    name=named.name,
                    raw=raw,
                    role=role,
                    full_name=named.full_name,
                    kind=named.kind,
                    span=(start + a, start + b),
                )
                agencies.append(agency)
                if note:
                    notes.append(agency)
        if standing:
            names = {a.name for a in agencies}
            for held in standing:
                if held.name not in names:
                    agencies.append(held)
                    names.add(held.name)
        if notes:
            standing.extend(
                a.model_copy(update={"span": None, "inherited": True, "role": "responsible"})
                for a in notes
                if all(a.name != s.name for s in standing)
            )
        result.append(agencies)
    return result, warnings


# Pieces up to this length are remembered; no longer one is read with a pattern that looks outside it
# (see _lex), so its reading depends on its text alone (and the issuer, the prefixes before it, …).
_PIECE_MEMO_TEXT = MAX_CLAUSE // 4
# (raw piece, normalised piece, gov_prefix, party_prefix, first, issuer, lead_by_position) → its reading
# with the shipped alias table. Bounded: cleared when full.
_READINGS: dict[tuple[str, str, str | None, str | None, bool, str | None, bool], _Reading] = {}


class _Reading:
    """The agencies of one piece (offsets relative to its start) and the state it leaves behind.

    It depends on the piece's raw and normalised text, the prefixes the resolver held before it, whether
    an agency came before it in its measure, the issuer (its places) and lead_by_position; the lexicon
    and the shipped alias table are fixed.
    """

    __slots__ = ("agencies", "gov_prefix", "party_prefix", "first")

    def __init__(
        self,
        agencies: tuple[tuple[int, int, str, Role, _Named, bool], ...],  # start, end, raw, role, named, note
        gov_prefix: str | None,
        party_prefix: str | None,
        first: bool,
    ) -> None:
        self.agencies = agencies
        self.gov_prefix = gov_prefix
        self.party_prefix = party_prefix
        self.first = first


def _read(
    doc: DocText,
    start: int,
    end: int,
    lex: _Lexicon,
    aliases: AliasTable,
    warnings: list[ParseWarning],
    resolver: _Resolver,
    first: bool,
    lead_by_position: bool,
) -> _Reading:
    """Read one clause piece and name its agencies (the resolver's prefixes carry on to the next piece)."""
    out = []
    for cand in _read_piece(doc, start, end, lex, aliases, warnings):
        named = resolver.name(cand.start, cand.end)
        if cand.note:
            role: Role = "responsible"
        elif first and lead_by_position and cand.explicit in (None, "responsible"):
            role = "lead"  # the stated rule names the lead; a plain 负责 does not say otherwise
        elif cand.explicit is not None:
            role = cand.explicit
        else:
            role = cand.default
        if not cand.note:
            first = False
        out.append((cand.start - start, cand.end - start, doc.raw[cand.start : cand.end], role, named, cand.note))
    return _Reading(tuple(out), resolver.gov_prefix, resolver.party_prefix, first)
