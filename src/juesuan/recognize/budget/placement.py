"""Which column does each printed number belong to, when blank cells print as spaces?

A row prints n numbers for m columns. Every increasing placement of the n numbers into
the m columns is a candidate; each is scored by
  - the spacing: a run of g spaces between two cells stands for g-1 blank cells (or
    (g-1)/2 when the blank cells of a bold row carry a space of their own);
  - the row identity of the table (`合计 = 基本支出 + 项目支出`), within rounding;
  - the column totals: a parent row equals the sum of its children in every column
    (the subject-code hierarchy, a 合计 row, an indented project list).
The placement of all rows together with the lowest score wins. This is how a reader
resolves `67.00  67.00` by eye: the spacing suggests, the table's own sums decide.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from math import ceil
from typing import Sequence

from .lines import Token

W_IDENTITY = 5.0  # a row whose 合计 is not the sum of its parts
W_SUM = 5.0  # a column where a parent row is not the sum of its children
KEEP_WITHIN = 6.0  # candidates kept per row: local score at most this above the best
MAX_CANDIDATES = 16
EXHAUSTIVE_LIMIT = 4096


@dataclass(frozen=True)
class Gap:
    """What the spaces before a number say about the blank cells before it."""

    lo: int
    hi: int
    weight: float = 1.0

    def penalty(self, blanks: int) -> float:
        if blanks < self.lo:
            return self.weight * (self.lo - blanks)
        if blanks > self.hi:
            return self.weight * (blanks - self.hi)
        return 0.0


def gap_before(token: Token, after_label: bool, missing_labels: int = 0) -> Gap:
    """Blank cells between the previous cell of the row and this number."""
    spaces = token.gap
    if token.first:  # the line starts here: only the leading spaces separate
        return Gap(ceil(spaces / 2), spaces)
    if spaces == 0:  # glued to the previous cell: no blank between
        return Gap(0, 0)
    lo, hi = ceil((spaces - 1) / 2), spaces - 1
    if after_label:  # a blank label cell (or a label spanning two) takes spaces too
        lo, hi = max(0, lo - missing_labels), max(0, hi - missing_labels)
    return Gap(lo, hi)


def gap_after(token: Token) -> Gap | None:
    """Blank cells after the last number of a row, from the spaces ending its line."""
    if token.trailing is None:
        return None
    spaces = token.trailing
    if spaces == 0:
        return Gap(0, 0, 0.5)
    return Gap(ceil((spaces - 1) / 2), spaces - 1, 0.5)


@dataclass
class RowNumbers:
    """The numbers of one row, with the spacing evidence around them."""

    values: list[Decimal]
    before: list[Gap]  # one per number
    after: Gap | None
    candidates: list[tuple[tuple[int, ...], float]] = field(default_factory=list)


Identity = tuple[int, tuple[int, ...]]  # total column, part columns


def quantum(values: Sequence[Decimal]) -> Decimal:
    """The rounding step the printed values imply (0.01 for 万元 with two decimals)."""
    exponents = [v.as_tuple().exponent for v in values if isinstance(v.as_tuple().exponent, int)]
    return Decimal(1).scaleb(min(exponents)) if exponents else Decimal("0.01")


def close(total: Decimal, parts: Sequence[Decimal], step: Decimal) -> bool:
    nonzero = sum(1 for p in parts if p)
    return abs(total - sum(parts, Decimal(0))) <= step * max(1, nonzero - 1)


def _identity_holds(cells: dict[int, Decimal], alternatives: Sequence[Sequence[Identity]],
                    step: Decimal) -> bool | None:
    """None when no identity applies to the columns this table prints."""
    verdicts = []
    for alternative in alternatives:
        for total, parts in alternative:
            verdicts.append(close(cells.get(total, Decimal(0)),
                                  [cells.get(p, Decimal(0)) for p in parts], step))
    if not verdicts:
        return None
    return any(verdicts)


def candidates(row: RowNumbers, columns: int,
               identities: Sequence[Sequence[Identity]]) -> list[tuple[tuple[int, ...], float]]:
    """Every placement of the row's numbers, best first, scored by spacing and identity."""
    n = len(row.values)
    step = quantum(row.values)
    scored = []
    for placement in itertools.combinations(range(columns), n):
        score = 0.0
        previous = -1
        for index, column in enumerate(placement):
            score += row.before[index].penalty(column - previous - 1)
            previous = column
        if row.after is not None:
            score += row.after.penalty(columns - 1 - previous)
        cells = dict(zip(placement, row.values))
        if _identity_holds(cells, identities, step) is False:
            score += W_IDENTITY
        scored.append((placement, score))
    scored.sort(key=lambda item: item[1])
    if not scored:
        return []
    best = scored[0][1]
    return [c for c in scored if c[1] <= best + KEEP_WITHIN][:MAX_CANDIDATES]


