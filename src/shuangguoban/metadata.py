"""Document metadata from the parts that `segment.layout` found: title, issuer, doc number, dates,
recipients, disclosure, cited documents and the preamble.

Sources are tried in order of trust: a portal's metadata block, then the circular's own header and
signature, then the news lead that reposted it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .dates import parse_full_date, resolve_month_day
from .issuers import split_issuers
from .models import ParseWarning, Reference, ReferenceDate
from .rules import load_rules
from .segment import DATE_LINE, DISCLOSURE_LINE, Layout, Line
from .text import DocText, normalise
from .title_lines import GLOSS, is_issuer_line, is_never_title, same_title, strip_glosses, trim_title_line

# Patterns with a CJK character class are compiled by `regex`: `re` builds such a class character by
# character (2–8 ms a pattern, paid by every `sgb parse` process), `regex` in well under 1 ms.

# 豫政办〔2024〕18号, 岚政办发〔2025〕6号, 汴政办[2024]12号 (brackets of every width, normalised)
# A PDF or Word conversion may print 〔〕 as low quotes: 国办发„2009‟3号
DOC_NUMBER = regex.compile(r"(?P<org>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,10})[〔\[(【„](?P<year>(?:19|20)[0-9]{2})[〕\])】‟][ ]{0,2}(?P<no>[0-9]{1,5})[ ]{0,2}号")
_DOC_YEAR = re.compile(r"[〔\[(【„](?:19|20)[0-9]{2}[〕\])】‟][ ]{0,2}[0-9]{1,5}[ ]{0,2}号")
_HAN = regex.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DOC_NUMBER_LINE = regex.compile(r"^\(?[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,10}[〔\[(【](?:19|20)[0-9]{2}[〕\])】][ ]{0,2}[0-9]{1,5}[ ]{0,2}号\)?$")
# Words that stand before a doc number but are not part of its issuer code.
_DOC_NUMBER_VERBS = regex.compile(r"^(?:.*?(?:印发|转发|根据|按照|依据|落实|贯彻|执行|参照|对照|关于|见|和|及|与))(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,6}$)")
# The name of an agency as it signs.
_AGENCY_END = re.compile(r"(?:办公室|办公厅|人民政府|委员会|管理委员会|管委会|政府|局|厅|委|办|部|中心|院|署|会)$")
_FORWARDED = re.compile(r"^(?P<issuer>.*?)关于(?:印发|转发|印送)(?P<inner>.+?)的(?:通知|函)$")
_ABOUT = re.compile(r"^(?P<issuer>.{2,40}?)关于.{2,}")
# 6月4日，河南开封市人民政府办公室印发《…》
_LEAD = regex.compile(
    r"(?:(?P<year>(?:19|20)[0-9]{2})年)?(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日[ ,，]{0,2}"
    r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{0,6}(?:消息|获悉)[,，])?"
    r"(?P<who>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,40}?(?:办公室|办公厅|人民政府|委员会|管委会|局|厅|委))(?:联合[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,30}?)?"
    r"(?:近日|日前)?(?:正式)?(?:印发|发布|出台|下发|公布)")
_SPACED = regex.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]) +(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_WIDE_SPACED = regex.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff] {2,}[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_PUNCT = re.compile(r"[,;]")
_ADDRESSEE_WORD = re.compile(r"各|部门|单位|机关|政府|委员会|管委会|直属|局|厅")
_PRINTED_ON = re.compile(r"([0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)印发$")


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    notice_title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: dt.date | None = None
    published: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    disclosure: str | None = None
    references: list[Reference] = field(default_factory=list)
    preamble: tuple[int, int] | None = None
    warnings: list[ParseWarning] = field(default_factory=list)


@lru_cache(maxsize=1)
def _provinces() -> regex.Pattern:
    names = load_rules("places.yaml")["provinces"]
    # A province before a city or county is location: 河南开封市… → 开封市…
    return regex.compile(r"^(?:" + "|".join(names) + r")(?:省|市|自治区)?(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,6}?[市州县盟])")


def _raw(doc: DocText, start: int, end: int) -> str:
    return doc.raw[start:end]


def _text(doc: DocText, line: Line) -> str:
    return doc.norm[line.start:line.end]


def strip_location(issuer: str) -> str:
    """河南开封市人民政府办公室 → 开封市人民政府办公室; a province's own office keeps its name."""
    m = _provinces().match(issuer)
    if m and m.end() < len(issuer) and not issuer[m.end():].startswith(("人民政府", "省")):
        return issuer[m.end():]
    return issuer


