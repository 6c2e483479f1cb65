"""Self-evaluation tables that reach us as PDF text (Hubei layout: 预算执行情况 20 分).

The extraction breaks every cell across lines (`政策知晓` / `率`, `≥2 万` / `人次`),
so a row is rebuilt from fragments: text lines are collected until a line ends in a
score (a bare number); on that line the values before the score are the target and
the actual (one value: the actual, the target being the value-looking fragments
collected before it). The collected text, joined without spaces, starts with the
level labels (catalog vocabulary) and ends with the indicator name. A row that never
gets a score before 总分 is a constraint indicator (约束性指标): its name, then a note.
"""
from __future__ import annotations

import re

from ...model import TextLine
from .common import is_bare_number, plain_number, squeeze, vocabulary

_WEIGHT_LINE = re.compile(r"^[（(]\s*(\d+)\s*分\s*[）)]$")
_GROUP = re.compile(r"^目标\s*\d+\s*[（(]\s*(\d+)\s*分\s*[）)]")
_VALUE_START = re.compile(r"^[≥≤=＝<>＜＞]|^\d")
_FILL_DATE = re.compile(r"填报日期[:：]\s*(\d{4})\s*年\s*(\d{1,2})\s*月")
_HEADER_FIELDS = ["单位名称", "项目名称", "主管部门", "项目实施单位", "项目类别", "项目属性", "项目类型",
                  "基本支出总额", "项目支出总额"]
_CHECKED = re.compile(r"\d、([^☑□\d]+?)\s*☑")


def read_hubei(kind: str, title_line: TextLine, lines: list[TextLine]) -> dict:
    texts = [line.text.strip() for line in lines if line.text.strip()]
    record: dict = {"kind": kind, "table_title": squeeze(title_line.text)}
    joined = " ".join(texts)
    fill = _FILL_DATE.search(squeeze(title_line.text) + joined.replace(" ", ""))
    execution_at = _index(texts, lambda t: squeeze(t).startswith("预算执行情况"))
    indicators_at = _index(texts, lambda t: squeeze(t).startswith("一级指标"))
    if execution_at is None or indicators_at is None:
        raise ValueError("no 预算执行情况 or 一级指标 block")
    _read_header(record, texts[:execution_at])
    unit = re.search(r"[（(](万元|元)[)）]", " ".join(texts[execution_at:execution_at + 3]))
    if unit:
        record["unit"] = unit.group(1)
    record["execution"] = _read_execution(texts[execution_at:indicators_at])
    total_at = _index(texts, lambda t: squeeze(t).startswith("总分"), indicators_at)
    end = total_at if total_at is not None else len(texts)
    record["indicators"] = _read_indicators(texts[indicators_at + 1:end])
    if total_at is not None:
        number = re.search(r"总分[:：]?\s*([\d.]+)", texts[total_at])
        if number:
            record["total_score"] = number.group(1)
        tail = "".join(squeeze(t) for t in texts[total_at + 1:])
        analysis = re.search(r"偏差大或目标未完成原因分析(.*?)(?:改进措施及结果应用方案(.*))?$", tail)
        if analysis and analysis.group(1):
            record["deviation_analysis"] = analysis.group(1)
        if analysis and analysis.group(2):
            record["improvement"] = analysis.group(2)
    if fill:
        record["fill_date"] = f"{fill.group(1)}年{int(fill.group(2))}月"
    return record


def _index(texts: list[str], test, start: int = 0) -> int | None:
    return next((i for i in range(start, len(texts)) if test(texts[i])), None)


def _read_header(record: dict, texts: list[str]) -> None:
    """Label/value pairs of the head rows, read from the text joined without spaces."""
    text = "".join(squeeze(t) for t in texts)
    pattern = "|".join(re.escape(f) for f in sorted(_HEADER_FIELDS, key=len, reverse=True))
    parts = re.split(f"({pattern})", text)
    values: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2]):
        values.setdefault(key, value)
    title = values.get("项目名称") or values.get("单位名称")
    if title:
        record["title"] = title
    amounts = {k: plain_number(values[k]) for k in ("基本支出总额", "项目支出总额")
               if k in values and plain_number(values[k])}
    if amounts:
        record["header_amounts"] = amounts
    if values.get("主管部门"):
        record["department"] = values["主管部门"]
    if values.get("项目实施单位"):
        record["implementing_unit"] = values["项目实施单位"]
    for key, field in (("项目类别", "project_category"), ("项目属性", "project_attribute"),
                       ("项目类型", "project_type")):
        checked = _CHECKED.search(values.get(key, ""))
        if checked:
            record[field] = checked.group(1)


