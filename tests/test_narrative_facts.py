"""recognize/narrative.py on small hand-written 情况说明 texts."""
from __future__ import annotations

from decimal import Decimal

from narrative_helpers import PART, make

from juesuan.recognize.narrative import explanation_lines, sections
from juesuan.ingest.text import text_lines

CELLS = {"F01": {("31", "1"): "100.00", ("62", "2"): "100.00", ("27", "1"): "100.00", ("58", "2"): "100.00"},
         "F02": {("合计", "1"): "100.00", ("合计", "2"): "80.00", ("合计", "7"): "20.00"},
         "F03": {("合计", "1"): "100.00", ("合计", "2"): "70.00", ("合计", "3"): "30.00"},
         "F05": {("合计", "1"): "100.00", ("208", "1"): "60.00", ("210", "1"): "40.00",
                 ("2101550", "1"): "40.00", ("21015", "1"): "40.00"},
         "F06": {("30101", "1"): "12.50", ("31002", "1"): "1.00"}}


def facts_of(text: str, **kwargs):
    return make(PART + text, CELLS, **kwargs).facts


def test_only_the_explanation_part_is_read():
    lines = text_lines("第二部分 决算表\n收入合计 5.00万元\n第三部分 情况说明\n一、收入决算情况说明\n"
                       "收入合计100.00万元。\n第四部分 名词解释\n基本支出：9万元")
    part = explanation_lines(lines)
    assert [line.text for line in part] == ["一、收入决算情况说明", "收入合计100.00万元。"]
    assert sections(part)[0].heading == "一、收入决算情况说明"


def test_numbers_and_words_broken_across_lines_are_joined():
    facts = facts_of("二、收入决算情况说明\n\n2023 年度收入合计 1\n\n00.00 万元，其中：财\n政拨款收入 80.\n\n00 万元。")
    amounts = [(f.value, f.label, f.refers_to) for f in facts if f.kind == "amount"]
    assert amounts == [(Decimal("100.00"), "收入合计", "F01[27,1]"),
                       (Decimal("80.00"), "财政拨款收入", "F02[合计,2]")]
    fact = facts[1]
    assert [span["line"] for span in fact.spans] == [6, 7, 9]  # the lines the figure spans


def test_share_of_a_named_whole_and_of_the_breakdown_head():
    facts = facts_of("二、收入决算情况说明\n收入合计100.00万元，其中：财政拨款收入80.00万元，占本年收入80.00%。\n"
                     "三、支出决算情况说明\n支出合计100.00万元，其中：基本支出70.00万元，占比70.00%；"
                     "项目支出30.00万元，占比30.00%。")
    shares = [f.refers_to for f in facts if f.kind == "share"]
    assert shares == ["F02[合计,2] / F01[27,1] * 100", "F03[合计,2] / F03[合计,1] * 100",
                      "F03[合计,3] / F03[合计,1] * 100"]


def test_change_and_its_percentage_use_the_current_figure():
    facts = facts_of("一、收入支出决算总体情况说明\n收、支总计均为100.00万元。与上年相比，收、支总计各增加"
                     "20.00万元，增长25.00%。")
    change_amount, change_rate = [f for f in facts if f.kind == "change"]
    assert change_amount.refers_to == "prior year, not in tables" and change_amount.direction == 1
    assert change_rate.refers_to == "20.00 / (F01[31,1] - 20.00) * 100"


def test_subject_carries_to_measure_only_labels():
    facts = facts_of("五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
                     "社会保障和就业支出年初预算80.00万元，支出决算60.00万元，完成年初预算的75.00%。"
                     "卫生健康支出（类）医疗保障管理事务（款）事业运行（项）。年初预算为40.00万元，支出决算为40.00万元。")
    by_value = [(f.kind, f.value, f.refers_to) for f in facts]
    assert by_value == [("amount", Decimal("80.00"), "not in tables"),
                        ("amount", Decimal("60.00"), "F05[208,1]"),
                        ("completion", Decimal("75.00"), "F05[208,1] / 80.00 * 100"),
                        ("amount", Decimal("40.00"), "not in tables"),
                        ("amount", Decimal("40.00"), "F05[2101550,1]")]


def test_three_public_items_and_blank_amounts():
    facts = facts_of("九、财政拨款“三公”经费支出决算情况说明\n1.因公出国(境)费预算为 2 万元，支出决算为 1 万元。"
                     "2.公务用车购置及运行费预算为 0 万元，支出决算为 万元。(1)公务用车购置费支出 0 万元。")
    ties = [(f.kind, f.refers_to) for f in facts if f.kind in ("amount", "blank")]
    assert ties == [("amount", "F09[合计,2]"), ("amount", "F09[合计,8]"), ("amount", "F09[合计,3]"),
                    ("blank", "F09[合计,9]"), ("amount", "F09[合计,10]")]


