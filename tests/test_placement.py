"""Issue 17: no measure lost in silence, layouts of real circulars, closing parts, warnings that mean
something. Every circular here is invented, in the shapes real portals deliver."""

from __future__ import annotations

import datetime as dt

from conftest import circular_text
from shuangguoban.models import Circular, walk
from shuangguoban.pipeline import parse_circular


def parse(name: str) -> Circular:
    return parse_circular(circular_text(name))


def paths(circular: Circular) -> list[str]:
    return [m.path for m in walk(circular.measures)]


def codes(circular: Circular) -> list[str]:
    return [w.code for w in circular.warnings]


def test_numbered_label_items_are_measures_and_do_not_end_the_body():
    circular = parse("fengyang_activity_labels.txt")
    assert paths(circular) == ["一", "二", "三", "三/（一）", "三/（二）", "三/（三）", "三/（四）",
                               "四", "四/（一）", "四/（二）", "五"]
    organiser = next(m for m in walk(circular.measures) if m.path == "三/（一）")
    assert organiser.title == "主办单位：凤阳区人民政府"
    assert circular.coverage == 1.0 and "unplaced_text" not in codes(circular)


def test_task_table_one_cell_per_line_is_read_as_measures():
    circular = parse("linshui_task_table_cells.txt")
    assert paths(circular) == ["1", "2", "3"]
    first, _, third = circular.measures
    assert first.title == "全市地区生产总值增长5.5%左右"
    assert [a.name for a in first.responsible_units] == ["市发展改革委"]
    assert [d.end for d in first.deadlines] == [dt.date(2025, 12, 31)]
    assert [a.name for a in third.responsible_units] == ["市住房城乡建设局", "各县（市、区）人民政府"]
    # the header row (序号 / 主 要 任 务 / …) is neither the title nor a measure
    assert circular.title == "2025年重点工作责任分解"
    assert circular.notice_title == "临水市人民政府办公室关于印发2025年重点工作责任分解的通知"
    assert circular.issuer == "临水市人民政府办公室" and circular.date == dt.date(2025, 2, 18)


def test_task_table_one_row_per_line_is_read_as_measures():
    circular = parse("hexi_row_table.txt")
    assert [m.title for m in circular.measures] == ["完成农村户厕改造1500户", "建成农村生活污水处理设施20座", "村庄保洁覆盖率达到100%"]
    assert [a.name for a in circular.measures[2].responsible_units] == ["县城市管理局", "各乡镇人民政府"]
    assert [d.end for d in circular.measures[1].deadlines] == [dt.date(2025, 11, 30)]
    for measure in circular.measures:
        for agency in measure.responsible_units:
            assert circular_text("hexi_row_table.txt")[agency.span[0]:agency.span[1]] == agency.raw


def test_articles_with_spaces_and_digits_nest_under_sections():
    text = ("南溪县促进民营经济发展若干规定\n一、总则\n第 1 条 为优化民营经济发展环境，制定本规定。\n"
            "第２条 县发展改革局负责统筹协调。\n二、支持措施\n第三条 对新升规企业给予一次性奖励。\n"
            "三、保障\n1.加强组织领导。\n2.强化督查。\n四、附则\n1.本规定自印发之日起施行。\n")
    circular = parse_circular(text)
    assert paths(circular) == ["一", "一/第1条", "一/第２条", "二", "二/第三条", "三", "三/1", "三/2", "四", "四/1"]


def test_closing_paragraphs_stay_out_of_the_last_measure():
    circular = parse("songling_closing.txt")
    last = circular.measures[-1]
    assert last.text.endswith("（松岭海关负责）")
    assert [d.end for d in last.deadlines] == [dt.date(2025, 6, 30)]
    assert [d.end for d in circular.closing_deadlines] == [dt.date(2025, 4, 30)]
    text = circular_text("songling_closing.txt")
    span = circular.closing_deadlines[0].span
    assert text[span[0]:span[1]] == circular.closing_deadlines[0].text
    assert circular.date == dt.date(2025, 3, 20) and circular.issuer == "松岭市人民政府办公室"


def test_items_after_page_furniture_are_reported_as_unplaced():
    text = ("某县稳就业若干措施\n1.扩大就业岗位。新增岗位500个。（县人社局负责）\n"
            "2.支持创业。发放创业担保贷款1000万元。（县人社局负责）\n【打印】【关闭】\n"
            "3.兜底帮扶。开发公益性岗位100个。（县人社局负责）\n")
    circular = parse_circular(text)
    assert paths(circular) == ["1", "2"]
    unplaced = [w for w in circular.warnings if w.code == "unplaced_text"]
    assert len(unplaced) == 1
    assert text[unplaced[0].span[0]:unplaced[0].span[1]].startswith("3.兜底帮扶")
    assert circular.coverage is not None and 0.5 < circular.coverage < 1


