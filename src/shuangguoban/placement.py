"""Nothing lost in silence: closing paragraphs kept out of the last measure, text that no part holds
reported as `unplaced_text`, and the share of body characters that sit inside measures.

Works on the `Layout` that `segment.layout` found, after the measure tree is built.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from .clause_grammar import looks_like_clause, role_words
from .clauses import matching_open
from .lazy import once
from .lines import DATE_LINE, DISCLOSURE_LINE, Line, is_closer, lines_within
from .models import ParseWarning
from .rules import alternation, load_rules
from .segment import Layout
from .text import DocText
from .tree import Node, find_markers, rebuilt


class _Closers(NamedTuple):
    """Paragraphs that close a circular after its last measure: a reporting instruction to the
    recipients (各单位于11月15日前将落实情况报送市政府督查室); the date the text takes effect or what it
    repeals, or a contact (`paragraph`)."""

    reporting: re.Pattern
    paragraph: re.Pattern


@once
def _closers() -> _Closers:
    words = load_rules("document_parts.yaml")["closing_paragraphs"]
    documents, contacts = alternation(words["documents"]), alternation(words["contacts"])
    reporting = re.compile(r"各[^。\n]{1,40}?(?:于|在)[^。\n]{0,30}?前[^。\n]{0,40}?(?:" + alternation(words["reporting_verbs"]) + ")")
    paragraph = re.compile(
        r"(?:(?:自|从)本(?:" + documents + r")[^。\n]{0,20}(?:起|之日)"
        r"|本(?:" + documents + r")(?:自|从|由)[^。\n]{0,30}(?:施行|执行|实施|解释)"
        r"|" + contacts + ")")
    return _Closers(reporting, paragraph)


def detach_closing(doc: DocText, parts: Layout) -> Layout:
    """Cut closing paragraphs off the end of the last measure: they become closing parts."""
    if not parts.roots:
        return parts
    last = parts.roots[-1]
    chain = [last]
    while chain[-1].children:
        chain.append(chain[-1].children[-1])
    leaf = chain[-1]
    own = lines_within(parts.lines, leaf.start, leaf.end)
    # A reporting instruction closes a flat list; inside a nested plan's last section (保障措施) it may
    # be the section's own text.
    closers = (_closers().paragraph, _closers().reporting) if leaf is last else (_closers().paragraph,)
    cut = next((ln.start for ln in own[1:] if any(p.match(doc.norm, ln.start, ln.end) for p in closers)), None)
    if len(own) > 1 and _ends_with_clause(doc, own[0]) and _siblings_close_with_clauses(doc, parts, leaf):
        cut = own[1].start   # the item closed with its clause, as its siblings do: what follows is closing
    if cut is None:
        return parts
    end = cut
    while end > leaf.start and doc.norm[end - 1] in " \n":
        end -= 1
    roots = rebuilt(parts.roots, {id(node): {"end": min(node.end, end)} for node in chain})
    moved = [ln for ln in own if ln.start >= cut]
    closing = moved + [ln for ln in parts.closing if ln.start > moved[-1].start]
    return parts._replace(roots=roots, closing=closing, body=(parts.body[0], end))


def _ends_with_clause(doc: DocText, line: Line) -> bool:
    text = doc.norm[line.start:line.end].rstrip("。 ")
    if not text.endswith(")"):
        return False
    open_at = matching_open(text, len(text) - 1)
    if open_at is None:
        return False
    inner = text[open_at + 1:-1]
    return looks_like_clause(inner) or bool(_role_end().search(inner))


# A parenthetical that ends in a role word is a clause whatever agencies it names: (生态环境部、财政部负责)
@once
def _role_end() -> re.Pattern:
    return re.compile("(?:" + alternation(role_words()) + ")$")


def _siblings_close_with_clauses(doc: DocText, parts: Layout, leaf: Node) -> bool:
    """The items beside the last one are one paragraph each, closed by a clause."""
    siblings = leaf.parent.children if leaf.parent else parts.roots
    others = [n for n in siblings if n is not leaf][-3:]
    if not others:
        return False
    for node in others:
        own = lines_within(parts.lines, node.start, node.end)
        if len(own) != 1 or not _ends_with_clause(doc, own[0]):
            return False
    return True


def unplaced_lines(doc: DocText, parts: Layout) -> list[Line]:
    """Lines of text in no measure, no header (title, cover note, preamble) and no closing part that
    is closing matter: gaps inside the body, and numbered items after the last measure before any
    attachment (an item the tree did not take)."""
    if not parts.roots:
        return []
    starts = [root.start for root in parts.roots]   # roots are in order and disjoint
    known = {ln.start for ln in (*parts.header, *parts.table_heads, *parts.chrome)}
    out: list[Line] = []
    for line in lines_within(parts.lines, parts.body[0], parts.body[1]):
        at = bisect_right(starts, line.start) - 1
        if line.start not in known and not (at >= 0 and line.start < parts.roots[at].end):
            out.append(line)
    tail: list[Line] = []
    for line in parts.closing:
        if is_closer(doc.norm[line.start:line.end]):
            break
        tail.append(line)
    if tail:
        numbered = {m.start for m in find_markers(doc, tail, tail[0].start, tail[-1].end) if m.line_start}
        out.extend(ln for ln in tail if ln.start in numbered)
    return sorted(out)


def closing_ranges(doc: DocText, parts: Layout) -> list[tuple[int, int]]:
    """The closing paragraphs before any attachment, without the signature's date and disclosure lines:
    where the document-level time limits (报送 dates) are read."""
    out: list[tuple[int, int]] = []
    for line in parts.closing:
        text = doc.norm[line.start:line.end]
        if is_closer(text):
            break
        if not DATE_LINE.match(text) and not DISCLOSURE_LINE.match(text):
            out.append((line.start, line.end))
    return out


def unplaced_warnings(lines: list[Line]) -> list[ParseWarning]:
    return [ParseWarning.model_construct(code="unplaced_text", message="text in no measure, header or closing part",
                            span=(ln.start, ln.end)) for ln in lines]


def coverage(doc: DocText, roots: list[Node], unplaced: list[Line]) -> float | None:
    """Share of body characters (spaces and line breaks aside) inside measures: the measures' characters
    over those plus the unplaced lines'. None without measures."""
    if not roots:
        return None
    placed = sum(_weight(doc, root.start, root.end) for root in roots)
    lost = sum(_weight(doc, ln.start, ln.end) for ln in unplaced)
    return placed / (placed + lost) if placed + lost else None


def _weight(doc: DocText, start: int, end: int) -> int:
    norm = doc.norm
    return end - start - norm.count(" ", start, end) - norm.count("\n", start, end)
