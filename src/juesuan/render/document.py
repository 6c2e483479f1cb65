"""The whole disclosure, format-free: cover, 第一部分 概况, 第二部分 tables, 第三部分 情况说明
with its charts, 第四部分 名词解释. The writers (office.py, web.py, pdf.py, text.py) only
lay this out; none of them computes a figure or chooses a word.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .charts import TITLES, Chart, draw_all
from .layout import TableSpec, build_tables, fill, print_layout, subject_name
from .narrative import Section, generate
from .source import Source


@dataclass
class Document:
    source: Source
    title: str  # the unit name, printed on the cover
    subtitle: str  # 2024年度部门决算公开
    parts: dict[str, str]
    overview: list[tuple[str, str]]
    tables: list[TableSpec]
    sections: list[Section]
    charts: dict[str, Chart] = field(default_factory=dict)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    captions: dict[str, str] = field(default_factory=dict)  # chart key → 图1 …, drawn or not

    @property
    def stamp(self) -> dt.datetime:
        """Document properties' date: fixed by the year, so the same input gives the same bytes."""
        return dt.datetime(self.source.year + 1, 6, 30, 9, 0, 0)

    def chart_list(self) -> list[Chart]:
        return sorted(self.charts.values(), key=lambda c: c.number)

    def lines(self) -> list[str]:
        """Every text line of the document in order (for a quick look and for tests)."""
        out = [self.title, self.subtitle, self.parts["overview"]]
        for heading, text in self.overview:
            out += [heading, text]
        out.append(self.parts["tables"])
        out += [t.title for t in self.tables]
        out.append(self.parts["narrative"])
        for section in self.sections:
            out.append(section.heading)
            out += section.text()
        out.append(self.parts["glossary"])
        out += [f"{term}：{text}" for term, text in self.glossary]
        return out


def build(source: Source, charts: bool = True) -> Document:
    layout = print_layout(source.kind)
    parts = {key: fill(text, source) for key, text in layout["parts"].items()}
    overview = [(fill(heading, source), source.facts[key].strip())
                for key, heading in layout["overview_sections"].items() if source.facts.get(key, "").strip()]
    if not overview:
        overview = [(fill(layout["overview_sections"]["职责"], source),
                     f"{source.unit_name}{fill(layout['cover'], source)}。")]
    sections = generate(source)
    keys = [key for section in sections for key in section.charts]
    glossary = [(term, text) for term, text in layout.get("glossary", [])]
    glossary += _subject_terms(source)
    return Document(source=source, title=source.unit_name, subtitle=fill(layout["cover"], source), parts=parts,
                    overview=overview, tables=build_tables(source), sections=sections,
                    charts=draw_all(source, keys) if charts else {}, glossary=glossary,
                    captions={key: f"图{n} {TITLES[key]}" for n, key in enumerate(keys, 1)})


def _subject_terms(source: Source) -> list[tuple[str, str]]:
    """名词解释 of the 功能分类 subjects the unit spent on: the 类（款）（项） path of each
    项 of F05 (or F03), so the explanation names exactly the subjects the tables print."""
    tables = ("B05", "B03") if source.kind == "budget" else ("F05", "F03")
    table = tables[0] if any(t == tables[0] for (t, _r, _c) in source.cells) else tables[1]
    items = sorted({r for (t, r, _c) in source.cells if t == table and r.isdigit() and len(r) == 7})
    out = []
    for code in items:
        path = [subject_name(source, code[:3]), subject_name(source, code[:5]), subject_name(source, code)]
        if all(path):
            out.append((f"{path[0]}（类）{path[1]}（款）{path[2]}（项）",
                        f"指{source.scope}用于“{path[2]}”方面的支出（科目编码 {code}）。"))
    return out
