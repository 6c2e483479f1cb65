"""F10 部门决算公开相关信息统计表 (政府采购, 机关运行经费, 国有资产占用): rows keyed by
行次 1–17, one value column `1`. Rows 7–15 count vehicles (辆) and 17 equipment
(台（套）), so their cells carry that unit instead of the amount unit.

Printed as several small grids (one per section) or as text lines `项目 行次 统计数`;
where no 行次 is printed the item name finds it (catalog/final_layout.yaml).
"""
from __future__ import annotations

from ...model import Table
from ..mappers import Context, mapper
from ..normalize import is_amount, squeeze
from ..segment import Region
from .common import TableBuilder, build_table
from .layout import row_unit, rows_for_name
from .tokens import atoms, body_lines

_ROWS = range(1, 18)


@mapper("F10")
def map_info(region: Region, context: Context) -> Table:
    return build_table(region, context, _from_grids, _from_text)


def _add(builder: TableBuilder, row: int, printed: str, where) -> None:
    builder.add(str(row), "1", printed, where, unit=row_unit("F10", str(row), builder.unit))


def _from_grids(region: Region, builder: TableBuilder) -> None:
    last = 0
    for grid in region.grids():
        for cells in grid.rows:
            texts = [squeeze(c.text) for c in cells]
            names = [i for i, t in enumerate(texts) if t and not t.isdigit() and not is_amount(t)]
            if not names:
                continue
            first = names[0]
            row = None
            rest = list(range(first + 1, len(cells)))
            if rest and texts[rest[0]].isdigit() and int(texts[rest[0]]) in _ROWS:
                row, rest = int(texts[rest[0]]), rest[1:]
            else:
                candidates = [r for r in rows_for_name("F10", cells[first].text) if r > last]
                row = candidates[0] if candidates else None
            if row is None:
                continue
            last = row
            value = next((i for i in rest if is_amount(cells[i].text)), None)
            if value is not None:
                _add(builder, row, cells[value].text, cells[value].where)


def _from_text(region: Region, builder: TableBuilder) -> None:
    """Line by line: a name, its 行次, then its value (counts are integers too)."""
    last = 0
    for line in body_lines(region.lines()):
        stream = atoms([line])
        numbers = [a for a in stream if a.kind in ("int", "dec")]
        name = next((a for a in stream if a.kind == "name"), None)
        row = None
        if numbers and numbers[0].kind == "int" and int(numbers[0].text) in _ROWS and (
                name is None or not rows_for_name("F10", name.text)
                or int(numbers[0].text) in rows_for_name("F10", name.text)):
            row, numbers = int(numbers[0].text), numbers[1:]
        elif name is not None:
            candidates = [r for r in rows_for_name("F10", name.text) if r > last]
            row = candidates[0] if candidates else None
        if row is None or not numbers:
            continue
        last = row
        _add(builder, row, numbers[0].text, numbers[0].where)
