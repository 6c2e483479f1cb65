"""From a region's text lines to a stream of tokens (names and amounts) with their spacing.

PDF text keeps a table's cells in reading order joined by single spaces, so a blank cell
shows only as one more space (`67.00  67.00` = a number, a blank, a number); a bold cell
may be printed twice (`1009.831009.83`, `合计合计`), glued to its neighbour
(`1009.83一、一般公共服务支出`), and a blank cell of a bold row may be a space of its own.
A cell whose text wraps is printed on lines of its own, the cells after it on the next
line. Page footers, the running title and the table's own heading sit among the rows.

This module only describes what is printed — tokens, the spaces before them, the spaces
after a line — and leaves deciding which column a number belongs to to `placement`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Callable, Iterable

from ...model import TextLine, Where
from ..classify import classify_title, find_label
from ..header import amount_unit
from ..normalize import normalize_name, squeeze, undouble
from ..segment import PART_HEADING

_AMOUNT = re.compile(r"^[-−]?(?:\d+(?:\.\d+)?|\.\d+)$")  # `.78`: its leading digit lost, still an amount
_NUM_START = re.compile(r"[-−]?\d[\d,.]*|\A\.\d+\Z")
_PAGE_FOOTER = re.compile(r"^(?:[-—－–]\d{1,4}[-—－–]|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4})$")
_RUNNING_TITLE = re.compile(r"(?:19|20)\d\d年.*(?:预算|决算)(?:公开)?(?:报告|说明|公开|报表)$")
_HEADER_INFO = re.compile(r"(?:单位名称|部门名称|编制单位|预算单位|编制部门|部门|单位)[:：]")
_NOTE = re.compile(r"^(?:注|说明|备注)\d*[:：]")
_TOTAL = re.compile(r"(?:合计|总计)$")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,3}$")
_BLANK_WORD = re.compile(r"(^|[ \t])(?:-{1,3}|—{1,3}|－|–|/|…)(?=[ \t]|$)()")
_WORD = re.compile(r"[^ \t\u00a0\u3000]+")


@dataclass
class Token:
    """A name or an amount as printed, with the spaces before it on its line."""

    kind: str  # "num" | "text"
    text: str  # an amount without separators, or the (undoubled) printed text
    where: Where
    gap: int  # spaces before it on its line (for the first token: the line's lead)
    first: bool  # the first token of its printed line
    indent: int = 0  # ideographic spaces opening its line (the row's indentation)
    trailing: int | None = None  # spaces after it when it ends its line
    value: Decimal | None = None

    @property
    def is_integer(self) -> bool:
        return self.kind == "num" and "." not in self.text


@dataclass
class Line:
    tokens: list[Token]
    trailing: int
    where: Where
    raw: str

    @property
    def blank_cells(self) -> bool:
        """A line of spaces only: the blank cells after a wrapped cell."""
        return not self.tokens and bool(self.raw) and not self.raw.strip(" \t\u3000\u00a0")


@lru_cache(maxsize=1 << 14)
def parse_amount_text(text: str) -> Decimal | None:
    """A printed amount (thousands separators, bold doubling removed), or None."""
    raw = text.replace(",", "").replace("−", "-")
    if not _AMOUNT.match(raw):
        raw = undouble(text).replace(",", "").replace("−", "-")
        if not _AMOUNT.match(raw):
            return None
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern guards this
        return None


def _amount_text(text: str) -> str:
    raw = text.replace(",", "").replace("−", "-")
    return raw if _AMOUNT.match(raw) else undouble(text).replace(",", "").replace("−", "-")


def split_word(word: str) -> list[tuple[str, str]]:
    """`1009.831009.83本年支出合计本年支出合计` → [("num", "1009.83"), ("text", "本年支出合计")].

    A run of digits glued to a following name (`2023年…`) is part of the name; an amount
    with a decimal point glued to a name on either side is split from it."""
    return list(_split_word(word))


@lru_cache(maxsize=1 << 14)
def _split_word(word: str) -> tuple[tuple[str, str], ...]:
    """split_word, cached (the same labels and amounts recur on every page)."""
    parts: list[tuple[str, str]] = []
    text_start = 0
    pos = 0
    while pos < len(word):
        previous = word[pos - 1] if pos else ""
        match = _NUM_START.match(word, pos)
        if match and not (previous and (previous.isdigit() or previous in ".,")):
            head = match.group(0).rstrip(",")
            end = pos + len(head)
            tail = word[end:]
            amount = parse_amount_text(head)
            standalone = pos == 0 and not tail
            if amount is not None and (standalone or "." in head):
                if pos > text_start:
                    parts.append(("text", undouble(word[text_start:pos])))
                parts.append(("num", _amount_text(head)))
                pos = text_start = end
                continue
            pos = end
            continue
        pos += 1
    if text_start < len(word):
        parts.append(("text", undouble(word[text_start:])))
    return tuple(parts)


def tokenize(line: TextLine) -> Line:
    """One printed line as tokens with the spaces between them; a printed blank (`-`,
    `——`) reads as the blank cell it is, i.e. as spaces."""
    raw = _BLANK_WORD.sub(lambda m: m.group(1) + " " + m.group(2), line.text.rstrip("\r\n"))
    position = 0
    lead = indent = 0
    while position < len(raw) and raw[position] in " \t\u3000\u00a0":
        if raw[position] == "\u3000":
            indent += 1
        else:
            lead += 1
        position += 1
    tokens: list[Token] = []
    end = position
    for match in _WORD.finditer(raw[position:]):
        start = position + match.start()
        gap = lead if not tokens else start - end
        end = position + match.end()
        for number, (kind, text) in enumerate(_split_word(match.group(0))):
            token = Token(kind, text, line.where, gap if number == 0 else 0, not tokens, indent)
            if kind == "num":
                token.value = parse_amount_text(text)
            tokens.append(token)
    trailing = len(raw) - end if tokens else len(raw)
    if tokens:
        tokens[-1].trailing = trailing
    return Line(tokens, trailing, line.where, raw)


@lru_cache(maxsize=1 << 14)
def is_noise(text: str, kind: str) -> bool:
    """A line of the page, not of the table: footer, running title, part heading, the
    table's printed number or title, the unit/amount-unit line."""
    flat = undouble(squeeze(text))
    if not flat:
        return False
    if _PAGE_FOOTER.match(flat) or PART_HEADING.match(text.strip()):
        return True
    if _RUNNING_TITLE.search(flat) and not re.search(r"\d\.\d", flat):
        return True
    label = find_label(text)
    if label and len(squeeze(text)) - len(label) <= 2:
        return True
    if classify_title(text) == kind:
        return True
    return bool(_HEADER_INFO.search(flat) or amount_unit([text]))


