"""Integrity of the word lists rules/levels.yaml gives the cross-document comparison (levels.py):
`place_suffixes` (where a place name ends at the head of an issuer) and `clause_role_words` (what
makes a closing bracket a responsibility clause)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from shuangguoban.levels import measure_body, place_names
from shuangguoban.rules import load_rules

TABLE = load_rules("levels.yaml")
KEYS = ("place_suffixes", "clause_role_words")


@pytest.mark.parametrize("key", KEYS)
def test_words_are_unique_non_empty_strings(key):
    words = TABLE[key]
    assert isinstance(words, list) and words
    assert all(isinstance(w, str) and w.strip() == w and w for w in words)
    assert len(set(words)) == len(words)


@pytest.mark.parametrize("suffix", TABLE["place_suffixes"])
def test_every_place_suffix_ends_a_place(suffix):
    issuer = SimpleNamespace(issuer=f"青屿{suffix}人民政府办公室", issuers=[])
    names = place_names([issuer])   # type: ignore[list-item]
    assert f"青屿{suffix}" in names and "青屿" in names


def test_the_shortest_place_is_taken():
    names = place_names([SimpleNamespace(issuer="广西壮族自治区人民政府", issuers=[])])   # type: ignore[list-item]
    assert {"广西壮族自治区", "广西壮族"} <= set(names)


@pytest.mark.parametrize("word", TABLE["clause_role_words"])
def test_every_role_word_makes_a_clause(word):
    measure = SimpleNamespace(text=f"1.推进数字政府建设。（市数据局{word}）", label="1")
    assert measure_body(measure) == "推进数字政府建设。"   # type: ignore[arg-type]


def test_a_bracket_without_a_role_word_stays():
    measure = SimpleNamespace(text="1.推进数字政府建设（含政务云）", label="1")
    assert measure_body(measure) == "推进数字政府建设（含政务云）"   # type: ignore[arg-type]
