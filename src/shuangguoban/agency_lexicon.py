"""The word lists of rules/agencies.yaml, read once: level words, endings, collectives, own-scope names and
the rules that give an agency its kind (government, party, zone, department …).

`lexicon()` is the checked table every step of clause reading takes; `own_scope` and `kind_of` answer the
two questions about a (normalised) name that the resolver asks most often. The limits of a clause and of
a name are here too, for every module of the agency reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple, get_args

from .errors import RuleError
from .lazy import once
from .models import AgencyKind
from .rules import load_rules

__all__ = [
    "KINDS",
    "MAX_CLAUSE",
    "MAX_NAME",
    "MEMO_SIZE",
    "Lexicon",
    "LiteralRule",
    "kind_of",
    "lexicon",
    "literal_rule",
    "own_scope",
]

MAX_NAME = 40  # a chunk longer than this is not one agency name (and is never scanned twice)
MAX_CLAUSE = 2000  # a piece longer than this is not a responsibility clause (real ones are < 300)
# Entries per memo (of pure functions of short texts, and of piece readings): small, so that memory stays
# flat over a corpus; what repeats is mostly met again within a circular or the next few. Cleared or
# evicted when full.
MEMO_SIZE = 512
KINDS: frozenset[str] = frozenset(get_args(AgencyKind))


class LiteralRule(NamedTuple):
    """The literal `starts` / `contains` / `ends` substrings of a rule, tested with str methods.

    `search(s)` is true where the pattern `^(?:starts…)|(?:contains…)|(?:ends…)$` would find a match
    (`$` also matches before a final line break), without compiling one.
    """

    starts: tuple[str, ...]
    contains: tuple[str, ...]
    ends: tuple[str, ...]

    def search(self, s: str) -> bool:
        if s.startswith(self.starts) or s.endswith(self.ends):
            return True
        if self.ends and s.endswith("\n") and s[:-1].endswith(self.ends):
            return True
        return any(w in s for w in self.contains)


def literal_rule(spec: Mapping[str, Any]) -> LiteralRule | None:
    """One matcher for the literal `starts` / `contains` / `ends` substrings of a rule."""
    parts = [tuple(sorted(spec.get(part) or (), key=len, reverse=True)) for part in ("starts", "contains", "ends")]
    return LiteralRule(*parts) if any(parts) else None


class Lexicon(NamedTuple):
    """The word lists of agencies.yaml, each longest first."""

    levels: tuple[str, ...]
    place_levels: tuple[str, ...]
    zone_words: tuple[str, ...]
    collective_levels: tuple[str, ...]
    not_prefixes: tuple[str, ...]
    party_stems: tuple[str, ...]
    endings: tuple[str, ...]
    vague_partners: frozenset[str]
    collective_ends: tuple[str, ...]
    leading: tuple[str, ...]
    own_scope: LiteralRule
    kinds: tuple[tuple[str, LiteralRule | None], ...]
    agency_endings: tuple[str, ...]
    long_endings: tuple[str, ...]  # agency_endings of two characters or more
    short_endings: tuple[str, ...]  # one-character agency_endings (they need a name of three characters)
    short_names: frozenset[str]
    issuer_ends: tuple[str, ...]
    not_clause_starts: tuple[str, ...]


def _leveled(endings: tuple[str, ...], levels: tuple[str, ...]) -> tuple[str, ...]:
    """The endings, and those of four characters or more with a level word after 等 (等省有关部门),
    longest first."""
    more = [w[0] + level + w[1:] for w in endings if len(w) >= 4 and w.startswith("等") for level in levels]
    return tuple(sorted({*endings, *more}, key=len, reverse=True))


@once
def lexicon() -> Lexicon:
    data = load_rules("agencies.yaml")

    def words(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
            raise RuleError(f"agencies.yaml: {key!r} must be a list of words")
        return tuple(sorted(value, key=len, reverse=True))

    own = literal_rule(data.get("own_scope") or {})
    if own is None:
        raise RuleError("agencies.yaml: 'own_scope' needs starts, contains or ends")
    kinds = []
    for rule in data.get("kinds") or ():
        kind = rule.get("kind")
        if kind != "KNOWN_STEM" and kind not in KINDS:
            raise RuleError(f"agencies.yaml: unknown kind {kind!r}")
        kinds.append((kind, literal_rule(rule)))
    return Lexicon(
        levels=words("levels"),
        place_levels=words("place_levels"),
        zone_words=words("zone_words"),
        collective_levels=words("collective_levels"),
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
        issuer_ends=words("issuer_ends"),
        not_clause_starts=words("not_clause_starts"),
    )


# Names repeat across measures and documents: the two pure functions of a name the resolver asks
# most often are remembered (bounded) on the shipped lexicon.
@lru_cache(maxsize=MEMO_SIZE)
def own_scope(norm: str) -> bool:
    """Whether a name carries its own scope (国家…, 人行…, …开发区, …人民政府): kept as written."""
    return lexicon().own_scope.search(norm)


@lru_cache(maxsize=MEMO_SIZE)
def kind_of(norm: str, known: bool, known_kind: AgencyKind | None) -> AgencyKind:
    """The kind of a name: the first rule of agencies.yaml `kinds` that matches (KNOWN_STEM: a known stem)."""
    for kind, matcher in lexicon().kinds:
        if kind == "KNOWN_STEM":
            if known:
                return known_kind or "department"
        elif matcher is not None and matcher.search(norm):
            return kind  # type: ignore[return-value]
    return "other"
