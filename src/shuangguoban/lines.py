"""The lines of a circular: trimmed line extents, and what a whole line can be on its own.

Works on the normalised view and returns offsets. A line is a date (成文日期 in a signature), a
disclosure note, a page number left by a print layout, page chrome (navigation, tool bars, footers)
or a closer (附件, 抄送): the patterns for them, and the heading rules (rules/headings.yaml) they
come from, live here for every stage that reads lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import Any, NamedTuple

from .lazy import once
from .rules import load_rules
from .text import DocText


class Line(NamedTuple):
    """One physical line, trimmed of surrounding spaces: [start, end) offsets."""

    start: int
    end: int


@once
def headings() -> dict:
    """rules/headings.yaml: numbering styles, chrome, metadata labels, closers, lead markers, titles."""
    return load_rules("headings.yaml")


@once
def clause_line_labels() -> list[str]:
    """The labels that open a responsibility clause line (牵头单位：, 配合部门：, 责任主体：, 部门分工：),
    from rules/clause_words.yaml, the one source of clause words: a label word with a group noun, a
    label that is a noun itself, and the division labels."""
    table = load_rules("clause_words.yaml")
    with_noun = [word + noun for words in table["labels"].values() for word in words for noun in table["group_nouns"]]
    return sorted({*with_noun, *table["noun_labels"], *table["division_labels"]}, key=lambda w: (-len(w), w))


@cache
def any_of(key: str, engine: Any = re) -> Any:
    """One pattern for the list of patterns under `key` in headings.yaml, compiled by `re` or `regex`."""
    return engine.compile("|".join(f"(?:{p})" for p in headings()[key]))


# Whole-line patterns come in two forms from one source: X_LINE matches a line's trimmed text, and
# X_LINES finds such lines in the whole text at once (group "body" is the trimmed line), so that a
# loop over the lines asks a set of line starts. The sources match no line break, so a match never
# spans two lines.
def _line_patterns(body: str) -> tuple[re.Pattern, re.Pattern]:
    return re.compile(f"^(?:{body})$"), re.compile(f"^[ ]*(?P<body>{body})[ ]*$", re.M)


# A date alone on a line (成文日期 in a signature block).
DATE_LINE, DATE_LINES = _line_patterns(
    r"[0-9〇○零一二三四五六七八九十]{4}[ ]{0,2}年[ ]{0,2}[0-9一二三四五六七八九十]{1,3}[ ]{0,2}月[ ]{0,2}[0-9一二三四五六七八九十]{1,3}[ ]{0,2}日")
# A page number line left by a print layout: — 3 —, -3-, 第3页.
PAGE_ARTIFACT, PAGE_ARTIFACT_LINES = _line_patterns(
    r"[-—－–][ ]{0,3}[0-9]{1,4}[ ]{0,3}[-—－–]|第[ ]{0,2}[0-9]{1,4}[ ]{0,2}页(?:[ ]{0,2}共[ ]{0,2}[0-9]{1,4}[ ]{0,2}页)?|[0-9]{1,4}[ ]{0,2}/[ ]{0,2}[0-9]{1,4}")
# Disclosure note: (此件公开发布)
DISCLOSURE_LINE, DISCLOSURE_LINES = _line_patterns(r"\((?P<inner>此件[^()\n]{0,30}|[^()\n]{0,20}公开[^()\n]{0,10})\)")

# A non-blank line without its surrounding spaces: from its first to its last character that is
# neither a space nor a line break.
_TRIMMED_LINE = re.compile(r"[^ \n](?:[^\n]*[^ \n])?")


def split_lines(norm: str) -> list[Line]:
    """Non-blank lines with their trimmed extents."""
    return [Line._make(m.span()) for m in _TRIMMED_LINE.finditer(norm)]


def lines_of(pattern: re.Pattern, norm: str, start: int = 0, end: int | None = None) -> set[int]:
    """Starts of the (trimmed) lines in norm[start:end] that an X_LINES pattern finds."""
    found = pattern.finditer(norm, start) if end is None else pattern.finditer(norm, start, end)
    return {m.start("body") for m in found}


def pieces_matching(norm: str, pieces: list[Line], *patterns: re.Pattern) -> set[int]:
    """Starts of the run-on pieces that an X_LINES pattern would find if they were lines."""
    found = set()
    for piece in pieces:
        text = norm[piece.start:piece.end] + "\n"
        if any(p.match(text) for p in patterns):
            found.add(piece.start)
    return found


def lines_within(lines: list[Line], start: int, end: int) -> list[Line]:
    """The lines that start at or after `start` and end by `end` (lines are sorted and disjoint)."""
    first = bisect_left(lines, start, key=lambda ln: ln.start)
    last = bisect_right(lines, end, key=lambda ln: ln.end)
    return lines[first:max(first, last)]


def line_text(doc: DocText, line: Line) -> str:
    return doc.norm[line.start:line.end]


def is_chrome(text: str) -> bool:
    """Navigation, tool bars and footers of a web page: short lines without a sentence in them."""
    return len(text) <= 100 and "。" not in text and bool(any_of("chrome").search(text))


def is_closer(text: str) -> bool:
    return bool(any_of("closers").search(text))


def is_page_artifact(text: str) -> bool:
    return bool(PAGE_ARTIFACT.match(text))
