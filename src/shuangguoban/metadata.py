"""Document metadata from the parts that `segment.layout` found: title, issuer, doc number, dates,
recipients, disclosure, cited documents and the preamble.

Sources are tried in order of trust: a portal's metadata block, then the circular's own header and
signature, then the news lead that reposted it. Each source has its reader here; the title is read
in titles.py, cited documents in references.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import regex

from .dates import parse_full_date, resolve_month_day
from .issuers import split_issuers
from .lazy import compiled, once
from .lines import DATE_LINE, DISCLOSURE_LINE, Line, line_text
from .models import ParseWarning, Reference, ReferenceDate
from .references import find_references
from .rules import alternation, load_rules
from .segment import Layout
from .text import DocText, normalise
from .title_lines import is_han, is_issuer_line, is_never_title, same_title, strip_glosses, trim_title_line
from .titles import agency_end, read_title

_DOC_NUMBER_LINE = compiled(r"^\(?[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,10}[〔\[(【](?:19|20)[0-9]{2}[〕\])】][ ]{0,2}[0-9]{1,5}[ ]{0,2}号\)?$",
                            engine=regex)


def _is_doc_number_line(text: str) -> bool:
    return "号" in text and _DOC_NUMBER_LINE().match(text) is not None

# 6月4日，河南开封市人民政府办公室印发《…》
@once
def _lead() -> regex.Pattern:
    words = load_rules("document_parts.yaml")
    han = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    return regex.compile(
        r"(?:(?P<year>(?:19|20)[0-9]{2})年)?(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日[ ,，]{0,2}"
        rf"(?:{han}{{0,6}}(?:{alternation(words['lead_hearsay'])})[,，])?"
        rf"(?P<who>{han}{{2,40}}?(?:{alternation(words['lead_issuer_ends'])}))(?:联合{han}{{2,30}}?)?"
        rf"(?:近日|日前)?(?:正式)?(?:{alternation(words['news_lead']['issue_verbs'])})")


_SENTENCE_PUNCT = re.compile(r"[,;]")
_PRINTED_ON = re.compile(r"(?P<date>[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)印发$")


class Metadata(NamedTuple):
    title: str | None
    notice_title: str | None
    issuer: str | None
    doc_number: str | None
    date: dt.date | None
    published: dt.date | None
    recipients: list[str]
    disclosure: str | None
    references: list[Reference]
    preamble: tuple[int, int] | None
    warnings: list[ParseWarning]


class _Header(NamedTuple):
    """The header read line by line: what each line is, the lines (title lines trimmed), and what the
    lines gave (date, disclosure, doc_number, recipients, signature, issuer_line: the first of each)."""

    lines: list[Line]
    kinds: list[str]
    found: dict[str, Any]


class _Closing(NamedTuple):
    """What the closing parts give: the signature's date and issuer, a disclosure note."""

    date: dt.date | None
    signature: str | None
    disclosure: str | None


@once
def _addressee_word() -> re.Pattern:
    return re.compile(alternation(load_rules("document_parts.yaml")["addressee_words"]))


def _province_end(name: str) -> int:
    """The end of a province (with 省, 市 or 自治区) that opens `name` before a city or county (河南开封市…:
    2), else 0."""
    for province in load_rules("places.yaml")["provinces"]:
        if name.startswith(province):
            for word in ("省", "市", "自治区", ""):
                end = len(province) + len(word)
                if name.startswith(word, len(province)) and _city_follows(name, end):
                    return end
    return 0


def _city_follows(name: str, pos: int) -> bool:
    """One to six ideographs from `pos`, the last of them followed by 市, 州, 县 or 盟."""
    for last in range(pos, min(pos + 6, len(name) - 1)):
        if not is_han(name[last]):
            return False
        if name[last + 1] in "市州县盟":
            return True
    return False


