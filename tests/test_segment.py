"""The measure tree and the document parts, each stage tested on its own output."""

from __future__ import annotations

import pytest

from conftest import circular_text
from shuangguoban import parse_circular
from shuangguoban.lines import split_lines
from shuangguoban.models import walk
from shuangguoban.placement import detach_closing
from shuangguoban.segment import layout
from shuangguoban.text import DocText
from shuangguoban.tree import build_tree, find_markers, walk_nodes


def tree(text: str) -> list[tuple[str, int, str]]:
    """(path of labels, level, first 12 characters) of every node."""
    doc = DocText.of(text)
    parts = layout(doc)
    out = []
    for node in walk_nodes(parts.roots):
        labels = []
        n = node
        while n is not None:
            labels.append(doc.norm[n.marker.start:n.marker.label_end].replace(" ", ""))
            n = n.parent
        out.append(("/".join(reversed(labels)), node.level, doc.raw[node.marker.end:node.marker.end + 12].strip()))
    return out


def test_nested_numbering_with_full_width_punctuation():
    nodes = tree(circular_text("qingyu_nested_fullwidth.txt"))
    paths = [p for p, _, _ in nodes]
    assert paths == ["一", "一/(一)", "一/(二)", "一/(二)/1", "一/(二)/2",
                     "二", "二/(一)", "二/(一)/(1)", "二/(一)/(2)", "二/(一)/(3)", "二/(二)",
                     "三", "三/(一)", "三/(二)"]
    assert [lvl for _, lvl, _ in nodes][:4] == [1, 2, 2, 3]


def test_group_clause_belongs_to_the_group_node():
    doc = DocText.of(circular_text("qingyu_nested_fullwidth.txt"))
    parts = layout(doc)
    group = parts.roots[1].children[0]
    last_sub = group.children[-1]
    assert doc.raw[last_sub.start:last_sub.end].endswith("培养学徒1500名。")
    assert doc.raw[group.start:group.end].endswith("（市人力资源社会保障局牵头，市财政局、工业和信息化局配合）")


def test_flat_list_ends_before_the_attachment_and_signature():
    doc = DocText.of(circular_text("baihe_labels_print.txt"))
    parts = layout(doc)
    assert [n.marker.number for n in parts.roots] == [1, 2, 3, 4]
    last = parts.roots[-1]
    assert doc.raw[last.start:last.end].endswith("完成时限：长期坚持")
    qingyu = DocText.of(circular_text("qingyu_nested_fullwidth.txt"))
    end = layout(qingyu).roots[-1]
    assert "附件" not in qingyu.raw[end.start:end.end]


def test_one_line_body_splits_after_full_stops():
    nodes = tree(circular_text("tanzhou_oneline_labels.txt"))
    assert [p for p, _, _ in nodes] == ["一", "二", "三", "四"]
    assert nodes[1][2].startswith("加快项目建设")


def test_news_lead_is_not_a_measure_and_portal_chrome_is_skipped():
    doc = DocText.of(circular_text("jingshan_news_trad.txt"))
    parts = layout(doc)
    assert parts.lead is not None and "荊山新聞網訊" in doc.raw[parts.lead[0]:parts.lead[1]]
    assert [n.marker.number for n in parts.roots] == [1, 2, 3, 4]
    assert "責任編輯" not in doc.raw[parts.body[0]:parts.body[1]]
    portal = DocText.of(circular_text("ruqing_portal_lead.txt"))
    parts = layout(portal)
    fields = {name for name, _, _ in parts.metadata}
    assert {"index", "publisher", "date", "doc_number", "published", "title"} <= fields
    assert "网站标识码" not in portal.raw[parts.body[0]:parts.body[1]]


@pytest.mark.parametrize("text, expected", [
    ("一、总体要求\n（一）工作目标。到年底完成。\n（二）基本原则。坚持统筹。\n二、重点任务\n1.加快建设。\n2.强化保障。\n",
     ["一", "一/(一)", "一/(二)", "二", "二/1", "二/2"]),
    # numbering continues across sections
    ("一、稳增长\n1.甲。\n2.乙。\n二、促改革\n3.丙。\n4.丁。\n", ["一", "一/1", "一/2", "二", "二/3", "二/4"]),
    # numbering restarts in every section
    ("一、稳增长\n1、甲。\n2、乙。\n二、促改革\n1、丙。\n", ["一", "一/1", "一/2", "二", "二/1"]),
    # spaced and full-width markers
    ("1 .推进甲。\n2 .推进乙。\n３．推进丙。\n", ["1", "2", "3"]),
    # a decimal or a year at the start of a line is no item
    ("1.推进甲。\n12.5万亩农田完成改造。\n2024年继续推进。\n2.推进乙。\n", ["1", "2"]),
    # circled sub-items and articles
    ("第一条 为了规范管理，制定本办法。\n第二条 本办法适用于：①甲；②乙。\n第三条 本办法自公布之日起施行。\n",
     ["第一条", "第二条", "第二条/①", "第二条/②", "第三条"]),
])
def test_numbering_forms(text, expected):
    got = [p.replace("、", "").replace(".", "").replace("．", "").replace("(", "(").translate(str.maketrans("（）３", "()3"))
           for p, _, _ in tree(text)]
    assert got == expected


