"""The tables of a disclosure as printed, format-free: header rows with their merges,
body rows of texts, the note under each table. Every writer (DOCX, HTML, PDF, XLSX,
text, Markdown) draws the same `TableSpec`s, so the formats cannot disagree.

Item names come from the catalog (final_layout.yaml rows, subject_codes.csv names,
print_layout.yaml headers and notes); an amount is printed exactly as the cell holds it
(2 decimals), a blank cell stays blank, a printed `0.00` stays `0.00`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..catalog import load, table_kinds
from ..catalog.subjects import subjects
from .source import Source


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
    body_merges: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)  # body row → spans
    sources: dict[tuple[int, int], tuple[str, str, str]] = field(default_factory=dict)  # (row, col) → address

    @property
    def width(self) -> int:
        return len(self.header[0])


def money(value: Decimal | None) -> str:
    """An amount as the tables print it: 2 decimals, no separators (`1234.50`)."""
    return "" if value is None else format(value.quantize(Decimal("0.01")), "f")


def grouped(value: Decimal) -> str:
    """An amount as the text prints it: thousands separators and 2 decimals (`1,234.50`)."""
    return f"{value.quantize(Decimal('0.01')):,.2f}"


def ordinal(number: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六 (the item numbers of F01/F04 and of headings)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, unit = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[unit] if unit else "")


@lru_cache(maxsize=None)
def print_layout(kind: str = "final_accounts") -> dict:
    return load("print_layout.yaml")[kind]


@lru_cache(maxsize=None)
def subject_names() -> dict[str, str]:
    return {code: name for system in subjects().values() for code, _level, name in system}


def subject_name(source: Source, code: str) -> str:
    return source.subjects.get(code) or subject_names().get(code, "")


def fill(text: str, source: Source) -> str:
    return text.format(year=source.year, scope=source.scope, unit=source.unit_name,
                       amount_unit=source.amount_unit)


def head_lines(source: Source) -> list[str]:
    """The lines printed between a table's number and its grid."""
    return [fill(line, source) for line in print_layout(source.kind)["head_lines"]]


def build_tables(source: Source) -> list[TableSpec]:
    """Every table the source says is printed (`tables_present`), in national order."""
    builders = {"F01": _f01, "F02": _coded, "F03": _coded, "F04": _f04, "F05": _coded, "F06": _f06,
                "F07": _coded, "F08": _coded, "F09": _f09, "F10": _f10}
    out = []
    for kind in source.tables_present:
        if kind in builders:
            spec = builders[kind](source, kind)
            _all_printed(source, spec)
            out.append(spec)
        elif kind.startswith("B"):
            from .budget import budget_table

            out.append(budget_table(source, kind))
    return out


def _all_printed(source: Source, spec: TableSpec) -> None:
    """Every number of the table has a place in the printed layout: a figure at a 行次
    the template leaves blank, or in a 栏次 it does not print, is an input error — never
    silently left out of the document."""
    from .source import InputError

    placed = set(spec.sources.values())
    for address in source.cells:
        if address[0] == spec.kind and address not in placed:
            table, row, col = address
            where = source.where.get(address, f"{table}[{row},{col}]")
            raise InputError(where, f"{table} prints no cell at row {row}, column {col} in the national layout")


def _spec(source: Source, kind: str, header, body, **kw) -> TableSpec:
    notes = [print_layout(source.kind).get("notes", {}).get(kind, "")]
    if source.empty(kind):
        notes.append(print_layout(source.kind)["empty_note"])
    return TableSpec(kind, source.label(kind), table_kinds()[kind]["name"], header, body,
                     [n for n in notes if n], **kw)


def _cell(source: Source, spec_sources: dict, row: int, col: int, table: str, key: object, column: object) -> str:
    address = (table, str(key), str(column))
    if address in source.cells:
        spec_sources[(row, col)] = address
    return money(source.cells.get(address))


