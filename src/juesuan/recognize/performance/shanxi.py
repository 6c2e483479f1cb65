"""Tab-separated self-evaluation tables (Shanxi layout) and the report printed before them.

Each attachment prints a narrative 绩效自评分析报告 (its own copy of the funding and
indicator tables, in 元, and a conclusion sentence) followed by the formal 自评表 (万元).
The record is read from the formal table; the report is read into `record["report"]`
so that the checks can compare both copies.

Cells are located by content, not by column number: the extraction shifts cells
(blank 三级指标, an extra empty cell after a name, a header row carrying numbers), so
a row is read as labels (catalog vocabulary, filled down), a name, the printed values,
and then 分值/得分 by their position right after the last value.
"""
from __future__ import annotations

import re

from ...model import TextLine
from .common import (NUMBER, compact_value, grade_of, is_bare_number, is_number, label, level1_of,
                     level2_of, plain_number, squeeze, tab_cells, vocabulary)

_FUNDS_FIELDS7 = ["declared_budget", "initial_budget", "annual_budget", "executed", "balance",
                  "rate_pct", "score"]
_FUNDS_FIELDS6 = _FUNDS_FIELDS7[1:]
_VALUE_START = re.compile(r"^[≥≤=＝<>＜＞]|^\d")
_UNIT = re.compile(r"[（(](万元|元)[)）]")


def looks_like_shanxi(lines: list[TextLine]) -> bool:
    """The formal table prints its cells tab-separated."""
    return sum(1 for line in lines[:40] if line.text.count("\t") >= 3) >= 4


def read_formal(kind: str, title_line: TextLine, lines: list[TextLine]) -> dict:
    """The formal 自评表 from its title line to its 总分 row."""
    record: dict = {"kind": kind, "where": {"title_line": title_line.where.line}}
    state = {"section": None, "group": None, "fields": _FUNDS_FIELDS6, "values": 2,
             "level1": None, "level2": None}
    execution: list[dict] = []
    indicators: list[dict] = []
    for line in lines:
        cells = tab_cells(line.text)
        filled = [c for c in cells if c]
        if not filled:
            continue
        squeezed = [squeeze(c) for c in filled]
        first = squeezed[0]
        if first.startswith("总分") or first == "总" or (len(squeezed) > 1 and squeezed[0] == "总分"):
            _read_total(record, squeezed[1:])
            break
        if first == "项目名称" and len(filled) > 1:
            record["title"] = squeeze(filled[1])
            continue
        if any("主管部门" in c for c in squeezed[:2]):
            _read_department(record, cells)
            continue
        if any("预算安排及执行进度" in c for c in squeezed):
            state["section"] = "execution"
            unit = _UNIT.search(line.text)
            if unit:
                record["unit"] = unit.group(1)
        if state["section"] == "execution":
            if any("年度绩效目标" in c for c in squeezed[:2]):
                state["section"] = None
                continue
            _execution_row(cells, squeezed, state, execution)
            continue
        if "一级指标" in squeezed and ("三级指标" in squeezed or "指标名称" in squeezed):
            state["section"] = "indicators"
            state["values"] = 3 if any("调整后" in c for c in squeezed) else 2
            continue
        if state["section"] == "indicators":
            indicator = _indicator_row(cells, state)
            if indicator:
                indicators.append(indicator)
    if "title" not in record:
        record["title"] = _title_from_heading(title_line.text)
    record["execution"] = execution
    record["indicators"] = indicators
    return record


def _title_from_heading(text: str) -> str:
    """`XX局部门整体绩效自评表` → `XX局` (the P01 table names its department in its title)."""
    from ...catalog import table_kinds

    text = squeeze(text)
    text = re.sub(r"^(?:19|20)\d\d年度?", "", text)
    aliases = sorted((t for e in table_kinds().values() for t in e.get("titles", [])), key=len,
                     reverse=True)
    for alias in aliases:
        if "绩效" in alias and text.endswith(alias):
            return text[: -len(alias)]
    return text


def _read_department(record: dict, cells: list[str]) -> None:
    for index, cell in enumerate(cells):
        key = squeeze(cell)
        value = next((c for c in cells[index + 1:] if c), None)
        if value is None:
            continue
        if "主管部门" in key and "department" not in record:
            record["department"] = value.strip()
        elif key == "预算单位" and "budget_unit" not in record:
            record["budget_unit"] = value.strip()


def _is_header_word(text: str) -> bool:
    words = vocabulary()["execution_header"]
    text = squeeze(text)
    text = re.sub(r"[（(]元[)）]$", "", text)
    return text in words or any(text.startswith(w) for w in ("年初预算", "全年预算", "全年执行"))


