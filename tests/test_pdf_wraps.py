"""A PDF's line wraps are no breaks: a circular printed with its lines wrapped anywhere, inside a
number (`3.` / `5万人`), between a number and its unit (`20` / `条`), inside a date or an agency's
name, reads to the same targets, deadlines, agencies and measures as its text.

The PDFs are built here with reportlab, wrapped two ways: by character count (a text file printed as
it stands, N characters a line whatever their width) and by width (N ems a line, as a word processor
does), with and without first-line indents.
"""

from __future__ import annotations

import io
from functools import cache

import pytest

from conftest import ROOT, reflowable_circulars
from shuangguoban.loader import load_bytes
from shuangguoban.models import walk
from shuangguoban.pipeline import parse_circular

pytest.importorskip("reportlab")
pytest.importorskip("pdfplumber")

FONT = "STSong-Light"
SIZE = 10
SAMPLE = (ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt").read_text(encoding="utf-8")

# An invented circular whose figures, dates and agencies a wrap can fall inside.
CIRCULAR = """澄江市人民政府办公室关于印发澄江市稳就业促消费若干措施的通知
澄政办〔2025〕7号
各区县人民政府，市政府各部门：
《澄江市稳就业促消费若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。
澄江市人民政府办公室
2025年4月8日
澄江市稳就业促消费若干措施
为稳住就业基本盘，进一步释放消费潜力，结合我市实际，制定以下措施。
1.扩大就业容量。落实稳岗扩岗各项政策，加大重点群体就业帮扶力度，全年城镇新增就业3.5万人以上，开发公益性岗位1200个，9月底前完成离校未就业高校毕业生帮扶。（市人力资源社会保障局牵头，市财政局、市教育局配合）
2.培育消费新场景。围绕文旅融合打造特色消费品牌，持续擦亮城市名片，推出20条精品旅游线路，举办促消费活动不少于36场，11月底前建成夜间消费集聚区4个。（市商务局、市文化广电旅游局按职责分工负责）
3.稳定外贸规模。支持企业参加境外展会120家次，帮助企业拓市场、抢订单，进出口总额增长6.5%，2025年6月30日前新增外贸主体50家。（市商务局、澄江海关按职责分工负责）
"""


def wrap(paragraph: str, n: int, by: str) -> list[str]:
    """The printed lines of one paragraph: n characters each, or as many as fit in n ems."""
    if by == "chars":
        return [paragraph[i:i + n] for i in range(0, len(paragraph), n)] or [""]
    from reportlab.pdfbase import pdfmetrics

    lines, current = [], ""
    for ch in paragraph:
        if current and pdfmetrics.stringWidth(current + ch, FONT, SIZE) > n * SIZE:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current]


