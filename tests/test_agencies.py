"""Responsible agencies: clause cases, multi-measure documents, alias files, rule integrity, robustness."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shuangguoban.agencies import AgencyContext, assign_agencies
from shuangguoban.agency_aliases import load_aliases, shipped_aliases
from shuangguoban.agency_names import places_of_issuer
from shuangguoban.clause_grammar import looks_like_clause
from shuangguoban.errors import RuleError
from shuangguoban.models import Agency
from shuangguoban.rules import load_rules
from shuangguoban.standing_rules import find_lead_by_position
from shuangguoban.text import DocText, normalise

CASES = Path(__file__).parent / "cases"


def _load(name: str):
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


CLAUSES = _load("agencies_clauses.yaml")
LOOKS = _load("agencies_looks_like.yaml")
DOCUMENTS = _load("agencies_documents.yaml")
SHAPES = _load("agencies_shapes.yaml")  # real-circular shapes; `xfail: reason` marks a known failure


def _context(spec: dict | None) -> AgencyContext:
    spec = spec or {}
    return AgencyContext(issuer=spec.get("issuer"), lead_by_position=bool(spec.get("lead_by_position")))


def _check_spans(doc: DocText, agencies: list[Agency]) -> None:
    for agency in agencies:
        if agency.inherited:
            assert agency.span is None
            continue
        assert agency.span is not None, agency
        start, end = agency.span
        assert doc.raw[start:end] == agency.raw, agency


def _check_agencies(actual: list[Agency], expected: list[dict]) -> None:
    got = [(a.name, a.role) for a in actual]
    assert got == [(e["name"], e["role"]) for e in expected]
    for agency, want in zip(actual, expected, strict=True):
        for key in ("raw", "full_name", "kind", "inherited"):
            if key in want:
                assert getattr(agency, key) == want[key], f"{agency.name}: {key}"


def _clause_doc(case: dict) -> tuple[DocText, tuple[int, int]]:
    """A small document holding the clause the way a circular prints it, and the clause's span."""
    form = case.get("form", "paren")
    clause = case["clause"]
    if form == "paren":
        head, tail = "（三）推进示范项目建设。年内建成一批项目。（", "）\n（四）下一项。"
    elif form == "line":
        head, tail = "3．推进示范项目建设。\n", "\n4．下一项。"
    elif form == "sentence":
        head, tail = "（三）推进示范项目建设。年内建成一批项目。", "\n（四）下一项。"
    else:
        raise AssertionError(f"unknown form {form}")
    return DocText.of(head + clause + tail), (len(head), len(head) + len(clause))


# --- the clause table ------------------------------------------------------------------------------------


def test_clause_table_is_large_and_ids_unique():
    ids = [case["id"] for case in CLAUSES]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("case", CLAUSES, ids=[c["id"] for c in CLAUSES])
def test_clause(case):
    doc, span = _clause_doc(case)
    (agencies,), warnings = assign_agencies(doc, [[span]], _context(case.get("context")))
    _check_spans(doc, agencies)
    _check_agencies(agencies, case["agencies"])
    assert [w.code for w in warnings] == case.get("warnings", [])
    for warning in warnings:
        assert warning.span is not None and 0 <= warning.span[0] <= warning.span[1] <= len(doc)


def _case_param(case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_case_param(c) for c in SHAPES])
def test_clause_shape(case):
    test_clause(case)


# --- looks_like_clause ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", LOOKS["clause"])
def test_looks_like_clause(text):
    assert looks_like_clause(text)


@pytest.mark.parametrize("text", LOOKS["not_clause"])
def test_does_not_look_like_clause(text):
    assert not looks_like_clause(text)


@pytest.mark.parametrize("text", ["市发展改革委（牵头）、市财政局", "商务部、财政部负责", "负责部门:市卫生健康委", "区直各部门、各街道"])
def test_looks_like_clause_new_shapes(text):
    assert looks_like_clause(normalise(text))


