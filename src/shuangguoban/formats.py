"""Input formats: saved portal pages (HTML), Word (.docx) and PDF → the text a reader sees.

`extract(fmt, data, where)` returns that text and the encoding it was read with (for HTML the charset;
"docx" or "pdf" otherwise). The text is laid out the way the text parser expects a plain circular:
one paragraph per line, portal metadata as `索引号：…` label lines at the top, Word's automatic numbers
printed before their paragraphs, and a task table read as one measure per row followed by
`牵头单位：…` / `配合单位：…` / `完成时限：…` label lines.

The libraries (selectolax, python-docx, pdfplumber) are imported inside the functions that need
them, so reading a .txt file never pays for them; without them the error says how to install them.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from .errors import InputError
from .rules import load_rules


def extract(fmt: str, data: bytes, where: str) -> tuple[str, str]:
    """Text a reader sees, and the encoding (html: the charset used; docx/pdf: "docx"/"pdf")."""
    if fmt == "html":
        return html_text(data, where)
    if fmt == "docx":
        return docx_text(data, where), "docx"
    if fmt == "pdf":
        return pdf_text(data, where), "pdf"
    raise InputError(f"{where}: unknown input format {fmt!r} (expected html, docx or pdf)")


def _missing(fmt: str, where: str) -> InputError:
    return InputError(f"{where}: reading .{fmt} files needs the formats extra: pip install 'shuangguoban[formats]'")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:160] if text else type(exc).__name__


# --- shared: lines and tables ------------------------------------------------------------------

_HAN = regex.compile(r"\p{Han}")
_CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef"
# Spaces between two CJK characters (letter-spaced text, or a source line break inside a sentence).
_CJK_GAP = regex.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return load_rules("html_chrome.yaml")


@lru_cache(maxsize=1)
def _chrome_line() -> regex.Pattern:
    return regex.compile("|".join(f"(?:{p})" for p in _rules()["chrome"]))


def is_chrome_line(line: str) -> bool:
    """A line of page furniture: breadcrumb, font-size bar, share bar, footer."""
    text = line.strip(" \u3000\u00a0\t")
    return len(text) <= _rules()["chrome_max_length"] and not text.endswith("。") and bool(_chrome_line().search(text))


@dataclass(slots=True)
class Cell:
    """One table cell: its paragraphs, and whether it continues the cell above ("up") or to its left."""

    paras: list[str]
    merged: str = ""     # "", "up" (a row span: paras copied from above) or "left" (a column span)

    @property
    def text(self) -> str:
        return " ".join(p for p in self.paras if p)


def _join_paras(paras: list[str], glue: str) -> str:
    out = ""
    for para in (p.strip() for p in paras):
        if not para:
            continue
        if out and not out.endswith(("、", "，", ",", "；", ";", "。")):
            out += glue
        out += para
    return out


_CN_NUMERAL = regex.compile(r"^[一二三四五六七八九十]{1,3}$")
_HAS_MARKER = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,3}[.．、](?![0-9])|第[一二三四五六七八九十百]{1,5}条)")


def _sequence_label(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if value.isdigit():
        return f"{int(value)}."
    if _CN_NUMERAL.match(value):
        return f"{value}、"
    return value if _HAS_MARKER.match(value) else f"{value} "


@dataclass(slots=True)
class _Column:
    role: str        # sequence, task, agency, other
    label: str


def _task_columns(header: list[Cell]) -> list[_Column] | None:
    """The roles of a task table's columns, or None when the row is not such a header."""
    spec = _rules()["task_table"]
    columns: list[_Column] = []
    named = 0
    for cell in header:
        text = regex.sub(r"[\s\u3000:：]", "", cell.text)
        if cell.merged == "left" and columns:
            columns.append(_Column("skip", ""))
            continue
        if not text or len(text) > 12:
            columns.append(_Column("other", text))
            continue
        if regex.search(spec["sequence"], text):
            columns.append(_Column("sequence", text))
        elif text in spec["clause_labels"]:
            columns.append(_Column("agency", text))
            named += 1
        elif regex.search(spec["lead"], text):
            columns.append(_Column("agency", spec["lead_label"]))
            named += 1
        elif regex.search(spec["support"], text):
            columns.append(_Column("agency", spec["support_label"]))
            named += 1
        elif regex.search(spec["deadline"], text):
            columns.append(_Column("other", text))
            named += 1
        elif regex.search(spec["responsible"], text):
            columns.append(_Column("agency", spec["responsible_label"]))
            named += 1
        elif regex.search(spec["task"], text):
            columns.append(_Column("task", text))
        else:
            columns.append(_Column("other", text))
    if not named or len(columns) < 2:
        return None
    if not any(c.role == "task" for c in columns):
        others = [i for i, c in enumerate(columns) if c.role == "other" and not regex.search(spec["deadline"], c.label)]
        if not others:
            return None
        columns[others[0]].role = "task"
    return columns