def _read_execution(texts: list[str]) -> list[dict]:
    weight = next((m.group(1) for t in texts[:4] if (m := _WEIGHT_LINE.match(t.strip()))), None)
    out: list[dict] = []
    source: list[str] = []
    skipping = False
    header_done = False
    for text in texts[1:]:
        tokens = text.split()
        numbers = [plain_number(t) for t in tokens if plain_number(t) is not None]
        if len(numbers) >= 3 and len(numbers) == len(tokens):
            entry: dict = {"source": "".join(source)}
            for name, value in zip(["annual_budget", "executed", "rate_pct"], numbers):
                entry[name] = value
            if weight:
                entry["weight"] = weight
            if len(numbers) >= 4:
                entry["score"] = numbers[3]
            out.append(entry)
            source = []
            continue
        if squeeze(text).startswith("得分"):
            header_done, source = True, []
            skipping = "（" in text or "(" in text
            if skipping and ("）" in text.split("得分", 1)[1] or ")" in text.split("得分", 1)[1]):
                skipping = False
            continue
        if not header_done:
            continue
        if text.startswith(("（", "(")) and not source:
            skipping = True
        if skipping:
            skipping = not ("）" in text or ")" in text)
            continue
        source.append(squeeze(text))
    return out


def _read_indicators(texts: list[str]) -> list[dict]:
    started = False
    fragments: list[str] = []
    target: list[str] = []
    group: tuple[str, str] | None = None
    level1: str | None = None
    level2: str | None = None
    level1_weights: dict[str, str] = {}
    out: list[dict] = []
    for text in texts:
        if not started:
            started = squeeze(text) == "得分" or squeeze(text).endswith("得分")
            continue
        stripped = text.strip()
        group_match = _GROUP.match(squeeze(stripped))
        if group_match:
            group = (re.sub(r"[:：]$", "", squeeze(stripped)), group_match.group(1))
            continue
        weight = _WEIGHT_LINE.match(stripped)
        if weight:
            label = _leading_level1("".join(fragments)) or level1
            if label:
                level1_weights[label] = weight.group(1)
            continue
        tokens = stripped.split()
        if tokens and is_bare_number(tokens[-1]) and (len(tokens) >= 2 or target):
            values = tokens[:-1]
            row_text = "".join(fragments)
            if len(values) >= 2:
                row_text += "".join(values[:-2])
                target_text, actual = values[-2], values[-1]
            else:
                target_text, actual = "".join(target), values[0] if values else ""
            level1, level2, name = _split_labels(row_text, level1, level2)
            indicator = _indicator(group, level1, level2, name, level1_weights)
            indicator["target"] = target_text
            indicator["actual"] = actual
            indicator["score"] = tokens[-1]
            out.append(indicator)
            fragments, target = [], []
            continue
        if target or (fragments and _VALUE_START.match(stripped) and _has_name(fragments)):
            target.append(squeeze(stripped))
        else:
            fragments.append(squeeze(stripped))
    if fragments:
        out.append(_constraint(fragments, level1, level2))
    return out


def _has_name(fragments: list[str]) -> bool:
    """Whether the collected text already holds more than level labels."""
    rest = "".join(fragments)
    _, _, name = _split_labels(rest, None, None)
    return bool(name)


def _leading_level1(text: str) -> str | None:
    for name in vocabulary()["level1"]:
        if text.startswith(name):
            return name
    return None


def _split_labels(text: str, level1: str | None, level2: str | None) -> tuple:
    """`产出指标数量指标参保人数(人)` → (产出指标, 数量指标, 参保人数(人)); labels fill down."""
    found1 = _leading_level1(text)
    if found1:
        text = text[len(found1):]
        if found1 != level1:
            level2 = None
        level1 = found1
    for name in sorted(vocabulary()["level2"], key=len, reverse=True):
        if text.startswith(name):
            return level1, name, text[len(name):]
    return level1, level2, text


def _indicator(group, level1, level2, name, level1_weights) -> dict:
    indicator: dict = {}
    if group and level1 != "约束性指标":
        indicator["group"], indicator["group_weight"] = group
    if level1:
        indicator["level1"] = level1
        if level1 in level1_weights:
            indicator["level1_weight"] = level1_weights[level1]
    if level2:
        indicator["level2"] = level2
    if name:
        indicator["name"] = name
    return indicator


def _constraint(fragments: list[str], level1, level2) -> dict:
    """A row without score (约束性指标): the name, then a note that is a sentence."""
    split = next((i for i, f in enumerate(fragments) if "，" in f or "。" in f), len(fragments))
    level1, level2, name = _split_labels("".join(fragments[:split]), level1, level2)
    indicator = _indicator(None, level1, level2, name, {})
    note = "".join(fragments[split:])
    if note:
        indicator["note"] = note
    return indicator
