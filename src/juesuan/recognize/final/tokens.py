"""Text from a PDF, read as a stream of atoms: names, integers, amounts, blanks.

Why: extraction breaks one table row over many lines and one number over two (`582.` /
`36`, `587` / `.09`, `0.0` / `0`, a 行次 `3` / `3`). Reading line by line loses the row;
reading the region as one stream, and joining an amount's pieces until it has the
table's number of decimals, keeps every printed number whole and in order. What an
integer is (a 行次, a subject code, the tail of a split number) only the mapper knows,
so atoms stay uninterpreted here.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...model import TextLine, Where
from ..normalize import squeeze, undouble

_INT = re.compile(r"^\d+$")
_DEC = re.compile(r"^-?\d+\.\d*$")
_FRAC = re.compile(r"^\.\d+$")
_BLANK = {"-", "--", "—", "——", "———", "－", "–", "/", "……"}
_STARTS_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")
_NOTE = re.compile(r"^\s*(?:注|说明)\s*[:：]")
_LANCI = re.compile(r"栏\s*次")


@dataclass(frozen=True, slots=True)
class Atom:
    """One printed piece: kind is `name`, `int`, `dec` (has a point), `frac` (`.09`) or `blank`."""

    kind: str
    text: str
    where: Where


def atoms(lines: list[TextLine]) -> list[Atom]:
    """The lines as atoms in reading order; name pieces of one cell joined."""
    out: list[Atom] = []
    for line in lines:
        for raw in line.text.split():
            atom = _atom(raw, line.where)
            if atom is None:
                continue
            last = out[-1] if out else None
            if (atom.kind == "name" and last is not None and last.kind == "name"
                    and not _STARTS_ORDINAL.match(atom.text)):
                out[-1] = Atom("name", last.text + atom.text, last.where)
            else:
                out.append(atom)
    return out


def _atom(raw: str, where: Where) -> Atom | None:
    text = raw.replace(",", "").replace("，", "") if re.search(r"\d", raw) else raw
    if text in _BLANK:
        return Atom("blank", text, where)
    if text.count(".") == 2:
        single = undouble(text)
        if single != text:
            text = single
    if _INT.match(text):
        return Atom("int", text, where)
    if _DEC.match(text):
        return Atom("dec", text, where)
    if _FRAC.match(text):
        return Atom("frac", text, where)
    if not text:
        return None
    return Atom("name", undouble(text), where)


def decimals_of(text: str) -> int:
    return len(text) - text.index(".") - 1 if "." in text else 0


def table_decimals(stream: list[Atom]) -> int:
    """How many decimals the table prints (2 for 万元 tables): the most common count."""
    counts = Counter(decimals_of(a.text) for a in stream if a.kind == "dec" and decimals_of(a.text) > 0)
    # a tie goes to more decimals: the pieces of broken amounts have fewer
    return max(counts, key=lambda d: (counts[d], d)) if counts else 2


def starts_amount(stream: list[Atom], index: int) -> bool:
    """Does an amount begin here: `582.36`, `582.`, or an integer whose decimals follow (`587` `.09`)."""
    atom = stream[index]
    if atom.kind == "dec":
        return True
    return (atom.kind == "int" and index + 1 < len(stream) and stream[index + 1].kind == "frac")


def read_amount(stream: list[Atom], index: int, decimals: int, join: bool = True) -> tuple[str, int, bool]:
    """Join the pieces of the amount starting at `index`.

    Returns (text, index after it, complete). Pieces are joined while the amount has fewer
    than the table's decimals and the next atom supplies them (`582.` `36`, `0.0` `0`);
    with `join` False only a `.09` piece is (the caller knows the digits that follow
    belong to other cells first)."""
    text = stream[index].text
    index += 1
    if "." not in text and index < len(stream) and stream[index].kind == "frac":
        text += stream[index].text
        index += 1
    while join and decimals_of(text) < decimals and index < len(stream) and stream[index].kind == "int":
        piece = stream[index].text
        if len(piece) > decimals - decimals_of(text):
            break
        text += piece
        index += 1
    if text.endswith("."):
        return text, index, False
    return text, index, decimals_of(text) >= decimals


def body_lines(lines: list[TextLine]) -> list[TextLine]:
    """The data part of a text region: after the 栏次 line (or the unit line), up to the note."""
    start = 0
    for index, line in enumerate(lines):
        if _LANCI.search(line.text):
            start = index + 1
    if start == 0:
        for index, line in enumerate(lines):
            text = squeeze(line.text)
            if "单位:" in text or "单位：" in text:
                start = index + 1
                break
    out: list[TextLine] = []
    for line in lines[start:]:
        if _NOTE.match(line.text):
            break
        out.append(line)
    return out
