"""F02 收入决算表, F03 支出决算表, F05 一般公共预算财政拨款支出决算表, F07 政府性基金…,
F08 国有资本经营…: rows keyed by 功能分类科目编码 (or 合计), columns by 栏次.

Grid path: the code is the first cell that is a subject code (`208`, `20801`,
`2080109`; a layout printing 类 | 款 | 项 in three cells is joined), the column key comes
from the 栏次 row or the header name. Text path: a code or 合计 opens a row, the amounts
that follow fill its columns in order (extracted text keeps no blank cells, so a row
printing fewer amounts than columns is read left to right).
"""
from __future__ import annotations

import re

from ...model import Table
from ..mappers import Context, Unmappable, mapper
from ..normalize import squeeze
from ..segment import Region
from ...catalog import table_kinds
from .common import TableBuilder, build_table
from .grid import Sheet, sheets
from .layout import column_aliases, is_function_code, name_key
from .tokens import atoms, body_lines, read_amount, starts_amount, table_decimals

_TOTAL = {"合计", "总计"}
# 类 | 款 | 项 printed in the code cells of the 合计 row (Shanghai PDFs draw no line between)
_LEVEL_WORDS = {"类", "款", "项"}
_CODE_IN_TEXT = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)\s*(.*)$")


@mapper("F02", "F03", "F05", "F07", "F08")
def map_coded(region: Region, context: Context) -> Table:
    columns = [str(c) for c in table_kinds()[region.kind].get("columns", [])]
    return build_table(region, context, _from_grids, _from_text, columns)


def row_key(texts: list[str]) -> str | None:
    """The code (or 合计) a data row starts with, looking at its first cells."""
    cells = [squeeze(t) for t in texts[:4]]
    if len(cells) >= 3 and len(cells[0]) == 3 and len(cells[1]) == 2 and cells[1].isdigit():
        joined = cells[0] + cells[1] + (cells[2] if len(cells[2]) == 2 and cells[2].isdigit() else "")
        if is_function_code(joined):
            return joined
    lead = 0
    while lead < len(cells) and cells[lead] in _LEVEL_WORDS:
        lead += 1
    for text in cells[lead:lead + 2]:
        if name_key(text) in _TOTAL:
            return "合计"
        match = _CODE_IN_TEXT.match(text)
        if match and is_function_code(match.group(1)):
            return match.group(1)
    return None


def _is_data(texts: list[str]) -> bool:
    return row_key(texts) is not None


def _code_columns(sheet: Sheet) -> set[int]:
    """Columns that print subject codes (or their 款/项 parts): never amounts, even when a
    header name above them (a 合计 printed as the first row) would say so."""
    out: set[int] = set()
    for row in sheet.rows:
        split = bool(row) and len(squeeze(row[0].text)) == 3 and is_function_code(squeeze(row[0].text))
        for index, cell in enumerate(row[:4]):
            text = squeeze(cell.text)
            if text.isdigit() and (is_function_code(text) or (split and len(text) == 2 and index in (1, 2))):
                out.add(index)
    return out


def _from_grids(region: Region, builder: TableBuilder, columns: list[str]) -> None:
    for sheet in sheets(region.grids(), _is_data):
        keys = column_keys(sheet, region.kind, columns)
        for index in _code_columns(sheet):
            keys.pop(index, None)
        for row in sheet.rows:
            key = row_key([c.text for c in row])
            if key is None:
                continue
            for index, col in keys.items():
                builder.add(key, col, row[index].text, row[index].where)


def column_keys(sheet: Sheet, kind: str, columns: list[str]) -> dict[int, str]:
    """column index → canonical column key, by 栏次 where printed, else by header name."""
    keys: dict[int, str] = {}
    if any(sheet.lanci):
        for index, lanci in enumerate(sheet.lanci):
            if lanci in columns:
                keys[index] = lanci
        return keys
    aliases = column_aliases(kind)
    used: set[str] = set()
    for index in range(sheet.width):
        labels = sheet.labels(index)
        candidates = [name_key(l) for l in reversed(labels)] + [name_key("".join(labels))]
        if len(labels) >= 2:
            candidates.insert(1, name_key(labels[-2] + labels[-1]))
        for candidate in candidates:
            key = aliases.get(candidate)
            if key and key not in used:
                keys[index] = key
                used.add(key)
                break
    return keys


def _from_text(region: Region, builder: TableBuilder, columns: list[str]) -> None:
    stream = atoms(body_lines(region.lines()))
    decimals = table_decimals(stream)
    key: str | None = None
    filled = 0
    index = 0
    while index < len(stream):
        atom = stream[index]
        if starts_amount(stream, index):
            text, index, _complete = read_amount(stream, index, decimals)
            if key is not None and filled < len(columns):
                builder.add(key, columns[filled], text, atom.where)
                filled += 1
            continue
        index += 1
        if atom.kind == "blank" and key is not None:
            filled += 1
        elif atom.kind == "int" and is_function_code(atom.text):
            key, filled = atom.text, 0
        elif atom.kind == "name" and name_key(atom.text) in _TOTAL:
            key, filled = "合计", 0
    if not builder.table.cells and not builder.declared_empty and any(a.kind == "dec" for a in stream):
        raise Unmappable("amounts printed but no subject code or 合计 row found")
