"""`diff`: two versions of one circular (our own 澄州市 measures and a revision of them: one measure
moved, one dropped, one added, a rate lowered with a later deadline, 确保 softened to 力争, an agency
added)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from shuangguoban import load_circular, parse_circular
from shuangguoban.crossdoc_models import Diff
from shuangguoban.diff import diff, modal_changes, moved_positions, text_edits
from shuangguoban.writers import to_json

CROSSDOC = Path(__file__).parent / "fixtures" / "crossdoc"
OLD = CROSSDOC / "chengzhou_city.txt"
NEW = CROSSDOC / "chengzhou_city_revised.txt"


@pytest.fixture(scope="module")
def result() -> Diff:
    return diff(load_circular(OLD), load_circular(NEW))


def _measure(result: Diff, old: str):
    return next(m for m in result.measures if m.old.path == old)


def test_added_removed_moved_changed_by_content_not_number(result):
    assert [(m.path, m.title) for m in result.added] == [("6", "开展就业援助月活动")]
    assert [(m.path, m.title) for m in result.removed] == [("6", "打造“澄州工匠”品牌")]
    assert [(m.old.path, m.new.path) for m in result.measures] == [("1", "1"), ("3", "2"), ("2", "3"), ("4", "4"), ("5", "5")]
    assert [(m.old.path, m.new.path) for m in result.measures if m.moved] == [("2", "3")]
    assert [m.old.path for m in result.measures if m.changed] == ["1", "2", "5"]
    assert [m.old.path for m in result.measures if m.renumbered] == ["3", "2"]
    s = result.summary
    assert (s.old_measures, s.new_measures, s.added, s.removed, s.moved, s.changed, s.unchanged) == (6, 6, 1, 1, 1, 3, 2)


def test_a_lowered_rate_and_a_later_deadline(result):
    m = _measure(result, "1")
    rate = next(t for t in m.comparison.targets if t.unit == "%")
    assert (rate.first, rate.second, rate.value, rate.change, rate.deadline) == ("95%", "90%", "lowered", "weakened", "later")
    assert m.comparison.deadline.timing == "later"


def test_a_softened_modal_word_and_a_raised_amount(result):
    m = _measure(result, "2")
    assert [(c.old, c.new, c.softened) for c in m.modal_changes] == [("确保", "力争", True)]
    (training,) = m.comparison.targets
    assert (training.first, training.second, training.value, training.change) == ("4万人次", "5万人次", "raised", "strengthened")
    assert (training.first_modality, training.second_modality) == ("确保", "力争")


def test_an_added_agency(result):
    m = _measure(result, "5")
    assert m.comparison.second_only_agencies == ["市财政局"] and m.comparison.first_only_agencies == []
    assert [(e.op, e.old, e.new) for e in m.edits] == [("insert", "", "、财政局")]


def test_edit_spans_index_each_measure_text(result):
    old, new = load_circular(OLD), load_circular(NEW)
    for m in result.measures:
        a = next(x for x in old.measures if x.path == m.old.path)
        b = next(x for x in new.measures if x.path == m.new.path)
        for edit in m.edits:
            assert a.text[edit.old_span[0]:edit.old_span[1]] == edit.old
            assert b.text[edit.new_span[0]:edit.new_span[1]] == edit.new


def test_the_same_text_has_no_changes():
    circular = load_circular(OLD)
    same = diff(circular, circular)
    assert same.added == [] and same.removed == []
    assert not any(m.changed or m.moved or m.renumbered or m.edits for m in same.measures)
    assert same.summary.unchanged == 6


def test_renumbering_alone_is_not_a_change():
    old = parse_circular("1.加强统计监测。建立周调度机制。\n2.优化政务服务。推进高效办成一件事。\n")
    new = parse_circular("1.做好安全生产。开展隐患排查整治。\n2.加强统计监测。建立周调度机制。\n3.优化政务服务。推进高效办成一件事。\n")
    result = diff(old, new)
    assert [m.title for m in result.added] == ["做好安全生产"]
    assert [(m.old.path, m.new.path, m.changed, m.moved, m.renumbered) for m in result.measures] == [
        ("1", "2", False, False, True), ("2", "3", False, False, True)]


def test_modal_changes_pair_in_order():
    old = parse_circular("1.稳定就业。确保完成目标，必须按期完成。\n")
    new = parse_circular("1.稳定就业。力争完成目标，争取按期完成。\n")
    changes = modal_changes(old.measures[0], new.measures[0])
    assert [(c.old, c.new, c.softened) for c in changes] == [("确保", "力争", True), ("必须", "争取", True)]
    firmer = modal_changes(new.measures[0], old.measures[0])
    assert all(c.softened is False for c in firmer)


def test_text_edits_skip_the_label():
    old = parse_circular("1.稳定就业。完成培训4万人次。\n")
    new = parse_circular("1.稳定就业。完成培训5万人次。\n")
    (edit,) = text_edits(old.measures[0], new.measures[0])
    assert (edit.op, edit.old, edit.new, edit.old_span) == ("replace", "4", "5", (11, 12))


@pytest.mark.parametrize(("pairs", "moved"), [
    ([(0, 0), (1, 1), (2, 2)], set()),
    ([(0, 1), (1, 0), (2, 2)], {(0, 1)}),          # of two swapped, the first is said to move
    ([(0, 2), (1, 0), (2, 1)], {(0, 2)}),
    ([], set()),
])
def test_moved_is_outside_a_longest_kept_order(pairs, moved):
    assert moved_positions(pairs) == moved


def test_the_result_satisfies_its_model(result):
    assert Diff.model_validate(json.loads(to_json(result), parse_float=Decimal)) == result


def test_a_split_measure_matches_both_parts():
    old = parse_circular("1.加强经济运行监测。建立经济运行周调度机制，对进度滞后的地区开展专项督查。\n2.优化政务服务。推进高效办成一件事。\n")
    new = parse_circular("1.加强经济运行监测。建立经济运行周调度机制。\n2.开展专项督查。对进度滞后的地区开展专项督查。\n"
                         "3.优化政务服务。推进高效办成一件事。\n")
    result = diff(old, new)
    assert result.added == [] and result.removed == []
    assert [(m.old.path, m.new.path, m.changed, m.moved) for m in result.measures] == [
        ("1", "1", True, False), ("1", "2", True, False), ("2", "3", False, False)]
    assert [(e.op, e.old) for e in result.measures[0].edits] == [("delete", "，对进度滞后的地区开展专项督查")]
