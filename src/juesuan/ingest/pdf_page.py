"""One PDF page as plain data: its characters with boxes and its ruling lines.

Step one of the PDF reader (`python -m juesuan.ingest.pdf FILE --page N --step chars`).
Everything is in display space — origin at the top-left of the page as a viewer shows
it, y growing downwards — so a page with `/Rotate 90` reads like any landscape page, and
a page whose content was turned instead (text running up or down a portrait page) is
turned back so that its text reads left to right.

Speed matters here (the reader must stay within 2x of a bare pypdfium2 pass), so the
loops call the raw PDFium functions with preallocated ctypes buffers: one `GetText` for
the whole page and one `GetLooseCharBox` per character. Loose boxes (font ascent to
descent) rather than glyph ink boxes, so that `一` and `口` on one line share a top and a
bottom.
"""
from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass, field

import pypdfium2.raw as raw

# a character: (x0, top, x1, bottom, text, space_before)
Char = tuple[float, float, float, float, str, bool]


@dataclass(slots=True)
class Rule:
    """A ruling line: horizontal (`y` fixed, `a`..`b` along x) or vertical (x fixed, y from a to b)."""

    horizontal: bool
    at: float
    a: float
    b: float


@dataclass(slots=True)
class PageData:
    number: int  # 1-based
    width: float
    height: float
    rotation: int
    chars: list[Char] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: int = 0


# control characters PDFium generates (line breaks) and spaces: a space before the next char
_SKIP = {"\r", "\n", "\x00", "\ufffe", "\uffff", "\x02", " ", "\u3000", "\xa0"}
_THIN = 3.0  # a filled or stroked path thinner than this is a ruling line
_RECT = struct.Struct("4f")  # an FS_RECTF's fields: left, top, right, bottom (C floats)


def _transform(rotation: int, crop: tuple[float, float, float, float]):
    """user-space box (l, b, r, t) → display box (x0, top, x1, bottom) for this page."""
    cl, cb, cr, ct = crop
    if rotation == 90:
        return lambda l, b, r, t: (b - cb, l - cl, t - cb, r - cl)
    if rotation == 180:
        return lambda l, b, r, t: (cr - r, b - cb, cr - l, t - cb)
    if rotation == 270:
        return lambda l, b, r, t: (ct - t, cr - r, ct - b, cr - l)
    return lambda l, b, r, t: (l - cl, ct - t, r - cl, ct - b)


def read_page(pdf, index: int, want_rules: bool = True) -> PageData:
    """Characters (and, if wanted, ruling lines) of page `index` (0-based) of a PdfDocument."""
    page = pdf[index]
    try:
        rotation = page.get_rotation() % 360
        crop = page.get_cropbox()
        data = PageData(index + 1, page.get_width(), page.get_height(), rotation)
        to_display = _transform(rotation, crop)
        textpage = page.get_textpage()
        try:
            data.chars = _chars(textpage.raw, rotation, to_display, (crop[0], crop[3], crop[1]))
        finally:
            textpage.close()
        if want_rules:
            data.rules, data.images = _rules(page.raw, to_display, (crop[0], crop[3]) if rotation == 0 else None)
    finally:
        page.close()
    turn = text_turn(data.chars)
    if turn:
        _turn_page(data, turn)
    return data


def text_turn(chars: list[Char], sample: int = 120) -> int:
    """+1 when the page's text runs upwards, -1 when downwards (a landscape table printed
    on a portrait page by rotating its content, with no /Rotate), 0 when it reads across."""
    across = up = down = 0
    previous = None
    for char in chars[:sample]:
        if previous is not None:
            dx = (char[0] + char[2]) - (previous[0] + previous[2])
            dy = (char[1] + char[3]) - (previous[1] + previous[3])
            size = (char[2] - char[0]) + (char[3] - char[1])  # two box sides: the same scale as dx, dy
            if abs(dx) <= 1.5 * size and abs(dy) <= 1.5 * size:  # neighbours on one line
                if abs(dx) > 2 * abs(dy):
                    across += 1
                    if across >= 30 and not up and not down:
                        return 0  # the common case, decided early
                elif abs(dy) > 2 * abs(dx):
                    if dy < 0:
                        up += 1
                    else:
                        down += 1
        previous = char
    vertical = up + down
    if vertical < 20 or vertical < 3 * across:
        return 0
    return 1 if up >= down else -1


