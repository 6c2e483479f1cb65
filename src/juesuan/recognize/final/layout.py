"""The national final-accounts layout, as the mappers need it (catalog/final_layout.yaml,
catalog/subject_codes.csv, catalog/tables.yaml).

Why a module of its own: every mapper asks the same questions — which 行次 does this
printed item name mean, which column key does this header name mean, is this integer a
subject code — and the answers are data, never code.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...catalog import load, table_kinds
from ..normalize import normalize_name

_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]$")


def name_key(text: str) -> str:
    """The comparable form of a printed row or column name: normalized, ASCII brackets
    made full-width (`维修(护)费` = `维修（护）费`)."""
    return normalize_name(text).replace("(", "（").replace(")", "）").replace('"', "“").replace("”", "“")


@dataclass(frozen=True)
class Side:
    """One side of a table printed as two side by side (收入 | 支出)."""

    first: int
    last: int
    columns: tuple[str, ...]

    def __contains__(self, row: int) -> bool:
        return self.first <= row <= self.last


@lru_cache(maxsize=None)
def layout(kind: str) -> dict:
    return load("final_layout.yaml").get(kind, {})


@lru_cache(maxsize=None)
def sides(kind: str) -> tuple[Side, ...]:
    return tuple(Side(s["rows"][0], s["rows"][1], tuple(s["columns"])) for s in layout(kind).get("sides", []))


@lru_cache(maxsize=None)
def row_names(kind: str) -> dict[str, tuple[int, ...]]:
    """normalized item name → the 行次 that print it, in order (F04 prints 一般公共预算
    财政拨款 twice: 1 and 29)."""
    entry = layout(kind)
    out: dict[str, list[int]] = {}
    names = {int(k): [v] for k, v in entry.get("rows", {}).items() if v}
    for row, aliases in entry.get("aliases", {}).items():
        names.setdefault(int(row), []).extend(aliases)
    for row, texts in sorted(names.items()):
        for text in texts:
            out.setdefault(name_key(text), []).append(row)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}


def rows_for_name(kind: str, text: str) -> tuple[int, ...]:
    """The 行次 a printed item name may stand for ((), when it is no item of the layout)."""
    names = row_names(kind)
    key = name_key(text)
    if key in names:
        return names[key]
    bare = _QUALIFIER.sub("", key)
    if bare != key and bare in names:
        return names[bare]
    return ()


@lru_cache(maxsize=None)
def column_aliases(kind: str) -> dict[str, str]:
    """normalized header name → column key, from tables.yaml and final_layout.yaml."""
    out: dict[str, str] = {}
    for source in (table_kinds().get(kind, {}), layout(kind)):
        for key, names in (source.get("column_names") or {}).items():
            for name in names:
                out.setdefault(name_key(name), str(key))
    return out


def row_unit(kind: str, row: str, amount_unit: str | None) -> str | None:
    """The unit of one row: F10 counts vehicles and equipment, the rest is money."""
    for span, unit in (layout(kind).get("units") or {}).items():
        first, _, last = str(span).partition("-")
        if row.isdigit() and int(first) <= int(row) <= int(last or first):
            return unit
    return amount_unit


@lru_cache(maxsize=None)
def subject_codes() -> dict[str, dict[str, str]]:
    """system (`功能` / `经济`) → code → name, from catalog/subject_codes.csv."""
    text = resources.files("juesuan.catalog").joinpath("subject_codes.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        out.setdefault(row["system"], {})[row["code"]] = row["name"]
    return out


_FUNCTION_CODE = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")
_ECONOMIC_CODE = re.compile(r"^3\d{2}(?:\d{2})?$")


def is_function_code(text: str) -> bool:
    """A 支出功能分类 code (类 3 digits, 款 5, 项 7) whose 类 the catalog knows."""
    return bool(_FUNCTION_CODE.match(text)) and text[:3] in subject_codes().get("功能", {})


def is_economic_code(text: str) -> bool:
    """A 部门预算支出经济分类 code (类 3 digits, 款 5) whose 类 the catalog knows."""
    return bool(_ECONOMIC_CODE.match(text)) and text[:3] in subject_codes().get("经济", {})


@lru_cache(maxsize=None)
def economic_names() -> dict[str, str]:
    """normalized 经济分类 name → code, for layouts that print names without codes."""
    out: dict[str, str] = {}
    for code, name in subject_codes().get("经济", {}).items():
        out.setdefault(name_key(name), code)
    return out
