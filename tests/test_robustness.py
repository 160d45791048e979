"""Hostile, broken and damaged input: what the loader, the parser and the `sgb` command do with it.

Nothing here decides behaviour: each test checks what the code and its docs say (loader.py, cli.py,
segment.py). The command runs in a subprocess, so exit codes, stderr and signals are the real ones.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from conftest import circular_text
from shuangguoban.errors import InputError, SgbError
from shuangguoban.loader import load_bytes
from shuangguoban.models import walk
from shuangguoban.pipeline import parse_circular
from shuangguoban.reading import load_circular
from strategies import check_all, circular_bytes

ROOT = Path(__file__).resolve().parent.parent
KAIFENG = (ROOT / "data" / "raw" / "kaifeng_2024_q2_double_half_measures.txt").read_text(encoding="utf-8")
QINGYU = circular_text("qingyu_nested_fullwidth.txt")
BAIHE = circular_text("baihe_labels_print.txt")
TANZHOU = circular_text("tanzhou_oneline_labels.txt")


# --- running the command ------------------------------------------------------------------------

def sgb_command() -> list[str]:
    if (ROOT / "src" / "shuangguoban" / "__main__.py").exists():
        return [sys.executable, "-m", "shuangguoban"]
    return [str(Path(sys.executable).with_name("sgb"))]


def run_sgb(*args: str | Path, stdin=None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*sgb_command(), *map(str, args)], stdin=stdin if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    """Exit 1, nothing on stdout, and one line on stderr: `sgb: …` with the expected words, no traceback."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sgb: "), proc.stderr
    assert "internal error" not in lines[0], f"an unexpected exception reached the CLI: {lines[0]}"
    assert expected in lines[0], lines[0]
    assert proc.stdout == ""


def parsed_ok(proc: subprocess.CompletedProcess[str]) -> dict:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    return json.loads(proc.stdout, parse_float=Decimal)


# --- files that are not circulars -----------------------------------------------------------------

