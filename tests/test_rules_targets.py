"""Integrity of the rule tables of targets and incentives: units, comparators, numerals, target_words,
goals, goal_tables, incentives. Types, no duplicates, every word reachable by the pattern built from
it, exact Decimal factors, and the examples in a table parse as the table says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shuangguoban import commitments, goals, incentives, target_deadlines, target_metrics
from shuangguoban.numbers import parse_number
from shuangguoban.quantities import Groups, quantity_table, resolve, unit_factor
from shuangguoban.rules import load_rules

COMPARATORS = {"gt", "gte", "lt", "lte", "approx", "eq"}


def _words(value) -> list[str]:
    assert isinstance(value, list) and value, value
    assert all(isinstance(w, str) and w and w == w.strip() for w in value), value
    assert len(value) == len(set(value)), [w for w in value if value.count(w) > 1]
    return value


# --- units.yaml ------------------------------------------------------------------------------------

def test_units_have_exact_factors_and_known_keys():
    table = load_rules("units.yaml")
    assert set(table) == {"magnitudes", "units", "counts", "money_metrics", "examples"}
    for word, factor in table["magnitudes"].items():
        assert isinstance(factor, int) and factor > 1 and str(factor).rstrip("0") == "1", word  # a power of ten
    for written, spec in table["units"].items():
        assert set(spec) <= {"unit", "factor", "scalable", "not_before"}, written
        assert isinstance(spec["unit"], str) and spec["unit"], written
        assert isinstance(spec.get("factor", 1), int), written   # never a float: exact in Decimal
        assert isinstance(spec.get("scalable", True), bool), written
        if "not_before" in spec:
            _words(spec["not_before"])
    assert Decimal(table["magnitudes"]["万亿"]) == Decimal(table["magnitudes"]["万"]) * table["magnitudes"]["亿"]
    _words(table["money_metrics"])
    base = {spec["unit"] for spec in table["units"].values()}
    assert set(_words(table["counts"])) <= base


def test_every_unit_is_reached_by_the_candidate_pattern():
    table = quantity_table()
    for written in table.units:
        m = table.pattern.search(f"新增3{written}。")
        assert m is not None and m.group("u") == written, written
        assert unit_factor(written) == (table.units[written].unit, table.units[written].factor)
    for magnitude, factor in table.magnitudes.items():
        assert unit_factor(f"{magnitude}元") == ("元", factor)


@pytest.mark.parametrize("text", list(load_rules("units.yaml")["examples"]))
def test_unit_examples_parse_as_the_table_says(text):
    spec = load_rules("units.yaml")["examples"][text]
    m = quantity_table().pattern.fullmatch(text)
    assert m is not None
    q = resolve(m, Groups._make(m.groups()), text)
    assert q is not None
    assert (q.value, q.upper, q.unit, q.raw_value, q.raw_unit) == (
        Decimal(spec["value"]), Decimal(spec["upper"]) if "upper" in spec else None, spec["unit"],
        Decimal(spec["raw_value"]), spec["raw_unit"])
    assert q.is_range == ("upper" in spec)


# --- comparators.yaml ------------------------------------------------------------------------------

def test_comparator_words_map_to_comparators_and_are_reached():
    table = load_rules("comparators.yaml")
    assert set(table) == {"before", "between", "after", "modalities"}
    t = commitments.commitment_table()
    for word, value in table["before"].items():
        assert value in COMPARATORS | {"none"}, word
        m = t.before.search(word)
        assert m is not None and m.group().strip() == word, word
    for word, value in table["after"].items():
        assert value in COMPARATORS, word
        m = t.after.match(word)
        assert m is not None and m.group("w") == word, word
    for word, value in table["between"].items():
        assert value in COMPARATORS, word
        m = quantity_table().pattern.search(f"新增300{word}家")
        assert m is not None and word in (m.group("b1"), m.group("b2")), word
    for word in _words(table["modalities"]):
        assert t.modality.fullmatch(word), word


# --- numerals.yaml ---------------------------------------------------------------------------------

def test_numerals_are_digits_and_powers_of_ten():
    table = load_rules("numerals.yaml")
    assert set(table) == {"digits", "small_multipliers", "section_multipliers"}
    assert all(isinstance(v, int) and 0 <= v <= 9 and len(k) == 1 for k, v in table["digits"].items())
    for key in ("small_multipliers", "section_multipliers"):
        assert all(isinstance(v, int) and str(v).rstrip("0") == "1" for v in table[key].values()), key
    assert not set(table["digits"]) & set(table["small_multipliers"]) & set(table["section_multipliers"])


@pytest.mark.parametrize(("text", "value"), [
    ("三千九百", "3900"), ("一百零五", "105"), ("两", "2"), ("二〇二四", "2024"), ("十二", "12"),
    ("一万二千", "12000"), ("3.5万", "35000"), ("12万亿", "12000000000000"), ("1,200.5", "1200.5"),
    ("叁仟", "3000"),
])
def test_numerals_parse(text, value):
    assert parse_number(text) == Decimal(value)


# --- target_words.yaml -----------------------------------------------------------------------------

WORDS = load_rules("target_words.yaml")
KEYS = {
    "lead_words", "time_approach", "year_times", "month_parts", "trail_words", "base_compare", "base_years",
    "base_same_period", "scope_words", "scope_verbs", "scope_verb_exceptions", "status_words",
    "per_capita_bases", "done_verbs", "size_class_words", "at_least_words", "rate_caps", "rate_cap_verbs",
    "rate_words", "rate_after_words", "count_verbs", "deadline_labels", "clause_roles",
}


def test_target_words_are_lists_of_distinct_words():
    assert set(WORDS) == KEYS
    for key in KEYS:
        _words(WORDS[key])


def test_metric_words_are_reached():
    p = target_metrics._patterns()
    for word in WORDS["lead_words"]:
        assert p.leads.match(word).end() == len(word), word
    for word in WORDS["year_times"]:
        assert p.leads.match(word).end() == len(word), word
    for word in WORDS["month_parts"]:
        assert p.leads.match(f"6月{word}").end() == len(word) + 2, word
    for word in WORDS["time_approach"]:
        assert p.leads.match(f"{word}2025年年底").end() == len(word) + 7, word
    for word in WORDS["trail_words"]:
        assert len(word) <= 6, word                     # target_metrics._TRAIL_REACH counts on it
        m = p.trail.search(f"就业岗位{word}")
        assert m is not None and m.start() <= 4 and word[-1] in p.trail_last, word
    for compare in WORDS["base_compare"]:
        for year in WORDS["base_years"]:
            assert p.base_year.fullmatch(f"{compare}{year}同期"), (compare, year)
    for word in WORDS["base_same_period"]:
        assert p.base_year.fullmatch(word), word
    # target_metrics.metric looks for a base only when 比 or 较 is in the metric
    assert all(c in ("比", "较") for c in WORDS["base_compare"])
    assert all("比" in w or "较" in w for w in WORDS["base_same_period"])


def test_commitment_words_are_reached():
    t = commitments.commitment_table()
    for word in WORDS["scope_words"]:
        assert t.scope_word.search(f"{word}5"), word
    for verb in WORDS["scope_verbs"]:
        assert t.scope_verb.search(f"要{verb}"), verb
        for exception in WORDS["scope_verb_exceptions"]:
            assert len(exception) == 2                  # a lookbehind of `re` has one width
            assert not t.scope_verb.search(f"{exception}{verb}"), (exception, verb)
    for word in WORDS["status_words"]:
        assert "有" in word or "已" in word             # commitments.is_state counts on it
        assert commitments._status().search(word), word
    assert commitments._status().search("共拥有")
    for base in WORDS["per_capita_bases"]:
        assert not commitments._status().search(f"{base}拥有"), base
    for word in WORDS["done_verbs"]:
        assert t.done_before.search(word), word
    for word in WORDS["size_class_words"]:
        assert t.size_class.match(word), word
    for word in WORDS["at_least_words"]:
        assert t.at_least.search(f"{word}建成"), word
    for cap in WORDS["rate_caps"]:
        assert t.rate_before.search(cap), cap
        for verb in WORDS["rate_cap_verbs"]:
            assert t.rate_before.search(f"{cap}{verb}"), (cap, verb)
    for word in WORDS["rate_words"]:
        assert t.rate_before.search(word), word
    for word in WORDS["rate_after_words"]:
        assert t.rate_after.match(word), word
    for word in WORDS["count_verbs"]:
        assert commitments._count_before().search(word), word


def test_deadline_label_words_are_reached():
    label, clause_time = target_deadlines._label_patterns()
    for word in WORDS["deadline_labels"]:
        assert label.search(f"{word}:"), word
    for word in WORDS["clause_roles"]:
        assert clause_time.search(f"{word},"), word
        assert clause_time.search(f"{word}落实、"), word


# --- goals.yaml, goal_tables.yaml, incentives.yaml -------------------------------------------------

def test_goal_words_are_distinct_and_reached():
    table = load_rules("goals.yaml")
    for words in table.values():
        _words(words)
    g = goals.goals_table()
    assert all(g.limit.search(w) for w in table["limit_words"])
    assert all(g.bracket.search(f"({w}") for w in table["bracket_qualifiers"])
    assert all(g.selection.match(w) for w in table["selection_followers"])
    assert all(g.named_plan.search(f"”{w}") for w in table["named_plan_words"])
    assert all(g.named_plan.search(f"”规划{w}") for w in table["named_plan_suffixes"])
    assert all(g.parts.match(w) for w in table["part_nouns"])
    assert all(g.parts.match(f"{w}任务") for w in table["part_qualifiers"])
    tranche_cap, payment = goals._tranches()
    assert all(tranche_cap.search(w) for w in table["tranche_caps"])
    assert all(payment.search(w) for w in table["payment_words"])
    assert all(goals._share_verb().search(w) for w in table["share_goal_verbs"])
    assert all(g.weak_metric.fullmatch(w) for w in table["weak_metric_words"] + table["weak_metric_endings"])
    assert set(table["tranche_units"]) <= {spec["unit"] for spec in load_rules("units.yaml")["units"].values()}


def test_goal_table_symbols_are_comparators():
    table = load_rules("goal_tables.yaml")
    assert set(table) == {"year", "base", "unit_column", "years_label", "blank", "symbols"}
    assert all(v in COMPARATORS for v in table["symbols"].values())
    assert all(isinstance(table[k], str) for k in ("year", "base", "unit_column", "years_label", "blank"))


def test_incentive_words_are_distinct_and_reached():
    table = load_rules("incentives.yaml")
    for value in table.values():
        if isinstance(value, list):
            _words(value)
    assert isinstance(table["grant_reach"], int)
    r = incentives._rules()
    assert all(r.grant.fullmatch(w) for w in table["grant_words"])
    assert all(r.grant.fullmatch(f"{m}奖励") for m in table["grant_modifiers"])
    assert all(r.grant_before.search(f"奖励{n}{link}") for n in table["grant_nouns"] for link in table["grant_links"])
    assert all(r.cap_before.search(w) for w in table["caps"])
    assert all(r.give_verb.fullmatch(w) for w in table["give_verbs"])
    assert all(r.raise_verb.fullmatch(w) for w in table["raise_verbs"])
    assert all(r.pool.fullmatch(w) for w in table["pool_verbs"])
    assert all(r.rate_noun.fullmatch(w) for w in table["rate_nouns"])
    assert all(r.denomination.fullmatch(w) for w in table["denomination_words"])
    assert all(r.reduction_before.search(f"满100元{w}") for w in table["reduction_words"])
    assert all(r.recipient.search(f"{w}新认定的企业") for w in table["recipient_openers"])
