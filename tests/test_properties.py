"""Properties of `parse_circular` on any text, and round trips of its output.

For any text the parser returns a Circular or raises the library's own error (SgbError), never another
exception and never a hang; every reported span indexes the text exactly; measures are disjoint, in
order and nested; and the body between the first and the last measure is covered, so no character of a
measure is dropped. Inputs: random text biased to the characters of circulars (strategies.circular_text)
and realistic circulars damaged the way real pages are (strategies.mutated_circular).

Example budget: 1,000 + 1,000 examples for the parse properties, 150 for the round trips.
"""

from __future__ import annotations

import json
import signal
from contextlib import contextmanager
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings

from shuangguoban.errors import SgbError
from shuangguoban.models import Circular, plain_data
from shuangguoban.pipeline import parse_circular
from shuangguoban.writers import to_json, to_yaml
from shuangguoban.yamlio import load_yaml
from strategies import check_all, circular_text, fixture_texts, mutated_circular

PARSE_SECONDS = 10  # a circular parses in milliseconds; longer is a hang

PROPERTY = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ROUND_TRIP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def time_limit(seconds: int):
    def hang(signum, frame):
        raise TimeoutError(f"parse_circular took more than {seconds} s (a hang?)")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def parse(text: str) -> Circular | None:
    """The Circular, or None when the library refused the text with its own error."""
    with time_limit(PARSE_SECONDS):
        try:
            return parse_circular(text)
        except SgbError as exc:
            assert str(exc), "an SgbError without a message"
            return None


def parse_and_check(text: str) -> Circular | None:
    circular = parse(text)
    if circular is not None:
        check_all(text, circular)
        # the models' own validators, which Model.trusted skips during the parse, accept the result
        assert Circular.model_validate(plain_data(circular)) == circular
    return circular


# --- the parse properties ---------------------------------------------------------------------------

@PROPERTY
@given(circular_text())
@example("")
@example("\n\n  \u3000")
@example("一、")
@example("一、\n二、")
@example("1.推进。（市发展改革委牵头，市财政局配合")
def test_any_text_parses_with_exact_disjoint_covering_spans(text):
    parse_and_check(text)


@PROPERTY
@given(mutated_circular())
def test_damaged_circulars_parse_with_exact_disjoint_covering_spans(text):
    parse_and_check(text)


@pytest.mark.parametrize("name,text", fixture_texts(), ids=[n for n, _ in fixture_texts()])
def test_every_fixture_satisfies_the_invariants(name, text):
    circular = parse_and_check(text)
    assert circular is not None and circular.measures


# --- round trips ------------------------------------------------------------------------------------

def assert_round_trips(circular: Circular) -> None:
    once = to_json(circular)
    back = Circular.model_validate(json.loads(once, parse_float=Decimal))
    assert to_json(back) == once
    assert back == circular
    once_yaml = to_yaml(circular)
    back_yaml = Circular.model_validate(load_yaml(once_yaml))
    assert to_yaml(back_yaml) == once_yaml
    assert back_yaml == circular


@pytest.mark.parametrize("name,text", fixture_texts(), ids=[n for n, _ in fixture_texts()])
def test_fixture_round_trips_through_json_and_yaml(name, text):
    assert_round_trips(parse_circular(text))


def test_next_line_character_survives_the_yaml_round_trip():
    """Found by this suite: U+0085 (NEL, what a cp1252 `…` becomes when read as Latin-1) is written raw
    by PyYAML under allow_unicode and read back as a line break, so the measure text changes."""
    circular = parse_circular("各单位：\n1.推进\x85完成。\n")
    assert circular.measures[0].text == "1.推进\x85完成。"
    back = Circular.model_validate(load_yaml(to_yaml(circular)))
    assert back.measures[0].text == circular.measures[0].text


@ROUND_TRIP
@given(mutated_circular())
@example("各单位：\n1.推进\x85完成。\n")
def test_damaged_circular_round_trips_through_json_and_yaml(text):
    circular = parse(text)
    if circular is not None:
        assert_round_trips(circular)
