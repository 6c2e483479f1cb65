"""项目支出绩效目标申报表 (P03): head fields, funding, and the two indicator columns.

The form prints 实施期目标 (left) and 年度目标 (right) side by side; the text
extraction interleaves them line by line. Sides are told apart by
- the level-2 labels: a line with two labels opens both columns; a label already open
  on the left opens the right one; lines that follow belong to the last side opened
  (both: the right, whose column is the longer one);
- the column widths: a name glued to its value is cut at the column width (left 13,
  right 9 characters: `catalog/performance.yaml`), so a glued 9-character name is a
  right-hand name and a name longer than 9 is a left-hand one;
- two items on one line: left, then right.
A right-hand name that fills its column and equals no left-hand name is marked
`name_truncated`.
"""
from __future__ import annotations

import re

from ...model import TextLine
from .common import level1_of, level2_of, plain_number, squeeze, vocabulary

_OPERATOR = re.compile(r"[≥≤=＝<>＜＞]")
_LABELS = ["项目名称", "主管部门及代码", "实施单位", "项目属性", "项目期", "立项依据", "项目概况"]
_FIELDS = {"主管部门及代码": "department", "实施单位": "implementing_unit",
           "项目属性": "project_attribute", "项目期": "project_period", "立项依据": "basis",
           "项目名称": "title"}
_SIDES = {"left": "实施期目标", "right": "年度目标"}


def read_target(title_line: TextLine, lines: list[TextLine]) -> dict:
    texts = [line.text.strip() for line in lines if line.text.strip()]
    record: dict = {"kind": "P03"}
    start = next((i for i, t in enumerate(texts) if squeeze(t).startswith("一级指标")), len(texts))
    _read_head(record, texts[:start])
    end = next((i for i in range(start, len(texts)) if texts[i].startswith("负责人")), len(texts))
    record["indicators"] = _Columns().read(texts[start + 1:end])
    return record


def _read_head(record: dict, texts: list[str]) -> None:
    pattern = re.compile("(" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")(?=\s|$)")
    funding: list[dict] = []
    in_funds = False
    for text in texts:
        if squeeze(text) == "项目资金":
            in_funds = True
            continue
        unit = re.search(r"^[（(](万元|元)[)）]$", text)
        if unit and in_funds:
            record["unit"] = unit.group(1)
            continue
        totals = re.findall(r"(实施期资金总额|年度资金总额)[:：]\s*([\d,.]+)", text)
        if totals:
            for key, value in totals:
                record["total_funds" if key.startswith("实施期") else "annual_funds"] = value.replace(",", "")
            continue
        if in_funds and not pattern.match(text):
            row = _funding_row(text)
            if row:
                funding.append(row)
                continue
        parts = pattern.split(text)
        if len(parts) < 3:
            continue
        in_funds = False
        for key, value in zip(parts[1::2], parts[2::2]):
            field = _FIELDS.get(key)
            if field and value.strip() and field not in record:
                record[field] = value.strip()
    if funding:
        record["funding"] = funding


def _funding_row(text: str) -> dict | None:
    tokens = [re.sub(r"^其中[:：]", "", t) for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens or plain_number(tokens[0]) is not None:
        return None
    row: dict = {"source": tokens[0]}
    numbers = [plain_number(t) for t in tokens if plain_number(t) is not None]
    for key, value in zip(("period_total", "annual"), numbers):
        row[key] = value
    return row


class _Columns:
    """Reads the interleaved indicator lines into 实施期 and 年度 items."""

    def __init__(self) -> None:
        widths = vocabulary()["target_form"]
        self.left_width = widths["left_name_width"]
        self.right_width = widths["right_name_width"]
        self.level1: str | None = None
        self.level2 = {"left": None, "right": None}
        self.mode = "left"
        self.items = {"left": [], "right": []}
        self.pending: dict | None = None

    def read(self, texts: list[str]) -> list[dict]:
        for text in texts:
            self._line(text.split())
        left_names = {item["name"] for item in self.items["left"]}
        out: list[dict] = []
        for side in ("left", "right"):
            for item in self.items[side]:
                if item.get("target") is None:
                    item.pop("target", None)
                if (side == "right" and len(item["name"]) == self.right_width
                        and item["name"] not in left_names):
                    item["name_truncated"] = True
                out.append(item)
        return out

    def _line(self, tokens: list[str]) -> None:
        if tokens and level1_of(tokens[0]):
            self.level1 = level1_of(tokens[0])
            self.level2 = {"left": None, "right": None}
            self.mode, self.pending = "left", None
            tokens = tokens[1:]
        segments: list[tuple[str | None, list[str]]] = []
        label, bucket = None, []
        for token in tokens:
            found = level2_of(token, truncated=True)
            if found:
                if label is not None or bucket:
                    segments.append((label, bucket))
                label, bucket = found, []
            else:
                bucket.append(token)
        if label is not None or bucket:
            segments.append((label, bucket))
        labels = [s[0] for s in segments if s[0]]
        if labels:
            self.pending = None
        if len(labels) >= 2:
            sides = iter(("left", "right"))
            for segment_label, words in segments:
                side = next(sides, "right") if segment_label else "left"
                if segment_label:
                    self.level2[side] = segment_label
                self._items(words, side)
            self.mode = "both"
            return
        if len(labels) == 1:
            side = "right" if self.level2["left"] == labels[0] else "left"
            self.level2[side] = labels[0]
            self.mode = side
        words = [w for _, ws in segments for w in ws]
        if not words:
            return
        if self.pending is not None and len(words) == 1 and not _OPERATOR.search(words[0]):
            self.pending["target"] = (self.pending.get("target") or "") + words[0]
            return
        self._items(words, None)

    def _items(self, words: list[str], side: str | None) -> None:
        items: list[tuple[str, str | None, bool]] = []  # name, value, glued
        index = 0
        while index < len(words):
            word = words[index]
            operator = _OPERATOR.search(word)
            if operator and operator.start() > 0:
                items.append((word[:operator.start()], word[operator.start():], True))
            elif index + 1 < len(words) and not _glued(words[index + 1]):
                items.append((word, words[index + 1], False))
                index += 1
            else:
                items.append((word, None, True))
            index += 1
        if side is None and len(items) >= 2:
            for item, item_side in zip(items, ("left", "right")):
                self._add(item, item_side)
            return
        for item in items:
            self._add(item, side or self._side_of(item))

    def _side_of(self, item: tuple[str, str | None, bool]) -> str:
        name, value, glued = item
        if value is not None and glued:
            return "right" if len(name) <= self.right_width else "left"
        if value is not None and len(name) > self.right_width:
            return "left"
        return "right" if self.mode in ("right", "both") else "left"

    def _add(self, item: tuple[str, str | None, bool], side: str) -> None:
        name, value, glued = item
        width = self.left_width if side == "left" else self.right_width
        if value is None and len(name) > width:
            name, value = name[:width], name[width:]
        entry: dict = {"period": _SIDES[side]}
        if self.level1:
            entry["level1"] = self.level1
        if self.level2[side]:
            entry["level2"] = self.level2[side]
        entry["name"] = name
        entry["target"] = value
        self.items[side].append(entry)
        self.pending = entry if value is None else None


def _glued(word: str) -> bool:
    operator = _OPERATOR.search(word)
    return bool(operator and operator.start() > 0)
