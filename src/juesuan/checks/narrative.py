"""NARR-… checks: every figure of the 情况说明 held against the tables and against itself.

The figures and their ties come from recognize/narrative.py (`Disclosure.facts`); the
ties (`F03[合计,2]`, `F02[合计,2] / F01[27,1] * 100`) are evaluated by the formula
engine's evaluator (formula.py `evaluate_expression`) over the cells of cells.py.
Severity (spec/findings.md): a stated equality that fails beyond rounding is an error; a
difference that the rounding of printed amounts explains is a `ROUNDING` note; a
percentage truncated instead of rounded, or nudged by 0.01 so that its breakdown sums to
100.00%, is a note; a claim that cannot be proven (a word against the figures) is a
warning.
"""
from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Iterator

from ..catalog.subjects import economic_code
from ..model import Disclosure, Finding, NarrativeFact, format_decimal
from .cells import CellIndex
from .formula import (Unavailable, ZeroDivision, cells_of, evaluate_expression, half_unit, is_expression,
                      single_cell)
from .registry import register

HALF_CENT = Decimal("0.005")


def _places(printed: str) -> int:
    printed = printed.replace(",", "")
    return len(printed.split(".")[1]) if "." in printed else 0


def _round(value: Decimal, places: int, mode=ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=mode)


def bounds(expression: str, lookup: CellIndex) -> tuple[Decimal, Decimal, Decimal]:
    """(value, low, high) of a tie; raises Unavailable, ZeroDivision, ValueError."""
    side = evaluate_expression(expression, lookup)
    return side.value, side.low, side.high


def _cells(expression: str, lookup: CellIndex) -> list[dict]:
    out = []
    for table, row, col in cells_of(expression):
        cell = lookup.cell(table, row, col)
        item = {"table": table, "row": row, "col": col,
                "value": format_decimal(cell.value) if cell else "0.00"}
        if cell is not None:
            item.update({k: v for k, v in cell.where.to_dict().items() if k in ("page", "line", "sheet", "cell")})
        out.append(item)
    return out


def _where(fact: NarrativeFact) -> str:
    return f"情况说明“{fact.section}”" if fact.section else "情况说明"


def _finding(disclosure: Disclosure, code: str, severity: str, message: str, fact: NarrativeFact,
             expected: str | None = None, found: str | None = None, cells: list[dict] | None = None,
             more: list[NarrativeFact] = ()) -> Finding:
    spans = list(fact.spans)
    for other in more:
        spans.extend(s for s in other.spans if s not in spans)
    return Finding(doc=disclosure.doc, code=code, severity=severity, message=message,
                   cells=cells or [], spans=spans, expected=expected, found=found)


def _judge(stated: Decimal, printed: str, expression: str, lookup: CellIndex,
           percent: bool) -> tuple[str, Decimal] | None:
    """None when the stated figure agrees; else (severity kind, exact value): `error`,
    `ROUNDING` (some values inside the printed amounts' intervals give it) or `truncated`."""
    value, low, high = bounds(expression, lookup)
    places = _places(printed)
    if _round(value, places) == stated:
        return None
    if percent and _round(value, places, ROUND_DOWN) == stated:
        return "truncated", value
    half = half_unit(Decimal(1).scaleb(-places))  # the stated figure's own rounding
    if low - half <= stated <= high + half and (low != high or not percent):
        return "ROUNDING", value
    if not percent and abs(value - stated) <= half + (high - low) / 2:
        return "ROUNDING", value
    return "error", value


