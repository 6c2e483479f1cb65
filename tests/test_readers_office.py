"""The DOCX, XLSX and HTML readers on small files made here: grid shapes, texts, provenance."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.errors import UnreadableFile
from juesuan.ingest import read_document
from juesuan.model import Grid, TextLine, Where

# ------------------------------------------------------------------ docx


def _docx(path: Path) -> Path:
    import docx

    word = docx.Document()
    word.add_paragraph("示例单位2024年度部门决算")
    word.add_paragraph("收入决算表")
    table = word.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"  # horizontal merge
    table.cell(0, 2).text = "本年收入合计"
    table.cell(0, 3).text = "财政拨款收入"
    table.cell(1, 0).text = "科目代码"
    table.cell(1, 1).text = "科目名称"
    for r, row in enumerate([["201", "一般公共服务支出", "12.50", "12.50"],
                             ["20103", "政府办公厅（室）及相关机构事务", "12.50", ""]], 2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 3).merge(table.cell(2, 3))  # vertical merge: R2C4 over R3C4
    word.add_paragraph("注：本表反映部门本年度取得的各项收入情况。")
    word.save(str(path))
    return path


def test_docx_blocks_in_document_order(tmp_path: Path) -> None:
    document = read_document(_docx(tmp_path / "a.docx"))
    assert document.format == "docx"
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["TextLine", "TextLine", "Grid", "TextLine"]
    lines = list(document.lines())
    assert [l.text for l in lines] == ["示例单位2024年度部门决算", "收入决算表", "注：本表反映部门本年度取得的各项收入情况。"]
    assert [l.where.line for l in lines] == [1, 2, 3]


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    grid = next(read_document(_docx(tmp_path / "a.docx")).grids())
    texts = grid.texts()
    assert len(texts) == 4 and all(len(row) == 4 for row in texts)
    assert texts[0] == ["项目", "", "本年收入合计", "财政拨款收入"]
    # the vertical merge keeps the top cell's text (both texts joined) and leaves the cell below empty
    assert texts[1][3] != "" and texts[2][3] == ""
    assert texts[3] == ["20103", "政府办公厅（室）及相关机构事务", "12.50", ""]
    assert grid.rows[3][2].where == Where(line=2, cell="R4C3")


def test_docx_refuses_zip_bomb(tmp_path: Path) -> None:
    from zipbomb import bomb_docx_bytes

    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb_docx_bytes())
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(UnreadableFile, match="zip bomb"):
        read_document(path)


def test_zip_guard_passes_real_office_files() -> None:
    from juesuan.ingest.zipguard import check_zip

    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("example-2024.docx", "example-2024.xlsx"):
        check_zip(examples / name)  # raises if a real file looked like a bomb


# ------------------------------------------------------------------ xlsx


def _xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "公开01表"
    sheet["A1"] = "收入支出决算总表"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "部门名称：示例单位"
    sheet["D2"] = "金额单位：万元"
    sheet.append([])
    sheet.append(["项目", "行次", "金额", "备注"])  # row 4
    sheet.append(["一般公共预算财政拨款收入", 1, 392.51, None])
    sheet.append(["事业收入", 2, 1234567.5, None])
    sheet.append(["其他收入", 3, 0.0, None])
    sheet.append(["经营收入", 4, "待定", None])
    sheet.append(["本年收入合计", 27, "=SUM(C5:C7)", None])
    sheet.append(["合计"])
    sheet.append(["注：本表反映部门本年度的总收支情况。"])
    for row in range(5, 10):
        sheet.cell(row=row, column=3).number_format = "#,##0.00"
    hidden = book.create_sheet("raw")
    hidden["A1"] = "不公开"
    hidden.sheet_state = "hidden"
    book.save(str(path))
    return path


def test_xlsx_title_rows_grid_and_notes(tmp_path: Path) -> None:
    document = read_document(_xlsx(tmp_path / "a.xlsx"))
    assert document.format == "xlsx"
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["TextLine", "TextLine", "TextLine", "Grid", "TextLine"]
    title, name, unit, grid, note = document.blocks
    assert title.text == "收入支出决算总表" and title.where == Where(sheet="公开01表", cell="A1")
    assert (name.text, unit.text) == ("部门名称：示例单位", "金额单位：万元")
    assert note.text.startswith("注：")
    assert isinstance(grid, Grid) and grid.caption == "收入支出决算总表"
    texts = grid.texts()
    assert texts[0] == ["项目", "行次", "金额", "备注"]
    assert texts[-1] == ["合计", "", "", ""]  # a one-cell row inside the table stays in the grid
    assert grid.rows[1][2].where == Where(sheet="公开01表", cell="C5")


def test_xlsx_numbers_print_as_formatted(tmp_path: Path) -> None:
    grid = next(read_document(_xlsx(tmp_path / "a.xlsx")).grids())
    amounts = [row[2] for row in grid.texts()[1:4]]
    assert amounts == ["392.51", "1234567.50", "0.00"]


def test_xlsx_formula_without_cache_and_text_in_numbers_warn(tmp_path: Path) -> None:
    document = read_document(_xlsx(tmp_path / "a.xlsx"))
    grid = next(document.grids())
    assert grid.texts()[5][2] == "=SUM(C5:C7)"  # kept as text, not a number, not a crash
    assert grid.texts()[4][2] == "待定"
    joined = "\n".join(document.warnings)
    assert "C9" in joined and "no cached value" in joined
    assert "C8" in joined and "column of numbers" in joined
    assert "hidden" in joined  # the hidden sheet is skipped, and said so
    assert not any(isinstance(b, TextLine) and b.text == "不公开" for b in document.blocks)


def test_xlsx_number_formats() -> None:
    from juesuan.ingest.xlsx import format_number

    assert format_number(392.51, "#,##0.00") == "392.51"
    assert format_number(0.1 + 0.2, "General") == "0.3"
    assert format_number(2.675, "0.00") == "2.68"  # half up on the printed digits, as Excel shows
    assert format_number(-0.001, "0.00") == "0.00"
    assert format_number(0.1234, "0.00%") == "12.34%"
    assert format_number(7, "General") == "7"
    assert format_number(7.5, '[Red]#,##0.00;[Red]-#,##0.00') == "7.50"


# ------------------------------------------------------------------ html

_HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>不读</title>
<style>p{color:red}</style></head><body>
<h2>支出决算表</h2>
<p>部门名称：示例单位<br>金额单位：万元</p>
<table>
<caption>支出决算表</caption>
<tr><th colspan="2">项目</th><th rowspan="2">本年支出合计</th><th colspan="2">其中</th></tr>
<tr><th>科目代码</th><th>科目名称</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td>201</td><td>一般公共服务<b>支出</b></td><td>10.00</td><td>8.00</td><td>2.00</td></tr>
<tr><td colspan="2">合计</td><td>10.00</td><td><table><tr><td>8.00</td></tr></table></td><td>2.00</td></tr>
</table>
<div>注：本表反映部门本年度各项支出情况。</div>
<script>var x = "不读";</script>
</body></html>"""


