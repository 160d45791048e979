"""Joint issuers (invented bodies): split in signing order; `issuer` stays the first."""

from __future__ import annotations

import pytest

from shuangguoban import parse_circular
from shuangguoban.issuers import split_issuers


@pytest.mark.parametrize(
    ("issuer", "bodies"),
    [
        ("梧川市人民政府办公室", ["梧川市人民政府办公室"]),
        ("梧川市商务局 梧川市财政局", ["梧川市商务局", "梧川市财政局"]),
        ("梧川市商务局梧川市财政局", ["梧川市商务局", "梧川市财政局"]),
        ("梧川市发展和改革委员会　中共梧川市委宣传部　梧川市文化广电旅游局",
         ["梧川市发展和改革委员会", "中共梧川市委宣传部", "梧川市文化广电旅游局"]),
        ("中共松阳县委松阳县人民政府", ["中共松阳县委", "松阳县人民政府"]),
        ("中共松阳县委办公室、松阳县人民政府办公室", ["中共松阳县委办公室", "松阳县人民政府办公室"]),
        ("商务部 财政部 海关总署", ["商务部", "财政部", "海关总署"]),
        ("国务院办公厅", ["国务院办公厅"]),
        ("发文机关: 云岭省商务厅 云岭省财政厅", ["云岭省商务厅", "云岭省财政厅"]),
        # one name, kept as written
        ("梧 川 市 人 民 政 府", ["梧 川 市 人 民 政 府"]),
        ("梧川市人民政府 办公室", ["梧川市人民政府 办公室"]),
        ("云岭省梧川市人民政府办公室", ["云岭省梧川市人民政府办公室"]),
        ("", []),
        (None, []),
    ],
)
def test_split_issuers(issuer, bodies):
    assert split_issuers(issuer) == bodies


def test_joint_issuers_in_a_parsed_circular():
    text = (
        "梧川市商务局 梧川市财政局关于开展家电以旧换新活动的通知\n"
        "各县（市、区）商务局、财政局：\n"
        "现就有关事项通知如下。\n"
        "一、活动时间\n2024年5月至12月。\n"
        "二、补贴标准\n（一）一级能效产品补贴销售价格的15%。（市商务局牵头，财政局配合）\n"
    )
    circular = parse_circular(text)
    assert circular.issuers == ["梧川市商务局", "梧川市财政局"]
    assert circular.issuer == "梧川市商务局"
    (lead, support) = circular.measures[1].children[0].responsible_units
    # the first issuer's place names the full names
    assert (lead.name, lead.role, lead.full_name) == ("市商务局", "lead", "梧川市商务局")
    assert (support.name, support.role, support.full_name) == ("市财政局", "support", "梧川市财政局")
