#!/usr/bin/env python3
"""Write the project's own example disclosure in six formats from one source of truth.

    python examples/generate.py            # writes examples/example-2024.{txt,md,docx,xlsx,html,pdf}
    python examples/generate.py --check    # only verify the numbers

The truth is `sample_cells.jsonl` (every printed number at its canonical address,
spec/cell-addresses.md) plus `sample_meta.json` (unit, year, subject names, the 概况
text) and `layout.yaml` (the national layout: item names of F01/F04/F10, F06 panels).
Everything is synthetic: the unit 示例市示例区示例服务中心 and its numbers are invented.
Before writing, the numbers are checked against the identities a finance bureau's audit
formulas check (F01 totals, 类 = Σ款 = Σ项, F03 合计 = Σ columns, F04/F05/F06 agree), so
the examples are internally consistent and a checker finds nothing to report.

The PDF needs reportlab and the CJK font of the pip package `paperang-p2-fonts-cjk`
(`pip install -e '.[dev]'`); the other formats need only the project's dependencies.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
STEM = "example-2024"
FORMATS = ("txt", "md", "docx", "xlsx", "html", "pdf")
_FIXED_TIME = dt.datetime(2025, 6, 30, 9, 0, 0)  # document properties: no build date leaks in

Cells = dict[tuple[str, str, str], Decimal]


# ---------------------------------------------------------------- the source of truth

def load_cells(path: Path = HERE / "sample_cells.jsonl") -> Cells:
    cells: Cells = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            cells[(record["table"], record["row"], record["col"])] = Decimal(record["value"])
    return cells


def load_meta(path: Path = HERE / "sample_meta.json") -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_layout(path: Path = HERE / "layout.yaml") -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def verify(cells: Cells, meta: dict, layout: dict) -> list[str]:
    """The identities the example must satisfy; returns the failures (empty: consistent)."""
    problems: list[str] = []

    def v(table: str, row: object, col: object) -> Decimal:
        return cells.get((table, str(row), str(col)), Decimal(0))

    def same(name: str, left: Decimal, right: Decimal) -> None:
        if left != right:
            problems.append(f"{name}: {left} != {right}")

    same("F01 27 = Σ1–8", v("F01", 27, 1), sum((v("F01", r, 1) for r in range(1, 9)), Decimal(0)))
    same("F01 31 = 27+28+29", v("F01", 31, 1), v("F01", 27, 1) + v("F01", 28, 1) + v("F01", 29, 1))
    same("F01 58 = Σ32–57", v("F01", 58, 2), sum((v("F01", r, 2) for r in range(32, 58)), Decimal(0)))
    same("F01 62 = 58+59+60", v("F01", 62, 2), v("F01", 58, 2) + v("F01", 59, 2) + v("F01", 60, 2))
    same("F01 31 = 62", v("F01", 31, 1), v("F01", 62, 2))
    for table, columns in (("F02", range(2, 8)), ("F03", range(2, 7)), ("F05", range(2, 4))):
        codes = sorted({row for (t, row, _) in cells if t == table and row != "合计"})
        for row in ["合计", *codes]:
            same(f"{table} {row} col1 = Σ cols", v(table, row, 1),
                 sum((v(table, row, c) for c in columns), Decimal(0)))
        for col in range(1, max(columns) + 1):
            classes = [c for c in codes if len(c) == 3]
            same(f"{table} 合计 col{col} = Σ类", v(table, "合计", col),
                 sum((v(table, c, col) for c in classes), Decimal(0)))
            for parent in codes:
                children = [c for c in codes if c.startswith(parent) and len(c) == len(parent) + 2]
                if children:
                    same(f"{table} {parent} col{col} = Σ children", v(table, parent, col),
                         sum((v(table, c, col) for c in children), Decimal(0)))
    same("F02 合计 = F01 27", v("F02", "合计", 1), v("F01", 27, 1))
    same("F03 合计 = F01 58", v("F03", "合计", 1), v("F01", 58, 2))
    for code, place in layout["class_codes"].items():
        same(f"F01 row {31 + place} = F03 {code}", v("F01", 31 + place, 2), v("F03", code, 1))
        same(f"F04 row {32 + place} = F05 {code}", v("F04", 32 + place, 3), v("F05", code, 1))
        same(f"F04 row {32 + place} col2 = col3+4+5", v("F04", 32 + place, 2),
             v("F04", 32 + place, 3) + v("F04", 32 + place, 4) + v("F04", 32 + place, 5))
    same("F04 27 = 1+2+3", v("F04", 27, 1), v("F04", 1, 1) + v("F04", 2, 1) + v("F04", 3, 1))
    same("F04 28 = 29+30+31", v("F04", 28, 1), v("F04", 29, 1) + v("F04", 30, 1) + v("F04", 31, 1))
    same("F04 32 = 27+28", v("F04", 32, 1), v("F04", 27, 1) + v("F04", 28, 1))
    same("F04 64 = 59+60", v("F04", 64, 2), v("F04", 59, 2) + v("F04", 60, 2))
    same("F04 32 = 64", v("F04", 32, 1), v("F04", 64, 2))
    same("F04 59 col3 = F05 合计", v("F04", 59, 3), v("F05", "合计", 1))
    same("F04 1 = F01 1", v("F04", 1, 1), v("F01", 1, 1))
    same("F06 人员+公用 = F05 基本", v("F06", "人员经费合计", 1) + v("F06", "公用经费合计", 1), v("F05", "合计", 2))
    same("F06 人员经费 = 301+303", v("F06", "人员经费合计", 1), v("F06", "301", 1) + v("F06", "303", 1))
    for panel in layout["f06_panels"]:
        for code, _ in panel:
            code = str(code)
            if len(code) == 3:
                children = [str(c) for c, _ in panel if str(c).startswith(code) and len(str(c)) == 5]
                same(f"F06 {code} = Σ", v("F06", code, 1), sum((v("F06", c, 1) for c in children), Decimal(0)))
    same("F06 公用经费 = 302+307+310+399", v("F06", "公用经费合计", 1),
         sum((v("F06", c, 1) for c in ("302", "307", "310", "399")), Decimal(0)))
    same("F10 1 = 2+3+4", v("F10", 1, 1), v("F10", 2, 1) + v("F10", 3, 1) + v("F10", 4, 1))
    for table in meta["tables_declared_empty"]:
        if any(t == table for (t, _, _) in cells):
            problems.append(f"{table} is declared empty but has cells")
    return problems


# ---------------------------------------------------------------- the document, format-free

@dataclass
class TableSpec:
    """One printed table: header rows (None = merged into the cell on its left), body rows."""

    kind: str
    label: str
    title: str
    header: list[list[str | None]]
    body: list[list[str]]
    notes: list[str]
    amount_cols: set[int] = field(default_factory=set)  # columns of amounts (0-based)
    zero_fill: bool = False  # the text rendering prints 0.00 in blank amounts (as PDF text does)
    name_col_of: dict[int, int] = field(default_factory=dict)  # amount column → its item-name column

    @property
    def width(self) -> int:
        return len(self.header[0])


def money(value: Decimal | None) -> str:
    return "" if value is None else format(value.quantize(Decimal("0.01")), "f")


def build_tables(cells: Cells, meta: dict, layout: dict) -> list[TableSpec]:
    def v(table: str, row: object, col: object) -> str:
        return money(cells.get((table, str(row), str(col))))

    ordinals = layout["ordinals"]
    names = meta["subjects"]
    titles, notes = layout["titles"], layout["notes"]
    empty_note = "说明：本表无数据"
    out: list[TableSpec] = []

    def label(kind: str) -> str:
        return next(k for k, t in meta["printed_table_numbers"].items() if t == kind)

    # F01
    body = []
    income, classes = layout["f01_income"], layout["expenditure_classes"]
    tail_in = {r: n for r, n in layout["f01_tail_income"]}
    tail_out = {r: n for r, n in layout["f01_tail_expenditure"]}
    for i in range(1, 32):
        if i <= 8:
            left = [f"{ordinals[i - 1]}、{income[i - 1]}", str(i), v("F01", i, 1)]
        elif i <= 26:
            left = ["", str(i), ""]
        else:
            left = [tail_in[i], str(i), v("F01", i, 1)]
        j = i + 31
        right = ([f"{ordinals[i - 1]}、{classes[i - 1]}", str(j), v("F01", j, 2)] if i <= 26
                 else [tail_out[j], str(j), v("F01", j, 2)])
        body.append(left + right)
    out.append(TableSpec("F01", label("F01"), titles["F01"],
                         [["收入", None, None, "支出", None, None],
                          ["项目", "行次", "金额", "项目", "行次", "金额"],
                          ["栏次", "", "1", "栏次", "", "2"]],
                         body, [notes["F01"]], amount_cols={2, 5}, name_col_of={2: 0, 5: 3}))

    # F02, F03, F05: by functional subject
    def subject_rows(table: str, ncols: int) -> list[list[str]]:
        codes = sorted({row for (t, row, _) in cells if t == table and row != "合计"})
        rows = [["合计", ""] + [v(table, "合计", c) for c in range(1, ncols + 1)]]
        for code in codes:
            rows.append([code, names[code]] + [v(table, code, c) for c in range(1, ncols + 1)])
        return rows

    f02_cols = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    out.append(TableSpec("F02", label("F02"), titles["F02"],
                         [["项目", None, *f02_cols], ["科目代码", "科目名称"] + [""] * 7,
                          ["栏次", ""] + [str(c) for c in range(1, 8)]],
                         subject_rows("F02", 7), [notes["F02"]], amount_cols=set(range(2, 9)), zero_fill=True))
    f03_cols = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    out.append(TableSpec("F03", label("F03"), titles["F03"],
                         [["项目", None, *f03_cols], ["科目代码", "科目名称"] + [""] * 6,
                          ["栏次", ""] + [str(c) for c in range(1, 7)]],
                         subject_rows("F03", 6), [notes["F03"]], amount_cols=set(range(2, 8)), zero_fill=True))

    # F04
    body = []
    f04_income = layout["f04_income"]
    tail_in = {r: n for r, n in layout["f04_tail_income"]}
    tail_out = {r: n for r, n in layout["f04_tail_expenditure"]}
    for i in range(1, 33):
        if i <= 3:
            left = [f"{ordinals[i - 1]}、{f04_income[i - 1]}", str(i), v("F04", i, 1)]
        elif i <= 26:
            left = ["", str(i), ""]
        else:
            left = [tail_in[i], str(i), v("F04", i, 1)]
        j = i + 32
        name = f"{ordinals[i - 1]}、{classes[i - 1]}" if i <= 26 else tail_out[j]
        body.append(left + [name, str(j)] + [v("F04", j, c) for c in range(2, 6)])
    out.append(TableSpec("F04", label("F04"), titles["F04"],
                         [["收入", None, None, "支出", None, None, None, None, None],
                          ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款",
                           "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
                          ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]],
                         body, [notes["F04"]], amount_cols={2, 5, 6, 7, 8},
                         zero_fill=True, name_col_of={2: 0, 5: 3, 6: 3, 7: 3, 8: 3}))

    out.append(TableSpec("F05", label("F05"), titles["F05"],
                         [["项目", None, "本年支出", None, None], ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
                          ["栏次", "", "1", "2", "3"]],
                         subject_rows("F05", 3), [notes["F05"]], amount_cols={2, 3, 4}, zero_fill=True))

    # F06: three panels side by side
    panels = layout["f06_panels"]
    body = []
    for i in range(max(len(p) for p in panels)):
        row: list[str] = []
        for panel in panels:
            if i < len(panel):
                code, name = str(panel[i][0]), panel[i][1]
                row += [code, name, v("F06", code, 1)]
            else:
                row += ["", "", ""]
        body.append(row)
    body.append(["人员经费合计", "", v("F06", "人员经费合计", 1), "公用经费合计", "", "", "", "",
                 v("F06", "公用经费合计", 1)])
    out.append(TableSpec("F06", label("F06"), titles["F06"],
                         [["人员经费", None, None, "公用经费", None, None, None, None, None],
                          ["科目代码", "科目名称", "决算数"] * 3],
                         body, [notes["F06"]], amount_cols={2, 5, 8}, name_col_of={2: 1, 5: 4, 8: 7}))

    # F07, F08, F09: declared empty
    out.append(TableSpec("F07", label("F07"), titles["F07"],
                         [["项目", None, "年初结转和结余", "本年收入", "本年支出", None, None, "年末结转和结余"],
                          ["科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
                          ["栏次", ""] + [str(c) for c in range(1, 7)]],
                         [["合计"] + [""] * 7], [notes["F07"], empty_note]))
    out.append(TableSpec("F08", label("F08"), titles["F08"],
                         [["项目", None, "本年支出", None, None], ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
                          ["栏次", "", "1", "2", "3"]],
                         [["合计"] + [""] * 4], [notes["F08"], empty_note]))
    half = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", None, None, "公务接待费"]
    sub = ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    out.append(TableSpec("F09", label("F09"), titles["F09"],
                         [["预算数", None, None, None, None, None, "决算数", None, None, None, None, None],
                          half + half, sub + sub, [str(c) for c in range(1, 13)]],
                         [], [notes["F09"], empty_note]))

    # F10
    body = []
    for heading, items in layout["f10_sections"]:
        body.append([heading, "", ""])
        for number, name in items:
            body.append([name, str(number), v("F10", number, 1)])
    out.append(TableSpec("F10", label("F10"), titles["F10"], [["项目", "行次", "统计数"]],
                         body, [notes["F10"]], amount_cols={2}))
    return out


def pct(part: Decimal, whole: Decimal) -> str:
    return format((part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


def narrative(cells: Cells, meta: dict) -> list[tuple[str, list[str]]]:
    """第三部分 情况说明: every figure computed from the cells."""
    def c(table: str, row: object, col: object) -> Decimal:
        return cells.get((table, str(row), str(col)), Decimal(0))

    year = meta["year"]
    income, spent = c("F01", 27, 1), c("F01", 58, 2)
    basic, project = c("F03", "合计", 2), c("F03", "合计", 3)
    gp = c("F05", "合计", 1)
    names = meta["subjects"]
    classes = sorted(code for (t, code, _) in cells if t == "F05" and len(code) == 3)
    uses = "，".join(f"{names[k]}{money(c('F05', k, 1))}万元" for k in classes)
    return [
        ("一、收入支出决算总体情况说明",
         [f"{year}年度收入总计{money(c('F01', 31, 1))}万元，支出总计{money(c('F01', 62, 2))}万元。"
          f"年末结转和结余{money(c('F01', 60, 2))}万元。"]),
        ("二、收入决算情况说明",
         [f"本年收入合计{money(income)}万元，其中：一般公共预算财政拨款收入{money(c('F01', 1, 1))}万元，"
          f"占{pct(c('F01', 1, 1), income)}%；事业收入{money(c('F01', 5, 1))}万元，占{pct(c('F01', 5, 1), income)}%；"
          f"其他收入{money(c('F01', 8, 1))}万元，占{pct(c('F01', 8, 1), income)}%。"]),
        ("三、支出决算情况说明",
         [f"本年支出合计{money(spent)}万元，其中：基本支出{money(basic)}万元，占{pct(basic, spent)}%；"
          f"项目支出{money(project)}万元，占{pct(project, spent)}%。"]),
        ("四、财政拨款收支决算总体情况说明",
         [f"{year}年度财政拨款收入总计{money(c('F04', 32, 1))}万元，支出总计{money(c('F04', 64, 2))}万元。"]),
        ("五、一般公共预算财政拨款支出决算情况说明",
         [f"{year}年度一般公共预算财政拨款支出{money(gp)}万元，主要用于：{uses}。"]),
        ("六、一般公共预算财政拨款基本支出决算情况说明",
         [f"{year}年度一般公共预算财政拨款基本支出{money(c('F05', '合计', 2))}万元，其中：人员经费"
          f"{money(c('F06', '人员经费合计', 1))}万元，公用经费{money(c('F06', '公用经费合计', 1))}万元。"]),
        ("七、政府性基金预算财政拨款收支决算情况说明", [f"本单位{year}年度无政府性基金预算财政拨款收入和支出。"]),
        ("八、国有资本经营预算财政拨款支出决算情况说明", [f"本单位{year}年度无国有资本经营预算财政拨款支出。"]),
        ("九、财政拨款“三公”经费支出决算情况说明", [f"本单位{year}年度无财政拨款“三公”经费支出。"]),
        ("十、其他重要事项情况说明",
         [f"{year}年度政府采购支出总额{money(c('F10', 1, 1))}万元，其中：政府采购货物支出"
          f"{money(c('F10', 2, 1))}万元，政府采购服务支出{money(c('F10', 4, 1))}万元。",
          f"截至{year}年12月31日，本单位无公务用车，无单价50万元以上通用设备和单价100万元以上专用设备。"]),
    ]


def head_lines(meta: dict) -> list[str]:
    """The lines printed between a table's number and its grid."""
    return [f"部门名称：{meta['unit_name']}", f"{meta['year']}年度", f"金额单位：{meta['amount_unit']}"]


