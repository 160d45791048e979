"""Where quotes, clauses and sentences lie in the text of a measure, for reading its targets.

All offsets are into `seg`, the normalised text of one range of a measure. A clause ends at a comma,
semicolon, enumeration comma, colon, sentence end or line break; a sentence ends at 。！？ or at a
line break that is no wrap of a printed line; quoted spans (names, titles, slogans, document numbers)
hold no target.
"""

from __future__ import annotations

import bisect
import re

from .context_re import context
from .lazy import compiled
from .text import DocText

__all__ = ["clause_ends", "quoted", "sentence_ends", "unjoined"]

_CLAUSE_END = compiled(r"[。！？!?\n，,；;、：:]")
_SENTENCE_END = "。！？!?"          # with a line break, the clause ends that may end a sentence
_QUOTE_KINDS = (("“", "”"), ("《", "》"), ("〔", "〕"), ("「", "」"), ("『", "』"), ('"', '"'))
# Line wraps (see sentence_ends): the characters that end a printed sentence at a line end, the spaces
# that may trail a line, and the shortest line that can be a wrap rather than a heading.
_LINE_FINAL = frozenset("。！？!?；;：:)）]】〕」』")
_LINE_SPACE = frozenset(" \t\r\u3000")
_WRAP_MIN = 16
# What starts a line that is no continuation of the line before: a blank line, the end, a label
# (完成时限：, 牵头单位：) or an item number (1. 1、 (1) (一) 一、 ①).
_NEXT_LINE_BREAKS = context(
    r"""[ \t\r\u3000]*(?:
        $|\n
      | [\u4e00-\u9fff]{2,6}\s?:
      | \(?[0-9]{1,2}[).、](?![0-9])
      | \([一二三四五六七八九十]{1,3}\)
      | [一二三四五六七八九十]{1,3}[、.]
      | [①-⑳㈠-㈩]
    )""",
    re.VERBOSE,
)


def unjoined(doc: DocText, start: int, end: int) -> str:
    """The normalised text of doc[start:end] with every full-width comma of the raw text kept full-width:
    a full-width comma is never a thousands separator, so it must stay out of the numbers."""
    raw = doc.raw[start:end]
    seg = doc.norm[start:end]
    if "，" not in raw:
        return seg
    commas = raw.count("，")
    if seg.count(",") == commas:                        # every comma of seg is a full-width one of raw
        return seg.replace(",", "，", commas)
    pieces, at = [], 0
    for piece in raw.split("，"):
        pieces.append(seg[at:at + len(piece)])
        at += len(piece) + 1
    return "，".join(pieces)


def quoted(seg: str) -> list[tuple[int, int]]:
    """Spans of seg inside quotes, book-title marks or 〔〕: names, titles, slogans, document numbers.

    Each kind pairs on its own: its first opener pairs with the next closer, unless a 。 or line
    break comes first (nothing is quoted across one); straight quotes pair in turn.
    """
    spans: list[tuple[int, int]] = []
    resets: list[int] | None = None
    for opener, closer in _QUOTE_KINDS:
        i = seg.find(opener)
        if i < 0:
            continue
        if resets is None:
            resets = _find_all(seg, "。")
            if "\n" in seg:
                resets = sorted(resets + _find_all(seg, "\n"))
        spans.extend(_pairs(seg, opener, closer, i, resets))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _pairs(seg: str, opener: str, closer: str, i: int, resets: list[int]) -> list[tuple[int, int]]:
    """The quoted spans of one kind, from its first opener at i: an opener lapses at a reset (。, line break)."""
    spans = []
    j = -1                                              # the first closer after i
    while i >= 0:
        if j <= i:
            j = seg.find(closer, i + 1)
            if j < 0:
                break
        r = bisect.bisect_right(resets, i)
        if r < len(resets) and resets[r] < j:           # the opener lapses: look again after the reset
            i = seg.find(opener, resets[r] + 1)
            continue
        spans.append((i, j + 1))
        i = seg.find(opener, j + 1)
    return spans


def _find_all(text: str, char: str) -> list[int]:
    """Every position of char in text."""
    out = []
    i = text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return out


def clause_ends(seg: str) -> list[int]:
    """Every clause end in seg (。！？!? line breaks and lesser stops), in order."""
    ends, at = [], -1
    for piece in _CLAUSE_END().split(seg):              # no Match object per clause end
        at += len(piece) + 1
        ends.append(at)
    ends.pop()                                          # (the end of seg)
    return ends


def sentence_ends(seg: str, clause_ends: list[int]) -> list[int]:
    """Where sentences end in seg: at 。！？, and at a line break that is no wrap of a printed line.

    A line break ends the sentence when its line ends with sentence-final punctuation (。！？；: or a
    closing bracket), when the next line starts a label (完成时限：) or a new item number, at a blank
    line or the end, or when its line is short (a heading, a line of its own: wraps fill the line).
    Otherwise the sentence wraps on: 制造业增加值比重达到30%\n左右，新培育专精特新企业15家。
    `clause_ends` (every 。！？!?, line break and lesser stop in seg) holds all the candidates.
    """
    if "\n" not in seg:
        return [i for i in clause_ends if seg[i] in _SENTENCE_END]
    ends: list[int] = []
    line_start = 0
    for i in clause_ends:
        c = seg[i]
        if c != "\n":
            if c in _SENTENCE_END:
                ends.append(i)
            continue
        j = i - 1
        while j >= line_start and seg[j] in _LINE_SPACE:
            j -= 1
        if (
            j < line_start
            or seg[j] in _LINE_FINAL
            or j + 1 - line_start < _WRAP_MIN
            or _NEXT_LINE_BREAKS().match(seg, i + 1) is not None
        ):
            ends.append(i)
        line_start = i + 1
    return ends
