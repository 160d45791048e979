"""Tables of yearly goals inside a circular (goal_tables.py), through the whole pipeline: a table with
`|` or tabs between its cells, and the same table in an HTML page. The sentence-level cases are in
tests/cases/targets_*.yaml (ids table-of-yearly-goals-*)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shuangguoban import formats
from shuangguoban.pipeline import parse_circular

_HEAD = """青屿县人民政府办公室关于印发青屿县经济稳进提质行动方案的通知

各乡镇人民政府，县政府各部门：
现将《青屿县经济稳进提质行动方案》印发给你们，请认真贯彻执行。

一、主要目标
全县经济保持稳中有进，主要指标如下：
"""
_ROWS = [
    ["主要指标", "2024年基期值", "2025年", "2026年"],
    ["地区生产总值增速（%）", "5.1", "6左右", "6.5"],
    ["规上工业增加值（亿元）", "120", "128", "待定"],
    ["新增市场主体（户）", "3000", "3200", "3500以上"],
]
_TAIL = """二、重点任务
（一）扩大有效投资。全年实施重点项目50个。（县发展改革局牵头）
（二）稳定工业运行。规上工业企业数量达到160家。（县工信局牵头）

青屿县人民政府办公室
2025年2月10日
"""
# (text, value, unit, comparator, metric, deadline text, deadline end)
_GOALS = [
    ("6", "6", "%", "approx", "地区生产总值增速", "2025年", dt.date(2025, 12, 31)),
    ("6.5", "6.5", "%", "eq", "地区生产总值增速", "2026年", dt.date(2026, 12, 31)),
    ("128", "12800000000", "元", "eq", "规上工业增加值", "2025年", dt.date(2025, 12, 31)),
    ("3200", "3200", "户", "eq", "新增市场主体", "2025年", dt.date(2025, 12, 31)),
    ("3500", "3500", "户", "gte", "新增市场主体", "2026年", dt.date(2026, 12, 31)),
]


def _text(separator: str) -> str:
    return _HEAD + "".join(separator.join(row) + "\n" for row in _ROWS) + _TAIL


def _html() -> str:
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in _ROWS)
    paras = lambda block: "".join(f"<p>{line}</p>" for line in block.splitlines() if line.strip())  # noqa: E731
    page = (f'<html><head><meta charset="utf-8"><title>x</title></head><body><div class="content">'
            f'{paras(_HEAD)}<table border="1">{rows}</table>{paras(_TAIL)}</div></body></html>')
    text, _ = formats.extract("html", page.encode("utf-8"), "plan.html")
    return text


@pytest.mark.parametrize("make", [lambda: _text(" | "), lambda: _text("\t"), _html], ids=["bars", "tabs", "html"])
def test_goal_table_targets_belong_to_the_measure_holding_the_table(make):
    text = make()
    circular = parse_circular(text)
    goals, tasks = circular.measures
    assert goals.path == "一" and tasks.path == "二"
    got = [(t.text, str(t.value), t.unit, t.comparator, t.metric, t.deadline.text, t.deadline.end)
           for t in goals.targets if t.deadline is not None]
    assert got == _GOALS                           # no base-year value (5.1, 120, 3000), nothing for 待定
    assert len(goals.targets) == len(_GOALS)
    for target in goals.targets:
        assert text[target.span[0]:target.span[1]] == target.text
        assert isinstance(target.value, Decimal)
        deadline = target.deadline
        assert deadline is not None and text[deadline.span[0]:deadline.span[1]] == deadline.text
        assert goals.span[0] <= deadline.span[0] < deadline.span[1] <= goals.span[1]
    assert [d.text for d in goals.deadlines] == ["2025年", "2026年"]   # the goal years are the measure's limits
    # the next measures keep their own sentence targets, untouched by the table
    assert [(t.text, t.metric) for c in tasks.children for t in c.targets] == [("50个", "实施重点项目"), ("160家", "规上工业企业数量")]


def test_a_table_without_goal_years_gives_no_table_targets():
    text = _HEAD + "主要指标 | 2024年基期值 | 现状值\n地区生产总值（亿元） | 310 | 315\n" + _TAIL
    goals = parse_circular(text).measures[0]
    assert goals.targets == []
