"""The pipeline builds its models with `trusted` (no validation) and writes them with `plain_data`
(no pydantic serialiser): both must give exactly what validation and `model_dump` would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import all_circulars
from shuangguoban.loader import load_path
from shuangguoban.models import Agency, Circular, Deadline, Measure, Source, Target, Warning, plain_data
from shuangguoban.pipeline import parse_circular

TARGET = dict(text="20亿元", span=(3, 7), value=Decimal("2000000000"), unit="元", raw_value=Decimal("20"),
              raw_unit="亿元", comparator="gte", metric="投资")


@pytest.mark.parametrize(("model", "values"), [
    (Target, TARGET),
    (Target, {**TARGET, "deadline": Deadline(text="6月底前", span=(0, 4), end=dt.date(2024, 6, 30))}),
    (Deadline, dict(text="上半年", span=(0, 3), start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))),
    (Agency, dict(name="市科技局", raw="市科技局", role="lead", span=(2, 6))),
    (Warning, dict(code="no_clause", message="m")),
    (Source, dict(path="a.txt", length=12)),
    (Measure, dict(label="1", number=1, path="1", level=1, title="t", text="1.t", span=(0, 3))),
])
def test_trusted_equals_validated(model, values):
    trusted = model.trusted(**values)
    validated = model(**values)
    assert trusted == validated
    assert trusted.model_fields_set == validated.model_fields_set
    assert plain_data(trusted) == validated.model_dump(mode="python")


def test_trusted_defaults_are_fresh_lists():
    one = Measure.trusted(label="1", number=1, path="1", level=1, title="t", text="1.t", span=(0, 3))
    two = Measure.trusted(label="2", number=2, path="2", level=1, title="t", text="2.t", span=(3, 6))
    assert one.targets == [] and one.targets is not two.targets


def test_trusted_refuses_unknown_and_missing_fields():
    with pytest.raises(TypeError, match="colour"):
        Warning.trusted(code="x", message="y", colour="red")
    with pytest.raises(TypeError, match="message"):
        Warning.trusted(code="x")


def test_trusted_models_stay_frozen():
    warning = Warning.trusted(code="x", message="y")
    with pytest.raises(Exception, match="frozen"):
        warning.code = "z"


@pytest.mark.parametrize("path", all_circulars(), ids=lambda p: p.stem)
def test_every_parse_result_passes_validation(path):
    """What `trusted` skipped is checked here: the whole result re-validates (span lengths, nesting,
    spans inside the text) to an equal circular, and plain_data is model_dump."""
    loaded = load_path(str(path))
    circular = parse_circular(loaded.text, source=loaded.source)
    assert plain_data(circular) == circular.model_dump(mode="python")
    assert Circular.model_validate(plain_data(circular)) == circular
