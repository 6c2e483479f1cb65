"""Acceptance on the corpus PDFs (../shared/corpus/pdf, top level; no gold there): every
table is found with its pages, and every total inside F01, F02, F03 and F05 balances on
the extracted cells within the rounding tolerance of the table's unit. The national
template yields its table kinds, no numbers, and exit code 0.

Expected pages are derived from the Document, independently of recognize/segment.py: a
table starts on the page where its title line is followed by a grid, and runs over the
following pages that carry grids until the next table's title.
"""
from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache

import pytest

from conftest import corpus_path
from juesuan.ingest import read_document
from juesuan.model import Disclosure, Document, Table, TextLine
from juesuan.pipeline import extract, slug
from juesuan.recognize.classify import classify_title

pytestmark = pytest.mark.corpus

FILLED = ["putuo-caizheng-2024.pdf", "putuo-guihua-2024.pdf", "putuo-shegong-2024.pdf"]
TEMPLATE = "national-template-juesuan.pdf"
SHANGHAI_KINDS = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09"]  # the Shanghai set
ZERO = Decimal(0)


@lru_cache(maxsize=None)
def _read(name: str) -> tuple[Document, Disclosure]:
    path = corpus_path("pdf", name)
    return read_document(path), extract(path)


def _title_pages(document: Document) -> dict[str, int]:
    """kind → the page where a title line of that kind is followed by a grid on the same page."""
    out: dict[str, int] = {}
    pending: dict[int, str] = {}
    for block in document.blocks:
        page = block.where.page
        if isinstance(block, TextLine):
            kind = classify_title(block.text)
            if kind:
                pending[page] = kind
        elif page in pending:
            out.setdefault(pending.pop(page), page)
    return out


def _expected_pages(document: Document) -> dict[str, list[int]]:
    starts = sorted((page, kind) for kind, page in _title_pages(document).items())
    grid_pages = sorted({g.where.page for g in document.grids()})
    out: dict[str, list[int]] = {}
    for index, (page, kind) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else document.pages + 1
        out[kind] = [p for p in grid_pages if page <= p < end]
    return out


@pytest.mark.parametrize("name", FILLED + [TEMPLATE])
def test_every_table_is_found_with_its_pages(name):
    document, disclosure = _read(name)
    assert document.pages > 20
    assert not disclosure.unrecognized, [(u.title, u.where.page, u.reason) for u in disclosure.unrecognized]
    expected = _expected_pages(document)
    assert sorted(expected) == SHANGHAI_KINDS
    found = {t.kind: t.pages for t in disclosure.tables}
    for kind in SHANGHAI_KINDS:
        assert kind in found, f"{name}: {kind} not found"
        assert found[kind] == expected[kind], f"{name}: {kind} pages {found[kind]} != {expected[kind]}"


def _values(table: Table) -> dict[tuple[str, str], Decimal]:
    return {(c.row, c.col): c.value for c in table.cells}


def _tolerance(unit: str | None, addends: int) -> Decimal:
    """Each printed amount is rounded to the cent of its unit: a sum of n rounded amounts may
    differ from the rounded total by half a cent per term (尾数误差)."""
    return max(Decimal("0.01"), Decimal("0.005") * (addends + 1))


def _balance(table: Table, total: tuple[str, str], parts: list[tuple[str, str]], problems: list[str]) -> None:
    values = _values(table)
    if total not in values and not any(p in values for p in parts):
        return
    got = sum((values.get(p, ZERO) for p in parts), ZERO)
    want = values.get(total, ZERO)
    if abs(got - want) > _tolerance(table.unit, len(parts)):
        problems.append(f"{table.kind}[{total[0]},{total[1]}] = {want} but Σ{[p for p in parts if p in values]} = {got}")


