"""What a target counts (its metric): the clause before the number, trimmed of the words around it.

`新增专精特新企业15家` → 专精特新企业: the leading time words, verbs and scope words (到2025年底, 力争,
全市, 新增 …) and the trailing comparator words (达到, 不低于, 共计 …) are cut off; a base of comparison
(比上年, 同比) is cut out. When the clause before names nothing, the noun after the quantity is the
metric (推出20条旅游线路 → 旅游线路). The words are data: rules/target_words.yaml. Offsets are into the
document's normalised text; the metric is reported from its raw text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .context_re import compile_context, context
from .lazy import once
from .models import Deadline
from .rules import alternation, load_rules
from .text import DocText

__all__ = ["metric", "metric_after", "names_money"]

_TRAIL_REACH = 16  # no trailing word is longer than 6 characters (+1 for a line break before the end)
_TRAIL_YEAR = r"[0-9]{4}年度"
_NOUN_AFTER = context(r"的?(?P<noun>[^\s，,；;。！？!?、：:()（）“”并和及以]{2,12})")


class _Patterns(NamedTuple):
    leads: re.Pattern[str]        # every leading word in a row, as one match
    trail: re.Pattern[str]        # a trailing word at the end
    trail_last: frozenset[str]    # what `trail` can end with, besides a space
    base_year: re.Pattern[str]    # 比上年, 较2020年底同期, 同比


@once
def _patterns() -> _Patterns:
    words = load_rules("target_words.yaml")
    time_words = (
        rf"[0-9]{{4}}年度|(?:{alternation(words['time_approach'])})?(?:[0-9]{{4}}年)?"
        rf"(?:{alternation(words['year_times'])}|[一二三四1-4]季度(?:末|底)?前?|"
        rf"[0-9]{{1,2}}月(?:份)?(?:{alternation(words['month_parts'])})?前?)"
    )
    lead_words = rf"(?:\s|{time_words}|{alternation(words['lead_words'])})"
    trail_words = words["trail_words"]
    return _Patterns(
        # Up to 12 leading words in a row, as one match: no word is empty, and with nothing after the
        # repetition its first way to match takes, at each step, the first word that matches, so the
        # match ends where a loop of single-word matches (at most 12) would stop.
        leads=compile_context(rf"(?:{lead_words}){{0,12}}"),
        trail=compile_context(rf"(?:\s|{alternation(trail_words)}|{_TRAIL_YEAR}|\(|,)$"),
        # where the text has none of these (nor a space) right before the end, `trail` cannot match
        trail_last=frozenset(word[-1] for word in trail_words) | frozenset(_TRAIL_YEAR[-1] + "(,"),
        base_year=compile_context(
            rf"(?:{alternation(words['base_compare'])})(?:{alternation(words['base_years'])}|[0-9]{{4}}年(?:底|末)?)"
            rf"(?:同期)?|{alternation(words['base_same_period'])}"
        ),
    )


def _metric_span(doc: DocText, a: int, b: int, deadlines: Sequence[Deadline]) -> tuple[int, int]:
    """The clause before the number trimmed of time words, verbs and comparator words (norm offsets)."""
    for d in deadlines:
        if a <= d.span[0] < b and d.span[1] <= b:
            a = max(a, d.span[1])
    norm = doc.norm
    patterns = _patterns()
    leads = patterns.leads.match(norm, a, b)            # every leading word in one match
    if leads is not None:                               # (None only for an empty or reversed range)
        a = leads.end()
    for _ in range(12):
        if b <= a or not (norm[b - 1] in patterns.trail_last or norm[b - 1].isspace()):
            break
        m = patterns.trail.search(norm, max(a, b - _TRAIL_REACH), b)  # a match can only start near b
        if not m or m.start() == b:
            break
        b = m.start()
    return a, b


def names_money(doc: DocText, a: int, b: int, deadlines: Sequence[Deadline], words: tuple[str, ...]) -> bool:
    """Whether the metric before a bare 亿 / 万 names money: 营业收入突破100亿, 完成工业投资80亿."""
    a, b = _metric_span(doc, a, b, deadlines)
    return b - a >= 2 and doc.norm.endswith(words, a, b)


def metric(doc: DocText, a: int, b: int, deadlines: Sequence[Deadline]) -> str | None:
    """What is counted: the clause before the number, trimmed of time words, verbs and comparator words."""
    a, b = _metric_span(doc, a, b, deadlines)
    if b - a < 2:
        return None
    norm = doc.norm
    if norm.find("比", a, b) < 0 and norm.find("较", a, b) < 0:   # every base_year match holds one
        text = doc.raw[a:b].strip()
    else:
        pieces, last = [], a
        for m in _patterns().base_year.finditer(norm, a, b):
            pieces.append(doc.raw[last:m.start()])
            last = m.end()
        pieces.append(doc.raw[last:b])
        text = "".join(pieces).strip()
    if len(text) < 2:
        return None
    return text[-40:]


def metric_after(seg: str, raw: str, ext_end: int) -> str | None:
    """For 推出20条旅游线路: the noun after the quantity, up to the clause end."""
    m = _NOUN_AFTER().match(seg, ext_end, ext_end + 14)
    if not m:
        return None
    return raw[m.start("noun"):m.end("noun")]
