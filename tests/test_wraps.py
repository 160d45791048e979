"""Print-layout text: a circular saved hard-wrapped (N characters, or N display columns, a line) reads
like its paragraphs, a figure, date or agency cut by a line end read whole, and every span indexes
the text as decoded, the surface quoting what the span covers (`3.\\n5万人`)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from conftest import ROOT, all_circulars, reflowable_circulars
from shuangguoban.models import Circular, plain_data, walk
from shuangguoban.pipeline import parse_circular
from shuangguoban.wraps import Unwrapped, ends_paragraph, wrap_breaks
from strategies import check_all

SAMPLE = (ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt").read_text(encoding="utf-8")

# An invented circular: paragraphs open with a two-space indent, some digits are full-width.
CIRCULAR = """岚山县人民政府关于印发岚山县县域商业体系建设实施方案的通知
岚政〔2025〕9号
各乡镇人民政府，县政府各部门：
　　现将《岚山县县域商业体系建设实施方案》印发给你们，请认真组织实施。
岚山县人民政府
2025年2月20日
岚山县县域商业体系建设实施方案
　　为加快补齐农村商业设施短板，推动县域商业高质量发展，结合我县实际，制定本方案。
一、完善县乡村三级物流配送体系
　　（一）建设县级物流配送中心。整合邮政、快递和供销社物流资源，推动共同配送和统仓共配，到2025年底建成县级物流配送中心２个、乡镇快递物流站点１８个，村级寄递物流综合服务站覆盖率达到９５%以上。（县商务局牵头，县交通运输局、县邮政管理局配合）
　　（二）提升农产品上行能力。支持农产品产地冷藏保鲜设施建设，新增冷库库容1.25万吨，培育电商带头人300名，农产品网络零售额增长12.5%。6月底前完成冷链设施摸底。（县农业农村局牵头，县商务局、县市场监督管理局配合）
二、改造提升乡镇商贸中心
　　（一）推进商贸中心改造。引导连锁商贸企业向乡镇下沉，改造提升乡镇商贸中心8个，新建和改造农贸市场3个，2025年9月30日前全部投入运营。（县商务局负责）
"""


def wrap(text: str, n: int, by: str = "chars", newline: str = "\n") -> str:
    """`text` hard-wrapped: n characters a line, or n display columns (a wide character two; with
    `cjk-columns`, an ambiguous one such as “ too)."""
    def columns(ch: str) -> int:
        return 2 if unicodedata.east_asian_width(ch) in ("WFA" if by == "cjk-columns" else "WF") else 1

    out = []
    for paragraph in text.splitlines():
        line, width = "", 0
        for ch in paragraph:
            size = 1 if by == "chars" else columns(ch)
            if width + size > n:
                out.append(line)
                line, width = "", 0
            line += ch
            width += size
        out.append(line)
    return newline.join(out) + newline


def facts(circular: Circular) -> dict[str, list]:
    """What a reader compares, a wrap's line end taken out of the quoted surfaces."""
    def flat(s: str) -> str:
        return s.replace("\r", "").replace("\n", "")

    measures = list(walk(circular.measures))
    return {
        "meta": [circular.title, circular.issuer, circular.doc_number, circular.date, circular.recipients],
        "measures": [(m.path, m.title) for m in measures],
        "targets": [(m.path, flat(t.text), t.value, t.unit, t.comparator) for m in measures for t in m.targets],
        "deadlines": [(m.path, flat(d.text), d.end) for m in measures for d in m.deadlines],
        "agencies": [(m.path, a.name, a.role) for m in measures for a in m.responsible_units],
    }


def parsed(text: str) -> Circular:
    circular = parse_circular(text)
    check_all(text, circular)
    assert Circular.model_validate(plain_data(circular)) == circular
    return circular


def test_the_invented_circular_as_laid_out():
    found = facts(parsed(CIRCULAR))
    assert ("一/（二）", "1.25万吨", Decimal("12500"), "吨", "eq") in found["targets"]
    assert ("一/（一）", "９５%", Decimal("95"), "%", "gte") in found["targets"]
    assert len(found["measures"]) == 5 and len(found["agencies"]) == 7 and len(found["deadlines"]) == 3


