"""Batch and globs against hostile trees (issue 14, item 6): symlink loops, the run's own output,
file names that are not UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile_files import run_sgb
from shuangguoban.batch import discover

PYTHON = sys.executable
CIRCULAR = "关于做好重点工作的通知\n1.推进项目建设。（市发展改革委负责）\n"
BAD_NAME = os.fsdecode(b"bad\xff.txt")


def sgb(*args: str, cwd) -> subprocess.CompletedProcess:
    return run_sgb(*args, cwd=cwd)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """corpus/a.txt, corpus/sub/b.txt, and corpus/sub/loop → corpus (a symlink to a parent)."""
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text(CIRCULAR, encoding="utf-8")
    (tmp_path / "corpus" / "sub" / "b.txt").write_text(CIRCULAR, encoding="utf-8")
    (tmp_path / "corpus" / "sub" / "loop").symlink_to("..")
    return tmp_path


def test_double_star_does_not_follow_a_symlink_loop(tree, monkeypatch):
    monkeypatch.chdir(tree)
    for source in ("corpus/**/*.txt", "corpus/**", "corpus"):
        found = discover([source])
        assert sorted(str(rel) for _, rel in found) == ["a", "sub/b"], source


def test_a_glob_never_reads_the_runs_own_output(tree):
    first = sgb("batch", "corpus/**", "-o", "corpus/out", "-j", "1", "-q", cwd=tree)
    assert first.returncode == 0, first.stderr
    (tree / "corpus" / "out" / "a.txt").write_text(CIRCULAR, encoding="utf-8")   # an input-like file in the output
    second = sgb("batch", "corpus/**", "-o", "corpus/out", "-j", "1", "-q", cwd=tree)
    assert second.returncode == 0, second.stderr
    summary = json.loads((tree / "corpus" / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["files"], summary["parsed"]) == (2, 2)
    assert not (tree / "corpus" / "out" / "out").exists()


def test_a_file_name_that_is_not_utf8_is_a_bad_file(tree):
    (tree / "corpus" / BAD_NAME).write_text(CIRCULAR, encoding="utf-8")
    proc = sgb("batch", "corpus", "-o", "out", "-j", "1", "-q", cwd=tree)
    assert proc.returncode == 1
    assert proc.stderr == "sgb: corpus/bad\\xff.txt: the file name is not valid UTF-8; rename the file\n"
    summary = json.loads((tree / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["parsed"] == 2
    assert summary["failures"] == [{"path": "corpus/bad\\xff.txt", "message": "the file name is not valid UTF-8; rename the file"}]


def test_parse_to_a_directory_reports_a_name_that_is_not_utf8(tree):
    (tree / "corpus" / BAD_NAME).write_text(CIRCULAR, encoding="utf-8")
    proc = sgb("parse", os.fsencode(f"corpus/{BAD_NAME}"), "-o", "out/", cwd=tree)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "sgb: corpus/bad\\xff.txt: the file name is not valid UTF-8; rename the file\n"
