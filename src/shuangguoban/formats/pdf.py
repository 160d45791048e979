"""PDF: the text layer in reading order, running headers/footers and page numbers removed and
wrapped lines joined into paragraphs. pdfplumber is imported inside `pdf_text`.
"""

from __future__ import annotations

import io
import statistics
from collections import Counter
from typing import NamedTuple

import regex

from ..errors import InputError
from ..wraps import OPENS, ends_paragraph, starts_item
from . import CJK, missing_reader, short_reason

# Spaces between two CJK characters (letter-spaced text, or a source line break inside a sentence).
_CJK_GAP = regex.compile(rf"(?<=[{CJK}])[ \t\u00a0]+(?=[{CJK}])")
_PAGE_NUMBER = regex.compile(
    r"""^(?:
        [-—－–‐一]{1,2}\s*[0-9]{1,4}\s*[-—－–‐一]{1,2}               # — 3 —   -3-
      | 第\s*[0-9]{1,4}\s*页(?:\s*[,，/]?\s*共\s*[0-9]{1,4}\s*页)?  # 第3页  第3页 共5页
      | 共\s*[0-9]{1,4}\s*页\s*[,，]?\s*第\s*[0-9]{1,4}\s*页        # 共5页 第3页
      | [0-9]{1,4}\s*/\s*[0-9]{1,4}                                  # 3/5
      | (?:Page|PAGE|p\.)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?  # Page 3 of 5
      | [0-9]{1,4}                                                   # a bare page number
    )$""", regex.VERBOSE)
class _PdfLine(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    chars: int = 0      # characters as printed, spaces between Chinese characters included (0: len(text))

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 4.0)


def _page_lines(page, index: int) -> list[_PdfLine]:
    out = []
    for line in page.extract_text_lines(strip=True, return_chars=False):
        printed = line["text"].strip()
        text = _CJK_GAP.sub("", printed).strip()
        if text:
            out.append(_PdfLine(text, float(line["x0"]), float(line["x1"]), float(line["top"]), float(line["bottom"]), index,
                                len(printed)))
    return out


def _shape(line: _PdfLine) -> tuple[str, int]:
    """A line's text with its numbers blurred, and its height on the page: a running header or
    footer repeats at the same place; a short body line that happens to recur does not."""
    return regex.sub(r"[0-9]+", "#", regex.sub(r"\s", "", line.text)), round(line.top / 6)


