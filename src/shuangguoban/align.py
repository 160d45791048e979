"""Aligning a lower-level circular (a city's) with the upper-level one it implements (its province's).

The measures compared are the leaves of each tree (a heading 一、 only groups them). Each pair of
measures gets a similarity from three parts, all on level-free text (`levels.comparable_text`):

- title: rapidfuzz's Indel ratio of the two titles (a title is a few characters, so it weighs more
  per character than the body);
- text: cosine of TF-IDF vectors of character bigrams of title and body (IDF over both circulars,
  so the 双过半 boilerplate every measure shares counts little);
- metrics: a bonus when the two share a target metric (技术合同成交额 in both anchors the pair).

A pair is kept when its score reaches THRESHOLD and it is the best for at least one of its two
measures: so a city measure may implement several provincial ones (one-to-many) and several city
measures may split one provincial measure (many-to-one). `diff` aligns two versions the same way.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz

from .compare import compare_pairs, metric_similarity
from .crossdoc_models import AlignedPair, Alignment, AlignmentSummary, DocumentRef, MeasureRef
from .levels import comparable_text, measure_body, metric_core, place_names
from .models import Circular, Measure, walk

W_TITLE = 0.35
W_TEXT = 0.55
W_METRIC = 0.10
THRESHOLD = 0.22           # least score of an aligned pair
METRIC_ANCHOR = 80.0       # rapidfuzz score at which two metrics anchor a pair


class _View(NamedTuple):
    """A measure as compared: level-free title, bigram vector, metrics."""

    measure: Measure
    position: int
    title: str
    vector: dict[str, float]
    metrics: tuple[str, ...]


class Scores(NamedTuple):
    """Similarity of every (first, second) pair of compared measures."""

    total: list[list[float]]
    title: list[list[float]]
    text: list[list[float]]


def compared_measures(circular: Circular) -> list[Measure]:
    """The measures that carry content: the leaves of the tree, in document order."""
    return [m for m in walk(circular.measures) if not m.children]


def document_ref(circular: Circular) -> DocumentRef:
    return DocumentRef.model_construct(path=circular.source.path, title=circular.title, issuer=circular.issuer,
                               doc_number=circular.doc_number, date=circular.date)


def measure_ref(measure: Measure, position: int) -> MeasureRef:
    return MeasureRef.model_construct(path=measure.path, title=measure.title, position=position)


def _bigrams(text: str) -> Counter[str]:
    return Counter(g for g in (text[i:i + 2] for i in range(len(text) - 1)) if "#" not in g)


def _views(measures: Sequence[Measure], places: tuple[str, ...], idf: dict[str, float], grams: list[Counter[str]]) -> list[_View]:
    views = []
    for position, (measure, counts) in enumerate(zip(measures, grams, strict=True)):
        vector = {g: (1 + math.log(n)) * idf[g] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        metrics = tuple(core for core in (metric_core(t.metric, places) for t in measure.targets) if core)
        views.append(_View(measure, position, comparable_text(measure.title, places),
                           {g: v / norm for g, v in vector.items()}, metrics))
    return views


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[g] for g, v in a.items() if g in b)


def _anchored(a: _View, b: _View) -> bool:
    return any(metric_similarity(x, y) >= METRIC_ANCHOR for x in a.metrics for y in b.metrics)


def similarity(first: Sequence[Measure], second: Sequence[Measure], places: tuple[str, ...]) -> Scores:
    """Scores of every pair of the two lists of measures (rows: first, columns: second)."""
    texts = [comparable_text(m.title + measure_body(m), places) for m in (*first, *second)]
    grams = [_bigrams(t) for t in texts]
    df = Counter(g for counts in grams for g in counts)
    n = len(texts)
    idf = {g: math.log((n + 1) / (k + 1)) + 1 for g, k in df.items()}
    views_a = _views(first, places, idf, grams[:len(first)])
    views_b = _views(second, places, idf, grams[len(first):])
    total, titles, bodies = [], [], []
    for a in views_a:
        row_t, row_b, row = [], [], []
        for b in views_b:
            title = fuzz.ratio(a.title, b.title) / 100 if a.title and b.title else 0.0
            text = min(1.0, _cosine(a.vector, b.vector))
            row_t.append(title)
            row_b.append(text)
            row.append(min(1.0, W_TITLE * title + W_TEXT * text + (W_METRIC if _anchored(a, b) else 0.0)))
        total.append(row)
        titles.append(row_t)
        bodies.append(row_b)
    return Scores(total, titles, bodies)


def match(scores: list[list[float]], threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """(row, column) pairs scoring at least `threshold` that are the best of their row or of their column."""
    if not scores or not scores[0]:
        return []
    columns = range(len(scores[0]))
    best_in_row = [max(columns, key=row.__getitem__) for row in scores]
    best_in_column = [max(range(len(scores)), key=[row[j] for row in scores].__getitem__) for j in columns]
    return [(i, j) for i, row in enumerate(scores) for j in columns
            if row[j] >= threshold and (best_in_row[i] == j or best_in_column[j] == i)]


def align(upper: Circular, lower: Circular, threshold: float = THRESHOLD) -> Alignment:
    """Which upper measures each lower measure implements, and how their targets, deadlines and
    agencies differ; a summary with the uptake rate (承接率)."""
    places = place_names((upper, lower))
    ups, lows = compared_measures(upper), compared_measures(lower)
    scores = similarity(ups, lows, places)
    matched = sorted(match(scores.total, threshold), key=lambda p: (p[1], p[0]))
    comparisons = compare_pairs(matched, scores.total, ups, lows, places, across_levels=True)
    pairs = []
    for i, j in matched:
        pairs.append(AlignedPair.model_construct(
            upper=measure_ref(ups[i], i), lower=measure_ref(lows[j], j),
            score=round(scores.total[i][j], 3), title_score=round(scores.title[i][j], 3),
            text_score=round(scores.text[i][j], 3),
            comparison=comparisons[i, j],
        ))
    taken = {p.upper.position for p in pairs}
    implemented = {p.lower.position for p in pairs}
    return Alignment.model_construct(
        upper=document_ref(upper), lower=document_ref(lower), pairs=pairs,
        upper_not_taken_up=[measure_ref(m, i) for i, m in enumerate(ups) if i not in taken],
        lower_only=[measure_ref(m, j) for j, m in enumerate(lows) if j not in implemented],
        summary=_summary(pairs, len(ups), len(lows), len(taken), len(lows) - len(implemented)),
    )


def _summary(pairs: list[AlignedPair], uppers: int, lowers: int, taken: int, lower_only: int) -> AlignmentSummary:
    targets = [t for p in pairs for t in p.comparison.targets]
    deadlines = [p.comparison.deadline.timing for p in pairs if p.comparison.deadline]
    return AlignmentSummary.model_construct(
        upper_measures=uppers, lower_measures=lowers, pairs=len(pairs), upper_taken_up=taken,
        uptake_rate=round(taken / uppers, 3) if uppers else 0.0, lower_only=lower_only,
        targets_compared=len(targets),
        targets_raised=sum(t.value == "raised" for t in targets),
        targets_lowered=sum(t.value == "lowered" for t in targets),
        targets_equal=sum(t.value == "equal" for t in targets),
        targets_strengthened=sum(t.change == "strengthened" for t in targets),
        targets_weakened=sum(t.change == "weakened" for t in targets),
        deadlines_earlier=deadlines.count("earlier"), deadlines_later=deadlines.count("later"),
    )
