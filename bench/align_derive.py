"""Derive a "provincial" circular from a city one, so that the true alignment is known.

`derive(text, seed)` parses the city circular, then writes the province's version of it:

- level words and places changed (开封市 → 河南省, 全市 → 全省, 市重点 → 省重点, （市科技局、… → （省科技局、…);
- target values scaled: an amount ×5 to ×20 (a province's total is larger), a rate moved by −10 to +10
  points or kept;
- measures dropped (the city's own), merged (two adjacent city measures become one provincial
  measure), split (one city measure's sentences become two provincial measures) and reordered;
- a few measures of the province's own added (no city counterpart);
- worded its own way: verbs swapped for synonyms (加快 → 推进, 强化 → 加强), in titles too, and one
  sentence without a target left out of half the measures (`leave_out`); optionally the sentences
  of a measure reordered (`shuffle`).

It returns the provincial text and the truth: the aligned (province path, city path) pairs and,
for every city target whose measure the province keeps, the direction of the city's value against
the province's (raised / lowered / equal). Deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from shuangguoban import parse_circular
from shuangguoban.align import compared_measures
from shuangguoban.levels import is_rate, label_length
from shuangguoban.models import Measure

PROVINCES = ("河南", "湖北", "江西", "安徽")
PROVINCE_OWN = (
    "加强经济运行监测调度。建立经济运行周监测、旬调度机制，对进度滞后的指标及时预警，6月底前开展一轮专项督查。",
    "提升政务服务效能。推进高效办成一件事，上半年新增集成办理事项20项，企业开办时间压缩至1个工作日以内。",
    "强化审计监督。开展重大政策措施落实情况跟踪审计，对发现的问题建立台账、限期整改。",
    "做好统计数据质量管理。严格统计执法检查，防范和惩治统计造假、弄虚作假，确保数据真实准确。",
)
LEVEL_SWAPS = (("全市", "全省"), ("市级", "省级"), ("市重点", "省重点"), ("市委", "省委"), ("市政府", "省政府"),
               ("各县区", "各省辖市"), ("县区", "省辖市"))
# A province words things its own way: verbs swapped, and some sentences left out.
SYNONYMS = (("加快", "推进"), ("推动", "促进"), ("持续", "深入"), ("强化", "加强"), ("提升", "提高"), ("深化", "推进"),
            ("积极", "主动"), ("全面", "系统"), ("支持", "鼓励"), ("完善", "健全"), ("建设", "打造"), ("开展", "组织"),
            ("落实", "执行"), ("重点", "关键"), ("扎实", "切实"))
_CLAUSE = re.compile(r"[（(][^（）()]*(?:负责|牵头|配合)[^（）()]*[）)]\s*$")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SENTENCE = re.compile(r"[^。；]+[。；]")


@dataclass
class Derived:
    text: str
    pairs: set[tuple[str, str]] = field(default_factory=set)          # (province path, city path)
    target_changes: dict[tuple[str, str], str] = field(default_factory=dict)  # (city path, target text) → direction
    city_measures: int = 0
    province_measures: int = 0


@dataclass
class _Item:
    """One provincial measure being written: its title, body, clause, and the city measures behind it."""

    title: str
    body: str
    clause: str
    sources: list[str]


def _city_place(issuer: str | None) -> tuple[str, str]:
    match = re.match(r"^(\w{2,3}?)(市|县)", issuer or "")
    return (match.group(0), match.group(1)) if match else ("本市", "本市")


def _level(text: str, place: tuple[str, str], province: str) -> str:
    text = text.replace(place[0], province + "省").replace(place[1], province)
    for city, prov in LEVEL_SWAPS:
        text = text.replace(city, prov)
    return re.sub(r"^([（(])市", r"\1省", text)


def _scaled(measure: Measure, rng: random.Random, changes: dict[tuple[str, str], str]) -> str:
    """The measure's text with each target's number scaled (at its span, right to left); records the
    city value's direction against the province's."""
    text = measure.text
    for target in sorted(measure.targets, key=lambda t: t.span[0], reverse=True):
        number = _NUMBER.search(target.text)
        if not number:
            continue
        old = Decimal(number.group(0))
        if is_rate(target.unit):
            new = max(Decimal(1), min(Decimal(100), old + rng.choice((-10, -5, 0, 5, 10))))
        else:
            new = old * rng.choice((5, 8, 10, 20))
        changes[(measure.path, target.text)] = "equal" if new == old else "raised" if old > new else "lowered"
        start = target.span[0] - measure.span[0] + number.start()
        text = text[:start] + format(new.normalize(), "f") + text[start + len(number.group(0)):]
    return text


def _reworded(text: str, rng: random.Random, keep: tuple[str, ...] = (), leave_out: float = 0.0,
              shuffle: float = 0.0) -> str:
    """Some verbs swapped for synonyms; a sentence without a target left out with probability
    `leave_out`; the sentences put in another order with probability `shuffle`."""
    for word, other in SYNONYMS:
        if rng.random() < 0.6:
            text = text.replace(word, other)
    sentences = _SENTENCE.findall(text)
    if len(sentences) >= 2 and rng.random() < shuffle:
        tail = text[sum(map(len, sentences)):]
        rng.shuffle(sentences)
        text = "".join(sentences) + tail
    if len(sentences) >= 3 and rng.random() < leave_out:
        droppable = [s for s in sentences if not any(k in s for k in keep)]
        if droppable:
            text = text.replace(rng.choice(droppable), "", 1)
    return text


def _title_and_rest(body: str, title: str) -> tuple[str, str]:
    """The measure's title and the rest of its (scaled) body. A title holding a target's number no
    longer starts the scaled body: then the body's first sentence is the title."""
    if body.startswith(title):
        return title, body[len(title):].lstrip("。.．:：")
    head, mark, rest = body.partition("。")
    return (head, rest) if mark else (title, body)