@pytest.mark.parametrize(("n", "by"), [(30, "chars"), (33, "chars"), (41, "chars"), (52, "chars"), (60, "chars"),
                                       (60, "columns"), (75, "columns"), (97, "columns"), (120, "columns"),
                                       (64, "cjk-columns"), (91, "cjk-columns")])
@pytest.mark.parametrize("name", ["sample", "invented"])
def test_hard_wrapped_text_reads_like_its_paragraphs(name, n, by):
    text = {"sample": SAMPLE, "invented": CIRCULAR}[name]
    wrapped = wrap(text, n, by)
    assert wrap_breaks(wrapped)
    assert facts(parsed(wrapped)) == facts(parsed(text))


@pytest.mark.parametrize(("n", "by"), [(30, "chars"), (47, "chars"), (64, "columns"), (101, "columns"),
                                       (64, "cjk-columns"), (91, "cjk-columns")])
@pytest.mark.parametrize("name", ["sample", "invented"])
def test_every_wrap_is_found_but_where_a_sentence_ends_a_full_line(name, n, by):
    text = {"sample": SAMPLE, "invented": CIRCULAR}[name]
    wrapped = wrap(text, n, by)
    joined = Unwrapped.of(wrapped, wrap_breaks(wrapped)).text.splitlines()
    # each paragraph comes back whole, or cut only after a sentence's end where paragraphs open flush
    lines = iter(joined)
    for paragraph in text.splitlines():
        pieces = [next(lines)]
        while "".join(pieces) != paragraph:
            assert paragraph.startswith("".join(pieces)), (paragraph, pieces)
            assert ends_paragraph(pieces[-1]) and name == "sample", pieces[-1]
            pieces.append(next(lines))
    assert next(lines, None) is None


def test_a_figure_cut_by_the_wrap_is_quoted_with_its_line_end():
    wrapped = wrap(SAMPLE, 45)
    assert "新增技能人才3.\n5万人以上" in wrapped and "推出20\n条旅游线路" in wrapped
    targets = {t.text: t for m in walk(parsed(wrapped).measures) for t in m.targets}
    assert targets["3.\n5万人"].value == Decimal("35000")
    assert targets["20\n条"].value == Decimal("20")
    start, end = targets["3.\n5万人"].span
    assert wrapped[start:end] == "3.\n5万人"


def test_crlf_line_ends_are_taken_out_whole():
    wrapped = wrap(CIRCULAR, 37, newline="\r\n")
    circular = parsed(wrapped)
    assert facts(circular) == facts(parsed(CIRCULAR))
    cut = [t for m in walk(circular.measures) for t in m.targets if "\r\n" in t.text]
    assert cut, "the fixture should cut a figure at 37 characters"


def test_text_laid_out_a_paragraph_a_line_is_left_alone():
    for path in all_circulars():
        assert wrap_breaks(path.read_text(encoding="utf-8")) == [], path.name
    assert wrap_breaks(CIRCULAR) == []


def test_which_line_ends_are_wraps():
    lines = ["澄江市加快推进重点项目建设，完成投资十二亿", "元，全市新增就业岗位1200个，上半年3.", "5万个，全年推出精品乡村旅游线路不少于20",
             "条。", "二、保障措施", "（一）加强组织领导，层层压实各级工作责任。", "各地要结合实际，抓好贯彻落实工作。",
             "澄江市人民政府办公室"]
    assert [len(line) for line in lines] == [21, 21, 21, 2, 6, 21, 17, 10]
    text = "\n".join(lines) + "\n"
    ends = [i for i, ch in enumerate(text) if ch == "\n"]
    # the first two full lines wrap; the third too; a heading, a clause and a short line do not,
    # and neither does a full line ending a sentence where paragraphs open flush
    assert [offset for offset, _ in wrap_breaks(text)] == ends[:3]


