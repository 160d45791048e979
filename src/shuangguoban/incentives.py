"""Incentives (政策兑现): whether a quantity is an amount or rate the government gives or grants.

targets.py reads every quantity once (number, unit, comparator); for each money or rate quantity it
asks `read_grant` what the words around it make of it: a grant (奖励, 补贴, 贴息, 消费券, 满减 …, an
Incentive and never a Target), a condition of one (the 100元 of 满100元减20元, the face values after
面额: neither), or nothing (the usual target rules decide). The words are data: rules/incentives.yaml.
All offsets are into the normalised text of one range (`seg`), as targets.py passes it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lazy import once
from .rules import alternation, load_rules

__all__ = ["NEITHER", "Grant", "may_grant", "read_grant"]

Span = tuple[int, int]


class Grant(NamedTuple):
    kind: Span | str            # the grant word as written (offsets into seg), or 满减 for 满100元减20元
    cap: bool                   # 最高 / 不超过 before the amount: comparator lte
    recipient: Span | None      # who receives it (对新认定的…企业 → …企业)
    condition: Span | None      # the qualifying clause (年销售额在1亿元及以上的, 满100元)


class _Neither(NamedTuple):
    why: str


NEITHER = _Neither("a condition of a grant or a face value: neither target nor incentive")

_PHRASE_END = "，,；;。！？!?\n"



class _Rules(NamedTuple):
    grant: re.Pattern[str]          # a grant word with its modifier: 一次性奖励
    grant_before: re.Pattern[str]   # a grant word or give verb right before the amount (caps allowed)
    cap_before: re.Pattern[str]
    pool: re.Pattern[str]
    threshold_before: re.Pattern[str]
    reduction_before: re.Pattern[str]
    reduction_kind: str
    reduction_words: tuple[str, ...]  # longest first
    denomination: re.Pattern[str]
    spend_word: str
    recipient: re.Pattern[str]
    give_verb: re.Pattern[str]
    raise_verb: re.Pattern[str]
    reach: int
    rate_noun: re.Pattern[str]


@once
def _rules() -> _Rules:
    table = load_rules("incentives.yaml")
    grants, caps = alternation(table["grant_words"]), alternation(table["caps"])
    gives = alternation(table["give_verbs"])
    spend = table["spend_threshold"]
    no_stop = "[^，,；;。！？!?\\n0-9]"
    return _Rules(
        grant=re.compile(f"(?:{alternation(table['grant_modifiers'])})?(?:{grants})"),
        # 补贴1000元, 贴息补助最高30万元, 奖励标准为5万元, 给予每个项目20万元, 分别给予最高100万元
        grant_before=re.compile(
            rf"(?:(?:{grants})(?:{alternation(table['grant_nouns'])})?(?:{alternation(table['grant_links'])})?|"
            rf"(?:{gives}){no_stop}{{0,8}}?)(?:{caps})?\s*$"),
        cap_before=re.compile(rf"(?:{caps})\s*$"),
        pool=re.compile(alternation(table["pool_verbs"])),
        threshold_before=re.compile(rf"{re.escape(spend)}\s*$"),
        reduction_before=re.compile(
            rf"{re.escape(spend)}\s*[0-9][0-9.]*\s*元?\s*(?:{alternation(table['reduction_words'])})?\s*$"),
        reduction_kind=table["reduction_kind"],
        reduction_words=tuple(sorted(table["reduction_words"], key=len, reverse=True)),
        denomination=re.compile(alternation(table["denomination_words"])),
        spend_word=spend,
        recipient=re.compile(rf"(?:^|[，,；;。])\s*(?:{alternation(table['recipient_openers'])})(?P<who>[^，,；;。]{{2,40}})"),
        give_verb=re.compile(gives),
        raise_verb=re.compile(alternation(table["raise_verbs"])),
        reach=int(table["grant_reach"]),
        rate_noun=re.compile(alternation(table["rate_nouns"])),
    )


@once
def _any_word() -> re.Pattern[str]:
    """Any word read_grant acts on: without one, it returns None. Apart from _rules, which most texts
    never need."""
    table = load_rules("incentives.yaml")
    return re.compile("|".join((alternation(table["grant_words"]), alternation(table["give_verbs"]),
                                re.escape(table["spend_threshold"]), alternation(table["denomination_words"]))))


def may_grant(seg: str) -> bool:
    """False when seg holds no grant word, give verb, 满 or 面额: read_grant would return None throughout."""
    return _any_word().search(seg) is not None


def _phrase(seg: str, s: int, e: int, lo: int, hi: int) -> Span:
    """The phrase around seg[s:e]: from the last phrase end before s to the first after e, within [lo, hi)."""
    a = max(seg.rfind(c, lo, s) for c in _PHRASE_END) + 1
    ends = [i for i in (seg.find(c, e, hi) for c in _PHRASE_END) if i >= 0]
    return max(a, lo), min(ends) if ends else hi


def read_grant(seg: str, s: int, e: int, sentence: Span, money: bool) -> Grant | _Neither | None:
    """What the words around the quantity seg[s:e] (its comparator words included) make of it.

    `sentence` bounds the quantity's sentence in seg; `money`: the unit is 元 (else a rate, %)."""
    r = _rules()
    sent_start, sent_end = sentence
    a, b = _phrase(seg, s, e, sent_start, sent_end)
    before = seg[a:s]
    if money and r.threshold_before.search(before):
        return NEITHER                                   # 满100元减20元: the 100元
    reduction = r.reduction_before.search(before) if money else None
    if reduction is not None:                           # …the 20元
        return Grant(r.reduction_kind, False, None, _condition_of_reduction(seg, a + reduction.start(), s, r))
    head = seg[sent_start:s]
    d = _last(r.denomination, head)
    if d is not None and head.find(r.spend_word, d) < 0:
        return NEITHER                                  # 面额: 20元、40元
    if r.raise_verb.search(before):
        return None                                     # 争取上级补助资金1500万元: money received
    cap = r.cap_before.search(before) is not None
    after = r.grant.search(seg, e, b)                   # 20万元一次性奖励, 50%给予贴息
    gives = r.grant_before.search(before)
    if after is None and gives is None:
        gives = _grant_in_phrase(seg, a, s, money, r)   # 补贴标准为每台2000元, 返还…失业保险费的50%
    if after is None and gives is None and cap and money:   # …给予补助，单个项目最高200万元: the cap of that grant
        gives = _last_match(r.grant, seg, sent_start, a)
    if after is None and gives is None and money and r.pool.search(before):
        after = _paid_out(seg, b, sent_end, r)         # 安排资金1亿元，对…给予补贴: a pool paid out
    if after is None and gives is None:
        return None
    if seg.startswith("的", e) and not r.grant.match(seg, e + 1):
        return NEITHER                                  # 占比超过5%的企业: a condition of the grant
    if after is not None:
        kind = after.span()
    elif gives is not None and gives.re is r.grant_before:   # matched on `before`: look for the word in it
        word = r.grant.search(before, gives.start()) or r.give_verb.search(before, gives.start())
        kind = (a + word.start(), a + word.end()) if word else (a + gives.start(), s)
    else:                                               # a grant word matched on seg itself
        assert gives is not None
        kind = gives.span()
    recipient, condition = _beneficiary(seg, sent_start, s, r)
    return Grant(kind, cap, recipient, condition)


