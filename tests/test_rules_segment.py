"""Integrity of the rule tables that segmentation and metadata read: rules/headings.yaml and
rules/document_parts.yaml. Types, no duplicates, every entry used, and the examples in a table read
as the table says."""

from __future__ import annotations

import re

import pytest

from shuangguoban.lines import line_text, split_lines
from shuangguoban.placement import detach_closing
from shuangguoban.rules import load_rules
from shuangguoban.segment import find_lead, layout
from shuangguoban.text import DocText
from shuangguoban.tree import marker_at

HEADINGS = load_rules("headings.yaml")
PARTS = load_rules("document_parts.yaml")
FIELDS = {"index", "issuer", "publisher", "topic", "genre", "date", "published", "doc_number", "title",
          "validity", "disclosure", "effective", "repealed"}


def word_lists(table: dict, prefix: str = "") -> list[tuple[str, list]]:
    """(key path, list) of every list in a table, nested mappings included."""
    out = []
    for key, value in table.items():
        if isinstance(value, dict):
            out.extend(word_lists(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            out.append((prefix + key, value))
    return out


def test_document_parts_has_the_keys_the_code_reads():
    assert set(PARTS) == {"news_lead", "addressee_words", "signing_agency_ends", "doc_number_verbs", "title_ends",
                          "closing_paragraphs", "issuer_line_ends", "lead_issuer_ends", "lead_hearsay", "decree_issuers",
                          "decree_citing_words"}
    assert set(PARTS["closing_paragraphs"]) == {"reporting_verbs", "documents", "contacts"}
    assert set(PARTS["news_lead"]) == {"report_words", "issue_verbs", "examples"}


@pytest.mark.parametrize("key, words", word_lists(PARTS))
def test_document_parts_lists_are_distinct_non_empty_words(key, words):
    assert words and all(isinstance(w, str) and w.strip() == w and w for w in words), key
    assert len(set(words)) == len(words), key


def test_doc_number_verbs_never_begin_one_another():
    # the pattern reads where the verb ends: with no word a prefix of another, the order of the
    # alternation cannot change that end
    verbs = PARTS["doc_number_verbs"]
    assert not [(a, b) for a in verbs for b in verbs if a != b and b.startswith(a)]


@pytest.mark.parametrize("line", PARTS["news_lead"]["examples"])
def test_news_lead_examples_are_leads(line):
    doc = DocText.of(line + "\n某市稳增长若干措施\n1.扩大就业岗位。\n")
    assert find_lead(doc, split_lines(doc.norm)) == 0


def test_a_circular_line_is_no_news_lead():
    doc = DocText.of("某市人民政府办公室关于印发《某市稳增长若干措施》的通知\n1.扩大就业岗位。\n")
    assert find_lead(doc, split_lines(doc.norm)) is None


@pytest.mark.parametrize("style", list(HEADINGS["styles"]))
def test_every_heading_style_reads_its_examples(style):
    spec = HEADINGS["styles"][style]
    assert set(spec) == {"pattern", "examples"}
    assert "(?P<n>" in spec["pattern"]
    assert spec["examples"] and all(isinstance(e, str) for e in spec["examples"])
    for example in spec["examples"]:
        doc = DocText.of(f"{example}推进重点工作。")
        marker = marker_at(doc.norm, 0, True)
        assert marker is not None and marker.style == style, (style, example)
        assert marker.number >= 1


@pytest.mark.parametrize("key", ["chrome", "closers", "lead_markers", "not_title_lines"])
def test_heading_pattern_lists_compile_and_have_no_duplicates(key):
    patterns = HEADINGS[key]
    assert patterns and all(isinstance(p, str) for p in patterns)
    assert len(set(patterns)) == len(patterns)
    for pattern in patterns:
        re.compile(pattern)


def test_metadata_labels_fill_known_fields_and_stop_labels_are_apart():
    labels, stops = HEADINGS["metadata_labels"], HEADINGS["metadata_stop_labels"]
    assert set(labels.values()) <= FIELDS
    assert all(isinstance(label, str) and label for label in labels)
    assert len(set(stops)) == len(stops)
    assert not set(labels) & set(stops)
    re.compile(HEADINGS["title_tags"])


def test_split_lines_and_line_text_agree():
    doc = DocText.of("  标题  \n\n（一）甲。 \n")
    assert [line_text(doc, ln) for ln in split_lines(doc.norm)] == ["标题", "(一)甲。"]


@pytest.mark.parametrize("closing", ["自本通知印发之日起施行。", "本办法由市商务局负责解释。", "联系人：张三，电话：1234567",
                                     "各单位于11月15日前将落实情况报送市政府督查室。"])
def test_closing_paragraph_words_detach_a_closing_paragraph(closing):
    doc = DocText.of(f"某市措施\n1.推进项目建设。\n2.强化要素保障。\n{closing}\n")
    parts = detach_closing(doc, layout(doc))
    last = parts.roots[-1]
    assert doc.raw[last.start:last.end] == "2.强化要素保障。"
    assert closing in [doc.raw[ln.start:ln.end] for ln in parts.closing]


@pytest.mark.parametrize("end", PARTS["lead_issuer_ends"])
def test_a_news_lead_names_its_issuer_by_every_issuer_end(end):
    """Every word of lead_issuer_ends closes the issuer a news lead names (metadata reads it)."""
    from shuangguoban.metadata import _lead

    for verb in PARTS["news_lead"]["issue_verbs"]:
        m = _lead().search(f"6月4日，某市发展{end}{verb}《某市稳就业若干措施》")
        assert m is not None and m.group("who") == f"某市发展{end}", (end, verb)


@pytest.mark.parametrize("issuer", PARTS["decree_issuers"])
def test_every_decree_issuer_makes_a_cited_decree(issuer):
    from shuangguoban.references import _decree

    for before in ("《某某条例》(", *PARTS["decree_citing_words"]):
        text = f"{before}{issuer}令第722号"
        m = _decree().search(text)
        assert m is not None and m.group() == f"{issuer}令第722号", (issuer, before)
