"""Decide a table's canonical kind from its printed title — never from its printed number.

Titles are compared after normalization: whitespace, doubling, a leading ordinal
(`六、`), a leading year (`2023年`), a leading unit name and a `（续）` mark removed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..catalog import table_kinds
from .normalize import squeeze, strip_ordinal, undouble

LABEL = re.compile(
    r"(?P<label>(?:(?:部门|单位|预算|决算)?公开|预算公开|部门公开|决算)\s*(?:表\s*\d{1,2}(?![\d年])|\d{1,2}\s*表)"
    r"|附表\s*\d{1,2}(?![\d年])|^表\s*\d{1,2}(?![\d年])"
    r"|(?:部门|单位|预算|决算)?公开表[一二三四五六七八九十]{1,3}(?=$|[\s（(]))"  # 公开表十二
)
_YEAR_PREFIX = re.compile(r"^.*?(?:19|20)\d\d\s*年(?:度)?")
_CONTINUED = re.compile(r"[（(]续(?:表)?[）)]$|^续表|续表$")
_QUALIFIER = re.compile(r"[（(](?:不含|含)[^）)]*[）)]$")
_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{4,})\s*\d*\s*$")


@lru_cache(maxsize=None)
def _titles() -> dict[str, str]:
    """normalized title → kind, for every title alias in the catalog."""
    out: dict[str, str] = {}
    for kind, entry in table_kinds().items():
        for title in entry.get("titles", []):
            out[_norm(title)] = kind
    return out


def _norm(text: str) -> str:
    text = squeeze(text).lstrip("#").replace('"', "“").replace("”", "“").replace("\u201c", "“")
    text = undouble(text)
    return text


def normalize_title(text: str) -> str:
    """The comparable form of a printed table title."""
    text = _norm(text)
    text = _CONTINUED.sub("", text)
    text = strip_ordinal(text)
    match = LABEL.search(text)
    if match and (match.start() == 0 or match.end() == len(text)):
        text = (text[: match.start()] + text[match.end():])
    text = _CONTINUED.sub("", text)
    return text


def is_toc_line(text: str) -> bool:
    """A table-of-contents entry (`三、支出决算表......5`) names a table without being one."""
    return bool(_TOC.search(text))


@lru_cache(maxsize=1 << 14)
def classify_title(text: str) -> str | None:
    """The kind whose title this line is, or None. Only whole-line titles count."""
    if "表" not in text or len(text) > 120 or is_toc_line(text):  # every catalog title ends in 表
        return None
    title = normalize_title(text)
    if not title or len(title) > 60:
        return None
    titles = _titles()
    if title in titles:
        return titles[title]
    stripped = _YEAR_PREFIX.sub("", title, count=1)
    stripped = strip_ordinal(stripped)
    if stripped in titles:
        return titles[stripped]
    unqualified = _QUALIFIER.sub("", stripped)
    if unqualified in titles:
        return titles[unqualified]
    # a unit name printed before the title: 上海市XX局2024年度部门决算表 is not a table,
    # but 某某局收入支出决算总表 is.
    for alias in sorted(titles, key=len, reverse=True):
        if len(alias) >= 5 and stripped.endswith(alias) and len(stripped) - len(alias) <= 30:
            prefix = stripped[: -len(alias)]
            if not any(word in prefix for word in ("说明", "情况", "、", "，", "。")):
                return titles[alias]
    return None


@lru_cache(maxsize=1 << 14)
def find_label(text: str) -> str | None:
    """The printed table number (`公开01表`, `预算公开表3`) on a line, whitespace removed."""
    match = LABEL.search(squeeze(text))
    return match.group("label") if match else None
