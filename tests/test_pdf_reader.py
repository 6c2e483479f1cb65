"""The PDF reader on small PDFs drawn here with ReportLab (no corpus text): ruled tables,
spanning cells, amounts printed below their labels, tables across pages, two tables on a
page, side-by-side panels, a rotated page, a blank page, and the three refusals."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from juesuan.errors import UnreadableFile  # noqa: E402
from juesuan.ingest import read_document  # noqa: E402
from juesuan.ingest.pdf import main as debug_main  # noqa: E402
from juesuan.ingest.pdf import read_pdf  # noqa: E402
from juesuan.model import Grid, TextLine  # noqa: E402
from juesuan.recognize.segment import segment  # noqa: E402

A4 = (595.0, 842.0)
FONT = "cjk"


def _font() -> str:
    paperang = pytest.importorskip("paperang_p2_fonts_cjk")
    path = Path(paperang.__file__).parent / "fonts" / "wqy-microhei.ttc"
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


class Page:
    """Draw in display coordinates (x right, y down from the top), whatever the /Rotate."""

    def __init__(self, pdf: canvas.Canvas, size: tuple[float, float], rotate: int = 0,
                 content_only: bool = False):
        """`rotate=90` sets /Rotate 90; with `content_only` the page stays portrait and only
        its content is turned (the text then runs upwards on the portrait page)."""
        self.c = pdf
        self.rotate = rotate
        self.width, self.height = (size[1], size[0]) if rotate == 90 else size
        pdf.setPageSize(size)
        pdf.setPageRotation(0 if content_only else rotate)  # ReportLab keeps it for the next pages
        if rotate == 90:
            pdf.rotate(90)  # user x → display x along user +y: (u, v) = (X, -Y)

    def _pt(self, x: float, y: float) -> tuple[float, float]:
        return (x, -y) if self.rotate == 90 else (x, self.height - y)

    def text(self, x: float, baseline: float, text: str, size: float = 9) -> None:
        self.c.setFont(_font(), size)
        self.c.drawString(*self._pt(x, baseline), text)

    def hline(self, y: float, x0: float, x1: float) -> None:
        self.c.line(*self._pt(x0, y), *self._pt(x1, y))

    def vline(self, x: float, y0: float, y1: float) -> None:
        self.c.line(*self._pt(x, y0), *self._pt(x, y1))

    def table(self, x: float, y: float, widths: list[float], heights: list[float],
              cells: list[tuple[int, int, int, int, list[str]]], drop: float = 0.0) -> None:
        """Draw each printed cell as its own rectangle (as Word does), its text lines at the top;
        cells whose first line looks like a number are printed `drop` pt lower."""
        xs = [x]
        for w in widths:
            xs.append(xs[-1] + w)
        ys = [y]
        for h in heights:
            ys.append(ys[-1] + h)
        for r0, c0, r1, c1, lines in cells:
            left, right, top, bottom = xs[c0], xs[c1 + 1], ys[r0], ys[r1 + 1]
            self.hline(top, left, right)
            self.hline(bottom, left, right)
            self.vline(left, top, bottom)
            self.vline(right, top, bottom)
            numeric = bool(lines) and lines[0][:1].isdigit()
            for k, line in enumerate(lines):
                self.text(left + 2, top + 10 + 11 * k + (drop if numeric else 0), line)


def build(path: Path, pages) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for draw in pages:
        draw(pdf)
        pdf.showPage()
    pdf.save()
    return path


def _simple_table(page: Page, y: float, first_code: str = "201") -> None:
    page.table(40, y, [60, 160, 80, 80], [16, 16, 28, 16, 16], [
        (0, 0, 0, 1, ["项目"]),            # spans two columns
        (0, 2, 1, 2, ["本年收入合", "计"]),  # spans two rows, wrapped header
        (0, 3, 1, 3, ["财政拨款"]),
        (1, 0, 1, 0, ["科目编码"]),
        (1, 1, 1, 1, ["科目名称"]),
        (2, 0, 2, 0, [first_code]),
        (2, 1, 2, 1, ["机关事业单位基本养老保险缴", "费支出"]),
        (2, 2, 2, 2, ["1,234.50"]),
        (2, 3, 2, 3, ["1,234.50"]),
        (3, 0, 3, 0, ["20101"]),
        (3, 1, 3, 1, ["行政运行"]),
        (3, 2, 3, 2, ["10.00"]),
        (3, 3, 3, 3, []),
        (4, 0, 4, 1, ["合计"]),
        (4, 2, 4, 2, ["1,244.50"]),
        (4, 3, 4, 3, ["1,234.50"]),
    ], drop=5)


def _grids(document) -> list[Grid]:
    return list(document.grids())


def test_ruled_table_title_unit_spans_and_multiline_cells(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        p.text(240, 60, "收入决算表", size=14)
        p.text(460, 90, "单位：万元")
        _simple_table(p, 100)
        p.text(40, 230, "注：本表为测试表。")

    document = read_pdf(build(tmp_path / "t.pdf", [page]))
    assert document.format == "pdf" and document.pages == 1
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["TextLine", "TextLine", "Grid", "TextLine"]
    title, unit, grid, note = document.blocks
    assert title.text == "收入决算表" and title.where.page == 1 and title.where.line == 1
    assert unit.text == "单位：万元"
    assert note.text.startswith("注：")
    assert grid.texts() == [
        ["项目", "", "本年收入合计", "财政拨款"],
        ["科目编码", "科目名称", "", ""],
        ["201", "机关事业单位基本养老保险缴费支出", "1,234.50", "1,234.50"],
        ["20101", "行政运行", "10.00", ""],
        ["合计", "", "1,244.50", "1,234.50"],
    ]
    label = grid.rows[2][1]
    assert label.where.page == 1
    x0, top, x1, bottom = label.where.bbox
    assert x0 == pytest.approx(100, abs=1.5) and x1 == pytest.approx(260, abs=1.5)
    assert bottom - top == pytest.approx(28, abs=1.5)
    span = grid.rows[0][0].where.bbox  # the spanning header cell covers both columns
    assert span[2] - span[0] == pytest.approx(220, abs=1.5)


def test_table_continued_on_next_page_stays_in_one_region(tmp_path):
    def first(pdf):
        p = Page(pdf, A4)
        p.text(240, 60, "收入决算表", size=14)
        p.text(460, 90, "单位：万元")
        _simple_table(p, 100)

    def second(pdf):
        p = Page(pdf, A4)
        p.table(40, 60, [60, 160, 80, 80], [16], [
            (0, 0, 0, 0, ["221"]), (0, 1, 0, 1, ["住房保障支出"]),
            (0, 2, 0, 2, ["5.00"]), (0, 3, 0, 3, ["5.00"])])

    document = read_pdf(build(tmp_path / "t.pdf", [first, second]))
    grids = _grids(document)
    assert [g.where.page for g in grids] == [1, 2]
    assert grids[1].texts() == [["221", "住房保障支出", "5.00", "5.00"]]
    regions, _ = segment(document)
    assert len(regions) == 1 and regions[0].pages() == [1, 2]
    assert len(regions[0].grids()) == 2


def test_two_tables_on_one_page_in_reading_order(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        p.text(200, 60, "收入决算表", size=12)
        p.table(40, 80, [100, 100], [16, 16], [
            (0, 0, 0, 0, ["项目"]), (0, 1, 0, 1, ["金额"]),
            (1, 0, 1, 0, ["合计"]), (1, 1, 1, 1, ["1.00"])])
        p.text(200, 160, "支出决算表", size=12)
        p.table(40, 180, [100, 100], [16, 16], [
            (0, 0, 0, 0, ["项目"]), (0, 1, 0, 1, ["金额"]),
            (1, 0, 1, 0, ["合计"]), (1, 1, 1, 1, ["2.00"])])

    document = read_pdf(build(tmp_path / "t.pdf", [page]))
    shown = [b.text if isinstance(b, TextLine) else b.texts()[1][1] for b in document.blocks]
    assert shown == ["收入决算表", "1.00", "支出决算表", "2.00"]


def test_side_by_side_panels_are_columns_of_one_grid(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        rows = [("301", "工资福利支出", "9.00", "302", "商品和服务支出", "4.00"),
                ("30101", "基本工资", "5.00", "30201", "办公费", "1.00"),
                ("30102", "津贴补贴", "4.00", "", "", "")]
        cells = [(r, c, r, c, [text] if text else []) for r, row in enumerate(rows) for c, text in enumerate(row)]
        p.table(30, 80, [50, 110, 60, 50, 110, 60], [18, 18, 18], cells, drop=5)

    grid = _grids(read_pdf(build(tmp_path / "t.pdf", [page])))[0]
    assert grid.texts() == [
        ["301", "工资福利支出", "9.00", "302", "商品和服务支出", "4.00"],
        ["30101", "基本工资", "5.00", "30201", "办公费", "1.00"],
        ["30102", "津贴补贴", "4.00", "", "", ""],
    ]


def test_rotated_page_reads_as_displayed_and_blank_page_is_skipped(tmp_path):
    def rotated(pdf):
        p = Page(pdf, A4, rotate=90)
        p.text(300, 50, "支出决算表", size=12)
        p.table(60, 80, [80, 200, 100], [18, 18], [
            (0, 0, 0, 0, ["科目编码"]), (0, 1, 0, 1, ["科目名称"]), (0, 2, 0, 2, ["合计"]),
            (1, 0, 1, 0, ["201"]), (1, 1, 1, 1, ["一般公共服务支出"]), (1, 2, 1, 2, ["3.50"])])

    def blank(pdf):
        Page(pdf, A4)

    def text_page(pdf):
        Page(pdf, A4).text(60, 80, "第三部分 情况说明")

    document = read_pdf(build(tmp_path / "t.pdf", [rotated, blank, text_page]))
    assert document.pages == 3
    title = document.blocks[0]
    assert isinstance(title, TextLine) and title.text == "支出决算表" and title.where.page == 1
    grid = _grids(document)[0]
    assert grid.texts() == [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "3.50"]]
    x0, top, x1, bottom = grid.where.bbox  # display space: landscape, 380 pt wide
    assert x1 - x0 == pytest.approx(380, abs=2) and bottom - top == pytest.approx(36, abs=2)
    assert {b.where.page for b in document.blocks} == {1, 3}
    assert document.blocks[-1].text == "第三部分 情况说明"


def test_landscape_content_on_a_portrait_page_is_turned(tmp_path):
    def turned(pdf):
        p = Page(pdf, A4, rotate=90, content_only=True)
        p.text(300, 50, "支出决算表", size=12)
        p.table(60, 80, [80, 200, 100], [18, 18], [
            (0, 0, 0, 0, ["科目编码"]), (0, 1, 0, 1, ["科目名称"]), (0, 2, 0, 2, ["合计"]),
            (1, 0, 1, 0, ["201"]), (1, 1, 1, 1, ["一般公共服务支出"]), (1, 2, 1, 2, ["3.50"])])

    document = read_pdf(build(tmp_path / "t.pdf", [turned]))
    assert isinstance(document.blocks[0], TextLine) and document.blocks[0].text == "支出决算表"
    grid = _grids(document)[0]
    assert grid.texts() == [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "3.50"]]
    x0, top, x1, bottom = grid.where.bbox
    assert x1 - x0 == pytest.approx(380, abs=2) and bottom - top == pytest.approx(36, abs=2)


def test_title_inside_the_frame_and_boxed_text(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        p.table(40, 60, [100, 100, 100], [18, 18, 18, 18], [
            (0, 0, 0, 2, ["收入决算表"]),            # the title drawn as the frame's first row
            (1, 0, 1, 2, ["单位：万元"]),
            (2, 0, 2, 0, ["项目"]), (2, 1, 2, 1, ["合计"]), (2, 2, 2, 2, ["财政拨款"]),
            (3, 0, 3, 0, ["201"]), (3, 1, 3, 1, ["1.00"]), (3, 2, 3, 2, ["1.00"])])
        p.table(40, 200, [300], [18, 18], [   # a box around two lines of text: no table
            (0, 0, 0, 0, ["说明：本表无数据。"]), (1, 0, 1, 0, ["第二行文字"])])

    document = read_pdf(build(tmp_path / "t.pdf", [page]))
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["TextLine", "TextLine", "Grid", "TextLine", "TextLine"]
    assert [b.text for b in document.lines()] == ["收入决算表", "单位：万元", "说明：本表无数据。", "第二行文字"]
    grid = _grids(document)[0]
    assert grid.texts() == [["项目", "合计", "财政拨款"], ["201", "1.00", "1.00"]]
    assert grid.where.bbox[1] == pytest.approx(96, abs=1.5)
    regions, _ = segment(document)
    assert [r.kind for r in regions] == ["F02"] and regions[0].grids() == [grid]


def test_running_text_lines_keep_gaps_as_spaces(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        p.text(40, 60, "部门：测试单位")
        p.text(420, 60, "金额单位：万元")
        p.text(40, 80, "一、收入支出决算总体情况说明")

        p.text(240, 120, "收入决算表", size=16)  # a title and, on its baseline, the unit in small type
        p.text(470, 120, "单位：万元", size=9)
        p.text(60, 900, "页面之外的文字")  # below the page: a viewer shows nothing there

    lines = [b for b in read_pdf(build(tmp_path / "t.pdf", [page])).blocks]
    assert [l.text for l in lines] == ["部门：测试单位 金额单位：万元", "一、收入支出决算总体情况说明",
                                       "收入决算表", "单位：万元"]
    assert [l.where.line for l in lines] == [1, 2, 3, 4]
    assert lines[3].where.bbox[0] == pytest.approx(470, abs=1)


def test_encrypted_pdf_is_refused(tmp_path):
    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt="secret")
    pdf.setFont(_font(), 12)
    pdf.drawString(72, 720, "收入决算表")
    pdf.showPage()
    pdf.save()
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_document(path)


def test_corrupt_pdf_is_refused(tmp_path):
    good = build(tmp_path / "good.pdf", [lambda pdf: Page(pdf, A4).text(60, 80, "收入决算表")])
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200)
    with pytest.raises(UnreadableFile, match="corrupt"):
        read_document(path)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.raises(UnreadableFile, match="corrupt|no text layer"):
        read_document(truncated)


def test_scanned_pdf_without_text_layer_is_refused(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (200, 100), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)

    def page(pdf):
        Page(pdf, A4)
        pdf.drawImage(ImageReader(buffer), 50, 500, width=400, height=200)

    with pytest.raises(UnreadableFile, match=r"no text layer \(scanned"):
        read_document(build(tmp_path / "scan.pdf", [page]))
    with pytest.raises(UnreadableFile, match=r"no text layer \(blank"):
        read_document(build(tmp_path / "blank.pdf", [lambda pdf: Page(pdf, A4)]))

    def text(pdf):
        Page(pdf, A4).text(60, 80, "第一部分 概况")

    document = read_pdf(build(tmp_path / "mixed.pdf", [text, page]))
    assert document.pages == 2 and document.warnings == ["page 2: no text layer (a scanned image?): not read"]


def test_debug_view_prints_lines_and_grids(tmp_path, capsys):
    def page(pdf):
        p = Page(pdf, A4)
        p.text(240, 60, "收入决算表", size=14)
        _simple_table(p, 100)

    path = build(tmp_path / "t.pdf", [page])
    assert debug_main([str(path), "--page", "1"]) == 0
    out = capsys.readouterr().out
    assert "L1   收入决算表" in out and "| 201 | 机关事业单位基本养老保险缴费支出 | 1,234.50 | 1,234.50 |" in out
    for step in ("chars", "rules", "tables"):
        assert debug_main([str(path), "--page", "1", "--step", step]) == 0
    assert "table (" in capsys.readouterr().out
    assert debug_main([str(path), "--page", "7"]) == 2


def test_unruled_table_columns_from_x_alignment(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        p.text(220, 50, "支出决算表", size=12)
        p.text(440, 70, "单位：万元")
        p.hline(78, 40, 520)  # a three-line table: horizontal rules only
        p.text(40, 92, "科目编码")
        p.text(120, 92, "科目名称")
        p.text(330, 92, "合计")
        p.text(430, 92, "基本支出")
        rows = [("201", "一般公共服务支出", "1,200.00", "1,000.00"),
                ("20101", "人大事务", "200.00", "200.00"),
                ("2010101", "行政运行", "1,000.00", "800.00")]
        y = 112
        for code, name, total, basic in rows:
            p.text(40, y, code)
            p.text(120, y, name)
            p.text(330, y + 5, total)  # amounts printed 5 pt below the label
            p.text(430, y + 5, basic)
            y += 24
        p.hline(y, 40, 520)
        p.text(40, y + 20, "注：本表为测试表。")

    document = read_pdf(build(tmp_path / "t.pdf", [page]))
    grids = _grids(document)
    assert len(grids) == 1
    texts = grids[0].texts()
    assert texts == [["科目编码", "科目名称", "合计", "基本支出"],
                     ["201", "一般公共服务支出", "1,200.00", "1,000.00"],
                     ["20101", "人大事务", "200.00", "200.00"],
                     ["2010101", "行政运行", "1,000.00", "800.00"]]
    x0, top, x1, bottom = grids[0].where.bbox
    assert x0 == pytest.approx(40, abs=1) and x1 == pytest.approx(466, abs=1) and top < 92 < 160 < bottom
    lines = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert lines == ["支出决算表", "单位：万元", "注：本表为测试表。"]


def test_running_text_with_page_numbers_is_no_table(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        for k, title in enumerate(["一、收入支出决算总表", "二、收入决算表", "三、支出决算表", "四、名词解释"]):
            p.text(60, 80 + 20 * k, title)
            p.text(500, 80 + 20 * k, str(5 + k))

    document = read_pdf(build(tmp_path / "t.pdf", [page]))
    assert not _grids(document)
    assert [b.text for b in document.blocks][0] == "一、收入支出决算总表 5"


def test_frame_without_lines_between_data_rows(tmp_path):
    def page(pdf):
        p = Page(pdf, A4)
        xs = [40, 100, 260, 340, 420]
        p.hline(60, 40, 420)
        p.hline(80, 40, 420)   # under the header
        p.hline(200, 40, 420)  # the bottom: no line between the data rows
        for x in xs:
            p.vline(x, 60, 200)
        for x, text in zip(xs, ["科目编码", "科目名称", "合计", "基本支出"]):
            p.text(x + 2, 74, text)
        rows = [("201", ["一般公共服务支出"], "30.00", "20.00"),
                ("20101", ["人大事务"], "30.00", "20.00"),
                ("2010101", ["机关事业单位基本养老", "保险缴费支出"], "25.00", "20.00"),
                ("2010102", ["一般行政管理事务"], "5.00", "")]
        y = 94
        for code, name, total, basic in rows:
            p.text(42, y, code)
            for k, part in enumerate(name):
                p.text(102, y + 11 * k, part)
            p.text(262, y, total)
            if basic:
                p.text(342, y, basic)
            y += 16 + 11 * (len(name) - 1)

    grid = _grids(read_pdf(build(tmp_path / "t.pdf", [page])))[0]
    assert grid.texts() == [
        ["科目编码", "科目名称", "合计", "基本支出"],
        ["201", "一般公共服务支出", "30.00", "20.00"],
        ["20101", "人大事务", "30.00", "20.00"],
        ["2010101", "机关事业单位基本养老保险缴费支出", "25.00", "20.00"],
        ["2010102", "一般行政管理事务", "5.00", ""],
    ]
    top = [row[0].where.bbox[1] for row in grid.rows[1:]]
    assert top == sorted(top) and top[1] - top[0] == pytest.approx(16, abs=1)


@pytest.mark.parametrize("rotate", [180, 270])
def test_rotate_180_and_270_read_as_displayed(tmp_path, rotate):
    path = tmp_path / "t.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setPageRotation(rotate)  # ReportLab swaps the MediaBox to 842 x 595 for 270
    pdf.saveState()
    if rotate == 180:
        pdf.rotate(180)

        def at(x, y):  # display (x, y from the top) → drawing coordinates
            return x - 595, -y
    else:
        pdf.rotate(-90)

        def at(x, y):
            return x - 595, 842 - y
    pdf.setFont(_font(), 12)
    pdf.drawString(*at(100, 60), "支出决算表")
    for y in (80, 98, 116):
        pdf.line(*at(60, y), *at(440, y))
    for x in (60, 140, 340, 440):
        pdf.line(*at(x, 80), *at(x, 116))
    pdf.setFont(_font(), 9)
    for x, y, text in [(62, 92, "科目编码"), (142, 92, "科目名称"), (342, 92, "合计"),
                       (62, 110, "201"), (142, 110, "一般公共服务支出"), (342, 110, "3.50")]:
        pdf.drawString(*at(x, y), text)
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    title, grid = read_pdf(path).blocks
    assert title.text == "支出决算表" and title.where.bbox[0] == pytest.approx(100, abs=1)
    assert grid.texts() == [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "3.50"]]
    assert grid.where.bbox == pytest.approx((60, 80, 440, 116), abs=1.5)