def table_lines(rows: list[list[Cell]]) -> list[str]:
    """A table as lines: a task table one measure per row with label lines, any other table one line
    per row with its cells joined by a space (cells merged into a neighbour are printed once)."""
    rows = [row for row in rows if any(cell.text.strip() for cell in row)]
    if not rows:
        return []
    for h in range(min(2, len(rows))):
        columns = _task_columns(rows[h])
        if columns:
            return _task_lines(columns, rows[h], rows[h + 1:])
    lines = []
    for row in rows:
        texts = [_join_paras(cell.paras, " ") for cell in row if not cell.merged]
        line = " ".join(t for t in texts if t)
        if line:
            lines.append(line)
    return lines


def _task_lines(columns: list[_Column], header: list[Cell], rows: list[list[Cell]]) -> list[str]:
    lines: list[str] = []
    header_key = [c.text for c in header]
    for row in rows:
        if [c.text for c in row] == header_key:      # a header row repeated on a new page
            continue
        sequence = task = ""
        labels: list[str] = []
        for column, cell in zip(columns, row, strict=False):
            if column.role == "skip" or cell.merged == "left":
                continue
            if column.role == "agency":
                value = _join_paras(cell.paras, "、")
            elif cell.merged == "up":
                continue                                # a category spanning rows is printed once
            else:
                value = _join_paras(cell.paras, "")
            if not value:
                continue
            if column.role == "sequence":
                sequence = _sequence_label(value)
            elif column.role == "task":
                task = value
            else:
                labels.append(f"{column.label}：{value}" if column.label else value)
        if task:
            lines.append(task if _HAS_MARKER.match(task) else sequence + task)
        elif sequence and labels:
            lines.append(sequence.rstrip())
        lines.extend(labels)
    return lines


def _clean_line(line: str) -> str:
    """One output line: trailing spaces off, ASCII spaces before the text off (a U+3000 indent stays)."""
    return line.rstrip(" \t\u00a0\u3000").lstrip(" \t\u00a0")


# --- HTML ------------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})    # <meta charset> and http-equiv
       |<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})       # an XHTML declaration
    """, re.IGNORECASE | re.VERBOSE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "csgb2312"}
_BIG5 = {"big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5"}
_UTF8 = {"utf-8", "utf8", "unicode-1-1-utf-8"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its <meta> (or XML) header, lower-cased, or None."""
    m = _META_CHARSET.search(data[:16384])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii").lower()