@cache
def pdf_of(text: str, n: int, by: str, indent: bool) -> bytes:
    """`text` printed on pages n characters (ems) wide, long paragraphs opening with a 2-em indent
    when `indent` (the indent takes two of the line's n characters when wrapping by count)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    margin, leading, height = 40, 16, 600
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(2 * margin + (n + 2) * SIZE, height))
    pdf.setFont(FONT, SIZE)
    y = height - margin
    for paragraph in text.splitlines():
        opens = indent and len(paragraph) > 24
        for i, line in enumerate(wrap("\u3000\u3000" * opens + paragraph, n, by)):
            if y < margin:
                pdf.showPage()
                pdf.setFont(FONT, SIZE)
                y = height - margin
            shown = line.lstrip("\u3000") if i == 0 else line
            pdf.drawString(margin + (len(line) - len(shown)) * SIZE, y, shown)
            y -= leading
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def facts(text: str) -> dict[str, list]:
    measures = list(walk(parse_circular(text).measures))
    return {
        "measures": [(m.path, m.title) for m in measures],
        "targets": [(m.path, t.text, t.value, t.unit) for m in measures for t in m.targets],
        "deadlines": [(m.path, d.text, d.end) for m in measures for d in m.deadlines],
        "agencies": [(m.path, a.name, a.role) for m in measures for a in m.responsible_units],
    }


@cache
def text_facts(text: str) -> dict[str, list]:
    return facts(text)


def pdf_facts(text: str, n: int, by: str, indent: bool = False) -> dict[str, list]:
    return facts(load_bytes(pdf_of(text, n, by, indent), "wrapped.pdf").text)


def splits(text: str, n: int, by: str, token: str) -> bool:
    """Whether wrapping `text` n a line breaks `token` across two lines."""
    for paragraph in text.splitlines():
        at = paragraph.find(token)
        if at < 0:
            continue
        ends, length = set(), 0
        for line in wrap(paragraph, n, by)[:-1]:
            length += len(line)
            ends.add(length)
        return any(at < end < at + len(token) for end in ends)
    raise AssertionError(f"{token} not in the text")


def test_the_sample_text_has_what_the_wraps_break():
    found = text_facts(SAMPLE)
    assert ("20", "3.5万人", ) in {t[:2] for t in found["targets"]}
    assert ("15", "20条") in {t[:2] for t in found["targets"]}
    assert len(found["measures"]) > 20 and len(found["agencies"]) > 50 and found["deadlines"]


@pytest.mark.parametrize("n", [30, 37, 45, 52, 60])
def test_sample_wrapped_by_count_reads_like_the_text(n):
    assert pdf_facts(SAMPLE, n, "chars") == text_facts(SAMPLE)


def test_the_count_wraps_break_numbers():
    # The widths above do cut figures, as the issue found: `3.` / `5万人` at 45, `20` / `条` at 45.
    assert splits(SAMPLE, 45, "chars", "3.5万人") and splits(SAMPLE, 45, "chars", "20条")
    assert splits(SAMPLE, 30, "chars", "3.12万人")


@pytest.mark.parametrize(("n", "by", "indent"), [(33, "width", False), (48, "width", True), (41, "chars", True)])
def test_sample_wrapped_by_width_or_indented_reads_like_the_text(n, by, indent):
    assert pdf_facts(SAMPLE, n, by, indent) == text_facts(SAMPLE)


@pytest.mark.parametrize("token", ["3.5万人", "20条", "1200个", "6.5%", "9月底前", "2025年6月30日前",
                                   "市人力资源社会保障局", "市文化广电旅游局"])
@pytest.mark.parametrize("by", ["chars", "width"])
def test_invented_circular_wrapped_inside_a_figure_date_or_agency(token, by):
    widths = [n for n in range(30, 61) if splits(CIRCULAR, n, by, token)][:1]
    assert widths, f"no width from 30 to 60 splits {token}"
    want = text_facts(CIRCULAR)
    for n in widths:
        assert pdf_facts(CIRCULAR, n, by) == want, (token, n)


def test_invented_circular_facts():
    found = text_facts(CIRCULAR)
    assert {t[1:3] for t in found["targets"]} >= {("3.5万人", 35000), ("20条", 20), ("1200个", 1200)}
    assert ("1", "市人力资源社会保障局", "lead") in found["agencies"]
    assert [d[1] for d in found["deadlines"] if d[0] == "3"] == ["2025年6月30日前"]


# --- the line assembly, line by line ----------------------------------------------------------------

def printed(rows: list[tuple[str, float]], page: int = 0, top: float = 100.0) -> list:
    """Lines as the PDF reader sees them: (text, left edge in ems), one em = 10 points, full-width
    characters 1 em wide and ASCII ones half."""
    from shuangguoban.formats.pdf import _PdfLine

    out = []
    for i, (text, indent) in enumerate(rows):
        x0 = 50 + indent * SIZE
        width = sum(SIZE / 2 if ch.isascii() else SIZE for ch in text)
        out.append(_PdfLine(text, x0, x0 + width, top + 16 * i, top + 16 * i + SIZE, page))
    return out


def test_a_count_wrapped_line_is_full_short_of_the_margin():
    from shuangguoban.formats.pdf import join_wrapped

    rows = [("推进重点项目建设，完成投资十二亿", 0), ("元，新增就业岗位1200个，3.", 0), ("5万个，增长12.5%，推出20", 0),
            ("条线路。", 0), ("全市招商引资额度力争增加至一百亿", 0), ("元，引进项目十个。", 0),
            ("目标任务", 0), ("各县区要强化责任落实。", 0)]
    assert [len(text) for text, _ in rows[:5]] == [16, 16, 16, 4, 16]
    assert join_wrapped([printed(rows)]) == [
        "推进重点项目建设，完成投资十二亿元，新增就业岗位1200个，3.5万个，增长12.5%，推出20条线路。",
        "全市招商引资额度力争增加至一百亿元，引进项目十个。",
        "目标任务",                       # a short line ends its paragraph, by count and by width
        "各县区要强化责任落实。",
    ]


def test_indented_paragraphs_carry_on_past_a_sentence_end():
    from shuangguoban.formats.pdf import join_wrapped

    rows = [("一、总体要求", 0),
            ("加快推进产业转型升级，全面提升发展质", 2), ("量和效益，全年新增规上工业企业三十余家。", 0), ("（市工业和信息化局负责）", 0),
            ("强化要素保障，优化营商环境，提升服务", 2), ("效能。", 0),
            ("加强组织领导，压实工作责任，确保各项", 2), ("措施落地见效。", 0)]
    assert [len(text) for text, _ in rows[1:3]] == [18, 20]
    assert join_wrapped([printed(rows)]) == [
        "一、总体要求",
        "加快推进产业转型升级，全面提升发展质量和效益，全年新增规上工业企业三十余家。（市工业和信息化局负责）",
        "强化要素保障，优化营商环境，提升服务效能。",
        "加强组织领导，压实工作责任，确保各项措施落地见效。",
    ]


def test_a_body_line_recurring_at_page_edges_is_no_running_header():
    from shuangguoban.formats.pdf import strip_page_furniture

    header = ("澄江市人民政府办公室文件", 0)
    first = printed([header], 0, 30) + printed([("开展专项行动，统筹推进各项工作。", 0), ("分工负责）", 0)], 0, 100)
    second = printed([header], 1, 30) + printed([("分工负责）", 0), ("加强组织领导。", 0)], 1, 60)
    kept = strip_page_furniture([first, second])
    assert [[line.text for line in page] for page in kept] == [
        ["开展专项行动，统筹推进各项工作。", "分工负责）"], ["分工负责）", "加强组织领导。"]]


@pytest.mark.parametrize("path", reflowable_circulars(), ids=lambda p: p.stem)
def test_every_test_circular_as_a_wrapped_pdf_reads_the_same(path):
    # Spaces between items on one line (`。 二、`) count in a line's characters though the reader
    # drops them. Narrower pages cut our portal header's double-spaced lines or a right-aligned
    # signature, which a count cannot tell: the widths here are past them.
    text = path.read_text(encoding="utf-8")
    want = text_facts(text)
    for n, by, indent in ((45, "chars", False), (58, "chars", True), (44, "width", True)):
        assert pdf_facts(text, n, by, indent) == want, (n, by, indent)
