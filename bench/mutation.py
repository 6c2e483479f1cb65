"""`make bench`, mutation section: does a one-digit typo in a printed amount get caught?

For each visible corpus text document: N random single edits (fixed seed) of one printed
amount of the source text — a table cell or a figure of the 情况说明 — of three kinds
(change a digit, swap two adjacent digits, drop a digit). Each edited text is written to
a temporary file with the same name and suffix and read and checked as a user would
(`extract` + `check`). An edit is *detected* when a new error or warning (one the
unedited document does not give) names it: its cells include the edited cell's address,
its cells or spans sit on a line the edited number is printed on, or its message /
expected / found mention the edited value.

Amounts are sorted into three categories, from the unedited document:

- `identity`: table cells read by at least one applicable audit formula (the formula
  engine's own `outcomes`, status ok / fail / rounding);
- `narrative`: figures of the 情况说明 the narrative reader ties to a cell or a
  computation (`refers_to` an expression);
- `rest`: every other cell or figure (reported, not counted in the targets).

Edits that do not change the value (`5.10` → `5.1`, `0.00` → `0.0`) are redrawn. For
every missed edit the bench says why, from what the edited document reads (the cell gone,
read as another value, no formula applicable, a difference within rounding, the figure's
tie lost, …). Targets: ≥ 95 % for `identity` and for `narrative`.

Usage: `python bench/mutation.py [N] [FILE...]`; `bench/run.py` calls `main()`.
"""
from __future__ import annotations

import multiprocessing
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCUMENTS = ("zengdu-2022.txt", "lanxian-2024.md", "lishi-ybj-2023-budget.txt")
EDITS = 300
SEED = 20240
TARGET = Decimal("95")
CATEGORIES = ("identity", "narrative", "rest")
SHOWN = ("error", "warning")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@dataclass
class Amount:
    """One printed amount of the source: its characters' offsets in the text and what it is."""

    category: str  # identity | narrative | rest
    source: str  # cell | fact
    printed: str
    value: Decimal
    offsets: list[int]  # offset in the text of each character of `printed`
    lines: list[int]  # the source lines it is printed on (a number may be broken across lines)
    address: tuple[str, str, str] | None = None  # (table, row, col) of a cell
    label: str = ""  # what it is, for the report
    refers_to: str | None = None  # a narrative figure's tie


@dataclass
class Edit:
    amount: int  # index into the document's amounts
    kind: str  # change | swap | drop
    changes: list[tuple[int, str]]  # (offset, new character; "" deletes)
    printed: str  # the amount as printed after the edit
    value: Decimal | None


@dataclass
class Outcome:
    edit: Edit
    detected: bool
    codes: list[str] = field(default_factory=list)  # codes of the findings that name it
    why: str = ""  # for a miss: what the edited document reads


# ------------------------------------------------------------------ locate amounts

def line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


