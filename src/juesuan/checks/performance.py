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

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP, ROUND_DOWN
from difflib import SequenceMatcher
from functools import lru_cache

from ..catalog import load
from ..model import Disclosure, Finding

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
    "PERF-TARGET-UNIT": "计数指标的指标值应为数量，不是百分比",
    "PERF-TARGET-COMPARATOR": "与上年比较的指标值应写明比较方向（高于/不低于…）",
    "PERF-TARGET-COLUMNS": "实施期目标与年度目标同一指标的指标值前后一致",
}
ROUNDING = "ROUNDING"
HUNDRED = Decimal(100)
WAN = Decimal(10000)


# --- profiles and target parsing ------------------------------------------------------

@lru_cache(maxsize=None)
def profile(name: str) -> dict:
    """A scoring profile (catalog/scoring/NAME.yaml)."""
    return load(f"scoring/{name}.yaml")


def profile_for(record: dict) -> dict:
    """The profile whose execution weight the record prints; else by its layout."""
    weights = {e.get("weight") for e in record.get("execution", []) if e.get("weight")}
    for name in ("hubei", "shanxi"):
        if str(profile(name)["execution"]["weight"]) in weights:
            return profile(name)
    return profile("hubei" if "table_title" in record else "shanxi")


@dataclass(frozen=True)
class Target:
    """A parsed indicator value: `≥95%` → positive, 95, `%`."""

    direction: str | None  # positive | reverse | exact | None (a bare number)
    number: Decimal | None
    unit: str
    strict: bool = False
    relative: bool = False
    deadline: bool = False


_NUMBER_IN = re.compile(r"[-−]?\d+(?:\.\d+)?")


def parse_target(text: str | None) -> Target | None:
    """Operator, number and unit of a printed value; None when it holds no number."""
    if not text:
        return None
    data = load("scoring/targets.yaml")
    raw = re.sub(r"\s+", "", text).replace(",", "")
    relative = any(word in raw for word in data["relative"])
    direction, strict, rest = None, False, raw
    for op in sorted(data["operators"], key=lambda o: len(o["text"]), reverse=True):
        if raw.startswith(op["text"]):
            direction, strict, rest = op["direction"], bool(op.get("strict")), raw[len(op["text"]):]
            break
    deadline = bool(re.search(r"\d{4}年", rest)) or (rest.endswith("前") and bool(re.search(r"月|日", rest)))
    match = _NUMBER_IN.match(rest)
    if not match or relative or deadline:
        return Target(direction, None, "", strict, relative, deadline)
    number = Decimal(match.group(0).replace("−", "-"))
    unit = rest[match.end():]
    return Target(direction, number, unit, strict, relative, deadline)


def rule_score(weight: Decimal, target: Target, actual: Target) -> Decimal | None:
    """The score the quantitative rule gives, capped at the weight; None when it cannot apply."""
    a, b = target.number, actual.number
    if a is None or b is None or b < 0:
        return None
    if target.direction == "reverse":
        if b <= a:
            return weight
        return min(weight, weight * a / b)
    if a == 0:
        return weight if b >= 0 else None
    if b >= a:
        return weight
    return min(weight, weight * b / a)


def band_of(text: str | None) -> str | None:
    from ..recognize.performance.common import result_band

    return result_band(text or "")


def band_limits(prof: dict, band: str, weight: Decimal) -> tuple[Decimal, Decimal, bool, bool]:
    spec = prof["qualitative"]["bands"][band]
    return (weight * Decimal(str(spec["low"])), weight * Decimal(str(spec["high"])),
            bool(spec.get("low_inclusive", True)), bool(spec.get("high_inclusive", False)))


def in_band(prof: dict, band: str, weight: Decimal, score: Decimal) -> str:
    """inside | edge (on an excluded edge) | outside."""
    low, high, low_in, high_in = band_limits(prof, band, weight)
    if low < score < high or (score == low and low_in) or (score == high and high_in):
        return "inside"
    if score in (low, high):
        return "edge"
    return "outside"


def grade_for(prof: dict, total: Decimal) -> str:
    for step in prof["grades"]:
        if total >= Decimal(str(step["min"])):
            return step["grade"]
    return prof["grades"][-1]["grade"]


def capped_total(prof: dict, total: Decimal, serious_constraint_problem: bool) -> Decimal:
    """A serious finding under a constraint indicator (约束性指标) caps the total."""
    cap = Decimal(str(prof.get("constraint", {}).get("cap_total", 100)))
    return min(total, cap) if serious_constraint_problem else total


# --- numbers ----------------------------------------------------------------------------

def dec(text) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def half_unit(text: str) -> Decimal:
    """Half a unit of the last printed digit: `18.92` → 0.005, `2052` → 0.5."""
    exponent = Decimal(str(text).replace(",", "")).as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)


