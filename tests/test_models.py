"""The pipeline builds its models with `model_construct` (no validation) and writes them with `plain_data`
(no pydantic serialiser): both must give exactly what validation and `model_dump` would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import all_circulars
from shuangguoban.loader import load_path
from shuangguoban.models import Agency, Circular, Deadline, Measure, ParseWarning, Source, Target, plain_data
from shuangguoban.pipeline import parse_circular

TARGET = dict(text="20亿元", span=(3, 7), value=Decimal("2000000000"), unit="元", raw_value=Decimal("20"),
              raw_unit="亿元", comparator="gte", metric="投资")


@pytest.mark.parametrize(("model", "values"), [
    (Target, TARGET),
    (Target, {**TARGET, "deadline": Deadline(text="6月底前", span=(0, 4), end=dt.date(2024, 6, 30))}),
    (Deadline, dict(text="上半年", span=(0, 3), start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))),
    (Agency, dict(name="市科技局", raw="市科技局", role="lead", span=(2, 6))),
    (ParseWarning, dict(code="no_clause", message="m")),
    (Source, dict(path="a.txt", length=12)),
    (Measure, dict(label="1", number=1, path="1", level=1, title="t", text="1.t", span=(0, 3))),
])
def test_constructed_equals_validated(model, values):
    constructed = model.model_construct(**values)
    validated = model(**values)
    assert constructed == validated
    assert constructed.model_fields_set == validated.model_fields_set
    assert plain_data(constructed) == validated.model_dump(mode="python")


def test_constructed_defaults_are_fresh_lists():
    one = Measure.model_construct(label="1", number=1, path="1", level=1, title="t", text="1.t", span=(0, 3))
    two = Measure.model_construct(label="2", number=2, path="2", level=1, title="t", text="2.t", span=(3, 6))
    assert one.targets == [] and one.targets is not two.targets


def test_constructed_models_stay_frozen():
    warning = ParseWarning.model_construct(code="x", message="y")
    with pytest.raises(Exception, match="frozen"):
        warning.code = "z"


@pytest.mark.parametrize("path", all_circulars(), ids=lambda p: p.stem)
def test_every_parse_result_passes_validation(path):
    """What `model_construct` skipped is checked here: the whole result re-validates (span lengths, nesting,
    spans inside the text) to an equal circular, and plain_data is model_dump."""
    loaded = load_path(str(path))
    circular = parse_circular(loaded.text, source=loaded.source)
    assert plain_data(circular) == circular.model_dump(mode="python")
    assert Circular.model_validate(plain_data(circular)) == circular
