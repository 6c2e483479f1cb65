"""The formula engine on small hand-written disclosures: one test per family that
triggers it and one that does not, rounding, applicability and profiles."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from formula_helpers import disclosure

from juesuan.checks import check
from juesuan.checks.engine import run_formulas
from juesuan.checks.rules import catalog, pick_profile
from juesuan.model import Unrecognized, Where


def codes(findings, severity=None):
    return sorted({f.code for f in findings if severity is None or f.severity == severity})


def run(cells, profile="national", rules=None, **kw):
    """The findings of a profile's rules (all of them, or only the codes in `rules`)."""
    cat = catalog(profile)
    if rules is not None:
        cat = replace(cat, rules=tuple(r for r in cat.rules if r.code in rules))
    return [f for f in run_formulas(disclosure(cells, **kw), cat) if f.code != "FORMULA-NA"]


def only(*codes_):
    return {"rules": set(codes_)}


# -- 表内合计 (a total and its parts)
def test_total_of_parts():
    bad = run("F01[27,1]=100.00; F01[1,1]=60.00; F01[8,1]=30.00", **only("F-SUM-F01-INCOME"))
    assert codes(bad) == ["F-SUM-F01-INCOME"]
    f = bad[0]
    assert f.severity == "error" and f.found == "100.00" and f.expected == "90.00"
    assert "100.00" in f.message and "90.00" in f.message and "10.00" in f.message
    assert {(c["row"], c["value"]) for c in f.cells} == {("27", "100.00"), ("1", "60.00"), ("8", "30.00")}
    assert f.cells[0]["page"] == 3 and f.cells[0]["line"] == 40  # provenance of the cell
    assert run("F01[27,1]=90.00; F01[1,1]=60.00; F01[8,1]=30.00", **only("F-SUM-F01-INCOME")) == []
    # the whole catalog on a consistent F01: nothing
    assert run("F01[27,1]=90.00; F01[1,1]=60.00; F01[8,1]=30.00; F01[31,1]=90.00; F01[40,2]=90.00; "
               "F01[58,2]=90.00; F01[62,2]=90.00") == []


# -- 科目层级 (类 = Σ款 = Σ项, 合计 = Σ类), every column
def test_code_hierarchy_every_column():
    cells = ("F03[合计,1]=90.00; F03[合计,2]=90.00; F03[210,1]=90.00; F03[210,2]=90.00; "
             "F03[21015,1]=90.00; F03[21015,2]=80.00; F03[2101550,1]=90.00; F03[2101550,2]=90.00")
    bad = run(cells, **only("F-SUM-F03-CODES"))
    # column 2: 210 (90) ≠ Σ款 (80), and 21015 (80) ≠ Σ项 (90)
    assert len(bad) == 2 and all(f.severity == "error" for f in bad)
    assert any("21015" in f.message and f.found == "80.00" for f in bad)
    good = cells.replace("F03[21015,2]=80.00", "F03[21015,2]=90.00")
    assert run(good) == []  # the whole catalog


def test_hierarchy_children_only_under_their_parent():
    # 208 and 210 each add up; a 款 of 210 must not count under 208
    ok = "F05[208,1]=10.00; F05[20801,1]=10.00; F05[210,1]=5.00; F05[21015,1]=5.00; F05[合计,1]=15.00"
    assert run(ok, **only("F-SUM-F05-CODES")) == []
    bad = run(ok.replace("F05[合计,1]=15.00", "F05[合计,1]=16.00"), **only("F-SUM-F05-CODES"))
    assert codes(bad) == ["F-SUM-F05-CODES"]


# -- 栏次关系 (a column total per row)
def test_column_identity_per_row():
    bad = run("F05[210,1]=30.00; F05[210,2]=10.00; F05[210,3]=10.00", **only("F-SUM-F05-COLS"))
    assert codes(bad) == ["F-SUM-F05-COLS"] and "210" in bad[0].message
    assert run("F05[210,1]=20.00; F05[210,2]=10.00; F05[210,3]=10.00", **only("F-SUM-F05-COLS")) == []


# -- 表间关系 (cross-table)
def test_cross_table_equalities():
    bad = run("F05[合计,2]=90.00; F06[人员经费合计,1]=70.00; F06[公用经费合计,1]=10.00; "
              "F06[301,1]=70.00; F06[302,1]=10.00", **only("F-EQ-F06-F05"))
    assert codes(bad) == ["F-EQ-F06-F05"]
    assert run("F05[合计,1]=80.00; F05[合计,2]=80.00; F06[人员经费合计,1]=70.00; F06[公用经费合计,1]=10.00; "
               "F06[301,1]=70.00; F06[302,1]=10.00") == []


