"""One record checked against its profile: execution, indicators, totals, the report's
copy and the amounts and counts its text quotes (the `_Checker` behind `score()`).

A failure whose cell the report's own copy prints differently is a warning, not an
error: the evidence says the cell is garbled (an extraction or typing slip), not the
arithmetic.
"""
from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher

from ...model import Disclosure, Finding
from .scoring import (HUNDRED, ROUNDING, WAN, band_limits, band_of, dec, grade_for, half_unit,
                      in_band, parse_target, places, profile_for, ratio_interval, rounded, rule_score,
                      show, truncated)


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
        self.current_line: int | None = None  # the row being checked, for the finding's span

    def line_of(self, key: str, row: dict) -> int | None:
        """The line a formal execution/indicator row was printed on, when the reader kept it."""
        rows = self.record.get(key, [])
        lines = self.record.get("where", {}).get("rows", {}).get(key, [])
        for index, item in enumerate(rows):
            if item is row and index < len(lines):
                return lines[index]
        return None

    def add(self, code: str, severity: str, message: str, expected=None, found=None,
            line: int | None = None, text: str | None = None) -> None:
        spans = []
        where = self.record.get("where", {})
        span_line = line or self.current_line or where.get("title_line")
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
            self.current_line = self.line_of("execution", row)
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
        self.current_line = None
        self._check_sums()
        self._check_amount_unit()

    def _check_amount_unit(self) -> None:
        """A table headed 万元 whose amounts are whole numbers of 100000 or more prints 元."""
        if self.record.get("unit") != "万元":
            return
        for row in self.record.get("execution", [])[:1]:
            amounts = [row.get(f) for f in ("annual_budget", "initial_budget", "executed")]
            big = [a for a in amounts if a and "." not in a and dec(a) >= 100000]
            if big:
                self.add("PERF-AMOUNT-UNIT", "warning",
                         f"金额栏标为万元，{row['source']} 却印 {big[0]}（合 {show(dec(big[0]) / WAN)} 亿元）；"
                         f"疑为以元填列（{big[0]} 元 = {show(dec(big[0]) / WAN)} 万元）",
                         expected=f"{show(dec(big[0]) / WAN)} 万元", found=big[0])

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
        if indicators and all(i.get("score") is None for i in indicators):
            self.add("PERF-IND-SCORE-BLANK", "warning",
                     f"自评表 {len(indicators)} 个指标的得分栏均未印（表格或被截断）")
            self.scores_missing = True
        for index, indicator in enumerate(indicators):
            copy = copies.get(id(indicator), {})
            weight = dec(indicator.get("weight")) or dec(copy.get("weight"))
            if weight is not None:
                weights.append(weight)
            self.current_line = self.line_of("indicators", indicator)
            self._check_indicator(index, indicator, weight, copy)
        self.current_line = None
        self._check_weights(weights, len(indicators))

    def _check_indicator(self, index: int, indicator: dict, weight: Decimal | None, copy: dict) -> None:
        name = indicator.get("name") or indicator.get("level2") or indicator.get("level1", "")
        label = f"“{name}”"
        actual, target, score = indicator.get("actual"), indicator.get("target"), indicator.get("score")
        if not actual:
            self.add("PERF-IND-NO-ACTUAL", "warning", f"{label} 未填实际完成值", found=target)
            return
        if score is None and weight is not None and not getattr(self, "scores_missing", False):
            band = band_of(actual)
            hint = f"（{actual}，按 0 分计）" if band else ""
            self.add("PERF-IND-SCORE-BLANK", "warning", f"{label} 分值 {weight}，得分未填{hint}",
                     expected="0" if band == "poor" else None)
        t, a = parse_target(target), parse_target(actual)
        adjusted = parse_target(indicator.get("adjusted_target"))
        if adjusted is not None and adjusted.number is not None:  # 调整后指标值 when printed
            t, target = adjusted, indicator["adjusted_target"]
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
        if not weights and count:
            weights = self._group_weights()  # Hubei: 目标1(40分) / 产出指标（40分）
            count = len(weights)
        if not weights or len(weights) != count:
            return
        execution = self.record.get("execution", [])
        exec_weight = dec(execution[0].get("weight")) if execution and execution[0].get("weight") else \
            Decimal(str(self.prof["execution"]["weight"]))
        total = sum(weights, Decimal(0)) + exec_weight
        if total != HUNDRED:
            self.add("PERF-WEIGHTS", "error",
                     f"预算执行分值 {exec_weight} + 指标分值合计 {sum(weights, Decimal(0))} = {total}，"
                     f"不是总分满分 100",
                     expected="100", found=format(total, "f"))

    def _group_weights(self) -> list[Decimal]:
        """The weights of the groups every scored indicator belongs to (one per group)."""
        groups: dict[tuple, Decimal] = {}
        for indicator in self.record.get("indicators", []):
            if indicator.get("level1") == "约束性指标":
                continue
            if indicator.get("group_weight"):
                key, weight = ("group", indicator.get("group")), indicator["group_weight"]
            elif indicator.get("level1_weight"):
                key, weight = ("level1", indicator.get("level1")), indicator["level1_weight"]
            else:
                return []
            if dec(weight) is None:
                return []
            groups[key] = dec(weight)
        return list(groups.values())

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
        from ...recognize.performance.common import grade_of

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
        from ...recognize.performance.common import grade_of

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
        """Counts the text quotes for an indicator (`培训人次 1250 人次`) against the values
        the table prints for it (target, adjusted target, actual).

        Amounts (万元, 元), shares and dates are left out: the text quotes budgets, rates and
        deadlines in the same units. A quoted number goes to the indicator whose name shares
        the longest run of characters (≥ 4) with the words before it; one finding per
        indicator."""
        indicators = []
        for indicator in self.record.get("indicators", []):
            name = indicator.get("name") or ""
            parsed = [parse_target(indicator.get(k)) for k in ("target", "adjusted_target", "actual")]
            numbers = {p.number for p in parsed if p and p.number is not None}
            units = {_unit(p.unit) for p in parsed if p and p.unit}
            if name and numbers and not units & {"%", "万元", "元"}:
                indicators.append((indicator, numbers, units))
        quoted: dict[int, list] = {}
        unit_pattern = r"(\d+(?:\.\d+)?)\s*((?:[^\d\s，。；、,.;:：%％年月日元]){1,3}(?:/[^\d\s，。；]{1,2})?|元/[^\d\s，。；]{1,2})"
        for sentence in self.report.get("sentences", []):
            text = sentence["text"]
            for match in re.finditer(unit_pattern, text):
                if text[match.end():match.end() + 1] == "元":
                    continue  # 8.27万元: an amount
                before = text[max(0, match.start() - 16):match.start()]
                best, best_size = None, 3
                for candidate in indicators:
                    indicator, _, units = candidate
                    if units and not any(match.group(2).startswith(u) for u in units):
                        continue
                    size = _common(before, indicator["name"])
                    if size > best_size:
                        best, best_size = candidate, size
                    elif size == best_size and best is not None:
                        best = None  # two indicators fit equally: no claim
                if best is None:
                    continue
                indicator, numbers, _ = best
                if Decimal(match.group(1)) not in numbers:
                    snippet = text[max(0, match.start() - 12):match.end()]
                    quoted.setdefault(id(indicator), [indicator, []])[1].append(
                        (match.group(1), snippet, sentence.get("line")))
        for indicator, quotes in quoted.values():
            printed = "、".join(indicator[k] for k in ("target", "adjusted_target", "actual") if indicator.get(k))
            snippets = "”；“".join(dict.fromkeys(q[1] for q in quotes))
            self.add("PERF-TEXT-INDICATOR", "warning",
                     f"“{indicator['name']}”表中为“{printed}”，文字写“{snippets}”",
                     expected="、".join(dict.fromkeys(q[0] for q in quotes)), found=printed,
                     line=quotes[0][2], text=quotes[0][1])


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
    from ...recognize.performance.common import vocabulary

    return vocabulary()


_FIELD_NAMES = {"annual_budget": "全年预算数", "initial_budget": "年初预算数", "executed": "全年执行数",
                "balance": "资金结余", "target": "指标值", "actual": "实际完成值",
                "declared_budget": "目标申报数", "rate_pct": "执行率", "weight": "分值", "score": "得分",
                "indicator_score": "指标完成情况得分", "total_score": "总分"}
