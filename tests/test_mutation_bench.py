"""bench/mutation.py on the project's own example disclosure (no corpus needed): the
machinery locates amounts in the text, draws value-changing edits, and a typo in a table
amount that an identity reads and one in a tied narrative figure are both caught."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2024.txt"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("mutation_bench", ROOT / "bench" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def prepared(bench):
    from juesuan.pipeline import extract, slug

    text = EXAMPLE.read_text(encoding="utf-8")
    doc = slug(EXAMPLE)
    population = bench.amounts(text, extract(EXAMPLE, doc=doc))
    bench._init(text, EXAMPLE.name, doc, bench.baseline(EXAMPLE, doc), population)
    return bench, text, population


def _typo(bench, text, population, category):
    """Change the first digit of the first non-zero amount of `category`."""
    index = next(i for i, a in enumerate(population) if a.category == category and a.value)
    amount = population[index]
    offset = next(o for o in amount.offsets if text[o].isdigit())
    digit = "7" if text[offset] != "7" else "3"
    printed = bench._edited(amount, text, [(offset, digit)])
    return bench.Edit(index, "change", [(offset, digit)], printed, bench.parse_amount(printed))


def test_amounts_are_located_where_they_are_printed(prepared):
    bench, text, population = prepared
    categories = {a.category for a in population}
    assert {"identity", "narrative"} <= categories
    starts = bench.line_starts(text)
    for amount in population:
        printed = "".join(text[o] for o in amount.offsets)
        assert printed == amount.printed
        assert bench._line_of(starts, amount.offsets[0]) == amount.lines[0]


def test_a_table_typo_and_a_narrative_typo_are_named(prepared):
    bench, text, population = prepared
    for category in ("identity", "narrative"):
        edit = _typo(bench, text, population, category)
        outcome = bench.judge(edit)
        assert outcome.detected, (category, edit, outcome.why)
        assert outcome.codes


def test_drawn_edits_change_the_value_and_each_miss_says_why(prepared):
    bench, text, population = prepared
    edits = bench.draw(text, population, 10, seed=7)
    assert len(edits) == 10
    assert bench.draw(text, population, 10, seed=7) == edits  # a fixed seed draws the same edits
    for edit in edits:
        assert edit.value != population[edit.amount].value
        assert edit.kind in ("change", "swap", "drop")
    outcomes = [bench.judge(edit) for edit in edits]
    assert all(o.detected or o.why for o in outcomes)
    assert any(o.detected for o in outcomes)
