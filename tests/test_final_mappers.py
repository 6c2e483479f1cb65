"""F01–F10 mappers on small hand-written tables (no corpus text): broken PDF text, tab
grids with and without 行次/栏次, side-by-side F06 panels, nested F09 headers, tables
declared empty, a heading printed inside the previous table."""
from __future__ import annotations

from decimal import Decimal

from juesuan.ingest.text import text_lines
from juesuan.recognize.final.tokens import atoms, read_amount, table_decimals

from mapper_helpers import cells, read_grid, read_text, t






# ------------------------------------------------------------------ tokens

def test_amount_pieces_join_until_the_table_decimals():
    stream = atoms(text_lines("582.\n36\n587\n.09\n0.0\n0\n12.3\n4\n1.00 2.00"))
    decimals = table_decimals(stream)
    assert decimals == 2
    out, index = [], 0
    while index < len(stream):
        text, index, complete = read_amount(stream, index, decimals)
        out.append((text, complete))
    assert out == [("582.36", True), ("587.09", True), ("0.00", True), ("12.34", True),
                   ("1.00", True), ("2.00", True)]


def test_an_amount_missing_its_decimals_is_reported_incomplete():
    stream = atoms(text_lines("0.0 5.00"))
    text, index, complete = read_amount(stream, 0, 2)
    assert (text, index, complete) == ("0.0", 1, False)


# ------------------------------------------------------------------ F01 / F04 text

F01_TEXT = """一、收入支出决算总表
收入支出决算总表
公开01表
部门：测试单位 金额单位：万元
收入 支出
项目 行次 金额 项目 行次 金额
栏次 1 栏次 2
一、一般公共预算财政拨款收
入
1
120.
50
一、一般公共服务支出 32 100.25
二、政府性基金预算财政拨款收入 2 0.00 二、外交支出 33 0.00
9 九、卫生健康支出 40 20
.20
1 十九、住房保障支出 5 0.0
 9 0 5
本年收入合计 27 120.50 本年支出合计 58 120.50
年初结转和结余 29 3.
01
30 61
总计 31 123.51 总计 62 120.50
注：1.本表反映部门本年度的总收支。
"""


def test_f01_text_reads_broken_numbers_and_rows():
    got = cells(read_text(F01_TEXT), "F01")
    assert got == {
        ("1", "1"): "120.50", ("32", "2"): "100.25", ("2", "1"): "0.00", ("33", "2"): "0.00",
        ("40", "2"): "20.20", ("50", "2"): "0.05", ("27", "1"): "120.50", ("58", "2"): "120.50",
        ("29", "1"): "3.01", ("31", "1"): "123.51", ("62", "2"): "120.50",
    }


F04_TEXT = """财政拨款收入支出决算总表
金额单位：万元
栏次 1 栏次 2 3 4 5
一、一般公共预算财
政拨款
1
50.5
0
一、一般公共服务支
出
3
3
40
.00
40.0
0
0.00 0.00
本年收入合计 2
7
50.50 本年支出合计 5
9
40.00 40.00 0.00 0.00
年初财政拨款结转和结余 28 1.00 年末财政拨款结转和结余 60 11.50 11.50 0.00 0.00
一般公共预算财政拨款 29 1.00 61
总计 32 51.50 总计 64 51.50 51.50 0.00 0.00
"""


def test_f04_text_splits_broken_row_numbers_from_amounts():
    got = cells(read_text(F04_TEXT), "F04")
    assert got[("1", "1")] == "50.50"
    assert got[("33", "2")] == "40.00" and got[("33", "3")] == "40.00"
    assert got[("59", "2")] == "40.00" and got[("27", "1")] == "50.50"
    assert got[("29", "1")] == "1.00"  # the second 一般公共预算财政拨款 is 行次 29, not 1
    assert got[("60", "3")] == "11.50" and got[("64", "2")] == "51.50"
    assert ("61", "2") not in got


# ------------------------------------------------------------------ F01 / F04 grids

