"""Tables of yearly goals inside a measure: every number in a goal column is a target.

A plan often states its goals as a table, which reaches the text as one line per row, its cells
between `|` or tabs or (from an HTML or DOCX table, see formats/tables.py) spaces:

    主要指标 | 单位 | 2022年基期值 | 2024年 | 2025年 | 属性
    地区生产总值增速（%） | | 5.1 | 6左右 | 6.5 | 预期性

Each numeric cell under a year column is a target of the measure whose text holds the table: its
value in base units from the row's unit (the bracket of the first cell, or a 单位 column), its metric
the first cell without that bracket, its deadline the year of the column (ending 12-31, its text and
span the year as written in the header). The table may also be turned: years as rows, indicators
(each with its unit in brackets) as columns. Base-year columns (基期, 现状, 基数) and cells that hold
no number (—, 待定) give nothing. Column words are in rules/goal_tables.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from .lazy import compiled, once
from .models import Deadline, Target
from .quantities import clean, unit_factor
from .rules import load_rules
from .text import DocText

_MAX_LINE = 120
_BAR = compiled(r"[ ]*(?:\||\t)[ ]*")
_SPACES = compiled(r"[ \u3000]+")
_UNIT_BRACKET = compiled(r"[(（](?P<unit>[^()（）]{1,8})[)）]\s*$")
_SERIAL = compiled(r"^(?:[0-9]{1,2}[.、．]|[(（][0-9一二三四五六七八九十]{1,3}[)）])\s*")
_NUMBER = compiled(r"(?P<n>[+-]?[0-9]+(?:\.[0-9]+)?)(?:(?:-|~|〜|—|–|至)(?P<n2>[0-9]+(?:\.[0-9]+)?))?(?P<p>%|‰)?")
_PROSE = compiled(r"[。；;，]")
_YEARISH = compiled(r"(?:19|20)[0-9]{2}")


class _Rules(NamedTuple):
    year: re.Pattern[str]
    base: re.Pattern[str]
    unit_column: re.Pattern[str]
    years_label: re.Pattern[str]
    blank: re.Pattern[str]
    comparators: dict[str, str]   # a cell's comparator words: comparators.yaml and the symbols


@once
def _rules() -> _Rules:
    spec = load_rules("goal_tables.yaml")
    words = load_rules("comparators.yaml")
    comparators = {k: v for k, v in words["before"].items() if v not in (None, "none")}
    comparators.update(words["after"])
    comparators.update(spec["symbols"])
    return _Rules(re.compile(spec["year"]), re.compile(spec["base"]), re.compile(spec["unit_column"]),
                  re.compile(spec["years_label"]), re.compile(spec["blank"]), comparators)


Cell = tuple[int, int]   # a cell's (start, end) in the text


class _Column(NamedTuple):
    kind: str                      # year, unit, skip, indicator (a turned table's column)
    cell: Cell                     # a year column: the year as written in its header cell
    year: int = 0
    header: Cell = (0, 0)          # the whole header cell (2025年目标值（≥）)


class _Goal(NamedTuple):
    """One goal cell: the row's indicator cell, the goal cell, the year cell, the unit as written."""

    indicator: Cell
    value: Cell
    year_cell: Cell
    year: int
    unit: str | None
    header: Cell                   # the column header (its comparator word, if any)


def goal_table_targets(
    doc: DocText, ranges: Sequence[tuple[int, int]], deadlines: Sequence[Deadline]
) -> tuple[list[Target], list[tuple[int, int]]]:
    """The targets of the goal tables in the ranges, and the spans of those tables (where the sentence
    extractor must not look)."""
    norm = doc.norm
    targets: list[Target] = []
    regions: list[tuple[int, int]] = []
    for start, end in ranges:
        if norm.find("\n", start, end) < 0 or _YEARISH().search(norm, start, end) is None:
            continue                                   # most measures: no table
        lines = _lines(norm, start, end)
        i = 0
        while i < len(lines):
            goals, used = _table_at(norm, lines, i)
            if used:
                regions.append((lines[i][0], lines[i + used - 1][1]))
                targets.extend(t for g in goals if (t := _target(doc, g, deadlines)) is not None)
                i += used
            else:
                i += 1
    return targets, regions


def _lines(norm: str, start: int, end: int) -> list[Cell]:
    out = []
    pos = start
    while pos < end:
        stop = norm.find("\n", pos, end)
        stop = end if stop < 0 else stop
        a, b = pos, stop
        while a < b and norm[a] in " \u3000\t|":
            a += 1
        while b > a and norm[b - 1] in " \u3000\t|\r":
            b -= 1
        if a < b:
            out.append((a, b))
        pos = stop + 1
    return out