def places(text: str) -> int:
    exponent = Decimal(str(text).replace(",", "")).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounded(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def truncated(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN)


def show(value: Decimal, digits: int = 2) -> str:
    return format(rounded(value, digits), "f")


def ratio_interval(num: str, den: str) -> tuple[Decimal, Decimal] | None:
    n, d = dec(num), dec(den)
    hn, hd = half_unit(num), half_unit(den)
    if d is None or n is None or d - hd <= 0:
        return None
    low = max(n - hn, Decimal(0)) / (d + hd) * HUNDRED
    high = (n + hn) / (d - hd) * HUNDRED
    return low, high


# --- the checker ------------------------------------------------------------------------

class _Checker:
    def __init__(self, disclosure: Disclosure, record: dict):
        self.disclosure = disclosure
        self.doc = disclosure.doc
        self.record = record
        self.prof = profile_for(record)
        self.findings: list[Finding] = []
        self.report = record.get("report") or {}
        attachment = record.get("attachment")
        self.where = (f"附件{attachment}" if attachment else "") + f"“{record.get('title', '')}”"
        self.garbled: set[tuple[str, str]] = set()  # (row label, field) the report prints otherwise
        self.rule_scores: dict[int, tuple[Decimal, Decimal]] = {}
        self.copies: dict[int, dict] = {}

    def add(self, code: str, severity: str, message: str, expected=None, found=None,
            line: int | None = None, text: str | None = None) -> None:
        spans = []
        where = self.record.get("where", {})
        span_line = line or where.get("title_line")
        if span_line:
            spans.append({"line": span_line, "text": (text or message)[:120]})
        self.findings.append(Finding(doc=self.doc, code=code, severity=severity,
                                     message=f"{self.where}{message}", spans=spans,
                                     expected=None if expected is None else str(expected),
                                     found=None if found is None else str(found)))

    def run(self) -> list[Finding]:
        if self.record.get("problems"):
            for problem in self.record["problems"]:
                self.add("PERF-UNREADABLE", "warning", f"：{problem}")
            return self.findings
        self.record = self._numbers_only(self.record)
        self.report_pairs = self._pair_report_rows()
        self.indicator_pairs = self._pair_report_indicators()
        self.check_names()
        self.check_report_copy()
        self.check_execution()
        self.check_indicators()
        self.check_totals()
        self.check_summary()
        self.check_text_figures()
        self.check_text_indicators()
        return self.findings

    def _numbers_only(self, record: dict) -> dict:
        """A working copy whose number fields all read as numbers: a garbled cell is
        reported once (PERF-CELL) and left out of the arithmetic instead of stopping it."""
        copy = dict(record)
        fields = ("declared_budget", "initial_budget", "annual_budget", "executed", "balance",
                  "rate_pct", "weight", "score")
        for key, label in (("execution", "source"), ("indicators", "name")):
            rows = []
            for row in record.get(key, []):
                row = dict(row)
                for field in fields:
                    if field in row and dec(row[field]) is None:
                        self.add("PERF-CELL", "warning",
                                 f"“{row.get(label) or row.get('level2', '')}”{_FIELD_NAMES.get(field, field)}"
                                 f"印为“{row[field]}”，不是数字", found=row[field])
                        del row[field]
                rows.append(row)
            copy[key] = rows
        for field in ("indicator_score", "total_score"):
            if field in copy and dec(copy[field]) is None:
                self.add("PERF-CELL", "warning", f"{_FIELD_NAMES.get(field, field)}印为“{copy[field]}”，不是数字",
                         found=copy[field])
                del copy[field]
        return copy

    # names and codes ------------------------------------------------------------------

    def check_names(self) -> None:
        department = self.record.get("department", "")
        code_match = re.match(r"^(\d+)[-\s]*(.*)$", department)
        if self.record.get("kind") == "P01" and code_match and self.record.get("title"):
            name = code_match.group(2)
            title = self.record["title"]
            if name and name != title and SequenceMatcher(None, name, title).ratio() >= 0.6:
                self.add("PERF-DEPARTMENT", "warning",
                         f"主管部门“{department}”与表题单位“{title}”不一致", expected=title, found=name)
        unit = self.record.get("budget_unit", "")
        unit_match = re.match(r"^(\d+)", unit)
        if code_match and unit_match and not unit_match.group(1).startswith(code_match.group(1)):
            self.add("PERF-DEPARTMENT", "warning",
                     f"预算单位代码“{unit}”不以主管部门代码 {code_match.group(1)} 开头",
                     expected=code_match.group(1) + unit_match.group(1)[len(code_match.group(1)) - 1:]
                     if len(unit_match.group(1)) >= len(code_match.group(1)) - 1 else None,
                     found=unit)

    # the report's copy ----------------------------------------------------------------

    def _pair_report_rows(self) -> list[tuple[dict, dict]]:
        formal = self.record.get("execution", [])
        copy = self.report.get("execution", [])
        pairs = []
        groups = list(dict.fromkeys(e.get("group") for e in formal))
        for group in groups:
            f_rows = [e for e in formal if e.get("group") == group]
            c_rows = [e for e in copy if e.get("group") == group] or (copy if len(groups) == 1 else [])
            if len(f_rows) == len(c_rows):
                pairs.extend(zip(f_rows, c_rows))
                continue
            for row in f_rows:
                for other in c_rows:
                    if _same_source(row["source"], other["source"]):
                        pairs.append((row, other))
                        break
        return pairs

    def _pair_report_indicators(self) -> list[tuple[dict, dict]]:
        formal = self.record.get("indicators", [])
        copy = [r for r in self.report.get("indicators", []) if r.get("name")]
        scored = []
        for i, row in enumerate(formal):
            for j, other in enumerate(copy):
                if row.get("name"):
                    ratio = SequenceMatcher(None, row["name"], other["name"]).ratio()
                else:
                    ratio = 0.3 if row.get("target") in other.get("values", []) else 0
                scored.append((ratio, i, j))
        pairs, used_i, used_j = [], set(), set()
        for ratio, i, j in sorted(scored, reverse=True):
            if ratio < 0.3 or i in used_i or j in used_j:
                continue
            used_i.add(i)
            used_j.add(j)
            pairs.append((formal[i], copy[j]))
        return pairs

    def check_report_copy(self) -> None:
        unit = self.report.get("unit", "元")
        scale = WAN if unit == "元" and self.record.get("unit") == "万元" else Decimal(1)
        for row, other in self.report_pairs:
            for field in ("annual_budget", "executed", "balance", "initial_budget"):
                mine, theirs = row.get(field), other.get(field)
                if mine is None or theirs is None:
                    continue
                converted = dec(theirs) / scale
                if abs(converted - dec(mine)) > half_unit(mine) + Decimal("0.0005"):
                    self.garbled.add((row["source"], field))
                    self.add("PERF-REPORT-AMOUNT", "warning",
                             f"{_group(row)}{row['source']} {_FIELD_NAMES[field]}：自评表 {mine} 万元，"
                             f"分析报告表 {theirs} {unit}（{show(converted, places(mine))} 万元）",
                             expected=show(converted, places(mine)), found=mine, line=other.get("line"))
            if not _same_source(row["source"], other["source"]):
                self.add("PERF-REPORT-LABEL", "warning",
                         f"资金来源：自评表“{row['source']}”，分析报告表“{other['source']}”",
                         expected=row["source"], found=other["source"], line=other.get("line"))
        known = set(_vocabulary()["execution_header"]) | set(_vocabulary()["execution_groups"]) | {"资金来源"}
        for header in self.report.get("execution_headers", []):
            if header not in known:
                self.add("PERF-REPORT-LABEL", "warning", f"分析报告表表头“{header}”不是已知栏目",
                         found=header)
        for row, other in self.indicator_pairs:
            if row.get("name") and other.get("name") and _squeeze(row["name"]) != _squeeze(other["name"]):
                self.add("PERF-REPORT-INDICATOR", "warning",
                         f"指标名称：自评表“{row['name']}”，分析报告表“{other['name']}”",
                         expected=row["name"], found=other["name"], line=other.get("line"))
            cells = [_squeeze(v) for v in other.get("cells", [])]
            label = row.get("name") or row.get("level2") or row.get("level1", "")
            for field in ("target", "actual"):
                mine = row.get(field)
                if not mine or not cells or band_of(mine):
                    continue
                parsed = parse_target(mine)
                if parsed and parsed.number is not None:
                    numbers = [parse_target(c) for c in cells]
                    if any(n and n.number == parsed.number for n in numbers):
                        continue
                    near = " | ".join(c for c in cells if parse_target(c) and parse_target(c).number is not None)
                else:
                    texts = [c for c in cells if not (parse_target(c) and parse_target(c).number is not None)]
                    if not texts or any(_same_value(mine, c) for c in cells):
                        continue
                    near = max(texts, key=lambda c: SequenceMatcher(None, mine, c).ratio())
                    if SequenceMatcher(None, mine, near).ratio() < 0.5:
                        continue
                self.garbled.add((row.get("name", ""), field))
                self.add("PERF-REPORT-INDICATOR", "warning",
                         f"“{label}”{_FIELD_NAMES[field]}：自评表“{mine}”，分析报告表该行为“{near}”",
                         expected=near, found=mine, line=other.get("line"))

    # execution --------------------------------------------------------------------------

    def check_execution(self) -> None:
        weight_default = Decimal(str(self.prof["execution"]["weight"]))
        for row in self.record.get("execution", []):
            budget_field = next((f for f in self.prof["execution"]["budget_fields"] if row.get(f)), None)
            if budget_field is None:
                continue
            budget, executed = row[budget_field], row.get("executed")
            label = f"{_group(row)}{row['source']}"
            if executed is None:
                continue
            if row.get("balance") is not None:
                expected = dec(budget) - dec(executed)
                self._compare("PERF-EXEC-BALANCE", f"{label} 资金结余", dec(row["balance"]), expected,
                              half_unit(budget) + half_unit(executed), places(row["balance"]),
                              f"{budget} − {executed} = {show(expected, places(row['balance']))}",
                              garbled=self._garbled(row, "balance", "annual_budget", "executed"))
            rate = row.get("rate_pct")
            if rate is not None and dec(budget) and dec(budget) > 0:
                exact = dec(executed) / dec(budget) * HUNDRED
                interval = ratio_interval(executed, budget)
                self._compare_rate(label, rate, exact, interval, budget, executed, row)
            if rate is not None and row.get("score") is not None:
                weight = dec(row.get("weight")) or weight_default
                expected = weight * dec(rate) / HUNDRED
                tolerance = weight * half_unit(rate) / HUNDRED
                self._compare("PERF-EXEC-SCORE", f"{label} 预算执行得分", dec(row["score"]), expected,
                              tolerance, places(row["score"]),
                              f"{weight} × {rate}% = {show(expected, max(2, places(row['score'])))}",
                              garbled=False)
        self._check_sums()

    def _garbled(self, row: dict, *fields: str) -> bool:
        return any((row["source"], f) in self.garbled for f in fields)

    def _compare(self, code, label, found, expected, tolerance, digits, formula, garbled) -> None:
        if found is None or expected is None:
            return
        if rounded(expected, digits) == found:
            return
        diff = abs(found - expected)
        if diff <= tolerance + half_unit(str(found)):
            self.add(ROUNDING, "note", f"{label} {found}，按 {formula}，差额在四舍五入误差内",
                     expected=show(expected, digits), found=found)
            return
        severity = "warning" if garbled else "error"
        hint = "（分析报告表所列数不同，疑为错字）" if garbled else ""
        self.add(code, severity, f"{label} 印为 {found}，按 {formula}{hint}",
                 expected=show(expected, digits), found=found)

    def _compare_rate(self, label, rate, exact, interval, budget, executed, row) -> None:
        digits = places(rate)
        printed = dec(rate)
        if rounded(exact, digits) == printed:
            return
        formula = f"{executed} / {budget} = {show(exact, digits or 2)}%"
        if truncated(exact, digits) == printed or (
                interval and interval[0] - half_unit(rate) <= printed <= interval[1] + half_unit(rate)):
            self.add(ROUNDING, "note", f"{label} 执行率 {rate}%，{formula}，差额在四舍五入误差内",
                     expected=show(exact, digits), found=rate)
            return
        garbled = self._garbled(row, "executed", "annual_budget", "initial_budget")
        hint = "（分析报告表所列数不同，疑为错字）" if garbled else ""
        self.add("PERF-EXEC-RATE", "warning" if garbled else "error",
                 f"{label} 执行率印为 {rate}%，按 {formula}{hint}",
                 expected=show(exact, digits or 2), found=rate)
        weight = dec(row.get("weight")) or Decimal(str(self.prof["execution"]["weight"]))
        if row.get("score") is not None:
            self.recomputed_execution = getattr(self, "recomputed_execution", {})
            self.recomputed_execution[id(row)] = rounded(weight * rounded(exact, 2) / HUNDRED, 2)

    def _check_sums(self) -> None:
        rows = self.record.get("execution", [])
        for group in dict.fromkeys(r.get("group") for r in rows):
            members = [r for r in rows if r.get("group") == group]
            if len(members) < 3:
                continue  # a total and one part: the same row twice
            total, parts = members[0], members[1:]
            for field in ("annual_budget", "executed", "balance", "initial_budget"):
                values = [p.get(field) for p in parts]
                if total.get(field) is None or any(v is None for v in values):
                    continue
                expected = sum((dec(v) for v in values), Decimal(0))
                tolerance = sum((half_unit(v) for v in values), Decimal(0)) + half_unit(total[field])
                garbled = any((p["source"], field) in self.garbled for p in members)
                parts_text = " + ".join(values)
                self._compare("PERF-EXEC-SUM", f"{_group(total)}{total['source']} {_FIELD_NAMES[field]}",
                              dec(total[field]), expected, tolerance, places(total[field]),
                              f"{parts_text} = {format(expected, 'f')}", garbled=garbled)

    # indicators -------------------------------------------------------------------------

    def check_indicators(self) -> None:
        indicators = [i for i in self.record.get("indicators", []) if i.get("level1") != "约束性指标"]
        copies = self.copies = {id(row): other for row, other in self.indicator_pairs}
        blank_weights = [i for i in indicators if i.get("weight") is None]
        if indicators and len(blank_weights) == len(indicators) and self.record.get("report"):
            self.add("PERF-IND-WEIGHT-BLANK", "warning",
                     f"自评表 {len(indicators)} 个指标的分值（权重）栏均未填，仅印得分")
        weights: list[Decimal] = []
        for index, indicator in enumerate(indicators):
            copy = copies.get(id(indicator), {})
            weight = dec(indicator.get("weight")) or dec(copy.get("weight"))
            if weight is not None:
                weights.append(weight)
            self._check_indicator(index, indicator, weight, copy)
        self._check_weights(weights, len(indicators))

    def _check_indicator(self, index: int, indicator: dict, weight: Decimal | None, copy: dict) -> None:
        name = indicator.get("name") or indicator.get("level2") or indicator.get("level1", "")
        label = f"“{name}”"
        actual, target, score = indicator.get("actual"), indicator.get("target"), indicator.get("score")
        if not actual:
            self.add("PERF-IND-NO-ACTUAL", "warning", f"{label} 未填实际完成值", found=target)
            return
        if score is None and weight is not None:
            band = band_of(actual)
            hint = f"（{actual}，按 0 分计）" if band else ""
            self.add("PERF-IND-SCORE-BLANK", "warning", f"{label} 分值 {weight}，得分未填{hint}",
                     expected="0" if band == "poor" else None)
        t, a = parse_target(target), parse_target(actual)
        if indicator.get("level2") == "成本指标" and t and t.unit in ("%", "％"):
            self.add("PERF-IND-COST", "warning",
                     f"成本指标{label} 以百分比（{target}）计，不是成本金额", found=target)
        band = band_of(actual)
        if band:
            if weight is not None and score is not None:
                self._check_band(index, label, band, weight, dec(score), actual)
            return
        if t is None or t.number is None or a is None:
            return
        if a.number is not None and a.number < 0:
            self.add("PERF-IND-VALUE", "warning",
                     f"{label} 实际完成值“{actual}”为负数，与指标值“{target}”不符（疑为“=”误作“-”）",
                     found=actual)
            return
        if a.number is None:
            return
        if t.unit and a.unit and _unit(t.unit) != _unit(a.unit):
            self.add("PERF-IND-UNIT", "warning",
                     f"{label} 指标值“{target}”与实际完成值“{actual}”计量单位不一致", found=actual,
                     expected=target)
            return
        if weight is None or score is None:
            return
        expected = rule_score(weight, t, a)
        if expected is None:
            return
        self.rule_scores[index] = (expected, expected)
        found = dec(score)
        tolerance = max(half_unit(score), Decimal("0.005"))
        if abs(found - expected) <= tolerance or (found == rounded(expected, 0) and places(score) == 0):
            return
        garbled = (indicator.get("name", ""), "target") in self.garbled or \
            (indicator.get("name", ""), "actual") in self.garbled
        rule = "≤A 得分 = 权重 × A / B" if t.direction == "reverse" else "≥A/=A 得分 = 权重 × B / A"
        hint = "（分析报告表所列指标值不同，疑为错字）" if garbled else ""
        self.add("PERF-IND-RULE", "warning" if garbled else "error",
                 f"{label} 指标值 {target}，实际 {actual}，分值 {weight}，得分印为 {score}；"
                 f"按 {rule}（不超过权重）应为 {show(expected)}{hint}",
                 expected=show(expected), found=score)

    def _check_band(self, index, label, band, weight, score, actual) -> None:
        position = in_band(self.prof, band, weight, score)
        low, high, _, _ = band_limits(self.prof, band, weight)
        if position == "inside":
            self.rule_scores[index] = (score, score)
            return
        self.rule_scores[index] = (low, high if position == "outside" else high)
        share = show(score / weight * HUNDRED, 1)
        severity = "error" if position == "outside" else "warning"
        self.add("PERF-IND-BAND", severity,
                 f"{label} 完成情况“{actual}”，分值 {weight}，得分 {score}（{share}%），"
                 f"不在该档分值区间 {show(low)}–{show(high)} 内",
                 expected=f"{show(low)}–{show(high)}", found=str(score))

    def _check_weights(self, weights: list[Decimal], count: int) -> None:
        if not weights or len(weights) != count:
            return
        execution = self.record.get("execution", [])
        exec_weight = dec(execution[0].get("weight")) if execution and execution[0].get("weight") else \
            Decimal(str(self.prof["execution"]["weight"]))
        total = sum(weights, Decimal(0)) + exec_weight
        if total != HUNDRED:
            self.add("PERF-WEIGHTS", "error",
                     f"预算执行分值 {exec_weight} + 指标分值合计 {sum(weights, Decimal(0))} = {total}，不是 100",
                     expected="100", found=format(total, "f"))

    # totals and grade -------------------------------------------------------------------

    def _execution_score(self) -> tuple[Decimal | None, Decimal | None]:
        rows = self.record.get("execution", [])
        if not rows or rows[0].get("score") is None:
            return None, None
        printed = dec(rows[0]["score"])
        recomputed = getattr(self, "recomputed_execution", {}).get(id(rows[0]))
        return printed, recomputed

    def check_totals(self) -> None:
        total = dec(self.record.get("total_score"))
        indicators = [i for i in self.record.get("indicators", []) if i.get("level1") != "约束性指标"]
        scores = [dec(i.get("score")) or Decimal(0) for i in indicators]
        indicator_score = dec(self.record.get("indicator_score"))
        if indicator_score is not None and indicators and sum(scores) != indicator_score:
            self.add("PERF-IND-SUM", "error",
                     f"各指标得分之和 {format(sum(scores), 'f')}，指标完成情况得分印为 {indicator_score}",
                     expected=format(sum(scores), "f"), found=str(indicator_score))
        if indicator_score is None and indicators and all(i.get("score") for i in indicators):
            indicator_score = sum(scores)
        execution, recomputed = self._execution_score()
        if total is not None and indicator_score is not None and execution is not None:
            expected = execution + indicator_score
            if abs(expected - total) > half_unit(self.record["total_score"]):
                self.add("PERF-TOTAL", "error",
                         f"总分印为 {total}，预算执行得分 {execution} + 指标得分 {indicator_score} = {expected}",
                         expected=format(expected, "f"), found=str(total))
            if recomputed is not None and recomputed != execution:
                other = recomputed + indicator_score
                self.add("PERF-TOTAL-RECOMPUTED", "warning",
                         f"按自评表所印执行数重算执行得分 {show(recomputed)}，总分 {show(recomputed)} + "
                         f"{indicator_score} = {show(other)}（印为 {total}）",
                         expected=show(other), found=str(total))
        grade = self.record.get("grade")
        if total is not None and grade:
            self._check_grade(total, grade, "总分")
        if total is not None and grade and self.rule_scores and execution is not None:
            self._check_rule_grade(indicators, scores, execution, total, grade)
        if any(i.get("level1") == "约束性指标" for i in self.record.get("indicators", [])):
            cap = Decimal(str(self.prof.get("constraint", {}).get("cap_total", 100)))
            serious = any(i.get("score") and dec(i["score"]) and dec(i["score"]) < 0
                          for i in self.record["indicators"] if i.get("level1") == "约束性指标")
            if serious and total is not None and total > cap:
                self.add("PERF-CONSTRAINT", "error", f"约束性指标扣分，总分 {total} 超过上限 {cap}",
                         expected=str(cap), found=str(total))

    def _check_grade(self, total: Decimal, grade: str, source: str) -> None:
        from ..recognize.performance.common import grade_of

        normal = grade_of(grade)
        expected = grade_for(self.prof, total)
        if normal is None or normal != expected:
            self.add("PERF-GRADE", "error", f"{source} {total} 对应等级“{expected}”，印为“{grade}”",
                     expected=expected, found=grade)
        elif grade != normal:
            self.add("PERF-GRADE-WORDING", "warning",
                     f"{source} {total} 等级写作“{grade}”，四档等级用语为“{normal}”", expected=normal, found=grade)

    def _check_rule_grade(self, indicators, scores, execution, total, grade) -> None:
        low = high = execution
        differs = False
        for index, score in enumerate(scores):
            if index in self.rule_scores:
                a, b = self.rule_scores[index]
                differs = differs or not (a <= score <= b)
                low, high = low + a, high + b
            else:
                low, high = low + score, high + score
        if not differs:
            return
        grades = {grade_for(self.prof, low), grade_for(self.prof, high)}
        from ..recognize.performance.common import grade_of

        if grade_of(grade) in grades and len(grades) == 1:
            return
        span = show(low) if low == high else f"{show(low, 0)}–{show(high, 0)}"
        self.add("PERF-GRADE-RULE", "warning",
                 f"按计分规则重算各指标得分，总分为 {span}，等级“{'/'.join(sorted(grades))}”；"
                 f"自评表总分 {total}、等级“{grade}”", expected=span, found=str(total))

    # the conclusion sentence ------------------------------------------------------------

    def check_summary(self) -> None:
        summaries = [s for s in [self.report.get("summary")] + self.report.get("summaries", []) if s]
        execution, _ = self._execution_score()
        for summary in summaries:
            line = summary.get("line")
            pairs = [("execution_score", execution, "预算执行情况得分"),
                     ("total_score", dec(self.record.get("total_score")), "总得分")]
            for key, table_value, name in pairs:
                stated = dec(summary.get(key))
                if stated is None or table_value is None or stated == table_value:
                    continue
                self.add("PERF-SUMMARY", "error", f"自评结论{name} {stated}，自评表为 {table_value}",
                         expected=str(table_value), found=str(stated), line=line, text=summary.get("text"))
            grade = summary.get("grade")
            total = dec(summary.get("total_score"))
            if grade and total is not None:
                self._check_grade(total, grade, "自评结论总得分")

    # amounts and values quoted in text --------------------------------------------------

    def check_text_figures(self) -> None:
        rows = self.record.get("execution", [])
        copies = {id(row): other for row, other in self.report_pairs}
        for figure in self.report.get("text_figures", []):
            row = _row_for(rows, figure["source"])
            if row is None:
                continue
            copy = copies.get(id(row), {})
            for key, field in (("budget", "annual_budget"), ("executed", "executed")):
                stated = figure.get(key)
                table = row.get(field) or (row.get("initial_budget") if field == "annual_budget" else None)
                if stated is None or table is None:
                    continue
                digits = places(stated)
                if rounded(dec(table), digits) == dec(stated) or abs(dec(table) - dec(stated)) <= half_unit(stated):
                    continue
                copy_value = copy.get(field)
                agrees_copy = copy_value is not None and \
                    abs(dec(copy_value) / WAN - dec(stated)) <= half_unit(stated)
                hint = ""
                if field == "executed" and row.get("balance") and \
                        abs(dec(row["balance"]) - dec(stated)) <= half_unit(stated):
                    hint = f"（{stated} 万元是资金结余数）"
                rate = ""
                if field == "executed" and row.get("annual_budget") and dec(row["annual_budget"]):
                    rate = f"；{stated} / {row['annual_budget']} = " \
                           f"{show(dec(stated) / dec(row['annual_budget']) * HUNDRED)}%"
                place = "自评表分析栏" if figure.get("where") == "formal" else "分析报告"
                name = "预算数" if key == "budget" else "执行数"
                self.add("PERF-TEXT-AMOUNT", "warning" if agrees_copy else "error",
                         f"{place}文字“{figure.get('text', '')}”所述{row['source']}{name} {stated} 万元，"
                         f"自评表为 {table} 万元{hint}{rate}",
                         expected=table, found=stated, line=figure.get("line"), text=figure.get("text"))

    def check_text_indicators(self) -> None:
        """Counts the text quotes for an indicator (`接种剂次 1668366 剂次`) against its actual.

        Amounts (万元, 元) and shares are left out: the text quotes budgets and rates in the
        same units. A quoted number goes to the indicator whose name shares the longest
        run of characters (≥ 4) with the words before it; one finding per indicator."""
        indicators = []
        for indicator in self.record.get("indicators", []):
            actual = parse_target(indicator.get("actual"))
            if (indicator.get("name") and actual and actual.number is not None and actual.unit
                    and _unit(actual.unit) not in ("%", "万元", "元")):
                indicators.append((indicator, actual))
        reported: set[int] = set()
        for sentence in self.report.get("sentences", []):
            text = sentence["text"]
            for match in re.finditer(r"(\d+(?:\.\d+)?)\s*([^\d\s，。；、,.;]{1,3})", text):
                before = text[max(0, match.start() - 16):match.start()]
                best, best_size = None, 3
                for indicator, actual in indicators:
                    if not match.group(2).startswith(actual.unit):
                        continue
                    size = _common(before, indicator["name"])
                    if size > best_size:
                        best, best_size = (indicator, actual), size
                    elif size == best_size and best is not None:
                        best = None  # two indicators fit equally: no claim
                if best is None or id(best[0]) in reported:
                    continue
                indicator, actual = best
                stated = Decimal(match.group(1))
                if stated == actual.number:
                    reported.add(id(indicator))
                    continue
                reported.add(id(indicator))
                snippet = text[max(0, match.start() - 12):match.end()]
                self.add("PERF-TEXT-INDICATOR", "warning",
                         f"“{indicator['name']}”实际完成值印为“{indicator['actual']}”，文字写“{snippet}”",
                         expected=match.group(1), found=indicator["actual"],
                         line=sentence.get("line"), text=snippet)


def _row_for(rows: list[dict], source: str) -> dict | None:
    for row in rows:
        if row["source"] == source or (source == "资金总额" and _same_source(row["source"], source)):
            return row
    return rows[0] if rows and source == "资金总额" else None


def _same_source(a: str, b: str) -> bool:
    totals = {"资金总额", "合计", "总计", "部门整体支出总额", "年度财政资金总额"}
    return a == b or (a in totals and b in totals)


def _group(row: dict) -> str:
    return f"{row['group']}/" if row.get("group") else ""


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _strip_op(text: str) -> str:
    return re.sub(r"^[≥≤=＝<>＜＞]", "", _squeeze(text))


def _same_value(a: str, b: str) -> bool:
    a, b = _squeeze(a), _squeeze(b)
    if a == b or _strip_op(a) == _strip_op(b):
        return True
    ta, tb = parse_target(a), parse_target(b)
    return bool(ta and tb and ta.number is not None and ta.number == tb.number)


def _unit(unit: str) -> str:
    return {"％": "%"}.get(unit, unit)


def _common(a: str, b: str) -> int:
    """Length of the longest run of characters `a` and `b` share."""
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def _vocabulary() -> dict:
    from ..recognize.performance.common import vocabulary

    return vocabulary()


_FIELD_NAMES = {"annual_budget": "全年预算数", "initial_budget": "年初预算数", "executed": "全年执行数",
                "balance": "资金结余", "target": "指标值", "actual": "实际完成值",
                "declared_budget": "目标申报数", "rate_pct": "执行率", "weight": "分值", "score": "得分",
                "indicator_score": "指标完成情况得分", "total_score": "总分"}


# --- final accounts -----------------------------------------------------------------------

def _final_accounts(disclosure: Disclosure, record: dict) -> list[Finding]:
    """P01 header amounts (基本支出总额 / 项目支出总额) against F03/F05 合计: one finding
    for the whole split, naming every table that prints it otherwise."""
    amounts = record.get("header_amounts") or {}
    differences: list[str] = []
    cells: list[dict] = []
    expected: list[str] = []
    for kind in ("F03", "F05"):
        table = disclosure.table(kind)
        if table is None:
            continue
        by_address = {(c.row, c.col): c for c in table.cells}
        total_row = next((r for r, _ in by_address if r in ("合计", "总计")), None)
        if total_row is None:
            continue
        parts = []
        for name, col, column in (("基本支出总额", "2", "基本支出"), ("项目支出总额", "3", "项目支出")):
            stated = amounts.get(name)
            if stated is None:
                continue
            cell = by_address.get((total_row, col))
            printed = cell.value if cell is not None else Decimal(0)
            parts.append((name, stated, column, printed, col))
        if any(abs(p[3] - dec(p[1])) > half_unit(p[1]) for p in parts):
            differences.append(f"{kind} {total_row}行" + "、".join(f"{p[2]} {p[3]}" for p in parts))
            cells.extend({"table": kind, "row": total_row, "col": p[4], "value": format(p[3], "f")}
                         for p in parts)
            expected = [f"{p[0]} {p[3]}" for p in parts]
    if not differences:
        return []
    stated_text = "、".join(f"{k} {v} 万元" for k, v in amounts.items())
    line = record.get("where", {}).get("title_line")
    return [Finding(doc=disclosure.doc, code="PERF-FINAL-ACCOUNTS", severity="error",
                    message=f"{record.get('kind')}“{record.get('title', '')}”表头{stated_text}，"
                            f"而{'；'.join(differences)}（万元）",
                    cells=cells, spans=[{"line": line, "text": stated_text}] if line else [],
                    expected="，".join(expected), found=stated_text)]


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
    """Score summaries of every P01/P02 record and the PERF findings (for `juesuan score`)."""
    summaries: list[dict] = []
    findings: list[Finding] = []
    for record in disclosure.performance:
        if record.get("kind") not in ("P01", "P02"):
            continue
        checker = _Checker(disclosure, record)
        try:
            findings.extend(checker.run())
            summaries.append(score_summary(checker))
        except (ArithmeticError, ValueError, TypeError, KeyError) as error:
            findings.append(Finding(doc=disclosure.doc, code="PERF-UNREADABLE", severity="warning",
                                    message=f"“{record.get('title', '')}”无法校验：{type(error).__name__}: {error}"))
        if record.get("kind") == "P01":
            findings.extend(_final_accounts(disclosure, record))
    return summaries, findings


_COUNT_NAME = re.compile(r"(?:人次数|人数|次数|数量|个数|户数|家数|件数)$")
_COMPARATOR = re.compile(r"高于|大于|不低于|不少于|低于|小于|不高于|不超过|持平|等于|达到|超过|[≥≤=＝<>＜＞]")


def check_targets(disclosure: Disclosure) -> list[Finding]:
    """P03 申报表: how each target is written (a count given as a rate, a comparison with
    last year without its direction, the two columns disagreeing on one indicator)."""
    out: list[Finding] = []
    for record in disclosure.performance:
        if record.get("kind") != "P03":
            continue
        title = record.get("title", "")
        line = record.get("where", {}).get("title_line")
        spans = [{"line": line, "text": title}] if line else []

        def add(code: str, message: str, found: str | None = None, expected: str | None = None) -> None:
            out.append(Finding(doc=disclosure.doc, code=code, severity="warning",
                               message=f"绩效目标申报表“{title}”{message}", spans=spans,
                               found=found, expected=expected))

        seen: set[tuple[str, str]] = set()
        for item in record.get("indicators", []):
            name, target = item.get("name", ""), item.get("target") or ""
            parsed = parse_target(target)
            if _COUNT_NAME.search(name) and parsed and parsed.unit in ("%", "％") and (name, target) not in seen:
                seen.add((name, target))
                add("PERF-TARGET-UNIT", f"指标“{name}”是计数，指标值却是比率“{target}”", found=target)
            if re.search(r"上年", target) and not _COMPARATOR.search(target) and (name, target) not in seen:
                seen.add((name, target))
                add("PERF-TARGET-COMPARATOR", f"指标“{name}”的指标值“{target}”未写明与上年比较的方向",
                    found=target)
        left = [i for i in record.get("indicators", []) if i.get("period") == "实施期目标"]
        right = [i for i in record.get("indicators", []) if i.get("period") == "年度目标"]
        for item in right:
            partner = next((i for i in left if i.get("name", "").startswith(item.get("name", "\0"))
                            and i.get("level2") == item.get("level2")), None)
            if partner and item.get("target") and partner.get("target") and \
                    _squeeze(item["target"]) != _squeeze(partner["target"]):
                add("PERF-TARGET-COLUMNS",
                    f"指标“{partner['name']}”实施期目标“{partner['target']}”，年度目标“{item['target']}”",
                    found=partner["target"], expected=item["target"])
    return out


def check_performance(disclosure: Disclosure) -> list[Finding]:
    """Every PERF-… finding of a Disclosure's performance records (errors, warnings, notes)."""
    return score(disclosure)[1] + check_targets(disclosure)


# --- registration with checks/registry (`juesuan check`, `juesuan rules`) ----------------

_EXPLAIN = {
    "PERF-UNREADABLE": ("a table no reader knows is reported, not silently skipped.",
                        "a 自评表 whose rows cannot be placed.", "a table read into a record."),
    "PERF-CELL": ("arithmetic on a garbled cell would report nonsense; the cell is named instead.",
                  "得分 printed “1O”.", "得分 “10”."),
    "PERF-EXEC-RATE": ("the rate is what the execution score is computed from.",
                       "执行数 3612.646 / 全年预算数 4814.562 printed 75.66%.", "1999.04 / 2052 = 97.42%."),
    "PERF-EXEC-BALANCE": ("结余 is 预算 − 执行; a wrong one hides a garbled amount.",
                          "4212.34 − 3110.618 printed 1161.722.", "2052 − 1999.04 = 52.96."),
    "PERF-EXEC-SCORE": ("the execution score is weight × rate (10 or 20 points).",
                        "10 × 90.00% printed 8.00.", "10 × 97.42% = 9.74."),
    "PERF-EXEC-SUM": ("资金总额 is the sum of its sources or directions.",
                      "502.722 + 4212.34 ≠ 4814.562.", "基本 + 项目 = 资金总额."),
    "PERF-IND-RULE": ("a quantitative score follows from target and actual.",
                      "≤200万元 achieved with 0万元 scored 0 of 10.", "≤200万元, actual 0, 10 of 10."),
    "PERF-IND-BAND": ("a qualitative result fixes the band of the score.",
                      "部分达成 scored 14 of 15.", "部分达成 scored 10 of 15."),
    "PERF-IND-SCORE-BLANK": ("a blank score makes the indicator sum ambiguous.",
                             "分值 10, 得分 blank.", "分值 10, 得分 0."),
    "PERF-IND-NO-ACTUAL": ("a score without an actual value cannot be verified.",
                           "实际完成值 blank.", "实际完成值 ≥95%."),
    "PERF-IND-WEIGHT-BLANK": ("without weights no score can be checked.",
                              "分值 column empty for all rows.", "分值 printed."),
    "PERF-IND-VALUE": ("an impossible value is a garble to correct before scoring.",
                       "actual “-12个月” for target “=12个月”.", "actual “=12个月”."),
    "PERF-IND-UNIT": ("a target and an actual in different units cannot be compared.",
                      "target ≥34万人, actual 100%.", "target ≥34万人, actual 34.2万人."),
    "PERF-IND-COST": ("a 成本指标 measures money.", "成本指标 “参保率 90%”.", "成本指标 “≤40万元”."),
    "PERF-WEIGHTS": ("execution and indicator weights make 100 points.",
                     "10 + indicators 80 = 90.", "10 + 90 = 100."),
    "PERF-IND-SUM": ("the 指标完成情况得分 is the sum of the indicator scores.",
                     "scores add to 85, sentence says 89.", "scores add to 89, sentence 89."),
    "PERF-TOTAL": ("总分 = 预算执行得分 + 指标得分.", "9.74 + 89 printed 97.74.", "9.74 + 89 = 98.74."),
    "PERF-TOTAL-RECOMPUTED": ("a garbled execution amount changes the execution score and total.",
                              "executed 3612.646 gives 7.50, total 96.50, printed 96.57.",
                              "printed amounts give the printed score."),
    "PERF-GRADE": ("the grade follows from the total.", "总分 80, 等级 优.", "总分 80, 等级 良."),
    "PERF-GRADE-RULE": ("rule-consistent scores can change the grade.",
                        "printed 80 良, by rule 48–54 差.", "same grade either way."),
    "PERF-GRADE-WORDING": ("the scale is 优/良/中/差.", "“优秀”.", "“优”."),
    "PERF-SUMMARY": ("the conclusion sentence repeats the table.",
                     "sentence 总得分 97, table 98.74.", "both 98.74."),
    "PERF-REPORT-AMOUNT": ("the report's table (元) copies the 自评表 (万元).",
                           "6,022,219.05 元 vs 502.722 万元.", "6,022,219.05 元 vs 602.222 万元."),
    "PERF-REPORT-INDICATOR": ("the report's indicator table copies the 自评表.",
                              "≤64.37 万元 vs ≤61.37万元.", "same values."),
    "PERF-REPORT-LABEL": ("labels of the two copies should agree.", "市县财政资金 vs 市县级财政资金.",
                          "市县区财政资金 in both."),
    "PERF-TEXT-AMOUNT": ("amounts quoted in the text must be the table's.",
                         "“实际执行 2.4 万元” where 执行数 is 6.25 (2.4 is the balance).",
                         "“实际执行数 1999.04 万元” = table."),
    "PERF-TEXT-INDICATOR": ("counts quoted in the text must be the table's actual values.",
                            "text 1668366 剂次, table ≤1668368剂次.", "same number."),
    "PERF-DEPARTMENT": ("names and codes identify the unit.", "主管部门 “衢州…” under a 忻州 title.",
                        "the same name and code prefix."),
    "PERF-FINAL-ACCOUNTS": ("the 自评表 amounts are the final accounts' amounts.",
                            "P01 基本支出总额 547.09 vs F03 合计 基本支出 587.09.", "equal amounts."),
    "PERF-CONSTRAINT": ("a serious 约束性指标 finding caps the total at 70.",
                        "deduction under 资金管理合规性 and total 95.", "total ≤ 70."),
    "PERF-TARGET-UNIT": ("a count measured as a rate cannot be checked against the actual count.",
                         "资助参保人次数 ≥99%.", "资助参保人次数 ≥1200人次."),
    "PERF-TARGET-COMPARATOR": ("“上年度平均水平” alone says neither above nor below.",
                               "“上年度平均水平”.", "“高于上年度平均水平”."),
    "PERF-TARGET-COLUMNS": ("the implementation-period and annual targets of one indicator should agree "
                            "for a one-year project.", "≥90% and ≥95%.", "≥90% in both."),
}

_CACHE: list = [None, []]  # the last Disclosure checked and its findings (one pass for all codes)


def _findings_once(disclosure: Disclosure) -> list[Finding]:
    if _CACHE[0] is not disclosure:
        _CACHE[0], _CACHE[1] = disclosure, check_performance(disclosure)
    return _CACHE[1]


def _register() -> None:
    from .registry import register

    for code, title in RULES.items():
        why, fails, passes = _EXPLAIN[code]
        codes = {code, ROUNDING} if code == "PERF-EXEC-RATE" else {code}

        def run(disclosure: Disclosure, codes=frozenset(codes)):
            return iter([f for f in _findings_once(disclosure) if f.code in codes])

        run.__doc__ = f"{title}.\n\nWhy: {why}\n\nFails: {fails}\nPasses: {passes}"
        run.__qualname__ = f"perf_{code}"
        severity = "warning" if code.startswith("PERF-TARGET") or code in ("PERF-UNREADABLE", "PERF-CELL", "PERF-IND-SCORE-BLANK",
                                         "PERF-IND-NO-ACTUAL", "PERF-IND-WEIGHT-BLANK", "PERF-IND-VALUE",
                                         "PERF-IND-UNIT", "PERF-IND-COST", "PERF-TOTAL-RECOMPUTED",
                                         "PERF-GRADE-RULE", "PERF-GRADE-WORDING", "PERF-REPORT-AMOUNT",
                                         "PERF-REPORT-INDICATOR", "PERF-REPORT-LABEL",
                                         "PERF-TEXT-INDICATOR", "PERF-DEPARTMENT") else "error"
        register(code, title, family="performance", severity=severity)(run)


_register()
