"""Segmentation: the document's parts (lead, page chrome, header, body, closing) and the measure tree.

Everything here works on the normalised view and returns offsets, never copies of text, so every
span indexes the original. Numbering styles come from rules/headings.yaml; a style's level is the
order in which the document first nests it (一、 then （一） then 1.), and a number is accepted as a
new item only where it continues its style's sequence, so `2024年` or `12.5万亩` never start one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

from .clause_grammar import looks_like_clause
from .models import ParseWarning
from .numbers import parse_number
from .rules import load_rules
from .runon import split_run_on
from .text import DocText
from .texttable import TextTable, find_text_tables

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


# Line and Marker are NamedTuples, not frozen dataclasses: one of each is made per line of the text,
# and a frozen dataclass's __init__ costs several times a tuple's.
class Line(NamedTuple):
    """One physical line, trimmed of surrounding spaces: [start, end) offsets."""

    start: int
    end: int


class Marker(NamedTuple):
    """An item number found in the text: its style, value, and the span of the number as printed."""

    style: str
    number: int
    start: int
    end: int          # end of the marker (the item's text follows)
    label_end: int    # end of the label proper (without a trailing 、 or .)
    line_start: bool  # at the start of a line (else inside one: a one-line body)
    after_space: bool = False  # inside a line after spaces only (no full stop or bracket before it)


@dataclass(slots=True)
class Node:
    """A measure while it is being built: marker, extent and children."""

    marker: Marker
    level: int
    start: int
    end: int
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    cells: list[tuple[str, int, int]] = field(default_factory=list)  # a table row's cells (kind, start, end)


@dataclass(slots=True)
class Layout:
    """Where the parts of the document are."""

    lines: list[Line]
    lead: tuple[int, int] | None = None           # news lead, before 原文如下
    chrome: list[Line] = field(default_factory=list)
    metadata: list[tuple[str, int, int]] = field(default_factory=list)  # (field, value start, value end)
    header: list[Line] = field(default_factory=list)   # lines between the lead/metadata and the first measure
    body: tuple[int, int] = (0, 0)                # first measure start .. end of the last measure
    closing: list[Line] = field(default_factory=list)  # signature, attachments, footers after the body
    table_heads: list[Line] = field(default_factory=list)  # header rows of task tables printed as text
    roots: list[Node] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


# --- rule tables, compiled once -------------------------------------------------------------

@lru_cache(maxsize=1)
def _rules() -> dict:
    return load_rules("headings.yaml")


@lru_cache(maxsize=1)
def _marker_pattern() -> re.Pattern:
    styles = _rules()["styles"]
    alternatives = [f"(?P<{name}>{spec['pattern'].replace('(?P<n>', f'(?P<{name}_n>')})" for name, spec in styles.items()]
    return re.compile("|".join(alternatives))


@cache
def _any_of(key: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _rules()[key]))


# A label ends at a colon, or at a table cell's bar (发布文号 | X |); on a portal line printed without
# colons (发布机构 某市商务局 文 号 某商务〔2023〕1号) at the spaces after it.
_LABEL_END = r"[ ]{0,4}[:|][ ]{0,4}"


@lru_cache(maxsize=1)
def _metadata_label() -> re.Pattern:
    return re.compile(r"(?P<label>" + _metadata_labels(stops=True) + r")" + _LABEL_END)


@lru_cache(maxsize=1)
def _bare_label() -> re.Pattern:
    """A label without a colon: at the start of the line or after a space, spaces after it."""
    return re.compile(r"(?:^|(?<=[ ]))(?P<label>" + _metadata_labels(stops=True) + r")[ ]+(?=[^ :|])")


@lru_cache(maxsize=1)
def _metadata_line() -> re.Pattern:
    """A line that starts with a metadata label, found in the whole text at once (see `_lines_of`):
    a label with its colon or bar; a long label (three characters or more) followed by spaces and a
    value; or a stop label (来源：) followed on the same line by a label (日期：)."""
    labels, stops = _metadata_labels(), _metadata_labels(stops=True, only_stops=True)
    return re.compile(r"^[ ]*(?P<body>(?:" + labels + r")" + _LABEL_END + r"|(?:" + _metadata_labels(min_length=3)
                      + r")[ ]+(?=[^ :|])|(?:" + stops + r")[ ]{0,4}:[^\n]*?[ ](?:" + labels + r")[ ]{0,4}:)", re.M)


def _metadata_labels(stops: bool = False, only_stops: bool = False, min_length: int = 1) -> str:
    """The labels as one alternation, longest first, each letter-spaced or not (标      题, 文 号).
    A two-character label that ends others (日期 in 成文日期) counts only where no word runs into it."""
    rules = _rules()
    labels = [] if only_stops else [*rules["metadata_labels"]]
    labels += rules["metadata_stop_labels"] if stops or only_stops else []
    labels = [label for label in labels if len(label) >= min_length]
    return "|".join(("" if len(label) > 2 else r"(?<![\u4e00-\u9fff])") + "[ ]{0,8}".join(map(re.escape, label))
                    for label in sorted(labels, key=len, reverse=True))


# A marker inside a line: after the end of a sentence or of a clause, then optional spaces.
_INLINE_HINT = re.compile(r"(?:[。;:)\]][ ]{0,4}|(?<=[^ ])[ ]{1,4})(?=[一二三四五六七八九十0-9①-⑳第]|\([ ]{0,2}[一二三四五六七八九十0-9])")
# A news report of a circular's issue: 本报讯 / （记者 …） / 新华社…日电, then …印发《
_NEWS_LEAD = re.compile(r"^.{0,30}(?:讯|日电|记者|消息)[^。]{0,80}(?:印发|发布|出台|公布)(?:了)?《")
# Whole-line patterns come in two forms from one source: X_LINE matches a line's trimmed text, and
# _X_LINES finds such lines in the whole text at once (group "body" is the trimmed line), so that a
# loop over thousands of lines asks a set instead of running a pattern on each. The sources match
# no line break, so a match never spans two lines.
def _line_patterns(body: str) -> tuple[re.Pattern, re.Pattern]:
    return re.compile(f"^(?:{body})$"), re.compile(f"^[ ]*(?P<body>{body})[ ]*$", re.M)


# A date alone on a line (成文日期 in a signature block).
DATE_LINE, _DATE_LINES = _line_patterns(
    r"[0-9〇○零一二三四五六七八九十]{4}[ ]{0,2}年[ ]{0,2}[0-9一二三四五六七八九十]{1,3}[ ]{0,2}月[ ]{0,2}[0-9一二三四五六七八九十]{1,3}[ ]{0,2}日")
# A page number line left by a print layout: — 3 —, -3-, 第3页.
_PAGE_ARTIFACT, _PAGE_ARTIFACT_LINES = _line_patterns(
    r"[-—－–][ ]{0,3}[0-9]{1,4}[ ]{0,3}[-—－–]|第[ ]{0,2}[0-9]{1,4}[ ]{0,2}页(?:[ ]{0,2}共[ ]{0,2}[0-9]{1,4}[ ]{0,2}页)?|[0-9]{1,4}[ ]{0,2}/[ ]{0,2}[0-9]{1,4}")
# Disclosure note: (此件公开发布)
DISCLOSURE_LINE, _DISCLOSURE_LINES = _line_patterns(r"\((?P<inner>此件[^()\n]{0,30}|[^()\n]{0,20}公开[^()\n]{0,10})\)")
# A label line that carries the responsibility clause of the item above it (牵头单位：…).
_LABEL_WORDS = r"(?:(?:牵头|责任|主要责任|负责|配合|协办|参与|支撑|支持|协同|主办|承办)(?:单位|部门)|责任主体|(?:部门|任务|责任)分工)[ ]{0,2}:"
CLAUSE_LABEL = re.compile("^" + _LABEL_WORDS)
# … or after the item's last sentence in the same line: 整治村容村貌。责任单位：县自然资源局
_INLINE_LABEL = re.compile("。[ ]*(" + _LABEL_WORDS + ")")


# --- lines ----------------------------------------------------------------------------------

# A non-blank line without its surrounding spaces: from its first to its last character that is
# neither a space nor a line break.
_TRIMMED_LINE = re.compile(r"[^ \n](?:[^\n]*[^ \n])?")


def split_lines(norm: str) -> list[Line]:
    """Non-blank lines with their trimmed extents."""
    return [Line._make(m.span()) for m in _TRIMMED_LINE.finditer(norm)]


def _lines_of(pattern: re.Pattern, norm: str, start: int = 0, end: int | None = None) -> set[int]:
    """Starts of the (trimmed) lines in norm[start:end] that a _X_LINES pattern finds."""
    found = pattern.finditer(norm, start) if end is None else pattern.finditer(norm, start, end)
    return {m.start("body") for m in found}


def lines_within(lines: list[Line], start: int, end: int) -> list[Line]:
    """The lines that start at or after `start` and end by `end` (lines are sorted and disjoint)."""
    first = bisect_left(lines, start, key=lambda ln: ln.start)
    last = bisect_right(lines, end, key=lambda ln: ln.end)
    return lines[first:max(first, last)]


def _line_text(doc: DocText, line: Line) -> str:
    return doc.norm[line.start:line.end]


def is_chrome(text: str) -> bool:
    """Navigation, tool bars and footers of a web page: short lines without a sentence in them."""
    return len(text) <= 100 and "。" not in text and bool(_any_of("chrome").search(text))


def _is_line_chrome(doc: DocText, line: Line) -> bool:
    """Page furniture, unless the line is a numbered item: （一）主办单位：… is a measure that happens to
    read like a footer's label."""
    return is_chrome(_line_text(doc, line)) and _marker_at(doc.norm, line.start, True) is None


