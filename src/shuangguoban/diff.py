"""Two versions of one circular: measures added, removed, moved and changed, keyed by alignment.

Measures are matched by content with `align`'s similarity, not by number, so a measure renumbered
from 5. to 6. because one was inserted before it is the same measure. For each matched pair: whether
it moved (its place among the matched measures changed), whether its text changed, the changed
targets, deadline and agencies (`compare`), the modal words that changed (确保 → 力争), and a
character diff of its text (difflib).
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter

import regex

from .align import THRESHOLD, compared_measures, document_ref, match, measure_ref, similarity
from .compare import compare_pairs
from .crossdoc_models import Diff, DiffSummary, MeasureDiff, ModalChange, TextEdit
from .lazy import once
from .levels import label_length, modal_strengths, place_names
from .models import Circular, Measure


def _unlabelled(measure: Measure) -> tuple[str, int]:
    """The measure's text after its label, and the label's length (the offset of that text)."""
    start = label_length(measure)
    return measure.text[start:], start


def text_edits(old: Measure, new: Measure) -> list[TextEdit]:
    """Character edits from the old measure's text to the new one's, numbering aside; spans index
    each measure's `text`."""
    a, offset_a = _unlabelled(old)
    b, offset_b = _unlabelled(new)
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            edits.append(TextEdit.model_construct(op=op, old=a[i1:i2], new=b[j1:j2],
                                          old_span=(i1 + offset_a, i2 + offset_a), new_span=(j1 + offset_b, j2 + offset_b)))
    return edits


@once
def _modal_pattern() -> regex.Pattern[str]:
    words = sorted(modal_strengths(), key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words)))


def modal_changes(old: Measure, new: Measure) -> list[ModalChange]:
    """Modal words that went and came, paired in order of appearance (确保 → 力争)."""
    pattern = _modal_pattern()
    before = Counter(pattern.findall(_unlabelled(old)[0]))
    after = Counter(pattern.findall(_unlabelled(new)[0]))
    gone = list((before - after).elements())
    came = list((after - before).elements())
    strengths = modal_strengths()
    changes = []
    for k in range(max(len(gone), len(came))):
        was = gone[k] if k < len(gone) else None
        now = came[k] if k < len(came) else None
        softened = strengths[now] < strengths[was] if was and now else None
        changes.append(ModalChange.model_construct(old=was, new=now, softened=softened))
    return changes


def moved_positions(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs (old, new) outside a longest run kept in the same relative order: the ones that moved."""
    ordered = sorted(pairs)
    tails: list[int] = []            # patience sorting over the new positions
    tail_index: list[int] = []
    previous = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        at = bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[at] = j
            tail_index[at] = k
        previous[k] = tail_index[at - 1] if at else -1
    kept = set()
    k = tail_index[-1] if tail_index else -1
    while k != -1:
        kept.add(ordered[k])
        k = previous[k]
    return set(ordered) - kept


def diff(old: Circular, new: Circular, threshold: float = THRESHOLD) -> Diff:
    """What changed from the old version of a circular to the new one, measure by measure."""
    places = place_names((old, new))
    olds, news = compared_measures(old), compared_measures(new)
    scores = similarity(olds, news, places)
    pairs = match(scores.total, threshold)
    moved = moved_positions(pairs)
    comparisons = compare_pairs(pairs, scores.total, olds, news, places, across_levels=False)
    measures = []
    for i, j in sorted(pairs, key=lambda p: (p[1], p[0])):
        a, b = olds[i], news[j]
        changed = _unlabelled(a)[0] != _unlabelled(b)[0]
        measures.append(MeasureDiff.model_construct(
            old=measure_ref(a, i), new=measure_ref(b, j), score=round(scores.total[i][j], 3),
            moved=(i, j) in moved, changed=changed, renumbered=a.path != b.path,
            comparison=comparisons[i, j],
            modal_changes=modal_changes(a, b) if changed else [],
            edits=text_edits(a, b) if changed else [],
        ))
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    added = [measure_ref(m, j) for j, m in enumerate(news) if j not in matched_new]
    removed = [measure_ref(m, i) for i, m in enumerate(olds) if i not in matched_old]
    summary = DiffSummary.model_construct(
        old_measures=len(olds), new_measures=len(news), added=len(added), removed=len(removed),
        moved=sum(m.moved for m in measures), changed=sum(m.changed for m in measures),
        unchanged=sum(not m.changed and not m.moved for m in measures),
    )
    return Diff.model_construct(old=document_ref(old), new=document_ref(new), added=added, removed=removed,
                        measures=measures, summary=summary)