def test_cross_table_by_class_tuples():
    bad = run("F01[40,2]=27.93; F03[210,1]=28.93", **only("F-EQ-F03-F01"))
    assert codes(bad) == ["F-EQ-F03-F01"] and "F01[40,2]" in bad[0].message
    assert run("F01[40,2]=27.93; F03[210,1]=27.93", **only("F-EQ-F03-F01")) == []


def test_declared_empty_table_reads_as_zeros():
    # F07 says 本年无数据: F04's 政府性基金 income must then be 0
    bad = run("F04[2,1]=5.00", empty=("F07",), **only("F-EQ-F07-F04"))
    assert codes(bad) == ["F-EQ-F07-F04"]
    assert run("F04[2,1]=0.00", empty=("F07",), **only("F-EQ-F07-F04")) == []


# -- 收支平衡
def test_balance():
    assert codes(run("F01[31,1]=100.00; F01[62,2]=99.00", **only("F-EQ-F01-BALANCE"))) == ["F-EQ-F01-BALANCE"]
    assert run("F01[31,1]=100.00; F01[62,2]=100.00", **only("F-EQ-F01-BALANCE")) == []


# -- conditional rules (`when`)
def test_rule_applies_only_when_its_condition_holds():
    gpb = "F01[1,1]=90.00; F04[1,1]=90.00; F03[合计,1]=90.00; F05[合计,1]=80.00"
    assert codes(run(gpb, **only("F-EQ-F03-F05-GPB"))) == ["F-EQ-F03-F05-GPB"]
    # with 事业收入 the unit has money outside the 一般公共预算: F03 may exceed F05
    assert run(gpb + "; F01[5,1]=10.00", **only("F-EQ-F03-F05-GPB")) == []


# -- rounding (findings.md): interval arithmetic, not a fixed tolerance
def test_rounding_note_within_the_intervals():
    found = run("F06[302,1]=34.43; F06[30201,1]=30.00; F06[30299,1]=4.42", **only("F-SUM-F06-ECON"))
    assert [(f.code, f.severity) for f in found] == [("ROUNDING", "note")]
    assert found[0].found == "34.43" and found[0].expected == "34.42"
    assert "F-SUM-F06-ECON" in found[0].message


def test_difference_beyond_the_intervals_is_an_error():
    # three cells of 2 decimals: ±0.015 — a difference of 0.02 is real
    found = run("F06[302,1]=34.44; F06[30201,1]=30.00; F06[30299,1]=4.42", **only("F-SUM-F06-ECON"))
    assert [(f.code, f.severity) for f in found] == [("F-SUM-F06-ECON", "error")]


def test_two_copies_of_one_amount_must_agree_exactly():
    # the same amount printed twice: its two intervals cannot meet at a 0.01 difference
    found = run("F01[1,1]=90.01; F04[1,1]=90.00", **only("F-EQ-F01-F04-INCOME"))
    assert [(f.code, f.severity) for f in found] == [("F-EQ-F01-F04-INCOME", "error")]


def test_table_in_yuan_has_no_rounding():
    cells = "F06[302,1]=34.43; F06[30201,1]=30.00; F06[30299,1]=4.42"
    found = run(cells, unit="元", **only("F-SUM-F06-ECON"))
    assert [(f.code, f.severity) for f in found] == [("F-SUM-F06-ECON", "error")]


# -- applicability
def test_missing_table_is_not_applicable_never_zero():
    # F02 is not printed: F02 合计 = F01 27 cannot be checked, and is not read as 0
    f01 = "F01[27,1]=90.00; F01[1,1]=90.00; F01[31,1]=90.00; F01[40,2]=90.00; F01[58,2]=90.00; F01[62,2]=90.00"
    found = run_formulas(disclosure(f01), catalog("national"))
    assert codes(found, "error") == []
    na = [f for f in found if f.code == "FORMULA-NA"]
    assert na and all(f.severity == "note" for f in na)
    assert any(f.message.startswith("F02 ") and "F-EQ-F02-F01" in f.message for f in na)


def test_budget_is_not_told_about_missing_final_account_tables():
    found = run_formulas(disclosure("B05[合计,合计]=1.00", kind="budget"), catalog("national"))
    assert all(not f.message.startswith("F") for f in found if f.code == "FORMULA-NA")


