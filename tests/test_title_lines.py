"""Lines printed next to a title that must not be glued onto it, and the circular's own doc number and
issuer read from the lines around the title (invented page openings in the shapes portals print)."""

from __future__ import annotations

import pytest

from shuangguoban.issuers import split_issuers
from shuangguoban.metadata import read_metadata
from shuangguoban.segment import layout
from shuangguoban.text import DocText
from shuangguoban.title_lines import is_issuer_line, is_never_title, strip_glosses

BODY = "一、总体要求\n坚持稳中求进，推动高质量发展。\n二、主要任务\n加快项目建设。\n"


def meta_of(text: str):
    doc = DocText.of(text)
    return read_metadata(doc, layout(doc))


@pytest.mark.parametrize("head, title", [
    # a breadcrumb above the title
    ("您当前的位置：\n>> 走进云溪 >> 投资云溪 >> 政策文件\n\n云溪县促进外贸稳规模若干政策\n\n", "云溪县促进外贸稳规模若干政策"),
    # an attachment label with blank lines before the title
    ("附件\n\n\n秋季消费促进措施\n", "秋季消费促进措施"),
    ("附件2\n秋季消费促进措施\n", "秋季消费促进措施"),
    # a news photo caption above, the issuer's line below
    ("（资料图片仅供参考）\n关于青溪市扩大汽车消费的若干措施\n青溪市商务局\n", "关于青溪市扩大汽车消费的若干措施"),
    # drafters' line of space-separated bodies, then a body sentence cut by the page end
    ("关于推进养老服务业发展的指导意见\n财政部 民政部 人民银行\n为加快构建养老服务体系\n", "关于推进养老服务业发展的指导意见"),
    # a chapter heading under the title
    ("滨江区现代渔业发展扶持办法实施细则\n第一章 总则\n", "滨江区现代渔业发展扶持办法实施细则"),
    ("滨江区现代渔业发展扶持办法实施细则\n第一章总则\n", "滨江区现代渔业发展扶持办法实施细则"),
    # a portal metadata line that is no label the portal block knows
    ("时效性：现行有效\n云岭市文旅消费提升行动方案\n", "云岭市文旅消费提升行动方案"),
    # the title wraps with its (试行) on the next line: kept
    ("关于支持小微企业发展的实施意见\n（试行）\n", "关于支持小微企业发展的实施意见（试行）"),
])
def test_neighbour_lines_are_not_glued_onto_the_title(head, title):
    assert meta_of(head + BODY).title == title


def test_mirror_headline_with_number_and_repeated_title():
    text = ("林政办发〔2019〕7号《林川市人民政府办公厅关于印发〈林川市2019年政务服务工作要点〉的通知》\n"
            "《林川市人民政府办公厅关于印发〈林川市2019年政务服务工作要点〉的通知》\n"
            "各区人民政府，市政府各部门：\n《林川市2019年政务服务工作要点》已经市政府同意，现印发给你们。\n"
            "林川市人民政府办公厅\n2019年4月2日\n" + BODY)
    meta = meta_of(text)
    assert meta.title == "林川市2019年政务服务工作要点"
    assert meta.doc_number == "林政办发〔2019〕7号"
    assert meta.issuer == "林川市人民政府办公厅"
    assert meta.references == []


@pytest.mark.parametrize("line, number", [
    ("湖西市人民政府关于印发2022年重点任务分工方案的通知（湖府〔2022〕9号）", "湖府〔2022〕9号"),
    ("湖西市人民政府关于印发2022年重点任务分工方案的通知 (湖府〔2022〕9号)", "湖府〔2022〕9号"),
    ("中共湖西市委办公室湖西市人民政府办公室印发《关于加强基层治理的意见》的通知(湖办发〔2018〕3号)", "湖办发〔2018〕3号"),
])
def test_own_number_in_brackets_after_the_title(line, number):
    meta = meta_of(line + "\n各区人民政府：\n现将方案印发给你们，请认真贯彻执行。\n" + BODY)
    assert meta.doc_number == number
    assert meta.title is not None and number not in meta.title and not meta.title.endswith(")")
    assert all(r.doc_number != number for r in meta.references)


def test_category_tag_is_not_in_the_issuer():
    meta = meta_of("【规范性文件】岭南市人民政府办公厅关于印发岭南市稳外资行动方案的通知\n各区人民政府：\n"
                   "《岭南市稳外资行动方案》已经市人民政府同意，现印发给你们。\n岭南市稳外资行动方案\n" + BODY)
    assert meta.issuer == "岭南市人民政府办公厅"
    assert meta.title == "岭南市稳外资行动方案"


def test_stacked_joint_signature_gives_both_issuers_in_signing_order():
    meta = meta_of("中共青山市委办公室青山市人民政府办公室印发《关于推进数字政府建设的实施意见》的通知\n"
                   "各县市区委、人民政府：\n《关于推进数字政府建设的实施意见》已经同意，现印发给你们。\n\n"
                   "中共青山市委办公室\n\n青山市人民政府办公室\n\n2021年3月8日\n\n关于推进数字政府建设的实施意见\n" + BODY)
    assert split_issuers(meta.issuer) == ["中共青山市委办公室", "青山市人民政府办公室"]
    assert meta.title == "关于推进数字政府建设的实施意见"


def test_issuer_line_under_the_title_without_signature():
    meta = meta_of("（资料图片）\n关于青溪市扩大汽车消费的若干措施\n青溪市发展改革委\n为扩大消费，提出如下措施。\n" + BODY)
    assert meta.issuer == "青溪市发展改革委"
    assert meta.title == "关于青溪市扩大汽车消费的若干措施"


def test_single_signature_above_a_date_is_still_one_issuer():
    meta = meta_of("关于做好春耕生产的通知\n各乡镇：\n现就有关事项通知如下。\n" + BODY
                   + "特此通知。\n\n东川县农业农村局\n2024年3月1日\n")
    assert meta.issuer == "东川县农业农村局"


@pytest.mark.parametrize("text, never", [
    ("附件", True), ("附件3:", True), ("第二章 支持扩大投资", True), (">> 首页 >> 政策", True),
    ("(图为项目现场)", True), ("第十四届运动会筹备工作方案", False), ("(试行)", False),
    ("关于印发附件管理办法的通知", False),
])
def test_never_title(text, never):
    assert is_never_title(text) is never


@pytest.mark.parametrize("text, issuer", [
    ("青溪市发展改革委", True), ("财政部 民政部 人民银行", True), ("中共青溪市委办公室", True),
    ("关于扩大消费的若干措施", False), ("为加快构建养老服务体系", False), ("2024年工作要点", False),
])
def test_issuer_line(text, issuer):
    assert is_issuer_line(text) is issuer


def test_pinyin_glosses_are_seen_through():
    assert strip_glosses("四川省人民(mín)政府辦(bàn)公廳") == "四川省人民政府辦公廳"
    assert strip_glosses("會(huì )議") == "會議"
    assert strip_glosses("(试行)") == "(试行)"
