"""Where clauses sit: heading lines, headings that name an agency, labels after the last sentence of a
line (invented circulars)."""

from __future__ import annotations

import pytest

from shuangguoban import parse_circular
from shuangguoban.ledger import ledger_rows
from shuangguoban.models import walk

HEAD = "梧川市临江区人民政府\n关于印发临江区促进消费若干措施的通知\n各街道办事处，区直各部门：\n现将若干措施印发给你们。\n"


def _measures(body: str):
    circular = parse_circular(HEAD + body)
    return circular, {m.path: m for m in walk(circular.measures)}


def test_heading_clause_sits_on_the_heading_and_leaves_its_title():
    circular, by_path = _measures(
        "一、激活文旅消费（区文旅局牵头，区商务局配合）\n"
        "全年举办活动不少于二十场。\n"
        "（一）丰富夜间消费场景。打造夜市街区。\n"
        "（二）发放文旅消费券。由区财政局负责落实。\n"
        "二、提振汽车消费\n"
        "（一）开展汽车促销活动。（区商务局）\n"
    )
    head = by_path["一"]
    assert head.title == "激活文旅消费"
    assert [(a.name, a.role) for a in head.responsible_units] == [("区文旅局", "lead"), ("区商务局", "support")]
    text = HEAD + "一、激活文旅消费"
    assert all(a.span is not None and a.span[0] > len(text) for a in head.responsible_units)
    assert by_path["一/（一）"].responsible_units == []  # not copied into the JSON
    assert [a.name for a in by_path["一/（二）"].responsible_units] == ["区财政局"]
    assert by_path["二"].title == "提振汽车消费" and by_path["二"].responsible_units == []


def test_heading_clause_spans_hold():
    text = HEAD + "一、稳定住房消费（区住建局牵头）\n（一）优化公积金使用。\n"
    circular = parse_circular(text)
    (agency,) = circular.measures[0].responsible_units
    assert text[agency.span[0] : agency.span[1]] == agency.raw == "区住建局"


def test_ledger_rows_inherit_the_heading_clause():
    circular, _ = _measures(
        "一、激活文旅消费（区文旅局牵头）\n"
        "（一）丰富夜间消费场景。打造夜市街区。\n"
        "1.延长营业时间。\n"
        "（二）发放文旅消费券。由区财政局负责落实。\n"
    )
    rows = {row["序号"]: row for row in ledger_rows(circular)}
    assert rows["一"]["牵头单位"] == "区文旅局"
    assert rows["一/（一）"]["牵头单位"] == "区文旅局"
    assert rows["一/（一）/1"]["牵头单位"] == "区文旅局"
    assert rows["一/（二）"]["牵头单位"] == "" and rows["一/（二）"]["责任单位"] == "区财政局"


def test_heading_that_is_an_agency_covers_its_items():
    _, by_path = _measures("一、区发展改革局\n1.推进重大项目建设。\n2.扩大有效投资。\n二、区商务局\n1.举办展销活动。\n")
    assert [(a.name, a.role) for a in by_path["一"].responsible_units] == [("区发展改革局", "responsible")]
    assert [a.name for a in by_path["二"].responsible_units] == ["区商务局"]
    assert by_path["一/1"].responsible_units == []


@pytest.mark.parametrize(
    "heading",
    [
        "一、打造区域消费中心",      # 区域 is no level prefix: a topic, not an agency
        "一、工作目标",
        "一、强化组织保障（2025—2027年）",  # a period, not a clause
        "一、支持平台建设（含孵化器）",
    ],
)
def test_topic_headings_name_no_agency(heading):
    _, by_path = _measures(f"{heading}\n1.推进重大项目建设。\n2.扩大有效投资。\n")
    assert by_path["一"].responsible_units == []


def test_labels_after_the_last_sentence_of_a_line():
    _, by_path = _measures(
        "一、重点任务\n"
        "（一）整治村容村貌。责任单位：区自然资源局；配合单位：各村（社区）\n"
        "（二）建立长效机制。全年完成一百户。牵头单位：区财政局\n"
        "（三）加强宣传。在主要路口设立标牌（含电子屏）。\n"
    )
    assert [(a.name, a.role) for a in by_path["一/（一）"].responsible_units] == [
        ("区自然资源局", "responsible"),
        ("各村（社区）", "support"),
    ]
    assert [(a.name, a.role) for a in by_path["一/（二）"].responsible_units] == [("区财政局", "lead")]
    assert by_path["一/（三）"].responsible_units == []