def derive(text: str, seed: int, *, drop: float = 0.1, merge: float = 0.1, split: float = 0.12, own: int = 2,
           leave_out: float = 0.5, shuffle: float = 0.0) -> Derived:
    rng = random.Random(seed)
    city = parse_circular(text)
    measures = compared_measures(city)
    place = _city_place(city.issuer)
    province = rng.choice(PROVINCES)
    derived = Derived(text="", city_measures=len(measures))
    items: list[_Item] = []
    for measure in measures:
        if rng.random() < drop:
            continue                       # the city's own measure
        scaled = _scaled(measure, rng, derived.target_changes)
        body = _CLAUSE.sub("", scaled[label_length(measure):].rstrip()).strip()
        clause_match = _CLAUSE.search(measure.text.rstrip())
        clause = _level(clause_match.group(0).strip(), place, province) if clause_match else ""
        keep = tuple(re.sub(r"[0-9.]+", "", t.text) or t.text for t in measure.targets)
        title, rest = _title_and_rest(body, measure.title)
        rest = _reworded(_level(rest, place, province), rng, keep, leave_out, shuffle)
        title = _reworded(_level(title, place, province), rng)
        items.append(_Item(title, rest, clause, [measure.path]))
    dropped = {m.path for m in measures} - {p for item in items for p in item.sources}
    derived.target_changes = {k: v for k, v in derived.target_changes.items() if k[0] not in dropped}
    items = _merge_and_split(items, rng, merge, split)
    for sentence in rng.sample(PROVINCE_OWN, k=min(own, len(PROVINCE_OWN))):
        title, _, rest = sentence.partition("。")
        items.append(_Item(title, rest, "（省发展改革委、统计局按职责分工负责）", []))
    rng.shuffle(items)
    lines = [f"{province}省人民政府办公厅关于印发{city.title or '若干措施'}的通知",
             "各省辖市人民政府，省人民政府各部门：",
             f"《{city.title or '若干措施'}》已经省政府同意，现印发给你们，请认真贯彻落实。",
             f"{province}省人民政府办公厅", "2024年5月8日", city.title or "若干措施",
             "为确保实现上半年目标任务，制定以下措施。"]
    for n, item in enumerate(items, 1):
        lines.append(f"{n}.{item.title}。{item.body}{item.clause}")
        derived.pairs.update((str(n), source) for source in item.sources)
    derived.text = "\n".join(lines) + "\n"
    derived.province_measures = len(items)
    return derived


def _merge_and_split(items: list[_Item], rng: random.Random, merge: float, split: float) -> list[_Item]:
    out: list[_Item] = []
    k = 0
    while k < len(items):
        item = items[k]
        if k + 1 < len(items) and rng.random() < merge:
            other = items[k + 1]
            out.append(_Item(item.title, f"{item.body}{other.title}。{other.body}", item.clause or other.clause,
                             item.sources + other.sources))
            k += 2
            continue
        sentences = _SENTENCE.findall(item.body)
        if len(sentences) >= 3 and rng.random() < split:
            half = len(sentences) // 2
            second = "".join(sentences[half:])
            head, _, tail = second.partition("，")
            title = head.rstrip("。；")[:16]
            out.append(_Item(item.title, "".join(sentences[:half]), item.clause, item.sources))
            out.append(_Item(title, tail if tail else second, item.clause, item.sources))
        else:
            out.append(item)
        k += 1
    return out
