"""Which deadline a target takes: the nearest before it in its sentence, else the measure's label deadline.

A measure states its time limits as deadlines (deadlines.py, with spans); a target takes the nearest
one that ends before its number in the same sentence. A deadline after a label (`完成时限：…`,
`时间节点：…`) or inside the responsibility clause (`（区城管局负责，年底前完成）`) governs the whole
measure: a target with no deadline of its own takes it. The words are data: rules/target_words.yaml.
"""

from __future__ import annotations

import bisect
import re

from .context_re import compile_context
from .lazy import once
from .models import Deadline
from .rules import alternation, load_rules

__all__ = ["LabelDeadline", "nearest_deadline"]


@once
def _label_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A deadline label (完成时限：) and a role word of the responsibility clause (负责，) right before a deadline."""
    words = load_rules("target_words.yaml")
    return (compile_context(rf"(?:{alternation(words['deadline_labels'])})\s?[:]\s?[^:\n]{{0,4}}$"),
            compile_context(rf"(?:{alternation(words['clause_roles'])})(?:落实)?\s?[,;、]\s?$"))


def _is_label(norm: str, deadline: Deadline) -> bool:
    """A 完成时限 label, or a time limit inside the responsibility clause (（区城管局负责，年底前完成）):
    either governs the whole measure."""
    s = deadline.span[0]
    before = norm[max(0, s - 12):s]
    label, clause_time = _label_patterns()
    return bool(label.search(before) or clause_time.search(before))


class LabelDeadline:
    """The measure's first label deadline (see _is_label), looked for only when a target lacks a deadline."""

    def __init__(self, norm: str, deadlines: list[Deadline]) -> None:
        self._norm, self._deadlines, self._done = norm, deadlines, False
        self._found: Deadline | None = None

    def get(self) -> Deadline | None:
        if not self._done:
            self._found = next((d for d in self._deadlines if _is_label(self._norm, d)), None)
            self._done = True
        return self._found


def nearest_deadline(deadlines: list[Deadline], ends: list[int], pos: int, sentence_start: int) -> Deadline | None:
    """The nearest deadline ending before pos in the sentence (deadlines sorted by end, `ends` their ends)."""
    i = bisect.bisect_right(ends, pos) - 1
    while i >= 0:
        d = deadlines[i]
        if d.span[1] <= pos and d.span[0] >= sentence_start:
            return d
        if d.span[1] < sentence_start:
            return None
        i -= 1
    return None
