"""Responsibility clauses in task-list layouts: a 部门分工 line of its own after the item (also below a
line naming the leader in charge), and parks named in a 责任单位 list (invented task lists)."""

from __future__ import annotations

from shuangguoban import parse_circular
from shuangguoban.models import walk

DIVISION = """云梦省人民政府关于印发2022年重点任务分工方案的通知
各地级以上市人民政府，省政府各部门：
现将方案印发给你们，请认真贯彻执行。
一、主要预期目标
1.全省生产总值增长5%以上。
分管省领导：王某某
部门分工：省发展改革委牵头，省统计局配合。
2.一般公共预算收入增长4%左右。
部门分工：省财政厅牵头，省税务局配合。
3.城镇新增就业110万人以上。
分管省领导：李某
部门分工：省人力资源社会保障厅牵头。
"""


def _agencies_by_path(text: str) -> dict[str, list[tuple[str, str]]]:
    circular = parse_circular(text)
    out = {}
    for m in walk(circular.measures):
        for a in m.responsible_units:
            assert text[a.span[0]:a.span[1]] == a.raw
        out[m.path] = [(a.name, a.role) for a in m.responsible_units]
    return out


def test_division_line_after_the_item_and_after_a_leader_line():
    by_path = _agencies_by_path(DIVISION)
    assert by_path["一/1"] == [("省发展改革委", "lead"), ("省统计局", "support")]
    assert by_path["一/2"] == [("省财政厅", "lead"), ("省税务局", "support")]
    assert by_path["一/3"] == [("省人力资源社会保障厅", "lead")]
    # the leader in charge is a person, never an agency
    assert not any("王某某" in name or "李某" in name for found in by_path.values() for name, _ in found)


PARKS = """东川县2024年重点工作责任分工
一、聚力发展实体经济
1.完善各园区发展规划，推进标准厂房建设。（牵头单位：县园区服务中心；责任单位：东湖产业园、西山工业园、北岸物流园等）
2.加快智能制造项目建设。（牵头单位：县工业和信息化局）
"""


def test_parks_in_a_responsible_list_are_agencies():
    by_path = _agencies_by_path(PARKS)
    assert by_path["一/1"] == [("县园区服务中心", "lead"), ("东湖产业园", "responsible"),
                             ("西山工业园", "responsible"), ("北岸物流园", "responsible")]
    assert by_path["一/2"] == [("县工业和信息化局", "lead")]
    circular = parse_circular(PARKS)
    assert not any(w.code == "unsplit_clause" for w in circular.warnings)


def test_clause_cut_inside_its_label_by_the_page_end_is_unclosed():
    text = PARKS + "3.推进园区循环化改造，建设中水回用项目。（牵头单"
    circular = parse_circular(text)
    codes = {(w.code, text[w.span[0]:w.span[1]]) for w in circular.warnings if w.span}
    assert ("unclosed_clause", "（牵头单") in codes
