"""Print layout: lines wrapped inside a paragraph, and reading through them.

A circular saved as it was printed (a text file hard-wrapped at N characters or N columns a line)
cuts figures, units, dates and agency names at the line ends: `新增技能人才3.` / `5万人以上`. Such a
wrap is no break. `wrap_breaks` finds the line ends that are wraps; `Unwrapped` holds the text with
them taken out and maps offsets in it back to the text as decoded, and `Unwrapped.restore` moves a
parse of the joined text back onto the decoded one: every span then indexes the decoded text and
every quoted surface is the slice its span covers (`3.\\n5万人` where the wrap fell in it).

The rules for "a line that cannot carry on the one before" are shared with the PDF reader.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import regex
from pydantic import BaseModel

from .lazy import compiled, once
from .lines import clause_line_labels
from .rules import alternation, load_rules
from .text import normalise

# A line that cannot continue the one before it: a numbered item, a label line, a date line. The
# label words are the clause labels and time labels of rules/clause_words.yaml.
_STARTS_ITEM = r"""^(?:
        [一二三四五六七八九十]{1,3}\s*[、.．]                         # 一、
      | [(（]\s*[一二三四五六七八九十0-9]{1,3}\s*[)）]               # （一） （1）
      | [0-9]{1,3}\s*[.．、](?![0-9])                                # 1.  1、   (not 1.5)
      | [①-⑳⑴-⒇]                                                    # ① ⑴
      | 第[一二三四五六七八九十百零〇]{1,5}[条章节部分]               # 第一条
      | (?:LABELS|附件|抄送|主送)\s*[:：]                            # label lines
      | 附件\s*[0-9一二三四五六七八九十]*\s*$                         # 附件 / 附件2
      | [0-9〇○零一二三四五六七八九十]{4}\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日$
      | [(（]此件                                                     # （此件公开发布）
      | \p{Han}{1,12}\s*[〔\[［(（]\s*[0-9]{4}\s*[〕\]］)）]\s*[0-9]{1,4}\s*号\s*$   # a doc number line
    )"""


@once
def starts_item() -> regex.Pattern:
    labels = [*clause_line_labels(), *load_rules("clause_words.yaml")["time_labels"]]
    return regex.compile(_STARTS_ITEM.replace("LABELS", alternation(labels)), regex.VERBOSE)


# A line ending in an opening bracket or quote goes on whatever the next line looks like.
OPENS = ("（", "(", "【", "[", "〔", "《", "“", "‘", "「", "『")
_ENDS_SENTENCE = ("。", "：", "！", "？", ":", "!", "?")
# A bracket closing a clause that stands after a sentence (`。（市财政局负责）`) or opens the line.
_CLOSING_CLAUSE = compiled(r"(?:^|[。！？!?；;])\s*[(（【\[][^()（）【】\[\]]*[)）】\]]\s*$", engine=regex)


def ends_paragraph(line: str) -> bool:
    """Whether a full line ending thus may end its paragraph (where paragraphs open flush, so the
    next line's indent cannot tell): a sentence's end, or a bracketed clause after one. A clause
    separator (；) or a bracket closing mid-sentence (`（海政发〔2024〕33号）`) carries on."""
    tail = normalise(line).rstrip()
    return tail.endswith(_ENDS_SENTENCE) or bool(_CLOSING_CLAUSE().search(tail))

_LINE = compiled(r"[^\r\n]*(?P<end>\r\n|\r|\n|$)", engine=regex)
_NARROW_RUNS = regex.compile(r"[^\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]+")
# Ambiguous characters (“ ” … — ·) are wide too in a CJK terminal or editor (ambiwidth=double).
_NARROW_RUNS_CJK = regex.compile(
    r"[^\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}\p{East_Asian_Width=Ambiguous}]+")
_INDENT = (" ", "\t", "\u3000", "\u00a0")
_MIN_FULL_LINES = 3


def _columns(text: str) -> int:
    """Display columns: wide and full-width characters take two, as a terminal or editor wraps them."""
    return 2 * len(text) - sum(map(len, _NARROW_RUNS.findall(text)))


def _cjk_columns(text: str) -> int:
    """Display columns where ambiguous-width characters are wide as well."""
    return 2 * len(text) - sum(map(len, _NARROW_RUNS_CJK.findall(text)))


class _Line(NamedTuple):
    text: str        # without its line end
    start: int       # offset of the line in the text
    end: int         # offset of its line end; the next line starts after it
    next_start: int


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    if "\r" not in text:                 # the usual case: lines end with \n only
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            out.append(_Line(line, start, end, end + 1))
            start = end + 1
        return out
    for m in _LINE().finditer(text):
        if m.start() == len(text) and out:
            break
        out.append(_Line(text[m.start():m.start("end")], m.start(), m.start("end"), m.end()))
        if not m.group("end"):
            break
    return out


def _measure(texts: list[str]) -> tuple[Callable[[str], int], int, int] | None:
    """How the text was wrapped, if it was: (the measure, characters or columns; the most a line holds;
    the slack a full line may leave). Many lines hold exactly the most any line holds: at least
    three, and at least a quarter of the lines longer than half that (the others end paragraphs;
    a text laid out a paragraph a line has its lines' lengths spread, its longest line alone)."""
    best: tuple[int, Callable[[str], int], int, int] | None = None
    by_length = sorted(texts, key=len, reverse=True)
    for measure, slack in ((len, 0), (_columns, 1), (_cjk_columns, 1)):
        if measure is not len and _too_few_full(by_length, measure, slack):
            continue                                  # the usual text, a paragraph a line
        sizes = list(map(measure, texts))
        most = max(sizes, default=0)
        counts = Counter(sizes)
        full = sum(n for size, n in counts.items() if size >= most - slack)
        longish = sum(n for size, n in counts.items() if size > most / 2)
        if most >= 20 and full >= _MIN_FULL_LINES and full * 4 >= longish and (best is None or full > best[0]):
            best = (full, measure, most, slack)   # the measure that finds the most full lines fits best
    return best[1:] if best else None


def _too_few_full(by_length: list[str], measure: Callable[[str], int], slack: int) -> bool:
    """Whether fewer than _MIN_FULL_LINES lines reach the widest line's columns, measuring only the
    lines long enough to (columns are at most twice the characters), longest first."""
    most, sizes = 0, []
    for text in by_length:
        if 2 * len(text) < most - slack:
            break                                     # this line and every shorter one cannot be full
        size = measure(text)
        sizes.append(size)
        most = max(most, size)
    return sum(size >= most - slack for size in sizes) < _MIN_FULL_LINES


def wrap_breaks(text: str) -> list[tuple[int, int]]:
    """(offset, length) of every line end in `text` that wraps a paragraph rather than ends one: the
    line before it is full, the line after it opens no item, label or indented paragraph, and a line
    ending a sentence ends its paragraph unless paragraphs open indented. Empty if the text was not
    hard-wrapped."""
    found = _measure(text.split("\n") if "\r" not in text else [line.text for line in _lines(text)])
    if found is None:
        return []   # the usual text: its lines' offsets are never needed
    lines = _lines(text)
    measure, most, slack = found
    indents = sum(line.text.startswith(_INDENT) and len(line.text) > 2 for line in lines) >= _MIN_FULL_LINES
    breaks = []
    for line, following in zip(lines, lines[1:], strict=False):
        size = measure(line.text)
        if size < most - slack or not following.text or following.text.startswith(_INDENT):
            continue
        if size < most and measure(following.text[0]) <= most - size:
            continue                                  # the next character would have fitted
        if starts_item().match(normalise(following.text)) and not line.text.endswith(OPENS):
            continue
        if not indents and ends_paragraph(line.text):
            continue
        breaks.append((line.end, line.next_start - line.end))
    return breaks


Model = TypeVar("Model", bound=BaseModel)


class Unwrapped(NamedTuple):
    """`raw` with its wrap line ends taken out (`text`), and the way back."""

    raw: str
    text: str
    cuts: tuple[int, ...]        # offset in `text` where each removed line end stood
    shifts: tuple[int, ...]      # characters removed up to and including each cut

    @classmethod
    def of(cls, raw: str, breaks: list[tuple[int, int]]) -> Unwrapped:
        pieces, cuts, shifts = [], [], []
        last = removed = 0
        for offset, length in breaks:
            pieces.append(raw[last:offset])
            cuts.append(offset - removed)
            removed += length
            shifts.append(removed)
            last = offset + length
        pieces.append(raw[last:])
        return cls(raw, "".join(pieces), tuple(cuts), tuple(shifts))

    def start(self, offset: int) -> int:
        """Where the character at `offset` of the joined text stands in the decoded one."""
        i = bisect_right(self.cuts, offset)
        return offset + (self.shifts[i - 1] if i else 0)

    def end(self, offset: int) -> int:
        """Where an end offset (after the last character of a span) stands in the decoded text."""
        i = bisect_left(self.cuts, offset)
        return offset + (self.shifts[i - 1] if i else 0)

    def span(self, span: tuple[int, int]) -> tuple[int, int]:
        start = self.start(span[0])
        return start, max(start, self.end(span[1]))

    def restore(self, model: Model) -> Model:
        """`model` (a parse of the joined text) with every span moved onto the decoded text, and each
        surface that quoted its span (`text`, `raw`) re-quoted from the decoded text."""
        return _restored(model, self)


def _restored(value: Any, unwrapped: Unwrapped) -> Any:
    if isinstance(value, list):
        return [_restored(item, unwrapped) for item in value]
    if not isinstance(value, BaseModel):
        return value
    fields = {name: _restored(item, unwrapped) for name, item in value.__dict__.items()}
    span = fields.get("span")
    if span is not None:
        moved = unwrapped.span(span)
        for name in ("text", "raw"):
            if isinstance(fields.get(name), str) and fields[name] == unwrapped.text[span[0]:span[1]]:
                fields[name] = unwrapped.raw[moved[0]:moved[1]]
        fields["span"] = moved
    return type(value).model_construct(**fields)  # type: ignore[attr-defined]
