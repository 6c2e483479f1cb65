"""The scoring rules of a profile (catalog/scoring/*.yaml) as small pure functions.

Targets are parsed into direction, number and unit; a quantitative indicator scores
weight × B / A (reverse: weight × A / B), never above its weight; a qualitative result
fixes a band of the weight; the total gives the grade; a serious constraint finding
caps the total. Numbers are Decimals; a printed amount stands for the interval its last
digit allows (spec/findings.md), which `half_unit` and `ratio_interval` express.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, ROUND_DOWN, ROUND_HALF_UP
from functools import lru_cache

from ...catalog import load
from .. import formula

ROUNDING = "ROUNDING"
HUNDRED = Decimal(100)
WAN = Decimal(10000)


# --- profiles and target parsing ------------------------------------------------------

@lru_cache(maxsize=None)
def profile(name: str) -> dict:
    """A scoring profile (catalog/scoring/NAME.yaml)."""
    return load(f"scoring/{name}.yaml")


def profile_for(record: dict) -> dict:
    """The profile whose execution weight the record prints; else by its layout."""
    weights = {e.get("weight") for e in record.get("execution", []) if e.get("weight")}
    for name in ("hubei", "shanxi"):
        if str(profile(name)["execution"]["weight"]) in weights:
            return profile(name)
    return profile("hubei" if "table_title" in record else "shanxi")


@dataclass(frozen=True)
class Target:
    """A parsed indicator value: `≥95%` → positive, 95, `%`."""

    direction: str | None  # positive | reverse | exact | None (a bare number)
    number: Decimal | None
    unit: str
    strict: bool = False
    relative: bool = False
    deadline: bool = False


_NUMBER_IN = re.compile(r"[-−]?\d+(?:\.\d+)?")


def parse_target(text: str | None) -> Target | None:
    """Operator, number and unit of a printed value; None when it holds no number."""
    if not text:
        return None
    data = load("scoring/targets.yaml")
    raw = re.sub(r"\s+", "", text).replace(",", "")
    relative = any(word in raw for word in data["relative"])
    direction, strict, rest = None, False, raw
    for op in sorted(data["operators"], key=lambda o: len(o["text"]), reverse=True):
        if raw.startswith(op["text"]):
            direction, strict, rest = op["direction"], bool(op.get("strict")), raw[len(op["text"]):]
            break
    deadline = bool(re.search(r"\d{4}年", rest)) or (rest.endswith("前") and bool(re.search(r"月|日", rest)))
    match = _NUMBER_IN.match(rest)
    if not match or relative or deadline:
        return Target(direction, None, "", strict, relative, deadline)
    number = Decimal(match.group(0).replace("−", "-"))
    unit = rest[match.end():]
    return Target(direction, number, unit, strict, relative, deadline)


def rule_score(weight: Decimal, target: Target, actual: Target) -> Decimal | None:
    """The score the quantitative rule gives, capped at the weight; None when it cannot apply."""
    a, b = target.number, actual.number
    if a is None or b is None or b < 0:
        return None
    if target.direction == "reverse":
        if b <= a:
            return weight
        return min(weight, weight * a / b)
    if a == 0:
        return weight if b >= 0 else None
    if b >= a:
        return weight
    return min(weight, weight * b / a)


def band_of(text: str | None) -> str | None:
    from ...recognize.performance.common import result_band

    return result_band(text or "")


def band_limits(prof: dict, band: str, weight: Decimal) -> tuple[Decimal, Decimal, bool, bool]:
    spec = prof["qualitative"]["bands"][band]
    return (weight * Decimal(str(spec["low"])), weight * Decimal(str(spec["high"])),
            bool(spec.get("low_inclusive", True)), bool(spec.get("high_inclusive", False)))


def in_band(prof: dict, band: str, weight: Decimal, score: Decimal) -> str:
    """inside | edge (on an excluded edge) | outside."""
    low, high, low_in, high_in = band_limits(prof, band, weight)
    if low < score < high or (score == low and low_in) or (score == high and high_in):
        return "inside"
    if score in (low, high):
        return "edge"
    return "outside"


def grade_for(prof: dict, total: Decimal) -> str:
    for step in prof["grades"]:
        if total >= Decimal(str(step["min"])):
            return step["grade"]
    return prof["grades"][-1]["grade"]


def capped_total(prof: dict, total: Decimal, serious_constraint_problem: bool) -> Decimal:
    """A serious finding under a constraint indicator (约束性指标) caps the total."""
    cap = Decimal(str(prof.get("constraint", {}).get("cap_total", 100)))
    return min(total, cap) if serious_constraint_problem else total


# --- numbers ----------------------------------------------------------------------------

def dec(text) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def half_unit(text: str) -> Decimal:
    """Half a unit of the last printed digit: `18.92` → 0.005, `2052` → 0.5."""
    return formula.half_unit(Decimal(str(text).replace(",", "")))


def places(text: str) -> int:
    exponent = Decimal(str(text).replace(",", "")).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounded(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def truncated(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN)


def show(value: Decimal, digits: int = 2) -> str:
    return format(rounded(value, digits), "f")


def ratio_interval(num: str, den: str) -> tuple[Decimal, Decimal] | None:
    n, d = dec(num), dec(den)
    hn, hd = half_unit(num), half_unit(den)
    if d is None or n is None or d - hd <= 0:
        return None
    low = max(n - hn, Decimal(0)) / (d + hd) * HUNDRED
    high = (n + hn) / (d - hd) * HUNDRED
    return low, high
