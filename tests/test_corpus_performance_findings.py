"""PERF findings on the corpus: every gold performance finding found, no false error.

Matching is the shared scorer's own (`shared/tools/match_findings.py`): a gold finding is
found when a reported finding of sufficient severity mentions one of its `match` items;
a reported error that matches no gold finding is a false error.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import TOOLS, corpus_path
from juesuan.checks.performance import check_performance
from juesuan.pipeline import extract

RANK = {"note": 0, "warning": 1, "error": 2}

# gold findings about performance tables (the rest of each document is other checks' work)
CASES = [
    ("xinzhou-2022-perf.txt", "xinzhou-2022-perf", None),
    ("zengdu-2022.txt", "zengdu-2022", {"ZD01", "ZD08", "ZD09"}),
    ("lishi-ybj-2023-budget.txt", "lishi-ybj-2023-budget", {"LS06", "LS07"}),
    ("lanxian-2024.md", "lanxian-2024", {"LX06", "LX07", "LX08", "LX09", "LX11"}),
]


def scorer():
    path = TOOLS / "match_findings.py"
    if not path.exists():
        corpus_path("..", "tools", "match_findings.py")  # skips (or fails in CI) like the corpus
    spec = importlib.util.spec_from_file_location("match_findings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.corpus
@pytest.mark.parametrize("text,folder,ids", CASES, ids=[c[1] for c in CASES])
def test_gold_performance_findings_found_without_false_errors(text, folder, ids):
    tool = scorer()
    disclosure = extract(corpus_path("text", text))
    reported = [f.to_json() for f in check_performance(disclosure)]
    gold = json.loads(corpus_path("gold", folder, "findings.json").read_text(encoding="utf-8"))
    used: set[int] = set()
    missed = []
    for item in gold:
        need = RANK.get(item.get("severity"), 1)
        hits = [i for i, f in enumerate(reported) if RANK.get(f["severity"], 0) >= need
                and any(tool.mentions(f, m) for m in item.get("match", []))]
        used.update(hits)
        wanted = (item["id"] in ids) if ids is not None else not item.get("optional")
        if wanted and not hits:
            missed.append(item["id"])
    false = [f["message"] for i, f in enumerate(reported) if f["severity"] == "error" and i not in used]
    assert missed == []
    assert false == []
