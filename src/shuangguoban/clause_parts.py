"""Step 2 of reading a clause: a chunk between two tokens cut into agency-sized parts.

`parts` trims a chunk (由…, …等相关部门) and splits it at 和 / 及 / 与 only where both sides are
complete agencies, so 人力资源和社会保障局 stays whole; each part says whether it reads as an agency.
"""

from __future__ import annotations

from collections.abc import Sequence

from .agency_aliases import AliasTable
from .agency_lexicon import MAX_NAME, MEMO_SIZE, Lexicon
from .agency_names import agency_like, unspaced

__all__ = ["MEMO_TEXT", "is_cut_level", "parts", "relative_parts", "split_parts", "trim"]

MEMO_TEXT = 64  # chunks up to this length are remembered (agency names repeat across clauses and documents)


def trim(norm: str, start: int, end: int, chars: str = " \n\t") -> tuple[int, int]:
    """start and end moved inwards past `chars`."""
    while start < end and norm[start] in chars:
        start += 1
    while end > start and norm[end - 1] in chars:
        end -= 1
    return start, end


def parts(norm: str, start: int, end: int, lex: Lexicon, aliases: AliasTable) -> list[tuple[int, int, bool]]:
    """A chunk trimmed and split at 和/及/与 where both sides are agencies: (start, end, agency-like)."""
    return [(start + a, start + b, ok) for a, b, ok in relative_parts(norm, start, end, lex, aliases)]


def relative_parts(
    norm: str, start: int, end: int, lex: Lexicon, aliases: AliasTable
) -> Sequence[tuple[int, int, bool]]:
    """The parts of a chunk (see `parts`) in offsets relative to its start.

    The result depends on nothing but the text of the chunk (no pattern here looks outside it), so it
    is remembered per alias table by that text.
    """
    text = norm[start:end]
    if end - start > MEMO_TEXT:
        return split_parts(text, 0, end - start, lex, aliases)
    memo = aliases.memo
    rel = memo.get(text)
    if rel is None:
        rel = tuple(split_parts(text, 0, len(text), lex, aliases))
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[text] = rel
    return rel


def is_cut_level(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """Whether text[a:b] is a lone level word (市, 省) that ends its clause: what is left of a name when
    the page was cut inside the clause (（市政府办公室、市)."""
    return b >= len(text.rstrip(" \n\t")) and text[a:b] in lex.levels


def _without_ending(norm: str, start: int, end: int, lex: Lexicon) -> int:
    """Where norm[start:end] ends without a trailing 等有关部门 (at least one character is left)."""
    if norm.endswith(lex.endings, start, end):
        for word in lex.endings:
            if norm.endswith(word, start, end) and end - start > len(word):
                return trim(norm, start, end - len(word))[1]
    return end


def _without_words(norm: str, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    """norm[start:end] trimmed, without a leading word (由) and a trailing ending (等相关部门)."""
    start, end = trim(norm, start, end)
    if norm.startswith(lex.leading, start, end):
        for word in lex.leading:
            if norm.startswith(word, start, end) and end - start > len(word):
                start += len(word)
                break
    if norm.endswith(lex.endings, start, end):
        for word in lex.endings:
            if norm.endswith(word, start, end) and end - start > len(word):
                end -= len(word)
                break
    return trim(norm, start, end)


def split_parts(norm: str, start: int, end: int, lex: Lexicon, aliases: AliasTable) -> list[tuple[int, int, bool]]:
    """The parts of norm[start:end] (see `parts`), in offsets into norm."""
    start, end = _without_words(norm, start, end, lex)
    if start >= end:
        return []
    if end - start > MAX_NAME:
        return [(start, end, False)]

    def like(a: int, b: int) -> bool:
        return agency_like(unspaced(norm[a:b]), lex, aliases)

    # Conjunctions at depth 0; split at one only when the left side and the rest are both agencies.
    joins = [
        (j_start, j_end)
        for j_start, j_end in _conjunctions(norm, start, end)
        if norm.count("(", start, j_start) == norm.count(")", start, j_start)
    ]
    out: list[tuple[int, int, bool]] = []
    left = start
    for j_start, j_end in joins:
        if j_start <= left:
            continue
        a, b = trim(norm, left, j_start)
        c, d = trim(norm, j_end, end)
        if a < b and c < d and like(a, b) and like(c, d):
            out.append((a, _without_ending(norm, a, b, lex), True))
            left = j_end
    a, b = trim(norm, left, end)
    if a < b:
        out.append((a, b, like(a, b)))
    return out


def _conjunctions(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The conjunctions that may join two agencies (以及, 和, 及, 与) in norm[start:end], left to right,
    as re.finditer("以及|和|及|与") finds them (a 以 is only ever taken as the start of 以及)."""
    found: list[tuple[int, int]] = []
    if norm.find("和", start, end) < 0 and norm.find("及", start, end) < 0 and norm.find("与", start, end) < 0:
        return found
    for i in range(start, end):
        c = norm[i]
        if c == "及" and i > start and norm[i - 1] == "以":
            found.append((i - 1, i + 1))
        elif c in "和及与":
            found.append((i, i + 1))
    return found
