"""Quantitative targets (量化指标) and incentives of a measure: `20亿元`, `3.5万人以上`, `2—3个`, `55％`.

Extraction and resolution are separate steps, as in Recognizers-Text: one combined pattern finds every
candidate quantity (a number with its unit) in a measure's text and resolves its value (quantities.py);
then the words around it decide whether it is an incentive (incentives.py), a commitment at all
(commitments.py, goals.py), and give its comparator, modality, metric (target_metrics.py) and
deadline (target_deadlines.py). Goal tables are read by column (goal_tables.py).

Everything is matched on `DocText.norm` (simplified script, half-width ASCII) and reported from
`DocText.raw` with the same offsets. Values are exact Decimals in base units: `3.12万人` → 31200 人.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from .commitments import MONEY, CommitmentTable, commitment_table, comparator_of, counts_noun, is_state, is_target
from .goal_tables import goal_table_targets
from .goals import goals_table, no_goal, share_is_goal, weak_metric
from .incentives import NEITHER, Grant, may_grant, read_grant
from .models import Deadline, Incentive, Target
from .quantities import Groups, Quantity, maybe_quantity, quantity_table, resolve
from .target_deadlines import LabelDeadline, nearest_deadline
from .target_metrics import metric, metric_after, names_money
from .target_sentences import clause_ends, quoted, sentence_ends, unjoined
from .text import DocText

__all__ = ["extract_quantities", "extract_targets"]

_BEFORE_REACH = 16     # the characters before a number its context words are looked for in
_FOLLOW_REACH = 8      # the characters after it (and its comparator word)
_CLAUSE_REACH = 40     # how far back a clause (a metric) may start
_SENTENCE_REACH = 400  # how far back a sentence (a deadline, a modality) may start
_SPAN = operator.attrgetter("span")   # the sort key of targets and incentives: text order


def extract_targets(doc: DocText, ranges: Sequence[tuple[int, int]], deadlines: Sequence[Deadline]) -> list[Target]:
    """The targets of `extract_quantities`."""
    return extract_quantities(doc, ranges, deadlines)[0]


def extract_quantities(
    doc: DocText, ranges: Sequence[tuple[int, int]], deadlines: Sequence[Deadline]
) -> tuple[list[Target], list[Incentive]]:
    """Targets and incentives (see incentives.py: a quantity is one or the other, or neither) inside the
    half-open ranges (a measure's own text, maybe in pieces), in text order.

    `deadlines` are the measure's deadlines (with spans); each target takes the nearest deadline before
    it in the same sentence (a sentence ends at 。！？ or at a line break that is no wrap of a printed
    line, see `target_sentences.sentence_ends`; ；and ，do not end it). A
    `完成时限：…` / `时间节点：…` label's deadline governs every target of the measure that has none.
    """
    norm = doc.norm
    maybe = maybe_quantity()
    size = len(doc.raw)
    live = []
    for start, end in sorted(ranges):
        start, end = max(0, start), min(size, end)
        if start < end and (maybe is None or maybe.search(norm, start, end) is not None):
            live.append((start, end))
    tabled, tables = goal_table_targets(doc, [(max(0, s), min(size, e)) for s, e in ranges], deadlines)
    if tables:   # a table of yearly goals: its cells are read by column, not as sentences
        prose, paid = extract_quantities(doc, _outside(live, tables), deadlines) if live else ([], [])
        return sorted([*prose, *tabled], key=_SPAN), paid
    if not live:
        return [], []                                   # most measures: no quantity, nothing else to do
    ordered = sorted(deadlines, key=lambda d: (d.span[1], d.span[0]))
    ends = [d.span[1] for d in ordered]
    label = LabelDeadline(norm, ordered)
    found: list[Target] = []
    granted: list[Incentive] = []
    for start, end in live:
        targets, incentives = _extract_range(doc, start, end, ordered, ends, label)
        found.extend(targets)
        granted.extend(incentives)
    found.sort(key=_SPAN)
    granted.sort(key=_SPAN)
    return found, granted


def _outside(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges without the holes (the goal tables in them)."""
    out = []
    for start, end in ranges:
        pieces = [(start, end)]
        for a, b in holes:
            pieces = [p for s, e in pieces for p in ((s, min(e, a)), (max(s, b), e)) if p[0] < p[1]]
        out.extend(pieces)
    return out


# --- one range of a measure ------------------------------------------------------------------------

class _Range(NamedTuple):
    """What every candidate of one range reads: its texts, where its parts end, the measure's deadlines."""

    doc: DocText
    start: int                           # the range's offset in the document
    raw: str                             # the range's raw text
    seg: str                             # its normalised text, full-width commas kept (see unjoined)
    quoted: list[tuple[int, int]]        # quoted spans (no target inside)
    quoted_starts: list[int]
    clause_ends: list[int]
    sentence_ends: list[int]
    modalities: list[tuple[int, int]]    # commitment words (确保, 力争)
    modality_ends: list[int]
    inner: list[Deadline]                # the deadlines inside the range: a metric may start after one
    deadlines: list[Deadline]            # the measure's deadlines, by end
    ends: list[int]                      # their ends
    label: LabelDeadline
    grants: bool                         # the range holds a grant word: a quantity may be an incentive
    table: CommitmentTable


class _Candidate(NamedTuple):
    """A resolved quantity at seg[s:e] and its surroundings (offsets into the range's seg)."""

    s: int
    e: int
    quantity: Quantity
    after: re.Match[str] | None          # the comparator word after the unit (以上, 左右)
    between: str | None                  # the comparator word between number and unit (300多家)
    ext_end: int                         # the end with that word
    before: str                          # the text right before the number
    follow: str                          # the text right after ext_end
    clause_start: int
    sent_start: int
    sent_end: int
    listed: bool                         # right after the previous quantity and 、和及与: a list of values


class _Previous(NamedTuple):
    """The previous quantity read: where it ends (with its 以上), its comparator if words gave one, its
    metric, and the comparator of a grant (a listed amount shares it)."""

    end: int = -1
    comparator: str | None = None
    metric: str | None = None
    grant_cap: str | None = None


def _extract_range(
    doc: DocText, start: int, end: int, deadlines: list[Deadline], ends: list[int], label: LabelDeadline
) -> tuple[list[Target], list[Incentive]]:
    seg = unjoined(doc, start, end)
    candidates = quantity_table().pattern.finditer(seg)
    first = next(candidates, None)
    if first is None:
        return [], []                                   # no quantity: none of the context below is needed
    rng = _range(doc, start, end, seg, deadlines, ends, label)
    targets: list[Target] = []
    incentives: list[Incentive] = []
    prev = _Previous()
    for m in itertools.chain((first,), candidates):
        candidate = _candidate(rng, m, prev)
        found = None if candidate is None else _read(rng, candidate, prev)
        if found is None:
            continue
        item, prev = found
        if isinstance(item, Target):
            targets.append(item)
        else:
            incentives.append(item)
    return targets, incentives


def _range(doc: DocText, start: int, end: int, seg: str, deadlines: list[Deadline], ends: list[int],
           label: LabelDeadline) -> _Range:
    clauses = clause_ends(seg)
    spans = quoted(seg)
    table = commitment_table()
    modalities = [m.span() for m in table.modality.finditer(seg)]
    return _Range(                                      # (positional: the fields in order)
        doc, start, doc.raw[start:end], seg,
        spans, [s for s, _ in spans],
        clauses, sentence_ends(seg, clauses),
        modalities, [e for _, e in modalities],
        [d for d in deadlines if start <= d.span[0] < end],
        deadlines, ends, label,
        may_grant(seg),                                 # most ranges: no grant word, no incentive
        table,
    )


def _candidate(rng: _Range, m: Any, prev: _Previous) -> _Candidate | None:
    """The candidate match m resolved and placed in its clause and sentence; None inside quotes or
    when its numbers give no value."""
    s, e = m.span()
    if rng.quoted:
        i = bisect.bisect_right(rng.quoted_starts, s) - 1
        if i >= 0 and s < rng.quoted[i][1]:
            return None                                 # inside quotes
    groups = Groups._make(m.groups())
    quantity = resolve(m, groups, rng.raw)
    if quantity is None:
        return None
    seg, table = rng.seg, rng.table
    c = seg[e:e + 1]                                    # a comparator word after starts with one of these
    after = table.after.match(seg, e) if c and (c in table.after_first or c.isspace()) else None
    ext_end = after.end() if after else e
    sent_start, sent_end = _sentence(rng.sentence_ends, s, len(seg))
    return _Candidate(                                  # (positional: the fields in order)
        s, e, quantity, after, groups.b1 or groups.b2, ext_end,
        seg[s - _BEFORE_REACH if s > _BEFORE_REACH else 0:s],                # before
        seg[ext_end:ext_end + _FOLLOW_REACH],                                # follow
        _clause_start(rng.clause_ends, s, prev.end),
        sent_start, sent_end,
        s >= 1 and prev.end == s - 1 and seg[s - 1] in "、和及与",           # listed
    )


def _clause_start(ends: list[int], s: int, prev_end: int) -> int:
    """Where the clause of the number at s starts: after the last clause end before s (at most
    _CLAUSE_REACH back), or after the previous quantity in the same clause."""
    i = bisect.bisect_left(ends, s) - 1
    start = s - _CLAUSE_REACH if s > _CLAUSE_REACH else 0
    if i >= 0 and ends[i] >= start:
        start = ends[i] + 1
    if start < prev_end <= s:
        start = prev_end
    return start


def _sentence(ends: list[int], s: int, size: int) -> tuple[int, int]:
    """(start, end) of the sentence of the number at s; its start at most _SENTENCE_REACH back."""
    i = bisect.bisect_left(ends, s) - 1
    start = s - _SENTENCE_REACH if s > _SENTENCE_REACH else 0
    if i >= 0 and ends[i] >= start:
        start = ends[i] + 1
    return start, ends[i + 1] if i + 1 < len(ends) else size


def _read(rng: _Range, c: _Candidate, prev: _Previous) -> tuple[Target | Incentive, _Previous] | None:
    """The candidate as an incentive or a target (and what the next candidate reads of it), or None."""
    unit = c.quantity.unit
    if rng.grants and (not unit or unit in MONEY or unit == "%"):  # an amount or rate the government grants?
        grant = read_grant(rng.seg, c.s, c.ext_end, (c.sent_start, c.sent_end), unit != "%")
        if grant is NEITHER:
            return None
        if isinstance(grant, Grant):
            return _incentive(rng, c, grant, prev)
    if not unit:                                        # 100亿 with no unit: money after a money metric
        if not _bare_is_money(rng, c):
            return None
        unit = "元"
    if not _commits(rng, c, unit):
        return None
    return _target(rng, c, unit, prev)


def _bare_is_money(rng: _Range, c: _Candidate) -> bool:
    """100亿 with no unit is money before 规模 / 投资 or after a metric that names money (营业收入突破100亿)."""
    return rng.seg.startswith(goals_table().implied_money, c.ext_end) or names_money(
        rng.doc, rng.start + c.clause_start, rng.start + c.s, rng.inner, rng.table.money_metrics
    )


def _commits(rng: _Range, c: _Candidate, unit: str) -> bool:
    """Whether the quantity is a commitment: no qualifier, selection, rank, rule, part of the plan or state."""
    table, seg = rng.table, rng.seg
    noun = (
        c.after is not None
        and c.after.group("w").endswith("以上")
        and unit in table.counts
        and counts_noun(seg, c.ext_end, rng.clause_ends, unit)
    )
    share_goal = (
        unit == "%" and c.follow.startswith("的") and not table.before.search(c.before)
        and seg.find("对", c.clause_start, c.s) < 0 and share_is_goal(seg, c.ext_end, rng.clause_ends)
    )
    if not is_target(c.s, unit, c.quantity.is_chinese, c.after is not None, c.before, c.follow, rng.deadlines,
                     rng.start, noun, share_goal):
        return False
    if no_goal(unit, c.before, c.follow, table.counts):
        return False
    return not is_state(seg, c.clause_start, c.s)       # 已建成5个, 全市共有1200家: a state


def _target(rng: _Range, c: _Candidate, unit: str, prev: _Previous) -> tuple[Target, _Previous]:
    # comparator: a range is gte; else the word after the unit, between, or before the number
    comparator = "gte" if c.quantity.is_range else comparator_of(c.after, c.between, c.before)
    if comparator is None and c.listed:                 # a list of values (分别达到2.2%、70%) shares the
        comparator = prev.comparator                    # comparator of its first value
    start, s = rng.start, c.s
    deadline = nearest_deadline(rng.deadlines, rng.ends, start + s, start + c.sent_start) or rng.label.get()
    named = metric(rng.doc, start + c.clause_start, start + s, rng.inner)
    if named is None and c.listed:
        named = prev.metric
    if named is None or weak_metric(named):
        named = metric_after(rng.seg, rng.raw, c.ext_end) or named
    q = c.quantity
    target = Target.model_construct(                    # (as _built does, without its merged keywords)
        text=rng.raw[s:c.e], span=(start + s, start + c.e), value=q.value, unit=unit,
        upper=q.upper, raw_value=q.raw_value, raw_unit=q.raw_unit, comparator=comparator or "eq",
        metric=named, modality=_modality(rng, c), deadline=deadline,
    )
    return target, _Previous(c.ext_end, comparator, named, None)


def _modality(rng: _Range, c: _Candidate) -> str | None:
    """The nearest commitment word (确保, 力争) before the number in its sentence, as written."""
    k = bisect.bisect_right(rng.modality_ends, c.s) - 1
    if k >= 0 and rng.modalities[k][0] >= c.sent_start:
        a, b = rng.modalities[k]
        return rng.raw[a:b]
    return None


def _incentive(rng: _Range, c: _Candidate, grant: Grant, prev: _Previous) -> tuple[Incentive, _Previous]:
    comparator = _grant_comparator(rng.table, grant, c, prev.grant_cap)

    def text(span: tuple[int, int] | None) -> str | None:
        return None if span is None else rng.raw[span[0]:span[1]].strip() or None

    incentive = _built(
        Incentive, rng, c, c.quantity.unit or "元", comparator,
        kind=grant.kind if isinstance(grant.kind, str) else text(grant.kind) or "",
        recipient=text(grant.recipient),
        condition=text(grant.condition),
    )
    return incentive, _Previous(c.ext_end, comparator, None, comparator)


def _grant_comparator(table: CommitmentTable, grant: Grant, c: _Candidate, prev: str | None) -> str:
    """最高 / 不超过 → lte; a range → gte; else the word after the unit; a listed amount (最高100万元、50万元)
    shares the comparator of the one before it; else a comparator word before it (达到 → gte); else eq."""
    if grant.cap:
        return "lte"
    if c.quantity.is_range:
        return "gte"
    if c.after is not None:
        return table.after_map[c.after.group("w")]
    if c.between:
        return table.between_map[c.between]
    if c.listed and prev:
        return prev
    word = table.before.search(c.before)
    return (table.before_map.get(word.group().strip()) if word else None) or "eq"


def _built(model: type[Target] | type[Incentive], rng: _Range, c: _Candidate, unit: str, comparator: str,
           **fields: Any) -> Any:
    """A Target or an Incentive of the candidate: the quantity's fields, and the model's own (_target
    writes them out for a Target, without the merged keywords)."""
    q = c.quantity
    return model.model_construct(
        text=rng.raw[c.s:c.e],
        span=(rng.start + c.s, rng.start + c.e),
        value=q.value,
        unit=unit,
        upper=q.upper,
        raw_value=q.raw_value,
        raw_unit=q.raw_unit,
        comparator=comparator,
        **fields,
    )
