"""Hostile and huge inputs: `parse_circular` finishes in bounded time and gives sane results.

The inputs come from bench/corpus.py (the benchmark times the same ones; see bench/RESULTS.md). The
time bound is a generous pass/fail limit, far above the benchmark's 2 s goal, not a measurement.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest

from shuangguoban import Circular, parse_circular

# Catches super-linear blow-ups (a quadratic scan of 30,000 items takes minutes), not slowness: the
# 30,000-item file takes 4–9 s today against the benchmark's 2 s goal (see bench/RESULTS.md).
BOUND_S = 30.0
_CORPUS = Path(__file__).resolve().parent.parent / "bench" / "corpus.py"


def _load_corpus():
    spec = importlib.util.spec_from_file_location("sgb_bench_corpus", _CORPUS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()
HOSTILE = corpus.hostile_inputs()


def _walk(measures):
    for measure in measures:
        yield measure
        yield from _walk(measure.children)


def _timed_parse(text: str) -> tuple[Circular, float]:
    parse_circular("1.推进重点项目建设。（市发展改革委负责）\n")   # rule tables loaded before the clock starts
    started = time.perf_counter()
    circular = parse_circular(text)
    return circular, time.perf_counter() - started


def _check_spans(text: str, circular: Circular) -> None:
    for measure in _walk(circular.measures):
        start, end = measure.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == measure.text


def test_inputs_are_what_the_benchmark_says():
    assert set(HOSTILE) == {"brackets_1MiB_line", "digits_300k", "items_30k"}
    assert len(HOSTILE["brackets_1MiB_line"].encode("utf-8")) >= 1 << 20
    assert "\n" not in HOSTILE["brackets_1MiB_line"]
    assert len(HOSTILE["digits_300k"]) == 300_000 and HOSTILE["digits_300k"].isdigit()
    assert HOSTILE["items_30k"].count("\n") == 30_000


@pytest.fixture(scope="module")
def parsed():
    """Each hostile input parsed once for the module: (circular, seconds)."""
    cache: dict[str, tuple[Circular, float]] = {}

    def get(name: str) -> tuple[Circular, float]:
        if name not in cache:
            cache[name] = _timed_parse(HOSTILE[name])
        return cache[name]

    return get


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_parses_in_bounded_time(name, parsed):
    text = HOSTILE[name]
    circular, seconds = parsed(name)
    assert isinstance(circular, Circular)
    assert seconds < BOUND_S, f"{name}: {seconds:.1f} s"
    _check_spans(text, circular)


@pytest.mark.parametrize("name", ["brackets_1MiB_line", "digits_300k"])
def test_brackets_and_digits_give_no_measures(name, parsed):
    assert parsed(name)[0].measures == []


def test_thirty_thousand_items_give_thirty_thousand_measures(parsed):
    circular = parsed("items_30k")[0]
    assert len(circular.measures) == 30_000
    assert [m.number for m in circular.measures[:3]] == [1, 2, 3]
    assert all(unit.name.endswith("发展改革委") for m in circular.measures[:10] for unit in m.responsible_units)


def test_two_megabytes_of_generated_circulars_complete():
    text = corpus.concatenation(2_000_000)
    assert len(text.encode("utf-8")) >= 2_000_000
    circular = parse_circular(text)
    assert isinstance(circular, Circular)
    assert circular.measures
    _check_spans(text, circular)
