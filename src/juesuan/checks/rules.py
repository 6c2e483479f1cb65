"""The audit-formula catalog (catalog/formulas.yaml) and regional profiles
(catalog/profiles/*.yaml), loaded into `Rule`s.

A rule is a stable code with a title, a severity, a Chinese message template, why it
matters, a failing and a passing example, and one or more formula lines. A profile
starts from another (`extends`), drops codes, adds regional rules (by code, or written out
in full like an entry of formulas.yaml) and may change a rule's severity — a region's own
rule is a line of data, not a new function.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .formula import Equation, FormulaError, parse

DEFAULT_PROFILE = "national"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    title: str
    severity: str
    lines: tuple[Equation, ...]
    message: str
    why: str
    fails: str
    passes: str
    family: str = ""
    tuples: tuple[dict, ...] = ()
    when: tuple[Equation, ...] = ()
    regional: bool = False

    @property
    def formulas(self) -> list[str]:
        return [eq.source for eq in self.lines]


@dataclass(frozen=True, slots=True)
class Catalog:
    rules: tuple[Rule, ...]
    sets: dict[str, list[str]] = field(default_factory=dict)
    coded_by_name: dict[str, str] = field(default_factory=dict)
    totals: frozenset[str] = frozenset()


def _text(name: str) -> str:
    return resources.files("juesuan.catalog").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def formulas_yaml() -> dict[str, Any]:
    return yaml.safe_load(_text("formulas.yaml"))


def _sets(data: dict[str, Any]) -> dict[str, list[str]]:
    from .cells import subject_names

    out: dict[str, list[str]] = {}
    for name, spec in (data.get("sets") or {}).items():
        if isinstance(spec, dict) and "subject_codes" in spec:
            classes, _ = subject_names(spec["subject_codes"])
            out[name] = list(classes) + [str(x) for x in spec.get("also", [])]
        else:
            out[name] = [str(x) for x in spec]
    return out


def _tuples(data: dict[str, Any], name: str | None) -> tuple[dict, ...]:
    if not name:
        return ()
    spec = (data.get("tuples") or {}).get(name)
    if spec is None:
        raise FormulaError(f"unknown tuples “{name}”")
    keys = spec["vars"]
    return tuple({k: str(v) for k, v in zip(keys, row)} for row in spec["rows"])


def _rule(entry: dict[str, Any], data: dict[str, Any]) -> Rule:
    lines = entry.get("formula")
    lines = [lines] if isinstance(lines, str) else list(lines or [])
    code = entry["code"]
    try:
        equations = tuple(parse(line) for line in lines)
        when = tuple(parse(line) for line in entry.get("when", []) or [])
    except FormulaError as error:
        raise FormulaError(f"{code}: {error}") from None
    if not equations:
        raise FormulaError(f"{code}: no formula")
    if entry.get("severity", "error") not in ("error", "warning", "note"):
        raise FormulaError(f"{code}: severity must be error, warning or note")
    example = entry.get("example") or {}
    return Rule(
        code=code,
        title=entry["title"],
        severity=entry.get("severity", "error"),
        lines=equations,
        message=entry.get("message") or data.get("default_message", ""),
        why=(entry.get("why") or "").strip(),
        fails=(example.get("fails") or "").strip(),
        passes=(example.get("passes") or "").strip(),
        family=entry.get("family", ""),
        tuples=_tuples(data, entry.get("for")),
        when=when,
        regional=bool(entry.get("regional", False)),
    )


@lru_cache(maxsize=None)
def all_rules() -> tuple[Rule, ...]:
    """Every formula rule: those of formulas.yaml (national and `regional: true`) and
    those a profile writes out in full under `add` (always regional)."""
    data = formulas_yaml()
    rules = [_rule(entry, data) for entry in data["formulas"]]
    for name in profile_names():
        for entry in profile_data(name).get("add", []) or []:
            if isinstance(entry, dict):
                rules.append(replace(_rule(entry, data), regional=True))
    rules = tuple(rules)
    codes = [r.code for r in rules]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:
        raise FormulaError(f"duplicate codes: {sorted(duplicates)}")
    return rules


def profile_names() -> list[str]:
    folder = resources.files("juesuan.catalog").joinpath("profiles")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def profile_data(name: str) -> dict[str, Any]:
    if name not in profile_names():
        raise FormulaError(f"unknown profile “{name}” (known: {', '.join(profile_names())})")
    return yaml.safe_load(_text(f"profiles/{name}.yaml")) or {}


@lru_cache(maxsize=None)
def catalog(profile: str = DEFAULT_PROFILE) -> Catalog:
    """The rules a profile applies: its parent's, minus `drop`, plus `add`."""
    data = formulas_yaml()
    by_code = {r.code: r for r in all_rules()}
    spec = profile_data(profile)
    if spec.get("extends"):
        codes = [r.code for r in catalog(spec["extends"]).rules]
    else:
        codes = [r.code for r in all_rules() if not r.regional]
    for code in spec.get("drop", []) or []:
        if code not in by_code:
            raise FormulaError(f"profile {profile}: drops unknown code {code}")
        if code in codes:
            codes.remove(code)
    for item in spec.get("add", []) or []:
        code = item["code"] if isinstance(item, dict) else item
        if code not in by_code:
            raise FormulaError(f"profile {profile}: adds unknown code {code}")
        if code not in codes:
            codes.append(code)
    severity = {str(k): str(v) for k, v in (spec.get("severity") or {}).items()}
    for code, level in severity.items():
        if code not in by_code or level not in ("error", "warning", "note"):
            raise FormulaError(f"profile {profile}: bad severity override {code}: {level}")
    return Catalog(
        rules=tuple(replace(by_code[c], severity=severity[c]) if c in severity else by_code[c] for c in codes),
        sets=_sets(data),
        coded_by_name={str(k): str(v) for k, v in (data.get("coded_by_name") or {}).items()},
        totals=frozenset(str(x) for x in data.get("total_rows", [])),
    )


def pick_profile(unit_name: str | None, source: str = "") -> str:
    """The regional profile whose places appear in the unit name (or file name); else national."""
    text = f"{unit_name or ''} {source}"
    best, best_len = DEFAULT_PROFILE, 0
    for name in profile_names():
        for place in profile_data(name).get("places", []) or []:
            if place and place in text and len(place) > best_len:
                best, best_len = name, len(place)
    return best


def profile_for(disclosure) -> str:
    """The profile for one Disclosure: by place in its unit name (`places`), else by a
    column or row only that region's layout prints (`layout`), else national."""
    by_place = pick_profile(disclosure.unit_name, disclosure.source)
    if by_place != DEFAULT_PROFILE:
        return by_place
    printed = {(c.table, "col", c.col) for c in disclosure.cells()}
    printed |= {(c.table, "row", c.row) for c in disclosure.cells()}
    for name in profile_names():
        for mark in profile_data(name).get("layout", []) or []:
            axis = "col" if "col" in mark else "row"
            if (mark["table"], axis, str(mark[axis])) in printed:
                return name
    return DEFAULT_PROFILE
