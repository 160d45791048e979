"""Layering and import cost, each checked in a clean interpreter.

The library never imports typer or rich (only the cli package does); the CLI imports rich, yaml and openpyxl
only in the code paths that need them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shuangguoban.writers import to_json
from test_writers import make_circular

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt"
HEAVY = ("rich", "yaml", "openpyxl")


def modules_after(code: str, *args: str) -> set[str]:
    """The names in sys.modules after running `code` in a fresh interpreter."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import json as _json, sys as _sys
        _sys.stderr.write("\\nMODULES=" + _json.dumps(sorted(_sys.modules)) + "\\n")
    """)
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0 or "MODULES=" not in proc.stderr:
        pytest.fail(f"the script failed: {proc.stderr[-2000:]}")
    return set(json.loads(proc.stderr.rsplit("MODULES=", 1)[1]))


def imported_after(code: str, *args: str) -> set[str]:
    """Top-level package names in sys.modules after running `code` in a fresh interpreter."""
    return {name.split(".")[0] for name in modules_after(code, *args)}


def test_library_core_imports_neither_typer_nor_rich():
    modules = imported_after("""
        import shuangguoban, shuangguoban.loader, shuangguoban.models, shuangguoban.errors
        import shuangguoban.writers, shuangguoban.ledger, shuangguoban.validate
        shuangguoban.__version__
    """)
    assert not modules & {"typer", "click", "rich"}
    assert not modules & {"yaml", "openpyxl"}  # writing JSON or validating JSON needs neither


def test_pipeline_imports_neither_typer_nor_rich():
    modules = imported_after("import shuangguoban.pipeline, shuangguoban.loader, shuangguoban.models")
    assert not modules & {"typer", "click", "rich"}


def test_cli_import_is_light():
    modules = imported_after("from shuangguoban import cli")
    assert not modules & set(HEAVY)


def test_help_and_usage_errors_do_not_import_rich():
    modules = imported_after("""
        from shuangguoban.cli import app
        for args in (["--help"], ["parse", "--help"], ["parse", "x", "--format", "nope"]):
            try:
                app(args, prog_name="sgb")
            except SystemExit:
                pass
    """)
    assert "rich" not in modules


STUB = """
    import sys, types
    from shuangguoban.models import Circular
    fixture = Circular.model_validate_json(open(sys.argv[1], encoding="utf-8").read())
    stub = types.ModuleType("shuangguoban.pipeline")
    stub.parse_circular = lambda text, **kwargs: fixture
    sys.modules["shuangguoban.pipeline"] = stub
"""

RUN_PARSE = """
    from shuangguoban.cli import app
    try:
        app(["parse", sys.argv[2], "--format", "json", "-o", sys.argv[3]], prog_name="sgb")
    except SystemExit as exc:
        assert not exc.code, exc.code
"""


def test_parse_json_imports_no_rich_yaml_or_openpyxl(tmp_path):
    """With the pipeline stubbed: what the CLI and the JSON writer themselves import."""
    fixture = tmp_path / "fixture.json"
    fixture.write_text(to_json(make_circular()), encoding="utf-8")
    (tmp_path / "x.txt").write_text("一、测试\n", encoding="utf-8")
    modules = imported_after(STUB + RUN_PARSE, str(fixture), str(tmp_path / "x.txt"), str(tmp_path / "out.json"))
    assert not modules & set(HEAVY)
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["title"] == "测试若干措施"


def test_real_parse_json_imports_neither_rich_nor_openpyxl(tmp_path):
    modules = imported_after("import sys\n" + textwrap.dedent(RUN_PARSE), "-", str(SAMPLE), str(tmp_path / "out.json"))
    assert not modules & {"rich", "openpyxl"}


def test_real_parse_json_imports_no_yaml(tmp_path):
    """With the rule tables cached (what `make install` does), a JSON parse never imports PyYAML."""
    from shuangguoban.rules import build_cache

    build_cache()
    modules = imported_after("import sys\n" + textwrap.dedent(RUN_PARSE), "-", str(SAMPLE), str(tmp_path / "out.json"))
    assert "yaml" not in modules



def test_parse_imports_only_what_parse_needs():
    """`sgb parse FILE` (through the entry point, to stdout) builds its own command alone: the other
    commands' modules, the corpus database, the comparison, the table writers and the file writer
    stay unimported."""
    modules = modules_after("""
        import sys
        sys.argv = ["sgb", "parse", sys.argv[1]]
        from shuangguoban.cli import main
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, exc.code
    """, str(SAMPLE))
    assert "shuangguoban.cli.documents" in modules
    assert not modules & {"duckdb", "rapidfuzz", "rich", "yaml", "openpyxl", "tempfile", "importlib.metadata"}
    assert not modules & {f"shuangguoban.{name}" for name in (
        "cli.validate", "cli.corpus", "cli.compare", "corpus", "crossdoc_io", "align", "diff", "ledger",
        "spreadsheets", "markdown", "review", "atomic", "validate")}


def test_the_cli_freezes_its_start_up_and_leaves_the_collector_running():
    """`sgb parse` imports the pipeline with the collector paused and freezes what start-up made (it
    lives as long as the process); afterwards, and after the parse, the collector runs as usual."""
    script = textwrap.dedent("""
        import gc, sys
        sys.argv = ["sgb", "parse", sys.argv[1]]
        from shuangguoban.cli import main
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, exc.code
        sys.stderr.write(f"\\nGC={gc.isenabled()} FROZEN={gc.get_freeze_count()}\\n")
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(SAMPLE)], capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    state = proc.stderr.rsplit("GC=", 1)[1].split()
    assert state[0] == "True"
    assert int(state[1].removeprefix("FROZEN=")) > 10_000     # typer, pydantic and the pipeline's modules
    assert json.loads(proc.stdout)["measures"]
