"""The 情况说明 (第三部分) written from the numbers: every figure computed, none typed.

Rules the documents get wrong by hand and this module gets right by construction:
amounts with thousands separators and 2 decimals in the document's unit; the shares of
one breakdown rounded by largest remainder so that they sum to exactly 100.00%;
增加/减少 and 增长/下降 from the sign of the change, 持平 at zero; 完成年初预算的 x%
against the 年初预算 given; a section whose table is empty says so; the 基本支出 section
quotes the 基本支出 column. Each `Sentence` records the cells and the other inputs it
read, in the shape a `Finding` carries (`{table, row, col, value}`), so a reviewer can
follow a sentence to its numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .layout import grouped, print_layout, subject_name
from .source import Address, Source

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass
class Sentence:
    text: str
    cells: list[Address] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # `上年 F01[31,1]`, `年初预算 F05[208,1]`, `中小企业合同金额`

    def provenance(self, source: Source) -> list[dict]:
        return [{"table": t, "row": r, "col": c, "value": format(source.value(t, r, c), "f")}
                for (t, r, c) in self.cells]


@dataclass
class Section:
    heading: str
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # chart keys (charts.CHARTS) shown after the text

    def text(self) -> list[str]:
        return ["".join(s.text for s in paragraph) for paragraph in self.paragraphs]


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def largest_remainder(parts: list[Decimal]) -> list[Decimal]:
    """Shares in % of each part, 2 decimals, summing to exactly 100.00 (Hamilton's
    method: floor every share to 0.01, give the missing hundredths to the largest
    remainders). All parts 0 → all shares 0."""
    whole = sum(parts, Decimal(0))
    if whole == 0:
        return [Decimal("0.00") for _ in parts]
    exact = [p * HUNDRED / whole for p in parts]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    missing = int(((HUNDRED - sum(floors, Decimal(0))) / CENT).to_integral_value())
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:max(missing, 0)]:
        floors[i] += CENT
    return floors


class _Writer:
    """Builds one sentence: `amount()` prints a cell and records it."""

    def __init__(self, source: Source):
        self.source = source
        self.unit = source.amount_unit
        self.cells: list[Address] = []
        self.inputs: list[str] = []

    def amount(self, table: str, row: object, col: object) -> str:
        address = (table, str(row), str(col))
        if address not in self.cells:
            self.cells.append(address)
        return f"{grouped(self.source.value(*address))}{self.unit}"

    def figure(self, value: Decimal, note: str) -> str:
        self.inputs.append(note)
        return f"{grouped(value)}{self.unit}"

    def change(self, subject: str, table: str, row: object, col: object) -> str:
        """`收入总计减少570.56万元，下降59.24%` against last year's figure; '' without one."""
        address = (table, str(row), str(col))
        prior = self.source.prior.get(address)
        if prior is None:
            return ""
        self.inputs.append(f"上年 {table}[{row},{col}]")
        if address not in self.cells:
            self.cells.append(address)
        current = self.source.value(*address)
        diff = current - prior
        if diff == 0:
            return f"{subject}与上年持平"
        verb, rate = ("增加", "增长") if diff > 0 else ("减少", "下降")
        text = f"{subject}{verb}{grouped(abs(diff))}{self.unit}"
        if prior != 0:
            text += f"，{rate}{percent(abs(diff), prior)}%"
        return text

    def done(self, text: str) -> Sentence:
        sentence = Sentence(text, list(self.cells), list(self.inputs))
        self.cells, self.inputs = [], []
        return sentence


def _reason(source: Source, key: str) -> list[Sentence]:
    text = source.reasons.get(key, "").strip().rstrip("。")
    return [Sentence(f"主要原因是：{text}。", inputs=[f"原因 {key}"])] if text else []


def _breakdown(w: _Writer, table: str, row: str, columns: list[tuple[str, str]]) -> str:
    """`其中：基本支出369.24万元，占94.07%；项目支出23.27万元，占5.93%` over the
    printed columns of one row; shares by largest remainder."""
    printed = [(col, name) for col, name in columns if w.source.has(table, row, col)]
    if not printed:
        return ""
    shares = largest_remainder([w.source.value(table, row, col) for col, _ in printed])
    parts = [f"{name}{w.amount(table, row, col)}，占{share}%" for (col, name), share in zip(printed, shares)]
    return "其中：" + "；".join(parts)