def _rows_of(kind: str) -> dict[int, str]:
    return {int(k): v for k, v in load("final_layout.yaml")[kind]["rows"].items() if v}


def _two_sided(source: Source, kind: str, income_last: int, blank: list[int], income_cols: list[str],
               spend_cols: list[str]) -> tuple[list[list[str]], dict]:
    """F01/F04: income 行次 1…income_last on the left, expenditure after it on the right;
    the first rows of each side numbered 一、二、… as the template prints them."""
    names = _rows_of(kind)
    body, sources = [], {}
    spend_first = income_last + 1
    spend_total = min(r for r, n in names.items() if r > income_last and n.startswith("本年支出"))
    for i in range(1, income_last + 1):
        r = len(body)
        if blank[0] <= i <= blank[1] or i not in names:
            left = ["", str(i), ""]
        else:
            name = f"{ordinal(i)}、{names[i]}" if i < blank[0] else names[i]
            left = [name, str(i), _cell(source, sources, r, 2, kind, i, income_cols[0])]
        j = i + income_last
        name = names.get(j, "")
        if j < spend_total and name:
            name = f"{ordinal(j - spend_first + 1)}、{name}"
        right = [name, str(j)] + [_cell(source, sources, r, 5 + n, kind, j, c) for n, c in enumerate(spend_cols)]
        body.append(left + right)
    return body, sources


def _f01(source: Source, kind: str) -> TableSpec:
    blank = print_layout()["f01_blank_income_rows"]
    body, sources = _two_sided(source, kind, 31, blank, ["1"], ["2"])
    header = [["收入", None, None, "支出", None, None],
              ["项目", "行次", "金额", "项目", "行次", "金额"],
              ["栏次", "", "1", "栏次", "", "2"]]
    return _spec(source, kind, header, body, amount_cols={2, 5}, name_col_of={2: 0, 5: 3}, sources=sources)


def _f04(source: Source, kind: str) -> TableSpec:
    blank = print_layout()["f04_blank_income_rows"]
    body, sources = _two_sided(source, kind, 32, blank, ["1"], ["2", "3", "4", "5"])
    header = [["收入", None, None, "支出", None, None, None, None, None],
              ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款",
               "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
              ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]]
    return _spec(source, kind, header, body, amount_cols={2, 5, 6, 7, 8}, zero_fill=True,
                 name_col_of={2: 0, 5: 3, 6: 3, 7: 3, 8: 3}, sources=sources)


def _coded(source: Source, kind: str) -> TableSpec:
    """F02, F03, F05, F07, F08: a 合计 row, then each 功能分类 code with its name."""
    entry = print_layout()["coded_columns"][kind]
    if isinstance(entry, list):
        columns, group, sub = entry, None, None
    else:
        columns, group, sub = entry["columns"], entry.get("group"), entry.get("sub")
    n = len(columns)
    if group:  # one group heading over every column (本年支出: 小计 | 基本支出 | 项目支出)
        header = [["项目", None, group] + [None] * (n - 1), ["科目代码", "科目名称", *columns]]
    elif sub:
        header = [["项目", None, *columns], ["科目代码", "科目名称", *sub]]
    else:
        header = [["项目", None, *columns], ["科目代码", "科目名称"] + [""] * n]
    header.append(["栏次", ""] + [str(c) for c in range(1, n + 1)])
    body, sources = [], {}
    codes = [r for r in source.rows(kind) if r != "合计"]
    for key in ["合计", *codes]:
        r = len(body)
        label = ["合计", ""] if key == "合计" else [key, subject_name(source, key)]
        body.append(label + [_cell(source, sources, r, 2 + c, kind, key, c + 1) for c in range(n)])
    merges = {0: [(0, 1, "合计")] + [(c, c, body[0][c]) for c in range(2, n + 2)]}
    return _spec(source, kind, header, body, amount_cols=set(range(2, n + 2)), zero_fill=True,
                 body_merges=merges, sources=sources)


