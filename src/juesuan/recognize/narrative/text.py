"""The text of the 情况说明 as a stream of figures: the part, its sections, each
section's lines joined (whitespace removed, so `决\n算`, `小\n于` and `582.\n36` read
as one word, every character remembering its line) and the tokens found in it (`X 万元`,
`x%`, `N 辆/个`, `为 万元` with no amount, `决算数小于预算数`, `增长13.95` without %).

A token's *label* is the words of its clause before it (`财政拨款收入` in
`其中：财政拨款收入 582.36 万元`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ...model import NarrativeFact, TextLine, Where
from ..normalize import squeeze, undouble

_PART = re.compile(r"^#*第[一二三四五六七八九十]+部分")
_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\d*$")
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")
MARKER = re.compile(
    r"(?:(?<=^)|(?<=[。；;：:]))(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]{1,3}[)）])")
_LINE_ITEM = re.compile(r"^(?:\d{1,2}[、．](?!\d)|\d{1,2}\.(?![\d])|[（(]\d{1,2}[)）])")
_INNER_MARKER = re.compile(r"[（(][一二三四五六七八九十\d]{1,3}[)）]|(?<![\d.])\d{1,2}[、．]")
# a figure as printed, also when mistyped: a thousands group of the wrong length
# (`1,89.02`), a lost leading digit (`.41`) or a lost decimal digit (`0.%`) — read as the
# number the writer printed, so that it is checked rather than silently skipped
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:,\d+)+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|\d+\.(?=[%％万])"
_TOKEN = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER})(?P<unit>万元|[%％]|辆|个|人次|台[（(]套[)）])"
    rf"|(?P<blank>(?<=[为结余入出计额金费算])万元|(?<=[\u4e00-\u9fff])[%％])"
    r"|(?P<cmp>决算数?(?P<rel>小于|大于|等于|低于|高于|超过)(?P<alt>[（(](?:小于|大于|等于)[)）])?(?:年初)?预算数?"
    r"|决算数?与(?:年初)?预算数?(?:基本)?(?:一致|相同|持平))"
    rf"|(?:(?<=增长)|(?<=下降)|(?<=占比)|(?<=预算的)|(?<=总额的))(?P<bare>{_NUMBER})(?![\d.,%％万元个辆人台次年月日倍项家批])"
)
BOUNDARY = "，,；;。：:"
SENTENCE = "。；;"
CHANGE = re.compile(
    r"(?P<dir>增加|减少|增长|下降|上升|降低|节约|超支)(?P<alt>[（(](?:增加|减少|增长|下降)[)）])?了?[（(]?$")
_HEAD_AFTER = re.compile(r"^(?:[，,：:]?)(?:其中|主要包括|主要用于|包括|具体)")
_THRESHOLD_AFTER = re.compile(r"^(?:[（(]含[)）])?以[上下]")
_LEAD = re.compile(
    r"^(?:[、，,：:]|其中[：:]?|主要包括[：:]?|主要用于以下方面[：:]?|包括[：:]?|即|分别为|"
    r"\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]{1,3}[)）]|"
    r"本(?:部门|单位)|(?:19|20)\d\d年度?)+")
_MEASURE = re.compile(
    r"(?:与(?:上年|(?:19|20)\d\d年度?)(?:决算|预算)?(?:数)?相比|[比较](?:上年|(?:19|20)\d\d年度?)(?:年初)?"
    r"(?:决算|预算)?数?|年初预算数?|全年预算数?|预算数?|支出决算数?|决算数?|执行数?|均为|为|各|共计|达到|了|"
    r"增加|减少|增长|下降|上升|降低|[（(）)]|其中|金额)")
DIRECTION = {"增加": 1, "增长": 1, "上升": 1, "超支": 1, "减少": -1, "下降": -1, "降低": -1, "节约": -1}


@dataclass
class Stream:
    """A section's text with whitespace removed; `where[i]` is the line of character i."""

    text: str = ""
    where: list[Where] = field(default_factory=list)
    lines: dict[int, TextLine] = field(default_factory=dict)  # index of first char → line
    markers: list[int] = field(default_factory=list)  # sub-heading / item starts
    sub: list[tuple[int, str]] = field(default_factory=list)  # (start, sub-heading)
    texts: dict[tuple, str] = field(default_factory=dict)  # line key → the line as printed

    def add(self, text: str, line: TextLine, boundary: bool = False) -> None:
        if boundary and self.text and self.text[-1] not in SENTENCE:
            self.text += "。"
            self.where.append(line.where)
        self.lines[len(self.text)] = line
        where = line.where
        self.texts.setdefault((where.page, where.line, where.sheet, where.cell), line.text.strip())
        self.text += text
        self.where.extend([line.where] * len(text))

    def spans(self, start: int, end: int) -> list[dict]:
        out: list[dict] = []
        seen: set = set()
        for index in range(start, max(start + 1, end)):
            if index >= len(self.where):
                break
            where = self.where[index]
            key = (where.page, where.line, where.sheet, where.cell)
            if key in seen:
                continue
            seen.add(key)
            line_text = self.texts.get(key, "")
            out.append({**where.to_dict(), "text": line_text})
        return out


