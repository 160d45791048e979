"""Loading bytes: encodings, line ends, and input that is not a circular."""

from __future__ import annotations

import codecs

import pytest

from conftest import circular_text
from shuangguoban.errors import InputError
from shuangguoban.loader import decode, load_bytes, read_input, sniff_format

TEXT = circular_text("qingyu_nested_fullwidth.txt")


@pytest.mark.parametrize("encode, encoding", [
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.encode("gb18030"), "gb18030"),
    (lambda t: t.encode("gbk"), "gb18030"),
    (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
])
def test_encodings_decode_to_the_same_text(encode, encoding):
    text, used, warnings = decode(encode(TEXT))
    assert text == TEXT
    assert used == encoding
    assert warnings == []


def test_big5_traditional_text():
    trad = circular_text("jingshan_news_trad.txt")
    text, used, _ = decode(trad.encode("big5hkscs"))
    assert text == trad
    assert used.startswith("big5")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_keep_offsets_and_parse_like_lf(newline):
    from shuangguoban.pipeline import parse_circular

    lf = parse_circular(TEXT)
    other_text = TEXT.replace("\n", newline)
    other = parse_circular(other_text)
    assert [(m.path, m.title) for m in lf.measures] == [(m.path, m.title) for m in other.measures]
    for measure in other.measures:
        assert other_text[measure.span[0]:measure.span[1]] == measure.text


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), ".doc"),
    (b"\x00\x01\x02binary\x00", "binary data"),
    (b"", "empty input"),
    (b"  \n\t\r\n ", "only whitespace"),
    (bytes(range(0x80, 0x100)) * 3, "cannot decode"),
])
def test_input_that_is_not_a_circular_is_refused_clearly(data, message):
    with pytest.raises(InputError, match=message):
        load_bytes(data, "x.txt")


def test_truncated_utf8_keeps_the_text_and_warns():
    whole = TEXT.rstrip()
    data = whole.encode("utf-8")[:-1]          # cut inside the last (3-byte) character
    text, _, warnings = decode(data)
    assert text == whole[:-1]
    assert [w.code for w in warnings] == ["truncated_utf8"]


def test_mojibake_is_repaired_with_a_warning():
    garbled = TEXT.encode("utf-8").decode("cp1252", errors="ignore")
    try:
        garbled.encode("cp1252").decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("this text does not survive a cp1252 round trip")
    text, _, warnings = decode(garbled.encode("utf-8"))
    assert text == TEXT
    assert [w.code for w in warnings] == ["mojibake_repaired"]


def test_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="larger than"):
        read_input(str(big), limit=1024)


def test_missing_and_directory_paths(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_input(str(tmp_path))


@pytest.mark.parametrize("head, path, fmt", [
    (b"%PDF-1.7", "x.bin", "pdf"),
    (b"<!DOCTYPE html><html>", "page", "html"),
    (b"\xe5\x85\xb3\xe4\xba\x8e", "page.htm", "html"),
    (b"\xe5\x85\xb3\xe4\xba\x8e", "notice.txt", "txt"),
])
def test_sniff_format(head, path, fmt):
    assert sniff_format(head, path) == fmt


def test_source_records_what_was_read():
    loaded = load_bytes(TEXT.encode("gb18030"), "notice.txt")
    assert loaded.source.encoding == "gb18030"
    assert loaded.source.format == "txt"
    assert loaded.source.length == len(TEXT)
    assert len(loaded.source.sha256) == 64


def test_a_cut_off_mojibake_text_keeps_its_warning_inside_the_repaired_text():
    garbled = "各县区人民政府：现将有关事项通知如下。一、加快项目建设。".encode().decode("latin-1").encode("utf-8")
    loaded = load_bytes(garbled + "å".encode()[:1])   # cut inside the last character
    codes = {w.code: w for w in loaded.warnings}
    assert set(codes) == {"truncated_utf8", "mojibake_repaired"}
    assert codes["truncated_utf8"].span == (len(loaded.text), len(loaded.text))
    assert loaded.text.startswith("各县区人民政府")


def test_a_page_body_saved_as_text_is_read_as_html():
    page = ("发文机关：南屿市人民政府\n文号：南政发〔2025〕3号\n"
            "<p>各县（市、区）人民政府：</p><p>现将有关事项通知如下。</p>"
            "<p>一、加快项目建设。</p><p>二、稳定就业。</p><p style=\"text-align: right;\">南屿市人民政府</p>"
            "<p>2025年3月1日</p>").encode()
    assert sniff_format(page, "notice.txt") == "html"
    plain = "各县（市、区）人民政府：\n一、加快项目建设，新建标准厂房<5万平方米>。\n二、稳定就业。\n".encode()
    assert sniff_format(plain, "notice.txt") == "txt"
