"""Portal metadata in the shapes pages print it: table cells, labels without colons, a date label
inside a source line, traditional labels, dates cut short; and the circular's own number seen
through traditional script and pinyin glosses (invented page openings)."""

from __future__ import annotations

import datetime as dt

import pytest

from shuangguoban.metadata import read_metadata
from shuangguoban.segment import layout
from shuangguoban.text import DocText

TITLE = "云梦市人民政府关于印发云梦市促进消费若干措施的通知\n各区人民政府，市政府各部门：\n现将措施印发给你们。\n"
BODY = "一、扩大汽车消费\n对新购汽车给予补贴。\n二、促进餐饮消费\n开展餐饮促销活动。\n"


def meta_of(text: str):
    doc = DocText.of(text)
    return read_metadata(doc, layout(doc))


@pytest.mark.parametrize("block, published", [
    ("发布时间:2023-10-12 10:58\n", dt.date(2023, 10, 12)),
    ("發布日期：2022-12-19 10:21\n", dt.date(2022, 12, 19)),
    ("发布日期 | 2021-03-29 | 生效日期 | 2021-03-29 |\n", dt.date(2021, 3, 29)),
    ("来源:云梦市政府门户网 日期:2017-01-12 17:08 字号:【大 中 小】\n", dt.date(2017, 1, 12)),
    ("发布日期：2018年03月27\n", dt.date(2018, 3, 27)),
    ("发布日期: 2025年08月22日\n", dt.date(2025, 8, 22)),
])
def test_published_from_portal_labels(block, published):
    assert meta_of(block + TITLE + BODY).published == published


def test_a_label_inside_a_word_is_no_label():
    # 印发日期 is not a label: its 日期 must not give a publication date
    meta = meta_of(TITLE + BODY + "云梦市人民政府办公室 印发日期:2020-01-02\n")
    assert meta.published is None


def test_portal_block_without_colons():
    block = ("索 引 号 YM001-2023-037 主题分类 其他政府信息\n"
             "发布机构 云梦市商务局 文 号 云商务〔2023〕88号\n"
             "生成日期 2023-10-12\n")
    meta = meta_of(block + TITLE + BODY)
    assert meta.doc_number == "云商务〔2023〕88号"
    assert meta.published == dt.date(2023, 10, 12)
    assert meta.title == "云梦市人民政府关于印发云梦市促进消费若干措施的通知"
    assert all(r.doc_number != "云商务〔2023〕88号" for r in meta.references)


def test_table_cells_give_number_and_dates():
    block = ("发布单位 |\n云梦市人民政府\n|\n发布文号 | 云府〔2021〕5号 |\n"
             "发布日期 | 2021-03-29 | 生效日期 | 2021-03-29 |\n有效性状态 | 现行有效 |\n")
    meta = meta_of(block + TITLE + BODY)
    assert meta.doc_number == "云府〔2021〕5号"
    assert meta.published == dt.date(2021, 3, 29)
    assert meta.references == []


@pytest.mark.parametrize("number_line", ["雲政發〔2018〕26號", "云政发〔2018〕26号"])
def test_traditional_own_number_is_no_reference(number_line):
    text = ("雲夢市人民政府關於優化營商環境的若干意見\n" + number_line + "\n各區人民政府：\n"
            "根據《省人民政府關於優化營商環境的意見》（省政發〔2017〕3號），結合實際，提出如下意見。\n" + BODY)
    meta = meta_of(text)
    assert meta.doc_number == number_line
    assert [r.doc_number for r in meta.references] == ["省政發〔2017〕3號"]


def test_pinyin_gloss_inside_the_own_number():
    text = ("雲夢市人民(mín)政府辦(bàn)公廳\n雲辦(bàn)發〔2023〕6号\n各區人民政府：\n"
            "現將《要點》印發給你們，請認真貫徹執行。\n" + BODY)
    meta = meta_of(text)
    assert meta.doc_number == "雲辦(bàn)發〔2023〕6号"
    assert meta.references == []


def test_pinyin_gloss_inside_a_cited_number():
    text = (TITLE + "根據《關於推進改革的意見》（川辦(bàn)發〔2022〕9号），制定本措施。\n" + BODY)
    refs = meta_of(text).references
    assert [r.doc_number for r in refs] == ["川辦(bàn)發〔2022〕9号"]
    assert refs[0].title == "關於推進改革的意見"


def test_low_quotes_stand_for_the_year_brackets_of_a_cited_number():
    text = TITLE + "根据《国务院办公厅关于做好就业工作的通知》(国办发„2019‟7号)精神，制定本措施。\n" + BODY
    refs = meta_of(text).references
    assert [(r.title, r.doc_number) for r in refs] == [("国务院办公厅关于做好就业工作的通知", "国办发„2019‟7号")]


@pytest.mark.parametrize("cited, number", [
    ("根據《關於推進改革的意見》（湘政辦發(fā)〔2019〕56號），制定本措施。", "湘政辦發(fā)〔2019〕56號"),
    ("根據湘政辦(bàn)發(fā)〔2019〕56號精神，制定本措施。", "湘政辦(bàn)發(fā)〔2019〕56號"),
])
def test_pinyin_gloss_right_before_the_year_bracket(cited, number):
    refs = meta_of(TITLE + cited + "\n" + BODY).references
    assert [r.doc_number for r in refs] == [number]


def test_a_decree_number_is_a_reference_in_order_of_mention():
    text = TITLE + ("根据《优化营商环境条例》（国令第722号）和《省人民政府关于优化营商环境的意见》（云政发〔2020〕3号），"
                    "制定本措施。\n") + BODY
    refs = meta_of(text).references
    assert [(r.title, r.doc_number) for r in refs] == [("优化营商环境条例", "国令第722号"),
                                                      ("省人民政府关于优化营商环境的意见", "云政发〔2020〕3号")]
    # 命令第3号 is no decree of a government: 令 must stand after a government's name or alone
    assert meta_of(TITLE + "执行紧急命令第3号。\n" + BODY).references == []