def _turn_page(data: PageData, turn: int) -> None:
    """Turn a page's characters and rules so that its text reads left to right."""
    width, height = data.width, data.height
    if turn > 0:  # text runs up: turn the page clockwise, (x, y) → (H - y, x)
        def point(x: float, y: float) -> tuple[float, float]:
            return height - y, x
    else:  # text runs down: turn it counter-clockwise, (x, y) → (y, W - x)
        def point(x: float, y: float) -> tuple[float, float]:
            return y, width - x
    chars = []
    for x0, top, x1, bottom, ch, space in data.chars:
        ax, ay = point(x0, top)
        bx, by = point(x1, bottom)
        chars.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), ch, space))
    data.chars = chars
    rules = []
    for rule in data.rules:
        if rule.horizontal:
            (ax, ay), (bx, by) = point(rule.a, rule.at), point(rule.b, rule.at)
        else:
            (ax, ay), (bx, by) = point(rule.at, rule.a), point(rule.at, rule.b)
        if abs(ay - by) < abs(ax - bx):
            rules.append(Rule(True, (ay + by) / 2, min(ax, bx), max(ax, bx)))
        else:
            rules.append(Rule(False, (ax + bx) / 2, min(ay, by), max(ay, by)))
    data.rules = rules
    data.width, data.height = height, width
    data.rotation = (data.rotation + (90 if turn > 0 else 270)) % 360


def _chars(textpage, rotation: int, to_display, crop_origin: tuple[float, float, float]) -> list[Char]:
    """(x0, top, x1, bottom, text, space_before) per printed character; `crop_origin` is
    (left, top, bottom) of the crop box. Rotations 0 and 90 are inlined: this is the hot loop."""
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP: fall back to one call per character
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    rect = raw.FS_RECTF()
    loose = raw.FPDFText_GetLooseCharBox
    out: list[Char] = []
    append = out.append
    box = _RECT.unpack_from  # (left, top, right, bottom) of `rect` in one call
    skip = _SKIP
    space = False
    if rotation == 0:  # unrotated page (the common case), origin at the crop box; _printed inlined
        cl, ct = crop_origin[0], crop_origin[1]
        for i, ch in enumerate(text):
            if ch in skip:
                space = True
                continue
            loose(textpage, i, rect)
            left, top, right, bottom = box(rect)
            append((left - cl, ct - top, right - cl, ct - bottom, ch, space))
            space = False
        return out
    if rotation == 90:  # Jiangsu landscape tables: x along user y, y along user x; _printed inlined
        cl, cb = crop_origin[0], crop_origin[2]
        for i, ch in enumerate(text):
            if ch in skip:
                space = True
                continue
            loose(textpage, i, rect)
            left, top, right, bottom = box(rect)
            append((bottom - cb, left - cl, top - cb, right - cl, ch, space))
            space = False
        return out
    for i, ch, space in _printed(text):
        loose(textpage, i, rect)
        x0, top, x1, bottom = to_display(rect.left, rect.bottom, rect.right, rect.top)
        if x0 > x1:
            x0, x1 = x1, x0
        if top > bottom:
            top, bottom = bottom, top
        append((x0, top, x1, bottom, ch, space))
    return out


def _printed(text: str):
    """(index, character, space_before) of every character that is printed: the spaces
    and control characters of `_SKIP` are no character, only a space before the next."""
    space = False
    skip = _SKIP
    for i, ch in enumerate(text):
        if ch in skip:
            space = True
            continue
        yield i, ch, space
        space = False


