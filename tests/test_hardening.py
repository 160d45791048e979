"""Hostile options, encodings and library calls (issue 14): one line on stderr, never a traceback.

Every hostile file is generated here; none is committed. The CLI runs as a subprocess (`python -m
shuangguoban`) where the real entry point matters (usage errors, a closed stdout).
"""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
import threading

import pytest

from hostile_files import run_sgb
from shuangguoban import load_circular, parse_circular
from shuangguoban.cli.common import sanitize
from shuangguoban.errors import InputError

PYTHON = sys.executable
CIRCULAR = "关于做好重点工作的通知\n1.推进项目建设，6月底前完成。（市发展改革委负责）\n2.稳定就业。（市人社局负责）\n"


def sgb(*args: str, cwd) -> subprocess.CompletedProcess:
    return run_sgb(*args, cwd=cwd)


def assert_one_line(proc: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert proc.stderr.startswith("sgb: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr


# --- item 8: bad options --------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", ["0", "-1", "abc"])
def test_bad_jobs_is_one_usage_line(tmp_path, jobs):
    (tmp_path / "a.txt").write_text(CIRCULAR, encoding="utf-8")
    proc = sgb("batch", "a.txt", "-o", "out", "-j", jobs, cwd=tmp_path)
    assert_one_line(proc, 2, "--jobs", "sgb batch --help")


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "2024-13-01"])
def test_reference_date_out_of_range_is_one_usage_line(tmp_path, date):
    (tmp_path / "a.txt").write_text("关于工作的通知\n1.推进项目建设，去年底前完成，明年6月底前完成。（市发展改革委负责）\n", encoding="utf-8")
    proc = sgb("parse", "a.txt", "--reference-date", date, cwd=tmp_path)
    assert_one_line(proc, 2, "--reference-date")
    assert proc.stdout == ""


def test_usage_errors_are_one_line_and_bare_sgb_prints_help(tmp_path):
    assert_one_line(sgb("parse", cwd=tmp_path), 2, "Missing argument 'FILE'", "(see sgb parse --help)")
    assert_one_line(sgb("nosuch", cwd=tmp_path), 2, "No such command 'nosuch'")
    bare = sgb(cwd=tmp_path)
    assert bare.returncode in (0, 2) and "Usage: sgb" in bare.stdout + bare.stderr and "Traceback" not in bare.stderr


def test_a_closed_stdout_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(CIRCULAR, encoding="utf-8")
    proc = subprocess.run(f"{PYTHON} -m shuangguoban parse a.txt >&-", shell=True, cwd=tmp_path,
                          capture_output=True, text=True, check=False, timeout=60)
    assert_one_line(proc, 1, "stdout is closed")


# --- item 8: library calls with the wrong types ---------------------------------------------------

def test_parse_circular_refuses_bytes_with_a_clear_type_error():
    with pytest.raises(TypeError, match="not bytes: use load_circular"):
        parse_circular(CIRCULAR.encode("utf-8"))
    with pytest.raises(TypeError, match="text as str, not int"):
        parse_circular(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["2024-05-23", dt.datetime(2024, 5, 23, 12, 0), 20240523])
