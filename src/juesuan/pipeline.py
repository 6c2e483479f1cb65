"""One file → Disclosure: the single entry the CLI, batch and web app all call."""
from __future__ import annotations

import re
import time
import unicodedata
from pathlib import Path

from .errors import UnreadableFile
from .ingest import demote_half_read, read_document
from .model import Disclosure
from .recognize import recognize


def slug(path: str | Path) -> str:
    """`../corpus/text/zengdu-2022.txt` → `zengdu-2022` (Chinese letters are kept)."""
    stem = unicodedata.normalize("NFC", Path(path).stem).lower()
    stem = re.sub(r"[^\w\-]+", "-", stem).strip("-_")
    return stem or "doc"


def extract(path: str | Path, doc: str | None = None) -> Disclosure:
    """Read and recognize one file. Raises UnreadableFile when it is no disclosure at all."""
    started = time.perf_counter()
    document = read_document(path)
    disclosure = recognize(document, doc or slug(path))
    demote_half_read(document, disclosure)
    if not disclosure.tables and not disclosure.unrecognized and not disclosure.performance:
        if not any(line.text.strip() for line in document.lines()) and not list(document.grids()):
            raise UnreadableFile(path, "no text: a scanned or blank document (OCR is not supported)")
        if disclosure.kind == "unknown":
            raise UnreadableFile(path, "not a disclosure: no 决算/预算 table and no disclosure title found")
    disclosure.timings["extract_s"] = time.perf_counter() - started
    return disclosure