def test_html_spans_are_placed_not_repeated(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(_HTML.encode("gb18030"))
    document = read_document(path)
    assert document.format == "html"
    grid = next(document.grids())
    assert grid.caption == "支出决算表"
    assert grid.texts() == [
        ["项目", "", "本年支出合计", "其中", ""],
        ["科目代码", "科目名称", "", "基本支出", "项目支出"],
        ["201", "一般公共服务支出", "10.00", "8.00", "2.00"],
        ["合计", "", "10.00", "8.00", "2.00"],
    ]
    assert grid.rows[2][1].where.cell == "R3C2"


def test_html_text_blocks(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(_HTML.encode("gb18030"))
    document = read_document(path)
    lines = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert lines == ["支出决算表", "部门名称：示例单位", "金额单位：万元", "注：本表反映部门本年度各项支出情况。"]
    assert [type(b).__name__ for b in document.blocks].index("Grid") == 3
    numbers = [b.where.line for b in document.blocks if isinstance(b, TextLine)]
    assert numbers == [1, 2, 3, 4]


def test_html_bogus_rowspan_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "b.html"
    path.write_text('<html><body><table><tr><td rowspan="999999">a</td><td>1</td></tr>'
                    '<tr><td>2</td></tr></table></body></html>', encoding="utf-8")
    grid = next(read_document(path).grids())
    assert grid.texts() == [["a", "1"], ["", "2"]]


def test_xlsx_two_tables_in_one_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "决算表"
    for row in (["收入决算表"], ["编制单位：示例单位", None, "单位：万元"], ["科目代码", "科目名称", "合计"],
                ["201", "一般公共服务支出", 3.5], ["注：本表反映收入。"], [],
                ["支出决算表"], ["科目代码", "科目名称", "合计"], ["201", "一般公共服务支出", 3.5]):
        sheet.append(row)
    path = tmp_path / "two.xlsx"
    book.save(str(path))
    document = read_document(path)
    grids = list(document.grids())
    assert [g.caption for g in grids] == ["收入决算表", "支出决算表"]
    assert [len(g.rows) for g in grids] == [2, 2]
    assert grids[1].rows[1][2].text == "3.5"  # General format: as stored
    assert grids[1].rows[0][0].where == Where(sheet="决算表", cell="A8")
    lines = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert lines == ["收入决算表", "编制单位：示例单位", "单位：万元", "注：本表反映收入。", "支出决算表"]