def read_metadata(doc: DocText, parts: Layout) -> Metadata:
    fields: dict[str, str] = {}
    for name, start, end in parts.metadata:
        fields.setdefault(name, doc.raw[start:end].strip())
    header = _read_header(doc, parts.header)
    found = header.found
    title = read_title(doc, header.lines, header.kinds, fields.get("title"))
    closing = _read_closing(doc, parts.closing, found.get("disclosure"), found.get("date"))
    lead_issuer, lead_date = _read_lead(doc, parts.lead) if parts.lead else (None, None)
    issuer = (fields.get("issuer") or found.get("signature") or closing.signature or title.issuer
              or found.get("issuer_line") or fields.get("publisher") or lead_issuer)
    doc_number = fields.get("doc_number") or found.get("doc_number")
    date = _date_field(fields.get("date")) or found.get("date") or closing.date
    disclosure = closing.disclosure
    if fields.get("disclosure") and not disclosure:
        disclosure = fields["disclosure"]
    return Metadata(
        title=title.title,
        notice_title=title.notice_title,
        issuer=issuer,
        doc_number=doc_number,
        date=date,
        published=_published(fields.get("published"), lead_date, date),
        recipients=found.get("recipients") or [],
        disclosure=disclosure,
        references=find_references(doc, parts, doc_number),
        preamble=_preamble(header),
        warnings=[],
    )


def _read_header(doc: DocText, lines: list[Line]) -> _Header:
    header = _Header(list(lines), [], {})
    for i in range(len(header.lines)):
        header.kinds.append(_header_kind(doc, header, i))
    return header


def _keep_first(found: dict[str, Any], key: str, read: Callable[[], Any]) -> None:
    """found[key] = read(), unless an earlier line gave a value already."""
    if not found.get(key):
        found[key] = read()


def _header_kind(doc: DocText, header: _Header, i: int) -> str:
    """What header line i is; what it gives goes into `header.found`."""
    lines, kinds, found = header
    line = lines[i]
    text = line_text(doc, line)
    previous = kinds[i - 1] if i else None
    if DATE_LINE.match(text):
        _keep_first(found, "date", lambda: parse_full_date(text))
        if previous in ("title", "other", "issuer") and _signs(line_text(doc, lines[i - 1])):
            kinds[i - 1] = "signature"
            _keep_first(found, "signature", lambda: _stacked_signature(doc, lines, kinds, i - 1))
        return "date"
    if DISCLOSURE_LINE.match(text):
        _keep_first(found, "disclosure", lambda: doc.raw[line.start + 1:line.end - 1].strip())
        return "disclosure"
    if _is_doc_number_line(strip_glosses(text)):
        _keep_first(found, "doc_number", lambda: doc.raw[line.start:line.end].strip().strip("()（）"))
        return "doc_number"
    if not found.get("recipients") and _is_recipients(text):
        found["recipients"] = _split_recipients(doc, line)
        return "recipients"
    if is_never_title(text) or previous == "issuer":
        return "other"   # nor is what follows the issuer's line: the body, cut short
    if previous == "title" and is_issuer_line(text) and not _date_below(doc, lines, i):
        _keep_first(found, "issuer_line", lambda: doc.raw[line.start:line.end].strip())
        return "issuer"   # a body named on the line under the title (no signature block)
    return _title_kind(doc, header, i)


def _title_kind(doc: DocText, header: _Header, i: int) -> str:
    """A header line that can be title text: "title", or "repeat" of the title line above; else "other".
    The line is trimmed to its title text in `header.lines`; a doc number cut from it is kept."""
    lines, kinds, found = header
    line = lines[i]
    start, end, number = trim_title_line(doc.norm, line.start, line.end)
    if number:
        _keep_first(found, "doc_number", lambda: doc.raw[slice(*number)])
    trimmed = line_text(doc, Line(start, end))
    if not (start < end and _is_title_like(trimmed)):
        return "other"
    lines[i] = Line(start, end)
    repeat = i and kinds[i - 1] == "title" and same_title(trimmed, line_text(doc, lines[i - 1]))
    return "repeat" if repeat else "title"


def _preamble(header: _Header) -> tuple[int, int] | None:
    """What follows the last recognised header line, up to the first measure."""
    last_known = max((i for i, kind in enumerate(header.kinds) if kind != "other"), default=-1)
    rest = header.lines[last_known + 1:]
    return (rest[0].start, rest[-1].end) if rest else None


def _read_closing(doc: DocText, closing: list[Line], disclosure: str | None, header_date: dt.date | None) -> _Closing:
    """The closing signature (issuer and date after the body), a disclosure note the header lacks, or
    the date a print block gives (…2024年3月1日印发) when the header has none."""
    date = signature = None
    for i, line in enumerate(closing):
        text = line_text(doc, line)
        if DATE_LINE.match(text):
            date = date or parse_full_date(text)
            if i and _signs(line_text(doc, closing[i - 1])):
                signature = signature or _stacked_signature(doc, closing, None, i - 1)
        elif DISCLOSURE_LINE.match(text) and not disclosure:
            disclosure = doc.raw[line.start + 1:line.end - 1].strip()
        elif not header_date:
            printed = _PRINTED_ON.search(text)
            if printed:
                date = date or parse_full_date(printed.group("date"))
    return _Closing(date, signature, disclosure)


