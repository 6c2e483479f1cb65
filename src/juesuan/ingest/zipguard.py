"""Refuse zip bombs before a DOCX/XLSX library inflates them.

A .docx or .xlsx is a zip archive; python-docx and openpyxl inflate its members into
memory. A 200 kB archive can declare gigabytes, so the central directory is checked
first: the sum of the declared uncompressed sizes, the overall compression ratio and
the member count. Declared sizes cannot be exceeded later — Python's zipfile stops
reading a member at its declared size and fails its CRC check — so checking them is
enough.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UnreadableFile

MAX_UNCOMPRESSED = 256 * 1024 * 1024  # real disclosures inflate to a few MB
MAX_RATIO = 100  # XML of real Office files compresses 5–30 times
RATIO_FLOOR = 16 * 1024 * 1024  # the ratio only matters once this much is declared
MAX_MEMBERS = 20_000


def check_zip(path: Path) -> None:
    """Raise UnreadableFile when the archive is corrupt or inflates suspiciously."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile(path, f"corrupt zip container ({error})") from error
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFile(path, f"refused as a zip bomb: {len(infos)} members in the archive")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED:
        raise UnreadableFile(
            path, f"refused as a zip bomb: its members inflate to {total // (1024 * 1024)} MB "
                  f"(limit {MAX_UNCOMPRESSED // (1024 * 1024)} MB)")
    if total > RATIO_FLOOR and total / packed > MAX_RATIO:
        raise UnreadableFile(
            path, f"refused as a zip bomb: compression ratio {total // packed}:1 "
                  f"({total // (1024 * 1024)} MB from {packed // 1024} kB)")