def _is_title_like(text: str) -> bool:
    if len(text) > 90 or "。" in text or text.endswith(":"):
        return False
    if _SENTENCE_PUNCT.search(text) or DATE_LINE.match(text) or _DOC_NUMBER_LINE.match(text):
        return False
    return not DISCLOSURE_LINE.match(text) and not text.startswith(("—", "-"))


def _signs(text: str) -> bool:
    """A line that can sign the circular: the name of a body (pinyin glosses aside)."""
    plain = strip_glosses(text)
    return bool(_AGENCY_END.search(plain)) and len(plain) <= 40


def _stacked_signature(doc: DocText, lines: list[Line], kinds: list[str] | None, i: int) -> str:
    """The signature on lines[i], with a joint signer's line stacked right above it (中共某市委办公室 /
    某市人民政府办公室): both, in signing order, separated by a space (see issuers.split_issuers)."""
    own = _raw(doc, lines[i].start, lines[i].end).strip()
    if i == 0 or (kinds is not None and kinds[i - 1] not in ("title", "other", "issuer")):
        return own
    above = _raw(doc, lines[i - 1].start, lines[i - 1].end).strip()
    if not _signs(normalise(above)) or "关于" in above:
        return own
    joint = f"{above} {own}"
    if len(split_issuers(joint)) != 2:
        return own
    if kinds is not None:
        kinds[i - 1] = "signature"
    return joint


def _date_below(doc: DocText, lines: list[Line], i: int) -> bool:
    return i + 1 < len(lines) and bool(DATE_LINE.match(_text(doc, lines[i + 1])))


def _is_recipients(text: str) -> bool:
    return text.endswith(":") and len(text) <= 200 and "。" not in text and bool(
        _ADDRESSEE_WORD.search(text))


def _close_up(title: str) -> str:
    """Join a letter-spaced title: 若 干 措 施 → 若干措施, 通  知 → 通知."""
    tokens = title.split()
    if len(tokens) > 1 and sum(len(t) == 1 for t in tokens) * 2 >= len(tokens):
        return "".join(tokens)
    return _SPACED.sub("", title) if _WIDE_SPACED.search(title) else title


def _title_from(doc: DocText, group: list[Line]) -> tuple[str, str | None]:
    """The title of a group of title lines, and the issuer named in it (…关于印发…的通知)."""
    raw = _STRAY_SPACE.sub("", "".join(_close_up(_raw(doc, ln.start, ln.end).strip()) for ln in group))
    norm = _STRAY_SPACE.sub("", "".join(_close_up(_text(doc, ln)) for ln in group))
    issuer = None
    forwarded = _FORWARDED.match(norm)
    if forwarded:
        issuer = raw[:forwarded.end("issuer")] or None
        raw = raw[forwarded.start("inner"):forwarded.end("inner")]
    else:
        about = _ABOUT.match(norm)
        if about and _AGENCY_END.search(about.group("issuer")):
            issuer = raw[:about.end("issuer")]
    return _unquoted(raw.strip("《》 ")), issuer


def _unquoted(title: str) -> str:
    """〈X〉 → X when the marks enclose the whole title (a forwarded plan quoted in a quoted notice)."""
    if len(title) > 2 and title[0] == "〈" and title[-1] == "〉" and "〈" not in title[1:]:
        return title[1:-1]
    return title