def _amount_checks(disclosure: Disclosure, lookup: CellIndex, kinds: tuple[str, ...], code: str,
                   noun: str) -> Iterator[Finding]:
    for fact in disclosure.facts:
        if fact.kind not in kinds or fact.value is None or fact.unit != "万元":
            continue
        for expression in [fact.refers_to, *fact.also]:
            if not is_expression(expression):
                continue
            try:
                verdict = _judge(fact.value, fact.printed, expression, lookup, percent=False)
            except (Unavailable, ZeroDivision, ValueError):
                continue
            if verdict is None:
                continue
            kind, value = verdict
            cells = _cells(expression, lookup)
            where = "、".join(f"{c['table']} {c['row']} 栏{c['col']}" for c in cells)
            if kind == "ROUNDING":
                yield _finding(disclosure, "ROUNDING", "note",
                               f"{_where(fact)}{noun}“{fact.text}”与表格（{where}）相差 "
                               f"{format_decimal(abs(value - fact.value))}，在四舍五入尾差范围内",
                               fact, format_decimal(value), fact.printed, cells)
            else:
                elsewhere = _elsewhere(fact.value, lookup, {(c["table"], c["row"], c["col"]) for c in cells})
                yield _finding(disclosure, code, "error",
                               f"{_where(fact)}所列{fact.label or fact.subject} {fact.printed} 万元"
                               f"与表格（{where}）{format_decimal(value)} 不一致"
                               + (f"；该数见于 {elsewhere}，疑为口径不同" if elsewhere else ""),
                               fact, format_decimal(value), fact.printed, cells)
            break


def _elsewhere(value: Decimal, lookup: CellIndex, skip: set) -> str:
    """Where else the tables print a stated amount (a figure of another scope: F03's
    all-funds 基本支出 quoted as the 一般公共预算 one)."""
    if not value:
        return ""
    hits = [f"{t} {r} 栏{c}" for (t, r, c), cell in lookup.cells()
            if cell.value == value and (t, r, c) not in skip and not t.startswith("P")]
    return "、".join(hits[:3])


@register("NARR-AMOUNT", "情况说明所列金额与表格不一致")
def amount_vs_table(disclosure: Disclosure) -> Iterator[Finding]:
    """A 万元 amount stated in the 情况说明 must equal the cell (or sum of cells) it names.

    Why: The text is what most readers read; a figure that the tables do not carry is
    either a typo or a sign that text and tables were prepared from different versions.

    Fails: “基本支出 547.09 万元” while F03 合计 基本支出 prints 587.09 → error.
    Passes: “基本支出 587.09 万元” with F03 合计 基本支出 587.09 (“42 万元” for 42.00 too).
    """
    yield from _amount_checks(disclosure, CellIndex(disclosure), ("amount",), "NARR-AMOUNT", "所列金额")


@register("NARR-CHANGE-AMOUNT", "较上年增减额与所列两年数不符")
def change_amount(disclosure: Disclosure) -> Iterator[Finding]:
    """A change stated with both years' figures (“较上年 7.27 万元，增加 0.30 万元”)
    must equal their difference.

    Why: The prior-year figure is not in the tables, but the text itself states it, so
    the change can be recomputed.

    Fails: “机关运行经费 7.57 万元，较上年 7.27 万元，增加 0.40 万元” → error.
    Passes: the same with “增加 0.30 万元”.
    """
    yield from _amount_checks(disclosure, CellIndex(disclosure), ("change",), "NARR-CHANGE-AMOUNT", "增减额")


_PERCENT_CODES = {"share": ("NARR-SHARE", "占比"), "completion": ("NARR-COMPLETION", "完成率"),
                  "change": ("NARR-CHANGE-RATE", "增减幅度")}


def _largest_remainder(fact: NarrativeFact, facts: list[NarrativeFact]) -> bool:
    """The shares of the fact's breakdown sum to exactly 100 (a nudge to close the total)."""
    group = [f for f in facts if f.kind == "share" and f.section == fact.section and f.measure == fact.measure
             and f.value is not None]
    return len(group) >= 2 and sum(f.value for f in group) == 100


