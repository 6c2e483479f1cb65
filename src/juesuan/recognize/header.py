"""Read what a table's header lines state: the amount unit, the unit's name, the year.

`金额单位：万元`, `单位：元`, `部门：随州市…`, `单位名称：…`, `编制单位：…` — the header
carries them on one line in most layouts and on separate lines in others.
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


def unit_name(lines: Iterable[str]) -> str | None:
    """The unit named after `部门：` / `单位名称：` (doubled bold text reduced)."""
    for line in lines:
        for match in _UNIT_NAME.finditer(line):
            name = undouble(match.group("name").strip())
            if name and not name.startswith(("万元", "元", "千元")) and "单位" != name:
                return name
    return None


_TITLED = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?P<name>[^\s，。:：]{2,40}?)(?:19|20)\d\d年度?(?:部门|单位)(?:预算|决算)")


def unit_name_from_title(lines: Iterable[str]) -> str | None:
    """`江苏省某某厅2018年度部门预算公开` → the unit, for documents with no table header."""
    for line in lines:
        match = _TITLED.match(squeeze(line))
        if match:
            return match.group("name")
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
