"""Pydantic models of the cross-document results: `sgb align` (a lower-level circular against the
upper-level one it implements) and `sgb diff` (two versions of one circular).

Their JSON Schemas are committed as schema/alignment.schema.json and schema/diff.schema.json
(`sgb schema alignment`, `sgb schema diff`; a test keeps them fresh). Values stay Decimal, dates
ISO dates; similarity scores are floats in [0, 1] rounded to three digits.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .models import _Model

CROSSDOC_SCHEMA_VERSION = "1.0.0"

Direction = Literal["raised", "lowered", "equal"]
Timing = Literal["earlier", "later", "equal"]
Change = Literal["strengthened", "weakened", "unchanged"]


class DocumentRef(_Model):
    """Which circular a side is."""

    path: str
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: dt.date | None = None


class MeasureRef(_Model):
    path: str = Field(description="the measure's path in its circular (e.g. 三/（十二） or 13)")
    title: str
    position: int = Field(ge=0, description="index among the circular's compared (leaf) measures, in document order")


class TargetComparison(_Model):
    """One target of the first side (upper / old) against the same metric on the second (lower / new)."""

    metric: str | None = Field(description="the second side's metric as written")
    first_metric: str | None = Field(description="the first side's metric as written")
    first: str = Field(description="the first side's target text, e.g. 600亿元")
    second: str
    first_value: Decimal
    second_value: Decimal
    unit: str
    value: Direction = Field(description="the second side's value against the first's")
    rate: bool = Field(description="a share or rate (%, ‰, 个百分点, 倍): comparable across levels; an amount is not")
    change: Change | None = Field(
        description="raised for an at-least target, lowered for an at-most one, is strengthened; null for an "
                    "amount compared across levels (a city's share of a provincial amount says nothing)")
    first_deadline: dt.date | None = None
    second_deadline: dt.date | None = None
    deadline: Timing | None = Field(default=None, description="the second side's deadline against the first's; null if either has none")
    first_modality: str | None = None
    second_modality: str | None = None


class AgencyMatch(_Model):
    first: str
    second: str


class DeadlineComparison(_Model):
    """The earliest deadline of each measure."""

    first: str
    second: str
    first_end: dt.date
    second_end: dt.date
    timing: Timing


class PairComparison(_Model):
    """What two matched measures say differently: targets, deadlines, agencies."""

    targets: list[TargetComparison] = []
    first_only_targets: list[str] = Field(default=[], description="targets of the first side with no same metric on the second")
    second_only_targets: list[str] = []
    deadline: DeadlineComparison | None = None
    agencies: list[AgencyMatch] = Field(default=[], description="the same agency at each side's level (省发展改革委 ↔ 市发展改革委)")
    first_only_agencies: list[str] = []
    second_only_agencies: list[str] = []


class AlignedPair(_Model):
    upper: MeasureRef
    lower: MeasureRef
    score: float = Field(ge=0, le=1, description="similarity used to align (titles weighted above bodies, shared metrics added)")
    title_score: float = Field(ge=0, le=1)
    text_score: float = Field(ge=0, le=1)
    comparison: PairComparison = Field(description="first = upper, second = lower")


class AlignmentSummary(_Model):
    upper_measures: int
    lower_measures: int
    pairs: int
    upper_taken_up: int = Field(description="upper measures with at least one lower counterpart")
    uptake_rate: float = Field(ge=0, le=1, description="承接率: upper_taken_up / upper_measures")
    lower_only: int = Field(description="lower measures of the lower circular's own, with no upper counterpart")
    targets_compared: int
    targets_raised: int
    targets_lowered: int
    targets_equal: int
    targets_strengthened: int = Field(description="rates the lower circular makes more ambitious (see TargetComparison.change)")
    targets_weakened: int
    deadlines_earlier: int = Field(description="pairs whose lower measure is due earlier than its upper one")
    deadlines_later: int


class Alignment(_Model):
    schema_version: str = CROSSDOC_SCHEMA_VERSION
    upper: DocumentRef
    lower: DocumentRef
    pairs: list[AlignedPair] = []
    upper_not_taken_up: list[MeasureRef] = Field(default=[], description="upper measures no lower measure implements")
    lower_only: list[MeasureRef] = Field(default=[], description="lower measures with no upper counterpart")
    summary: AlignmentSummary


class TextEdit(_Model):
    """One edit of a measure's text (difflib opcodes, equal runs left out); spans into each measure's text."""

    op: Literal["replace", "delete", "insert"]
    old: str
    new: str
    old_span: tuple[int, int]
    new_span: tuple[int, int]


class ModalChange(_Model):
    old: str | None = Field(description="the modal word that went, e.g. 确保")
    new: str | None = Field(description="the one that came, e.g. 力争")
    softened: bool | None = Field(description="true when the new word commits less firmly (确保 → 力争)")


class MeasureDiff(_Model):
    old: MeasureRef
    new: MeasureRef
    score: float = Field(ge=0, le=1)
    moved: bool = Field(description="its place among the other kept measures changed")
    changed: bool = Field(description="its text changed (numbering aside)")
    renumbered: bool = Field(description="its path changed")
    comparison: PairComparison = Field(description="first = old, second = new")
    modal_changes: list[ModalChange] = []
    edits: list[TextEdit] = []


class DiffSummary(_Model):
    old_measures: int
    new_measures: int
    added: int
    removed: int
    moved: int
    changed: int
    unchanged: int


class Diff(_Model):
    schema_version: str = CROSSDOC_SCHEMA_VERSION
    old: DocumentRef
    new: DocumentRef
    added: list[MeasureRef] = []
    removed: list[MeasureRef] = []
    measures: list[MeasureDiff] = Field(default=[], description="every matched (old, new) pair, in the new order")
    summary: DiffSummary
