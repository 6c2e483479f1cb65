"""A small registry of the Python checks (narrative, wording, …): code → title, docstring
and function, so that `check()` runs them and `juesuan rules` lists them (sqlfluff's
habit: a code resolves in one hop to its title, why, a failing and a passing example).

A check is `@register("NARR-AMOUNT", "情况说明金额与表格不一致")` on a function
`(Disclosure) -> Iterator[Finding]` whose docstring says why and gives a failing and a
passing example. Checks yield findings and never print.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..model import Disclosure, Finding

CheckFunction = Callable[[Disclosure], Iterator[Finding]]


@dataclass(frozen=True)
class PythonRule:
    code: str
    title: str
    function: CheckFunction
    family: str
    severity: str

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()

    def parts(self) -> dict[str, str]:
        """The docstring as {what, why, fails, passes} (paragraphs `Why:`, `Fails:`, `Passes:`)."""
        text = " ".join(line.strip() for line in self.doc.splitlines())
        out = {"what": text, "why": "", "fails": "", "passes": ""}
        pieces = re.split(r"\s(Why|Fails|Passes):\s", " " + text)
        out["what"] = pieces[0].strip()
        for key, value in zip(pieces[1::2], pieces[2::2]):
            out[key.lower()] = value.strip()
        return out


RULES: dict[str, PythonRule] = {}


def register(code: str, title: str, family: str = "", severity: str = "error"
             ) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check; `severity` is the one its findings usually carry (for the docs)."""
    def add(function: CheckFunction) -> CheckFunction:
        if code in RULES and RULES[code].function.__qualname__ != function.__qualname__:
            raise ValueError(f"check code registered twice: {code}")
        RULES[code] = PythonRule(code, title, function, family or function.__module__.rsplit(".", 1)[-1],
                                 severity)
        return function

    return add


_FAMILIES = ("narrative", "wording", "performance")


def python_rules() -> dict[str, PythonRule]:
    """Every registered Python check (importing the modules registers them), in a fixed
    order — family, then place in its module — whatever order the modules were imported."""
    from . import narrative, performance, wording  # noqa: F401

    def order(rule: PythonRule) -> tuple:
        family = _FAMILIES.index(rule.family) if rule.family in _FAMILIES else len(_FAMILIES)
        return (family, rule.family, rule.function.__code__.co_firstlineno)

    return {rule.code: rule for rule in sorted(RULES.values(), key=order)}


def run_python_checks(disclosure: Disclosure) -> list[Finding]:
    """Run every registered check in the registry's order. A check that raises is a bug
    and is not hidden: the exception propagates (the CLI reports the file, not a partial
    list of findings that looks complete)."""
    out: list[Finding] = []
    for rule in python_rules().values():
        out.extend(rule.function(disclosure))
    return out