@register("NARR-SHARE", "情况说明所列占比、完成率或增减幅度与金额不符")
def percentages(disclosure: Disclosure) -> Iterator[Finding]:
    """A stated percentage (占比, 完成预算的 x%, 增长/下降 y%) must equal part / whole ×
    100 rounded to the printed decimals.

    Why: Percentages are computed by hand in these documents and are often stale or
    computed against the wrong whole. Truncation instead of rounding (10.158% → 10.15%)
    and a 0.01 nudge that makes a breakdown sum to 100.00% are writing habits: notes.

    Fails: “项目支出 23.27 万元，占比 6.93%” with a total of 392.51 (5.93%) → error;
    “资金 40 万元，占项目支出总额的 100%” while the tables print 项目支出 0.00 → error.
    Passes: “项目支出 23.27 万元，占比 5.93%”.
    """
    lookup = CellIndex(disclosure)
    for fact in disclosure.facts:
        if fact.kind not in _PERCENT_CODES or fact.unit != "%" or fact.value is None:
            continue
        if not is_expression(fact.refers_to) and not (fact.refers_to and re.fullmatch(r"[\d.\s/*()+-]+", fact.refers_to)):
            continue
        code, noun = _PERCENT_CODES[fact.kind]
        expression = fact.refers_to
        try:
            verdict = _judge(fact.value, fact.printed, expression, lookup, percent=True)
        except Unavailable:
            continue
        except ZeroDivision:
            numerator = expression.split(" / ")[0]
            try:
                top = bounds(numerator, lookup)[0]
            except (Unavailable, ZeroDivision, ValueError):
                continue
            if top == 0:
                if fact.value in (0, 100) or fact.kind == "change":
                    continue  # 0 / 0: undefined, written 0% or 100% by habit
                cells = _cells(expression, lookup)
                yield _finding(disclosure, code, "error",
                               f"{_where(fact)}“{fact.text}”：分子、分母均为 0"
                               f"（{'、'.join(c['table'] + ' ' + c['row'] + ' 栏' + c['col'] for c in cells) or '所列金额'}），"
                               f"{noun}不可能为 {fact.printed}%", fact, "0", f"{fact.printed}%", cells)
                continue
            cells = _cells(expression, lookup)
            if fact.kind == "change":
                yield _finding(disclosure, code, "note",
                               f"{_where(fact)}“{fact.text}”：按所列增减额推得上年数为 0，增幅无定义"
                               f"（新设单位或新增事项常写作 100%）", fact, None, f"{fact.printed}%", cells)
                continue
            yield _finding(disclosure, code, "error",
                           f"{_where(fact)}“{fact.text}”：分子 {format_decimal(top)} 而分母为 0"
                           f"（{'、'.join(c['table'] + ' ' + c['row'] + ' 栏' + c['col'] for c in cells) or '所列金额'}），"
                           f"{noun}不可能为 {fact.printed}%",
                           fact, "分母不为 0", f"{fact.printed}%", cells)
            continue
        except ValueError:
            continue
        if verdict is None:
            continue
        kind, value = verdict
        if (fact.kind == "share" and kind == "ROUNDING" and fact.value > 100
                and bounds(expression, lookup)[0] <= 100):
            kind = "error"  # a part is never more than its whole: no rounding makes it so
        shown = format_decimal(_round(value, max(_places(fact.printed), 2)))
        cells = _cells(expression, lookup)
        if kind == "truncated":
            yield _finding(disclosure, code, "note",
                           f"{_where(fact)}{noun}“{fact.text}”按截尾而非四舍五入（精确值 {shown}%）",
                           fact, shown, fact.printed, cells)
        elif kind == "ROUNDING":
            yield _finding(disclosure, "ROUNDING", "note",
                           f"{_where(fact)}{noun}“{fact.text}”与按打印金额计算的 {shown}% 不同，"
                           "但在金额四舍五入尾差范围内", fact, shown, fact.printed, cells)
        elif (fact.kind == "share" and abs(_round(value, _places(fact.printed)) - fact.value)
              == Decimal(1).scaleb(-_places(fact.printed)) and _largest_remainder(fact, disclosure.facts)):
            yield _finding(disclosure, code, "note",
                           f"{_where(fact)}{noun}“{fact.text}”调整了 0.01 使各项合计为 100%（精确值 {shown}%）",
                           fact, shown, fact.printed, cells)
        else:
            yield _finding(disclosure, code, "error",
                           f"{_where(fact)}{noun}“{fact.text}”与计算值 {shown}% 不符",
                           fact, shown, fact.printed, cells)


def _habit(facts: list[NarrativeFact], unit: str) -> int:
    """The decimals the 情况说明 prints its figures of `unit` with: the most common count
    among its non-zero figures (a tie goes to more decimals); 0 when it states none."""
    counts: dict[int, int] = {}
    for fact in facts:
        if fact.unit == unit and fact.value and fact.printed:
            places = _places(fact.printed)
            counts[places] = counts.get(places, 0) + 1
    return max(counts, key=lambda p: (counts[p], p)) if counts else 0


_ABOUT = re.compile(r"约|近|余|多|左右|超过|不足|以上|以下")


