"""The input workbook: `juesuan template` writes it, the finance officer fills it in,
`juesuan render` reads it.

Sheets (final accounts; budgets alike with B tables):
- 单位信息: 单位名称, 年度, 金额单位, 公开主体 (部门/单位), 文档编号, 职责, 机构设置, 人员编制;
- one sheet per table, `F01 收入支出决算总表` …: column A the row key (行次, 科目编码,
  or 合计), B the item name, then one column per 栏次 (row 4 prints the 栏次 number,
  which is the canonical column key). A table sheet with no number is printed as
  declared empty (本表无数据);
- 上年数及年初预算: last year's figure and the 年初预算 at a canonical address (表, 行, 栏);
- 原因: the 主要原因 of a change, keyed by the section it explains (`一`, `五:208`);
- 其他事项: figures no table carries (中小企业合同金额, 绩效自评项目个数, …).

Reading is strict: a text in a number cell, a row key that is no 行次 or subject code,
a missing sheet — each is an `InputError` naming the sheet and the cell.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..catalog import load, table_kinds
from ..catalog.subjects import subjects
from .layout import print_layout, subject_names
from .source import InputError, Source, decimal_of

INFO = "单位信息"
PRIOR = "上年数及年初预算"
REASONS = "原因"
EXTRA = "其他事项"
INFO_KEYS = [("单位名称", "（必填）单位全称"), ("年度", "（必填）决算年度，如 2024"), ("金额单位", "万元"),
             ("公开主体", "部门"), ("文档编号", ""), ("职责", ""), ("机构设置", ""), ("人员编制", "")]
FINAL_TABLES = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10"]
REQUIRED = {"final_accounts": FINAL_TABLES[:9]}
EXTRA_KEYS = [("中小企业合同金额", "政府采购授予中小企业合同金额"), ("小微企业合同金额", "其中授予小微企业合同金额"),
              ("国内接待费", "公务接待费中的国内接待费"), ("外事接待费", "公务接待费中的外事接待费"),
              ("绩效自评项目个数", "开展绩效自评的项目个数"), ("绩效自评涉及资金", "绩效自评涉及的资金"),
              ("政府采购支出总额", "无 F10 表时填写"), ("机关运行经费", "无 F10 表时填写")]
REASON_KEYS = [("一", "收入支出总计变动"), ("二", "收入变动"), ("三", "支出变动"), ("四", "财政拨款收支总计变动"),
               ("五", "一般公共预算财政拨款支出变动"), ("五:类编码", "某一类支出（如 五:208）的变动"),
               ("九", "“三公”经费变动")]
PRIOR_ROWS = [("F01", "31", "1", "收入总计"), ("F01", "62", "2", "支出总计"), ("F01", "27", "1", "本年收入合计"),
              ("F01", "58", "2", "本年支出合计"), ("F04", "32", "1", "财政拨款收入总计"),
              ("F04", "64", "2", "财政拨款支出总计"), ("F05", "合计", "1", "一般公共预算财政拨款支出"),
              ("F09", "合计", "7", "“三公”经费支出")]


def sheet_name(kind: str) -> str:
    return f"{kind} {table_kinds()[kind]['name']}"[:31]


def _columns(kind: str) -> list[tuple[str, str]]:
    """(栏次 key, printed name) of a table's columns in the input sheet."""
    coded = print_layout()["coded_columns"]
    if kind == "F01":
        return [("1", "收入金额"), ("2", "支出金额")]
    if kind == "F04":
        return [("1", "收入金额"), ("2", "支出合计"), ("3", "一般公共预算财政拨款"), ("4", "政府性基金预算财政拨款"),
                ("5", "国有资本经营预算财政拨款")]
    if kind == "F06":
        return [("1", "决算数")]
    if kind == "F09":
        items = ["合计", "因公出国（境）费", "公务用车购置及运行维护费小计", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
        return [(str(i + 1), f"预算数·{n}") for i, n in enumerate(items)] + \
               [(str(i + 7), f"决算数·{n}") for i, n in enumerate(items)]
    if kind == "F10":
        return [("1", "统计数")]
    entry = coded[kind]
    if isinstance(entry, list):
        return [(str(i + 1), name) for i, name in enumerate(entry)]
    out, group = [], ""
    for i, name in enumerate(entry["columns"]):
        group = name or group  # a None continues the merged heading on its left (本年支出)
        sub = (entry.get("sub") or [""] * len(entry["columns"]))[i]
        out.append((str(i + 1), f"{group}·{sub}" if sub else group))
    return out


def _row_labels(kind: str) -> list[tuple[str, str]]:
    """The rows the template pre-fills: every 行次 of F01/F04/F10, every economic code of
    F06, the 合计 row of the coded tables (the unit adds its subject codes below)."""
    if kind in ("F01", "F04", "F10"):
        rows = load("final_layout.yaml")[kind]["rows"]
        return [(str(k), v or "") for k, v in sorted(rows.items(), key=lambda kv: int(kv[0]))]
    if kind == "F06":
        out = [(code, name) for code, _level, name in subjects().get("经济", [])
               if code[:3] in {"301", "302", "303", "307", "309", "310", "399"}]
        return out + [("人员经费合计", ""), ("公用经费合计", "")]
    return [("合计", "")]


def write_template(path: str | Path, kind: str = "final_accounts", profile: str | None = None) -> Path:
    """An empty input workbook in the standard layout of `kind` (final_accounts | budget)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    if kind != "final_accounts":
        from .budget import write_budget_template

        return write_budget_template(path, profile)
    book = Workbook()
    info = book.active
    info.title = INFO
    info.append(["项目", "内容"])
    for key, hint in INFO_KEYS:
        info.append([key, None, hint])
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 60
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="DDEBF7")
    tables = FINAL_TABLES
    for table in tables:
        sheet = book.create_sheet(sheet_name(table))
        columns = _columns(table)
        sheet.append([table_kinds()[table]["name"]])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"{table}：A 列为行次或科目编码（合计行写“合计”），B 列为项目名称，C 列起按栏次填写金额；"
                      "空白表示未印数字，0 表示印 0.00；整表不填表示本表无数据。"])
        key = {"F01": "行次", "F04": "行次", "F10": "行次", "F06": "经济分类科目编码", "F09": "行"}.get(table, "科目编码")
        sheet.append([key, "项目"] + [name for _c, name in columns])
        sheet.append(["栏次", ""] + [c for c, _n in columns])
        for cell in list(sheet[3]) + list(sheet[4]):
            cell.font = bold
            cell.fill = shade
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for row_key, name in (_row_labels(table) if table != "F09" else [("合计", "")]):
            sheet.append([row_key, name])
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 34
        for index in range(len(columns)):
            sheet.column_dimensions[chr(ord("C") + index)].width = 16
    prior = book.create_sheet(PRIOR)
    prior.append(["表", "行", "栏", "项目", "上年决算数", "年初预算数"])
    for table, row, col, name in PRIOR_ROWS:
        prior.append([table, row, col, name])
    prior.append(["F05", "（类编码）", "1", "某类一般公共预算财政拨款支出（每类一行）"])
    reasons = book.create_sheet(REASONS)
    reasons.append(["章节", "主要原因", "说明"])
    for key, hint in REASON_KEYS:
        reasons.append([key, None, hint])
    extra = book.create_sheet(EXTRA)
    extra.append(["项目", "数值", "说明"])
    for key, hint in EXTRA_KEYS:
        extra.append([key, None, hint])
    for sheet in (prior, reasons, extra):
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = shade
        sheet.column_dimensions["B"].width = 40
        sheet.column_dimensions["D"].width = 36
    book.properties.creator = "juesuan template"
    path = Path(path)
    book.save(str(path))
    return path


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: str | Path) -> Source:
    """A filled-in input workbook → Source. Raises InputError naming sheet and cell."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        book = load_workbook(str(path), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise InputError(str(path), f"not an .xlsx workbook ({type(error).__name__})") from None
    if INFO not in book.sheetnames:
        raise InputError(f"{path.name}", f"required sheet 《{INFO}》 is missing")
    info = {}
    for row in book[INFO].iter_rows(min_row=2):
        if row and cell_text(row[0].value):
            info[cell_text(row[0].value)] = (row[1] if len(row) > 1 else None)
    kind = "budget" if any(name.startswith("B01") for name in book.sheetnames) else "final_accounts"
    if kind == "budget":
        from .budget import read_budget_tables

        tables_reader = read_budget_tables
    else:
        tables_reader = _read_final_tables

    def fact(key: str, required: bool = False) -> str:
        cell = info.get(key)
        value = cell_text(cell.value) if cell is not None else ""
        if required and not value:
            where = f"sheet 《{INFO}》 cell {cell.coordinate}" if cell is not None else f"sheet 《{INFO}》"
            raise InputError(where, f"{key} is required")
        return value

    unit = fact("单位名称", True)
    year_text = fact("年度", True)
    if not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
        raise InputError(f"sheet 《{INFO}》 cell {info['年度'].coordinate}", f"年度 “{year_text}” is not a year")
    source = Source(doc=fact("文档编号") or path.stem, kind=kind, unit_name=unit, year=int(year_text),
                    amount_unit=fact("金额单位") or "万元", scope=fact("公开主体") or "部门",
                    facts={k: fact(k) for k in ("职责", "机构设置", "人员编制") if fact(k)})
    tables_reader(book, source)
    _read_prior(book, source)
    _read_reasons(book, source)
    _read_extra(book, source)
    return source


def _number(cell, sheet: str) -> Decimal:
    return decimal_of(cell.value, f"sheet 《{sheet}》 cell {cell.coordinate}")


def _read_final_tables(book, source: Source) -> None:
    for table in FINAL_TABLES:
        name = sheet_name(table)
        if name not in book.sheetnames:
            if table in REQUIRED["final_accounts"]:
                raise InputError(f"sheet 《{name}》", "required sheet is missing")
            continue
        sheet = book[name]
        keys = [c for c, _n in _columns(table)]
        header = [cell_text(c.value) for c in sheet[4]] if sheet.max_row >= 4 else []
        if header[2:2 + len(keys)] != keys:
            raise InputError(f"sheet 《{name}》 row 4", f"栏次 must read {', '.join(keys)} from column C")
        found = False
        for row in sheet.iter_rows(min_row=5):
            if not row:
                continue
            key = cell_text(row[0].value)
            numbers = [(keys[i], cell) for i, cell in enumerate(row[2:2 + len(keys)]) if cell_text(cell.value)]
            if not numbers:
                continue
            where = f"sheet 《{name}》 cell {row[0].coordinate}"
            _check_key(table, key, where)
            if key.isdigit() and len(key) in (3, 5, 7) and table not in ("F01", "F04", "F10", "F06"):
                given = cell_text(row[1].value) if len(row) > 1 else ""
                if given and given != subject_names().get(key):
                    source.subjects[key] = given
            for col, cell in numbers:
                source.cells[(table, key, col)] = _number(cell, name)
                source.where[(table, key, col)] = f"{name}!{cell.coordinate}"
                found = True
        source.tables_present.append(table)
        if not found:
            source.declared_empty.append(table)


def _check_key(table: str, key: str, where: str) -> None:
    if table in ("F01", "F04", "F10"):
        limit = {"F01": 62, "F04": 64, "F10": 17}[table]
        if not key.isdigit() or not 1 <= int(key) <= limit:
            raise InputError(where, f"“{key}” is not a 行次 of {table} (1–{limit})")
    elif table == "F06":
        if not (key.isdigit() and len(key) in (3, 5)) and key not in ("人员经费合计", "公用经费合计"):
            raise InputError(where, f"“{key}” is not an 经济分类科目编码 (301, 30101) nor 人员经费合计/公用经费合计")
    elif table == "F09":
        if key != "合计":
            raise InputError(where, f"{table} has one row, 合计 (found “{key}”)")
    elif key != "合计" and not (key.isdigit() and len(key) in (3, 5, 7)):
        raise InputError(where, f"“{key}” is not a 功能分类科目编码 (类 3, 款 5, 项 7 digits) nor 合计")


def _read_prior(book, source: Source) -> None:
    if PRIOR not in book.sheetnames:
        return
    for row in book[PRIOR].iter_rows(min_row=2):
        cells = list(row) + [None] * 6
        table, key, col = (cell_text(c.value) if c is not None else "" for c in cells[:3])
        for target, cell in ((source.prior, cells[4]), (source.budget, cells[5])):
            if cell is None or not cell_text(cell.value):
                continue
            if not table or not key or not col or key.startswith("（"):
                raise InputError(f"sheet 《{PRIOR}》 cell {cell.coordinate}",
                                 "a figure needs its 表, 行 and 栏 (columns A–C)")
            target[(table, key, col)] = _number(cell, PRIOR)


def _read_reasons(book, source: Source) -> None:
    if REASONS not in book.sheetnames:
        return
    for row in book[REASONS].iter_rows(min_row=2):
        if len(row) > 1 and cell_text(row[0].value) and cell_text(row[1].value):
            source.reasons[cell_text(row[0].value)] = cell_text(row[1].value)


def _read_extra(book, source: Source) -> None:
    if EXTRA not in book.sheetnames:
        return
    for row in book[EXTRA].iter_rows(min_row=2):
        if len(row) > 1 and cell_text(row[0].value) and cell_text(row[1].value):
            source.extra[cell_text(row[0].value)] = _number(row[1], EXTRA)


def write_source(source: Source, path: str | Path) -> Path:
    """Fill a template with a Source (the reverse of `read_workbook`): lets a unit start
    from last year's extraction, and lets tests build bad workbooks from good ones."""
    from openpyxl import load_workbook

    path = Path(write_template(path, source.kind))
    book = load_workbook(str(path))
    info = book[INFO]
    values = {"单位名称": source.unit_name, "年度": source.year, "金额单位": source.amount_unit,
              "公开主体": source.scope, "文档编号": source.doc, **source.facts}
    for row in info.iter_rows(min_row=2):
        if cell_text(row[0].value) in values:
            row[1].value = values[cell_text(row[0].value)]
    if source.kind == "budget":
        from .budget import fill_budget

        fill_budget(book, source)
    for table in FINAL_TABLES if source.kind != "budget" else []:
        name = sheet_name(table)
        if table not in source.tables_present:
            del book[name]
            continue
        sheet = book[name]
        keys = [c for c, _n in _columns(table)]
        rows = {cell_text(sheet.cell(row=r, column=1).value): r for r in range(5, sheet.max_row + 1)}
        for key in source.rows(table):
            if key not in rows:
                sheet.append([key, source.subjects.get(key) or subject_names().get(key, "")])
                rows[key] = sheet.max_row
            for index, col in enumerate(keys):
                if (table, key, col) in source.cells:
                    sheet.cell(row=rows[key], column=3 + index, value=source.cells[(table, key, col)])
    if PRIOR in book.sheetnames:
        prior = book[PRIOR]
        prior.delete_rows(2, prior.max_row)
        for address in sorted(set(source.prior) | set(source.budget)):
            prior.append([*address, "", source.prior.get(address), source.budget.get(address)])
    for sheet_title, mapping in ((REASONS, source.reasons), (EXTRA, source.extra)):
        sheet = book[sheet_title]
        sheet.delete_rows(2, sheet.max_row)
        for key, value in mapping.items():
            sheet.append([key, value])
    book.save(str(path))
    return path