def solve(rows: list[RowNumbers], columns: int, identities: Sequence[Sequence[Identity]],
          groups: Sequence[tuple[int, Sequence[int]]]) -> list[tuple[int, ...]]:
    """The placement of every row that scores best with the column totals (`groups`:
    parent row index, child row indices) taken into account."""
    for row in rows:
        row.candidates = candidates(row, columns, identities)
    children = _forest(groups, len(rows))
    if children is not None:
        return _solve_forest(rows, columns, children)
    return _solve_search(rows, columns, groups)


def _forest(groups: Sequence[tuple[int, Sequence[int]]], size: int) -> dict[int, list[int]] | None:
    """parent → children when every row is the child of one parent at most (a tree of
    sums: 合计 → 类 → 款 → 项, a unit → its projects); None otherwise."""
    children: dict[int, list[int]] = {}
    parent_of: dict[int, int] = {}
    for parent, members in groups:
        if parent in children:
            return None
        children[parent] = list(members)
        for member in members:
            if member in parent_of or member == parent:
                return None
            parent_of[member] = parent
    for start in range(size):
        seen, node = set(), start
        while node in parent_of:
            if node in seen:
                return None
            seen.add(node)
            node = parent_of[node]
    return children


MAX_STATES = 20000


def _solve_forest(rows: list[RowNumbers], columns: int,
                  children: dict[int, list[int]]) -> list[tuple[int, ...]]:
    """Exact for a tree of sums: bottom up, the best cost of each row's subtree for each
    of its candidates, its children's placements chosen together (a dynamic programme
    over the column sums they reach, so that `4.00 + 33.00 + 30.00 = 67.00` is found
    however many projects there are)."""
    zero = Decimal(0)
    step = quantum([v for row in rows for v in row.values])
    nonnegative = all(v >= 0 for row in rows for v in row.values)

    def vector(row: int, candidate: int) -> tuple[Decimal, ...]:
        out = [zero] * columns
        placement = rows[row].candidates[candidate][0]
        for column, value in zip(placement, rows[row].values):
            out[column] = value
        return tuple(out)

    cost: dict[int, list[float]] = {}
    picks: dict[int, list[tuple[int, ...]]] = {}

    def visit(node: int) -> None:
        kids = children.get(node, [])
        for kid in kids:
            visit(kid)
        cost[node], picks[node] = [], []
        for index, (_, local) in enumerate(rows[node].candidates or [((), 0.0)]):
            if not kids:
                cost[node].append(local)
                picks[node].append(())
                continue
            target = vector(node, index) if rows[node].candidates else (zero,) * columns
            best, chosen = _best_children(kids, target)
            cost[node].append(local + best)
            picks[node].append(chosen)

    def misses(total: tuple[Decimal, ...], target: tuple[Decimal, ...], count: int) -> int:
        tolerance = step * max(1, min(2, count - 1))  # rounding, not a missing 0.09
        return sum(1 for a, b in zip(total, target) if abs(a - b) > tolerance)

    def _best_children(kids: list[int], target: tuple[Decimal, ...]) -> tuple[float, tuple[int, ...]]:
        limit = tuple(t + step * len(kids) for t in target)
        states: dict[tuple[Decimal, ...], tuple[float, tuple[int, ...]]] = {(zero,) * columns: (0.0, ())}
        for kid in kids:
            grown: dict[tuple[Decimal, ...], tuple[float, tuple[int, ...]]] = {}
            for total, (spent, chosen) in states.items():
                for index in range(len(cost[kid])):
                    added = vector(kid, index) if rows[kid].candidates else (zero,) * columns
                    reached = tuple(a + b for a, b in zip(total, added))
                    if nonnegative and any(r > m for r, m in zip(reached, limit)):
                        continue
                    value = spent + cost[kid][index]
                    if reached not in grown or value < grown[reached][0]:
                        grown[reached] = (value, chosen + (index,))
            if len(grown) > MAX_STATES:
                grown = dict(sorted(grown.items(), key=lambda item: item[1][0])[:MAX_STATES])
            states = grown
        # the children each at their own best, whatever the sums say: always a choice
        alone = tuple(min(range(len(cost[k])), key=lambda i, k=k: cost[k][i]) for k in kids)
        alone_total = tuple(sum((vector(k, i) if rows[k].candidates else (zero,) * columns)[c]
                                for k, i in zip(kids, alone)) for c in range(columns))
        options = [(sum(cost[k][i] for k, i in zip(kids, alone)), alone, alone_total)]
        options += [(spent, chosen, total) for total, (spent, chosen) in states.items()]
        scored = [(spent + W_SUM * misses(total, target, len(kids)), chosen)
                  for spent, chosen, total in options]
        return min(scored, key=lambda option: option[0])

    parents = {kid for kids in children.values() for kid in kids}
    choice = [0] * len(rows)

    def settle(node: int, index: int) -> None:
        choice[node] = index
        for kid, pick in zip(children.get(node, []), picks[node][index]):
            settle(kid, pick)

    for root in range(len(rows)):
        if root in parents:
            continue
        visit(root)
        settle(root, min(range(len(cost[root])), key=lambda i: cost[root][i]))
    return [row.candidates[choice[i]][0] if row.candidates else () for i, row in enumerate(rows)]