def _coarse(fact: NarrativeFact, value: Decimal, habit: int) -> bool:
    """The figure agrees with the tables only once rounded to fewer decimals than the text
    prints its other figures with (`18.9` for 18.92 where the text writes `0.12`, `59.2%`
    for 59.24% where it writes `13.95%`): a lost digit, not a choice — unless the
    sentence says the figure is approximate (约, 近, 余, 多)."""
    places = _places(fact.printed)
    if places >= habit or _round(value, habit) == _round(fact.value, habit):
        return False
    return not _ABOUT.search(fact.text)


def _coarse_finding(disclosure: Disclosure, fact: NarrativeFact, value: Decimal, habit: int,
                    expression: str, lookup: CellIndex, percent: bool) -> Finding:
    unit = "%" if percent else " 万元"
    shown = format_decimal(_round(value, habit))
    return _finding(disclosure, "NARR-PRECISION", "warning",
                    f"{_where(fact)}“{fact.text}”只列到 {_places(fact.printed)} 位小数，"
                    f"按表格应为 {shown}{unit}；本说明其余数字均列到 {habit} 位小数，疑为漏写数字",
                    fact, shown, fact.printed, _cells(expression, lookup))


@register("NARR-PRECISION", "情况说明数字少列小数位，仅舍入后与表格一致", severity="warning")
def precision(disclosure: Disclosure) -> Iterator[Finding]:
    """A figure of the 情况说明 that agrees with its cell (or computed share, rate) only
    once rounded to fewer decimals than the text prints its other figures with.

    Why: these texts copy the tables' figures to the cent and their percentages to two
    decimals; `18.9 万元` for a cell of 18.92, or `59.2%` for 59.24% where every other
    figure has two decimals, is a digit lost in copying, which the equality checks
    (rounded to the printed decimals) let through. A sentence that says the figure is
    approximate (约, 近, 余, 多) is not flagged.

    Fails: “公用经费18.9万元” with F06 公用经费合计 18.92 and other figures like 0.12 万元 → warning.
    Passes: “公用经费18.92万元”; “收入合计100万元” for 100.00.
    """
    lookup = CellIndex(disclosure)
    habits = {unit: _habit(disclosure.facts, unit) for unit in ("万元", "%")}
    for fact in disclosure.facts:
        percent = fact.unit == "%"
        if fact.value is None or fact.unit not in habits:
            continue
        if not (fact.kind == "amount" or percent and fact.kind in _PERCENT_CODES):
            continue
        expressions = [fact.refers_to, *fact.also] if not percent else [fact.refers_to]
        for expression in expressions:
            if not is_expression(expression):
                continue
            try:
                verdict = _judge(fact.value, fact.printed, expression, lookup, percent)
                if verdict is not None and verdict[0] == "error":
                    break  # a disagreement: the other checks report it
                value = bounds(expression, lookup)[0]
            except (Unavailable, ZeroDivision, ValueError):
                continue
            if _coarse(fact, value, habits[fact.unit]):
                yield _coarse_finding(disclosure, fact, value, habits[fact.unit], expression, lookup, percent)
                break


@register("NARR-DIRECTION", "增减方向用词前后矛盾")
def direction_words(disclosure: Disclosure) -> Iterator[Finding]:
    """In one sentence, the amount change and the percent change must go the same way.

    Why: “减少 7.08 万元，增长 1.2%” cannot both be true; one of the two words is wrong.

    Fails: “收入合计减少 3.82 万元，增长 0.7%” → error.
    Passes: “收入合计减少 3.82 万元，下降 0.7%”.
    """
    facts = [f for f in disclosure.facts if f.kind == "change" and f.direction not in (None, 0)]
    for index, fact in enumerate(facts):
        if fact.unit != "%":
            continue
        amounts = [f for f in facts[:index] if f.unit == "万元" and f.sentence == fact.sentence
                   and f.section == fact.section]
        if amounts and amounts[-1].direction != fact.direction and amounts[-1].value and fact.value:
            other = amounts[-1]
            yield _finding(disclosure, "NARR-DIRECTION", "error",
                           f"{_where(fact)}“{other.text}”与“{fact.text}”增减方向相反",
                           fact, None, None, more=[other])


