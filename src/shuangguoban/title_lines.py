"""Header lines around a title: what may be joined onto it and what must not.

A page prints neighbours next to the title that look like title text: a breadcrumb, an attachment
label, a photo caption, a chapter heading, the issuer's name on the line below, a mirror's headline
with the doc number in front, the doc number in brackets after the title. These helpers tell them
apart; `metadata.read_metadata` uses them while it groups the header's title lines.
"""

from __future__ import annotations

import re

import regex

from .issuers import split_issuers
from .lazy import compiled, once
from .rules import alternation, load_rules

__all__ = ["strip_glosses", "trim_title_line", "is_never_title", "is_issuer_line", "same_title"]

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# A pinyin gloss printed after a character by some mirrors: 辦(bàn)發, 會(huì ).
gloss_pattern = compiled(r"(?<=" + _HAN + r")\([a-zü\u00e0-\u01dc\u0300-\u036f]{1,7}[ ]?\)", engine=regex)
_NUMBER = _HAN + r"{1,10}[〔\[(【](?:19|20)[0-9]{2}[〕\])】][ ]{0,2}[0-9]{1,5}[ ]{0,2}号"
# …的通知(岳办发〔2017〕2号): the circular's own number after its title
_NUMBER_AFTER = compiled(r"[ ]*\((?P<no>" + _NUMBER + r")\)$", engine=regex)
# 京政办发〔2016〕26号《…》: a mirror's headline, the number before the title in book-title marks
_NUMBER_BEFORE = compiled(r"^(?P<no>" + _NUMBER + r")[ ]*(?=《)", engine=regex)


@once
def _agency_end() -> re.Pattern:
    return re.compile("(?:" + alternation(load_rules("document_parts.yaml")["issuer_line_ends"]) + ")$")


def _never_source() -> str:
    return "|".join(f"(?:{p})" for p in load_rules("headings.yaml")["not_title_lines"])


# The lines that are never a title, compiled by regex (bench/COSTS.md), and by re for a line holding
# one of the four characters re's \s counts as spaces and regex's does not.
_NEVER = once(lambda: regex.compile(_never_source()))
_NEVER_RE = once(lambda: re.compile(_never_source()))
_RE_ONLY_SPACES = ("\x1c", "\x1d", "\x1e", "\x1f")


@once
def _tag() -> re.Pattern:
    return re.compile(load_rules("headings.yaml")["title_tags"])


def is_han(char: str) -> bool:
    """A CJK ideograph: one character of the class _HAN."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


def strip_glosses(text: str) -> str:
    return gloss_pattern().sub("", text) if "(" in text else text   # a gloss is in brackets


def trim_title_line(norm: str, start: int, end: int) -> tuple[int, int, tuple[int, int] | None]:
    """The part of a header line that can be title text, and the span of a doc number cut from it:
    a category tag before it, a doc number before or after it and book-title marks around it go."""
    text = norm[start:end]
    number = None
    tag = _tag().match(text)
    if tag and tag.end() < len(text):
        start += tag.end()
    numbered = norm.find("号", start, end) >= 0   # a doc number ends with 号
    bracketed = norm.endswith(")", start, end) or norm.endswith(")\n", start, end)
    after = _NUMBER_AFTER().search(norm, start, end) if numbered and bracketed else None
    if after and after.start() > start:
        number = (after.start("no"), after.end("no"))
        end = after.start()
    quoted = norm.find("《", start, end + 1) >= 0
    before = _NUMBER_BEFORE().match(norm, start, end) if numbered and quoted else None
    if before:
        number = number or (before.start("no"), before.end("no"))
        start = before.end()
        while start < end and norm[start] == " ":
            start += 1
    text = norm[start:end]
    if len(text) > 2 and text[0] == "《" and text[-1] == "》" and "《" not in text[1:-1] and "》" not in text[1:-1]:
        start, end = start + 1, end - 1
    return start, end, number


def is_never_title(text: str) -> bool:
    pattern = _NEVER_RE() if any(c in text for c in _RE_ONLY_SPACES) else _NEVER()
    return bool(pattern.search(text))


def is_issuer_line(text: str) -> bool:
    """The name of one body, or several separated by spaces or 、: 某市发展改革委, 财政部 发展改革委 人民银行."""
    plain = strip_glosses(text)
    if len(plain) > 40 or "关于" in plain or re.search(r"[,。:;《》()0-9]", plain):
        return False
    if len(split_issuers(plain)) > 1:
        return True
    pieces = [p for p in re.split(r"[ 、]+", plain) if p]
    # several short names, each ending as a body does (财政部 发展改革委 人民银行), or one full name
    if len(pieces) > 1:
        return all(2 <= len(p) <= 12 and _agency_end().search(p) for p in pieces)
    return bool(_agency_end().search(plain)) and len(plain) >= 4


def same_title(a: str, b: str) -> bool:
    """A repeated line: the same words whatever the marks and spaces."""
    drop = str.maketrans("", "", "《》〈〉 ")
    return a.translate(drop) == b.translate(drop)
