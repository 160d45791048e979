"""Whether a quantity is a goal: the rules of rules/goals.yaml, used by targets.py.

Counts of the plan's own parts, limits per person, selection quotas, bracket qualifiers and payment
tranches are no goals; a share before a noun with a goal verb is one; a metric made only of verbs and
scope words names nothing. All matched on the normalised text, on a few dozen characters at a time.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from .lazy import once
from .rules import alternation, load_rules

__all__ = ["goals_table", "no_goal", "share_is_goal", "weak_metric"]



class _Goals(NamedTuple):
    """Patterns of rules/goals.yaml: what makes a quantity no goal, or a goal after all."""

    limit: re.Pattern[str]          # 每人限领1张
    bracket: re.Pattern[str]        # (不含6亩)
    selection: re.Pattern[str]      # 1家符合条件的
    named_plan: re.Pattern[str]     # “十四五”规划102项
    parts: re.Pattern[str]          # 22项任务, 8个方面
    tranches: frozenset[str]        # 批
    implied_money: tuple[str, ...]  # 五千亿规模
    weak_metric: re.Pattern[str]    # 培育形成, 首批, 区级财政安排, …集群和


@once
def goals_table() -> _Goals:
    table = load_rules("goals.yaml")
    alt = alternation
    return _Goals(
        limit=re.compile(rf"(?:{alt(table['limit_words'])})\s{{0,2}}$"),
        bracket=re.compile(rf"\((?:{alt(table['bracket_qualifiers'])})\s{{0,2}}$"),
        selection=re.compile(alt(table["selection_followers"])),
        named_plan=re.compile(
            rf"[”》\"」』]\s?(?:{alt(table['named_plan_words'])})(?:{alt(table['named_plan_suffixes'])})?\s{{0,2}}$"),
        parts=re.compile(rf"(?:{alt(table['part_qualifiers'])})?(?:{alt(table['part_nouns'])})"),
        tranches=frozenset(table["tranche_units"]),
        implied_money=tuple(table["implied_money_nouns"]),
        weak_metric=re.compile(
            rf"(?:{alt(table['weak_metric_words'])})+|.*(?:{alt(table['weak_metric_endings'])})", re.DOTALL),
    )


# The patterns below are built apart from the table: only some quantities need them.
@once
def _tranches() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """最多不超过六批 (a cap on tranches) and 分三批拨付 (a payment): for a count in tranche units."""
    table = load_rules("goals.yaml")
    return re.compile(rf"(?:{alternation(table['tranche_caps'])})\s{{0,2}}$"), re.compile(alternation(table["payment_words"]))


@once
def _share_verb() -> re.Pattern[str]:
    """50%的城市社区建成: a goal verb after a share (see share_is_goal)."""
    return re.compile(alternation(load_rules("goals.yaml")["share_goal_verbs"]))


def no_goal(unit: str, before: str, follow: str, counts: frozenset[str]) -> bool:
    """Quantities that are rules, qualifiers or parts of the plan rather than goals (rules/goals.yaml)."""
    g = goals_table()
    if unit in g.tranches:
        cap, payment = _tranches()
        if cap.search(before) or payment.search(before) or payment.search(follow):
            return True                                     # 资金分三批拨付, 最多不超过六批
    if g.limit.search(before) or g.bracket.search(before) or g.named_plan.search(before):
        return True                                     # 限领1张, (不含6亩), “十四五”规划102项
    # 1家符合条件的, 共22项任务, 8个方面
    return unit in counts and bool(g.selection.match(follow) or g.parts.match(follow))


def weak_metric(metric: str) -> bool:
    """A metric that names nothing counted: only verbs and scope words, or the previous item's noun."""
    if len(metric) > 12 and metric[-1] not in "和及与、":
        return False                                    # longer than any run of weak words here
    # without its spaces and line breaks
    bare = metric.replace(" ", "").replace("\u3000", "").replace("\n", "")
    return goals_table().weak_metric.fullmatch(bare) is not None


def share_is_goal(seg: str, ext_end: int, clause_ends: list[int]) -> bool:
    """50%的城市社区建成…: a share before a noun is a goal when a goal verb follows in its clause."""
    i = bisect.bisect_left(clause_ends, ext_end)
    limit = clause_ends[i] if i < len(clause_ends) else len(seg)
    return _share_verb().search(seg, ext_end, min(limit, ext_end + 30)) is not None
