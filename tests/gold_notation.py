"""The corpus gold writes a narrative tie as `{F01:31:1}` (shared/corpus/gold/README.md);
the package writes it in the formula notation of checks/formula.py (`F01[31,1]`). One
converter for the tests that hold the one against the other."""
from __future__ import annotations

import re

from juesuan.checks.formula import cell_text

_GOLD_CELL = re.compile(r"\{([^{}:]+):([^{}:]+):([^{}:]+)\}")


def to_formula(expression: str | None) -> str | None:
    """`7.08 / ({F01:31:1} + 7.08) * 100` → `7.08 / (F01[31,1] + 7.08) * 100`; words pass."""
    if not expression:
        return expression
    return _GOLD_CELL.sub(lambda m: cell_text(*m.groups()), expression)
