"""Comparing two matched measures: their targets metric by metric, their deadlines, their agencies.

Shared by `align` (first = the upper circular's measure, second = the lower's) and `diff` (first =
old, second = new). Pure functions over parsed measures; metric and agency names are compared
without their level words (`levels`), metrics by rapidfuzz similarity, agencies by their core name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence, Set

from rapidfuzz import fuzz

from .crossdoc_models import (
    AgencyMatch,
    Change,
    DeadlineComparison,
    Direction,
    PairComparison,
    TargetComparison,
    Timing,
)
from .levels import agency_core, is_rate, metric_core
from .models import Agency, Measure, Target

METRIC_THRESHOLD = 60.0   # rapidfuzz score (0-100) at which two metrics of one unit count as the same
AGENCY_THRESHOLD = 75.0   # the same for two agencies' core names (应急管理局 ~ 应急局)


def direction(first: object, second: object) -> Direction:
    """The second value against the first."""
    if second == first:
        return "equal"
    return "raised" if second > first else "lowered"  # type: ignore[operator]


def timing(first: dt.date, second: dt.date) -> Timing:
    """The second date against the first."""
    if second == first:
        return "equal"
    return "earlier" if second < first else "later"


def change_of(value: Direction, comparator: str) -> Change:
    """Raising an at-least (or exact) target strengthens it; lowering an at-most one does."""
    if value == "equal":
        return "unchanged"
    upward = comparator not in ("lt", "lte")
    return "strengthened" if (value == "raised") == upward else "weakened"


def metric_similarity(first: str, second: str) -> float:
    """0-100: how alike two level-free metrics are; a metric inside the other counts almost fully."""
    if not first or not second:
        return 0.0
    score = fuzz.ratio(first, second)
    if min(len(first), len(second)) >= 2:
        score = max(score, 0.9 * fuzz.partial_ratio(first, second))
    return score


def match_targets(first: Sequence[Target], second: Sequence[Target], places: tuple[str, ...],
                  skip: tuple[Set[int], Set[int]] = (frozenset(), frozenset())) -> list[tuple[int, int]]:
    """(i, j) pairs of targets with the same unit and alike metrics, best first, each used once
    (and none in `skip`: already matched with another counterpart). Two targets without a metric
    pair up only when each is the only one of its unit."""
    cores_a = [metric_core(t.metric, places) for t in first]
    cores_b = [metric_core(t.metric, places) for t in second]
    candidates: list[tuple[float, int, int]] = []
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            if a.unit != b.unit or i in skip[0] or j in skip[1]:
                continue
            score = metric_similarity(cores_a[i], cores_b[j])
            if not cores_a[i] and not cores_b[j] and _alone(first, a.unit) and _alone(second, b.unit):
                score = METRIC_THRESHOLD
            if score >= METRIC_THRESHOLD:
                candidates.append((score, i, j))
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one (i, j) pairs from scored candidates, best score first (ties in order), sorted."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _alone(targets: Sequence[Target], unit: str) -> bool:
    return sum(t.unit == unit for t in targets) == 1


def compare_targets(first: Target, second: Target, *, across_levels: bool) -> TargetComparison:
    value = direction(first.value, second.value)
    rate = is_rate(second.unit)
    first_end = first.deadline.end if first.deadline else None
    second_end = second.deadline.end if second.deadline else None
    return TargetComparison.model_construct(
        metric=second.metric, first_metric=first.metric, first=first.text, second=second.text,
        first_value=first.value, second_value=second.value, unit=second.unit, value=value, rate=rate,
        change=change_of(value, second.comparator) if rate or not across_levels else None,
        first_deadline=first_end, second_deadline=second_end,
        deadline=timing(first_end, second_end) if first_end and second_end else None,
        first_modality=first.modality, second_modality=second.modality,
    )


def earliest_deadline(measure: Measure) -> tuple[str, dt.date] | None:
    dated = [(d.end, d.text) for d in measure.deadlines if d.end is not None]
    if not dated:
        return None
    end, text = min(dated)
    return text, end


def compare_deadlines(first: Measure, second: Measure) -> DeadlineComparison | None:
    a, b = earliest_deadline(first), earliest_deadline(second)
    if a is None or b is None:
        return None
    return DeadlineComparison.model_construct(first=a[0], second=b[0], first_end=a[1], second_end=b[1], timing=timing(a[1], b[1]))


def match_agencies(first: Sequence[Agency], second: Sequence[Agency], places: tuple[str, ...]) -> list[tuple[int, int]]:
    """(i, j) pairs of the same agency at each side's level: equal core names first, then alike ones."""
    cores_a = [agency_core(a.name, places) for a in first]
    cores_b = [agency_core(b.name, places) for b in second]
    candidates = [(100.0 if a == b else fuzz.ratio(a, b), i, j)
                  for i, a in enumerate(cores_a) for j, b in enumerate(cores_b)]
    return greedy_pairs([c for c in candidates if c[0] >= AGENCY_THRESHOLD])