def _rules(page, to_display, upright: tuple[float, float] | None = None) -> tuple[list[Rule], int]:
    """Ruling lines drawn as thin paths (lines, hairline rectangles) or rectangle outlines.
    `upright` (crop left, crop top) on an unrotated page: thin paths take a fast path."""
    rules: list[Rule] = []
    images = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = tuple(ctypes.byref(value) for value in (left, bottom, right, top))  # made once, not per call
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    get_type = raw.FPDFPageObj_GetType
    get_object = raw.FPDFPage_GetObject
    bounds = raw.FPDFPageObj_GetBounds
    path_type, image_type, form_type = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
    up_left, up_top = upright if upright is not None else (0.0, 0.0)
    stack = [(page, raw.FPDFPage_CountObjects(page), get_object, None)]
    while stack:
        parent, count, getter, form_matrix = stack.pop()
        for k in range(count):
            obj = getter(parent, k)
            kind = get_type(obj)
            if kind == path_type:
                if not bounds(obj, *refs):
                    continue
                if upright is not None and form_matrix is None:  # hot path: most paths are thin lines
                    l, b, r, t = left.value, bottom.value, right.value, top.value
                    if t - b <= _THIN and r - l > _THIN:
                        rules.append(Rule(True, up_top - (b + t) * 0.5, l - up_left, r - up_left))
                        continue
                    if r - l <= _THIN and t - b > _THIN:
                        rules.append(Rule(False, (l + r) * 0.5 - up_left, up_top - t, up_top - b))
                        continue
                box = (left.value, bottom.value, right.value, top.value)
                if form_matrix is not None:
                    box = _apply(form_matrix, box)
                x0, y0, x1, y1 = to_display(*box)
                width, height = x1 - x0, y1 - y0
                if width < 0 or height < 0:
                    x0, x1 = min(x0, x1), max(x0, x1)
                    y0, y1 = min(y0, y1), max(y0, y1)
                    width, height = x1 - x0, y1 - y0
                if height <= _THIN and width > _THIN:
                    rules.append(Rule(True, (y0 + y1) / 2, x0, x1))
                elif width <= _THIN and height > _THIN:
                    rules.append(Rule(False, (x0 + x1) / 2, y0, y1))
                elif width > _THIN and height > _THIN:
                    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
                    if stroke.value and _is_rectangle(obj):
                        rules.append(Rule(True, y0, x0, x1))
                        rules.append(Rule(True, y1, x0, x1))
                        rules.append(Rule(False, x0, y0, y1))
                        rules.append(Rule(False, x1, y0, y1))
                    elif raw.FPDFPath_CountSegments(obj) > 5:
                        rules.extend(_segments(obj, to_display))
            elif kind == image_type:
                images += 1
            elif kind == form_type:
                # a form XObject: its objects' bounds are in form space, mapped by its matrix
                matrix = raw.FS_MATRIX()
                if raw.FPDFPageObj_GetMatrix(obj, matrix):
                    own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                    stack.append((obj, raw.FPDFFormObj_CountObjects(obj), raw.FPDFFormObj_GetObject,
                                  own if form_matrix is None else _compose(own, form_matrix)))
    return rules, images


def _apply(m, box):
    """The bounding box of `box` (l, b, r, t) mapped by the affine matrix m."""
    a, b, c, d, e, f = m
    l, bo, r, t = box
    xs, ys = [], []
    for x, y in ((l, bo), (l, t), (r, bo), (r, t)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _compose(inner, outer):
    """The matrix applying `inner` first, then `outer`."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _is_rectangle(obj) -> bool:
    return raw.FPDFPath_CountSegments(obj) in (4, 5)


def _segments(obj, to_display) -> list[Rule]:
    """Straight axis-parallel segments of a many-segment path (a grid drawn as one path)."""
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    ma, mb, mc, md, me, mf = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    get_segment, get_point, get_type = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetPoint, raw.FPDFPathSegment_GetType
    points: list[tuple[int, float, float]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = get_segment(obj, i)
        get_point(segment, x_ref, y_ref)
        xv, yv = x.value, y.value
        px = ma * xv + mc * yv + me
        py = mb * xv + md * yv + mf
        points.append((get_type(segment), px, py))
    out: list[Rule] = []
    previous = None
    lineto = raw.FPDF_SEGMENT_LINETO
    for kind, px, py in points:
        if kind == lineto and previous is not None:
            x0, y0, x1, y1 = to_display(min(previous[0], px), min(previous[1], py),
                                        max(previous[0], px), max(previous[1], py))
            if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > _THIN:
                out.append(Rule(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > _THIN:
                out.append(Rule(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        previous = (px, py)
    return out
