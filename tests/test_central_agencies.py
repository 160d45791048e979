"""Central bodies: the table, and an invented State Council notice read end to end."""

from __future__ import annotations

from collections import Counter

import pytest

from shuangguoban import parse_circular
from shuangguoban.central_agencies import central_body
from shuangguoban.models import walk
from shuangguoban.rules import load_rules
from shuangguoban.text import normalise

NOTICE = """国务院办公厅关于进一步支持外贸企业稳定发展的通知
国办发〔2030〕12号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院同意，现就有关事项通知如下：
一、加大出口信用保险支持力度，扩大承保规模。
（财政部、金融监管总局负责）
二、优化跨境贸易结算服务，支持银行为企业提供汇率避险产品。
（人民银行、外汇局按职责分工负责）
三、提升通关便利化水平。
（海关总署牵头，商务部、交通运输部配合）
四、强化组织实施。各地区要结合实际抓好落实。
（国家发展改革委会同有关部门负责）
国务院办公厅
2030年3月1日
"""


def test_short_forms_are_unique_and_kinds_known():
    data = load_rules("central_agencies.yaml")
    names = [normalise(n) for bodies in data.values() for full, shorts in bodies.items() for n in (full, *shorts)]
    assert [n for n, k in Counter(names).items() if k > 1] == []
    assert set(data) <= {"government", "department", "agency", "party"}


@pytest.mark.parametrize(
    ("written", "full", "kind"),
    [
        ("人力资源社会保障部", "中华人民共和国人力资源和社会保障部", "department"),
        ("人民银行", "中国人民银行", "department"),
        ("税务总局", "国家税务总局", "agency"),
        ("中央网信办", "中央网络安全和信息化委员会办公室", "party"),
        ("國家發展改革委", "国家发展和改革委员会", "department"),  # traditional, normalised
    ],
)
def test_central_body(written, full, kind):
    assert central_body(normalise(written)) == (full, kind)


@pytest.mark.parametrize("written", ["市财政局", "发展改革委", "国资委", "组织部", "财政部门"])
def test_local_stems_are_not_central(written):
    assert central_body(normalise(written)) is None


def test_state_council_notice():
    circular = parse_circular(NOTICE)
    got = {m.path: [(a.name, a.role) for a in m.responsible_units] for m in walk(circular.measures)}
    assert got == {
        "一": [("财政部", "responsible"), ("金融监管总局", "responsible")],
        "二": [("人民银行", "responsible"), ("外汇局", "responsible")],
        "三": [("海关总署", "lead"), ("商务部", "support"), ("交通运输部", "support")],
        "四": [("国家发展改革委", "lead")],
    }
    bank = circular.measures[1].responsible_units[0]
    assert (bank.kind, bank.full_name) == ("department", "中国人民银行")
    assert not any(w.code in ("unsplit_clause", "no_clause") for w in circular.warnings)
