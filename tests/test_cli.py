"""The `sgb` command, in-process with typer's CliRunner (stdout and stderr are captured apart).

Most tests replace the pipeline by a stub that returns the hand-built circular of test_writers.py,
so their output is exact and independent of the extractors; the `test_e2e_*` tests run the real
pipeline on data/raw/*.txt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from shuangguoban import __version__, reading
from shuangguoban.cli import app, common
from shuangguoban.models import Circular
from shuangguoban.writers import to_json, to_yaml
from test_writers import CSV_ONE, make_circular

ROOT = Path(__file__).resolve().parent.parent
RAW = sorted((ROOT / "data" / "raw").glob("*.txt"))
PYTHON = sys.executable
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env)


def expected(path: str, data: bytes, *, warnings: bool = False) -> Circular:
    c = make_circular(path=path, warnings=warnings)
    return c.model_copy(update={"source": c.source.model_copy(update={"sha256": hashlib.sha256(data).hexdigest()})})


@pytest.fixture
def fake_pipeline(monkeypatch):
    """The pipeline replaced by a stub: the fixture circular for any text ("WARN" adds a warning,
    "BOOM" raises an unexpected error). Returns the list of keyword arguments it was called with."""
    calls: list[dict] = []

    def parse_circular(text, *, reference_date=None, aliases=None, source=None):
        calls.append({"reference_date": reference_date, "aliases": aliases})
        if "BOOM" in text:
            raise RuntimeError("boom")
        data = text.encode("utf-8")
        return expected(source.path if source else "<text>", data, warnings="WARN" in text)

    module = types.ModuleType("shuangguoban.pipeline")
    module.parse_circular = parse_circular
    monkeypatch.setitem(sys.modules, "shuangguoban.pipeline", module)
    monkeypatch.setattr(reading, "parse_circular", parse_circular)   # bound when reading was imported
    return calls


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """a.txt, b.txt and warn.txt in a temporary working directory."""
    monkeypatch.chdir(tmp_path)
    for name, text in (("a.txt", "一、测试A\n"), ("b.txt", "一、测试B\n"), ("warn.txt", "一、WARN\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# --- top level -------------------------------------------------------------------------------------

def test_version():
    result = run("--version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"sgb {__version__}\n", "")


@pytest.mark.parametrize("module", ["shuangguoban", "shuangguoban.cli"])
def test_python_m_runs_the_cli(module):
    proc = subprocess.run([PYTHON, "-m", module, "--version"], capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"sgb {__version__}\n", "")


def test_help_lists_commands_exit_codes_and_completion():
    result = run("--help")
    assert result.exit_code == 0
    for word in ("parse", "validate", "schema", "show", "batch", "--install-completion", "--show-completion",
                 "Exit codes:", "0  success", "2  usage error"):
        assert word in result.stdout


def test_usage_error_exits_2():
    result = run("parse", "a.txt", "--format", "docx")
    assert result.exit_code == 2 and result.stdout == "" and "Invalid value for '--format'" in result.stderr


# --- parse -----------------------------------------------------------------------------------------

def test_parse_json_to_stdout_exact(fake_pipeline, inputs):
    result = run("parse", "a.txt")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == to_json(expected("a.txt", "一、测试A\n".encode()))
    assert result.stderr == ""


def test_parse_stdin(fake_pipeline):
    result = run("parse", "-", "--format", "yaml", input="一、测试\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == to_yaml(expected("-", "一、测试\n".encode()))


def test_parse_stdin_only_once(fake_pipeline):
    result = run("parse", "-", "-", input="x")
    assert (result.exit_code, result.stderr) == (2, "sgb: stdin (-) can be read only once\n")


def test_parse_several_json_is_an_array(fake_pipeline, inputs):
    result = run("parse", "a.txt", "b.txt")
    assert result.exit_code == 0
    assert [c["source"]["path"] for c in json.loads(result.stdout)] == ["a.txt", "b.txt"]


def test_parse_several_yaml_is_a_stream(fake_pipeline, inputs):
    import yaml

    result = run("parse", "a.txt", "b.txt", "-f", "yaml")
    assert [d["source"]["path"] for d in yaml.safe_load_all(result.stdout)] == ["a.txt", "b.txt"]


def test_parse_jsonl_lines_are_json(fake_pipeline, inputs):
    result = run("parse", "a.txt", "b.txt", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["circular"]["path"], r["path"], r["parent"]) for r in records] == [
        ("a.txt", "一", None), ("a.txt", "一/1", "一"), ("a.txt", "一/2", "一"),
        ("b.txt", "一", None), ("b.txt", "一/1", "一"), ("b.txt", "一/2", "一")]


def test_parse_csv_exact(fake_pipeline, inputs):
    result = run("parse", "a.txt", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout_bytes == CSV_ONE.encode("utf-8")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")


def test_parse_xlsx_to_a_pipe_and_to_a_file(fake_pipeline, inputs):
    from openpyxl import load_workbook

    result = run("parse", "a.txt", "b.txt", "-f", "xlsx")
    assert result.exit_code == 0, result.stderr
    book = load_workbook(io.BytesIO(result.stdout_bytes))
    sheet = book["任务台账"]
    assert [c.value for c in sheet[1]] == ["文件", "序号", "层级", "措施", "牵头单位", "责任单位", "配合单位", "量化指标", "完成时限", "政策兑现"]
    assert [sheet["E3"].value, sheet["F4"].value, sheet["G3"].value] == ["市科技局", "市人力资源社会保障局", "市财政局"]
    assert book["量化指标"]["F2"].value == 2000000000

    assert run("parse", "a.txt", "-f", "xlsx", "-o", "out.xlsx").exit_code == 0
    assert load_workbook(inputs / "out.xlsx")["量化指标"]["E3"].value == 31200


def test_xlsx_is_refused_on_a_terminal(monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(typer.Exit) as info:
        common.refuse_binary_to_terminal(common.OutFormat.xlsx, None)
    assert info.value.exit_code == 2
    assert capsys.readouterr().err == "sgb: refusing to write xlsx to a terminal: give -o FILE or redirect stdout\n"
    common.refuse_binary_to_terminal(common.OutFormat.xlsx, Path("out.xlsx"))  # a file is fine
    common.refuse_binary_to_terminal(common.OutFormat.json, None)


def test_parse_markdown(fake_pipeline, inputs):
    result = run("parse", "a.txt", "--format", "md")
    assert result.stdout.startswith("# 测试若干措施\n") and "#### 一/1 推进创新生态建设" in result.stdout


def test_parse_output_file_and_directory(fake_pipeline, inputs):
    assert run("parse", "a.txt", "b.txt", "-o", "both.json").exit_code == 0
    assert len(json.loads((inputs / "both.json").read_text(encoding="utf-8"))) == 2
    result = run("parse", "a.txt", "b.txt", "-f", "yaml", "-o", "out/")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(p.name for p in (inputs / "out").iterdir()) == ["a.yaml", "b.yaml"]
    assert (inputs / "out" / "b.yaml").read_text(encoding="utf-8") == to_yaml(expected("b.txt", "一、测试B\n".encode()))
    assert run("parse", "a.txt", "-o", "out").exit_code == 0  # an existing directory
    assert (inputs / "out" / "a.json").exists()


def test_parse_output_directory_name_clash(fake_pipeline, inputs):
    (inputs / "sub").mkdir()
    (inputs / "sub" / "a.txt").write_text("x", encoding="utf-8")
    result = run("parse", "a.txt", "sub/a.txt", "-o", "out/")
    assert (result.exit_code, result.stderr) == (2, "sgb: two inputs would both be written to out/a.json; give them separately\n")


def test_warning_summary_quiet_and_strict(fake_pipeline, inputs):
    result = run("parse", "a.txt", "warn.txt", "-o", "out.json")
    assert (result.exit_code, result.stderr) == (0, "sgb: warning: warn.txt: 1 warning (no_clause)\n")
    result = run("parse", "warn.txt", "-q")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout  # data still written
    (inputs / "out.json").unlink()
    result = run("parse", "a.txt", "warn.txt", "--strict", "-o", "out.json")
    assert result.exit_code == 1
    assert result.stderr == "sgb: warning: warn.txt: 1 warning (no_clause)\nsgb: --strict: 1 warning in 1 file\n"
    assert (inputs / "out.json").exists()  # the output is written before the exit
    result = run("parse", "a.txt", "--strict")
    assert result.exit_code == 0


def test_reference_date_and_agencies_are_passed_on(fake_pipeline, inputs, monkeypatch):
    import datetime as dt

    from shuangguoban import agency_aliases as agencies

    table = object()
    # The CLI reads the file itself (bounded, whatever its name) and passes its text and name on.
    monkeypatch.setattr(agencies, "load_aliases",
                        lambda text, where: table if Path(where).name == "my.yaml" and text == "{}\n\n" else None)
    (inputs / "my.yaml").write_text("{}\n", encoding="utf-8")
    result = run("parse", "a.txt", "--reference-date", "2024-05-23", "--agencies", str(inputs / "my.yaml"))
    assert result.exit_code == 0, result.stderr
    assert fake_pipeline[-1] == {"reference_date": dt.date(2024, 5, 23), "aliases": table}


def test_bad_reference_date_is_a_usage_error(fake_pipeline, inputs):
    result = run("parse", "a.txt", "--reference-date", "23/05/2024")
    assert result.exit_code == 2 and "'23/05/2024' is not a date like 2024-05-23" in result.stderr


def test_missing_file_one_line(fake_pipeline, inputs):
    result = run("parse", "nope.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "sgb: nope.txt: no such file\n")


def test_binary_input_one_line(fake_pipeline, inputs):
    (inputs / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run("parse", "img.txt")
    assert (result.exit_code, result.stderr) == (1, "sgb: img.txt: a PNG image, not a text circular\n")


def test_unexpected_error_is_one_line_without_traceback(fake_pipeline, inputs):
    (inputs / "boom.txt").write_text("BOOM", encoding="utf-8")
    result = run("parse", "boom.txt")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "sgb: internal error: RuntimeError: boom\n")


def test_no_traceback_from_a_subprocess(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = subprocess.run([PYTHON, "-m", "shuangguoban", "parse", "empty.txt"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", "sgb: empty.txt: empty input\n")


# --- atomic output ---------------------------------------------------------------------------------

def _leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


def test_failed_rename_keeps_the_old_file(fake_pipeline, inputs, monkeypatch):
    (inputs / "out.json").write_text("OLD", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("parse", "a.txt", "-o", "out.json")
    assert (result.exit_code, result.stderr) == (1, "sgb: out.json: cannot write (No space left on device)\n")
    assert (inputs / "out.json").read_text(encoding="utf-8") == "OLD"
    assert _leftovers(inputs) == []


def test_interrupted_write_keeps_the_old_file(fake_pipeline, inputs, monkeypatch):
    (inputs / "out.json").write_text("OLD", encoding="utf-8")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = run("parse", "a.txt", "-o", "out.json")
    assert result.exit_code != 0
    assert (inputs / "out.json").read_text(encoding="utf-8") == "OLD"
    assert _leftovers(inputs) == []


def test_killed_writer_leaves_the_old_file(tmp_path):
    """A process killed while writing a big output through write_atomic never touches the target."""
    target = tmp_path / "out.json"
    target.write_text("OLD", encoding="utf-8")
    script = (
        "import os, sys\n"
        "from shuangguoban import atomic\n"
        "real = os.replace\n"
        "def stop(src, dst):\n"
        "    os.kill(os.getpid(), 9)\n"
        "os.replace = stop\n"
        "atomic.write_atomic(sys.argv[1], 'x' * 50_000_000)\n"
    )
    proc = subprocess.run([PYTHON, "-c", script, str(target)], capture_output=True, check=False)
    assert proc.returncode == -9
    assert target.read_text(encoding="utf-8") == "OLD"


def test_unwritable_output_path(fake_pipeline, inputs):
    result = run("parse", "a.txt", "-o", "no/such/dir/out.json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "sgb: no/such/dir/out.json: cannot write (No such file or directory)\n"


# --- validate --------------------------------------------------------------------------------------

def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")


def test_validate_valid_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("c.json").write_text(to_json(make_circular()), encoding="utf-8")
    Path("c.yaml").write_text(to_yaml(make_circular()), encoding="utf-8")
    result = run("validate", "c.json", "c.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "sgb: 2 files valid\n")
    result = run("validate", "-", input=to_json(make_circular()))
    assert (result.exit_code, result.stderr) == (0, "sgb: 1 file valid\n")


def test_validate_value_changed_to_a_string(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = json.loads(to_json(make_circular()), parse_float=Decimal)
    data["measures"][0]["children"][0]["targets"][0]["value"] = "二十亿"
    _write_json(Path("x.json"), data)
    Path("ok.json").write_text(to_json(make_circular()), encoding="utf-8")
    result = run("validate", "ok.json", "x.json")
    assert result.exit_code == 1
    assert result.stdout == "x.json: $.measures[0].children[0].targets[0].value: Input should be a valid decimal\n"
    assert result.stderr == "sgb: 1 of 2 files invalid\n"


def test_validate_span_inconsistency(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = json.loads(to_json(make_circular()), parse_float=Decimal)
    data["measures"][0]["children"][1]["span"] = [0, 5]
    _write_json(Path("x.json"), data)
    result = run("validate", "x.json")
    assert result.exit_code == 1
    assert result.stdout.startswith("x.json: $.measures[0].children[1]: Value error, measure 一/2 span [0, 5] does not have the length")


def test_validate_refuses_python_yaml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("evil.yaml").write_text("a: !!python/object:os.system {}\n", encoding="utf-8")
    result = run("validate", "evil.yaml")
    assert result.exit_code == 1 and result.stdout == ""
    assert re.fullmatch(r"sgb: evil\.yaml: refused YAML: .*python/object:os\.system.*never python tags\)\n"
                        r"sgb: 1 of 1 file invalid\n", result.stderr)


# --- schema ----------------------------------------------------------------------------------------

def test_schema_is_committed_and_fresh():
    result = run("schema")
    assert result.exit_code == 0
    committed = (ROOT / "schema" / "circular.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "schema/circular.schema.json is stale: run `sgb schema > schema/circular.schema.json`"
    assert json.loads(result.stdout)["title"] == "Circular"


# --- show ------------------------------------------------------------------------------------------

def test_show_plain_when_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("c.json").write_text(to_json(make_circular()), encoding="utf-8")
    result = run("show", "c.json", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    for word in ("测试若干措施", "一/1", "市科技局（牵头）", "市财政局（配合）", "市人力资源社会保障局",
                 "技术合同登记成交额 突破 20亿元（2024-06-30前）", "6月底前（2024-06-30）"):
        assert word in result.stdout
    assert result.stderr == ""


def test_show_raw_text(fake_pipeline, inputs):
    result = run("show", "warn.txt", env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "1 warnings: no_clause" in result.stdout


def test_show_invalid_json_lists_problems(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = json.loads(to_json(make_circular()), parse_float=Decimal)
    data["measures"][0]["children"][0]["targets"][0]["value"] = "x"
    _write_json(Path("x.json"), data)
    result = run("show", "x.json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "sgb: $.measures[0].children[0].targets[0].value: Input should be a valid decimal\nsgb: 1 problem(s)\n"


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_console_colour_only_on_a_terminal_without_no_color(monkeypatch):
    from rich.text import Text

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for tty, no_color, coloured in ((True, None, True), (False, None, False), (True, "1", False)):
        if no_color:
            monkeypatch.setenv("NO_COLOR", no_color)
        stream = _Stream(tty)
        common.make_console(stream).print(Text("市科技局", style="bold red"))
        assert ("\x1b[" in stream.getvalue()) is coloured, (tty, no_color)


def test_show_does_not_colour_even_when_forced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("c.json").write_text(to_json(make_circular()), encoding="utf-8")
    result = run("show", "c.json", env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert "\x1b[" not in result.stdout


# --- batch -----------------------------------------------------------------------------------------

@pytest.fixture
def corpus(inputs):
    folder = inputs / "corpus"
    (folder / "2024").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "2024/c.txt", "2024/warn.txt"):
        (folder / name).write_text("一、WARN\n" if "warn" in name else f"一、{name}\n", encoding="utf-8")
    (folder / "2024" / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(10))
    (folder / "README.md").write_text("not a circular", encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_continues_past_bad_files(fake_pipeline, corpus, jobs):
    result = run("batch", "corpus", "-o", "out", "--jobs", jobs)
    assert result.exit_code == 1
    out = corpus.parent / "out"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "2024/c.json", "2024/warn.json", "a.json", "b.json", "summary.json"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["seconds"] >= 0
    del summary["seconds"]
    assert summary == {"files": 5, "parsed": 4, "measures": 12, "targets": 8, "warnings": 1,
                       "failures": [{"path": "corpus/2024/img.txt", "message": "a PNG image, not a text circular"}]}
    lines = result.stderr.splitlines()
    assert lines[0] == "sgb: corpus/2024/img.txt: a PNG image, not a text circular"
    assert re.fullmatch(r"sgb: 5 files: 4 parsed, 1 failed, 12 measures, 8 targets in \d+\.\d s", lines[1])
    assert result.stdout == ""
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["source"]["path"] == "corpus/a.txt"


def test_batch_glob_format_and_quiet(fake_pipeline, corpus):
    result = run("batch", "corpus/*.txt", "-o", "out", "-f", "yaml", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(p.name for p in (corpus.parent / "out").iterdir()) == ["a.yaml", "b.yaml", "summary.json"]


def test_batch_reports_internal_errors_per_file(fake_pipeline, corpus):
    (corpus / "boom.txt").write_text("BOOM", encoding="utf-8")
    result = run("batch", "corpus/boom.txt", "corpus/a.txt", "-o", "out", "-q")
    assert result.exit_code == 1
    assert result.stderr == "sgb: corpus/boom.txt: internal error: RuntimeError: boom\n"


def test_batch_nothing_found(fake_pipeline, inputs):
    (inputs / "empty").mkdir()
    result = run("batch", "empty", "-o", "out")
    assert (result.exit_code, result.stderr) == (1, "sgb: no circulars found in empty\n")
    result = run("batch", "missing", "-o", "out")
    assert (result.exit_code, result.stderr) == (1, "sgb: missing: no such file or directory\n")


def test_batch_requires_output():
    result = run("batch", "x")
    assert result.exit_code == 2 and "Missing option '--output'" in result.stderr


# --- the docs follow --help ------------------------------------------------------------------------

def _command_reference() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Command reference\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, "README.md has no '## Command reference' section"
    return match.group(1)


def test_readme_mentions_every_command_and_option():
    from typer.main import get_command

    reference = _command_reference()
    group = get_command(app)
    missing = []
    for param in group.params:
        missing += [opt for opt in param.opts if opt.startswith("-") and opt not in reference]
    for name, command in group.commands.items():
        if f"sgb {name}" not in reference:
            missing.append(f"sgb {name}")
        for param in command.params:
            missing += [f"{name} {opt}" for opt in (*param.opts, *param.secondary_opts)
                        if opt.startswith("-") and opt != "--help" and opt not in reference]
    for code in ("0", "1", "2"):
        assert re.search(rf"\|\s*`?{code}`?\s*\|", reference), f"exit code {code} is not documented"
    assert missing == []


# --- end to end on data/raw (needs the real pipeline) ---------------------------------------------

def test_e2e_parse_jsonl_pipes_into_json_loads():
    assert RAW, "data/raw has no .txt files"
    command = (f"{PYTHON} -m shuangguoban parse {' '.join(str(p) for p in RAW)} --format jsonl | "
               f"{PYTHON} -c 'import sys,json; n = len([json.loads(l) for l in sys.stdin]); assert n, n; print(n)'")
    proc = subprocess.run(command, shell=True, capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= len(RAW)


def test_e2e_parse_validate_round_trip(tmp_path):
    for fmt in ("json", "yaml"):
        result = run("parse", *map(str, RAW), "-f", fmt, "-o", f"{tmp_path}/", "-q")
        assert result.exit_code == 0, result.stderr
    outputs = sorted(str(p) for p in tmp_path.iterdir())
    result = run("validate", *outputs)
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout
    assert result.stderr == f"sgb: {len(outputs)} files valid\n"
    for path in tmp_path.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert to_json(Circular.model_validate(json.loads(text, parse_float=Decimal))) == text


def test_e2e_ledgers_and_report():
    from openpyxl import load_workbook

    sample = str(RAW[0])
    result = run("parse", sample, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith("\ufeff序号,层级,措施,牵头单位,责任单位,配合单位,量化指标,完成时限,政策兑现\r\n".encode())
    result = run("parse", sample, "-f", "xlsx")
    book = load_workbook(io.BytesIO(result.stdout_bytes))
    assert book["任务台账"].max_row > 1
    assert all(isinstance(row[4].value, (int, float)) for row in book["量化指标"].iter_rows(min_row=2))
    result = run("parse", sample, "-f", "md")
    assert result.exit_code == 0 and result.stdout.startswith("# ")
    result = run("show", sample)
    assert result.exit_code == 0 and "\x1b[" not in result.stdout


def test_e2e_kaifeng_ledger_row():
    sample = ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt"
    result = run("parse", str(sample), "-f", "csv")
    assert "技术合同登记成交额 突破 20亿元（2024-06-30前）" in result.stdout


def test_e2e_batch(tmp_path):
    result = run("batch", str(ROOT / "data" / "raw"), "-o", str(tmp_path), "-f", "jsonl", "--jobs", "2", "-q")
    assert (result.exit_code, result.stderr) == (0, "")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == len(RAW) and summary["failures"] == [] and summary["measures"] > 0