def test_a_missing_number_is_accepted_with_a_warning():
    doc = DocText.of("1.推进甲。\n2.推进乙。\n4.推进丁。\n5.推进戊。\n")
    parts = layout(doc)
    assert [n.marker.number for n in parts.roots] == [1, 2, 4, 5]
    assert [w.code for w in parts.warnings] == ["numbering_gap"]


def test_markers_are_offsets_into_the_original():
    doc = DocText.of("（一）　甲。\n（二）乙。")
    markers = find_markers(doc, split_lines(doc.norm), 0, len(doc.raw))
    assert [doc.raw[m.start:m.label_end] for m in markers] == ["（一）", "（二）"]
    roots = build_tree(doc.norm, markers, len(doc.raw), [])
    assert len(roots) == 2


def test_a_news_paragraph_without_a_marker_is_a_lead():
    text = ("澄江网讯 近日，澄江市人民政府办公室印发《澄江市促进就业十条措施》，提出新增就业2万人。\n"
            "澄江市促进就业十条措施\n1.扩大就业岗位。年内新增就业2万人。（市人社局负责）\n")
    doc = DocText.of(text)
    parts = layout(doc)
    assert parts.lead == (0, text.index("\n"))
    assert len(parts.roots) == 1
    # a circular's own first line is no lead
    assert layout(DocText.of("澄江市促进就业十条措施\n1.扩大就业岗位。（市人社局负责）\n")).lead is None


def test_a_closing_sentence_about_the_group_belongs_to_the_group():
    text = ("一、深化重点行业领域整治。（一）燃气安全：8月底前完成管网改造150公里；（二）道路交通：事故起数下降10%；"
            "（三）自建房：年底前完成整治。以上工作由市住建局、市公安局按职责分工负责。\n二、强化应急值守。（市应急局负责）\n")
    doc = DocText.of(text)
    group = layout(doc).roots[0]
    last = group.children[-1]
    assert doc.raw[last.start:last.end] == "（三）自建房：年底前完成整治。"
    assert doc.raw[group.start:group.end].endswith("以上工作由市住建局、市公安局按职责分工负责。")


def test_a_clause_after_sub_items_on_one_line_belongs_to_their_group():
    text = ("1、开展村庄清洁行动。（1）每月组织一次集中清洁日活动；（2）年底前完成户厕改造600户。"
            "（牵头单位：镇农业服务中心，配合单位：各村委会）\n2、推进垃圾分类。新建收集亭45个。（牵头单位：镇生态环境办）\n")
    doc = DocText.of(text)
    group = layout(doc).roots[0]
    assert doc.raw[group.children[-1].start:group.children[-1].end] == "（2）年底前完成户厕改造600户。"
    assert doc.raw[group.start:group.end].endswith("配合单位：各村委会）")


@pytest.mark.parametrize("text, paths", [
    # chapters group the articles, which number on across them
    ("某办法\n第一章 总则\n第一条 为规范管理，制定本办法。\n第二条 本办法适用于全市。\n"
     "第二章 扶持措施\n第三条 给予资金支持。\n", ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条"]),
    ("某细则\n第一章总则\n第一条 为规范管理，制定本细则。\n第二章附则\n第二条 本细则自发布之日起施行。\n",
     ["第一章", "第一章/第一条", "第二章", "第二章/第二条"]),
    # articles without chapters stay at the top
    ("某办法\n第一条 为规范管理，制定本办法。\n第二条 本办法适用于全市。\n", ["第一条", "第二条"]),
])
def test_chapters_are_a_level_above_articles(text, paths):
    circular = parse_circular(text)
    assert [m.path for m in walk(circular.measures)] == paths
    # a chapter heading never ends up in the text of the article before it
    assert all("章" not in m.text for m in walk(circular.measures) if "条" in m.path.split("/")[-1])


def test_every_child_points_to_its_parent_after_the_tree_changes():
    # the group clause cuts the last sub-item short and the contact line is detached from the last
    # measure: both make the tree again, and each node's `parent` is the node whose children hold it
    text = ("某市措施\n一、推进工作\n（一）甲项。\n（二）乙项。\n（市商务局牵头）\n二、强化保障\n（一）丙项。\n（二）丁项。\n"
            "联系人：张三，联系电话：1234567\n")
    doc = DocText.of(text)
    parts = detach_closing(doc, layout(doc))
    assert "联系人" not in doc.raw[parts.roots[-1].start:parts.roots[-1].end]
    first = parts.roots[0]
    assert doc.raw[first.children[-1].start:first.children[-1].end] == "（二）乙项。"
    for node in walk_nodes(parts.roots):
        assert all(child.parent is node for child in node.children)
