"""F09 财政拨款“三公”经费支出决算表: one data row (`合计`), twelve columns — 预算数
1–6 and 决算数 7–12, each 合计 | 因公出国（境）费 | 公务用车购置及运行维护费 (小计) |
公务用车购置费 | 公务用车运行维护费 | 公务接待费.

Columns come from the 栏次 row (`1 2 … 12`) where printed; otherwise from the header
names, which may nest either way (Shanghai prints 预算数/决算数 under each item): a
column's key is its group (预算数/决算数) and its item, wherever they sit in its labels.
"""
from __future__ import annotations

from ...model import Table
from ..mappers import Context, mapper
from ..normalize import is_amount, squeeze
from ..segment import Region
from .common import TableBuilder, build_table
from .grid import Sheet, is_lanci_row, sheets
from .layout import layout, name_key
from .tokens import atoms, read_amount, starts_amount, table_decimals


@mapper("F09")
def map_sangong(region: Region, context: Context) -> Table:
    return build_table(region, context, _from_grids, _from_text)


def _is_data(row: list[str]) -> bool:
    return any(is_amount(t) for t in row if t)


def _from_grids(region: Region, builder: TableBuilder) -> None:
    for sheet in sheets(region.grids(), _is_data):
        keys = _column_keys(sheet)
        for row in sheet.rows:
            if not any(is_amount(c.text) for c in row):
                continue
            for index, col in keys.items():
                builder.add("合计", col, row[index].text, row[index].where)
            break


def _column_keys(sheet: Sheet) -> dict[int, str]:
    if any(sheet.lanci):
        return {i: l for i, l in enumerate(sheet.lanci) if l and 1 <= int(l) <= 12}
    entry = layout("F09")
    groups = [name_key(g) for g in entry.get("groups", [])]
    items = entry.get("items", [])
    names: dict[str, int] = {}
    for position, item in enumerate(items):
        for alias in [item, *entry.get("item_aliases", {}).get(item, [])]:
            names[name_key(alias)] = position
    keys: dict[int, str] = {}
    for index in range(sheet.width):
        labels = [name_key(l) for l in sheet.labels(index)]
        group = next((groups.index(l) for l in labels if l in groups), None)
        item = next((names[l] for l in reversed(labels) if l in names), None)
        if group is not None and item is not None:
            key = str(group * len(items) + item + 1)
            if key not in keys.values():
                keys[index] = key
    return keys


def _from_text(region: Region, builder: TableBuilder) -> None:
    """After the 栏次 line (`1 2 … 12`), the amounts of the data row in order."""
    lines = region.lines()
    start = next((i + 1 for i, line in enumerate(lines) if is_lanci_row(line.text.split())), None)
    if start is None:
        return
    body = []
    for line in lines[start:]:
        if squeeze(line.text).startswith(("注", "说明")):
            break
        body.append(line)
    stream = atoms(body)
    decimals = table_decimals(stream)
    col = 0
    index = 0
    while index < len(stream) and col < 12:
        atom = stream[index]
        if starts_amount(stream, index):
            text, index, _complete = read_amount(stream, index, decimals)
            col += 1
            builder.add("合计", str(col), text, atom.where)
            continue
        index += 1
        if atom.kind == "blank":
            col += 1
