"""The circular's title, from the title lines of its header (or a portal's 标题 field).

A header may hold the notice that forwards a plan (…关于印发《X》的通知) and the plan's own title: the
title is the plan's when the plan follows, the notice's own when its requirements follow or it
forwards several documents; `notice_title` keeps the notice's. Letter-spaced titles (通  知) are
closed up, and an issuer named in the heading (某市人民政府关于…) is read from it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

from .lazy import compiled, once
from .lines import Line, line_text
from .rules import alternation, load_rules
from .text import DocText, normalise

_FORWARDED = re.compile(r"^(?P<issuer>.*?)关于(?:印发|转发|印送)(?P<inner>.+?)的(?:通知|函)$")
_ABOUT = re.compile(r"^(?P<issuer>.{2,40}?)关于.{2,}")
_SPACED = compiled(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]) +(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_WIDE_SPACED = compiled(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff] {2,}[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", engine=regex)


@once
def agency_end() -> re.Pattern:
    """The end of an agency's name as it signs (某市人民政府办公室): search it in a name."""
    return re.compile("(?:" + alternation(load_rules("document_parts.yaml")["signing_agency_ends"]) + ")$")


class Title(NamedTuple):
    """The title, the notice's own title when the title is the plan it forwards, and an issuer named
    in a heading."""

    title: str | None
    notice_title: str | None
    issuer: str | None


def read_title(doc: DocText, header: list[Line], kinds: list[str], portal_title: str | None) -> Title:
    """The title of the header whose lines are of `kinds` ("title", "repeat", …), else the portal's."""
    title = notice_title = issuer = None
    groups = _title_groups(header, kinds)
    if groups:
        title, issuer = _title_from(doc, groups[-1])
        if issuer is None:
            for group in groups[:-1]:
                issuer = _title_from(doc, group)[1] or issuer
        title, notice_title = _settle_notice_title(doc, title, groups, header, kinds)
    if portal_title is not None and not title:
        forwarded = _FORWARDED.match(portal_title)
        title = (forwarded.group("inner") if forwarded else portal_title).strip("《》 ")
        about = _ABOUT.match(portal_title)
        if about and agency_end().search(about.group("issuer")):
            issuer = issuer or about.group("issuer")
    return Title(title, notice_title, issuer)


def _title_groups(header: list[Line], kinds: list[str]) -> list[list[Line]]:
    """Runs of title lines; the title is the last of them (the forwarded plan's own heading)."""
    groups: list[list[Line]] = []
    for i, kind in enumerate(kinds):
        if kind == "title":
            if groups and i and kinds[i - 1] in ("title", "repeat") and groups[-1][-1] is _last_title(header, kinds, i):
                groups[-1].append(header[i])
            else:
                groups.append([header[i]])
    return groups


def _close_up(title: str) -> str:
    """Join a letter-spaced title: 若 干 措 施 → 若干措施, 通  知 → 通知."""
    tokens = title.split()
    if len(tokens) > 1 and sum(len(t) == 1 for t in tokens) * 2 >= len(tokens):
        return "".join(tokens)
    return _SPACED().sub("", title) if "  " in title and _WIDE_SPACED().search(title) else title


def _title_from(doc: DocText, group: list[Line]) -> tuple[str, str | None]:
    """The title of a group of title lines, and the issuer named in it (…关于印发…的通知)."""
    raw = _without_stray_spaces("".join(_close_up(doc.raw[ln.start:ln.end].strip()) for ln in group))
    norm = _without_stray_spaces("".join(_close_up(line_text(doc, ln)) for ln in group))
    issuer = None
    forwarded = _FORWARDED.match(norm)
    if forwarded:
        issuer = raw[:forwarded.end("issuer")] or None
        raw = raw[forwarded.start("inner"):forwarded.end("inner")]
    else:
        about = _ABOUT.match(norm)
        if about and agency_end().search(about.group("issuer")):
            issuer = raw[:about.end("issuer")]
    return _unquoted(raw.strip("《》 ")), issuer


def _unquoted(title: str) -> str:
    """〈X〉 → X when the marks enclose the whole title (a forwarded plan quoted in a quoted notice)."""
    if len(title) > 2 and title[0] == "〈" and title[-1] == "〉" and "〈" not in title[1:]:
        return title[1:-1]
    return title


def _last_title(header: list[Line], kinds: list[str], i: int) -> Line:
    """The title line before line i, over a repeat of it."""
    j = i - 1
    while j > 0 and kinds[j] == "repeat":
        j -= 1
    return header[j]


def _notice_heading(doc: DocText, group: list[Line]) -> str:
    """The full heading of a notice, letter spacing and stray spaces closed up."""
    raw = "".join(_close_up(doc.raw[ln.start:ln.end].strip()) for ln in group)
    return _without_stray_spaces(raw)


# A space beside a CJK character inside a title (关于印发 2024年…) is a stray: titles have no spaces.
_STRAY_SPACE = compiled(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff《》〈〉])[ \u3000]+|[ \u3000]+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff《》〈〉])", engine=regex)


def _without_stray_spaces(text: str) -> str:
    """`text` without its stray spaces."""
    return _STRAY_SPACE().sub("", text) if " " in text or "\u3000" in text else text
# A cover note that forwards several documents: 《A》和《B》已经市政府同意，现印发给你们
_SEVERAL = compiled(r"《[^》\n]{2,80}》(?:[和及、与]《[^》\n]{2,80}》)+[^。\n]{0,40}(?:印发|转发)")
_PLAIN = str.maketrans("", "", "《》〈〉<> ")


def _notice_lines(doc: DocText, group: list[Line]) -> list[Line] | None:
    """The lines of a title group that make the notice's heading (…关于印发…的通知), without a stray line
    before it (a page title) or a line after it (a doc number glued to a repeat of the heading)."""
    for i in range(len(group)):
        for j in range(i, len(group)):
            text = _without_stray_spaces("".join(_close_up(line_text(doc, ln)) for ln in group[i:j + 1]))
            forwarded = _FORWARDED.match(text)
            if forwarded and "《" not in forwarded.group("issuer"):
                return group[i:j + 1]
    return None


def _settle_notice_title(doc: DocText, title: str | None, groups: list[list[Line]], header: list[Line],
                         kinds: list[str]) -> tuple[str | None, str | None]:
    """Decide between the notice's own title and the title of the plan it forwards.

    The notice (…关于印发《X》的通知) is named by X when X follows: its own title line after the notice,
    or, without one, a signature that closes the notice before the plan. When the notice's own
    numbered requirements follow instead (通知如下：一、…), or what follows is only one of several
    documents it forwards, the notice's own title is the title. `notice_title` keeps the notice's."""
    found = next(((g, n) for g in groups if (n := _notice_lines(doc, g))), None)
    if found is None:
        return title, None
    group, notice = found
    heading = _notice_heading(doc, notice)
    inner = _FORWARDED.match(_without_stray_spaces(normalise(heading)))
    wanted = inner.group("inner").translate(_PLAIN) if inner else ""
    if groups[-1] is group:
        after = header.index(group[-1]) + 1
        if "signature" in kinds[after:] or "date" in kinds[after:]:
            return title, None   # the plan follows the notice's signature without a title line of its own
        return heading, None
    plan = normalise(title or "").translate(_PLAIN)
    cover = "\n".join(line_text(doc, ln) for ln in header[header.index(notice[-1]) + 1:])
    if plan and plan not in wanted and wanted not in plan and _SEVERAL().search(cover):
        return heading, None   # the plan that follows is one of several the notice forwards
    return title, heading
