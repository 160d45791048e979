"""The pipeline as a whole: reference dates, purity, and the layouts of our own circulars."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from conftest import circular_text
from shuangguoban import parse_circular, pipeline
from shuangguoban.guards import collection_paused
from shuangguoban.models import walk

BODY = "1.加快建设。3月底前完成改造120户。（市住房城乡建设局负责）\n"


@pytest.mark.parametrize("head, option, basis, end", [
    # 成文日期 first: a circular of 2024-11-20 means next March
    ("关于加快改造的通知\n各区人民政府：\n现通知如下。\n2024年11月20日\n", None, "date", dt.date(2025, 3, 31)),
    # else the year of its doc number (from 1 January: no roll-over)
    ("关于加快改造的通知\n临政办〔2023〕7号\n各区人民政府：\n现通知如下。\n", dt.date(2030, 1, 1), "doc_number", dt.date(2023, 3, 31)),
    # else the caller's date
    ("关于加快改造的通知\n各区人民政府：\n现通知如下。\n", dt.date(2026, 2, 1), "option", dt.date(2026, 3, 31)),
])
def test_reference_date_and_its_basis(head, option, basis, end):
    circular = parse_circular(head + BODY, reference_date=option)
    assert circular.reference_date.basis == basis
    assert circular.measures[0].deadlines[0].end == end
    assert circular.measures[0].targets[0].deadline.end == end


def test_a_plans_title_year_is_content_not_its_date():
    text = "梅川区2025年重点民生实事项目\n1.新建公园5个，年内完成。（区城管局负责）\n"
    circular = parse_circular(text)
    assert circular.reference_date.model_dump() == {"date": None, "basis": "none"}
    assert circular.measures[0].deadlines[0].end is None
    assert any(w.code == "unresolved_deadline" for w in circular.warnings)
    # the caller's date resolves it
    given = parse_circular(text, reference_date=dt.date(2025, 3, 1))
    assert given.reference_date.basis == "option"
    assert given.measures[0].deadlines[0].end == dt.date(2025, 12, 31)


def test_without_any_reference_deadlines_stay_unresolved_with_a_warning():
    circular = parse_circular("关于加快改造的通知\n" + BODY)
    assert circular.reference_date.basis == "none"
    assert circular.measures[0].deadlines[0].end is None
    assert "unresolved_deadline" in {w.code for w in circular.warnings}


def test_parse_is_pure():
    text = circular_text("qingyu_nested_fullwidth.txt")
    assert parse_circular(text) == parse_circular(text)


def test_cover_note_requirements_and_the_plan_are_separate_trees():
    circular = parse_circular(circular_text("xiling_cover_requirements.txt"))
    top = [(m.path, m.title) for m in circular.measures]
    assert top[:2] == [("一", "加强统筹协调"), ("二", "强化督促落实")]
    assert [p for p, _ in top[2:]] == ["一", "二", "三"]
    assert circular.measures[1].children == []          # the plan's items are not the cover note's
    assert "西陵省人民政府办公厅" not in circular.measures[1].text
    assert circular.date == dt.date(2025, 1, 22)
    assert circular.preamble.startswith("2025年是")


def test_print_layout_keeps_wrapped_clauses_and_skips_page_numbers():
    circular = parse_circular(circular_text("yunzhou_print_wrapped.txt"))
    tasks = next(m for m in circular.measures if m.title == "主要任务")
    digital = tasks.children[1]
    assert [a.name for a in digital.responsible_units] == ["市工业和信息化局", "市大数据局", "市财政局"]
    assert circular.measures[-1].text.endswith("及时跟踪分析工作进展。")
    assert "page_artifact" in {w.code for w in circular.warnings}
    assert circular.issuer == "云州市人民政府" and circular.doc_number == "云政〔2024〕31号"


def test_group_clause_reaches_every_sub_item_without_warnings():
    circular = parse_circular(circular_text("qingyu_nested_fullwidth.txt"))
    group = next(m for m in walk(circular.measures) if m.title == "开展大规模职业技能培训")
    assert [a.role for a in group.responsible_units] == ["lead", "support", "support"]
    assert all(not child.responsible_units for child in group.children)
    assert not [w for w in circular.warnings if w.code == "no_clause" and group.span[0] <= w.span[0] < group.span[1]]


def test_parse_circular_leaves_the_collector_alone(monkeypatch):
    """The library never switches the process-wide GC off (another thread's garbage would grow)."""
    seen = []
    real_layout = pipeline.layout

    def spy(doc):
        seen.append(gc.isenabled())
        return real_layout(doc)

    monkeypatch.setattr(pipeline, "layout", spy)
    assert gc.isenabled()
    parse_circular("1.推进重点项目建设。（市发展改革委负责）\n")
    assert seen == [True] and gc.isenabled()
    gc.disable()
    try:
        parse_circular("1.推进。（市财政局负责）\n")
        assert not gc.isenabled()      # a caller who turned it off keeps it off
    finally:
        gc.enable()


def test_collection_paused_restores_the_collector_even_on_error():
    """The pause the CLI puts around its own parses: off inside, as before after, even on error."""
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