@dataclass
class Section:
    heading: str
    stream: Stream


_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
_HASHES = re.compile(r"^\s*#+\s*")
_BULLET = re.compile(r"^\s*[-*]\s+")


@lru_cache(maxsize=1 << 14)
def clean(text: str) -> str:
    """A narrative line as comparable text: markup, list bullets, whitespace and doubling removed."""
    text = _MARKUP.sub("", text)
    text = _HASHES.sub("", text)
    text = _BULLET.sub("", text)
    return undouble(squeeze(text))


# a page number printed as a line of its own: `6`, `— 6 —`, `-6-`, `第6页`, `第6页 共20页`
_DECORATED_PAGE = re.compile(
    r"^(?:[-—–－─~～]+\d{1,4}[-—–－─~～]+|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|\d{1,4}/\d{1,4})$")
_BARE_PAGE = re.compile(r"^\d{1,4}$")
# a part heading that reads as finished; one that does not (`第三部分 某单位`) goes on
# over the next line(s) (`2017 年度部门预算情况说明`)
_PART_DONE = re.compile(r"(?:说明|概况|解释|表|附件|目录|信息|事项|报告|其他)[）)]?$")
_CONTINUES = 2  # lines a part heading may be continued over
_CONTINUATION_MAX = 30  # characters of one continuation line


def without_page_numbers(lines: list[TextLine]) -> list[TextLine]:
    """The lines without the page numbers printed among them. A PDF's footer comes out as
    a line between the last line of one page and the first of the next, so joining broken
    lines would read `增长` / `3` / `17.31%` as 317.31: a decorated number (`— 6 —`,
    `第6页`) is always a page number; a bare one (`3`) only when it is the first or last
    line of its page (a page is known: PDF), since elsewhere it may be part of a figure."""
    out: list[TextLine] = []
    for index, line in enumerate(lines):
        text = squeeze(line.text)
        if _DECORATED_PAGE.match(text):
            continue
        if _BARE_PAGE.match(text) and _at_page_edge(lines, index):
            continue
        out.append(line)
    return out


def _at_page_edge(lines: list[TextLine], index: int) -> bool:
    page = lines[index].where.page
    if page is None:
        return False
    before = lines[index - 1].where.page if index > 0 else None
    after = lines[index + 1].where.page if index + 1 < len(lines) else None
    return before != page or after != page


def explanation_lines(lines: list[TextLine]) -> list[TextLine]:
    """The lines of the 情况说明 part; all lines when the document prints no part headings.
    Page numbers are dropped first; a part heading broken over lines
    (`第三部分 某单位` / `2017 年度部门预算情况说明`) is read whole."""
    lines = without_page_numbers(lines)
    out: list[TextLine] = []
    inside = False
    found = False
    index = 0
    while index < len(lines):
        text = clean(lines[index].text)
        index += 1
        if _PART.match(text) and not _TOC.search(text):
            heading, index = _whole_part_heading(text, lines, index)
            inside = "说明" in heading
            found = found or inside
            continue
        if inside:
            out.append(lines[index - 1])
    return out if found else list(lines)


def _whole_part_heading(text: str, lines: list[TextLine], index: int) -> tuple[str, int]:
    """A part heading with the lines it goes on over; the index after them."""
    for _ in range(_CONTINUES):
        if "说明" in text or _PART_DONE.search(text) or index >= len(lines):
            break
        following = clean(lines[index].text)
        if (not following or len(following) > _CONTINUATION_MAX or following[-1] in "。；;：:，,"
                or _PART.match(following) or _HEADING.match(following) or _SUBHEADING.match(following)
                or _LINE_ITEM.match(following)):
            break
        text += following
        index += 1
    return text, index


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(text)) and len(text) <= 45 and not re.search(r"\d万元|\d[%％]", text)


def is_subheading(text: str) -> bool:
    return bool(_SUBHEADING.match(text)) and len(text) <= 40 and not re.search(r"\d万元|\d[%％]", text)


