"""Excel (.xlsx): each visible sheet as finance software exports a table.

A sheet holds one table (sometimes several, one under another). Rows with at most one
filled cell before a table — its title, `公开01表`, `部门名称：…`, `金额单位：万元` — become
TextLines; the rows from the first to the last with two or more filled cells become a
Grid, trimmed to its filled columns; trailing notes (`注：…`, `说明：本表无数据`) become
TextLines after it. Two or more consecutive one-cell rows between tables start the next
table. Where: `sheet` and the cell's own address (`B7`).

Numbers are printed as the sheet displays them, as Decimal-friendly strings: a float
392.51 with format `#,##0.00` is `"392.51"` (never `392.50999…`), without thousands
separators. A formula without a cached value (a workbook saved by a library, never
recalculated) and a text in a column of numbers do not stop the reading: they become
text and a warning names the cell.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Block, Document, Grid, GridCell, TextLine, Where
from .zipguard import check_zip

_NUMBER_TEXT = re.compile(r"^\s*[-+]?[\d,]*\.?\d+\s*%?\s*$")
_EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
_BLANK_MARKS = {"", "-", "—", "——", "－"}


def read_xlsx(path: Path) -> Document:
    check_zip(path)
    import openpyxl

    # opened from handles: openpyxl refuses a workbook by its file name (`report.txt`)
    handles = [path.open("rb")]
    try:
        book = openpyxl.load_workbook(handles[0], read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises a zoo of errors for a broken package
        handles[0].close()
        raise UnreadableFile(path, f"not a readable Excel workbook ({type(error).__name__}: {error})") from error
    cached = None  # the cached values, loaded only when a formula is met
    blocks: list[Block] = []
    warnings: list[str] = []
    sheets = 0
    try:
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                warnings.append(f"sheet {sheet.title} is hidden: skipped")
                continue
            sheets += 1
            rows, has_formula = _sheet_cells(sheet, warnings)
            if has_formula:
                if cached is None:
                    handles.append(path.open("rb"))
                    cached = openpyxl.load_workbook(handles[-1], read_only=True, data_only=True)
                rows = _resolve_formulas(rows, cached[sheet.title], sheet.title, warnings)
            _warn_text_in_numbers(rows, sheet.title, warnings)
            blocks.extend(sheet_blocks(sheet.title, rows))
    except (UnreadableFile, MemoryError):
        raise
    except _TooLarge as error:
        raise UnreadableFile(path, f"sheet {error} has more than {MAX_ROWS} filled rows: not a disclosure") from error
    except Exception as error:  # sheets are parsed lazily: a broken sheet fails here, not at open
        raise UnreadableFile(path, f"not a readable Excel workbook ({type(error).__name__}: {error})") from error
    finally:
        book.close()
        if cached is not None:
            cached.close()
        for handle in handles:
            handle.close()
    return Document(source=str(path), format="xlsx", pages=max(sheets, 1), blocks=blocks, warnings=warnings)


MAX_ROWS = 100_000  # a disclosure's sheet holds tens of rows; a million is a data dump or an attack


class _TooLarge(Exception):
    """A sheet with more filled rows than any disclosure table (its title is the message)."""


class _Value:
    """One filled cell: its displayed text, whether it is a number, and its formula."""

    __slots__ = ("coordinate", "text", "number", "formula")

    def __init__(self, coordinate: str, text: str, number: bool, formula: str | None = None) -> None:
        self.coordinate = coordinate
        self.text = text
        self.number = number
        self.formula = formula


def _sheet_cells(sheet, warnings: list[str]) -> tuple[list[tuple[int, dict[int, _Value]]], bool]:
    """Filled cells per row: [(row number, {column number: value})], and any formula seen."""
    rows: list[tuple[int, dict[int, _Value]]] = []
    has_formula = False
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a wrong <dimension> in the file must not truncate the sheet
    for row in sheet.iter_rows():
        filled: dict[int, _Value] = {}
        row_number = 0
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None:
                continue
            coordinate = cell.coordinate
            row_number = cell.row
            if isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
                has_formula = True
                filled[cell.column] = _Value(coordinate, value, False, formula=value)
                continue
            text, is_number = display(value, cell.number_format)
            if text.strip():
                filled[cell.column] = _Value(coordinate, text.strip(), is_number)
        if filled:
            rows.append((row_number, filled))
            if len(rows) > MAX_ROWS:
                raise _TooLarge(sheet.title)
    return rows, has_formula


def _resolve_formulas(rows, cached_sheet, title: str, warnings: list[str]):
    """Replace each formula by its cached value; without one it stays text, with a warning."""
    wanted = {v.coordinate for _, cells in rows for v in cells.values() if v.formula}
    values: dict[str, tuple[object, str]] = {}
    if hasattr(cached_sheet, "reset_dimensions"):
        cached_sheet.reset_dimensions()
    for row in cached_sheet.iter_rows():
        for cell in row:
            coordinate = getattr(cell, "coordinate", None)
            if coordinate in wanted:
                values[coordinate] = (cell.value, cell.number_format)
    for _, cells in rows:
        for column, v in list(cells.items()):
            if not v.formula:
                continue
            value, number_format = values.get(v.coordinate, (None, "General"))
            if value is None:
                warnings.append(cell_warning(title, v.coordinate, f"formula {v.formula} has no cached "
                                             "value (the workbook was never recalculated): read as text"))
                continue
            text, is_number = display(value, number_format)
            if isinstance(value, str) and value in _EXCEL_ERRORS:
                warnings.append(cell_warning(title, v.coordinate, f"formula {v.formula} gives the error {value}"))
            cells[column] = _Value(v.coordinate, text.strip(), is_number)
    return rows


def _warn_text_in_numbers(rows, title: str, warnings: list[str]) -> None:
    """A word or a malformed number below a number in the same column (`待定`, `12.50万`,
    `#REF!`): the amount it stands for cannot be read. Names (`人员经费合计` under a column
    of codes) are left alone."""
    seen_number: set[int] = set()
    for _, cells in rows:
        for column, v in cells.items():
            if v.number:
                seen_number.add(column)
                continue
            if column not in seen_number or v.formula is not None or v.text in _BLANK_MARKS:
                continue
            text = v.text
            if _NUMBER_TEXT.match(text):
                continue
            suspicious = (text.startswith("#") or any(ch.isdigit() for ch in text)
                          or (len(text) <= 3 and not any(word in text for word in ("合计", "小计", "总计"))))
            if suspicious:
                warnings.append(cell_warning(title, v.coordinate, f"text {text!r} in a column of numbers: read as text"))


def cell_warning(sheet: str, coordinate: str, message: str) -> str:
    """A warning about one cell, in the form `pipeline.half_read` parses back."""
    return f"sheet {sheet}, cell {coordinate}: {message}"


def display(value: object, number_format: str | None) -> tuple[str, bool]:
    """The text a cell shows and whether it is a number (format decides the decimals)."""
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, number_format or "General"), True
    if isinstance(value, dt.datetime):
        return (value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")), False
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), False
    if isinstance(value, dt.timedelta):
        return str(value), False
    return str(value), False


def format_number(value: int | float | Decimal, number_format: str) -> str:
    """A number as its format prints it (decimals, percent), exactly, without separators."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    section = _positive_section(number_format)
    percent = "%" in section
    if percent:
        number *= 100
    decimals = _decimals(section)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    else:
        number = _general(number)
    if number.is_zero():
        number = abs(number)  # -0.00 prints as 0.00
    text = format(number, "f")
    return text + ("%" if percent else "")


