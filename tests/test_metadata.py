"""Document metadata on circulars in several layouts."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import circular_text
from shuangguoban.metadata import read_metadata, strip_location
from shuangguoban.segment import layout
from shuangguoban.text import DocText


def meta_of(name_or_text: str):
    text = circular_text(name_or_text) if name_or_text.endswith(".txt") else name_or_text
    doc = DocText.of(text)
    return doc, read_metadata(doc, layout(doc))


def test_forwarding_notice_takes_the_plan_title():
    doc, meta = meta_of("qingyu_nested_fullwidth.txt")
    assert meta.title == "青屿市2025年稳就业促增收若干措施"
    assert meta.issuer == "青屿市人民政府办公室"
    assert meta.doc_number == "青政办〔2025〕14号"
    assert meta.date == dt.date(2025, 3, 28)
    assert meta.recipients == ["各区人民政府", "市政府各部门", "各直属单位"]
    assert meta.disclosure == "此件公开发布"
    assert [(r.title, r.doc_number) for r in meta.references] == [
        ("海澄省人民政府关于进一步做好稳就业工作的意见", "海政发〔2024〕33号")]
    start, end = meta.preamble
    assert doc.raw[start:end].startswith("为深入贯彻") and doc.raw[start:end].endswith("制定以下措施。")


def test_portal_block_wins_and_published_comes_from_it():
    _, meta = meta_of("ruqing_portal_lead.txt")
    assert meta.title == "汝清市提振消费专项行动方案"
    assert meta.issuer == "汝清市人民政府办公室"
    assert meta.doc_number == "汝政办〔2025〕21号"
    assert (meta.date, meta.published) == (dt.date(2025, 5, 6), dt.date(2025, 5, 9))
    assert meta.recipients == ["各县(市、区)人民政府", "市直各单位"]
    assert [r.doc_number for r in meta.references] == ["朔政办发〔2025〕8号"]


def test_traditional_news_repost_keeps_its_script():
    _, meta = meta_of("jingshan_news_trad.txt")
    assert meta.title == "荊山市加快發展銀髮經濟若干措施"
    assert meta.issuer == "荊山市人民政府辦公室"
    assert meta.date == dt.date(2025, 6, 20)
    assert meta.recipients == ["各縣（市、區）人民政府", "市政府各部門"]


def test_trailing_signature_gives_issuer_and_date():
    _, meta = meta_of("baihe_labels_print.txt")
    assert meta.title == "白河市2024年优化营商环境重点任务"
    assert meta.issuer == "白河市人民政府办公室"
    assert meta.date == dt.date(2024, 4, 2)
    assert meta.references == []      # a title without a doc number is not a reference


def test_notice_with_its_own_measures_keeps_its_title():
    _, meta = meta_of("tanzhou_oneline_labels.txt")
    assert meta.title == "潭州县人民政府办公室关于做好2024年秋冬季农田水利建设工作的通知"
    assert meta.issuer == "潭州县人民政府办公室"
    assert meta.recipients == ["各乡镇人民政府", "县直有关单位"]


def test_lead_gives_published_date_in_the_circulars_year_and_drops_the_province():
    text = ("7月2日，山东临沂市人民政府办公室印发《临沂市促进民营经济发展若干措施》。\n原文如下：\n"
            "临沂市促进民营经济发展若干措施\n各县区人民政府，市政府各部门：\n"
            "现印发给你们。\n2024年6月25日\n临沂市促进民营经济发展若干措施\n"
            "1.优化服务。年底前完成。（市发展改革委负责）\n")
    _, meta = meta_of(text)
    assert meta.issuer == "临沂市人民政府办公室"
    assert meta.published == dt.date(2024, 7, 2)
    assert meta.date == dt.date(2024, 6, 25)


@pytest.mark.parametrize("written, expected", [
    ("河南开封市人民政府办公室", "开封市人民政府办公室"),
    ("河南省人民政府办公厅", "河南省人民政府办公厅"),
    ("广东深圳市南山区人民政府", "深圳市南山区人民政府"),
    ("开封市人民政府办公室", "开封市人民政府办公室"),
])
def test_strip_location(written, expected):
    assert strip_location(written) == expected


def test_letter_spaced_and_wrapped_titles_are_closed_up():
    text = ("海州市城市更新\n若 干 措 施\n（2024—2026年）\n——以片区统筹推动城市更新\n"
            "为推进城市更新，制定本措施。\n一、总体要求\n1.坚持规划引领。（市自然资源局负责）\n")
    _, meta = meta_of(text)
    assert meta.title == "海州市城市更新若干措施（2024—2026年）"


def test_chinese_numeral_signature_date():
    text = ("安平县人民政府\n关于加强秋粮收购工作的通知\n各乡镇人民政府：\n为做好秋粮收购，通知如下。\n"
            "一、加强组织。（县发展改革局负责）\n二、强化监管。（县市场监管局负责）\n安平县人民政府\n二〇二四年九月三十日\n")
    _, meta = meta_of(text)
    assert meta.date == dt.date(2024, 9, 30)
    assert meta.issuer == "安平县人民政府"


def test_lead_marker_at_the_end_of_the_leads_sentence():
    text = ("臨江日報訊（記者 黃雅婷）2025年4月2日，臨江市人民政府辦公室印發《臨江市文旅消費行動方案》。以下為方案全文：\n"
            "臨江市文旅消費行動方案\n一、豐富供給\n（一）打造集聚區。年內新培育集聚區5個。\n牽頭單位：市文化廣電旅遊局\n"
            "臨江市人民政府辦公室\n2025年3月28日\n")
    doc, meta = meta_of(text)
    assert meta.published == dt.date(2025, 4, 2)
    assert meta.title == "臨江市文旅消費行動方案"
    assert meta.issuer == "臨江市人民政府辦公室"
