"""`sgb validate` and `--agencies` against hostile files (issue 14, item 7)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from hostile_files import run_sgb
from shuangguoban import parse_circular
from shuangguoban.errors import InputError
from shuangguoban.validate import parse_structured, validate_data
from shuangguoban.writers import to_json

PYTHON = sys.executable
CIRCULAR = "关于做好重点工作的通知\n1.推进项目建设。（市发展改革委负责）\n2.稳定就业。（市人社局负责）\n"


def sgb(*args: str, cwd) -> subprocess.CompletedProcess:
    return run_sgb(*args, cwd=cwd)


def one_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr


def laughs(levels: int = 8, fan: int = 9) -> str:
    """A YAML measure tree whose aliases multiply it: fan**levels nodes from a few hundred bytes."""
    lines = ['a0: &a0 {label: "1", text: x}']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]")
    lines.append(f"measures: *a{levels}")
    return "\n".join(lines) + "\n"


def test_yaml_aliases_that_multiply_the_tree_are_refused(tmp_path):
    text = laughs()
    assert len(text) < 10_000
    started = time.monotonic()
    with pytest.raises(InputError, match=r"YAML aliases expand [0-9]+ nodes to [0-9]+; refused"):
        parse_structured(text, "yaml", "bomb.yaml")
    assert time.monotonic() - started < 2
    (tmp_path / "bomb.yaml").write_text(text, encoding="utf-8")
    one_line(sgb("validate", "bomb.yaml", cwd=tmp_path), "bomb.yaml: YAML aliases expand")


def test_a_few_aliases_are_still_read():
    assert parse_structured("a: &x [1, 2]\nb: *x\n", "yaml") == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_deep_nesting_is_too_deeply_nested(tmp_path, fmt):
    for depth in (200, 100_000):
        text = "[" * depth + "]" * depth
        with pytest.raises(InputError, match="too deeply nested"):
            parse_structured(text, fmt, f"deep.{fmt}")
    (tmp_path / f"deep.{fmt}").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    one_line(sgb("validate", f"deep.{fmt}", cwd=tmp_path), "too deeply nested")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_100000_digit_integer_is_refused(tmp_path, fmt):
    text = '{"schema_version": "1.1.0", "n": ' + "9" * 100_000 + "}"
    with pytest.raises(InputError, match="refused"):
        parse_structured(text, fmt, "big")
    (tmp_path / f"big.{fmt}").write_text(text, encoding="utf-8")
    one_line(sgb("validate", f"big.{fmt}", cwd=tmp_path), "refused")


def test_a_missing_schema_version_is_a_problem():
    data = json.loads(to_json(parse_circular(CIRCULAR)))
    assert validate_data(data) == []
    del data["schema_version"]
    assert validate_data(data) == [("$.schema_version", "missing: a file written by sgb names its schema version (1.1.0)")]


@pytest.mark.parametrize(("fmt", "text", "message"), [
    ("json", '{"title": "a", "title": "b"}', "duplicate key 'title' in a JSON object"),
    ("yaml", "title: a\nissuer: x\ntitle: b\n", "duplicate key 'title' at line 3"),
])
def test_duplicate_keys_are_reported(fmt, text, message):
    with pytest.raises(InputError, match=message):
        parse_structured(text, fmt, "dup")


def test_an_output_larger_than_20_mb_validates(tmp_path):
    items = "".join(f"{i}.推进第{i}项重点项目建设，确保按期完成。（市发展改革委负责）\n" for i in range(1, 2001))
    circular = parse_circular("关于做好重点工作的通知\n" + items)
    data = json.loads(to_json(circular))
    data["preamble"] = "说明" * (11 * 1024 * 1024 // 2)         # pad the file past 20 MB with one long field
    (tmp_path / "big.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert (tmp_path / "big.json").stat().st_size > 20 * 1024 * 1024
    proc = sgb("validate", "big.json", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "sgb: 1 file valid\n")


def test_agencies_path_is_always_a_file(tmp_path):
    (tmp_path / "a.txt").write_text(CIRCULAR, encoding="utf-8")
    odd = "my: aliases.yaml"                     # a name load_aliases would take for YAML text
    (tmp_path / odd).write_text("aliases:\n  市发改委: 市发展改革委\n", encoding="utf-8")
    proc = sgb("parse", "a.txt", "--agencies", odd, "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = sgb("parse", "a.txt", "--agencies", "no: such.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == "sgb: no: such.yaml: no such file\n"


def test_agencies_reads_at_most_a_few_mb(tmp_path):
    (tmp_path / "a.txt").write_text(CIRCULAR, encoding="utf-8")
    (tmp_path / "huge.yaml").write_bytes(b"aliases:\n" + b"#" * (5 * 1024 * 1024))
    proc = sgb("parse", "a.txt", "--agencies", "huge.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == "sgb: huge.yaml: larger than the 4 MB limit\n"
