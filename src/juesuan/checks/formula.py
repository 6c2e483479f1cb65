"""The audit-formula notation (审核公式): a small parser and evaluator, no `eval`.

A formula is one equation over canonical cell addresses (spec/cell-addresses.md):

    F01[27,1] = F01[1,1] + … + F01[26,1]        a total and its parts (`…` fills a range)
    F03[*,1] = F03[*,2] + … + F03[*,6]          `*` is every row (or column) of the table
    F03[类,*] = Σ F03[款,*]                      a 类 (3-digit code) is the sum of its 款
    F03[合计,*] = Σ F03[类,*]                    outside a Σ, 类/款/项 is each code of that level
    F06[302,1] = Σ F06[302xx,1]                  `302xx`: every 5-digit code under 302
    F01[$f01,2] = F03[$code,1]                   `$name` comes from the rule's `for` tuples
    B01[本年收入合计,预算数] = Σ B01[@B01收入项,预算数]   `@name` is a named set of keys
    B01[@收入总计行,*] = B01[@支出总计行,*]      …without Σ, the one of its names printed
    B12[@单位,*] = Σ B12[其余,*]                 `其余`: the table's other rows
    B04[上年财政拨款结转,金额] = Σ B04[上年财政拨款结转/*,金额]   `prefix/*`: keys under a parent

Operators: `+ - ( )` and `* /` by a constant; `Σ` (or `∑`) sums a reference whose
selectors name several keys (a range `1..26`, a level, a pattern, a set, `其余`). Keys
that contain a comma or a bracket are quoted: `'…'`.

The same notation, without `=`, is the tie of a narrative figure to the tables
(`F02[合计,2] / F01[27,1] * 100`, `20.00 / (F01[31,1] - 20.00) * 100`): `parse_expression`
reads it, and there a cell may be divided by a cell.

Evaluation (one evaluator for both) reads cells through a `Lookup` (see checks/cells.py)
and returns the value, the interval it spans when every printed amount stands for the
interval its last printed digit allows (findings.md: `18.92` is anything in
[18.915, 18.925)), the cells read and whether any of them was printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import product
from typing import Iterable, Iterator, Protocol, Sequence, Union


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated; the message names the formula."""


class Unavailable(Exception):
    """An expression reads a cell whose row or column the document never printed (or a
    table it lacks): unknown, not 0."""


class ZeroDivision(ArithmeticError):
    """An expression divides by a value that is zero."""


