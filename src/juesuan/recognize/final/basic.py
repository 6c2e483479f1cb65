"""F06 一般公共预算财政拨款基本支出决算明细表: rows keyed by 经济分类科目编码 (`301`,
`30101`) or 人员经费合计 / 公用经费合计, column 1 the amount (决算数), 2 其中：基本支出
where a layout prints it.

The table is printed as panels side by side (人员经费 | 公用经费 | 公用经费 …), each
科目代码 | 科目名称 | 决算数, so one printed line carries two to four rows. A grid keeps the
panels apart by column: every column of economic codes starts a panel, the amount
columns up to the next panel are its own. In text, a code's amount is the first amount
after it before the next code — the panels' order within a line does not matter.
The two totals are labels (`人员经费合计`) followed by their amount anywhere to the right.
"""
from __future__ import annotations

from ...model import Table
from ..mappers import Context, Unmappable, mapper
from ..normalize import is_amount, squeeze
from ..segment import Region
from .common import TableBuilder, build_table
from .grid import sheets
from .layout import column_aliases, economic_names, is_economic_code, layout, name_key
from .tokens import atoms, body_lines, read_amount, starts_amount, table_decimals


def _totals() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, names in layout("F06").get("totals", {}).items():
        for name in names:
            out[name_key(name)] = key
    return out


@mapper("F06")
def map_basic(region: Region, context: Context) -> Table:
    table = build_table(region, context, _from_grids, _from_text)
    if not table.cells and not table.declared_empty and any(
            a.kind == "dec" for a in atoms(body_lines(region.lines()))):
        raise Unmappable("amounts printed but no economic code found")
    return table


def _is_data(row: list[str]) -> bool:
    return any(is_economic_code(squeeze(t)) for t in row)


def _from_grids(region: Region, builder: TableBuilder) -> None:
    totals = _totals()
    aliases = column_aliases("F06")
    for sheet in sheets(region.grids(), _is_data):
        code_cols = [i for i in range(sheet.width)
                     if sum(is_economic_code(squeeze(r[i].text)) for r in sheet.rows) >= 2]
        if not code_cols:
            code_cols = [i for i in range(sheet.width)
                         if sum(bool(economic_names().get(name_key(r[i].text))) for r in sheet.rows) >= 2]
            named_only = True
        else:
            named_only = False
        panels: list[tuple[int, int | None, list[tuple[int, str]]]] = []
        for number, start in enumerate(code_cols):
            end = code_cols[number + 1] if number + 1 < len(code_cols) else sheet.width
            kuan = start + 1 if start + 1 < end and _is_kuan_column(sheet, start + 1) else None
            amount_cols = [i for i in range(start + 1, end) if i != kuan and any(
                is_amount(r[i].text) or squeeze(r[i].text) in ("——", "-", "—") for r in sheet.rows)]
            keyed: list[tuple[int, str]] = []
            for position, index in enumerate(amount_cols):
                key = next((aliases[name_key(l)] for l in reversed(sheet.labels(index))
                            if name_key(l) in aliases), None)
                keyed.append((index, key or str(position + 1)))
            panels.append((start, kuan, keyed))
        for row in sheet.rows:
            for start, kuan, keyed in panels:
                text = squeeze(row[start].text)
                if kuan is not None and squeeze(row[kuan].text):
                    text += squeeze(row[kuan].text)
                code = economic_names().get(name_key(text)) if named_only else text
                if code and is_economic_code(code):
                    for index, col in keyed:
                        builder.add(code, col, row[index].text, row[index].where)
            _grid_totals(row, totals, builder)


def _is_kuan_column(sheet, index: int) -> bool:
    """A layout printing the economic code as 类 | 款 (`301` | `01`): the 款 column."""
    values = [squeeze(r[index].text) for r in sheet.rows if squeeze(r[index].text)]
    return bool(values) and all(len(v) == 2 and v.isdigit() for v in values)


def _grid_totals(row, totals: dict[str, str], builder: TableBuilder) -> None:
    for index, cell in enumerate(row):
        key = totals.get(name_key(cell.text)) if cell.text.strip() else None
        if key is None:
            continue
        for after in row[index + 1:]:
            if totals.get(name_key(after.text)):
                break
            if is_amount(after.text):
                builder.add(key, "1", after.text, after.where)
                break


def _total(text: str, totals: dict[str, str]) -> str | None:
    """`人员经费合计`, also when text pieces of a blank cell before it ran into it."""
    key = name_key(text)
    return next((v for k, v in totals.items() if key == k or key.endswith(k)), None)


def _from_text(region: Region, builder: TableBuilder) -> None:
    totals = _totals()
    stream = atoms(body_lines(region.lines()))
    decimals = table_decimals(stream)
    key: str | None = None
    index = 0
    while index < len(stream):
        atom = stream[index]
        if starts_amount(stream, index):
            text, index, _complete = read_amount(stream, index, decimals)
            if key is not None:
                builder.add(key, "1", text, atom.where)
                key = None
            continue
        index += 1
        if atom.kind == "int" and is_economic_code(atom.text):
            key = atom.text
        elif atom.kind == "name" and _total(atom.text, totals):
            key = _total(atom.text, totals)
        elif atom.kind == "blank":
            key = None