def _pattern(printed: str) -> re.Pattern:
    """The printed amount with any whitespace (a line break of a PDF copy) between its characters."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in printed))


def locate(text: str, starts: list[int], printed: str, line: int, after: int = 0,
           taken: set[int] | frozenset = frozenset(), unit: str = "") -> list[int] | None:
    """Offsets of the characters of `printed`, starting on 1-based `line` at or after `after`,
    a whole number (no digit glued to it), not already `taken`; `unit` must follow it."""
    if not printed or line < 1 or line > len(starts):
        return None
    begin = max(starts[line - 1], after)
    end = starts[line] if line < len(starts) else len(text)
    pattern = _pattern(printed)
    unit_re = _pattern(unit) if unit else None
    position = begin
    while position < end:
        match = pattern.search(text, position)
        if not match or match.start() >= end:
            return None
        s, e = match.span()
        position = s + 1
        if s > 0 and (text[s - 1].isdigit() or text[s - 1] in ".," or (printed[0].isdigit() and text[s - 1] == "-")):
            continue
        if e < len(text) and (text[e].isdigit() or (text[e] == "." and e + 1 < len(text) and text[e + 1].isdigit())):
            continue
        if s in taken:
            continue
        if unit_re is not None and not unit_re.match(text, _skip_space(text, e)):
            continue
        offsets = [i for i in range(s, e) if not text[i].isspace()]
        return offsets if len(offsets) == len(printed) else None
    return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _line_of(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def identity_cells(disclosure) -> set[tuple[str, str, str]]:
    """(table, row, col) of every printed cell that an applicable audit formula reads."""
    from juesuan.checks.engine import outcomes
    from juesuan.checks.rules import catalog, profile_for

    read: set[tuple[str, str, str]] = set()
    for outcome in outcomes(disclosure, catalog(profile_for(disclosure))):
        if not outcome.applied:
            continue
        for side in (outcome.left, outcome.right):
            for r in side.reads:
                if r.printed and r.cell is not None:
                    read.add((r.cell.table, r.cell.row, r.cell.col))
    return read


def is_tied(fact) -> bool:
    """The narrative reader tied the figure to a cell or a computation."""
    from juesuan.checks.formula import is_expression

    expressions = [fact.refers_to, *fact.also]
    if any(is_expression(e) for e in expressions):
        return True
    return bool(fact.refers_to and re.fullmatch(r"[\d.\s/*()+-]+", fact.refers_to)
                and re.search(r"[-+*/]", fact.refers_to))


def amounts(text: str, disclosure) -> list[Amount]:
    """Every table cell and every narrative figure of the unedited document, located in its text."""
    starts = line_starts(text)
    in_identity = identity_cells(disclosure)
    out: list[Amount] = []
    taken: set[int] = set()
    for table in disclosure.tables:
        cursor: dict[int, int] = {}
        for cell in table.cells:
            line = cell.where.line
            if line is None or not cell.printed:
                continue
            offsets = locate(text, starts, cell.printed, line, cursor.get(line, 0), taken)
            if offsets is None:  # printed out of the cells' order: the first free one on its line
                offsets = locate(text, starts, cell.printed, line, 0, taken)
            if offsets is None:
                continue
            cursor[line] = offsets[-1] + 1
            taken.add(offsets[0])
            address = (cell.table, cell.row, cell.col)
            out.append(Amount("identity" if address in in_identity else "rest", "cell", cell.printed, cell.value,
                              offsets, sorted({_line_of(starts, o) for o in offsets}), address,
                              f"{cell.table}[{cell.row},{cell.col}]"))
    cursor = {}
    for fact in disclosure.facts:
        if fact.value is None or not fact.printed or fact.where.line is None:
            continue
        line = fact.where.line
        unit = fact.unit if fact.unit in ("万元", "%", "辆", "个") else ""
        offsets = locate(text, starts, fact.printed, line, cursor.get(line, 0), taken, unit)
        if offsets is None and unit == "%":
            offsets = locate(text, starts, fact.printed, line, cursor.get(line, 0), taken, "％")
        if offsets is None:
            continue
        cursor[line] = offsets[-1] + 1
        taken.add(offsets[0])
        out.append(Amount("narrative" if is_tied(fact) else "rest", "fact", fact.printed, fact.value, offsets,
                          sorted({_line_of(starts, o) for o in offsets}), None,
                          f"{fact.kind} “{fact.text[-30:]}”", fact.refers_to))
    return out


# ------------------------------------------------------------------ draw edits

def parse_amount(printed: str) -> Decimal | None:
    raw = printed.replace(",", "")
    if not re.fullmatch(r"-?\d*\.?\d+|-?\d+\.", raw):
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _edited(amount: Amount, text: str, changes: list[tuple[int, str]]) -> str:
    chars = {o: text[o] for o in amount.offsets}
    chars.update(dict(changes))
    return "".join(chars[o] for o in amount.offsets)


def draw(text: str, population: list[Amount], count: int, seed: int = SEED) -> list[Edit]:
    """`count` distinct edits that change a value: an amount at random, then an edit kind and
    a place at random among those the amount allows."""
    rng = random.Random(seed)
    out: list[Edit] = []
    seen: set[tuple] = set()
    attempts = 0
    while len(out) < count and population and attempts < count * 50:
        attempts += 1
        index = rng.randrange(len(population))
        amount = population[index]
        digits = [o for o in amount.offsets if text[o].isdigit()]
        pairs = [(a, b) for a, b in zip(amount.offsets, amount.offsets[1:])
                 if b == a + 1 and text[a].isdigit() and text[b].isdigit() and text[a] != text[b]]
        kinds = ["change", "drop"] + (["swap"] if pairs else [])
        kind = rng.choice(kinds)
        if kind == "change":
            offset = rng.choice(digits)
            digit = rng.choice([d for d in "0123456789" if d != text[offset]])
            changes = [(offset, digit)]
        elif kind == "swap":
            a, b = rng.choice(pairs)
            changes = [(a, text[b]), (b, text[a])]
        else:
            changes = [(rng.choice(digits), "")]
        printed = _edited(amount, text, changes)
        value = parse_amount(printed)
        if value is not None and value == amount.value:
            continue  # 5.10 → 5.1: the same amount
        key = (index, tuple(changes))
        if key in seen:
            continue
        seen.add(key)
        out.append(Edit(index, kind, changes, printed, value))
    return out


def apply(text: str, edit: Edit) -> str:
    chars = list(text)
    for offset, new in edit.changes:
        chars[offset] = new
    return "".join(chars)


# ------------------------------------------------------------------ judge one edit

def finding_key(finding) -> tuple:
    """A finding's identity: the same words about the same cells and lines (two blanks of the
    same wording in one section are two findings)."""
    cells = tuple((c.get("table"), c.get("row"), c.get("col"), c.get("line")) for c in finding.cells)
    spans = tuple((s.get("page"), s.get("line")) for s in finding.spans)
    return (finding.code, finding.severity, finding.message, finding.expected, finding.found, cells, spans)


def _numbers(finding) -> set[Decimal]:
    out: set[Decimal] = set()
    for text in (finding.message, finding.expected or "", finding.found or ""):
        for match in _NUMBER.finditer(text):
            value = parse_amount(match.group())
            if value is not None:
                out.add(value)
    return out


def names(finding, amount: Amount, edit: Edit) -> bool:
    """The finding points at the edited amount: its cell, its line or its new value."""
    lines = set(amount.lines)
    for cell in finding.cells:
        if amount.address and (cell.get("table"), cell.get("row"), cell.get("col")) == amount.address:
            return True
        if cell.get("line") in lines:
            return True
    if any(span.get("line") in lines for span in finding.spans):
        return True
    return edit.value is not None and edit.value != 0 and edit.value in _numbers(finding)


_STATE: dict = {}


def _init(text: str, name: str, doc: str, baseline: set, population: list[Amount]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="juesuan-mutation-"))
    _STATE.update(text=text, path=folder / name, doc=doc, baseline=baseline, population=population)


def judge(edit: Edit) -> Outcome:
    """Read and check the edited text; detected or, when missed, why."""
    from juesuan.checks import check
    from juesuan.pipeline import extract

    state = _STATE
    amount = state["population"][edit.amount]
    state["path"].write_text(apply(state["text"], edit), encoding="utf-8")
    try:
        disclosure = extract(state["path"], doc=state["doc"])
        findings = check(disclosure)
    except Exception as error:  # a crash is a miss, and shown
        return Outcome(edit, False, why=f"extract/check raised {type(error).__name__}: {error}")
    new = [f for f in findings if finding_key(f) not in state["baseline"]]
    naming = [f for f in new if f.severity in SHOWN and names(f, amount, edit)]
    if naming:
        return Outcome(edit, True, sorted({f.code for f in naming}))
    return Outcome(edit, False, why=explain(disclosure, amount, edit, new))


def explain(disclosure, amount: Amount, edit: Edit, new: list) -> str:
    """Why an edit went unnoticed, from what the edited document reads."""
    notes = [f.code for f in new if f.severity == "note" and names(f, amount, edit)]
    other = sorted({f.code for f in new if f.severity in SHOWN})
    tail = (f"; only note(s) {', '.join(sorted(set(notes)))}" if notes else "") + \
           (f"; new {', '.join(other)} not naming it" if other else "")
    if edit.value is None:
        return f"edited text “{edit.printed}” is no number{tail}"
    if amount.source == "cell":
        return _explain_cell(disclosure, amount, edit) + tail
    return _explain_fact(disclosure, amount, edit) + tail


def _explain_cell(disclosure, amount: Amount, edit: Edit) -> str:
    from juesuan.checks.engine import outcomes
    from juesuan.checks.rules import catalog, profile_for

    table, row, col = amount.address
    cells = {(c.table, c.row, c.col): c for c in disclosure.cells()}
    cell = cells.get(amount.address)
    if disclosure.table(table) is None:
        return f"extraction no longer finds table {table}"
    if cell is None:
        moved = [k for k, c in cells.items() if c.where.line in amount.lines and c.value == edit.value]
        return ("extraction no longer finds the cell" +
                (f" (read at {moved[0][0]}[{moved[0][1]},{moved[0][2]}])" if moved else ""))
    if cell.value != edit.value:
        return f"extraction reads {cell.printed}, not the edited {edit.printed}"
    statuses: dict[str, list[str]] = {}
    for outcome in outcomes(disclosure, catalog(profile_for(disclosure))):
        if outcome.left is None:
            continue
        reads = outcome.left.reads + outcome.right.reads
        if any(r.printed and r.cell is not None and (r.cell.table, r.cell.row, r.cell.col) == amount.address
               for r in reads):
            statuses.setdefault(outcome.status, []).append(outcome.rule.code)
    if not statuses:
        return "no applicable formula reads the cell" + (" (zero cell)" if amount.value == 0 else "")
    if "fail" in statuses:
        return f"formula fails ({', '.join(sorted(set(statuses['fail'])))}) but its finding names another cell"
    if "rounding" in statuses:
        return f"difference within rounding ({', '.join(sorted(set(statuses['rounding'])))})"
    shown = "; ".join(f"{s}: {', '.join(sorted(set(c)))}" for s, c in statuses.items())
    return f"formulas reading it hold ({shown})"


def _explain_fact(disclosure, amount: Amount, edit: Edit) -> str:
    facts = [f for f in disclosure.facts if f.where.line in amount.lines and f.value == edit.value]
    if not facts:
        return "narrative reader no longer finds the figure"
    fact = facts[0]
    if fact.refers_to != amount.refers_to:
        return f"tie changed: {amount.refers_to} → {fact.refers_to}"
    return f"tie {fact.refers_to} kept, no check flags it ({fact.kind})"


# ------------------------------------------------------------------ one document

@dataclass
class Report:
    name: str
    amounts: dict[str, int]
    outcomes: list[Outcome]
    population: list[Amount]
    seconds: float

    def rate(self, category: str) -> tuple[int, int]:
        mine = [o for o in self.outcomes if self.population[o.edit.amount].category == category]
        return sum(o.detected for o in mine), len(mine)


def baseline(path: Path, doc: str) -> set:
    from juesuan.checks import check
    from juesuan.pipeline import extract

    return {finding_key(f) for f in check(extract(path, doc=doc))}


def bench_document(path: Path, count: int = EDITS, seed: int = SEED, processes: int = 2) -> Report:
    from juesuan.ingest.sniff import decode_text
    from juesuan.pipeline import extract, slug

    started = time.perf_counter()
    text = decode_text(path.read_bytes(), path)
    doc = slug(path)
    disclosure = extract(path, doc=doc)
    population = amounts(text, disclosure)
    known = baseline(path, doc)
    edits = draw(text, population, count, seed)
    args = (text, path.name, doc, known, population)
    if processes > 1:
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        with context.Pool(processes, initializer=_init, initargs=args) as pool:
            results = pool.map(judge, edits, chunksize=max(1, len(edits) // (processes * 8)))
    else:
        _init(*args)
        results = [judge(edit) for edit in edits]
    counts = {c: sum(1 for a in population if a.category == c) for c in CATEGORIES}
    return Report(path.name, counts, results, population, time.perf_counter() - started)


# ------------------------------------------------------------------ print

def _pct(hit: int, total: int) -> str:
    return f"{hit / total * 100:.1f}%" if total else "-"


def describe_edit(report: Report, outcome: Outcome) -> str:
    amount = report.population[outcome.edit.amount]
    lines = ",".join(str(n) for n in amount.lines)
    return f"L{lines} {amount.label} {amount.printed} → {outcome.edit.printed} ({outcome.edit.kind})"


def print_report(reports: list[Report], console=None) -> bool:
    """Print the table and the misses; True when every counted category meets the target."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=200)
    table = Table(title=f"mutation recall: single edits of one printed amount (seed {SEED})")
    for column in ("document", "amounts id/narr/rest", "edits", "identity", "narrative", "rest", "seconds"):
        table.add_column(column, justify="left" if column == "document" else "right")
    ok = True
    for report in reports:
        cells = []
        for category in CATEGORIES:
            hit, total = report.rate(category)
            cells.append(f"{hit}/{total} {_pct(hit, total)}")
            if category != "rest" and total and Decimal(hit * 100) < TARGET * total:
                ok = False
        table.add_row(report.name, "/".join(str(report.amounts[c]) for c in CATEGORIES),
                      str(len(report.outcomes)), *cells, f"{report.seconds:.1f}")
    console.print(table)
    for report in reports:
        misses = [o for o in report.outcomes if not o.detected]
        for category in CATEGORIES:
            mine = [o for o in misses if report.population[o.edit.amount].category == category]
            if not mine:
                continue
            console.print(f"[bold]{report.name}[/bold] missed {category} edits ({len(mine)}):")
            for outcome in mine:
                console.print(f"  {describe_edit(report, outcome)}: {outcome.why}", markup=False,
                              highlight=False)
    console.print(f"targets (identity, narrative ≥ {TARGET}%): {'met' if ok else 'NOT met'}")
    return ok


def corpus_documents() -> list[Path]:
    return [CORPUS / "text" / name for name in DOCUMENTS if (CORPUS / "text" / name).exists()]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    count = int(argv.pop(0)) if argv and argv[0].isdigit() else EDITS
    paths = [Path(a) for a in argv] or corpus_documents()
    if not paths:
        print(f"mutation bench: no corpus at {CORPUS}")
        return 0
    started = time.perf_counter()
    reports = [bench_document(path, count) for path in paths]
    print_report(reports)
    print(f"mutation bench: {sum(len(r.outcomes) for r in reports)} edits in "
          f"{time.perf_counter() - started:.1f} s (2 processes)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
