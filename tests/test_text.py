"""The normalised view: one character for one character, whatever the table has remembered."""

from __future__ import annotations

from shuangguoban import text
from shuangguoban.text import DocText, normalise


def test_mapping_is_length_preserving_and_maps_what_it_should():
    raw = "二〇二四年５月２３日，（一）開展「穩就業」行動\r\n　３．１２萬人"
    norm = normalise(raw)
    assert len(norm) == len(raw)
    assert norm == "二〇二四年5月23日,(一)开展“稳就业”行动\n\n 3.12万人"


def test_remembered_characters_do_not_change_results():
    raw = "鑫淼焱垚𠀋犇骉麤，開封"
    first = normalise(raw)
    assert normalise(raw) == first == "鑫淼焱垚𠀋犇骉麤,开封"


def test_the_memory_is_bounded(monkeypatch):
    table = text._table()
    monkeypatch.setattr(text, "_TABLE_LIMIT", len(table))
    unseen = "".join(chr(cp) for cp in range(0x2F800, 0x2F810) if cp not in table)
    assert normalise(unseen) == unseen
    assert not any(ord(c) in table for c in unseen)


def test_doctext_keeps_both_views():
    doc = DocText.of("（市财政局负责）")
    assert doc.raw == "（市财政局负责）" and doc.norm == "(市财政局负责)" and len(doc) == 8
