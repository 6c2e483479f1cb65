"""What the store does not keep, read again from the stored file: the 情况说明 line by line
and, for a PDF, each cell's box on its page (Cell.where.bbox, in PDF points from the top
left) with the page sizes. Runs in a worker process (uploads.Processor.reread); the
result is plain data, cached by the document page."""
from __future__ import annotations

from pathlib import Path


def reread(path: str) -> dict:
    from ..ingest import read_document
    from ..pipeline import extract
    from ..recognize import recognize
    from ..errors import UnreadableFile

    try:
        disclosure = extract(path)
    except UnreadableFile:
        disclosure = recognize(read_document(path), Path(path).stem)  # narrative-only files
    lines = [{"text": line.text, "page": line.where.page, "line": line.where.line}
             for line in disclosure.narrative]
    boxes: dict[str, list] = {}
    for cell in disclosure.cells():
        where = cell.where
        if where.page is not None and where.bbox is not None:
            boxes[f"{cell.table}[{cell.row},{cell.col}]"] = [where.page, *[round(v, 1) for v in where.bbox]]
    sizes: dict[int, list[float]] = {}
    if boxes and path.lower().endswith(".pdf"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(path)
        try:
            for page in sorted({box[0] for box in boxes.values()}):
                if 1 <= page <= len(pdf):
                    width, height = pdf[page - 1].get_size()
                    sizes[page] = [round(width, 1), round(height, 1)]
        finally:
            pdf.close()
    return {"lines": lines, "boxes": boxes, "sizes": sizes}


def render_page(path: Path, page: int, out: Path, scale: float = 1.5) -> Path:
    """One PDF page as PNG (pypdfium2), cached at `out`."""
    if out.exists():
        return out
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(page)
        image = pdf[page - 1].render(scale=scale).to_pil()
        out.parent.mkdir(parents=True, exist_ok=True)
        temp = out.with_suffix(".tmp")
        image.save(temp, format="PNG")
        temp.replace(out)
    finally:
        pdf.close()
    return out