def is_note(text: str) -> bool:
    return bool(_NOTE.match(undouble(squeeze(text))))


def is_column_numbers(line: Line) -> bool:
    """The 栏次 line `1 2 3 4 5 6 7`."""
    values = [t.text for t in line.tokens]
    return (len(values) >= 2 and all(t.is_integer for t in line.tokens)
            and values == [str(i) for i in range(1, len(values) + 1)])


def is_total_name(name: str) -> bool:
    return bool(_TOTAL.search(name))


def is_code(token: Token) -> bool:
    return token.kind == "num" and token.is_integer and bool(_CODE.match(token.text))


@dataclass
class Body:
    """A table split into its header text, its 栏次 count and its content lines."""

    header: str
    column_numbers: int | None
    lines: list[Line]
    notes: list[str] = field(default_factory=list)
    unit: str | None = None


def split_table(text_lines: Iterable[TextLine], kind: str,
                row_start: Callable[[Line], bool], unit_only: bool = False) -> Body:
    """Header lines (up to the first data row or the 栏次 line), content lines, notes.
    `unit_only`: only Body.unit is wanted (a table read from grids), so the lines after
    the amount unit or the header are not read — the unit is the same."""
    header: list[str] = []
    body: list[Line] = []
    notes: list[str] = []
    unit = None
    column_numbers = None
    in_body = False
    first_header: str | None = None  # the header's first line, to know it when repeated
    repeating = False
    for text_line in text_lines:
        text = text_line.text
        if not in_body:
            unit = unit or amount_unit([text])
        if unit_only and (unit or in_body):
            break  # the unit is only read before the body, and never replaced
        if notes or is_note(text):
            notes.append(text)
            continue
        if is_noise(text, kind):
            continue
        line = tokenize(text_line)
        if not in_body:
            if line.tokens and is_column_numbers(line):
                column_numbers = len(line.tokens)
                in_body = True
                continue
            if line.tokens and _starts_data(line, row_start):
                in_body = True
            else:
                if line.tokens and first_header is None:
                    first_header = squeeze(text)
                header.extend(t.text for t in line.tokens)
                continue
        elif line.tokens:  # the header printed again on the next page: skipped
            if is_column_numbers(line):
                repeating = False
                continue
            if squeeze(text) == first_header:
                repeating = True
                continue
            if repeating:
                if not _starts_data(line, row_start):
                    continue
                repeating = False
        body.append(line)
    return Body("".join(undouble(squeeze(h)) for h in header), column_numbers, body, notes, unit)


def _starts_data(line: Line, row_start: Callable[[Line], bool]) -> bool:
    if any(t.kind == "num" and not t.is_integer for t in line.tokens):
        return True
    if any(t.kind == "num" for t in line.tokens[1:]):
        return True
    spaced = line.trailing > 0 or any(t.gap >= 2 for t in line.tokens[1:])
    return spaced and row_start(line)


def stream(lines: list[Line], joins: Callable[[str, str], bool] | None = None) -> list[Token]:
    """The content tokens in reading order, a name wrapped over several lines rejoined.

    A line that ends in a name with no space after it continues on the next printed line
    when that line starts with a name at its very beginning (no blank cell, no indent)."""
    out: list[Token] = []
    open_text: Token | None = None
    for line in lines:
        if not line.tokens:
            if line.blank_cells:
                open_text = None
            continue
        tokens = list(line.tokens)
        first = tokens[0]
        if (open_text is not None and first.kind == "text" and first.gap == 0
                and first.indent == 0 and (joins is None or joins(open_text.text, first.text))):
            open_text.text += first.text
            open_text.trailing = first.trailing
            tokens = tokens[1:]
            if not tokens:
                if open_text.trailing:
                    open_text = None
                continue  # else still open: the name may go on
        out.extend(tokens)
        last = tokens[-1]
        open_text = last if last.kind == "text" and not last.trailing else None
    return out


def label_key(text: str) -> str:
    return normalize_name(text)