def test_absent_cells_in_a_fixed_layout_count_zero():
    # F01 row 5 is blank (absent): the total must still add up without it
    assert codes(run("F01[27,1]=100.00; F01[1,1]=90.00", **only("F-SUM-F01-INCOME"))) == ["F-SUM-F01-INCOME"]
    # …and a total the layout prints blank is 0: 收入总计 (31) blank against 本年收入 90
    assert codes(run("F01[27,1]=90.00; F01[1,1]=90.00", **only("F-SUM-F01-INCOME-TOTAL"))) == ["F-SUM-F01-INCOME-TOTAL"]


def test_a_side_a_name_keyed_layout_never_printed_is_not_applicable():
    # a B01 printing expenditure under 合计 has no (支出总计, 预算数) cell: not 0
    cells = "B01[收入总计,预算数]=100.00; B01[支出总计,合计]=100.00"
    assert run(cells, kind="budget") == []
    assert codes(run("B01[收入总计,预算数]=100.00; B01[支出总计,合计]=90.00", kind="budget")) == ["F-EQ-B01-BALANCE"]


def test_empty_sum_is_not_applicable():
    # a 类 without any 款 printed: nothing to compare it with
    assert run("F03[210,1]=90.00; F03[合计,1]=90.00", **only("F-SUM-F03-CODES")) == []  # 210 has no 款
    assert codes(run("F03[210,1]=90.00; F03[合计,1]=80.00", **only("F-SUM-F03-CODES"))) == ["F-SUM-F03-CODES"]


# -- names read as codes, sets, 其余 and the unit row
def test_b06_names_are_read_under_their_codes():
    cells = ("B06[合计,合计]=9.00; B06[商品和服务支出,合计]=9.00; B06[办公费,合计]=5.00; "
             "B06[其他交通费用,合计]=5.00")
    bad = run(cells, kind="budget", **only("F-SUM-B06-ECON"))
    assert codes(bad) == ["F-SUM-B06-ECON"]
    assert bad[0].cells[0]["row"] == "商品和服务支出"  # reported as printed
    assert "商品和服务支出" in bad[0].message
    assert run(cells.replace("B06[其他交通费用,合计]=5.00", "B06[其他交通费用,合计]=4.00"), kind="budget",
               **only("F-SUM-B06-ECON")) == []


def test_unit_row_is_the_sum_of_its_projects():
    cells = "B12[本单位,合计]=100.00; B12[项目甲,合计]=60.00; B12[项目乙,合计]=30.00"
    assert codes(run(cells, kind="budget")) == ["F-SUM-B12-B13-TOTAL"]
    assert run(cells, kind="budget", unit_name="另一单位") == []  # no unit row: not applicable
    assert run(cells.replace("100.00", "90.00"), kind="budget") == []


def test_set_without_sigma_reads_the_printed_synonym():
    cells = "B04[一般公共预算拨款收入,金额]=90.00; B01[一般公共预算拨款收入,预算数]=80.00"
    assert codes(run(cells, kind="budget")) == ["F-EQ-B04-B01"]


# -- profiles
def test_profile_adds_and_drops_lines():
    national = {r.code for r in catalog("national").rules}
    shanxi = {r.code for r in catalog("shanxi").rules}
    assert "F-SUM-B02-COLS" in national and "F-SUM-B02-COLS" not in shanxi
    assert "F-SUM-B02-COLS-CURRENT" in shanxi and "F-SUM-B02-COLS-CURRENT" not in national
    cells = "B02[合计,合计]=100.00; B02[合计,一般公共预算]=100.00; B02[合计,上年结转]=50.00"
    assert codes(run(cells, "national", kind="budget")) == ["F-SUM-B02-COLS"]
    assert run(cells, "shanxi", kind="budget") == []


def test_profile_is_picked_from_the_unit_name():
    assert pick_profile("吕梁市某区某局") == "shanxi"
    assert pick_profile("随州市某中心") == "hubei"
    assert pick_profile("上海市某区某局") == "shanghai"
    assert pick_profile("某县某中心") == "national"
    assert pick_profile(None) == "national"