def test_a_column_wrapped_line_one_short_is_full_only_before_a_wide_character():
    # 20 columns: a line of 19 holds no more when the next character is wide.
    lines = ["推进项目建设投资十2", "亿元，新增岗位一千二", "百个，推出精品线路a", "b条"]
    text = "\n".join(lines) + "\n"
    assert [sum(2 if ord(ch) > 0x2000 else 1 for ch in line) for line in lines] == [19, 20, 19, 3]
    ends = [i for i, ch in enumerate(text) if ch == "\n"]
    assert [offset for offset, _ in wrap_breaks(text + text + text)] == [ends[0], ends[1]] + \
        [len(text) + ends[0], len(text) + ends[1]] + [2 * len(text) + ends[0], 2 * len(text) + ends[1]]


def test_offsets_map_back_across_the_cuts():
    raw = "ab\ncd\r\nef"
    unwrapped = Unwrapped.of(raw, [(2, 1), (5, 2)])
    assert unwrapped.text == "abcdef"
    assert [unwrapped.start(i) for i in range(6)] == [0, 1, 3, 4, 7, 8]
    assert [unwrapped.end(i) for i in range(1, 7)] == [1, 2, 4, 5, 8, 9]
    assert unwrapped.span((1, 3)) == (1, 4) and raw[1:4] == "b\nc"   # a span across a cut covers it
    assert unwrapped.span((2, 2)) == (3, 3)


def test_the_ledger_shows_a_cut_figure_whole():
    from shuangguoban.ledger import ledger_rows, target_rows

    wrapped = wrap(SAMPLE, 45)
    assert list(ledger_rows(parsed(wrapped))) == list(ledger_rows(parsed(SAMPLE)))
    assert list(target_rows(parsed(wrapped))) == list(target_rows(parsed(SAMPLE)))


@pytest.mark.parametrize("path", reflowable_circulars(), ids=lambda p: p.stem)
def test_every_test_circular_hard_wrapped_reads_the_same(path):
    # A wrap that exactly fills a heading's line cannot be told from a wrapped paragraph, nor can a
    # text printed twice at two widths: the widths here avoid such coincidences in our circulars.
    text = path.read_text(encoding="utf-8")
    want = facts(parsed(text))
    for n, by in ((31, "chars"), (44, "chars"), (57, "chars"), (86, "columns"), (100, "cjk-columns")):
        assert facts(parsed(wrap(text, n, by))) == want, (n, by)


@pytest.mark.parametrize(("line", "ends"), [
    ("现提出以下重点工作措施。", True),
    ("请各单位认真贯彻落实，确保各项任务按期完成：", True),
    ("力争全年新增就业3.5万人。（市人力资源社会保障局负责）", True),
    ("（市财政局牵头，市税务局配合）", True),
    ("为深入贯彻《海澄省人民政府关于做好稳就业工作的意见》（海政发〔2024〕33号）", False),
    ("全年新增就业3.5万人以上；", False),
    ("推动企业数字化转型，新增智能工厂（车间）", False),
])
def test_which_full_lines_may_end_a_flush_paragraph(line, ends):
    assert ends_paragraph(line) is ends


def test_a_line_ending_in_an_open_bracket_goes_on_into_a_label():
    lines = ["（一）拓宽高校毕业生就业渠道，全年开发见习岗位3000个。（", "责任单位：市人力资源社会保障局、市教育局）",
             "（二）加强职业技能培训，全年完成补贴性培训1.2万人次以上，", "新增技能人才5000人。（责任单位：市人力资源社会保障局）",
             "（三）强化困难群体就业援助，确保零就业家庭动态清零，全年累计", "帮扶就业困难人员就业800人。（责任单位：市民政局）"]
    assert [len(line) for line in lines] == [30, 21, 30, 29, 30, 26]
    text = "\n".join(lines) + "\n"
    ends = [i for i, ch in enumerate(text) if ch == "\n"]
    assert [offset for offset, _ in wrap_breaks(text)] == [ends[0], ends[2], ends[4]]
    targets = [t.text for m in walk(parsed(text).measures) for t in m.targets]
    assert targets == ["3000个", "1.2万人次", "5000人", "800人"]
