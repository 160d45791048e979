"""A deterministic generator of synthetic policy circulars for the benchmark (and the hostile tests).

Every circular is built from templates with a seeded `random.Random`, so the same seed gives the same
corpus byte for byte on every machine. Nothing is copied from the sample circular: place names are
invented from syllables, and measures, agencies, targets and deadlines are drawn from small pools.

Layouts vary the way real circulars do:

- numbering: flat `1.` / `1、` / `1．` lists, or nested `一、/（一）/1./（1）`;
- punctuation: full-width (，：（）) or half-width (,:()), some with full-width digits (９５％);
- parts: a news lead ending in 原文如下, a portal metadata block (索引号：… 成文日期：…), page
  chrome (首页 > …, 【打印本页】, 版权所有, ICP备), a 通知 header, signature and attachments;
- script: some circulars in traditional characters (a small mapping, enough for the rules to matter);
- line ends: some with CRLF; some paragraphs indented with ideographic spaces; page numbers (— 2 —);
- responsibility: parenthesised clauses (A牵头，B、C配合 / A、B按职责分工负责 / A负责) or label
  lines (牵头单位：… 配合单位：… / 责任单位：… 完成时限：…);
- targets (新增X个, 达到Y%, Z万人次以上, 1—2个, 分别达到…) and deadlines (6月底前, 上半年,
  三季度末, 到2026年, 5月中下旬, 年底前), with 3–40 measures and 2–20 KB per circular.

Usage:
    python bench/corpus.py --out bench/.corpus --count 2000 --seed 20240523
    from corpus import generate_corpus, write_corpus, concatenation, hostile_inputs
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20240523
DEFAULT_COUNT = 2000
MIN_BYTES = 2 * 1024
MAX_BYTES = 20 * 1024

# --- pools ----------------------------------------------------------------------------------

# Syllables for invented place names (a pair rarely names a real city; it does not matter if it does).
_FIRST = "临安青潞汾沅澄岚梧桐溪岳衡泸黎茂云琅瑶嵩淇沣濉漳湄苍柘栖榆枫澧鄞嵘峄岷溱洺沂渑邛蓟禾璧"
_SECOND = "川阳宁州原平江河山丰安城陵水泉台源陂林桥岗屿湖宁溪昌华兴"
_PROVINCE_FIRST = "海朔岭江河湘滇黔燕晋渝闽"
_PROVINCE_SECOND = "澄川南北西东中阳"

_THEMES = [
    ("攻坚二季度确保“双过半”若干措施", "若干措施"),
    ("稳就业促增收若干措施", "若干措施"),
    ("提振消费专项行动方案", "方案"),
    ("优化营商环境重点任务", "任务清单"),
    ("促进民营经济发展壮大若干措施", "若干措施"),
    ("推动大规模设备更新和消费品以旧换新实施方案", "实施方案"),
    ("加快发展银发经济若干措施", "若干措施"),
    ("推进农业农村现代化工作要点", "工作要点"),
    ("扩大有效投资攻坚行动方案", "行动方案"),
    ("促进文旅消费提质升级若干措施", "若干措施"),
    ("加快推进新型工业化实施方案", "实施方案"),
    ("稳外贸稳外资工作措施", "工作措施"),
    ("城市更新行动实施方案", "实施方案"),
    ("防汛抗旱和安全生产工作要点", "工作要点"),
]

# (full name, short name used after the first agency of a clause)
_CITY_AGENCIES = [
    ("发展改革委", "发展改革委"), ("工业和信息化局", "工业和信息化局"), ("财政局", "财政局"),
    ("商务局", "商务局"), ("人力资源社会保障局", "人力资源社会保障局"), ("住房城乡建设局", "住房城乡建设局"),
    ("交通运输局", "交通运输局"), ("农业农村局", "农业农村局"), ("水利局", "水利局"), ("科技局", "科技局"),
    ("市场监管局", "市场监管局"), ("生态环境局", "生态环境局"), ("自然资源和规划局", "自然资源和规划局"),
    ("教育局", "教育局"), ("卫生健康委", "卫生健康委"), ("民政局", "民政局"),
    ("文化广电旅游局", "文化广电旅游局"), ("应急管理局", "应急局"), ("城市管理局", "城管局"),
    ("国资委", "国资委"), ("统计局", "统计局"), ("税务局", "税务局"), ("政务服务中心", "政务服务中心"),
    ("乡村振兴局", "乡村振兴局"), ("气象局", "气象局"), ("司法局", "司法局"), ("公安局", "公安局"),
]
_CENTRAL_AGENCIES = ["人行{city}市分行", "国家金融监督管理总局{city}监管分局", "{city}海关", "国网{city}供电公司",
                     "{city}市消防救援支队", "团市委"]

_VERBS = ["深入实施", "加快推进", "持续开展", "全面落实", "积极推动", "大力发展", "着力提升", "统筹推进",
          "健全完善", "扎实开展", "研究制定", "谋划推进", "组织实施", "加快建设", "稳步推进", "全面推行"]
_OBJECTS = ["重大项目建设", "创新生态建设", "高标准农田建设", "老旧小区改造", "城市更新行动", "“放心消费”创建",
            "企业研发活动全覆盖", "专精特新企业培育", "数字化转型", "绿色低碳转型", "现代物流体系建设",
            "公共服务设施补短板", "职业技能提升行动", "“一网通办”改革", "政策性金融工具落地", "夜间经济发展",
            "县域商业体系建设", "生态环境综合治理", "防汛隐患排查整治", "安全生产专项整治", "民生商品保供稳价",
            "外贸企业“出海”拓市场", "招商引资“一把手”工程", "涉企执法检查规范", "人才公寓建设", "养老服务网络建设",
            "普惠托育服务体系建设", "供水供热管网改造", "新能源汽车推广应用", "乡村振兴示范创建"]
_PURPOSES = ["确保各项任务落地见效", "切实降低企业成本", "进一步激发市场活力", "推动经济持续回升向好",
             "形成一批可复制可推广的经验", "不断增强人民群众获得感", "夯实高质量发展基础", "做到应开尽开、应建尽建"]
_THINGS = ["省级智能工厂", "特色夜市街区", "社区老年助餐点", "市级高技能人才培训基地", "技能大师工作室",
           "规模以上工业企业", "高新技术企业", "品牌首店", "省级专精特新中小企业", "充电桩", "口袋公园",
           "城市书房", "重点外资项目", "亿元以上项目", "示范社区", "农村公路", "标准化厂房"]
_COUNTERS = {"省级智能工厂": "家", "特色夜市街区": "条", "社区老年助餐点": "个", "市级高技能人才培训基地": "个",
             "技能大师工作室": "个", "规模以上工业企业": "家", "高新技术企业": "家", "品牌首店": "家",
             "省级专精特新中小企业": "家", "充电桩": "个", "口袋公园": "个", "城市书房": "个",
             "重点外资项目": "个", "亿元以上项目": "个", "示范社区": "个", "农村公路": "公里", "标准化厂房": "万平方米"}
_RATES = ["年度投资计划完成率", "离校未就业高校毕业生实名帮扶率", "整改销号率", "消费投诉按期办结率",
          "政务服务事项网办率", "重点项目开工率", "农村生活污水治理率", "城市生活垃圾分类覆盖率",
          "规上工业企业研发活动覆盖率", "养老机构护理型床位占比"]
_PEOPLE = ["职业技能培训", "农村劳动力转移就业", "城镇新增就业", "接待游客", "家政服务培训", "创业培训"]
_MONEY = ["技术合同成交额", "科技贷款", "创业担保贷款", "社会消费品零售总额", "家电销售额", "专项债券资金",
          "普惠小微贷款", "农田水利建设资金"]


@dataclass(frozen=True)
class Style:
    """The layout choices of one circular."""

    nested: bool
    flat_marker: str       # ".", "、" or "．" after the number in flat lists
    halfwidth: bool        # half-width punctuation (,:()) instead of full-width
    fullwidth_digits: bool
    lead: bool             # news lead ending in 原文如下
    portal: bool           # portal metadata block + page chrome
    notice: bool           # 通知 header (recipients, 现印发给你们, signature, date)
    traditional: bool
    crlf: bool
    indent: bool           # paragraphs start with two ideographic spaces
    blank_lines: bool
    label_lines: bool      # 牵头单位：… 配合单位：… lines instead of parenthesised clauses
    page_numbers: bool


# Traditional variants: a small mapping, enough for agency names, counters and deadlines.
_T = str.maketrans({
    "发": "發", "区": "區", "县": "縣", "负": "負", "责": "責", "牵": "牽", "头": "頭", "万": "萬",
    "亿": "億", "个": "個", "务": "務", "门": "門", "关": "關", "实": "實", "进": "進", "动": "動",
    "业": "業", "产": "產", "经": "經", "济": "濟", "设": "設", "项": "項", "达": "達", "单": "單",
    "职": "職", "场": "場", "监": "監", "资": "資", "规": "規", "财": "財", "农": "農", "乡": "鄉",
    "镇": "鎮", "环": "環", "术": "術", "训": "訓", "时": "時", "间": "間", "点": "點", "开": "開",
    "会": "會", "办": "辦", "长": "長", "级": "級", "为": "為", "对": "對", "广": "廣", "电": "電",
    "确": "確", "质": "質", "导": "導", "联": "聯", "标": "標", "体": "體", "创": "創", "协": "協",
    "调": "調", "应": "應", "险": "險", "机": "機", "数": "數", "强": "強", "网": "網", "费": "費",
    "税": "稅", "请": "請", "现": "現", "认": "認", "总": "總", "额": "額", "积": "積", "极": "極",
    "统": "統", "营": "營", "际": "際", "卫": "衛", "护": "護", "养": "養", "老": "老", "季": "季",
    "底": "底", "前": "前", "配": "配", "合": "合", "华": "華", "东": "東", "阳": "陽", "兴": "興",
    "园": "園", "态": "態", "组": "組", "织": "織", "计": "計", "划": "劃", "与": "與", "们": "們",
    "这": "這", "来": "來", "审": "審", "批": "批", "报": "報", "纳": "納", "厅": "廳", "检": "檢",
    "查": "查", "贷": "貸", "银": "銀", "行": "行", "贸": "貿", "价": "價", "库": "庫", "储": "儲",
})
_HALF = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";"})
_FULL_DIGITS = str.maketrans({**{str(d): chr(0xFF10 + d) for d in range(10)}, "%": "％"})


class _Builder:
    """Builds one circular with its own random stream."""

    def __init__(self, rng: random.Random, index: int):
        self.r = rng
        self.index = index
        r = rng
        self.city = r.choice(_FIRST) + r.choice(_SECOND)
        self.province = r.choice(_PROVINCE_FIRST) + r.choice(_PROVINCE_SECOND) + "省"
        self.level = "市" if r.random() < 0.8 else "县"
        self.place = self.city + self.level
        self.counties = [r.choice(_FIRST) + r.choice(_SECOND) + ("县" if r.random() < 0.6 else "区")
                         for _ in range(r.randint(2, 5))]
        self.year = r.choice([2023, 2024, 2024, 2025, 2025, 2026])
        self.month = r.randint(1, 11)
        self.day = r.randint(1, 28)
        theme, self.kind = r.choice(_THEMES)
        yearly = r.random() < 0.5
        self.name = f"{self.place}{self.year}年{theme}" if yearly else f"{self.place}{theme}"
        self.issuer = f"{self.place}人民政府办公室" if r.random() < 0.75 else f"{self.place}人民政府"
        self.doc_number = f"{self.city[0]}政办〔{self.year}〕{r.randint(1, 60)}号"
        self.style = Style(
            nested=r.random() < 0.4,
            flat_marker=r.choice([".", ".", "、", "．"]),
            halfwidth=r.random() < 0.3,
            fullwidth_digits=r.random() < 0.1,
            lead=r.random() < 0.3,
            portal=r.random() < 0.3,
            notice=r.random() < 0.7,
            traditional=r.random() < 0.1,
            crlf=r.random() < 0.2,
            indent=r.random() < 0.5,
            blank_lines=r.random() < 0.3,
            label_lines=r.random() < 0.2,
            page_numbers=r.random() < 0.15,
        )
        self.measures = r.randint(3, 40)
        low, high = max(MIN_BYTES, self.measures * 280), min(MAX_BYTES - 1500, self.measures * 900)
        self.budget = r.randint(min(low, high), high)

    # --- pieces ---------------------------------------------------------------------------

    def agency(self, short: bool) -> str:
        r = self.r
        if r.random() < 0.1:
            return r.choice(_CENTRAL_AGENCIES).format(city=self.city)
        full, abbrev = r.choice(_CITY_AGENCIES)
        return abbrev if short else f"{self.level}{full}"

    def agencies(self, n: int) -> list[str]:
        names: list[str] = []
        while len(names) < n:
            name = self.agency(short=bool(names))
            if name not in names:
                names.append(name)
        return names

    def county(self) -> str:
        name = self.r.choice(self.counties)
        return f"{name}人民政府"

    def clause(self) -> str:
        """A parenthesised responsibility clause (the label-line form is built in `measure_text`)."""
        r = self.r
        form = r.random()
        if form < 0.3:
            lead, *others = self.agencies(r.randint(2, 4))
            return f"（{lead}牵头，{'、'.join(others)}配合）"
        if form < 0.75:
            names = self.agencies(r.randint(1, 5))
            tail = f"，{'、'.join(self.county() for _ in range(r.randint(1, 2)))}" if r.random() < 0.3 else ""
            return f"（{'、'.join(names)}{tail}按职责分工负责）"
        if form < 0.9:
            return f"（{self.agency(short=False)}负责）"
        return f"（{'、'.join(self.agencies(r.randint(1, 3)))}）"

    def deadline(self) -> str:
        r = self.r
        return r.choice([
            "6月底前", "上半年", "三季度末", f"到{self.year + r.randint(1, 2)}年", "5月中下旬", "年底前",
            f"{r.randint(3, 11)}月底前", f"{r.randint(6, 12)}月{r.randint(1, 28)}日前", "二季度末前", "年内",
            "全年", f"{self.year}年底前", "次年3月底前", "9月底前", "四季度",
        ])

    def target(self) -> str:
        r = self.r
        form = r.randrange(9)
        if form == 0:
            thing = r.choice(_THINGS)
            return f"新增{thing}{r.randint(2, 300)}{_COUNTERS[thing]}"
        if form == 1:
            return f"{r.choice(_RATES)}达到{r.choice([str(r.randint(50, 100)), _decimal(r.uniform(60, 99.5), 1)])}%"
        if form == 2:
            return f"完成{r.choice(_PEOPLE)}{_decimal(r.uniform(0.2, 12), r.choice([0, 1, 2]))}万人次以上"
        if form == 3:
            thing = r.choice(_THINGS)
            a = r.randint(1, 5)
            return f"建成{thing}{a}—{a + r.randint(1, 3)}{_COUNTERS[thing]}"
        if form == 4:
            a, b = r.sample(_RATES, 2)
            return f"{a}、{b}分别达到{r.randint(60, 99)}%、{r.randint(60, 99)}%"
        if form == 5:
            return f"{r.choice(_MONEY)}不低于{r.choice([str(r.randint(2, 80)), _decimal(r.uniform(0.5, 20), 1)])}亿元"
        if form == 6:
            return f"举办{r.choice(['招聘会', '对接活动', '促消费活动', '路演活动'])}不少于{r.randint(3, 60)}场"
        if form == 7:
            return f"{r.choice(_MONEY)}增长{r.randint(3, 15)}%左右"
        thing = r.choice(_THINGS)
        return f"培育{thing}{r.randint(2, 80)}{_COUNTERS[thing]}以上"

    def sentence(self) -> str:
        r = self.r
        form = r.random()
        if form < 0.35:
            return f"{r.choice(_VERBS)}{r.choice(_OBJECTS)}，{r.choice(_PURPOSES)}。"
        if form < 0.55:
            return f"{r.choice(_VERBS)}{r.choice(self.counties)}{r.choice(_OBJECTS)}，{r.choice(_VERBS)}{r.choice(_OBJECTS)}。"
        if form < 0.8:
            return f"{self.deadline()}{r.choice(['，', ''])}{self.target()}。"
        if form < 0.9:
            return f"力争{self.deadline()}{self.target()}、{self.target()}。"
        return f"{r.choice(_VERBS)}{r.choice(_OBJECTS)}，{self.deadline()}完成{r.choice(_OBJECTS)}任务。"

    def heading(self) -> str:
        r = self.r
        return f"{r.choice(_VERBS)}{r.choice(_OBJECTS)}"

    def measure_text(self, size: int) -> tuple[str, list[str]]:
        """The text of one measure (heading + sentences) and any label lines that follow it."""
        r = self.r
        parts = [self.heading() + "。"]
        total = len(parts[0]) * 3
        while total < size:
            sentence = self.sentence()
            parts.append(sentence)
            total += len(sentence.encode("utf-8"))
        text = "".join(parts)
        if self.style.label_lines and r.random() < 0.9:
            if r.random() < 0.5:
                lead, *others = self.agencies(r.randint(1, 4))
                lines = [f"牵头单位：{lead}"] + ([f"配合单位：{'、'.join(others)}"] if others else [])
            else:
                lines = [f"责任单位：{'、'.join(self.agencies(r.randint(1, 4)))}", f"完成时限：{self.deadline()}"]
            return text, lines
        if r.random() < 0.93:
            text += self.clause()
        return text, []

    # --- the document ---------------------------------------------------------------------

    def body(self) -> list[str]:
        s, r = self.style, self.r
        per_measure = max(120, self.budget // self.measures - 60)
        lines: list[str] = []
        indent = "\u3000\u3000" if s.indent else ""

        def emit(label: str, size: int) -> None:
            text, label_lines = self.measure_text(size)
            lines.append(f"{indent}{label}{text}")
            lines.extend(label_lines)
            if s.blank_lines:
                lines.append("")
            if s.page_numbers and r.random() < 0.06:
                lines.append(f"— {r.randint(2, 9)} —")

        if not s.nested:
            for i in range(1, self.measures + 1):
                emit(f"{i}{s.flat_marker}", per_measure)
            return lines
        # Nested: 一、 groups of （一） items, some of which hold 1. or （1） sub-items.
        remaining = self.measures
        group = 0
        while remaining > 0:
            group += 1
            lines.append(f"{indent}{_cn(group)}、{self.heading()}")
            for item in range(1, min(remaining, r.randint(1, 6)) + 1):
                remaining -= 1
                if remaining > 2 and r.random() < 0.2:
                    lines.append(f"{indent}（{_cn(item)}）{self.heading()}")
                    sub = r.randint(2, min(4, remaining))
                    style = r.choice(["dot", "par"])
                    shared = style == "par" and r.random() < 0.6
                    for k in range(1, sub + 1):
                        remaining -= 1
                        label = f"{k}．" if style == "dot" else f"（{k}）"
                        if shared:
                            lines.append(f"{indent}{label}{self.measure_text(per_measure // 2)[0].split('（')[0]}")
                        else:
                            emit(label, per_measure)
                    if shared:
                        lines.append(self.clause())
                else:
                    emit(f"（{_cn(item)}）", per_measure)
                if remaining <= 0:
                    break
        return lines

    def document(self) -> str:
        """The circular, regenerated with a rescaled size budget until it is 2–20 KB of UTF-8."""
        for _ in range(8):
            text = self._document()
            size = len(text.encode("utf-8"))
            if MIN_BYTES <= size <= MAX_BYTES:
                break
            goal = (MIN_BYTES + MAX_BYTES) // 2 if self.measures > 20 else MIN_BYTES * 2
            self.budget = max(200, int(self.budget * goal / size))
        return text

    def _document(self) -> str:
        s, r = self.style, self.r
        date = f"{self.year}年{self.month}月{self.day}日"
        iso = f"{self.year}-{self.month:02d}-{self.day:02d}"
        published = f"{self.year}-{self.month:02d}-{min(28, self.day + r.randint(0, 5)):02d}"
        title = f"{self.issuer}关于印发{self.name}的通知"
        out: list[str] = []
        if s.portal:
            out.append(r.choice(["首页 > 政务公开 > 政策文件 > 市政府办公室文件", "您的位置：首页 > 信息公开 > 政策文件",
                                 "网站首页 > 政府信息公开 > 通知公告"]))
            out.append(f"索引号：{r.randint(10**17, 10**18 - 1)}/{self.year}-{r.randint(1, 999):05d}  发布机构：{self.issuer}")
            out.append(f"成文日期：{iso}  发文字号：{self.doc_number}")
            out.append(f"发布日期：{published}  主题分类：{r.choice(['综合政务', '商贸、海关、旅游', '国民经济管理', '劳动、人事'])}")
            out.append(f"名称：{title}")
            out.append("【字体：大 中 小】 【打印】 【关闭】")
        if s.lead:
            out.append(f"{self.month}月{self.day + 2 if self.day < 27 else self.day}日，{self.place}人民政府办公室印发《{self.name}》（以下简称《{self.kind}》）。"
                       f"《{self.kind}》明确，{self.deadline()}{self.target()}，{self.deadline()}{self.target()}。")
            if r.random() < 0.5:
                out.append(f"据了解，《{self.kind}》自印发之日起施行。")
            out.append(r.choice(["原文如下：", "全文如下：", "以下为原文："]))
        if s.notice:
            out.append(title)
            if r.random() < 0.7:
                out.append(self.doc_number)
            if s.blank_lines:
                out.append("")
            out.append(r.choice(["各县（市、区）人民政府，市政府各部门：", "各区人民政府，市政府各部门，各直属单位：",
                                 "各乡镇人民政府，县直有关单位：", "各县、区人民政府，市人民政府各部门："]))
            out.append(f"{'　　' if s.indent else ''}《{self.name}》已经{self.level}政府同意，现印发给你们，请认真贯彻落实。")
            out.append(self.issuer)
            out.append(date)
            if r.random() < 0.5:
                out.append("（此件公开发布）")
            if s.blank_lines:
                out.append("")
        out.append(self.name)
        out.append(f"{'　　' if s.indent else ''}为深入贯彻《{self.province}人民政府关于{r.choice(_OBJECTS)}的意见》"
                   f"（{self.province[0]}政发〔{self.year - 1}〕{r.randint(1, 50)}号）部署，{r.choice(_PURPOSES)}，结合我{self.level}实际，制定以下措施。")
        out.extend(self.body())
        if r.random() < 0.3:
            out.append(f"附件：{self.name}重点任务清单")
        if not s.notice and r.random() < 0.7:
            out.append(self.issuer)
            out.append(date)
        if s.lead and r.random() < 0.5:
            out.append(f"（责任编辑：{r.choice('王李张刘陈杨赵黄周吴')}{r.choice('静敏伟芳娜磊军洋勇艳')}）")
        if s.portal:
            out.append("【打印本页】 【关闭窗口】")
            out.append(f"版权所有：{self.issuer}  主办单位：{self.issuer} 网站标识码：{r.randint(10**9, 10**10 - 1)}")
            out.append(f"{self.province[0]}ICP备{r.randint(10**7, 10**8 - 1)}号")
        text = "\n".join(out) + "\n"
        if s.halfwidth:
            text = text.translate(_HALF)
        if s.fullwidth_digits:
            text = text.translate(_FULL_DIGITS)
        if s.traditional:
            text = text.translate(_T)
        if s.crlf:
            text = text.replace("\n", "\r\n")
        return text


def _decimal(x: float, places: int) -> str:
    """`x` with at most `places` decimals and no trailing zeros (12, 3.5, 0.25), as circulars print it."""
    text = f"{x:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


# --- public API ---------------------------------------------------------------------------

def generate_one(seed: int, index: int) -> str:
    """Circular number `index` of the corpus with `seed`: independent of the others, so any subset is cheap."""
    return _Builder(random.Random(f"{seed}:{index}"), index).document()


def generate_corpus(count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> Iterator[tuple[str, str]]:
    """(file name, text) for `count` circulars; text keeps its CRLF line ends where the layout has them."""
    for index in range(count):
        yield f"c{index:05d}.txt", generate_one(seed, index)


def write_corpus(directory: str | Path, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the corpus as UTF-8 files (bytes exactly as generated, CRLF kept); returns the paths in order."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate_corpus(count, seed):
        path = directory / name
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    return paths


def concatenation(size_bytes: int, seed: int = DEFAULT_SEED) -> str:
    """Generated circulars joined until the UTF-8 size reaches `size_bytes` (a realistic but huge input)."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size_bytes:
        text = generate_one(seed, index)
        parts.append(text)
        total += len(text.encode("utf-8")) + 1
        index += 1
    return "\n".join(parts)


def hostile_inputs() -> dict[str, str]:
    """The three hostile inputs of the benchmark and of tests/test_hostile.py."""
    return {
        # 1 MiB of UTF-8 on one line (each （ is 3 bytes): 349,526 opening brackets, no newline.
        "brackets_1MiB_line": "（" * ((1 << 20) // 3 + 1),
        # 300,000 digits in one run.
        "digits_300k": ("1234567890" * 30_000),
        # 30,000 numbered items, each with a responsibility clause.
        "items_30k": "".join(f"{i}.推进重点项目建设。（市发展改革委负责）\n" for i in range(1, 30_001)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).parent / ".corpus"))
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.count, args.seed)
    sizes = sorted(p.stat().st_size for p in paths)
    print(f"{len(paths)} circulars in {args.out}: {sum(sizes) / 1e6:.2f} MB, "
          f"{sizes[0]}–{sizes[-1]} bytes (median {sizes[len(sizes) // 2]})")


if __name__ == "__main__":
    main()