def test_f01_grid_by_row_numbers_and_lanci():
    d = read_grid("## 收入支出决算总表\n\n金额单位：万元\n\n" + t(
        "收入 | | | 支出 | |",
        "项目 | 行次 | 金额 | 项目 | 行次 | 金额",
        "栏次 | | 1 | 栏次 | | 2",
        "一、一般公共预算财政拨款收入 | 1 | 10.00 | 一、一般公共服务支出 | 32 | 7.50",
        "八、其他收入 | 8 | 1.00 | 九、卫生健康支出 | 40 | 3.50",
        "本年收入合计 | 27 | 11.00 | 本年支出合计 | 58 | 11.00",
    ))
    assert cells(d, "F01") == {("1", "1"): "10.00", ("32", "2"): "7.50", ("8", "1"): "1.00",
                               ("40", "2"): "3.50", ("27", "1"): "11.00", ("58", "2"): "11.00"}


def test_f04_grid_without_row_numbers_keys_rows_by_name_and_columns_by_header():
    d = read_grid("## 财政拨款收入支出决算总表\n\n单位：万元\n\n" + t(
        "收入 | | 支出 | | | |",
        "项目 | 决算数 | 项目 | 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款 | 国有资本经营预算财政拨款",
        "一、一般公共预算财政拨款 | 9.00 | 一、一般公共服务支出 | 8.00 | 6.00 | 2.00 |",
        "本年收入合计 | 9.00 | 本年支出合计 | 8.00 | 6.00 | 2.00 |",
        "年初财政拨款结转和结余 | 1.00 | 年末财政拨款结转和结余 | 2.00 | 2.00 | |",
        "一、一般公共预算财政拨款 | 1.00 | | | | |",
        "总计 | 10.00 | 总计 | 10.00 | 8.00 | 2.00 |",
    ))
    got = cells(d, "F04")
    assert got[("1", "1")] == "9.00" and got[("29", "1")] == "1.00"
    assert got[("33", "2")] == "8.00" and got[("33", "3")] == "6.00" and got[("33", "4")] == "2.00"
    assert got[("32", "1")] == "10.00" and got[("64", "4")] == "2.00"
    assert ("33", "5") not in got


# ------------------------------------------------------------------ coded tables

def test_f03_text_code_rows_and_total():
    d = read_text("""支出决算表
金额单位：万元
栏次 1 2 3 4 5 6
合计 30.00 20.00 10.00 0.00 0.00 0.00
205
教育支
出
30.00 20.00 10.00 0.00 0.00 0.00
20502 普通教育 30.0
0 20.00 10.00 0.00 0.00 0.00
注：本表反映各项支出。
""")
    got = cells(d, "F03")
    assert got[("合计", "1")] == "30.00" and got[("205", "3")] == "10.00"
    assert got[("20502", "1")] == "30.00" and got[("20502", "2")] == "20.00"
    assert len(got) == 18


def test_f05_grid_with_split_codes_and_total_last():
    d = read_grid("## 一般公共预算财政拨款支出决算表\n\n单位：万元\n\n" + t(
        "项目 | | | | 合计 | 基本支出 | 项目支出",
        "功能分类科目编码 | | | 科目名称 | | |",
        "类 | 款 | 项 | | | |",
        "205 | | | 教育支出 | 6.00 | 4.00 | 2.00",
        "205 | 02 | | 普通教育 | 6.00 | 4.00 | 2.00",
        "205 | 02 | 05 | 高等教育 | 6.00 | 4.00 | 2.00",
        "合计 | | | | 6.00 | 4.00 | 2.00",
    ))
    got = cells(d, "F05")
    assert got[("2050205", "3")] == "2.00" and got[("20502", "1")] == "6.00"
    assert got[("合计", "2")] == "4.00" and len(got) == 12


def test_empty_tables_declared_or_not():
    d = read_grid("## 政府性基金预算财政拨款收入支出决算表\n\n单位：万元\n\n" + t(
        "项目 | | 年初结转和结余 | 本年收入 | 本年支出 | | | 年末结转和结余",
        "栏次 | | 1 | 2 | 3 | 4 | 5 | 6",
        "合计 | | | | | | |",
    ) + "\n\n说明：本表无数据\n\n## 国有资本经营预算财政拨款支出决算表\n\n单位：万元\n\n" + t(
        "项目 | | 合计 | 基本支出 | 项目支出",
        "栏次 | | 1 | 2 | 3",
        "合计 | | | |",
    ) + "\n\n注：本表反映国有资本经营预算财政拨款支出情况。\n")
    f07, f08 = d.table("F07"), d.table("F08")
    assert f07.declared_empty and not f07.cells
    assert not f08.declared_empty and not f08.cells
    assert d.meta()["tables_declared_empty"] == ["F07"]