def _cover(meta: dict) -> tuple[str, str]:
    return meta["unit_name"], f"{meta['year']}年度部门决算公开"


def _parts(meta: dict) -> dict[str, str]:
    return {"one": "第一部分 概况", "two": f"第二部分 {meta['year']}年度部门决算表", "three": "第三部分 情况说明"}


def _flat(row: list[str | None]) -> list[str]:
    return ["" if cell is None else cell for cell in row]


# ---------------------------------------------------------------- renderers

def render_txt(tables, story, meta) -> str:
    """Plain text as a PDF extractor gives it: cells separated by spaces, pages by form feeds."""
    unit, subtitle = _cover(meta)
    parts = _parts(meta)
    lines = [unit, subtitle, "", parts["one"]]
    for heading, text in meta["overview"]:
        lines += [heading, text]
    lines += ["", parts["two"]]
    for table in tables:
        lines.append("\f" + table.title)
        lines += [table.label, *head_lines(meta)]
        for row in table.header:
            lines.append(" ".join(cell for cell in _flat(row) if cell))
        for row in table.body:
            cells = list(row)
            if table.zero_fill:
                for col in table.amount_cols:
                    name_col = table.name_col_of.get(col, 0)
                    if not cells[col] and cells[name_col]:
                        cells[col] = "0.00"
            lines.append(" ".join(cell for cell in cells if cell))
        lines += table.notes
    lines += ["\f" + parts["three"]]
    for heading, paragraphs in story:
        lines += [heading, *paragraphs]
    return "\n".join(lines) + "\n"