def read_metadata(doc: DocText, parts: Layout) -> Metadata:
    meta = Metadata()
    fields: dict[str, str] = {}
    for name, start, end in parts.metadata:
        fields.setdefault(name, _raw(doc, start, end).strip())

    header = list(parts.header)
    kinds: list[str] = []           # what each header line is
    signature: str | None = None
    issuer_line: str | None = None  # a body named on the line under the title (no signature block)
    for i, line in enumerate(header):
        text = _text(doc, line)
        if DATE_LINE.match(text):
            kinds.append("date")
            meta.date = meta.date or parse_full_date(text)
            if i and kinds[i - 1] in ("title", "other", "issuer") and _signs(_text(doc, header[i - 1])):
                kinds[i - 1] = "signature"
                signature = signature or _stacked_signature(doc, header, kinds, i - 1)
        elif DISCLOSURE_LINE.match(text):
            kinds.append("disclosure")
            meta.disclosure = meta.disclosure or _raw(doc, line.start + 1, line.end - 1).strip()
        elif _DOC_NUMBER_LINE.match(strip_glosses(text)):
            kinds.append("doc_number")
            meta.doc_number = meta.doc_number or _raw(doc, line.start, line.end).strip().strip("()（）")
        elif not meta.recipients and _is_recipients(text):
            kinds.append("recipients")
            meta.recipients = _split_recipients(doc, line)
        elif is_never_title(text) or (i and kinds[i - 1] == "issuer"):
            kinds.append("other")   # nor is what follows the issuer's line: the body, cut short
        elif i and kinds[i - 1] == "title" and is_issuer_line(text) and not _date_below(doc, header, i):
            kinds.append("issuer")
            issuer_line = issuer_line or _raw(doc, line.start, line.end).strip()
        else:
            start, end, number = trim_title_line(doc.norm, line.start, line.end)
            if number and not meta.doc_number:
                meta.doc_number = _raw(doc, *number)
            trimmed = _text(doc, Line(start, end))
            if start < end and _is_title_like(trimmed):
                header[i] = Line(start, end)
                repeat = i and kinds[i - 1] == "title" and same_title(trimmed, _text(doc, header[i - 1]))
                kinds.append("repeat" if repeat else "title")
            else:
                kinds.append("other")

    # The title is the last group of title lines in the header (the forwarded plan's own heading).
    groups: list[list[Line]] = []
    for i, kind in enumerate(kinds):
        if kind == "title":
            if groups and i and kinds[i - 1] in ("title", "repeat") and groups[-1][-1] is _last_title(header, kinds, i):
                groups[-1].append(header[i])
            else:
                groups.append([header[i]])
    title_issuer = None
    if groups:
        meta.title, title_issuer = _title_from(doc, groups[-1])
        if title_issuer is None:
            for group in groups[:-1]:
                title_issuer = _title_from(doc, group)[1] or title_issuer
        _settle_notice_title(doc, meta, groups, header, kinds)
    if "title" in fields and not meta.title:
        forwarded = _FORWARDED.match(fields["title"])
        meta.title = (forwarded.group("inner") if forwarded else fields["title"]).strip("《》 ")
        about = _ABOUT.match(fields["title"])
        if about and _AGENCY_END.search(about.group("issuer")):
            title_issuer = title_issuer or about.group("issuer")

    # The preamble: what follows the last recognised header line, up to the first measure.
    last_known = max((i for i, kind in enumerate(kinds) if kind != "other"), default=-1)
    rest = header[last_known + 1:]
    if rest:
        meta.preamble = (rest[0].start, rest[-1].end)

    # Closing signature (issuer and date after the body).
    closing_date = closing_signature = None
    for i, line in enumerate(parts.closing):
        text = _text(doc, line)
        if DATE_LINE.match(text):
            closing_date = closing_date or parse_full_date(text)
            if i and _signs(_text(doc, parts.closing[i - 1])):
                closing_signature = closing_signature or _stacked_signature(doc, parts.closing, None, i - 1)
        elif DISCLOSURE_LINE.match(text) and not meta.disclosure:
            meta.disclosure = _raw(doc, line.start + 1, line.end - 1).strip()
        elif not meta.date:
            printed = _PRINTED_ON.search(text)
            if printed:
                closing_date = closing_date or parse_full_date(printed.group(1))

    lead_issuer = lead_date = None
    if parts.lead:
        lead_issuer, lead_date = _read_lead(doc, parts.lead)

    meta.issuer = (fields.get("issuer") or signature or closing_signature or title_issuer or issuer_line
                   or fields.get("publisher") or lead_issuer)
    meta.doc_number = fields.get("doc_number") or meta.doc_number
    meta.date = _date_field(fields.get("date")) or meta.date or closing_date
    meta.published = _date_field(fields.get("published"))
    if meta.published is None and lead_date is not None:
        year, month, day = lead_date
        if year:
            meta.published = _safe_date(year, month, day)
        elif meta.date:
            meta.published = resolve_month_day(month, day, ReferenceDate.model_construct(date=meta.date, basis="date"))
    if fields.get("disclosure") and not meta.disclosure:
        meta.disclosure = fields["disclosure"]
    meta.references = find_references(doc, parts, meta.doc_number)
    return meta


