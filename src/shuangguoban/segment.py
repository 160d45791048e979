"""Segmentation: the document's parts (news lead, page chrome, portal metadata, header, body, closing)
and the measure tree in its body.

Everything here works on the normalised view and returns offsets, never copies of text, so every
span indexes the original. The lines and what a line can be are in lines.py, item numbers and the
tree in tree.py, a portal's label lines in portal_block.py, where a clause lies in clauses.py.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

from .clauses import group_clause_cuts
from .lazy import once
from .lines import (
    DATE_LINES,
    DISCLOSURE_LINES,
    PAGE_ARTIFACT_LINES,
    Line,
    any_of,
    is_chrome,
    is_closer,
    line_text,
    lines_of,
    lines_within,
    pieces_matching,
    split_lines,
)
from .models import ParseWarning
from .portal_block import metadata_lines, read_label_line
from .rules import alternation, load_rules
from .runon import split_run_on
from .text import DocText
from .texttable import TextTable, find_text_tables
from .tree import Marker, Node, build_tree, find_markers, marker_at, rebuilt


class Layout(NamedTuple):
    """Where the parts of the document are."""

    lines: list[Line]
    lead: tuple[int, int] | None                 # news lead, before 原文如下
    chrome: list[Line]
    metadata: list[tuple[str, int, int]]         # (field, value start, value end)
    header: list[Line]                           # lines between the lead/metadata and the first measure
    body: tuple[int, int]                        # first measure start .. end of the last measure
    closing: list[Line]                          # signature, attachments, footers after the body
    table_heads: list[Line]                      # header rows of task tables printed as text
    roots: list[Node]
    warnings: list[ParseWarning]


class _PageMatter(NamedTuple):
    """The lines after the lead, sorted: portal metadata, page chrome, and the circular's own lines."""

    metadata: list[tuple[str, int, int]]
    chrome: list[Line]
    content: list[Line]


@once
def _news_lead() -> re.Pattern:
    """A news report of a circular's issue: 本报讯 / （记者 …） / 新华社…日电, then …印发《"""
    words = load_rules("document_parts.yaml")["news_lead"]
    return re.compile(r"^.{0,30}(?:" + alternation(words["report_words"]) + r")[^。]{0,80}(?:"
                      + alternation(words["issue_verbs"]) + r")(?:了)?《")


def layout(doc: DocText) -> Layout:
    """Find the parts of the document and the measure tree."""
    norm = doc.norm
    physical = split_lines(norm)
    lines = _split_run_on(norm, physical)
    # Pieces of run-on lines: the whole-text line patterns (X_LINES) see only physical lines.
    whole = set(physical) if len(lines) != len(physical) else set()
    pieces = [ln for ln in lines if ln not in whole] if whole else []
    lead_end = find_lead(doc, lines)
    # The marker line (…以下为方案全文：) belongs to the lead, and may be all of it.
    lead = None if lead_end is None else (lines[0].start, lines[lead_end].end)
    first = 0 if lead_end is None else lead_end + 1
    page = _page_matter(doc, lines, first, pieces)
    warnings: list[ParseWarning] = []
    if not page.content:
        return Layout(lines, lead, page.chrome, page.metadata, [], (0, 0), [], [], [], warnings)

    # Task tables printed as text: their rows are measures, their header rows are neither header nor body.
    content = page.content
    tables = find_text_tables(doc, [(ln.start, ln.end) for ln in content])
    heads = {span for table in tables for span in table.header}
    table_heads = [ln for ln in content if (ln.start, ln.end) in heads]
    content = [ln for ln in content if (ln.start, ln.end) not in heads] if heads else content
    markers = _with_table_rows(find_markers(doc, content, content[0].start, len(norm)), tables)
    body_end = _body_end(doc, lines[first:], markers)
    roots, interludes = _measure_tree(doc, content, [m for m in markers if m.start < body_end], body_end, pieces,
                                      tables, warnings)
    cuts = group_clause_cuts(doc, lines, roots)
    if cuts:
        roots = rebuilt(roots, cuts)
    header, body, closing = _around_body(norm, content, roots, interludes)
    warnings.extend(_page_artifacts(norm, content, body) if roots else [])
    return Layout(lines, lead, page.chrome, page.metadata, header, body, closing, table_heads, roots, warnings)


def _page_matter(doc: DocText, lines: list[Line], first: int, pieces: list[Line]) -> _PageMatter:
    """Page chrome and metadata may stand anywhere before the body: set them apart from the content."""
    norm = doc.norm
    page = _PageMatter([], [], [])
    labelled = metadata_lines(norm, pieces)
    value_lines: set[int] = set()
    for i, line in enumerate(lines[first:], first):
        if line.start in value_lines:
            continue
        if line.start in labelled:   # a label line, even one whose labels are all empty (主题分类：)
            pairs, below = read_label_line(doc, lines, i, labelled)
            if below is not None:
                value_lines.add(below.start)
            page.metadata.extend(pairs)
        elif _is_line_chrome(doc, line):
            page.chrome.append(line)
        else:
            page.content.append(line)
    return page


def _is_line_chrome(doc: DocText, line: Line) -> bool:
    """Page furniture, unless the line is a numbered item: （一）主办单位：… is a measure that happens to
    read like a footer's label."""
    return is_chrome(line_text(doc, line)) and marker_at(doc.norm, line.start, True) is None