def final_accounts(source: Source) -> list[Section]:
    """The ten sections of the national 部门决算 情况说明."""
    year, scope = source.year, source.scope
    w = _Writer(source)
    sections: list[Section] = []
    layout = print_layout()

    def changes(*items: tuple[str, str, object, object]) -> list[Sentence]:
        parts = [w.change(*item) for item in items]
        parts = [p for p in parts if p]
        return [w.done(f"与{year - 1}年度相比，" + "；".join(parts) + "。")] if parts else []

    # 一
    s = Section("一、收入支出决算总体情况说明", charts=["total_change"])
    first = w.done(f"{year}年度收入总计{w.amount('F01', 31, 1)}，支出总计{w.amount('F01', 62, 2)}。")
    s.paragraphs.append([first, *changes(("收入总计", "F01", 31, 1), ("支出总计", "F01", 62, 2)),
                         *_reason(source, "一")])
    sections.append(s)

    # 二, 三
    for number, table, noun, total_row, key, chart in (
            ("二", "F02", "收入", 27, "1", "income_structure"),
            ("三", "F03", "支出", 58, "2", "spending_structure")):
        names = layout["coded_columns"][table]
        s = Section(f"{number}、{noun}决算情况说明", charts=[chart])
        head = f"{year}年度{noun}合计{w.amount(table, '合计', 1)}"
        split = _breakdown(w, table, "合计", [(str(i + 1), n) for i, n in enumerate(names) if i > 0])
        sentence = w.done(head + ("，" + split if split else "") + "。")
        s.paragraphs.append([sentence, *changes((f"{noun}合计", "F01", total_row, key)), *_reason(source, number)])
        sections.append(s)

    # 四
    s = Section("四、财政拨款收入支出决算总体情况说明", charts=["fiscal_change"])
    first = w.done(f"{year}年度财政拨款收入总计{w.amount('F04', 32, 1)}，支出总计{w.amount('F04', 64, 2)}。")
    s.paragraphs.append([first, *changes(("财政拨款收入总计", "F04", 32, 1), ("财政拨款支出总计", "F04", 64, 2)),
                         *_reason(source, "四")])
    sections.append(s)

    sections.append(_general_budget(source, w))
    sections.append(_basic(source, w))
    sections.append(_fund(source, w))
    sections.append(_state_capital(source, w))
    sections.append(_three_public(source, w))
    sections.append(_other(source, w))
    return sections


