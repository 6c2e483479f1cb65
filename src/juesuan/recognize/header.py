"""Read what a table's header lines state: the amount unit, the unit's name, the year.

`金额单位：万元`, `单位：元`, `部门：随州市…`, `单位名称：…`, `编制单位：…` — the header
carries them on one line in most layouts and on separate lines in others.

The unit's name is derived here and only here (store/units.py normalizes it into a
cross-year key): the table header's `部门：…` field when it is clean, else the document's
title (`<unit><year>年度部门预算`, `<year>年度<unit>预算公开`, possibly broken over the
first lines). A candidate that is a heading (`第二部分…`), a sentence fragment
(`…宾馆、…宾馆。`) or cut off by a line break (`江苏省人大` before `常委会办公厅`) is no
name.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from .normalize import squeeze, undouble

_AMOUNT_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|千元|元|亿元)")
_UNIT_NAME = re.compile(
    r"(?:部门名称|单位名称|预算单位|编制单位|部门|单位)[:：]\s*(?P<name>[^\s:：]{3,40}?)"
    r"(?=\s|金额单位|单位[:：]|$|\d{4}年)"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def amount_unit(lines: Iterable[str]) -> str | None:
    """The first `单位：万元`-style statement among these lines."""
    for line in lines:
        match = _AMOUNT_UNIT.search(squeeze(line))
        if match:
            return match.group(1)
    return None


# the words a unit's name ends in (局, 厅, 中心, 医院…): a name that ends otherwise was cut off
UNIT_END = re.compile(r"(局|厅|院|中心|室|部|委|会|所|站|队|馆|校|处|办|署|社|团|协|庭|行|场|园|公司|医院|学校|政府)$")
_HEADING_START = re.compile(r"^(?:第[一二三四五六七八九十]+部分|目录|表[一二三四五六七八九十\d]|[一二三四五六七八九十]+、|[（(])")
_SENTENCE_MARKS = re.compile(r"[，,。；;：:、！!？?“”\"]")
_DASHES_AND_DIGITS = re.compile(r"^[-—–－\d\s]*$")


def is_unit_name(name: str | None) -> bool:
    """A candidate that can be a unit's name: 3–40 characters, no heading, no sentence
    punctuation, no `2018年`, not ending in a dash or dot."""
    if not name or not 3 <= len(name) <= 40:
        return False
    if _HEADING_START.match(name) or _SENTENCE_MARKS.search(name) or re.search(r"\d{4}\s*年", name):
        return False
    return name[-1] not in "-—–_·.．"


def unit_name(lines: Iterable[str]) -> str | None:
    """The unit named after `部门：` / `单位名称：` (doubled bold text reduced): the first
    clean candidate ending in a unit word (局, 中心…), else the first clean one; one that
    a later candidate continues (`江苏省人大` → `江苏省人大常委会办公厅`) was cut off."""
    found: list[str] = []
    for line in lines:
        for match in _UNIT_NAME.finditer(line):
            name = undouble(match.group("name").strip())
            if name and not name.startswith(("万元", "元", "千元")) and "单位" != name and is_unit_name(name):
                found.append(name)
                break
    whole = [name for name in found if not any(other != name and other.startswith(name) for other in found)]
    for name in whole:
        if UNIT_END.search(name):
            return name
    return whole[0] if whole else None


_YEAR_WORD = r"(?:19|20)\d{2}"
_KIND = r"(?:部门|单位)?(?:预算|决算|预决算)"
_TITLE_BEFORE = re.compile(rf"^(?P<unit>[^\d，,。：:、]{{3,40}}?){_YEAR_WORD}年度?(?:{_KIND}|预算公开|决算公开)")
_TITLE_AFTER = re.compile(rf"^{_YEAR_WORD}年度?(?P<unit>[^\d，,。：:、]{{3,40}}?){_KIND}")
_TITLED = re.compile(
    rf"^(?:第[一二三四五六七八九十]+部分)?(?P<name>[^\s\d，,。:：]{{2,40}}?){_YEAR_WORD}年度?(?:部门|单位)(?:预算|决算)")


def title_unit(lines: Iterable[str]) -> str | None:
    """The unit of the document's title: its first few lines before 目录 joined (a title
    is often broken: `2018 年度某某省高级` / `人民法院预算公开`), read as
    `<unit><year>年度部门预算…` or `<year>年度<unit>预算…`."""
    heads: list[str] = []
    for number, line in enumerate(lines):
        if number >= 12 or len(heads) >= 4:
            break
        text = squeeze(line).lstrip("#")
        if not text or _DASHES_AND_DIGITS.match(text):
            continue
        if text.startswith("目录"):
            break
        heads.append(text)
    joined = "".join(heads)
    for pattern in (_TITLE_BEFORE, _TITLE_AFTER):
        match = pattern.search(joined)
        if match:
            name = match.group("unit")
            if is_unit_name(name) and UNIT_END.search(name):
                return name
    return None


def unit_name_from_title(lines: Iterable[str]) -> str | None:
    """`江苏省某某厅2018年度部门预算公开` → the unit, for documents with no clean table
    header: the opening title, else the first title line (`第二部分 某某厅 2018 年度部门
    预算表`) that names one."""
    lines = list(lines)
    found = title_unit(lines)
    if found:
        return found
    for line in lines:
        match = _TITLED.match(squeeze(line))
        if match and is_unit_name(match.group("name")) and UNIT_END.search(match.group("name")):
            return match.group("name")
    return None


_SENTENCE = re.compile(rf"^(?P<unit>[^\d，,。：:、]{{3,40}}?){_YEAR_WORD}年")


def unit_name_from_sentences(sentences: Iterable[str]) -> str | None:
    """The last resort, for a document with neither table header nor title text (a cover
    printed as an image): the first 情况说明 sentence that starts `<unit><year>年`."""
    for sentence in sentences:
        match = _SENTENCE.match(squeeze(sentence or ""))
        if match and is_unit_name(match.group("unit")) and UNIT_END.search(match.group("unit")):
            return match.group("unit")
    return None


def most_common_year(lines: Iterable[str]) -> int | None:
    """The year the document is about: the most frequent `20xx年` in its headings."""
    counts: Counter[int] = Counter()
    for line in lines:
        for match in _YEAR.finditer(line):
            counts[int(match.group(1))] += 1
    return counts.most_common(1)[0][0] if counts else None


_EMPTY = re.compile(
    r"本表无数据|故本表无数据|本表为空|无数据|(?:本|该)?(?:单位|部门)?(?:本年度|当年|\d{4}\s*年度?)(?:没有|无)[^，。,]{0,40}(?:收入|支出|经费|预算)"
    r"|^\s*(?:说明|注)[:：]?\s*(?:本(?:单位|部门))?(?:没有|无)"
)


def declares_empty(lines: Iterable[str]) -> bool:
    """The table says it has no data (`本表无数据`, `2022 年度无政府性基金预算…收入`)."""
    return any(_EMPTY.search(squeeze(line)) for line in lines)
