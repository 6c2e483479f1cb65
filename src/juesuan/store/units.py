"""One key per budget unit, whatever each year's document printed.

Cross-year checks need the 2018 and the 2019 disclosure of one unit to meet, but the
documents name their unit differently (`中国共产党X省委员会办公厅`, `中共X省委办公厅`,
`X省委办公厅`), the title may be split over lines, and the recognizer's header guess is
sometimes a heading (`第二部分…`). The key is taken from the title line
(`<unit><year>年度部门预算` or `<year>年度<unit>部门预算`), else the recognized unit
name, else the first narrative sentence that starts `<unit><year>年`, and normalized:
whitespace and headings removed, 中国共产党 → 中共, …委员会 → …委, a leading 中共 dropped.
"""
from __future__ import annotations

import re
import unicodedata

from ..model import Disclosure

_YEAR = r"(?:19|20)\d{2}"
_KIND = r"(?:部门|单位)?(?:预算|决算|预决算)"
_TITLE_BEFORE = re.compile(rf"^(?P<unit>[^\d，。：:、]{{3,40}}?)(?:{_YEAR})年度?(?:{_KIND}|预算公开|决算公开)")
_TITLE_AFTER = re.compile(rf"^(?:{_YEAR})年度?(?P<unit>[^\d，。：:、]{{3,40}}?){_KIND}")
_SENTENCE = re.compile(rf"^(?P<unit>[^\d，。：:、]{{3,40}}?)(?:{_YEAR})年")
_UNIT_END = re.compile(r"(局|厅|院|中心|室|部|委|会|所|站|队|馆|校|处|办|署|社|团|协|庭|行|场|园|公司|医院|学校|政府)$")
_NOISE = re.compile(r"^(第[一二三四五六七八九十]+部分|[-—\s\d]+|目录|表[一二三四五六七八九十\d]+|公开\d+表)")


def normalize(name: str | None) -> str | None:
    """A unit name as a key: `中国共产党 江苏省委员会办公厅` → `江苏省委办公厅`."""
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"^第[一二三四五六七八九十]+部分", "", text)
    text = re.sub(r"^(部门|单位)[:：]", "", text)
    text = text.replace("中国共产党", "中共")
    text = re.sub(r"(省|市|区|县|州|旗)委员会", r"\1委", text)
    text = re.sub(r"^中共(?=.{2,}(省|市|区|县|州|旗))", "", text)
    text = text.strip("-—_·.。,，:：")
    return text if len(text) >= 3 and _UNIT_END.search(text) else None


def _title_unit(lines: list[str]) -> str | None:
    """The unit of the title: the first few non-empty lines before 目录, joined."""
    heads: list[str] = []
    for line in lines[:12]:
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)).lstrip("#")
        if not text:
            continue
        if text.startswith("目录"):
            break
        if re.fullmatch(r"[-—\d\s]*", text):
            continue
        heads.append(text)
        if len(heads) >= 4:
            break
    joined = "".join(heads)
    for pattern in (_TITLE_BEFORE, _TITLE_AFTER):
        match = pattern.search(joined)
        if match:
            unit = normalize(match.group("unit"))
            if unit:
                return unit
    return None


def unit_key(disclosure: Disclosure) -> str | None:
    """The normalized name of the unit a disclosure belongs to (None when none is found)."""
    lines = [line.text for line in disclosure.narrative]
    found = _title_unit(lines) or normalize(disclosure.unit_name)
    if found:
        return found
    for fact in disclosure.facts:
        match = _SENTENCE.search(re.sub(r"\s+", "", fact.sentence or ""))
        if match and not _NOISE.search(match.group("unit")):
            unit = normalize(match.group("unit"))
            if unit:
                return unit
    return None