def is_closer(text: str) -> bool:
    return bool(_any_of("closers").search(text))


def is_page_artifact(text: str) -> bool:
    return bool(_PAGE_ARTIFACT.match(text))


# --- markers --------------------------------------------------------------------------------

def _marker_at(norm: str, pos: int, line_start: bool) -> Marker | None:
    m = _marker_pattern().match(norm, pos)
    if not m:
        return None
    style = m.lastgroup
    if style is None or style.endswith("_n"):
        style = next(name for name in _rules()["styles"] if m.group(name) is not None)
    digits = m.group(f"{style}_n")
    if digits.isascii() and digits.isdigit():    # the common case, without parse_number's Decimal
        number: Decimal | int | None = int(digits)
    else:
        number = _CIRCLED.index(digits) + 1 if style == "circled" else parse_number(digits)
    if number is None or number < 1 or number != int(number):
        return None
    end = m.end()
    label_end = m.end(f"{style}_n")
    if style in ("pcn", "par"):
        label_end = norm.index(")", label_end) + 1
    elif style in ("article", "chapter"):
        label_end = norm.index("条" if style == "article" else "章", label_end) + 1
    rest = norm[end:end + 1]
    if not rest or rest in "\n%":       # a bare number with nothing after it is not an item
        return None
    return Marker(style, int(number), m.start(), end, label_end, line_start)


