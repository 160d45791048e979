"""HTML: a saved portal page → its article text, with the page's metadata as label lines on top.

The charset is detected from a BOM, the page's declaration or the bytes (charset.py); page furniture
(navigation, share bars, hidden elements, chrome lines) is dropped and the article container found by
class name or by the density of Chinese text; portal label lines are read by html_metadata.py.
selectolax is imported inside the function that uses it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import regex

from ..lazy import once
from . import CJK, chrome_rules, clean_line, is_chrome_line, missing_reader
from .charset import decode_html
from .html_metadata import collect_metadata
from .tables import Cell, table_lines

_HAN = regex.compile(r"\p{Han}")
_HAN_RUN = regex.compile(r"\p{Han}+")

_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "button", "input", "textarea", "nav", "header", "footer", "aside", "audio", "video", "map"]
_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "main", "blockquote", "pre", "center", "form", "hr", "address", "figure", "figcaption", "fieldset", "legend",
    "tr", "thead", "tbody", "tfoot", "caption", "body", "html", "details", "summary", "menu"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SOURCE_BREAK = regex.compile(rf"(?<=[{CJK}])[ \t\r\f]*\n\s*(?=[{CJK}])")   # a newline inside a sentence
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


# Nesting deeper than this is flattened before parsing: the HTML parser checks the stack of open
# elements for each tag, so 80,000 nested <div>s take it minutes; real pages nest a few dozen deep.
MAX_DEPTH = 200
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]{0,30})\b[^<>]*?(?P<self_closing>/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr", "param", "keygen"})
_IMPLIED_END = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th", "rt", "rp", "optgroup"})


def limit_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """The page with elements nested deeper than `limit` unwrapped (their tags dropped, their content
    kept), in one pass; unchanged when it nests less deeply."""
    if html.count("<") <= limit:
        return html
    stack: list[tuple[str, bool]] = []      # open elements: (name, kept)
    dropped: list[tuple[int, int]] = []     # spans of tags to remove
    for m in _TAG.finditer(html):
        name = m.group("name").lower()
        if name in _VOID or name in _IMPLIED_END or m.group("self_closing"):
            continue
        if not m.group("close"):
            kept = len(stack) < limit
            stack.append((name, kept))
            if not kept:
                dropped.append(m.span())
            continue
        # A close tag: it closes the nearest open element of its name (looking a few levels down only).
        for k in range(len(stack) - 1, max(len(stack) - 8, 0) - 1, -1):
            if stack[k][0] == name:
                kept = stack[k][1]
                del stack[k:]
                if not kept:
                    dropped.append(m.span())
                break
    if not dropped:
        return html
    pieces, last = [], 0
    for start, end in dropped:
        pieces.append(html[last:start])
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


def _node_text(node) -> str:
    return node.text(deep=True, separator="") or ""


def _han_count(text: str) -> int:
    return sum(map(len, _HAN_RUN.findall(text)))     # runs, not characters: ten times fewer matches


def _classes(node) -> str:
    attrs = node.attributes
    return f"{attrs.get('id') or ''} {attrs.get('class') or ''}".strip()


class _Renderer:
    """Walks a selectolax tree into lines: blocks and <br> break lines, tables go through table_lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf.clear()
        for piece in text.split("\n"):
            piece = clean_line(piece)
            if piece.strip(" \u3000"):
                self.lines.append(piece)

    def walk(self, node, depth: int = 0) -> None:
        if depth > 150:                               # a pathological nesting: take its text as it is
            self.buf.append(_HTML_SPACE.sub(" ", _node_text(node)))
            return
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                raw = child.text(deep=False) or ""
                self.buf.append(_HTML_SPACE.sub(" ", _SOURCE_BREAK.sub("", raw)).replace("\u00a0", " "))
            elif tag.startswith("-") or _HIDDEN_STYLE.search(child.attributes.get("style") or ""):
                continue                              # comments, doctype, hidden elements
            elif tag == "br":
                self.buf.append("\n")
            elif tag == "table":
                self.flush()
                self.lines.extend(self.table(child, depth))
            elif tag in _BLOCK or tag in ("td", "th"):   # (a cell outside a table is a block too)
                self.flush()
                self.walk(child, depth + 1)
                self.flush()
            else:
                self.walk(child, depth + 1)

    def table(self, table, depth: int) -> list[str]:
        rows: list[list[Cell]] = []
        cell_lines: list[list[str]] = []
        pending: dict[int, tuple[int, list[str]]] = {}   # column → (rows still spanned, paragraphs)
        nested = False
        for tr in _table_rows(table):
            row: list[Cell] = []
            col = 0
            for td in tr.iter():
                if td.tag not in ("td", "th"):
                    continue
                while col in pending:
                    left, paras = pending[col]
                    row.append(Cell(list(paras), "up"))
                    pending[col] = (left - 1, paras)
                    if left - 1 <= 0:
                        del pending[col]
                    col += 1
                sub = _Renderer()
                sub.walk(td, depth + 1)
                sub.flush()
                nested = nested or td.css_first("table") is not None
                cell_lines.append(sub.lines)
                row.append(Cell(sub.lines))
                span = _int_attr(td, "rowspan")
                if span > 1:
                    pending[col] = (span - 1, sub.lines)
                for _ in range(_int_attr(td, "colspan") - 1):
                    col += 1
                    row.append(Cell([], "left"))
                    if span > 1:
                        pending[col] = (span - 1, [])
                col += 1
            while col in pending:
                left, paras = pending.pop(col)
                row.append(Cell(list(paras), "up"))
                if left - 1 > 0:
                    pending[col] = (left - 1, paras)
                col += 1
            rows.append(row)
        layout = nested or any(len(lines) > 3 or sum(map(len, lines)) > 300 for lines in cell_lines)
        if layout:                                    # a table used for page layout: its cells in order
            return [line for row in rows for cell in row if not cell.merged for line in cell.paras]
        return table_lines(rows)


