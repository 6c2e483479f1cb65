"""Normalize printed text and amounts the way spec/cell-addresses.md defines.

A name loses its whitespace and leading ordinal, a bold text doubled by the PDF
extractor is reduced to one copy, and an amount becomes a Decimal (or None for a blank,
`——` or `-`). Every later step compares normalized strings only.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_ORDINAL = re.compile(
    r"^(?:"
    r"[（(][一二三四五六七八九十百零〇\d]+[）)]"  # （三） (3)
    r"|[一二三四五六七八九十百零〇]+[、.．]"  # 一、 十二.
    r"|\d+[、.．](?!\d)"  # 1. 2、
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"
    r"|其中[:：]"
    r")"
)
_BLANKS = {"", "-", "--", "—", "——", "———", "－", "–", "/", "…", "——————"}
_AMOUNT = re.compile(r"^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$")  # `.83`: a cell whose leading digit was lost is still read
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")


_CACHE = 1 << 16  # printed texts repeat (labels, headers, footers): pure string functions are cached


@lru_cache(maxsize=_CACHE)
def squeeze(text: str) -> str:
    """Remove every kind of whitespace (PDF text breaks words with spaces and newlines)."""
    return _SPACES.sub("", text)


def undouble(text: str) -> str:
    """`项目项目` → `项目`, `1009.831009.83` → `1009.83`: the bold-rendering artifact."""
    n = len(text)
    if n >= 2 and n % 2 == 0 and text[: n // 2] == text[n // 2 :]:
        return text[: n // 2]
    return text


@lru_cache(maxsize=_CACHE)
def strip_ordinal(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _ORDINAL.sub("", text, count=1)
    return text


@lru_cache(maxsize=_CACHE)
def normalize_name(text: str) -> str:
    """The row/column key of a printed name (spec: whitespace, ordinal and doubling removed)."""
    text = unicodedata.normalize("NFC", text)
    text = squeeze(text)
    text = undouble(text)
    text = strip_ordinal(text)
    return undouble(text)


def parse_amount(text: str) -> Decimal | None:
    """A printed amount as a Decimal; None for a blank cell. Raises ValueError otherwise."""
    raw = squeeze(text).translate(_FULLWIDTH)
    if raw in _BLANKS:
        return None
    raw = undouble(raw)
    raw = raw.replace(",", "")
    negative = False
    if raw.startswith("(") and raw.endswith(")") or raw.startswith("（") and raw.endswith("）"):
        raw, negative = raw[1:-1], True
    if not _AMOUNT.match(raw):
        raise ValueError(f"not an amount: {text!r}")
    try:
        value = Decimal(raw)
    except InvalidOperation as error:  # pragma: no cover - regex guards this
        raise ValueError(f"not an amount: {text!r}") from error
    return -value if negative else value


def is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False