def test_economic_items_prefer_the_code_the_table_prints():
    facts = facts_of("六、一般公共预算财政拨款基本支出决算情况说明\n人员经费12.50万元，主要包括：基本工资12.50万元。"
                     "公用经费1.00万元，主要包括：办公设备购置1.00万元、职业年度0.5万元。")
    ties = {f.label: f.refers_to for f in facts if f.kind == "amount"}
    assert ties["基本工资"] == "F06[30101,1]"
    assert ties["办公设备购置"] == "F06[31002,1]"  # not 30902: F06 prints 31002
    assert ties["职业年度"] is None


def test_counts_thresholds_and_comparisons():
    facts = facts_of("十二、国有资产占用情况说明\n共有车辆 2 辆，单位价值 100 万元以上设备 0 台（套）。\n"
                     "九、财政拨款“三公”经费支出决算情况说明\n公务接待费预算为 3 万元，支出决算为 2 万元，决算数小于预算数。")
    kinds = [(f.kind, f.value, f.unit) for f in facts]
    assert ("count", Decimal(2), "辆") in kinds and ("count", Decimal(0), "台（套）") in kinds
    assert not any(f.value == 100 for f in facts)  # a threshold, not a figure
    comparison = [f for f in facts if f.kind == "comparison"][0]
    assert comparison.direction == -1 and comparison.refers_to == "F09[合计,12] - F09[合计,6]"


def _pdf_lines(pages: list[list[str]]) -> list:
    """Lines as the PDF reader gives them: each with its page and line number."""
    from juesuan.model import TextLine, Where

    return [TextLine(text, Where(page=number, line=index))
            for number, page in enumerate(pages, 1) for index, text in enumerate(page, 1)]


def test_page_numbers_between_the_lines_of_a_sentence_are_dropped():
    from juesuan.recognize.narrative import tokens, without_page_numbers

    pages = [["一、收支预算总体情况说明", "收入预算总计 120.00 万元，比上年增加 20.00 万元，增长", "3"],
             ["20.00%。其中基本支出 80.00 万元，比上年增", "— 4 —"],
             ["加 5.00 万元。", "-5-"],
             ["项目支出 40.00 万元，占 33.33%。", "第6页 共6页"]]
    lines = _pdf_lines(pages)
    assert [line.text for line in without_page_numbers(lines)] == [
        "一、收支预算总体情况说明", "收入预算总计 120.00 万元，比上年增加 20.00 万元，增长",
        "20.00%。其中基本支出 80.00 万元，比上年增", "加 5.00 万元。", "项目支出 40.00 万元，占 33.33%。"]
    (section,) = sections(lines)
    assert "增长20.00%" in section.stream.text and "比上年增加5.00万元" in section.stream.text
    values = [t.value for t in tokens(section.stream)]
    assert values == [Decimal("120.00"), Decimal("20.00"), Decimal("20.00"), Decimal("80.00"),
                      Decimal("5.00"), Decimal("40.00"), Decimal("33.33")]


def test_a_bare_number_inside_a_page_is_kept():
    from juesuan.recognize.narrative import without_page_numbers

    lines = _pdf_lines([["收入合计", "582", ".36 万元。", "1"]])
    assert [line.text for line in without_page_numbers(lines)] == ["收入合计", "582", ".36 万元。"]
    # text files know no pages: a bare number line is text there
    plain = text_lines("收入合计\n7\n万元。")
    assert len(without_page_numbers(plain)) == 3


def test_a_part_heading_broken_over_lines_is_read_whole():
    lines = text_lines("第二部分 示例单位\n2023 年度部门预算表\n收入合计 5.00万元\n第三部分 示例单位\n"
                       "2023 年度部门预算情况说明\n一、收入预算情况说明\n收入合计100.00万元。\n"
                       "第四部分 名词解释\n基本支出：9万元")
    part = explanation_lines(lines)
    assert [line.text for line in part] == ["一、收入预算情况说明", "收入合计100.00万元。"]
    # a finished heading does not swallow the body text after it
    short = text_lines("第三部分 部门概况\n本单位说明如下\n第四部分 情况说明\n收入合计1.00万元。")
    assert [line.text for line in explanation_lines(short)] == ["收入合计1.00万元。"]
