"""One engine evaluates every audit formula of a profile on a Disclosure.

For each rule, each formula line and each instance (one binding of `*`, 类/款/项, `$name`):

1. not applicable — and silent — when a table it names is not in the document, when a
   `Σ` selects nothing, when no cell it reads is printed, or when one side reads only
   cells a name-keyed layout never printed (see cells.py: absent ≠ unknown);
2. otherwise absent cells count 0, and the two sides are compared exactly;
3. a difference smaller than the sum of the half-intervals of the printed cells read
   (findings.md) is a `note` with code ROUNDING; any other difference is the rule's own
   code and severity (in a table printed in 元 the half-intervals are 0, so every
   difference is real). A subject-code total read without its parts (F03 210 against
   F01 行40) may have been printed as the sum of its rounded parts: its interval is
   then theirs (`_parts_slack`). Amounts of a table in another money unit are compared
   in the document's unit (cells.py).

Rules whose tables the document lacks are summarised per missing table as one
FORMULA-NA note, so a reviewer sees what was not checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from ..catalog import table_kinds
from ..model import Disclosure, Finding, format_decimal
from .cells import CellIndex
from .formula import Equation, Read, Side, bindings, evaluate, render
from .rules import Catalog, Rule

ROUNDING = "ROUNDING"
FORMULA_NA = "FORMULA-NA"
FAMILY_OF_KIND = {"final_accounts": "F", "budget": "B"}


def index_for(disclosure: Disclosure, cat: Catalog) -> CellIndex:
    return CellIndex(disclosure, cat.sets, cat.coded_by_name, set(cat.totals))


@dataclass(slots=True)
class Outcome:
    """One instance of one formula line, evaluated: what a reviewer (or `juesuan formulas`)
    needs to see which identities were checked and why others were not.

    status: ok | fail | rounding | na-table | na-when | na-empty (a Σ selected nothing) |
    na-blank (no cell printed) | na-unknown (a side the layout never printed).
    """

    rule: Rule
    line: Equation
    binding: dict
    status: str
    left: Side | None = None
    right: Side | None = None
    tolerance: Decimal = Decimal(0)

    @property
    def applied(self) -> bool:
        return self.status in ("ok", "fail", "rounding")


def outcomes(disclosure: Disclosure, cat: Catalog, index: CellIndex | None = None) -> Iterator[Outcome]:
    """Every formula line of `cat` on one Disclosure, instance by instance."""
    index = index or index_for(disclosure, cat)
    for rule in cat.rules:
        when = _when_holds(rule, index)
        for eq in rule.lines:
            if any(not index.has_table(t) for t in eq.tables()):
                yield Outcome(rule, eq, {}, "na-table")
            elif not when:
                yield Outcome(rule, eq, {}, "na-when")
            else:
                yield from _instances(rule, eq, index)


def _instances(rule: Rule, eq: Equation, index: CellIndex) -> Iterator[Outcome]:
    seen: set[tuple] = set()
    for binding in bindings(eq, index, rule.tuples):
        left, right = evaluate(eq, index, binding)
        if left.empty_sum or right.empty_sum:
            yield Outcome(rule, eq, binding, "na-empty", left, right)
            continue
        if not (left.printed or right.printed):
            yield Outcome(rule, eq, binding, "na-blank", left, right)
            continue
        if any(not side.printed and not side.fixed for side in (left, right)):
            yield Outcome(rule, eq, binding, "na-unknown", left, right)
            continue
        key = tuple(sorted((r.table, r.key or r.row, r.col) for r in left.reads + right.reads))
        if key in seen:  # the same cells read again by another binding
            continue
        seen.add(key)
        diff = left.value - right.value
        if diff == 0:
            yield Outcome(rule, eq, binding, "ok", left, right)
            continue
        tolerance = left.halfwidth + right.halfwidth + _parts_slack(index, left.reads + right.reads)
        status = "rounding" if abs(diff) < tolerance else "fail"
        yield Outcome(rule, eq, binding, status, left, right, tolerance)


def run_formulas(disclosure: Disclosure, cat: Catalog) -> list[Finding]:
    """Every finding of every formula rule of `cat` on one Disclosure."""
    index = index_for(disclosure, cat)
    findings: list[Finding] = []
    missing: dict[str, list[str]] = {}
    for outcome in outcomes(disclosure, cat, index):
        if outcome.status == "na-table":
            for table in outcome.line.tables():
                if not index.has_table(table):
                    codes = missing.setdefault(table, [])
                    if outcome.rule.code not in codes:
                        codes.append(outcome.rule.code)
        elif outcome.status in ("fail", "rounding"):
            findings.append(_finding(disclosure.doc, outcome, index))
    findings.extend(_not_applicable(disclosure, missing))
    return findings


def _when_holds(rule: Rule, index: CellIndex) -> bool:
    """A rule's `when` lines must hold exactly on the printed values (absent = 0)."""
    for eq in rule.when:
        if any(not index.has_table(t) for t in eq.tables()):
            return False
        for binding in bindings(eq, index):
            left, right = evaluate(eq, index, binding)
            if left.value != right.value:
                return False
    return True


