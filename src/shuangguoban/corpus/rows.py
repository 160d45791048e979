"""A Circular flattened into the rows of the corpus tables: pure, picklable, no database here.

Every row starts with the circular's `sha256`; rows below a measure carry its `measure_path`
(the measure's `path`, e.g. `一/（二）/3.`) and an `ordinal` (position in the measure), and every
piece of text carries its half-open span into the circular's decoded text. Values are kept exact:
Decimals go to the database as text and are cast to DECIMAL there (too large or too fine a value
is NULL in `value`, and its exact digits stay in `value_text`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..models import Circular, Deadline, Measure

# table → (column, DuckDB type), in row order. The DDL is made from this, so they cannot disagree.
TABLES: dict[str, list[tuple[str, str]]] = {
    "circulars": [
        ("sha256", "VARCHAR"), ("path", "VARCHAR"), ("format", "VARCHAR"), ("encoding", "VARCHAR"),
        ("length", "INTEGER"), ("title", "VARCHAR"), ("notice_title", "VARCHAR"), ("issuer", "VARCHAR"),
        ("issuers", "VARCHAR[]"), ("doc_number", "VARCHAR"), ("date", "DATE"), ("published", "DATE"),
        ("year", "INTEGER"), ("recipients", "VARCHAR[]"), ("disclosure", "VARCHAR"),
        ("reference_date", "DATE"), ("reference_basis", "VARCHAR"), ("coverage", "DOUBLE"),
        ("measures", "INTEGER"), ("warnings", "INTEGER"), ("schema_version", "VARCHAR"), ("sgb_version", "VARCHAR"),
    ],
    "measures": [
        ("sha256", "VARCHAR"), ("path", "VARCHAR"), ("parent_path", "VARCHAR"), ("level", "INTEGER"),
        ("ordinal", "INTEGER"), ("label", "VARCHAR"), ("number", "INTEGER"), ("title", "VARCHAR"),
        ("text", "VARCHAR"), ("span_start", "INTEGER"), ("span_end", "INTEGER"), ("due", "DATE"),
        ("due_inherited", "BOOLEAN"), ("agency_path", "VARCHAR"),
    ],
    "agencies": [
        ("sha256", "VARCHAR"), ("measure_path", "VARCHAR"), ("ordinal", "INTEGER"), ("name", "VARCHAR"),
        ("raw", "VARCHAR"), ("role", "VARCHAR"), ("full_name", "VARCHAR"), ("kind", "VARCHAR"),
        ("inherited", "BOOLEAN"), ("span_start", "INTEGER"), ("span_end", "INTEGER"),
    ],
    "targets": [
        ("sha256", "VARCHAR"), ("measure_path", "VARCHAR"), ("ordinal", "INTEGER"), ("text", "VARCHAR"),
        ("span_start", "INTEGER"), ("span_end", "INTEGER"), ("metric", "VARCHAR"), ("comparator", "VARCHAR"),
        ("value", "DECIMAL(38,10)"), ("upper", "DECIMAL(38,10)"), ("unit", "VARCHAR"), ("value_text", "VARCHAR"),
        ("raw_value", "VARCHAR"), ("raw_unit", "VARCHAR"), ("modality", "VARCHAR"), ("deadline", "DATE"),
    ],
    "incentives": [
        ("sha256", "VARCHAR"), ("measure_path", "VARCHAR"), ("ordinal", "INTEGER"), ("text", "VARCHAR"),
        ("span_start", "INTEGER"), ("span_end", "INTEGER"), ("kind", "VARCHAR"), ("comparator", "VARCHAR"),
        ("value", "DECIMAL(38,10)"), ("upper", "DECIMAL(38,10)"), ("unit", "VARCHAR"), ("value_text", "VARCHAR"),
        ("raw_value", "VARCHAR"), ("raw_unit", "VARCHAR"), ("recipient", "VARCHAR"), ("condition", "VARCHAR"),
    ],
    "deadlines": [
        ("sha256", "VARCHAR"), ("measure_path", "VARCHAR"), ("ordinal", "INTEGER"), ("text", "VARCHAR"),
        ("span_start", "INTEGER"), ("span_end", "INTEGER"), ("start_date", "DATE"), ("end_date", "DATE"),
    ],
    "warnings": [
        ("sha256", "VARCHAR"), ("measure_path", "VARCHAR"), ("ordinal", "INTEGER"), ("code", "VARCHAR"),
        ("message", "VARCHAR"), ("span_start", "INTEGER"), ("span_end", "INTEGER"),
    ],
}
CLOSING = ""   # measure_path of a closing deadline (after the last measure) or of a warning outside every measure

Rows = dict[str, list[tuple[Any, ...]]]

# DECIMAL(38,10): 28 digits before the point, 10 after.
_INTEGER_DIGITS = 28
_FRACTION_DIGITS = 10


def fitting(value: Decimal | None) -> str | None:
    """The value's exact digits when DECIMAL(38,10) holds it exactly, else None."""
    if value is None or not value.is_finite():
        return None
    exponent = value.as_tuple().exponent
    if value.adjusted() >= _INTEGER_DIGITS or (isinstance(exponent, int) and exponent < -_FRACTION_DIGITS
                                                and value != value.quantize(Decimal(1).scaleb(-_FRACTION_DIGITS))):
        return None
    return format(value, "f")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def year_of(circular: Circular) -> int | None:
    """The year a circular belongs to: its 成文日期, else its publication date, else its reference date."""
    day = circular.date or circular.published or circular.reference_date.date
    return day.year if day else None


