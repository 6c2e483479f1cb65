"""checks/narrative.py: one failing and one passing hand-written document per code."""
from __future__ import annotations

import pytest
from narrative_helpers import PART, codes, make

from juesuan.checks import narrative as checks
from juesuan.checks.registry import python_rules

TOTALS = {"F01": {("27", "1"): "100.00", ("31", "1"): "100.00", ("58", "2"): "100.00", ("62", "2"): "100.00"},
          "F02": {("合计", "1"): "100.00", ("合计", "2"): "80.00", ("合计", "7"): "20.00"},
          "F03": {("合计", "1"): "100.00", ("合计", "2"): "94.07", ("合计", "3"): "5.93"}}


def run(check, text: str, cells=None, **kwargs):
    return list(check(make(PART + text, cells if cells is not None else TOTALS, **kwargs)))


def test_every_narrative_check_is_registered_with_docs():
    rules = python_rules()
    for code in ("NARR-AMOUNT", "NARR-CHANGE-AMOUNT", "NARR-SHARE", "NARR-DIRECTION", "NARR-SHARES-SUM",
                 "NARR-PARTS-SUM", "NARR-SME-SPLIT", "NARR-COMPARISON", "NARR-SCOPE", "NARR-PROJECT-COUNT", "NARR-CHANGE-TWICE"):
        parts = rules[code].parts()
        assert rules[code].title and parts["why"] and parts["fails"] and parts["passes"], code


def test_amount_against_its_cell():
    bad = run(checks.amount_vs_table, "二、收入决算情况说明\n收入合计100.00万元，其中：财政拨款收入85.00万元。")
    assert [(f.severity, f.expected, f.found) for f in codes(bad, "NARR-AMOUNT")] == [("error", "80.00", "85.00")]
    assert bad[0].cells[0]["table"] == "F02" and bad[0].spans
    good = run(checks.amount_vs_table, "二、收入决算情况说明\n收入合计100万元，其中：财政拨款收入80万元。")
    assert good == []


def test_amount_off_by_rounding_of_a_sum_is_a_note():
    cells = {"F05": {("合计", "2"): "10.00"}, "F06": {("人员经费合计", "1"): "6.67", ("公用经费合计", "1"): "3.34"}}
    found = run(checks.amount_vs_table, "六、一般公共预算财政拨款基本支出决算情况说明\n基本支出10.00万元。", cells)
    assert [(f.code, f.severity) for f in found] == [("ROUNDING", "note")]


def test_change_amount_with_both_years_stated():
    cells = {"B11": {("部门合计", "一般公共预算"): "7.50"}}
    text = "八、机关运行经费增减变动原因说明\n机关运行经费一般公共预算7.50万元，较2022年年初预算7.00万元，增加了{}万元。"
    bad = run(checks.change_amount, text.format("0.60"), cells, kind="budget")
    assert [(f.code, f.expected) for f in bad] == [("NARR-CHANGE-AMOUNT", "0.50")]
    assert run(checks.change_amount, text.format("0.50"), cells, kind="budget") == []


@pytest.mark.parametrize("stated, code, severity", [
    ("6.93", "NARR-SHARE", "error"),
    ("5.93", None, None),
])
def test_share_against_part_over_whole(stated, code, severity):
    found = run(checks.percentages, f"三、支出决算情况说明\n支出合计100.00万元，其中：项目支出5.93万元，占比{stated}%。")
    assert [(f.code, f.severity) for f in found] == ([(code, severity)] if code else [])


def test_truncated_share_is_a_note():
    cells = {"F03": {("合计", "1"): "300.00", ("合计", "3"): "200.00"}}
    found = run(checks.percentages, "三、支出决算情况说明\n支出合计300.00万元，其中：项目支出200.00万元，占比66.66%。", cells)
    assert [(f.code, f.severity) for f in found] == [("NARR-SHARE", "note")]


def test_share_explained_by_rounded_amounts_is_rounding():
    cells = {"F03": {("合计", "1"): "0.03", ("合计", "3"): "0.01"}}
    found = run(checks.percentages, "三、支出决算情况说明\n支出合计0.03万元，其中：项目支出0.01万元，占比40.00%。", cells)
    assert [(f.code, f.severity) for f in found] == [("ROUNDING", "note")]


def test_share_of_a_zero_whole():
    cells = {"F05": {("合计", "3"): "0.00"}}
    text = "十三、预算绩效情况说明\n共涉及项目1个，资金{}万元，占一般公共预算项目支出总额的100%。"
    bad = run(checks.percentages, text.format("40"), cells)
    assert [(f.code, f.severity) for f in bad] == [("NARR-SHARE", "error")]
    assert "项目支出总额" in bad[0].message
    assert run(checks.percentages, text.format("0"), cells) == []  # 0 / 0: not counted


