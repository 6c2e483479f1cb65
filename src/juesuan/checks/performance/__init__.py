"""PERF-… checks: recompute a performance self-evaluation and grade it by its profile.

A record (recognize/performance) is checked against the scoring profile of its layout
(catalog/scoring/*.yaml): execution rate, balance and score; each indicator's score by
the quantitative rule (≥/=/≤, capped at the weight) or the qualitative band; indicator
sum, total and grade; the report's conclusion sentence, its copy of the tables and the
amounts its text quotes; and, where the document also prints final-accounts tables,
the 自评表 amounts against them.

Severity follows spec/findings.md: an identity that fails beyond rounding is an error;
one that rounding explains is a ROUNDING note. A failure whose cell the report's own
copy prints differently is a warning — the evidence says the cell is garbled (an
extraction or typing slip), not the arithmetic. Unreadable values are warnings, never
exceptions.
"""
from __future__ import annotations

from decimal import Decimal

from ...model import Disclosure, Finding
from .checker import _Checker
from .crosscheck import _final_accounts, check_targets
from .explain import EXPLAIN
from .scoring import (Target, band_limits, band_of, capped_total, dec, grade_for, in_band,
                      parse_target, profile, profile_for, rule_score, show)

RULES = {
    "PERF-UNREADABLE": "绩效自评表未能读取",
    "PERF-CELL": "应为数字的单元格无法读作数字",
    "PERF-EXEC-RATE": "执行率 = 全年执行数 / 全年预算数",
    "PERF-EXEC-BALANCE": "资金结余 = 全年预算数 − 全年执行数",
    "PERF-EXEC-SCORE": "预算执行得分 = 分值 × 执行率",
    "PERF-EXEC-SUM": "资金总额 = 各资金来源（方向）之和",
    "PERF-IND-RULE": "定量指标得分符合计分规则（≥/=：权重×B/A，≤：权重×A/B，不超过权重）",
    "PERF-IND-BAND": "定性指标得分落在完成档次的分值区间内",
    "PERF-IND-SCORE-BLANK": "指标得分未填",
    "PERF-IND-NO-ACTUAL": "指标实际完成值未填",
    "PERF-IND-WEIGHT-BLANK": "指标分值（权重）未填",
    "PERF-IND-VALUE": "指标值无法解读（疑似错字）",
    "PERF-IND-UNIT": "指标值与实际完成值计量单位不一致",
    "PERF-IND-COST": "成本指标应以金额计",
    "PERF-WEIGHTS": "预算执行分值与指标分值合计 100",
    "PERF-IND-SUM": "指标得分之和 = 指标完成情况得分",
    "PERF-TOTAL": "总分 = 预算执行得分 + 指标完成情况得分",
    "PERF-TOTAL-RECOMPUTED": "按重新计算的执行得分，总分不同",
    "PERF-GRADE": "等级与总分相符（优≥90，良80–90，中60–80，差<60）",
    "PERF-GRADE-RULE": "按计分规则重算的总分对应另一等级",
    "PERF-GRADE-WORDING": "等级用语（优/良/中/差）",
    "PERF-SUMMARY": "自评结论句与自评表一致",
    "PERF-REPORT-AMOUNT": "分析报告表与自评表金额一致",
    "PERF-REPORT-INDICATOR": "分析报告表与自评表指标一致",
    "PERF-REPORT-LABEL": "分析报告表与自评表栏目、资金来源用语一致",
    "PERF-TEXT-AMOUNT": "文字所述预算数、执行数与自评表一致",
    "PERF-TEXT-INDICATOR": "文字所述指标完成值与自评表一致",
    "PERF-DEPARTMENT": "主管部门、预算单位名称及代码前后一致",
    "PERF-FINAL-ACCOUNTS": "自评表金额与决算表一致",
    "PERF-CONSTRAINT": "约束性指标：总分不得超过上限",
    "PERF-AMOUNT-UNIT": "金额单位与所印数额相符（万元表不印元数）",
    "PERF-TARGET-UNIT": "计数指标的指标值应为数量，不是百分比",
    "PERF-TARGET-COMPARATOR": "与上年比较的指标值应写明比较方向（高于/不低于…）",
    "PERF-TARGET-COLUMNS": "实施期目标与年度目标同一指标的指标值前后一致",
}

ROUNDING = "ROUNDING"
# codes whose findings are errors when the cells are not garbled (the rest are warnings)
ERROR_CODES = {"PERF-EXEC-RATE", "PERF-EXEC-BALANCE", "PERF-EXEC-SCORE", "PERF-EXEC-SUM",
               "PERF-IND-RULE", "PERF-IND-BAND", "PERF-WEIGHTS", "PERF-IND-SUM", "PERF-TOTAL",
               "PERF-GRADE", "PERF-SUMMARY", "PERF-TEXT-AMOUNT", "PERF-FINAL-ACCOUNTS",
               "PERF-CONSTRAINT"}


