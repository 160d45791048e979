"""Task tables that reached the text without their grid: one cell per line, or one row per line.

A portal page or a converted DOCX can deliver a task table (重点任务清单) as

    序号 / 主要任务 / 责任单位 / 完成时限 / 1 / 地区生产总值增长6%左右。 / 市发展改革委 / 年底前 / 2 / …

(each cell on a line of its own) or as one line per row with `|` or tabs between the cells. The header
row names the columns (the `task_table` words of rules/html_chrome.yaml, shared with the HTML and
DOCX readers); each row then becomes a measure numbered by its 序号 cell, whose agency cells are its
responsibility clause, as the same table read from HTML would give. Only offsets are returned.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from .rules import load_rules
from .text import DocText

_MAX_COLUMNS = 8
_HEADER_CELL = 14        # a header cell is short: 主 要 工 作 任 务, 责任单位
_NUMBER_CELL = re.compile(r"(?P<n>[0-9]{1,4})[ ]*[|]?[ ]*$")
_SEPARATOR = re.compile(r"[ ]*(?:\||\t)[ ]*")


class Row(NamedTuple):
    """One row: its number (the 序号 cell) and the (column kind, start, end) of its other cells."""

    number: int
    start: int          # the number's start
    number_end: int     # the number's end
    text_start: int     # where the row's first cell after the number starts
    cells: list[tuple[str, int, int]]


class TextTable(NamedTuple):
    """A table printed as text: its header line(s) and its rows, in order."""

    header: list[tuple[int, int]]                  # spans of the header line(s)
    rows: list[Row]


_KINDS = ("sequence", "lead", "support", "responsible", "deadline", "task")   # in the order they are tried


@cache
def _column(kind: str) -> re.Pattern:
    """The pattern of a column kind: the kinds after 序号 are needed only below a 序号 cell."""
    return re.compile(load_rules("html_chrome.yaml")["task_table"][kind])


def _squashed(cell: str) -> str | None:
    """The cell without spaces, if it can be a header cell: short, without digits."""
    squashed = cell.replace(" ", "")
    if not squashed or len(squashed) > _HEADER_CELL or any(c.isdigit() for c in squashed):
        return None
    return squashed


def column_kind(cell: str) -> str | None:
    """What a header cell names: sequence, task, lead, support, responsible, deadline; or None."""
    squashed = _squashed(cell)
    if squashed is None:
        return None
    return next((kind for kind in _KINDS if _column(kind).search(squashed)), None)


def _is_sequence(cell: str) -> bool:
    """column_kind(cell) == "sequence" (the first kind tried), without trying the others."""
    squashed = _squashed(cell)
    return squashed is not None and _column("sequence").search(squashed) is not None


def _kinds(cells: list[str]) -> list[str] | None:
    """The column kinds of a header row: 序号 first, then at least a task or an agency column."""
    kinds = [column_kind(c) for c in cells]
    if len(kinds) < 2 or kinds[0] != "sequence" or any(k is None for k in kinds[1:]):
        return None
    found = [k for k in kinds[1:] if k is not None]
    return found if {"lead", "support", "responsible", "deadline"} & set(found) else None


def find_text_tables(doc: DocText, lines: list[tuple[int, int]]) -> list[TextTable]:
    """Tables in the lines (trimmed (start, end) spans, in order)."""
    norm = doc.norm
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        text = norm[lines[i][0]:lines[i][1]]
        table = None
        if _is_sequence(text):
            table, i = _cell_table(doc, lines, i)
        elif "|" in text or "\t" in text:   # a _SEPARATOR
            table, i = _row_table(doc, lines, i)
        if table is not None and table.rows:
            tables.append(table)
        else:
            i += 1
    return tables


def _cell_table(doc: DocText, lines: list[tuple[int, int]], first: int) -> tuple[TextTable | None, int]:
    """A table printed one cell per line, its header starting at lines[first]."""
    norm = doc.norm
    header = [lines[first]]
    j = first + 1
    while j < len(lines) and len(header) < _MAX_COLUMNS and column_kind(norm[lines[j][0]:lines[j][1]]) not in (None, "sequence"):
        header.append(lines[j])
        j += 1
    kinds = _kinds([norm[s:e] for s, e in header])
    if kinds is None:
        return None, first
    table = TextTable(header=header, rows=[])
    expected = 1
    while j < len(lines):
        number = _NUMBER_CELL.fullmatch(norm, *lines[j])
        if number is None or int(number.group("n")) != expected:
            break
        cells: list[tuple[str, int, int]] = []
        k = j + 1
        while k < len(lines) and len(cells) < len(kinds):
            following = _NUMBER_CELL.fullmatch(norm, *lines[k])
            if following and int(following.group("n")) == expected + 1 and cells:
                break
            start, end = lines[k]
            end = _trim_bar(norm, start, end)
            cells.append((kinds[len(cells)], start, end))
            k += 1
        if not cells:
            break
        table.rows.append(Row(expected, number.start("n"), number.end("n"), cells[0][1], cells))
        expected += 1
        j = k
    return table, j


def _row_table(doc: DocText, lines: list[tuple[int, int]], first: int) -> tuple[TextTable | None, int]:
    """A table printed one row per line, cells between `|` or tabs, its header at lines[first]."""
    norm = doc.norm
    kinds = _kinds(_split(norm, *lines[first], spans=False))
    if kinds is None:
        return None, first
    table = TextTable(header=[lines[first]], rows=[])
    expected = 1
    j = first + 1
    while j < len(lines):
        cells = _split(norm, *lines[j], spans=True)
        head = _NUMBER_CELL.fullmatch(norm, cells[0][0], cells[0][1]) if cells else None
        if head is None or int(head.group("n")) != expected or len(cells) < 2:
            break
        named = [(kind, s, e) for kind, (s, e) in zip(kinds, cells[1:], strict=False)]
        table.rows.append(Row(expected, head.start("n"), head.end("n"), cells[1][0], named))
        expected += 1
        j += 1
    return table, j


def _split(norm: str, start: int, end: int, *, spans: bool) -> list:
    """The cells of one row line: texts, or (start, end) spans when `spans`."""
    out = []
    pos = start
    for sep in _SEPARATOR.finditer(norm, start, end):
        if sep.start() > pos:
            out.append((pos, sep.start()))
        pos = sep.end()
    if pos < end:
        out.append((pos, end))
    return out if spans else [norm[s:e] for s, e in out]


def _trim_bar(norm: str, start: int, end: int) -> int:
    """A cell line may end with the `|` of its grid: 单笔力度(元) |."""
    while end > start and norm[end - 1] in "| ":
        end -= 1
    return end
