"""Level-free views of a measure, for comparing circulars of different levels (or versions).

A provincial measure and the city measure implementing it say the same with other level words
(全省/全市, 省重点/市重点, 省发展改革委/市发展改革委), other place names (河南省/开封市) and other
numbers. `comparable_text` takes all of these out; `agency_core` strips an agency's level. The
word lists are in rules/levels.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import regex

from .lazy import once
from .models import Circular, Measure
from .rules import alternation, load_rules
from .text import normalise

_NUMBER = regex.compile(r"[0-9][0-9.,]*[十百千万亿]*")   # a magnitude word belongs to its number
_AFTER_LABEL = frozenset(".．、,，:：)） \t\u3000")
_NON_WORD = regex.compile(r"[^\p{Han}A-Za-z#]+")


class _Tables(NamedTuple):
    level_words: regex.Pattern[str]
    agency_levels: tuple[str, ...]
    agency_suffixes: dict[str, str]
    modals: dict[str, int]
    rate_units: frozenset[str]
    issuer_place: regex.Pattern[str]
    clause: regex.Pattern[str]


@once
def _tables() -> _Tables:
    rules = load_rules("levels.yaml")
    words = sorted(rules["level_words"], key=len, reverse=True)
    prefixes = "".join(rules["level_prefixes"])
    before = "|".join(sorted(map(regex.escape, rules["before"]), key=len, reverse=True))
    pattern = regex.compile("|".join(map(regex.escape, words)) + f"|[{prefixes}](?=(?:{before}))")
    issuer_place = regex.compile(rf"^(?P<place>\p{{Han}}{{2,4}}?)(?:{alternation(rules['place_suffixes'])})")
    clause = regex.compile(rf"[（(][^（）()]*(?:{alternation(rules['clause_role_words'])})[^（）()]*[）)]\s*$")
    return _Tables(pattern, tuple(rules["agency_levels"]), dict(rules["agency_suffixes"]),
                   dict(rules["modals"]), frozenset(rules["rate_units"]), issuer_place, clause)


@once
def _provinces() -> tuple[str, ...]:
    return tuple(load_rules("places.yaml")["provinces"])


def modal_strengths() -> dict[str, int]:
    """Modal word → strength (3 binding, 2 striving)."""
    return _tables().modals


def is_rate(unit: str) -> bool:
    """A share or rate (%, 个百分点, 倍), comparable between levels, unlike an amount."""
    return unit in _tables().rate_units


def place_names(circulars: Iterable[Circular]) -> tuple[str, ...]:
    """Place names to take out: every province, and the place of each circular's issuer
    (开封市人民政府办公室 → 开封市, 开封), longest first."""
    names: set[str] = set()
    for province in _provinces():
        names.update({province + "省", province})
    for circular in circulars:
        for issuer in (circular.issuer, *circular.issuers):
            match = _tables().issuer_place.match(issuer or "")
            if match:
                names.update({match.group(0), match.group("place")})
    return tuple(sorted(names, key=len, reverse=True))


def label_length(measure: Measure) -> int:
    """Where the measure's own words start: after its label (`1`, `（一）`) and the mark after it (`1.`, `一、`)."""
    text = measure.text
    start = len(measure.label) if text.startswith(measure.label) else 0
    while start < len(text) and text[start] in _AFTER_LABEL:
        start += 1
    return start


def measure_body(measure: Measure) -> str:
    """The measure's text without its label and its closing responsibility clause."""
    return _tables().clause.sub("", measure.text[label_length(measure):].rstrip()).strip()


def comparable_text(text: str, places: tuple[str, ...]) -> str:
    """Normalised (full-width → half-width, traditional → simplified), without place names, level
    words, numbers (each becomes #) and punctuation: what two levels' versions share."""
    text = normalise(text)
    for place in places:
        text = text.replace(place, "")
    text = _tables().level_words.sub("", text)
    text = _NUMBER.sub("#", text)
    return _NON_WORD.sub("", text)


def agency_core(name: str, places: tuple[str, ...] = ()) -> str:
    """An agency's name without its level or place, a province's 厅 read as a city's 局:
    省发展改革委, 市发展改革委 → 发展改革委; 省科技厅 → 科技局;
    国家金融监督管理总局河南监管局 → 国家金融监督管理总局监管局."""
    name = normalise(name)
    for place in places:
        if place in name:
            name = name.replace(place, "")
            break
    tables = _tables()
    if len(name) > 2 and name[0] in tables.agency_levels:
        name = name[1:]
    if name and name[-1] in tables.agency_suffixes:
        name = name[:-1] + tables.agency_suffixes[name[-1]]
    return name


def metric_core(metric: str | None, places: tuple[str, ...]) -> str:
    """A target's metric without level words, places, numbers and punctuation."""
    return comparable_text(metric or "", places)