# -- the front door
def test_check_reports_unrecognized_tables_and_sorts_errors_first():
    d = disclosure("F01[31,1]=100.00; F01[62,2]=99.00; F06[302,1]=1.01; F06[30201,1]=1.00")
    d.unrecognized.append(Unrecognized("一般公共预算财政拨款基本支出决算明细表", Where(page=14), "columns not mapped"))
    found = check(d)
    assert found[0].severity == "error"
    unrec = [f for f in found if f.code == "TABLE-UNRECOGNIZED"]
    assert len(unrec) == 1 and unrec[0].severity == "warning"
    assert "第 14 页" in unrec[0].message and unrec[0].spans[0]["page"] == 14
    assert [f.severity for f in found] == sorted((f.severity for f in found),
                                                 key=["error", "warning", "note"].index)


def test_finding_json_shape():
    f = run("F01[31,1]=100.00; F01[62,2]=99.00", **only("F-EQ-F01-BALANCE"))[0].to_json()
    assert set(f) == {"doc", "code", "severity", "message", "cells", "spans", "expected", "found"}
    assert f["cells"][0] == {"table": "F01", "row": "31", "col": "1", "value": "100.00", "page": 3, "line": 40}


@pytest.mark.parametrize("profile", ["national", "shanxi", "hubei", "shanghai"])
def test_profiles_load(profile):
    assert catalog(profile).rules


def test_a_total_may_be_the_sum_of_its_rounded_parts_in_another_table():
    # F03 210 = 40.35 + 196.29 (rounded 项 added), F01 prints the 元 total rounded once
    cells = ("F01[40,2]=236.63; F03[210,1]=236.64; F03[21011,1]=236.64; "
             "F03[2101101,1]=40.35; F03[2101102,1]=196.29")
    found = run(cells, **only("F-EQ-F03-F01"))
    assert [(f.code, f.severity) for f in found] == [("ROUNDING", "note")]
    # without parts printed the two copies must agree
    found = run("F01[40,2]=236.63; F03[210,1]=236.64", **only("F-EQ-F03-F01"))
    assert [(f.code, f.severity) for f in found] == [("F-EQ-F03-F01", "error")]
    # and a difference larger than the parts allow stays an error
    found = run(cells.replace("F01[40,2]=236.63", "F01[40,2]=236.60"), **only("F-EQ-F03-F01"))
    assert [(f.code, f.severity) for f in found] == [("F-EQ-F03-F01", "error")]


def test_row_under_another_printed_name():
    # a layout that prints 当年支出小计 / 支出合计 instead of 本年支出合计 / 支出总计
    cells = ("B01[当年支出小计,金额]=100.00; B01[卫生健康支出,金额]=60.00; B01[其他支出,金额]=30.00; "
             "B01[支出合计,金额]=100.00; B01[收入合计,金额]=100.00")
    bad = run(cells, kind="budget", **only("F-SUM-B01-EXPEND"))
    assert codes(bad) == ["F-SUM-B01-EXPEND"]
    assert "B01[当年支出小计,金额]" in bad[0].message and "@本年支出合计行" not in bad[0].message
    assert run(cells.replace("=30.00", "=40.00"), kind="budget") == []


@pytest.fixture
def testland(monkeypatch):
    """A profile written as data: one rule added in full, one dropped, one severity changed."""
    from juesuan.checks import rules as rules_module

    spec = {
        "name": "testland", "extends": "national", "places": ["测试省"],
        "drop": ["F-EQ-F01-BALANCE"],
        "severity": {"F-SUM-F01-INCOME": "warning"},
        "add": [{"code": "F-TL-F01-R8", "title": "测试省：其他收入为零", "formula": "F01[8,1] = 0",
                 "why": "测试", "message": "{lhs} 为 {found}",
                 "example": {"fails": "F01[8,1]=1.00", "passes": "F01[8,1]=0.00"}}],
    }
    names, data = rules_module.profile_names, rules_module.profile_data
    monkeypatch.setattr(rules_module, "profile_names", lambda: names() + ["testland"])
    monkeypatch.setattr(rules_module, "profile_data", lambda n: spec if n == "testland" else data(n))
    for cached in (rules_module.all_rules, rules_module.catalog):
        cached.cache_clear()
    yield "testland"
    for cached in (rules_module.all_rules, rules_module.catalog):
        cached.cache_clear()