def _general_budget(source: Source, w: _Writer) -> Section:
    year = source.year
    s = Section("五、一般公共预算财政拨款支出决算情况说明")
    if source.empty("F05"):
        s.paragraphs.append([Sentence(f"本{source.scope}{year}年度无一般公共预算财政拨款支出，故本表无数据。")])
        return s
    total = w.amount("F05", "合计", 1)
    share = percent(source.value("F05", "合计", 1), source.value("F01", 58, 2)) if source.value("F01", 58, 2) else None
    w.cells.append(("F01", "58", "2"))
    s.paragraphs.append([Sentence("（一）一般公共预算财政拨款支出决算总体情况")])
    text = f"{year}年度一般公共预算财政拨款支出{total}"
    text += f"，占本年支出合计的{share}%。" if share is not None else "。"
    first = w.done(text)
    change = w.change("一般公共预算财政拨款支出", "F05", "合计", 1)
    paragraph = [first] + ([w.done(f"与{year - 1}年度相比，{change}。")] if change else []) + _reason(source, "五")
    s.paragraphs.append(paragraph)

    classes = [r for r in source.rows("F05") if len(r) == 3 and r.isdigit()]
    shares = largest_remainder([source.value("F05", c, 1) for c in classes])
    uses = "；".join(f"{subject_name(source, c)}（类）{w.amount('F05', c, 1)}，占{p}%" for c, p in zip(classes, shares))
    s.paragraphs.append([Sentence("（二）一般公共预算财政拨款支出决算结构情况")])
    s.paragraphs.append([w.done(f"{year}年度一般公共预算财政拨款支出"
                                f"{w.amount('F05', '合计', 1)}，主要用于以下方面：{uses}。")])

    s.paragraphs.append([Sentence("（三）一般公共预算财政拨款支出决算具体情况")])
    paragraph = []
    budget = source.budget.get(("F05", "合计", "1"))
    if budget is not None:
        paragraph.append(_against_budget(w, "一般公共预算财政拨款支出", ("F05", "合计", "1"), budget))
    for index, code in enumerate(classes, 1):
        name = subject_name(source, code)
        address = ("F05", code, "1")
        parts = []
        budget = source.budget.get(address)
        if budget is not None:
            parts.append(f"年初预算为{w.figure(budget, f'年初预算 F05[{code},1]')}")
        parts.append(f"支出决算为{w.amount(*address)}")
        if budget:
            parts.append(f"完成年初预算的{percent(source.value(*address), budget)}%")
        change = w.change("较上年决算", *address)
        if change:
            parts.append(change.replace("较上年决算与上年持平", "与上年决算持平"))
        if paragraph:
            s.paragraphs.append(paragraph)
        paragraph = [w.done(f"{index}.{name}（类）：" + "，".join(parts) + "。"), *_reason(source, f"五:{code}")]
    if paragraph:
        s.paragraphs.append(paragraph)
    return s


def _against_budget(w: _Writer, noun: str, address: Address, budget: Decimal) -> Sentence:
    table, row, col = address
    text = f"{w.source.year}年度{noun}年初预算为{w.figure(budget, f'年初预算 {table}[{row},{col}]')}，"
    text += f"支出决算为{w.amount(*address)}"
    if budget:
        text += f"，完成年初预算的{percent(w.source.value(*address), budget)}%"
    return w.done(text + "。")


def _basic(source: Source, w: _Writer) -> Section:
    """六: the 基本支出 column of F05, then F06's 人员经费 and 公用经费 with their items."""
    year = source.year
    s = Section("六、一般公共预算财政拨款基本支出决算情况说明")
    if source.empty("F06") and not source.value("F05", "合计", 2):
        s.paragraphs.append([Sentence(f"本{source.scope}{year}年度无一般公共预算财政拨款基本支出，故本表无数据。")])
        return s
    personnel = {str(c) for c in print_layout()["personnel_classes"]}
    codes = [r for r in source.rows("F06") if r.isdigit()]
    classes = [c for c in codes if len(c) == 3 and source.value("F06", c, 1)]

    def group(total: str, noun: str, wanted: bool) -> str:
        parts = []
        for cls in (c for c in classes if (c in personnel) == wanted):
            items = [c for c in codes if len(c) == 5 and c.startswith(cls) and source.value("F06", c, 1)]
            text = f"{subject_name(source, cls)}{w.amount('F06', cls, 1)}"
            if items:
                text += "，其中：" + "、".join(f"{subject_name(source, c)}{w.amount('F06', c, 1)}" for c in items)
            parts.append(text)
        head = f"{noun}{w.amount('F06', total, 1)}"
        return head + ("，主要包括：" + "；".join(parts) if parts else "")

    first = w.done(f"{year}年度一般公共预算财政拨款基本支出{w.amount('F05', '合计', 2)}，其中：")
    people = w.done(group("人员经费合计", "人员经费", True) + "。")
    common = w.done(group("公用经费合计", "公用经费", False) + "。")
    s.paragraphs.append([first, people, common])
    return s


def _fund(source: Source, w: _Writer) -> Section:
    year = source.year
    s = Section("七、政府性基金预算财政拨款收入支出决算情况说明")
    if source.empty("F07"):
        s.paragraphs.append([Sentence(f"本{source.scope}{year}年度无政府性基金预算财政拨款收入，也无使用政府性基金"
                                      f"预算财政拨款安排的支出，故本表无数据。")])
        return s
    s.paragraphs.append([w.done(
        f"{year}年度政府性基金预算财政拨款年初结转和结余{w.amount('F07', '合计', 1)}，本年收入"
        f"{w.amount('F07', '合计', 2)}，本年支出{w.amount('F07', '合计', 3)}，年末结转和结余"
        f"{w.amount('F07', '合计', 6)}。"), *_reason(source, "七")])
    return s