# ------------------------------------------------------------------ F06

def test_f06_text_panels_pair_each_code_with_its_amount():
    d = read_text("""一般公共预算财政拨款基本支出决算明细表
金额单位：万元
科目代码 科目名称 决算数 科目代码 科目名称 决算数
301 工资福利支出 12.00 302 商品和服务
支出
3.50 310 资本性支出 1.25
30101 基本工资 12.0
0 30201 办公费 3.50 31002
办公设备购
置
1.25
30102 津贴补贴 30299 其他商品和服务支出 0.00
人员经费合计 12.00 公用经费合计 4.75
注：本表反映基本支出明细。
""")
    assert cells(d, "F06") == {
        ("301", "1"): "12.00", ("302", "1"): "3.50", ("310", "1"): "1.25",
        ("30101", "1"): "12.00", ("30201", "1"): "3.50", ("31002", "1"): "1.25",
        ("30299", "1"): "0.00", ("人员经费合计", "1"): "12.00", ("公用经费合计", "1"): "4.75",
    }


def test_f06_grid_panels_with_split_codes_and_blanks():
    d = read_grid("## 一般公共预算财政拨款基本支出决算表\n\n单位：万元\n\n" + t(
        "经济分类 | | 科目名称 | 决算数 | 经济分类 | | 科目名称 | 决算数",
        "科目编码 | | | | 科目编码 | | |",
        "类 | 款 | | | 类 | 款 | |",
        "301 | | 工资福利支出 | 8.00 | 302 | | 商品和服务支出 | 2.00",
        "301 | 01 | 基本工资 | 8.00 | 302 | 01 | 办公费 | ——",
        " | | | | 302 | 99 | 其他商品和服务支出 | 2.00",
        "人员经费合计 | | | 8.00 | 公用经费合计 | | | 2.00",
    ))
    assert cells(d, "F06") == {
        ("301", "1"): "8.00", ("302", "1"): "2.00", ("30101", "1"): "8.00",
        ("30299", "1"): "2.00", ("人员经费合计", "1"): "8.00", ("公用经费合计", "1"): "2.00",
    }


# ------------------------------------------------------------------ F09, F10

def test_f09_grid_columns_from_nested_header_names():
    d = read_grid("## 财政拨款“三公”经费支出决算表\n\n单位：万元\n\n" + t(
        "财政拨款“三公”经费 | | | | | | | | | | |",
        "合计 | | 因公出国（境）费 | | 公务用车购置及运行维护费 | | | | | | 公务接待费 |",
        " | | | | 小计 | | 公务用车购置费 | | 公务用车运行维护费 | | |",
        "预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数 | 预算数 | 决算数",
        "3.00 | 2.00 | | | 1.00 | 0.80 | | | 1.00 | 0.80 | 2.00 | 1.20",
    ))
    assert cells(d, "F09") == {
        ("合计", "1"): "3.00", ("合计", "7"): "2.00", ("合计", "3"): "1.00", ("合计", "9"): "0.80",
        ("合计", "5"): "1.00", ("合计", "11"): "0.80", ("合计", "6"): "2.00", ("合计", "12"): "1.20",
    }


def test_f10_grid_units_per_row():
    d = read_grid("## 部门决算公开相关信息统计表\n\n金额单位：万元\n\n" + t(
        "项目 | 行次 | 统计数",
        "合计 | 1 | 5.50",
        "服务 | 4 | 5.50",
        "(一) 车辆数合计(辆) | 7 | 2",
    ))
    table = d.table("F10")
    got = {(c.row, c.col): (str(c.value), c.unit) for c in table.cells}
    assert got == {("1", "1"): ("5.50", "万元"), ("4", "1"): ("5.50", "万元"), ("7", "1"): ("2", "辆")}