def _last_title(header: list[Line], kinds: list[str], i: int) -> Line:
    """The title line before line i, over a repeat of it."""
    j = i - 1
    while j > 0 and kinds[j] == "repeat":
        j -= 1
    return header[j]


def _notice_heading(doc: DocText, group: list[Line]) -> str:
    """The full heading of a notice, letter spacing and stray spaces closed up."""
    raw = "".join(_close_up(_raw(doc, ln.start, ln.end).strip()) for ln in group)
    return _STRAY_SPACE.sub("", raw)


# A space beside a CJK character inside a title (关于印发 2024年…) is a stray: titles have no spaces.
_STRAY_SPACE = regex.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff《》〈〉])[ \u3000]+|[ \u3000]+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff《》〈〉])")
# A cover note that forwards several documents: 《A》和《B》已经市政府同意，现印发给你们
_SEVERAL = re.compile(r"《[^》\n]{2,80}》(?:[和及、与]《[^》\n]{2,80}》)+[^。\n]{0,40}(?:印发|转发)")
_PLAIN = str.maketrans("", "", "《》〈〉<> ")


def _notice_lines(doc: DocText, group: list[Line]) -> list[Line] | None:
    """The lines of a title group that make the notice's heading (…关于印发…的通知), without a stray line
    before it (a page title) or a line after it (a doc number glued to a repeat of the heading)."""
    for i in range(len(group)):
        for j in range(i, len(group)):
            text = _STRAY_SPACE.sub("", "".join(_close_up(_text(doc, ln)) for ln in group[i:j + 1]))
            forwarded = _FORWARDED.match(text)
            if forwarded and "《" not in forwarded.group("issuer"):
                return group[i:j + 1]
    return None


def _settle_notice_title(doc: DocText, meta: Metadata, groups: list[list[Line]], header: list[Line], kinds: list[str]) -> None:
    """Decide between the notice's own title and the title of the plan it forwards.

    The notice (…关于印发《X》的通知) is named by X when X follows: its own title line after the notice,
    or, without one, a signature that closes the notice before the plan. When the notice's own
    numbered requirements follow instead (通知如下：一、…), or what follows is only one of several
    documents it forwards, the notice's own title is the title. `notice_title` keeps the notice's."""
    found = next(((g, n) for g in groups if (n := _notice_lines(doc, g))), None)
    if found is None:
        return
    group, notice = found
    heading = _notice_heading(doc, notice)
    inner = _FORWARDED.match(_STRAY_SPACE.sub("", normalise(heading)))
    wanted = inner.group("inner").translate(_PLAIN) if inner else ""
    if groups[-1] is group:
        after = header.index(group[-1]) + 1
        if "signature" in kinds[after:] or "date" in kinds[after:]:
            return   # the plan follows the notice's signature without a title line of its own
        meta.title = heading
        return
    plan = normalise(meta.title or "").translate(_PLAIN)
    cover = "\n".join(_text(doc, ln) for ln in header[header.index(notice[-1]) + 1:])
    if plan and plan not in wanted and wanted not in plan and _SEVERAL.search(cover):
        meta.title = heading   # the plan that follows is one of several the notice forwards
        return
    meta.notice_title = heading


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# The date at the head of a portal value: 2023-03-15 09:28, 2024年03月18日
_DATE_PREFIX = re.compile(r"[ ]*([0-9]{4}[ ]*[-年/.][ ]*[0-9]{1,2}[ ]*[-月/.][ ]*[0-9]{1,2}[ ]*[日号]?)")


def _date_field(value: str | None) -> dt.date | None:
    """A portal date value, with any time after it (2023-03-15 09:28)."""
    if not value:
        return None
    head = _DATE_PREFIX.match(normalise(value))
    if head is None:
        return parse_full_date(value)
    written = head.group(1).replace(" ", "")
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
    m = _LEAD.search(doc.norm, start, min(end, start + 400))
    if not m:
        return None, None
    who = strip_location(doc.raw[m.start("who"):m.end("who")])
    year = int(m.group("year")) if m.group("year") else None
    return who, (year, int(m.group("month")), int(m.group("day")))


