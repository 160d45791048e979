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

import regex

from .lazy import compiled, once
from .lines import Line
from .rules import alternation, load_rules

_DIGIT = "0-9〇○零一二三四五六七八九十"
_FULL_DATE = f"[{_DIGIT}]{{4}}[ ]{{0,2}}年[ ]{{0,2}}[{_DIGIT}]{{1,3}}[ ]{{0,2}}月[ ]{{0,2}}[{_DIGIT}]{{1,3}}[ ]{{0,2}}日"
_DISCLOSURE = r"\((?:此件[^()]{0,30}|[^()]{0,20}公开[^()]{0,10})\)"
_DOC_NUMBER = r"[\u4e00-\u9fff]{1,10}[〔\[【(][0-9]{4}[〕\]】)][ ]{0,2}[0-9]{1,5}[ ]{0,2}号"
_DATE_PIECE = compiled(f"{_FULL_DATE}|{_DISCLOSURE}")
# Space runs where a run-on line may be cut: (after a full stop, a closing bracket, a doc number, a
# title's last word, a recipients' colon) or (before a complete date, a disclosure note, a signature
# over its date, a doc number or a portal label; not after a label's colon: 成文日期： 2025年8月22日),
# or after a portal's ISO date value (发布时间：2023-10-12 10:58 某市…通知).
def _signature() -> str:
    """An issuer signing above its date: 白河市人民政府办公室 2024年4月2日."""
    return r"[\u4e00-\u9fff]{2,30}?(?:" + alternation(load_rules("document_parts.yaml")["lead_issuer_ends"]) + ")"


@once
def _cut() -> regex.Pattern:   # `regex`: look-behinds of several widths
    labels = "|".join("[ ]{0,8}".join(label) for label in sorted(load_rules("headings.yaml")["metadata_labels"], key=len, reverse=True))
    return regex.compile(
        r"(?:(?<=[。)】\]])|(?<=[0-9]号)|(?<=日)"
        rf"|(?<!(?:{labels})[ ]{{0,4}}:)(?<=部门:|单位:|政府:|机构:|机关:|员会:|管委会:|如下:|[局委办厅]:)"
        rf"|(?<={_title_ends()}))[ ]+"
        rf"|(?<![: ])[ ]+(?={_FULL_DATE}|\((?:此件|[^()]{{0,20}}公开)|{_signature()}[ ]+{_FULL_DATE}"
        rf"|{_DOC_NUMBER}|(?:{labels})[ ]{{0,4}}:)"
        # after a portal's date value, with or without its time, before the next words (the title)
        r"|(?<=[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ ][0-9]{1,2}:[0-9]{2})[ ]+(?=[\u4e00-\u9fff])")


_MIN_LENGTH = 80   # shorter lines are laid-out lines


def split_run_on(norm: str, line: Line, *, first: bool = False) -> list[Line]:
    """The pieces of the line, or the line itself when it is not run-on text. The first line of a
    text is run-on also when it opens with a title (…若干措施 为进一步…)."""
    start, end = line
    if end - start < _MIN_LENGTH or norm.find(" ", start, end) < 0:
        return [line]
    if not first and not (_may_hold_date(norm, start, end) and _DATE_PIECE().search(norm, start, end)):
        return [line]   # no piece can be a date or a disclosure note on its own
    pieces: list[Line] = []
    pos = start
    for cut in _cut().finditer(norm, start, end):
        if cut.start() > pos and _fits(norm, pos, cut):
            pieces.append(Line(pos, cut.start()))
            pos = cut.end()
    pieces.append(Line(pos, end))
    if len(pieces) < 2:
        return [line]
    if any(_DATE_PIECE().fullmatch(norm, s, e) for s, e in pieces):
        return pieces
    if first and _title_piece().fullmatch(norm, *pieces[0]):
        return pieces
    return [line]


def _may_hold_date(norm: str, start: int, end: int) -> bool:
    """Whether norm[start:end] holds a 年 or a bracket, as a full date or a disclosure note does."""
    return norm.find("年", start, end) >= 0 or norm.find("(", start, end) >= 0


def _title_ends() -> str:
    return alternation(load_rules("document_parts.yaml")["title_ends"])


@once
def _title_piece() -> re.Pattern:
    """A title: no sentence punctuation, ending with the word that names the document."""
    return re.compile(r"[^。,;:!?\n]{4,60}(?:" + _title_ends() + ")")


def _fits(norm: str, pos: int, cut: regex.Match) -> bool:
    """A cut after 日 is a cut only after a complete date; the others always are."""
    if norm[cut.start() - 1] != "日" or norm[cut.end():cut.end() + 1] == "(":
        return True
    return re.search(f"{_FULL_DATE}$", norm[pos:cut.start()]) is not None
