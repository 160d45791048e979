"""The review page: one self-contained HTML file showing a circular's text with every finding marked.

Targets, incentives, deadlines, time phrases, agencies (coloured by role) and warnings are highlighted
on the source text; measures are wrapped so their boundaries show; a measure tree, the task ledger,
the metadata and the warnings sit beside it. Spans may overlap (an agency inside a warning's range, a
deadline inside a target's sentence): the text is cut at every span boundary into pieces that each
carry all the findings covering them, so the text itself is never broken or reordered.

Everything from the document is HTML-escaped; the item details travel as JSON in a
`<script type="application/json">` block with `<`, `>` and `&` escaped, and the page's script only
ever sets them as text. The CSS and JS are package data (review_assets/); no network is needed.
"""

from __future__ import annotations

import html
import json
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

from . import __version__
from .errors import SgbError
from .ledger import agencies_by_role, describe_deadline, describe_target
from .models import Agency, Circular, Incentive, Measure, walk
from .review_items import Findings, Item, collect, quantity

BASIS_WORDS = {"date": "成文日期", "doc_number": "发文字号年份", "published": "发布日期", "option": "--reference-date",
               "title": "标题年份", "none": "无"}


class IndexEntry(NamedTuple):
    """One line of a batch's index.html: a page written, or a file that failed."""

    href: str
    source: str
    title: str | None = None
    measures: int = 0
    targets: int = 0
    incentives: int = 0
    deadlines: int = 0
    warnings: int = 0
    error: str | None = None


# --- assets ----------------------------------------------------------------------------------------

@cache
def _asset(name: str) -> str:
    return (files("shuangguoban") / "review_assets" / name).read_text(encoding="utf-8")


def _page(title: str, body: str, items: dict[str, Any]) -> str:
    data = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")   # no </script> in data
    parts = {"@@VERSION@@": __version__, "@@TITLE@@": _e(title), "@@CSS@@": _asset("page.css"),
             "@@BODY@@": body, "@@ITEMS@@": data, "@@JS@@": _asset("page.js")}
    template = _asset("page.html")
    out: list[str] = []
    rest = template
    while "@@" in rest:   # fill placeholders in one pass, so a filled value is never searched again
        before, _, after = rest.partition("@@")
        name, _, rest = after.partition("@@")
        out.append(before)
        out.append(parts[f"@@{name}@@"])
    out.append(rest)
    return "".join(out)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# --- the source text -------------------------------------------------------------------------------

def source_text(circular: Circular) -> str | None:
    """The decoded text the circular was parsed from, read again from its source file; None when the
    file cannot be read or is no longer the same (different sha256 or length)."""
    from .loader import load_path

    source = circular.source
    if source.path in ("-", "<text>", "<bytes>"):
        return None
    try:
        loaded = load_path(source.path, source.format)
    except SgbError:
        return None
    if (source.sha256 and loaded.source.sha256 != source.sha256) or len(loaded.text) != source.length:
        return None
    return loaded.text


# --- the text, cut at every boundary ---------------------------------------------------------------