def _execution_row(cells: list[str], squeezed: list[str], state: dict, out: list[dict]) -> None:
    if any(c in ("目标申报数", "目标申报", "预算编制数", "预算编制") for c in squeezed):
        state["fields"] = _FUNDS_FIELDS7
    numbers = [plain_number(c) for c in cells if c and is_number(c)]
    labels = [label(c) for c in cells if c and not is_number(c)]
    labels = [t for t in labels if "预算安排及执行进度" not in t]
    for text in list(labels):
        if text in vocabulary()["execution_groups"]:
            state["group"] = text
            labels.remove(text)
    if labels and not numbers and not _is_header_word(labels[0]):
        state["pending"] = labels[0]  # a label printed on the header row, numbers below
        return
    if numbers and not labels and state.get("pending"):
        labels = [state.pop("pending")]
    if not numbers or not labels or _is_header_word(labels[0]):
        return
    state.pop("pending", None)
    entry: dict = {}
    if state["group"]:
        entry["group"] = state["group"]
    entry["source"] = labels[0]
    fields = state["fields"]
    if len(numbers) == len(fields) - 1 and fields is _FUNDS_FIELDS7:
        fields = _FUNDS_FIELDS6  # a row that prints no 目标申报数
    for name, value in zip(fields, numbers):
        entry[name] = value
    out.append(entry)


def _indicator_row(cells: list[str], state: dict) -> dict | None:
    items = [(i, c) for i, c in enumerate(cells) if c]
    if items and squeeze(items[0][1]) == "绩效指标":
        items = items[1:]
    position = 0
    while position < len(items):
        text = items[position][1]
        if level1_of(text):
            state["level1"], state["level2"] = level1_of(text), None
        elif level2_of(text):
            state["level2"] = level2_of(text)
        else:
            break
        position += 1
    rest = items[position:]
    if not rest:
        return None
    indicator: dict = {}
    if state["level1"]:
        indicator["level1"] = state["level1"]
    if state["level2"]:
        indicator["level2"] = state["level2"]
    if _has_name(rest, state["values"]):
        indicator["name"] = rest[0][1].strip()
        rest = rest[1:]
    names = ["target", "adjusted_target", "actual"] if state["values"] == 3 else ["target", "actual"]
    values = rest[: len(names)]
    if len(values) < len(names):
        return None
    for name, (_, text) in zip(names, values):
        indicator[name] = compact_value(text)
    last = values[-1][0]
    weight = cells[last + 1] if last + 1 < len(cells) else ""
    score = cells[last + 2] if last + 2 < len(cells) else ""
    if weight and is_number(weight):
        indicator["weight"] = plain_number(weight)
    if score and is_number(score):
        indicator["score"] = plain_number(score)
    tail = [c for c in cells[last + 3:] if c]
    if score and not is_number(score):
        tail.insert(0, score)
    if weight and not is_number(weight):
        tail.insert(0, weight)
    if tail:
        indicator["reason"] = tail[0].strip()
    return indicator


def _has_name(rest: list[tuple[int, str]], values: int) -> bool:
    """Whether the first cell is the 三级指标 name: counted back from the first weight cell
    (a bare number), else judged by its look (values start with ≥ ≤ = or a digit)."""
    first_bare = next((i for i, (_, text) in enumerate(rest) if is_bare_number(text)), None)
    if first_bare is not None and first_bare in (values, values + 1):
        return first_bare == values + 1
    return not _VALUE_START.match(squeeze(rest[0][1]))


def _read_total(record: dict, cells: list[str]) -> None:
    for cell in cells:
        if "total_score" not in record and is_number(cell):
            record["total_score"] = plain_number(cell)
        elif "grade" not in record and grade_of(cell):
            record["grade"] = squeeze(cell)


# --- the narrative report -------------------------------------------------------------

_SUMMARY = {
    "execution_score": re.compile(r"预算执行情况得分\s*([\d.]+)\s*分"),
    "indicator_score": re.compile(r"指标完成情况得分\s*([\d.]+)\s*分"),
    "total_score": re.compile(r"(?:总得分|自评得分)\s*([\d.]+)"),
}
_GRADE = re.compile(r"属于\s*[“\"]?\s*([^”\"。，\s]+)\s*[”\"]?")


def read_report(lines: list[TextLine]) -> dict:
    """The report's copy: funding rows (元), indicator rows, conclusion sentences, quoted amounts."""
    report: dict = {"execution": [], "execution_headers": [], "indicators": [], "text_figures": [],
                    "sentences": []}
    section = None
    group = None
    values = 2
    fields = _FUNDS_FIELDS7
    for line in lines:
        text = line.text
        cells = tab_cells(text)
        filled = [c for c in cells if c]
        if "\t" not in text:
            stripped = text.strip()
            if not stripped:
                continue
            section = None
            if re.search(r"\d", stripped):
                report["sentences"].append({"line": line.where.line, "text": stripped})
            _read_summary(report, stripped, line)
            figures = text_figures(stripped, line, "report")
            report["text_figures"].extend(figures)
            continue
        squeezed = [squeeze(c) for c in filled]
        if squeezed and ("年初预算数" in squeezed or any("全年执行数" in c for c in squeezed)):
            section = "execution"
            unit = _UNIT.search(text)
            report["unit"] = unit.group(1) if unit else report.get("unit", "元")
            head = label(filled[0])
            if head in vocabulary()["execution_groups"]:
                group = head
            _header_cells(report, filled)
            continue
        if squeezed and any("一级指标" in c for c in squeezed):
            if any("指标名称" in c or "三级指标" in c for c in squeezed):
                section = "indicators"
                values = 2
                continue
        if section == "indicators" and any("调整后" in c for c in squeezed):
            values = 3
            continue
        if section == "execution":
            numbers = [plain_number(c) for c in filled if is_number(c)]
            labels = [label(c) for c in filled if not is_number(c)]
            if not numbers:
                _header_cells(report, filled)
                continue
            if not labels or _is_header_word(labels[0]):
                continue
            entry = {"source": labels[0]}
            if group:
                entry["group"] = group
            for name, value in zip(fields, numbers):
                entry[name] = value
            entry["line"] = line.where.line
            report["execution"].append(entry)
        elif section == "indicators":
            row = _report_indicator(filled, line, values)
            if row:
                report["indicators"].append(row)
    return report