def test_change_rate_and_direction_words():
    text = "一、收入支出决算总体情况说明\n收、支总计均为100.00万元。与上年相比，收、支总计各减少10.00万元，{}。"
    assert run(checks.percentages, text.format("下降9.09%")) == []
    wrong_rate = run(checks.percentages, text.format("下降10.00%"))
    assert [(f.code, f.expected) for f in wrong_rate] == [("NARR-CHANGE-RATE", "9.09")]
    wrong_word = run(checks.direction_words, text.format("增长9.09%"))
    assert [f.code for f in wrong_word] == ["NARR-DIRECTION"]
    assert run(checks.direction_words, text.format("下降9.09%")) == []


def test_shares_of_a_breakdown_sum_to_100():
    text = "三、支出决算情况说明\n支出合计100.00万元，其中：基本支出94.07万元，占比{}%；项目支出5.93万元，占比5.93%。"
    bad = run(checks.shares_sum, text.format("95.07"))
    assert [f.code for f in bad] == ["NARR-SHARES-SUM"]
    assert run(checks.shares_sum, text.format("94.07")) == []


def test_parts_of_procurement_add_up():
    text = ("十一、政府采购支出说明\n政府采购支出总额20万元，其中：政府采购货物支出10.8万元、政府采购工程支出0万元、"
            "政府采购服务支出{}万元。")
    assert [f.code for f in run(checks.parts_sum, text.format("8.2"), {})] == ["NARR-PARTS-SUM"]
    assert run(checks.parts_sum, text.format("9.2"), {}) == []


def test_class_changes_against_the_total_change():
    cells = {"F05": {("合计", "1"): "100.00", ("208", "1"): "60.00", ("210", "1"): "40.00"}}
    text = ("五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出100.00万元，比上年减少30.00万元。"
            "社会保障和就业支出（类）60.00万元，较上年决算减少{}万元。卫生健康支出（类）40.00万元，较上年决算减少10.00万元。")
    assert [(f.code, f.severity) for f in run(checks.parts_sum, text.format("20.01"), cells)] == [("ROUNDING", "note")]
    assert [(f.code, f.severity) for f in run(checks.parts_sum, text.format("25.00"), cells)] == [("NARR-PARTS-SUM", "error")]
    assert run(checks.parts_sum, text.format("20.00"), cells) == []


def test_sme_split_against_the_sme_total():
    text = ("十一、政府采购支出说明\n政府采购支出总额20万元，其中：政府采购货物支出12万元、政府采购工程支出0万元、"
            "政府采购服务支出8万元。授予中小企业合同金额20万元，占政府采购支出总额的100%；货物采购授予中小企业合同金额"
            "占货物支出金额的{0}%，工程采购授予中小企业合同金额占工程支出金额的0%，服务采购授予中小企业合同金额"
            "占服务支出金额的{0}%。")
    bad = run(checks.sme_split, text.format("0"), {})
    assert [f.code for f in bad] == ["NARR-SME-SPLIT"] and "货物支出金额" in bad[0].message
    assert run(checks.sme_split, text.format("100"), {}) == []


def test_comparison_word_against_figures():
    text = "九、财政拨款“三公”经费支出决算情况说明\n公务接待费预算为3万元，支出决算为{}万元，决算数小于预算数。"
    cells = {"F09": {("合计", "6"): "3.00", ("合计", "12"): "2.00"}}
    assert run(checks.comparison_words, text.format("2"), cells) == []
    cells_equal = {"F09": {("合计", "6"): "3.00", ("合计", "12"): "3.00"}}
    found = run(checks.comparison_words, text.format("3"), cells_equal)
    assert [(f.code, f.severity) for f in found] == [("NARR-COMPARISON", "warning")]


def test_use_described_outside_the_scope_of_the_class():
    cells = {"F05": {("210", "1"): "30.00", ("210", "2"): "10.00", ("210", "3"): "20.00"},
             "F06": {("30110", "1"): "10.00"}}
    text = "五、一般公共预算财政拨款支出决算情况说明\n卫生健康支出（类）30.00万元，用于{}。"
    found = run(checks.use_scope, text.format("单位职工基本医疗保险缴费"), cells)
    assert [(f.code, f.severity) for f in found] == [("NARR-SCOPE", "warning")]
    assert "20.00" in found[0].message
    assert run(checks.use_scope, text.format("职工基本医疗保险缴费及专项业务经费"), cells) == []


