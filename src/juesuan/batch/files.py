"""Which files a batch reads: every supported file under the given paths.

README files are documentation about a folder, not disclosures, and are skipped; so are
hidden files and folders (`.git`, editor backups). Files are listed in sorted order so
two runs over the same tree see them in the same order.
"""
from __future__ import annotations

from pathlib import Path

from ..ingest import SUPPORTED_SUFFIXES


def _wanted(path: Path) -> bool:
    return (path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith((".", "~$"))
            and not path.name.lower().startswith("readme"))


def discover(paths: list[Path]) -> list[Path]:
    """Every supported file under `paths` (a file given by name is taken as it is)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for root in paths:
        if root.is_file():
            candidates = [root]
        elif root.is_dir():
            candidates = sorted(p for p in root.rglob("*")
                                if p.is_file() and _wanted(p)
                                and not any(part.startswith(".") for part in p.relative_to(root).parts[:-1]))
        else:
            raise FileNotFoundError(str(root))
        for path in candidates:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found
