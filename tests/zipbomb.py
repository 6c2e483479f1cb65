"""A small DOCX that inflates to 300 MB, built once per test session (compressing takes ~2 s)."""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache


@lru_cache(maxsize=1)
def bomb_docx_bytes() -> bytes:
    """A real Word document plus one member of 300 MB of zeros: about 300 kB on disk."""
    import docx

    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("收入支出决算总表")
    word.save(buffer)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/media/image1.bin", "w") as member:
            chunk = b"\0" * (4 << 20)
            for _ in range(75):
                member.write(chunk)
    return buffer.getvalue()