def _table_rows(table):
    """The rows of a table, not of the tables nested in it."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            for tr in child.iter():
                if tr.tag == "tr":
                    yield tr


def _int_attr(node, name: str) -> int:
    value = (node.attributes.get(name) or "1").strip()
    return max(1, min(int(value), 50)) if value.isdigit() else 1


def _render(node) -> list[str]:
    renderer = _Renderer()
    renderer.walk(node)
    renderer.flush()
    return renderer.lines


@once
def _class_patterns() -> tuple[regex.Pattern, list[regex.Pattern]]:
    rules = chrome_rules()
    skip = regex.compile("|".join(f"(?:{p})" for p in rules["skip_class"]), regex.IGNORECASE)
    content = [regex.compile(p, regex.IGNORECASE) for p in rules["content_class"]]
    return skip, content


def _prune(node, skip: regex.Pattern, depth: int = 0) -> None:
    """Drop page furniture named by class or id (breadcrumb, share bar, footer) and hidden elements."""
    if depth > 150:
        return
    for child in list(node.iter()):
        names = _classes(child)
        if (names and skip.search(names)) or _HIDDEN_STYLE.search(child.attributes.get("style") or ""):
            child.decompose()
        else:
            _prune(child, skip, depth + 1)


def _find_main(body):
    """The element holding the article: the tightest content container that holds most of the text
    among those the page names (zoom, TRS_Editor, content…), else the block with the most Chinese."""
    _, content_patterns = _class_patterns()
    total = _han_count(_node_text(body))
    candidates = []
    for node in body.traverse():
        if node.tag not in ("div", "td", "article", "section", "main", "span", "font", "p"):
            continue
        names = _classes(node)
        if names and any(p.search(names) for p in content_patterns):
            han = _han_count(_node_text(node))
            if han >= 20:
                candidates.append((han, node))
    if candidates:
        best = max(han for han, _ in candidates)
        if best >= 0.3 * total:
            tight = [(han, node) for han, node in candidates if han >= 0.7 * best]
            return min(tight, key=lambda pair: pair[0])[1]
    return _densest_block(body)


def _densest_block(body):
    """The container with the most Chinese in its own text and paragraphs (not its sub-containers)."""
    containers = ("div", "td", "article", "section", "main", "body", "center", "li")
    scores: Counter[int] = Counter()
    nodes: dict[int, Any] = {}
    for node in body.traverse(include_text=True):
        if node.tag != "-text":
            continue
        han = _han_count(node.text(deep=False) or "")
        if not han:
            continue
        parent = node.parent
        while parent is not None and parent.tag not in containers:
            parent = parent.parent
        if parent is not None:
            scores[parent.mem_id] += han
            nodes[parent.mem_id] = parent
    if not scores:
        return body
    best_id, _ = scores.most_common(1)[0]
    best = nodes[best_id]
    # A block split in sibling containers (one div per paragraph): take their common parent.
    parent = best.parent
    if parent is not None and parent.tag in containers:
        siblings = sum(scores[c.mem_id] for c in parent.iter() if c.mem_id in scores)
        if siblings >= 2 * scores[best_id]:
            return parent
    return best


def _page_title(tree) -> str | None:
    for name in ("ArticleTitle", "articletitle", "title"):
        meta = tree.css_first(f'meta[name="{name}"]')
        content = (meta.attributes.get("content") or "").strip() if meta else ""
        if content and _han_count(content) >= 4:
            return content
    for selector in ("h1", "h2"):
        for node in tree.css(selector):
            text = _HTML_SPACE.sub(" ", _node_text(node)).strip()
            if _han_count(text) >= 4 and len(text) <= 120 and "。" not in text:
                return text
    return None


def html_text(data: bytes, where: str) -> tuple[str, str]:
    """The main text of a saved portal page, with its metadata block on top, and the charset used."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        raise missing_reader("html", where) from None
    text, charset = decode_html(data)
    tree = LexborHTMLParser(limit_depth(text))
    tree.strip_tags(["script", "style", "noscript", "template"])
    title = _page_title(tree)
    body = tree.body or tree.root
    if body is None:
        return "", charset
    tree.strip_tags(_DROP_TAGS)
    _prune(body, _class_patterns()[0])

    main = _find_main(body)
    main_lines = _render(main)
    # Metadata: label lines anywhere on the page outside the article, and `label：value` lines inside it.
    page_lines = _render(body)
    outside = _outside(page_lines, main_lines)
    pairs, _ = collect_metadata(outside, colon=False)
    inner_pairs, used = collect_metadata(main_lines, colon=True)
    pairs.extend(inner_pairs)
    main_lines = [line for i, line in enumerate(main_lines) if i not in used and not is_chrome_line(line)]

    if title and not _mentions(main_lines[:12], title):
        main_lines.insert(0, title)
    seen: set[str] = set()
    meta_lines = []
    for label, value in pairs:
        if label not in seen:
            seen.add(label)
            meta_lines.append(f"{label}：{value}")
    out = "\n".join([*meta_lines, *main_lines])
    return (out + "\n" if out else ""), charset


def _outside(page_lines: list[str], main_lines: list[str]) -> list[str]:
    """The page's lines without the run of lines that is the article."""
    if not main_lines:
        return page_lines
    n = len(main_lines)
    for i in range(len(page_lines) - n + 1):
        if page_lines[i] == main_lines[0] and page_lines[i:i + n] == main_lines:
            return page_lines[:i] + page_lines[i + n:]
    main = set(main_lines)
    return [line for line in page_lines if line not in main]


def _squash(text: str) -> str:
    return regex.sub(r"[\s\u3000]", "", text)


def _mentions(lines: list[str], title: str) -> bool:
    key = _squash(title)
    return any(key in _squash(line) or (len(_squash(line)) >= 6 and _squash(line) in key) for line in lines)
