"""Time limits (时限): find every time expression in a measure's text and resolve it to dates.

Extraction and resolution are separate steps. `extract_times` scans the normalised view of each range
(with line breaks and spaces squeezed out, so `年底\\n前` still reads `年底前`) for candidate phrases
(time_scan, its patterns in time_patterns, tried where time_prefilter says they can match), parses each
into a `Point` (year, month, day, quarter, …), and only then resolves it against the reference date it
is given (time_resolve, on the calendar of dates.py). Nothing here reads the clock.

What counts as a deadline, and what does not, follows the "Deadlines" conventions of the output
contract: `[period]前` means by the end of that period; `start` only where the text names a span;
a month or period without a year takes the reference year, or the next one when it would end more
than three months before the reference date. Recurring limits (每月5日前), durations (10个工作日内) and
starts (自…起) are `TimeExpression`s, never deadlines. The rule words live in rules/periods.yaml.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from .lazy import compiled
from .models import Deadline, ParseWarning, ReferenceDate, TimeExpression
from .sentence_years import revise_deadlines
from .text import DocText
from .time_prefilter import candidates, prefilter
from .time_scan import Found, Scanner

__all__ = ["TimeFindings", "extract_times"]

_SKIP = " \n"                                          # squeezed out of the matching view (wrapped lines)


class TimeFindings(NamedTuple):
    deadlines: list[Deadline]          # in text order
    others: list[TimeExpression]       # recurring limits, durations, 自…起 starts
    warnings: list[ParseWarning]


_SKIPPED = compiled(f"[{_SKIP}]")


def _gaps(piece: str) -> list[int]:
    """Where the view squeezed a character of piece out, as view offsets (one per character): a view
    offset v is piece offset v + bisect_right(gaps, v)."""
    return [m.start() - i for i, m in enumerate(_SKIPPED().finditer(piece))]


_by_span = operator.attrgetter("span")


def extract_times(doc: DocText, ranges: Sequence[tuple[int, int]], reference: ReferenceDate) -> TimeFindings:
    """All time expressions inside the given half-open ranges of doc (a measure's own text, possibly in pieces)."""
    deadlines: list[Deadline] = []
    others: list[TimeExpression] = []
    warnings: list[ParseWarning] = []
    seen: set[tuple[int, int, str]] = set()
    raw = doc.raw
    for s, e, f in _found_in(doc, ranges, reference):
        key = (s, e, f.what)
        if key in seen:
            continue
        seen.add(key)
        text = raw[s:e]
        if f.what == "deadline":
            deadlines.append(Deadline.model_construct(text=text, span=(s, e), start=f.start, end=f.end))
        elif f.what == "unresolved":
            deadlines.append(Deadline.model_construct(text=text, span=(s, e), start=None, end=None))
            warnings.append(ParseWarning.model_construct(code="unresolved_deadline", message=f"{text!r} {f.why}", span=(s, e)))
        elif f.what in ("invalid", "malformed"):
            code = "invalid_date" if f.what == "invalid" else "malformed_date"
            warnings.append(ParseWarning.model_construct(code=code, message=f"{text!r} {f.why}", span=(s, e)))
        else:
            others.append(TimeExpression.model_construct(text=text, span=(s, e), kind=f.what, start=f.start))
    if len(deadlines) > 1:                           # (one item or none is in order already)
        deadlines.sort(key=_by_span)
    deadlines = revise_deadlines(doc, ranges, deadlines, reference.date)   # head years, windows, past periods
    if len(others) > 1:
        others.sort(key=_by_span)
    if len(warnings) > 1:
        warnings.sort(key=lambda w: w.span or (0, 0))
    return TimeFindings(deadlines=deadlines, others=others, warnings=warnings)


def _found_in(doc: DocText, ranges: Sequence[tuple[int, int]], reference: ReferenceDate) -> Iterator[tuple[int, int, Found]]:
    """What the scan finds in each range, with its span in doc (ranges in order; empty finds left out)."""
    size = len(doc.raw)
    pre = prefilter()
    norm = doc.norm
    for start, end in sorted(ranges):
        start, end = max(0, start), min(size, end)
        if end <= start:
            continue
        if pre is not None and pre.lead.search(norm, start, end) is None:
            continue                                 # no anchor can start here, so master matches nowhere
        piece = norm[start:end]
        view = piece.replace(" ", "").replace("\n", "")   # _SKIP squeezed out; its offsets made only when needed
        starts = candidates(view)
        if not starts:
            continue
        found = Scanner(view, reference, starts).scan()
        if not found:
            continue
        if len(view) == len(piece):
            for f in found:
                if f.e > f.s:
                    yield start + f.s, start + f.e, f
            continue
        gaps = _gaps(piece)
        for f in found:
            if f.e > f.s:
                yield start + f.s + bisect_right(gaps, f.s), start + f.e + bisect_right(gaps, f.e - 1), f