@pytest.mark.parametrize("data, expected", [
    (b"", "empty input"),
    (b" \n\t\r\n ", "contains only whitespace"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
    (b"\x00\x00\x01abc\x00def", "binary data (NUL bytes)"),
    ("通知\x00全文".encode(), "NUL bytes"),
])
def test_not_a_circular_is_refused_in_one_line(tmp_path, data, expected):
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        load_bytes(data, str(path))
    assert_one_line_error(run_sgb("parse", path), expected)


def test_full_width_spaces_only_is_refused_as_whitespace(tmp_path):
    """Found by this suite: a file of ideographic spaces (U+3000, the indent of every circular) is
    whitespace-only, but the loader says "contains no text" instead of "contains only whitespace"."""
    data = "\u3000\u3000\n\u3000 \r\n".encode("utf-8")
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    assert_one_line_error(run_sgb("parse", path), "contains only whitespace")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(circular_bytes())
@example(b"\xef\xbb\xbf\x99")
def test_any_bytes_load_or_raise_the_library_error(data):
    try:
        circular = load_circular(data)
    except SgbError:
        return
    check_all(load_bytes(data).text, circular)


def test_utf8_mark_before_text_in_another_encoding(tmp_path):
    """Found by this suite: a UTF-8 BOM followed by bytes that are not UTF-8 let UnicodeDecodeError
    escape. A GBK file with a stray mark is now read as GB18030; bytes that are nothing are refused."""
    data = b"\xef\xbb\xbf" + "关于做好工作的通知".encode("gb18030")
    loaded = load_bytes(data, "bom.txt")
    assert loaded.text == "关于做好工作的通知" and loaded.source.encoding == "gb18030"
    with pytest.raises(InputError):
        load_bytes(b"\xef\xbb\xbf\x99\xff\xfe\x81", "junk.txt")
    path = tmp_path / "junk.txt"
    path.write_bytes(b"\xef\xbb\xbf\x99\xff\xfe\x81")
    proc = run_sgb("parse", path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr


def test_empty_stdin_is_refused_in_one_line():
    proc = subprocess.run([*sgb_command(), "parse", "-"], input="", capture_output=True, text=True, timeout=60)
    assert_one_line_error(proc, "empty input")


def test_missing_path_and_directory(tmp_path):
    assert_one_line_error(run_sgb("parse", tmp_path / "nope.txt"), "no such file")
    assert_one_line_error(run_sgb("parse", tmp_path), "is a directory")


def test_text_without_numbered_items_gives_no_measures_and_a_warning(tmp_path):
    text = "关于做好防汛工作的通知\n各乡镇人民政府：\n入汛以来，降雨偏多，各单位要高度重视，切实做好防汛工作。\n"
    circular = parse_circular(text)
    assert circular.measures == []
    assert "no_measures" in [w.code for w in circular.warnings]
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    data = parsed_ok(run_sgb("parse", path))
    assert data["measures"] == []
    assert "no_measures" in [w["code"] for w in data["warnings"]]


def test_truncated_utf8_keeps_the_text_and_warns(tmp_path):
    whole = KAIFENG.rstrip().rstrip(")").encode("utf-8")
    assert whole[-1] >= 0x80                     # ends with a multi-byte character (责)
    data = whole[:-1]                            # cut inside it
    loaded = load_bytes(data, "cut.txt")
    assert [w.code for w in loaded.warnings] == ["truncated_utf8"]
    assert KAIFENG.startswith(loaded.text)
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    out = parsed_ok(run_sgb("parse", path))
    codes = [w["code"] for w in out["warnings"]]
    assert "truncated_utf8" in codes
    warning = next(w for w in out["warnings"] if w["code"] == "truncated_utf8")
    assert warning["span"] == [len(loaded.text), len(loaded.text)]
    assert len(out["measures"]) == 25


def test_latin1_mojibake_is_repaired_with_a_warning(tmp_path):
    garbled = QINGYU.encode("utf-8").decode("latin-1").encode("utf-8")
    circular = load_circular(garbled)
    assert "mojibake_repaired" in [w.code for w in circular.warnings]
    assert circular.measures and circular.measures[0].title == "稳定重点群体就业"
    path = tmp_path / "mojibake.txt"
    path.write_bytes(garbled)
    out = parsed_ok(run_sgb("parse", path))
    assert "mojibake_repaired" in [w["code"] for w in out["warnings"]]


def test_unrepairable_mojibake_is_refused_as_garbled(tmp_path):
    garbled = QINGYU.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    with pytest.raises(InputError, match="garbled"):
        load_bytes(garbled, "x.txt")
    path = tmp_path / "garbled.txt"
    path.write_bytes(garbled)
    assert_one_line_error(run_sgb("parse", path), "garbled")


def test_a_25_mb_file_is_refused_quickly(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:       # sparse: 25 MB of text-looking size, no 25 MB write
        handle.write("一、推进。\n".encode())
        handle.truncate(25 * 1024 * 1024)
    started = time.monotonic()
    proc = run_sgb("parse", big)
    assert_one_line_error(proc, "larger than the 20 MB limit")
    assert time.monotonic() - started < 30


def test_an_endless_input_is_refused_without_reading_it_whole():
    """/dev/zero never ends: the loader must stop after the limit instead of reading it all."""
    with open("/dev/zero", "rb") as zero:
        proc = run_sgb("parse", "-", stdin=zero, timeout=60)
    assert_one_line_error(proc, "larger than the 20 MB limit")
    assert_one_line_error(run_sgb("parse", "/dev/zero", timeout=60), "larger than the 20 MB limit")


def test_unwritable_output_path_is_one_line_error(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text(BAIHE, encoding="utf-8")
    regular = tmp_path / "regular.txt"
    regular.write_text("not a directory", encoding="utf-8")
    assert_one_line_error(run_sgb("parse", source, "-o", regular / "out.json"), "cannot write")
    assert_one_line_error(run_sgb("parse", source, "-o", tmp_path / "missing" / "out.json"), "cannot write")
    assert regular.read_text(encoding="utf-8") == "not a directory"


def test_output_directory_under_a_regular_file_is_one_line_error(tmp_path):
    """`-o DIR/` asks for one output per input; a DIR under a regular file cannot be made."""
    source = tmp_path / "in.txt"
    source.write_text(BAIHE, encoding="utf-8")
    regular = tmp_path / "regular.txt"
    regular.write_text("x", encoding="utf-8")
    proc = run_sgb("parse", source, "-o", f"{regular}/sub/")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert_one_line_error(proc, "sub")


def test_malformed_pdf_and_docx_are_one_line_errors(tmp_path):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    docx = tmp_path / "broken.docx"
    docx.write_bytes(b"PK\x03\x04" + b"word/document.xml" + bytes(100))
    for path in (pdf, docx):
        proc = run_sgb("parse", path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("sgb: ")
        assert "internal error" not in proc.stderr, proc.stderr


# --- atomic output --------------------------------------------------------------------------------

def _many_measures(n: int) -> str:
    head = "开封市人民政府办公室关于印发若干措施的通知\n各县、区人民政府，市人民政府各部门：\n现提出以下措施。\n"
    return head + "".join(f"{i}.推进第{i}项重点工作。6月底前完成投资{i}亿元，新增就业{i}00人以上。"
                          f"（市发展改革委牵头，市财政局、商务局配合）\n" for i in range(1, n + 1))


def test_killed_write_leaves_the_old_file_or_the_complete_new_one(tmp_path):
    source = tmp_path / "big.txt"
    source.write_text(_many_measures(300), encoding="utf-8")
    out = tmp_path / "out.json"
    reference = tmp_path / "reference.json"
    assert run_sgb("parse", source, "-o", reference, "-q").returncode == 0
    new = reference.read_text(encoding="utf-8")
    old = '{"old": true}\n'

    def attempt(kill_when) -> str:
        out.write_text(old, encoding="utf-8")
        proc = subprocess.Popen([*sgb_command(), "parse", str(source), "-o", str(out), "-q"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            kill_when(proc)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=120)
        outcomes.append(out.read_text(encoding="utf-8"))
        return outcomes[-1]

    outcomes: list[str] = []

    def after(seconds):
        return lambda proc: time.sleep(seconds)

    def when_temp_file_appears(extra):
        def wait(proc):
            limit = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < limit:
                if any(p.name.startswith(".out.json.") for p in tmp_path.iterdir()):
                    if extra:
                        time.sleep(extra)
                    return
                time.sleep(0.0005)
        return wait

    def when_temp_file_is_renamed(proc):
        when_temp_file_appears(0)(proc)
        limit = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < limit:
            if not any(p.name.startswith(".out.json.") for p in tmp_path.iterdir()):
                return
            time.sleep(0.0005)

    moments = [after(0.3), after(1.5), when_temp_file_appears(0), when_temp_file_appears(0.002),
               when_temp_file_appears(0.01), when_temp_file_is_renamed]
    for kill_when in moments:
        content = attempt(kill_when)
        assert content in (old, new), f"partial output of {len(content)} characters after a kill"
        if content == new:
            json.loads(content)
    print("killed runs left:", ["old" if c == old else "new" for c in outcomes])


# --- damaged text in real pages: warnings with spans instead of wrong data --------------------------

def _drop_line(text: str, prefix: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith(prefix))


def test_missing_measure_number_warns_numbering_gap():
    text = _drop_line(KAIFENG, "3.")
    circular = parse_circular(text)
    check_all(text, circular)
    gaps = [w for w in circular.warnings if w.code == "numbering_gap"]
    assert len(gaps) == 1
    s, e = gaps[0].span
    assert text[s:e].startswith("4.")
    assert [m.number for m in circular.measures][:4] == [1, 2, 4, 5]


def test_missing_measure_number_warns_numbering_gap_in_a_labelled_list():
    lines = BAIHE.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("3、"))
    text = "\n".join(lines[:at] + lines[at + 3:])
    circular = parse_circular(text)
    check_all(text, circular)
    assert [m.number for m in circular.measures] == [1, 2, 4]
    gap = next(w for w in circular.warnings if w.code == "numbering_gap")
    assert text[gap.span[0]:gap.span[1]].startswith("4、")


@pytest.mark.parametrize("source, item", [(KAIFENG, "2."), (QINGYU, "（二）健全")])
def test_clause_without_closing_parenthesis_warns_and_keeps_agencies(source, item):
    lines = source.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(item))
    assert lines[at].endswith(("）", ")"))
    lines[at] = lines[at][:-1]
    text = "\n".join(lines)
    original = {m.path: m for m in walk(parse_circular(source).measures)}
    circular = parse_circular(text)
    check_all(text, circular)
    unclosed = [w for w in circular.warnings if w.code == "unclosed_clause"]
    assert len(unclosed) == 1
    s, e = unclosed[0].span
    assert text[s] in "（(" and text[s:e] == lines[at][lines[at].rindex(text[s]):]
    measure = next(m for m in walk(circular.measures) if m.span[0] <= s < m.span[1] and not m.children)
    assert measure.responsible_units, "the agencies of an unclosed clause are lost"
    assert [a.name for a in measure.responsible_units] == [a.name for a in original[measure.path].responsible_units]


def test_unclosed_clause_naming_an_agency_with_brackets_warns_and_keeps_agencies():
    """Found by this suite: `各县(市、区)人民政府` inside an unclosed clause hides it: clause_pieces takes the
    last `(` (that of `(市、区)`), sees its `)` and gives up, so no warning and no agencies (ruqing 二/(二))."""
    text = "各单位：\n1.推进。（市商务局，各县（市、区）人民政府按职责分工负责\n2.提升。（市财政局负责）\n"
    circular = parse_circular(text)
    check_all(text, circular)
    first = circular.measures[0]
    assert [w.code for w in circular.warnings if w.code == "unclosed_clause"] == ["unclosed_clause"]
    assert [a.name for a in first.responsible_units] == ["市商务局", "各县（市、区）人民政府"]


def test_unclosed_clause_in_a_one_line_body_keeps_the_next_item():
    """Found by this suite: in a body printed on one line (tanzhou), an inline item number is accepted
    only after `。;:)]`; without the `）` the next items vanish into the first, silently, and the first
    takes the agencies of the last clause."""
    text = "现通知如下： 一、强化领导。（各乡镇人民政府负责 二、加快建设。（县水利局负责）"
    circular = parse_circular(text)
    check_all(text, circular)
    assert [m.path for m in circular.measures] == ["一", "二"]
    assert [a.name for a in circular.measures[0].responsible_units] == ["各乡镇人民政府"]
    assert "unclosed_clause" in [w.code for w in circular.warnings]


def test_unclosed_clause_in_the_one_line_fixture():
    damaged = TANZHOU.replace("（县水利局牵头，县农业农村局、财政局配合）", "（县水利局牵头，县农业农村局、财政局配合", 1)
    assert damaged != TANZHOU
    circular = parse_circular(damaged)
    check_all(damaged, circular)
    assert [m.path for m in circular.measures] == ["一", "二", "三", "四"]
    assert [a.name for a in circular.measures[1].responsible_units] == ["县水利局", "县农业农村局", "县财政局"]
    assert "unclosed_clause" in [w.code for w in circular.warnings]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_page_number_inside_a_measure_warns_with_the_line_span(newline):
    line = next(line for line in KAIFENG.split("\n") if line.startswith("5."))
    cut = line.index("。") + 1 + 6                        # mid-sentence, in the second sentence
    damaged = KAIFENG.replace(line, line[:cut] + "\n— 3 —\n" + line[cut:]).replace("\n", newline)
    circular = parse_circular(damaged)
    check_all(damaged, circular)
    artifacts = [w for w in circular.warnings if w.code == "page_artifact"]
    assert len(artifacts) == 1
    s, e = artifacts[0].span
    assert damaged[s:e] == "— 3 —"
    assert [m.path for m in circular.measures] == [m.path for m in parse_circular(KAIFENG).measures]
    fifth = circular.measures[4]
    assert fifth.span[0] < s < e < fifth.span[1]


def test_page_number_in_the_printed_fixture_warns():
    circular = parse_circular(BAIHE)
    artifacts = [w for w in circular.warnings if w.code == "page_artifact"]
    assert [BAIHE[w.span[0]:w.span[1]] for w in artifacts] == ["— 2 —"]


# --- lost characters in a date ----------------------------------------------------------------------

LOST_MONTH = "各单位：\n1.推进项目建设，615日前完成招标工作。（市发展改革委牵头）\n2.提升能力，6月15日前完成培训。（市财政局负责）\n"


def test_date_with_a_lost_character_does_not_invent_a_deadline():
    """`615日` (6月15日 with 月 lost) must not become a date: the extractor gives no deadline for it."""
    import datetime as dt

    circular = parse_circular(LOST_MONTH, reference_date=dt.date(2024, 5, 1))
    check_all(LOST_MONTH, circular)
    first, second = circular.measures
    assert all("615" not in d.text for d in first.deadlines)
    assert first.deadlines == []
    assert [d.end for d in second.deadlines] == [dt.date(2024, 6, 15)]


def test_date_with_a_lost_character_warns_with_its_span():
    """Found by this suite: `615日前` is dropped silently. It should warn (span on `615日…`), not vanish."""
    import datetime as dt

    circular = parse_circular(LOST_MONTH, reference_date=dt.date(2024, 5, 1))
    at = LOST_MONTH.index("615日")
    assert any(w.span is not None and w.span[0] <= at < w.span[1] for w in circular.warnings), \
        [(w.code, w.span) for w in circular.warnings]
