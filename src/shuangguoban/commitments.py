"""Whether a quantity is a commitment (a target), and with which comparator.

A quantity found in a measure (quantities.py) may qualify (600人以上的学校), select (支持1家符合条件的),
rank (全省前三名), name (第3批, 三项制度), state what exists (已建成5个) or set a rate (每户补贴1000元)
rather than commit to a goal. The functions here read the few dozen characters around it: `before`
(up to 16 characters before the number) and `follow` (up to 8 after the unit and its comparator
word). The words are data: rules/target_words.yaml, rules/comparators.yaml and, for the measure words
that count a noun and the metrics that name money, rules/units.yaml.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

from .context_re import compile_context, context
from .errors import RuleError
from .lazy import compiled, once
from .models import Deadline
from .quantities import quantity_table
from .rules import alternation, load_rules

__all__ = ["MONEY", "CommitmentTable", "commitment_table", "comparator_of", "counts_noun", "is_state", "is_target"]

MONEY = frozenset({"元", "美元"})
_RATIOS = frozenset({"%", "‰", "个百分点", "倍"})
_RANK_UNITS = frozenset({"名", "位", "强"})
_SCOPE_VERB_REACH = 5   # [^0-9], the verb, 全市, a space: where a scope verb's match can start
_COUNT_REACH = 40  # how far after 200家以上 a later count of the same noun is looked for (within the clause)
_COUNT_STOP = compiled(r"[和及与并或]")  # a conjunction: what follows counts another noun
_AFTER_OK = context(r"$|[\s，,；;。！？!?、：:)）\]」』”\"并且及和与或等]")


class CommitmentTable(NamedTuple):
    counts: frozenset[str]          # base units that count the noun after them (家, 个): 200家以上企业
    money_metrics: tuple[str, ...]  # metric endings that make a bare 亿 / 万 money: 营业收入突破100亿
    before: re.Pattern[str]         # a comparator word ending right before the number
    before_map: dict[str, str | None]
    after: re.Pattern[str]          # a comparator word right after the unit
    after_map: dict[str, str]
    after_first: frozenset[str]     # what `after` can start with, besides a space
    between_map: dict[str, str]
    modality: re.Pattern[str]
    scope_word: re.Pattern[str]     # 围绕5个重点领域, 全市现有
    scope_verb: re.Pattern[str]     # 在全市, 对5个 (not 控制在)
    done_before: re.Pattern[str]    # 完成80%以上的征收任务
    size_class: re.Pattern[str]     # 500万元企业
    at_least: re.Pattern[str]       # 至少建成1个
    rate_before: re.Pattern[str]    # 给予最高50万元, 每户1000元
    rate_after: re.Pattern[str]     # 50万元奖励


@once
def commitment_table() -> CommitmentTable:
    comparators = load_rules("comparators.yaml")
    units = load_rules("units.yaml")
    counts = frozenset(units["counts"])
    unknown = counts - {u.unit for u in quantity_table().units.values()}
    if unknown:
        raise RuleError(f"units.yaml: counts {sorted(unknown)} are not base units")
    before_map = {k: (None if v in (None, "none") else v) for k, v in comparators["before"].items()}
    after_map = dict(comparators["after"])
    return CommitmentTable(
        counts=counts,
        money_metrics=tuple(sorted(units["money_metrics"], key=len, reverse=True)),
        before=compile_context(rf"(?:{alternation(before_map)})\s{{0,2}}$"),
        before_map=before_map,
        after=compile_context(rf"\s{{0,2}}(?:\(含\))?(?P<w>{alternation(after_map)})(?:\(含\))?"),
        after_map=after_map,
        after_first=frozenset(w[0] for w in after_map) | {"("},
        between_map=dict(comparators["between"]),
        modality=compile_context(alternation(comparators["modalities"])),
        **_context_patterns(load_rules("target_words.yaml")),
    )


def _context_patterns(words: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    """The patterns of target_words.yaml's commitment words (all anchored and bounded)."""
    def alt(key: str) -> str:
        return alternation(words[key])

    return {
        "scope_word": compile_context(rf"(?:{alt('scope_words')})[^，,；;。、]{{0,8}}$"),
        "scope_verb": compile_context(
            rf"(?:^|[^0-9])(?<!{alt('scope_verb_exceptions')})(?:{alt('scope_verbs')})(?:全[市省县区])?\s?$"),
        "done_before": compile_context(rf"(?:{alt('done_verbs')})\s?$"),
        "size_class": compile_context(rf"(?:{alt('size_class_words')})"),
        "at_least": compile_context(rf"(?:{alt('at_least_words')})[^，,；;。、0-9]{{1,4}}$"),
        "rate_before": compile_context(
            rf"(?:(?:{alt('rate_caps')})(?:{alt('rate_cap_verbs')})?|{alt('rate_words')}|按照?[^，,；;。]{{0,10}}的|"
            rf"每(?![年月季周天日])[^，,；;。0-9]{{1,4}})$"),
        "rate_after": compile_context(rf"(?:的)?(?:{alt('rate_after_words')})"),
    }


