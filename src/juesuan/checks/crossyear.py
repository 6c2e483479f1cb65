"""Cross-document checks: one unit's disclosures of consecutive years, held together.

Input is plain data (what the store keeps), so the checks run over a corpus store
without re-reading any file. For one unit (normalized name) and years Y−1, Y:

- YOY-CHANGE (error): a 情况说明 of year Y says an item is A 万元, 比上年增加/减少 X 万元;
  the prior-year figure it implies, A ∓ X, is not what year Y−1's own disclosure printed
  for that item. Example: 2019 说明 “支出预算总计 37188.34 万元，与上年相比增加 4016.19
  万元” implies 2018 = 33172.15; the 2018 说明 says 33172.15 → passes; had it said
  33200.00 → fails.
- YOY-RATE (error): the stated 增长/下降 Y% is not the change over year Y−1's printed
  figure (truncation to two decimals and rounding of the printed amounts allowed).
- YOY-PRIOR (error): a figure year Y states for the prior year (`上年预算数为 X`) that
  year Y−1 printed otherwise.
- YOY-BUDGET (error): a final account's 年初预算 (F09 预算数 columns; `年初预算为 X` in
  its 说明) against the same year's budget disclosure (B10; the budget's own 说明).

The prior-year figure of an item is found in Y−1 by the item's name in its 情况说明
(unit name, year and 本年 removed, `（类）/（款）/（项）` dropped; same section first), else
by address: the canonical cells of year Y printing A, read at the same address in Y−1
(addresses never carry the year), used only when every such address agrees. An item
with several different candidate figures is not judged — a finding is an error only
when the prior year's figure is unambiguous.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Finding, format_decimal

UNIT_FACTOR = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
CENT = Decimal("0.01")
AMOUNT_TOLERANCE = Decimal("0.015")  # A and X each rounded to 0.005, the prior figure too

_PRIOR_WORDS = ("上年", "去年", "上一年", "上年度")


@dataclass(slots=True)
class Fact:
    doc_id: str
    seq: int
    kind: str
    value: Decimal | None
    unit: str
    subject: str
    label: str
    section: str
    direction: int | None
    refers_to: str | None
    sentence: str
    text: str
    page: int | None
    line: int | None
    measure: str = ""
    spans: list = field(default_factory=list)

    def span(self, doc: str) -> dict:
        out = {"doc": doc, "text": self.text or self.sentence[:80]}
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass(slots=True)
class CellRow:
    doc_id: str
    table: str
    row: str
    col: str
    value: Decimal
    unit: str | None
    page: int | None
    printed: str = ""

    def in_wan(self) -> Decimal:
        return self.value * UNIT_FACTOR.get(self.unit or "万元", Decimal(10000)) / Decimal(10000)

    def evidence(self, doc: str) -> dict:
        out = {"doc": doc, "table": self.table, "row": self.row, "col": self.col,
               "value": format(self.value.normalize(), "f")}
        if self.printed:
            out["printed"] = self.printed
        if self.page is not None:
            out["page"] = self.page
        return out


@dataclass(slots=True)
class UnitYear:
    """Every document of one unit and one year, pooled: a 说明 and its separately
    published tables are two files of one disclosure."""

    unit: str
    year: int
    kind: str
    docs: dict[str, str] = field(default_factory=dict)  # doc_id → doc slug
    facts: list[Fact] = field(default_factory=list)
    cells: list[CellRow] = field(default_factory=list)

    _index: dict | None = field(default=None, init=False, repr=False)

    def _built(self) -> dict:
        """Indexes built once per unit-year (a province has many documents per unit-year
        when files are duplicated; each claim must not rescan them)."""
        if self._index is None:
            names: dict[str, list[Fact]] = {}
            words: dict[str, list[Fact]] = {}
            for fact in self.facts:
                if fact.kind == "amount" and fact.value is not None and fact.unit in UNIT_FACTOR:
                    name = item_name(fact.subject or fact.label)
                    names.setdefault(name, []).append(fact)
                    words.setdefault("".join(sorted(name)), []).append(fact)
            addresses: dict[tuple[str, str, str], list[CellRow]] = {}
            values: dict[Decimal, set] = {}
            for cell in self.cells:
                address = (cell.table, cell.row, cell.col)
                addresses.setdefault(address, []).append(cell)
                values.setdefault(cell.in_wan(), set()).add(address)
            self._index = {"names": names, "words": words, "addresses": addresses, "values": values}
        return self._index

    def by_address(self) -> dict[tuple[str, str, str], list[CellRow]]:
        return self._built()["addresses"]

    def amounts_named(self, name: str) -> list[Fact]:
        """Amount facts of this item name; else those with the same words in another order."""
        index = self._built()
        found = index["names"].get(name, [])
        if not found and len(name) >= 4:
            found = index["words"].get("".join(sorted(name)), [])
        return found

    def addresses_printing(self, amount: Decimal) -> set:
        return self._built()["values"].get(amount, set())


def item_name(text: str) -> str:
    """An item's name, comparable across years: `江苏省委办公厅2018年度收入、支出预算总计`
    → `收入、支出预算总计`; `社会保障和就业（类）支出` → `社会保障和就业支出`."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^.*?(?:(?:19|20)\d{2}年度?|本年度?)", "", text)
    text = re.sub(r"\((类|款|项)\)", "", text)
    text = re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]|[(（][一二三四五六七八九十\d]+[)）])+", "", text)
    text = re.sub(r"^(其中|包括|此外)[:，,]?", "", text)
    return text.rstrip("为是:：，,")