@register("NARR-SHARES-SUM", "同一构成的占比合计不为 100%")
def shares_sum(disclosure: Disclosure) -> Iterator[Finding]:
    """The shares of one complete breakdown must add up to 100%.

    Why: When the parts add up to the whole, their shares must too; a gap means one share
    was copied from another year or computed against another whole. A gap that the
    rounding of each share explains (n shares, at most n × half a unit) is a note.

    Fails: “基本支出…占比 94.07%；项目支出…占比 6.93%” (101.00%) → error.
    Passes: 94.07% + 5.93% = 100.00%.
    """
    groups: dict[tuple, list[NarrativeFact]] = {}
    for fact in disclosure.facts:
        if fact.kind == "share" and fact.value is not None and fact.measure:
            groups.setdefault((fact.section, fact.measure), []).append(fact)
    lookup = CellIndex(disclosure)
    for (_section, measure), shares in groups.items():
        if len(shares) < 2 or not all(is_expression(s.refers_to) or s.refers_to for s in shares):
            continue
        try:
            wholes = {s.refers_to.rsplit(" / ", 1)[1] for s in shares}
            if len(wholes) != 1:
                continue
            whole = bounds(next(iter(wholes)).removesuffix(" * 100"), lookup)[0]
            parts = sum(bounds(s.refers_to.rsplit(" / ", 1)[0], lookup)[0] for s in shares)
        except (Unavailable, ZeroDivision, ValueError, IndexError):
            continue
        if whole == 0 or abs(parts - whole) > HALF_CENT * (len(shares) + 1):
            continue  # not a complete breakdown: its shares need not sum to 100
        total = sum(s.value for s in shares)
        places = max(_places(s.printed) for s in shares)
        tolerance = Decimal(1).scaleb(-places) / 2 * len(shares)
        if total == 100:
            continue
        severity, code = ("note", "ROUNDING") if abs(total - 100) <= tolerance else ("error", "NARR-SHARES-SUM")
        yield _finding(disclosure, code, severity,
                       f"{_where(shares[0])}“{measure}”的各项占比合计 {format_decimal(total)}%，不等于 100%",
                       shares[0], "100", format_decimal(total), more=shares[1:])


_PROCUREMENT = re.compile(r"采购")


def _stated(facts: list[NarrativeFact], pattern: str, not_pattern: str = "^$") -> NarrativeFact | None:
    for fact in facts:
        if fact.kind == "amount" and fact.value is not None and re.search(pattern, fact.label) \
                and not re.search(not_pattern, fact.label):
            return fact
    return None


@register("NARR-PARTS-SUM", "所列分项之和与所列总数不符")
def parts_sum(disclosure: Disclosure) -> Iterator[Finding]:
    """Stated parts must add up to the stated whole they break down: 政府采购 货物 + 工程 +
    服务 = 总额; the per-class changes = the total change; 人员经费 / 公用经费 ≥ the
    items listed under them (a “主要包括” list may be partial, never larger).

    Why: The figures of these breakdowns are often not in any table, so the text's own
    arithmetic is the only check. A gap within the rounding of the k parts
    ((k + 1) × 0.005) is a ROUNDING note.

    Fails: “政府采购支出总额 20 万元，其中：货物 10.8 万元、工程 0 万元、服务 8.2 万元” → error.
    Passes: the same with 服务 9.2 万元.
    """
    facts = disclosure.facts
    sections = list(dict.fromkeys(f.section for f in facts))
    for section in sections:
        here = [f for f in facts if f.section == section]
        if any(_PROCUREMENT.search(f.label) for f in here):
            total = _stated(here, r"采购(支出|预算)?总额")
            parts = [_stated(here, rf"采购{kind}", "中小|小微") for kind in ("货物", "工程", "服务")]
            if total and all(parts):
                yield from _compare_sum(disclosure, total, parts, "政府采购")
        yield from _item_groups(disclosure, here)
    yield from _class_changes(disclosure)


def _compare_sum(disclosure: Disclosure, total: NarrativeFact, parts: list[NarrativeFact],
                 what: str) -> Iterator[Finding]:
    added = sum(p.value for p in parts)
    difference = abs(added - total.value)
    if difference == 0:
        return
    listing = " + ".join(f"{p.label} {p.printed}" for p in parts)
    yield _parts_finding(disclosure, total, parts, added, difference,
                         f"{_where(total)}{what}：{listing} = {format_decimal(added)}，与所列 {total.printed} ", "不符")


