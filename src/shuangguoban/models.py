"""Pydantic models of a parsed circular: the single source of truth for the JSON contract.

The field names and meanings follow `output-contract.md`; fields may be added, never renamed
without a major bump of SCHEMA_VERSION. Every model is frozen and rejects unknown fields.
Values are Decimal everywhere; the writers print them as JSON numbers from their exact digits.

The pipeline builds its results with pydantic's `model_construct`, which skips validation: the values
are the pipeline's own, and the validators are built only when something validates (`defer_build`).
The invariants the validators state are still checked: by `sgb validate`, and by the tests, which
validate every parse result they make (`Circular.model_validate(plain_data(result))`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.1.0"

Span = Annotated[tuple[int, int], Field(description="half-open [start, end) offsets into the decoded source text")]
Role = Literal["lead", "support", "responsible"]
AgencyKind = Literal["government", "department", "party", "agency", "enterprise", "zone", "other"]
Comparator = Literal["gt", "gte", "lt", "lte", "approx", "eq"]
ReferenceBasis = Literal["date", "doc_number", "published", "option", "title", "none"]
TimeKind = Literal["recurring", "duration", "start"]


class _Model(BaseModel):
    # defer_build: validators are built on first validation (`sgb validate`), never by `sgb parse`
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def _check_span(span: tuple[int, int], text: str | None, what: str) -> None:
    start, end = span
    if start < 0 or end < start:
        raise ValueError(f"{what} span {list(span)} is not an ordered pair of offsets")
    if text is not None and end - start != len(text):
        raise ValueError(f"{what} span {list(span)} does not have the length of its text {text!r}")


class _Spanned(_Model):
    """A piece of the source: `text` is exactly `source_text[span[0]:span[1]]`."""

    text: str
    span: Span

    @model_validator(mode="after")
    def _span_fits_text(self) -> _Spanned:
        _check_span(self.span, self.text, type(self).__name__)
        return self


class Source(_Model):
    path: str = Field(description='the file read, or "-" for stdin, or "<text>" for a string')
    sha256: str | None = Field(default=None, description="sha256 of the bytes read")
    encoding: str | None = Field(default=None, description="the encoding the bytes were decoded with")
    format: Literal["txt", "html", "docx", "pdf"] = "txt"
    length: int = Field(ge=0, description="length of the decoded source text, in characters")


# One of the contract's `warnings`; named so as not to shadow the builtin `Warning` (its JSON Schema
# title stays the contract's name).
class ParseWarning(_Model):
    model_config = ConfigDict(title="Warning")

    code: str
    message: str
    span: Span | None = None


class Reference(_Model):
    """A document the circular cites."""

    title: str | None
    doc_number: str | None


class ReferenceDate(_Model):
    """The date relative expressions were resolved against, and where it came from."""

    date: dt.date | None
    basis: ReferenceBasis


class Deadline(_Spanned):
    start: dt.date | None = Field(default=None, description="first day of a named period")
    end: dt.date | None = Field(description="last day, inclusive; null only with a warning")


class TimeExpression(_Spanned):
    """A time phrase that is not a single deadline: recurring limits, durations, start dates."""

    kind: TimeKind
    start: dt.date | None = None


class Target(_Spanned):
    value: Decimal
    unit: str
    upper: Decimal | None = None
    raw_value: Decimal
    raw_unit: str
    comparator: Comparator = "eq"
    metric: str | None = None
    modality: str | None = None
    deadline: Deadline | None = None


class Incentive(_Spanned):
    """An amount or rate the government gives or grants (奖励, 补贴, 贴息, 消费券, 减免 …): never a target."""

    value: Decimal
    unit: str
    upper: Decimal | None = None
    raw_value: Decimal
    raw_unit: str
    comparator: Comparator = "eq"
    kind: str = Field(description="the grant word as written: 奖励, 补贴, 贴息, 消费券 …")
    recipient: str | None = Field(default=None, description="who receives it, when the sentence says")
    condition: str | None = Field(default=None, description="the qualifying clause as written")


class Agency(_Model):
    name: str
    raw: str
    role: Role
    full_name: str | None = None
    kind: AgencyKind = "other"
    span: Span | None = Field(default=None, description="where `raw` stands; null for an inherited agency")
    inherited: bool = Field(default=False, description="added by a standing note, not written in this clause")


class Measure(_Model):
    label: str
    number: int = Field(ge=0)
    path: str
    level: int = Field(ge=1)
    title: str
    text: str
    span: Span
    # The contract's name for a measure's responsible agencies (责任单位) is `responsible_units`, and the
    # JSON keeps it; the code says `agency` (a `unit` is 元 or 亩), so it reads them as `measure.agencies`.
    responsible_units: list[Agency] = []
    targets: list[Target] = []
    incentives: list[Incentive] = []
    deadlines: list[Deadline] = []
    time_expressions: list[TimeExpression] = []
    children: list[Measure] = []

    @property
    def agencies(self) -> list[Agency]:
        return self.responsible_units

    @model_validator(mode="after")
    def _children_inside(self) -> Measure:
        _check_span(self.span, self.text, f"measure {self.path}")
        start, end = self.span
        last = start
        for child in self.children:
            if child.span[0] < last or child.span[1] > end:
                raise ValueError(f"measure {child.path} is not inside its parent {self.path} after its elder sibling")
            last = child.span[1]
        for thing in (*self.targets, *self.incentives, *self.deadlines):
            if thing.span[0] < start or thing.span[1] > end:
                raise ValueError(f"{thing.text!r} at {list(thing.span)} lies outside measure {self.path}")
        return self


class Circular(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    title: str | None = None
    notice_title: str | None = Field(default=None, description="the wrapper notice's own title when `title` is a forwarded plan's")
    issuer: str | None = None
    issuers: list[str] = Field(default=[], description="every signing body, in signing order; `issuer` is the first")
    doc_number: str | None = None
    date: dt.date | None = None
    published: dt.date | None = None
    recipients: list[str] = []
    disclosure: str | None = None
    references: list[Reference] = []
    preamble: str | None = None
    reference_date: ReferenceDate = ReferenceDate.model_construct(date=None, basis="none")  # not validated at import
    measures: list[Measure] = []
    closing_deadlines: list[Deadline] = Field(
        default=[], description="time limits in the closing parts after the last measure (reporting dates), not any measure's")
    coverage: float | None = Field(default=None, ge=0, le=1, description="share of body characters inside measures")
    warnings: list[ParseWarning] = []

    @model_validator(mode="after")
    def _spans_in_range(self) -> Circular:
        major = self.schema_version.split(".", 1)[0]
        if major != SCHEMA_VERSION.split(".", 1)[0]:
            raise ValueError(f"schema_version {self.schema_version} is not compatible with {SCHEMA_VERSION}")
        limit = self.source.length
        last = 0
        for measure in self.measures:
            if measure.span[0] < last:
                raise ValueError(f"measure {measure.path} overlaps the one before it")
            last = measure.span[1]
        for measure in walk(self.measures):
            if measure.span[1] > limit:
                raise ValueError(f"measure {measure.path} ends at {measure.span[1]}, past the text's {limit} characters")
        for warning in self.warnings:
            if warning.span is not None and warning.span[1] > limit:
                raise ValueError(f"warning {warning.code} span {list(warning.span)} is past the end of the text")
        return self


def plain_data(model: BaseModel) -> dict[str, Any]:
    """A model as plain Python data, fields in their declared order, Decimals, dates and span tuples
    kept: what `model_dump(mode="python")` gives, without building pydantic's serialiser."""
    return {name: _plain(value) for name, value in model_items(model)}


def model_items(model: BaseModel) -> Iterator[tuple[str, Any]]:
    """(field name, value) of a model, in the declared order."""
    data = model.__dict__
    return ((name, data[name]) for name in _field_names(type(model)))


@cache
def _field_names(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(cls.model_fields)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return plain_data(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def walk(measures: list[Measure]):
    """Every measure of a tree, parents before their children, in document order."""
    for measure in measures:
        yield measure
        yield from walk(measure.children)
