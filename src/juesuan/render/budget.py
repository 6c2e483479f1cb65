"""Budgets (部门/单位预算公开, B01–B13): the input sheets, the tables as printed and the
情况说明 — the same machinery as final accounts, with the budget layout of the catalog
(budget_layout.yaml: which tables are keyed by 科目编码, by item name, or two-sided).

Columns are the canonical column keys (normalized printed names: 合计, 基本支出, …); a
table prints the columns its cells use, in the catalog's order, so a unit's own columns
(上年结转安排) appear exactly when it has figures in them.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..catalog import load, table_kinds
from .layout import TableSpec, grouped, money, print_layout, subject_name
from .narrative import Section, Sentence, _Writer, largest_remainder
from .source import InputError, Source, decimal_of

BUDGET_TABLES = [f"B{n:02d}" for n in range(1, 14)]
REQUIRED = BUDGET_TABLES[:6]
TEMPLATE_COLUMNS = {
    "B01": ["预算数", "合计"],  # a regional profile adds its own (Shanxi: 当年预算安排, 上年结转安排)
    "B02": ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金", "上年结转"],
    "B03": ["合计", "基本支出", "项目支出"],
    "B04": ["金额", "小计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
    "B05": ["合计", "基本支出", "项目支出"],
    "B06": ["合计", "人员经费", "公用经费"],
    "B07": ["合计"],
    "B08": ["合计", "基本支出", "项目支出"],
    "B09": ["合计", "基本支出", "项目支出"],
    "B10": ["合计"],
    "B11": ["合计", "一般公共预算"],
    "B12": ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"],
    "B13": ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"],
}
INCOME_ROWS = {  # the income side of the two-sided tables, as the national templates print it
    "B01": ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金", "本年收入合计",
            "上年结转", "收入总计"],
    "B04": ["一般公共预算", "政府性基金预算", "国有资本经营预算", "本年收入合计", "上年财政拨款结转", "收入总计"],
}
TEMPLATE_ROWS = {
    "B01": INCOME_ROWS["B01"] + ["本年支出合计", "支出总计"],
    "B04": INCOME_ROWS["B04"] + ["本年支出合计", "支出总计"],
    "B10": ["合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费"],
}


def _layout(kind: str) -> dict:
    return load("budget_layout.yaml").get(kind, {})


def _column_order(kind: str) -> list[str]:
    out = []
    for column in _layout(kind).get("columns", []):
        out.append(column["key"] if isinstance(column, dict) else column)
    for column in TEMPLATE_COLUMNS.get(kind, []):
        if column not in out:
            out.append(column)
    return out


def columns_of(source: Source, kind: str) -> list[str]:
    used = {c for (t, _r, c) in source.cells if t == kind}
    order = _column_order(kind)
    cols = [c for c in order if c in used] + sorted(used - set(order))
    return cols or TEMPLATE_COLUMNS.get(kind, ["合计"])


def _is_code(key: str) -> bool:
    return key.isdigit() and len(key) in (3, 5, 7)


def _rows_in_order(source: Source, kind: str) -> list[str]:
    """Row keys in the order given (workbook) or, for codes, 合计 then code order."""
    seen: list[str] = []
    for (t, r, _c) in source.cells:
        if t == kind and r not in seen:
            seen.append(r)
    if _layout(kind).get("shape") == "codes":
        return sorted(seen, key=lambda r: (r != "合计", r))
    return seen


def budget_table(source: Source, kind: str) -> TableSpec:
    layout = _layout(kind)
    cols = columns_of(source, kind)
    rows = _rows_in_order(source, kind)
    name = table_kinds()[kind]["name"]
    notes = [] if not source.empty(kind) else [print_layout("budget")["empty_note"]]
    if layout.get("shape") == "two_sided":
        return _two_sided(source, kind, name, notes)
    if layout.get("shape") == "codes":
        header = [["科目编码", "科目名称", *cols]]
        body = [[r if r != "合计" else "合计", "" if r == "合计" else subject_name(source, r)]
                + [money(source.cells.get((kind, r, c))) for c in cols] for r in rows]
        if not body:
            body = [["合计", ""] + [""] * len(cols)]
        return TableSpec(kind, source.label(kind), name, header, body, notes,
                         amount_cols=set(range(2, 2 + len(cols))), zero_fill=True)
    header = [["项目", *cols]]
    body = [[r] + [money(source.cells.get((kind, r, c))) for c in cols] for r in rows] or [["合计"] + [""] * len(cols)]
    return TableSpec(kind, source.label(kind), name, header, body, notes, amount_cols=set(range(1, 1 + len(cols))))


def _two_sided(source: Source, kind: str, name: str, notes: list[str]) -> TableSpec:
    """B01/B04: 收入 items with their column on the left, 支出 items with theirs on the right."""
    income_names = set(load("budget_layout.yaml").get("income_items", []))
    income_cols = [c for c in _layout(kind).get("income_columns", []) if any(
        t == kind and col == c for (t, _r, col) in source.cells)] or _layout(kind).get("income_columns", [])[:1]
    rows = _rows_in_order(source, kind)
    income = _income_rows(kind, [r for r in rows if r in income_names or r.split("/")[0] in income_names])
    spend = [r for r in rows if r not in income]
    spend_cols = [c for c in columns_of(source, kind) if c not in income_cols]
    header = [["项目", *income_cols, "项目", *spend_cols]]
    body = []
    for i in range(max(len(income), len(spend), 1)):
        left = [""] * (1 + len(income_cols))
        if i < len(income):
            key = income[i]
            left = [key.split("/")[-1]] + [money(source.cells.get((kind, key, c))) for c in income_cols]
        right = [""] * (1 + len(spend_cols))
        if i < len(spend):
            key = spend[i]
            right = [key] + [money(source.cells.get((kind, key, c))) for c in spend_cols]
        body.append(left + right)
    first_spend = 1 + len(income_cols)
    amounts = set(range(1, first_spend)) | set(range(first_spend + 1, first_spend + 1 + len(spend_cols)))
    return TableSpec(kind, source.label(kind), name, header, body, notes, amount_cols=amounts,
                     name_col_of={c: (0 if c < first_spend else first_spend) for c in amounts})


def _income_rows(kind: str, printed: list[str]) -> list[str]:
    """The template's income rows (a row with no figure is printed too: a sub-row
    `上年财政拨款结转/一般公共预算` is told from the 本年 row of that name only because
    the 本年 row stands above it), with the unit's other rows in place: a sub-row after its
    parent, any other row before 收入总计."""
    order = list(INCOME_ROWS.get(kind, []))
    for row in printed:
        if row in order:
            continue
        parent = row.split("/")[0] if "/" in row else None
        if parent in order:
            at = order.index(parent) + 1
            while at < len(order) and order[at].startswith(parent + "/"):
                at += 1
            order.insert(at, row)
        else:
            order.insert(len(order) - 1 if order else 0, row)
    return order


def budget_narrative(source: Source) -> list[Section]:
    """The budget 情况说明: 收支总体, 收入, 支出, 财政拨款收支, 一般公共预算支出, 基本支出,
    “三公”经费, 政府性基金, 国有资本经营, 机关运行经费 — each from its table."""
    year, scope = source.year, source.scope
    w = _Writer(source)
    out: list[Section] = []

    def has(kind: str, row: str, col: str) -> bool:
        return source.has(kind, row, col)

    s = Section("一、收支预算总体情况")
    parts = []
    if has("B01", "收入总计", "预算数"):
        parts.append(f"收入总计{w.amount('B01', '收入总计', '预算数')}")
    if has("B01", "支出总计", "合计"):
        parts.append(f"支出总计{w.amount('B01', '支出总计', '合计')}")
    s.paragraphs.append([w.done(f"{year}年{scope}预算" + "，".join(parts) + "。") if parts else
                         Sentence(f"本{scope}{year}年无收支预算。")])
    out.append(s)

    for number, kind, noun in (("二", "B02", "收入预算"), ("三", "B03", "支出预算")):
        s = Section(f"{number}、{noun}情况说明")
        cols = [c for c in columns_of(source, kind) if c not in ("合计", "金额") and has(kind, "合计", c)]
        parts = [source.value(kind, "合计", c) for c in cols]
        shares = largest_remainder(parts)
        split = "；".join(f"{c}{w.amount(kind, '合计', c)}，占{p}%" for c, p in zip(cols, shares))
        # the whole is the sum of the parts listed: in some regions B02's 合计 leaves out 上年结转
        whole = sum(parts, Decimal(0)) if cols else source.value(kind, "合计", "合计")
        if not cols:
            w.amount(kind, "合计", "合计")
        text = f"{year}年{scope}{noun}总计{grouped(whole)}{source.amount_unit}" + (f"，其中：{split}" if split else "")
        s.paragraphs.append([w.done(text + "。")])
        out.append(s)

    s = Section("四、财政拨款收支预算情况说明")
    spend_col = "小计" if has("B04", "支出总计", "小计") else "合计"
    s.paragraphs.append([w.done(f"{year}年{scope}财政拨款收支总预算{w.amount('B04', '收入总计', '金额')}，"
                                f"支出总计{w.amount('B04', '支出总计', spend_col)}。")])
    out.append(s)

    s = Section("五、一般公共预算当年拨款支出情况说明")
    classes = [r for r in _rows_in_order(source, "B05") if _is_code(r) and len(r) == 3]
    shares = largest_remainder([source.value("B05", c, "合计") for c in classes])
    uses = "；".join(f"{subject_name(source, c)}（类）{w.amount('B05', c, '合计')}，占{p}%"
                    for c, p in zip(classes, shares))
    s.paragraphs.append([w.done(f"{year}年一般公共预算当年拨款支出预算{w.amount('B05', '合计', '合计')}"
                                + (f"，主要用于：{uses}" if uses else "") + "。")])
    out.append(s)

    s = Section("六、一般公共预算基本支出情况说明")
    s.paragraphs.append([w.done(f"{year}年一般公共预算基本支出{w.amount('B06', '合计', '合计')}，其中：人员经费"
                                f"{w.amount('B06', '合计', '人员经费')}，公用经费{w.amount('B06', '合计', '公用经费')}。")])
    out.append(s)

    for number, kind, heading, noun in (
            ("七", "B10", "“三公”经费支出预算情况说明", "“三公”经费"),
            ("八", "B08", "政府性基金预算支出情况说明", "政府性基金预算支出"),
            ("九", "B09", "国有资本经营预算支出情况说明", "国有资本经营预算支出")):
        s = Section(f"{number}、{heading}")
        if source.empty(kind):
            s.paragraphs.append([Sentence(f"本{scope}{year}年无{noun}预算，故本表无数据。")])
        else:
            s.paragraphs.append([w.done(f"{year}年{noun}预算{w.amount(kind, '合计', '合计')}。")])
        out.append(s)

    s = Section("十、其他重要事项的情况说明")
    if not source.empty("B11"):
        row = "部门合计" if has("B11", "部门合计", "合计") else _rows_in_order(source, "B11")[0]
        s.paragraphs.append([Sentence("（一）机关运行经费")])
        s.paragraphs.append([w.done(f"{year}年{scope}机关运行经费预算{w.amount('B11', row, '合计')}。")])
    if "政府采购支出总额" in source.extra:
        s.paragraphs.append([Sentence("（二）政府采购情况")])
        s.paragraphs.append([w.done(f"{year}年{scope}政府采购预算总额"
                                    f"{w.figure(source.extra['政府采购支出总额'], '政府采购支出总额')}。")])
    if not s.paragraphs:
        s.paragraphs.append([Sentence(f"本{scope}{year}年无其他需要说明的事项。")])
    out.append(s)
    return out


# ---------------------------------------------------------------- the input workbook

def _sheet(kind: str) -> str:
    return f"{kind} {table_kinds()[kind]['name']}"[:31]


def write_budget_template(path: str | Path, profile: str | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .workbook import EXTRA, EXTRA_KEYS, INFO, INFO_KEYS, REASONS

    book = Workbook()
    info = book.active
    info.title = INFO
    info.append(["项目", "内容"])
    for key, hint in INFO_KEYS:
        info.append([key, None, hint.replace("决算", "预算")])
    for kind in BUDGET_TABLES:
        sheet = book.create_sheet(_sheet(kind))
        sheet.append([table_kinds()[kind]["name"]])
        sheet["A1"].font = Font(bold=True, size=13)
        shape = _layout(kind).get("shape", "names")
        key = "科目编码" if shape == "codes" else "项目"
        sheet.append([f"{kind}：A 列为{key}（合计行写“合计”），B 列为名称，C 列起按第 4 行的栏目填写金额；"
                      "第 4 行的栏目名可增删（如 当年预算安排、上年结转安排）。"])
        cols = TEMPLATE_COLUMNS.get(kind, ["合计"]) + [c for t, c in _profile_columns(profile) if t == kind]
        sheet.append([key, "名称", *cols])
        sheet.append(["栏目", "", *cols])
        for row in TEMPLATE_ROWS.get(kind, ["合计"] if shape == "codes" else []):
            sheet.append([row, ""])
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 30
    reasons = book.create_sheet(REASONS)
    reasons.append(["章节", "主要原因", "说明"])
    extra = book.create_sheet(EXTRA)
    extra.append(["项目", "数值", "说明"])
    for key, hint in EXTRA_KEYS:
        extra.append([key, None, hint])
    book.properties.creator = f"juesuan template{f' ({profile})' if profile else ''}"
    path = Path(path)
    book.save(str(path))
    return path


def _profile_columns(profile: str | None) -> list[tuple[str, str]]:
    """Columns a regional profile's layout prints (catalog/profiles/*.yaml `layout`)."""
    if not profile:
        return []
    entry = load(f"profiles/{profile}.yaml") or {}
    return [(item["table"], item["col"]) for item in entry.get("layout", []) if "col" in item]


