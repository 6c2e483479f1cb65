"""Score the narrative facts read from a corpus document against its gold narrative.jsonl.

Gold records every 万元 amount and percentage of the 情况说明 (no counts). Facts are
aligned per section in document order on (value, unit) — a longest-common-subsequence
alignment, since zeros repeat — and an aligned fact's tie is right when it reads the same
cells as the gold `refers_to` (or one of its `also`), cells that gold states equal
counting as one, and evaluates to the same value on the gold cells; `prior year` and
`not in tables` must match as words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gold_notation import to_formula

from juesuan.checks.cells import CellIndex
from juesuan.checks.formula import (Unavailable, ZeroDivision, cells_of, evaluate_expression, is_expression,
                                     single_cell)
from juesuan.model import Disclosure, NarrativeFact

WORDS = ("prior year, not in tables", "not in tables")


@dataclass
class Score:
    gold: int = 0
    extracted: int = 0  # gold facts matched by value
    tied: int = 0  # … with the right tie
    extra: int = 0  # extracted amounts/percents with no gold fact
    misses: list[str] = field(default_factory=list)
    wrong_ties: list[str] = field(default_factory=list)


def _key(value: str | Decimal | None, unit: str) -> tuple:
    return (Decimal(str(value)).normalize() if value is not None else None, unit)


def _align(gold: list[dict], mine: list[NarrativeFact]) -> list[tuple[int, int]]:
    a = [_key(g["value"], g["unit"]) for g in gold]
    b = [_key(f.value, f.unit) for f in mine]
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _classes(gold: list[dict]) -> dict[tuple, int]:
    """Cells that a gold fact states equal (`refers_to` and `also`, single cells) share a class."""
    parent: dict[tuple, tuple] = {}

    def find(x: tuple) -> tuple:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for g in gold:
        singles = [c for c in map(single_cell, [g["refers_to"], *g.get("also", [])]) if c]
        for e in singles[1:]:
            parent[find(singles[0])] = find(e)
    ids: dict[tuple, int] = {}
    return {k: ids.setdefault(find(k), len(ids)) for k in list(parent)}


def _cellset(expression: str, classes: dict[tuple, int]) -> frozenset:
    out = set()
    for cell in cells_of(expression):
        out.add(classes.get(cell, cell))
    return frozenset(out)


def _value(expression: str, lookup: CellIndex):
    try:
        return evaluate_expression(expression, lookup).value
    except (Unavailable, ZeroDivision, ValueError):
        return None


def tie_is_right(fact: NarrativeFact, gold: dict, classes: dict, lookup: CellIndex) -> bool:
    expected = gold["refers_to"]
    if expected in WORDS:
        return fact.refers_to == expected
    if not fact.refers_to or fact.refers_to in WORDS:
        return False
    mine = [fact.refers_to, *fact.also]
    theirs = [expected, *gold.get("also", [])]
    for m in mine:
        for t in theirs:
            if not is_expression(t):
                if not is_expression(m) and _value(m, lookup) == _value(t, lookup):
                    return True
                continue
            if _cellset(t, classes) <= _cellset(m, classes) and _cellset(m, classes):
                vm, vt = _value(m, lookup), _value(t, lookup)
                if vm == vt:
                    return True
    return False


def score(disclosure: Disclosure, gold: list[dict]) -> Score:
    gold = [dict(g, refers_to=to_formula(g["refers_to"]), also=[to_formula(e) for e in g.get("also", [])])
            for g in gold]
    result = Score(gold=len(gold))
    classes = _classes(gold)
    lookup = CellIndex(disclosure)
    mine = [f for f in disclosure.facts if f.unit in ("万元", "%") and f.value is not None]
    sections = list(dict.fromkeys(g["section"] for g in gold))
    used: set[int] = set()
    for section in sections:
        gold_here = [g for g in gold if g["section"] == section]
        mine_here = [f for f in mine if f.section == section]
        pairs = _align(gold_here, mine_here)
        matched = {i for i, _ in pairs}
        for i, j in pairs:
            used.add(id(mine_here[j]))
            result.extracted += 1
            if tie_is_right(mine_here[j], gold_here[i], classes, lookup):
                result.tied += 1
            else:
                result.wrong_ties.append(f"{section[:10]} {gold_here[i]['text']}: gold {gold_here[i]['refers_to']}"
                                         f" / mine {mine_here[j].refers_to}")
        for i, g in enumerate(gold_here):
            if i not in matched:
                result.misses.append(f"{section[:10]} {g['text']} = {g['value']}{g['unit']}")
    result.extra = sum(1 for f in mine if id(f) not in used)
    return result
