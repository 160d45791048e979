"""Writers on a small hand-built Circular: JSON, YAML, JSON Lines, CSV and xlsx ledgers, Markdown.

`make_circular` is shared with test_cli.py and test_validate.py (imported as `from test_writers import …`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from shuangguoban.atomic import write_atomic
from shuangguoban.markdown import to_markdown
from shuangguoban.models import Agency, Circular, Deadline, Measure, ParseWarning, Source, Target
from shuangguoban.spreadsheets import to_csv, to_xlsx
from shuangguoban.writers import jsonl_records, output_name, render, to_json, to_jsonl, to_yaml

TEXT = (
    "测试若干措施\n"
    "一、科技创新\n"
    "1.推进创新生态建设。力争6月底前技术合同登记成交额突破20亿元。(市科技局牵头,市财政局配合)\n"
    "2.稳定就业。上半年城镇新增就业3.12万人以上。(市人力资源社会保障局负责)\n"
)


def _span(text: str, start_at: int = 0) -> tuple[int, int]:
    start = TEXT.index(text, start_at)
    return start, start + len(text)


def make_circular(*, path: str = "test.txt", warnings: bool = False) -> Circular:
    """Two measures under one heading: a lead and a support agency, a responsible one, two targets."""
    line1 = "1.推进创新生态建设。力争6月底前技术合同登记成交额突破20亿元。(市科技局牵头,市财政局配合)"
    line2 = "2.稳定就业。上半年城镇新增就业3.12万人以上。(市人力资源社会保障局负责)"
    june = Deadline(text="6月底前", span=_span("6月底前"), end=dt.date(2024, 6, 30))
    half = Deadline(text="上半年", span=_span("上半年"), start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))
    m1 = Measure(
        label="1", number=1, path="一/1", level=2, title="推进创新生态建设", text=line1, span=_span(line1),
        responsible_units=[
            Agency(name="市科技局", raw="市科技局", role="lead", full_name="开封市科学技术局", kind="department",
                   span=_span("市科技局")),
            Agency(name="市财政局", raw="市财政局", role="support", kind="department", span=_span("市财政局")),
        ],
        targets=[Target(text="20亿元", span=_span("20亿元"), value=Decimal("2000000000"), unit="元",
                        raw_value=Decimal("20"), raw_unit="亿元", comparator="gt", metric="技术合同登记成交额",
                        modality="力争", deadline=june)],
        deadlines=[june],
    )
    m2 = Measure(
        label="2", number=2, path="一/2", level=2, title="稳定就业", text=line2, span=_span(line2),
        responsible_units=[Agency(name="市人力资源社会保障局", raw="市人力资源社会保障局", role="responsible",
                                  kind="department", span=_span("市人力资源社会保障局"))],
        targets=[Target(text="3.12万人", span=_span("3.12万人"), value=Decimal("31200"), unit="人",
                        raw_value=Decimal("3.12"), raw_unit="万人", comparator="gte", metric="城镇新增就业",
                        deadline=half)],
        deadlines=[half],
    )
    heading_start = TEXT.index("一、")
    root = Measure(label="一", number=1, path="一", level=1, title="科技创新",
                   text=TEXT[heading_start:m2.span[1]], span=(heading_start, m2.span[1]), children=[m1, m2])
    found = [ParseWarning(code="no_clause", message="measure 一 names no responsible agency", span=root.span)] if warnings else []
    return Circular(
        source=Source(path=path, sha256="0" * 64, encoding="utf-8", format="txt", length=len(TEXT)),
        title="测试若干措施",
        issuer="开封市人民政府办公室",
        doc_number="汴政办〔2024〕12号",
        date=dt.date(2024, 5, 23),
        recipients=["各县、区人民政府", "市人民政府各部门"],
        measures=[root],
        warnings=found,
    )


def test_fixture_spans_point_at_their_text():
    circular = make_circular()
    for measure in [circular.measures[0], *circular.measures[0].children]:
        assert TEXT[measure.span[0]:measure.span[1]] == measure.text
        for target in measure.targets:
            assert TEXT[target.span[0]:target.span[1]] == target.text


def test_json_writes_exact_numbers():
    text = to_json(make_circular())
    assert '"value": 2000000000,' in text
    assert '"raw_value": 3.12,' in text
    assert '"value": 31200,' in text
    assert '"span": [' in text and "e+" not in text.lower()
    assert json.loads(text, parse_float=Decimal)["measures"][0]["children"][1]["targets"][0]["raw_value"] == Decimal("3.12")


def test_json_of_several_is_an_array_and_of_one_the_object():
    one, two = make_circular(path="a.txt"), make_circular(path="b.txt")
    assert render([one], "json") == to_json(one)
    data = json.loads(render([one, two], "json"))
    assert [d["source"]["path"] for d in data] == ["a.txt", "b.txt"]


def test_yaml_of_several_is_a_stream():
    import yaml

    one, two = make_circular(path="a.txt"), make_circular(path="b.txt")
    assert render([one], "yaml") == to_yaml(one)
    stream = render([one, two], "yaml")
    assert stream.startswith("---\n") and stream.count("\n---\n") == 1
    assert [d["source"]["path"] for d in yaml.safe_load_all(stream)] == ["a.txt", "b.txt"]


def test_jsonl_has_every_node_with_parent_and_identity():
    lines = to_jsonl([make_circular(path="a.txt"), make_circular(path="b.txt")]).splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 6
    assert [(r["path"], r["level"], r["parent"]) for r in records[:3]] == [("一", 1, None), ("一/1", 2, "一"), ("一/2", 2, "一")]
    assert all("children" not in r for r in records)
    assert records[0]["circular"] == {"path": "a.txt", "sha256": "0" * 64, "title": "测试若干措施",
                                      "doc_number": "汴政办〔2024〕12号", "issuer": "开封市人民政府办公室", "date": "2024-05-23"}
    assert records[3]["circular"]["path"] == "b.txt"
    assert '"value":2000000000,' in lines[1]
    assert len(list(jsonl_records(make_circular()))) == 3


CSV_ONE = (
    "\ufeff序号,层级,措施,牵头单位,责任单位,配合单位,量化指标,完成时限,政策兑现\r\n"
    "一,1,科技创新,,,,,,\r\n"
    "一/1,2,推进创新生态建设,市科技局,,市财政局,技术合同登记成交额 突破 20亿元（2024-06-30前）,6月底前（2024-06-30）,\r\n"
    "一/2,2,稳定就业,,市人力资源社会保障局,,城镇新增就业 3.12万人以上（2024-06-30前）,上半年（2024-01-01至2024-06-30）,\r\n"
)


def test_csv_ledger_exact():
    assert to_csv([make_circular()]) == CSV_ONE
    assert CSV_ONE.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_csv_ledger_of_several_has_a_file_column():
    lines = to_csv([make_circular(), make_circular()]).splitlines()
    assert lines[0] == "\ufeff文件,序号,层级,措施,牵头单位,责任单位,配合单位,量化指标,完成时限,政策兑现"
    assert len(lines) == 7 and all(line.startswith("测试若干措施,") for line in lines[1:])


def test_csv_parses_back_with_the_csv_module():
    import csv

    rows = list(csv.DictReader(io.StringIO(to_csv([make_circular()]).lstrip("\ufeff"))))
    assert rows[1]["牵头单位"] == "市科技局" and rows[1]["配合单位"] == "市财政局"


def test_xlsx_ledger_cell_by_cell():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx([make_circular()])))
    assert book.sheetnames == ["任务台账", "量化指标", "政策兑现"]
    ledger = book["任务台账"]
    assert [c.value for c in ledger[1]] == ["序号", "层级", "措施", "牵头单位", "责任单位", "配合单位", "量化指标", "完成时限", "政策兑现"]
    assert all(c.font.bold for c in ledger[1])
    assert ledger.freeze_panes == "A2"
    assert [c.value for c in ledger[3]] == ["一/1", 2, "推进创新生态建设", "市科技局", None, "市财政局",
                                           "技术合同登记成交额 突破 20亿元（2024-06-30前）", "6月底前（2024-06-30）", None]
    assert ledger["D3"].value == "市科技局" and ledger["E4"].value == "市人力资源社会保障局" and ledger["F3"].value == "市财政局"
    assert ledger.max_row == 4
    assert ledger.column_dimensions["G"].width > ledger.column_dimensions["B"].width

    targets = book["量化指标"]
    assert [c.value for c in targets[1]] == ["路径", "措施", "指标", "原文", "数值", "单位", "比较", "上限", "时限"]
    assert targets.freeze_panes == "A2"
    row = [c.value for c in targets[2]]
    assert row[:8] == ["一/1", "推进创新生态建设", "技术合同登记成交额", "20亿元", 2000000000, "元", ">", None]
    assert row[8] == dt.datetime(2024, 6, 30)
    assert isinstance(targets["E2"].value, int) and targets["E2"].data_type == "n"
    assert targets["E3"].value == 31200 and targets["G3"].value == "≥"
    assert targets["I3"].number_format == "yyyy-mm-dd"


def test_xlsx_of_several_has_a_file_column():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx([make_circular(), make_circular()])))
    assert book["任务台账"]["A1"].value == "文件" and book["任务台账"]["A2"].value == "测试若干措施"
    assert book["量化指标"].max_row == 5


def test_markdown_report():
    md = to_markdown([make_circular(warnings=True)])
    assert md.startswith("# 测试若干措施\n\n| 字段 | 内容 |\n| --- | --- |\n| 发文机关 | 开封市人民政府办公室 |\n")
    assert "| 发文字号 | 汴政办〔2024〕12号 |\n" in md
    assert "\n### 一 科技创新\n" in md and "\n#### 一/1 推进创新生态建设\n" in md
    assert "- 牵头单位：市科技局\n- 配合单位：市财政局\n" in md
    assert "  - 技术合同登记成交额 突破 20亿元（2024-06-30前）\n" in md
    assert "- 完成时限：上半年（2024-01-01至2024-06-30）\n" in md
    assert md.endswith("## 警告\n\n- `no_clause`: measure 一 names no responsible agency\n")
    assert "\n\n\n" not in md


def test_render_refuses_unknown_format_with_its_own_error():
    from shuangguoban.errors import SgbError

    with pytest.raises(SgbError, match="unknown output format"):
        render([make_circular()], "docx")


@pytest.mark.parametrize(("path", "fmt", "name"), [
    ("data/raw/a.txt", "json", "a.json"), ("-", "yaml", "stdin.yaml"), ("x.y.html", "xlsx", "x.y.xlsx"),
])
def test_output_name(path, fmt, name):
    assert output_name(path, fmt) == name


def test_write_atomic_keeps_mode_of_replaced_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    fresh = tmp_path / "fresh.json"
    write_atomic(fresh, b"x")
    assert fresh.stat().st_mode & 0o044  # readable like a normally created file, not mkstemp's 0600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_every_reference_basis_has_a_label_in_the_report():
    from typing import get_args

    from shuangguoban.markdown import _BASIS
    from shuangguoban.models import ReferenceBasis

    assert set(get_args(ReferenceBasis)) == set(_BASIS)
