"""PDF with ReportLab: A4 landscape, the CJK font embedded (subset), ruled tables with
merged header cells, charts as images. `rl_config.invariant` keeps the bytes stable."""
from __future__ import annotations

import io
from pathlib import Path

from .document import Document
from .fonts import reportlab_font
from .layout import TableSpec, head_lines
from .office import body_spans, spans


def write_pdf(document: Document, path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1  # no creation date or random id: the same input gives the same bytes
    font = reportlab_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=14, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=14, leading=20, alignment=TA_CENTER)
    cover = ParagraphStyle("cover", parent=base, fontSize=20, leading=30, alignment=TA_CENTER)
    part = ParagraphStyle("part", parent=base, fontSize=13, leading=20, spaceBefore=6)
    heading = ParagraphStyle("heading", parent=base, fontSize=11, leading=17, spaceBefore=4)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
    head_cell = ParagraphStyle("head", parent=base, fontSize=7, leading=9, alignment=TA_CENTER)
    story = [Spacer(1, 40 * mm), Paragraph(document.title, cover), Paragraph(document.subtitle, cover), PageBreak(),
             Paragraph(document.parts["overview"], part)]
    for head, text in document.overview:
        story += [Paragraph(head, heading), Paragraph(text, base)]
    story.append(Paragraph(document.parts["tables"], part))
    for table in document.tables:
        story += [PageBreak(), Paragraph(table.title, title), Paragraph(table.label, right)]
        story += [Paragraph(line, base) for line in head_lines(document.source)]
        data: list[list] = []
        style = [("FONT", (0, 0), (-1, -1), font, 7), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEADING", (0, 0), (-1, -1), 8),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
        for r, row in enumerate(table.header):
            line = [""] * table.width
            for first, last, text in spans(row):
                line[first] = Paragraph(text, head_cell) if len(text) > 6 else text
                if last > first:
                    style.append(("SPAN", (first, r), (last, r)))
            data.append(line)
            style.append(("ALIGN", (0, r), (-1, r), "CENTER"))
        for index, row in enumerate(table.body):
            r = index + len(table.header)
            line = [""] * table.width
            for first, last, text in body_spans(table, index, row):
                line[first] = text
                if last > first:
                    style.append(("SPAN", (first, r), (last, r)))
            data.append(line)
        for col in table.amount_cols:
            style.append(("ALIGN", (col, len(table.header)), (col, -1), "RIGHT"))
        story.append(Table(data, colWidths=_widths(table), style=TableStyle(style), repeatRows=len(table.header)))
        story += [Spacer(1, 2 * mm)] + [Paragraph(note, base) for note in table.notes]
    story += [PageBreak(), Paragraph(document.parts["narrative"], part)]
    for section in document.sections:
        story.append(Paragraph(section.heading, heading))
        story += [Paragraph(p, base) for p in section.text()]
        for key in section.charts:
            chart = document.charts.get(key)
            if chart is not None:
                story += [Image(io.BytesIO(chart.png), width=150 * mm, height=84.4 * mm),
                          Paragraph(chart.caption, center)]
    story += [PageBreak(), Paragraph(document.parts["glossary"], part)]
    story += [Paragraph(f"{n}.{term}：{text}", base) for n, (term, text) in enumerate(document.glossary, 1)]
    pdf = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm, title=f"{document.title} {document.subtitle}",
                            author="juesuan")
    pdf.build(story)


def _flat(row: list[str | None]) -> list[str]:
    return ["" if cell is None else cell for cell in row]


def _widths(table: TableSpec) -> list[float]:
    """Column widths in points: names wide, codes and 行次 narrow, amounts in between."""
    usable = 270 * 2.8346  # landscape A4 less margins, in points
    weights = []
    for col in range(table.width):
        texts = [_flat(row)[col] for row in table.body] + [_flat(row)[col] for row in table.header[-1:]]
        longest = max((len(t) for t in texts), default=2)
        weights.append(min(max(longest, 3), 22))
    total = sum(weights)
    return [usable * w / total for w in weights]