def _section(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).split("|")[0]
    return re.sub(r"^[一二三四五六七八九十]+、", "", text)


def _in_wan(value: Decimal, unit: str) -> Decimal | None:
    factor = UNIT_FACTOR.get(unit)
    return None if factor is None else value * factor / Decimal(10000)


def _is_prior_claim(fact: Fact) -> bool:
    return fact.kind == "change" and any(word in fact.sentence for word in _PRIOR_WORDS)


def _current_amount(facts: list[Fact], index: int) -> Fact | None:
    """The amount a change is a change of: the nearest preceding amount of the same
    sentence or the same subject, within a few facts."""
    change = facts[index]
    for back in range(index - 1, max(-1, index - 7), -1):
        candidate = facts[back]
        if candidate.doc_id != change.doc_id or candidate.section != change.section:
            return None
        if candidate.kind != "amount" or candidate.value is None:
            continue
        if candidate.sentence == change.sentence or (change.subject and candidate.subject == change.subject):
            return candidate
        return None
    return None


@dataclass(slots=True)
class Claim:
    """One `A, 比上年增加 X（增长 R%）` statement of year Y."""

    current: Fact
    change: Fact | None = None  # the amount change (万元)
    rate: Fact | None = None    # the percentage

    @property
    def direction(self) -> int:
        for fact in (self.change, self.rate):
            if fact is not None and fact.direction is not None:
                return fact.direction
        return 0


def claims(unit_year: UnitYear) -> list[Claim]:
    out: dict[tuple[str, int], Claim] = {}
    facts = unit_year.facts
    for index, fact in enumerate(facts):
        if not _is_prior_claim(fact) or fact.value is None:
            continue
        current = _current_amount(facts, index)
        if current is None:
            continue
        claim = out.setdefault((current.doc_id, current.seq), Claim(current))
        if fact.unit == "%":
            claim.rate = claim.rate or fact
        elif fact.unit in UNIT_FACTOR:
            claim.change = claim.change or fact
    return list(out.values())


@dataclass(slots=True)
class Prior:
    """The prior year's figure of an item, and where it was read."""

    value: Decimal
    facts: list[Fact] = field(default_factory=list)
    cells: list[CellRow] = field(default_factory=list)


def prior_figure(current: Fact, now: UnitYear, before: UnitYear) -> list[Prior]:
    """Candidate prior-year figures of the item `current` states: what the prior year's
    说明 says under the item's name (same section first) and what its tables print at the
    addresses that carry this year's figure. Several different candidates mean the prior
    year contradicts itself (its 说明 against its own table): a claim agreeing with any of
    them is not the claim's fault."""
    values: dict[Decimal, Prior] = {}
    name = item_name(current.subject or current.label)
    if name:
        named = before.amounts_named(name)
        same_section = [f for f in named if _section(f.section) == _section(current.section)]
        for fact in same_section or named:
            value = _in_wan(fact.value, fact.unit)
            values.setdefault(value, Prior(value)).facts.append(fact)
    for prior in _prior_by_address(current, now, before):
        values.setdefault(prior.value, Prior(prior.value)).cells.extend(prior.cells)
    return list(values.values())


def _prior_by_address(current: Fact, now: UnitYear, before: UnitYear) -> list[Prior]:
    amount = _in_wan(current.value, current.unit) if current.value is not None else None
    if amount is None or amount == 0:
        return []
    addresses = now.addresses_printing(amount)
    if not addresses:
        return []
    earlier = before.by_address()
    if any(address not in earlier for address in addresses):
        return []  # an address of this year the prior year did not print: not the same item
    values: dict[Decimal, Prior] = {}
    for address in sorted(addresses):
        for cell in earlier.get(address, []):
            values.setdefault(cell.in_wan(), Prior(cell.in_wan())).cells.append(cell)
    return list(values.values())


