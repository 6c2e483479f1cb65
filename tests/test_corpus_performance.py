"""Performance records read from the corpus equal the hand-verified gold records.

Gold keys that describe the gold itself rather than a printed field (`narrative`, the
report copy kept in its own shape; `side_assignment`, a note on how sides were told
apart) are left out; the reader's own additions (`report`, `problems`) are ignored.
"""
from __future__ import annotations

import pytest

from conftest import corpus_path, read_jsonl
from juesuan.pipeline import extract

GOLD_ONLY = {"narrative", "side_assignment"}
READER_ONLY = {"report", "problems", "where"}

CASES = [
    ("xinzhou-2022-perf.txt", "xinzhou-2022-perf/records.jsonl", None),
    ("zengdu-2022.txt", "zengdu-2022/performance.jsonl", None),
    ("lishi-ybj-2023-budget.txt", "lishi-ybj-2023-budget/performance.jsonl", "P03"),
]


def printed(record: dict, drop: set[str]) -> dict:
    return {k: v for k, v in record.items() if k not in drop}


def flatten(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        out: dict = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix: value}


@pytest.mark.corpus
@pytest.mark.parametrize("text,gold,kind", CASES, ids=[c[0] for c in CASES])
def test_records_equal_gold(text, gold, kind):
    disclosure = extract(corpus_path("text", text))
    expected = [printed(r, GOLD_ONLY) for r in read_jsonl(corpus_path("gold", gold))]
    records = [printed(r, READER_ONLY) for r in disclosure.performance
               if kind is None or r["kind"] == kind]
    assert len(records) == len(expected)
    differences = []
    for index, (got, want) in enumerate(zip(records, expected)):
        flat_got, flat_want = flatten(got), flatten(want)
        for key in sorted(set(flat_got) | set(flat_want)):
            if flat_got.get(key) != flat_want.get(key):
                differences.append((index, key, flat_want.get(key), flat_got.get(key)))
    assert differences == []


@pytest.mark.corpus
def test_xinzhou_report_copy_is_read_beside_the_record():
    """The narrative report's tables and conclusion are kept as a second source."""
    disclosure = extract(corpus_path("text", "xinzhou-2022-perf.txt"))
    gold = read_jsonl(corpus_path("gold", "xinzhou-2022-perf/records.jsonl"))
    for record, want in zip(disclosure.performance, gold):
        report, narrative = record["report"], want["narrative"]
        summary = {k: report["summary"].get(k) for k in ("execution_score", "indicator_score",
                                                          "total_score", "grade")}
        assert summary == {k: narrative["summary"].get(k) for k in summary}
        got_rows = [(e["source"], e.get("executed"), e.get("balance")) for e in report["execution"]]
        want_rows = [(e["source"], e.get("executed"), e.get("balance")) for e in narrative["execution"]]
        assert got_rows == want_rows
        assert len(report["indicators"]) >= len([i for i in narrative["indicators"]
                                                 if i.get("formal_index") is not None])
