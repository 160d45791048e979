"""The Markdown report: title, metadata table, measures with agencies, targets, deadlines, warnings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .ledger import ROLE_COLUMNS, describe_deadline, describe_incentive, describe_target, plain_cell
from .models import Circular, walk

_BASIS = {"date": "成文日期", "doc_number": "发文字号年份", "published": "发布日期", "option": "--reference-date",
          "title": "标题年份", "none": "无"}


def markdown_cell(text: Any) -> str:
    return plain_cell(text).replace("|", "\\|").replace("\n", " ") or "—"


def _reference(title: str | None, doc_number: str | None) -> str:
    return (f"《{title}》" if title else "") + (f"（{doc_number}）" if doc_number else "")


def _markdown_one(circular: Circular, out: list[str]) -> None:
    out.append(f"# {circular.title or circular.source.path}\n\n")
    reference = circular.reference_date
    rows = [
        ("发文机关", circular.issuer),
        ("发文字号", circular.doc_number),
        ("成文日期", circular.date),
        ("发布日期", circular.published),
        ("主送机关", "，".join(circular.recipients)),
        ("公开方式", circular.disclosure),
        ("引用文件", "；".join(_reference(r.title, r.doc_number) for r in circular.references)),
        ("参照日期", f"{reference.date.isoformat()}（{_BASIS[reference.basis]}）" if reference.date else None),
        ("来源", circular.source.path),
        ("sha256", circular.source.sha256),
    ]
    out.append("| 字段 | 内容 |\n| --- | --- |\n")
    out.extend(f"| {name} | {markdown_cell(value)} |\n" for name, value in rows)
    if circular.preamble:
        out.append("\n> " + circular.preamble.strip().replace("\n", "\n> ") + "\n")
    out.append("\n## 措施\n")
    for measure in walk(circular.measures):
        hashes = "#" * min(2 + measure.level, 6)
        out.append(f"\n{hashes} {measure.path} {measure.title}\n\n")
        items: list[str] = []
        for role, column in ROLE_COLUMNS.items():
            names = [a.name for a in measure.agencies if a.role == role]
            if names:
                items.append(f"- {column}：{'、'.join(names)}\n")
        if measure.targets:
            items.append("- 量化指标：\n")
            items.extend(f"  - {describe_target(measure, t)}\n" for t in measure.targets)
        if measure.incentives:
            items.append("- 政策兑现：\n")
            items.extend(f"  - {describe_incentive(i)}\n" for i in measure.incentives)
        if measure.deadlines:
            items.append("- 完成时限：" + "；".join(dict.fromkeys(describe_deadline(d) for d in measure.deadlines)) + "\n")
        if not items and not measure.children:
            items.append("- （无责任单位、指标或时限）\n")
        out.extend(items)
    if circular.warnings:
        out.append("\n## 警告\n\n")
        out.extend(f"- `{w.code}`: {w.message}\n" for w in circular.warnings)


def to_markdown(circulars: Sequence[Circular]) -> str:
    """A readable report: title, metadata table, measures with agencies, targets, deadlines, warnings."""
    out: list[str] = []
    for i, circular in enumerate(circulars):
        if i:
            out.append("\n---\n\n")
        _markdown_one(circular, out)
    return "".join(out).replace("\n\n\n", "\n\n")
