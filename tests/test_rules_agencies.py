"""Integrity of the agency tables: rules/clause_words.yaml, rules/agencies.yaml, rules/agency_aliases.yaml.

Types, no duplicate words, every word reachable (it lexes as the kind of token its list says), and the
claim the alias table's header makes about official stems, checked for every stem.
"""

from __future__ import annotations

from itertools import chain
from typing import get_args

import pytest

from shuangguoban.agency_aliases import shipped_aliases
from shuangguoban.agency_lexicon import KINDS, lexicon
from shuangguoban.agency_names import is_collective, places_of_issuer
from shuangguoban.clause_grammar import grammar, joins_collective, lex_span, time_piece
from shuangguoban.models import Role
from shuangguoban.rules import load_rules, rule_path

WORDS = load_rules("clause_words.yaml")
AGENCIES = load_rules("agencies.yaml")
ROLES = set(get_args(Role))


def _word_lists(node, where=""):
    """(where, list) for every list of words in a table, nested mappings and lists of lists included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _word_lists(value, f"{where}.{key}")
    elif isinstance(node, list) and node and all(isinstance(w, list) for w in node):
        yield where, list(chain.from_iterable(node))
    else:
        yield where, node


@pytest.mark.parametrize("table", ["clause_words.yaml", "agencies.yaml"])
def test_word_lists_are_lists_of_distinct_words(table):
    data = load_rules(table)
    for where, words in _word_lists({k: v for k, v in data.items() if k not in ("own_scope", "kinds")}):
        assert isinstance(words, list) and words, where
        assert all(isinstance(w, str) and w and w == w.strip() for w in words), where
        assert len(set(words)) == len(words), (where, sorted(w for w in words if words.count(w) > 1))


def test_agency_rules_are_literal_words_with_known_kinds():
    for rule in [AGENCIES["own_scope"], *AGENCIES["kinds"]]:
        assert set(rule) <= {"kind", "starts", "contains", "ends"}, rule
        for part in ("starts", "contains", "ends"):
            words = rule.get(part) or []
            assert all(isinstance(w, str) and w for w in words) and len(set(words)) == len(words), (rule, part)
    assert [r["kind"] for r in AGENCIES["kinds"] if r["kind"] not in KINDS] == ["KNOWN_STEM"]


def test_role_tables_name_roles():
    for key in ("labels", "tags"):
        assert set(WORDS[key]) <= ROLES, key
    assert set(WORDS["roles"]) == {"lead", "support", "responsible"}


def test_a_role_word_has_one_role():
    roles = WORDS["roles"]
    groups = {
        "lead": roles["lead"],
        "support": [*roles["support"], *WORDS["participate"]],
        "responsible": list(chain.from_iterable(roles["responsible"])),
        "along": WORDS["along"],
    }
    seen: dict[str, str] = {}
    for kind, words in groups.items():
        for word in words:
            assert seen.setdefault(word, kind) == kind, (word, seen[word], kind)


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(kind, text[a:b]) for kind, a, b in lex_span(text, 0, len(text))]


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("lead", WORDS["roles"]["lead"]),
        ("support", [*WORDS["roles"]["support"], *WORDS["participate"]]),
        ("responsible", list(chain.from_iterable(WORDS["roles"]["responsible"]))),
        ("along", WORDS["along"]),
    ],
)
def test_every_role_word_lexes_as_its_role(kind, words):
    for word in words:
        assert _kinds(f"市财政局{word}") == [("chunk", "市财政局"), (kind, word)], word


def test_every_label_lexes_as_a_label_with_its_role():
    rules = grammar()
    labels = [(w, role) for role, ws in WORDS["labels"].items() for w in ws]
    for word, role in labels:
        for written in (f"{word}:", *(f"{word}{noun} :" for noun in WORDS["group_nouns"])):
            assert _kinds(written + "市财政局") == [("label", written), ("chunk", "市财政局")], written
            found = next((r, e) for w, r, e in rules.label_roles if written.startswith(w))
            assert found == (role, role != "responsible"), written
    for word in WORDS["division_labels"]:
        assert _kinds(f"{word}:市财政局") == [("label", f"{word}:"), ("chunk", "市财政局")], word
        assert next(r for w, r, _ in rules.label_roles if word.startswith(w)) == "responsible"


def test_every_tag_lexes_as_a_tag_with_its_role():
    rules = grammar()
    for role, words in WORDS["tags"].items():
        for word in words:
            for written in (word, *(word + noun for noun in WORDS["group_nouns"])):
                assert _kinds(f"市财政局({written})") == [("chunk", "市财政局"), ("tag", f"({written})")], written
                assert next(r for w, r in rules.tag_roles if written.startswith(w)) == role


def test_every_time_and_leader_label_lexes_as_when():
    for word in WORDS["time_labels"]:
        assert _kinds(f"{word}:") == [("when", f"{word}:")], word
    for word in WORDS["leader_labels"]:
        for level in ("", *WORDS["leader_levels"]):
            assert _kinds(f"{word}{level}领导:") == [("when", f"{word}{level}领导:")], (word, level)


def test_participate_is_no_role_before_a_collective_noun():
    for noun in WORDS["participant_nouns"]:
        assert _kinds(f"市财政局参与{noun}") == [("chunk", f"市财政局参与{noun}")], noun


@pytest.mark.parametrize(
    "piece", ["2025年6月底前完成", "三季度末", "年底前", "上半年", "10月31日前", "2024年年底前全面完成"]
)
def test_time_pieces_fullmatch(piece):
    assert time_piece().fullmatch(piece)


def test_every_time_piece_word_is_reachable():
    pattern = time_piece()
    pieces = WORDS["time_pieces"]
    for word in pieces["ongoing"]:
        assert pattern.fullmatch(word) and word[0] in grammar().time_starts, word
    for word in pieces["period_ends"]:
        assert pattern.fullmatch(f"6月{word}前"), word
    for manner in pieces["manners"]:
        for completion in pieces["completions"]:
            assert pattern.fullmatch(f"年底前{manner}{completion}"), (manner, completion)


def test_collective_list_levels_join_a_collective():
    for level in WORDS["collective_list_levels"]:
        text = f"各{level}、市人民政府"
        assert joins_collective(text, 2), level
    assert not joins_collective("市财政局、市商务局", 4)


def test_agency_name_words_are_reachable():
    lex = lexicon()
    assert set(lex.place_levels) <= set(lex.levels)
    for level in AGENCIES["collective_levels"]:
        assert is_collective(f"各{level}") and is_collective(f"各{level}人民政府"), level
    for zone in AGENCIES["zone_words"]:
        assert places_of_issuer(f"岚海{zone}管委会") == {}, zone
    assert places_of_issuer("枫渚市芷岭县人民政府办公室") == {"市": "枫渚市", "县": "芷岭县"}


# --- the alias table's header ---------------------------------------------------------------------------------


def _header_exceptions() -> list[str]:
    """The official stems the header of agency_aliases.yaml says are not keys."""
    lines = rule_path("agency_aliases.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Official stems that are not keys"))
    listed: list[str] = []
    for line in lines[start + 1 :]:
        if not line.startswith("#   "):
            break
        listed.extend(line[1:].split())
    return listed


def test_alias_values_are_names_and_kinds_known():
    data = load_rules("agency_aliases.yaml")
    for key, value in data["aliases"].items():
        assert isinstance(key, str) and key and key == key.strip(), key
        if isinstance(value, dict):
            assert set(value) <= {"full", "kind"} and isinstance(value["full"], str), key
            assert value.get("kind") is None or value["kind"] in KINDS, key
        else:
            assert isinstance(value, str) and value, key


def test_header_exceptions_are_listed_once():
    listed = _header_exceptions()
    assert listed and len(set(listed)) == len(listed)


def test_every_official_stem_is_a_key_or_a_listed_exception():
    """The header's claim, for every stem: its official stem is a key of its own, or listed as not one."""
    table = shipped_aliases()
    listed = set(_header_exceptions())
    for stem, entry in table.stems.items():
        assert (entry.full in table.stems) != (entry.full in listed), (stem, entry.full)


