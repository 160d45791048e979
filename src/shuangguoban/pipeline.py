"""The pure pipeline: text → Circular. normalise → segment → metadata → extract → assemble.

`parse_circular` does no I/O and reads no clock: the reference date for relative deadlines comes
from the circular itself, else from the caller.
"""

from __future__ import annotations

import datetime as dt

from .agencies import AgencyContext, assign_agencies
from .agency_aliases import AliasTable
from .clauses import clause_pieces, own_ranges
from .deadlines import extract_times
from .goal_tables import with_target_deadlines
from .guards import check_parse_arguments
from .heading_clauses import heading_clause, with_heading_clause
from .issuers import split_issuers
from .metadata import Metadata, read_metadata
from .models import Circular, Measure, ParseWarning, ReferenceDate, Source
from .placement import closing_ranges, coverage, detach_closing, unplaced_lines, unplaced_warnings
from .references import DOC_NUMBER
from .segment import Layout, layout
from .standing_rules import find_lead_by_position
from .targets import extract_quantities
from .text import DocText, normalise
from .tree import Node, walk_nodes
from .wraps import Unwrapped, wrap_breaks

_AGENCY_COLUMNS = ("lead", "responsible", "support")


def reference_for(meta: Metadata, option: dt.date | None) -> ReferenceDate:
    """成文日期, else the year of the doc number, else the publication date, else the caller's date.

    A year in the plan's title (南屏县2025年…任务清单) is content, not the circular's date: without any of
    these, relative limits stay unresolved with a warning, and `--reference-date` supplies the date
    (the contract's order; basis "title" is kept in the schema for outputs of sgb 0.1)."""
    if meta.date:
        return ReferenceDate.model_construct(date=meta.date, basis="date")
    if meta.doc_number:
        m = DOC_NUMBER.search(normalise(meta.doc_number))
        if m:
            return ReferenceDate.model_construct(date=dt.date(int(m.group("year")), 1, 1), basis="doc_number")
    if meta.published:
        return ReferenceDate.model_construct(date=meta.published, basis="published")
    if option:
        return ReferenceDate.model_construct(date=option, basis="option")
    return ReferenceDate.model_construct(date=None, basis="none")


def _label(doc: DocText, node: Node) -> str:
    m = node.marker
    raw = doc.raw[m.start:m.label_end]
    return raw.replace(" ", "").replace("\u3000", "")


def _cells(node: Node) -> list[tuple[str, int, int]]:
    """A table row's cells that lie in its measure (a signature block may cut a damaged row short)."""
    return [cell for cell in node.cells if node.start <= cell[1] and cell[2] <= node.end]


def _title(doc: DocText, node: Node, clause: tuple[int, int] | None) -> str:
    norm = doc.norm
    task = next(((s, e) for kind, s, e in _cells(node) if kind == "task"), None)
    if task is not None:   # a table row: its task cell, up to the first full stop
        stop = norm.find("。", *task)
        return doc.raw[task[0]:stop if stop >= 0 else task[1]].strip()
    start = node.marker.end
    while start < node.end and norm[start] == " ":
        start += 1
    line_end = norm.find("\n", start, node.end)
    line_end = node.end if line_end < 0 else line_end
    if node.children:
        line_end = min(line_end, node.children[0].start)
    stop = norm.find("。", start, line_end)
    end = stop if stop >= 0 else line_end
    if clause is not None:  # 强化科技创新（区科技局牵头）: the bracket is the ledger's agency column
        end = min(end, clause[0] - 1)
    return doc.raw[start:end].strip().rstrip(":：;；，, ")


def parse_circular(
    text: str,
    *,
    reference_date: dt.date | None = None,
    aliases: AliasTable | None = None,
    source: Source | None = None,
) -> Circular:
    """Parse the decoded text of one circular. Pure: same text and options, same result.

    It leaves the process alone: the garbage collector stays as the caller set it (a program may
    wrap its own parses in `collection_paused()`, as the CLI does)."""
    check_parse_arguments(text, reference_date)
    source = source or Source.model_construct(path="<text>", length=len(text))
    breaks = wrap_breaks(text)
    if not breaks:
        return _parse(text, reference_date, aliases, source)
    # Hard-wrapped print layout: parse the paragraphs as they read, report spans into `text`.
    unwrapped = Unwrapped.of(text, breaks)
    return unwrapped.restore(_parse(unwrapped.text, reference_date, aliases, source))


