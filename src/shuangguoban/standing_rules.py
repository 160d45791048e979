"""Rules a circular states once for all its clauses: a standing note (以下措施均需各县区人民政府落实，
不再列出) whose agencies go to every later measure, and a lead-by-position rule (排在首位的单位为牵头单位,
列第一位者为牵头单位，下同) that makes the first agency of every clause lead. Their words name no agency:
`without_rules` cuts a lead rule out of a clause piece.
"""

from __future__ import annotations

import re

from .lazy import compiled

__all__ = ["find_lead_by_position", "find_note", "without_rules"]


# A standing note: 以下各项均需各县（市、区）政府落实，不再逐项列出 — its agencies go to every later measure.
_NOTE = compiled(
    r"""
    以下(?:各项|所有|全部|各条|相关)?(?:政策|重点|工作)?(?:措施|任务|工作|事项|条款|内容|政策)?中?
    (?:均|都|全部|皆)?(?:需要|需|须|由|要|应)?
    (?P<who>[^。;]{2,40}?)                       # the agencies, bounded: no backtracking blow-up
    (?:负责|抓好|具体|贯彻|组织)?落实[ ]*,?[ ]*
    (?:以下)?不再(?:一一|单独|重复|逐一)?(?:列出|列明|标注|列举)
  | (?P<who2>[^。;,]{2,40}?)                     # 各县区人民政府为以下各项任务的责任单位，不再列出
    (?:为|是)以下(?:各项|所有|全部)?(?:措施|任务|工作)?的?(?:共同)?(?:责任|落实)(?:单位|主体)[ ]*,?[ ]*
    不再(?:一一|单独|重复|逐一)?(?:列出|列明|标注|列举)
    """,
    re.VERBOSE,
)

# Where a standing note ends; the note itself is matched only in a short window before it, so a long
# line without one is scanned once.
_NOTE_END = compiled(r"不再(?:一一|单独|重复|逐一)?(?:列出|列明|标注|列举)")
_NOTE_WINDOW = 100
_NOTE_TRIES = 3


def find_note(norm: str, start: int, end: int) -> re.Match[str] | None:
    """The first standing note in norm[start:end], or None."""
    if norm.find("不再", start, end) < 0:  # every note ends with 不再…
        return None
    for tries, tail in enumerate(_NOTE_END().finditer(norm, start, end)):
        if tries >= _NOTE_TRIES:
            break
        found = _NOTE().search(norm, max(start, tail.start() - _NOTE_WINDOW), tail.end())
        if found is not None and found.end() == tail.end():
            return found
    return None


# A stated rule that the first-listed agency leads: 各项任务排在首位的单位为牵头单位.
_LEAD_BY_POSITION = compiled(
    r"""
    (?:排在?|列在?|排名|位列|位于|居)?
    (?:首位|第一位|第一个|第一名|第一|首个|最前)
    (?:的|者)?(?:单位|部门|责任单位)?(?:的|者)?
    (?:为|是|系|即为|作为)
    (?:牵头|主办|主责)(?:单位|部门)
  | (?:牵头|主办)(?:单位|部门)(?:为|是|系)
    (?:排在?|列在?|排名|位列)?(?:首位|第一位|第一个|第一)
    """,
    re.VERBOSE,
)
# Every match holds one of each: a text without them needs no search.
_LEAD_FIRST_WORDS = ("首位", "第一", "首个", "最前")
_LEAD_ROLE_WORDS = ("牵头单位", "牵头部门", "主办单位", "主办部门", "主责单位", "主责部门")

def find_lead_by_position(norm: str) -> bool:
    """Whether the text states a rule like 各项任务排在首位的单位为牵头单位 / 第一个单位为牵头单位."""
    if not any(w in norm for w in _LEAD_FIRST_WORDS) or not any(w in norm for w in _LEAD_ROLE_WORDS):
        return False
    return _LEAD_BY_POSITION().search(norm) is not None


def without_rules(norm: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """norm[start:end] without a stated lead-by-position rule (列第一位者为牵头单位，下同) written in the
    clause: the rule is read document-wide (find_lead_by_position), and its words name no agency."""
    if not any(norm.find(w, start, end) >= 0 for w in _LEAD_FIRST_WORDS):
        return [(start, end, False)]
    regions: list[tuple[int, int, bool]] = []
    pos = start
    for m in _LEAD_BY_POSITION().finditer(norm, start, end):
        tail = m.end()
        same = _SAME_BELOW().match(norm, tail, end)
        regions.append((pos, m.start(), False))
        pos = same.end() if same is not None else tail
    regions.append((pos, end, False))
    return regions


_SAME_BELOW = compiled(r"[ ,;]*(?:\()?下同(?:\))?")  # …为牵头单位，下同
