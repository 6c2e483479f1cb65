"""Checks that read beyond one 自评表: P01 amounts against the final-accounts tables, and
how the targets of a 绩效目标申报表 (P03) are written."""
from __future__ import annotations

import re
from decimal import Decimal

from ...model import Disclosure, Finding
from .checker import _squeeze
from .scoring import dec, half_unit, parse_target


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
