"""Inputs that no table carries, recovered from a corpus document's gold narrative: last
year's figures (current ± the stated change), 年初预算 (the denominator of a stated
完成年初预算的 x%), and the few counts of 十、其他重要事项. With them the generated
情况说明 can be held figure by figure against the published one."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from conftest import read_jsonl

from juesuan.render.source import Source, from_cells

_CHANGE_BASE = re.compile(r"^([\d.]+) / \(\{(\w+):([^:}]+):(\w+)\} ([+-]) ([\d.]+)\) \* 100$")
_COMPLETION = re.compile(r"^\{(\w+):([^:}]+):(\w+)\} / ([\d.]+) \* 100$")


def gold_source(folder: Path) -> Source:
    source = from_cells(folder / "cells.jsonl", folder / "meta.json")
    for fact in read_jsonl(folder / "narrative.jsonl"):
        refers, text, value = fact["refers_to"], fact["text"], Decimal(fact["value"])
        change = _CHANGE_BASE.match(refers or "")
        if change:
            amount, table, row, col, sign = change.group(1, 2, 3, 4, 5)
            current = source.value(table, row, col)
            source.prior[(table, row, col)] = current + Decimal(amount) if sign == "+" else current - Decimal(amount)
            continue
        completion = _COMPLETION.match(refers or "")
        if completion and "预算" in text:
            table, row, col, budget = completion.groups()
            source.budget[(table, row, col)] = Decimal(budget)
            continue
        if refers == "not in tables":
            for key, word in (("中小企业合同金额", "中小企业"), ("小微企业合同金额", "小微企业"),
                              ("国内接待费", "国内接待"), ("外事接待费", "外事接待")):
                if word in text:
                    source.extra[key] = value
        if "绩效自评" in text and fact["unit"] == "万元":
            source.extra["绩效自评涉及资金"] = value
            count = re.search(r"(\d+)个", text)
            if count:
                source.extra["绩效自评项目个数"] = Decimal(count.group(1))
    return source


def published_right(folder: Path) -> list[dict]:
    """The gold narrative figures that the document printed right: an expression that
    evaluates to the stated value at its printed decimals (a blank cell counting 0, as the
    gold README says), or a figure given from outside the tables (last year's, 年初预算,
    …), which the generator restates from its inputs."""
    cells = {(r["table"], str(r["row"]), str(r["col"])): Decimal(r["value"])
             for r in read_jsonl(folder / "cells.jsonl")}
    out = []
    for fact in read_jsonl(folder / "narrative.jsonl"):
        refers = fact["refers_to"] or ""
        stated = Decimal(fact["value"])
        if refers in ("prior year, not in tables", "not in tables"):
            out.append(fact)
            continue
        try:
            value = evaluate(refers, cells)
        except (ArithmeticError, ValueError):
            continue  # 0/0 and the like: no figure to hold the text against
        places = len(fact["value"].split(".")[1]) if "." in fact["value"] else 0
        if value.quantize(Decimal(1).scaleb(-places)) == stated:
            out.append(fact)
    return out


_TOKEN = re.compile(r"\s*(?:(\{[^}]+\})|(\d+(?:\.\d+)?)|([-+*/()]))")


def evaluate(expression: str, cells: dict) -> Decimal:
    """The gold notation (`570.56 / ({F01:31:1} + 570.56) * 100`): + - * / and brackets over
    `{TABLE:ROW:COL}` cells and decimal literals, by a small recursive-descent parser."""
    tokens, position = [], 0
    while position < len(expression.rstrip()):
        match = _TOKEN.match(expression, position)
        if not match:
            raise ValueError(f"cannot read {expression[position:]!r}")
        ref, number, operator = match.groups()
        if ref:
            table, row, col = ref[1:-1].rsplit(":", 2)
            tokens.append(cells.get((table, row, col), Decimal(0)))
        else:
            tokens.append(Decimal(number) if number else operator)
        position = match.end()
    index = 0

    def atom() -> Decimal:
        nonlocal index
        token = tokens[index]
        index += 1
        if token == "(":
            value = total()
            index += 1  # ")"
            return value
        if token == "-":
            return -atom()
        return token

    def product() -> Decimal:
        nonlocal index
        value = atom()
        while index < len(tokens) and tokens[index] in ("*", "/"):
            operator = tokens[index]
            index += 1
            value = value * atom() if operator == "*" else value / atom()
        return value

    def total() -> Decimal:
        nonlocal index
        value = product()
        while index < len(tokens) and tokens[index] in ("+", "-"):
            operator = tokens[index]
            index += 1
            value = value + product() if operator == "+" else value - product()
        return value

    return total()
