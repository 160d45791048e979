"""Reading the two sides of `sgb align` / `sgb diff`, and writing their results (JSON, Markdown, xlsx).

A side is a circular's text, page or document (read by `loader`) or the JSON/YAML `sgb parse`
wrote (checked against the models by `validate`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .crossdoc_models import Alignment, Diff, PairComparison, TargetComparison
from .markdown import markdown_cell
from .models import Circular
from .spreadsheets import fill_sheet
from .writers import dumps_json

STRUCTURED_SUFFIXES = (".json", ".yaml", ".yml")
_VALUE = {"raised": "提高", "lowered": "降低", "equal": "持平"}
_TIMING = {"earlier": "提前", "later": "推后", "equal": "相同"}
_CHANGE = {"strengthened": "加码", "weakened": "减码", "unchanged": "不变"}


def load_document(path: str, *, reference_date: dt.date | None = None, aliases: Any = None) -> Circular:
    """A circular from its text, page or document, or from `sgb parse`'s JSON/YAML (validated)."""
    if Path(path).suffix.lower() in STRUCTURED_SUFFIXES:
        from .validate import load_structured

        return load_structured(path)
    from .reading import load_circular

    return load_circular(path, reference_date=reference_date, aliases=aliases)


def to_json(result: Alignment | Diff) -> str:
    return dumps_json(result) + "\n"


# --- describing comparisons ------------------------------------------------------------------------

def describe_target(t: TargetComparison, first: str, second: str) -> str:
    """e.g. 年度投资目标：上级 60% → 下级 65%（提高，加码；时限相同）"""
    notes = [_VALUE[t.value]]
    if t.change is not None and t.change != "unchanged":
        notes.append(_CHANGE[t.change])
    if t.deadline is not None:
        notes.append(f"时限{_TIMING[t.deadline]}")
    if t.first_modality != t.second_modality and (t.first_modality or t.second_modality):
        notes.append(f"{t.first_modality or '—'} → {t.second_modality or '—'}")
    return f"{t.metric or t.first_metric or t.unit}：{first} {t.first} → {second} {t.second}（{'，'.join(notes)}）"


def describe_deadline(c: PairComparison, first: str, second: str) -> str:
    d = c.deadline
    if d is None:
        return ""
    return f"{first} {d.first}（{d.first_end}）→ {second} {d.second}（{d.second_end}）：{_TIMING[d.timing]}"


def describe_agencies(c: PairComparison) -> str:
    return "；".join(f"{m.first} ↔ {m.second}" for m in c.agencies)


# --- alignment -------------------------------------------------------------------------------------

def alignment_markdown(a: Alignment) -> str:
    s = a.summary
    out = [f"# 对照：{a.lower.title or a.lower.path} ← {a.upper.title or a.upper.path}\n\n",
           "| | 上级 | 下级 |\n| --- | --- | --- |\n",
           f"| 文件 | {markdown_cell(a.upper.path)} | {markdown_cell(a.lower.path)} |\n",
           f"| 发文机关 | {markdown_cell(a.upper.issuer)} | {markdown_cell(a.lower.issuer)} |\n",
           f"| 发文字号 | {markdown_cell(a.upper.doc_number)} | {markdown_cell(a.lower.doc_number)} |\n",
           f"| 措施数 | {s.upper_measures} | {s.lower_measures} |\n\n",
           f"承接率 {s.upper_taken_up}/{s.upper_measures}（{s.uptake_rate:.1%}）；对应 {s.pairs} 对；"
           f"下级自有措施 {s.lower_only} 条；指标比较 {s.targets_compared} 项：提高 {s.targets_raised}、降低 {s.targets_lowered}、"
           f"持平 {s.targets_equal}，其中比率加码 {s.targets_strengthened}、减码 {s.targets_weakened}；"
           f"时限提前 {s.deadlines_earlier}、推后 {s.deadlines_later}。\n\n## 对应措施\n"]
    for p in a.pairs:
        c = p.comparison
        out.append(f"\n### {p.lower.path} {p.lower.title} ← {p.upper.path} {p.upper.title}\n\n- 相似度：{p.score:.3f}"
                   f"（标题 {p.title_score:.3f}，正文 {p.text_score:.3f}）\n")
        out.extend(f"- 指标：{describe_target(t, '上级', '下级')}\n" for t in c.targets)
        if c.second_only_targets:
            out.append(f"- 下级新增指标：{'、'.join(c.second_only_targets)}\n")
        if c.first_only_targets:
            out.append(f"- 上级指标未落实：{'、'.join(c.first_only_targets)}\n")
        if c.deadline:
            out.append(f"- 时限：{describe_deadline(c, '上级', '下级')}\n")
        if c.agencies:
            out.append(f"- 单位对应：{describe_agencies(c)}\n")
    for heading, measures in (("上级措施未承接", a.upper_not_taken_up), ("下级自有措施", a.lower_only)):
        out.append(f"\n## {heading}\n\n")
        out.extend([f"- {m.path} {m.title}\n" for m in measures] or ["- 无\n"])
    return "".join(out)