def _state_capital(source: Source, w: _Writer) -> Section:
    year = source.year
    s = Section("八、国有资本经营预算财政拨款支出决算情况说明")
    if source.empty("F08"):
        s.paragraphs.append([Sentence(f"本{source.scope}{year}年度无国有资本经营预算财政拨款支出，故本表无数据。")])
        return s
    s.paragraphs.append([w.done(f"{year}年度国有资本经营预算财政拨款支出{w.amount('F08', '合计', 1)}。"),
                         *_reason(source, "八")])
    return s


def _three_public(source: Source, w: _Writer) -> Section:
    """九: the 三公 budget and actual, item by item; an empty F09 is declared first and its
    figures are stated as zero (the template's sentences, with nothing spent)."""
    year, scope = source.year, source.scope
    s = Section("九、财政拨款“三公”经费支出决算情况说明")
    lead = []
    if source.empty("F09"):
        lead.append(Sentence(f"本{scope}{year}年度无财政拨款“三公”经费支出，故本表无数据。"))
    budget, actual = source.value("F09", "合计", 1), source.value("F09", "合计", 7)
    if lead:
        s.paragraphs.append(lead)
    s.paragraphs.append([Sentence("（一）“三公”经费财政拨款支出决算总体情况")])
    text = (f"{year}年度“三公”经费财政拨款支出全年预算为"
            f"{w.amount('F09', '合计', 1)}，支出决算为{w.amount('F09', '合计', 7)}")
    if budget:
        text += f"，完成全年预算的{percent(actual, budget)}%"
    change = w.change("较上年", "F09", "合计", 7)
    text += (f"，{change}" if change else "") + "。"
    s.paragraphs.append([w.done(text), *_reason(source, "九")])

    items = [("8", "因公出国（境）费"), ("9", "公务用车购置及运行维护费"), ("12", "公务接待费")]
    shares = largest_remainder([source.value("F09", "合计", c) for c, _ in items]) if actual else None
    parts = []
    for i, (col, name) in enumerate(items):
        part = f"{name}支出决算{w.amount('F09', '合计', col)}"
        if shares is not None:
            part += f"，占{shares[i]}%"
        parts.append(part)
    s.paragraphs.append([Sentence("（二）“三公”经费财政拨款支出决算具体情况")])
    paragraph = [w.done(f"{year}年度“三公”经费财政拨款支出决算中，"
                        + "；".join(parts) + "。")]
    s.paragraphs.append(paragraph)
    paragraph = []
    paragraph.append(w.done(f"1.因公出国（境）费支出{w.amount('F09', '合计', 8)}，全年预算为"
                            f"{w.amount('F09', '合计', 2)}。"))
    paragraph.append(w.done(f"2.公务用车购置及运行维护费支出{w.amount('F09', '合计', 9)}，其中：公务用车购置费支出"
                            f"{w.amount('F09', '合计', 10)}，公务用车运行维护费支出{w.amount('F09', '合计', 11)}。"))
    text = f"3.公务接待费支出{w.amount('F09', '合计', 12)}"
    extra = [(k, source.extra[k]) for k in ("国内接待费", "外事接待费") if k in source.extra]
    if extra:
        text += "，其中：" + "，".join(f"{k}{w.figure(v, k)}" for k, v in extra)
    elif source.empty("F09"):
        text += f"，其中：国内接待费{grouped(Decimal(0))}{source.amount_unit}，外事接待费{grouped(Decimal(0))}{source.amount_unit}"
    paragraph.append(w.done(text + "。"))
    s.paragraphs.append(paragraph)
    return s