def _distinct(agencies: Sequence[Agency]) -> list[Agency]:
    seen: dict[str, Agency] = {}
    for agency in agencies:
        seen.setdefault(agency.name, agency)
    return list(seen.values())


def compare_measures(first: Measure, second: Measure, places: tuple[str, ...], *, across_levels: bool,
                     target_pairs: list[tuple[int, int]] | None = None,
                     covered: tuple[Set[int], Set[int]] = (frozenset(), frozenset())) -> PairComparison:
    """Targets by metric, the earliest deadlines, and the agencies of two matched measures.
    `target_pairs` are the targets to compare (else matched here); `covered` the targets of each side
    compared in another pair of the same measure, so not reported as without counterpart."""
    if target_pairs is None:
        target_pairs = match_targets(first.targets, second.targets, places)
    seen_a = {i for i, _ in target_pairs} | set(covered[0])
    seen_b = {j for _, j in target_pairs} | set(covered[1])
    agencies_a, agencies_b = _distinct(first.agencies), _distinct(second.agencies)
    agency_pairs = sorted(match_agencies(agencies_a, agencies_b, places), key=lambda p: p[1])
    matched_a = {i for i, _ in agency_pairs}
    matched_b = {j for _, j in agency_pairs}
    return PairComparison.model_construct(
        targets=[compare_targets(first.targets[i], second.targets[j], across_levels=across_levels) for i, j in target_pairs],
        first_only_targets=[t.text for i, t in enumerate(first.targets) if i not in seen_a],
        second_only_targets=[t.text for j, t in enumerate(second.targets) if j not in seen_b],
        deadline=compare_deadlines(first, second),
        agencies=[AgencyMatch.model_construct(first=agencies_a[i].name, second=agencies_b[j].name) for i, j in agency_pairs],
        first_only_agencies=[a.name for i, a in enumerate(agencies_a) if i not in matched_a],
        second_only_agencies=[a.name for j, a in enumerate(agencies_b) if j not in matched_b],
    )


def compare_pairs(pairs: list[tuple[int, int]], scores: list[list[float]], firsts: Sequence[Measure],
                  seconds: Sequence[Measure], places: tuple[str, ...], *, across_levels: bool) -> dict[tuple[int, int], PairComparison]:
    """Every aligned pair compared. A measure with several counterparts (a split or a merge) has each
    of its targets compared once, in the best-scoring pair that has its metric; a target or agency
    counts as without counterpart only when none of its measure's pairs has it."""
    used: dict[tuple[int, int], set[int]] = defaultdict(set)    # (side, measure index) → its matched targets
    matched: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j in sorted(pairs, key=lambda p: (-scores[p[0]][p[1]], p)):
        found = match_targets(firsts[i].targets, seconds[j].targets, places, (used[0, i], used[1, j]))
        used[0, i].update(a for a, _ in found)
        used[1, j].update(b for _, b in found)
        matched[i, j] = found
    compared = {(i, j): compare_measures(firsts[i], seconds[j], places, across_levels=across_levels,
                                         target_pairs=matched[i, j], covered=(used[0, i], used[1, j]))
                for i, j in pairs}
    # likewise an agency matched in one pair of a measure is not "only" in its other pairs
    agencies: dict[tuple[int, int], set[str]] = defaultdict(set)
    for (i, j), comparison in compared.items():
        agencies[0, i].update(m.first for m in comparison.agencies)
        agencies[1, j].update(m.second for m in comparison.agencies)
    return {(i, j): c.model_copy(update={
                "first_only_agencies": [a for a in c.first_only_agencies if a not in agencies[0, i]],
                "second_only_agencies": [a for a in c.second_only_agencies if a not in agencies[1, j]]})
            for (i, j), c in compared.items()}