def render_md(tables, story, meta) -> str:
    """Markdown as office converters write it: headings, and tables as tab-separated lines."""
    unit, subtitle = _cover(meta)
    parts = _parts(meta)
    out = [f"# {unit}", "", subtitle, "", f"## {parts['one']}", ""]
    for heading, text in meta["overview"]:
        out += [f"### {heading}", "", text, ""]
    out += [f"## {parts['two']}", ""]
    for table in tables:
        out += [f"## {table.title}", "", table.label, ""]
        for line in head_lines(meta):
            out += [line, ""]
        for row in table.header + table.body:
            out.append("\t".join(_flat(row)))
        out.append("")
        for note in table.notes:
            out += [note, ""]
    out += [f"## {parts['three']}", ""]
    for heading, paragraphs in story:
        out += [f"### {heading}", ""]
        for paragraph in paragraphs:
            out += [paragraph, ""]
    return "\n".join(out)


def _spans(row: list[str | None]) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of each printed cell, merges included."""
    spans: list[tuple[int, int, str]] = []
    for col, cell in enumerate(row):
        if cell is None and spans:
            first, _, text = spans[-1]
            spans[-1] = (first, col, text)
        else:
            spans.append((col, col, cell or ""))
    return spans


def _body_spans(table: TableSpec, row: list[str]) -> list[tuple[int, int, str]]:
    """Body merges: a 合计 label that spans its code and name columns (F06 totals)."""
    if table.kind == "F06" and row and row[0] == "人员经费合计":
        return [(0, 1, row[0]), (2, 2, row[2]), (3, 7, row[3]), (8, 8, row[8])]
    return [(c, c, text) for c, text in enumerate(row)]


def render_docx(tables, story, meta, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    word = docx.Document()
    word.core_properties.created = _FIXED_TIME
    word.core_properties.modified = _FIXED_TIME
    word.core_properties.author = "juesuan examples"
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    word.styles["Normal"].font.size = Pt(9)
    unit, subtitle = _cover(meta)
    parts = _parts(meta)
    word.add_heading(unit, level=0)
    word.add_paragraph(subtitle)
    word.add_heading(parts["one"], level=1)
    for heading, text in meta["overview"]:
        word.add_heading(heading, level=2)
        word.add_paragraph(text)
    word.add_heading(parts["two"], level=1)
    for table in tables:
        word.add_page_break()
        word.add_heading(table.title, level=2)
        word.add_paragraph(table.label)
        for line in head_lines(meta):
            word.add_paragraph(line)
        rows = len(table.header) + len(table.body)
        grid = word.add_table(rows=rows, cols=table.width)
        grid.style = "Table Grid"
        for r, row in enumerate(table.header):
            for first, last, text in _spans(row):
                cell = grid.cell(r, first)
                if last > first:
                    cell = cell.merge(grid.cell(r, last))
                cell.text = text
        for r, row in enumerate(table.body, len(table.header)):
            for first, last, text in _body_spans(table, row):
                cell = grid.cell(r, first)
                if last > first:
                    cell = cell.merge(grid.cell(r, last))
                cell.text = text
        for note in table.notes:
            word.add_paragraph(note)
    word.add_page_break()
    word.add_heading(parts["three"], level=1)
    for heading, paragraphs in story:
        word.add_heading(heading, level=2)
        for paragraph in paragraphs:
            word.add_paragraph(paragraph)
    word.save(str(path))
    _freeze_zip(path)


def render_xlsx(tables, story, meta, path: Path) -> None:
    """One sheet per table, as finance software exports them: amounts are number cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    book.properties.creator = "juesuan examples"
    book.remove(book.active)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for table in tables:
        sheet = book.create_sheet(table.label)
        width = table.width
        sheet.append([table.title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = Alignment(horizontal="center")
        for line in [table.label, *head_lines(meta)]:
            sheet.append([line])
        top = sheet.max_row + 1
        for r, row in enumerate(table.header, top):
            for first, last, text in _spans(row):
                sheet.cell(row=r, column=first + 1, value=text or None)
                if last > first:
                    sheet.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last + 1)
        start = top + len(table.header)
        for r, row in enumerate(table.body, start):
            for first, last, text in _body_spans(table, row):
                cell = sheet.cell(row=r, column=first + 1)
                if text and first in table.amount_cols:
                    cell.value = float(text)  # a real number cell, as the finance software writes
                    cell.number_format = "#,##0.00"
                else:
                    cell.value = text or None
                if last > first:
                    sheet.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last + 1)
        for r in range(top, start + len(table.body)):
            for c in range(1, width + 1):
                sheet.cell(row=r, column=c).border = box
        for note in table.notes:
            sheet.append([note])
        for c in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 14
    book.save(str(path))
    _freeze_zip(path)


