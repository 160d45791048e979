"""`align`: a city's circular against its province's. Our own invented pair (tests/fixtures/crossdoc:
东江省 → 澄州市, different numbering styles and wording) with a known answer, the level-free views
it relies on, and the pair in data/raw."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from shuangguoban import load_circular, parse_circular
from shuangguoban.align import align, match
from shuangguoban.compare import change_of, compare_measures, match_agencies
from shuangguoban.crossdoc_io import load_document
from shuangguoban.crossdoc_models import Alignment
from shuangguoban.levels import agency_core, comparable_text, measure_body, place_names
from shuangguoban.models import plain_data
from shuangguoban.writers import to_json

CROSSDOC = Path(__file__).parent / "fixtures" / "crossdoc"
PROVINCE = CROSSDOC / "dongjiang_province.txt"
CITY = CROSSDOC / "chengzhou_city.txt"


@pytest.fixture(scope="module")
def alignment() -> Alignment:
    return align(load_circular(PROVINCE), load_circular(CITY))


def _pair(alignment: Alignment, lower: str, upper: str):
    return next(p for p in alignment.pairs if p.lower.path == lower and p.upper.path == upper)


def test_pairs_are_the_known_ones(alignment):
    assert [(p.lower.path, p.upper.path) for p in alignment.pairs] == [
        ("1", "（一）"), ("2", "（二）"), ("3", "（二）"), ("4", "（三）"), ("5", "（五）")]
    assert [m.path for m in alignment.upper_not_taken_up] == ["（四）", "（六）"]
    assert [(m.path, m.title) for m in alignment.lower_only] == [("6", "打造“澄州工匠”品牌")]


def test_summary(alignment):
    s = alignment.summary
    assert (s.upper_measures, s.lower_measures, s.pairs, s.upper_taken_up, s.lower_only) == (6, 6, 5, 4, 1)
    assert s.uptake_rate == 0.667
    assert (s.targets_compared, s.targets_raised, s.targets_lowered, s.targets_equal) == (7, 1, 6, 0)
    assert (s.targets_strengthened, s.targets_weakened) == (1, 0)
    assert (s.deadlines_earlier, s.deadlines_later) == (1, 0)


def test_a_rate_raised_is_strengthened_and_an_amount_is_not_judged(alignment):
    pair = _pair(alignment, "1", "（一）")
    posts, rate = pair.comparison.targets
    assert (posts.first, posts.second, posts.value, posts.rate, posts.change) == ("3万个", "3000个", "lowered", False, None)
    assert (posts.first_value, posts.second_value) == (Decimal(30000), Decimal(3000))
    assert (rate.first, rate.second, rate.value, rate.rate, rate.change) == ("90%", "95%", "raised", True, "strengthened")
    assert (rate.first_deadline, rate.second_deadline, rate.deadline) == (dt.date(2025, 9, 30), dt.date(2025, 8, 31), "earlier")
    deadline = pair.comparison.deadline
    assert (deadline.first, deadline.second, deadline.timing) == ("9月底前", "8月底前", "earlier")


def test_agencies_are_matched_across_levels(alignment):
    pair = _pair(alignment, "4", "（三）")
    assert [(m.first, m.second) for m in pair.comparison.agencies] == [
        ("省农业农村厅", "市农业农村局"), ("省人力资源社会保障厅", "市人力资源社会保障局"), ("人行东江省分行", "人行澄州市分行")]
    assert pair.comparison.first_only_agencies == [] and pair.comparison.second_only_agencies == []


def test_a_split_measure_takes_the_target_it_carries(alignment):
    """The province's （二） has two targets; the city splits it, each part takes its own metric, and
    neither pair calls the other's target one without counterpart."""
    training = _pair(alignment, "2", "（二）").comparison
    talent = _pair(alignment, "3", "（二）").comparison
    assert [t.metric for t in training.targets] == ["补贴性职业技能培训"] and training.first_only_targets == []
    assert [t.metric for t in talent.targets] == ["新增高技能人才"] and talent.first_only_targets == []
    assert talent.second_only_targets == ["5个"]
    assert (training.targets[0].first_modality, training.targets[0].second_modality) == (None, "确保")


def test_the_result_satisfies_its_model(alignment):
    data = json.loads(to_json(alignment), parse_float=Decimal)
    assert Alignment.model_validate(data) == alignment
    assert Alignment.model_validate(plain_data(alignment)) == alignment


def test_a_side_may_be_the_json_of_sgb_parse(tmp_path, alignment):
    parsed = tmp_path / "city.json"
    parsed.write_text(to_json(load_circular(CITY)), encoding="utf-8")
    again = align(load_circular(PROVINCE), load_document(str(parsed)))
    assert again.pairs == alignment.pairs and again.summary == alignment.summary


