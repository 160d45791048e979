"""The review page (review.py): the text survives whole, every span is marked, nothing from the
document can become markup. The browser behaviour is tested in test_review_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shuangguoban.cli import app
from shuangguoban.loader import load_path
from shuangguoban.models import Circular, Incentive, ParseWarning, walk
from shuangguoban.reading import load_circular
from shuangguoban.review import IndexEntry, index_page, render_text, review_page, source_text, to_html
from shuangguoban.review_items import Item

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "chengchuan.txt"
runner = CliRunner()


class DocText(HTMLParser):
    """The text inside #doc (gap markers left out), each piece with the data-ids of its <mark>, and
    a check that every tag opened inside is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.inside = False
        self.pieces: list[tuple[str, str, str]] = []   # (text, data-ids, classes)
        self.measures: list[tuple[str | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "doc":
            self.inside = True
        if not self.inside:
            return
        self.stack.append((tag, found))
        if "measure" in (found.get("class") or "").split():
            self.measures.append((found.get("id"), found.get("data-path")))

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        opened, _ = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if not self.stack:
            self.inside = False

    def handle_data(self, data: str) -> None:
        if not self.inside or any("gap" in (a.get("class") or "") for _, a in self.stack):
            return
        mark = next((a for t, a in reversed(self.stack) if t == "mark"), {})
        self.pieces.append((data, mark.get("data-ids") or "", mark.get("class") or ""))

    @property
    def text(self) -> str:
        return "".join(p[0] for p in self.pieces)

    def marked(self, item_id: str) -> str:
        """The text of every piece carrying `item_id`, in order."""
        return "".join(text for text, ids, _ in self.pieces if item_id in ids.split())


def doc_of(page: str) -> DocText:
    parser = DocText()
    parser.feed(page)
    parser.close()
    return parser


def items_of(page: str) -> dict[str, dict]:
    data = re.search(r'<script type="application/json" id="sgb-items">(.*?)</script>', page, re.S)
    assert data is not None
    return json.loads(data.group(1))


@pytest.fixture(scope="module")
def fixture_circular() -> tuple[Circular, str]:
    return load_circular(FIXTURE), load_path(FIXTURE).text


def test_the_text_comes_back_whole_and_every_finding_is_marked_exactly(fixture_circular):
    circular, text = fixture_circular
    page = review_page(circular, text)
    doc = doc_of(page)
    assert doc.text == text
    items = items_of(page)
    found = {(entry["kind"], entry["text"]) for entry in items.values()}
    for measure in walk(circular.measures):
        for target in measure.targets:
            assert ("量化指标", target.text) in found
        for agency in measure.responsible_units:
            assert agency.span is not None and text[agency.span[0]:agency.span[1]] == agency.raw
    for item_id, entry in items.items():
        assert doc.marked(item_id) == entry["text"] or entry["kind"] == "警告"
    # the measures are wrapped in document order, each labelled with its path
    assert [path for _, path in doc.measures] == [m.path for m in walk(circular.measures)]


def test_agencies_are_coloured_by_role_and_details_are_given(fixture_circular):
    circular, text = fixture_circular
    page = review_page(circular, text)
    doc = doc_of(page)
    classes = {piece: cls for piece, _, cls in doc.pieces if cls}
    assert "k-lead" in classes["市发展改革委"]
    assert "k-support" in classes["市财政局"]
    assert "k-responsible" in classes["市自然资源局"]
    target = next(e for e in items_of(page).values() if e["text"] == "1200亩")
    assert ["数值", "1200 亩"] in target["rows"] and ["时限", "全年（2025-12-31）"] in target["rows"]


def test_a_script_in_the_document_stays_text(fixture_circular):
    circular, text = fixture_circular
    assert "<script>window.pwned" in text
    page = review_page(circular, text)
    assert "<script>window.pwned" not in page
    assert "&lt;script&gt;window.pwned=1;document.title=&quot;PWNED&quot;&lt;/script&gt;" in page
    assert page.count("<script") == 2            # the item data and the page's own script
    data = re.search(r'id="sgb-items">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and ">" not in data   # no </script> can end the data block early
    # entities written in the source stay as written, not decoded into tags
    assert "&amp;lt;b&amp;gt;示范&amp;amp;引领" in page
    assert "示范&amp;引领" in doc_of(page).text


def test_overlapping_spans_are_cut_into_pieces_that_carry_every_item():
    text = "甲乙丙丁戊己庚辛壬癸"
    items = [Item("a", (1, 6), "k-target", "量化指标", text[1:6], ()),
             Item("b", (4, 9), "k-lead", "牵头单位", text[4:9], ()),
             Item("c", (3, 3), "k-warning", "警告", "", ()),
             Item("d", (0, 10), "k-warning wide", "警告", text, ())]
    measures = [("m0", "一", (0, 10)), ("m1", "一/1", (2, 8))]
    doc = doc_of(f'<div id="doc">{render_text(text, items, measures, [(0, len(text))])}</div>')
    assert doc.text == text
    assert [(t, set(ids.split())) for t, ids, _ in doc.pieces] == [
        ("甲", {"d"}), ("乙", {"a", "d"}), ("丙", {"a", "d"}), ("丁", {"a", "d"}), ("戊己", {"a", "b", "d"}),
        ("庚辛", {"b", "d"}), ("壬", {"b", "d"}), ("癸", {"d"})]
    assert doc.marked("a") == text[1:6] and doc.marked("b") == text[4:9]
    html = render_text(text, items, measures, [(0, len(text))])
    assert '<mark class="hl anchor" data-ids="c"></mark>' in html   # an empty span keeps a place to jump to
    assert [m for m, _ in doc.measures] == ["m0", "m1"]


def test_incentives_are_highlighted_beside_a_target_on_the_same_words(fixture_circular):
    circular, text = fixture_circular
    start = text.index("500万元")
    voucher = Incentive(text="500万元", span=(start, start + 5), value=Decimal("5000000"), unit="元",
                        raw_value=Decimal("500"), raw_unit="万元", kind="消费券")
    measures = list(walk(circular.measures))
    host = next(m for m in measures if m.span[0] <= start < m.span[1] and not m.children)
    changed = host.model_copy(update={"incentives": [voucher]})
    root = next(m for m in circular.measures if host in m.children)
    root = root.model_copy(update={"children": [changed if c is host else c for c in root.children]})
    circular = circular.model_copy(update={"measures": [root if m.path == root.path else m for m in circular.measures]})
    page = review_page(circular, text)
    doc = doc_of(page)
    assert doc.text == text
    piece = next(p for p in doc.pieces if p[0] == "500万元")
    assert "k-incentive" in piece[2]
    incentive = next(e for e in items_of(page).values() if e["kind"] == "激励")
    assert ["类别", "消费券"] in incentive["rows"] and ["数值", "5000000 元"] in incentive["rows"]
    assert "消费券 500万元（5000000 元）" in page      # the ledger's 激励 column


def test_unresolved_deadlines_and_warnings_are_marked(fixture_circular):
    circular, text = fixture_circular
    host = circular.measures[2]
    deadline = host.deadlines[0].model_copy(update={"start": None, "end": None})
    circular = circular.model_copy(update={
        "measures": [*circular.measures[:2], host.model_copy(update={"deadlines": [deadline]})],
        "warnings": [ParseWarning(code="unresolved_deadline", message="no date for 9月底前", span=deadline.span),
                     ParseWarning(code="no_issuer", message="<b>no</b> issuer")]})
    page = review_page(circular, text)
    doc = doc_of(page)
    piece = next(p for p in doc.pieces if p[0] == deadline.text)
    assert {"k-deadline", "unresolved", "k-warning"} <= set(piece[2].split())
    assert re.search(r'<li data-ids="i\d+"><code>unresolved_deadline</code>', page)
    assert "<code>no_issuer</code> &lt;b&gt;no&lt;/b&gt; issuer <span class=\"nowhere\">" in page
    assert '<span class="flag" title="有警告">⚠</span>' in page   # the measure tree flags 三


def test_without_the_source_only_the_measures_are_shown(fixture_circular, tmp_path):
    circular, text = fixture_circular
    copy = tmp_path / "c.txt"
    shutil.copy(FIXTURE, copy)
    moved = circular.model_copy(update={"source": circular.source.model_copy(update={"path": str(copy)})})
    assert source_text(moved) == text
    copy.write_text(text.replace("澄川", "澄州"), encoding="utf-8")   # same length, other bytes
    assert source_text(moved) is None
    page = to_html([moved])
    assert "未能重新读取源文件" in page
    doc = doc_of(page)
    assert doc.text == "".join(m.text for m in circular.measures)
    with pytest.raises(Exception, match="one page per circular"):
        to_html([circular, circular])


def test_index_lists_pages_with_counts_and_failures():
    page = index_page([IndexEntry(href="a/x.html", source="in/a/x.txt", title="<i>标题</i>", measures=5, targets=3,
                                  incentives=1, deadlines=2, warnings=0),
                       IndexEntry(href="", source="in/bad.pdf", error="not a PDF")])
    assert '<a href="a/x.html">in/a/x.txt</a></td><td>&lt;i&gt;标题&lt;/i&gt;</td>' in page
    assert "".join(f'<td class="num">{n}</td>' for n in (5, 3, 1, 2, 0)) in page
    assert "失败：not a PDF" in page and "1 个文件，1 个失败" in page


# --- the command line ------------------------------------------------------------------------------

@pytest.fixture
def two_inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    shutil.copy(FIXTURE, tmp_path / "in" / "one.txt")
    shutil.copy(FIXTURE, tmp_path / "in" / "two.txt")
    return tmp_path


def test_parse_html_to_stdout_and_one_page_per_input(two_inputs):
    result = runner.invoke(app, ["parse", "in/one.txt", "-f", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and "澄川市稳增长若干措施" in result.stdout
    result = runner.invoke(app, ["parse", "in/one.txt", "in/two.txt", "-f", "html", "-o", "pages/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (two_inputs / "pages").iterdir()) == ["one.html", "two.html"]
    result = runner.invoke(app, ["parse", "-", "-f", "html"], input=FIXTURE.read_bytes())
    assert result.exit_code == 0
    assert "未能重新读取源文件" in result.stdout     # stdin cannot be read again: the measures' text only
    assert doc_of(result.stdout).text == "".join(m.text for m in load_circular(FIXTURE).measures)
    result = runner.invoke(app, ["parse", "in/one.txt", "in/two.txt", "-f", "html"])
    assert result.exit_code == 1
    assert result.stderr == "sgb: html writes one page per circular: give -o DIR/ for several inputs\n"


def test_show_html_from_the_circular_or_its_json(two_inputs):
    result = runner.invoke(app, ["show", "--html", "in/one.txt", "-o", "one.html"])
    assert result.exit_code == 0, result.output
    page = (two_inputs / "one.html").read_text(encoding="utf-8")
    assert doc_of(page).text == FIXTURE.read_text(encoding="utf-8")
    assert runner.invoke(app, ["parse", "in/one.txt", "-o", "one.json"]).exit_code == 0
    result = runner.invoke(app, ["show", "--html", "one.json"])
    assert result.exit_code == 0
    assert doc_of(result.stdout).text == FIXTURE.read_text(encoding="utf-8")   # text read again from source.path
    assert runner.invoke(app, ["show", "in/one.txt", "-o", "x.html"]).exit_code == 2


def test_batch_html_writes_pages_and_an_index(two_inputs):
    (two_inputs / "in" / "sub").mkdir()
    (two_inputs / "in" / "sub" / "bad.txt").write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(app, ["batch", "in", "-o", "out", "-f", "html", "-j", "1", "-q"])
    assert result.exit_code == 1
    index = (two_inputs / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a href="one.html">in/one.txt</a>' in index and '<a href="two.html">in/two.txt</a>' in index
    assert "in/sub/bad.txt" in index and "失败：" in index
    circular = load_circular(FIXTURE, reference_date=dt.date(2025, 1, 1))
    measures = list(walk(circular.measures))
    counts = (len(measures), sum(len(m.targets) for m in measures), sum(len(m.incentives) for m in measures),
              sum(len(m.deadlines) for m in measures), len(circular.warnings))
    assert "".join(f'<td class="num">{n}</td>' for n in counts) in index
    assert (two_inputs / "out" / "one.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
