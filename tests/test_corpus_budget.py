"""Acceptance on the corpus budgets: lishi-ybj-2023-budget against its gold (every cell,
and the metadata of its B tables), and the Jiangsu budget PDFs (no gold): every
subject-code total balances, the tables of the 12-table layout are found.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from functools import lru_cache

import pytest

from conftest import TOOLS, corpus_path, read_jsonl
from juesuan.model import Disclosure
from juesuan.pipeline import extract

pytestmark = pytest.mark.corpus

DOC = "lishi-ybj-2023-budget"


@lru_cache(maxsize=None)
def _lishi() -> Disclosure:
    return extract(corpus_path("text", f"{DOC}.txt"))


def test_lishi_cells_score_one(tmp_path):
    """The project's own scorer: recall and precision 1.0, exit status 0."""
    disclosure = _lishi()
    extracted = tmp_path / "cells.jsonl"
    extracted.write_text("".join(json.dumps(c.to_json(disclosure.doc), ensure_ascii=False) + "\n"
                                 for c in disclosure.cells()), encoding="utf-8")
    gold = corpus_path("gold", DOC, "cells.jsonl")
    result = subprocess.run([sys.executable, str(TOOLS / "score_cells.py"), str(gold), str(extracted)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout
    assert "recall=1.0000 precision=1.0000" in result.stdout


def test_lishi_cells_equal_gold_per_table():
    got = {(c.table, c.row, c.col): c.value for c in _lishi().cells()}
    gold = {(g["table"], g["row"], g["col"]): Decimal(g["value"])
            for g in read_jsonl(corpus_path("gold", DOC, "cells.jsonl"))}
    for table in sorted({key[0] for key in gold}):
        mine = {k: v for k, v in got.items() if k[0] == table and v != 0}
        theirs = {k: v for k, v in gold.items() if k[0] == table and v != 0}
        assert mine == theirs, table
    assert all(cell.unit == "万元" for cell in _lishi().cells())


def test_lishi_meta_matches_gold_on_the_budget_tables():
    meta = _lishi().meta()
    gold = json.loads(corpus_path("gold", DOC, "meta.json").read_text(encoding="utf-8"))
    for field in ("kind", "unit_name", "year", "amount_unit"):
        assert meta[field] == gold[field], field
    for field in ("tables_present", "tables_declared_empty"):
        assert [k for k in meta[field] if k.startswith("B")] == \
            [k for k in gold[field] if k.startswith("B")], field
    budget_labels = {label: kind for label, kind in gold["printed_table_numbers"].items()}
    assert {k: v for k, v in meta["printed_table_numbers"].items() if v.startswith("B")} == budget_labels
    assert not _lishi().unrecognized


def test_lishi_read_by_its_sums_when_the_spacing_is_lost(tmp_path):
    """Blank cells that no longer show as spaces (runs of spaces collapsed, line ends
    stripped): the tables' own totals still put every number in its column."""
    text = corpus_path("text", f"{DOC}.txt").read_text(encoding="utf-8")
    collapsed = "\n".join(re.sub(r"(?<=\S) {2,}(?=\S)", " ", line).rstrip(" ")
                          for line in text.split("\n"))
    path = tmp_path / f"{DOC}.txt"
    path.write_text(collapsed, encoding="utf-8")
    got = {(c.table, c.row, c.col): c.value for c in extract(path, doc=DOC).cells() if c.value}
    gold = {(g["table"], g["row"], g["col"]): Decimal(g["value"])
            for g in read_jsonl(corpus_path("gold", DOC, "cells.jsonl")) if Decimal(g["value"])}
    assert got == gold


# the PDFs that print the tables (the other `-doc` files are the narrative half of a
# disclosure whose tables were published apart, as `-tables`)
JIANGSU_TABLES = ["renda-2019-tables", "shengwei-2017-tables", "shengwei-2018-tables",
                  "shengwei-2019-tables", "zhengxie-2017-tables", "zhengxie-2018-tables",
                  "zhengxie-2019-tables", "fayuan-2017-doc", "fayuan-2018-doc", "fayuan-2019-doc",
                  "renda-2017-doc", "renda-2018-doc"]
# what every one of them prints, whatever the year (B08/B10 are printed empty in some)
JIANGSU_KINDS = {"B01", "B03", "B04", "B05", "B06", "B11", "X-income-sources",
                 "X-fiscal-spending", "X-fiscal-basic"}


def _balance_failures(disclosure: Disclosure) -> list[str]:
    """Parent code = Σ child codes, 合计 = Σ top-level codes, in every column."""
    failures = []
    for table in disclosure.tables:
        columns: dict[str, dict[str, Decimal]] = {}
        for cell in table.cells:
            columns.setdefault(cell.col, {})[cell.row] = cell.value
        for col, rows in columns.items():
            codes = [r for r in rows if r.isdigit()]
            parent_of = {c: max((p for p in codes if p != c and c.startswith(p)), key=len, default=None)
                         for c in codes}
            groups: dict[str | None, list[str]] = {}
            for code, parent in parent_of.items():
                groups.setdefault(parent, []).append(code)
            for parent, children in groups.items():
                total = rows.get(parent) if parent else rows.get("合计")
                if total is None:
                    continue
                step = Decimal("0.01") * max(1, len(children) - 1)
                if abs(total - sum(rows[c] for c in children)) > step:
                    failures.append(f"{table.kind}[{parent or '合计'},{col}]")
    return failures


@pytest.mark.parametrize("name", JIANGSU_TABLES)
def test_jiangsu_budget_tables_found_and_balanced(name):
    disclosure = extract(corpus_path("pdf", "jiangsu", f"{name}.pdf"))
    kinds = {t.kind for t in disclosure.tables}
    assert JIANGSU_KINDS <= kinds, sorted(JIANGSU_KINDS - kinds)
    assert not disclosure.unrecognized, disclosure.unrecognized
    assert disclosure.amount_unit == "万元"
    assert sum(1 for _ in disclosure.cells()) > 80
    assert not _balance_failures(disclosure)
    b01 = {(c.row, c.col): c.value for c in disclosure.table("B01").cells}
    incomes = [v for (row, _), v in b01.items() if row == "收入合计"]
    spending = [v for (row, _), v in b01.items() if row == "支出合计"]
    assert incomes and incomes == spending  # the two sides of 收支预算总表 agree
    b10 = {c.col: c.value for c in disclosure.table("B10").cells} if disclosure.table("B10") else {}
    if b10:  # 三公 with 会议费 and 培训费: one row, nested column headers
        assert b10["合计"] == b10["“三公”经费/小计"] + b10.get("会议费", 0) + b10.get("培训费", 0)
        assert b10["“三公”经费/小计"] == (b10.get("因公出国（境）费", 0) + b10.get("公务接待费", 0)
                                         + b10.get("公务用车购置及运行维护费/小计", 0))
    numbers = disclosure.meta()["printed_table_numbers"]  # 公开表一, 公开01表, or none
    if numbers:
        first = [label for label in ("公开表一", "公开01表", "公开表1", "公开1表") if label in numbers]
        assert first and numbers[first[0]] == "B01"
        assert len(set(numbers.values())) == len(numbers)  # one table per printed number
