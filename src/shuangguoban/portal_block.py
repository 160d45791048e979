"""A portal's metadata block as it reaches the text: label lines (索引号：… 发文字号：… 成文日期：…) and
their values, as spans.

The labels are `metadata_labels` of rules/headings.yaml, each mapped to the field it fills, and
`metadata_stop_labels` (信息来源：, 浏览次数：) that end a value and are not kept. `metadata.py` reads
the fields from these spans.
"""

from __future__ import annotations

import re

from .lazy import once
from .lines import Line, headings, line_text, lines_of, pieces_matching
from .text import DocText
from .tree import marker_at

# A label ends at a colon, or at a table cell's bar (发布文号 | X |); on a portal line printed without
# colons (发布机构 某市商务局 文 号 某商务〔2023〕1号) at the spaces after it.
_LABEL_END = r"[ ]{0,4}[:|][ ]{0,4}"


@once
def _metadata_label() -> re.Pattern:
    return re.compile(r"(?P<label>" + _metadata_labels(stops=True) + r")" + _LABEL_END)


@once
def _bare_label() -> re.Pattern:
    """A label without a colon: at the start of the line or after a space, spaces after it."""
    return re.compile(r"(?:^|(?<=[ ]))(?P<label>" + _metadata_labels(stops=True, after_space=True) + r")[ ]+(?=[^ :|])")


@once
def _label_opening() -> re.Pattern:
    """A line (or a run-on piece) opening with the first two characters of a label or a stop label,
    letter-spaced or not: every line `metadata_line` finds opens so."""
    rules = headings()
    pairs = {label[:2] for label in [*rules["metadata_labels"], *rules["metadata_stop_labels"]]}
    return re.compile(r"^[ ]*(?:" + "|".join(re.escape(a) + "[ ]{0,8}" + re.escape(b) for a, b in sorted(pairs))
                      + ")", re.M)


def metadata_lines(norm: str, pieces: list[Line]) -> set[int]:
    """Starts of the lines and run-on pieces that open with a metadata label (see `metadata_line`)."""
    opening = _label_opening()
    if not opening.search(norm) and not any(opening.match(norm[p.start:p.end]) for p in pieces):
        return set()
    return lines_of(metadata_line(), norm) | pieces_matching(norm, pieces, metadata_line())


@once
def metadata_line() -> re.Pattern:
    """A line that starts with a metadata label, found in the whole text at once (see `lines.lines_of`):
    a label with its colon or bar; a long label (three characters or more) followed by spaces and a
    value; or a stop label (来源：) followed on the same line by a label (日期：)."""
    labels = _metadata_labels(after_space=True)
    stops = _metadata_labels(stops=True, only_stops=True, after_space=True)
    return re.compile(r"^[ ]*(?P<body>(?:" + labels + r")" + _LABEL_END + r"|(?:" + _metadata_labels(min_length=3)
                      + r")[ ]+(?=[^ :|])|(?:" + stops + r")[ ]{0,4}:[^\n]*?[ ](?:" + labels + r")[ ]{0,4}:)", re.M)


def _metadata_labels(stops: bool = False, only_stops: bool = False, min_length: int = 1, after_space: bool = False) -> str:
    """The labels as one alternation, longest first, each letter-spaced or not (标      题, 文 号).
    A two-character label that ends others (日期 in 成文日期) counts only where no word runs into it,
    which a label `after_space` (at a line start or after a space) always is."""
    rules = headings()
    labels = [] if only_stops else [*rules["metadata_labels"]]
    labels += rules["metadata_stop_labels"] if stops or only_stops else []
    labels = sorted((label for label in labels if len(label) >= min_length), key=len, reverse=True)
    spaced = ["[ ]{0,8}".join(map(re.escape, label)) for label in labels]
    long = [label for label, text in zip(spaced, labels, strict=True) if len(text) > 2]
    short = spaced[len(long):]   # the short ones come last: one look-behind for them all
    if not short or after_space:
        return "|".join(long + short)
    return "|".join([*long, r"(?<![\u4e00-\u9fff])(?:" + "|".join(short) + ")"])


def read_metadata_block(doc: DocText, line: Line) -> list[tuple[str, int, int]]:
    """Label–value pairs of a portal metadata line (索引号：… 发文字号：…), values as spans. A stop label
    (信息来源：, 浏览次数：) ends the value before it and is not kept."""
    text = line_text(doc, line)
    pattern = _metadata_label()
    if not pattern.match(text):
        pattern = _bare_label()
        if not pattern.match(text):
            return []
    labels = list(pattern.finditer(text))
    fields = headings()["metadata_labels"]
    pairs = []
    for i, label in enumerate(labels):
        name = fields.get(label.group("label").replace(" ", ""))
        value_end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[label.end():value_end].rstrip(" |")
        if value and name:
            pairs.append((name, line.start + label.end(), line.start + label.end() + len(value)))
    return pairs


def value_below(doc: DocText, lines: list[Line], i: int, labelled: set[int]) -> tuple[str, Line] | None:
    """(label, value line) when lines[i] is one bare label (发文机关：) and the next line is its value."""
    label = re.fullmatch(r"(?P<label>" + _metadata_labels(after_space=True) + r")[ ]{0,4}[:|]", line_text(doc, lines[i]))
    if label is None or i + 1 >= len(lines) or lines[i + 1].start in labelled:
        return None
    below = lines[i + 1]
    text = line_text(doc, below)
    if len(text) > 60 or marker_at(doc.norm, below.start, True) is not None or ":" in text:
        return None
    return label.group("label").replace(" ", ""), below


def read_label_line(doc: DocText, lines: list[Line], i: int, labelled: set[int]) -> tuple[list[tuple[str, int, int]], Line | None]:
    """The (field, value start, value end) pairs of the label line lines[i], and the line below it when
    that line is the value of a bare label (发文机关： / 某市人民政府办公室). A label line may hold no
    value at all (主题分类：)."""
    pairs = read_metadata_block(doc, lines[i])
    value = value_below(doc, lines, i, labelled) if not pairs else None
    if value is None:
        return pairs, None
    label, below = value
    return [(headings()["metadata_labels"][label], below.start, below.end)], below