def _freeze_zip(path: Path) -> None:
    """Rewrite an Office file with fixed member dates: the same input gives the same bytes."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            archive.writestr(fixed, data)


def render_html(tables, story, meta) -> str:
    from html import escape

    unit, subtitle = _cover(meta)
    parts = _parts(meta)
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(unit)} {escape(subtitle)}</title>",
           "<style>table{border-collapse:collapse}td,th{border:1px solid #444;padding:2px 6px}"
           "td.n{text-align:right}</style>", "</head>", "<body>",
           f"<h1>{escape(unit)}</h1>", f"<p>{escape(subtitle)}</p>", f"<h2>{escape(parts['one'])}</h2>"]
    for heading, text in meta["overview"]:
        out += [f"<h3>{escape(heading)}</h3>", f"<p>{escape(text)}</p>"]
    out.append(f"<h2>{escape(parts['two'])}</h2>")
    for table in tables:
        out += [f"<h3>{escape(table.title)}</h3>", f"<p>{escape(table.label)}</p>"]
        out += [f"<p>{escape(line)}</p>" for line in head_lines(meta)]
        out.append("<table>")
        for row in table.header:
            cells = []
            for first, last, text in _spans(row):
                span = f' colspan="{last - first + 1}"' if last > first else ""
                cells.append(f"<th{span}>{escape(text)}</th>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        for row in table.body:
            cells = []
            for first, last, text in _body_spans(table, row):
                span = f' colspan="{last - first + 1}"' if last > first else ""
                kind = ' class="n"' if first in table.amount_cols else ""
                cells.append(f"<td{span}{kind}>{escape(text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        out += [f"<p>{escape(note)}</p>" for note in table.notes]
    out.append(f"<h2>{escape(parts['three'])}</h2>")
    for heading, paragraphs in story:
        out.append(f"<h3>{escape(heading)}</h3>")
        out += [f"<p>{escape(p)}</p>" for p in paragraphs]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def cjk_font_path() -> Path:
    """wqy-microhei.ttc from the pip package paperang-p2-fonts-cjk."""
    import importlib.resources

    try:
        root = importlib.resources.files("paperang_p2_fonts_cjk")
    except ModuleNotFoundError as error:
        raise SystemExit("the PDF example needs the CJK font: pip install paperang-p2-fonts-cjk") from error
    path = Path(str(root.joinpath("fonts", "wqy-microhei.ttc")))
    if not path.exists():
        raise SystemExit(f"CJK font not found at {path}")
    return path


def render_pdf(tables, story, meta, path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # no creation date or random id: the same input gives the same bytes
    pdfmetrics.registerFont(TTFont("WQY", str(cjk_font_path()), subfontIndex=0))
    base = ParagraphStyle("base", fontName="WQY", fontSize=9, leading=13, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=14, leading=20, alignment=TA_CENTER)
    cover = ParagraphStyle("cover", parent=base, fontSize=20, leading=30, alignment=TA_CENTER)
    heading = ParagraphStyle("heading", parent=base, fontSize=11, leading=16)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    head_cell = ParagraphStyle("head", parent=base, fontSize=7, leading=9, alignment=TA_CENTER)
    unit, subtitle = _cover(meta)
    parts = _parts(meta)
    story_out = [Spacer(1, 40 * mm), Paragraph(unit, cover), Paragraph(subtitle, cover), PageBreak(),
                 Paragraph(parts["one"], heading)]
    for head, text in meta["overview"]:
        story_out += [Paragraph(head, heading), Paragraph(text, base)]
    story_out += [Paragraph(parts["two"], heading)]
    for table in tables:
        story_out += [PageBreak(), Paragraph(table.title, title), Paragraph(table.label, right)]
        story_out += [Paragraph(line, base) for line in head_lines(meta)]
        data: list[list] = []
        style = [("FONT", (0, 0), (-1, -1), "WQY", 7), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEADING", (0, 0), (-1, -1), 8),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
        for r, row in enumerate(table.header):
            line = [""] * table.width
            for first, last, text in _spans(row):
                line[first] = Paragraph(text, head_cell) if len(text) > 6 else text
                if last > first:
                    style.append(("SPAN", (first, r), (last, r)))
            data.append(line)
            style.append(("ALIGN", (0, r), (-1, r), "CENTER"))
        for r, row in enumerate(table.body, len(table.header)):
            line = [""] * table.width
            for first, last, text in _body_spans(table, row):
                line[first] = text
                if last > first:
                    style.append(("SPAN", (first, r), (last, r)))
            data.append(line)
        for col in table.amount_cols:
            style.append(("ALIGN", (col, len(table.header)), (col, -1), "RIGHT"))
        widths = _pdf_widths(table)
        story_out.append(Table(data, colWidths=widths, style=TableStyle(style), repeatRows=len(table.header)))
        story_out += [Spacer(1, 2 * mm)] + [Paragraph(note, base) for note in table.notes]
    story_out += [PageBreak(), Paragraph(parts["three"], heading)]
    for head, paragraphs in story:
        story_out.append(Paragraph(head, heading))
        story_out += [Paragraph(p, base) for p in paragraphs]
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                 topMargin=10 * mm, bottomMargin=10 * mm, title=f"{unit} {subtitle}",
                                 author="juesuan examples")
    document.build(story_out)


def _pdf_widths(table: TableSpec) -> list[float]:
    """Column widths in points: names wide, codes and 行次 narrow, amounts in between."""
    usable = 270 * 2.8346  # landscape A4 less margins, in points
    weights = []
    for col in range(table.width):
        texts = [_flat(row)[col] for row in table.body] + [_flat(row)[col] for row in table.header[-1:]]
        longest = max((len(t) for t in texts), default=2)
        weights.append(min(max(longest, 3), 22))
    total = sum(weights)
    return [usable * w / total for w in weights]


# ---------------------------------------------------------------- main

def write_all(out_dir: Path = HERE, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    cells, meta, layout = load_cells(), load_meta(), load_layout()
    problems = verify(cells, meta, layout)
    if problems:
        raise SystemExit("sample_cells.jsonl is inconsistent:\n  " + "\n  ".join(problems))
    tables = build_tables(cells, meta, layout)
    story = narrative(cells, meta)
    written = []
    for fmt in formats:
        path = out_dir / f"{STEM}.{fmt}"
        if fmt == "txt":
            path.write_text(render_txt(tables, story, meta), encoding="utf-8")
        elif fmt == "md":
            path.write_text(render_md(tables, story, meta), encoding="utf-8")
        elif fmt == "html":
            path.write_text(render_html(tables, story, meta), encoding="utf-8")
        elif fmt == "docx":
            render_docx(tables, story, meta, path)
        elif fmt == "xlsx":
            render_xlsx(tables, story, meta, path)
        elif fmt == "pdf":
            render_pdf(tables, story, meta, path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the numbers, write nothing")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of formats")
    args = parser.parse_args(argv)
    if args.check:
        problems = verify(load_cells(), load_meta(), load_layout())
        print("\n".join(problems) or "consistent")
        return 1 if problems else 0
    for path in write_all(args.out, tuple(args.formats.split(","))):
        print(f"wrote {path} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