def _hierarchy(table: Table, columns: list[str], problems: list[str]) -> int:
    """a 类 = Σ its 款, a 款 = Σ its 项, 合计 = Σ 类, in every column; returns the checks made."""
    rows = sorted({c.row for c in table.cells})
    codes = [r for r in rows if r.isdigit()]
    checks = 0
    for code in codes:
        if len(code) not in (3, 5):
            continue
        children = [r for r in codes if len(r) == len(code) + 2 and r.startswith(code)]
        if not children:
            continue
        for col in columns:
            _balance(table, (code, col), [(r, col) for r in children], problems)
            checks += 1
    if "合计" in rows:
        for col in columns:
            _balance(table, ("合计", col), [(r, col) for r in codes if len(r) == 3], problems)
            checks += 1
    return checks


def _row_sums(table: Table, total: str, parts: list[str], problems: list[str]) -> int:
    rows = sorted({c.row for c in table.cells})
    for row in rows:
        _balance(table, (row, total), [(row, p) for p in parts], problems)
    return len(rows)


@pytest.mark.parametrize("name", FILLED)
def test_totals_balance_on_extracted_cells(name):
    _, disclosure = _read(name)
    problems: list[str] = []
    f01 = disclosure.table("F01")
    assert f01 is not None and f01.cells
    _balance(f01, ("27", "1"), [(str(r), "1") for r in range(1, 9)], problems)
    _balance(f01, ("58", "2"), [(str(r), "2") for r in range(32, 58)], problems)
    _balance(f01, ("31", "1"), [(str(r), "1") for r in range(27, 31)], problems)
    _balance(f01, ("62", "2"), [(str(r), "2") for r in range(58, 62)], problems)
    assert _values(f01)[("27", "1")] > 0
    checks = 0
    for kind, total, parts, columns in (
        ("F02", "1", ["2", "3", "4", "5", "6", "7"], [str(c) for c in range(1, 8)]),
        ("F03", "1", ["2", "3", "4", "5", "6"], [str(c) for c in range(1, 7)]),
        ("F05", "1", ["2", "3"], ["1", "2", "3"]),
    ):
        table = disclosure.table(kind)
        assert table is not None and table.cells, f"{name}: {kind} has no cells"
        assert any(c.row == "合计" for c in table.cells), f"{name}: {kind} has no 合计 row"
        assert any(len(c.row) == 7 and c.row.isdigit() for c in table.cells), f"{name}: {kind} has no 项 rows"
        checks += _row_sums(table, total, parts, problems)
        checks += _hierarchy(table, columns, problems)
    assert checks > 30
    assert not problems, "\n".join(problems)


def test_national_template_yields_its_kinds_and_no_numbers():
    from typer.testing import CliRunner

    from juesuan.cli import app

    path = corpus_path("pdf", TEMPLATE)
    runner = CliRunner()
    cells = runner.invoke(app, ["extract", str(path)])
    assert cells.exit_code == 0, cells.output
    assert cells.stdout.strip() == ""
    meta = runner.invoke(app, ["extract", str(path), "--meta"])
    assert meta.exit_code == 0
    data = json.loads(meta.stdout)
    assert data["doc"] == slug(path) and data["kind"] == "final_accounts"
    assert set(SHANGHAI_KINDS) <= set(data["tables_present"])
    assert data["unrecognized"] == []


@pytest.mark.parametrize("name", FILLED)
def test_every_printed_amount_becomes_a_cell(name):
    """Each amount printed in a table's grids is read at some address, once: no amount is
    lost to a misaligned column or a header taken for data."""
    import re

    from juesuan.recognize.segment import segment

    document, disclosure = _read(name)
    amount = re.compile(r"^-?[\d,]+\.\d{2}$")
    printed: dict[str, int] = {}
    for region in segment(document)[0]:
        count = sum(1 for grid in region.grids() for row in grid.rows for cell in row
                    if amount.match(cell.text.replace(" ", "")))
        printed[region.kind] = printed.get(region.kind, 0) + count
    cells = {t.kind: len(t.cells) for t in disclosure.tables}
    assert sum(printed.values()) > 150
    assert {k: v for k, v in printed.items() if v} == {k: v for k, v in cells.items() if v}
