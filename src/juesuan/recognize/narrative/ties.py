"""Tie a figure's words to what it describes, by the rules of catalog/narrative.yaml:
a cell or sum of cells in the formula notation (`F02[合计,2]`), `not in tables`, `prior year, not in tables`,
or a resolver that looks the name up among the rows the disclosure prints (功能分类
subjects, 经济分类 items, B12 projects, 三公 items, the one 自评表 of a kind)."""
from __future__ import annotations

import re

from ...catalog import load
from ...catalog.subjects import bare, economic_code, function_class, function_path, subjects
from ...checks.formula import cell_text
from ...model import Disclosure
from .text import name_of, subject_words, topic_subject

PRIOR = "prior year, not in tables"
NONE = "not in tables"


class Ties:
    """Resolve a figure's words to an expression, with the disclosure's rows at hand."""

    def __init__(self, disclosure: Disclosure):
        self.disclosure = disclosure
        self.kind = disclosure.kind if disclosure.kind in ("final_accounts", "budget") else None
        self.catalog = load("narrative.yaml")
        self.rows: dict[str, list[str]] = {}
        for table in disclosure.tables:
            seen = self.rows.setdefault(table.kind, [])
            for cell in table.cells:
                if cell.row not in seen:
                    seen.append(cell.row)
        self.present = {t.kind for t in disclosure.tables}

    def section_rules(self, heading: str) -> list[dict]:
        if not self.kind:
            return []
        for entry in self.catalog[self.kind]["sections"]:
            if re.search(entry["section"], heading):
                return list(entry["rules"])
        return []

    def resolve(self, heading: str, label: str, topic: str, whole: bool = False) -> tuple[str | None, list[str]]:
        """(refers_to, also) for a figure named `label` in `topic` under `heading`; the
        whole of a share (`占本年支出合计的`) is looked up in the global names first."""
        if not self.kind:
            return None, []
        own = name_of(label)
        has_subject = bool(subject_words(label))
        text = own if has_subject else f"{topic_subject(topic)}|{own}"
        common = list(self.catalog[self.kind].get("global", []))
        rules = common + self.section_rules(heading) if whole else self.section_rules(heading) + common
        for rule in rules:
            pattern = rule.get("label") or ""
            if pattern and not re.search(pattern, text):
                continue
            if rule.get("topic") and not re.search(rule["topic"], topic + own):
                continue
            if rule.get("not_topic") and not has_subject and re.search(rule["not_topic"], topic):
                continue
            ref = rule["ref"]
            if ref == "none":
                return NONE, []
            if ref == "prior":
                return PRIOR, []
            if rule.get("requires") and rule["requires"] not in self.present:
                return NONE, []
            if ref.startswith("@"):
                raw = re.sub(r"^(?:[、，,：:]|\d{1,2}[.、．](?!\d)|[（(][\d一二三四五六七八九十]{1,3}[)）])+", "", label)
                resolved = self._resolver(ref, own, topic if not has_subject else "", raw)
                if resolved is None:
                    continue
                return resolved, []
            return ref, list(rule.get("also", []))
        return None, []

    def _resolver(self, ref: str, own: str, topic: str, raw: str = "") -> str | None:
        parts = ref[1:].split(":")
        if parts[0] == "function":
            return self._function(parts[1], parts[2], own) or (self._function(parts[1], parts[2], topic) if topic else None)
        if parts[0] == "economic":
            code = economic_code(own, self.rows.get(parts[1], []))
            return cell_text(parts[1], code, parts[2]) if code else None
        if parts[0] == "row":
            return self._row(parts[1], parts[2], raw)
        if parts[0] == "three_public":
            return self._three_public(own, topic)
        if parts[0] == "performance":
            return self._performance(parts[1], parts[2])
        return None

    def _performance(self, kind: str, key: str) -> str | None:
        records = [r for r in self.disclosure.performance if r.get("kind") == kind]
        if len(records) != 1 or not records[0].get("execution"):
            return None
        row = records[0]["execution"][0]
        if key not in row or not row.get("source"):
            return None
        return cell_text(kind, row["source"], key)

    def _function(self, table: str, col: str, text: str) -> str | None:
        if not text:
            return None
        path = function_path(text)
        code = function_class(path[0] if path else text)
        if code is None:
            return None
        names = subjects().get("功能", [])
        for depth, name in enumerate(path[1:], start=1):
            length = 3 + 2 * depth
            candidates = [c for c, _lvl, n in names if len(c) == length and c.startswith(code) and bare(n) == bare(name)]
            if not candidates:
                # 项 names repeat across 款 (行政运行, 事业运行): take the printed row of
                # this 款 whose code ends as the national suffix does.
                rows = [r for r in self.rows.get(table, []) if len(r) == length and r.startswith(code)]
                suffix = {"行政运行": "01", "一般行政管理事务": "02", "机关服务": "03", "事业运行": "50"}.get(bare(name))
                candidates = [r for r in rows if suffix and r.endswith(suffix)]
            if len(candidates) != 1:
                return None
            code = candidates[0]
        return cell_text(table, code, col)

    def _row(self, table: str, col: str, text: str) -> str | None:
        name = bare(text).rstrip("：:")
        if len(name) < 2:
            return None
        rows = self.rows.get(table, [])
        exact = [r for r in rows if bare(r) == name]
        if not exact:
            exact = [r for r in rows if bare(r).startswith(name) and len(name) >= 6]
        if len(exact) != 1:
            return None
        return cell_text(table, exact[0], col)

    def _three_public(self, own: str, topic: str) -> str | None:
        entry = self.catalog[self.kind]
        items = entry.get("three_public", [])
        measure_budget = "预算" in own and "决算" not in own
        for item in items:
            pattern = item["name"]
            if pattern and not (re.search(pattern, own) or (topic and re.search(pattern, topic) and not subject_words(own))):
                continue
            col = item["budget"] if measure_budget else item["actual"]
            if col is None:
                return NONE
            return cell_text(entry["table"], entry["row"], col)
        return None
