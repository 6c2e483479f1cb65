"""One 项目支出绩效自评表 (P02) entered by hand: `juesuan score --template` writes the input
workbook, `juesuan score input.xlsx --render out.docx` reads it back into a record (the
shape of spec/performance.md), computes what the profile's rules compute and writes the
自评表 as DOCX; `write_score_xlsx` is `juesuan score FILE --format xlsx`.

The rules are not restated here: execution rate and score, each indicator's score
(quantitative rule or qualitative band), total and grade come from
checks/performance/scoring.py and the profile (catalog/scoring/*.yaml). A qualitative
indicator's score is the evaluator's choice inside its band, so it is the one score the
workbook asks for; every other score cell is computed (what is typed there is ignored).

Reading is strict: a text in a number cell, a missing sheet or header, a qualitative
score outside its band — each is an `InputError` naming the sheet and the cell.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from ..checks.performance.scoring import (HUNDRED, band_limits, band_of, capped_total, grade_for, in_band,
                                          parse_target, profile, rounded, rule_score)
from .workbook import cell_text
from .source import InputError, decimal_of

SHEET = "项目支出绩效自评表"
PROFILES = ("shanxi", "hubei")
INFO_ROWS = [("项目名称", "（必填）"), ("主管部门及代码", ""), ("实施单位", ""), ("年度", ""),
             ("金额单位", "万元"), ("评分规则", "")]
EXEC_HEADER = ["资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
EXEC_ROWS = ["资金总额", "其中：财政拨款", "其中：上年结转资金", "其中：其他资金"]
IND_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "调整后指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"]
IND_BLANK_ROWS = 20
BAND_WORDS = {"full": "达成预期指标", "partial": "部分达成预期指标并具有一定效果", "poor": "未达成预期指标且效果较差"}
STAMP = dt.datetime(2000, 1, 1, 9, 0, 0)  # fixed member dates: the same input gives the same bytes


def _instruction(prof: dict) -> str:
    bands = prof["qualitative"]["bands"]
    share = lambda v: f"{Decimal(str(v)) * 100:.0f}%"  # noqa: E731
    return ("填写说明：灰底格由 juesuan 计算，不必填写（执行率、预算执行得分、定量指标得分、总分、等级）。"
            "金额按“金额单位”填数字；全年预算数未调整时可空（取年初预算数）。"
            "指标值写“≥A”“=A”“≤A”加单位（如 ≥95%、≤2052万元）；实际完成值写数字加同一单位，"
            "定性指标写“达成预期指标”“部分达成预期指标并具有一定效果”或“未达成预期指标且效果较差”，"
            f"并在“得分”栏填自评得分（达成 {share(bands['full']['low'])}–{share(bands['full']['high'])}，"
            f"部分达成 {share(bands['partial']['low'])}–{share(bands['partial']['high'])}，"
            f"未达成 {share(bands['poor']['high'])} 以下 × 分值）。"
            f"预算执行分值 {prof['execution']['weight']}，指标分值合计 {prof['execution']['indicator_weight']}。")


def write_template(path: str | Path, profile_name: str | None = None) -> Path:
    """The input workbook of one P02 self-evaluation for the profile (default shanxi)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    name = profile_name or "shanxi"
    if name not in PROFILES:
        raise InputError("--profile", f"unknown scoring profile “{name}”; known: {', '.join(PROFILES)}")
    prof = profile(name)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    head = PatternFill("solid", fgColor="DDEBF7")
    computed = PatternFill("solid", fgColor="E7E6E6")
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([SHEET])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:I1")
    sheet.append([_instruction(prof)])
    sheet.merge_cells("A2:I2")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[2].height = 75
    for key, hint in INFO_ROWS:
        value = {"金额单位": "万元", "评分规则": name}.get(key)
        sheet.append([key, value, hint if key != "金额单位" else ""])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(EXEC_HEADER)
    top = sheet.max_row
    for label in EXEC_ROWS:
        sheet.append([label, None, None, None, prof["execution"]["weight"] if label == "资金总额" else None])
    for r in range(top, sheet.max_row + 1):
        for c in range(1, len(EXEC_HEADER) + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = box
            if r == top:
                cell.font, cell.fill = bold, head
            elif c >= 6:
                cell.fill = computed
    sheet.append([])
    sheet.append(IND_HEADER)
    top = sheet.max_row
    for _ in range(IND_BLANK_ROWS):
        sheet.append([])
        for c in range(1, len(IND_HEADER) + 1):  # text cells: a typed “=100%” stays a value, not a formula
            if c not in (7, 8):
                sheet.cell(row=sheet.max_row, column=c).number_format = "@"
    sheet.append(["指标完成情况得分"])
    sheet.append(["总分"])
    sheet.append(["自评等级"])
    for r in range(top, sheet.max_row + 1):
        for c in range(1, len(IND_HEADER) + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = box
            if r == top:
                cell.font, cell.fill = bold, head
            elif r > top + IND_BLANK_ROWS:
                cell.fill = computed
    for column, width in zip("ABCDEFGHI", (18, 16, 28, 14, 14, 22, 8, 8, 30)):
        sheet.column_dimensions[column].width = width
    book.properties.creator = "juesuan score --template"
    path = Path(path)
    book.save(str(path))
    return path


# --- reading ------------------------------------------------------------------------------

def _where(cell) -> str:
    return f"sheet 《{SHEET}》 cell {cell.coordinate}"


def _number(cell) -> Decimal | None:
    if not cell_text(cell.value):
        return None
    return decimal_of(cell.value, _where(cell))


def _num_text(value: Decimal) -> str:
    """A Decimal as printed: no exponent, no trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _score_text(value: Decimal) -> str:
    return _num_text(rounded(value, 2))


def read_input(path: str | Path) -> dict:
    """The filled-in workbook → one P02 record (spec/performance.md) with the computed
    rate, balance and scores, total and grade, plus `profile` and each indicator's
    `method` (quantitative | qualitative). Raises InputError naming sheet and cell."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        book = load_workbook(str(path), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise InputError(str(path), f"not an .xlsx workbook ({type(error).__name__})") from None
    if SHEET not in book.sheetnames:
        raise InputError(path.name, f"required sheet 《{SHEET}》 is missing")
    sheet = book[SHEET]
    rows = list(sheet.iter_rows(min_row=1, max_col=len(IND_HEADER)))
    raw = load_workbook(str(path))[SHEET]  # formulas as typed: “=100%” is a target, not 1
    first = {cell_text(row[0].value): index for index, row in reversed(list(enumerate(rows))) if cell_text(row[0].value)}
    for label in ("资金来源", "一级指标"):
        if label not in first:
            raise InputError(f"sheet 《{SHEET}》 column A", f"the header row “{label}” is missing")
    info = {}
    for key, _hint in INFO_ROWS:
        if key in first and first[key] < first["资金来源"]:
            info[key] = rows[first[key]][1]
    title_cell = info.get("项目名称")
    title = cell_text(title_cell.value) if title_cell is not None else ""
    if not title:
        raise InputError(_where(title_cell) if title_cell is not None else f"sheet 《{SHEET}》", "项目名称 is required")
    profile_name = cell_text(info["评分规则"].value) if info.get("评分规则") is not None else ""
    profile_name = profile_name or "shanxi"
    if profile_name not in PROFILES:
        raise InputError(_where(info["评分规则"]), f"评分规则 “{profile_name}” is not one of {', '.join(PROFILES)}")
    prof = profile(profile_name)
    record: dict = {"kind": "P02", "title": title,
                    "unit": (cell_text(info["金额单位"].value) if info.get("金额单位") is not None else "") or "万元",
                    "profile": profile_name}
    for key, field in (("主管部门及代码", "department"), ("实施单位", "budget_unit"), ("年度", "year")):
        if info.get(key) is not None and cell_text(info[key].value):
            record[field] = cell_text(info[key].value)
    record["execution"] = _read_execution(rows[first["资金来源"] + 1:first["一级指标"]], prof)
    indicators, bottom = _read_indicators(rows[first["一级指标"] + 1:], prof, raw)
    record["indicators"] = indicators
    _totals(record, prof, bottom)
    return record


def _read_execution(rows, prof: dict) -> list[dict]:
    weight_default = Decimal(str(prof["execution"]["weight"]))
    out: list[dict] = []
    for row in rows:
        label = cell_text(row[0].value)
        numbers = {field: _number(cell) for field, cell in
                   zip(("initial_budget", "annual_budget", "executed", "weight"), row[1:5])}
        if not label or all(v is None for v in numbers.values()):
            continue
        source = label.removeprefix("其中：").removeprefix("其中:").strip()
        entry: dict = {"source": source}
        for field in ("initial_budget", "annual_budget", "executed"):
            if numbers[field] is not None:
                entry[field] = _num_text(numbers[field])
        budget_field = next((f for f in prof["execution"]["budget_fields"] if numbers[f] is not None), None)
        budget = numbers[budget_field] if budget_field else None
        executed = numbers["executed"]
        if not out:  # 资金总额: the row the execution score comes from
            if budget is None or executed is None:
                cell = row[2] if budget is None else row[3]
                raise InputError(_where(cell), f"{source} needs 全年预算数 (or 年初预算数) and 全年执行数")
            if budget <= 0:
                raise InputError(_where(row[2] if numbers["annual_budget"] is not None else row[1]),
                                 f"{source} 全年预算数 must be above 0")
        if budget is not None and executed is not None:
            entry["balance"] = _num_text(budget - executed)
            if budget > 0:
                rate = rounded(executed / budget * HUNDRED, 2)
                weight = numbers["weight"] if numbers["weight"] is not None else weight_default
                entry["rate_pct"] = format(rate, "f")
                if not out:  # the block's 分值 is printed once, on 资金总额 (spec: execution weight)
                    entry["weight"] = _num_text(weight)
                entry["score"] = _score_text(weight * rate / HUNDRED)  # 分值 × 执行率 (spec, profile)
        out.append(entry)
    if not out:
        cell = rows[0][1] if rows else None
        raise InputError(_where(cell) if cell is not None else f"sheet 《{SHEET}》",
                         "资金总额 needs 全年预算数 and 全年执行数")
    return out


def _read_indicators(rows, prof: dict, raw) -> tuple[list[dict], dict]:
    indicators: list[dict] = []
    bottom: dict = {}
    level1 = level2 = ""
    for row in rows:
        label = cell_text(row[0].value)
        if label in ("指标完成情况得分", "总分", "自评等级"):
            bottom[label] = row
            continue
        texts = [cell_text(c.value) for c in row]
        for c in (3, 4, 5):  # 指标值, 调整后指标值, 实际完成值 typed as “=100%” are formulas to Excel
            typed = raw.cell(row=row[c].row, column=c + 1).value
            if isinstance(typed, str) and typed.startswith("="):
                texts[c] = typed.strip()
        if not any(texts):
            continue
        level1 = texts[0] or level1  # a merged or left-blank 一级/二级 continues the one above
        level2 = texts[1] or level2
        indicator: dict = {"level1": level1, "level2": level2}
        for field, text in zip(("name", "target", "adjusted_target", "actual"), texts[2:6]):
            if text:
                indicator[field] = text
        if texts[8]:
            indicator["reason"] = texts[8]
        weight_cell, score_cell = row[6], row[7]
        weight = _number(weight_cell)
        label_text = indicator.get("name") or level2 or level1
        if level1 == "约束性指标":
            entered = _number(score_cell)
            if entered is not None:
                indicator["score"] = _num_text(entered)
            indicator["method"] = "constraint"
            indicators.append(indicator)
            continue
        if weight is None:
            raise InputError(_where(weight_cell), f"“{label_text}” needs its 分值")
        indicator["weight"] = _num_text(weight)
        actual = indicator.get("actual")
        if not actual:
            raise InputError(_where(row[5]), f"“{label_text}” needs its 实际完成值")
        band = band_of(actual)
        if band:
            entered = _number(score_cell)
            low, high, _, _ = band_limits(prof, band, weight)
            if entered is None:
                raise InputError(_where(score_cell), f"“{label_text}” is qualitative ({actual}): enter its score "
                                 f"in the band {_score_text(low)}–{_score_text(high)}")
            if in_band(prof, band, weight, entered) != "inside":
                raise InputError(_where(score_cell), f"“{label_text}” score {_num_text(entered)} is outside the "
                                 f"band of “{actual}” ({_score_text(low)}–{_score_text(high)})")
            indicator["score"] = _num_text(entered)
            indicator["method"] = "qualitative"
            indicators.append(indicator)
            continue
        target_text = indicator.get("adjusted_target") or indicator.get("target")
        target, value = parse_target(target_text), parse_target(actual)
        cell_of = row[4] if indicator.get("adjusted_target") else row[3]
        if target is None or target.number is None:
            raise InputError(_where(cell_of), f"“{label_text}” 指标值 “{target_text or ''}” has no number to score "
                             f"by; for a qualitative indicator write one of {'、'.join(BAND_WORDS.values())} "
                             "as 实际完成值")
        if value is None or value.number is None:
            raise InputError(_where(row[5]), f"“{label_text}” 实际完成值 “{actual}” is neither a number nor "
                             f"one of {'、'.join(BAND_WORDS.values())}")
        if target.unit and value.unit and target.unit.replace("％", "%") != value.unit.replace("％", "%"):
            raise InputError(_where(row[5]), f"“{label_text}” 实际完成值 “{actual}” is not in the unit of "
                             f"the 指标值 “{target_text}”")
        score = rule_score(weight, target, value)
        if score is None:
            raise InputError(_where(row[5]), f"“{label_text}” cannot be scored from “{target_text}” and “{actual}”")
        indicator["score"] = _score_text(score)
        indicator["method"] = "quantitative"
        indicators.append(indicator)
    if not any(i.get("method") != "constraint" for i in indicators):
        raise InputError(f"sheet 《{SHEET}》", "no indicator rows below the header “一级指标”")
    return indicators, bottom


def _totals(record: dict, prof: dict, bottom: dict) -> None:
    scored = [i for i in record["indicators"] if i.get("method") != "constraint"]
    execution = record["execution"][0]
    weights = sum((Decimal(i["weight"]) for i in scored), Decimal(execution["weight"]))
    if weights != HUNDRED:
        raise InputError(f"sheet 《{SHEET}》 column G", f"预算执行分值 {execution['weight']} + 指标分值 = "
                         f"{_num_text(weights)}, not 100")
    indicator_score = sum((Decimal(i["score"]) for i in scored), Decimal(0))
    total = Decimal(execution["score"]) + indicator_score
    serious = any(i.get("score") and Decimal(i["score"]) < 0 for i in record["indicators"]
                  if i.get("method") == "constraint")
    total = capped_total(prof, total, serious)
    record["indicator_score"] = _num_text(indicator_score)
    record["total_score"] = _num_text(total)
    record["grade"] = grade_for(prof, total)


# --- the 自评表 as DOCX -----------------------------------------------------------------------

def write_docx(record: dict, path: str | Path) -> Path:
    """The 项目支出绩效自评表 with the computed scores and grade: A4 portrait, 宋体/黑体."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    from .office import BODY_FONT, HEADING_FONT, _east_asia, freeze_zip

    word = docx.Document()
    props = word.core_properties
    props.created = props.modified = STAMP
    props.author = "juesuan"
    props.title = f"{record['title']} {SHEET}"
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, not python-docx's US Letter
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    normal = word.styles["Normal"]
    normal.font.size = Pt(9)
    _east_asia(normal, BODY_FONT)
    for name in ("Title", "Heading 1"):
        _east_asia(word.styles[name], HEADING_FONT)
        word.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    heading = word.add_heading(SHEET, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if record.get("year"):
        line = word.add_paragraph(f"（{record['year']}年度）")
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, key in (("项目名称", "title"), ("主管部门及代码", "department"), ("实施单位", "budget_unit")):
        if record.get(key):
            word.add_paragraph(f"{label}：{record[key]}")
    word.add_paragraph(f"金额单位：{record.get('unit', '万元')}　评分规则：{profile(record['profile'])['title']}")
    exec_rows = [["资金来源", "年初预算数", "全年预算数", "全年执行数", "资金结余", "分值", "执行率", "得分"]]
    for entry in record["execution"]:
        exec_rows.append([entry["source"], entry.get("initial_budget", ""), entry.get("annual_budget", ""),
                          entry.get("executed", ""), entry.get("balance", ""), entry.get("weight", ""),
                          f"{entry['rate_pct']}%" if entry.get("rate_pct") else "", entry.get("score", "")])
    _table(word, exec_rows, right_from=1)
    word.add_paragraph("")
    methods = {"quantitative": "定量", "qualitative": "定性", "constraint": "约束性"}
    ind_rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "计分", "偏差原因分析"]]
    for indicator in record["indicators"]:
        ind_rows.append([indicator.get("level1", ""), indicator.get("level2", ""), indicator.get("name", ""),
                         indicator.get("adjusted_target") or indicator.get("target", ""), indicator.get("actual", ""),
                         indicator.get("weight", ""), indicator.get("score", ""),
                         methods.get(indicator.get("method", ""), ""), indicator.get("reason", "")])
    ind_rows.append(["指标完成情况得分", "", "", "", "", "", record["indicator_score"], "", ""])
    ind_rows.append(["总分", "", "", "", "", "", record["total_score"], "", ""])
    ind_rows.append(["自评等级", "", "", "", "", "", record["grade"], "", ""])
    _table(word, ind_rows, right_from=5, right_to=6)
    prof = profile(record["profile"])
    for rule in prof["quantitative"]["rules"] + prof["qualitative"]["rules"]:
        word.add_paragraph(f"注：{rule['text']}")
    path = Path(path)
    word.save(str(path))
    freeze_zip(path, SimpleNamespace(stamp=STAMP))
    return path


def _table(word, rows: list[list[str]], right_from: int, right_to: int | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grid = word.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        cells = grid.rows[r].cells
        for c, text in enumerate(row):
            cells[c].text = str(text)
            if r and right_from <= c <= (right_to if right_to is not None else len(row)) and text:
                cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0:
                cells[c].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


# --- `juesuan score FILE --format xlsx` -------------------------------------------------------

def write_score_xlsx(doc: str, summaries: list[dict], findings: list, path: str | Path) -> Path:
    """Each record's printed scores beside the recomputed ones (sheet 自评得分), and the
    findings (sheet 问题). Numbers are exact number cells; a range (qualitative) stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def cell(value):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value))
        except Exception:  # noqa: BLE001 - a range such as 12–15, or a garbled printed value
            return str(value)

    book = Workbook()
    sheet = book.active
    sheet.title = "自评得分"
    header = ["文档", "附件", "类型", "项目", "评分规则", "行", "名称", "计分", "分值", "所印得分", "重算得分", "所印等级",
              "重算等级"]
    sheet.append(header)
    for item in summaries:
        base = [doc, item.get("attachment"), item.get("kind"), item.get("title"), item.get("profile")]
        sheet.append(base + ["预算执行", "预算执行得分", "rule", None, cell(item.get("execution_score")),
                             cell(item.get("execution_score_recomputed") or item.get("execution_score"))])
        for row in item["indicators"]:
            sheet.append(base + ["指标", row.get("name"), row.get("method"), cell(row.get("weight")),
                                 cell(row.get("score")), cell(row.get("rule_score") or row.get("score"))])
        sheet.append(base + ["合计", "指标完成情况得分", "sum", None, cell(item.get("indicator_score")),
                             cell(item.get("indicator_score_by_rule"))])
        sheet.append(base + ["合计", "总分", "sum", None, cell(item.get("total_score")),
                             cell(item.get("total_by_rule")), item.get("grade"), item.get("grade_by_rule")])
    problems = book.create_sheet("问题")
    problems.append(["文档", "代码", "严重程度", "说明", "应为", "所印"])
    for finding in findings:
        problems.append([finding.doc, finding.code, finding.severity, finding.message, finding.expected,
                         finding.found])
    for ws in (sheet, problems):
        for c in ws[1]:
            c.font = Font(bold=True)
    path = Path(path)
    book.save(str(path))
    return path
