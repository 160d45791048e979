"""Responsible agencies (责任单位) of each measure: the entry point `assign_agencies`.

A measure's clause pieces are read in three steps, each a pure function of its input:

1. `clause_grammar` cuts a piece into events (agency chunks, separators, role words, labels, tags, time
   labels, stops) and drops what is a time, not an agency;
2. `clause_parts` trims a chunk (由…, …等相关部门) and splits it at 和 / 及 / 与 where both sides are
   complete agencies;
3. `agency_resolver` gives each agency its explicit level prefix (a bare stem inherits the prefix the
   nearest agency of its family was written with), its official full name from the alias table and its
   kind.

This module gives each agency its role (from role words, labels, tags, a standing note or the circular's
lead-by-position rule) and assembles the `Agency` records. Matching runs on `DocText.norm`; every `raw`
and `name` is cut from `DocText.raw`, so traditional circulars keep their characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .agency_aliases import AliasTable, shipped_aliases
from .agency_lexicon import MAX_CLAUSE, MEMO_SIZE, Lexicon, lexicon
from .agency_names import places_of_issuer, unspaced
from .agency_resolver import Named, Resolver
from .clause_grammar import balanced, bracketed, events, grammar, untimed
from .clause_parts import is_cut_level, relative_parts, trim
from .models import Agency, ParseWarning, Role
from .standing_rules import find_note, without_rules
from .text import DocText

__all__ = ["AgencyContext", "assign_agencies"]


class AgencyContext(NamedTuple):
    issuer: str | None = None  # e.g. "开封市人民政府办公室", "岚海省人民政府办公厅"
    lead_by_position: bool = False  # the circular states the first-listed agency leads
    aliases: AliasTable | None = None  # None → the shipped table; load_aliases merges a user table over it


class _Candidate(NamedTuple):
    """An agency found in a piece, before it is named: its span and what its role comes from."""

    start: int
    end: int
    explicit: Role | None  # from a role word or an explicit label
    default: Role  # from a 责任单位 label, or none
    note: bool  # named by a standing note


def _unsplit(message: str, span: tuple[int, int] | None = None) -> ParseWarning:
    return ParseWarning.model_construct(code="unsplit_clause", message=message, span=span)


# ----------------------------------------------------------------------------------------------------
# Reading the pieces of one measure
# ----------------------------------------------------------------------------------------------------


def _chunk_agencies(
    doc: DocText, text: str, base: int, start: int, end: int, lex: Lexicon, aliases: AliasTable,
    warnings: list[ParseWarning],
) -> list[tuple[int, int]]:
    """The spans (into doc) of the agencies in the chunk text[start:end]; a part that is no agency is
    warned about, unless it is a level word left by a page cut."""
    found: list[tuple[int, int]] = []
    at = base + start
    for a, b, ok in relative_parts(text, start, end, lex, aliases):
        a += at
        b += at
        if ok:
            found.append((a, b))
        elif not is_cut_level(text, a - base, b - base, lex):  # else (市政府办公室、市: a page cut in the clause
            warnings.append(
                _unsplit(f"cannot read {doc.raw[a:b][:60]!r} as an agency in a responsibility clause", (a, b))
            )
    return found


def _scan(
    doc: DocText, start: int, end: int, lex: Lexicon, aliases: AliasTable, warnings: list[ParseWarning], note: bool
) -> list[_Candidate]:
    """The agencies of one region (a piece without its standing note, or the note's agency list)."""
    norm = doc.norm
    if not balanced(norm, start, end):
        warnings.append(_unsplit(f"unbalanced bracket in responsibility clause {doc.raw[start:end][:60]!r}", (start, end)))
        return []
    rules = grammar()
    out: list[_Candidate] = []
    group: list[int] = []  # the candidates (indices into out) a role word closing the group gives its role
    label_role: Role = "responsible"
    label_explicit = False
    after_along = False
    text, base, found = events(norm, start, end)
    for kind, e_start, e_end in untimed(text, found, lex, aliases):
        if kind == "chunk":
            for a, b in _chunk_agencies(doc, text, base, e_start, e_end, lex, aliases, warnings):
                if after_along and unspaced(norm[a:b]) in lex.vague_partners:
                    continue  # A会同有关部门负责: A alone
                explicit = label_role if label_explicit else None
                if after_along:
                    explicit = "support"  # A会同B负责: B supports, whatever role word closes it
                if note:
                    explicit = "responsible"
                if not after_along:
                    group.append(len(out))
                out.append(_Candidate(a, b, explicit, label_role, note))
        elif kind == "label":
            label = text[e_start:e_end]
            label_role, label_explicit = next((r, e) for w, r, e in rules.label_roles if label.startswith(w))
            group, after_along = [], False
        elif kind == "tag":  # 市财政局(牵头): the role of the agency right before it, and of no other
            if group and not note:
                word = text[e_start + 1 : e_end - 1]
                i = group.pop()
                a, b, _, default, _ = out[i]
                out[i] = _Candidate(a, b, next((r for w, r in rules.tag_roles if word.startswith(w)), "responsible"),
                                    default, False)
        elif kind in ("lead", "support", "responsible", "along"):
            role: Role = "lead" if kind == "along" else kind  # type: ignore[assignment]
            if not note:
                for i in group:
                    a, b, _, default, _ = out[i]
                    out[i] = _Candidate(a, b, role, default, False)
            group, after_along = [], kind == "along"
        elif kind == "stop":
            group, after_along = [], False
            label_role, label_explicit = "responsible", False
    return out


def _regions(norm: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The regions of a piece: (start, end, is the agency list of a standing note), in text order."""
    regions: list[tuple[int, int, bool]] = []
    m = find_note(norm, start, end)
    if m is None:
        regions.extend(without_rules(norm, start, end))
    else:
        who = "who" if m.start("who") >= 0 else "who2"
        regions.extend(without_rules(norm, start, m.start()))
        regions.append((*trim(norm, *m.span(who)), True))
        regions.extend(without_rules(norm, m.end(), end))
    return regions


def _read_piece(
    doc: DocText, start: int, end: int, lex: Lexicon, aliases: AliasTable, warnings: list[ParseWarning]
) -> list[_Candidate]:
    """The agencies of one clause piece, the standing note's among them (marked `note`), in text order."""
    norm = doc.norm
    earlier = len(warnings)   # only this piece's own warnings can fall inside it: pieces do not overlap
    start, end = trim(norm, start, end, " \n\t。.;,")
    if start >= end:
        warnings.append(_unsplit("empty responsibility clause", (start, end)))
        return []
    if end - start > MAX_CLAUSE:
        warnings.append(
            _unsplit(f"a clause of {end - start} characters is too long to be a list of agencies", (start, end))
        )
        return []
    out: list[_Candidate] = []
    for a, b, is_note in _regions(norm, start, end):
        a, b = trim(norm, a, b, " \n\t。.;,:")
        if a < b:
            out.extend(_scan(doc, a, b, lex, aliases, warnings, is_note))
    if not out and not any(w.span and start <= w.span[0] <= end for w in warnings[earlier:]):
        warnings.append(
            _unsplit(f"no agency found in responsibility clause {doc.raw[start:end][:60]!r}", (start, end))
        )
    return out


class _Reading(NamedTuple):
    """The agencies of one piece (offsets relative to its start) and the state it leaves behind.

    It depends on the piece's raw and normalised text, the prefixes the resolver held before it, whether
    an agency came before it in its measure, the issuer (its places) and lead_by_position; the lexicon
    and the shipped alias table are fixed.
    """

    agencies: tuple[tuple[int, int, str, Role, Named, bool], ...]  # start, end, raw, role, named, note
    gov_prefix: str | None
    party_prefix: str | None
    first: bool


# Pieces up to this length are remembered; no longer one is read with a pattern that looks outside it
# (see clause_grammar.events), so its reading depends on its text alone (and the issuer, the prefixes
# before it, …).
_PIECE_MEMO_TEXT = MAX_CLAUSE // 4
_ReadingKey = tuple[str, str, str | None, str | None, bool, str | None, bool]
# (raw piece, normalised piece, gov_prefix, party_prefix, first, issuer, lead_by_position) → its reading
# with the shipped alias table. Bounded: cleared when full.
_READINGS: dict[_ReadingKey, _Reading] = {}


def _read(
    doc: DocText,
    start: int,
    end: int,
    lex: Lexicon,
    aliases: AliasTable,
    warnings: list[ParseWarning],
    resolver: Resolver,
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


class _Measure(NamedTuple):
    """What every piece of one measure is read with."""

    doc: DocText
    lex: Lexicon
    aliases: AliasTable
    places: dict[str, str]
    context: AgencyContext
    readings: dict[_ReadingKey, _Reading]  # remembered readings (see _READINGS)


def _remembered_read(
    m: _Measure, start: int, end: int, state: tuple[str | None, str | None, bool], warnings: list[ParseWarning]
) -> _Reading:
    """The reading of one piece, from the memo when it was read before in the same state."""
    gov_prefix, party_prefix, first = state
    doc, context = m.doc, m.context
    key = None
    if end - start <= _PIECE_MEMO_TEXT:
        key = (doc.raw[start:end], doc.norm[start:end], gov_prefix, party_prefix, first, context.issuer,
               context.lead_by_position)
        reading = m.readings.get(key)
        if reading is not None:
            return reading
    before = len(warnings)
    resolver = Resolver(doc, m.lex, m.aliases, m.places, gov_prefix, party_prefix)
    reading = _read(doc, start, end, m.lex, m.aliases, warnings, resolver, first, context.lead_by_position)
    # Only a reading without warnings is remembered: whether one is given depends on earlier ones.
    if key is not None and reading.agencies and len(warnings) == before:
        if len(m.readings) >= MEMO_SIZE:
            m.readings.clear()
        m.readings[key] = reading
    return reading


def _measure_agencies(
    m: _Measure, pieces: Sequence[tuple[int, int]], warnings: list[ParseWarning]
) -> tuple[list[Agency], list[Agency]]:
    """The agencies of one measure's pieces, and those of them that a standing note names."""
    agencies: list[Agency] = []
    notes: list[Agency] = []
    # The resolver's state: prefixes carry across the pieces of one measure.
    state: tuple[str | None, str | None, bool] = (None, None, True)
    size = len(m.doc)
    for start, end in pieces:
        if not 0 <= start <= end <= size:
            warnings.append(_unsplit(f"clause span {[start, end]} is outside the text"))
            continue
        reading = _remembered_read(m, start, end, state, warnings)
        state = (reading.gov_prefix, reading.party_prefix, reading.first)
        for a, b, raw, role, named, note in reading.agencies:
            agency = Agency.model_construct(
                name=named.name,
                raw=raw,
                role=role,
                full_name=named.full_name,
                kind=named.kind,
                span=(start + a, start + b),
                inherited=False,  # every field given: model_construct fills none from its default
            )
            agencies.append(agency)
            if note:
                notes.append(agency)
    return agencies, notes


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
    aliases = context.aliases if context.aliases is not None else shipped_aliases()
    norm = bracketed(doc.norm)
    if norm is not doc.norm:
        doc = DocText(doc.raw, norm)
    # Clauses repeat within a circular (（市发展改革委负责） after each of 30,000 items) and across the
    # circulars of one issuer: the reading of a piece is remembered by all it depends on (see _Reading).
    # A user alias table gets a memo of its own, for this document only.
    readings = _READINGS if aliases is shipped_aliases() else {}
    measure = _Measure(doc, lexicon(), aliases, places_of_issuer(context.issuer), context, readings)
    warnings: list[ParseWarning] = []
    standing: list[Agency] = []
    result: list[list[Agency]] = []
    for pieces in clauses:
        if not pieces:
            result.append([])
            continue
        agencies, notes = _measure_agencies(measure, pieces, warnings)
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
