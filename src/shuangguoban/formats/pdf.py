"""PDF: the text layer in reading order, running headers/footers and page numbers removed and
wrapped lines joined into paragraphs. pdfplumber is imported inside `pdf_text`.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

import regex

from ..errors import InputError
from . import _CJK, _missing, _reason

# Spaces between two CJK characters (letter-spaced text, or a source line break inside a sentence).
_CJK_GAP = regex.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
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
        name = f"{type(exc).__name__} {exc}"   # pdfplumber wraps pdfminer's PDFPasswordIncorrect
        if "Password" in name or "Encrypt" in name:
            raise InputError(f"{where}: the PDF is password-protected") from None
        raise InputError(f"{where}: not a readable PDF ({_reason(exc)})") from None
    if not any(pages):
        raise InputError(f"{where}: the PDF has no text layer (a scanned image?); run OCR on it first")
    paragraphs = join_wrapped(strip_page_furniture(pages))
    return "\n".join(paragraphs) + "\n" if paragraphs else ""