def _rate_interval(current: Decimal, prior: Decimal) -> tuple[Decimal, Decimal] | None:
    """The percentage change the printed amounts allow (each ± 0.005 万元)."""
    half = Decimal("0.005")
    bounds = []
    for a in (current - half, current + half):
        for p in (prior - half, prior + half):
            if p <= 0:
                return None
            bounds.append(abs(a - p) / p * 100)
    return min(bounds), max(bounds)


def check_pair(now: UnitYear, before: UnitYear) -> list[tuple[str, str, Finding]]:
    """Findings of year `now` against year `before` = now − 1: (doc_id, other_doc_id, finding)."""
    out: list[tuple[str, str, Finding]] = []
    for claim in claims(now):
        current = claim.current
        amount = _in_wan(current.value, current.unit)
        if amount is None:
            continue
        candidates = prior_figure(current, now, before)
        if len(candidates) != 1:
            continue  # no figure, or the prior year gives several: not judged against either
        prior = candidates[0]
        doc = now.docs[current.doc_id]
        other_id = (prior.facts[0].doc_id if prior.facts else prior.cells[0].doc_id)
        evidence_cells = [c.evidence(before.docs[c.doc_id]) for c in prior.cells]
        addresses = sorted({(p.table, p.row, p.col) for p in prior.cells})
        evidence_cells += [c.evidence(now.docs[c.doc_id]) for a in addresses for c in now.by_address().get(a, [])]
        spans = [current.span(doc)] + [f.span(before.docs[f.doc_id]) for f in prior.facts[:2]]
        name = item_name(current.subject or current.label) or current.label
        if claim.change is not None and claim.change.value is not None:
            change = _in_wan(claim.change.value, claim.change.unit)
            implied = amount - claim.direction * change
            if abs(implied - prior.value) > AMOUNT_TOLERANCE:
                actual = amount - prior.value
                word = "增加" if claim.direction > 0 else "减少" if claim.direction < 0 else "持平"
                out.append((current.doc_id, other_id, Finding(
                    doc=doc, code="YOY-CHANGE", severity="error",
                    message=(f"{now.year}年说明称“{name}”{_plain(amount)}万元，比上年{word}"
                             f"{_plain(change)}万元，即上年应为{_plain(implied)}万元；"
                             f"但{before.year}年公开的该数为{_plain(prior.value)}万元"
                             f"（实际变动{_signed(actual)}万元）"),
                    cells=evidence_cells, spans=spans + ([claim.change.span(doc)] if claim.change is not current
                                                         else []),
                    expected=_plain(prior.value), found=_plain(implied))))
                continue
        if claim.rate is not None and claim.rate.value is not None and prior.value > 0:
            interval = _rate_interval(amount, prior.value)
            stated = claim.rate.value
            if interval is not None:
                low, high = interval
                exact = abs(amount - prior.value) / prior.value * 100
                # a printed rate stands for ±0.005; truncation (10.158 → 10.15) is a habit, not an error
                if not (low - Decimal("0.005") - CENT <= stated <= high + Decimal("0.005")):
                    out.append((current.doc_id, other_id, Finding(
                        doc=doc, code="YOY-RATE", severity="error",
                        message=(f"{now.year}年说明称“{name}”比上年变动{_plain(stated)}%；按{before.year}年公开的"
                                 f"{_plain(prior.value)}万元与本年{_plain(amount)}万元计算应为"
                                 f"{exact.quantize(CENT)}%"),
                        cells=evidence_cells, spans=spans + [claim.rate.span(doc)],
                        expected=str(exact.quantize(CENT)), found=_plain(stated))))
    return out


def check_prior_figures(now: UnitYear, before: UnitYear) -> list[tuple[str, str, Finding]]:
    """YOY-PRIOR: a figure year Y states for the prior year (`较上年预算 X 万元`, tied by
    the narrative reader to `prior year`) against what year Y−1 printed for that item."""
    out: list[tuple[str, str, Finding]] = []
    for index, fact in enumerate(now.facts):
        if (fact.kind != "amount" or fact.value is None or fact.unit not in UNIT_FACTOR
                or not (fact.refers_to or "").startswith("prior year")):
            continue
        stated = _in_wan(fact.value, fact.unit)
        name = item_name(fact.subject or fact.label)
        candidates: dict[Decimal, Prior] = {}
        for earlier in before.amounts_named(name) if name else []:
            value = _in_wan(earlier.value, earlier.unit)
            candidates.setdefault(value, Prior(value)).facts.append(earlier)
        if not candidates:
            current = _current_amount(now.facts, index)
            if current is not None:
                candidates = {p.value: p for p in _prior_by_address(current, now, before)}
        if len(candidates) != 1:
            continue
        prior = next(iter(candidates.values()))
        if abs(prior.value - stated) <= CENT / 2:
            continue
        doc = now.docs[fact.doc_id]
        other_id = prior.facts[0].doc_id if prior.facts else prior.cells[0].doc_id
        out.append((fact.doc_id, other_id, Finding(
            doc=doc, code="YOY-PRIOR", severity="error",
            message=(f"{now.year}年说明所列上年数“{name}”{_plain(stated)}万元，"
                     f"与{before.year}年公开的{_plain(prior.value)}万元不一致"),
            cells=[c.evidence(before.docs[c.doc_id]) for c in prior.cells],
            spans=[fact.span(doc)] + [f.span(before.docs[f.doc_id]) for f in prior.facts[:2]],
            expected=_plain(prior.value), found=_plain(stated))))
    return out