def render_text(text: str, items: Sequence[Item], measures: Sequence[tuple[str, str, tuple[int, int]]],
                ranges: Sequence[tuple[int, int]]) -> str:
    """The known `ranges` of `text` as HTML: measures (id, path, span; properly nested) as wrapping
    spans, and each piece between two boundaries as one <mark> carrying every item that covers it.
    Between two ranges that do not meet, a gap marker (not part of the text) is shown."""
    out: list[str] = []
    for number, (start, end) in enumerate(ranges):
        if number and ranges[number - 1][1] != start:
            out.append('<span class="gap">… 原文此处未能取得 …</span>')
        inside = [(i, max(i.span[0], start), min(i.span[1], end)) for i in items
                  if i.span[0] < end and i.span[1] > start or start <= i.span[0] == i.span[1] <= end]
        open_at: dict[int, list[Item]] = {}
        close_at: dict[int, list[Item]] = {}
        empty_at: dict[int, list[Item]] = {}
        bounds = {start, end}
        for item, s, e in inside:
            if s == e:
                empty_at.setdefault(s, []).append(item)
            else:
                open_at.setdefault(s, []).append(item)
                close_at.setdefault(e, []).append(item)
            bounds.update((s, e))
        starts: dict[int, list[tuple[str, str, int]]] = {}
        ends: dict[int, int] = {}
        for mid, path, (s, e) in measures:
            s, e = max(s, start), min(e, end)
            if s < e:
                starts.setdefault(s, []).append((mid, path, e))
                ends[e] = ends.get(e, 0) + 1
                bounds.update((s, e))
        active: dict[str, Item] = {}
        points = sorted(bounds)
        for at, nxt in zip(points, [*points[1:], None], strict=True):
            out.append("</span>" * ends.get(at, 0))   # measures nest, so closing by count is exact
            for mid, path, _ in sorted(starts.get(at, []), key=lambda m: -m[2]):   # outer first
                out.append(f'<span class="measure" id="{mid}" data-path="{_e(path)}">')
            for item in close_at.get(at, []):
                active.pop(item.id, None)
            for item in open_at.get(at, []):
                active[item.id] = item
            for item in empty_at.get(at, []):
                out.append(f'<mark class="hl anchor" data-ids="{item.id}"></mark>')
            if nxt is None:
                continue
            piece = _e(text[at:nxt])
            if active:
                classes = " ".join(dict.fromkeys(c for i in active.values() for c in i.classes.split()))
                out.append(f'<mark class="hl {classes}" data-ids="{" ".join(active)}">{piece}</mark>')
            else:
                out.append(piece)
    return "".join(out)


def _fallback_ranges(circular: Circular) -> list[tuple[int, int]]:
    return [m.span for m in circular.measures]


def _fallback_text(circular: Circular) -> str:
    """A string as long as the source with each top-level measure's text in its place (the rest blank)."""
    chars = [" "] * circular.source.length
    for measure in circular.measures:
        chars[measure.span[0]:measure.span[1]] = measure.text
    return "".join(chars)


# --- the panes -------------------------------------------------------------------------------------

def _metadata(circular: Circular, findings: Findings, text_missing: bool) -> str:
    reference = circular.reference_date
    rows = [
        ("发文机关", "、".join(circular.issuers) or circular.issuer),
        ("发文字号", circular.doc_number),
        ("成文日期", circular.date),
        ("发布日期", circular.published),
        ("主送机关", "、".join(circular.recipients)),
        ("公开方式", circular.disclosure),
        ("引用文件", "；".join(f"《{r.title or ''}》{r.doc_number or ''}" for r in circular.references)),
        ("参照日期", f"{reference.date.isoformat()}（{BASIS_WORDS[reference.basis]}）" if reference.date else "无（相对时限未解析）"),
        ("来源", f"{circular.source.path}（{circular.source.format}, {circular.source.encoding or '?'}）"),
    ]
    meta = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in rows if v)
    if circular.source.sha256:
        meta += f'<div><dt>sha256</dt><dd class="hash">{_e(circular.source.sha256[:16])}…</dd></div>'
    measures = list(walk(circular.measures))
    counts = (f"{len(measures)} 项措施 · {sum(len(m.targets) for m in measures)} 个指标 · "
              f"{sum(len(m.incentives) for m in measures)} 项激励 · {sum(len(m.deadlines) for m in measures)} 个时限 · "
              f"{len(circular.warnings)} 条警告")
    legend = ('<span class="swatch k-target">量化指标</span><span class="swatch k-incentive">激励</span>'
              '<span class="swatch k-deadline">完成时限</span><span class="swatch k-deadline unresolved">未解析</span>'
              '<span class="k-time">其他时间</span><span class="k-lead">牵头单位</span>'
              '<span class="k-responsible">责任单位</span><span class="k-support">配合单位</span>'
              '<span class="k-warning">警告</span>'
              f'<span class="counts">{_e(counts)}</span>')
    title = _e(circular.title or circular.source.path)
    notice = f'<span class="notice">{_e(circular.notice_title)}</span>' if circular.notice_title else ""
    banner = ('<div class="banner">未能重新读取源文件（标准输入，或文件已改动）：只显示各项措施的原文。</div>'
              if text_missing else "")
    return (f'<header><h1>{notice}{title}</h1><dl class="meta">{meta}</dl>'
            f'<div class="legend">{legend}</div>{banner}</header>')


