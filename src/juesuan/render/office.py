"""DOCX (python-docx) and XLSX (openpyxl) writers of a `Document`.

DOCX: A4 landscape, 宋体/黑体 as the East Asian font (`w:eastAsia`, which Word uses for
Chinese whatever the Latin font), merged header cells as the templates print them, the
charts as pictures under their sections. XLSX: one sheet per table as finance software
exports them — amounts are number cells (exact Decimals) formatted `#,##0.00`.
Both files are rewritten with fixed member dates: the same input gives the same bytes.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .document import Document
from .layout import TableSpec, head_lines

BODY_FONT, HEADING_FONT = "宋体", "黑体"


def spans(row: list[str | None]) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of each printed cell, merges included."""
    out: list[tuple[int, int, str]] = []
    for col, cell in enumerate(row):
        if cell is None and out:
            first, _, text = out[-1]
            out[-1] = (first, col, text)
        else:
            out.append((col, col, cell or ""))
    return out


def body_spans(table: TableSpec, index: int, row: list[str]) -> list[tuple[int, int, str]]:
    """Body merges: a 合计 label that spans its code and name columns."""
    return table.body_merges.get(index) or [(c, c, text) for c, text in enumerate(row)]


def _east_asia(style, name: str) -> None:
    from docx.oxml.ns import qn

    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for key in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(key), name)
    for key in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(key), None)


def write_docx(document: Document, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    word = docx.Document()
    props = word.core_properties
    props.created = props.modified = document.stamp
    props.author = "juesuan"
    props.title = f"{document.title} {document.subtitle}"
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4, not python-docx's US Letter
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = word.styles["Normal"]
    normal.font.size = Pt(10)
    _east_asia(normal, BODY_FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _east_asia(word.styles[name], HEADING_FONT)
        word.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    meta = document.source
    title = word.add_heading(document.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover = word.add_paragraph(document.subtitle)
    cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_heading(document.parts["overview"], level=1)
    for heading, text in document.overview:
        word.add_heading(heading, level=2)
        word.add_paragraph(text)
    word.add_heading(document.parts["tables"], level=1)
    for table in document.tables:
        word.add_page_break()
        heading = word.add_heading(table.title, level=2)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        word.add_paragraph(table.label)
        for line in head_lines(meta):
            word.add_paragraph(line)
        rows = [spans(row) for row in table.header]
        rows += [body_spans(table, index, row) for index, row in enumerate(table.body)]
        grid = word.add_table(rows=len(rows), cols=table.width)
        grid.style = "Table Grid"
        for r, row_spans in enumerate(rows):
            _fill_row(grid, r, row_spans, table.amount_cols if r >= len(table.header) else set())
        for note in table.notes:
            word.add_paragraph(note)
    word.add_page_break()
    word.add_heading(document.parts["narrative"], level=1)
    for part in document.sections:
        word.add_heading(part.heading, level=2)
        for paragraph in part.text():
            word.add_paragraph(paragraph)
        for key in part.charts:
            chart = document.charts.get(key)
            if chart is None:
                continue
            word.add_picture(io.BytesIO(chart.png), width=Cm(15))
            word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = word.add_paragraph(chart.caption)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_heading(document.parts["glossary"], level=1)
    for number, (term, text) in enumerate(document.glossary, 1):
        word.add_paragraph(f"{number}.{term}：{text}")
    word.save(str(path))
    freeze_zip(path, document)


def _fill_row(grid, r: int, row_spans: list[tuple[int, int, str]], amount_cols: set[int]) -> None:
    """Write one table row, merging horizontally by `w:gridSpan` on the row's own cells
    (python-docx's `table.cell()` re-walks the whole table on every call)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.table import _Cell

    tr = grid.rows[r]._tr
    tcs = list(tr.tc_lst)
    for first, last, text in row_spans:
        tc = tcs[first]
        if last > first:
            tc.grid_span = last - first + 1
            for extra in tcs[first + 1:last + 1]:
                tr.remove(extra)
        cell = _Cell(tc, grid)
        cell.text = text
        if first in amount_cols and text:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def write_xlsx(document: Document, path: Path) -> None:
    """One sheet per table, as finance software exports them: amounts are number cells."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.properties.created = book.properties.modified = document.stamp
    book.properties.creator = "juesuan"
    book.remove(book.active)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for table in document.tables:
        sheet = book.create_sheet(table.label)
        width = table.width
        sheet.append([table.title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = Alignment(horizontal="center")
        for line in [table.label, *head_lines(document.source)]:
            sheet.append([line])
        top = sheet.max_row + 1
        for r, row in enumerate(table.header, top):
            for first, last, text in spans(row):
                cell = sheet.cell(row=r, column=first + 1, value=text or None)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                if last > first:
                    sheet.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last + 1)
        start = top + len(table.header)
        for index, row in enumerate(table.body):
            r = start + index
            for first, last, text in body_spans(table, index, row):
                cell = sheet.cell(row=r, column=first + 1)
                if text and first in table.amount_cols:
                    cell.value = Decimal(text)  # a real number cell, exact
                    cell.number_format = "#,##0.00"
                else:
                    cell.value = text or None
                if last > first:
                    sheet.merge_cells(start_row=r, start_column=first + 1, end_row=r, end_column=last + 1)
        for r in range(top, start + len(table.body)):
            for c in range(1, width + 1):
                sheet.cell(row=r, column=c).border = box
        for note in table.notes:
            sheet.append([note])
        for c in range(1, width + 1):
            sheet.column_dimensions[get_column_letter(c)].width = 14
    book.save(str(path))
    freeze_zip(path, document)


def freeze_zip(path: Path, document: Document) -> None:
    """Rewrite an Office file with fixed member dates: the same input gives the same bytes."""
    stamp = document.stamp
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                fixed_time = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + fixed_time, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            archive.writestr(fixed, data)