def _plain(value: Decimal) -> str:
    text = format_decimal(value.normalize()) if value == value.to_integral() else format_decimal(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".") if len(text.split(".")[1]) > 2 else text
    return text


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _plain(value)


# --- final account 年初预算 against the same year's budget --------------------------------

_SANGONG_BUDGET_COLUMNS = {  # F09 预算数 栏次 → words of the B10 column (or row) it is
    "1": ("合计",),
    "2": ("因公出国",),
    "3": ("公务用车购置及运行费", "小计"),
    "4": ("购置",),
    "5": ("运行",),
    "6": ("公务接待",),
}


def check_budget(final: UnitYear, budget: UnitYear) -> list[tuple[str, str, Finding]]:
    """A final account's 年初预算 figures against the same year's budget disclosure."""
    out: list[tuple[str, str, Finding]] = []
    f09 = {c.col: c for c in final.cells if c.table == "F09" and c.row == "合计"}
    b10 = [c for c in budget.cells if c.table == "B10"]
    for col, words in _SANGONG_BUDGET_COLUMNS.items():
        cell = f09.get(col)
        if cell is None:
            continue
        matches = [c for c in b10 if _b10_matches(c, words, col)]
        values = {c.in_wan() for c in matches}
        if len(values) != 1:
            continue
        budget_value = values.pop()
        if abs(budget_value - cell.in_wan()) > CENT / 2:
            other = matches[0]
            out.append((cell.doc_id, other.doc_id, Finding(
                doc=final.docs[cell.doc_id], code="YOY-BUDGET", severity="error",
                message=(f"{final.year}年决算“三公”经费表年初预算数（栏次{col}）{_plain(cell.in_wan())}万元，"
                         f"与同年预算公开的{_plain(budget_value)}万元不一致"),
                cells=[cell.evidence(final.docs[cell.doc_id])] + [c.evidence(budget.docs[c.doc_id]) for c in matches],
                expected=_plain(budget_value), found=_plain(cell.in_wan()))))
    budget_named: dict[str, set[Decimal]] = {}
    budget_facts: dict[str, list[Fact]] = {}
    for fact in budget.facts:
        if fact.kind == "amount" and fact.value is not None and fact.unit in UNIT_FACTOR:
            name = _budget_item(fact.subject or fact.label)
            budget_named.setdefault(name, set()).add(_in_wan(fact.value, fact.unit))
            budget_facts.setdefault(name, []).append(fact)
    for fact in final.facts:
        if fact.kind != "amount" or fact.value is None or fact.measure != "年初预算" or fact.unit not in UNIT_FACTOR:
            continue
        name = _budget_item(fact.subject or fact.label)
        values = budget_named.get(name, set())
        if len(values) != 1:
            continue
        value = next(iter(values))
        stated = _in_wan(fact.value, fact.unit)
        if abs(value - stated) > CENT / 2:
            other = budget_facts[name][0]
            out.append((fact.doc_id, other.doc_id, Finding(
                doc=final.docs[fact.doc_id], code="YOY-BUDGET", severity="error",
                message=(f"{final.year}年决算说明称“{name}”年初预算{_plain(stated)}万元，"
                         f"与同年预算公开的{_plain(value)}万元不一致"),
                spans=[fact.span(final.docs[fact.doc_id]), other.span(budget.docs[other.doc_id])],
                expected=_plain(value), found=_plain(stated))))
    return out


def _b10_matches(cell: CellRow, words: tuple[str, ...], col: str) -> bool:
    key = f"{cell.row}/{cell.col}"
    if col == "1":
        return cell.col in ("合计", "预算数") and cell.row in ("合计", "预算数") or key in ("合计/合计",)
    return all(word in key for word in words)


def _budget_item(text: str) -> str:
    name = item_name(text)
    return re.sub(r"(年初预算|预算数|预算|决算数|决算)", "", name)
