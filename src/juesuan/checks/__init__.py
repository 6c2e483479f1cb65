"""checks: Disclosure → Findings, one module per family of rules.

- `formula.py`, `cells.py`, `rules.py`, `engine.py`: the audit formulas of
  catalog/formulas.yaml (表内合计, 科目层级, 栏次关系, 表间关系, 收支平衡) and ROUNDING notes;
- `tables.py`: tables that could not be recognized (TABLE-UNRECOGNIZED);
- `narrative.py` (NARR-…: the 情况说明 against the tables and itself) and `wording.py`
  (TABLE-MISSING, ORDINAL-SEQUENCE, PLACEHOLDER, …): Python checks registered in
  `registry.py`, each with a code, a title and a docstring with why and examples;
- performance checks are a separate module beside these.

`check(disclosure)` is the front door; checks yield findings and never print.
"""
from __future__ import annotations

from ..model import Disclosure, Finding, SEVERITIES
from .engine import run_formulas
from .registry import run_python_checks
from .rules import catalog, profile_for
from .tables import unrecognized_tables


def check(disclosure: Disclosure, profile: str | None = None) -> list[Finding]:
    """Every finding for one Disclosure, errors first. `profile` None: picked from the unit
    name or the layout (catalog/profiles/*.yaml `places`, `layout`), else national."""
    name = profile or profile_for(disclosure)
    findings = list(unrecognized_tables(disclosure))
    findings += run_formulas(disclosure, catalog(name))
    findings += run_python_checks(disclosure)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order.get(f.severity, 9))


__all__ = ["check"]