def _parse(text: str, reference_date: dt.date | None, aliases: AliasTable | None, source: Source) -> Circular:
    doc = DocText.of(text)
    parts: Layout = layout(doc)
    parts = detach_closing(doc, parts)
    meta = read_metadata(doc, parts)
    reference = reference_for(meta, reference_date)
    unplaced = unplaced_lines(doc, parts)
    warnings: list[ParseWarning] = [*parts.warnings, *meta.warnings, *unplaced_warnings(unplaced)]

    nodes = list(walk_nodes(parts.roots))
    paths = _paths(doc, parts.roots)
    ranges = [own_ranges(node) for node in nodes]
    clauses = []
    heads = [heading_clause(doc, node) for node in nodes]   # each node's heading clause, for its clause and title
    for node, own, head in zip(nodes, ranges, heads, strict=True):
        pieces, clause_warnings = clause_pieces(doc, node, own)
        if node.cells:   # a table row: its agency cells are its clause
            pieces = [(s, e) for kind, s, e in _cells(node) if kind in _AGENCY_COLUMNS] or pieces
        clauses.append(with_heading_clause(doc, node, pieces, head))
        warnings.extend(clause_warnings)
    issuers = split_issuers(meta.issuer)  # joint issuers in signing order; prefixes follow the first
    context = AgencyContext(issuer=issuers[0] if issuers else None, lead_by_position=find_lead_by_position(doc.norm), aliases=aliases)
    agencies, agency_warnings = assign_agencies(doc, clauses, context)
    warnings.extend(agency_warnings)

    # A sub-item under a group clause ((1)…(3) then （市…牵头）) is covered by it: id(node) → the
    # node or one of its ancestors has a clause (parents come before their children).
    has_clause: dict[int, bool] = {}
    for node, assigned in zip(nodes, agencies, strict=True):
        has_clause[id(node)] = bool(assigned) or (node.parent is not None and has_clause[id(node.parent)])
    # A missing clause is news only where the document assigns agencies clause by clause; a circular
    # with no clause at all gets one note for the whole document.
    clause_by_clause = any(agencies)
    if nodes and not clause_by_clause:
        warnings.append(ParseWarning.model_construct(code="no_clause", message="no measure names a responsible agency", span=None))
    built: dict[int, Measure] = {}
    for index in range(len(nodes) - 1, -1, -1):   # children before parents
        node = nodes[index]
        label, path = paths[id(node)]
        times = extract_times(doc, ranges[index], reference)
        warnings.extend(times.warnings)
        targets, incentives = extract_quantities(doc, ranges[index], times.deadlines)
        deadlines = with_target_deadlines(times.deadlines, targets)
        if clause_by_clause and not node.children and not has_clause[id(node)]:
            warnings.append(ParseWarning.model_construct(code="no_clause", message=f"measure {path} names no responsible agency",
                                            span=(node.start, node.end)))
        built[id(node)] = Measure.model_construct(
            label=label,
            number=node.marker.number,
            path=path,
            level=node.level,
            title=_title(doc, node, heads[index]),
            text=doc.raw[node.start:node.end],
            span=(node.start, node.end),
            responsible_units=agencies[index],
            targets=targets,
            incentives=incentives,
            deadlines=deadlines,
            time_expressions=times.others,
            children=[built[id(child)] for child in node.children] if node.children else [],
        )
    if not nodes:
        warnings.append(ParseWarning.model_construct(code="no_measures", message="no numbered measures were found", span=None))
    preamble = doc.raw[meta.preamble[0]:meta.preamble[1]] if meta.preamble else None
    closing_times = extract_times(doc, closing_ranges(doc, parts), reference)
    share = coverage(doc, parts.roots, unplaced)
    warnings.sort(key=lambda w: (w.span or (-1, -1)))
    return Circular.model_construct(
        source=source,
        title=meta.title,
        notice_title=meta.notice_title,
        issuer=issuers[0] if issuers else None,
        issuers=issuers,
        doc_number=meta.doc_number,
        date=meta.date,
        published=meta.published,
        recipients=meta.recipients,
        disclosure=meta.disclosure,
        references=meta.references,
        preamble=preamble,
        reference_date=reference,
        measures=[built[id(root)] for root in parts.roots],
        closing_deadlines=closing_times.deadlines,
        coverage=None if share is None else round(share, 4),
        warnings=warnings,
    )


def _paths(doc: DocText, roots: list[Node]) -> dict[int, tuple[str, str]]:
    """id(node) → (label, path) of every node: 一/（二）/3., joined from the root down."""
    found: dict[int, tuple[str, str]] = {}

    def visit(nodes: list[Node], prefix: str) -> None:
        for node in nodes:
            label = _label(doc, node)
            found[id(node)] = (label, prefix + label)
            visit(node.children, prefix + label + "/")

    visit(roots, "")
    return found
