"""Where a measure's responsibility clause lies in its text, and which node a clause belongs to.

A clause is a label line (牵头单位：…), the measure's last top-level parenthetical when that names
agencies (（市商务局负责）), or a closing sentence (由……负责). A clause printed after a group of
sub-items closes the group, not its last sub-item (`group_clause_cuts`). Offsets only: who the
agencies are is read later (agencies.py).
"""

from __future__ import annotations

import re
from typing import Any

from .clause_grammar import looks_like_clause
from .lazy import compiled, once
from .lines import Line, clause_line_labels, is_page_artifact, line_text, lines_within
from .models import ParseWarning
from .rules import alternation, load_rules
from .text import DocText
from .tree import Node, char_before, walk_nodes


# A label line that carries the responsibility clause of the item above it (牵头单位：…).
# … or after the item's last sentence in the same line: 整治村容村貌。责任单位：县自然资源局
@once
def _label_patterns() -> tuple[re.Pattern, re.Pattern]:
    """A clause label at the start of a line, and one after the item's last sentence in its line."""
    label = "(?:" + alternation(clause_line_labels()) + ")[ ]{0,2}:"
    return re.compile("^" + label), re.compile("。[ ]*(?P<label>" + label + ")")


# --- which node a clause belongs to -----------------------------------------------------------

def _is_standalone_clause(doc: DocText, line: Line) -> bool:
    text = line_text(doc, line)
    if _label_patterns()[0].match(text):
        return True
    if text.startswith("(") and text.endswith((")", ")。")):
        inner = text[1:text.rindex(")")]
        return "(" not in inner.replace("(市、区)", "") and looks_like_clause(inner)
    return False


def group_clause_cuts(doc: DocText, lines: list[Line], roots: list[Node]) -> dict[int, dict[str, Any]]:
    """A clause after a group of sub-items closes the group's node, not the last sub-item: a clause line
    when the earlier sub-items carry no clause of their own (（1）…（4） then （市发展改革委牵头）), or a
    closing sentence that says so (以上工作由……负责). The new end of each such last sub-item, by
    id(node), for `tree.rebuilt`."""
    cuts: dict[int, dict[str, Any]] = {}
    for node in walk_nodes(roots):
        if len(node.children) < 2 or node.children[-1].children:
            continue
        cut = _group_clause_start(doc, lines, node)
        if cut is None:
            continue
        last = node.children[-1]
        while cut > last.start and doc.norm[cut - 1] in " \n":
            cut -= 1
        cuts[id(last)] = {"end": cut}
    return cuts


def _group_clause_start(doc: DocText, lines: list[Line], node: Node) -> int | None:
    """Where the clause of the group `node` starts inside its last sub-item, or None."""
    last = node.children[-1]
    cut = _group_sentence_start(doc, last)
    if cut is None and not last.marker.line_start:
        # Sub-items run on in one line ((1)…;(2)…。(牵头单位:…)): a clause after the last of them is
        # the group's when none of the others has one.
        cut = _trailing_clause_start(doc, last)
        if cut is not None and any(_has_own_clause(doc, lines, sibling) for sibling in node.children[:-1]):
            return None
    if cut is None:
        own = lines_within(lines, last.start, last.end)
        trailing: list[Line] = []
        for line in reversed(own[1:]):
            if _is_standalone_clause(doc, line):
                trailing.insert(0, line)
            else:
                break
        if not trailing or any(_has_own_clause(doc, lines, sibling) for sibling in node.children[:-1]):
            return None
        cut = trailing[0].start
    return cut


# 以上工作由市住建局、市公安局按职责分工负责。 — a closing sentence about the whole group.
_GROUP_SENTENCE = compiled(r"(?:以上|上述)[^。]{0,12}由[^。]{2,120}?(?:负责|承担)[^。]{0,8}。?$")


def _group_sentence_start(doc: DocText, node: Node) -> int | None:
    """Start of a last sentence of the node that hands the whole group above to its agencies."""
    norm = doc.norm
    end = node.end
    while end > node.start and norm[end - 1] in " \n":
        end -= 1
    start = max(norm.rfind("。", node.start, max(node.start, end - 1)) + 1, node.marker.end)
    while start < end and norm[start] in " \n":
        start += 1
    return start if _GROUP_SENTENCE().match(norm, start, end) else None


def _trailing_clause_start(doc: DocText, node: Node) -> int | None:
    """Where the node's closing clause parenthetical opens, when its text ends with one after a full stop."""
    norm = doc.norm
    end = node.end
    while end > node.start and norm[end - 1] in " \n。":
        end -= 1
    if end <= node.start or norm[end - 1] != ")":
        return None
    open_at = matching_open(norm, end - 1, limit=end - node.start)
    if open_at is None or char_before(norm, open_at) != "。" or not looks_like_clause(norm[open_at + 1:end - 1]):
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


# --- brackets ---------------------------------------------------------------------------------

def unmatched_open(text: str, start: int, end: int) -> int | None:
    """The last '(' in [start, end) that no ')' closes: （市商务局，各县（市、区）人民政府负责 ← here."""
    opening = text.rfind("(", start, end)
    closing = text.rfind(")", start, end)
    depth = 0
    while opening >= 0:   # from bracket to bracket (str.rfind), right to left
        if closing > opening:
            depth += 1
            closing = text.rfind(")", start, closing)
        elif depth == 0:
            return opening
        else:
            depth -= 1
            opening = text.rfind("(", start, opening)
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
_BY_SENTENCE = compiled(r"由[^。由]{2,120}?(?:牵头)?(?:负责|承担)[^。]{0,8}。?$")


# The start of an agency name: a clause cut off by the end of the text may hold only that much.
# … or a clause label cut inside its word: （牵头单
@once
def _agency_start() -> re.Pattern:
    return re.compile("(?:" + alternation(load_rules("clause_words.yaml")["cut_clause_starts"]) + ")")


def _cut_off_clause(norm: str, open_at: int, end: int) -> bool:
    """A parenthetical that the end of the text cuts off, opening with an agency: （市政府办公室、市"""
    inner = norm[open_at + 1:end]
    return (len(inner) <= 80 and "。" not in inner and bool(_agency_start().match(inner))
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
    label_lines, prose_end = _label_lines(norm, ranges)
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
        by = _BY_SENTENCE().search(sentence)
        if by:
            pieces.append((sentence_start + by.start(), sentence_start + by.end()))
    return pieces, warnings


def _label_lines(norm: str, ranges: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], int]:
    """The label lines in a node's own text (牵头单位：…, or …。责任单位：… after its last sentence), and
    where its prose ends: before a page number printed after the clause."""
    label_lines: list[tuple[int, int]] = []
    prose_end = ranges[-1][1]
    at_start, after_sentence = _label_patterns()
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
            if ":" not in chunk and pos + len(chunk) < prose_end - 1:
                pos += len(chunk) + 1   # no label, and too far from the end to be a page number
                continue
            stripped = chunk.strip(" ")
            if stripped:
                lead = len(chunk) - len(chunk.lstrip(" "))
                colon = ":" in stripped  # both label patterns end with one
                if colon and at_start.match(stripped):
                    label_lines.append((pos + lead, pos + lead + len(stripped)))
                elif colon and (inline := after_sentence.search(stripped)) is not None:
                    label_lines.append((pos + lead + inline.start("label"), pos + lead + len(stripped)))
                elif pos + lead + len(stripped) >= prose_end - 1 and is_page_artifact(stripped):
                    prose_end = pos  # a page number after the clause is not part of it
            pos += len(chunk) + 1
    return label_lines, prose_end