def _published(value: str | None, lead_date: tuple[int | None, int, int] | None, date: dt.date | None) -> dt.date | None:
    """The portal's publication date, else the date of the news lead (its year, or the year that
    makes it follow the circular's date)."""
    published = _date_field(value)
    if published is not None or lead_date is None:
        return published
    year, month, day = lead_date
    if year:
        return _safe_date(year, month, day)
    if date:
        return resolve_month_day(month, day, ReferenceDate.model_construct(date=date, basis="date"))
    return None


def strip_location(issuer: str) -> str:
    """河南开封市人民政府办公室 → 开封市人民政府办公室; a province's own office keeps its name."""
    # A province before a city or county is location: 河南开封市… → 开封市…
    end = _province_end(issuer)
    if end and end < len(issuer) and not issuer[end:].startswith(("人民政府", "省")):
        return issuer[end:]
    return issuer


def _is_title_like(text: str) -> bool:
    if len(text) > 90 or "。" in text or text.endswith(":"):
        return False
    if _SENTENCE_PUNCT.search(text) or DATE_LINE.match(text) or _is_doc_number_line(text):
        return False
    return not DISCLOSURE_LINE.match(text) and not text.startswith(("—", "-"))


def _signs(text: str) -> bool:
    """A line that can sign the circular: the name of a body (pinyin glosses aside)."""
    plain = strip_glosses(text)
    return bool(agency_end().search(plain)) and len(plain) <= 40


def _stacked_signature(doc: DocText, lines: list[Line], kinds: list[str] | None, i: int) -> str:
    """The signature on lines[i], with a joint signer's line stacked right above it (中共某市委办公室 /
    某市人民政府办公室): both, in signing order, separated by a space (see issuers.split_issuers)."""
    own = doc.raw[lines[i].start:lines[i].end].strip()
    if i == 0 or (kinds is not None and kinds[i - 1] not in ("title", "other", "issuer")):
        return own
    above = doc.raw[lines[i - 1].start:lines[i - 1].end].strip()
    if not _signs(normalise(above)) or "关于" in above:
        return own
    joint = f"{above} {own}"
    if len(split_issuers(joint)) != 2:
        return own
    if kinds is not None:
        kinds[i - 1] = "signature"
    return joint


def _date_below(doc: DocText, lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and bool(DATE_LINE.match(line_text(doc, lines[i + 1])))


def _is_recipients(text: str) -> bool:
    return text.endswith(":") and len(text) <= 200 and "。" not in text and bool(
        _addressee_word().search(text))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# The date at the head of a portal value: 2023-03-15 09:28, 2024年03月18日
_DATE_PREFIX = re.compile(r"[ ]*(?P<date>[0-9]{4}[ ]*[-年/.][ ]*[0-9]{1,2}[ ]*[-月/.][ ]*[0-9]{1,2}[ ]*[日号]?)")


def _date_field(value: str | None) -> dt.date | None:
    """A portal date value, with any time after it (2023-03-15 09:28)."""
    if not value:
        return None
    head = _DATE_PREFIX.match(normalise(value))
    if head is None:
        return parse_full_date(value)
    written = head.group("date").replace(" ", "")
    if "月" in written and not written.endswith(("日", "号")):
        written += "日"   # 2018年03月27: a portal cut the 日 off
    return parse_full_date(written)


def _split_recipients(doc: DocText, line: Line) -> list[str]:
    """主送机关 split at commas only: 各县、区人民政府 stays one addressee."""
    norm = doc.norm[line.start:line.end].rstrip(":")
    out, pos = [], 0
    for piece in norm.split(","):
        raw = doc.raw[line.start + pos:line.start + pos + len(piece)].strip()
        if raw:
            out.append(raw)
        pos += len(piece) + 1
    return out


def _read_lead(doc: DocText, lead: tuple[int, int]) -> tuple[str | None, tuple[int | None, int, int] | None]:
    start, end = lead
    m = _lead().search(doc.norm, start, min(end, start + 400))
    if not m:
        return None, None
    who = strip_location(doc.raw[m.start("who"):m.end("who")])
    year = int(m.group("year")) if m.group("year") else None
    return who, (year, int(m.group("month")), int(m.group("day")))
