"""The 情况说明 and unit names of the Jiangsu budget documents (../shared/corpus/pdf/jiangsu,
no gold there): every document whose 说明 states figures yields facts (a part heading
broken over two lines is still found), no figure has a page number run into it, and
every document is named cleanly and the same way across the years of one unit."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from conftest import corpus_path
from juesuan.model import Disclosure
from juesuan.pipeline import extract
from juesuan.recognize import header
from juesuan.store.units import normalize, unit_key

pytestmark = pytest.mark.corpus

UNITS = ["fayuan", "renda", "shengwei", "zhengxie"]
YEARS = [2017, 2018, 2019]
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?\s*$")


@lru_cache(maxsize=None)
def _doc(unit: str, year: int) -> Disclosure:
    return extract(corpus_path("pdf", "jiangsu", f"{unit}-{year}-doc.pdf"))


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("year", YEARS)
def test_the_explanation_yields_facts_without_page_numbers(unit, year):
    disclosure = _doc(unit, year)
    amounts = [f for f in disclosure.facts if f.kind == "amount"]
    assert len(amounts) >= 20
    for fact in disclosure.facts:
        inner = [span.get("text", "") for span in fact.spans]
        assert not any(_PAGE_NUMBER_LINE.match(text) for text in inner), (fact.printed, inner)


@pytest.mark.parametrize("unit", UNITS)
def test_one_clean_name_and_key_per_unit_across_years(unit):
    names = [_doc(unit, year).unit_name for year in YEARS]
    for name in names:
        assert header.is_unit_name(name) and header.UNIT_END.search(name), names
    keys = {unit_key(_doc(unit, year)) for year in YEARS}
    assert len(keys) == 1 and None not in keys
    assert {normalize(name) for name in names} == keys
