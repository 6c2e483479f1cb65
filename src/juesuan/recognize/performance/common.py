"""Small shared pieces of the performance readers: vocabulary, cells, printed numbers.

Records keep numbers as the decimal strings the document printed (thousands separators
removed), so that a checker can tell a printed `0.00` from a recomputed `0` and a
garbled cell stays visible; everything here is about reading, never about judging.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...catalog import load

NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_COLON = re.compile(r"[:：]\s*$")
_NUMBERING = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(]\d+[）)]|[一二三四五六七八九十]+[、.．])\s*")


@lru_cache(maxsize=None)
def vocabulary() -> dict:
    """The catalog's performance vocabulary (catalog/performance.yaml)."""
    return load("performance.yaml")


def squeeze(text: str) -> str:
    return _SPACES.sub("", text or "")


def plain_number(text: str) -> str | None:
    """`2,052` → `2052`, `75.66%` → `75.66`; None when the cell is no number."""
    text = squeeze(text).rstrip("%％")
    if not text or not NUMBER.match(text):
        return None
    return text.replace(",", "")


def is_number(text: str) -> bool:
    return plain_number(text) is not None


def is_bare_number(text: str) -> bool:
    """A number with no unit or percent sign: a weight or score cell, not an indicator value."""
    return bool(NUMBER.match(squeeze(text)))


def tab_cells(line: str) -> list[str]:
    """A tab-separated table line as stripped cell texts (empty cells kept: position matters)."""
    return [cell.strip() for cell in line.split("\t")]


def label(text: str) -> str:
    """A row label without spaces, list numbering (`1.`) and a trailing colon (`资金总额:`)."""
    return _COLON.sub("", _NUMBERING.sub("", squeeze(text)))


def level1_of(text: str) -> str | None:
    text = squeeze(text)
    return text if text in vocabulary()["level1"] else None


def level2_of(text: str, truncated: bool = False) -> str | None:
    """The level-2 label a cell prints; with `truncated`, also a label whose end the
    extraction cut off (`服务对象满意度指` in a narrow column)."""
    text = squeeze(text)
    names = vocabulary()["level2"]
    if text in names:
        return text
    if truncated and len(text) >= 6:
        for name in names:
            if name.startswith(text):
                return name
    return None


def grade_of(text: str) -> str | None:
    """The four-grade value of a printed grade (`优秀` → `优`), None when it is none."""
    return vocabulary()["grades"].get(squeeze(text).strip("“”\"'。."))


def result_band(text: str) -> str | None:
    """full | partial | poor for a qualitative result phrase, else None."""
    text = squeeze(text)
    for band, phrases in vocabulary()["qualitative_results"].items():
        if text in phrases:
            return band
    return None


def compact_value(text: str) -> str:
    """An indicator value as printed, spaces removed (`≥2 次` → `≥2次`)."""
    return squeeze(text)