def test_every_listed_exception_is_an_official_stem():
    fulls = {entry.full for entry in shipped_aliases().stems.values()}
    assert set(_header_exceptions()) <= fulls


def test_every_issuer_ending_makes_a_signing_body():
    from shuangguoban.issuers import split_issuers

    for ending in AGENCIES["issuer_ends"]:
        assert split_issuers(f"梧川市甲乙{ending} 梧川市财政局") == [f"梧川市甲乙{ending}", "梧川市财政局"], ending
    assert split_issuers("梧川市甲乙丙 梧川市财政局") == ["梧川市财政局"]  # no body: left out


# --- standing rules ---------------------------------------------------------------------------------------------


def _note(**words: str) -> str:
    w = {"scope": "各项", "topic": "", "item": "措施", "all": "均", "must": "需", "verb": "负责", "way": "一一",
         "listing": "列出", **words}
    return (f"以下{w['scope']}{w['topic']}{w['item']}{w['all']}{w['must']}各县区人民政府{w['verb']}落实,"
            f"不再{w['way']}{w['listing']}")


def _named_note(**words: str) -> str:
    w = {"is": "为", "scope": "各项", "item": "任务", "duty": "责任", "holder": "单位", **words}
    return f"各县区人民政府{w['is']}以下{w['scope']}{w['item']}的{w['duty']}{w['holder']},不再列出"


