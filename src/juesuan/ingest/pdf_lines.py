"""Characters → visual lines → text, for running text and for the inside of table cells.

A line is the characters whose vertical centres fall within one band, read left to
right. Spaces come from the PDF (a space character, or one PDFium generated for a gap)
or from a wide gap; between two Chinese characters a space is dropped inside a cell
(`因 公 出 国` printed justified is `因公出国`) but kept in running text, where it
separates a heading's number from its words.
"""
from __future__ import annotations

from operator import itemgetter

from .pdf_page import Char

_X0 = itemgetter(0)
_WIDE_GAP = 0.9  # a gap wider than this many line heights is a space even without a space char


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x3000 <= code <= 0x303F or 0x2000 <= code <= 0x206F or 0x20000 <= code <= 0x3FFFF)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Chars in visual lines, top to bottom, each line left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c[1] + c[3])
    lines: list[list[Char]] = []
    current = [ordered[0]]
    top, bottom = ordered[0][1], ordered[0][3]
    for char in ordered[1:]:
        middle = (char[1] + char[3]) / 2
        if middle <= bottom and middle >= top:
            current.append(char)
            continue
        lines.append(current)
        current = [char]
        top, bottom = char[1], char[3]
    lines.append(current)
    for line in lines:
        line.sort(key=_X0)
    return lines


def line_text(line: list[Char], tight_cjk: bool) -> str:
    """The text of one visual line (chars sorted left to right)."""
    previous = line[0]
    parts = [previous[4]]
    for char in line[1:]:
        height = char[3] - char[1]
        if height < 1.0:
            height = 1.0
        gap = char[0] - previous[2]
        if (char[5] or gap > _WIDE_GAP * height) and gap > -0.5 * height:
            if not tight_cjk or not (is_cjk(previous[4]) or is_cjk(char[4])):
                parts.append(" ")
        parts.append(char[4])
        previous = char
    return "".join(parts)


def cell_text(chars: list[Char]) -> str:
    """The text of a table cell: its lines joined, a wrapped word or number kept whole."""
    if len(chars) == 1:
        return chars[0][4]
    top, bottom = chars[0][1] * 2, chars[0][3] * 2
    for c in chars:  # one line: the common case
        middle = c[1] + c[3]
        if middle < top or middle > bottom:
            break
    else:
        return line_text(sorted(chars), tight_cjk=True)
    lines = group_lines(chars)
    text = ""
    for line in lines:
        piece = line_text(line, tight_cjk=True)
        if text and piece and text[-1].isascii() and text[-1].isalpha() and piece[0].isascii() and piece[0].isalpha():
            text += " "
        text += piece
    return text


def bbox(chars: list[Char]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom, _, _ = zip(*chars)  # transposed at C speed
    return (min(x0), min(top), max(x1), max(bottom))
