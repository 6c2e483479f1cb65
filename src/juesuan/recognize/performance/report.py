"""The narrative 绩效自评分析报告 printed before a Shanxi-layout 自评表: its own copy of
the funding and indicator tables (in 元), the conclusion sentence(s), and the amounts and
counts its text quotes — a second source that the checks compare with the formal table.

The report's tables are looser than the formal one (headers missing a column, cells
shifted), so rows are kept with all their cells (`cells`) beside the fields read from
them: a check can always ask whether a printed value appears in the row at all.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ...model import TextLine
from .common import (compact_value, is_bare_number, is_number, label, level1_of, level2_of,
                     plain_number, squeeze, tab_cells, vocabulary)
from .shanxi import _FUNDS_FIELDS7, _UNIT, _VALUE_START, _is_header_word

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
    if rest and not is_bare_number(rest[-1]) and any(is_bare_number(c) for c in rest[:-1]):
        row["reason"] = rest.pop().strip()
    run = 0  # the trailing bare numbers: 权重, 得分 (and a repeated 得分)
    while run < len(rest) and is_bare_number(rest[-1 - run]):
        run += 1
    # a long run begins with value cells (`20100 ≤20100人 19588 20 20`) unless it reads as
    # 权重 得分 得分 (`15 14 14`): a weight no larger than half the points, not below its score
    while run > 2 and len(rest) - run < values and not _weight_score_score(rest[-run:]):
        run -= 1
    row["values"] = [compact_value(c) for c in rest[:len(rest) - run]]
    numbers = [plain_number(c) for c in rest[len(rest) - run:]]
    for key, value in zip(("weight", "score", "extra_number"), numbers):
        row[key] = value
    return row


def _weight_score_score(cells: list[str]) -> bool:
    weight, score, repeated = (Decimal(plain_number(c)) for c in cells[-3:])
    return len(cells) == 3 and score == repeated and score <= weight <= 50


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
