"""The findings of a circular as highlight items for the review page (review.py).

Each target, incentive, deadline, time phrase, agency with a span and warning with a span becomes an
Item: its span, its CSS classes, and the label/value rows its tooltip shows. Pure: no HTML here.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from .ledger import COMPARATOR_SIGNS, describe_deadline
from .models import Agency, Circular, Deadline, Incentive, Target, TimeExpression, walk
from .numbers import plain

ROLE_WORDS = {"lead": "牵头", "responsible": "负责", "support": "配合"}
TIME_KINDS = {"recurring": "周期性时限", "duration": "期限", "start": "起始时间"}
WIDE_WARNING = 40   # a warning over more characters than this marks its range only when selected


class Item(NamedTuple):
    """One highlight: a finding's span, its CSS classes and the details its tooltip shows."""

    id: str
    span: tuple[int, int]
    classes: str
    kind: str
    text: str
    rows: tuple[tuple[str, str], ...]


def quantity(value: Decimal | None, unit: str = "") -> str:
    """`31200 人`: a Decimal from its exact digits, with its unit."""
    return "" if value is None else plain(value) + (f" {unit}" if unit else "")


# --- findings → items ------------------------------------------------------------------------------

def _amount_rows(amount: Target | Incentive) -> list[tuple[str, str]]:
    """What a target and an incentive both carry: comparator, value, upper bound, value as written."""
    rows = [("比较", f"{COMPARATOR_SIGNS[amount.comparator]} ({amount.comparator})"),
            ("数值", quantity(amount.value, amount.unit))]
    if amount.upper is not None:
        rows.append(("上限", quantity(amount.upper, amount.unit)))
    rows.append(("原文数值", quantity(amount.raw_value, amount.raw_unit)))
    return rows


def _target_rows(target: Target) -> list[tuple[str, str]]:
    rows = [("指标", target.metric or "—"), *_amount_rows(target)]
    if target.modality:
        rows.append(("语气", target.modality))
    if target.deadline is not None:
        rows.append(("时限", describe_deadline(target.deadline) if target.deadline.end else f"{target.deadline.text}（未解析）"))
    return rows


def _incentive_rows(incentive: Incentive) -> list[tuple[str, str]]:
    rows = [("类别", incentive.kind), *_amount_rows(incentive)]
    if incentive.recipient:
        rows.append(("对象", incentive.recipient))
    if incentive.condition:
        rows.append(("条件", incentive.condition))
    return rows


def _deadline_rows(deadline: Deadline) -> list[tuple[str, str]]:
    if deadline.end is None:
        return [("截止", "未解析")]
    rows = [("起", deadline.start.isoformat())] if deadline.start else []
    return [*rows, ("截止", deadline.end.isoformat())]


def _time_rows(expression: TimeExpression) -> list[tuple[str, str]]:
    rows = [("类型", TIME_KINDS.get(expression.kind, expression.kind))]
    return rows + ([("起", expression.start.isoformat())] if expression.start else [])


def _agency_rows(agency: Agency) -> list[tuple[str, str]]:
    rows = [("单位", agency.name), ("角色", f"{ROLE_WORDS[agency.role]} ({agency.role})"), ("类型", agency.kind)]
    if agency.full_name:
        rows.append(("全称", agency.full_name))
    if agency.raw != agency.name:
        rows.append(("原文", agency.raw))
    return rows


class Findings(NamedTuple):
    """The items of one circular, and which items belong to each measure (by measure id)."""

    items: list[Item]
    by_measure: dict[str, list[str]]
    measure_ids: dict[int, str]       # id(measure) → its element id
    warning_ids: list[str | None]     # per circular warning, its item id (None: no span)


def collect(circular: Circular) -> Findings:
    """Every highlight of a circular, numbered in document order of the measures."""
    items: list[Item] = []
    by_measure: dict[str, list[str]] = {}
    measure_ids: dict[int, str] = {}

    def add(span: tuple[int, int], classes: str, kind: str, text: str, rows: Iterable[tuple[str, str]]) -> str:
        item = Item(f"i{len(items)}", span, classes, kind, text, tuple(rows))
        items.append(item)
        return item.id

    for index, measure in enumerate(walk(circular.measures)):
        mid = f"m{index}"
        measure_ids[id(measure)] = mid
        own: list[str] = []
        for target in measure.targets:
            own.append(add(target.span, "k-target", "量化指标", target.text, _target_rows(target)))
            if target.deadline is not None and target.deadline not in measure.deadlines:
                own.append(_deadline(add, target.deadline))
        for incentive in measure.incentives:
            own.append(add(incentive.span, "k-incentive", "激励", incentive.text, _incentive_rows(incentive)))
        for deadline in measure.deadlines:
            own.append(_deadline(add, deadline))
        for expression in measure.time_expressions:
            own.append(add(expression.span, "k-time", "时间", expression.text, _time_rows(expression)))
        for agency in measure.agencies:
            if agency.span is not None:
                own.append(add(agency.span, f"k-{agency.role}", f"{ROLE_WORDS[agency.role]}单位", agency.raw, _agency_rows(agency)))
        by_measure[mid] = own
    warning_ids: list[str | None] = []
    for warning in circular.warnings:
        if warning.span is None:
            warning_ids.append(None)
            continue
        wide = " wide" if warning.span[1] - warning.span[0] > WIDE_WARNING else ""
        warning_ids.append(add(warning.span, "k-warning" + wide, "警告", warning.code, [("说明", warning.message)]))
    return Findings(items, by_measure, measure_ids, warning_ids)


def _deadline(add: Any, deadline: Deadline) -> str:
    classes = "k-deadline" + ("" if deadline.end else " unresolved")
    return add(deadline.span, classes, "完成时限", deadline.text, _deadline_rows(deadline))