def find_markers(doc: DocText, lines: list[Line], start: int, end: int) -> list[Marker]:
    """Candidate item markers in [start, end): at the start of each line, and inside lines after a
    sentence end (for bodies printed as one line). Candidates are filtered by `build_tree`."""
    norm = doc.norm
    found: list[Marker] = []
    for line in lines:
        if line.end <= start or line.start >= end:
            continue
        marker = _marker_at(norm, line.start, True)
        if marker:
            found.append(marker)
        for hit in _INLINE_HINT.finditer(norm, line.start, line.end):
            inner = _marker_at(norm, hit.end(), False)
            if inner:
                found.append(inner._replace(after_space=norm[hit.start()] == " "))
    return found


# --- the tree -------------------------------------------------------------------------------

def build_tree(norm: str, markers: list[Marker], body_end: int, warnings: list[ParseWarning]) -> list[Node]:
    """Nest the accepted markers. A style already open continues its sequence (or jumps a little, with a
    warning); a new style opens one level deeper with 1, or continues where it last stopped."""
    stack: list[tuple[str, int]] = []        # (style, last number) from the outermost level
    last_seen: dict[str, int] = {}           # last number of a style, even after its level closed
    accepted: list[tuple[Marker, int]] = []  # marker and its level
    styles: list[str] = []                   # the styles of `stack`, outermost first
    for marker in markers:
        if marker.style in styles:
            depth = styles.index(marker.style)
            expected = stack[depth][1] + 1
            if marker.number == expected:
                pass
            elif marker.after_space:
                continue
            elif marker.line_start and expected < marker.number <= expected + 2:
                warnings.append(ParseWarning.model_construct(
                    code="numbering_gap",
                    message=f"item {marker.number} follows item {expected - 1}: item {expected} may be missing",
                    span=(marker.start, marker.end)))
            else:
                continue
            del stack[depth:]
            del styles[depth:]
        else:
            opens = marker.number == 1 or last_seen.get(marker.style) == marker.number - 1
            if marker.after_space and not (opens and accepted and _after_heading(norm, accepted[-1][0], marker)):
                continue  # after mere spaces only the next number of an open sequence starts an item
            continuing = last_seen.get(marker.style)
            if marker.number != 1 and not (continuing and marker.number == continuing + 1):
                continue
            if not marker.line_start and not stack and _char_before(norm, marker.start) not in ":。":
                continue  # a body printed on one line starts after 如下： or a full stop
            depth = len(stack)
        stack.append((marker.style, marker.number))
        styles.append(marker.style)
        last_seen[marker.style] = marker.number
        accepted.append((marker, depth + 1))

    roots: list[Node] = []
    open_nodes: list[Node] = []
    for i, (marker, level) in enumerate(accepted):
        end = accepted[i + 1][0].start if i + 1 < len(accepted) else body_end
        node = Node(marker=marker, level=level, start=marker.start, end=end)
        while open_nodes and open_nodes[-1].level >= level:
            open_nodes.pop()
        if open_nodes:
            node.parent = open_nodes[-1]
            open_nodes[-1].children.append(node)
        else:
            roots.append(node)
        open_nodes.append(node)
    return roots


