"""Item numbers and the measure tree they make.

Numbering styles come from rules/headings.yaml; a style's level is the order in which the document
first nests it (一、 then （一） then 1.), and a number is accepted as a new item only where it
continues its style's sequence, so `2024年` or `12.5万亩` never start one. Nodes are records: a
node's extent is known when it is made, and a changed tree is made again (`rebuilt`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from .lazy import once
from .lines import Line, headings
from .models import ParseWarning
from .numbers import parse_number
from .text import DocText

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


class Marker(NamedTuple):
    """An item number found in the text: its style, value, and the span of the number as printed."""

    style: str
    number: int
    start: int
    end: int          # end of the marker (the item's text follows)
    label_end: int    # end of the label proper (without a trailing 、 or .)
    line_start: bool  # at the start of a line (else inside one: a one-line body)
    after_space: bool = False  # inside a line after spaces only (no full stop or bracket before it)


class Node(NamedTuple):
    """A measure: marker, extent and children; `parent` is the node it is nested in."""

    marker: Marker
    level: int
    start: int
    end: int
    children: list[Node]
    parent: Node | None
    cells: list[tuple[str, int, int]]  # a table row's cells (kind, start, end)


@once
def _marker_pattern() -> re.Pattern:
    styles = headings()["styles"]
    alternatives = [f"(?P<{name}>{spec['pattern'].replace('(?P<n>', f'(?P<{name}_n>')})" for name, spec in styles.items()]
    return re.compile("|".join(alternatives))


# A marker inside a line: after the end of a sentence or of a clause, then optional spaces; or
# after spaces that follow a word. Written to open with one character set, so that re skips
# straight to the characters that can open it.
_INLINE_HINT = re.compile(r"[。;:)\] ](?:(?<! )[ ]{0,4}|(?<=[^ ] )[ ]{0,3})(?=[一二三四五六七八九十0-9①-⑳第]|\([ ]{0,2}[一二三四五六七八九十0-9])")


# --- markers --------------------------------------------------------------------------------

def marker_at(norm: str, pos: int, line_start: bool, after_space: bool = False) -> Marker | None:
    """The item number that starts at `pos`, or None."""
    m = _marker_pattern().match(norm, pos)
    if not m:
        return None
    style = m.lastgroup
    if style is None or style.endswith("_n"):
        style = next(name for name in headings()["styles"] if m.group(name) is not None)
    digits = m.group(f"{style}_n")
    if digits.isascii() and digits.isdigit():    # plain digits: read without parse_number
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
    return Marker(style, int(number), pos, end, label_end, line_start, after_space)


def find_markers(doc: DocText, lines: list[Line], start: int, end: int) -> list[Marker]:
    """Candidate item markers in [start, end): at the start of each line, and inside lines after a
    sentence end (for bodies printed as one line). Candidates are filtered by `build_tree`."""
    norm = doc.norm
    found: list[Marker] = []
    hints = _INLINE_HINT.finditer
    for line_start, line_end in lines:
        if line_end <= start or line_start >= end:
            continue
        marker = marker_at(norm, line_start, True)
        if marker:
            found.append(marker)
        for hit in hints(norm, line_start, line_end):
            inner = marker_at(norm, hit.end(), False, norm[hit.start()] == " ")
            if inner:
                found.append(inner)
    return found


# --- the tree -------------------------------------------------------------------------------

class _Sequences(NamedTuple):
    """The numbering sequences open while markers are read, and the markers accepted so far."""

    stack: list[tuple[str, int]]        # (style, last number) from the outermost level
    styles: list[str]                   # the styles of `stack`, outermost first
    last_seen: dict[str, int]           # last number of a style, even after its level closed
    accepted: list[tuple[Marker, int]]  # marker and its level


def build_tree(norm: str, markers: list[Marker], body_end: int, warnings: list[ParseWarning],
               cells: dict[int, list[tuple[str, int, int]]] | None = None) -> list[Node]:
    """Nest the accepted markers. A style already open continues its sequence (or jumps a little, with a
    warning); a new style opens one level deeper with 1, or continues where it last stopped. A node
    ends where its last descendant ends, trailing blanks dropped; a table row (its marker's start in
    `cells`) carries its cells."""
    seqs = _Sequences([], [], {}, [])
    for marker in markers:
        depth = _depth(norm, seqs, marker, warnings)
        if depth is None:
            continue
        seqs.stack.append((marker.style, marker.number))
        seqs.styles.append(marker.style)
        seqs.last_seen[marker.style] = marker.number
        seqs.accepted.append((marker, depth + 1))
    accepted = seqs.accepted
    parents = _parents(accepted)
    ends = _closed_ends(norm, accepted, parents, body_end)
    roots: list[Node] = []
    nodes: list[Node] = []
    for i, (marker, level) in enumerate(accepted):
        parent = nodes[parents[i]] if parents[i] >= 0 else None
        node = Node(marker, level, marker.start, ends[i], [], parent, (cells or {}).get(marker.start, []))
        nodes.append(node)
        (parent.children if parent is not None else roots).append(node)
    return roots


def _depth(norm: str, seqs: _Sequences, marker: Marker, warnings: list[ParseWarning]) -> int | None:
    """The depth at which the marker starts an item (the open sequences closed below it), or None."""
    if marker.style in seqs.styles:
        depth = seqs.styles.index(marker.style)
        expected = seqs.stack[depth][1] + 1
        if marker.number == expected:
            pass
        elif marker.after_space:
            return None
        elif marker.line_start and expected < marker.number <= expected + 2:
            warnings.append(ParseWarning.model_construct(
                code="numbering_gap",
                message=f"item {marker.number} follows item {expected - 1}: item {expected} may be missing",
                span=(marker.start, marker.end)))
        else:
            return None
        del seqs.stack[depth:]
        del seqs.styles[depth:]
        return depth
    return len(seqs.stack) if _opens(norm, seqs, marker) else None


def _opens(norm: str, seqs: _Sequences, marker: Marker) -> bool:
    """Whether a marker of a style not open now opens its sequence (or takes up where it stopped)."""
    continuing = seqs.last_seen.get(marker.style)
    opens = marker.number == 1 or continuing == marker.number - 1
    if marker.after_space and not (opens and seqs.accepted and _after_heading(norm, seqs.accepted[-1][0], marker)):
        return False  # after mere spaces only the next number of an open sequence starts an item
    if marker.number != 1 and not (continuing and marker.number == continuing + 1):
        return False
    # a body printed on one line starts after 如下： or a full stop
    return marker.line_start or bool(seqs.stack) or char_before(norm, marker.start) in ":。"


def _parents(accepted: list[tuple[Marker, int]]) -> list[int]:
    """For each accepted marker, the index of the one it is nested in, or -1."""
    parents: list[int] = []
    open_items: list[int] = []
    for i, (_, level) in enumerate(accepted):
        while open_items and accepted[open_items[-1]][1] >= level:
            open_items.pop()
        parents.append(open_items[-1] if open_items else -1)
        open_items.append(i)
    return parents


def _closed_ends(norm: str, accepted: list[tuple[Marker, int]], parents: list[int], body_end: int) -> list[int]:
    """Each item's end: the next item's start (or body_end), or its last child's end if later, without
    trailing blanks."""
    count = len(accepted)
    ends = [accepted[i + 1][0].start if i + 1 < count else body_end for i in range(count)]
    last_child = {parent: i for i, parent in enumerate(parents) if parent >= 0}
    for i in range(count - 1, -1, -1):   # children (later in the list) before their parents
        end = ends[i]
        if i in last_child:
            end = max(end, ends[last_child[i]])
        start = accepted[i][0].start
        while end > start and norm[end - 1] in " \n":
            end -= 1
        ends[i] = end
    return ends


def _after_heading(norm: str, previous: Marker, marker: Marker) -> bool:
    """A first sub-item after a heading run on one line with it: 一、夯实数字基础 1.推进…"""
    between = norm[previous.end:marker.start].strip(" ")
    return 0 < len(between) <= 30 and not any(c in between for c in "。,;:\n")


def char_before(norm: str, pos: int) -> str:
    """The last non-space character before pos."""
    i = pos - 1
    while i >= 0 and norm[i] == " ":
        i -= 1
    return norm[i] if i >= 0 else ""


def walk_nodes(nodes: list[Node]) -> Iterator[Node]:
    """Every node, parents before their children, in text order."""
    for node in nodes:
        yield node
        yield from walk_nodes(node.children)


def rebuilt(nodes: list[Node], changes: dict[int, dict[str, Any]], parent: Node | None = None) -> list[Node]:
    """The tree made again with the fields that `changes` gives by id(node) ({"end": …}): every node is
    new, so that each `parent` is the node whose `children` hold it."""
    out: list[Node] = []
    for node in nodes:
        new = node._replace(children=[], parent=parent, **changes.get(id(node), {}))
        new.children.extend(rebuilt(node.children, changes, new))
        out.append(new)
    return out
