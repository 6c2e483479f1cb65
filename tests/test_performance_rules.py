"""Scoring-profile rules and PERF checks on hand-written records (no corpus needed).

Every record here is invented: amounts and indicator names are made up so that each
test exercises one rule — caps, reverse indicators, band edges, blank values, weights
that do not add up, garbled cells.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.checks.performance import (band_limits, capped_total, check_performance, grade_for,
                                        in_band, parse_target, profile, rule_score, score)
from juesuan.model import Disclosure

D = Decimal


def disclosure(*records: dict) -> Disclosure:
    return Disclosure(doc="made-up", source="made-up.txt", kind="performance",
                      performance=[{"doc": "made-up", **r} for r in records])


def project(indicators: list[dict], *, execution: dict | None = None, total: str | None = None,
            grade: str | None = None, indicator_score: str | None = None, **extra) -> dict:
    row = execution or {"source": "资金总额", "initial_budget": "100", "annual_budget": "100",
                        "executed": "90", "balance": "10", "rate_pct": "90.00", "score": "9.00"}
    scores = [D(i["score"]) for i in indicators if i.get("score")]
    record = {"kind": "P02", "title": "示例项目", "unit": "万元", "execution": [row],
              "indicators": indicators,
              "indicator_score": indicator_score or str(sum(scores)),
              "total_score": total or str(D(row["score"]) + sum(scores)),
              "grade": grade or grade_for(profile("shanxi"), D(row["score"]) + sum(scores))}
    record.update(extra)
    return record


def filler(weight: str, score: str | None = None) -> dict:
    """A satisfied qualitative indicator that completes the weights to 90."""
    return {"level1": "效益指标", "level2": "社会效益指标", "name": "示例效益", "target": "有效提升",
            "actual": "达成预期指标", "weight": weight, "score": score or weight}


def codes(findings, severity: str | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity == severity]


# --- profiles ---------------------------------------------------------------------------

def test_profiles_are_data_with_their_weights_and_bands():
    shanxi, hubei = profile("shanxi"), profile("hubei")
    assert shanxi["execution"]["weight"] == 10 and shanxi["execution"]["indicator_weight"] == 90
    assert hubei["execution"]["weight"] == 20 and hubei["execution"]["indicator_weight"] == 80
    assert band_limits(shanxi, "partial", D(15))[:2] == (D("9.0"), D("12.0"))
    assert band_limits(hubei, "partial", D(10))[:2] == (D("5.0"), D("8.0"))
    assert all(rule["text"] for rule in hubei["quantitative"]["rules"])
    assert shanxi["constraint"]["cap_total"] == 70


@pytest.mark.parametrize("text,direction,number,unit", [
    ("≥95%", "positive", "95", "%"),
    ("≤20100人", "reverse", "20100", "人"),
    ("=12个月", "exact", "12", "个月"),
    ("不低于90%", "positive", "90", "%"),
    ("＞3 次", "positive", "3", "次"),
    ("<5万元", "reverse", "5", "万元"),
    ("1,200份", None, "1200", "份"),
    ("-12个月", None, "-12", "个月"),
])
def test_targets_parse_operator_number_and_unit(text, direction, number, unit):
    target = parse_target(text)
    assert (target.direction, target.number, target.unit) == (direction, D(number), unit)


@pytest.mark.parametrize("text,relative,deadline", [
    ("大于上年度平均水平", True, False),
    ("不低于上年", True, False),
    ("不晚于2023年年底", False, True),
    ("2022年11月30日前", False, True),
])
def test_relative_and_deadline_targets_carry_no_checkable_number(text, relative, deadline):
    target = parse_target(text)
    assert target.number is None
    assert (target.relative, target.deadline) == (relative, deadline)


def test_quantitative_rule_scores_and_caps():
    w = D(20)
    assert rule_score(w, parse_target("≥100人"), parse_target("80人")) == D(16)
    assert rule_score(w, parse_target("≥100人"), parse_target("150人")) == w  # capped
    assert rule_score(w, parse_target("=12个月"), parse_target("=6个月")) == D(10)
    assert rule_score(w, parse_target("≤10万元"), parse_target("≤20万元")) == D(10)  # reverse: w·A/B
    assert rule_score(w, parse_target("≤10万元"), parse_target("≤0万元")) == w  # reverse, complete
    assert rule_score(w, parse_target("≥3个"), parse_target("≥0个")) == D(0)
    assert rule_score(w, parse_target("≥3个"), parse_target("-1个")) is None


def test_band_edges_at_exactly_eighty_percent():
    shanxi = profile("shanxi")
    assert in_band(shanxi, "full", D(15), D(12)) == "inside"  # 80 % belongs to 达成 (含 80%)
    assert in_band(shanxi, "partial", D(15), D(12)) == "edge"  # … not to 部分达成
    assert in_band(shanxi, "partial", D(15), D(9)) == "inside"  # 60 % is the partial floor
    assert in_band(shanxi, "partial", D(10), D(5)) == "outside"
    assert in_band(profile("hubei"), "partial", D(10), D(5)) == "inside"  # Hubei floor 50 %
    assert in_band(shanxi, "full", D(15), D("11.9")) == "outside"


@pytest.mark.parametrize("total,grade", [("90", "优"), ("89.99", "良"), ("80", "良"),
                                         ("79.99", "中"), ("60", "中"), ("59.99", "差")])
def test_grade_thresholds(total, grade):
    assert grade_for(profile("shanxi"), D(total)) == grade


def test_constraint_indicator_caps_the_total_at_seventy():
    assert capped_total(profile("hubei"), D("95"), serious_constraint_problem=True) == D(70)
    assert capped_total(profile("hubei"), D("95"), serious_constraint_problem=False) == D(95)


# --- checks on records ----------------------------------------------------------------

def good_indicators() -> list[dict]:
    return [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "target": "≥100人次",
         "actual": "≥120人次", "weight": "30", "score": "30"},
        {"level1": "产出指标", "level2": "成本指标", "name": "培训成本", "target": "≤20万元",
         "actual": "≤18万元", "weight": "20", "score": "20"},
        filler("40"),
    ]


def test_a_consistent_record_has_no_error():
    findings = check_performance(disclosure(project(good_indicators())))
    assert codes(findings, "error") == []


def test_score_above_the_weight_is_an_error():
    indicators = good_indicators()
    indicators[0]["score"] = "35"
    findings = check_performance(disclosure(project(indicators)))
    assert "PERF-IND-RULE" in codes(findings, "error")


def test_reverse_indicator_complete_but_scored_low_is_an_error():
    indicators = good_indicators()
    indicators[1].update(actual="≤0万元", score="12")
    findings = [f for f in check_performance(disclosure(project(indicators))) if f.code == "PERF-IND-RULE"]
    assert [f.severity for f in findings] == ["error"]
    assert findings[0].expected == "20.00" and findings[0].found == "12"


def test_reverse_indicator_over_target_scores_weight_times_a_over_b():
    indicators = good_indicators()
    indicators[1].update(actual="≤25万元", score="16")  # 20 × 20 / 25 = 16
    assert "PERF-IND-RULE" not in codes(check_performance(disclosure(project(indicators))))


def test_partial_result_scored_in_the_full_band_is_an_error():
    indicators = good_indicators()
    indicators[2] = filler("40", "38")
    indicators[2]["actual"] = "部分达成预期指标并具有一定效果"
    findings = check_performance(disclosure(project(indicators)))
    assert "PERF-IND-BAND" in codes(findings, "error")
    assert "PERF-GRADE-RULE" in codes(findings, "warning") or "PERF-IND-BAND" in codes(findings)


def test_partial_result_scored_exactly_at_eighty_percent_is_a_warning_not_an_error():
    indicators = good_indicators()
    indicators[2] = filler("40", "32")
    indicators[2]["actual"] = "部分达成预期指标并具有一定效果"
    findings = check_performance(disclosure(project(indicators)))
    band = [f for f in findings if f.code == "PERF-IND-BAND"]
    assert [f.severity for f in band] == ["warning"]


def test_missing_actual_value_is_a_finding():
    indicators = good_indicators()
    del indicators[0]["actual"]
    findings = check_performance(disclosure(project(indicators)))
    assert "PERF-IND-NO-ACTUAL" in codes(findings, "warning")


def test_blank_score_is_a_warning():
    indicators = good_indicators()
    del indicators[2]["score"]
    indicators[2]["actual"] = "未达成预期指标且效果较差"
    findings = check_performance(disclosure(project(indicators, indicator_score="50")))
    assert "PERF-IND-SCORE-BLANK" in codes(findings, "warning")
    assert "PERF-IND-SUM" not in codes(findings)  # a blank score counts 0


def test_weights_not_adding_to_one_hundred_is_an_error():
    indicators = good_indicators()
    indicators[2] = filler("30")
    findings = [f for f in check_performance(disclosure(project(indicators))) if f.code == "PERF-WEIGHTS"]
    assert len(findings) == 1 and findings[0].found == "90"


def test_execution_rate_balance_and_score_are_recomputed():
    row = {"source": "资金总额", "initial_budget": "200", "annual_budget": "200", "executed": "150",
           "balance": "40", "rate_pct": "80.00", "score": "8.00"}
    findings = check_performance(disclosure(project(good_indicators(), execution=row)))
    assert {"PERF-EXEC-RATE", "PERF-EXEC-BALANCE"} <= set(codes(findings, "error"))
    assert "PERF-EXEC-SCORE" not in codes(findings)  # 10 × 80 % = 8 holds on the printed rate


def test_a_rate_that_rounding_explains_is_a_note():
    row = {"source": "资金总额", "annual_budget": "3.70", "executed": "2.45", "balance": "1.25",
           "rate_pct": "66.30", "score": "6.63"}  # 2.45 / 3.70 = 66.22 %, 2.4549 / 3.7027 = 66.30 %
    findings = check_performance(disclosure(project(good_indicators(), execution=row)))
    assert codes(findings, "error") == []
    assert "ROUNDING" in codes(findings, "note")


def test_total_and_grade_are_checked():
    record = project(good_indicators(), total="95.00", grade="良")
    findings = check_performance(disclosure(record))
    assert {"PERF-TOTAL", "PERF-GRADE"} <= set(codes(findings, "error"))


def test_grade_wording_is_a_warning():
    record = project(good_indicators())
    record["grade"] = "优秀"
    findings = check_performance(disclosure(record))
    assert codes(findings, "error") == [] and "PERF-GRADE-WORDING" in codes(findings, "warning")


def test_report_copy_turns_an_arithmetic_failure_into_a_garble_warning():
    row = {"source": "资金总额", "annual_budget": "100", "executed": "60", "balance": "10",
           "rate_pct": "90.00", "score": "9.00"}
    report = {"unit": "元", "execution": [{"source": "合计", "annual_budget": "1000000",
                                          "executed": "900000", "balance": "100000", "line": 3}],
              "indicators": [], "text_figures": [], "sentences": []}
    findings = check_performance(disclosure(project(good_indicators(), execution=row, report=report)))
    assert codes(findings, "error") == []
    assert {"PERF-EXEC-RATE", "PERF-REPORT-AMOUNT"} <= set(codes(findings, "warning"))


def test_summary_sentence_and_quoted_amounts_are_compared_with_the_table():
    report = {"unit": "元", "execution": [], "indicators": [], "sentences": [],
              "summary": {"execution_score": "9.50", "total_score": "99.00", "grade": "优", "line": 7},
              "text_figures": [{"source": "资金总额", "where": "report", "line": 9, "budget": "100",
                                "executed": "10", "text": "项目预算100万元，执行10万元"}]}
    findings = check_performance(disclosure(project(good_indicators(), report=report)))
    errors = codes(findings, "error")
    assert errors.count("PERF-SUMMARY") == 1 and "PERF-TEXT-AMOUNT" in errors
    quoted = next(f for f in findings if f.code == "PERF-TEXT-AMOUNT")
    assert "执行10万元" in quoted.message and "10 万元是资金结余数" in quoted.message


def test_garbled_cells_give_warnings_never_exceptions():
    indicators = [
        {"level1": "产出指标", "name": "乱码", "target": "≥%", "actual": "-5次", "weight": "x", "score": "?"},
        {"level1": "产出指标", "name": "负值", "target": "=12个月", "actual": "-12个月", "weight": "10",
         "score": "10"},
    ]
    record = {"kind": "P02", "title": "示例项目", "unit": "万元", "indicators": indicators,
              "execution": [{"source": "资金总额", "annual_budget": "0", "executed": "0",
                             "rate_pct": "0.00", "score": "abc"}],
              "indicator_score": "10", "total_score": "1O", "grade": "?"}
    findings = check_performance(disclosure(record, {"kind": "P02", "problems": ["cannot be read"]}))
    assert "PERF-IND-VALUE" in codes(findings, "warning")
    assert "PERF-UNREADABLE" in codes(findings)


def test_score_summary_gives_rule_scores_and_grade():
    indicators = good_indicators()
    indicators[1].update(actual="≤0万元", score="12")
    summaries, _ = score(disclosure(project(indicators)))
    (summary,) = summaries
    assert summary["profile"] == "shanxi"
    assert summary["indicator_score_by_rule"] == "90.00"
    assert summary["total_by_rule"] == "99.00" and summary["grade_by_rule"] == "优"


def test_final_accounts_split_against_the_p01_header():
    from juesuan.model import Cell, Table

    record = {"kind": "P01", "title": "示例单位", "unit": "万元",
              "header_amounts": {"基本支出总额": "50", "项目支出总额": "10"},
              "execution": [{"source": "部门整体支出总额", "annual_budget": "60", "executed": "60",
                             "rate_pct": "100", "weight": "20", "score": "20"}],
              "indicators": [], "total_score": "100"}
    table = Table(kind="F03", title="支出决算表", where=None,  # type: ignore[arg-type]
                  cells=[Cell("F03", "合计", col, D(v), v, "万元") for col, v in
                         (("1", "60.00"), ("2", "60.00"), ("3", "0.00"))])
    doc = disclosure(record)
    doc.tables.append(table)
    findings = [f for f in check_performance(doc) if f.code == "PERF-FINAL-ACCOUNTS"]
    assert len(findings) == 1 and findings[0].severity == "error"
    assert profile_for_record(record) == "hubei"


def profile_for_record(record: dict) -> str:
    from juesuan.checks.performance import profile_for

    return profile_for(record)["name"]


def test_group_weights_of_the_hubei_layout_must_add_to_one_hundred_with_execution():
    def indicator(group: str, weight: str, score: str) -> dict:
        return {"group": group, "group_weight": weight, "level1": "产出指标", "name": f"示例{score}",
                "target": "≥90%", "actual": "≥95%", "score": score}

    execution = [{"source": "部门整体支出总额", "annual_budget": "50", "executed": "50",
                  "rate_pct": "100", "weight": "20", "score": "20"}]
    good = {"kind": "P01", "title": "示例单位", "execution": execution, "total_score": "100",
            "indicators": [indicator("目标1(40分）", "40", "20"), indicator("目标1(40分）", "40", "20"),
                           indicator("目标2(40分）", "40", "40")]}
    assert "PERF-WEIGHTS" not in codes(check_performance(disclosure(good)))
    short = {**good, "indicators": good["indicators"][:2] + [indicator("目标2(30分）", "30", "30")],
             "total_score": "90"}
    findings = [f for f in check_performance(disclosure(short)) if f.code == "PERF-WEIGHTS"]
    assert [f.found for f in findings] == ["90"]
