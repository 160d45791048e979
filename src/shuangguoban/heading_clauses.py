"""Responsibility clauses written in a heading line.

`一、强化科技创新（区科技局牵头）`: the bracket closes the heading, not the paragraph after it. It belongs
to the heading's node (whose title omits it) and covers every sub-item without a clause of its own (the
ledger shows it on their rows). A heading that is itself an agency name (`（二）市商务局`, in a plan
organised by responsible department) makes that agency responsible for the items under it.
"""

from __future__ import annotations

from .agency_lexicon import lexicon
from .central_agencies import central_body
from .clause_grammar import looks_like_clause
from .clauses import matching_open
from .text import DocText
from .tree import Node

__all__ = ["heading_clause", "heading_line_end", "with_heading_clause"]

MAX_HEADING = 60  # a heading's text before its clause is short; a longer line is a sentence


def heading_line_end(doc: DocText, node: Node) -> int:
    """Where the node's first line ends (before its first child, if that starts on the same line)."""
    norm = doc.norm
    end = norm.find("\n", node.marker.end, node.end)
    end = node.end if end < 0 else end
    if node.children:
        end = min(end, node.children[0].start)
    return end


def heading_clause(doc: DocText, node: Node) -> tuple[int, int] | None:
    """The span of the clause inside the bracket that ends the node's heading line, or None.

    The heading before the bracket has no full stop (else the line is a sentence, whose clause the
    usual reading finds) and is at most MAX_HEADING characters long.
    """
    norm = doc.norm
    start = node.marker.end
    end = heading_line_end(doc, node)
    while end > start and norm[end - 1] in " \t\u3000:":
        end -= 1
    if end - start < 3 or norm[end - 1] != ")":
        return None
    # The bracket opens at most MAX_HEADING characters in and before any full stop: without a "(" there,
    # the one that the line's last ")" closes need not be looked for.
    stop = norm.find("。", start, end)
    last = start + MAX_HEADING if stop < 0 else min(stop, start + MAX_HEADING)
    if norm.find("(", start + 1, last + 1) < 0:
        return None
    open_at = matching_open(norm, end - 1, limit=end - start)
    if open_at is None or open_at - start > MAX_HEADING or open_at <= start:
        return None
    if "。" in norm[start:open_at] or not looks_like_clause(norm[open_at + 1 : end - 1]):
        return None
    return open_at + 1, end - 1


def _agency_heading(doc: DocText, node: Node) -> tuple[int, int] | None:
    """The span of a heading that is only an agency name (a group of items under it), or None."""
    if not node.children:
        return None
    norm = doc.norm
    start, end = node.marker.end, heading_line_end(doc, node)
    while start < end and norm[start] in " \t\u3000":
        start += 1
    while end > start and norm[end - 1] in " \t\u3000:。":
        end -= 1
    text = norm[start:end]
    if not 2 <= len(text) <= 30 or "(" in text or "、" in text or not looks_like_clause(text):
        return None
    # A level word first (市商务局, 各县区人民政府) or a central body: 区域消费中心 is a topic, not an agency.
    lex = lexicon()
    levelled = (text[0] in lex.levels or text[0] == "各") and not text.startswith(lex.not_prefixes)
    return (start, end) if levelled or central_body(text) is not None else None


_UNKNOWN = (-1, -1)


def with_heading_clause(doc: DocText, node: Node, pieces: list[tuple[int, int]],
                        clause: tuple[int, int] | None = _UNKNOWN) -> list[tuple[int, int]]:
    """The node's clause pieces with its heading clause (or agency heading) first, not repeated.
    `clause` is heading_clause(doc, node) where the caller has it already."""
    if clause is _UNKNOWN:
        clause = heading_clause(doc, node)
    found = clause or _agency_heading(doc, node)
    if found is None or found in pieces:
        return pieces
    return [found, *pieces]