def f06_panels(source: Source) -> list[list[tuple[str, str]]]:
    """(code, name) of each panel: the panel's classes, each followed by its 款 — the
    catalog's national list, plus any code the unit printed that the list lacks."""
    layout = print_layout()
    economic = [(c, level, name) for c, level, name in subjects().get("经济", [])]
    printed = {r for (t, r, _c) in source.cells if t == "F06" and r.isdigit()}
    panels = []
    placed: set[str] = set()
    for classes in layout["f06_panels"]:
        panel = []
        for cls in map(str, classes):
            if int(cls) in layout.get("f06_optional_classes", []) and not any(p.startswith(cls) for p in printed):
                continue
            for code, _level, name in economic:
                if code.startswith(cls):
                    panel.append((code, subject_name(source, code) or name))
                    placed.add(code)
            for code in sorted(p for p in printed if p.startswith(cls) and p not in placed):
                panel.append((code, subject_name(source, code)))
                placed.add(code)
        panels.append(panel)
    for code in sorted(printed - placed):  # a class no panel lists: the last panel takes it
        panels[-1].append((code, subject_name(source, code)))
    return panels


def _f06(source: Source, kind: str) -> TableSpec:
    panels = f06_panels(source)
    body, sources = [], {}
    for i in range(max(len(p) for p in panels)):
        row: list[str] = []
        r = len(body)
        for p, panel in enumerate(panels):
            if i < len(panel):
                code, name = panel[i]
                row += [code, name, _cell(source, sources, r, 3 * p + 2, "F06", code, "1")]
            else:
                row += ["", "", ""]
        body.append(row)
    r = len(body)
    last = 3 * len(panels) - 1
    total = ["人员经费合计", "", _cell(source, sources, r, 2, "F06", "人员经费合计", "1"), "公用经费合计"]
    total += [""] * (last - 4) + [_cell(source, sources, r, last, "F06", "公用经费合计", "1")]
    body.append(total)
    merges = {r: [(0, 1, total[0]), (2, 2, total[2]), (3, last - 1, total[3]), (last, last, total[last])]}
    header = [["人员经费", None, None, "公用经费"] + [None] * (last - 3),
              ["科目代码", "科目名称", "决算数"] * len(panels)]
    return _spec(source, kind, header, body, amount_cols={3 * p + 2 for p in range(len(panels))},
                 name_col_of={3 * p + 2: 3 * p + 1 for p in range(len(panels))}, body_merges=merges,
                 sources=sources)


def _f09(source: Source, kind: str) -> TableSpec:
    entry = print_layout()["f09"]
    half = list(entry["items"])
    header = [[entry["groups"][0]] + [None] * 5 + [entry["groups"][1]] + [None] * 5,
              half + half, entry["sub"] + entry["sub"], [str(c) for c in range(1, 13)]]
    body, sources = [], {}
    if not source.empty(kind):
        body.append([_cell(source, sources, 0, c - 1, kind, "合计", c) for c in range(1, 13)])
    return _spec(source, kind, header, body, amount_cols=set(range(12)) if body else set(), sources=sources)


def _f10(source: Source, kind: str) -> TableSpec:
    entry = print_layout()
    names = _rows_of("F10")
    printed = {int(k): v for k, v in entry["f10_printed"].items()}
    body, sources = [], {}
    for heading, rows in entry["f10_sections"]:
        body.append([heading, "", ""])
        for number in rows:
            r = len(body)
            name = printed.get(number) or names.get(number, "")
            if 8 <= number <= 15:  # the kinds of vehicle are numbered 1.–8. under 车辆数合计
                name = f"{number - 7}.{name}"
            body.append([name, str(number), _cell(source, sources, r, 2, kind, number, "1")])
    return _spec(source, kind, [["项目", "行次", "统计数"]], body, amount_cols={2}, sources=sources)