def _parts_finding(disclosure: Disclosure, total: NarrativeFact, parts: list[NarrativeFact], added: Decimal,
                   difference: Decimal, message: str, error: str) -> Finding:
    """A stated whole against the sum of its k stated parts: a gap within their rounding
    ((k + 1) × 0.005) is a ROUNDING note (`message` + 相差 …（尾数误差）), any other a
    NARR-PARTS-SUM error (`message` + `error`)."""
    if abs(difference) <= HALF_CENT * (len(parts) + 1):
        code, severity = "ROUNDING", "note"
        message += f"相差 {format_decimal(abs(difference))}（尾数误差）"
    else:
        code, severity = "NARR-PARTS-SUM", "error"
        message += error
    return _finding(disclosure, code, severity, message, total, format_decimal(added), total.printed, more=parts)


def _item_groups(disclosure: Disclosure, here: list[NarrativeFact]) -> Iterator[Finding]:
    """人员经费 / 公用经费 and the 经济分类 items listed after each (leaves only)."""
    heads = [f for f in here if f.kind == "amount"
             and single_cell(f.refers_to) in (("F06", "人员经费合计", "1"), ("F06", "公用经费合计", "1"))]
    for index, head in enumerate(heads):
        start = here.index(head) + 1
        end = here.index(heads[index + 1]) if index + 1 < len(heads) else len(here)
        items = [(f, single_cell(f.refers_to)) for f in here[start:end] if f.kind == "amount"]
        items = [(f, cell[1]) for f, cell in items
                 if cell and cell[0] == "F06" and cell[2] == "1" and re.fullmatch(r"\d+", cell[1])]
        codes = [code for _f, code in items]
        items = [f for f, _code in items]
        leaves = [f for f, code in zip(items, codes) if not any(o != code and o.startswith(code) for o in codes)]
        if len(leaves) < 2:
            continue
        added = sum(f.value for f in leaves)
        difference = added - head.value
        if difference <= 0 and difference < -HALF_CENT * (len(leaves) + 1):
            continue  # a partial list (主要包括)
        if difference == 0:
            continue
        listing = "、".join(f"{f.label} {f.printed}" for f in leaves[:4]) + ("…" if len(leaves) > 4 else "")
        yield _parts_finding(disclosure, head, leaves, added, difference,
                             f"{_where(head)}{head.label} {head.printed} 万元所列明细（{listing}）合计 "
                             f"{format_decimal(added)}，", "超过总数")


def _class_changes(disclosure: Disclosure) -> Iterator[Finding]:
    """Per-class changes (较上年减少 X, subject a 类 row) against the total's change."""
    changes = [f for f in disclosure.facts if f.kind == "change" and f.unit == "万元" and f.current
               and f.direction in (1, -1) and f.value is not None]
    by_total: dict[tuple[str, str], NarrativeFact] = {}
    cells = {id(fact): single_cell(fact.current) for fact in changes}
    for fact in changes:
        cell = cells[id(fact)]
        if cell and cell[1] == "合计" and re.fullmatch(r"\w+", cell[2]):
            by_total[(cell[0], cell[2])] = fact
    lookup = CellIndex(disclosure)
    for (table, col), total in by_total.items():
        parts = [f for f in changes if (cell := cells[id(f)]) and cell[0] == table and cell[2] == col
                 and re.fullmatch(r"\d{3}", cell[1])]
        rows = {cells[id(p)][1] for p in parts}
        printed_classes = {row for (t, row, c), cell in lookup.cells()
                           if t == table and c == col and len(row) == 3 and row.isdigit()}
        if len(parts) < 2 or rows != printed_classes:
            continue
        signed = sum(p.value * p.direction for p in parts)
        stated = total.value * total.direction
        difference = abs(signed - stated)
        if difference == 0:
            continue
        listing = " + ".join(f"{p.subject or p.label} {p.printed}" for p in parts)
        yield _parts_finding(disclosure, total, parts, abs(signed), difference,
                             f"{_where(total)}各类增减额（{listing}）合计 {format_decimal(abs(signed))}，"
                             f"与总增减额 {total.printed} ", "不符")


