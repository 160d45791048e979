"""Tables as lines, shared by the HTML and DOCX readers.

A reader turns a table into rows of `Cell`s (merged cells marked); `table_lines` detects a task table
by its header (任务 / 牵头单位 / 配合单位 / 完成时限…, from rules/html_chrome.yaml) and prints it as one
measure per row followed by `牵头单位：…` label lines; any other table is printed one line per row.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from ..lines import clause_line_labels
from . import chrome_rules


class Cell(NamedTuple):
    """One table cell: its paragraphs, and whether it continues the cell above ("up") or to its left."""

    paras: list[str]
    merged: str = ""     # "", "up" (a row span: paras copied from above) or "left" (a column span)

    @property
    def text(self) -> str:
        return " ".join(p for p in self.paras if p)


def _join_paras(paras: list[str], glue: str) -> str:
    out = ""
    for para in (p.strip() for p in paras):
        if not para:
            continue
        if out and not out.endswith(("、", "，", ",", "；", ";", "。")):
            out += glue
        out += para
    return out


_CN_NUMERAL = regex.compile(r"^[一二三四五六七八九十]{1,3}$")
_HAS_MARKER = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,3}[.．、](?![0-9])|第[一二三四五六七八九十百]{1,5}条)")


def _sequence_label(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if value.isdigit():
        return f"{int(value)}."
    if _CN_NUMERAL.match(value):
        return f"{value}、"
    return value if _HAS_MARKER.match(value) else f"{value} "


class _Column(NamedTuple):
    role: str        # sequence, task, agency, other
    label: str


def _task_columns(header: list[Cell]) -> list[_Column] | None:
    """The roles of a task table's columns, or None when the row is not such a header."""
    spec = chrome_rules()["task_table"]
    columns: list[_Column] = []
    named = 0
    for cell in header:
        text = regex.sub(r"[\s\u3000:：]", "", cell.text)
        if cell.merged == "left" and columns:
            columns.append(_Column("skip", ""))
            continue
        if not text or len(text) > 12:
            columns.append(_Column("other", text))
            continue
        if regex.search(spec["sequence"], text):
            columns.append(_Column("sequence", text))
        elif text in clause_line_labels():
            columns.append(_Column("agency", text))
            named += 1
        elif regex.search(spec["lead"], text):
            columns.append(_Column("agency", spec["lead_label"]))
            named += 1
        elif regex.search(spec["support"], text):
            columns.append(_Column("agency", spec["support_label"]))
            named += 1
        elif regex.search(spec["deadline"], text):
            columns.append(_Column("other", text))
            named += 1
        elif regex.search(spec["responsible"], text):
            columns.append(_Column("agency", spec["responsible_label"]))
            named += 1
        elif regex.search(spec["task"], text):
            columns.append(_Column("task", text))
        else:
            columns.append(_Column("other", text))
    if not named or len(columns) < 2:
        return None
    if not any(c.role == "task" for c in columns):
        others = [i for i, c in enumerate(columns) if c.role == "other" and not regex.search(spec["deadline"], c.label)]
        if not others:
            return None
        columns[others[0]] = columns[others[0]]._replace(role="task")
    return columns


def table_lines(rows: list[list[Cell]]) -> list[str]:
    """A table as lines: a task table one measure per row with label lines, any other table one line
    per row with its cells joined by a space (cells merged into a neighbour are printed once)."""
    rows = [row for row in rows if any(cell.text.strip() for cell in row)]
    if not rows:
        return []
    for h in range(min(2, len(rows))):
        columns = _task_columns(rows[h])
        if columns:
            return _task_lines(columns, rows[h], rows[h + 1:])
    lines = []
    for row in rows:
        texts = [_join_paras(cell.paras, " ") for cell in row if not cell.merged]
        line = " ".join(t for t in texts if t)
        if line:
            lines.append(line)
    return lines


def _task_lines(columns: list[_Column], header: list[Cell], rows: list[list[Cell]]) -> list[str]:
    lines: list[str] = []
    header_key = [c.text for c in header]
    for row in rows:
        if [c.text for c in row] == header_key:      # a header row repeated on a new page
            continue
        sequence = task = ""
        labels: list[str] = []
        for column, cell in zip(columns, row, strict=False):
            if column.role == "skip" or cell.merged == "left":
                continue
            if column.role == "agency":
                value = _join_paras(cell.paras, "、")
            elif cell.merged == "up":
                continue                                # a category spanning rows is printed once
            else:
                value = _join_paras(cell.paras, "")
            if not value:
                continue
            if column.role == "sequence":
                sequence = _sequence_label(value)
            elif column.role == "task":
                task = value
            else:
                labels.append(f"{column.label}：{value}" if column.label else value)
        if task:
            lines.append(task if _HAS_MARKER.match(task) else sequence + task)
        elif sequence and labels:
            lines.append(sequence.rstrip())
        lines.extend(labels)
    return lines