def half_unit(number: Decimal, places: int = 0) -> Decimal:
    """Half a unit of the last printed digit, the rounding interval of a printed amount:
    `18.92` → 0.005, `2052` → 0.5; `places` more decimals when the amount was printed with
    fewer than its table prints (`18.9` among `0.15`: 18.90 with the trailing zero left off)."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):
        return Decimal(0)
    return Decimal(5).scaleb(min(exponent, -places) - 1)


# ---------------------------------------------------------------- syntax tree

LEVELS = {"类": 3, "款": 5, "项": 7}
MULTI = {"range", "rest", "pattern", "prefix"}  # a set without Σ: the member the table has


@dataclass(frozen=True, slots=True)
class Sel:
    """One selector inside `T[row,col]`.

    kind: lit (a key), var (`*`), level (类/款/项), bound (`$name`), range (`1..26`),
    pattern (`302xx`), prefix (`parent/*`), set (`@name`), rest (`其余`).
    """

    kind: str
    value: str = ""
    lo: int = 0
    hi: int = 0
    length: int = 0

    def text(self) -> str:
        if self.kind == "lit":
            return _quote(self.value)
        if self.kind == "var":
            return "*"
        if self.kind == "level":
            return {3: "类", 5: "款", 7: "项"}[self.length]
        if self.kind == "bound":
            return "$" + self.value
        if self.kind == "range":
            return f"{self.lo}..{self.hi}"
        if self.kind == "pattern":
            return self.value + "x" * (self.length - len(self.value))
        if self.kind == "prefix":
            return self.value + "/*"
        if self.kind == "set":
            return "@" + self.value
        return "其余"


@dataclass(frozen=True, slots=True)
class Ref:
    table: str
    row: Sel
    col: Sel
    summed: bool = False

    def text(self) -> str:
        return ("Σ " if self.summed else "") + f"{self.table}[{self.row.text()},{self.col.text()}]"


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal

    def text(self) -> str:
        return format(self.value, "f")


@dataclass(frozen=True, slots=True)
class Bin:
    op: str
    left: "Node"
    right: "Node"

    def text(self) -> str:
        right = self.right.text()
        if self.op in "+-" and isinstance(self.right, Bin) and self.right.op in "+-":
            right = f"({right})"
        return f"{self.left.text()} {self.op} {right}"


@dataclass(frozen=True, slots=True)
class Neg:
    operand: "Node"

    def text(self) -> str:
        return f"-{self.operand.text()}"


Node = Union[Ref, Num, Bin, Neg]


@dataclass(frozen=True, slots=True)
class Equation:
    left: Node
    right: Node
    source: str

    def refs(self) -> list[Ref]:
        return list(_refs(self.left)) + list(_refs(self.right))

    def tables(self) -> list[str]:
        seen: list[str] = []
        for ref in self.refs():
            if ref.table not in seen:
                seen.append(ref.table)
        return seen


def _refs(node: Node) -> Iterator[Ref]:
    if isinstance(node, Ref):
        yield node
    elif isinstance(node, Bin):
        yield from _refs(node.left)
        yield from _refs(node.right)
    elif isinstance(node, Neg):
        yield from _refs(node.operand)


def _quote(key: str, strict: bool = False) -> str:
    """A key as the notation prints it: quoted when it holds a comma, a bracket or a quote;
    `strict` (an address to be read back), also when it holds `/` or a space or would read
    as a selector (`类`, `302xx`)."""
    if strict and ("/" in key or re.search(r"[，\"\s]", key) or not _literal(key)) or re.search(r"[,\[\]']", key):
        return f'"{key}"' if "'" in key else f"'{key}'"
    return key


def _literal(key: str) -> bool:
    try:
        return parse_selector(key) == Sel("lit", key)
    except FormulaError:  # an empty key
        return False


def cell_text(table: str, row: str, col: str) -> str:
    """The address of one cell in the notation: `F01[31,1]`,
    `B04['上年财政拨款结转/一般公共预算',金额]`."""
    return f"{table}[{_quote(row, True)},{_quote(col, True)}]"


# ---------------------------------------------------------------- tokenizer

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<sigma>[Σ∑])
      | (?P<ellipsis>…|⋯|\.\.\.)
      | (?P<ref>[A-Z][A-Za-z0-9_]*)\[(?P<inside>(?:'[^']*'|"[^"]*"|[^\]'"])*)\]
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<op>[-+*/()=])
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    pos = 0
    text = text.replace("－", "-").replace("＋", "+").replace("＝", "=")
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise FormulaError(f"cannot read formula at “{text[pos:pos + 12]}”: {text}")
        pos = match.end()
        if match.group("sigma"):
            out.append(("sigma", None))
        elif match.group("ellipsis"):
            out.append(("ellipsis", None))
        elif match.group("ref"):
            out.append(("ref", (match.group("ref"), match.group("inside"))))
        elif match.group("number"):
            out.append(("num", Decimal(match.group("number"))))
        else:
            out.append(("op", match.group("op")))
    return out


def parse_selector(raw: str) -> Sel:
    s = raw.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return Sel("lit", s[1:-1])
    if s == "*":
        return Sel("var")
    if s in LEVELS:
        return Sel("level", length=LEVELS[s])
    if s == "其余":
        return Sel("rest")
    if s.startswith("@") and len(s) > 1:
        return Sel("set", s[1:])
    if s.startswith("$") and len(s) > 1:
        return Sel("bound", s[1:])
    m = re.fullmatch(r"(\d+)\s*\.\.\s*(\d+)", s)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            raise FormulaError(f"empty range {s}")
        return Sel("range", lo=lo, hi=hi)
    m = re.fullmatch(r"(\d+)(x+)", s)
    if m:
        return Sel("pattern", m.group(1), length=len(s))
    if s.endswith("/*") and len(s) > 2:
        return Sel("prefix", s[:-2])
    if not s:
        raise FormulaError("empty selector")
    return Sel("lit", s)


def _split_inside(inside: str) -> tuple[str, str]:
    parts, depth_quote, current = [], None, ""
    for ch in inside:
        if depth_quote:
            current += ch
            if ch == depth_quote:
                depth_quote = None
        elif ch in "'\"":
            depth_quote = ch
            current += ch
        elif ch in ",，":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if len(parts) != 2:
        raise FormulaError(f"a reference needs [row,col]: [{inside}]")
    return parts[0], parts[1]


# ---------------------------------------------------------------- parser

class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, object] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, object]:
        tok = self.peek()
        if tok is None:
            raise FormulaError(f"formula ends too early: {self.text}")
        self.i += 1
        return tok

    def expect_op(self, op: str) -> None:
        kind, value = self.take()
        if kind != "op" or value != op:
            raise FormulaError(f"expected “{op}” in: {self.text}")

    def equation(self) -> Equation:
        left = self.expr()
        self.expect_op("=")
        right = self.expr()
        if self.peek() is not None:
            raise FormulaError(f"unexpected text after the formula: {self.text}")
        eq = Equation(left, right, self.text)
        _validate(eq)
        return eq

    def expr(self) -> Node:
        terms: list[tuple[str, object]] = []  # (sign, node | "…")
        sign = "+"
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in "+-":
            self.take()
            sign = tok[1]  # type: ignore[assignment]
        terms.append((sign, self.additive_term()))
        while True:
            tok = self.peek()
            if not tok or tok[0] != "op" or tok[1] not in "+-":
                break
            self.take()
            terms.append((tok[1], self.additive_term()))  # type: ignore[arg-type]
        terms = _expand_ellipses(terms, self.text)
        node: Node | None = None
        for sign, term in terms:
            assert not isinstance(term, str)
            if node is None:
                node = Neg(term) if sign == "-" else term  # type: ignore[assignment]
            else:
                node = Bin(sign, node, term)  # type: ignore[arg-type]
        assert node is not None
        return node

    def additive_term(self) -> object:
        tok = self.peek()
        if tok and tok[0] == "ellipsis":
            self.take()
            return "…"
        return self.term()

    def term(self) -> Node:
        node = self.unary()
        while True:
            tok = self.peek()
            if not tok or tok[0] != "op" or tok[1] not in "*/":
                return node
            self.take()
            node = Bin(tok[1], node, self.unary())  # type: ignore[arg-type]

    def unary(self) -> Node:
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] == "-":
            self.take()
            return Neg(self.unary())
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return Num(value)  # type: ignore[arg-type]
        if kind == "ref":
            return self.ref(value, summed=False)  # type: ignore[arg-type]
        if kind == "sigma":
            kind2, value2 = self.take()
            if kind2 != "ref":
                raise FormulaError(f"Σ must be followed by a reference: {self.text}")
            return self.ref(value2, summed=True)  # type: ignore[arg-type]
        if kind == "op" and value == "(":
            node = self.expr()
            self.expect_op(")")
            return node
        raise FormulaError(f"unexpected “{value}” in: {self.text}")

    def ref(self, value: tuple[str, str], summed: bool) -> Ref:
        table, inside = value
        row, col = _split_inside(inside)
        return Ref(table, parse_selector(row), parse_selector(col), summed)


def _expand_ellipses(terms: list[tuple[str, object]], text: str) -> list[tuple[str, object]]:
    """`A + … + B` → `Σ` over the range between A and B (same table, one axis differs)."""
    out: list[tuple[str, object]] = []
    i = 0
    while i < len(terms):
        sign, term = terms[i]
        if term == "…":
            if not out or i + 1 >= len(terms):
                raise FormulaError(f"“…” needs a reference on each side: {text}")
            (s0, first), (s1, last) = out.pop(), terms[i + 1]
            if sign != "+" or s1 != "+" or not isinstance(first, Ref) or not isinstance(last, Ref):
                raise FormulaError(f"“…” joins two references by +: {text}")
            out.append((s0, _range_between(first, last, text)))
            i += 2
            continue
        out.append((sign, term))
        i += 1
    return out


def _range_between(first: Ref, last: Ref, text: str) -> Ref:
    if first.table != last.table or first.summed or last.summed:
        raise FormulaError(f"“…” joins two cells of one table: {text}")
    if first.col == last.col and first.row.kind == last.row.kind == "lit":
        lo, hi = _ints(first.row.value, last.row.value, text)
        return Ref(first.table, Sel("range", lo=lo, hi=hi), first.col, True)
    if first.row == last.row and first.col.kind == last.col.kind == "lit":
        lo, hi = _ints(first.col.value, last.col.value, text)
        return Ref(first.table, first.row, Sel("range", lo=lo, hi=hi), True)
    raise FormulaError(f"“…” needs two cells that differ in one numbered key: {text}")


def _ints(a: str, b: str, text: str) -> tuple[int, int]:
    if not (a.isdigit() and b.isdigit()) or int(a) > int(b):
        raise FormulaError(f"“…” needs ascending numbers ({a} … {b}): {text}")
    return int(a), int(b)


def _validate(eq: Equation) -> None:
    _check_refs(eq.refs(), eq.source)
    _check_linear(eq.left, eq.source)
    _check_linear(eq.right, eq.source)


def _check_refs(refs: Iterable[Ref], source: str) -> None:
    for ref in refs:
        for sel in (ref.row, ref.col):
            if sel.kind in MULTI and not ref.summed:
                raise FormulaError(f"{ref.text()} names several cells: write Σ before it ({source})")
        if ref.col.kind == "level":
            raise FormulaError(f"类/款/项 select rows, not columns: {ref.text()} ({source})")


def _check_linear(node: Node, source: str) -> None:
    if isinstance(node, Bin):
        if node.op in "*/" and not isinstance(node.right, Num) and not (node.op == "*" and isinstance(node.left, Num)):
            raise FormulaError(f"only a constant may multiply or divide: {source}")
        if node.op == "/" and isinstance(node.right, Num) and node.right.value == 0:
            raise FormulaError(f"division by zero: {source}")
        _check_linear(node.left, source)
        _check_linear(node.right, source)
    elif isinstance(node, Neg):
        _check_linear(node.operand, source)


def parse(text: str) -> Equation:
    """Parse one formula line; raises FormulaError with the line in its message."""
    return _Parser(text).equation()


@lru_cache(maxsize=4096)
def parse_expression(text: str) -> Node:
    """Parse one side without `=` (a narrative tie); unlike a formula it may divide by a cell."""
    parser = _Parser(text)
    node = parser.expr()
    if parser.peek() is not None:
        raise FormulaError(f"unexpected text after the expression: {text}")
    _check_refs(_refs(node), text)
    return node


_CELL = re.compile(r"[A-Z][A-Za-z0-9_]*\[")


def is_expression(text: str | None) -> bool:
    """The text is an expression that reads at least one cell (not `not in tables`, not a
    computation over stated figures alone)."""
    return bool(text) and bool(_CELL.search(text))


def cells_of(text: str) -> list[tuple[str, str, str]]:
    """(table, row, col) of every single cell an expression names, in order."""
    return [(ref.table, ref.row.value, ref.col.value) for ref in _refs(parse_expression(text))
            if ref.row.kind == ref.col.kind == "lit" and not ref.summed]


def single_cell(text: str | None) -> tuple[str, str, str] | None:
    """(table, row, col) when the expression is exactly one cell, else None."""
    if not is_expression(text):
        return None
    try:
        node = parse_expression(text)
    except FormulaError:
        return None
    if isinstance(node, Ref) and not node.summed and node.row.kind == node.col.kind == "lit":
        return node.table, node.row.value, node.col.value
    return None


# ---------------------------------------------------------------- evaluation

@dataclass(frozen=True, slots=True)
class Read:
    """One cell as a formula read it. `printed` False: a blank (absent) cell, value 0."""

    table: str
    row: str
    col: str
    value: Decimal
    halfwidth: Decimal
    printed: bool
    fixed: bool  # an absent cell here certainly means 0 (fixed layout, code row, empty table)
    cell: object = None
    key: str = ""  # the row key the formula looked up (a code, where `row` is the printed name)
    known: bool = True  # an absent cell whose row and column were printed (or table declared empty)


class Lookup(Protocol):
    def has_table(self, table: str) -> bool: ...
    def rows(self, table: str) -> list[str]: ...
    def cols(self, table: str) -> list[str]: ...
    def read(self, table: str, row: str, col: str) -> Read: ...
    def named(self, name: str) -> list[str] | None: ...
    def totals(self) -> set[str]: ...


@dataclass(slots=True)
class Side:
    """The value of one side of an equation (or of an expression) with what it read, and
    the interval [low, high] it spans when each printed amount is only known to its last
    printed digit."""

    value: Decimal = Decimal(0)
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    reads: list[Read] = field(default_factory=list)
    empty_sum: bool = False

    @property
    def halfwidth(self) -> Decimal:
        return (self.high - self.low) / 2

    @property
    def printed(self) -> bool:
        return any(r.printed for r in self.reads)

    @property
    def fixed(self) -> bool:
        return all(r.fixed for r in self.reads)


Binding = dict[str, str]


def variables(eq: Equation) -> dict[str, list[tuple[str, str]]]:
    """The free variables of a formula: name → [(table, axis)] where it ranges.

    `*` in a row is `row`, in a column `col`; a level outside Σ is `类`/`款`/`项`;
    `$name` is `$name` (its values come from the rule's `for` tuples).
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for ref in eq.refs():
        for axis, sel in (("row", ref.row), ("col", ref.col)):
            if sel.kind == "var":
                out.setdefault(axis, []).append((ref.table, axis))
            elif sel.kind == "level" and not ref.summed:
                out.setdefault(sel.text(), []).append((ref.table, axis))
            elif sel.kind == "bound":
                out.setdefault("$" + sel.value, []).append((ref.table, axis))
    return out


def bindings(eq: Equation, lookup: Lookup, tuples: Sequence[dict[str, str]] | None = None) -> Iterator[Binding]:
    """Every instance of a formula: one binding of its variables per combination."""
    free = variables(eq)
    names, domains = [], []
    for name, places in free.items():
        if name.startswith("$"):
            continue
        keys: list[str] = []
        for table, axis in places:
            pool = lookup.rows(table) if axis == "row" else lookup.cols(table)
            if name in LEVELS:
                pool = [k for k in pool if k.isdigit() and len(k) == LEVELS[name]]
            for key in pool:
                if key not in keys:
                    keys.append(key)
        names.append(name)
        domains.append(keys)
    bound = [n for n in free if n.startswith("$")]
    if bound and not tuples:
        raise FormulaError(f"{', '.join(bound)} need `for` tuples: {eq.source}")
    for extra in (tuples if bound else None) or [{}]:
        base = {"$" + k: str(v) for k, v in extra.items()}
        missing = [n for n in bound if n not in base]
        if missing:
            raise FormulaError(f"`for` tuples lack {', '.join(missing)}: {eq.source}")
        for combo in product(*domains):
            yield {**base, **dict(zip(names, combo))}


def evaluate(eq: Equation, lookup: Lookup, binding: Binding) -> tuple[Side, Side]:
    """Both sides of one instance of a formula (literals exact, absent cells 0)."""
    explicit = _explicit_rows(eq, lookup, binding)
    return _eval(eq.left, _Mode(lookup, binding, explicit)), _eval(eq.right, _Mode(lookup, binding, explicit))


def evaluate_expression(text: str, lookup: Lookup, literals_rounded: bool = True, strict: bool = True) -> Side:
    """An expression's value and interval (a narrative tie). When `strict`, a cell whose row
    or column the document never printed raises Unavailable (else every absent cell is 0); a
    division by zero raises ZeroDivision; literals other than 0 and 100 are printed figures,
    known to their last digit when `literals_rounded`."""
    return _eval(parse_expression(text), _Mode(lookup, {}, {}, strict=strict, literals_rounded=literals_rounded))


def _explicit_rows(eq: Equation, lookup: Lookup, binding: Binding) -> dict[str, set[str]]:
    """Rows a formula names on each table (for `其余`, the table's other rows)."""
    out: dict[str, set[str]] = {}
    for ref in eq.refs():
        if ref.row.kind != "rest":
            out.setdefault(ref.table, set()).update(_keys(ref.row, ref.table, "row", lookup, binding, ref.summed))
    return out


def _keys(sel: Sel, table: str, axis: str, lookup: Lookup, binding: Binding, summed: bool,
          explicit: dict[str, set[str]] | None = None) -> list[str]:
    pool = lambda: lookup.rows(table) if axis == "row" else lookup.cols(table)  # noqa: E731
    if sel.kind == "lit":
        return [sel.value]
    if sel.kind == "var":
        return [binding[axis]] if axis in binding else []
    if sel.kind == "bound":
        return [binding["$" + sel.value]] if "$" + sel.value in binding else []
    if sel.kind == "level":
        name = sel.text()
        if not summed:
            return [binding[name]] if name in binding else []
        parents = [binding[n] for n, length in LEVELS.items() if length < sel.length and n in binding]
        prefix = max(parents, key=len) if parents else ""
        return [k for k in pool() if k.isdigit() and len(k) == sel.length and k.startswith(prefix)]
    if sel.kind == "range":
        return [str(n) for n in range(sel.lo, sel.hi + 1)]
    if sel.kind == "pattern":
        return [k for k in pool() if k.isdigit() and len(k) == sel.length and k.startswith(sel.value)]
    if sel.kind == "prefix":
        return [k for k in pool() if k.startswith(sel.value + "/")]
    if sel.kind == "set":
        members = lookup.named(sel.value)
        if members is None:
            raise FormulaError(f"unknown set @{sel.value}")
        if summed:
            return list(members)
        # without Σ a set names one key under its several printed names: the one printed
        present = [k for k in members if k in pool()]
        return present[:1] or list(members[:1])
    # rest: the table's other rows, never a total row
    named = (explicit or {}).get(table, set())
    return [k for k in pool() if k not in named and k not in lookup.totals()]


@dataclass(slots=True)
class _Mode:
    lookup: Lookup
    binding: Binding
    explicit: dict[str, set[str]]
    strict: bool = False  # an unknown absent cell raises Unavailable (else it reads 0)
    literals_rounded: bool = False  # a literal stands for the interval of its last digit


_HUGE = Decimal("1e18")


def _eval(node: Node, mode: _Mode) -> Side:
    if isinstance(node, Num):
        exact = not mode.literals_rounded or node.value == 0 or node.text() == "100"  # 100: a whole
        half = Decimal(0) if exact else half_unit(node.value)
        return Side(node.value, node.value - half, node.value + half)
    if isinstance(node, Ref):
        lookup, binding = mode.lookup, mode.binding
        rows = _keys(node.row, node.table, "row", lookup, binding, node.summed, mode.explicit)
        cols = _keys(node.col, node.table, "col", lookup, binding, node.summed, mode.explicit)
        side = Side()
        if node.summed and (not rows or not cols):
            side.empty_sum = True
            return side
        if not node.summed and (len(rows) != 1 or len(cols) != 1):
            raise FormulaError(f"{node.text()} is not one cell under {binding}")
        for row in rows:
            for col in cols:
                read = lookup.read(node.table, row, col)
                if mode.strict and not read.printed and not read.known:
                    raise Unavailable(node.table)
                side.reads.append(read)
                side.value += read.value
                side.low += read.value - read.halfwidth
                side.high += read.value + read.halfwidth
        return side
    if isinstance(node, Neg):
        inner = _eval(node.operand, mode)
        return Side(-inner.value, -inner.high, -inner.low, inner.reads, inner.empty_sum)
    left, right = _eval(node.left, mode), _eval(node.right, mode)
    reads, empty = left.reads + right.reads, left.empty_sum or right.empty_sum
    if node.op == "+":
        return Side(left.value + right.value, left.low + right.low, left.high + right.high, reads, empty)
    if node.op == "-":
        return Side(left.value - right.value, left.low - right.high, left.high - right.low, reads, empty)
    corners_left, corners_right = (left.low, left.high), (right.low, right.high)
    if node.op == "*":
        products = [a * b for a in corners_left for b in corners_right]
        return Side(left.value * right.value, min(products), max(products), reads, empty)
    if right.value == 0:
        raise ZeroDivision(node.text())
    if right.low <= 0 <= right.high:
        products = [-_HUGE, _HUGE]  # a divisor that may be 0: no bound
    else:
        products = [a / b for a in corners_left for b in corners_right]
    return Side(left.value / right.value, min(products), max(products), reads, empty)


def render(node: Node, binding: Binding, display=None, lookup: Lookup | None = None) -> str:
    """The formula side with its variables replaced by this instance's keys.

    `display(table, key)` may turn a key into what the table printed (a B06 code → its name);
    with a `lookup`, a set without Σ shows the member the table printed.
    """
    show = display or (lambda table, key: key)
    if isinstance(node, Num):
        return node.text()
    if isinstance(node, Neg):
        return "-" + render(node.operand, binding, display, lookup)
    if isinstance(node, Bin):
        right = render(node.right, binding, display, lookup)
        if node.op in "+-" and isinstance(node.right, Bin) and node.right.op in "+-":
            right = f"({right})"
        return f"{render(node.left, binding, display, lookup)} {node.op} {right}"

    def sel_text(sel: Sel, axis: str) -> str:
        if sel.kind == "set" and not node.summed and lookup is not None:
            keys = _keys(sel, node.table, axis, lookup, binding, False)
            if keys:
                return _quote(show(node.table, keys[0]) if axis == "row" else keys[0])
        if sel.kind == "var" and axis in binding:
            return _quote(show(node.table, binding[axis]) if axis == "row" else binding[axis])
        if sel.kind == "bound" and "$" + sel.value in binding:
            key = binding["$" + sel.value]
            return _quote(show(node.table, key) if axis == "row" else key)
        if sel.kind == "level":
            if not node.summed and sel.text() in binding:
                return _quote(show(node.table, binding[sel.text()]))
            parents = [binding[n] for n, length in LEVELS.items() if length < sel.length and n in binding]
            if parents:
                prefix = max(parents, key=len)
                return prefix + "x" * (sel.length - len(prefix))
        if sel.kind == "lit" and axis == "row":
            return _quote(show(node.table, sel.value))
        return sel.text()

    return ("Σ " if node.summed else "") + f"{node.table}[{sel_text(node.row, 'row')},{sel_text(node.col, 'col')}]"


def parse_cells(text: str) -> Iterable[tuple[str, str, str, str]]:
    """`F01[27,1]=100.00; F01[1,1]=60` → (table, row, col, printed value) — for rule examples."""
    for part in re.split(r"[;；\n]", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"([A-Z][A-Za-z0-9_]*)\[((?:'[^']*'|[^\]'])*)\]\s*=\s*(-?[\d.]+)", part)
        if not m:
            raise FormulaError(f"example cell must read T[row,col]=value: {part}")
        row, col = _split_inside(m.group(2))
        yield m.group(1), _unquote(row.strip()), _unquote(col.strip()), m.group(3)


def _unquote(s: str) -> str:
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"" else s