def test_looks_like_clause_on_normalised_traditional_text():
    assert looks_like_clause(normalise("市財政局牽頭，市場監管局配合"))
    assert looks_like_clause(normalise("責任單位：各縣（市、區）人民政府"))


# --- documents ---------------------------------------------------------------------------------------------


def _document(case: dict) -> tuple[DocText, list[list[tuple[int, int]]]]:
    text = "云岭示范工作要点\n"
    clauses: list[list[tuple[int, int]]] = []
    for number, measure in enumerate(case["measures"], 1):
        text += f"{number}.{measure['body']}"
        spans = []
        for piece in measure["pieces"]:
            if "paren" in piece:
                text += "（"
                spans.append((len(text), len(text) + len(piece["paren"])))
                text += piece["paren"] + "）"
            elif "sentence" in piece:
                spans.append((len(text), len(text) + len(piece["sentence"])))
                text += piece["sentence"]
            else:
                text += "\n"
                spans.append((len(text), len(text) + len(piece["line"])))
                text += piece["line"]
        text += "\n"
        clauses.append(spans)
    return DocText.of(text), clauses


@pytest.mark.parametrize("case", DOCUMENTS, ids=[c["id"] for c in DOCUMENTS])
def test_document(case):
    doc, clauses = _document(case)
    result, warnings = assign_agencies(doc, clauses, _context(case.get("context")))
    assert warnings == []
    assert len(result) == len(case["expect"])
    for agencies, expected in zip(result, case["expect"], strict=True):
        _check_spans(doc, agencies)
        _check_agencies(agencies, expected)


def test_measures_without_clauses_get_nothing():
    doc = DocText.of("1.甲。\n2.乙。")
    result, warnings = assign_agencies(doc, [[], []], AgencyContext())
    assert result == [[], []] and warnings == []


def test_span_outside_the_text_is_warned():
    doc = DocText.of("1.甲。（市财政局）")
    (agencies,), warnings = assign_agencies(doc, [[(5, 99)]], AgencyContext())
    assert agencies == [] and [w.code for w in warnings] == ["unsplit_clause"]


# --- lead by position, places ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "各项任务排在首位的单位为牵头单位，其他单位按职责分工负责。",
        "责任单位中第一个单位为牵头单位。",
        "列第一位的为牵头单位，其余为配合单位。",
        "排名第一的部门为牵头部门。",
        "牵头单位为排在第一位的单位。",
        "（市财政局、市税务局负责，列第一位者为牵头单位，下同）",
        "各项任务排在首位的为牵头单位。",
    ],
)
def test_finds_lead_by_position(text):
    assert find_lead_by_position(normalise(text))


@pytest.mark.parametrize("text", ["市发展改革委牵头，市财政局配合。", "争创全省第一位。", "牵头单位：市商务局"])
def test_no_lead_by_position(text):
    assert not find_lead_by_position(normalise(text))


@pytest.mark.parametrize(
    ("issuer", "places"),
    [
        ("梧川市人民政府办公室", {"市": "梧川市"}),
        ("云岭省人民政府办公厅", {"省": "云岭省"}),
        ("枫桥市松阳县人民政府办公室", {"市": "枫桥市", "县": "松阳县"}),
        ("澄湖市人民政府辦公室", {"市": "澄湖市"}),
        ("中共梧川市委办公室", {"市": "梧川市"}),
        ("市人民政府办公室", {}),
        (None, {}),
        # 州 inside a place name is not a level: 潭州县, 郑州市
        ("潭州县人民政府办公室", {"县": "潭州县"}),
        ("郑州市金水区人民政府", {"市": "郑州市", "区": "金水区"}),
    ],
)
def test_places_of_issuer(issuer, places):
    assert places_of_issuer(issuer) == places


# --- user alias files ------------------------------------------------------------------------------------------