def _solve_search(rows: list[RowNumbers], columns: int,
                  groups: Sequence[tuple[int, Sequence[int]]]) -> list[tuple[int, ...]]:
    """Rows tied by sums that do not form a tree: exhaustive search when small, else
    coordinate descent from each row's best placement."""
    choice = [0] * len(rows)
    steps = quantum([v for row in rows for v in row.values])
    involved: dict[int, list[int]] = {}
    for index, (parent, children) in enumerate(groups):
        for member in (parent, *children):
            involved.setdefault(member, []).append(index)

    def value(row: int, column: int, pick: list[int]) -> Decimal:
        if not rows[row].candidates:
            return Decimal(0)
        placement = rows[row].candidates[pick[row]][0]
        if column in placement:
            return rows[row].values[placement.index(column)]
        return Decimal(0)

    def group_penalty(index: int, pick: list[int]) -> float:
        parent, children = groups[index]
        misses = 0
        for column in range(columns):
            total = value(parent, column, pick)
            parts = [value(child, column, pick) for child in children]
            if not close(total, parts, steps):
                misses += 1
        return W_SUM * misses

    def score(pick: list[int]) -> float:
        local = sum(rows[r].candidates[pick[r]][1] for r in range(len(rows)) if rows[r].candidates)
        return local + sum(group_penalty(g, pick) for g in range(len(groups)))

    ambiguous = [r for r, row in enumerate(rows) if len(row.candidates) > 1]
    space = 1
    for r in ambiguous:
        space *= len(rows[r].candidates)
        if space > EXHAUSTIVE_LIMIT:
            break
    if ambiguous and space <= EXHAUSTIVE_LIMIT:
        best, best_pick = score(choice), list(choice)
        for combination in itertools.product(*(range(len(rows[r].candidates)) for r in ambiguous)):
            pick = list(choice)
            for r, c in zip(ambiguous, combination):
                pick[r] = c
            current = score(pick)
            if current < best - 1e-9:
                best, best_pick = current, pick
        choice = best_pick
    elif ambiguous:  # coordinate descent from the locally best placements
        for _ in range(10):
            changed = False
            for r in ambiguous:
                def local(c: int) -> float:
                    trial = list(choice)
                    trial[r] = c
                    return rows[r].candidates[c][1] + sum(group_penalty(g, trial) for g in involved.get(r, []))
                best_c = min(range(len(rows[r].candidates)), key=local)
                if local(best_c) < local(choice[r]) - 1e-9:
                    choice[r] = best_c
                    changed = True
            if not changed:
                break
    return [row.candidates[choice[i]][0] if row.candidates else () for i, row in enumerate(rows)]
