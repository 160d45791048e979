"""Rule tables: every shipped table is well-formed, used, and read the same from its compiled JSON.

The tables of one area have their own integrity tests beside them (tests/test_rules_*.py); this file
checks what holds for all of them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from shuangguoban import rules
from shuangguoban.errors import RuleError
from shuangguoban.rules import load_cached, load_yaml_text

SOURCES = Path(rules.__file__).resolve().parents[1]
SHIPPED = sorted(p.name for p in Path(rules.__file__).parent.iterdir() if p.suffix in (".yaml", ".txt"))


def _walk(value, path):
    """(path, value) of every node of a parsed table."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")


def _yaml_tables():
    return [name for name in SHIPPED if name.endswith(".yaml")]


@pytest.mark.parametrize("name", _yaml_tables())
def test_every_word_list_is_strings_without_duplicates(name):
    for path, value in _walk(rules.load_rules(name), name):
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            twice = [word for word, n in Counter(value).items() if n > 1]
            assert not twice, f"{path} lists {twice} more than once"
            assert all(word.strip() for word in value), f"{path} has an empty word"


@pytest.mark.parametrize("name", _yaml_tables())
def test_every_pattern_in_a_table_compiles(name):
    """Keys named pattern(s) or regex hold regular expressions: each must compile (with `regex`,
    which accepts everything `re` does and the Unicode classes some tables use)."""
    import regex

    for path, value in _walk(rules.load_rules(name), name):
        key = path.rsplit("/", 1)[-1].split("[")[0]
        if isinstance(value, str) and re.search(r"pattern|regex", key):
            try:
                regex.compile(value)
            except regex.error as exc:
                pytest.fail(f"{path}: {exc}")


@pytest.mark.parametrize("name", SHIPPED)
def test_every_table_is_read_by_the_code(name):
    code = "".join(p.read_text(encoding="utf-8") for p in SOURCES.rglob("*.py"))
    assert f'"{name}"' in code, f"no module loads rules/{name}"


def test_a_duplicate_key_is_refused_with_its_line():
    with pytest.raises(RuleError, match="duplicate key 'a' at line 2"):
        load_yaml_text("a: 1\na: 2\n", where="t.yaml")


# --- the compiled form (`make install`: rules/__pycache__/NAME.json) ----------------------------

@pytest.fixture
def tables(tmp_path, monkeypatch):
    """A rules folder of our own with one table, and its compiled folder."""
    monkeypatch.setattr(rules, "_HERE", tmp_path)
    monkeypatch.setattr(rules, "_COMPILED", tmp_path / "__pycache__")
    (tmp_path / "units.yaml").write_text("units:\n  亿元: 100000000\n", encoding="utf-8")
    return tmp_path


def parse(source: bytes):
    return load_yaml_text(source.decode("utf-8"))


def refuse(source: bytes):
    raise AssertionError("parsed although the compiled JSON holds this content")


def test_a_compiled_table_is_read_without_parsing(tables):
    assert rules.compile_table("units.yaml", parse)
    assert load_cached("units.yaml", refuse) == {"units": {"亿元": 100000000}}


def test_an_edited_table_is_parsed_again(tables):
    rules.compile_table("units.yaml", parse)
    (tables / "units.yaml").write_text("units:\n  万元: 10000\n", encoding="utf-8")
    assert load_cached("units.yaml", parse) == {"units": {"万元": 10000}}


def test_a_damaged_compiled_table_is_parsed_again(tables):
    rules.compile_table("units.yaml", parse)
    (tables / "__pycache__" / "units.yaml.json").write_bytes(b'{"source": ')
    assert load_cached("units.yaml", parse) == {"units": {"亿元": 100000000}}


def test_nothing_is_written_at_run_time(tables):
    assert load_cached("units.yaml", parse) == {"units": {"亿元": 100000000}}
    assert not (tables / "__pycache__").exists()


def test_data_json_cannot_hold_is_not_compiled(tables):
    (tables / "years.yaml").write_text("years:\n  1900: a\n", encoding="utf-8")
    assert not rules.compile_table("years.yaml", parse)        # 1900 would come back as "1900"
    assert not (tables / "__pycache__" / "years.yaml.json").exists()
    assert load_cached("years.yaml", parse) == {"years": {1900: "a"}}


def test_an_unwritable_folder_is_no_error(tables):
    (tables / "__pycache__").write_text("a file where the folder should be", encoding="utf-8")
    assert not rules.compile_table("units.yaml", parse)
    assert load_cached("units.yaml", parse) == {"units": {"亿元": 100000000}}


def test_the_compiled_form_is_plain_json_not_code(tables):
    rules.compile_table("units.yaml", parse)
    compiled = json.loads((tables / "__pycache__" / "units.yaml.json").read_text(encoding="utf-8"))
    assert compiled["data"] == {"units": {"亿元": 100000000}} and len(compiled["source"]) == 32


def test_compiled_shipped_tables_equal_their_yaml():
    """What `make install` compiles is what the YAML says, for every table JSON can hold."""
    names = rules.build_cache()
    assert "t2s.txt" in names and "units.yaml" in names
    for name in names:
        if name.endswith(".yaml"):
            expected = load_yaml_text(rules.rule_path(name).read_text(encoding="utf-8"))
            assert load_cached(name, refuse) == expected
