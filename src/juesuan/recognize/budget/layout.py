"""The budget layouts as the mappers need them (catalog/budget_layout.yaml).

Why a module of its own: every budget mapper asks the same questions — which amount
columns can this table print and in which order, which column is the sum of which, on
which side of a 收支总表 does an item stand — and the answers are data, never code.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...catalog import load
from ..normalize import normalize_name


@dataclass(frozen=True)
class Column:
    """One amount column a layout may print: its key and every printed form of its name."""

    key: str
    printed: tuple[str, ...]
    alone: bool = False  # a column only when the header names no other


@dataclass(frozen=True)
class Layout:
    kind: str
    shape: str  # codes | names | two_sided
    label_columns: int
    columns: tuple[Column, ...]
    income_columns: tuple[Column, ...]
    identities: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]
    sums: tuple[tuple[str, tuple[str, ...]], ...]
    groups: frozenset[str]
    row_starts: frozenset[str]
    without_codes: str | None = None
    row_key: str = "name"  # name | path


def _columns(entries: list) -> tuple[Column, ...]:
    out = []
    for entry in entries or []:
        if isinstance(entry, str):
            out.append(Column(entry, (entry,)))
        else:
            out.append(Column(entry["key"], (entry["key"], *entry.get("printed", [])),
                              bool(entry.get("alone", False))))
    return tuple(out)


@lru_cache(maxsize=None)
def layout(kind: str) -> Layout | None:
    """The layout of a budget table kind, or None when the catalog has none."""
    entry = load("budget_layout.yaml").get(kind)
    if not isinstance(entry, dict) or "shape" not in entry:
        return None
    identities = tuple(
        tuple((total, tuple(parts)) for total, parts in alternative.items())
        for alternative in entry.get("identities", [])
    )
    return Layout(
        kind=kind,
        shape=entry["shape"],
        label_columns=int(entry.get("label_columns", 1)),
        columns=_columns(entry.get("columns", [])),
        income_columns=_columns(entry.get("income_columns", [])),
        identities=identities,
        sums=tuple((normalize_name(t), tuple(normalize_name(p) for p in parts))
                   for t, parts in (entry.get("sums") or {}).items()),
        groups=frozenset(normalize_name(g) for g in entry.get("groups", [])),
        row_starts=frozenset(normalize_name(g) for g in entry.get("row_starts", [])),
        without_codes=entry.get("without_codes"),
        row_key=entry.get("row_key", "name"),
    )


@lru_cache(maxsize=None)
def column_groups() -> dict[str, tuple[str, ...]]:
    """A heading printed over several columns → the keys of those columns."""
    data = load("budget_layout.yaml").get("column_groups") or {}
    return {name: tuple(keys) for name, keys in data.items()}


@lru_cache(maxsize=None)
def side_items() -> tuple[frozenset[str], frozenset[str]]:
    """(income item names, expenditure item names) of the two-sided tables, normalized."""
    data = load("budget_layout.yaml")
    income = frozenset(normalize_name(n) for n in data.get("income_items", []))
    spending = frozenset(normalize_name(n) for n in data.get("expenditure_items", []))
    return income, spending