def _general(number: Decimal) -> Decimal:
    """Excel's General format: at most 15 significant digits, no trailing zeros."""
    if number == number.to_integral_value() and abs(number) < Decimal("1e15"):
        return number.quantize(Decimal(1))
    with localcontext() as context:
        context.prec = 15
        number = +number
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def _positive_section(number_format: str) -> str:
    """The part of `#,##0.00;[Red]-#,##0.00` that formats a positive number, quotes removed."""
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", section)
    return section


def _decimals(section: str) -> int | None:
    """Digits after the point in a number format; None for General (print as stored)."""
    if not section or section.lower().startswith("general") or section == "@":
        return None
    if not re.search(r"[0#?]", section):
        return None
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


_TITLE_LIKE = re.compile(r"[：:]|表\s*$|^\s*(?:19|20)\d\d\s*年(?:度)?\s*$|公开\s*\d+\s*表|^续表")
_NOTE_LIKE = re.compile(r"^\s*(?:注|说明|备注|附注|填报说明|单位负责人|制表)")


def _title_row(cells: dict[int, _Value]) -> bool:
    """A row above a table: one cell, or only `名称：…`/`单位：…`/year/table-number cells."""
    texts = [v.text for v in cells.values()]
    return len(texts) <= 1 or (len(texts) <= 3 and all(_TITLE_LIKE.search(t) for t in texts))


def _ends_table(cells: dict[int, _Value]) -> bool:
    """A one-cell row that is a note or the next table's title line ends the table."""
    if len(cells) >= 2:
        return False
    text = next(iter(cells.values())).text
    return bool(_NOTE_LIKE.match(text) or _TITLE_LIKE.search(text) or len(text) > 30)


def sheet_blocks(title: str, rows: list[tuple[int, dict[int, _Value]]]) -> list[Block]:
    """Split a sheet's filled rows into title lines, grids and notes.

    A table starts at the first row that is not a title row and runs until a one-cell
    row that is a note (`注：`, `说明：`) or a title line; a one-cell row inside (`合计`
    with no amounts, a section heading such as `二、机关运行经费`) stays in the grid.
    """
    blocks: list[Block] = []
    index = 0
    while index < len(rows):
        start = index
        while index < len(rows) and _title_row(rows[index][1]):
            index += 1
        lines = _lines(title, rows[start:index])
        blocks.extend(lines)
        if index >= len(rows):
            break
        end = index + 1
        while end < len(rows) and not _ends_table(rows[end][1]):
            end += 1
        caption = _caption([line.text for line in lines]) or title
        blocks.append(_grid(title, rows[index:end], caption))
        index = end
    return blocks


def _lines(title: str, rows) -> list[TextLine]:
    out = []
    for number, cells in rows:
        for column in sorted(cells):
            v = cells[column]
            out.append(TextLine(v.text, Where(sheet=title, cell=v.coordinate)))
    return out


def _caption(texts: list[str]) -> str:
    """The title among the lines above a table: the first with `表` that is no `名称：` line."""
    for text in texts:
        if "表" in text and "：" not in text and ":" not in text and len(text) <= 60:
            return text.strip()
    return ""


def _grid(title: str, rows, caption: str) -> Grid:
    first = min(min(cells) for _, cells in rows)
    last = max(max(cells) for _, cells in rows)
    from openpyxl.utils import get_column_letter

    grid_rows: list[list[GridCell]] = []
    for number, cells in rows:
        row = []
        for column in range(first, last + 1):
            v = cells.get(column)
            coordinate = v.coordinate if v else f"{get_column_letter(column)}{number}"
            row.append(GridCell(v.text if v else "", Where(sheet=title, cell=coordinate)))
        grid_rows.append(row)
    return Grid(rows=grid_rows, where=grid_rows[0][0].where, caption=caption)