# ------------------------------------------------------------------ segmentation

def test_heading_printed_inside_the_previous_table_and_declarations_placed():
    """`七、…` printed among F06's rows: the rows stay F06; a declaration printed after
    `八、…` but before F07's body goes to F08."""
    d = read_text("""六、一般公共预算财政拨款基本支出决算明细表
一般公共预算财政拨款基本支出决算明细表
金额单位：万元
301 工资福利支出 5.00 302 商品和服务支出 1.00
七、政府性基金预算财政拨款收入支出决算表
30101 基本工资 5.00 30201 办公费 1.00
30102 科目2 0.00 30202 项目2 0.00
30103 科目3 0.00 30203 项目3 0.00
30104 科目4 0.00 30204 项目4 0.00
30105 科目5 0.00 30205 项目5 0.00
30106 科目6 0.00 30206 项目6 0.00
30107 科目7 0.00 30207 项目7 0.00
30108 科目8 0.00 30208 项目8 0.00
30109 科目9 0.00 30209 项目9 0.00
30110 科目10 0.00 30210 项目10 0.00
30111 科目11 0.00 30211 项目11 0.00
30112 科目12 0.00 30212 项目12 0.00
30113 科目13 0.00 30213 项目13 0.00
30114 科目14 0.00 30214 项目14 0.00
30115 科目15 0.00 30215 项目15 0.00
人员经费合计 5.00 公用经费合计 1.00
政府性基金预算财政拨款收入支出决算表
本年度无政府性基金预算财政拨款收入
八、国有资本经营预算财政拨款支出决算表
本年度无国有资本经营预算财政拨款支出
金额单位：万元
项目
年初结
转和结
余
本年收
入
本年支出
年末结
转和结
余
科目代码
科目
名称
小计
栏次 1 2 3 4 5 6
合计
国有资本经营预算财政拨款支出决算表
金额单位：万元
栏次 1 2 3
合计
""")
    assert cells(d, "F06")[("30201", "1")] == "1.00"
    assert cells(d, "F06")[("公用经费合计", "1")] == "1.00"
    assert [t.kind for t in d.tables] == ["F06", "F07", "F08"]
    assert d.table("F07").declared_empty and d.table("F08").declared_empty
    assert Decimal(sum(c.value for c in d.table("F06").cells)) == Decimal("18.00")


# ------------------------------------------------------------------ catalog

def test_layout_catalog_names_rows_and_codes():
    from juesuan.recognize.final.layout import (is_economic_code, is_function_code, row_unit,
                                                 rows_for_name, sides)

    assert rows_for_name("F04", "一、一般公共预算财政拨款") == (1, 29)
    assert rows_for_name("F01", "使用非财政拨款结余（含专用结余）") == (28,)
    assert rows_for_name("F01", "三十二、灾害防治及应急管理支出") == (53,)  # a misprinted ordinal
    assert rows_for_name("F01", "不是表中的项目") == ()
    assert [(s.first, s.last, s.columns) for s in sides("F04")] == [(1, 32, ("1",)), (33, 64, ("2", "3", "4", "5"))]
    assert is_function_code("2101550") and not is_function_code("2999999") and not is_function_code("301")
    assert is_economic_code("30113") and is_economic_code("399") and not is_economic_code("2101")
    assert row_unit("F10", "9", "万元") == "辆" and row_unit("F10", "17", "万元") == "台（套）"
    assert row_unit("F10", "1", "万元") == "万元"


def test_f01_text_without_row_numbers_keys_rows_by_name():
    d = read_text("""收入支出决算总表
单位：万元
项目 决算数 项目 决算数
一、一般公共预算财政拨款收入 50.00 一、一般公共服务支出 45.00
二、政府性基金预算财政拨款收入 二、外交支出
九、卫生健康支出 5.00
本年收入合计 50.00 本年支出合计 50.00
总计 50.00 总计 50.00
""")
    assert cells(d, "F01") == {("1", "1"): "50.00", ("32", "2"): "45.00", ("40", "2"): "5.00",
                               ("27", "1"): "50.00", ("58", "2"): "50.00", ("31", "1"): "50.00",
                               ("62", "2"): "50.00"}
