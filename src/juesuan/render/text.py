"""Plain text (as a PDF text extractor gives a disclosure) and Markdown (as office
converters write one) — the two formats of the example documents that are text."""
from __future__ import annotations

from .document import Document
from .layout import head_lines


def _flat(row: list[str | None]) -> list[str]:
    return ["" if cell is None else cell for cell in row]


def render_txt(document: Document) -> str:
    """Cells separated by spaces, `0.00` in blank amounts of zero-filled tables, pages by form feeds."""
    parts = document.parts
    lines = [document.title, document.subtitle, "", parts["overview"]]
    for heading, text in document.overview:
        lines += [heading, text]
    lines += ["", parts["tables"]]
    for table in document.tables:
        lines.append("\f" + table.title)
        lines += [table.label, *head_lines(document.source)]
        for row in table.header:
            lines.append(" ".join(cell for cell in _flat(row) if cell))
        for row in table.body:
            cells = list(row)
            if table.zero_fill:
                for col in table.amount_cols:
                    name_col = table.name_col_of.get(col, 0)
                    if not cells[col] and cells[name_col]:
                        cells[col] = "0.00"
            lines.append(" ".join(cell for cell in cells if cell))
        lines += table.notes
    lines += ["\f" + parts["narrative"]]
    for section in document.sections:
        lines += [section.heading, *section.text()]
        lines += [document.captions[k] for k in section.charts if k in document.captions]
    lines += ["\f" + parts["glossary"]]
    lines += [f"{n}.{term}：{text}" for n, (term, text) in enumerate(document.glossary, 1)]
    return "\n".join(lines) + "\n"


def render_md(document: Document) -> str:
    """Headings, and tables as tab-separated lines."""
    parts = document.parts
    out = [f"# {document.title}", "", document.subtitle, "", f"## {parts['overview']}", ""]
    for heading, text in document.overview:
        out += [f"### {heading}", "", text, ""]
    out += [f"## {parts['tables']}", ""]
    for table in document.tables:
        out += [f"## {table.title}", "", table.label, ""]
        for line in head_lines(document.source):
            out += [line, ""]
        for row in table.header + table.body:
            out.append("\t".join(_flat(row)))
        out.append("")
        for note in table.notes:
            out += [note, ""]
    out += [f"## {parts['narrative']}", ""]
    for section in document.sections:
        out += [f"### {section.heading}", ""]
        for paragraph in section.text():
            out += [paragraph, ""]
    out += [f"## {parts['glossary']}", ""]
    out += [f"{n}.{term}：{text}\n" for n, (term, text) in enumerate(document.glossary, 1)]
    return "\n".join(out)