def find_references(doc: DocText, parts: Layout, own_number: str | None) -> list[Reference]:
    """Documents cited with a doc number, in order of first mention, without repeats."""
    start = parts.lead[1] if parts.lead else 0
    norm = doc.norm
    refs: list[Reference] = []
    found_at: list[int] = []
    seen: set[str] = set()
    own = strip_glosses(normalise(own_number or "")).translate(_BRACKETS).replace(" ", "")
    # Find the bracketed year and number first (cheap), then read the issuer code before it.
    for found in _DOC_YEAR.finditer(norm, start):
        org_start = found.start()
        while org_start > max(start, found.start() - 10) and _HAN.match(norm, org_start - 1):
            org_start -= 1
        glossed = _before_glosses(norm, org_start, start)   # 湘政辦發(fā)〔2019〕56號
        if glossed < org_start:
            org_start, end = glossed, found.end()
            plain = DOC_NUMBER.fullmatch(strip_glosses(norm[org_start:end]))
            if plain is None:
                continue
            verb = _DOC_NUMBER_VERBS.match(plain.group("org"))
            for _ in range(verb.end() if verb else 0):   # past the verb's characters and their glosses
                gloss = GLOSS.match(norm, org_start + 1)
                org_start = gloss.end() if gloss else org_start + 1
        else:
            m = DOC_NUMBER.match(norm, org_start) if org_start < found.start() else None
            if m is None:
                continue
            org_start, end = m.start("org"), m.end()
            verb = _DOC_NUMBER_VERBS.match(m.group("org"))
            if verb:
                org_start += verb.end()
        number = doc.raw[org_start:end]
        key = strip_glosses(norm[org_start:end]).translate(_BRACKETS).replace(" ", "")
        if key == own or key in seen:
            continue
        seen.add(key)
        found_at.append(org_start)
        refs.append(Reference.model_construct(title=_cited_title(doc, org_start), doc_number=number))
    # Decrees are numbered without a year: 《…条例》（国令第722号）
    for decree in _DECREE.finditer(norm, start):
        key = decree.group().replace(" ", "")
        if key in seen or key == own:
            continue
        seen.add(key)
        found_at.append(decree.start())
        refs.append(Reference.model_construct(title=_cited_title(doc, decree.start()), doc_number=doc.raw[decree.start():decree.end()]))
    return [ref for _, ref in sorted(zip(found_at, refs, strict=True), key=lambda pair: pair[0])]


# 国令第722号, 国务院令第588号 (a decree's number), after a bracket, a book-title mark or a line start
_DECREE = regex.compile(r"(?:(?<=^|[\n(《》 ])|(?<=依据|根据|按照))(?:国务院|国|省政府|省人民政府|市政府|市人民政府)?令第[ ]{0,2}[0-9]{1,5}[ ]{0,2}号", regex.M)


def _before_glosses(norm: str, org_start: int, limit: int) -> int:
    """Where an issuer code starts that pinyin glosses cut (川辦(bàn)發〔2023〕6号: at 川, not at 發)."""
    while org_start > limit and norm[org_start - 1] == ")":
        open_at = norm.rfind("(", max(limit, org_start - 12), org_start)
        gloss = GLOSS.fullmatch(norm, open_at, org_start) if open_at > limit else None
        if gloss is None:
            break
        head = open_at
        while head > max(limit, open_at - 10) and _HAN.match(norm, head - 1):
            head -= 1
        if head == open_at:
            break
        org_start = head
    return org_start


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "„": "〔", "‟": "〕"})


def _cited_title(doc: DocText, number_start: int) -> str | None:
    """The 《title》 written right before a doc number: 《…》（豫政办〔2024〕18号）."""
    norm = doc.norm
    i = number_start - 1
    while i >= 0 and norm[i] in " (":
        i -= 1
    if i < 0 or norm[i] != "》":
        return None
    depth = 0
    for j in range(i, max(-1, i - 200), -1):
        if norm[j] == "》":
            depth += 1
        elif norm[j] == "《":
            depth -= 1
            if depth == 0:
                return doc.raw[j + 1:i]
    return None