@register("NARR-SME-SPLIT", "授予中小企业合同金额与分类占比矛盾")
def sme_split(disclosure: Disclosure) -> Iterator[Finding]:
    """货物/工程/服务 shares of 授予中小企业合同金额 must add back to the stated amount:
    Σ share × category amount = 授予中小企业合同金额.

    Why: The national template asks for the three shares after the total; they are often
    left at 0% while the total says every contract went to 中小企业.

    Fails: 总额 20 = 货物 10.8 + 服务 9.2, 中小企业 20 万元 (100%), yet “货物…占货物支出金额的
    0%” and “服务…占服务支出金额的 0%” → error (0 ≠ 20).
    Passes: the same with 100% and 100%.
    """
    sections = list(dict.fromkeys(f.section for f in disclosure.facts))
    for section in sections:
        here = [f for f in disclosure.facts if f.section == section]
        sme = _stated(here, r"中小企业合同金额", "小微")
        if sme is None:
            continue
        shares, used = [], []
        for kind in ("货物", "工程", "服务"):
            amount = _stated(here, rf"采购{kind}", "中小|小微")
            share = next((f for f in here if f.kind == "share" and f.value is not None
                          and re.search(rf"{kind}\w*中小企业.*占{kind}", f.text)), None)
            if amount is None or share is None:
                shares = []
                break
            shares.append(amount.value * share.value / 100)
            used += [amount, share]
        if not shares:
            continue
        implied = sum(shares)
        if abs(implied - sme.value) <= HALF_CENT * 4:
            continue
        wrong = [f for f in used if f.kind == "share"]
        yield _finding(disclosure, "NARR-SME-SPLIT", "error",
                       f"{_where(sme)}授予中小企业合同金额 {sme.printed} 万元，但按货物、工程、服务的占比"
                       f"（{'、'.join(f.text for f in wrong)}）只得 {format_decimal(_round(implied, 2))} 万元；"
                       f"货物支出金额、服务支出金额的占比与总额矛盾",
                       sme, sme.printed, format_decimal(_round(implied, 2)), more=used)


@register("NARR-COMPARISON", "“决算数大于/小于预算数”与所列金额不符", severity="warning")
def comparison_words(disclosure: Disclosure) -> Iterator[Finding]:
    """A sentence that says 决算数小于（大于、等于）预算数 must agree with the two figures it
    follows.

    Why: Template sentences are kept after the figures change; a reason given for a
    difference that does not exist misleads.

    Fails: “预算为 0 万元，支出决算为 0 万元…决算数小于预算数的主要原因…” → warning.
    Passes: “预算为 10 万元，支出决算为 8 万元…决算数小于预算数的主要原因…”.
    """
    lookup = CellIndex(disclosure)
    for fact in disclosure.facts:
        if fact.kind != "comparison" or fact.direction is None or not fact.refers_to:
            continue
        try:
            difference = bounds(fact.refers_to, lookup)[0]
        except (Unavailable, ZeroDivision, ValueError):
            continue
        sign = (difference > 0) - (difference < 0)
        if sign != fact.direction:
            words = {1: "大于", -1: "小于", 0: "等于"}
            yield _finding(disclosure, "NARR-COMPARISON", "warning",
                           f"{_where(fact)}称“{fact.printed}”，而所列决算数与预算数之差为 "
                           f"{format_decimal(difference)}（决算数{words[sign]}预算数）", fact,
                           f"决算数{words[sign]}预算数", fact.printed, _cells(fact.refers_to, lookup))


_USE = re.compile(r"用于([^，。；]+)")


