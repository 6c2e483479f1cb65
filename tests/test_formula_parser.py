"""The formula notation: parsing, errors, ellipsis ranges and rendering (no eval)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.checks.formula import FormulaError, Ref, Sel, parse, parse_cells, render


def test_ellipsis_becomes_a_summed_range():
    eq = parse("F01[27,1] = F01[1,1] + … + F01[8,1]")
    assert eq.left == Ref("F01", Sel("lit", "27"), Sel("lit", "1"))
    assert eq.right == Ref("F01", Sel("range", lo=1, hi=8), Sel("lit", "1"), summed=True)
    assert parse("F01[27,1] = F01[1,1] + ... + F01[8,1]").right == eq.right


def test_ellipsis_over_columns_and_mixed_terms():
    eq = parse("F03[*,1] = F03[*,2] + … + F03[*,6]")
    assert eq.right == Ref("F03", Sel("var"), Sel("range", lo=2, hi=6), summed=True)
    eq = parse("F07[*,6] = F07[*,1] + F07[*,2] - F07[*,3]")
    assert "F07[*,1] + F07[*,2] - F07[*,3]" == eq.right.text()


def test_selectors():
    eq = parse("F06[类,*] = Σ F06[款,*] + Σ F06[302xx,1] + Σ B04[上年财政拨款结转/*,金额] + Σ B12[其余,*] "
               "+ Σ B01[@收入,预算数] + F01[$f01,2] + B12['a,b',合计]")
    kinds = [(r.row.kind, r.col.kind) for r in eq.refs()]
    assert kinds == [("level", "var"), ("level", "var"), ("pattern", "lit"), ("prefix", "lit"),
                     ("rest", "var"), ("set", "lit"), ("bound", "lit"), ("lit", "lit")]
    assert eq.refs()[-1].row.value == "a,b"


@pytest.mark.parametrize("text", [
    "F01[27,1] = F01[1..8,1]",            # a range needs Σ
    "F01[27,1] F01[1,1]",                 # no equals sign
    "F01[27] = F01[1,1]",                 # one key only
    "F01[27,1] = F01[1,1] * F01[2,1]",    # only constants multiply
    "F01[27,1] = … + F01[2,1]",           # ellipsis needs both ends
    "F01[27,1] = F01[1,1] + … + F02[8,1]",  # … within one table
    "F01[27,1] = __import__('os')",       # nothing like Python is accepted
    "F03[合计,类] = F03[合计,1]",          # levels select rows only
])
def test_bad_formulas_are_refused(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_constants_and_parentheses():
    eq = parse("B12[x,合计] * 10000 = (P03[a,b] + 2) / 2")
    assert eq.left.text() == "B12[x,合计] * 10000"
    assert eq.right.op == "/"


def test_render_substitutes_the_instance():
    eq = parse("F03[类,*] = Σ F03[款,*]")
    assert render(eq.left, {"类": "210", "col": "2"}) == "F03[210,2]"
    assert render(eq.right, {"类": "210", "col": "2"}) == "Σ F03[210xx,2]"


def test_example_cells():
    got = list(parse_cells("F01[27,1]=100.00; B12['a,b',合计]=-3.5"))
    assert got == [("F01", "27", "1", "100.00"), ("B12", "a,b", "合计", "-3.5")]
    assert Decimal(got[1][3]) == Decimal("-3.5")


def test_any_text_is_parsed_or_refused_cleanly():
    """A catalog or profile line typed by hand must fail with FormulaError, never crash."""
    import random

    alphabet = list("F01B[],=+-*/()…Σ.x*@$其余类款项合计 0123456789'\"")
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        try:
            parse(text)
        except FormulaError:
            pass