def _cells(norm: str, line: Cell) -> tuple[list[Cell], bool]:
    """A row line's cells, and whether they were split by `|` or tabs (else by spaces)."""
    start, end = line
    bars = _BAR().search(norm, start, end) is not None
    sep = _BAR() if bars else _SPACES()
    out: list[Cell] = []
    pos = start
    for m in sep.finditer(norm, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out, bars


def _squash(norm: str, cell: Cell) -> str:
    return norm[cell[0]:cell[1]].replace(" ", "").replace("\u3000", "")


def _year(norm: str, cell: Cell) -> tuple[int, Cell] | None:
    """(year, span of the year as written) when the cell names a goal year; None for a base year."""
    rules = _rules()
    text = _squash(norm, cell)
    m = rules.year.match(text)
    if m is None or rules.base.search(text):
        return None
    written = m.group("y")
    at = norm.find(written, *cell)
    return (int(written[:4]), (at, at + len(written))) if at >= 0 else None


def _table_at(norm: str, lines: list[Cell], first: int) -> tuple[list[_Goal], int]:
    """The goals of a table whose header is lines[first], and how many lines it takes (0: none)."""
    line = lines[first]
    if line[1] - line[0] > _MAX_LINE or _PROSE().search(norm, *line):
        return [], 0
    cells, bars = _cells(norm, line)
    if len(cells) < 2:
        return [], 0
    columns = _year_columns(norm, cells)
    if columns is not None:
        return _rows(norm, lines, first, columns, bars, turned=False)
    columns = _indicator_columns(norm, cells)
    if columns is not None:
        return _rows(norm, lines, first, columns, bars, turned=True)
    return [], 0


def _year_columns(norm: str, cells: list[Cell]) -> list[_Column] | None:
    """The columns after the label of a header whose columns are years (2024年 | 2025年目标值)."""
    rules = _rules()
    kinds: list[_Column] = []
    for cell in cells:
        year = _year(norm, cell)
        text = _squash(norm, cell)
        if year is not None:
            kinds.append(_Column("year", year[1], year[0], cell))
        elif rules.unit_column.match(text):
            kinds.append(_Column("unit", cell))
        elif _YEARISH().match(text) or rules.base.search(text) or kinds:
            kinds.append(_Column("skip", cell))        # a base year, 属性, 备注 …
        # else: the label (指标, 主要指标): what stands before the first column
    label = len(cells) - len(kinds)
    if not any(k.kind == "year" for k in kinds) or label > 2:
        return None
    if label == 0 and _YEARISH().match(_squash(norm, cells[0])) is None:
        return None
    return kinds


def _indicator_columns(norm: str, cells: list[Cell]) -> list[_Column] | None:
    """The columns of a turned table's header: 年份 | 地区生产总值（亿元） | 常住人口（万人）."""
    if not _rules().years_label.match(_squash(norm, cells[0])):
        return None
    kinds = [_Column("indicator" if _UNIT_BRACKET().search(norm[s:e]) else "skip", (s, e)) for s, e in cells[1:]]
    return kinds if any(k.kind == "indicator" for k in kinds) else None


def _rows(norm: str, lines: list[Cell], first: int, columns: list[_Column], bars: bool,
          *, turned: bool) -> tuple[list[_Goal], int]:
    goals: list[_Goal] = []
    j = first + 1
    width = len(columns)
    while j < len(lines):
        line = lines[j]
        if line[1] - line[0] > _MAX_LINE or _PROSE().search(norm, *line):
            break
        cells, row_bars = _cells(norm, line)
        if len(cells) < width + 1 or (row_bars and len(cells) > width + 2):
            break
        # the indicator is the cell before the values; one more before it is a category or a 序号
        # (类别 | 指标 | 2025年), printed once over the rows it spans
        head = cells[len(cells) - width - 1]
        values = cells[len(cells) - width:]
        row = _turned_row(norm, head, values, columns) if turned else _year_row(norm, head, values, columns)
        if row is None:
            break
        goals.extend(row)
        j += 1
    return goals, (j - first if j > first + 1 else 0)


def _fills(norm: str, cell: Cell) -> bool | None:
    """True for a number, False for a blank (—, 待定), None for anything else."""
    text = _squash(norm, cell)
    if _rules().blank.match(text) or not text:
        return False
    return True if _number(norm, cell) is not None else None


def _year_row(norm: str, head: Cell, values: list[Cell], columns: list[_Column]) -> list[_Goal] | None:
    """A row of a table whose columns are years: 地区生产总值增速（%） | 6 | 6.5."""
    indicator = norm[head[0]:head[1]]
    if not re.search(r"[\u4e00-\u9fff]", indicator) or _YEARISH().match(indicator):
        return None
    unit = _bracket_unit(indicator)
    for column, cell in zip(columns, values, strict=True):
        if column.kind == "unit" and unit is None:
            unit = _squash(norm, cell) or None
    out = []
    filled = False
    for column, cell in zip(columns, values, strict=True):
        if column.kind != "year":
            continue
        fills = _fills(norm, cell)
        if fills is None:
            return None
        filled = True
        if fills:
            out.append(_Goal(head, cell, column.cell, column.year, unit, column.header))
    return out if filled else None


def _turned_row(norm: str, head: Cell, values: list[Cell], columns: list[_Column]) -> list[_Goal] | None:
    """A row of a table whose rows are years: 2025年 | 6.5 | 1200. A base-year row gives nothing."""
    text = _squash(norm, head)
    if not _YEARISH().match(text):
        return None
    year = _year(norm, head)
    out = []
    for column, cell in zip(columns, values, strict=True):
        if column.kind != "indicator":
            continue
        fills = _fills(norm, cell)
        if fills is None:
            return None
        if fills and year is not None:
            out.append(_Goal(column.cell, cell, year[1], year[0], _bracket_unit(norm[slice(*column.cell)]), head))
    return out


def _bracket_unit(text: str) -> str | None:
    m = _UNIT_BRACKET().search(text)
    return m.group("unit").strip() if m else None


class _Value(NamedTuple):
    start: int                     # offsets in the cell
    end: int
    low: Decimal
    high: Decimal | None
    unit: str | None               # a unit written in the cell: 6.5%, 3万人
    comparator: str | None


def _number(norm: str, cell: Cell) -> _Value | None:
    """The number of a goal cell, with its unit and comparator word (≥6, 6以上, 3万人左右), or None."""
    text = norm[cell[0]:cell[1]]
    words = _rules().comparators
    for m in _NUMBER().finditer(text):
        before, after = text[:m.start()].strip(), text[m.end():].strip()
        if before and before not in words:
            continue
        unit, end = m.group("p"), m.end()
        if after and after not in words and not unit:   # a unit in the cell, maybe then a comparator
            rest = text[m.end():]
            cut = next((k for k in range(len(rest), 0, -1) if rest[:k].strip() and unit_factor(rest[:k].strip())
                        and rest[k:].strip() in ("", *words)), None)
            if cut is None:
                continue
            unit, end, after = rest[:cut].strip(), m.end() + len(rest[:cut].rstrip()), rest[cut:].strip()
        elif after and after not in words:
            continue
        comparator = words.get(after) if after else words.get(before) if before else None
        high = Decimal(m.group("n2")) if m.group("n2") else None
        return _Value(m.start(), end, Decimal(m.group("n")), high, unit, comparator)
    return None


def _target(doc: DocText, goal: _Goal, deadlines: Sequence[Deadline]) -> Target | None:
    norm, raw = doc.norm, doc.raw
    value = _number(norm, goal.value)
    if value is None:
        return None
    written_unit = value.unit or goal.unit
    if not written_unit:
        return None                                    # a number without a unit says too little
    unit, factor = unit_factor(written_unit) or (written_unit, Decimal(1))
    a, b = goal.value[0] + value.start, goal.value[0] + value.end
    comparator = value.comparator
    if comparator is None:
        header = norm[goal.header[0]:goal.header[1]]
        comparator = next((c for w, c in _rules().comparators.items() if w in header and len(w) == 1), None)
    indicator = _UNIT_BRACKET().sub("", raw[goal.indicator[0]:goal.indicator[1]])
    metric = _SERIAL().sub("", indicator).strip() or None
    return Target.model_construct(
        text=raw[a:b],
        span=(a, b),
        value=clean(value.low * factor),
        unit=unit,
        upper=None if value.high is None else clean(value.high * factor),
        raw_value=clean(value.low),
        raw_unit=written_unit,
        comparator=comparator or "eq",
        metric=metric,
        deadline=_deadline(raw, goal, deadlines),
    )


def _deadline(raw: str, goal: _Goal, deadlines: Sequence[Deadline]) -> Deadline:
    """The measure's deadline at the year cell, else a new one ending on the year's last day."""
    for deadline in deadlines:
        if deadline.span == goal.year_cell:
            return deadline
    s, e = goal.year_cell
    return Deadline.model_construct(text=raw[s:e], span=(s, e), end=dt.date(goal.year, 12, 31))


def with_target_deadlines(deadlines: list[Deadline], targets: Sequence[Target]) -> list[Deadline]:
    """The measure's deadlines and, in text order, the years of its goal tables (a target's deadline
    that is none of them): every time limit stated in the measure is one of its deadlines."""
    spans = {d.span for d in deadlines}
    extra = {t.deadline.span: t.deadline for t in targets if t.deadline is not None and t.deadline.span not in spans}
    return sorted([*deadlines, *extra.values()], key=lambda d: d.span) if extra else deadlines