def test_no_unplaced_text_on_our_circulars():
    from conftest import all_circulars
    for path in all_circulars():
        circular = parse_circular(path.read_text(encoding="utf-8"))
        assert "unplaced_text" not in codes(circular), path.name
        assert circular.coverage in (None, 1.0), path.name


def test_no_clause_is_one_note_when_the_document_has_no_clauses():
    circular = parse("yiliang_no_clauses.txt")
    notes = [w for w in circular.warnings if w.code == "no_clause"]
    assert len(notes) == 1 and notes[0].span is None


def test_no_clause_per_measure_where_the_document_assigns_clauses():
    text = ("某市若干措施\n一、扩大投资。年内完成投资10亿元。（市发展改革委负责）\n"
            "二、促进消费。举办促消费活动20场。\n三、稳定外贸。（市商务局负责）\n")
    circular = parse_circular(text)
    flagged = [w for w in circular.warnings if w.code == "no_clause"]
    assert len(flagged) == 1 and text[flagged[0].span[0]:flagged[0].span[1]].startswith("二、")


def test_a_clause_cut_off_by_the_end_of_the_text_is_unclosed():
    circular = parse("anping_cut_clause.txt")
    unclosed = [w for w in circular.warnings if w.code == "unclosed_clause"]
    assert len(unclosed) == 1
    assert "no_clause" not in codes(circular)
    assert circular.measures[-1].responsible_units[0].name == "市交通运输局"


def test_portal_labels_in_every_spacing_fill_their_fields():
    circular = parse("nanxi_portal_labels.txt")
    assert circular.title == "南溪区人民政府办公室关于做好2025年春季农资保供工作的通知"   # no 政府信息公开
    assert circular.issuer == "南溪区人民政府办公室"        # 发布机构 only posted the page
    assert circular.doc_number == "南府办〔2025〕9号"
    assert circular.date == dt.date(2025, 4, 8)
    assert circular.published == dt.date(2025, 4, 10)      # 发布时间 with a time and 浏览次数 after it
    assert [r.doc_number for r in circular.references] == ["南屿政办〔2025〕3号"]   # never its own number
    assert circular.notice_title is None


def test_publisher_is_the_issuer_only_when_nothing_else_names_one():
    text = ("发布机构: 北原县农业农村局 发布日期: 2025-03-01\n北原县春耕生产工作要点\n"
            "1.保障农资供应。3月底前完成化肥储备。（县农业农村局负责）\n")
    assert parse_circular(text).issuer == "北原县农业农村局"


def test_notice_with_its_own_items_keeps_its_own_title():
    text = ("东川市人民政府办公室关于印发《东川市2025年为民办实事项目》的通知\n东政办发〔2025〕2号\n"
            "各区人民政府，市政府各部门：\n现将《东川市2025年为民办实事项目》印发给你们，并就有关事项通知如下：\n"
            "1.压实责任。各牵头单位于3月15日前制定推进方案。\n2.加强督办。市政府督查室按季度通报进展。\n"
            "东川市人民政府办公室\n2025年2月28日\n")
    circular = parse_circular(text)
    assert circular.title == "东川市人民政府办公室关于印发《东川市2025年为民办实事项目》的通知"
    assert circular.notice_title is None
    assert [d.end for d in circular.measures[0].deadlines] == [dt.date(2025, 3, 15)]


def test_a_bare_label_takes_its_value_from_the_next_line_and_is_no_recipient():
    text = ("发文机关：\n西岭市人民政府办公室\n成文日期：\n2025年3月2日\n发文字号：西政办〔2025〕 8 号\n"
            "西岭市春季植树工作方案\n根据《西岭省造林绿化规划》（西政发〔2024〕3号），制定本方案。\n"
            "1.完成植树造林1万亩。4月底前完成。（市林业局负责）\n")
    circular = parse_circular(text)
    assert circular.issuer == "西岭市人民政府办公室"
    assert circular.date == dt.date(2025, 3, 2)
    assert circular.recipients == []
    assert circular.title == "西岭市春季植树工作方案"
    assert [r.doc_number for r in circular.references] == ["西政发〔2024〕3号"]


def test_own_doc_number_printed_with_spaces_is_not_a_reference():
    text = ("文 号 : 东府〔2025〕 12 号\n东原县防汛工作方案\n按照东府〔2025〕12号文件要求，制定本方案。\n"
            "1.汛前完成隐患排查。（县水利局负责）\n")
    assert parse_circular(text).references == []
