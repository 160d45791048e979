"""The words of time expressions (rules/periods.yaml), read once into one record.

Every word list the deadline scan builds its patterns from, and every word its context checks test
(base words, cut-off verbs, lead-ins), comes from here; `raw` keeps the whole table for the lists that
only a pattern reads.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .lazy import once
from .rules import load_rules

__all__ = ["TimeRules", "time_rules"]


class TimeRules(NamedTuple):
    prefixes: frozenset[str]
    as_of: frozenset[str]
    lead_ins: tuple[str, ...]
    qualifiers: dict[str, int]
    quarters: dict[str, int]
    leading_quarters: dict[str, int]
    halves: dict[str, int]
    month_parts: dict[str, tuple[int, int]]
    before: frozenset[str]
    within: frozenset[str]
    until: frozenset[str]
    whole_year_nouns: tuple[str, ...]
    start_words: tuple[str, ...]
    since_words: tuple[str, ...]
    base_words: tuple[str, ...]
    base_followers: tuple[str, ...]
    cutoff_verbs: tuple[str, ...]
    list_separators: tuple[str, ...]
    programme_brackets: dict[str, str]
    holidays: dict[str, dict[str, Any]]
    raw: dict[str, Any]


@once
def time_rules() -> TimeRules:
    r = load_rules("periods.yaml")
    return TimeRules(
        prefixes=frozenset(r["prefixes"]),
        as_of=frozenset(r["as_of_prefixes"]),
        lead_ins=tuple(r["lead_ins"]),
        qualifiers={str(k): int(v) for k, v in r["qualifiers"].items()},
        quarters={str(k): int(v) for k, v in r["quarters"].items()},
        leading_quarters={str(k): int(v) for k, v in r["leading_quarters"].items()},
        halves={str(k): int(v) for k, v in r["halves"].items()},
        month_parts={str(k): (int(v[0]), int(v[1])) for k, v in r["month_parts"].items()},
        before=frozenset(r["before_suffixes"]),
        within=frozenset(r["within_suffixes"]),
        until=frozenset(r["until_suffixes"]),
        whole_year_nouns=tuple(r["whole_year_nouns"]),
        start_words=tuple(r["start_words"]),
        since_words=tuple(r["since_words"]),
        base_words=tuple(r["base_words"]),
        base_followers=tuple(r["base_followers"]),
        cutoff_verbs=tuple(r["cutoff_verbs"]),
        list_separators=tuple(r["list_separators"]),
        programme_brackets={str(k): str(v) for k, v in r["programme_brackets"].items()},
        holidays={str(k): dict(v) for k, v in r["holidays"].items()},
        raw=r,
    )
