"""Quantitative targets (量化指标) of a measure: `20亿元`, `3.5万人以上`, `2—3个`, `55％`.

Extraction and resolution are separate steps, as in Recognizers-Text: one combined pattern finds every
candidate quantity (a number with its unit) in a measure's text, then plain functions decide whether
the candidate is a commitment at all and resolve its value, comparator, metric, modality and deadline.

Everything is matched on `DocText.norm` (simplified script, half-width ASCII) and reported from
`DocText.raw` with the same offsets. Units and comparator words are data (rules/units.yaml,
rules/comparators.yaml). Values are exact Decimals in base units: `3.12万人` → 31200 人.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, cast

import regex

from .errors import RuleError
from .goal_tables import goal_table_targets
from .goals import goals_table, no_goal, share_is_goal, weak_metric
from .incentives import NEITHER, Grant, may_grant, read_grant
from .models import Comparator, Deadline, Incentive, Target
from .numbers import parse_number
from .rules import alternation, load_rules
from .text import DocText

__all__ = ["extract_quantities", "extract_targets"]

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千"
_MONEY = frozenset({"元", "美元"})
_RATIOS = frozenset({"%", "‰", "个百分点", "倍"})
_RANK_UNITS = frozenset({"名", "位", "强"})
_ONE = Decimal(1)
# `regex`'s \s (Unicode White_Space) spelled out for `re`, whose \s also matches \x1c-\x1f (str.isspace).
_WS = r"\t\n\x0b\x0c\r\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# The same set outside a class: `re`'s \s without \x1c-\x1f. `re` compiles a class holding characters
# above U+00FF (as _WS does) into a 64K-entry table, ~0.5 ms each; this class has none.
_WS_ALONE = r"[^\S\x1c-\x1f]"
_RE_SOURCES: list[tuple[str, int]] = []   # what _re was given, for the test that checks it against `regex`


class _LazyPattern:
    """A compiled `re` pattern made on first use: a text with no quantity in it compiles none of them.

    The first attribute looked up compiles the pattern and keeps its methods on the instance, so later
    calls go straight to the compiled pattern's bound methods.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("_"):                        # only the pattern's public API is forwarded
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = _compile_re(*self._source)
            for method in ("search", "match", "fullmatch", "finditer", "split"):
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` (written for `regex`, using none of its extensions) compiled with `re`, at first use.

    The small context patterns below are called for every candidate quantity on a few dozen
    characters, where `re` costs a third of `regex` per call and compiles faster. The only spelling
    the two read differently here is the space class, rewritten to `regex`'s set of spaces (_WS).
    """
    _RE_SOURCES.append((pattern, flags))
    return cast(re.Pattern[str], _LazyPattern(pattern, flags))


def _compile_re(pattern: str, flags: int) -> re.Pattern[str]:
    """`pattern` compiled with `re`, its \\s read as `regex` reads it."""
    out: list[str] = []
    i, in_class, n = 0, False, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            pair = pattern[i : i + 2]
            out.append((_WS if in_class else _WS_ALONE) if pair == "\\s" else pair)
            i += 2
            continue
        if not in_class and c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):      # a ] right after [ or [^ is a literal
                out.append("]")
                i += 1
            continue
        if in_class and c == "]":
            in_class = False
        out.append(c)
        i += 1
    return re.compile("".join(out), flags)


# Plain character classes: `re` scans them faster than `regex`. Each is compiled at first use: a class
# holding characters above U+00FF costs `re` ~0.5 ms to compile.
_CLAUSE_END = _LazyPattern(r"[。！？!?\n，,；;、：:]", 0)
_SENTENCE_END = "。！？!?"          # with a line break, the clause ends that may end a sentence
_QUOTE_OPEN = _LazyPattern(r'[“《〔「『"]', 0)  # without one of these, no span is quoted
_TRAIL_REACH = 16  # no _TRAIL word is longer than 6 characters (+1 for a line break before the end)
_COUNT_REACH = 40  # how far after 200家以上 a later count of the same noun is looked for (within the clause)
_COUNT_STOP = _LazyPattern(r"[和及与并或]", 0)  # a conjunction: what follows counts another noun
# Line wraps (see _sentence_ends): the characters that end a printed sentence at a line end, the spaces
# that may trail a line, and the shortest line that can be a wrap rather than a heading.
_LINE_FINAL = frozenset("。！？!?；;：:)）]】〕」』")
_LINE_SPACE = frozenset(" \t\r\u3000")
_WRAP_MIN = 16

# An Arabic number: 1,200.5 or 36.5; never the tail of a longer number, a code (G30) or a label (1.).
_ARABIC = r"""
    (?<![0-9.,A-Za-z])
    (?:[0-9]{1,3}(?:,[0-9]{3}){1,4}(?![0-9])|[0-9]{1,15})
    (?:\.[0-9]{1,8})?
    (?![0-9]|\.[0-9])
"""
# A Chinese numeral: 三千九百, 一万二千, 两; never after another numeral character or 第 (an ordinal).
_CHINESE = rf"""
    (?<![{_CN_CHARS}万亿第])
    [{_CN_CHARS}]{{1,12}}(?:[万亿][{_CN_CHARS}]{{1,12}}){{0,2}}
"""
_RANGE_SEP = r"(?:—{1,2}|–|-|~|〜|至|到)"
# The candidate pattern's groups, in the order Match.groups() gives them.
_GROUPS = ("pk", "pn", "pn2", "n1", "m1", "u1", "n2", "b1", "m", "b2", "u", "bm")


class _Unit(NamedTuple):   # NamedTuples: a fifth of a dataclass's cost to define at import
    unit: str
    factor: Decimal
    scalable: bool


_BARE = _Unit("", _ONE, True)   # no unit written (100亿): money only after a money metric


class _Rules(NamedTuple):
    pattern: regex.Pattern
    units: dict[str, _Unit]
    counts: frozenset[str]     # base units that count the noun after them (家, 个): 200家以上企业
    money_metrics: tuple[str, ...]  # metric endings that make a bare 亿 / 万 money: 营业收入突破100亿
    magnitudes: dict[str, Decimal]
    before: regex.Pattern      # a comparator word ending right before the number
    before_map: dict[str, str | None]
    after: regex.Pattern       # a comparator word right after the unit
    after_map: dict[str, str]
    after_first: frozenset[str]  # what `after` can start with, besides a space
    between_map: dict[str, str]
    modality: regex.Pattern



@lru_cache(maxsize=1)
def _rules() -> _Rules:
    table = load_rules("units.yaml")
    magnitudes = {k: Decimal(str(v)) for k, v in table["magnitudes"].items()}
    units: dict[str, _Unit] = {}
    unit_alts = []
    for written in sorted(table["units"], key=lambda w: (-len(w), w)):
        spec = table["units"][written]
        units[written] = _Unit(spec["unit"], Decimal(str(spec.get("factor", 1))), spec.get("scalable", True))
        guard = spec.get("not_before") or []
        unit_alts.append(regex.escape(written) + (f"(?!{alternation(guard)})" if guard else ""))
    first = "".join(sorted({w[0] for w in units}))
    unit = f"(?=[{regex.escape(first)}])(?:{'|'.join(unit_alts)})"   # the lookahead fails fast
    follow = regex.escape(_follow_chars())
    mag = f"(?=[十百千万亿])(?:{alternation(magnitudes)})"
    comparators = load_rules("comparators.yaml")
    between = alternation(comparators["between"])
    number = f"(?:{_ARABIC}|{_CHINESE})"
    sep_reach = max(map(len, magnitudes)) + max(map(len, units))   # where a range separator can start
    # after a bare magnitude (100亿 with no unit): the end, punctuation or a comparator word, never a
    # character that would make it part of a word (10万吨级 is no bare 10万)
    implied = load_rules("goals.yaml")["implied_money_nouns"]
    bare_end = rf"(?=$|[^\p{{Han}}A-Za-z0-9/%‰]|{alternation(comparators['after'])}|{alternation(implied)})"
    pattern = regex.compile(
        rf"""
        (?=[0-9{_CN_CHARS}])                                   # cheap first-character filter
        (?:
        (?P<pk>百分之|千分之)(?P<pn>{number})                # 百分之五十, 千分之三
        (?:\s{{0,2}}{_RANGE_SEP}\s{{0,2}}(?:百分之|千分之)?(?P<pn2>{number}))?
        |
        (?P<n1>{number})                                       # the number (a range's lower bound)
        (?=[{follow}])                                         # fails fast when no unit can follow
        (?:                                                    # a range: 1—2个, 3万元-5万元, 10%~15%
            (?=(?s:.{{0,{sep_reach}}})[—–\-~〜至到])                # its separator is near (fails fast)
            (?P<m1>{mag})?(?P<u1>{unit})?
            {_RANGE_SEP}\s{{0,2}}
            (?P<n2>{number})
        )?
        (?P<b1>{between})?                                     # 300多家
        (?P<m>{mag})?                                          # 3.5万人, 12万亿元
        (?:
            (?P<b2>{between})?                                 # 3万多人
            (?:(?<=[0-9])[ ](?=\S))?                           # one space a PDF left: 100 元
            (?P<u>{unit})                                      # the unit
          | (?<=[0-9{_CN_CHARS}多余逾])                         # or none after a magnitude: 100亿, read
            (?P<bm>{mag}){bare_end}                            # as money only after a money metric
        )
        )
        """,
        regex.VERBOSE,
    )
    # _resolve and _extract_range read the groups by position
    assert tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)) == _GROUPS
    before_map = {k: (None if v in (None, "none") else v) for k, v in comparators["before"].items()}
    after_map = dict(comparators["after"])
    counts = frozenset(table["counts"])
    unknown = counts - {u.unit for u in units.values()}
    if unknown:
        raise RuleError(f"units.yaml: counts {sorted(unknown)} are not base units")
    return _Rules(
        pattern=pattern,
        units=units,
        counts=counts,
        money_metrics=tuple(sorted(table["money_metrics"], key=len, reverse=True)),
        magnitudes=magnitudes,
        before=_re(rf"(?:{alternation(before_map)})\s{{0,2}}$"),
        before_map=before_map,
        after=_re(rf"\s{{0,2}}(?:\(含\))?(?P<w>{alternation(after_map)})(?:\(含\))?"),
        after_map=after_map,
        after_first=frozenset(w[0] for w in after_map) | {"("},
        between_map=dict(comparators["between"]),
        modality=_re(alternation(comparators["modalities"])),
    )


# Context patterns (all anchored and bounded: they only ever see a few dozen characters).
# What sets the scope before a number (围绕5个重点领域, 在全市): two patterns, as the second can only start in
# the last _SET_VERB_REACH characters and need not be tried anywhere else.
_SET_WORD_BEFORE = _re(
    r"(?:围绕|聚焦|把好|紧盯|紧扣|针对|瞄准|依托|立足|对照|涉及|包括|覆盖全市|全市现有|现有)[^，,；;。、]{0,8}$"
)
_SET_VERB_BEFORE = _re(r"(?:^|[^0-9])(?<!控制|稳定|保持|维持|锁定|稳在|保持)(?:在|对|从|由|向|将|按)(?:全[市省县区])?\s?$")
_SET_VERB_REACH = 5   # [^0-9], the verb, 全市, a space
# 拥有 after a per-capita base (每千人口拥有, 人均拥有) names a ratio to reach, not a present state.
_STATUS = _re(r"已|现有|共有|(?<!人口)(?<!每万人)(?<!每千人)(?<!人均)拥有|^(?:全[市省县区镇])?有")
_DONE_BEFORE = _re(r"(?:完成|实现|达到|覆盖|落实|解决|办结|化解|消除)\s?$")
_SIZE_CLASS = _re(r"(?:企业|项目|工程|级|规模|大项目|产业项目|以上企业|以上项目)")
_AT_LEAST = _re(r"(?:至少|最少|不少于)[^，,；;。、0-9]{1,4}$")
_RATE_BEFORE = _re(
    r"(?:(?:最高|最多)(?:不超过|不高于|可达|达)?|单笔|单个|单项|一次性|给予|予以|按照?[^，,；;。]{0,10}的|每(?![年月季周天日])[^，,；;。0-9]{1,4})$"
)
_RATE_AFTER = _re(r"(?:的)?(?:奖励|补贴|补助|资助|奖补|贴息|扶持|/|每)")
_CN_COUNT_BEFORE = _re(
    r"(?:新增|新建|建成|建设|改造|培育|打造|推出|引进|完成|实现|达到|达|创建|认定|举办|开展|组织|设立|组建|招引|"
    r"签约|开工|投用|争创|新培育|新认定|发放|安排|增加|新设|创成|评选|命名|遴选|培训|吸纳|落地|突破|超过|不少于|"
    r"不低于|至少|累计|共|约|近|总数|总量|数量|规模)\s?$"
)
_AFTER_OK = _re(r"$|[\s，,；;。！？!?、：:)）\]」』”\"并且及和与或等]")
_DEADLINE_LABEL = _re(r"(?:完成时限|时间节点|完成时间|时限要求|办结时限|时限)\s?[:]\s?[^:\n]{0,4}$")
_CLAUSE_TIME = _re(r"(?:负责|牵头|配合|参与|协同|协助)(?:落实)?\s?[,;、]\s?$")
_TIME_WORDS = (
    r"[0-9]{4}年度|(?:到|至|截至|截止)?(?:[0-9]{4}年)?(?:年底前?|年末|年内|年前|上半年|下半年|全年|当年|今年|明年|"
    r"[一二三四1-4]季度(?:末|底)?前?|[0-9]{1,2}月(?:份)?(?:底|末|上旬|中旬|下旬|中下旬)?前?)"
)
_LEAD_WORDS = rf"""(?:\s|{_TIME_WORDS}|确保|力争|争取|努力|力求|务必|全面|累计|完成|实现|达到|推出|发放|引进|组织|开展|举办|谋划|推进|每年|
    共计?|总计|合计|其中|并且?|全市|全省|全县|全区|全州|全镇|全乡|要|将|使|推动|促进|带动|持续|进一步|预计|目标为?|
    的|为|以上|\(|\))"""
# Up to 12 leading words in a row, as one match: no word is empty, and with nothing after the
# repetition its first way to match takes, at each step, the first word that matches, so the match
# ends where a loop of single-word matches (at most 12) would stop.
_LEADS = _re(rf"(?:{_LEAD_WORDS}){{0,12}}", re.VERBOSE)
# Words that may stand between a metric and its number (分别达到, 不低于, 共计), trimmed off the metric.
_TRAIL_WORDS = (
    "分别", "达到", "达", "突破", "超过", "超", "逾", "不少于", "不低于", "不小于", "至少", "提升至", "提升到", "提高至",
    "提高到", "增至", "增加到", "增长到", "不超过", "不高于", "不大于", "不多于", "控制在", "稳定在", "保持在", "维持在",
    "降至", "降到", "下降到", "下降至", "低于", "少于", "约", "近", "大约", "接近", "将近", "为", "的", "共计", "共", "累计",
    "总计", "合计", "总数", "总量", "规模", "力争", "确保", "争取", "完成", "实现",
)
_TRAIL_YEAR = r"[0-9]{4}年度"
_TRAIL = _re(r"(?:\s|" + "|".join(_TRAIL_WORDS) + "|" + _TRAIL_YEAR + r"|\(|,)$")
# The last characters _TRAIL can end with (besides a space): where the text has none of these right
# before the end, _TRAIL cannot match, and _metric_span does not search.
_TRAIL_LAST = frozenset(word[-1] for word in _TRAIL_WORDS) | frozenset(_TRAIL_YEAR[-1] + "(,")
_NOUN_AFTER = _re(r"的?([^\s，,；;。！？!?、：:()（）“”并和及以]{2,12})")
# What starts a line that is no continuation of the line before: a blank line, the end, a label
# (完成时限：, 牵头单位：) or an item number (1. 1、 (1) (一) 一、 ①).
_NEXT_LINE_BREAKS = _re(
    r"""[ \t\r\u3000]*(?:
        $|\n
      | [\u4e00-\u9fff]{2,6}\s?:
      | \(?[0-9]{1,2}[).、](?![0-9])
      | \([一二三四五六七八九十]{1,3}\)
      | [一二三四五六七八九十]{1,3}[、.]
      | [①-⑳㈠-㈩]
    )""",
    re.VERBOSE,
)
_BASE_YEAR = _re(r"(?:较|比)(?:上年|去年|上一年|[0-9]{4}年(?:底|末)?)(?:同期)?|同比")


_QUOTE_KINDS = (("“", "”"), ("《", "》"), ("〔", "〕"), ("「", "」"), ("『", "』"), ('"', '"'))


def _quoted(seg: str) -> list[tuple[int, int]]:
    """Spans of seg inside quotes, book-title marks or 〔〕: names, titles, slogans, document numbers.

    Each kind pairs on its own: its first opener pairs with the next closer, unless a 。 or line
    break comes first (nothing is quoted across one); straight quotes pair in turn.
    """
    spans: list[tuple[int, int]] = []
    if _QUOTE_OPEN.search(seg) is None:
        return spans
    resets: list[int] | None = None
    for opener, closer in _QUOTE_KINDS:
        i = seg.find(opener)
        if i < 0:
            continue
        if resets is None:
            resets = _find_all(seg, "。")
            if "\n" in seg:
                resets = sorted(resets + _find_all(seg, "\n"))
        j = -1                                          # the first closer after i
        while i >= 0:
            if j <= i:
                j = seg.find(closer, i + 1)
                if j < 0:
                    break
            r = bisect.bisect_right(resets, i)
            if r < len(resets) and resets[r] < j:       # the opener lapses: look again after the reset
                i = seg.find(opener, resets[r] + 1)
                continue
            spans.append((i, j + 1))
            i = seg.find(opener, j + 1)
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _find_all(text: str, char: str) -> list[int]:
    """Every position of char in text."""
    out = []
    i = text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return out


def _clean(value: Decimal) -> Decimal:
    """A Decimal without an exponent: 3.12E+4 → 31200, 2.50 → 2.5."""
    return Decimal(format(value.normalize(), "f"))


@lru_cache(maxsize=1024)
def _number(text: str) -> tuple[Decimal | None, bool]:
    """(value, is_chinese) of a matched numeral; None for vague Chinese (一批, 千方百计, 三五个).

    Cached, as are the digits of the two below: a circular repeats few numerals, and Decimal
    arithmetic is the costliest step of resolving a candidate.
    """
    if text[0].isdigit():
        return parse_number(text), False
    if text in ("一", "百", "千") or (len(text) > 1 and all(c in _CN_DIGITS for c in text)):
        return None, True
    return parse_number(text), True


# The functions below cache digits, not Decimals: every target gets Decimal objects of its own, as YAML
# output writes an object met twice as an anchor and an alias.
@lru_cache(maxsize=1024)
def _single_digits(text: str, magnitude: str | None, unit: str | None) -> tuple[str, str]:
    """The digits of a numeral that has a value (not a range) as (scaled, as written): _clean(value ×
    magnitude × the unit's factor) and _clean(value); no unit: _BARE. One cached call per candidate."""
    rules = _rules()
    mag = rules.magnitudes[magnitude] if magnitude else _ONE
    factor = rules.units[unit].factor if unit is not None else _BARE.factor
    value = cast(Decimal, _number(text)[0])
    return format((value * mag * factor).normalize(), "f"), format(value.normalize(), "f")


def unit_factor(written: str) -> tuple[str, Decimal] | None:
    """(base unit, factor) of a unit written alone, as in a table's 单位 column or （亿元）: units.yaml's
    units, with a magnitude before a scalable one; None when it is none of them."""
    rules = _rules()
    written = written.strip()
    if written in rules.units:
        spec = rules.units[written]
        return spec.unit, spec.factor
    for magnitude in sorted(rules.magnitudes, key=len, reverse=True):
        scaled = rules.units.get(written[len(magnitude):]) if written.startswith(magnitude) else None
        if scaled is not None and scaled.scalable:
            return scaled.unit, _clean(scaled.factor * rules.magnitudes[magnitude])
    return None


def extract_targets(doc: DocText, ranges: Sequence[tuple[int, int]], deadlines: Sequence[Deadline]) -> list[Target]:
    """The targets of `extract_quantities`."""
    return extract_quantities(doc, ranges, deadlines)[0]


def extract_quantities(
    doc: DocText, ranges: Sequence[tuple[int, int]], deadlines: Sequence[Deadline]
) -> tuple[list[Target], list[Incentive]]:
    """Targets and incentives (see incentives.py: a quantity is one or the other, or neither) inside the half-open ranges (a measure's own text, maybe in pieces), in text order.

    `deadlines` are the measure's deadlines (with spans); each target takes the nearest deadline before
    it in the same sentence (a sentence ends at 。！？ or at a line break that is no wrap of a printed
    line, see `_sentence_ends`; ；and ，do not end it). A
    `完成时限：…` / `时间节点：…` label's deadline governs every target of the measure that has none.
    """
    norm = doc.norm
    maybe = _maybe_quantity()
    size = len(doc.raw)
    live = []
    for start, end in sorted(ranges):
        start, end = max(0, start), min(size, end)
        if start < end and (maybe is None or maybe.search(norm, start, end) is not None):
            live.append((start, end))
    tabled, tables = goal_table_targets(doc, [(max(0, s), min(size, e)) for s, e in ranges], deadlines)
    if tables:   # a table of yearly goals: its cells are read by column, not as sentences
        prose, paid = extract_quantities(doc, _outside(live, tables), deadlines) if live else ([], [])
        return sorted([*prose, *tabled], key=lambda t: t.span), paid
    if not live:
        return [], []                                   # most measures: no quantity, nothing else to do
    ordered = sorted(deadlines, key=lambda d: (d.span[1], d.span[0]))
    ends = [d.span[1] for d in ordered]
    label = _Label(norm, ordered)
    found: list[Target] = []
    granted: list[Incentive] = []
    for start, end in live:
        targets, incentives = _extract_range(doc, start, end, ordered, ends, label)
        found.extend(targets)
        granted.extend(incentives)
    found.sort(key=lambda t: t.span)
    granted.sort(key=lambda t: t.span)
    return found, granted


def _outside(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges without the holes (the goal tables in them)."""
    out = []
    for start, end in ranges:
        pieces = [(start, end)]
        for a, b in holes:
            pieces = [p for s, e in pieces for p in ((s, min(e, a)), (max(s, b), e)) if p[0] < p[1]]
        out.extend(pieces)
    return out


@lru_cache(maxsize=1)
def _maybe_quantity() -> re.Pattern[str] | None:
    """A cheap test that a range may hold a candidate: every match of the candidate pattern starts
    with 百分之 / 千分之 or has a numeral character right before a character that may follow a number
    (the pattern's own `follow` lookahead), so a range without such a pair has no candidate.
    Matched on `norm`, where a full-width comma reads as a half-width one: neither is in either set."""
    follow = _follow_chars()
    if "，" in follow or "," in follow:
        return None                                     # the sets above would no longer be exact
    return re.compile(f"[0-9{_CN_CHARS}][{re.escape(follow)}]|[百千]分之")


@lru_cache(maxsize=1)
def _follow_chars() -> str:
    """Characters that may follow a number in a candidate: a unit's first character, a magnitude,
    多余逾 (300多家) or a range separator."""
    first = "".join(sorted({w[0] for w in load_rules("units.yaml")["units"]}))
    return first + "十百千万亿多余逾—–-~〜至到 "


def _is_label(norm: str, deadline: Deadline) -> bool:
    """A 完成时限 label, or a time limit inside the responsibility clause (（区城管局负责，年底前完成）):
    either governs the whole measure."""
    s = deadline.span[0]
    before = norm[max(0, s - 12):s]
    return bool(_DEADLINE_LABEL.search(before) or _CLAUSE_TIME.search(before))


class _Label:
    """The measure's first label deadline (see _is_label), looked for only when a target lacks a deadline."""

    def __init__(self, norm: str, deadlines: list[Deadline]) -> None:
        self._norm, self._deadlines, self._done = norm, deadlines, False
        self._found: Deadline | None = None

    def get(self) -> Deadline | None:
        if not self._done:
            self._found = next((d for d in self._deadlines if _is_label(self._norm, d)), None)
            self._done = True
        return self._found


def _extract_range(
    doc: DocText, start: int, end: int, deadlines: list[Deadline], ends: list[int], label: _Label
) -> tuple[list[Target], list[Incentive]]:
    rules = _rules()
    raw = doc.raw[start:end]
    seg = doc.norm[start:end]
    if "，" in raw:  # a full-width comma is never a thousands separator: keep it out of the numbers
        pieces, at = [], 0
        for piece in raw.split("，"):
            pieces.append(seg[at:at + len(piece)])
            at += len(piece) + 1
        seg = "，".join(pieces)
    candidates = rules.pattern.finditer(seg)
    first = next(candidates, None)
    if first is None:
        return [], []                                   # no quantity: none of the context below is needed
    quoted = _quoted(seg)
    quoted_starts = [s for s, _ in quoted]
    clause_ends, at = [], -1
    for piece in _CLAUSE_END.split(seg):               # no Match object per clause end
        at += len(piece) + 1
        clause_ends.append(at)
    clause_ends.pop()                                   # (the end of seg)
    sentence_ends = _sentence_ends(seg, clause_ends)
    modalities = [m.span() for m in rules.modality.finditer(seg)]
    modality_ends = [e for _, e in modalities]
    # the deadlines a metric may start after: those inside this range (see _metric_span)
    inner = [d for d in deadlines if start <= d.span[0] < end]
    out: list[Target] = []
    incentives: list[Incentive] = []
    prev_grant_cap: str | None = None
    grants = may_grant(seg)                             # most ranges: no grant word, no incentive
    # the previous target: where it ends with its suffix (以上), its comparator if words gave one, its metric
    prev_end, prev_comparator, prev_metric = -1, None, None
    for m in itertools.chain((first,), candidates):
        s, e = m.span()
        if quoted:
            i = bisect.bisect_right(quoted_starts, s) - 1
            if i >= 0 and s < quoted[i][1]:
                continue                                # inside quotes
        groups = m.groups()
        resolved = _resolve(m, groups, rules, raw)
        if resolved is None:
            continue
        value, upper, raw_value, raw_unit, unit, is_chinese, is_range = resolved
        c = seg[e:e + 1]                                # a comparator word after starts with one of these
        after = rules.after.match(seg, e) if c and (c in rules.after_first or c.isspace()) else None
        ext_end = after.end() if after else e
        before_text = seg[s - 16 if s > 16 else 0:s]
        follow = seg[ext_end:ext_end + 8]
        # where the clause starts: after the last clause end before s, at most 40 characters back
        i = bisect.bisect_left(clause_ends, s) - 1
        clause_start = s - 40 if s > 40 else 0
        if i >= 0 and clause_ends[i] >= clause_start:
            clause_start = clause_ends[i] + 1
        if clause_start < prev_end <= s:
            clause_start = prev_end
        i = bisect.bisect_left(sentence_ends, s) - 1      # the same for the sentence, 400 back
        sent_start = s - 400 if s > 400 else 0
        if i >= 0 and sentence_ends[i] >= sent_start:
            sent_start = sentence_ends[i] + 1
        if grants and (not unit or unit in _MONEY or unit == "%"):  # an amount or rate the government grants?
            sent_end = sentence_ends[i + 1] if i + 1 < len(sentence_ends) else len(seg)
            grant = read_grant(seg, s, ext_end, (sent_start, sent_end), unit != "%")
            if grant is NEITHER:
                continue
            if isinstance(grant, Grant):
                listed = s >= 1 and prev_end == s - 1 and seg[s - 1] in "、和及与"
                granted = _grant_comparator(grant, is_range, after, groups, rules, listed, prev_grant_cap,
                                            before_text)
                incentives.append(_incentive(raw, start, s, e, grant, resolved, unit or "元", granted))
                prev_end, prev_comparator, prev_metric, prev_grant_cap = ext_end, granted, None, granted
                continue
        if not unit:                                    # 100亿 with no unit: money after a money metric
            if not seg.startswith(goals_table().implied_money, ext_end) and not _names_money(
                doc, start + clause_start, start + s, inner, rules.money_metrics
            ):
                continue
            unit = "元"
        counts_noun = (
            after is not None
            and after.group("w").endswith("以上")
            and unit in rules.counts
            and _counts_noun(seg, ext_end, clause_ends, rules, unit)
        )
        share_goal = (
            unit == "%" and follow.startswith("的") and not rules.before.search(before_text)
            and seg.find("对", clause_start, s) < 0 and share_is_goal(seg, ext_end, clause_ends)
        )
        if not _is_target(s, unit, is_chinese, after is not None, before_text, follow, deadlines, start, counts_noun,
                          share_goal):
            continue
        if no_goal(unit, before_text, follow, rules.counts):
            continue
        if (seg.find("有", clause_start, s) >= 0 or seg.find("已", clause_start, s) >= 0) and _STATUS.search(
            seg[clause_start:s]
        ):                                              # (every _STATUS word holds 有 or 已)
            continue                                    # 已建成5个, 全市共有1200家: a state, not a commitment
        # comparator: a range is gte; else the word after the unit, between, or before the number
        comparator: str | None
        if is_range:
            comparator = "gte"
        elif after:
            comparator = rules.after_map[after.group("w")]
        elif groups[7] or groups[9]:                    # b1, b2
            comparator = rules.between_map[groups[7] or groups[9]]
        else:
            bm = rules.before.search(before_text)
            comparator = rules.before_map.get(bm.group().strip()) if bm else None
            if comparator is None and _AT_LEAST.search(before_text):
                comparator = "gte"                      # 至少建成1个
        # a list of values (分别达到2.2%、70%) shares the comparator of its first value
        listed = s >= 1 and prev_end == s - 1 and seg[s - 1] in "、和及与"
        if comparator is None and listed:
            comparator = prev_comparator
        # deadline, modality, metric
        deadline = _deadline(deadlines, ends, start + s, start + sent_start) or label.get()
        modality = None
        k = bisect.bisect_right(modality_ends, s) - 1
        if k >= 0 and modalities[k][0] >= sent_start:
            mk = modalities[k]
            modality = raw[mk[0]:mk[1]]
        metric = _metric(doc, start + clause_start, start + s, inner)
        if metric is None and listed:
            metric = prev_metric
        if metric is None or weak_metric(metric):
            metric = _metric_after(seg, raw, ext_end) or metric
        target = Target.model_construct(
            text=raw[s:e],
            span=(start + s, start + e),
            value=value,
            unit=unit,
            upper=upper,
            raw_value=raw_value,
            raw_unit=raw_unit,
            comparator=cast(Comparator, comparator or "eq"),
            metric=metric,
            modality=modality,
            deadline=deadline,
        )
        prev_end, prev_comparator, prev_metric, prev_grant_cap = ext_end, comparator, metric, None
        out.append(target)
    return out, incentives


def _grant_comparator(grant: Grant, is_range: bool, after, groups: tuple, rules: _Rules, listed: bool,
                      prev: str | None, before: str) -> str:
    """最高 / 不超过 → lte; a range → gte; else the word after the unit; a listed amount (最高100万元、50万元)
    shares the comparator of the one before it; else a comparator word before it (达到 → gte); else eq."""
    if grant.cap:
        return "lte"
    if is_range:
        return "gte"
    if after is not None:
        return rules.after_map[after.group("w")]
    if groups[7] or groups[9]:
        return rules.between_map[groups[7] or groups[9]]
    if listed and prev:
        return prev
    word = rules.before.search(before)
    return (rules.before_map.get(word.group().strip()) if word else None) or "eq"


def _incentive(raw: str, start: int, s: int, e: int, grant: Grant, resolved: tuple, unit: str,
               comparator: str) -> Incentive:
    value, upper, raw_value, raw_unit, _, _, _ = resolved

    def text(span: tuple[int, int] | None) -> str | None:
        return None if span is None else raw[span[0]:span[1]].strip() or None

    return Incentive.model_construct(
        text=raw[s:e],
        span=(start + s, start + e),
        value=value,
        unit=unit,
        upper=upper,
        raw_value=raw_value,
        raw_unit=raw_unit,
        comparator=cast(Comparator, comparator),
        kind=grant.kind if isinstance(grant.kind, str) else text(grant.kind) or "",
        recipient=text(grant.recipient),
        condition=text(grant.condition),
    )


def _resolve(m: regex.Match, groups: tuple, rules: _Rules, raw: str):
    """(value, upper, raw_value, raw_unit, unit, is_chinese, is_range) of a candidate, or None.

    Groups are read by position (see _GROUPS): `regex` looks a group name up on every call."""
    pk, pn, pn2, n1, g_m1, g_u1, n2, _, g_m, _, g_u, g_bm = groups
    if pk:
        unit = "%" if pk == "百分之" else "‰"
        low, chinese = _number(pn)
        high = _number(pn2)[0] if pn2 else None
        if low is None or (pn2 and high is None):
            return None
        a, b = m.span(1)
        return _clean(low), None if high is None else _clean(high), _clean(low), raw[a:b], unit, False, high is not None
    low, chinese = _number(n1)
    if low is None:
        return None
    if g_u is None:                                     # a bare magnitude (100亿): unit "" for the caller
        spec, g_m, mag_group = _BARE, g_bm, 12          # bm
        written = ""
    else:
        spec, mag_group = rules.units[g_u], 9           # m
        a, b = m.span(11)                               # u
        written = raw[a:b]
    if g_m:
        if not spec.scalable:
            return None
        a, b = m.span(mag_group)
        raw_unit = raw[a:b] + written
    else:
        raw_unit = written
    if n2 is None:
        scaled, clean = _single_digits(n1, g_m, g_u)
        return Decimal(scaled), None, Decimal(clean), raw_unit, spec.unit, chinese, False
    high, chinese2 = _number(n2)
    if high is None:
        return None
    mag = rules.magnitudes[g_m] if g_m else _ONE
    low_mag, low_factor, low_raw_unit = mag, spec.factor, raw_unit
    if g_u1:
        spec1 = rules.units[g_u1]
        if spec1.unit != spec.unit:
            return None
        low_mag = rules.magnitudes[g_m1] if g_m1 else _ONE
        low_factor = spec1.factor
        a, b = m.span(6)                                # u1
        low_raw_unit = raw[a:b]
        if g_m1:
            a1, b1 = m.span(5)                          # m1
            low_raw_unit = raw[a1:b1] + low_raw_unit
    elif g_m1:                                          # 20万—30万平方米
        low_mag = rules.magnitudes[g_m1]
        a, b = m.span(5)
        low_raw_unit = raw[a:b] + written
    lo, hi = low * low_mag * low_factor, high * mag * spec.factor
    if hi <= lo:
        return None
    return _clean(lo), _clean(hi), _clean(low), low_raw_unit, spec.unit, chinese or chinese2, True


def _is_target(
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
    prev_char = before[-1:] if before else ""
    if prev_char == "第" or before.endswith("第 "):
        return False                                    # 第3批: an ordinal
    if prev_char == "前" and unit in _RANK_UNITS and not any(d.span[1] == offset + s for d in deadlines):
        return False                                    # 全省前三名, unless 前 closes a deadline (年底前30名)
    share_of_work = share_goal or unit in _RATIOS and _DONE_BEFORE.search(before)  # 完成80%以上的征收任务
    if follow.startswith("的") and not share_of_work:
        return False                                    # 超过50万元的经营者, 600人以上的学校
    if has_suffix and not share_of_work and not counts_noun and not _AFTER_OK.match(follow):
        return False                                    # 亿元以上项目, 100张（含）以下床位
    if unit in _MONEY and _SIZE_CLASS.match(follow) and not (follow.startswith("规模") and _AFTER_OK.match(follow, 2)):
        return False                                    # 年纳税额500万元企业: a size class (not 超过五千亿规模。)
    if _SET_WORD_BEFORE.search(before) or _SET_VERB_BEFORE.search(before, max(0, len(before) - _SET_VERB_REACH)):
        return False                                    # 把好10个产业链, 围绕5个重点领域
    if (unit in _MONEY or unit in ("%", "‰")) and (_RATE_BEFORE.search(before) or _RATE_AFTER.match(follow)):
        return False                                    # 给予最高50万元奖励, 每户补贴1000元
    if is_chinese and unit not in _RATIOS and unit not in _MONEY:
        # a Chinese-numeral count (三项制度, 两个中心) is a target only after a verb or at a clause end
        if not (_CN_COUNT_BEFORE.search(before) or has_suffix or _AFTER_OK.match(follow)):
            return False
        if unit == "期":
            return False                                # 一期, 二期工程
    return True


def _deadline(deadlines: list[Deadline], ends: list[int], pos: int, sentence_start: int) -> Deadline | None:
    i = bisect.bisect_right(ends, pos) - 1
    while i >= 0:
        d = deadlines[i]
        if d.span[1] <= pos and d.span[0] >= sentence_start:
            return d
        if d.span[1] < sentence_start:
            return None
        i -= 1
    return None


def _counts_noun(seg: str, ext_end: int, clause_ends: list[int], rules: _Rules, unit: str) -> bool:
    """Whether the count ending (with its 以上) at ext_end counts the noun right after it: a noun follows
    (企业, 5G基站), and no later quantity of the same measure word counts that noun before the clause
    ends or a conjunction starts another noun (10个以上县区中遴选3个; but 200个以上基站和30个以上充电站)."""
    c = seg[ext_end:ext_end + 1]
    if not ("\u4e00" <= c <= "\u9fff" or c.isascii() and c.isalnum()) or c == "的":
        return False
    i = bisect.bisect_left(clause_ends, ext_end)
    limit = min(clause_ends[i] if i < len(clause_ends) else len(seg), ext_end + _COUNT_REACH)
    stop = _COUNT_STOP.search(seg, ext_end, limit)
    if stop is not None:
        limit = stop.start()
    for m in rules.pattern.finditer(seg, ext_end, limit):
        written = m.group("u")
        if written and rules.units[written].unit == unit:
            return False
    return True


def _sentence_ends(seg: str, clause_ends: list[int]) -> list[int]:
    """Where sentences end in seg: at 。！？, and at a line break that is no wrap of a printed line.

    A line break ends the sentence when its line ends with sentence-final punctuation (。！？；: or a
    closing bracket), when the next line starts a label (完成时限：) or a new item number, at a blank
    line or the end, or when its line is short (a heading, a line of its own: wraps fill the line).
    Otherwise the sentence wraps on: 制造业增加值比重达到30%\n左右，新培育专精特新企业15家。
    `clause_ends` (every 。！？!?, line break and lesser stop in seg) holds all the candidates.
    """
    if "\n" not in seg:
        return [i for i in clause_ends if seg[i] in _SENTENCE_END]
    ends: list[int] = []
    line_start = 0
    for i in clause_ends:
        c = seg[i]
        if c != "\n":
            if c in _SENTENCE_END:
                ends.append(i)
            continue
        j = i - 1
        while j >= line_start and seg[j] in _LINE_SPACE:
            j -= 1
        if (
            j < line_start
            or seg[j] in _LINE_FINAL
            or j + 1 - line_start < _WRAP_MIN
            or _NEXT_LINE_BREAKS.match(seg, i + 1) is not None
        ):
            ends.append(i)
        line_start = i + 1
    return ends


def _metric_span(doc: DocText, a: int, b: int, deadlines: list[Deadline]) -> tuple[int, int]:
    """The clause before the number trimmed of time words, verbs and comparator words (norm offsets)."""
    for d in deadlines:
        if a <= d.span[0] < b and d.span[1] <= b:
            a = max(a, d.span[1])
    norm = doc.norm
    leads = _LEADS.match(norm, a, b)                    # every leading word in one match (see _LEADS)
    if leads is not None:                               # (None only for an empty or reversed range)
        a = leads.end()
    for _ in range(12):
        if b <= a or not (norm[b - 1] in _TRAIL_LAST or norm[b - 1].isspace()):
            break
        m = _TRAIL.search(norm, max(a, b - _TRAIL_REACH), b)  # a match can only start near b
        if not m or m.start() == b:
            break
        b = m.start()
    return a, b


def _names_money(doc: DocText, a: int, b: int, deadlines: list[Deadline], words: tuple[str, ...]) -> bool:
    """Whether the metric before a bare 亿 / 万 names money: 营业收入突破100亿, 完成工业投资80亿."""
    a, b = _metric_span(doc, a, b, deadlines)
    return b - a >= 2 and doc.norm.endswith(words, a, b)


def _metric(doc: DocText, a: int, b: int, deadlines: list[Deadline]) -> str | None:
    """What is counted: the clause before the number, trimmed of time words, verbs and comparator words."""
    a, b = _metric_span(doc, a, b, deadlines)
    if b - a < 2:
        return None
    norm = doc.norm
    if norm.find("比", a, b) < 0 and norm.find("较", a, b) < 0:   # every _BASE_YEAR match holds one
        text = doc.raw[a:b].strip()
    else:
        pieces, last = [], a
        for m in _BASE_YEAR.finditer(norm, a, b):
            pieces.append(doc.raw[last:m.start()])
            last = m.end()
        pieces.append(doc.raw[last:b])
        text = "".join(pieces).strip()
    if len(text) < 2:
        return None
    return text[-40:]


def _metric_after(seg: str, raw: str, ext_end: int) -> str | None:
    """For 推出20条旅游线路: the noun after the quantity, up to the clause end."""
    m = _NOUN_AFTER.match(seg, ext_end, ext_end + 14)
    if not m:
        return None
    return raw[m.start(1):m.end(1)]
