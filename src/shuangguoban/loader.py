"""Loading: a path or bytes → decoded text and its Source record (`reading.load_circular` parses it).

UTF-8 (with or without a BOM) is tried first and exactly; anything else goes to charset-normalizer,
which tells GB18030/GBK from Big5 and the rest. Binary files are recognised by their magic numbers
and refused with a message that says what they are. HTML, DOCX and PDF go to `formats`.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import sys
from pathlib import Path
from typing import NamedTuple

from .errors import InputError
from .models import ParseWarning, Source

MAX_BYTES = 20 * 1024 * 1024  # circulars are kilobytes; a larger input is refused, never read whole

# Magic numbers of files that are not text, with what to call them in the error.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a Word 97–2003 (.doc) or other OLE file; save it as .docx"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"{\\rtf", "an RTF document; save it as .docx or text"),
)
_CHINESE_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": "hz",
                   "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs"}


class Loaded(NamedTuple):
    """Decoded text ready for `parse_circular`, with where it came from."""

    text: str
    source: Source
    warnings: list[ParseWarning]


def read_input(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a file, or of stdin for "-", refusing more than `limit` bytes."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory (use `sgb batch` for a folder)") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        what = " for one circular" if limit == MAX_BYTES else ""
        raise InputError(f"{path}: larger than the {limit // (1024 * 1024)} MB limit{what}")
    return data


def sniff_format(data: bytes, path: str = "") -> str:
    """txt, html, docx or pdf, from the bytes first and the file name second."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or path.lower().endswith(".docx"):
            return "docx"
        raise InputError(f"{path or 'input'}: a zip archive, not a .docx document")
    lowered = head[:512].lower()
    if path.lower().endswith((".html", ".htm", ".shtml", ".xhtml")) or lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) \
            or (lowered.startswith(b"<") and b"<html" in data[:4096].lower()) or _is_markup(data[:16384]):
        return "html"
    return "txt"


_PARAGRAPH_TAG = re.compile(rb"<(?:p|/p|br|div|/div|td|/td)[\s/>]", re.IGNORECASE)


def _is_markup(head: bytes) -> bool:
    """A page's body saved as text (`<p>…</p><p>…</p>` after a few plain label lines): read as HTML, or
    its tags would be read as the circular's words. Plain circulars hold no paragraph tags."""
    return len(_PARAGRAPH_TAG.findall(head)) >= 6


def decode(data: bytes, where: str = "input") -> tuple[str, str, list[ParseWarning]]:
    """Text, the name of its encoding, and warnings (e.g. a truncated last character)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text, warnings = _utf8(data[3:], where)
            return text, "utf-8-sig", warnings
        except UnicodeDecodeError:
            data = data[3:]  # a stray mark before text in another encoding
    # UTF-32's marks first: the little-endian one begins with UTF-16's (FF FE).
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                      (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            family = name[:6]
            try:
                return data[len(bom):].decode(name), family, []
            except UnicodeDecodeError:
                raise InputError(f"{where}: starts with a {family.upper()} mark but is not valid {family.upper()}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{where}: {what}, not a text circular")
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary data (NUL bytes), not a text circular "
                         "(UTF-16 or UTF-32 text needs its byte-order mark)")
    try:
        text, warnings = _utf8(data, where)
        return _check_mojibake(text, where, warnings), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    return _detect(data, where)


def _utf8(data: bytes, where: str) -> tuple[str, list[ParseWarning]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        # A file cut off in the middle of its last character keeps everything before it.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            text = data[:exc.start].decode("utf-8")
            return text, [ParseWarning.model_construct(code="truncated_utf8", message=f"{where}: the last character was cut off and is dropped",
                                  span=(len(text), len(text)))]
        raise


def _detect(data: bytes, where: str) -> tuple[str, str, list[ParseWarning]]:
    from charset_normalizer import from_bytes  # only non-UTF-8 input pays for the detector

    best = from_bytes(data[:200_000]).best()
    name = (best.encoding if best else "").lower().replace("_", "")
    codec = _CHINESE_CODECS.get(name)
    if codec is None:
        # The detector may name a single-byte code page for a short GB text; GB18030 decodes any GBK text.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(f"{where}: not text in UTF-8, GB18030/GBK or Big5 (cannot decode it)") from None
        if _han_share(text) < 0.2:
            raise InputError(f"{where}: not text in UTF-8, GB18030/GBK or Big5 (cannot decode it)")
        return text, "gb18030", []
    try:
        return data.decode(codec), codec, []
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: looks like {codec} but byte {exc.start} is not valid in it") from None


def _han_share(text: str) -> float:
    sample = [c for c in text[:5000] if not c.isspace()]
    if not sample:
        return 0.0
    return sum("\u4e00" <= c <= "\u9fff" for c in sample) / len(sample)


def _check_mojibake(text: str, where: str, warnings: list[ParseWarning]) -> str:
    """UTF-8 read as Latin-1 somewhere upstream (å¼€å°å¸‚) is repaired when that gives Chinese back."""
    sample = text[:5000]
    latin = sum("\u00c0" <= c <= "\u00ff" for c in sample)
    if latin < 8 or latin < _han_share(sample) * len(sample):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if _han_share(repaired) > 0.2:
            # A warning placed at the end of the garbled text (truncated_utf8) moves to the repaired end.
            warnings[:] = [w if w.span is None else w.model_copy(update={"span": (len(repaired), len(repaired))})
                           for w in warnings]
            warnings.append(ParseWarning.model_construct(code="mojibake_repaired", message=f"{where}: UTF-8 text read as {codec} upstream was repaired"))
            return repaired
    raise InputError(f"{where}: garbled text (mojibake): the bytes look like UTF-8 decoded with the wrong code page")


def load_bytes(data: bytes, path: str = "<bytes>", fmt: str | None = None) -> Loaded:
    """Decode bytes of any supported format into text and its Source record."""
    where = path
    if not data.strip():
        raise InputError(f"{where}: empty input" if not data else f"{where}: contains only whitespace")
    fmt = fmt or sniff_format(data, path)
    digest = hashlib.sha256(data).hexdigest()
    warnings: list[ParseWarning] = []
    if fmt == "txt":
        text, encoding, warnings = decode(data, where)
    else:
        from . import formats

        text, encoding = formats.extract(fmt, data, where)
    if not text.strip():
        raise InputError(f"{where}: contains only whitespace" if fmt == "txt" else f"{where}: contains no text")
    source = Source.model_construct(path=path, sha256=digest, encoding=encoding, format=fmt, length=len(text))  # type: ignore[arg-type]
    return Loaded(text=text, source=source, warnings=warnings)


def load_path(path: str | Path, fmt: str | None = None) -> Loaded:
    path = str(path)
    return load_bytes(read_input(path), path, fmt)
