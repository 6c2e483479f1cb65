"""B01–B13 mappers on small hand-written budget tables (no corpus text): PDF text whose
bold cells are doubled and whose blank cells are only spaces, names wrapped over lines,
footers inside tables, B04 sub-rows, a unit printed twice in a project list, tables
declared empty, grids (XLSX/PDF ruling) with nested headers and one unlabelled row."""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.model import TextLine, Where
from juesuan.recognize.budget.lines import split_word, stream, tokenize
from juesuan.recognize.budget.placement import Gap, RowNumbers, gap_before, solve
from juesuan.recognize.budget.rows import detect_columns
from juesuan.recognize.budget.layout import column_groups, layout

from mapper_helpers import cells, read_grid, read_text, t





def line(text: str, number: int = 1) -> TextLine:
    return TextLine(text, Where(page=1, line=number))


# ------------------------------------------------------------------ tokens

def test_doubled_amounts_and_names_split_and_reduced():
    assert split_word("2345.672345.67合计合计") == [("num", "2345.67"), ("text", "合计")]
    assert split_word("88.10一、教育支出") == [("num", "88.10"), ("text", "一、教育支出")]
    assert split_word("2024年专项资金") == [("text", "2024年专项资金")]
    assert split_word("1,234.50") == [("num", "1234.50")]
    assert split_word("1.") == [("text", "1.")]


def test_a_printed_dash_is_a_blank_cell():
    printed = tokenize(line("二、政府性基金预算 - 7.00"))
    assert [t.text for t in printed.tokens] == ["二、政府性基金预算", "7.00"]
    assert printed.tokens[1].gap == 3  # one blank cell between


def test_tokens_keep_the_spaces_that_stand_for_blank_cells():
    printed = tokenize(line("205 教育支出 12.00  3.00   "))
    assert [t.text for t in printed.tokens] == ["205", "教育支出", "12.00", "3.00"]
    assert [t.gap for t in printed.tokens] == [0, 1, 1, 2]
    assert printed.tokens[-1].trailing == 3
    indented = tokenize(line("\u3000\u3000某专项 5.00"))
    assert indented.tokens[0].indent == 2 and indented.tokens[0].gap == 0


def test_a_wrapped_name_is_rejoined_but_not_across_blank_cells():
    lines = [tokenize(line(t, i)) for i, t in enumerate(
        ["\u3000\u30002024年示范区道路养护补助", "资金", "", "40.00 40.00   ",
         "七、文化旅游体育与传媒支", "   ", "出"], 1)]
    tokens = stream(lines)
    assert tokens[0].text == "2024年示范区道路养护补助资金" and tokens[0].indent == 2
    assert [t.text for t in tokens[1:3]] == ["40.00", "40.00"]
    # the line of spaces closed the row: `出` is not glued to the name before it
    assert tokens[3].text == "七、文化旅游体育与传媒支" and tokens[4].text == "出"


# ------------------------------------------------------------------ placement

def test_gap_reads_one_space_per_blank_cell_or_two_in_bold_rows():
    token = tokenize(line("a 1.00   2.00")).tokens[2]
    assert gap_before(token, after_label=False) == Gap(1, 2)


def test_spacing_places_numbers_and_the_sum_of_children_decides_ties():
    # columns: 合计, 一般公共预算, 政府性基金预算; a parent row and two children whose
    # spacing says nothing (glued): the parent's column totals must hold.
    def row(values: list[str], gaps: list[Gap]) -> RowNumbers:
        return RowNumbers([Decimal(v) for v in values], gaps, None)

    free = Gap(0, 5, 0.0)
    parent = row(["30.00", "10.00", "20.00"], [free, free, free])
    first = row(["10.00", "10.00"], [free, free])
    second = row(["20.00", "20.00"], [free, free])
    identities = [[(0, (1, 2))]]
    placements = solve([parent, first, second], 3, identities, [(0, [1, 2])])
    assert placements == [(0, 1, 2), (0, 1), (0, 2)]


def test_the_children_that_make_up_a_column_total_are_found_together():
    # spacing lost: which two of four projects are 政府性基金? Only 13.00 + 7.50 = 20.50.
    free = Gap(0, 5, 0.0)
    parent = RowNumbers([Decimal("70.00"), Decimal("49.50"), Decimal("20.50")], [free] * 3, None)
    kids = [RowNumbers([Decimal(v), Decimal(v)], [free, free], None)
            for v in ("13.00", "30.00", "7.50", "19.50")]
    placements = solve([parent, *kids], 3, [[(0, (1, 2))]], [(0, [1, 2, 3, 4])])
    assert placements == [(0, 1, 2), (0, 2), (0, 1), (0, 2), (0, 1)]


