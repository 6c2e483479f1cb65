"""The narrative reader and the narrative/wording checks on the corpus: the real
情况说明 text of each gold document with the gold cells as its tables (gold_disclosure).

Measured: the share of gold narrative facts read with the right value and tie, and
which gold findings of the kinds these checks own (narrative_vs_table, text_internal,
wording outside the performance tables, and the narrative rounding notes) are found,
with shared/tools/match_findings.py's semantics — and that no error is false.
"""
from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import TOOLS, read_jsonl
from gold_disclosure import gold_disclosure, gold_path
from narrative_scoring import score

from juesuan.checks.registry import run_python_checks

pytestmark = pytest.mark.corpus

DOCS = ["zengdu-2022", "lanxian-2024", "lishi-ybj-2023-budget"]

# gold findings these checks must find; the rest belong to the formula and performance
# checks (table sums, cross-table, 自评表 wording and scores)
OWNED = {
    "zengdu-2022": {"ZD02", "ZD04", "ZD05", "ZD06", "ZD07"},
    "lanxian-2024": {"LX01", "LX02", "LX03", "LX04", "LX05"},
    "lishi-ybj-2023-budget": {"LS05"},
}
# (extracted, tied) at least, out of the gold facts
FACTS = {"zengdu-2022": (121, 118), "lanxian-2024": (91, 89), "lishi-ybj-2023-budget": (57, 57)}


def _matcher():
    spec = importlib.util.spec_from_file_location("match_findings", TOOLS / "match_findings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("doc", DOCS)
def test_narrative_facts_against_gold(doc):
    disclosure = gold_disclosure(doc)
    result = score(disclosure, read_jsonl(gold_path(doc, "narrative.jsonl")))
    extracted, tied = FACTS[doc]
    assert result.extracted >= extracted, result.misses
    assert result.tied >= tied, result.wrong_ties
    assert result.extra == 0


@pytest.mark.parametrize("doc", DOCS)
def test_gold_findings_found_without_false_errors(doc):
    match = _matcher()
    gold = json.loads(gold_path(doc, "findings.json").read_text(encoding="utf-8"))
    reported = [f.to_json() for f in run_python_checks(gold_disclosure(doc))]
    rank = match.RANK
    found, used = set(), set()
    for item in gold:
        need = rank.get(item.get("severity"), rank["warning"])
        hits = [i for i, f in enumerate(reported)
                if rank.get(f.get("severity"), 0) >= need and any(match.mentions(f, m) for m in item["match"])]
        if hits:
            found.add(item["id"])
            used.update(hits)
    assert OWNED[doc] <= found, f"missed {sorted(OWNED[doc] - found)}"
    false_errors = [f["message"] for i, f in enumerate(reported) if f["severity"] == "error" and i not in used]
    assert false_errors == []
