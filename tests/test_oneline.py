"""Issue 21, part 1: a circular delivered on one line (a page that lost its line breaks) gives the same
metadata and deadlines as the laid-out circular, with half-width or full-width digits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import reflowable_circulars
from shuangguoban.models import Circular, walk
from shuangguoban.pipeline import parse_circular
from shuangguoban.segment import layout
from shuangguoban.text import DocText, normalise

LAID_OUT = reflowable_circulars()
FULL_WIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789"}
FIELDS = ("title", "notice_title", "issuer", "doc_number", "date", "published", "recipients", "disclosure")


def one_line(text: str, separators: list[str], full_width: bool) -> str:
    lines = [line.strip(" \u3000") for line in text.splitlines() if line.strip(" \u3000")]
    out = lines[0]
    for i, line in enumerate(lines[1:]):
        out += separators[i % len(separators)] + line
    return out.translate(FULL_WIDTH) if full_width else out


def metadata(circular: Circular) -> dict[str, str]:
    """The fields as the parser reads them (digits of either width read alike)."""
    return {name: normalise(str(getattr(circular, name))) for name in FIELDS}


def deadlines(circular: Circular) -> list[tuple[str, list]]:
    return [(normalise(m.path), [(d.start, d.end) for d in m.deadlines]) for m in walk(circular.measures)]


@pytest.fixture(scope="module")
def laid_out() -> dict[Path, Circular]:
    return {path: parse_circular(path.read_text(encoding="utf-8")) for path in LAID_OUT}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(LAID_OUT),
       separators=st.lists(st.sampled_from([" ", "  ", "\u3000", " \u3000 "]), min_size=1, max_size=3),
       full_width=st.booleans())
def test_one_line_variant_reads_the_same_metadata_and_deadlines(laid_out, path, separators, full_width):
    original = laid_out[path]
    text = one_line(path.read_text(encoding="utf-8"), separators, full_width)
    variant = parse_circular(text)
    assert metadata(variant) == metadata(original)
    assert deadlines(variant) == deadlines(original)
    assert variant.reference_date.date == original.reference_date.date


def test_one_line_cover_notice_from_the_issue_shape():
    text = ("某某市人民政府办公室关于印发某某市促进消费若干措施的通知 某政办发〔２０２５〕３号 各县区人民政府，市人民政府各部门： "
            "《某某市促进消费若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。 某某市人民政府办公室 ２０２５年３月１０日 "
            "（此件公开发布） 某某市促进消费若干措施 为全面贯彻落实扩大内需战略，制定本措施。 "
            "１．强化消费帮扶。６月底前发放消费券１０００万元。（市商务局负责） "
            "２．培育消费场景。下半年举办夜间消费活动１０场。（市文化旅游局负责）")
    circular = parse_circular(text)
    assert circular.issuer == "某某市人民政府办公室"
    assert circular.date is not None and circular.date.isoformat() == "2025-03-10"
    assert circular.recipients == ["各县区人民政府", "市人民政府各部门"]
    assert circular.title == "某某市促进消费若干措施"
    assert circular.notice_title == "某某市人民政府办公室关于印发某某市促进消费若干措施的通知"
    assert circular.disclosure == "此件公开发布"
    assert circular.doc_number == "某政办发〔２０２５〕３号"
    assert [str(d.end) for d in circular.measures[0].deadlines] == ["2025-06-30"]
    assert [m.title for m in circular.measures] == ["强化消费帮扶", "培育消费场景"]


def test_a_laid_out_paragraph_with_spaces_is_not_cut():
    # A long line with spaces after full stops but no signature block in it is a paragraph, not run-on.
    text = ("某县若干措施\n一、稳定生产。 企业用电成本下降10%。 全年新增规上企业20家，技术改造投资增长15%。 "
            "推动重点企业扩大产能，支持中小企业专精特新发展。 自2025年3月1日起执行。（县发展改革局负责）\n")
    doc = DocText.of(text)
    assert len(layout(doc).lines) == 2
    assert parse_circular(text).measures[0].title == "稳定生产"
