"""Completeness and wording: tables missing or silently empty, ordinals out of sequence,
labels printed inconsistently, placeholders and blanks left from the template, doubled
punctuation, impossible dates, names the tables contradict.

These are warnings (spec/findings.md: wording, ordinal, inconsistent scope): a reader is
misled, but no stated equality fails.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from difflib import get_close_matches
from typing import Iterable, Iterator

from ..catalog import load
from ..catalog.subjects import bare, economic_names, function_class, subjects
from ..model import Disclosure, Finding, TextLine
from .registry import register

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """`二十二` → 22, `十` → 10, `三十` → 30 (1–99); None for anything else."""
    if not text or any(ch not in "一二三四五六七八九十" for ch in text):
        return None
    if "十" not in text:
        return _NUMERALS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    value = (_NUMERALS.get(tens, 0) if tens else 1) * 10
    return value + (_NUMERALS.get(units, 0) if units else 0)


def chinese_numeral(value: int) -> str:
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    tens, units = divmod(value, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[units] if units else "")


def _span(line: TextLine, text: str | None = None) -> dict:
    where = {k: v for k, v in line.where.to_dict().items() if k in ("page", "line", "sheet", "cell")}
    return {**where, "text": (text if text is not None else line.text.strip())[:200]}


def _finding(disclosure: Disclosure, code: str, message: str, spans: list[dict], severity: str = "warning",
             expected: str | None = None, found: str | None = None) -> Finding:
    return Finding(doc=disclosure.doc, code=code, severity=severity, message=message, spans=spans,
                   expected=expected, found=found)


def _profile(disclosure: Disclosure) -> dict:
    return load("wording.yaml").get(disclosure.kind, {})


# ---------------------------------------------------------------- tables


@register("TABLE-MISSING", "缺少规定公开的表格", severity="warning")
def missing_tables(disclosure: Disclosure) -> Iterator[Finding]:
    """Every table the disclosure kind must publish is printed (an empty one declared so).

    Why: A table left out hides its figures; the rules say to print it with 本表无数据.

    Fails: a 部门决算 with F01–F06 and F08–F09 but no 政府性基金 table (F07) → warning.
    Passes: F07 printed with “本表无数据”.
    """
    required = _profile(disclosure).get("required_tables", [])
    if not disclosure.tables or not required:
        return
    present = {t.kind for t in disclosure.tables} | {u.title for u in disclosure.unrecognized}
    kinds = load("tables.yaml")
    names = {kind: entry.get("name", kind) for family in kinds.values() for kind, entry in family.items()}
    for kind in required:
        if kind not in present:
            yield _finding(disclosure, "TABLE-MISSING", f"未公开{names.get(kind, kind)}（{kind}）",
                           [{"text": names.get(kind, kind)}], expected=kind)


@register("TABLE-EMPTY-UNDECLARED", "空表未注明无数据", severity="warning")
def empty_undeclared(disclosure: Disclosure) -> Iterator[Finding]:
    """A table printed without a single number must say why (本表无数据, 无…支出).

    Why: A blank table is indistinguishable from one lost in conversion; the declaration
    tells the reader the zero is real.

    Fails: 国有资本经营预算财政拨款支出决算表 with headers only → warning.
    Passes: the same table with “本表无数据”.
    """
    for table in disclosure.tables:
        if not table.cells and not table.declared_empty:
            where = {k: v for k, v in table.where.to_dict().items() if k in ("page", "line", "sheet")}
            yield _finding(disclosure, "TABLE-EMPTY-UNDECLARED",
                           f"表格“{table.title}”（{table.kind}）没有数字，也未注明本表无数据",
                           [{**where, "text": table.title}])


@register("LABEL-INCONSISTENT", "表号印法不一致", severity="warning")
def label_inconsistent(disclosure: Disclosure) -> Iterator[Finding]:
    """The printed table numbers follow one pattern (预算公开表1…13, 公开01表…).

    Why: A table numbered in another series (部门公开表9 among 预算公开表N) suggests it
    was copied from another document and may not belong to this one.

    Fails: 预算公开表1…8, 部门公开表9, 预算公开表10… → warning on 部门公开表9.
    Passes: every table labelled 预算公开表N.
    """
    labels = [(t, t.label) for t in disclosure.tables if t.label]
    if len(labels) < 3:
        return
    patterns = Counter(re.sub(r"\d+", "#", label) for _t, label in labels)
    common, count = patterns.most_common(1)[0]
    if count < len(labels) / 2:
        return
    for table, label in labels:
        if re.sub(r"\d+", "#", label) != common:
            expected = re.sub("#", re.search(r"\d+", label).group(0) if re.search(r"\d+", label) else "#", common)
            where = {k: v for k, v in table.where.to_dict().items() if k in ("page", "line", "sheet")}
            yield _finding(disclosure, "LABEL-INCONSISTENT",
                           f"{table.kind} 表号印为“{label}”，其余表格均为“{common.replace('#', 'N')}”",
                           [{**where, "text": label}], expected=expected, found=label)


_UNIT_NAME = re.compile(r"(?:^|\s)(?:部门|单位名称|编制单位|预算单位|单位)\s*[:：]\s*([^\s\t]{4,40})")


@register("NAME-INCONSISTENT", "表头单位名称不一致", severity="warning")
def name_inconsistent(disclosure: Disclosure) -> Iterator[Finding]:
    """Every table heads with the same unit name (部门：/单位名称：/编制单位：).

    Why: a table headed with another unit's name was copied from another disclosure, and
    its numbers may be that unit's.

    Fails: F01–F08 headed “单位名称：甲单位”, F09 headed “单位名称：乙单位” → warning on F09.
    Passes: all nine headed “单位名称：甲单位”.
    """
    printed: list[tuple[str, str, TextLine]] = []
    for table in disclosure.tables:
        for line in table.lines[:12]:
            match = _UNIT_NAME.search(line.text)
            if match:
                printed.append((table.kind, match.group(1).rstrip("，,"), line))
                break
    if len(printed) < 3:
        return
    common, count = Counter(name for _kind, name, _line in printed).most_common(1)[0]
    if count <= len(printed) / 2:
        return
    for kind, name, line in printed:
        if name != common:
            yield _finding(disclosure, "NAME-INCONSISTENT",
                           f"{kind} 表头单位名称为“{name}”，其余表格为“{common}”",
                           [_span(line)], expected=common, found=name)


# ---------------------------------------------------------------- ordinals

_ORDINAL = re.compile(r"(?:^|[\t\s|>])\**([一二三四五六七八九十]{1,3})、")


def _ordinal_tokens(lines: Iterable[TextLine]) -> list[tuple[int, str, TextLine]]:
    out = []
    for line in lines:
        for match in _ORDINAL.finditer(line.text):
            value = chinese_number(match.group(1))
            if value:
                out.append((value, match.group(1), line))
    return out


def ordinal_anomalies(tokens: list[tuple[int, str, TextLine]]) -> list[tuple[tuple, int]]:
    """Ordinals that continue no open sequence, where the sequence they interrupt goes on
    after them: (token, the ordinal expected in its place). Several sequences may
    interleave (the income and expenditure sides of F01 share a row)."""
    open_last: list[int] = []
    pending: list[tuple[tuple, int]] = []  # (token, index of token)
    out: list[tuple[tuple, int]] = []
    for token in tokens:
        value = token[0]
        if value == 1:
            open_last.append(1)
            continue
        if value - 1 in open_last:
            open_last[open_last.index(value - 1)] = value
            continue
        if value - 2 in open_last and pending:
            typo = pending.pop()
            out.append((typo[0], value - 1))
            open_last[open_last.index(value - 2)] = value
            continue
        pending.append((token, value))
    return out


@register("ORDINAL-SEQUENCE", "序号不连续", severity="warning")
def ordinal_sequence(disclosure: Disclosure) -> Iterator[Finding]:
    """Item and heading ordinals (一、二、…) run in sequence, in each table's item list and in
    the 情况说明's headings.

    Why: An ordinal out of place is usually a typo in the item's name line (三十二 for 二十二)
    and makes the reader doubt the row is the national item it should be.

    Fails: 二十一、国有资本经营预算支出 / 三十二、灾害防治及应急管理支出 / 二十三、其他支出 → warning
    on 三十二 (expected 二十二).
    Passes: 二十一、… / 二十二、… / 二十三、….
    """
    groups: list[tuple[str, list[TextLine]]] = [(t.kind, t.lines) for t in disclosure.tables if t.lines]
    groups.append(("情况说明", disclosure.narrative))
    for where, lines in groups:
        for token, expected in ordinal_anomalies(_ordinal_tokens(lines)):
            _value, printed, line = token
            wanted = chinese_numeral(expected)
            yield _finding(disclosure, "ORDINAL-SEQUENCE",
                           f"{where}序号“{printed}、”不连续，此处应为“{wanted}、”：{line.text.strip()[:60]}",
                           [_span(line)], expected=f"{wanted}、", found=f"{printed}、")


# ---------------------------------------------------------------- text


def _all_lines(disclosure: Disclosure) -> list[TextLine]:
    lines = list(disclosure.narrative)
    for table in disclosure.tables:
        lines.extend(table.lines)
    return lines


_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:X{2,}|×{2,}|Ｘ{2,})(?![A-Za-z])|待填写|待补充|（此处[^）]*）|【[^】]*填写[^】]*】")


@register("PLACEHOLDER", "模板占位符未替换", severity="warning")
def placeholders(disclosure: Disclosure) -> Iterator[Finding]:
    """No template placeholder (XX, XXX, 待填写, 【…填写…】) is left in the text.

    Why: A placeholder means a figure or name was never filled in.

    Fails: “本部门共有XX个内设机构” → warning.
    Passes: “本部门共有 6 个内设机构”.
    """
    for line in _all_lines(disclosure):
        match = _PLACEHOLDER.search(line.text)
        if match:
            yield _finding(disclosure, "PLACEHOLDER", f"未替换的模板占位符“{match.group(0)}”：{line.text.strip()[:60]}",
                           [_span(line)], found=match.group(0))


_DOUBLED = re.compile(r"([，。；、：！？])\s*([，。；、：！？])")


@register("DOUBLED-PUNCT", "标点重复", severity="warning")
def doubled_punctuation(disclosure: Disclosure) -> Iterator[Finding]:
    """Two punctuation marks in a row (，， 。。 ，：) in the 情况说明.

    Why: A doubled mark is where a phrase was deleted or pasted; the sentence around it
    deserves a second look.

    Fails: “占 100%，：主要用于…” → warning.
    Passes: “占 100%，主要用于…”.
    """
    for line in disclosure.narrative:
        text = line.text
        for match in _DOUBLED.finditer(text):
            if match.group(1) == match.group(2) == "。" and text.strip().startswith("。"):
                continue
            yield _finding(disclosure, "DOUBLED-PUNCT", f"标点重复“{match.group(1)}{match.group(2)}”：{text.strip()[:60]}",
                           [_span(line)], found=match.group(1) + match.group(2))


_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@register("DATE-INVALID", "日期不存在", severity="warning")
def invalid_dates(disclosure: Disclosure) -> Iterator[Finding]:
    """Every printed date exists (no 11月31日, no 2月30日).

    Why: An impossible deadline or cut-off date cannot be checked against.

    Fails: “2024年11月31日前” → warning.
    Passes: “2024年11月30日前”.
    """
    texts: list[tuple[str, dict]] = [(line.text, _span(line)) for line in _all_lines(disclosure)]
    texts += [(text, {"text": text[:200]}) for text in _strings(disclosure.performance)]
    seen = set()
    for text, span in texts:
        for match in _DATE.finditer(text):
            year, month, day = (int(g) for g in match.groups())
            valid = 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1] if 1 <= month <= 12 else False
            key = (match.group(0), span.get("line"), span.get("page"))
            if not valid and key not in seen:
                seen.add(key)
                yield _finding(disclosure, "DATE-INVALID", f"日期“{match.group(0)}”不存在", [span],
                               found=f"{month}月{day}日")


@register("NARR-BLANK", "情况说明金额空缺", severity="warning")
def blank_amounts(disclosure: Disclosure) -> Iterator[Finding]:
    """Every “…为 X 万元” (and every “占… x%”) of the 情况说明 carries its figure.

    Why: A blank before 万元 (“年初结转和结余 万元”) or % (“占本年支出%”) is a figure the
    author never filled in (or a digit lost).

    Fails: “支出决算为 万元” → warning; “占本年支出%” → warning.
    Passes: “支出决算为 0 万元”; “占本年支出0%”.
    """
    for fact in disclosure.facts:
        if fact.kind == "blank":
            percent = fact.unit == "%"
            yield _finding(disclosure, "NARR-BLANK",
                           f"情况说明“{fact.section}”中“{fact.text}”缺少{'百分比' if percent else '金额'}",
                           list(fact.spans), expected="x%" if percent else "X 万元", found=fact.text)


@register("NARR-UNIT-MISSING", "百分比缺少 % 号", severity="warning")
def unit_missing(disclosure: Disclosure) -> Iterator[Finding]:
    """A rate or share (增长 / 下降 / 占比 / 完成预算的 …) carries its % sign.

    Why: “增长13.95。” may be a percentage or an amount; the reader cannot tell which, and
    the figure cannot be checked.

    Fails: “较上年增加1193.20万元，增长13.95。” → warning.
    Passes: “较上年增加1193.20万元，增长13.95%。”.
    """
    for fact in disclosure.facts:
        if fact.kind == "unitless":
            yield _finding(disclosure, "NARR-UNIT-MISSING",
                           f"情况说明“{fact.section}”中“{fact.text}”缺少 % 号",
                           list(fact.spans), expected=f"{fact.printed}%", found=fact.printed)


@register("NARR-ITEM-NAME", "情况说明所列支出项目名称有误", severity="warning")
def item_names(disclosure: Disclosure) -> Iterator[Finding]:
    """Each item listed under 人员经费 / 公用经费 is an 经济分类 item (职业年金缴费, 办公费 …).

    Why: A misnamed item (职业年度 for 职业年金缴费) cannot be found in the 基本支出 table
    and its amount cannot be checked.

    Fails: “人员经费…主要包括：职业年度 10.6 万元” → warning (did you mean 职业年金缴费?).
    Passes: “职业年金缴费 10.6 万元”.
    """
    names = economic_names()
    for fact in disclosure.facts:
        if fact.kind != "amount" or fact.refers_to is not None or "基本支出" not in fact.section:
            continue
        label = fact.label.strip("、，")
        if not label or len(label) > 20:
            continue
        close = get_close_matches(label, names, n=1, cutoff=0.5)
        yield _finding(disclosure, "NARR-ITEM-NAME",
                       f"情况说明“{fact.section}”所列“{label}{fact.printed}万元”不是经济分类科目名称"
                       + (f"（应为“{close[0]}”？）" if close else ""),
                       list(fact.spans), expected=close[0] if close else None, found=label)


_PATH = re.compile(r"([^\s，。；、:：（()）\d.]{2,20}?)[（(]类[)）]([^\s，。；、（()）]{2,20}?)[（(]款[)）]"
                   r"(?:([^\s，。；、（()）]{2,20}?)[（(]项[)）])?")


@register("SUBJECT-NOT-IN-TABLES", "文字所列功能分类科目不在表中", severity="warning")
def subjects_not_in_tables(disclosure: Disclosure) -> Iterator[Finding]:
    """A 功能分类 subject named in the text (`X(类)Y(款)Z(项)`, e.g. in 名词解释's list of the
    subjects used) is one the tables use.

    Why: The list of subjects used is copied between units; one the tables never use is a
    leftover of another unit's document.

    Fails: “一般公共服务(类)财政事务(款)行政运行(项)” while every table uses only 210 →
    warning.
    Passes: “卫生健康支出(类)医疗保障管理事务(款)事业运行(项)” with rows 210/21015/2101550.
    """
    codes = {cell.row for table in disclosure.tables if table.kind in ("F02", "F03", "F05", "B02", "B03", "B05")
             for cell in table.cells if cell.row.isdigit()}
    if not codes:
        return
    names = subjects().get("功能", [])
    for line in disclosure.narrative:
        text = re.sub(r"\s", "", line.text)
        for match in _PATH.finditer(text):
            class_name, section_name, item_name = match.groups()
            class_code = function_class(class_name)
            if class_code is None:
                continue
            problem = None
            if class_code not in codes:
                problem = f"表中没有 {class_code} 类科目"
            else:
                section = [c for c, level, n in names if level == "款" and c.startswith(class_code)
                           and bare(n) == bare(section_name)]
                if section and section[0] not in codes:
                    problem = f"表中没有 {section[0]} 款科目"
            if problem:
                yield _finding(disclosure, "SUBJECT-NOT-IN-TABLES",
                               f"文字所列科目“{match.group(0)}”：{problem}（表中科目：{'、'.join(sorted(c for c in codes if len(c) == 3))}）",
                               [_span(line)], found=match.group(0))


@register("YEAR-INCONSISTENT", "标题年度与文件年度不一致", severity="warning")
def year_inconsistent(disclosure: Disclosure) -> Iterator[Finding]:
    """The year in each table title and part heading is the disclosure's year.

    Why: A title with another year (2022 in a 2023 budget) is a table or text copied from
    another year's document.

    Fails: a 2024 决算 whose 支出决算表 is titled “2023年度支出决算表” → warning.
    Passes: every title says 2024.
    """
    if not disclosure.year:
        return
    for table in disclosure.tables:
        for match in re.finditer(r"((?:19|20)\d\d)\s*年", table.title):
            if int(match.group(1)) != disclosure.year:
                where = {k: v for k, v in table.where.to_dict().items() if k in ("page", "line", "sheet")}
                yield _finding(disclosure, "YEAR-INCONSISTENT",
                               f"表格标题“{table.title}”的年度 {match.group(1)} 与文件年度 {disclosure.year} 不一致",
                               [{**where, "text": table.title}], expected=str(disclosure.year), found=match.group(1))
    for line in disclosure.narrative:
        text = re.sub(r"\s", "", line.text)
        if re.match(r"^#*第[一二三四五六七八九十]+部分", text) and not re.search(r"\.{4,}|…{2,}", text):
            for match in re.finditer(r"((?:19|20)\d\d)年", text):
                if int(match.group(1)) != disclosure.year:
                    yield _finding(disclosure, "YEAR-INCONSISTENT",
                                   f"标题“{line.text.strip()}”的年度 {match.group(1)} 与文件年度 {disclosure.year} 不一致",
                                   [_span(line)], expected=str(disclosure.year), found=match.group(1))