def _body_end(doc: DocText, lines: list[Line], markers: list[Marker]) -> int:
    """The body ends at the first closer (附件, 抄送, a chrome line) after the measures start."""
    body_start = markers[0].start if markers else len(doc.norm)
    for line in lines:
        if line.start <= body_start:
            continue
        if is_closer(line_text(doc, line)) or _is_line_chrome(doc, line):
            return line.start
    return len(doc.norm)


def _measure_tree(doc: DocText, content: list[Line], markers: list[Marker], body_end: int, pieces: list[Line],
                  tables: list[TextTable], warnings: list[ParseWarning]) -> tuple[list[Node], list[Line]]:
    """The measure trees of the body, and the lines between two of them.

    A signature block (issuer and date, or a disclosure note) after some items closes them: a cover
    note's numbered requirements end there, and the forwarded plan numbers its items afresh after
    its own title. What stands between the two (signature, title, preamble) is header, not measure."""
    cells = {row.start: row.cells for table in tables for row in table.rows}
    roots: list[Node] = []
    interludes: list[Line] = []
    while markers:
        stop = _signature_start(doc, content, markers[0].start, body_end, pieces)
        segment_end = body_end if stop is None else stop
        roots.extend(build_tree(doc.norm, [m for m in markers if m.start < segment_end], segment_end, warnings, cells))
        markers = [m for m in markers if m.start > segment_end]
        if stop is None:
            break
        resume = markers[0].start if markers else body_end
        interludes.extend(ln for ln in content if stop <= ln.start < resume)
    return roots, interludes


def _around_body(norm: str, content: list[Line], roots: list[Node],
                 interludes: list[Line]) -> tuple[list[Line], tuple[int, int], list[Line]]:
    """(header, body, closing): the lines before the first measure (and between two trees), the extent
    of the measures, and the lines after the last measure."""
    if not roots:
        return content, (len(norm), len(norm)), []
    closing = [ln for ln in content if ln.start >= roots[-1].end]
    head = [ln for ln in content if ln.end <= roots[0].start]
    straddling = next((ln for ln in content if ln.start < roots[0].start < ln.end), None)
    if straddling is not None:   # a run-on text: the header shares its line with the first measure
        end = roots[0].start
        while end > straddling.start and norm[end - 1] == " ":
            end -= 1
        head.append(Line(straddling.start, end))
    closing_starts = {ln.start for ln in closing}
    header = head + [ln for ln in interludes if ln.start not in closing_starts]
    return header, (roots[0].start, roots[-1].end), closing


def _page_artifacts(norm: str, content: list[Line], body: tuple[int, int]) -> list[ParseWarning]:
    """A warning for each page number or running header left inside the body."""
    artifacts = lines_of(PAGE_ARTIFACT_LINES, norm, *body)
    return [ParseWarning.model_construct(code="page_artifact", message="a page number or running header inside the body",
                                         span=(line.start, line.end))
            for line in content if line.start in artifacts and body[0] <= line.start < body[1]]


def find_lead(doc: DocText, lines: list[Line]) -> int | None:
    """Index of the line that ends a news lead (原文如下), within the first lines of the text."""
    pattern = any_of("lead_markers", regex)   # by regex: see bench/COSTS.md
    for i, line in enumerate(lines[:40]):
        if pattern.search(line_text(doc, line)):
            return i
    # Without a marker, a first paragraph written as news (…讯, 记者, …日电) that reports the
    # circular's issue (印发《…》) is a lead too.
    if lines and _news_lead().search(line_text(doc, lines[0])):
        return 0
    return None


def _split_run_on(norm: str, lines: list[Line]) -> list[Line]:
    """The lines, each run-on line cut back into the lines it was made of (see runon.py)."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        out.extend(split_run_on(norm, line, first=i == 0))
    return out


def _with_table_rows(markers: list[Marker], tables: list[TextTable]) -> list[Marker]:
    """The markers, with each table row's number as a marker in place of any found inside the table."""
    if not tables:
        return markers
    extents = [(t.rows[0].start, t.rows[-1].cells[-1][2]) for t in tables]
    kept = [m for m in markers if not any(start <= m.start < end for start, end in extents)]
    rows = [Marker("row", row.number, row.start, row.text_start, row.number_end, True)
            for table in tables for row in table.rows]
    return sorted(kept + rows, key=lambda m: m.start)


def _signature_start(doc: DocText, lines: list[Line], after: int, body_end: int, pieces: list[Line] | None = None) -> int | None:
    """Start of a closing signature block (issuer line + date line, or a lone date/disclosure) after the
    last item's first line, or None."""
    tail = [ln for ln in lines_within(lines, after, body_end) if ln.start < body_end]
    signed = lines_of(DATE_LINES, doc.norm, after, body_end) | lines_of(DISCLOSURE_LINES, doc.norm, after, body_end)
    if pieces:
        signed |= pieces_matching(doc.norm, [p for p in pieces if after <= p.start < body_end], DATE_LINES, DISCLOSURE_LINES)
    for i, line in enumerate(tail):
        if line.start > after and line.start in signed:
            previous = tail[i - 1]
            prev_text = line_text(doc, previous)
            if previous.start > after and len(prev_text) <= 30 and "。" not in prev_text and not prev_text.endswith(")"):
                return previous.start
            return line.start
    return None
