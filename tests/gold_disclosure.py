"""Disclosures for corpus tests of the narrative checks: the real text of a corpus
document recognized as usual (narrative, labels, metadata), its tables replaced by the
hand-verified gold cells — so that narrative and wording checks can be measured while
table recognition is still being written."""
from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from conftest import corpus_path, read_jsonl

from juesuan.ingest import read_document
from juesuan.model import Cell, Disclosure, Table, Where
from juesuan.recognize import region_text
from juesuan.recognize.narrative import read_facts
from juesuan.recognize.segment import segment

TEXTS = {"zengdu-2022": "zengdu-2022.txt", "lanxian-2024": "lanxian-2024.md",
         "lishi-ybj-2023-budget": "lishi-ybj-2023-budget.txt"}


@lru_cache(maxsize=None)
def gold_disclosure(doc: str) -> Disclosure:
    gold = corpus_path("gold", doc)
    source = corpus_path("text", TEXTS[doc])
    meta = json.loads((gold / "meta.json").read_text(encoding="utf-8"))
    document = read_document(source)
    regions, outside = segment(document)
    # recognize()'s own steps for the text; its table mappers are not needed here
    disclosure = Disclosure(doc=doc, source=str(source), kind=meta["kind"], narrative=outside,
                            unit_name=meta.get("unit_name"), amount_unit=meta.get("amount_unit"),
                            pages=document.pages)
    labels: dict[str, str] = {}
    where: dict[str, Where] = {}
    printed: dict[str, list] = {}
    for region in regions:
        printed.setdefault(region.kind, []).extend(region_text(region))
        if region.label and region.kind not in labels:
            labels[region.kind] = region.label
        where.setdefault(region.kind, region.where)
    tables: dict[str, Table] = {}
    for kind in meta["tables_present"]:
        if kind.startswith("P"):
            continue
        tables[kind] = Table(kind=kind, title=kind, where=where.get(kind, Where()), label=labels.get(kind),
                             unit=meta.get("amount_unit"),
                             declared_empty=kind in meta["tables_declared_empty"],
                             lines=printed.get(kind, []))
    for row in read_jsonl(gold / "cells.jsonl"):
        table = tables[row["table"]]
        table.cells.append(Cell(row["table"], row["row"], row["col"], Decimal(row["value"]),
                                row["value"], row["unit"]))
    disclosure.tables = list(tables.values())
    disclosure.unrecognized = []
    disclosure.kind = meta["kind"]
    disclosure.year = meta["year"]
    performance = gold / "performance.jsonl"
    if performance.exists():
        disclosure.performance = read_jsonl(performance)
    disclosure.facts = read_facts(disclosure)
    return disclosure


def gold_path(doc: str, name: str) -> Path:
    return corpus_path("gold", doc, name)
