"""Run the cross-document checks (checks/crossyear.py) over a whole store.

Documents are grouped by unit key and year (a 说明 and its separately published tables
pool into one unit-year); each pair of consecutive years, and each final account with a
budget of the same year, is checked. The previous corpus findings are replaced in one
transaction, so rerunning gives the same rows.
"""
from __future__ import annotations

import json
from decimal import Decimal

import duckdb

from ..checks.crossyear import CellRow, Fact, UnitYear, check_budget, check_pair, check_prior_figures
from .load import insert_columns


def unit_years(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, str], UnitYear]:
    """(unit key, year, family) → pooled facts and cells; family `B` budget, `F` final."""
    docs = con.execute("SELECT id, doc, unit_key, year, kind FROM documents "
                       "WHERE status IN ('loaded', 'narrative-only') AND unit_key IS NOT NULL "
                       "AND year IS NOT NULL").fetchall()
    groups: dict[tuple[str, int, str], UnitYear] = {}
    family_of: dict[str, tuple[str, int, str]] = {}
    for doc_id, doc, unit, year, kind in docs:
        family = {"final_accounts": "F", "budget": "B"}.get(kind, "?")
        key = (unit, int(year), family)
        group = groups.setdefault(key, UnitYear(unit, int(year), kind))
        group.docs[doc_id] = doc
        family_of[doc_id] = key
    # a narrative-only file (kind unknown) joins the tables of its unit and year
    for key in [k for k in groups if k[2] == "?"]:
        group = groups.pop(key)
        target = next((groups[(key[0], key[1], f)] for f in ("B", "F") if (key[0], key[1], f) in groups), None)
        if target is None:
            target = groups.setdefault((key[0], key[1], "B"), UnitYear(key[0], key[1], "budget"))
        target.docs.update(group.docs)
        for doc_id in group.docs:
            family_of[doc_id] = (key[0], key[1], "B" if target.kind == "budget" else "F")
    ids = list(family_of)
    if not ids:
        return groups
    for row in con.execute(
            "SELECT doc_id, seq, kind, CAST(value AS VARCHAR), unit, subject, label, section, direction, "
            "refers_to, sentence, text, page, line, measure, spans FROM facts WHERE list_contains(?, doc_id) "
            "ORDER BY doc_id, seq", [ids]).fetchall():
        value = None if row[3] is None else Decimal(row[3])
        fact = Fact(row[0], row[1], row[2], value, row[4] or "", row[5] or "", row[6] or "", row[7] or "",
                    row[8], row[9], row[10] or "", row[11] or "", row[12], row[13], row[14] or "",
                    json.loads(row[15]) if row[15] else [])
        groups[family_of[row[0]]].facts.append(fact)
    for row in con.execute(
            "SELECT doc_id, tbl, row_key, col_key, CAST(value AS VARCHAR), unit, page, printed FROM cells "
            "WHERE list_contains(?, doc_id)", [ids]).fetchall():
        groups[family_of[row[0]]].cells.append(CellRow(row[0], row[1], row[2], row[3], Decimal(row[4]),
                                                       row[5], row[6], row[7]))
    return groups


def cross_findings(con: duckdb.DuckDBPyConnection):
    """Every cross-document finding as (doc_id, other_doc_id, Finding)."""
    groups = unit_years(con)
    out = []
    for (unit, year, family), group in sorted(groups.items()):
        before = groups.get((unit, year - 1, family))
        if before is not None:
            out.extend(check_pair(group, before))
            out.extend(check_prior_figures(group, before))
        if family == "F" and (unit, year, "B") in groups:
            out.extend(check_budget(group, groups[(unit, year, "B")]))
    return out


def run_cross_checks(con: duckdb.DuckDBPyConnection) -> int:
    """Replace the store's corpus findings with a fresh run; returns how many."""
    found = cross_findings(con)
    columns: dict[str, list] = {name: [] for name in ("doc_id", "seq", "code", "severity", "message", "cells",
                                                      "spans", "expected", "found", "scope", "other_doc_id")}
    start = 100000  # corpus findings follow a document's own (seq is per document)
    for index, (doc_id, other_id, finding) in enumerate(found):
        for name, value in (("doc_id", doc_id), ("seq", start + index), ("code", finding.code),
                            ("severity", finding.severity), ("message", finding.message),
                            ("cells", json.dumps(finding.cells, ensure_ascii=False)),
                            ("spans", json.dumps(finding.spans, ensure_ascii=False)),
                            ("expected", finding.expected), ("found", finding.found),
                            ("scope", "corpus"), ("other_doc_id", other_id)):
            columns[name].append(value)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM findings WHERE scope = 'corpus'")
        insert_columns(con, "findings", columns, {})
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(found)
