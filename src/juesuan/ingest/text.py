"""Plain text, usually copied out of a PDF: one TextLine per line, numbered from 1.

The text keeps every defect of the extraction (numbers broken across lines, doubled bold
text, footers inside tables); repairing them is recognition's job, which can look at the
neighbouring lines. Form feeds, if present, count pages.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableFile
from ..model import Document, TextLine, Where
from .sniff import decode_text


def read_text(path: Path) -> Document:
    data = path.read_bytes()
    text = decode_text(data, path)
    if "\x00" in text:
        raise UnreadableFile(path, "binary data in a text file")
    return Document(source=str(path), format="text", pages=text.count("\f") + 1,
                    blocks=text_lines(text))


def text_lines(text: str, first_line: int = 1) -> list[TextLine]:
    """Split text into numbered lines; a form feed starts a new page."""
    lines: list[TextLine] = []
    page = 1
    for number, raw in enumerate(text.split("\n"), first_line):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        lines.append(TextLine(raw.rstrip("\r"), Where(page=page, line=number)))
    return lines
