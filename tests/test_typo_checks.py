"""Checks sharpened by the mutation bench (bench/mutation.py): a digit lost, a blank rate,
a rate of nothing, a blank column, a cell printed with fewer decimals than its table."""
from __future__ import annotations

from decimal import Decimal

from narrative_helpers import PART, codes, make

from juesuan.checks import narrative as checks
from juesuan.checks import wording
from juesuan.checks.cells import CellIndex, halfwidth, table_places
from juesuan.checks.formula import Unavailable, evaluate_expression
from juesuan.model import Cell
from juesuan.recognize.budget.lines import split_word
from juesuan.recognize.normalize import parse_amount

CELLS = {"F01": {("27", "1"): "100.00"},
         "F02": {("合计", "1"): "100.00", ("合计", "2"): "80.04", ("合计", "7"): "19.96"}}
INCOME = "二、收入决算情况说明\n收入合计100.00万元，其中：财政拨款收入{}万元，其他收入19.96万元。"


def test_a_figure_with_a_digit_lost_is_a_precision_warning():
    bad = list(checks.precision(make(PART + INCOME.format("80.0"), CELLS)))
    assert [(f.code, f.severity, f.expected, f.found) for f in bad] == [("NARR-PRECISION", "warning", "80.04", "80.0")]
    assert bad[0].spans and bad[0].cells[0]["table"] == "F02"
    assert list(checks.precision(make(PART + INCOME.format("80.04"), CELLS))) == []
    # the equality check itself lets it through (80.04 rounds to 80.0): only this check sees it
    assert codes(list(checks.amount_vs_table(make(PART + INCOME.format("80.0"), CELLS))), "NARR-AMOUNT") == []


def test_a_rate_left_blank_is_a_blank_warning():
    text = "三、支出决算情况说明\n本年支出合计100.00万元，其中：基本支出94.07万元，占本年支出%。"
    found = list(wording.blank_amounts(make(PART + text, CELLS)))
    assert [(f.code, f.severity, f.expected) for f in found] == [("NARR-BLANK", "warning", "x%")]
    good = text.replace("占本年支出%", "占本年支出94.07%")
    assert list(wording.blank_amounts(make(PART + good, CELLS))) == []


def test_a_rate_of_nothing_is_zero_or_a_hundred_never_another_figure():
    text = "九、财政拨款“三公”经费支出决算情况说明\n因公出国（境）费年初预算为0万元，支出决算为0万元，完成预算的{}%。"
    zeros = {"F09": {("合计", col): "0.00" for col in ("1", "2", "7", "8")}}
    bad = codes(list(checks.percentages(make(PART + text.format("8"), zeros))), "NARR-COMPLETION", "error")
    assert len(bad) == 1 and bad[0].found == "8%" and bad[0].cells
    for stated in ("0", "100"):
        assert codes(list(checks.percentages(make(PART + text.format(stated), zeros))), "NARR-COMPLETION") == []


def test_a_column_the_header_printed_blank_is_zero_not_unknown():
    disclosure = make(PART, {"B02": {("合计", "合计"): "10.00", ("合计", "一般公共预算"): "10.00"}}, kind="budget")
    ref = "B02[合计,单位资金]"
    try:
        evaluate_expression(ref, CellIndex(disclosure))
        raise AssertionError("a column never read must be unknown")
    except Unavailable:
        pass
    disclosure.tables[0].columns = ["合计", "一般公共预算", "单位资金"]
    assert evaluate_expression(ref, CellIndex(disclosure)).value == 0


def test_a_cell_with_fewer_decimals_than_its_table_keeps_the_tables_interval():
    cells = [Cell("F06", "302", "1", Decimal("18.9"), "18.9", "万元"),
             Cell("F06", "30201", "1", Decimal("0.15"), "0.15", "万元")]
    assert table_places(cells) == 2
    assert halfwidth(cells[0]) == Decimal("0.05") and halfwidth(cells[0], 2) == Decimal("0.005")
    disclosure = make(PART, {"F06": {("302", "1"): "18.9", ("30201", "1"): "0.15"}})
    assert CellIndex(disclosure).read("F06", "302", "1").halfwidth == Decimal("0.005")
    side = evaluate_expression("F06[302,1]", CellIndex(disclosure))
    assert (side.low, side.high) == (Decimal("18.895"), Decimal("18.905"))


def test_an_amount_that_lost_its_leading_digit_is_still_read():
    assert parse_amount(".83") == Decimal("0.83")
    assert split_word(".78") == [("num", ".78")]
    assert split_word("项目.78") == [("text", "项目.78")]
    found = make(PART + "二、收入决算情况说明\n收入合计100.00万元，其中：财政拨款收入1,00.04万元，其他收入.96万元。", CELLS)
    amounts = [f.value for f in found.facts if f.kind == "amount"]
    assert amounts == [Decimal("100.00"), Decimal("100.04"), Decimal("0.96")]