def _parts_slack(index: CellIndex, reads: list[Read]) -> Decimal:
    """Extra rounding room for a total whose parts the formula does not read itself.

    F03 210 printed 236.64 = 40.35 + 196.29 (the sum of its rounded 项) while F01 prints
    the same amount rounded once, 236.63: both are honest conversions of one sum in 元.
    A total's interval is then that of its parts; where the formula reads those parts
    (a hierarchy rule), their own intervals are already counted. Only a total that *is*
    the sum of its printed parts can have been printed that way: one that differs from
    them was rounded once, and keeps its own interval (`392.50` over 类 rows adding up
    to 392.51 is not the sum of its rounded parts).
    """
    read = {(r.table, r.key or r.row, r.col) for r in reads}
    slack = Decimal(0)
    for r in reads:
        if not r.printed:
            continue
        key = r.key or r.row
        kids = index.children(r.table, key)
        if kids and not any((r.table, k, r.col) in read for k in kids):
            if sum((index.read(r.table, k, r.col).value for k in kids), Decimal(0)) != r.value:
                continue
            slack += max(Decimal(0), index.parts_halfwidth(r.table, key, r.col) - r.halfwidth)
    return slack


def _places(sides: tuple[Side, Side]) -> int:
    exponents = [r.value.as_tuple().exponent for s in sides for r in s.reads if r.printed]
    ints = [e for e in exponents if isinstance(e, int)]
    return -min(ints) if ints and min(ints) < 0 else 0


def _fmt(value: Decimal, places: int) -> str:
    return format_decimal(value.quantize(Decimal(1).scaleb(-places)) if places else value)


def describe(outcome: Outcome, index: CellIndex) -> dict:
    """The instance in words and numbers: {lhs}, {rhs}, {found}, {expected}, {diff}, …"""
    eq, binding, left, right = outcome.line, outcome.binding, outcome.left, outcome.right
    places = _places((left, right)) if left and right else 0
    values = {
        **{k.lstrip("$"): index.display(_table_of(eq, k), v) for k, v in binding.items()},
        "lhs": render(eq.left, binding, index.display, index),
        "rhs": render(eq.right, binding, index.display, index),
        "title": outcome.rule.title,
        "rule": outcome.rule.code,
        "tolerance": format_decimal(outcome.tolerance.normalize()) if outcome.tolerance else "0",
    }
    if left and right:
        values.update(found=_fmt(left.value, places), expected=_fmt(right.value, places),
                      diff=_fmt(left.value - right.value, places))
    return values


def _finding(doc: str, outcome: Outcome, index: CellIndex) -> Finding:
    values = describe(outcome, index)
    rule = outcome.rule
    if outcome.status == "rounding":
        severity, code = "note", ROUNDING
        message = ("{lhs} = {found}，{rhs} = {expected}，相差 {diff}，在四舍五入误差范围内"
                   "（±{tolerance}）：{rule} {title}").format(**values)
    else:
        severity, code = rule.severity, rule.code
        message = _format(rule.message, values)
    reads = outcome.left.reads + outcome.right.reads  # type: ignore[union-attr]
    return Finding(doc=doc, code=code, severity=severity, message=message, cells=_cells(reads),
                   expected=values["expected"], found=values["found"])


def _table_of(eq: Equation, var: str) -> str:
    """The table whose rows a variable ranges over (to show a row as printed); "" for columns."""
    if var == "col":
        return ""
    for ref in eq.refs():
        if var in ("row", "类", "款", "项") or var.startswith("$"):
            return ref.table
    return ""


def _format(template: str, values: dict) -> str:
    class Missing(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(Missing(values))


def _cells(reads: list[Read]) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple] = set()
    for read in reads:
        if not read.printed or (read.table, read.row, read.col) in seen:
            continue
        seen.add((read.table, read.row, read.col))
        value = getattr(read.cell, "value", read.value)  # as printed, in its table's unit
        item = {"table": read.table, "row": read.row, "col": read.col, "value": format_decimal(value)}
        where = getattr(read.cell, "where", None)
        if where is not None:
            item.update({k: v for k, v in where.to_dict().items() if k != "bbox"})
        out.append(item)
    return out


def _not_applicable(disclosure: Disclosure, missing: dict[str, list[str]]) -> Iterator[Finding]:
    """One note per table of the document's own family that formulas needed but the
    document does not have (a budget is not told that F01 is missing)."""
    family = FAMILY_OF_KIND.get(disclosure.kind)
    unrecognized = " ".join(u.title for u in disclosure.unrecognized)
    for table, codes in missing.items():
        if family is None or not table.startswith(family):
            continue
        name = table_kinds().get(table, {}).get("name", "")
        hint = "（该表未能识别，见 TABLE-UNRECOGNIZED）" if name and name in unrecognized else ""
        yield Finding(
            doc=disclosure.doc, code=FORMULA_NA, severity="note",
            message=f"{table} {name} 未见于本文件{hint}，{len(codes)} 条审核公式不适用："
                    + "、".join(codes[:6]) + ("等" if len(codes) > 6 else ""),
        )