def test_header_columns_in_printed_order_a_heading_keeping_its_columns_together():
    b02 = layout("B02")
    # two levels: 上年结转 spans both and stands right of 本年收入's columns
    header = "项目本年收入上年结转科目编码科目名称合计一般公共预算政府性基金国有资本经营预算单位资金"
    assert detect_columns(header, b02.columns, column_groups()) == [
        "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "单位资金", "上年结转"]
    # one level: 上年结转 printed second
    flat = "科目编码科目名称合计上年结转一般公共预算拨款收入政府性基金预算拨款收入事业收入"
    assert detect_columns(flat, b02.columns, column_groups()) == [
        "合计", "上年结转", "一般公共预算", "政府性基金预算", "事业收入"]
    b12 = layout("B12")
    header = "项目名称合计2024年财政拨款财政专户管理资金单位资金一般公共预算政府性基金预算国有资本经营预算"
    assert detect_columns(header, b12.columns, column_groups()) == [
        "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"]


def test_header_columns_without_years():
    b01 = layout("B01")
    assert detect_columns("2024年", b01.income_columns) == ["预算数"]
    assert detect_columns("2024年合计当年预算安排上年结转安排", b01.columns) == [
        "合计", "当年预算安排", "上年结转安排"]
    # a year over the whole group is a group heading, not a column
    assert detect_columns("2024年预算数合计基本支出项目支出", layout("B03").columns) == [
        "合计", "基本支出", "项目支出"]


# ------------------------------------------------------------------ whole tables (text)

B03_TEXT = """\
 预算公开表3
2024年预算支出总表2024年预算支出总表
单位名称：示例县示例局  单位：万元
项目项目 2024年预算数2024年预算数
科目编码科目编码 科目名称科目名称 合计合计 基本支出基本支出 项目支出项目支出
合计合计 150.00150.00 30.0030.00 120.00120.00
205 教育支出 150.00 30.0030.00 120.00120.00
20502 普通教育 100.00   100.00100.00
2050201 学前教育 100.00  100.00
-7-
示例县示例局2024年单位预算公开报告
20508 进修及培训 50.00 30.00 20.00
2050801 教师进修 50.00 30.00 20.00
"""


def test_b03_text_with_doubled_bold_cells_blank_cells_and_a_footer():
    got = cells(read_text(B03_TEXT), "B03")
    assert got == {
        ("合计", "合计"): "150.00", ("合计", "基本支出"): "30.00", ("合计", "项目支出"): "120.00",
        ("205", "合计"): "150.00", ("205", "基本支出"): "30.00", ("205", "项目支出"): "120.00",
        ("20502", "合计"): "100.00", ("20502", "项目支出"): "100.00",
        ("2050201", "合计"): "100.00", ("2050201", "项目支出"): "100.00",
        ("20508", "合计"): "50.00", ("20508", "基本支出"): "30.00", ("20508", "项目支出"): "20.00",
        ("2050801", "合计"): "50.00", ("2050801", "基本支出"): "30.00", ("2050801", "项目支出"): "20.00",
    }


B04_TEXT = """\
 预算公开表4
2024年财政拨款收支总表
单位名称：示例县示例局 单位：万元
收入收入 支出支出
项目项目 金额金额 项目项目
金额金额
小计小计 一般公共预算一般公共预算
政府性基金政府性基金
预算预算
国有资本经国有资本经
营预算营预算
一、一般公共预算 200.00
一、一般公共服务支
出

    
二、政府性基金预算  二、教育支出 180.00 180.00   
  三、其他支出 45.00  45.00  
本年收入合计本年收入合计 200.00200.00 本年支出合计本年支出合计 225.00225.00 180.00180.00 45.0045.00   
上年财政拨款结转 25.00年终结转     
一、一般公共预算 -  
二、政府性基金预算 25.00     
收入总计收入总计 225.00225.00 支出总计支出总计 225.00225.00 180.00180.00 45.0045.00   
"""


def test_b04_two_sides_and_sub_rows_keyed_under_their_parent():
    got = cells(read_text(B04_TEXT), "B04")
    assert got == {
        ("一般公共预算", "金额"): "200.00",
        ("本年收入合计", "金额"): "200.00",
        ("上年财政拨款结转", "金额"): "25.00",
        ("上年财政拨款结转/政府性基金预算", "金额"): "25.00",
        ("收入总计", "金额"): "225.00",
        ("教育支出", "小计"): "180.00", ("教育支出", "一般公共预算"): "180.00",
        ("其他支出", "小计"): "45.00", ("其他支出", "政府性基金预算"): "45.00",
        ("本年支出合计", "小计"): "225.00", ("本年支出合计", "一般公共预算"): "180.00",
        ("本年支出合计", "政府性基金预算"): "45.00",
        ("支出总计", "小计"): "225.00", ("支出总计", "一般公共预算"): "180.00",
        ("支出总计", "政府性基金预算"): "45.00",
    }


B13_TEXT = """\
     预算公开表13
2024年项目支出预算表（上年结转）
单位名称：示例县示例局 单位：万元
项目名称项目名称 合计合计
2024年财政拨款2024年财政拨款
一般公共预算一般公共预算
政府性基金政府性基金
预算预算
国有资本国有资本
经营预算经营预算
1 2 3 4 5
示例县示例局 70.00 50.00 20.00  
\u3000示例县示例局 70.00 50.00 20.00  
\u3000\u30002023年示范区道路养护补助
资金

50.00 50.00   
\u3000\u30002023年彩票公益金助学项目 20.00  20.00  
"""


def test_b13_unit_printed_twice_recorded_once_and_projects_placed_by_spacing():
    got = cells(read_text(B13_TEXT), "B13")
    assert got == {
        ("示例县示例局", "合计"): "70.00", ("示例县示例局", "一般公共预算"): "50.00",
        ("示例县示例局", "政府性基金预算"): "20.00",
        ("2023年示范区道路养护补助资金", "合计"): "50.00",
        ("2023年示范区道路养护补助资金", "一般公共预算"): "50.00",
        ("2023年彩票公益金助学项目", "合计"): "20.00",
        ("2023年彩票公益金助学项目", "政府性基金预算"): "20.00",
    }


B12_TWO_PAGES = """\
      预算公开表12
2024年项目支出预算表（本年预算）
单位名称：示例县示例局 单位：万元
项目名称项目名称 合计合计
2024年财政拨款2024年财政拨款
财政专户管理资金
单位资金单位资金
一般公共预算一般公共预算
政府性基金预算
国有资本经营预算
1 2 3 4 5 6 7
　示例县示例局 60.00 52.00   8.00  
　　校舍维修 40.00 40.00     
-9-
示例县示例局2024年单位预算公开报告
项目名称项目名称 合计合计
1 2 3 4 5 6 7
　　课后服务补助 12.00 12.00     
　　专户管理的学杂费支出 8.00    8.00  
"""


def test_b12_over_two_pages_header_repeated_and_columns_by_name():
    got = cells(read_text(B12_TWO_PAGES), "B12")
    assert got == {
        ("示例县示例局", "合计"): "60.00", ("示例县示例局", "一般公共预算"): "52.00",
        ("示例县示例局", "财政专户管理资金"): "8.00",
        ("校舍维修", "合计"): "40.00", ("校舍维修", "一般公共预算"): "40.00",
        ("课后服务补助", "合计"): "12.00", ("课后服务补助", "一般公共预算"): "12.00",
        ("专户管理的学杂费支出", "合计"): "8.00", ("专户管理的学杂费支出", "财政专户管理资金"): "8.00",
    }


def test_a_single_unlabelled_row_is_keyed_total():
    text = """\
预算公开表10
2024年一般公共预算“三公”经费支出预算表
单位名称：示例县示例局 单位：万元
合计 一般公共预算 政府性基金预算 国有资本经营预算
6.00 6.00   
"""
    assert cells(read_text(text), "B10") == {("合计", "合计"): "6.00", ("合计", "一般公共预算"): "6.00"}


B07_EMPTY = """\
  预算公开表7
2024年政府性基金预算收入表
单位名称：示例县示例局 单位:万元
收入科目编码收入科目编码 科目名称科目名称 政府性基金收入预算
合计合计   
注：本表无数据注：本表无数据
"""


def test_a_table_that_says_it_has_no_data_is_declared_empty():
    disclosure = read_text(B07_EMPTY)
    table = disclosure.table("B07")
    assert table is not None and table.declared_empty and not table.cells
    assert disclosure.meta()["tables_declared_empty"] == ["B07"]
    assert table.label == "预算公开表7" and table.unit == "万元"


def test_a_note_on_another_tables_emptiness_does_not_empty_this_one():
    text = B03_TEXT + "注：本单位2024年度无政府性基金预算支出。\n"
    table = read_text(text).table("B03")
    assert table is not None and not table.declared_empty
    assert len(table.cells) == 16


def test_a_row_with_more_numbers_than_columns_is_reported_not_guessed():
    text = B03_TEXT.replace("2050801 教师进修 50.00 30.00 20.00", "2050801 教师进修 50.00 30.00 20.00 9.00")
    disclosure = read_text(text)
    assert disclosure.table("B03") is None
    assert "4 amounts for 3 columns" in disclosure.unrecognized[0].reason


# ------------------------------------------------------------------ grids


def test_grid_b10_single_unlabelled_row_with_nested_headers():
    text = "“三公”经费、会议费、培训费支出预算表\n单位：万元\n" + t(
        "合计 | “三公”经费 |  |  |  |  |  | 会议费",
        " | 小计 | 因公出国（境）费 | 公务用车购置及运行维护费 |  |  | 公务接待费 | ",
        " |  |  | 小计 | 公务用车购置费 | 公务用车运行维护费 |  | ",
        "30.50 | 20.50 | 5.00 | 10.00 |  | 10.00 | 5.50 | 10.00",
    )
    got = cells(read_grid(text), "B10")
    assert got == {
        ("合计", "合计"): "30.50", ("合计", "“三公”经费/小计"): "20.50",
        ("合计", "因公出国（境）费"): "5.00", ("合计", "公务用车购置及运行维护费/小计"): "10.00",
        ("合计", "公务用车运行维护费"): "10.00", ("合计", "公务接待费"): "5.50",
        ("合计", "会议费"): "10.00",
    }


def test_grid_two_sides_with_a_merged_total_label():
    text = "收支预算总表\n单位：万元\n" + t(
        "收入 |  | 支出 |  |  | ",
        "项目名称 | 金额 | 功能科目名称 | 金额 | 项目名称 | 金额",
        "一、财政拨款 | 80.00 | 一、教育支出 | 80.00 | 一、基本支出 | 60.00",
        " |  |  |  | 二、项目支出 | 20.00",
        "收入合计 | 80.00 | 支出合计 |  |  | 80.00",
    )
    got = cells(read_grid(text), "B01")
    assert got == {
        ("财政拨款", "金额"): "80.00", ("收入合计", "金额"): "80.00",
        ("教育支出", "金额"): "80.00", ("基本支出", "金额"): "60.00",
        ("项目支出", "金额"): "20.00", ("支出合计", "金额"): "80.00",
    }


def test_income_by_source_is_told_from_b02_by_its_content():
    text = "收入预算总表\n单位：万元\n" + t(
        "项目名称 |  | 金额",
        "收入总计 |  | 80.00",
        "一般公共预算资金 | 小计 | 80.00",
        " | 公共财政拨款(补助)资金 | 80.00",
    )
    disclosure = read_grid(text)
    assert disclosure.table("B02") is None
    assert cells(disclosure, "X-income-sources") == {
        ("收入总计", "金额"): "80.00", ("一般公共预算资金/小计", "金额"): "80.00",
        ("公共财政拨款(补助)资金", "金额"): "80.00",
    }


@pytest.mark.parametrize("kind", ["B01", "B04"])
def test_a_title_with_no_table_under_it_is_reported(kind):
    title = {"B01": "一、收支预算总表", "B04": "四、财政拨款收支预算总表"}[kind]
    disclosure = read_text(f"{title}\n")
    assert disclosure.table(kind) is None
    assert "no table printed" in disclosure.unrecognized[0].reason


def test_grid_label_cut_by_a_page_break_is_joined():
    # the PDF printed 二、社会保障和就 at the foot of one page and 业支出 atop the next
    text = "收支预算总表\n单位：万元\n" + t(
        "项目名称 | 金额 | 功能科目名称 | 金额",
        "一、财政拨款 | 80.00 | 一、教育支出 | 50.00",
        " |  | 二、社会保障和就 | 30.00",
    ) + "\n\n-7-\n\n" + t(
        " |  | 业支出 | ",
        " |  | 三、住房保障支出 | ",
        "收入合计 | 80.00 | 支出合计 | 80.00",
    )
    got = cells(read_grid(text), "B01")
    assert got[("社会保障和就业支出", "金额")] == "30.00"
    assert ("社会保障和就", "金额") not in got and ("业支出", "金额") not in got