def _header_cells(report: dict, cells: list[str]) -> None:
    for cell in cells:
        text = re.sub(r"[（(]元[)）]$", "", squeeze(cell))
        if text and text not in report["execution_headers"]:
            report["execution_headers"].append(text)


def _report_indicator(filled: list[str], line: TextLine, values: int) -> dict | None:
    """A row of the report's indicator table: name, `values` value cells (年初/调整后/实际),
    then 权重 and 得分 when they are bare numbers; whatever follows is the reason."""
    cells = [c for c in filled if not (level1_of(c) or level2_of(c))]
    labels = [c for c in filled if level1_of(c) or level2_of(c)]
    if not cells:
        return None
    if labels and (_VALUE_START.match(squeeze(cells[0])) or is_number(cells[0])):
        cells.insert(0, squeeze(labels[-1]))  # the label is all the row prints as a name
    row: dict = {"cells": [compact_value(c) for c in cells], "line": line.where.line}
    if _VALUE_START.match(squeeze(cells[0])) or is_number(cells[0]):
        return row
    row["name"] = cells[0].strip()
    rest = cells[1:]
    row["values"] = [compact_value(c) for c in rest[:values]]
    rest = rest[values:]
    for key in ("weight", "score"):
        if rest and is_bare_number(rest[0]):
            row[key] = plain_number(rest.pop(0))
    if rest and is_bare_number(rest[0]):
        row["extra_number"] = plain_number(rest.pop(0))
    if rest:
        row["reason"] = rest[0].strip()
    return row


def _read_summary(report: dict, text: str, line: TextLine) -> None:
    if "得分" not in text:
        return
    found = {key: m.group(1).rstrip(".") for key, p in _SUMMARY.items() if (m := p.search(text))}
    if "total_score" not in found:
        return
    grade = _GRADE.search(text)
    if grade:
        found["grade"] = grade.group(1)
    found["line"] = line.where.line
    found["text"] = text[:200]
    if "summary" not in report:
        report["summary"] = found
    else:
        report.setdefault("summaries", []).append(found)


_BUDGET = re.compile(r"(?:全年预算数|预算数|项目预算|预算)\s*([\d][\d,]*(?:\.\d+)?)\s*万元")
_EXECUTED = re.compile(r"(?:实际执行数|实际执行|执行数|决算数|执行)\s*([\d][\d,]*(?:\.\d+)?)\s*万元")
_RATE = re.compile(r"(?:预算)?完成率\s*([\d.]+)\s*[%％]")
_SOURCES = ("基本支出", "项目支出")


def text_figures(text: str, line: TextLine, where: str) -> list[dict]:
    """Budget / executed amounts a sentence quotes (`预算 2052 万元，…执行数 1999.04 万元`)."""
    out: list[dict] = []
    for clause in re.split(r"[；;。]", text):
        budget = _BUDGET.search(clause)
        if not budget:
            continue
        executed = _EXECUTED.search(clause, budget.end())
        if not executed:
            continue
        source = next((s for s in _SOURCES if s in clause[: budget.start()]), "资金总额")
        figure = {"source": source, "where": where, "line": line.where.line, "unit": "万元",
                  "budget": budget.group(1).replace(",", ""),
                  "executed": executed.group(1).replace(",", ""),
                  "text": clause.strip()[:120]}
        rate = _RATE.search(clause, executed.end())
        if rate:
            figure["rate_pct"] = rate.group(1).rstrip(".")
        out.append(figure)
    return out


def formal_text_figures(lines: list[TextLine]) -> list[dict]:
    """Amounts quoted in the formal table's 预算执行情况及分析 cell."""
    out: list[dict] = []
    for line in lines:
        if "执行情况及分析" in line.text:
            for cell in tab_cells(line.text):
                out.extend(text_figures(cell, line, "formal"))
    return out


def formal_sentences(lines: list[TextLine]) -> list[dict]:
    """The formal table's analysis cells (产出情况及分析 …) that quote numbers."""
    out: list[dict] = []
    for line in lines:
        if "分析" in line.text and "\t" in line.text:
            for cell in tab_cells(line.text):
                if len(cell) > 20 and re.search(r"\d", cell):
                    out.append({"line": line.where.line, "text": cell, "where": "formal"})
    return out


def number_ok(text: str | None) -> bool:
    return bool(text) and bool(NUMBER.match(text))