# The two patterns below are built apart from the table: only some quantities need them.
@once
def _status() -> re.Pattern[str]:
    """已, 现有, 共有, 拥有, 全市有: for a clause that holds 有 or 已 (see is_state)."""
    words = load_rules("target_words.yaml")
    # 拥有 after a per-capita base (每千人口拥有, 人均拥有) names a ratio to reach, not a present state.
    per_capita = "".join(f"(?<!{re.escape(w)})" for w in words["per_capita_bases"])
    return compile_context(rf"{alternation(words['status_words'])}|{per_capita}拥有|^(?:全[市省县区镇])?有")


@once
def _count_before() -> re.Pattern[str]:
    """新增三个: a count in Chinese numerals after a verb (see is_target)."""
    return compile_context(rf"(?:{alternation(load_rules('target_words.yaml')['count_verbs'])})\s?$")


def is_target(
    s: int,
    unit: str,
    is_chinese: bool,
    has_suffix: bool,
    before: str,
    follow: str,
    deadlines: list[Deadline],
    offset: int,
    counts_noun: bool = False,
    share_goal: bool = False,
) -> bool:
    """False for quantities that qualify, select, rank or name rather than commit.

    `counts_noun`: the quantity is a count with 以上 right before the noun it counts (200家以上企业), and
    nothing later in its clause counts that noun: the noun after 以上 does not make it a qualifier.
    """
    t = commitment_table()
    prev_char = before[-1:] if before else ""
    if prev_char == "第" or before.endswith("第 "):
        return False                                    # 第3批: an ordinal
    if prev_char == "前" and unit in _RANK_UNITS and not any(d.span[1] == offset + s for d in deadlines):
        return False                                    # 全省前三名, unless 前 closes a deadline (年底前30名)
    share_of_work = share_goal or unit in _RATIOS and t.done_before.search(before)  # 完成80%以上的征收任务
    if follow.startswith("的") and not share_of_work:
        return False                                    # 超过50万元的经营者, 600人以上的学校
    after_ok = _AFTER_OK()
    if has_suffix and not share_of_work and not counts_noun and not after_ok.match(follow):
        return False                                    # 亿元以上项目, 100张（含）以下床位
    if unit in MONEY and t.size_class.match(follow) and not (follow.startswith("规模") and after_ok.match(follow, 2)):
        return False                                    # 年纳税额500万元企业: a size class (not 超过五千亿规模。)
    if t.scope_word.search(before) or t.scope_verb.search(before, max(0, len(before) - _SCOPE_VERB_REACH)):
        return False                                    # 把好10个产业链, 围绕5个重点领域
    if (unit in MONEY or unit in ("%", "‰")) and (t.rate_before.search(before) or t.rate_after.match(follow)):
        return False                                    # 给予最高50万元奖励, 每户补贴1000元
    if is_chinese and unit not in _RATIOS and unit not in MONEY:
        # a Chinese-numeral count (三项制度, 两个中心) is a target only after a verb or at a clause end
        if not (_count_before().search(before) or has_suffix or after_ok.match(follow)):
            return False
        if unit == "期":
            return False                                # 一期, 二期工程
    return True


def is_state(seg: str, clause_start: int, s: int) -> bool:
    """已建成5个, 全市共有1200家: the clause before the number states what exists, not a commitment."""
    if seg.find("有", clause_start, s) < 0 and seg.find("已", clause_start, s) < 0:
        return False                                    # (every status word holds 有 or 已)
    return _status().search(seg[clause_start:s]) is not None


def counts_noun(seg: str, ext_end: int, clause_ends: list[int], unit: str) -> bool:
    """Whether the count ending (with its 以上) at ext_end counts the noun right after it: a noun follows
    (企业, 5G基站), and no later quantity of the same measure word counts that noun before the clause
    ends or a conjunction starts another noun (10个以上县区中遴选3个; but 200个以上基站和30个以上充电站)."""
    c = seg[ext_end:ext_end + 1]
    if not ("\u4e00" <= c <= "\u9fff" or c.isascii() and c.isalnum()) or c == "的":
        return False
    i = bisect.bisect_left(clause_ends, ext_end)
    limit = min(clause_ends[i] if i < len(clause_ends) else len(seg), ext_end + _COUNT_REACH)
    stop = _COUNT_STOP().search(seg, ext_end, limit)
    if stop is not None:
        limit = stop.start()
    table = quantity_table()
    for m in table.pattern.finditer(seg, ext_end, limit):
        written = m.group("u")
        if written and table.units[written].unit == unit:
            return False
    return True


def comparator_of(after: re.Match[str] | None, between: str | None, before: str) -> str | None:
    """The comparator words give: the word after the unit (以上), else one between number and unit (300多家),
    else one before the number (达到, 不少于), else 至少… before it; None when no word gives one."""
    t = commitment_table()
    if after is not None:
        return t.after_map[after.group("w")]
    if between:
        return t.between_map[between]
    word = t.before.search(before)
    comparator = t.before_map.get(word.group().strip()) if word else None
    if comparator is None and t.at_least.search(before):
        comparator = "gte"                              # 至少建成1个
    return comparator