def test_amount_names_the_cell_of_another_scope_that_prints_it():
    cells = {"F03": {("合计", "2"): "12.00"}, "F05": {("合计", "2"): "10.00"}}
    found = run(checks.amount_vs_table, "六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出12.00万元。", cells)
    assert [f.code for f in found] == ["NARR-AMOUNT"] and "F03 合计 栏2" in found[0].message


def test_a_row_never_read_is_not_taken_as_zero():
    # F02 printed, but its 合计 row was not read: nothing to compare with, no finding
    cells = {"F02": {("208", "1"): "5.00"}}
    assert run(checks.amount_vs_table, "二、收入决算情况说明\n收入合计100.00万元，其中：财政拨款收入80.00万元。", cells) == []
    # the row is printed, its column too, the cell blank: a blank counts 0
    cells = {"F02": {("合计", "1"): "100.00", ("208", "2"): "5.00"}}
    found = run(checks.amount_vs_table, "二、收入决算情况说明\n其中：财政拨款收入80.00万元。", cells)
    assert [(f.code, f.expected) for f in found] == [("NARR-AMOUNT", "0")]


def test_growth_from_zero_is_a_note():
    cells = {"F01": {("31", "1"): "50.00"}}
    text = "一、收入支出决算总体情况说明\n收、支总计均为50.00万元。与上年相比，收、支总计各增加50.00万元，增长100.00%。"
    assert [(f.code, f.severity) for f in run(checks.percentages, text, cells)] == [("NARR-CHANGE-RATE", "note")]


def test_performance_section_against_the_self_evaluation_table():
    disclosure_text = PART + ("十三、预算绩效情况说明\n共涉及项目{n}个，资金40万元。项目全年预算数为40万元，执行数为{x}万元，"
                              "完成预算100%。")
    record = {"kind": "P02", "execution": [{"source": "年度财政资金总额", "annual_budget": "40", "executed": "40"}]}

    def build(n="1", x="40"):
        disclosure = make(disclosure_text.format(n=n, x=x), {"F05": {("合计", "3"): "40.00"}})
        disclosure.performance = [record]
        from juesuan.recognize.narrative import read_facts
        disclosure.facts = read_facts(disclosure)
        return disclosure

    good = build()
    ties = [f.refers_to for f in good.facts if f.kind == "amount"]
    assert ties == ["P02[年度财政资金总额,annual_budget]"] * 2 + ["P02[年度财政资金总额,executed]"]
    assert list(checks.amount_vs_table(good)) == [] and list(checks.project_count(good)) == []
    assert [f.found for f in checks.amount_vs_table(build(x="35"))] == ["35"]
    assert [(f.code, f.expected) for f in checks.project_count(build(n="2"))] == [("NARR-PROJECT-COUNT", "1")]


def test_budget_projects_and_their_listed_total():
    cells = {"B12": {("甲项目补助资金", "合计"): "20.00", ("乙项目工作经费", "合计"): "5.00"}}
    text = ("十、绩效管理情况\n1、绩效目标情况\n实行绩效目标管理的项目2个，涉及一般公共预算拨款{}万元。\n"
            "（1）甲项目补助资金：20万元。\n（2）乙项目工作经费：5万元。")
    disclosure = make(PART.replace("决算", "预算") + text.format("25"), cells, kind="budget")
    ties = [f.refers_to for f in disclosure.facts if f.kind == "amount"]
    assert ties == ["B12[甲项目补助资金,合计] + B12[乙项目工作经费,合计]", "B12[甲项目补助资金,合计]",
                    "B12[乙项目工作经费,合计]"]
    untied = make(PART.replace("决算", "预算") + text.format("26"), cells, kind="budget")
    assert untied.facts[1].refers_to is None  # 26 ≠ 20 + 5: not tied by arithmetic


def test_the_same_change_stated_twice():
    text = ("二、收入决算情况说明\n收入合计100.00万元，与上年相比，收入合计减少3.82万元。\n"
            "四、财政拨款收入支出决算总体情况说明\n其中：本年收入合计100.00万元，与上年相比，本年收入合计减少{}万元。")
    cells = {"F01": {("27", "1"): "100.00"}}
    bad = run(checks.change_twice, text.format("3.28"), cells)
    assert [(f.code, f.expected, f.found) for f in bad] == [("NARR-CHANGE-TWICE", "3.82", "3.28")]
    assert run(checks.change_twice, text.format("3.82"), cells) == []
