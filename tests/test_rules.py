"""The rule-table cache: parsed tables are kept in a pickle named by the file's content, so an edited
table is never read stale, and a damaged or unwritable cache only costs a parse."""

from __future__ import annotations

import pytest

from shuangguoban import rules
from shuangguoban.rules import load_cached, load_yaml_text


@pytest.fixture
def tables(tmp_path, monkeypatch):
    """A rules folder of our own with one table, and its cache folder."""
    monkeypatch.setattr(rules, "_HERE", tmp_path)
    monkeypatch.setattr(rules, "_CACHE", tmp_path / "__pycache__")
    (tmp_path / "units.yaml").write_text("units:\n  亿元: 100000000\n", encoding="utf-8")
    return tmp_path


def parse(source: bytes):
    return load_yaml_text(source.decode("utf-8"))


def refuse(source: bytes):
    raise AssertionError("parsed although the cache holds this content")


def test_second_load_reads_the_cache(tables):
    assert load_cached("units.yaml", parse, write=True) == {"units": {"亿元": 100000000}}
    assert len(list((tables / "__pycache__").glob("units.yaml.*.pickle"))) == 1
    assert load_cached("units.yaml", refuse) == {"units": {"亿元": 100000000}}


def test_an_edited_table_is_parsed_again_and_the_old_cache_dropped(tables):
    load_cached("units.yaml", parse, write=True)
    (tables / "units.yaml").write_text("units:\n  万元: 10000\n", encoding="utf-8")
    assert load_cached("units.yaml", parse, write=True) == {"units": {"万元": 10000}}
    assert len(list((tables / "__pycache__").glob("units.yaml.*.pickle"))) == 1


def test_a_damaged_cache_is_parsed_again(tables):
    load_cached("units.yaml", parse, write=True)
    cached = next((tables / "__pycache__").glob("units.yaml.*.pickle"))
    cached.write_bytes(b"\x80\x05 not a pickle")
    assert load_cached("units.yaml", parse) == {"units": {"亿元": 100000000}}


def test_no_cache_is_written_under_dont_write_bytecode(tables, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    load_cached("units.yaml", parse)
    assert not (tables / "__pycache__").exists()


def test_an_unwritable_cache_folder_is_no_error(tables):
    (tables / "__pycache__").write_text("a file where the folder should be", encoding="utf-8")
    assert load_cached("units.yaml", parse, write=True) == {"units": {"亿元": 100000000}}


def test_cached_shipped_tables_equal_their_yaml():
    """What `make install` caches is what the YAML says."""
    names = rules.build_cache()
    assert "t2s.txt" in names and "units.yaml" in names
    for name in names:
        if name.endswith(".yaml"):
            expected = load_yaml_text(rules.rule_path(name).read_text(encoding="utf-8"))
            assert load_cached(name, refuse) == expected