def test_profile_written_as_data(testland):
    cells = "F01[8,1]=1.00; F01[27,1]=2.00; F01[1,1]=1.00; F01[31,1]=2.00; F01[62,2]=3.00"
    found = {(f.code, f.severity) for f in run(cells, testland)}
    assert ("F-TL-F01-R8", "error") in found                   # added in full by the profile
    assert not any(c == "F-EQ-F01-BALANCE" for c, _ in found)  # dropped
    national = {(f.code, f.severity) for f in run(cells, "national")}
    assert ("F-EQ-F01-BALANCE", "error") in national and not any(c == "F-TL-F01-R8" for c, _ in national)
    bad_total = "F01[27,1]=5.00; F01[1,1]=1.00; F01[31,1]=5.00; F01[62,2]=5.00"
    assert ("F-SUM-F01-INCOME", "warning") in {(f.code, f.severity) for f in run(bad_total, testland)}
    assert pick_profile("测试省某局") == "testland"


def test_a_table_printed_in_yuan_is_compared_in_the_documents_unit():
    d = disclosure("F01[1,1]=90.00; F04[1,1]=90.00")
    f04 = d.table("F04")
    f04.unit = "元"
    f04.cells[0] = f04.cells[0].__class__("F04", "1", "1", Decimal("900000.00"), "900000.00", "元")
    cat = replace(catalog("national"), rules=tuple(r for r in catalog("national").rules
                                                    if r.code == "F-EQ-F01-F04-INCOME"))
    assert [f for f in run_formulas(d, cat) if f.code != "FORMULA-NA"] == []
    f04.cells[0] = f04.cells[0].__class__("F04", "1", "1", Decimal("900100.00"), "900100.00", "元")
    bad = [f for f in run_formulas(d, cat) if f.code != "FORMULA-NA"]
    assert [(f.code, f.severity) for f in bad] == [("F-EQ-F01-F04-INCOME", "error")]
    assert {c["value"] for c in bad[0].cells} == {"90.00", "900100.00"}  # as printed


def test_profile_from_the_layout_when_the_name_names_no_place():
    from juesuan.checks.rules import profile_for

    shanxi_layout = disclosure("B01[卫生健康支出,合计]=9.00; B01[卫生健康支出,当年预算安排]=9.00",
                               kind="budget", unit_name="某县某局")
    assert profile_for(shanxi_layout) == "shanxi"
    assert profile_for(disclosure("B01[卫生健康支出,预算数]=9.00", kind="budget", unit_name="某县某局")) == "national"
    assert profile_for(disclosure("F01[1,1]=1.00", unit_name="随州市某中心")) == "hubei"


def test_every_rule_runs_on_odd_cells_without_raising():
    """Odd keys (names where codes are expected, parents with '/', 0-decimal amounts) are
    read, not crashed on: every profile, every rule."""
    import random

    rng = random.Random(3)
    rows = ["合计", "210", "21015", "2101550", "301", "30201", "1", "27", "58", "人员经费合计",
            "上年财政拨款结转/一般公共预算", "本单位", "项目甲", "a,b", "收入总计", "支出合计"]
    cols = ["1", "2", "3", "合计", "预算数", "金额", "小计", "基本支出", "人员经费", "上年结转"]
    tables = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F09", "F10", "B01", "B02", "B03",
              "B04", "B05", "B06", "B10", "B11", "B12", "B13"]
    cells = "; ".join(f"{rng.choice(tables)}['{rng.choice(rows)}',{rng.choice(cols)}]="
                      f"{rng.choice(['0', '1.5', '10.00', '-3.25', '99'])}" for _ in range(400))
    for profile in ("national", "shanxi", "hubei", "shanghai"):
        for kind in ("final_accounts", "budget"):
            found = run_formulas(disclosure(cells, kind=kind, empty=("F08", "B07")), catalog(profile))
            assert all(f.severity in ("error", "warning", "note") and f.message for f in found)


def test_budget_fiscal_only_condition():
    cells = "B01[一般公共预算,预算数]=90.00; B04[卫生健康支出,小计]=90.00; B03[210,合计]=100.00"
    assert codes(run(cells, kind="budget", **only("F-EQ-B04-B03-FISCAL"))) == ["F-EQ-B04-B03-FISCAL"]
    # 单位资金 10: B03 spends money B04 does not show — no identity
    assert run(cells + "; B01[单位资金,预算数]=10.00", kind="budget", **only("F-EQ-B04-B03-FISCAL")) == []
    # a carry-over that is not all 财政拨款 breaks it as well
    assert run(cells + "; B01[上年结转,预算数]=10.00; B04[上年财政拨款结转,金额]=5.00", kind="budget",
               **only("F-EQ-B04-B03-FISCAL")) == []
