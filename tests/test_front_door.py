"""The front door picks a reader by content, not by name, and decodes Chinese text exports."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from juesuan.errors import UnreadableFile
from juesuan.ingest import read_document
from juesuan.ingest.sniff import sniff_format

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("real, named", [("docx", "pdf"), ("xlsx", "txt"), ("html", "md"), ("pdf", "txt")])
def test_format_by_content_not_name(tmp_path: Path, real: str, named: str) -> None:
    path = tmp_path / f"misnamed.{named}"
    shutil.copy(EXAMPLES / f"example-2024.{real}", path)
    assert sniff_format(path) == real
    assert len(list(read_document(path).grids())) == 10


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "utf-8-sig"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    text = (EXAMPLES / "example-2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "encoded.txt"
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert [line.text for line in document.lines()][:2] == text.splitlines()[:2]


def test_zip_that_is_no_office_file(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(UnreadableFile, match="neither a Word"):
        read_document(path)
