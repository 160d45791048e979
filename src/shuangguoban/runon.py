"""Header lines run together: a page that lost its line breaks prints the notice's heading, doc number,
recipients, cover note, signature, date, disclosure note, the plan's title and its preamble on one line,
separated by spaces only. This module cuts such a line back into the lines it was made of, as spans,
so that every later stage sees the same lines as in the laid-out text.

A line is cut only where the cut is certain: after a full stop, a closing bracket or a recipients'
colon, around a complete date or a disclosure note, after a doc number and after a title's last word;
and only a long line one of whose pieces is a date or a disclosure note on its own (a signature
block), so that an ordinary paragraph with spaces in it is never cut. Every piece becomes a line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

_DIGIT = "0-9〇○零一二三四五六七八九十"
_FULL_DATE = f"[{_DIGIT}]{{4}}[ ]{{0,2}}年[ ]{{0,2}}[{_DIGIT}]{{1,3}}[ ]{{0,2}}月[ ]{{0,2}}[{_DIGIT}]{{1,3}}[ ]{{0,2}}日"
_DISCLOSURE = r"\((?:此件[^()]{0,30}|[^()]{0,20}公开[^()]{0,10})\)"
_DATE_PIECE = re.compile(f"{_FULL_DATE}|{_DISCLOSURE}")
# Space runs where a run-on line may be cut: (after a full stop, a closing bracket, a doc number, a
# title's last word, a recipients' colon) or (before a complete date or a disclosure note, unless a
# label's colon stands before it: 成文日期： 2025年8月22日).
_CUT = regex.compile(   # `regex`: look-behinds of several widths
    r"(?:(?<=[。)])|(?<=[0-9]号)|(?<=日)"
    r"|(?<=部门:|单位:|政府:|机构:|机关:|员会:|管委会:|如下:|[局委办厅]:)"
    r"|(?<=通知|方案|措施|意见|要点|办法|细则|清单|计划|规划|决定|公告))[ ]+"
    rf"|(?<![: ])[ ]+(?={_FULL_DATE}|\((?:此件|[^()]{{0,20}}公开))")
_MIN_LENGTH = 80   # shorter lines are laid-out lines


class Span(NamedTuple):
    start: int
    end: int


def split_run_on(norm: str, start: int, end: int) -> list[Span]:
    """The pieces of the line norm[start:end], or the whole line when it is not run-on text."""
    if end - start < _MIN_LENGTH or " " not in norm[start:end]:
        return [Span(start, end)]
    pieces: list[Span] = []
    pos = start
    for cut in _CUT.finditer(norm, start, end):
        if cut.start() > pos and _fits(norm, pos, cut):
            pieces.append(Span(pos, cut.start()))
            pos = cut.end()
    pieces.append(Span(pos, end))
    if len(pieces) < 2 or not any(_DATE_PIECE.fullmatch(norm, s, e) for s, e in pieces):
        return [Span(start, end)]
    return pieces


def _fits(norm: str, pos: int, cut: regex.Match) -> bool:
    """A cut after 日 is a cut only after a complete date; the others always are."""
    if norm[cut.start() - 1] != "日" or norm[cut.end():cut.end() + 1] == "(":
        return True
    return re.search(f"{_FULL_DATE}$", norm[pos:cut.start()]) is not None
