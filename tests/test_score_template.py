"""`juesuan score --template` / `score input.xlsx --render out.docx` / `score FILE --format xlsx`:
one 项目支出绩效自评表 entered by hand, scored by the profile's rules and written as DOCX."""
from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import corpus_path, read_jsonl
from juesuan.cli import app
from test_performance_readers import SHANXI


def run(*args: str):
    result = CliRunner().invoke(app, ["score", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def make_template(tmp_path, *extra: str):
    path = tmp_path / "input.xlsx"
    result = run("--template", "-o", str(path), *extra)
    assert result.exit_code == 0, result.output
    return path


def _row_of(sheet, label: str) -> int:
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row {label}")


def fill(path, title: str, execution: list[dict], indicators: list[dict], **info) -> None:
    """Type a self-evaluation into the template the way an officer would (strings or numbers)."""
    book = load_workbook(path)
    sheet = book["项目支出绩效自评表"]
    for label, value in {"项目名称": title, **info}.items():
        sheet.cell(row=_row_of(sheet, label), column=2, value=value)
    top = _row_of(sheet, "资金来源")
    for offset, entry in enumerate(execution, 1):
        values = [entry["source"], entry.get("initial_budget"), entry.get("annual_budget"), entry.get("executed")]
        for column, value in enumerate(values, 1):
            sheet.cell(row=top + offset, column=column, value=value)
        if entry.get("weight"):
            sheet.cell(row=top + offset, column=5, value=entry["weight"])
    top = _row_of(sheet, "一级指标")
    for offset, item in enumerate(indicators, 1):
        values = [item.get(k) for k in ("level1", "level2", "name", "target", "adjusted_target", "actual",
                                        "weight", "entered_score", "reason")]
        for column, value in enumerate(values, 1):
            sheet.cell(row=top + offset, column=column, value=value)
    book.save(path)


def render(tmp_path, path):
    out = tmp_path / "out.docx"
    result = run(str(path), "--render", str(out))
    return result, out


def docx_tables(path) -> list[list[list[str]]]:
    import docx

    document = docx.Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables], document


def test_template_has_the_p02_layout(tmp_path):
    sheet = load_workbook(make_template(tmp_path))["项目支出绩效自评表"]
    column_a = [c.value for c in sheet["A"] if c.value]
    assert column_a[0] == "项目支出绩效自评表" and column_a[1].startswith("填写说明")
    assert {"项目名称", "资金来源", "资金总额", "一级指标", "总分", "自评等级"} <= set(column_a)
    header = [c.value for c in sheet[_row_of(sheet, "资金来源")]][:7]
    assert header == ["资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert sheet.cell(row=_row_of(sheet, "资金总额"), column=5).value == 10  # shanxi: 执行 10 分
    assert sheet.cell(row=_row_of(sheet, "评分规则"), column=2).value == "shanxi"
    hubei = load_workbook(make_template(tmp_path, "--profile", "hubei"))["项目支出绩效自评表"]
    assert hubei.cell(row=_row_of(hubei, "资金总额"), column=5).value == 20


@pytest.mark.corpus
def test_attachment_2_rendered_reproduces_its_printed_scores(tmp_path):
    records = read_jsonl(corpus_path("gold", "xinzhou-2022-perf", "records.jsonl"))
    (gold,) = [r for r in records if r.get("attachment") == 2]
    # gold/xinzhou-2022-perf/findings.json lists no score finding for A02 (only the 满意度 row's
    # missing name, A02-SAT-NAME-MISSING): every printed score agrees with the Shanxi rules, so
    # the computed scores are asserted equal to the printed ones throughout.
    path = make_template(tmp_path)
    execution = [{k: e.get(k) for k in ("source", "initial_budget", "annual_budget", "executed")}
                 for e in gold["execution"]]
    indicators = []
    for item in gold["indicators"]:
        row = {k: item.get(k) for k in ("level1", "level2", "name", "target", "adjusted_target", "actual",
                                        "weight", "reason")}
        if item["actual"] in ("达成预期指标", "部分达成预期指标并具有一定效果", "未达成预期指标且效果较差"):
            row["entered_score"] = item["score"]  # a qualitative score is the evaluator's choice in its band
        indicators.append(row)
    fill(path, gold["title"], execution, indicators, 主管部门及代码=gold["department"], 实施单位=gold["budget_unit"])
    result, out = render(tmp_path, path)
    assert result.exit_code == 0, result.output
    (funding, table), document = docx_tables(out)
    assert funding[0][-1] == "得分"
    for row, printed in zip(funding[1:], gold["execution"]):
        assert row[0] == printed["source"]
        assert Decimal(row[6].rstrip("%")) == Decimal(printed["rate_pct"])
        assert Decimal(row[7]) == Decimal(printed["score"])
        assert Decimal(row[4]) == Decimal(printed["balance"])
    body = table[1:1 + len(gold["indicators"])]
    for row, printed in zip(body, gold["indicators"]):
        assert row[2] == printed.get("name", "")
        assert Decimal(row[6]) == Decimal(printed["score"]), printed.get("name")
    totals = {row[0]: row[6] for row in table[-3:]}
    assert Decimal(totals["指标完成情况得分"]) == Decimal(gold["indicator_score"])
    assert Decimal(totals["总分"]) == Decimal(gold["total_score"])
    assert totals["自评等级"] == gold["grade"]
    section = document.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


def test_hand_written_workbook_is_scored_by_the_rules(tmp_path):
    from juesuan.render.performance import read_input

    path = make_template(tmp_path)
    fill(path, "示例培训项目",
         [{"source": "资金总额", "initial_budget": 100, "annual_budget": "80", "executed": 60}],
         [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "target": "≥1000人次",
           "actual": "800人次", "weight": 30, "entered_score": 99},  # typed over a computed cell: ignored
          {"level2": "成本指标", "name": "人均成本", "target": "≤500元", "actual": "625元", "weight": 20},
          {"level1": "效益指标", "level2": "社会效益指标", "name": "技能提升", "target": "明显提升",
           "actual": "部分达成预期指标并具有一定效果", "weight": 20, "entered_score": "13.5"},
          {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "学员满意度", "target": "≥90%",
           "actual": "95%", "weight": 20}])
    record = read_input(path)
    assert record["profile"] == "shanxi" and record["kind"] == "P02"
    (total,) = record["execution"]
    # 全年预算数 80 (adjusted), not the 年初 100: 60 / 80 = 75%, 10 × 75% = 7.5
    assert (total["rate_pct"], total["score"], total["balance"]) == ("75.00", "7.5", "20")
    scores = [i["score"] for i in record["indicators"]]
    assert scores == ["24", "16", "13.5", "20"]  # 30×800/1000; ≤: 20×500/625; band choice; capped at weight
    assert [i["method"] for i in record["indicators"]] == ["quantitative", "quantitative", "qualitative",
                                                           "quantitative"]
    assert record["indicators"][1]["level1"] == "产出指标"  # a blank 一级指标 continues the one above
    assert (record["indicator_score"], record["total_score"], record["grade"]) == ("73.5", "81", "良")
    result, out = render(tmp_path, path)
    assert result.exit_code == 0 and "总分 81" in result.stderr
    (_funding, table), _ = docx_tables(out)
    assert table[-1][0] == "自评等级" and table[-1][6] == "良"


@pytest.mark.parametrize("change, where", [
    (lambda s: s.cell(row=_row_of(s, "资金总额"), column=4, value="约60万"), "cell D"),
    (lambda s: s.cell(row=_row_of(s, "一级指标") + 1, column=7, value="三十"), "cell G"),
    (lambda s: s.cell(row=_row_of(s, "一级指标") + 2, column=8, value=19), "cell H"),  # below 达成 band 24–30
])
def test_bad_input_names_sheet_and_cell(tmp_path, change, where):
    path = make_template(tmp_path)
    fill(path, "示例", [{"source": "资金总额", "annual_budget": 80, "executed": 60}],
         [{"level1": "产出指标", "level2": "数量指标", "name": "人次", "target": "≥10人", "actual": "10人",
           "weight": 60},
          {"level1": "效益指标", "level2": "社会效益指标", "name": "效果", "target": "明显",
           "actual": "达成预期指标", "weight": 30, "entered_score": 27}])
    assert render(tmp_path, path)[0].exit_code == 0
    book = load_workbook(path)
    change(book["项目支出绩效自评表"])
    book.save(path)
    result, _ = render(tmp_path, path)
    assert result.exit_code == 2
    assert "sheet 《项目支出绩效自评表》" in result.stderr and where in result.stderr
    assert "Traceback" not in result.output


def test_missing_sheet_is_bad_input(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    result, _ = render(tmp_path, path)
    assert result.exit_code == 2 and "项目支出绩效自评表" in result.stderr and "missing" in result.stderr


def test_score_format_xlsx(tmp_path):
    source = tmp_path / "sample.txt"
    source.write_text(SHANXI, encoding="utf-8")
    out = tmp_path / "score.xlsx"
    assert run(str(source), "--format", "xlsx").exit_code == 2  # needs -o
    result = run(str(source), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["自评得分", "问题"]
    rows = list(book["自评得分"].iter_rows(values_only=True))
    header = rows[0]
    assert {"所印得分", "重算得分", "所印等级", "重算等级"} <= set(header)
    totals = [dict(zip(header, r)) for r in rows[1:] if r[header.index("名称")] == "总分"]
    assert totals and totals[0]["项目"] == "示例培训项目" and totals[0]["所印得分"] == 94
    codes = {r[1]: r[2] for r in book["问题"].iter_rows(min_row=2, values_only=True)}
    assert codes.get("PERF-IND-BAND") == "error"


def test_hubei_profile_scores_execution_out_of_20_and_bands_down_to_half(tmp_path):
    from juesuan.render.performance import read_input

    indicators = [{"level1": "产出指标", "level2": "数量指标", "name": "改造户数", "target": "=50户",
                   "actual": "50户", "weight": 70},
                  {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度", "target": "较高",
                   "actual": "部分达成预期指标并具有一定效果", "weight": 10, "entered_score": 5}]
    path = make_template(tmp_path, "--profile", "hubei")
    fill(path, "示例改造项目", [{"source": "资金总额", "initial_budget": 200, "executed": 190}], indicators)
    record = read_input(path)
    # 190 / 200 = 95%, 20 × 95% = 19; 5 of 10 is the Hubei 部分达成 band's lower edge (50%, inclusive)
    assert (record["execution"][0]["score"], record["total_score"], record["grade"]) == ("19", "94", "优")
    shanxi = make_template(tmp_path)  # a fresh Shanxi template, the same entries: 5 is below 60% of 10
    fill(shanxi, "示例改造项目", [{"source": "资金总额", "initial_budget": 200, "executed": 190, "weight": 20}],
         indicators)
    result, _ = render(tmp_path, shanxi)
    assert result.exit_code == 2 and "outside the band" in result.stderr
