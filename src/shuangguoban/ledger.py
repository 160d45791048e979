"""The task ledger (任务台账): a circular as flat rows, the way offices track it.

`ledger_rows` gives one row per measure (headings included, with their level); `target_rows` one row
per quantified target. Both are plain dicts keyed by the column names below, for the CSV and xlsx
writers. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from .lazy import once
from .models import Agency, Circular, Deadline, Incentive, Measure, Target, walk
from .numbers import plain
from .rules import load_rules
from .text import normalise

FILE_COLUMN = "文件"
LEDGER_COLUMNS = ("序号", "层级", "措施", "牵头单位", "责任单位", "配合单位", "量化指标", "完成时限", "政策兑现")
TARGET_COLUMNS = ("路径", "措施", "指标", "原文", "数值", "单位", "比较", "上限", "时限")
INCENTIVE_COLUMNS = ("路径", "措施", "类别", "原文", "数值", "单位", "比较", "上限", "对象", "条件")
ROLE_COLUMNS = {"lead": "牵头单位", "responsible": "责任单位", "support": "配合单位"}
COMPARATOR_SIGNS = {"gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "approx": "≈", "eq": "="}

@once
def _comparator_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The comparator words of rules/comparators.yaml written before and after a quantity, longest
    first, so 不超过 wins over 超过 (words that only end like one, 下达, are left out)."""
    rules = load_rules("comparators.yaml")
    before = sorted((w for w, c in rules["before"].items() if c != "none"), key=len, reverse=True)
    return tuple(before), tuple(sorted(rules["after"], key=len, reverse=True))


# Words shown before the quantity when none is written next to it.
_DEFAULT_WORD = {"gt": "超过", "gte": "不少于", "lt": "低于", "lte": "不超过", "approx": "约", "eq": ""}


def file_label(circular: Circular) -> str:
    """What the 文件 column shows: the title, else the source path."""
    return circular.title or circular.source.path


def agencies_by_role(agencies: Sequence[Agency]) -> dict[str, str]:
    """The three agency columns, names joined with 、 in clause order."""
    columns: dict[str, list[str]] = {column: [] for column in ROLE_COLUMNS.values()}
    for agency in agencies:
        names = columns[ROLE_COLUMNS[agency.role]]
        if agency.name not in names:
            names.append(agency.name)
    return {column: "、".join(names) for column, names in columns.items()}


def _words_around(measure: Measure, target: Target) -> tuple[str, str]:
    """The comparator words written right before and right after the quantity, if any."""
    start = target.span[0] - measure.span[0]
    end = target.span[1] - measure.span[0]
    if not (0 <= start <= end <= len(measure.text)) or measure.text[start:end] != target.text:
        return "", ""
    words_before, words_after = _comparator_words()
    norm = normalise(measure.text)          # same length: the words are found in any script
    before = next((w for w in words_before if norm.endswith(w, 0, start)), "")
    after = next((w for w in words_after if norm.startswith(w, end)), "")
    return measure.text[start - len(before):start], measure.text[end:end + len(after)]


def _shown(surface: str) -> str:
    """A quoted surface as a reader sees it: a print layout's wrap (`3.\n5万人`) taken out."""
    return surface.replace("\r", "").replace("\n", "")


def describe_target(measure: Measure, target: Target) -> str:
    """`技术合同登记成交额 突破 20亿元（2024-06-30前）`: metric, comparator, quantity, time limit."""
    before, after = _words_around(measure, target)
    if not before and not after:
        before = _DEFAULT_WORD[target.comparator]
    parts = [_shown(p) for p in (target.metric, before, target.text + after) if p]
    text = " ".join(parts)
    if target.deadline is not None:
        deadline = target.deadline
        text += f"（{deadline.end.isoformat()}前）" if deadline.end else f"（{_shown(deadline.text)}）"
    return text


