"""One key per budget unit, whatever each year's document printed.

Cross-year checks need the 2018 and the 2019 disclosure of one unit to meet, but the
documents name their unit differently (`中国共产党X省委员会办公厅`, `中共X省委办公厅`,
`X省委办公厅`), the title may be split over lines, and the recognizer's header guess is
sometimes a table's heading. The key is taken from the title line
(`<unit><year>年度部门预算` or `<year>年度<unit>部门预算`, read by
recognize/header.py — the one place that derives a unit's name), else the recognized
unit name, else the first narrative sentence that starts `<unit><year>年`, and normalized:
whitespace and headings removed, 中国共产党 → 中共, …委员会 → …委, a leading 中共 dropped.
"""
from __future__ import annotations

import re
import unicodedata

from ..model import Disclosure
from ..recognize.header import UNIT_END, title_unit, unit_name_from_sentences


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
    return text if len(text) >= 3 and UNIT_END.search(text) else None


def unit_key(disclosure: Disclosure) -> str | None:
    """The normalized name of the unit a disclosure belongs to (None when none is found)."""
    lines = [line.text for line in disclosure.narrative]
    return normalize(title_unit(lines)) or normalize(disclosure.unit_name) or normalize(unit_name_from_sentences(fact.sentence for fact in disclosure.facts))