def _last_match(pattern: re.Pattern[str], seg: str, start: int, end: int) -> re.Match[str] | None:
    found = None
    for m in pattern.finditer(seg, start, end):
        found = m
    return found


def _grant_in_phrase(seg: str, a: int, s: int, money: bool, r: _Rules) -> re.Match[str] | None:
    """A grant word earlier in the phrase seg[a:s] that gives the amount at s (see grant_reach, rate_nouns)."""
    last = _last_match(r.grant, seg, a, s)
    if last is None:
        return None
    between = seg[last.end():s]
    if any(c.isdigit() for c in between):
        return None
    if money:
        return last if len(between) <= r.reach else None
    return last if between.rstrip().endswith("的") or r.rate_noun.search(between) else None


def _paid_out(seg: str, start: int, end: int, r: _Rules) -> re.Match[str] | None:
    """The first grant word in seg[start:end] whose phrase does not seek the money (争取…补助资金)."""
    for m in r.grant.finditer(seg, start, end):
        a, _ = _phrase(seg, m.start(), m.end(), start, end)
        if not r.raise_verb.search(seg, a, m.start()):
            return m
    return None


def _last(pattern: re.Pattern[str], text: str) -> int | None:
    found = None
    for m in pattern.finditer(text):
        found = m.end()
    return found


def _condition_of_reduction(seg: str, start: int, end: int, r: _Rules) -> Span:
    """满100元 of 满100元减20元, without the 减 and spaces."""
    text = seg[start:end].rstrip()
    for word in r.reduction_words:
        if text.endswith(word):
            text = text[: -len(word)].rstrip()
            break
    return start, start + len(text)


def _beneficiary(seg: str, sent_start: int, s: int, r: _Rules) -> tuple[Span | None, Span | None]:
    """(recipient, condition) from the 对… phrase before the amount: 对年销售额在1亿元及以上的企业 →
    condition 年销售额在1亿元及以上的, recipient 企业. Without a 对 phrase: (None, None)."""
    found = None
    for m in r.recipient.finditer(seg[sent_start:s]):   # (on a slice: its ^ is the sentence's start)
        found = m
    if found is None:
        return None, None
    a, b = sent_start + found.start("who"), sent_start + found.end("who")
    give = r.give_verb.search(seg, a, b)
    if give is not None:
        b = give.start()
    while b > a and seg[b - 1] in " 分别按":
        b -= 1
    if b - a < 2:
        return None, None
    de = seg.rfind("的", a, b)
    if de < 0:
        return (a, b), None
    recipient = (de + 1, b) if b - de > 2 else None
    return recipient, (a, de + 1)