ALIGNMENT_COLUMNS = ("上级路径", "上级措施", "下级路径", "下级措施", "相似度", "指标对比", "加码", "减码",
                     "时限对比", "单位对应", "下级新增指标", "上级未落实指标")


def alignment_rows(a: Alignment) -> Iterator[dict[str, Any]]:
    """One row per aligned pair, then one per upper measure not taken up and per lower-only measure."""
    for p in a.pairs:
        c = p.comparison
        yield {
            "上级路径": p.upper.path, "上级措施": p.upper.title, "下级路径": p.lower.path, "下级措施": p.lower.title,
            "相似度": p.score, "指标对比": "\n".join(describe_target(t, "上级", "下级") for t in c.targets),
            "加码": sum(t.change == "strengthened" for t in c.targets),
            "减码": sum(t.change == "weakened" for t in c.targets),
            "时限对比": describe_deadline(c, "上级", "下级"), "单位对应": describe_agencies(c),
            "下级新增指标": "、".join(c.second_only_targets), "上级未落实指标": "、".join(c.first_only_targets),
        }
    empty = dict.fromkeys(ALIGNMENT_COLUMNS, None)
    for m in a.upper_not_taken_up:
        yield {**empty, "上级路径": m.path, "上级措施": m.title, "下级措施": "（未承接）"}
    for m in a.lower_only:
        yield {**empty, "上级措施": "（下级自有）", "下级路径": m.path, "下级措施": m.title}


def alignment_xlsx(a: Alignment) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "措施对照"
    fill_sheet(sheet, ALIGNMENT_COLUMNS, alignment_rows(a))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- diff ------------------------------------------------------------------------------------------

def _edit(op: str, old: str, new: str) -> str:
    if op == "insert":
        return f"+「{new}」"
    if op == "delete":
        return f"-「{old}」"
    return f"「{old}」→「{new}」"


def diff_markdown(d: Diff) -> str:
    s = d.summary
    out = [f"# 修订对比：{d.new.title or d.new.path}\n\n",
           f"旧版 {markdown_cell(d.old.path)}（{s.old_measures} 条）→ 新版 {markdown_cell(d.new.path)}（{s.new_measures} 条）："
           f"新增 {s.added}、删除 {s.removed}、移动 {s.moved}、修改 {s.changed}、未变 {s.unchanged}。\n"]
    if d.added:
        out.append("\n## 新增\n\n")
        out.extend(f"- {m.path} {m.title}\n" for m in d.added)
    if d.removed:
        out.append("\n## 删除\n\n")
        out.extend(f"- {m.path} {m.title}\n" for m in d.removed)
    moved = [m for m in d.measures if m.moved]
    if moved:
        out.append("\n## 移动\n\n")
        out.extend(f"- {m.old.path} → {m.new.path} {m.new.title}\n" for m in moved)
    changed = [m for m in d.measures if m.changed]
    if changed:
        out.append("\n## 修改\n")
    for m in changed:
        c = m.comparison
        out.append(f"\n### {m.old.path} → {m.new.path} {m.new.title}\n\n")
        out.extend(f"- 指标：{describe_target(t, '旧', '新')}\n" for t in c.targets if t.value != "equal" or t.deadline not in (None, "equal")
                   or t.first_modality != t.second_modality)
        if c.second_only_targets:
            out.append(f"- 新增指标：{'、'.join(c.second_only_targets)}\n")
        if c.first_only_targets:
            out.append(f"- 删除指标：{'、'.join(c.first_only_targets)}\n")
        if c.deadline and c.deadline.timing != "equal":
            out.append(f"- 时限：{describe_deadline(c, '旧', '新')}\n")
        if c.second_only_agencies:
            out.append(f"- 新增单位：{'、'.join(c.second_only_agencies)}\n")
        if c.first_only_agencies:
            out.append(f"- 删除单位：{'、'.join(c.first_only_agencies)}\n")
        for change in m.modal_changes:
            note = "（语气减弱）" if change.softened else "（语气加强）" if change.softened is False else ""
            out.append(f"- 措辞：{change.old or '—'} → {change.new or '—'}{note}\n")
        out.append("- 文字：" + "；".join(_edit(e.op, e.old, e.new) for e in m.edits) + "\n")
    return "".join(out)
