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
from .common import (compact_value, grade_of, is_bare_number, is_number, label, level1_of,
                     level2_of, plain_number, squeeze, tab_cells, vocabulary)

_FUNDS_FIELDS7 = ["declared_budget", "initial_budget", "annual_budget", "executed", "balance",
                  "rate_pct", "score"]
_FUNDS_FIELDS6 = _FUNDS_FIELDS7[1:]
_VALUE_START = re.compile(r"^[≥≤=＝<>＜＞]|^\d(?![\d.]*年(?!\d{1,2}月))|^\d{4}年\d{1,2}月")
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
    rows_at: dict[str, list] = {"execution": [], "indicators": []}  # line of each row read
    record["where"]["rows"] = rows_at
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
        if any("预算安排及执行进度" in c for c in squeezed) or (
                first.startswith("项目资金") and any(_is_header_word(c) for c in squeezed[1:])):
            state["section"] = "execution"
            unit = _UNIT.search(line.text)
            if unit:
                record["unit"] = unit.group(1)
            if "分值" in squeezed:  # national layout: 分值 and 执行率 columns, 得分 unlabelled
                state["fields"] = _header_fields(squeezed)
                state["right_align"] = True
        if state["section"] == "execution":
            if "年度绩效目标" in first or first in ("绩效指标", "年度总体目标") or first.startswith("一级指标"):
                state["section"] = None
            else:
                before = len(execution)
                _execution_row(cells, squeezed, state, execution)
                rows_at["execution"].extend([line.where.line] * (len(execution) - before))
                continue
        if "一级指标" in squeezed and ("三级指标" in squeezed or "指标名称" in squeezed):
            state["section"] = "indicators"
            state["values"] = 3 if any("调整后" in c for c in squeezed) else 2
            state["columns"] = _indicator_columns(cells)
            continue
        if state["section"] == "indicators":
            indicator = _indicator_row(cells, state)
            if indicator:
                indicators.append(indicator)
                rows_at["indicators"].append(line.where.line)
    if "total_score" not in record and state.get("merged_total"):
        record["total_score"], record["grade"] = state["merged_total"]
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


_HEADER_FIELDS = {"年初预算数": "initial_budget", "全年预算数": "annual_budget", "全年执行数": "executed",
                  "资金结(转)余": "balance", "资金结（转）余": "balance", "执行率": "rate_pct",
                  "分值": "weight", "得分": "score"}
_DASHES = {"—", "——", "-", "--", "－", "/"}


def _header_fields(squeezed: list[str]) -> list[str]:
    """Field order of a funding header that names its columns (得分 last, even unlabelled)."""
    fields = [_HEADER_FIELDS[c] for c in squeezed if c in _HEADER_FIELDS]
    if "score" not in fields:
        fields.append("score")
    return fields


def _execution_row(cells: list[str], squeezed: list[str], state: dict, out: list[dict]) -> None:
    if state.get("right_align"):
        _aligned_execution_row(cells, state, out)
        return
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


def _aligned_execution_row(cells: list[str], state: dict, out: list[dict]) -> None:
    """A funding row of the national layout: label, then values right-aligned under the
    header (a dash holds a column; a blank first column is an unprinted 年初预算数)."""
    filled = [c for c in cells if c]
    if not filled or is_number(filled[0]) or squeeze(filled[0]) in _DASHES or _is_header_word(filled[0]):
        return
    values = filled[1:]
    if not any(is_number(v) for v in values):
        return
    entry: dict = {"source": label(re.sub(r"^\s*其中\s*[:：]?", "", filled[0]))}
    fields = state["fields"]
    percent = next((i for i, v in enumerate(values) if v.strip().endswith(("%", "％"))), None)
    if percent is not None and "rate_pct" in fields:  # the rate cell anchors the columns
        shift = fields.index("rate_pct") - percent
    else:  # right-aligned under the header
        shift = len(fields) - len(values)
    for index, value in enumerate(values):
        if 0 <= index + shift < len(fields) and is_number(value):
            entry[fields[index + shift]] = plain_number(value)
    out.append(entry)


def _indicator_columns(cells: list[str]) -> dict[str, int]:
    """Where the indicator header prints each column (first occurrence)."""
    names = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标名称": "name",
             "年初指标值": "target", "年度指标值": "target", "年度指标": "target",
             "调整后指标值": "adjusted_target", "实际完成值": "actual", "分值": "weight", "权重": "weight",
             "得分": "score"}
    out: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = names.get(squeeze(cell))
        if field and field not in out:
            out[field] = index
    return out


