"""checks/wording.py: one failing and one passing hand-written document per code."""
from __future__ import annotations

from narrative_helpers import PART, make

from juesuan.checks import wording as checks
from juesuan.checks.registry import python_rules
from juesuan.checks.wording import chinese_number, chinese_numeral


def codes_of(findings):
    return [(f.code, f.severity) for f in findings]


def test_every_wording_check_is_registered_with_docs():
    rules = python_rules()
    for code in ("TABLE-MISSING", "TABLE-EMPTY-UNDECLARED", "LABEL-INCONSISTENT", "ORDINAL-SEQUENCE",
                 "PLACEHOLDER", "DOUBLED-PUNCT", "DATE-INVALID", "NAME-INCONSISTENT", "NARR-BLANK", "NARR-UNIT-MISSING", "NARR-ITEM-NAME",
                 "SUBJECT-NOT-IN-TABLES", "YEAR-INCONSISTENT"):
        parts = rules[code].parts()
        assert rules[code].severity == "warning" and parts["fails"] and parts["passes"], code


def test_chinese_numerals_both_ways():
    assert [chinese_number(t) for t in ("一", "十", "十二", "二十二", "三十", "九十九")] == [1, 10, 12, 22, 30, 99]
    assert chinese_number("十十") is None and chinese_number("第一") is None
    assert [chinese_numeral(n) for n in (1, 10, 12, 22, 30)] == ["一", "十", "十二", "二十二", "三十"]


ALL_FINAL = {kind: {("合计", "1"): "1.00"} for kind in ("F01", "F02", "F03", "F04", "F05", "F06")}


def test_missing_table():
    found = list(checks.missing_tables(make(PART, ALL_FINAL, empty=("F07", "F09"))))
    assert codes_of(found) == [("TABLE-MISSING", "warning")] and found[0].expected == "F08"
    assert list(checks.missing_tables(make(PART, ALL_FINAL, empty=("F07", "F08", "F09")))) == []


def test_empty_table_must_be_declared():
    undeclared = make(PART, {"F01": {("1", "1"): "1.00"}}, labels={"F08": "公开08表"})
    assert codes_of(checks.empty_undeclared(undeclared)) == [("TABLE-EMPTY-UNDECLARED", "warning")]
    declared = make(PART, {"F01": {("1", "1"): "1.00"}}, empty=("F08",))
    assert list(checks.empty_undeclared(declared)) == []


def test_label_inconsistent():
    labels = {f"B0{n}": f"预算公开表{n}" for n in range(1, 6)}
    found = list(checks.label_inconsistent(make(PART, kind="budget", labels={**labels, "B06": "部门公开表6"})))
    assert [(f.code, f.found, f.expected) for f in found] == [("LABEL-INCONSISTENT", "部门公开表6", "预算公开表6")]
    assert list(checks.label_inconsistent(make(PART, kind="budget", labels={**labels, "B06": "预算公开表6"}))) == []


def test_ordinal_sequence_in_a_table_with_two_sides():
    lines = "\n".join(["一、收入甲\t1\t一、支出甲\t32"] + [
        f"{chinese_numeral(n)}、收入\t{n}\t{chinese_numeral(n)}、支出\t{31 + n}" for n in range(2, 21)] + [
        "\t\t二十一、支出\t52", "\t\t{}、灾害防治支出\t53", "\t\t二十三、其他支出\t54"])
    bad = make(PART, {"F01": {("1", "1"): "1.00"}}, table_lines={"F01": lines.format("三十二")})
    found = list(checks.ordinal_sequence(bad))
    assert [(f.code, f.found, f.expected) for f in found] == [("ORDINAL-SEQUENCE", "三十二、", "二十二、")]
    good = make(PART, {"F01": {("1", "1"): "1.00"}}, table_lines={"F01": lines.format("二十二")})
    assert list(checks.ordinal_sequence(good)) == []


def test_ordinal_sequence_of_headings():
    bad = make(PART + "一、收入支出决算总体情况说明\n二、收入决算情况说明\n四、支出决算情况说明\n四、财政拨款情况说明")
    assert [f.found for f in checks.ordinal_sequence(bad)] == ["四、"]
    good = make(PART + "一、收入支出决算总体情况说明\n二、收入决算情况说明\n三、支出决算情况说明\n四、财政拨款情况说明")
    assert list(checks.ordinal_sequence(good)) == []