@pytest.mark.parametrize(
    ("key", "field"),
    [("scopes", "scope"), ("topics", "topic"), ("items", "item"), ("alls", "all"), ("musts", "must"),
     ("verbs", "verb"), ("ways", "way"), ("listings", "listing")],
)
def test_every_standing_note_word_is_reachable(key, field):
    from shuangguoban.standing_rules import find_note

    for word in WORDS["standing_note"][key]:
        text = _note(**{field: word})
        found = find_note(text, 0, len(text))
        assert found is not None and found.group("who").endswith("各县区人民政府"), (key, word)


@pytest.mark.parametrize(
    ("key", "field"), [("is", "is"), ("scopes", "scope"), ("items", "item"), ("duties", "duty"), ("holders", "holder")]
)
def test_every_named_note_word_is_reachable(key, field):
    from shuangguoban.standing_rules import find_note

    for word in WORDS["standing_note"]["named"][key]:
        text = _named_note(**{field: word})
        found = find_note(text, 0, len(text))
        assert found is not None and found.group("who2") == "各县区人民政府", (key, word)


def test_every_lead_by_position_word_is_reachable():
    from shuangguoban.standing_rules import find_lead_by_position, without_rules

    words = WORDS["lead_by_position"]
    texts = [f"{p}首位的单位为牵头单位" for p in words["places"]]
    texts += [f"排在{o}的单位为牵头单位" for o in words["ordinals"]]
    texts += [f"排在首位的{w}为牵头单位" for w in words["listed"]]
    texts += [f"排在首位的单位{w}牵头单位" for w in words["is"]]
    texts += [f"排在首位的单位为{w}{n}" for w in words["leads"] for n in WORDS["group_nouns"]]
    back = words["reversed"]
    texts += [f"{w}单位为排在首位" for w in back["leads"]]
    texts += [f"牵头单位{w}排在首位" for w in back["is"]]
    texts += [f"牵头单位为{p}首位" for p in back["places"]]
    texts += [f"牵头单位为排在{o}" for o in back["ordinals"]]
    for text in texts:
        assert find_lead_by_position(text), text
        assert without_rules(text, 0, len(text)) == [(0, 0, False), (len(text), len(text), False)], text


def test_every_clause_line_label_is_a_label_of_the_grammar():
    """One source for clause words: the labels that make a line a clause line (segment, the PDF and
    wrap readers, task-table headers) are the grammar's labels, so what opens a clause line also opens
    a group of agencies when the clause is read."""
    from shuangguoban.lines import clause_line_labels

    labels = clause_line_labels()
    assert {"牵头单位", "配合部门", "责任主体", "主要责任单位", "部门分工"} <= set(labels)
    for label in labels:
        assert _kinds(f"{label}:市财政局") == [("label", f"{label}:"), ("chunk", "市财政局")], label