def strip_page_furniture(pages: list[list[_PdfLine]]) -> list[list[_PdfLine]]:
    """Pages without their running headers/footers (a line repeated at the top or bottom of most
    pages, page numbers allowed to differ) and page numbers (— 3 —, -3-, 第3页 共5页)."""
    edge = 2
    counts: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        counts.update({_shape(line) for line in lines[:edge] + lines[-edge:]})
    need = max(2, (len(pages) + 1) // 2)
    kept = []
    for lines in pages:
        edges = {id(line) for line in lines[:edge] + lines[-edge:]}
        kept.append([line for line in lines if id(line) not in edges or not (
            _PAGE_NUMBER.match(line.text.replace(" ", "")) or _PAGE_NUMBER.match(line.text)
            or (len(pages) >= 2 and counts[_shape(line)] >= need))])
    return kept


def join_wrapped(pages: list[list[_PdfLine]]) -> list[str]:
    """Paragraphs from printed lines: a line that fills the measure, does not end a sentence or clause
    and is followed by a line that starts no new item or label is joined to it (no space between
    Chinese characters); pages continue into each other."""
    paragraphs: list[str] = []
    previous: _PdfLine | None = None
    block = _TextBlock.of(pages)
    for lines in pages:
        for line in lines:
            if previous is not None and block.continues(previous, line):
                last = paragraphs[-1]
                glue = " " if last[-1:].isascii() and last[-1:].isalpha() and line.text[:1].isascii() and line.text[:1].isalpha() else ""
                paragraphs[-1] = last + glue + line.text
            else:
                paragraphs.append(line.text)
            previous = line
    return paragraphs


class _TextBlock(NamedTuple):
    """Where the printed lines run: each page's left and right margin, the characters a line holds
    when the text was wrapped by count (`grid`), and whether paragraphs open with an indent."""

    margins: dict[int, tuple[float, float]]
    grid: int | None
    indents: bool

    @classmethod
    def of(cls, pages: list[list[_PdfLine]]) -> _TextBlock:
        lefts = {lines[0].page: min(ln.x0 for ln in lines) for lines in pages if lines}
        widths = {lines[0].page: max(ln.x1 for ln in lines) - lefts[lines[0].page] for lines in pages if lines}
        # A page of a few short lines (the last one, say) does not show the measure; the others do.
        # Widths, not right edges: facing pages may sit shifted.
        usual = statistics.median(widths.values()) if widths else 0.0
        margins = {page: (left, left + max(widths[page], usual)) for page, left in lefts.items()}
        lines = [line for page in pages for line in page]
        indented = sum(1.5 * ln.size <= ln.x0 - margins[ln.page][0] <= 2.5 * ln.size for ln in lines)
        partial = cls(margins, None, indented >= 3)
        return cls(margins, partial._grid(lines), partial.indents)

    def _cells(self, line: _PdfLine) -> int:
        """Character cells a line takes: its characters and its indent counted in ems."""
        return (line.chars or len(line.text)) + round((line.x0 - self.margins[line.page][0]) / line.size)

    def _reaches_margin(self, line: _PdfLine) -> bool:
        return line.x1 >= self.margins[line.page][1] - 1.5 * line.size

    def _grid(self, lines: list[_PdfLine]) -> int | None:
        """The characters a line holds when the text was wrapped by count, not width (a text file
        printed as it stood): then a line rich in digits and half-width signs is full short of the
        margin. Seen as many lines holding exactly the most characters any line holds, at least half
        as many as reach the margin; wrapped by width, full lines' counts spread with their narrow
        signs."""
        if not lines:
            return None
        counts = Counter(self._cells(line) for line in lines)
        most = max(counts)
        reaching = sum(self._reaches_margin(line) for line in lines)
        return most if counts[most] >= max(3, reaching / 2) else None

    def _full(self, line: _PdfLine) -> bool:
        return self._reaches_margin(line) or (self.grid is not None and self._cells(line) >= self.grid)

    def continues(self, line: _PdfLine, following: _PdfLine) -> bool:
        """Whether `following` carries on the paragraph `line` is in."""
        if (starts_item().match(following.text) and not line.text.endswith(OPENS)) or not self._full(line):
            return False                               # a new item, or a short line ending its paragraph
        left, _ = self.margins[line.page]
        next_left, _ = self.margins[following.page]
        if following.x0 > next_left + 0.8 * following.size and following.x0 > line.x0 + 0.8 * following.size:
            return False                               # the next line is indented: a new paragraph
        if line.x0 > left + 4 * line.size:
            return False                               # a centred or right-aligned line stands alone
        # Where paragraphs open indented, a flush line after a full one carries on even past a
        # sentence's end; without indents, a full line ending a sentence may end its paragraph.
        return self.indents or not ends_paragraph(line.text)


def pdf_text(data: bytes, where: str) -> str:
    """The text of a PDF in reading order, page furniture removed and wrapped lines joined."""
    try:
        import pdfplumber
    except ImportError:
        raise missing_reader("pdf", where) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page, i) for i, page in enumerate(pdf.pages)]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        name = f"{type(exc).__name__} {exc}"   # pdfplumber wraps pdfminer's PDFPasswordIncorrect
        if "Password" in name or "Encrypt" in name:
            raise InputError(f"{where}: the PDF is password-protected") from None
        raise InputError(f"{where}: not a readable PDF ({short_reason(exc)})") from None
    if not any(pages):
        raise InputError(f"{where}: the PDF has no text layer (a scanned image?); run OCR on it first")
    paragraphs = join_wrapped(strip_page_furniture(pages))
    return "\n".join(paragraphs) + "\n" if paragraphs else ""
