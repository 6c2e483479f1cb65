"""Performance records: 部门整体支出绩效自评表 (P01), 项目支出绩效自评表 (P02) and
项目支出绩效目标申报表 (P03) read into the dicts of spec/performance.md.

`recognize()` hands over the P regions that `segment` found; a region only marks where a
table's title is printed, so each reader looks at the document's lines itself: the
formal table from its title to the next attachment, and (Shanxi layout) the narrative
report printed between the previous table and this title. Three layouts are known:

- `shanxi`: tab-separated cells (xlsx/docx exports, text with tabs) + a narrative report;
- `hubei`: the same table flowing as PDF text, labels broken across lines;
- `target`: the P03 申报表, 实施期目标 and 年度目标 printed side by side.

A table that cannot be read yields a record with `problems`, never an exception: the
checks report it and the rest of the document is still read.
"""
from __future__ import annotations

import re

from ...model import Document, Grid, TextLine
from ..segment import Region

_ATTACHMENT = re.compile(r"^\s*附件\s*(\d{1,2})\s*$")
_STOP = re.compile(r"^\s*备注[:：]")


def flat_lines(document: Document) -> list[TextLine]:
    """Every line of the document; a grid row becomes one tab-separated line."""
    out: list[TextLine] = []
    for block in document.blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                if row:
                    out.append(TextLine("\t".join(c.text for c in row), row[0].where))
        else:
            out.append(block)
    return out


def read_performance(document: Document, regions: list[Region], doc: str) -> list[dict]:
    """One record per table, in document order: a P region, or a further table that the
    region swallowed (a second title soon after the first, a title cut short)."""
    lines = flat_lines(document)
    found = [(region.kind, region.title, _start_index(lines, region)) for region in regions]
    found = _more_tables(lines, found)
    starts = [start for _, _, start in found]
    records: list[dict] = []
    previous_end = 0
    for number, (kind, title, start) in enumerate(found):
        if start is None:
            records.append({"doc": doc, "kind": kind, "title": title,
                            "problems": ["table title not found among the document lines"]})
            continue
        following = [s for s in starts[number + 1:] if s is not None]
        end = following[0] if following else len(lines)
        end = _formal_end(lines, start, end)
        try:
            record = _read_one(kind, lines, start, end, previous_end)
        except Exception as error:  # noqa: BLE001 - one unreadable table must not stop the document
            record = {"kind": kind, "title": title,
                      "problems": [f"cannot be read: {type(error).__name__}: {error}"]}
        records.append({"doc": doc, **record})
        previous_end = end
    return records


_CUT_TITLE = re.compile(r"(项目支出|部门整体支出|部门整体|单位整体|部门|项目)绩效(?:自评表?)?$")


def _more_tables(lines: list[TextLine], found: list[tuple]) -> list[tuple]:
    """Titles inside a region that start another table: a catalog title, or a heading cut
    after `…绩效` that a 项目名称 row follows within a few lines."""
    from ..classify import classify_title, is_toc_line

    known = {start for _, _, start in found if start is not None}
    out = list(found)
    bounds = sorted(known) + [len(lines)]
    for first, after in zip(bounds, bounds[1:]):
        for index in range(first + 1, after):
            text = lines[index].text
            if "\t" in text or len(text) > 80 or is_toc_line(text):
                continue
            kind = classify_title(text)
            squeezed = re.sub(r"[\s#]", "", text)
            if not kind and _CUT_TITLE.search(squeezed) and _has_project_row(lines, index):
                kind = "P02" if "项目" in squeezed else "P01"
            if kind and kind.startswith("P") and kind != "P03":
                out.append((kind, text.strip(), index))
    return sorted(out, key=lambda item: (item[2] is None, item[2] or 0))


def _has_project_row(lines: list[TextLine], index: int) -> bool:
    return any(re.sub(r"\s", "", line.text).startswith(("项目名称", "单位名称"))
               for line in lines[index + 1:index + 7])


def _start_index(lines: list[TextLine], region: Region) -> int | None:
    for index, line in enumerate(lines):
        if line.where == region.where:
            return index
    return None


def _formal_end(lines: list[TextLine], start: int, end: int) -> int:
    for index in range(start + 1, end):
        text = lines[index].text
        if _ATTACHMENT.match(text) or _STOP.match(text):
            return index
    return end


def _attachment(lines: list[TextLine], begin: int, start: int) -> tuple[int | None, int]:
    """The `附件 N` heading that opens this attachment's report, and where the report begins."""
    for index in range(start - 1, begin - 1, -1):
        match = _ATTACHMENT.match(lines[index].text)
        if match:
            return int(match.group(1)), index
    return None, begin


def _read_one(kind: str, lines: list[TextLine], start: int, end: int, previous_end: int) -> dict:
    formal = lines[start + 1:end]
    if kind == "P03":
        from .target import read_target

        return {**read_target(lines[start], formal), "where": {"title_line": lines[start].where.line}}
    from . import report as narrative
    from . import shanxi

    if shanxi.looks_like_shanxi(formal):
        attachment, report_start = _attachment(lines, previous_end, start)
        record = shanxi.read_formal(kind, lines[start], formal)
        report = narrative.read_report(lines[report_start:start])
        report["text_figures"].extend(narrative.formal_text_figures(formal))
        report["sentences"].extend(narrative.formal_sentences(formal))
        return _shanxi_record(record, report, attachment)
    from .hubei import read_hubei

    return {**read_hubei(kind, lines[start], formal), "where": {"title_line": lines[start].where.line}}


_ORDER = ["attachment", "kind", "title", "unit", "department", "budget_unit", "execution",
          "indicators", "indicator_score", "total_score", "grade"]


def _shanxi_record(record: dict, report: dict, attachment: int | None) -> dict:
    if attachment is not None:
        record["attachment"] = attachment
    summary = report.get("summary", {})
    if "indicator_score" in summary:
        record["indicator_score"] = summary["indicator_score"]
    ordered = {key: record[key] for key in _ORDER if key in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    ordered["report"] = report
    return ordered