def read_budget_tables(book, source: Source) -> None:
    from .workbook import cell_text

    for kind in BUDGET_TABLES:
        name = _sheet(kind)
        if name not in book.sheetnames:
            if kind in REQUIRED:
                raise InputError(f"sheet 《{name}》", "required sheet is missing")
            continue
        sheet = book[name]
        cols = [cell_text(c.value) for c in sheet[4]][2:] if sheet.max_row >= 4 else []
        found = False
        for row in sheet.iter_rows(min_row=5):
            key = cell_text(row[0].value) if row else ""
            cells = [(cols[i], cell) for i, cell in enumerate(row[2:2 + len(cols)]) if cell_text(cell.value)]
            if not cells:
                continue
            if not key:
                raise InputError(f"sheet 《{name}》 cell {row[0].coordinate}",
                                 "a row with amounts needs its key in column A")
            for col, cell in cells:
                if not col:
                    raise InputError(f"sheet 《{name}》 cell {cell.coordinate}",
                                     "an amount under a column with no name (row 4)")
                source.cells[(kind, key, col)] = decimal_of(cell.value, f"sheet 《{name}》 cell {cell.coordinate}")
                source.where[(kind, key, col)] = f"{name}!{cell.coordinate}"
                found = True
        source.tables_present.append(kind)
        if not found:
            source.declared_empty.append(kind)



def fill_budget(book, source: Source) -> None:
    """Write a budget Source into a template workbook (workbook.write_source)."""
    for kind in BUDGET_TABLES:
        name = _sheet(kind)
        if kind not in source.tables_present:
            del book[name]
            continue
        sheet = book[name]
        cols = columns_of(source, kind)
        for index, col in enumerate(cols):
            sheet.cell(row=3, column=3 + index, value=col)
            sheet.cell(row=4, column=3 + index, value=col)
        for extra in range(3 + len(cols), sheet.max_column + 1):
            sheet.cell(row=3, column=extra, value=None)
            sheet.cell(row=4, column=extra, value=None)
        sheet.delete_rows(5, sheet.max_row)
        for row in _rows_in_order(source, kind):
            values = [source.cells.get((kind, row, c)) for c in cols]
            sheet.append([row, subject_name(source, row) if _is_code(row) else ""] + values)