@register("NARR-SCOPE", "支出用途说明与表格口径不符", severity="warning")
def use_scope(disclosure: Disclosure) -> Iterator[Finding]:
    """A 类 amount described as spent on one 经济分类 item of 基本支出 (“用于单位职工基本医疗
    保险缴费”) cannot include 项目支出, nor exceed that item in F06.

    Why: The description is the reader's only account of what a class paid for; one
    that covers another column or scope than the total misinforms.

    Fails: “卫生健康支出…支出决算 27.93 万元…用于单位职工基本医疗保险缴费” while F05 210
    prints 项目支出 23.27 and F06 职工基本医疗保险缴费 15.12 → warning.
    Passes: the same with “用于…基本医疗保险缴费及专项业务经费” and F05 210 项目支出 0.
    """
    lookup = CellIndex(disclosure)
    for fact in disclosure.facts:
        if fact.kind != "amount" or not fact.refers_to:
            continue
        tie = single_cell(fact.refers_to)
        if not tie or tie[0] != "F05" or tie[2] != "1" or not re.fullmatch(r"\d{3}", tie[1]):
            continue
        use = _USE.search(fact.sentence[max(0, fact.sentence.find(fact.text)):] if fact.text else fact.sentence)
        if not use or re.search(r"项目|专项|业务|等", use.group(1)):
            continue
        code = economic_code(re.sub(r"^(单位|本单位|部门)?(职工)?", "", use.group(1)), [])
        code = code or economic_code(use.group(1), [])
        if not code:
            continue
        row = tie[1]
        project = lookup.cell("F05", row, "3")
        item = lookup.cell("F06", code, "1")
        problems = []
        if project is not None and project.value > 0:
            problems.append(f"F05 {row} 项目支出 {format_decimal(project.value)}")
        if item is not None and item.value < fact.value:
            problems.append(f"F06 {code} 仅 {format_decimal(item.value)}")
        if problems:
            cells = [c for c in (project, item) if c is not None]
            yield _finding(disclosure, "NARR-SCOPE", "warning",
                           f"{_where(fact)}{fact.label or fact.subject} {fact.printed} 万元称“用于{use.group(1)}”，"
                           f"但{'，'.join(problems)}：用途说明与表格口径不符", fact,
                           None, f"用于{use.group(1)}",
                           [{"table": c.table, "row": c.row, "col": c.col, "value": format_decimal(c.value)}
                            for c in cells])


@register("NARR-PROJECT-COUNT", "绩效说明所列项目个数与绩效表不符", severity="warning")
def project_count(disclosure: Disclosure) -> Iterator[Finding]:
    """The number of projects the 预算绩效 section says were evaluated (or given targets)
    equals the number of 项目支出绩效自评表 (决算) or 绩效目标申报表 (预算) printed.

    Why: the tables are the evidence for the sentence; a project counted but not
    published (or published but not counted) leaves the claim unproven.

    Fails: “共涉及项目 3 个” with two 项目支出绩效自评表 printed → warning.
    Passes: “共涉及项目 2 个” with two printed.
    """
    kind = {"final_accounts": "P02", "budget": "P03"}.get(disclosure.kind)
    printed = sum(1 for record in disclosure.performance if record.get("kind") == kind)
    if not kind or not printed:
        return
    for fact in disclosure.facts:
        if fact.kind == "count" and fact.unit == "个" and "绩效" in fact.section and "项目" in fact.label \
                and fact.value is not None and fact.value != printed:
            yield _finding(disclosure, "NARR-PROJECT-COUNT", "warning",
                           f"{_where(fact)}称项目 {fact.printed} 个，而文件印有 {printed} 张"
                           f"{'项目支出绩效自评表' if kind == 'P02' else '项目支出绩效目标申报表'}",
                           fact, str(printed), fact.printed)


@register("NARR-CHANGE-TWICE", "同一数字的增减额前后说法不一")
def change_twice(disclosure: Disclosure) -> Iterator[Finding]:
    """A change stated twice for the same figure (in 一 and again in 四, say) is the same
    both times.

    Why: two different prior-year changes of one current figure imply two different
    prior-year figures; at least one sentence is wrong.

    Fails: “收入合计…减少 3.82 万元” in 二 and “收入合计…减少 3.28 万元” in 四 → error.
    Passes: both say 减少 3.82 万元.
    """
    seen: dict[str, NarrativeFact] = {}
    for fact in disclosure.facts:
        if fact.kind != "change" or fact.unit != "万元" or not fact.current or fact.direction not in (1, -1) \
                or fact.value is None:
            continue
        first = seen.setdefault(fact.current, fact)
        if first is not fact and first.value * first.direction != fact.value * fact.direction:
            yield _finding(disclosure, "NARR-CHANGE-TWICE", "error",
                           f"同一数字（{fact.current}）的增减额前后不一：{_where(first)}“{first.text}”，"
                           f"{_where(fact)}“{fact.text}”", fact, first.printed, fact.printed, more=[first])
