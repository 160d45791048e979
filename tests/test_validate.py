"""validate.py: problems as (json_path, message), exact reading, safe YAML, round trips."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from shuangguoban.errors import InputError, SgbError, ValidationFailure
from shuangguoban.models import Circular
from shuangguoban.validate import (
    json_path,
    json_schema,
    load_structured,
    parse_structured,
    validate_data,
    validate_file,
)
from shuangguoban.writers import to_json, to_yaml
from shuangguoban.yamlio import load_yaml
from test_writers import make_circular

TARGET = ["measures", 0, "children", 0, "targets", 0]


def _data() -> dict:
    return json.loads(to_json(make_circular()), parse_float=Decimal)


def _at(data: dict, loc: list) -> dict:
    for key in loc:
        data = data[key]
    return data


def test_valid_output_has_no_problems():
    assert validate_data(_data()) == []


def test_json_path_format():
    assert json_path(("measures", 3, "targets", 0, "value")) == "$.measures[3].targets[0].value"
    assert json_path(["a-b"], "$[1]") == '$[1]["a-b"]'


def test_value_changed_to_a_word_is_named_by_path():
    data = _data()
    _at(data, TARGET)["value"] = "很多"
    assert validate_data(data) == [("$.measures[0].children[0].targets[0].value", "Input should be a valid decimal")]


def test_value_changed_to_a_numeric_string_is_caught_too():
    data = _data()
    _at(data, TARGET)["value"] = "2000000000"  # pydantic's lax mode would accept it
    assert validate_data(data) == [
        ("$.measures[0].children[0].targets[0].value", "Input should be a number, not str '2000000000'")]


def test_span_inconsistency():
    data = _data()
    _at(data, TARGET)["span"] = [0, 2]
    assert validate_data(data) == [("$.measures[0].children[0].targets[0]",
                                    "Value error, Target span [0, 2] does not have the length of its text '20亿元'")]


def test_child_outside_parent():
    data = _data()
    data["measures"][0]["children"].reverse()
    [(path, message)] = validate_data(data)
    assert path == "$.measures[0]" and "not inside its parent" in message


def test_path_and_level_invariants():
    data = _data()
    data["measures"][0]["children"][1]["path"] = "二/2"
    data["measures"][0]["children"][1]["level"] = 1
    assert validate_data(data) == [
        ("$.measures[0].children[1].path", "path '二/2' should be '一/2' (labels from the root)"),
        ("$.measures[0].children[1].level", "level 1 is not below its parent's level 1"),
    ]


def test_schema_version():
    data = _data()
    data["schema_version"] = "2.0.0"
    assert validate_data(data) == [("$", "Value error, schema_version 2.0.0 is not compatible with 1.1.0")]
    data["schema_version"] = "one"
    assert validate_data(data) == [("$.schema_version", "'one' is not a version like 1.1.0")]


def test_unknown_and_missing_fields():
    data = _data()
    data["colour"] = "red"
    del data["source"]
    assert sorted(validate_data(data)) == [("$.colour", "Extra inputs are not permitted"), ("$.source", "Field required")]


def test_a_list_of_circulars_is_checked_item_by_item():
    good, bad = _data(), _data()
    _at(bad, TARGET)["value"] = "很多"
    assert validate_data([good, bad]) == [("$[1].measures[0].children[0].targets[0].value", "Input should be a valid decimal")]
    assert validate_data([]) == [("$", "an empty list: expected a circular or a list of circulars")]
    assert validate_data("text")[0][0] == "$"


def test_json_is_read_exactly(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(to_json(make_circular()), encoding="utf-8")
    assert validate_file(path) == []
    raw = parse_structured(path.read_text(encoding="utf-8"), "json")
    assert _at(raw, ["measures", 0, "children", 1, "targets", 0])["raw_value"] == Decimal("3.12")


def test_yaml_stream_and_yaml_file(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("---\n" + to_yaml(make_circular()) + "---\n" + to_yaml(make_circular()), encoding="utf-8")
    assert validate_file(path) == []


def test_yaml_python_tag_is_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("schema_version: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"evil\.yaml: refused YAML: .*python/object/apply:os\.system.* never python tags"):
        validate_file(path)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.json", '{"a": ', r"bad\.json: not valid JSON: Expecting value at line 1 column 7"),
    ("bad.yaml", "a: [1, 2\n", r"bad\.yaml: not valid YAML: "),
    ("empty.json", "  \n", r"empty\.json: empty file"),
    ("missing.json", None, r"missing\.json: no such file"),
])
def test_unreadable_files_raise_input_errors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        validate_file(path)


def test_load_structured_raises_validation_failure(tmp_path):
    data = _data()
    _at(data, TARGET)["value"] = "很多"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    with pytest.raises(ValidationFailure) as info:
        load_structured(path)
    assert isinstance(info.value, SgbError)
    assert info.value.problems == [("$.measures[0].children[0].targets[0].value", "Input should be a valid decimal")]


def test_round_trip_json_text_equality():
    text = to_json(make_circular(warnings=True))
    again = to_json(Circular.model_validate(json.loads(text, parse_float=Decimal)))
    assert again == text


def test_round_trip_yaml_text_equality():
    text = to_yaml(make_circular(warnings=True))
    again = to_yaml(Circular.model_validate(load_yaml(text)))
    assert again == text


def test_round_trip_through_load_structured(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(to_yaml(make_circular()), encoding="utf-8")
    assert load_structured(path) == make_circular()


def test_schema_says_numbers_are_numbers():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$defs"]["Target"]["properties"]["value"] == {"title": "Value", "type": "number"}
    assert "measures" in schema["properties"]


def test_validate_data_never_raises_on_odd_input():
    for odd in (None, 3, [None], {"measures": [{"children": "x"}]}, copy.deepcopy([[]])):
        assert validate_data(odd)


def test_output_of_schema_1_0_without_the_new_fields_still_validates():
    data = _data()
    data["schema_version"] = "1.0.0"
    for name in ("issuers", "notice_title", "closing_deadlines", "coverage"):
        data.pop(name, None)
    for measure in data["measures"]:
        measure.pop("incentives", None)
    assert validate_data(data) == []
