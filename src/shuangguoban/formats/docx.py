"""DOCX: a Word document → its paragraphs and tables in body order, list numbers printed.

python-docx opens the package (imported inside `docx_text`); the body, numbering and styles are read
from their XML, so Word's automatic list labels (一、 （一） 1.) come out as Word prints them.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field

from ..errors import InputError
from . import _clean_line, _missing, _reason
from .tables import Cell, table_lines

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _wval(el, name: str = "val") -> str | None:
    return None if el is None else el.get(_w(name))


# Word's own limits: list counters stop at 32767, a table has at most 63 columns. A file that says
# more (start=1000000000000000, gridSpan=100000000) would take hours or gigabytes to print.
MAX_COUNTER = 32767
MAX_COLUMNS = 63
MAX_PARTS = 2000                  # entries in the package
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")


def _int(value: str | None, default: int | None, low: int = -MAX_COUNTER, high: int = MAX_COUNTER) -> int | None:
    """An attribute as an integer held to [low, high]; `default` when it is missing or not an integer."""
    if value is None or not _INTEGER.fullmatch(value.strip()):
        return default
    return max(low, min(int(value), high))


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def chinese_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """Chinese counting as Word prints it: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    if 10 <= n < 20 and digits is _CN_DIGITS:
        return units[0] + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            if zero:
                out += digits[0]
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's numFmt styles."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting"):
        return chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return chinese_count(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return _PAREN_DIGITS[n - 1] if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * min((n - 1) // 26 + 1, 8)   # AA, BBB… held to 8 letters
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str
    legal: bool


def _read_level(lvl) -> _Level:
    start = _wval(lvl.find(_w("start")))
    return _Level(
        start=_int(start, 1, 0) or 0,
        fmt=_wval(lvl.find(_w("numFmt"))) or "decimal",
        text=_wval(lvl.find(_w("lvlText"))) or "",
        suffix=_wval(lvl.find(_w("suff"))) or "tab",
        legal=lvl.find(_w("isLgl")) is not None and _wval(lvl.find(_w("isLgl"))) not in ("0", "false"),
    )


@dataclass(slots=True)
class Numbering:
    """Word's list numbering: the level definitions, and the counters as the document is read.

    Counters belong to the abstract list, so two numIds that share one continue each other (as Word
    does); a numId whose levels carry a startOverride restarts them where it is first used."""

    abstracts: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = field(default_factory=dict)
    level_styles: dict[str, tuple[str, int]] = field(default_factory=dict)   # styleId → (abstractId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, root) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iterfind(_w("abstractNum")):
            abstract_id = _wval(abstract, "abstractNumId") or ""
            levels = {}
            for lvl in abstract.iterfind(_w("lvl")):
                ilvl = _int(_wval(lvl, "ilvl"), 0) or 0
                levels[ilvl] = _read_level(lvl)
                style = _wval(lvl.find(_w("pStyle")))
                if style:
                    numbering.level_styles[style] = (abstract_id, ilvl)
            numbering.abstracts[abstract_id] = levels
        for num in root.iterfind(_w("num")):
            num_id = _wval(num, "numId") or ""
            abstract_id = _wval(num.find(_w("abstractNumId"))) or ""
            starts: dict[int, int] = {}
            redefined: dict[int, _Level] = {}
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = _int(_wval(override, "ilvl"), 0) or 0
                start = _int(_wval(override.find(_w("startOverride"))), None, 0)
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    redefined[ilvl] = _read_level(lvl)
            numbering.nums[num_id] = (abstract_id, starts, redefined)
        return numbering

    def ilvl_for_style(self, style_id: str, num_id: str) -> int:
        found = self.level_styles.get(style_id)
        entry = self.nums.get(num_id)
        return found[1] if found and entry and found[0] == entry[0] else 0

    def label(self, num_id: str, ilvl: int) -> str:
        """The visible label (一、 （一） 1.) of the next paragraph in list `num_id` at level `ilvl`."""
        entry = self.nums.get(num_id)
        if entry is None or num_id == "0":
            return ""
        abstract_id, starts, redefined = entry
        levels = {**self.abstracts.get(abstract_id, {}), **redefined}
        level = levels.get(ilvl)
        if level is None or not 0 <= ilvl < 9:
            return ""
        counts = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for k in starts:
                if 0 <= k < 9:
                    counts[k:] = [None] * (9 - k)

        def start_of(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 1)

        current = counts[ilvl]
        counts[ilvl] = start_of(ilvl) if current is None else min(current + 1, MAX_COUNTER)
        counts[ilvl + 1:] = [None] * (8 - ilvl)
        if level.fmt == "bullet":
            return "" if any("\ue000" <= c <= "\uf8ff" for c in level.text) or not level.text.strip() else level.text + " "

        def render(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < 9:
                return ""
            count = counts[k]
            value = count if count is not None else start_of(k)
            fmt = levels[k].fmt if k in levels else "decimal"
            if level.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", render, level.text)
        if not text:
            return ""
        if level.suffix == "nothing" or text[-1] in "、，,.．:：)）]】〕 ":
            return text
        return text + " "


def _style_numbering(styles_root) -> dict[str, tuple[str | None, int | None]]:
    """styleId → (numId, ilvl) from the style or the styles it is based on."""
    own: dict[str, tuple[str | None, int | None, str | None]] = {}
    if styles_root is None:
        return {}
    for style in styles_root.iterfind(_w("style")):
        style_id = _wval(style, "styleId")
        if not style_id:
            continue
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        style_num = _wval(num_pr.find(_w("numId"))) if num_pr is not None else None
        style_ilvl = _wval(num_pr.find(_w("ilvl"))) if num_pr is not None else None
        own[style_id] = (style_num, _int(style_ilvl, None, 0),
                         _wval(style.find(_w("basedOn"))))
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for style_id in own:
        current: str | None = style_id
        seen = set()
        while current and current in own and current not in seen:
            seen.add(current)
            num_id, ilvl, based = own[current]
            if num_id is not None:
                resolved[style_id] = (num_id, ilvl)
                break
            current = based
    return resolved


class _DocxReader:
    def __init__(self, numbering: Numbering, style_numbers: dict[str, tuple[str | None, int | None]]) -> None:
        self.numbering = numbering
        self.style_numbers = style_numbers

    def blocks(self, parent) -> list[str]:
        lines: list[str] = []
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _w("p"):
                lines.extend(self.paragraph(child))
            elif tag == _w("tbl"):
                lines.extend(table_lines(self.table(child)))
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if content is not None:
                    lines.extend(self.blocks(content))
        return lines

    def label(self, p) -> str:
        ppr = p.find(_w("pPr"))
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _wval(num_pr.find(_w("numId")))
            level = _wval(num_pr.find(_w("ilvl")))
            ilvl = _int(level, None, 0)
        style_id = _wval(ppr.find(_w("pStyle"))) if ppr is not None else None
        if num_id is None and style_id and style_id in self.style_numbers:
            num_id, style_ilvl = self.style_numbers[style_id]
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None:
            return ""
        if ilvl is None:
            ilvl = self.numbering.ilvl_for_style(style_id or "", num_id)
        return self.numbering.label(num_id, ilvl)

    def paragraph(self, p) -> list[str]:
        label = self.label(p)
        text = "".join(_run_text(p))
        pieces = [_clean_line(piece.replace("\t", " ")) for piece in text.split("\n")]
        pieces = [piece for piece in pieces if piece.strip(" \u3000")]
        if not pieces:
            return []
        pieces[0] = label + pieces[0].lstrip(" \u3000") if label else pieces[0]
        return pieces

    def table(self, tbl) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        above: dict[int, list[str]] = {}
        for tr in tbl.iterfind(_w("tr")):
            row: list[Cell] = []
            col = 0
            before = _wval(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"))
            for _ in range(_int(before, 0, 0, MAX_COLUMNS) or 0):
                row.append(Cell([], "left"))
                col += 1
            for tc in _row_cells(tr):
                tc_pr = tc.find(_w("tcPr"))
                span_val = _wval(tc_pr.find(_w("gridSpan"))) if tc_pr is not None else None
                span = _int(span_val, 1, 1, MAX_COLUMNS) or 1
                v_merge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
                paras: list[str] = []
                for block in tc.iterchildren():
                    if block.tag == _w("p"):
                        paras.extend(self.paragraph(block))
                    elif block.tag == _w("tbl"):
                        paras.extend(table_lines(self.table(block)))
                if v_merge is not None and _wval(v_merge) != "restart":
                    row.append(Cell(list(above.get(col, [])), "up"))
                else:
                    row.append(Cell(paras))
                    above[col] = paras
                for _ in range(span - 1):
                    col += 1
                    row.append(Cell([], "left"))
                col += 1
            rows.append(row)
        return rows


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _row_cells(content)


_SKIP_IN_RUNS = {_w("txbxContent"), f"{{{_MC}}}Fallback", _w("rt"), _w("del"), _w("moveFrom"),
                 _w("footnoteReference"), _w("endnoteReference"), _w("commentReference"), _w("instrText"), _w("delText")}


def _run_text(node):
    """The visible text of a paragraph: text, tabs and line breaks, not deleted text or text boxes."""
    for child in node.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_RUNS or tag == _w("pPr") or tag == _w("rPr"):
            continue
        if tag == _w("t"):
            yield child.text or ""
        elif tag in (_w("tab"), _w("ptab")):
            yield "\t"
        elif tag in (_w("br"), _w("cr")):
            yield "\n"
        elif tag == _w("noBreakHyphen"):
            yield "-"
        else:
            yield from _run_text(child)


def prepare_docx(data: bytes, where: str) -> None:
    """Refuse a package that would expand past the limit (a zip bomb) before anything inflates it,
    and import python-docx here rather than in the reader's child process."""
    import zipfile

    from ..loader import MAX_BYTES

    try:
        import docx  # noqa: F401
    except ImportError:
        raise _missing("docx", where) from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{where}: not a readable .docx document ({_reason(exc)})") from None
    if len(entries) > MAX_PARTS:
        raise InputError(f"{where}: a .docx package with {len(entries)} parts (more than {MAX_PARTS}); refused")
    # zipfile stops at the size an entry declares (a lie fails its CRC), so the declared sizes bound it.
    xml = sum(e.file_size for e in entries if not e.filename.startswith("word/media/"))
    total = sum(e.file_size for e in entries)
    if xml > MAX_BYTES or total > 4 * MAX_BYTES:
        raise InputError(f"{where}: the .docx expands to {max(xml, total) >> 20} MB, over the "
                         f"{MAX_BYTES >> 20} MB limit for one circular (a zip bomb?)")


def docx_text(data: bytes, where: str) -> str:
    """The text of a .docx document: paragraphs and tables in body order, list numbers printed."""
    try:
        import docx
    except ImportError:
        raise _missing("docx", where) from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise InputError(f"{where}: not a readable .docx document ({_reason(exc)})") from None
    numbering_root = styles_root = None
    with contextlib.suppress(KeyError, NotImplementedError, AttributeError):
        numbering_root = document.part.numbering_part.element
    with contextlib.suppress(KeyError, NotImplementedError, AttributeError):
        styles_root = document.styles.element
    reader = _DocxReader(Numbering.read(numbering_root), _style_numbering(styles_root))
    lines = reader.blocks(body)
    return "\n".join(lines) + "\n" if lines else ""
