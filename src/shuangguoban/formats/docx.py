"""DOCX: a Word document → its paragraphs and tables in body order, list numbers printed.

python-docx opens the package (imported inside `docx_text`); the body, numbering and styles are read
from their XML, so Word's automatic list labels (一、 （一） 1.) come out as Word prints them.
"""

from __future__ import annotations

import contextlib
import io

from ..errors import InputError
from . import clean_line, missing_reader, short_reason
from .tables import Cell, table_lines
from .word_numbering import MAX_COLUMNS, Numbering, style_numbering, w_tag, w_value, xml_int

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_PARTS = 2000                  # entries in the package


class _DocxReader:
    def __init__(self, numbering: Numbering, style_numbers: dict[str, tuple[str | None, int | None]]) -> None:
        self.numbering = numbering
        self.style_numbers = style_numbers

    def blocks(self, parent) -> list[str]:
        lines: list[str] = []
        for child in parent.iterchildren():
            tag = child.tag
            if tag == w_tag("p"):
                lines.extend(self.paragraph(child))
            elif tag == w_tag("tbl"):
                lines.extend(table_lines(self.table(child)))
            elif tag in (w_tag("sdt"), w_tag("customXml")):
                content = child.find(w_tag("sdtContent")) if tag == w_tag("sdt") else child
                if content is not None:
                    lines.extend(self.blocks(content))
        return lines

    def label(self, p) -> str:
        ppr = p.find(w_tag("pPr"))
        num_pr = ppr.find(w_tag("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id = w_value(num_pr.find(w_tag("numId")))
            level = w_value(num_pr.find(w_tag("ilvl")))
            ilvl = xml_int(level, None, 0)
        style_id = w_value(ppr.find(w_tag("pStyle"))) if ppr is not None else None
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
        pieces = [clean_line(piece.replace("\t", " ")) for piece in text.split("\n")]
        pieces = [piece for piece in pieces if piece.strip(" \u3000")]
        if not pieces:
            return []
        pieces[0] = label + pieces[0].lstrip(" \u3000") if label else pieces[0]
        return pieces

    def table(self, tbl) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        above: dict[int, list[str]] = {}
        for tr in tbl.iterfind(w_tag("tr")):
            row: list[Cell] = []
            col = 0
            before = w_value(tr.find(f"{w_tag('trPr')}/{w_tag('gridBefore')}"))
            for _ in range(xml_int(before, 0, 0, MAX_COLUMNS) or 0):
                row.append(Cell([], "left"))
                col += 1
            for tc in _row_cells(tr):
                tc_pr = tc.find(w_tag("tcPr"))
                span_val = w_value(tc_pr.find(w_tag("gridSpan"))) if tc_pr is not None else None
                span = xml_int(span_val, 1, 1, MAX_COLUMNS) or 1
                v_merge = tc_pr.find(w_tag("vMerge")) if tc_pr is not None else None
                paras: list[str] = []
                for block in tc.iterchildren():
                    if block.tag == w_tag("p"):
                        paras.extend(self.paragraph(block))
                    elif block.tag == w_tag("tbl"):
                        paras.extend(table_lines(self.table(block)))
                if v_merge is not None and w_value(v_merge) != "restart":
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
        if child.tag == w_tag("tc"):
            yield child
        elif child.tag in (w_tag("sdt"), w_tag("customXml")):
            content = child.find(w_tag("sdtContent")) if child.tag == w_tag("sdt") else child
            if content is not None:
                yield from _row_cells(content)


_SKIP_IN_RUNS = {w_tag("txbxContent"), f"{{{_MC}}}Fallback", w_tag("rt"), w_tag("del"), w_tag("moveFrom"),
                 w_tag("footnoteReference"), w_tag("endnoteReference"), w_tag("commentReference"), w_tag("instrText"), w_tag("delText")}


def _run_text(node):
    """The visible text of a paragraph: text, tabs and line breaks, not deleted text or text boxes."""
    for child in node.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_RUNS or tag == w_tag("pPr") or tag == w_tag("rPr"):
            continue
        if tag == w_tag("t"):
            yield child.text or ""
        elif tag in (w_tag("tab"), w_tag("ptab")):
            yield "\t"
        elif tag in (w_tag("br"), w_tag("cr")):
            yield "\n"
        elif tag == w_tag("noBreakHyphen"):
            yield "-"
        else:
            yield from _run_text(child)


def prepare_docx(data: bytes, where: str) -> None:
    """Refuse a package that would expand past the limit (a zip bomb) before anything inflates it,
    and import python-docx here rather than in the reader's child process."""
    import zipfile

    from ..loader import MAX_BYTES

    try:
        import docx  # noqa: F401
    except ImportError:
        raise missing_reader("docx", where) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{where}: not a readable .docx document ({short_reason(exc)})") from None
    if len(entries) > MAX_PARTS:
        raise InputError(f"{where}: a .docx package with {len(entries)} parts (more than {MAX_PARTS}); refused")
    # zipfile stops at the size an entry declares (a lie fails its CRC), so the declared sizes bound it.
    xml = sum(e.file_size for e in entries if not e.filename.startswith("word/media/"))
    total = sum(e.file_size for e in entries)
    if xml > MAX_BYTES or total > 4 * MAX_BYTES:
        raise InputError(f"{where}: the .docx expands to {max(xml, total) >> 20} MB, over the "
                         f"{MAX_BYTES >> 20} MB limit for one circular (a zip bomb?)")


def docx_text(data: bytes, where: str) -> str:
    """The text of a .docx document: paragraphs and tables in body order, list numbers printed."""
    try:
        import docx
    except ImportError:
        raise missing_reader("docx", where) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise InputError(f"{where}: not a readable .docx document ({short_reason(exc)})") from None
    numbering_root = styles_root = None
    with contextlib.suppress(KeyError, NotImplementedError, AttributeError):
        numbering_root = document.part.numbering_part.element
    with contextlib.suppress(KeyError, NotImplementedError, AttributeError):
        styles_root = document.styles.element
    reader = _DocxReader(Numbering.read(numbering_root), style_numbering(styles_root))
    lines = reader.blocks(body)
    return "\n".join(lines) + "\n" if lines else ""