def _positional(cells: list[str], state: dict) -> dict | None:
    """The row read by the header's column positions, when its cells sit under them."""
    columns = state.get("columns") or {}
    needed = ("level1", "level2", "name", "actual", "weight", "score")
    if any(k not in columns for k in needed) or max(columns.values()) >= len(cells):
        return None
    cell = {k: cells[i] for k, i in columns.items()}
    for key in ("level1", "level2"):
        if cell[key] and not (level1_of(cell[key]) or level2_of(cell[key])):
            return None
    name = cell["name"]
    if not name or level1_of(name) or level2_of(name) or _VALUE_START.match(squeeze(name)):
        return None
    if not cell["actual"] or any(cell[k] and not is_bare_number(cell[k]) for k in ("weight", "score")):
        return None
    for key in ("level1", "level2"):
        text = cell[key]
        if text and level1_of(text):
            state["level1"], state["level2"] = level1_of(text), None
        elif text:
            state["level2"] = level2_of(text)
    indicator: dict = {}
    if state["level1"]:
        indicator["level1"] = state["level1"]
    if state["level2"]:
        indicator["level2"] = state["level2"]
    indicator["name"] = name.strip()
    for key in ("target", "adjusted_target", "actual"):
        if key in cell and cell[key]:
            indicator[key] = compact_value(cell[key])
    for key in ("weight", "score"):
        if cell[key]:
            indicator[key] = plain_number(cell[key])
    reason = [c for c in cells[columns["score"] + 1:] if c]
    if reason:
        indicator["reason"] = reason[0].strip()
    return indicator


_ITEM_NUMBER = re.compile(r"^指标\s*\d+\s*[：:]\s*")


def _indicator_row(cells: list[str], state: dict) -> dict | None:
    cells = ["" if squeeze(c) in _DASHES else c for c in cells]
    cells = [_ITEM_NUMBER.sub("", c) if _ITEM_NUMBER.match(c) else c for c in cells]
    _merged_total(cells, state)
    aligned = _positional(cells, state)
    if aligned is not None:
        return aligned
    items = [(i, c) for i, c in enumerate(cells) if c]
    if items and squeeze(items[0][1]) in vocabulary()["block_labels"]:
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
    names = ["target", "adjusted_target", "actual"] if state["values"] == 3 else ["target", "actual"]
    alias = vocabulary()["level2_aliases"].get(squeeze(rest[0][1]))
    first_bare = next((i for i, (_, text) in enumerate(rest) if is_bare_number(text)), None)
    if alias and len(rest) > 2 and not _VALUE_START.match(squeeze(rest[1][1])) and first_bare != len(names):
        indicator["level2"] = state["level2"] = alias  # `社会效益` in the 二级指标 column
        rest = rest[1:]
        first_bare = None if first_bare is None else first_bare - 1
    if _has_name(rest, state["values"]):
        indicator["name"] = rest[0][1].strip()
        rest = rest[1:]
        first_bare = None if first_bare is None else first_bare - 1
    if first_bare is not None and 2 <= first_bare < len(names):
        values = rest[:first_bare]  # a blank 年初指标值 the extraction dropped: align right
        names = names[len(names) - first_bare:]
    else:
        values = rest[: len(names)]
    if len(values) < len(names):
        return None
    for name, (_, text) in zip(names, values):
        indicator[name] = compact_value(text)
    last = values[-1][0]
    run = _number_run(cells, last + 1)
    if len(run) >= 3:  # a layout that repeats 分值/得分 cells: 5 5 4.79 4.79 4.79
        collapsed = [v for i, v in enumerate(run) if i == 0 or v != run[i - 1]]
        indicator["weight"] = plain_number(collapsed[0])
        indicator["score"] = plain_number(collapsed[1] if len(collapsed) > 1 else collapsed[0])
        tail = [c for c in cells[last + 1 + len(run):] if c]
        if tail:
            indicator["reason"] = tail[0].strip()
        return indicator
    columns = state.get("columns") or {}
    offset = columns["weight"] - columns["actual"] if {"weight", "actual"} <= set(columns) else 1
    offset = offset if 1 <= offset <= 2 else 1
    weight = cells[last + offset] if last + offset < len(cells) else ""
    score = cells[last + offset + 1] if last + offset + 1 < len(cells) else ""
    last += offset - 1
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


def _number_run(cells: list[str], start: int) -> list[str]:
    run = []
    for cell in cells[start:]:
        if not cell or not is_bare_number(cell):
            break
        run.append(cell)
    return run


def _merged_total(cells: list[str], state: dict) -> None:
    """A 总分 and grade printed at the end of the last indicator row (`… 99.58 99.58 优`)."""
    filled = [i for i, c in enumerate(cells) if c]
    if len(filled) < 3 or not grade_of(cells[filled[-1]]) or not is_bare_number(cells[filled[-2]]):
        return
    total = cells[filled[-2]]
    state["merged_total"] = (plain_number(total), squeeze(cells[filled[-1]]))
    cells[filled[-1]] = ""
    for index in reversed(filled[:-1]):
        if cells[index] != total:
            break
        cells[index] = ""


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