def describe_deadline(deadline: Deadline) -> str:
    """`6月底前（2024-06-30）`, `上半年（2024-01-01至2024-06-30）`, or the text alone when unresolved."""
    shown = _shown(deadline.text)
    if deadline.end is None:
        return shown
    if deadline.start is not None:
        return f"{shown}（{deadline.start.isoformat()}至{deadline.end.isoformat()}）"
    return f"{shown}（{deadline.end.isoformat()}）"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _covered(measures: Sequence[Measure], above: Sequence[Agency] = ()) -> Iterator[tuple[Measure, Sequence[Agency]]]:
    """Each measure with the agencies its row shows: its own, else (inherited) those of its nearest
    ancestor that has a clause: 一、强化科技创新（区科技局牵头） covers its sub-items without a clause."""
    for measure in measures:
        own = measure.agencies
        if any(not a.inherited for a in own) or not above:
            shown: Sequence[Agency] = own
        else:
            shown = [*own, *(a.model_copy(update={"inherited": True, "span": None}) for a in above)]
        yield measure, shown
        yield from _covered(measure.children, shown)


def ledger_rows(circular: Circular, *, with_file: bool = False) -> Iterator[dict[str, Any]]:
    """One row per measure, parents before children, in document order."""
    for measure, agencies in _covered(circular.measures):
        row: dict[str, Any] = {FILE_COLUMN: file_label(circular)} if with_file else {}
        row.update({"序号": measure.path, "层级": measure.level, "措施": measure.title})
        row.update(agencies_by_role(agencies))
        row["量化指标"] = "；".join(describe_target(measure, t) for t in measure.targets)
        row["完成时限"] = "；".join(_unique([describe_deadline(d) for d in measure.deadlines]))
        row["政策兑现"] = "；".join(describe_incentive(i) for i in measure.incentives)
        yield row


def describe_incentive(incentive: Incentive) -> str:
    """An incentive as a clerk writes it: 一次性奖励 ≤300000元（省级专精特新中小企业）."""
    sign = "" if incentive.comparator == "eq" else COMPARATOR_SIGNS[incentive.comparator]
    upper = f"—{incentive.upper}" if incentive.upper is not None else ""
    who = f"（{incentive.recipient}）" if incentive.recipient else ""
    return f"{incentive.kind} {sign}{incentive.value}{upper}{incentive.unit}{who}"


def incentive_rows(circular: Circular, *, with_file: bool = False) -> Iterator[dict[str, Any]]:
    """One row per incentive (sheet 政策兑现): numbers stay Decimals."""
    for measure in walk(circular.measures):
        for incentive in measure.incentives:
            row: dict[str, Any] = {FILE_COLUMN: file_label(circular)} if with_file else {}
            row.update({
                "路径": measure.path,
                "措施": measure.title,
                "类别": incentive.kind,
                "原文": incentive.text,
                "数值": incentive.value,
                "单位": incentive.unit,
                "比较": COMPARATOR_SIGNS[incentive.comparator],
                "上限": incentive.upper,
                "对象": incentive.recipient or "",
                "条件": incentive.condition or "",
            })
            yield row


def target_rows(circular: Circular, *, with_file: bool = False) -> Iterator[dict[str, Any]]:
    """One row per target: numbers stay Decimals, a resolved time limit is a date."""
    for measure in walk(circular.measures):
        for target in measure.targets:
            row: dict[str, Any] = {FILE_COLUMN: file_label(circular)} if with_file else {}
            deadline: dt.date | str | None = None
            if target.deadline is not None:
                deadline = target.deadline.end or _shown(target.deadline.text)
            row.update({
                "路径": measure.path,
                "措施": measure.title,
                "指标": target.metric or "",
                "原文": _shown(target.text),
                "数值": target.value,
                "单位": target.unit,
                "比较": COMPARATOR_SIGNS[target.comparator],
                "上限": target.upper,
                "时限": deadline,
            })
            yield row


def columns(base: Sequence[str], *, with_file: bool) -> tuple[str, ...]:
    return (FILE_COLUMN, *base) if with_file else tuple(base)


def plain_cell(value: Any) -> str:
    """A cell as CSV text: Decimals from their digits, dates in ISO form, None empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
