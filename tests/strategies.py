"""Hypothesis strategies shared by the property and robustness tests, and the invariant checks they run.

Two sources of text:
- `circular_text()`: random text over an alphabet biased to what circulars are made of (CJK, Chinese
  numerals, ASCII and full-width digits, the brackets and punctuation of item numbers and clauses,
  the characters of dates and periods, newlines and spaces), plus a "token soup" that strings real
  fragments together (item numbers, clauses, deadlines, page numbers) so markers actually occur;
- `mutated_circular()`: a realistic circular (tests/fixtures/circulars, data/raw) damaged the way real
  pages are: a line deleted, duplicated or swapped, the text cut, random characters or a page number
  line inserted, full-width punctuation turned half-width, LF turned CRLF.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from shuangguoban.models import Circular, Measure, walk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@lru_cache(maxsize=1)
def fixture_texts() -> tuple[tuple[str, str], ...]:
    """(name, text) of every realistic circular we mutate."""
    paths = sorted((HERE / "fixtures" / "circulars").glob("*.txt")) + sorted((ROOT / "data" / "raw").glob("*.txt"))
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in paths)


# --- random text -----------------------------------------------------------------------------------

CJK = "市县区局委办政府发展改革财政人力资源社会保障商务科技工业和信息化农业农村民政住房城乡建设牵头配合负责" \
      "按职责分工推进加快完成实现提升全年新增不低于以上以内达到力争确保各有关单位部门责任时限措施通知如下"
NUMERALS = "〇零一二两三四五六七八九十百千万亿"
DIGITS = "0123456789"
FULL_DIGITS = "０１２３４５６７８９"
PUNCT = "（）()、，。；：:;,.%％—-《》“”【】[]①②③㈠·/"
PERIODS = "年月日前底季度上下半末初号起止至"
SPACES = "\n\n\n  \u3000\t\r"

ALPHABET = CJK + NUMERALS * 2 + DIGITS * 2 + FULL_DIGITS + PUNCT * 2 + PERIODS * 2 + SPACES * 3

FRAGMENTS = [
    "一、", "二、", "三、", "四、", "（一）", "（二）", "（三）", "(一)", "(二)", "1.", "2.", "3.", "4.", "1．", "2．",
    "1、", "2、", "（1）", "（2）", "(3)", "①", "②", "第一条", "第二条", "一是", "二是",
    "\n", "\n", "\n", "。", "，", "；", "：", " ", "\u3000\u3000",
    "（市发展改革委牵头，市财政局配合）", "（市商务局、财政局按职责分工负责）", "(县水利局负责)", "（市民政局",
    "责任单位：市市场监管局、税务局", "牵头单位：市科技局", "完成时限：2024年6月底前", "由县政府督查室负责落实。",
    "2024年6月底前", "6月15日前", "615日", "年底前", "三季度末前", "上半年", "每月", "10月1日起", "到2025年底",
    "次年3月底前", "2024年5月23日", "二〇二四年五月二十三日", "每季度", "5个工作日内",
    "新增3000个以上", "增长6%左右", "不低于15亿元", "12.5万亩", "95％", "1.2万人", "2.3万亩", "第十二期", "国道310",
    "— 3 —", "-2-", "第3页", "附件：", "抄送：", "（此件公开发布）", "原文如下：", "各区人民政府，市政府各部门：",
    "青屿市人民政府办公室", "青政办〔2025〕14号", "发文字号: 汝政办〔2025〕21号", "成文日期: 2025-05-06",
    "以下均需市政府督查室督促落实，不再列出。", "“7+10+N”",
]


def random_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """st.text over the biased alphabet, with a few arbitrary code points mixed in."""
    char = st.one_of(st.sampled_from(ALPHABET), st.sampled_from(ALPHABET), st.sampled_from(ALPHABET), st.characters())
    return st.text(alphabet=char, max_size=max_size)


def token_soup(max_tokens: int = 80) -> st.SearchStrategy[str]:
    """Real fragments of circulars and random characters, concatenated."""
    piece = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS), random_text(max_size=8))
    return st.lists(piece, max_size=max_tokens).map("".join)


def circular_text() -> st.SearchStrategy[str]:
    return st.one_of(random_text(), token_soup())


# --- mutations of realistic circulars ----------------------------------------------------------------

FULL_TO_HALF = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                              "（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "％": "%", "．": ".", "！": "!",
                              "？": "?", "\u3000": " "})
MUTATIONS = ("delete_line", "duplicate_line", "swap_lines", "cut", "insert_chars", "insert_page_line",
             "page_line_mid_sentence", "half_width", "crlf")


def _lines(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def mutation(draw, text: str) -> str:
    kind = draw(st.sampled_from(MUTATIONS))
    lines = _lines(text)
    if kind == "delete_line" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[:i] + lines[i + 1:])
    if kind == "duplicate_line" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[:i + 1] + lines[i:])
    if kind == "swap_lines" and len(lines) > 1:
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if kind == "cut":
        return text[:draw(st.integers(0, len(text)))]
    if kind == "insert_chars":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.one_of(random_text(max_size=6), st.sampled_from(FRAGMENTS))) + text[at:]
    if kind == "insert_page_line" and lines:
        i = draw(st.integers(0, len(lines)))
        page = draw(st.sampled_from(["— {} —", "-{}-", "第{}页", "— {} —  "])).format(draw(st.integers(1, 99)))
        return "\n".join(lines[:i] + [page] + lines[i:])
    if kind == "page_line_mid_sentence":
        at = draw(st.integers(0, len(text)))
        return text[:at] + f"\n— {draw(st.integers(1, 99))} —\n" + text[at:]
    if kind == "half_width":
        return text.translate(FULL_TO_HALF)
    if kind == "crlf":
        return text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


@st.composite
def mutated_circular(draw, max_mutations: int = 3) -> str:
    """A fixture circular with one to `max_mutations` damages applied in turn."""
    _, text = draw(st.sampled_from(fixture_texts()))
    for _ in range(draw(st.integers(1, max_mutations))):
        text = draw(mutation(text))
    return text


# --- the invariants -------------------------------------------------------------------------------

def _check_piece(text: str, what: str, surface: str, span: tuple[int, int] | None, inside: tuple[int, int]) -> None:
    assert span is not None, f"{what} {surface!r} has no span"
    s, e = span
    assert 0 <= s <= e <= len(text), f"{what} {surface!r} span {span} out of range 0..{len(text)}"
    assert text[s:e] == surface, f"{what} span {span} gives {text[s:e]!r}, reported {surface!r}"
    assert inside[0] <= s and e <= inside[1], f"{what} {surface!r} at {span} lies outside its measure {inside}"


def check_spans(text: str, circular: Circular) -> None:
    """Every reported surface is exactly text[start:end], in range, and inside its measure."""
    assert circular.source.length == len(text)
    for m in walk(circular.measures):
        s, e = m.span
        assert 0 <= s <= e <= len(text), f"measure {m.path} span {m.span} out of range"
        assert text[s:e] == m.text, f"measure {m.path} text is not text[{s}:{e}]"
        for d in m.deadlines:
            _check_piece(text, "deadline", d.text, d.span, m.span)
        for t in m.time_expressions:
            _check_piece(text, "time expression", t.text, t.span, m.span)
        for t in m.targets:
            _check_piece(text, "target", t.text, t.span, m.span)
            if t.deadline is not None:
                _check_piece(text, "target deadline", t.deadline.text, t.deadline.span, m.span)
        for a in m.responsible_units:
            if a.inherited:
                assert a.span is None
                continue
            _check_piece(text, "agency", a.raw, a.span, m.span)
    for w in circular.warnings:
        if w.span is not None:
            assert 0 <= w.span[0] <= w.span[1] <= len(text), f"warning {w.code} span {w.span} out of range"


def _closes_a_section(gap: str) -> bool:
    from shuangguoban.lines import DATE_LINE, DISCLOSURE_LINE
    from shuangguoban.text import normalise

    lines = [line.strip(" ") for line in normalise(gap).split("\n")]
    return any(DATE_LINE.match(line) or DISCLOSURE_LINE.match(line) for line in lines)


def _check_siblings(text: str, siblings: list[Measure], where: str) -> None:
    for before, after in zip(siblings, siblings[1:], strict=False):
        assert before.span[0] < before.span[1] <= after.span[0], \
            f"{where}: {before.path} {before.span} and {after.path} {after.span} overlap or are out of order"
        gap = text[before.span[1]:after.span[0]]
        # Only a signature block (a cover note's issuer and date) may stand between two items: after it
        # the forwarded plan's title and preamble are header, not measure.
        assert not gap.strip() or _closes_a_section(gap), \
            f"{where}: {gap!r} between {before.path} and {after.path} belongs to no measure"


def check_tree(text: str, circular: Circular) -> None:
    """Siblings disjoint and increasing; children inside their parents, after their parent's number;
    top-level measures (and siblings at every level) contiguous up to whitespace or a signature block
    that closes a cover note, so the body from the first measure's start to the last one's end is
    covered and no character of a measure is dropped."""
    _check_siblings(text, circular.measures, "top level")
    for m in walk(circular.measures):
        assert m.span[0] < m.span[1], f"measure {m.path} is empty"
        assert m.label and m.text[:1] == m.label[:1], f"measure {m.path} does not start at its number: {m.text[:10]!r}"
        for child in m.children:
            assert m.span[0] < child.span[0] and child.span[1] <= m.span[1], \
                f"child {child.path} {child.span} not inside {m.path} {m.span}"
            assert child.level == m.level + 1
        _check_siblings(text, m.children, f"under {m.path}")


def check_all(text: str, circular: Circular) -> None:
    assert isinstance(circular, Circular)
    check_spans(text, circular)
    check_tree(text, circular)


# --- bytes: encodings, marks and headers ------------------------------------------------------------

BYTE_PREFIXES = (b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>",
                 b"<!DOCTYPE html>", b"<?xml version='1.0'?>", b"\x89PNG", b"\x00")
ENCODINGS = ("utf-8", "gb18030", "big5hkscs", "utf-16-le", "latin-1 mojibake")


@st.composite
def circular_bytes(draw) -> bytes:
    """A slice of a fixture circular in some encoding, behind a mark or header, with random bytes inserted."""
    _, text = draw(st.sampled_from(fixture_texts()))
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding == "latin-1 mojibake":
        body = text.encode("utf-8").decode("latin-1").encode("utf-8")
    else:
        body = text.encode(encoding, errors="replace")
    start = draw(st.integers(0, len(body)))
    body = body[start:draw(st.integers(start, len(body)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(max_size=16)) + body[at:]
    return draw(st.sampled_from(BYTE_PREFIXES)) + body
