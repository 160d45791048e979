"""Input formats: saved portal pages (HTML), Word (.docx) and PDF → the text a reader sees.

`extract(fmt, data, where)` returns that text and the encoding it was read with (for HTML the charset;
"docx" or "pdf" otherwise). The text is laid out the way the text parser expects a plain circular:
one paragraph per line, portal metadata as `索引号：…` label lines at the top, Word's automatic numbers
printed before their paragraphs, and a task table read as one measure per row followed by
`牵头单位：…` / `配合单位：…` / `完成时限：…` label lines.

One module per reader (`html`, `docx`, `pdf`) and one for the task tables HTML and DOCX share
(`tables`); this module holds `extract` and the helpers they all use. The readers are imported by
`extract` when a file of their format comes in, and the libraries they need (selectolax, python-docx,
pdfplumber) inside the functions that use them, so reading a .txt file never pays for them; without
them the error says how to install them.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..lazy import once
from ..rules import load_rules
from .sandbox import DEFAULT, Budget, bounded


def extract(fmt: str, data: bytes, where: str, budget: Budget = DEFAULT) -> tuple[str, str]:
    """Text a reader sees, and the encoding (html: the charset used; docx/pdf: "docx"/"pdf").
    The Word and PDF readers run under `budget` (time and memory, see `sandbox`)."""
    if fmt == "html":
        from .html import html_text

        text, charset = html_text(data, where)
        return _capped(text, where), charset
    if fmt == "docx":
        from .docx import docx_text, prepare_docx

        prepare_docx(data, where)
        return _capped(bounded(docx_text, (data, where), where, "Word document", budget), where), "docx"
    if fmt == "pdf":
        from .pdf import pdf_text

        _import_reader("pdfplumber", "pdf", where)
        return _capped(bounded(pdf_text, (data, where), where, "PDF", budget), where), "pdf"
    raise InputError(f"{where}: unknown input format {fmt!r} (expected html, docx or pdf)")


def _import_reader(module: str, fmt: str, where: str) -> None:
    """Import a reader's library in this process, before the reader is forked (an import in the child
    could wait on a lock another thread holds)."""
    try:
        __import__(module)
    except ImportError:
        raise missing_reader(fmt, where) from None


def _capped(text: str, where: str) -> str:
    """The 20 MB limit for one circular holds for the text a document expands to, too."""
    from ..loader import MAX_BYTES

    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"{where}: its text is larger than the {MAX_BYTES >> 20} MB limit for one circular")
    return text


def missing_reader(fmt: str, where: str) -> InputError:
    return InputError(f"{where}: reading .{fmt} files needs the formats extra: pip install 'shuangguoban[formats]'")


def short_reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:160] if text else type(exc).__name__


# --- shared: rules and lines -----------------------------------------------------------------

CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef"


@once
def chrome_rules() -> dict[str, Any]:
    return load_rules("html_chrome.yaml")


def is_chrome_line(line: str) -> bool:
    """A line of page furniture (breadcrumb, font-size bar, share bar, footer): the text parser's list."""
    from ..lines import is_chrome
    from ..text import normalise

    return is_chrome(normalise(line).strip(" "))


def clean_line(line: str) -> str:
    """One output line: trailing spaces off, ASCII spaces before the text off (a U+3000 indent stays)."""
    return line.rstrip(" \t\u00a0\u3000").lstrip(" \t\u00a0")
