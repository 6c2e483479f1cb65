"""catalog: domain knowledge as data (table layouts, subject codes, formulas, profiles).

Each YAML/CSV file beside this module is loaded once and cached; code asks for what it
needs (`table_kinds()`, …) and never hard-codes a title, a code or a layout.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Parse a catalog data file (`tables.yaml`, …) shipped inside the package."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=None)
def table_kinds() -> dict[str, dict]:
    """Every canonical kind (F01…, B01…, P01…) with its catalog entry and family."""
    out: dict[str, dict] = {}
    for family, kinds in load("tables.yaml").items():
        for kind, entry in kinds.items():
            out[kind] = {**entry, "family": family}
    return out
