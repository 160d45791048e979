"""Where the deadline scan tries its patterns: a prefilter, and the search it serves.

Most of a measure's text holds no time expression. `prefilter()` is a stdlib `re` pattern of anchors
that every match of `master` contains near its start; `candidates(view)` lists the positions worth
trying, and `search` tries lead, then point, at those positions only, finding exactly what
`master.search` would.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from .dates import CN_NUM, CN_YEAR_DIGITS
from .lazy import once
from .time_patterns import ScanPatterns, scan_patterns
from .time_words import TimeRules, time_rules

__all__ = ["Starts", "candidates", "match_at", "prefilter", "search"]

def _second_of(words: Any) -> str:
    """Each word as its second character, then the first two as a lookbehind and the rest as a lookahead."""
    return "|".join(f"{re.escape(w[1])}(?<={re.escape(w[:2])})" + (f"(?={re.escape(w[2:])})" if len(w) > 2 else "")
                    for w in sorted(words))


class Starts(NamedTuple):
    """A stdlib `re` prefilter: every position where `master` can match, and some positions more.

    Every master match contains an anchor (a digit run before 年/月/季/日/号, a 4-digit year before -/.,
    年 after a year digit, a qualifier's first character or 全, 年 before 底/末/内, 月 after a numeral,
    季 after a quarter numeral, 上半年's 半, 前三季度's 前, 内 after a duration unit, 前 after a holiday's
    name, 每, 按月's 月, 自 / 从) no more than `back` characters after its start, and starts with one of
    `first`. `search` tries master (as lead, then point) at those positions only, which finds
    exactly the match `master.search` would. `lead` finds where anchors may start, so that a range
    without one is passed over without trying `anchors`.
    """

    anchors: re.Pattern[str]         # but a run of digits before 年/月/季/日/号 or a 4-digit year before -/.
    digit_anchors: re.Pattern[str]   # those two
    back: int
    first: frozenset[str]
    first_at: re.Pattern[str]        # a character of `first`
    lead: re.Pattern[str]            # the first character of every anchor: where none is, there is none


@once
def prefilter() -> Starts | None:
    return _starts_source(time_rules())


def _starts_source(r: TimeRules) -> Starts | None:
    """The prefilter for these rules; None (scan everything) when they break an assumption it relies on."""
    raw = r.raw
    qualifiers, within = list(r.qualifiers), [str(w) for w in r.within]
    before = [str(w) for w in r.before]
    durations = [str(u) for u in raw["duration_units"]]
    connectors = [str(c) for c in raw["range_connectors"]]
    prefixes = [str(p) for p in r.prefixes]
    recurring = [str(w) for w in raw["recurring_words"]]
    if not (all(0 < q.find("年") <= 2 for q in qualifiers)
            and all(w.endswith("内") and len(w) <= 2 for w in within)
            and all("前" in w and w.index("前") <= 1 for w in before)
            and all(len(k) == 1 for k in [*r.quarters, *r.halves, *r.leading_quarters])
            and all(len(w) == 1 for w in raw["start_openers"])
            and all(len(w) >= 2 for w in recurring)
            and {str(e)[0] for e in raw["year_ends"]} <= set("底末内")):
        return None
    back = 2 + max(
        max(map(len, prefixes)) + 4,                          # 截止到二〇二五年: the year's 年
        4 + 1 + max(map(len, connectors)),                    # 2024——2026年: the second year's digits
        2 + max(map(len, connectors)) + 2,                    # 十一——十二月: 月
        1 + max(map(len, r.holidays)) + 1 + 1,                # “元宵节”之前: 前
        3 + max(map(len, durations)) + 1,                     # 三十五个工作日以内: 内
        max(map(len, prefixes)) + 2,                          # 截止到下一年: 年
        1,                                                    # 上半年, 按月: the second character
    )
    year_before = set("0123456789" + CN_YEAR_DIGITS + "全") | {q[q.find("年") - 1] for q in qualifiers}
    within_before = {u[-1] for u in durations} | {w[0] for w in within if len(w) == 2}
    holiday_last = "".join(sorted({h[-1] for h in r.holidays} | {"”"}))
    before_mid = "".join(sorted({w[w.index("前") - 1] for w in before if w.index("前") == 1}))
    # Each anchor starts with the character it takes and checks what is before it after (in a lookbehind
    # that includes that character), so that `re` passes over an alternative on its first character. A
    # digit run's start has its own pattern: each then starts with a known character (a digit; a literal
    # of each alternative), and `re` skips to the next of those itself.
    anchors = "|".join([
        f"年(?<=[{re.escape(''.join(sorted(year_before)))}]年)",
        "年(?=[底末内])",
        "月(?<=[0-9一二三四五六七八九十]月)",
        f"季(?<=[{re.escape(''.join(sorted(r.quarters)))}]季)",
        f"半(?<=[{re.escape(''.join(sorted(r.halves)))}]半)(?=年)",
        f"前(?=[{re.escape(''.join(sorted(r.leading_quarters)))}])",
        f"内(?<=[{re.escape(''.join(sorted(within_before)))}]内)",
        f"前(?<=[{re.escape(holiday_last)}]前)",
        *([f"前(?<=[{re.escape(holiday_last)}][{re.escape(before_mid)}]前)"] if before_mid else []),
        "每",
        _second_of(recurring),
        "|".join(re.escape(str(w)) for w in raw["start_openers"]),
    ])
    lead = {"年", "月", "季", "半", "前", "内", "每"} | {w[1] for w in recurring} | {str(w) for w in raw["start_openers"]}
    first = set("0123456789" + CN_NUM + CN_YEAR_DIGITS + "一两二三四五六七八九十百半每第前全年“") \
        | {w[0] for w in [*prefixes, *qualifiers, *r.holidays, *recurring, *raw["start_openers"],
                          *r.quarters, *r.halves]}
    lead_class = f"[0-9{re.escape(''.join(sorted(lead)))}]"
    return Starts(
        anchors=re.compile(anchors),
        digit_anchors=re.compile(r"[0-9](?<![0-9][0-9])(?:[0-9]*(?=[年月季日号])|[0-9]{3}(?=[-/.]))"),
        back=back,
        first=frozenset(first),
        first_at=re.compile(f"[{re.escape(''.join(sorted(first)))}]"),
        lead=re.compile(lead_class),
    )



def candidates(view: str) -> Sequence[int]:
    """Where `master` may match in the view, in order: characters of `first` at most `back` before an anchor."""
    pre = prefilter()
    if pre is None:
        return range(len(view) + 1)                  # anywhere
    back, firsts = pre.back, pre.first_at.finditer
    out: list[int] = []
    lo = hi = 0                                      # the window being grown: anchors' reaches that touch
    found = [m.start() for m in pre.anchors.finditer(view)]   # (extract_times has ruled out views without a lead character)
    digits = [m.start() for m in pre.digit_anchors.finditer(view)]
    if digits:
        found = sorted(found + digits)               # (a digit run holds no other anchor)
    for a in found:
        if a - back > hi:
            if hi > lo:
                out.extend([m.start() for m in firsts(view, lo, hi)])
            lo = a - back
        hi = a + 1
    if hi > lo:
        out.extend([m.start() for m in firsts(view, lo, hi)])
    return out


def search(view: str, starts: Sequence[int], pos: int) -> re.Match[str] | None:
    """`master.search(view, pos)`, trying only the positions of `starts` (see `candidates`)."""
    p = scan_patterns()
    for i in range(bisect.bisect_left(starts, pos), len(starts)):
        m = match_at(p, view, starts[i])
        if m is not None:
            return m
    return None


def match_at(p: ScanPatterns, view: str, at: int) -> re.Match[str] | None:
    """`master.match(view, at)`, with master in two parts: lead, and where only lead's empty `rest`
    matches, point (a match of `p.lead` is one of lead's own branches)."""
    if at >= len(view) or view[at] not in p.point_only:
        m = p.lead.match(view, at)
        if m is None:
            return None                              # the guard: inside a run of digits or numerals
        if m.lastgroup != "rest":
            return m
    return p.point.match(view, at)                   # lead matches its empty `rest` here