def test_no_measures_gives_an_empty_alignment():
    empty = parse_circular("关于做好有关工作的通知\n各单位：请认真做好有关工作。\n")
    result = align(load_circular(PROVINCE), empty)
    assert result.pairs == [] and result.summary.uptake_rate == 0.0 and len(result.upper_not_taken_up) == 6
    assert align(empty, empty).summary.upper_measures == 0


# --- the data/raw pair --------------------------------------------------------------------------------

def test_data_raw_pair_takes_up_26_of_28():
    upper = load_circular(ROOT / "data" / "raw" / "henan_2024_q2_double_half_measures.txt")
    lower = load_circular(ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt")
    result = align(upper, lower)
    assert [m.path for m in result.upper_not_taken_up] == ["三/（十六）", "六/（二十八）"]
    assert [m.path for m in result.lower_only] == ["5"]
    assert {p.upper.path for p in result.pairs if p.lower.path == "13"} == {"三/（十二）", "三/（十三）"}
    merged = _pair(result, "13", "三/（十三）").comparison
    assert merged.targets == [] and merged.second_only_targets == ["55%"] and merged.first_only_targets == ["50%"]
    talent = _pair(result, "19", "四/（十九）").comparison      # the city's 19 implements （十八） and （十九）
    assert [(m.first, m.second) for m in talent.agencies] == [("省委组织部", "市委组织部"), ("省人力资源社会保障厅", "市人力资源社会保障局")]
    assert talent.second_only_agencies == [] and _pair(result, "19", "四/（十八）").comparison.second_only_agencies == []
    investment = _pair(result, "13", "三/（十二）").comparison.targets[0]
    assert (investment.metric, investment.first, investment.second, investment.change) == ("年度投资目标", "60%", "65%", "strengthened")


# --- the parts ----------------------------------------------------------------------------------------

def test_match_keeps_the_best_of_a_row_or_of_a_column():
    scores = [[0.9, 0.3, 0.0],
              [0.5, 0.1, 0.0],
              [0.0, 0.25, 0.1]]
    # (0,0) best of both; (0,1) best of column 1; (1,0) best of row 1; (2,1) best of row 2; (2,2) too low
    assert match(scores, threshold=0.22) == [(0, 0), (0, 1), (1, 0), (2, 1)]
    assert match(scores, threshold=0.95) == []
    assert match([], threshold=0.2) == []


def test_level_words_and_places_are_taken_out():
    places = place_names([load_circular(PROVINCE), load_circular(CITY)])
    assert "东江省" in places and "澄州市" in places and "河南省" in places
    province = comparable_text("全省开发见习岗位3万个以上，省重点项目", places)
    city = comparable_text("全市开发见习岗位3000个以上，市重点项目", places)
    assert province == city == "开发见习岗位#个以上重点项目"
    assert comparable_text("城市更新和市场监管", places) == "城市更新和市场监管"   # words keep their 市


def test_agency_core_strips_the_level():
    assert agency_core("省发展改革委") == agency_core("市发展改革委") == "发展改革委"
    assert agency_core("省科技厅") == agency_core("市科技局") == "科技局"
    assert agency_core("人行东江省分行", ("东江省", "东江")) == agency_core("人行澄州市分行", ("澄州市", "澄州")) == "人行分行"


def test_measure_body_drops_label_and_clause():
    city = load_circular(CITY)
    assert measure_body(city.measures[2]) == "培育高技能人才队伍。新增高技能人才6000人，建设市级技能大师工作室5个。"


@pytest.mark.parametrize(("value", "comparator", "change"), [
    ("raised", "gte", "strengthened"), ("lowered", "gte", "weakened"), ("raised", "eq", "strengthened"),
    ("lowered", "lte", "strengthened"), ("raised", "lt", "weakened"), ("equal", "gte", "unchanged"),
])
def test_change_depends_on_the_comparator(value, comparator, change):
    assert change_of(value, comparator) == change


def test_an_at_most_target_lowered_is_strengthened():
    upper = parse_circular("（一）控制能耗。单位地区生产总值能耗下降不超过3%。（省发展改革委负责）\n")
    lower = parse_circular("1.控制能耗。单位地区生产总值能耗下降不超过2.5%。（市发展改革委负责）\n")
    places = place_names([upper, lower])
    comparison = compare_measures(upper.measures[0], lower.measures[0], places, across_levels=True)
    (target,) = comparison.targets
    assert (target.value, target.change) == ("lowered", "strengthened")


def test_agencies_pair_once_each():
    city = load_circular(CITY)
    province = load_circular(PROVINCE)
    pairs = match_agencies(province.measures[0].responsible_units, city.measures[0].responsible_units, ())
    assert pairs == [(0, 0), (1, 1)]
