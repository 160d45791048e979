"""`sgb align` and `sgb diff` in-process (typer's CliRunner), on data/raw and our own crossdoc fixtures,
and the committed schemas of their results."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shuangguoban.cli import app
from shuangguoban.crossdoc_models import Alignment, Diff

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
UPPER = str(RAW / "henan_2024_q2_double_half_measures.txt")
LOWER = str(RAW / "kaifeng_2024_q2_double_half_measures.txt")
CROSSDOC = Path(__file__).parent / "fixtures" / "crossdoc"
OLD = str(CROSSDOC / "chengzhou_city.txt")
NEW = str(CROSSDOC / "chengzhou_city_revised.txt")
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_align_json_on_data_raw():
    result = run("align", UPPER, LOWER)
    assert (result.exit_code, result.stderr) == (0, "")
    alignment = Alignment.model_validate(json.loads(result.stdout, parse_float=Decimal))
    assert alignment.upper.doc_number == "豫政办〔2024〕18号" and alignment.lower.issuer == "开封市人民政府办公室"
    assert (alignment.summary.upper_measures, alignment.summary.lower_measures, alignment.summary.upper_taken_up) == (28, 25, 26)


def test_align_markdown():
    result = run("align", UPPER, LOWER, "-f", "md")
    assert result.exit_code == 0
    assert result.stdout.startswith("# 对照：攻坚二季度确保“双过半”若干措施 ← 攻坚二季度确保“双过半”若干措施\n")
    assert "承接率 26/28（92.9%）" in result.stdout
    assert "- 指标：年度投资目标：上级 60% → 下级 65%（提高，加码，时限相同）\n" in result.stdout
    assert "## 下级自有措施\n\n- 5 支持高等教育内涵发展\n" in result.stdout


def test_align_xlsx_has_one_row_per_pair(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "pairs.xlsx"
    result = run("align", UPPER, LOWER, "-f", "xlsx", "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    sheet = load_workbook(out)["措施对照"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("上级路径", "上级措施", "下级路径", "下级措施", "相似度")
    assert len(rows) == 1 + 26 + 2 + 1       # header, pairs, upper not taken up, lower-only
    assert rows[1][:4] == ("一/（一）", "优化创新生态", "1", "推进创新生态建设") and isinstance(rows[1][4], float)
    assert rows[-1][1:4] == ("（下级自有）", "5", "支持高等教育内涵发展")


def test_align_accepts_the_json_of_sgb_parse(tmp_path):
    parsed = tmp_path / "upper.json"
    assert run("parse", UPPER, "-o", str(parsed)).exit_code == 0
    from_json = run("align", str(parsed), LOWER)
    from_text = run("align", UPPER, LOWER)
    assert from_json.exit_code == 0
    a, b = (json.loads(r.stdout) for r in (from_json, from_text))
    assert a["pairs"] == b["pairs"] and a["summary"] == b["summary"]


def test_align_refuses_an_invalid_json_side(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.1.0", "source": {"path": "x", "length": -1}}', encoding="utf-8")
    result = run("align", str(bad), LOWER)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.endswith("sgb: 1 problem(s)\n") and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["align", "diff"])
def test_bad_input_is_one_line(command, tmp_path):
    result = run(command, str(tmp_path / "missing.txt"), LOWER)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("sgb: ")
    result = run(command, "-", "-", input="x")
    assert (result.exit_code, result.stderr) == (2, "sgb: stdin (-) can be read only once\n")


def test_align_reads_stdin():
    text = Path(LOWER).read_text(encoding="utf-8")
    result = run("align", UPPER, "-", input=text)
    assert result.exit_code == 0 and json.loads(result.stdout)["lower"]["path"] == "-"


def test_xlsx_goes_through_the_terminal_check(monkeypatch):
    """The same refusal as `sgb parse -f xlsx` on a terminal (its message is tested in test_cli)."""
    from shuangguoban.cli import common

    calls = []
    monkeypatch.setattr(common, "refuse_binary_to_terminal", lambda fmt, output: calls.append((fmt, output)))
    result = run("align", UPPER, LOWER, "-f", "xlsx")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK")
    assert calls == [(common.OutFormat.xlsx, None)]


def test_diff_json_and_markdown(tmp_path):
    result = run("diff", OLD, NEW)
    assert (result.exit_code, result.stderr) == (0, "")
    d = Diff.model_validate(json.loads(result.stdout, parse_float=Decimal))
    assert (d.summary.added, d.summary.removed, d.summary.moved, d.summary.changed) == (1, 1, 1, 3)
    out = tmp_path / "diff.md"
    assert run("diff", OLD, NEW, "-f", "md", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "新增 1、删除 1、移动 1、修改 3、未变 2。" in text
    assert "- 措辞：确保 → 力争（语气减弱）\n" in text
    assert "- 时限：旧 8月底前（2025-08-31）→ 新 9月底前（2025-09-30）：推后\n" in text
    assert "- 新增单位：市财政局\n" in text


def test_diff_has_no_xlsx():
    result = run("diff", OLD, NEW, "-f", "xlsx")
    assert result.exit_code == 2


@pytest.mark.parametrize(("kind", "title"), [("alignment", "Alignment"), ("diff", "Diff")])
def test_crossdoc_schemas_are_committed_and_fresh(kind, title):
    result = run("schema", kind)
    assert result.exit_code == 0
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, f"schema/{kind}.schema.json is stale: run make structured"
    assert json.loads(result.stdout)["title"] == title


def test_readme_examples_match_the_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    summary = json.loads(run("align", UPPER, LOWER).stdout)["summary"]
    assert json.dumps(summary, ensure_ascii=False, separators=(",", ":")) in readme
    markdown = run("diff", OLD, NEW, "-f", "md").stdout.replace(str(CROSSDOC), "tests/fixtures/crossdoc")
    section = markdown[markdown.index("### 2 → 3"):]
    assert section[:section.index("\n\n###")] in readme