def sections(lines: list[TextLine]) -> list[Section]:
    """Split the part at its `一、…` headings (text before the first heading is section '');
    page numbers printed among the lines are dropped before the lines are joined."""
    out = [Section("", Stream())]
    for line in without_page_numbers(lines):
        text = clean(line.text)
        if not text:
            continue
        if is_heading(text):
            out.append(Section(text.rstrip("。."), Stream()))
            continue
        stream = out[-1].stream
        if is_subheading(text):
            stream.add("", line, boundary=True)
            stream.markers.append(len(stream.text))
            stream.sub.append((len(stream.text), text.rstrip("。.")))
            stream.add(text, line)
            stream.add("", line, boundary=True)
            continue
        if _LINE_ITEM.match(text):
            stream.add("", line, boundary=True)  # a numbered item starts a new sentence
        stream.add(text, line)
    return [s for s in out if s.stream.text]


@dataclass
class Token:
    kind: str
    start: int
    end: int
    value: Decimal | None
    unit: str
    printed: str
    label: str
    clause_start: int
    sentence_start: int
    head: bool = False  # followed by 其中 / 主要包括: the whole of a breakdown
    direction: int | None = None
    relation: int | None = None
    fact: NarrativeFact | None = None


def tokens(stream: Stream) -> list[Token]:
    text = stream.text
    out: list[Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        clause = max(text.rfind(ch, 0, start) for ch in BOUNDARY) + 1
        clause = max(clause, previous_end)
        sentence = max(text.rfind(ch, 0, start) for ch in SENTENCE) + 1
        label = text[clause:start]
        if not label and clause > 0 and text[clause - 1] in "：:" and clause - 1 > previous_end:
            # `（1）某项目：420.9万元`: the name is the clause before the colon
            before = max(text.rfind(ch, 0, clause - 1) for ch in BOUNDARY) + 1
            label = text[max(before, previous_end):clause - 1]
        marker = None
        for marker in _INNER_MARKER.finditer(label):
            pass
        if marker is not None and marker.start() > 0:
            label = label[marker.start():]  # `…填写）（二）公用经费`: the item starts at its marker
            clause += len(text[clause:start]) - len(label)
        if match.group("cmp"):
            relation = {"小于": -1, "低于": -1, "大于": 1, "高于": 1, "超过": 1, "等于": 0}.get(
                match.group("rel") or "", 0)
            if match.group("alt"):
                relation = None
            out.append(Token("comparison", start, end, None, "", match.group(0), label, clause,
                             sentence, relation=relation))
            previous_end = end
            continue
        if match.group("bare"):
            # `增长13.95。`: a percentage printed without its %
            out.append(Token("unitless", start, end, Decimal(match.group("bare").replace(",", "")), "",
                             match.group("bare"), label, clause, sentence))
            previous_end = end
            continue
        if match.group("blank"):
            unit = "%" if match.group("blank") in "%％" else "万元"
            out.append(Token("blank", start, end, None, unit, "", label, clause, sentence))
            previous_end = end
            continue
        printed = match.group("num")
        unit = match.group("unit").replace("％", "%").replace("(", "（").replace(")", "）")
        after = text[end:end + 12]
        if unit == "万元" and _THRESHOLD_AFTER.match(after):
            previous_end = end
            continue
        value = Decimal(printed.replace(",", ""))
        kind = "amount" if unit == "万元" else "percent" if unit == "%" else "count"
        token = Token(kind, start, end, value, unit, printed, label, clause, sentence)
        change = CHANGE.search(label)
        if change and kind in ("amount", "percent"):
            token.kind = "change"
            token.direction = None if change.group("alt") else DIRECTION[change.group("dir")]
        elif kind == "percent":
            if "完成" in label:
                token.kind = "completion"
            elif "占" in label:
                token.kind = "share"
            else:
                token.kind = "percent"
        if token.kind == "amount" and _HEAD_AFTER.match(after):
            token.head = True
        out.append(token)
        previous_end = end
    return out


@lru_cache(maxsize=1 << 14)
def name_of(label: str) -> str:
    """The naming words of a label: leading connectives, years and ordinals removed."""
    label = _LEAD.sub("", label)
    return label.strip("、，,：:（(")


def subject_words(label: str) -> str:
    """What is left of a label when its measure words are removed (`支出决算为` → '')."""
    return _MEASURE.sub("", name_of(label))


def topic_subject(topic: str) -> str:
    """A topic without the measure words it ends in (`…支出年初预算为` → `…支出`)."""
    return re.sub(r"(?:年初预算|全年预算|预算|支出决算|决算|执行|数|均为|为|是)+$", "", name_of(topic))
