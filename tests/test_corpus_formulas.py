"""The formula engine on the GOLD cells of the three corpus documents.

It must report every gold finding that is about table cells (kind table_sum, rounding
or cross_table, all of whose `checks` are identities between F/B tables) under the
match semantics of shared/tools/match_findings.py, and no error that gold does not
list (false errors = 0). Narrative, wording and performance findings are out of scope.
"""
from __future__ import annotations

import importlib.util
import json
import re

import pytest
from conftest import TOOLS, corpus_path

from juesuan.checks.engine import run_formulas
from juesuan.checks.loader import disclosure_from_cells
from juesuan.checks.rules import catalog, pick_profile, profile_for

DOCS = ["zengdu-2022", "lanxian-2024", "lishi-ybj-2023-budget"]
PROFILES = {"zengdu-2022": "hubei", "lanxian-2024": "national", "lishi-ybj-2023-budget": "shanxi"}
RANK = {"note": 0, "warning": 1, "error": 2}


def _matcher():
    path = TOOLS / "match_findings.py"
    if not path.exists():
        pytest.skip("shared/tools/match_findings.py not present")
    spec = importlib.util.spec_from_file_location("match_findings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def in_scope(gold: dict) -> bool:
    """A gold finding about table cells only: every identity it names is between tables."""
    return (gold["kind"] in ("table_sum", "rounding", "cross_table") and gold.get("checks")
            and all(re.match(r"[FB]\d\d ", c) and not re.search(r"\bP0\d", c) for c in gold["checks"]))


def reported(doc: str) -> list[dict]:
    folder = corpus_path("gold", doc)
    disclosure = disclosure_from_cells(folder / "cells.jsonl", folder / "meta.json")
    return [f.to_json() for f in run_formulas(disclosure, catalog(profile_for(disclosure)))]


@pytest.mark.corpus
@pytest.mark.parametrize("doc", DOCS)
def test_gold_table_findings_found_and_no_false_errors(doc):
    match = _matcher()
    gold = json.loads((corpus_path("gold", doc) / "findings.json").read_text(encoding="utf-8"))
    found = reported(doc)
    used: set[int] = set()
    missed = []
    for item in gold:
        hits = [i for i, f in enumerate(found)
                if RANK[f["severity"]] >= RANK[item["severity"]]
                and any(match.mentions(f, m) for m in item["match"])]
        used.update(hits)
        if in_scope(item) and not hits:
            missed.append(item["id"])
    false_errors = [f["message"] for i, f in enumerate(found) if f["severity"] == "error" and i not in used]
    assert missed == []
    assert false_errors == []


@pytest.mark.corpus
def test_scope_covers_the_table_findings():
    """The in-scope gold findings are the six table findings, so the test above means something."""
    ids = []
    for doc in DOCS:
        gold = json.loads((corpus_path("gold", doc) / "findings.json").read_text(encoding="utf-8"))
        ids += [g["id"] for g in gold if in_scope(g)]
    assert sorted(ids) == ["LS01", "LS02", "LS03", "LS04", "LX02", "ZD03"]


@pytest.mark.corpus
@pytest.mark.parametrize("doc", DOCS)
def test_profile_and_every_finding_reads_gold_cells(doc):
    folder = corpus_path("gold", doc)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert pick_profile(meta["unit_name"]) == PROFILES[doc]
    anonymous = disclosure_from_cells(folder / "cells.jsonl", {**meta, "unit_name": None})
    assert profile_for(anonymous) == ("shanxi" if doc.startswith("lishi") else "national")
    gold_cells = {(c["table"], c["row"], c["col"]): c["value"]
                  for c in map(json.loads, (folder / "cells.jsonl").read_text(encoding="utf-8").splitlines())}
    for finding in reported(doc):
        for cell in finding["cells"]:
            assert gold_cells[(cell["table"], cell["row"], cell["col"])] == cell["value"]


@pytest.mark.corpus
@pytest.mark.parametrize("doc", DOCS)
def test_cli_check_on_gold_cells(doc, tmp_path):
    """End to end: `juesuan check --format json cells.jsonl` (meta.json beside it), matched
    by shared/tools/match_findings.py semantics: no false error."""
    from typer.testing import CliRunner

    from juesuan import cli

    result = CliRunner().invoke(cli.app, ["check", "--format", "json", str(corpus_path("gold", doc, "cells.jsonl"))])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data and all(f["doc"] == doc for f in data)
    assert not [f for f in data if f["severity"] == "error"]
