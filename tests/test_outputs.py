"""Outputs that never destroy anything, and spreadsheets that never run a formula (issue 14, items 3–4)."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
import threading

import pytest

from hostile_files import run_sgb
from shuangguoban import parse_circular
from shuangguoban.atomic import write_atomic
from shuangguoban.errors import SgbError
from shuangguoban.spreadsheets import to_csv, to_xlsx

PYTHON = sys.executable
CIRCULAR = "关于做好重点工作的通知\n1.推进项目建设。（市发展改革委负责）\n"


def sgb(*args: str, cwd) -> subprocess.CompletedProcess:
    return run_sgb(*args, cwd=cwd)


def leftovers(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- item 3: -o never destroys --------------------------------------------------------------------

@pytest.mark.parametrize("output", ["a.txt", "link.json", "a.d/"])
def test_writing_onto_the_input_is_refused(tmp_path, output):
    (tmp_path / "a.txt").write_text(CIRCULAR, encoding="utf-8")
    (tmp_path / "link.json").symlink_to("a.txt")
    (tmp_path / "a.d").mkdir()
    (tmp_path / "a.d" / "a.json").symlink_to("../a.txt")
    proc = sgb("parse", "a.txt", "-o", output, cwd=tmp_path)
    assert proc.returncode == 2 and "refusing to overwrite it" in proc.stderr and proc.stderr.count("\n") == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CIRCULAR


def test_a_symlink_at_the_target_is_followed_and_kept(tmp_path):
    (tmp_path / "real.json").write_text("OLD", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    write_atomic(tmp_path / "link.json", "NEW")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "real.json").read_text(encoding="utf-8") == "NEW"
    (tmp_path / "dangling.json").symlink_to("made.json")
    write_atomic(tmp_path / "dangling.json", "MADE")
    assert (tmp_path / "dangling.json").is_symlink() and (tmp_path / "made.json").read_text(encoding="utf-8") == "MADE"
    assert leftovers(tmp_path) == []


def test_a_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "数据\n" * 50_000)
    reader.join(timeout=10)
    assert received == [("数据\n" * 50_000).encode("utf-8")]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_device_is_written_through(tmp_path):
    write_atomic("/dev/null", "x" * 1000)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_target_is_refused(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("KEEP", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(SgbError, match="read-only"):
        write_atomic(target, "NEW")
    assert target.read_text(encoding="utf-8") == "KEEP"


def test_a_read_only_target_is_refused_even_for_root(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("KEEP", encoding="utf-8")
    target.chmod(0o444)
    monkeypatch.setattr(os, "access", lambda path, mode: False)   # what a non-root user sees
    with pytest.raises(SgbError, match="read-only"):
        write_atomic(target, "NEW")
    assert target.read_text(encoding="utf-8") == "KEEP"


def test_a_killed_write_leaves_no_temporary_after_the_next_run(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("OLD", encoding="utf-8")
    script = ("import os, sys\nfrom shuangguoban import atomic\n"
              "os.replace = lambda src, dst: os.kill(os.getpid(), 9)\n"
              "atomic.write_atomic(sys.argv[1], 'x' * 1_000_000)\n")
    proc = subprocess.run([PYTHON, "-c", script, str(target)], capture_output=True, check=False, timeout=60)
    assert proc.returncode == -9
    assert len(leftovers(tmp_path)) == 1 and target.read_text(encoding="utf-8") == "OLD"
    (tmp_path / ".other.json.1.abc.tmp").write_text("not ours", encoding="utf-8")
    write_atomic(target, "NEW")
    assert target.read_text(encoding="utf-8") == "NEW"
    assert leftovers(tmp_path) == [".other.json.1.abc.tmp"]      # another target's file is left alone


def test_a_live_writers_temporary_is_left_alone(tmp_path):
    target = tmp_path / "out.json"
    live = tmp_path / f".out.json.{os.getppid()}.abc123.tmp"     # our parent is alive
    live.write_text("in progress", encoding="utf-8")
    write_atomic(target, "NEW")
    assert live.exists()


# --- item 4: spreadsheets never run a formula ------------------------------------------------------

HOSTILE = ("关于做好重点工作的通知\n"
           "1.=HYPERLINK(\"http://evil.example\",\"点击\")推进项目建设。（市发展改革委负责）\n"
           "2.+cmd|' /C calc'!A0 稳定就业。（市人社局负责）\n"
           "3.-2+3 @SUM(A1) 扩大投资。（市财政局负责）\n")


def test_csv_cells_that_look_like_formulas_get_an_apostrophe():
    circular = parse_circular(HOSTILE)
    rows = list(csv.reader(io.StringIO(to_csv([circular]).lstrip("\ufeff"))))
    titles = [row[2] for row in rows[1:]]
    assert titles[0].startswith("'=HYPERLINK(") and titles[1].startswith("'+cmd|") and titles[2].startswith("'-2+3")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_cells_that_look_like_formulas_are_text():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(to_xlsx([parse_circular(HOSTILE)])))
    cells = [cell for row in book["任务台账"].iter_rows(min_row=2) for cell in row]
    formulas = [cell for cell in cells if cell.data_type == "f"]
    assert formulas == []
    titles = [row[2].value for row in book["任务台账"].iter_rows(min_row=2)]
    assert titles[0].startswith("=HYPERLINK(") and titles[1].startswith("+cmd|")    # the text, kept as text
