"""Portal metadata on an HTML page: label lines (索引号：… 发文字号：… 成文日期：…) → (label, value) pairs.

The labels are the table `metadata_labels` (and `stop_labels`, which end a value) in
`rules/html_chrome.yaml`; a label may stand alone on its line with its value on the next.
"""

from __future__ import annotations

import regex

from ..lazy import once
from . import chrome_rules


# Metadata: a line that starts with a portal label (索引号：… 发文字号：…).
@once
def _label_pattern() -> regex.Pattern:
    rules = chrome_rules()
    labels = sorted([*rules["metadata_labels"], *rules["stop_labels"]], key=len, reverse=True)
    spaced = ["[ \u3000]*".join(regex.escape(ch) for ch in label) for label in labels]
    return regex.compile(r"(?P<label>" + "|".join(spaced) + r")[ \u3000]*(?:[:：][ \u3000]*|(?=\s)|$)")


_DATE_VALUE = regex.compile(r"[0-9]{4}[ ]*[-年/.][ ]*[0-9]{1,2}[ ]*[-月/.][ ]*[0-9]{1,2}[ ]*日?")


def metadata_pairs(line: str, *, colon: bool = False) -> list[tuple[str, str]]:
    """(label as the parser reads it, value) pairs of a portal metadata line, or [] when the line
    does not start with a metadata label. `colon` requires a colon after the first label."""
    rules = chrome_rules()
    text = line.strip(" \u3000\t")
    found = [m for m in _label_pattern().finditer(text) if m.start() == 0 or text[m.start() - 1] in " \u3000\t|｜】]"]
    if not found or found[0].start() != 0:
        return []
    if colon and not regex.search(r"[:：]", found[0].group(0)):
        return []
    pairs = []
    for i, m in enumerate(found):
        label = regex.sub(r"[ \u3000]", "", m.group("label"))
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[m.end():end].strip(" \u3000\t|｜")
        cut = regex.search(r"[【\[]", value)
        if cut:
            value = value[:cut.start()].rstrip()
        canonical = rules["metadata_labels"].get(label)
        if canonical is None or not value or len(value) > 200:
            continue
        if canonical in rules["date_labels"]:
            date = _DATE_VALUE.search(value)
            value = date.group(0).strip() if date else value
        pairs.append((canonical, value))
    return pairs


def _label_only(line: str) -> str | None:
    """The canonical label when the line is a bare label (索引号：) whose value is on the next line."""
    text = line.strip(" \u3000\t")
    m = _label_pattern().fullmatch(text)
    return chrome_rules()["metadata_labels"].get(regex.sub(r"[ \u3000]", "", m.group("label"))) if m else None


def collect_metadata(lines: list[str], *, colon: bool) -> tuple[list[tuple[str, str]], set[int]]:
    pairs: list[tuple[str, str]] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        found = metadata_pairs(line, colon=colon)
        if found:
            pairs.extend(found)
            used.add(i)
            continue
        label = _label_only(line)
        if label and i + 1 < len(lines) and not metadata_pairs(lines[i + 1]) and not _label_only(lines[i + 1]):
            value = lines[i + 1].strip(" \u3000")
            if 0 < len(value) <= 200:
                pairs.append((label, value))
                used.update((i, i + 1))
    return pairs, used
