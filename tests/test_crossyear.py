"""Cross-year checks on plain data: a claim of year Y against year Y−1's own figures."""
from __future__ import annotations

from decimal import Decimal

from juesuan.checks.crossyear import CellRow, Fact, UnitYear, check_budget, check_pair, item_name

UNIT = "示例市示例局"


def fact(doc_id: str, seq: int, kind: str, value: str, unit: str, subject: str, sentence: str,
         direction: int | None = None, section: str = "一、收支预算总体情况说明", measure: str = "",
         spans: list | None = None) -> Fact:
    return Fact(doc_id, seq, kind, Decimal(value), unit, subject, subject, section, direction,
                "prior year, not in tables" if kind == "change" else None, sentence, sentence[:20],
                3, seq, measure, spans or [])


def year(y: int, facts: list[Fact], cells: list[CellRow] = (), kind: str = "budget") -> UnitYear:
    group = UnitYear(UNIT, y, kind)
    for item in [*facts, *cells]:
        group.docs[item.doc_id] = f"{item.doc_id}-doc"
    group.facts.extend(facts)
    group.cells.extend(cells)
    return group


def claim(doc: str, amount: str, change: str, rate: str, direction: int = 1, name: str = "一般公共服务（类）支出",
          rate_spans: list | None = None) -> list[Fact]:
    sentence = f"{name}{amount}万元，与上年相比增加{change}万元，增长{rate}%"
    return [fact(doc, 0, "amount", amount, "万元", name, sentence),
            fact(doc, 1, "change", change, "万元", name, sentence, direction),
            fact(doc, 2, "change", rate, "%", name, sentence, direction, spans=rate_spans)]


def prior(doc: str, amount: str, name: str = "一般公共服务支出") -> list[Fact]:
    return [fact(doc, 0, "amount", amount, "万元", f"{UNIT}2018年度{name}", f"{name}{amount}万元。")]


def test_a_consistent_claim_passes() -> None:
    assert check_pair(year(2019, claim("b", "120.00", "20.00", "20.00")), year(2018, prior("a", "100.00"))) == []


def test_an_implied_prior_year_figure_that_differs_is_yoy_change() -> None:
    found = check_pair(year(2019, claim("b", "120.00", "25.00", "26.32")), year(2018, prior("a", "100.00")))
    assert [f.code for _, _, f in found] == ["YOY-CHANGE"]
    doc_id, other, finding = found[0]
    assert (doc_id, other, finding.expected, finding.found) == ("b", "a", "100", "95")
    assert {span["doc"] for span in finding.spans} == {"b-doc", "a-doc"}


def test_a_wrong_rate_is_yoy_rate_and_truncation_is_not() -> None:
    wrong = check_pair(year(2019, claim("b", "130.00", "30.00", "33.00")), year(2018, prior("a", "100.00")))
    assert [(f.code, f.expected) for _, _, f in wrong] == [("YOY-RATE", "30.00")]
    # 10.158…% printed 10.15 (truncated) passes
    truncated = check_pair(year(2019, claim("b", "110.16", "10.16", "10.15")), year(2018, prior("a", "100.01")))
    assert truncated == []


def test_a_fact_value_is_taken_as_read() -> None:
    # page numbers are dropped by the narrative reader (recognize/narrative/text.py) before
    # lines are joined; the cross-year check does not second-guess a figure's digits
    spans = [{"page": 5, "text": "增长"}, {"page": 5, "text": "3"}, {"page": 6, "text": "20.00%。"}]
    facts = claim("b", "120.00", "20.00", "320.00", rate_spans=spans)
    assert facts[2].value == Decimal("320.00")
    found = check_pair(year(2019, facts), year(2018, prior("a", "100.00")))
    assert [f.code for _, _, f in found] == ["YOY-RATE"]


def test_ambiguous_prior_figures_are_not_judged() -> None:
    before = year(2018, prior("a", "100.00") + [fact("a", 5, "amount", "90.00", "万元", "一般公共服务支出", "x")])
    assert check_pair(year(2019, claim("b", "120.00", "25.00", "26.32")), before) == []


