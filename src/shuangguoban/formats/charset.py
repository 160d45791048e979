"""The charset of a saved portal page: a BOM, the page's own declaration, or the bytes' evidence.

charset-normalizer is imported only for a page whose declaration is missing or does not decode it.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*(?P<meta>[A-Za-z0-9_.:-]{2,40})    # <meta charset> and http-equiv
       |<\?xml[^>]{0,100}?encoding\s*=\s*["'](?P<xml>[A-Za-z0-9_.:-]{2,40})       # an XHTML declaration
    """, re.IGNORECASE | re.VERBOSE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "gb_2312-80", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn", "csgb2312"}
_BIG5 = {"big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5"}
_UTF8 = {"utf-8", "utf8", "unicode-1-1-utf-8"}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its <meta> (or XML) header, lower-cased, or None."""
    m = _META_CHARSET.search(data[:16384])
    if not m:
        return None
    return (m.group("meta") or m.group("xml")).decode("ascii").lower()


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the charset used: a BOM, then the declared charset (GB2312/GBK read as
    GB18030) when it decodes the bytes cleanly, then UTF-8, then the bytes' own evidence (a page
    whose <meta charset> lies is decoded by its content)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                      (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name[:6]
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
        text = _clean_decode(data, codec)
        if text is not None:
            return text, codec
        return _by_content(data)
    if utf8 is not None:
        return utf8, "utf-8"
    if declared and declared not in _UTF8:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        if codec and codec not in ("latin-1", "iso8859-1", "cp1252", "ascii"):   # wrong more often than right
            text = _clean_decode(data, codec)
            if text is not None:
                return text, codec
    return _by_content(data)


def _clean_decode(data: bytes, codec: str) -> str | None:
    """The bytes in `codec`, or None when they are not valid in it or come out as mojibake (Big5 bytes
    read as GBK decode without error but give a mess of rare characters and symbols)."""
    from charset_normalizer.md import mess_ratio

    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if mess_ratio(text[:20000], 0.2) >= 0.2 else text


def _by_content(data: bytes) -> tuple[str, str]:
    """The charset the bytes themselves point to: the Chinese codecs that decode them cleanly, else
    charset-normalizer's guess."""
    for codec in ("gb18030", "big5hkscs"):
        text = _clean_decode(data, codec)
        if text is not None:
            return text, codec
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
