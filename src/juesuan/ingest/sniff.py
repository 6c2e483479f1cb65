"""Decide a file's format from its bytes: readers must never be picked by the name alone."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UnreadableFile

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".csv", ""}


def sniff_format(path: Path) -> str:
    """Return one of pdf, docx, xlsx, html, markdown, text — or raise UnreadableFile."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(path, "old binary Office format (.doc/.xls): save it as .docx/.xlsx first")
    text = decode_text(head, path, partial=True)
    if _looks_binary(text):
        raise UnreadableFile(path, f"unknown format: not a PDF, Office or text file (starts {head[:8]!r})")
    lowered = text.lower()
    if "<html" in lowered or "<table" in lowered or lowered.lstrip().startswith("<!doctype html"):
        return "html"
    if path.suffix.lower() in {".md", ".markdown"}:
        return "markdown"
    return "text"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(path, f"corrupt zip container ({error})") from error
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnreadableFile(path, "a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file")


def decode_text(data: bytes, path: Path, partial: bool = False) -> str:
    """Decode text the way Chinese documents arrive: UTF-8 (with or without BOM), else GB18030;
    a UTF-16 byte-order mark (Notepad's "Unicode" save) is honoured."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        if partial and len(data) % 2:
            data = data[:-1]
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            if partial:
                return data.decode("utf-16", errors="replace")
            raise UnreadableFile(path, "text with a UTF-16 mark that is not UTF-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            if partial and error.start > len(data) - 4:
                return data[: error.start].decode(encoding, errors="ignore")
            continue
    if partial:
        return data.decode("utf-8", errors="replace")
    raise UnreadableFile(path, "text is neither UTF-8 nor GB18030")


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t\f"))
    return bad > max(8, len(text) // 50)