def _flagged(circular: Circular) -> set[str]:
    """Paths of measures a warning falls inside (its innermost measure)."""
    measures: list[Measure] = []
    parents: list[int] = []          # index of each measure's parent in `measures`, -1 at the top
    stack: list[int] = []
    for measure in walk(circular.measures):   # document order: starts never decrease
        while stack and measures[stack[-1]].span[1] < measure.span[1]:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(len(measures))
        measures.append(measure)
    starts = [m.span[0] for m in measures]
    flagged: set[str] = set()
    for warning in circular.warnings:
        if warning.span is None:
            continue
        at = bisect_right(starts, warning.span[0]) - 1   # the last measure starting at or before it
        while at >= 0 and measures[at].span[1] < warning.span[1]:
            at = parents[at]                               # climb to the one that holds it all
        if at >= 0:
            flagged.add(measures[at].path)
    return flagged


def _tree(measures: list[Measure], findings: Findings, flagged: set[str]) -> str:
    if not measures:
        return ""
    out = ["<ul>"]
    for measure in measures:
        mid = findings.measure_ids[id(measure)]
        flag = ' <span class="flag" title="有警告">⚠</span>' if measure.path in flagged else ""
        out.append(f'<li><a href="#{mid}" data-m="{mid}" title="{_e(measure.path)} {_e(measure.title)}">'
                   f'<span class="path">{_e(measure.label)}</span>{_e(measure.title)}{flag}</a>')
        out.append(_tree(measure.children, findings, flagged))
        out.append("</li>")
    out.append("</ul>")
    return "".join(out)


def _agency_cell(agencies: Sequence[Agency], role: str) -> str:
    names: list[str] = []
    for agency in agencies:
        if agency.role != role:
            continue
        note = ' class="inherited" title="由统一说明继承"' if agency.inherited or agency.span is None else ""
        piece = f"<span{note}>{_e(agency.name)}</span>"
        if piece not in names:
            names.append(piece)
    return f'<span class="{role}">{"、".join(names)}</span>' if names else '<span class="none">—</span>'


def _list(lines: Sequence[str], unresolved: Sequence[bool] = ()) -> str:
    if not lines:
        return '<span class="none">—</span>'
    marks = [*unresolved, *[False] * len(lines)]
    return "<ul>" + "".join(f'<li{" class=unresolved" if bad else ""}>{_e(line)}</li>'
                            for line, bad in zip(lines, marks, strict=False)) + "</ul>"


def _incentive_line(incentive: Incentive) -> str:
    amount = quantity(incentive.value, incentive.unit) + (f"–{quantity(incentive.upper)}" if incentive.upper is not None else "")
    return f"{incentive.kind} {incentive.text}（{amount}）" + (f"→{incentive.recipient}" if incentive.recipient else "")


def _ledger(circular: Circular, findings: Findings, flagged: set[str]) -> str:
    head = "".join(f"<th>{name}</th>" for name in ("序号", "措施", "牵头单位", "责任单位", "配合单位", "量化指标", "激励", "完成时限"))
    rows = []
    for measure in walk(circular.measures):
        mid = findings.measure_ids[id(measure)]
        deadlines = {describe_deadline(d): d.end is None for d in measure.deadlines}   # as the ledger: once per wording
        roles = agencies_by_role(measure.agencies)   # which columns have names at all
        cells = [
            f'<td class="path">{_e(measure.path)}{" <span class=flag>⚠</span>" if measure.path in flagged else ""}</td>',
            f'<td><div class="clamp" title="{_e(measure.title)}">{_e(measure.title)}</div></td>',
            *(f"<td>{_agency_cell(measure.agencies, role) if roles[column] else _list([])}</td>"
              for role, column in (("lead", "牵头单位"), ("responsible", "责任单位"), ("support", "配合单位"))),
            f"<td>{_list([describe_target(measure, t) for t in measure.targets])}</td>",
            f"<td>{_list([_incentive_line(i) for i in measure.incentives])}</td>",
            f"<td>{_list(list(deadlines), list(deadlines.values()))}</td>",
        ]
        kind = ' class="heading"' if measure.children else ""
        ids = " ".join(findings.by_measure[mid])
        rows.append(f'<tr{kind} data-m="{mid}" data-ids="{ids}">{"".join(cells)}</tr>')
    body = "".join(rows) or '<tr><td colspan="8" class="none">未找到编号措施</td></tr>'
    return (f'<section id="ledger-pane"><h2>任务台账（点击一行，在原文中定位）</h2>'
            f'<table id="ledger"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>')