def test_placeholder():
    assert codes_of(checks.placeholders(make(PART + "本部门共有XX个内设机构。"))) == [("PLACEHOLDER", "warning")]
    assert codes_of(checks.placeholders(make(PART + "其他情况：待填写。"))) == [("PLACEHOLDER", "warning")]
    assert list(checks.placeholders(make(PART + "本部门共有6个内设机构，含XML接口。"))) == []


def test_doubled_punctuation():
    assert codes_of(checks.doubled_punctuation(make(PART + "占100%，：主要用于基本支出。"))) == [("DOUBLED-PUNCT", "warning")]
    assert list(checks.doubled_punctuation(make(PART + "占100%，主要用于基本支出。"))) == []


def test_invalid_date():
    found = list(checks.invalid_dates(make(PART + "资金于2024年11月31日前支付到位。")))
    assert [(f.code, f.found) for f in found] == [("DATE-INVALID", "11月31日")]
    leap = make(PART + "截至2024年2月29日，已全部支付。")
    leap.performance = [{"indicators": [{"target": "2023年2月29日前"}]}]
    assert [f.found for f in checks.invalid_dates(leap)] == ["2月29日"]  # 2023 is no leap year


def test_blank_amount():
    text = "七、政府性基金预算财政拨款收入支出决算情况说明\n2023年度政府性基金预算财政拨款年初结转和结余{}万元，本年收入0万元。"
    found = list(checks.blank_amounts(make(PART + text.format(" "))))
    assert codes_of(found) == [("NARR-BLANK", "warning")] and "年初结转和结余万元" in found[0].message
    assert list(checks.blank_amounts(make(PART + text.format("0")))) == []


def test_item_name_not_an_economic_item():
    text = "六、一般公共预算财政拨款基本支出决算情况说明\n人员经费11.00万元，主要包括：基本工资0.40万元、{}10.60万元。"
    found = list(checks.item_names(make(PART + text.format("职业年度"), {"F06": {("30109", "1"): "10.60"}})))
    assert [(f.code, f.expected) for f in found] == [("NARR-ITEM-NAME", "职业年金缴费")]
    assert list(checks.item_names(make(PART + text.format("职业年金缴费"), {"F06": {("30109", "1"): "10.60"}}))) == []


def test_subject_not_in_tables():
    cells = {"F05": {("210", "1"): "5.00", ("21015", "1"): "5.00", ("2101550", "1"): "5.00"}}
    text = "第五部分 名词解释\n本部门使用的支出功能分类科目：{}"
    bad = make(PART + text.format("一般公共服务(类)财政事务(款)行政运行(项)"), cells)
    assert [(f.code, f.found) for f in checks.subjects_not_in_tables(bad)] == [
        ("SUBJECT-NOT-IN-TABLES", "一般公共服务(类)财政事务(款)行政运行(项)")]
    good = make(PART + text.format("卫生健康支出(类)医疗保障管理事务(款)事业运行(项)"), cells)
    assert list(checks.subjects_not_in_tables(good)) == []


def test_year_in_titles():
    bad = make("第三部分 2022年度部门决算情况说明\n一、收入决算情况说明", year=2023)
    assert [(f.code, f.found) for f in checks.year_inconsistent(bad)] == [("YEAR-INCONSISTENT", "2022")]
    assert list(checks.year_inconsistent(make("第三部分 2023年度部门决算情况说明\n", year=2023))) == []


def test_rate_without_percent_sign():
    found = list(checks.unit_missing(make(PART + "一、收入支出决算总体情况说明\n收、支总计各增加10.00万元，增长13.95。")))
    assert [(f.code, f.expected) for f in found] == [("NARR-UNIT-MISSING", "13.95%")]
    assert list(checks.unit_missing(make(PART + "一、收入支出决算总体情况说明\n收、支总计各增加10.00万元，增长13.95%。"))) == []


def test_unit_name_in_table_headers():
    heads = {kind: f"{kind} 表\n单位名称：示例甲单位\n金额单位：万元" for kind in ("F01", "F02", "F03")}
    good = make(PART, {"F01": {("1", "1"): "1.00"}}, table_lines=heads)
    assert list(checks.name_inconsistent(good)) == []
    bad = make(PART, {"F01": {("1", "1"): "1.00"}}, table_lines={**heads, "F04": "F04 表\n单位名称：示例乙单位"})
    assert [(f.code, f.found, f.expected) for f in checks.name_inconsistent(bad)] == [
        ("NAME-INCONSISTENT", "示例乙单位", "示例甲单位")]