def score_summary(checker: "_Checker") -> dict:
    """What the profile makes of one record: printed against recomputed scores and grade."""
    record, prof = checker.record, checker.prof
    execution, recomputed = checker._execution_score()
    indicators = [i for i in record.get("indicators", []) if i.get("level1") != "约束性指标"]
    rows = []
    low = high = Decimal(0)
    for index, indicator in enumerate(indicators):
        printed = dec(indicator.get("score"))
        rule = checker.rule_scores.get(index)
        a, b = rule if rule else (printed or Decimal(0), printed or Decimal(0))
        low, high = low + a, high + b
        copy = checker.copies.get(id(indicator), {})
        row = {"name": indicator.get("name") or indicator.get("level2") or indicator.get("level1"),
               "weight": indicator.get("weight") or copy.get("weight"), "score": indicator.get("score"),
               "method": "qualitative" if band_of(indicator.get("actual")) else
               ("quantitative" if rule else "as printed")}
        if rule:
            row["rule_score"] = show(a) if a == b else f"{show(a)}–{show(b)}"
        rows.append(row)
    out: dict = {"kind": record.get("kind"), "title": record.get("title"), "profile": prof["name"]}
    if record.get("attachment"):
        out["attachment"] = record["attachment"]
    out["execution_score"] = None if execution is None else format(execution, "f")
    if recomputed is not None:
        out["execution_score_recomputed"] = show(recomputed)
    out["indicators"] = rows
    out["indicator_score"] = record.get("indicator_score")
    out["indicator_score_by_rule"] = show(low) if low == high else f"{show(low)}–{show(high)}"
    out["total_score"] = record.get("total_score")
    if execution is not None:
        base = recomputed if recomputed is not None else execution
        total_low, total_high = base + low, base + high
        out["total_by_rule"] = show(total_low) if low == high else f"{show(total_low)}–{show(total_high)}"
        grades = sorted({grade_for(prof, total_low), grade_for(prof, total_high)})
        out["grade_by_rule"] = "/".join(grades)
    out["grade"] = record.get("grade")
    return out


def score(disclosure: Disclosure) -> tuple[list[dict], list[Finding]]:
    """Score summaries of every P01/P02 record and every PERF finding (P03 targets included)."""
    summaries: list[dict] = []
    findings: list[Finding] = []
    for record in disclosure.performance:
        if record.get("kind") not in ("P01", "P02"):
            continue
        checker = _Checker(disclosure, record)
        try:
            findings.extend(checker.run())
            summaries.append(score_summary(checker))
        except Exception as error:  # noqa: BLE001 - one record must not stop the others
            findings.append(Finding(doc=disclosure.doc, code="PERF-UNREADABLE", severity="warning",
                                    message=f"“{record.get('title', '')}”无法校验：{type(error).__name__}: {error}"))
        if record.get("kind") == "P01":
            findings.extend(_final_accounts(disclosure, record))
    return summaries, findings + check_targets(disclosure)


def check_performance(disclosure: Disclosure) -> list[Finding]:
    """Every PERF-… finding of a Disclosure's performance records (errors, warnings, notes)."""
    return score(disclosure)[1]


# --- registration with checks/registry (`juesuan check`, `juesuan rules`) ----------------

__all__ = ["RULES", "Target", "band_limits", "capped_total", "check_performance", "check_targets",
           "grade_for", "in_band", "parse_target", "profile", "profile_for", "rule_score", "score"]

_CACHE: list = [None, []]  # the last Disclosure checked and its findings (one pass for all codes)


def _findings_once(disclosure: Disclosure) -> list[Finding]:
    if _CACHE[0] is not disclosure:
        _CACHE[0], _CACHE[1] = disclosure, check_performance(disclosure)
    return _CACHE[1]


def _register() -> None:
    from ..registry import register

    for code, title in RULES.items():
        why, fails, passes = EXPLAIN[code]
        codes = {code, ROUNDING} if code == "PERF-EXEC-RATE" else {code}

        def run(disclosure: Disclosure, codes=frozenset(codes)):
            return iter([f for f in _findings_once(disclosure) if f.code in codes])

        run.__doc__ = f"{title}.\n\nWhy: {why}\n\nFails: {fails}\nPasses: {passes}"
        run.__qualname__ = f"perf_{code}"
        severity = "error" if code in ERROR_CODES else "warning"
        register(code, title, family="performance", severity=severity)(run)


_register()