def _warnings(circular: Circular, findings: Findings) -> str:
    entries = []
    for warning, item_id in zip(circular.warnings, findings.warning_ids, strict=True):
        where = f' data-ids="{item_id}"' if item_id else ""
        nowhere = "" if item_id else ' <span class="nowhere">（无位置）</span>'
        entries.append(f"<li{where}><code>{_e(warning.code)}</code> {_e(warning.message)}{nowhere}</li>")
    if not entries:
        return '<section id="warnings" class="empty"><h2>警告：无</h2></section>'
    return f'<section id="warnings"><h2>警告（{len(entries)}，点击定位）</h2><ul>{"".join(entries)}</ul></section>'


# --- pages -----------------------------------------------------------------------------------------

def review_page(circular: Circular, text: str | None) -> str:
    """The review page of one circular. `text` is the decoded source it was parsed from; without it
    (stdin, a moved file) only the measures' own text is shown, with a banner saying so."""
    if text is not None and len(text) != circular.source.length:
        raise SgbError(f"{circular.source.path}: the text given is not the one the circular was parsed from")
    findings = collect(circular)
    if text is None:
        ranges, shown = _fallback_ranges(circular), _fallback_text(circular)
    else:
        ranges, shown = [(0, len(text))], text
    measures = [(findings.measure_ids[id(m)], m.path, m.span) for m in walk(circular.measures)]
    flagged = _flagged(circular)
    body = (_metadata(circular, findings, text is None)
            + '<main><nav class="pane" id="tree"><h2>措施结构</h2>' + _tree(circular.measures, findings, flagged) + "</nav>"
            + '<section class="pane"><h2>原文</h2><div id="doc">' + render_text(shown, findings.items, measures, ranges)
            + "</div></section>"
            + '<div class="pane side">' + _ledger(circular, findings, flagged) + _warnings(circular, findings) + "</div></main>"
            + '<div id="tip" hidden></div>')
    data = {i.id: {"kind": i.kind, "text": i.text, "rows": i.rows} for i in findings.items}
    return _page(f"{circular.title or circular.source.path} · sgb", body, data)


def to_html(circulars: Sequence[Circular]) -> str:
    """The review page of one circular, its text read again from its source file."""
    if len(circulars) != 1:
        raise SgbError("html writes one page per circular: give -o DIR/ for several inputs")
    circular = circulars[0]
    return review_page(circular, source_text(circular))


def index_page(entries: Sequence[IndexEntry]) -> str:
    """A batch's index.html: every page written (title and counts) and every file that failed."""
    head = "".join(f'<th{" class=num" if n else ""}>{name}</th>' for name, n in (
        ("文件", False), ("标题", False), ("措施", True), ("指标", True), ("激励", True), ("时限", True), ("警告", True)))
    rows = []
    for entry in entries:
        if entry.error is not None:
            rows.append(f'<tr><td>{_e(entry.source)}</td><td class="failed" colspan="6">失败：{_e(entry.error)}</td></tr>')
            continue
        numbers = "".join(f'<td class="num">{n}</td>' for n in (entry.measures, entry.targets, entry.incentives,
                                                                 entry.deadlines, entry.warnings))
        rows.append(f'<tr><td><a href="{_e(entry.href)}">{_e(entry.source)}</a></td><td>{_e(entry.title or "")}</td>{numbers}</tr>')
    failed = sum(e.error is not None for e in entries)
    body = (f'<section class="index"><h2>sgb 审阅页索引：{len(entries) - failed} 个文件'
            f'{f"，{failed} 个失败" if failed else ""}</h2>'
            f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')
    return _page("sgb 审阅页索引", body, {})