def test_user_alias_file_merges_over_shipped(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text(
        "# our county's names\naliases:\n  数据局: 数据管理局\n  科技局: 科学技术和工业信息化局\n"
        "  园林中心: {full: 园林绿化服务中心, kind: other}\n",
        encoding="utf-8",
    )
    table = load_aliases(path)
    assert table.stems["发展改革委"].full == "发展和改革委员会"  # shipped entries stay
    doc = DocText.of("（市数据局、科技局、园林中心）")
    (agencies,), warnings = assign_agencies(
        doc, [[(1, len(doc) - 1)]], AgencyContext(issuer="梧川市人民政府办公室", aliases=table)
    )
    assert warnings == []
    assert [(a.name, a.full_name, a.kind) for a in agencies] == [
        ("市数据局", "梧川市数据管理局", "department"),
        ("市科技局", "梧川市科学技术和工业信息化局", "department"),
        ("市园林中心", "梧川市园林绿化服务中心", "other"),
    ]


def test_user_alias_text_and_string_path(tmp_path):
    assert load_aliases("aliases:\n  農機中心: 农业机械化服务中心\n").stems["农机中心"].full == "农业机械化服务中心"
    path = tmp_path / "a.yaml"
    path.write_text("aliases:\n  数据局: 数据管理局\n", encoding="utf-8")
    assert load_aliases(str(path)).stems["数据局"].full == "数据管理局"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("aliases:\n  数据局: 数据管理局\n  数据局: 大数据局\n", "duplicate key"),
        ("aliases: [数据局\n", "not valid YAML"),
        ("- 数据局\n", "expected a mapping"),
        ("", "expected a mapping"),
        ("aliases:\n  - 数据局\n", "expected a mapping"),
        ("aliases:\n  数据局: {full: 数据管理局, kind: bureau}\n", "kind 'bureau'"),
        ("aliases:\n  数据局: 3\n", "must map to a name"),
        ("alias:\n  数据局: 数据管理局\n", "unknown key 'alias'"),
    ],
)
def test_bad_alias_files(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_aliases(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_missing_alias_file(tmp_path):
    with pytest.raises(RuleError, match="cannot read"):
        load_aliases(tmp_path / "nowhere.yaml")


# --- rule integrity ------------------------------------------------------------------------------------------


def test_shipped_alias_table():
    table = shipped_aliases()
    assert len(table.stems) >= 50
    for key, entry in table.stems.items():
        assert key == normalise(key) and key.strip() == key and entry.full
    for short in ("科技局", "发展改革委", "人社局", "住建局", "资源规划局", "教体局", "市场监管局", "卫健委", "国资委"):
        assert short in table.stems
    assert table.name_prefixes["人行"] == "中国人民银行"


def test_party_stems_are_known_party_aliases():
    table = shipped_aliases()
    for stem in load_rules("agencies.yaml")["party_stems"]:
        entry = table.stems.get(stem)
        assert entry is None or entry.kind == "party", stem
    for stem in ("组织部", "宣传部", "统战部", "编办", "政法委", "网信办"):
        assert table.stems[stem].kind == "party"


# --- robustness -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["（" * 1_000_000, "（市财政局、" * 200_000, "、" * 1_000_000, "以下" * 500_000])
def test_linear_on_a_long_line(line):
    doc = DocText.of(line)
    started = time.perf_counter()
    looks_like_clause(doc.norm)
    _, warnings = assign_agencies(doc, [[(0, len(doc))]], AgencyContext())
    find_lead_by_position(doc.norm)
    assert time.perf_counter() - started < 5
    assert all(w.code == "unsplit_clause" for w in warnings)


def test_too_long_clause_is_warned_not_read():
    doc = DocText.of("市财政局、" * 1000)
    (agencies,), warnings = assign_agencies(doc, [[(0, len(doc))]], AgencyContext())
    assert agencies == [] and [w.code for w in warnings] == ["unsplit_clause"]
    assert not looks_like_clause(doc.norm)


def test_linear_below_the_length_cap():
    doc = DocText.of("（市财政局、" * 300 + "）" * 300)
    started = time.perf_counter()
    for _ in range(20):
        assign_agencies(doc, [[(0, len(doc))]], AgencyContext())
    assert time.perf_counter() - started < 5


_ALPHABET = (
    "市省县区局委厅政府人民各（）()、，,；;。和及与等牵头配合负责责任单位：:以下均需落实不再列出团妇联海关 \n財場"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.booleans())
def test_never_raises_and_spans_hold(text, lead):
    doc = DocText.of(text)
    looks_like_clause(doc.norm)
    (agencies,), warnings = assign_agencies(doc, [[(0, len(doc))]], AgencyContext(lead_by_position=lead))
    _check_spans(doc, agencies)
    for warning in warnings:
        assert warning.span is None or 0 <= warning.span[0] <= warning.span[1] <= len(doc)


def test_missing_alias_file_named_by_a_string(tmp_path):
    with pytest.raises(RuleError, match="nowhere.yaml: cannot read"):
        load_aliases(str(tmp_path / "nowhere.yaml"))


# --- the fast paths give what the plain definitions give ------------------------------------------


def test_literal_matchers_agree_with_their_regex():
    """agencies.yaml `starts` / `contains` / `ends` rules are tested with str methods, not a pattern."""
    import random
    import re

    from shuangguoban.agency_lexicon import literal_rule

    def as_regex(spec):
        alts = []
        for part, template in (("starts", "^(?:{})"), ("contains", "(?:{})"), ("ends", "(?:{})$")):
            words = sorted(spec.get(part) or (), key=len, reverse=True)
            if words:
                alts.append(template.format("|".join(re.escape(w) for w in words)))
        return re.compile("|".join(alts))

    data = load_rules("agencies.yaml")
    specs = [data["own_scope"], *data["kinds"]]
    words = sorted({w for spec in specs for part in ("starts", "contains", "ends") for w in spec.get(part) or ()})
    rng = random.Random(7)
    for spec in specs:
        if spec.get("kind") == "KNOWN_STEM":
            continue
        literal, pattern = literal_rule(spec), as_regex(spec)
        for _ in range(400):
            text = "".join(rng.choice([rng.choice(words), "市", "财政", "\n", ""]) for _ in range(rng.randint(0, 4)))
            assert literal.search(text) == (pattern.search(text) is not None), (spec, text)


def test_memoised_pieces_match_a_fresh_reading():
    """_lex / _parts remember short texts by their text; offsets must follow the text wherever it is."""
    from shuangguoban.agency_lexicon import lexicon
    from shuangguoban.clause_grammar import lex_span, lexed
    from shuangguoban.clause_parts import parts, split_parts

    lex, aliases = lexicon(), shipped_aliases()
    clause = "市发展改革委牵头,市财政局、人力资源和社会保障局配合;各县(市、区)人民政府负责"
    for pad in ("", "x", "前文。" * 7):
        norm = normalise(pad + clause)
        start, end = len(pad), len(norm)
        events = lexed(norm, start, end)
        assert events == lex_span(norm, start, end)
        for event in events:
            if event.kind == "chunk":
                assert parts(norm, event.start, event.end, lex, aliases) == split_parts(
                    norm, event.start, event.end, lex, aliases
                )


def test_alias_table_derived_fields_follow_the_table():
    table = load_aliases("aliases:\n  发展改革委: 发展和改革委员会\n  科技局: 科学技术局\n", where="t.yaml")
    assert table.stem_lengths == tuple(sorted({len(k) for k in table.stems if len(k) >= 2}, reverse=True))
    assert table.longest_stem() == max(len(k) for k in table.stems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("aliases:\n  科技局: 科学技术局\n  科技局: 科技局\n", "t.yaml: duplicate key '科技局' at line 3"),
        ("aliases:\n  x: [1\n", "t.yaml: not valid YAML (while parsing a flow sequence)"),
        ("aliases: a: b\n", "t.yaml: not valid YAML (mapping values are not allowed here)"),
    ],
)
def test_alias_file_errors_do_not_depend_on_libyaml(text, message):
    """Rule files are read with libyaml when present; a bad file is re-read by the pure-Python loader."""
    with pytest.raises(RuleError) as caught:
        load_aliases(text, where="t.yaml")
    assert str(caught.value) == message