def flatten(circular: Circular, sha256: str, sgb_version: str) -> Rows:
    """Every row of one circular, keyed by `sha256` (the caller's hash of the bytes it parsed)."""
    rows: Rows = {table: [] for table in TABLES}
    count = 0
    spans: list[tuple[int, int, str, int]] = []   # (start, end, path, index of the parent or -1), preorder

    def visit(measures: Iterable[Measure], parent: Measure | None, inherited_due: dt.date | None,
              inherited_agencies: str | None, up: int) -> None:
        nonlocal count
        for measure in measures:
            count += 1
            own_due = min((d.end for d in measure.deadlines if d.end), default=None)
            due = own_due or inherited_due
            # a sub-item under a group clause ((1)…(3) then （A牵头）) is the task of its parent's agencies
            agency_path = measure.path if measure.agencies else inherited_agencies
            here = len(spans)
            spans.append((measure.span[0], measure.span[1], measure.path, up))
            rows["measures"].append((
                sha256, measure.path, parent.path if parent else None, measure.level, count, measure.label,
                measure.number, measure.title, measure.text, measure.span[0], measure.span[1], _iso(due),
                own_due is None and due is not None, agency_path))
            _measure_rows(rows, sha256, measure)
            visit(measure.children, measure, due, agency_path, here)

    visit(circular.measures, None, None, None, -1)
    starts = [start for start, *_ in spans]
    _deadline_rows(rows, sha256, CLOSING, circular.closing_deadlines)
    for i, warning in enumerate(circular.warnings, 1):
        start, end = warning.span if warning.span else (None, None)
        rows["warnings"].append((sha256, _innermost(spans, starts, warning.span), i, warning.code, warning.message, start, end))
    source = circular.source
    rows["circulars"].append((
        sha256, source.path, source.format, source.encoding, source.length, circular.title, circular.notice_title,
        circular.issuer, list(circular.issuers), circular.doc_number, _iso(circular.date), _iso(circular.published),
        year_of(circular), list(circular.recipients), circular.disclosure, _iso(circular.reference_date.date),
        circular.reference_date.basis, circular.coverage, count, len(circular.warnings), circular.schema_version,
        sgb_version))
    return rows


def _measure_rows(rows: Rows, sha256: str, measure: Measure) -> None:
    path = measure.path
    for i, agency in enumerate(measure.agencies, 1):
        start, end = agency.span if agency.span else (None, None)
        rows["agencies"].append((sha256, path, i, agency.name, agency.raw, agency.role, agency.full_name,
                                 agency.kind, agency.inherited, start, end))
    for i, target in enumerate(measure.targets, 1):
        rows["targets"].append((
            sha256, path, i, target.text, target.span[0], target.span[1], target.metric, target.comparator,
            fitting(target.value), fitting(target.upper), target.unit, _text(target.value), _text(target.raw_value),
            target.raw_unit, target.modality, _iso(target.deadline.end) if target.deadline else None))
    for i, incentive in enumerate(measure.incentives, 1):
        rows["incentives"].append((
            sha256, path, i, incentive.text, incentive.span[0], incentive.span[1], incentive.kind,
            incentive.comparator, fitting(incentive.value), fitting(incentive.upper), incentive.unit,
            _text(incentive.value), _text(incentive.raw_value), incentive.raw_unit, incentive.recipient,
            incentive.condition))
    _deadline_rows(rows, sha256, path, measure.deadlines)


def _deadline_rows(rows: Rows, sha256: str, path: str, deadlines: list[Deadline]) -> None:
    for i, deadline in enumerate(deadlines, 1):
        rows["deadlines"].append((sha256, path, i, deadline.text, deadline.span[0], deadline.span[1],
                                  _iso(deadline.start), _iso(deadline.end)))


def _innermost(spans: list[tuple[int, int, str, int]], starts: list[int], span: tuple[int, int] | None) -> str:
    """The path of the innermost measure that holds `span`, else CLOSING: the last measure starting at
    or before it, or the nearest of its ancestors that holds it (preorder starts are sorted)."""
    if span is None:
        return CLOSING
    index = bisect_right(starts, span[0]) - 1
    while index >= 0:
        start, end, path, up = spans[index]
        if start <= span[0] and span[1] <= end:
            return path
        index = up
    return CLOSING