def decode_html(data: bytes, where: str) -> tuple[str, str]:
    """The page's text and the charset used: a BOM, then the declared charset (GB2312/GBK read as
    GB18030), then UTF-8, then charset-normalizer's guess."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(name, errors="replace"), "utf-16"
    declared = declared_charset(data)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if declared in _GB or declared in _BIG5:
        codec = "gb18030" if declared in _GB else "big5hkscs"
        # A page re-saved as UTF-8 often keeps its old <meta charset=gbk>: valid multi-byte UTF-8 wins.
        if utf8 is not None and not data.isascii():
            return utf8, "utf-8"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            return data.decode(codec, errors="replace"), codec
    if utf8 is not None:
        return utf8, "utf-8"
    if declared and declared not in _UTF8:
        try:
            codec = codecs.lookup(declared).name
            if codec not in ("latin-1", "iso8859-1", "cp1252", "ascii"):   # wrong more often than right
                return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    name = (best.encoding if best else "").lower().replace("_", "")
    if name in _GB or name in ("gb18030", "gbk", "gb2312") or not name:
        return data.decode("gb18030", errors="replace"), "gb18030"
    if name in _BIG5:
        return data.decode("big5hkscs", errors="replace"), "big5hkscs"
    try:
        return data.decode(name), name
    except (LookupError, UnicodeDecodeError):
        return data.decode("gb18030", errors="replace"), "gb18030"


_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "button", "input", "textarea", "nav", "header", "footer", "aside", "audio", "video", "map"]
_BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "main", "blockquote", "pre", "center", "form", "hr", "address", "figure", "figcaption", "fieldset", "legend",
    "tr", "thead", "tbody", "tfoot", "caption", "body", "html", "details", "summary", "menu"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SOURCE_BREAK = regex.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")   # a newline inside a sentence
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def _node_text(node) -> str:
    return node.text(deep=True, separator="") or ""


def _han_count(text: str) -> int:
    return len(_HAN.findall(text))


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
            piece = _clean_line(piece)
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


# Metadata: a line that starts with a portal label (索引号：… 发文字号：…).
@lru_cache(maxsize=1)
def _label_pattern() -> regex.Pattern:
    rules = _rules()
    labels = sorted([*rules["metadata_labels"], *rules["stop_labels"]], key=len, reverse=True)
    spaced = ["[ \u3000]*".join(regex.escape(ch) for ch in label) for label in labels]
    return regex.compile(r"(?P<label>" + "|".join(spaced) + r")[ \u3000]*(?:[:：][ \u3000]*|(?=\s)|$)")


_DATE_VALUE = regex.compile(r"[0-9]{4}[ ]*[-年/.][ ]*[0-9]{1,2}[ ]*[-月/.][ ]*[0-9]{1,2}[ ]*日?")


def metadata_pairs(line: str, *, colon: bool = False) -> list[tuple[str, str]]:
    """(label as the parser reads it, value) pairs of a portal metadata line, or [] when the line
    does not start with a metadata label. `colon` requires a colon after the first label."""
    rules = _rules()
    text = line.strip(" \u3000\t")
    found = [m for m in _label_pattern().finditer(text) if m.start() == 0 or text[m.start() - 1] in " \u3000\t|｜】]"]
    if not found or found[0].start() != 0:
        return []
    if colon and not regex.search(r"[:：]", found[0].group(0)):
        return []
    pairs = []
    for i, m in enumerate(found):
        label = regex.sub(r"[ \u3000]", "", m.group("label"))
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[m.end():end].strip(" \u3000\t|｜")
        cut = regex.search(r"[【\[]", value)
        if cut:
            value = value[:cut.start()].rstrip()
        canonical = rules["metadata_labels"].get(label)
        if canonical is None or not value or len(value) > 200:
            continue
        if canonical in rules["date_labels"]:
            date = _DATE_VALUE.search(value)
            value = date.group(0).strip() if date else value
        pairs.append((canonical, value))
    return pairs


def _label_only(line: str) -> str | None:
    """The canonical label when the line is a bare label (索引号：) whose value is on the next line."""
    text = line.strip(" \u3000\t")
    m = _label_pattern().fullmatch(text)
    return _rules()["metadata_labels"].get(regex.sub(r"[ \u3000]", "", m.group("label"))) if m else None


def _collect_metadata(lines: list[str], *, colon: bool) -> tuple[list[tuple[str, str]], set[int]]:
    pairs: list[tuple[str, str]] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        found = metadata_pairs(line, colon=colon)
        if found:
            pairs.extend(found)
            used.add(i)
            continue
        label = _label_only(line)
        if label and i + 1 < len(lines) and not metadata_pairs(lines[i + 1]) and not _label_only(lines[i + 1]):
            value = lines[i + 1].strip(" \u3000")
            if 0 < len(value) <= 200:
                pairs.append((label, value))
                used.update((i, i + 1))
    return pairs, used


@lru_cache(maxsize=1)
def _class_patterns() -> tuple[regex.Pattern, list[regex.Pattern]]:
    rules = _rules()
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
        raise _missing("html", where) from None
    text, charset = decode_html(data, where)
    tree = LexborHTMLParser(text)
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
    pairs, _ = _collect_metadata(outside, colon=False)
    inner_pairs, used = _collect_metadata(main_lines, colon=True)
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


# --- DOCX ------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _wval(el, name: str = "val") -> str | None:
    return None if el is None else el.get(_w(name))


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Chinese counting as Word prints it: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    if 10 <= n < 20 and digits is _CN_DIGITS:
        return units[0] + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero:
                out += digits[0]
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's numFmt styles."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return chinese_count(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN_DIGITS[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str
    legal: bool


def _read_level(lvl) -> _Level:
    start = _wval(lvl.find(_w("start")))
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=_wval(lvl.find(_w("numFmt"))) or "decimal",
        text=_wval(lvl.find(_w("lvlText"))) or "",
        suffix=_wval(lvl.find(_w("suff"))) or "tab",
        legal=lvl.find(_w("isLgl")) is not None and _wval(lvl.find(_w("isLgl"))) not in ("0", "false"),
    )


@dataclass(slots=True)
class Numbering:
    """Word's list numbering: the level definitions, and the counters as the document is read.

    Counters belong to the abstract list, so two numIds that share one continue each other (as Word
    does); a numId whose levels carry a startOverride restarts them where it is first used."""

    abstracts: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = field(default_factory=dict)
    level_styles: dict[str, tuple[str, int]] = field(default_factory=dict)   # styleId → (abstractId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iterfind(_w("abstractNum")):
            abstract_id = _wval(abstract, "abstractNumId") or ""
            levels = {}
            for lvl in abstract.iterfind(_w("lvl")):
                ilvl = int(_wval(lvl, "ilvl") or 0)
                levels[ilvl] = _read_level(lvl)
                style = _wval(lvl.find(_w("pStyle")))
                if style:
                    numbering.level_styles[style] = (abstract_id, ilvl)
            numbering.abstracts[abstract_id] = levels
        for num in root.iterfind(_w("num")):
            num_id = _wval(num, "numId") or ""
            abstract_id = _wval(num.find(_w("abstractNumId"))) or ""
            starts: dict[int, int] = {}
            redefined: dict[int, _Level] = {}
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = int(_wval(override, "ilvl") or 0)
                start = _wval(override.find(_w("startOverride")))
                if start and start.isdigit():
                    starts[ilvl] = int(start)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    redefined[ilvl] = _read_level(lvl)
            numbering.nums[num_id] = (abstract_id, starts, redefined)
        return numbering

    def ilvl_for_style(self, style_id: str, num_id: str) -> int:
        found = self.level_styles.get(style_id)
        entry = self.nums.get(num_id)
        return found[1] if found and entry and found[0] == entry[0] else 0

    def label(self, num_id: str, ilvl: int) -> str:
        """The visible label (一、 （一） 1.) of the next paragraph in list `num_id` at level `ilvl`."""
        entry = self.nums.get(num_id)
        if entry is None or num_id == "0":
            return ""
        abstract_id, starts, redefined = entry
        levels = {**self.abstracts.get(abstract_id, {}), **redefined}
        level = levels.get(ilvl)
        if level is None or not 0 <= ilvl < 9:
            return ""
        counts = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for k in starts:
                if 0 <= k < 9:
                    counts[k:] = [None] * (9 - k)

        def start_of(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 1)

        current = counts[ilvl]
        counts[ilvl] = start_of(ilvl) if current is None else current + 1
        counts[ilvl + 1:] = [None] * (8 - ilvl)
        if level.fmt == "bullet":
            return "" if any("\ue000" <= c <= "\uf8ff" for c in level.text) or not level.text.strip() else level.text + " "

        def render(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < 9:
                return ""
            count = counts[k]
            value = count if count is not None else start_of(k)
            fmt = levels[k].fmt if k in levels else "decimal"
            if level.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", render, level.text)
        if not text:
            return ""
        if level.suffix == "nothing" or text[-1] in "、，,.．:：)）]】〕 ":
            return text
        return text + " "


def _style_numbering(styles_root) -> dict[str, tuple[str | None, int | None]]:
    """styleId → (numId, ilvl) from the style or the styles it is based on."""
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    if styles_root is None:
        return {}
    for style in styles_root.iterfind(_w("style")):
        style_id = _wval(style, "styleId")
        if not style_id:
            continue
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        style_num = _wval(num_pr.find(_w("numId"))) if num_pr is not None else None
        style_ilvl = _wval(num_pr.find(_w("ilvl"))) if num_pr is not None else None
        own[style_id] = (style_num, int(style_ilvl) if style_ilvl and style_ilvl.isdigit() else None,
                         _wval(style.find(_w("basedOn"))))
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for style_id in own:
        current: str | None = style_id
        seen = set()
        while current and current in own and current not in seen:
            seen.add(current)
            num_id, ilvl, based = own[current]
            if num_id is not None:
                resolved[style_id] = (num_id, ilvl)
                break
            current = based
    return resolved


class _DocxReader:
    def __init__(self, numbering: Numbering, style_numbers: dict[str, tuple[str | None, int | None]]) -> None:
        self.numbering = numbering
        self.style_numbers = style_numbers

    def blocks(self, parent) -> list[str]:
        lines: list[str] = []
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _w("p"):
                lines.extend(self.paragraph(child))
            elif tag == _w("tbl"):
                lines.extend(table_lines(self.table(child)))
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if content is not None:
                    lines.extend(self.blocks(content))
        return lines

    def label(self, p) -> str:
        ppr = p.find(_w("pPr"))
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _wval(num_pr.find(_w("numId")))
            level = _wval(num_pr.find(_w("ilvl")))
            ilvl = int(level) if level and level.isdigit() else None
        style_id = _wval(ppr.find(_w("pStyle"))) if ppr is not None else None
        if num_id is None and style_id and style_id in self.style_numbers:
            num_id, style_ilvl = self.style_numbers[style_id]
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None:
            return ""
        if ilvl is None:
            ilvl = self.numbering.ilvl_for_style(style_id or "", num_id)
        return self.numbering.label(num_id, ilvl)

    def paragraph(self, p) -> list[str]:
        label = self.label(p)
        text = "".join(_run_text(p))
        pieces = [_clean_line(piece.replace("\t", " ")) for piece in text.split("\n")]
        pieces = [piece for piece in pieces if piece.strip(" \u3000")]
        if not pieces:
            return []
        pieces[0] = label + pieces[0].lstrip(" \u3000") if label else pieces[0]
        return pieces

    def table(self, tbl) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        above: dict[int, list[str]] = {}
        for tr in tbl.iterfind(_w("tr")):
            row: list[Cell] = []
            col = 0
            before = _wval(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"))
            for _ in range(int(before) if before and before.isdigit() else 0):
                row.append(Cell([], "left"))
                col += 1
            for tc in _row_cells(tr):
                tc_pr = tc.find(_w("tcPr"))
                span_val = _wval(tc_pr.find(_w("gridSpan"))) if tc_pr is not None else None
                span = int(span_val) if span_val and span_val.isdigit() else 1
                v_merge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
                paras: list[str] = []
                for block in tc.iterchildren():
                    if block.tag == _w("p"):
                        paras.extend(self.paragraph(block))
                    elif block.tag == _w("tbl"):
                        paras.extend(table_lines(self.table(block)))
                if v_merge is not None and _wval(v_merge) != "restart":
                    row.append(Cell(list(above.get(col, [])), "up"))
                else:
                    row.append(Cell(paras))
                    above[col] = paras
                for _ in range(span - 1):
                    col += 1
                    row.append(Cell([], "left"))
                col += 1
            rows.append(row)
        return rows


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _row_cells(content)


_SKIP_IN_RUNS = {_w("txbxContent"), f"{{{_MC}}}Fallback", _w("rt"), _w("del"), _w("moveFrom"),
                 _w("footnoteReference"), _w("endnoteReference"), _w("commentReference"), _w("instrText"), _w("delText")}


def _run_text(node):
    """The visible text of a paragraph: text, tabs and line breaks, not deleted text or text boxes."""
    for child in node.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_RUNS or tag == _w("pPr") or tag == _w("rPr"):
            continue
        if tag == _w("t"):
            yield child.text or ""
        elif tag in (_w("tab"), _w("ptab")):
            yield "\t"
        elif tag in (_w("br"), _w("cr")):
            yield "\n"
        elif tag == _w("noBreakHyphen"):
            yield "-"
        else:
            yield from _run_text(child)


def docx_text(data: bytes, where: str) -> str:
    """The text of a .docx document: paragraphs and tables in body order, list numbers printed."""
    try:
        import docx
    except ImportError:
        raise _missing("docx", where) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise InputError(f"{where}: not a readable .docx document ({_reason(exc)})") from None
    numbering_root = styles_root = None
    with contextlib.suppress(KeyError, NotImplementedError, AttributeError):
        numbering_root = document.part.numbering_part.element
    with contextlib.suppress(KeyError, NotImplementedError, AttributeError):
        styles_root = document.styles.element
    reader = _DocxReader(Numbering.read(numbering_root), _style_numbering(styles_root))
    lines = reader.blocks(body)
    return "\n".join(lines) + "\n" if lines else ""


# --- PDF -------------------------------------------------------------------------------------

_PAGE_NUMBER = regex.compile(
    r"""^(?:
        [-—－–‐一]{1,2}\s*[0-9]{1,4}\s*[-—－–‐一]{1,2}               # — 3 —   -3-
      | 第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?  # 第3页  第3页 共5页
      | 共\s*[0-9]{1,4}\s*页\s*[,，]?\s*第\s*[0-9]{1,4}\s*页        # 共5页 第3页
      | [0-9]{1,4}\s*/\s*[0-9]{1,4}                                  # 3/5
      | (?:Page|PAGE|p\.)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?  # Page 3 of 5
      | [0-9]{1,4}                                                   # a bare page number
    )$""", regex.VERBOSE)
# A line that cannot continue the one before it: a numbered item, a clause label, a date line.
_STARTS_ITEM = regex.compile(
    r"""^(?:
        [一二三四五六七八九十]{1,3}\s*[、.．]                         # 一、
      | [(（]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）]               # （一） （1）
      | [0-9]{1,3}\s*[.．、](?![0-9])                                # 1.  1、   (not 1.5)
      | [①-⑳⑴-⒇]                                                    # ① ⑴
      | 第[一二三四五六七八九十百零〇]{1,5}[条章节部分]               # 第一条
      | (?:牵头单位|牵头部门|责任单位|责任部门|主要责任单位|配合单位|配合部门|协办单位|参与单位|责任主体
          |完成时限|完成时间|时间节点|附件|抄送|主送)\s*[:：]          # label lines
      | 附件\s*[0-9一二三四五六七八九十]*\s*$                         # 附件 / 附件2
      | [0-9〇○零一二三四五六七八九十]{4}\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日$
      | [(（]此件                                                     # （此件公开发布）
    )""", regex.VERBOSE)
_ENDS_PARAGRAPH = ("。", "；", "：", "！", "？", ";", ":", "!", "?", "）", ")", "】", "]", "〕")


@dataclass(slots=True)
class _PdfLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 4.0)


def _page_lines(page, index: int) -> list[_PdfLine]:
    out = []
    for line in page.extract_text_lines(strip=True, return_chars=False):
        text = _CJK_GAP.sub("", line["text"]).strip()
        if text:
            out.append(_PdfLine(text, float(line["x0"]), float(line["x1"]), float(line["top"]), float(line["bottom"]), index))
    return out


def _shape(text: str) -> str:
    return regex.sub(r"[0-9]+", "#", regex.sub(r"\s", "", text))


def strip_page_furniture(pages: list[list[_PdfLine]]) -> list[list[_PdfLine]]:
    """Pages without their running headers/footers (a line repeated at the top or bottom of most
    pages, page numbers allowed to differ) and page numbers (— 3 —, -3-, 第3页 共5页)."""
    edge = 2
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_shape(line.text) for line in lines[:edge] + lines[-edge:]})
    need = max(2, (len(pages) + 1) // 2)
    kept = []
    for lines in pages:
        edges = {id(line) for line in lines[:edge] + lines[-edge:]}
        kept.append([line for line in lines if id(line) not in edges or not (
            _PAGE_NUMBER.match(line.text.replace(" ", "")) or _PAGE_NUMBER.match(line.text)
            or (len(pages) >= 2 and counts[_shape(line.text)] >= need))])
    return kept


def join_wrapped(pages: list[list[_PdfLine]]) -> list[str]:
    """Paragraphs from printed lines: a line that fills the measure, does not end a sentence or clause
    and is followed by a line that starts no new item or label is joined to it (no space between
    Chinese characters); pages continue into each other."""
    paragraphs: list[str] = []
    previous: _PdfLine | None = None
    margins = {}
    for lines in pages:
        if lines:
            margins[lines[0].page] = (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))
    for lines in pages:
        for line in lines:
            if previous is not None and _continues(previous, line, margins):
                last = paragraphs[-1]
                glue = " " if last[-1:].isascii() and last[-1:].isalpha() and line.text[:1].isascii() and line.text[:1].isalpha() else ""
                paragraphs[-1] = last + glue + line.text
            else:
                paragraphs.append(line.text)
            previous = line
    return paragraphs


def _continues(line: _PdfLine, following: _PdfLine, margins: dict[int, tuple[float, float]]) -> bool:
    if line.text.endswith(_ENDS_PARAGRAPH) or _STARTS_ITEM.match(following.text):
        return False
    left, right = margins[line.page]
    if line.x1 < right - 1.5 * line.size:          # a short line ends its paragraph
        return False
    next_left, _ = margins[following.page]
    if following.x0 > next_left + 0.8 * following.size and following.x0 > line.x0 + 0.8 * following.size:
        return False                               # the next line is indented: a new paragraph
    return line.x0 <= left + 4 * line.size        # a centred or right-aligned line stands alone


def pdf_text(data: bytes, where: str) -> str:
    """The text of a PDF in reading order, page furniture removed and wrapped lines joined."""
    try:
        import pdfplumber
    except ImportError:
        raise _missing("pdf", where) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page, i) for i, page in enumerate(pdf.pages)]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError(f"{where}: the PDF is password-protected") from None
        raise InputError(f"{where}: not a readable PDF ({_reason(exc)})") from None
    if not any(pages):
        raise InputError(f"{where}: the PDF has no text layer (a scanned image?); run OCR on it first")
    paragraphs = join_wrapped(strip_page_furniture(pages))
    return "\n".join(paragraphs) + "\n" if paragraphs else ""