def test_the_prior_figure_by_canonical_address_when_the_prior_year_has_no_narrative() -> None:
    now = year(2019, claim("b", "120.00", "25.00", "26.32"), [CellRow("b", "B05", "201", "合计", Decimal("120.00"), "万元", 4)])
    before = year(2018, [], [CellRow("a", "B05", "201", "合计", Decimal("1000000"), "元", 4)])  # 100 万元 printed in 元
    found = check_pair(now, before)
    assert [f.code for _, _, f in found] == ["YOY-CHANGE"]
    assert {c["doc"] for c in found[0][2].cells} == {"a-doc", "b-doc"}
    # an address this year prints that the prior year does not: not the same item, not judged
    wider = year(2019, claim("b", "120.00", "25.00", "26.32"),
                 [*now.cells, CellRow("b", "B11", "合计", "合计", Decimal("120.00"), "万元", 9)])
    assert check_pair(wider, before) == []


def test_item_names_compare_across_years() -> None:
    assert item_name("江苏某某厅2018年度收入、支出预算总计") == item_name("某某厅2017年度收入、支出预算总计") == "收入、支出预算总计"
    assert item_name("2．社会保障和就业（类）支出") == "社会保障和就业支出"
    assert item_name("一般公共预算收入") == "一般公共预算收入"  # 一 of 一般 is no ordinal


def test_final_account_budget_figures_against_the_same_years_budget() -> None:
    final = year(2019, [fact("f", 0, "amount", "12.00", "万元", "公务接待费", "公务接待费年初预算为12.00万元",
                             measure="年初预算")],
                 [CellRow("f", "F09", "合计", "1", Decimal("30.00"), "万元", 12)], kind="final_accounts")
    budget = year(2019, [fact("g", 0, "amount", "10.00", "万元", "公务接待费预算", "公务接待费预算10.00万元")],
                  [CellRow("g", "B10", "合计", "合计", Decimal("30.00"), "万元", 8)])
    found = check_budget(final, budget)
    assert [(f.code, f.expected, f.found) for _, _, f in found] == [("YOY-BUDGET", "10", "12")]
    budget.cells[0] = CellRow("g", "B10", "合计", "合计", Decimal("31.00"), "万元", 8)
    assert {f.expected for _, _, f in check_budget(final, budget)} == {"31", "10"}


def test_a_prior_year_figure_stated_this_year_is_held_against_last_year() -> None:
    sentence = "机关运行经费7.57万元，较上年预算7.27万元，增加了0.30万元"
    stated = fact("b", 1, "amount", "7.27", "万元", "机关运行经费", sentence)
    stated.refers_to = "prior year, not in tables"
    now = year(2023, [fact("b", 0, "amount", "7.57", "万元", "机关运行经费", sentence), stated])
    from juesuan.checks.crossyear import check_prior_figures

    assert check_prior_figures(now, year(2022, prior("a", "7.27", "机关运行经费"))) == []
    found = check_prior_figures(now, year(2022, prior("a", "7.72", "机关运行经费")))
    assert [(f.code, f.expected, f.found) for _, _, f in found] == [("YOY-PRIOR", "7.72", "7.27")]


def test_a_prior_year_whose_narrative_contradicts_its_own_table_is_not_held_against_the_claim() -> None:
    # 2018's 说明 names the item 100.00 but its table prints 95.00 at the address where 2019
    # prints this item: the claim (implying 95.00) agrees with the table — not a YOY error;
    # with no table, the same claim is judged against the narrative figure alone.
    now = year(2019, claim("b", "120.00", "25.00", "26.32"),
               [CellRow("b", "B05", "2010101", "合计", Decimal("120.00"), "万元", 4)])
    with_table = year(2018, prior("a", "100.00", name="一般公共服务（类）支出"),
                      [CellRow("a", "B05", "2010101", "合计", Decimal("95.00"), "万元", 4)])
    assert check_pair(now, with_table) == []
    narrative_only = year(2018, prior("a", "100.00", name="一般公共服务（类）支出"))
    assert [f.code for _, _, f in check_pair(now, narrative_only)] == ["YOY-CHANGE"]