def test_wrong_typed_reference_date_is_a_type_error(bad):
    with pytest.raises(TypeError, match="reference_date must be a datetime.date"):
        parse_circular(CIRCULAR, reference_date=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reference_date must be a datetime.date"):
        load_circular(CIRCULAR.encode("utf-8"), reference_date=bad)  # type: ignore[arg-type]


def test_reference_date_outside_the_supported_years_is_a_value_error():
    with pytest.raises(ValueError, match="outside 1900-01-01 to 2199-12-31"):
        parse_circular(CIRCULAR, reference_date=dt.date(1, 1, 1))
    assert parse_circular(CIRCULAR, reference_date=dt.date(2024, 1, 1)).reference_date.basis == "option"


def test_load_circular_refuses_other_types_and_takes_bytearray():
    with pytest.raises(TypeError, match="a path .str or Path. or bytes, not int"):
        load_circular(123)  # type: ignore[arg-type]
    assert len(load_circular(bytearray(CIRCULAR.encode("utf-8"))).measures) == 2


# --- item 8: encodings ----------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be-bom", "utf-16"])
def test_utf32_and_utf16_with_a_mark_are_decoded(codec):
    # Python writes the byte-order mark for utf-32 and utf-16; a big-endian one is added by hand.
    data = b"\x00\x00\xfe\xff" + CIRCULAR.encode("utf-32-be") if codec == "utf-32-be-bom" else CIRCULAR.encode(codec)
    circular = load_circular(data)
    assert circular.source.encoding == codec[:6]
    assert [m.title for m in circular.measures] == ["推进项目建设，6月底前完成", "稳定就业"]


def test_utf32_without_a_mark_is_refused_in_one_line(tmp_path):
    (tmp_path / "a.txt").write_bytes(CIRCULAR.encode("utf-32-le"))
    proc = sgb("parse", "a.txt", cwd=tmp_path)
    assert_one_line(proc, 1, "a.txt: binary data (NUL bytes)", "byte-order mark")


_TRADITIONAL = ("關於印發促進經濟穩定增長若干措施的通知。各縣區人民政府，市人民政府各部門：現將有關事項通知如下。"
                "一、加快項目建設，由市發展改革委牽頭負責，年底前完成。二、穩定就業崗位，市人社局負責。")
_SIMPLIFIED = ("关于印发促进经济稳定增长若干措施的通知。各县区人民政府，市人民政府各部门：现将有关事项通知如下。"
               "一、加快项目建设，由市发展改革委牵头负责，年底前完成。二、稳定就业岗位，市人社局负责。")


@pytest.mark.parametrize(("declared", "codec", "text"), [
    ("gbk", "big5hkscs", _TRADITIONAL),        # Big5 bytes under a GBK label: decode without error, as mojibake
    ("big5", "gb18030", _SIMPLIFIED),           # GBK bytes under a Big5 label
    ("utf-8", "gb18030", _SIMPLIFIED),          # GBK bytes under a UTF-8 label
    ("shift_jis", "gb18030", _SIMPLIFIED),
])
def test_html_whose_meta_charset_lies_is_decoded_by_content(declared, codec, text):
    from shuangguoban.formats.html import html_text

    page = (f'<html><head><meta charset="{declared}"><title>通知</title></head><body>'
            f'<div class="content"><p>{text}</p></div></body></html>').encode(codec)
    out, used = html_text(page, "page.html")
    assert used == codec
    assert text[:20] in out


def test_html_with_an_honest_charset_is_unchanged():
    from shuangguoban.formats.html import html_text

    page = f'<html><head><meta charset="gbk"></head><body><div><p>{_SIMPLIFIED}</p></div></body></html>'.encode("gb18030")
    out, used = html_text(page, "page.html")
    assert used == "gb18030" and _SIMPLIFIED in out


# --- item 5: the library leaves the collector alone -----------------------------------------------

def test_parse_in_a_thread_never_switches_the_collector_off():
    """Another thread must see the GC enabled while parses run (its garbage would grow unbounded)."""
    stop = threading.Event()
    seen: list[bool] = []

    def parse_many():
        for _ in range(20):
            parse_circular(CIRCULAR * 20)
        stop.set()

    worker = threading.Thread(target=parse_many)
    worker.start()
    while not stop.is_set():
        seen.append(gc.isenabled())
    worker.join()
    assert seen and all(seen)


# --- item 4: terminal safety ----------------------------------------------------------------------

def test_sanitize_escapes_control_characters_and_escape_sequences():
    assert sanitize("a\x1b[2J\x1b]0;title\x07b") == "a\\x1b[2J\\x1b]0;title\\x07b"
    assert sanitize("x\ny\r\u202ez\x9b") == "x\\x0ay\\x0d\\u202ez\\x9b"
    assert sanitize("行一\n行二", keep_newlines=True) == "行一\n行二"
    assert sanitize("bad\udcffname") == "bad\\udcffname"


def test_file_names_and_document_text_reach_the_terminal_escaped(tmp_path):
    name = "evil\x1b[31m.txt"
    (tmp_path / name).write_bytes(b"")
    proc = sgb("parse", name, cwd=tmp_path)
    assert_one_line(proc, 1, "evil\\x1b[31m.txt: empty input")
    assert "\x1b" not in proc.stderr
    (tmp_path / "show.txt").write_text(
        "关于工作的通知\n1.推进\x1b[2J项目\x1b]0;pwned\x07建设。（市发展\x1b[31m改革委负责）\n", encoding="utf-8")
    proc = sgb("show", "show.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "\\x1b[2J" in proc.stdout


def test_input_error_messages_are_input_errors():
    with pytest.raises(InputError, match="byte-order mark"):
        load_circular(CIRCULAR.encode("utf-32-be"))