def _after_heading(norm: str, previous: Marker, marker: Marker) -> bool:
    """A first sub-item after a heading run on one line with it: 一、夯实数字基础 1.推进…"""
    between = norm[previous.end:marker.start].strip(" ")
    return 0 < len(between) <= 30 and not any(c in between for c in "。,;:\n")


def _char_before(norm: str, pos: int) -> str:
    """The last non-space character before pos."""
    i = pos - 1
    while i >= 0 and norm[i] == " ":
        i -= 1
    return norm[i] if i >= 0 else ""


def _close_extents(node: Node, norm: str) -> None:
    """A parent ends where its last descendant ends; every node's end drops trailing blanks."""
    for child in node.children:
        _close_extents(child, norm)
    end = node.end
    if node.children:
        end = max(end, node.children[-1].end)
    while end > node.start and norm[end - 1] in " \n":
        end -= 1
    node.end = end


def walk_nodes(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk_nodes(node.children)


# --- the parts of the document ---------------------------------------------------------------

def find_lead(doc: DocText, lines: list[Line]) -> int | None:
    """Index of the line that ends a news lead (原文如下), within the first lines of the text."""
    pattern = _any_of("lead_markers")
    for i, line in enumerate(lines[:40]):
        if pattern.search(_line_text(doc, line)):
            return i
    # Without a marker, a first paragraph written as news (…讯, 记者, …日电) that reports the
    # circular's issue (印发《…》) is a lead too.
    if lines and _NEWS_LEAD.search(_line_text(doc, lines[0])):
        return 0
    return None


def read_metadata_block(doc: DocText, line: Line) -> list[tuple[str, int, int]]:
    """Label–value pairs of a portal metadata line (索引号：… 发文字号：…), values as spans. A stop label
    (信息来源：, 浏览次数：) ends the value before it and is not kept."""
    text = _line_text(doc, line)
    pattern = _metadata_label()
    if not pattern.match(text):
        pattern = _bare_label()
        if not pattern.match(text):
            return []
    labels = list(pattern.finditer(text))
    fields = _rules()["metadata_labels"]
    pairs = []
    for i, label in enumerate(labels):
        name = fields.get(label.group("label").replace(" ", ""))
        value_end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[label.end():value_end].rstrip(" |")
        if value and name:
            pairs.append((name, line.start + label.end(), line.start + label.end() + len(value)))
    return pairs


def layout(doc: DocText) -> Layout:
    """Find the parts of the document and the measure tree."""
    norm = doc.norm
    physical = split_lines(norm)
    lines = _split_run_on(norm, physical)
    parts = Layout(lines=lines)
    # Pieces of run-on lines: the whole-text line patterns (_X_LINES) see only physical lines.
    whole = set(physical) if len(lines) != len(physical) else set()
    pieces = [ln for ln in lines if ln not in whole] if whole else []
    first = 0
    lead_end = find_lead(doc, lines)
    if lead_end is not None:
        # The marker line (…以下为方案全文：) belongs to the lead, and may be all of it.
        parts.lead = (lines[0].start, lines[lead_end].end)
        first = lead_end + 1

    # Page chrome and metadata may stand anywhere before the body; skip them.
    content: list[Line] = []
    labelled = _lines_of(_metadata_line(), norm) | _pieces_matching(norm, pieces, _metadata_line())
    value_lines: set[int] = set()
    for i, line in enumerate(lines[first:], first):
        if line.start in value_lines:
            continue
        if line.start in labelled:   # a label line, even one whose labels are all empty (主题分类：)
            pairs = read_metadata_block(doc, line)
            value = _value_below(doc, lines, i, labelled) if not pairs else None
            if value is not None:    # 发文机关： / 某市人民政府办公室 — the value on the next line
                pairs = [(_rules()["metadata_labels"][value[0]], value[1].start, value[1].end)]
                value_lines.add(value[1].start)
            parts.metadata.extend(pairs)
        elif _is_line_chrome(doc, line):
            parts.chrome.append(line)
        else:
            content.append(line)
    if not content:
        return parts

    # Task tables printed as text: their rows are measures, their header rows are neither header nor body.
    tables = find_text_tables(doc, [(ln.start, ln.end) for ln in content])
    if tables:
        heads = {span for table in tables for span in table.header}
        parts.table_heads = [ln for ln in content if (ln.start, ln.end) in heads]
        content = [ln for ln in content if (ln.start, ln.end) not in heads]
    # The body ends at the first closer (附件, 抄送, a chrome line) after the measures start.
    markers = _with_table_rows(find_markers(doc, content, content[0].start, len(norm)), tables)
    body_end = len(norm)
    body_start = markers[0].start if markers else len(norm)
    for line in lines[first:]:
        if line.start <= body_start:
            continue
        if is_closer(_line_text(doc, line)) or _is_line_chrome(doc, line):
            body_end = line.start
            break
    markers = [m for m in markers if m.start < body_end]
    # A signature block (issuer and date, or a disclosure note) after some items closes them: a cover
    # note's numbered requirements end there, and the forwarded plan numbers its items afresh after
    # its own title. What stands between the two (signature, title, preamble) is header, not measure.
    roots: list[Node] = []
    interludes: list[Line] = []
    while markers:
        stop = _signature_start(doc, content, markers[0].start, body_end, pieces)
        segment_end = body_end if stop is None else stop
        roots.extend(build_tree(norm, [m for m in markers if m.start < segment_end], segment_end, parts.warnings))
        markers = [m for m in markers if m.start > segment_end]
        if stop is None:
            break
        resume = markers[0].start if markers else body_end
        interludes.extend(ln for ln in content if stop <= ln.start < resume)
        if not markers:
            body_end = stop
    for root in roots:
        _close_extents(root, norm)
    if tables:
        cells = {row.start: row.cells for table in tables for row in table.rows}
        for node in walk_nodes(roots):
            node.cells = cells.get(node.marker.start, [])
    _reassign_group_clauses(doc, lines, roots)
    parts.roots = roots
    if roots:
        parts.body = (roots[0].start, roots[-1].end)
        closing = [ln for ln in content if ln.start >= roots[-1].end]
        head = [ln for ln in content if ln.end <= roots[0].start]
        straddling = next((ln for ln in content if ln.start < roots[0].start < ln.end), None)
        if straddling is not None:   # a run-on text: the header shares its line with the first measure
            end = roots[0].start
            while end > straddling.start and norm[end - 1] == " ":
                end -= 1
            head.append(Line(straddling.start, end))
        closing_starts = {ln.start for ln in closing}     # a set: 40,000 date lines must not scan a list each
        parts.header = head + [ln for ln in interludes if ln.start not in closing_starts]
        parts.closing = closing
    else:
        parts.header = content
        parts.body = (len(norm), len(norm))
    artifacts = _lines_of(_PAGE_ARTIFACT_LINES, norm, *parts.body) if roots else set()
    for line in content:
        if line.start in artifacts and parts.body[0] <= line.start < parts.body[1]:
            parts.warnings.append(ParseWarning.model_construct(code="page_artifact", message="a page number or running header inside the body",
                                          span=(line.start, line.end)))
    return parts


def _value_below(doc: DocText, lines: list[Line], i: int, labelled: set[int]) -> tuple[str, Line] | None:
    """(label, value line) when lines[i] is one bare label (发文机关：) and the next line is its value."""
    label = re.fullmatch(r"(?P<label>" + _metadata_labels() + r")[ ]{0,4}[:|]", _line_text(doc, lines[i]))
    if label is None or i + 1 >= len(lines) or lines[i + 1].start in labelled:
        return None
    below = lines[i + 1]
    text = _line_text(doc, below)
    if len(text) > 60 or _marker_at(doc.norm, below.start, True) is not None or ":" in text:
        return None
    return label.group("label").replace(" ", ""), below


def _split_run_on(norm: str, lines: list[Line]) -> list[Line]:
    """The lines, each run-on line cut back into the lines it was made of (see runon.py)."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        out.extend(Line(start, end) for start, end in split_run_on(norm, line.start, line.end, first=i == 0))
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


def _pieces_matching(norm: str, pieces: list[Line], *patterns: re.Pattern) -> set[int]:
    """Starts of the run-on pieces that a _X_LINES pattern would find if they were lines."""
    found = set()
    for piece in pieces:
        text = norm[piece.start:piece.end] + "\n"
        if any(p.match(text) for p in patterns):
            found.add(piece.start)
    return found


def _signature_start(doc: DocText, lines: list[Line], after: int, body_end: int, pieces: list[Line] | None = None) -> int | None:
    """Start of a closing signature block (issuer line + date line, or a lone date/disclosure) after the
    last item's first line, or None."""
    tail = [ln for ln in lines_within(lines, after, body_end) if ln.start < body_end]
    signed = _lines_of(_DATE_LINES, doc.norm, after, body_end) | _lines_of(_DISCLOSURE_LINES, doc.norm, after, body_end)
    if pieces:
        signed |= _pieces_matching(doc.norm, [p for p in pieces if after <= p.start < body_end], _DATE_LINES, _DISCLOSURE_LINES)
    for i, line in enumerate(tail):
        if line.start > after and line.start in signed:
            previous = tail[i - 1]
            prev_text = _line_text(doc, previous)
            if previous.start > after and len(prev_text) <= 30 and "。" not in prev_text and not prev_text.endswith(")"):
                return previous.start
            return line.start
    return None


def _is_standalone_clause(doc: DocText, line: Line) -> bool:
    text = _line_text(doc, line)
    if CLAUSE_LABEL.match(text):
        return True
    if text.startswith("(") and text.endswith((")", ")。")):
        inner = text[1:text.rindex(")")]
        return "(" not in inner.replace("(市、区)", "") and looks_like_clause(inner)
    return False


def _reassign_group_clauses(doc: DocText, lines: list[Line], roots: list[Node]) -> None:
    """A clause after a group of sub-items closes the group's node, not the last sub-item: a clause line
    when the earlier sub-items carry no clause of their own (（1）…（4） then （市发展改革委牵头）), or a
    closing sentence that says so (以上工作由……负责)."""
    for node in walk_nodes(roots):
        if len(node.children) < 2:
            continue
        last = node.children[-1]
        if last.children:
            continue
        cut = _group_sentence_start(doc, last)
        if cut is None and not last.marker.line_start:
            # Sub-items run on in one line ((1)…;(2)…。(牵头单位:…)): a clause after the last of them is
            # the group's when none of the others has one.
            cut = _trailing_clause_start(doc, last)
            if cut is not None and any(_has_own_clause(doc, lines, sibling) for sibling in node.children[:-1]):
                continue
        if cut is None:
            own = lines_within(lines, last.start, last.end)
            trailing: list[Line] = []
            for line in reversed(own[1:]):
                if _is_standalone_clause(doc, line):
                    trailing.insert(0, line)
                else:
                    break
            if not trailing or any(_has_own_clause(doc, lines, sibling) for sibling in node.children[:-1]):
                continue
            cut = trailing[0].start
        while cut > last.start and doc.norm[cut - 1] in " \n":
            cut -= 1
        last.end = cut


# 以上工作由市住建局、市公安局按职责分工负责。 — a closing sentence about the whole group.
_GROUP_SENTENCE = re.compile(r"(?:以上|上述)[^。]{0,12}由[^。]{2,120}?(?:负责|承担)[^。]{0,8}。?$")


def _group_sentence_start(doc: DocText, node: Node) -> int | None:
    """Start of a last sentence of the node that hands the whole group above to its agencies."""
    norm = doc.norm
    end = node.end
    while end > node.start and norm[end - 1] in " \n":
        end -= 1
    start = max(norm.rfind("。", node.start, max(node.start, end - 1)) + 1, node.marker.end)
    while start < end and norm[start] in " \n":
        start += 1
    return start if _GROUP_SENTENCE.match(norm, start, end) else None


def _trailing_clause_start(doc: DocText, node: Node) -> int | None:
    """Where the node's closing clause parenthetical opens, when its text ends with one after a full stop."""
    norm = doc.norm
    end = node.end
    while end > node.start and norm[end - 1] in " \n。":
        end -= 1
    if end <= node.start or norm[end - 1] != ")":
        return None
    open_at = matching_open(norm, end - 1, limit=end - node.start)
    if open_at is None or _char_before(norm, open_at) != "。" or not looks_like_clause(norm[open_at + 1:end - 1]):
        return None
    return open_at


def _has_own_clause(doc: DocText, lines: list[Line], node: Node) -> bool:
    text = doc.norm[node.start:node.end].rstrip("。 ")
    if any(_is_standalone_clause(doc, ln) for ln in lines_within(lines, node.start + 1, node.end)):
        return True
    if text.endswith(")"):
        open_at = matching_open(text, len(text) - 1)
        if open_at is not None:
            return looks_like_clause(text[open_at + 1:-1])
    return False


def unmatched_open(text: str, start: int, end: int) -> int | None:
    """The last '(' in [start, end) that no ')' closes: （市商务局，各县（市、区）人民政府负责 ← here."""
    depth = 0
    for i in range(end - 1, start - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


def matching_open(text: str, close_at: int, limit: int = 400) -> int | None:
    """Offset of the '(' that the ')' at close_at closes, scanning back at most `limit` characters."""
    c = text[close_at]
    depth = 1 if c == ")" else -1 if c == "(" else 0
    low = max(0, close_at - limit + 1)
    high = close_at
    while True:   # from bracket to bracket (str.rfind), not character by character
        opening = text.rfind("(", low, high)
        closing = text.rfind(")", low, high)
        if closing > opening:
            depth += 1
            high = closing
        elif opening >= 0:
            depth -= 1
            if depth == 0:
                return opening
            high = opening
        else:
            return None


# --- a measure's own text and its responsibility clause ---------------------------------------

# 由市发展改革委负责落实。 — a closing sentence naming who is responsible.
_BY_SENTENCE = re.compile(r"由[^。由]{2,120}?(?:牵头)?(?:负责|承担)[^。]{0,8}。?$")


# The start of an agency name: a clause cut off by the end of the text may hold only that much.
# … or a clause label cut inside its word: （牵头单
_AGENCY_START = re.compile(r"(?:[市区县省州盟旗镇乡]|各|国家|国务院|中共|团|自治|牵头|责任|配合|协办|主要责任)")


def _cut_off_clause(norm: str, open_at: int, end: int) -> bool:
    """A parenthetical that the end of the text cuts off, opening with an agency: （市政府办公室、市"""
    inner = norm[open_at + 1:end]
    return (len(inner) <= 80 and "。" not in inner and bool(_AGENCY_START.match(inner))
            and not norm[end:].strip(" \n"))


def own_ranges(node: Node) -> list[tuple[int, int]]:
    """The node's text without its children's, from the end of its number."""
    ranges = []
    pos = node.marker.end
    for child in node.children:
        if child.start > pos:
            ranges.append((pos, child.start))
        pos = child.end
    if node.end > pos:
        ranges.append((pos, node.end))
    return ranges


def clause_pieces(
    doc: DocText, node: Node, ranges: list[tuple[int, int]] | None = None
) -> tuple[list[tuple[int, int]], list[ParseWarning]]:
    """Spans of the node's responsibility clause: label lines (牵头单位：…), the content of its last
    top-level parenthetical when that names agencies, or a closing 由……负责 sentence. `ranges` are
    the node's `own_ranges`, when the caller has them already."""
    norm = doc.norm
    pieces: list[tuple[int, int]] = []
    warnings: list[ParseWarning] = []
    if ranges is None:
        ranges = own_ranges(node)
    if not ranges:
        return pieces, warnings
    label_lines: list[tuple[int, int]] = []
    prose_end = ranges[-1][1]
    for k, (start, end) in enumerate(ranges):
        text = norm[start:end]
        if ":" in text:
            first = 0   # a label line (牵头单位：) needs a colon: read every line
        elif k == len(ranges) - 1:
            # Only the last two lines can hold a page number that ends within a character of the text.
            first = text.rfind("\n", 0, max(text.rfind("\n"), 0)) + 1
        else:
            continue
        pos = start + first
        for chunk in text[first:].split("\n"):
            stripped = chunk.strip(" ")
            lead = len(chunk) - len(chunk.lstrip(" "))
            inline = _INLINE_LABEL.search(stripped) if stripped and not CLAUSE_LABEL.match(stripped) else None
            if stripped and CLAUSE_LABEL.match(stripped):
                label_lines.append((pos + lead, pos + lead + len(stripped)))
            elif inline is not None:
                label_lines.append((pos + lead + inline.start(1), pos + lead + len(stripped)))
            elif stripped and is_page_artifact(stripped) and pos + lead + len(stripped) >= prose_end - 1:
                prose_end = pos  # a page number after the clause is not part of it
            pos += len(chunk) + 1
    if label_lines:
        pieces.extend(label_lines)
        prose_end = min(prose_end, label_lines[0][0])
    # The last parenthetical of the prose before any label lines.
    start = ranges[-1][0] if ranges[-1][0] < prose_end else ranges[0][0]
    end = prose_end
    while end > start and norm[end - 1] in " \n。.;":
        end -= 1
    if end > start and norm[end - 1] == ")":
        open_at = matching_open(norm, end - 1, limit=end - start)
        if open_at is not None and looks_like_clause(norm[open_at + 1:end - 1]):
            pieces.insert(0, (open_at + 1, end - 1))
            return pieces, warnings
    elif end > start and not label_lines:
        unclosed = unmatched_open(norm, max(start, end - 300), end)
        if unclosed is not None and (looks_like_clause(norm[unclosed + 1:end]) or _cut_off_clause(norm, unclosed, end)):
            warnings.append(ParseWarning.model_construct(code="unclosed_clause", message="a responsibility clause without its closing parenthesis",
                                    span=(unclosed, end)))
            pieces.insert(0, (unclosed + 1, end))
            return pieces, warnings
    if not label_lines and end > start:
        sentence_start = max(norm.rfind("。", start, end - 1) + 1, start)
        sentence = norm[sentence_start:prose_end].rstrip(" \n")
        by = _BY_SENTENCE.search(sentence)
        if by:
            pieces.append((sentence_start + by.start(), sentence_start + by.end()))
    return pieces, warnings