def _other(source: Source, w: _Writer) -> Section:
    """十: 机关运行经费, 政府采购, 国有资产占用 (from F10 where printed, else from the
    figures given beside the tables), 预算绩效 (counts given beside the tables)."""
    year, scope = source.year, source.scope
    unit = source.amount_unit
    s = Section("十、其他重要事项情况说明")
    has_f10 = "F10" in source.tables_present

    number = iter(["（一）", "（二）", "（三）", "（四）"])
    if has_f10 and (source.has("F10", 5, 1) or source.has("F10", 6, 1)):
        total = source.value("F10", 5, 1) + source.value("F10", 6, 1)
        w.cells += [("F10", "5", "1"), ("F10", "6", "1")]
        s.paragraphs.append([Sentence(f"{next(number)}机关运行经费支出情况")])
        s.paragraphs.append([w.done(f"{year}年度本{scope}机关运行经费支出{grouped(total)}{unit}。"),
                             *_reason(source, "十:机关运行经费")])
    elif "机关运行经费" in source.extra:
        s.paragraphs.append([Sentence(f"{next(number)}机关运行经费支出情况")])
        s.paragraphs.append([w.done(f"{year}年度本{scope}机关运行经费支出"
                                    f"{w.figure(source.extra['机关运行经费'], '机关运行经费')}。")])
    elif has_f10:  # the table prints the rows blank: nothing was spent
        s.paragraphs.append([Sentence(f"{next(number)}机关运行经费支出情况")])
        s.paragraphs.append([Sentence(f"本{scope}{year}年度无机关运行经费支出。", cells=[("F10", "5", "1")])])

    paragraph: list[Sentence] = []
    total = Decimal(0)
    if has_f10:
        paragraph.append(w.done(
            f"{year}年度政府采购支出总额{w.amount('F10', 1, 1)}，其中：政府采购货物支出"
            f"{w.amount('F10', 2, 1)}、政府采购工程支出{w.amount('F10', 3, 1)}、政府采购服务支出"
            f"{w.amount('F10', 4, 1)}。"))
        total = source.value("F10", 1, 1)
    elif "政府采购支出总额" in source.extra:
        total = source.extra["政府采购支出总额"]
        paragraph.append(w.done(f"{year}年度政府采购支出总额{w.figure(total, '政府采购支出总额')}。"))
    smes = [(k, source.extra[k]) for k in ("中小企业合同金额", "小微企业合同金额") if k in source.extra]
    if smes and total:
        parts = [f"授予{k[:-4]}合同金额{w.figure(v, k)}，占政府采购支出总额的{percent(v, total)}%" for k, v in smes]
        paragraph.append(w.done("，其中：".join(parts) + "。"))
    if paragraph:  # without F10 and without the figures, nothing is known: nothing is said
        s.paragraphs.append([Sentence(f"{next(number)}政府采购支出情况")])
        s.paragraphs.append(paragraph)

    if has_f10:
        vehicles = int(source.value("F10", 7, 1))
        devices = int(source.value("F10", 17, 1))
        w.cells += [("F10", "7", "1"), ("F10", "17", "1")]
        s.paragraphs.append([Sentence(f"{next(number)}国有资产占用情况")])
        s.paragraphs.append([w.done(
            f"截至{year}年12月31日，本{scope}共有车辆{vehicles}辆，"
            f"单价100万元（含）以上设备（不含车辆）{devices}台（套）。")])

    if "绩效自评项目个数" in source.extra:
        count = int(source.extra["绩效自评项目个数"])
        s.paragraphs.append([Sentence(f"{next(number)}预算绩效管理工作开展情况")])
        text = f"{year}年度本{scope}开展项目支出绩效自评{count}个"
        w.inputs.append("绩效自评项目个数")
        if "绩效自评涉及资金" in source.extra:
            text += f"，涉及资金{w.figure(source.extra['绩效自评涉及资金'], '绩效自评涉及资金')}"
        s.paragraphs.append([w.done(text + "。")])
    if not s.paragraphs:
        s.paragraphs.append([Sentence(f"本{scope}{year}年度无其他需要说明的重要事项。")])
    return s


def generate(source: Source) -> list[Section]:
    """The 情况说明 of a source: the national sections of its kind."""
    if source.kind == "budget":
        from .budget import budget_narrative

        return budget_narrative(source)
    return final_accounts(source)
