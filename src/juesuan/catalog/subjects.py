"""The 政府收支分类 subjects of catalog/subject_codes.csv as names: which code a printed
name means (`维修(护)费` → 30213, `卫生健康支出（类）` → 210), for the steps that read
names rather than codes (the 情况说明, 名词解释)."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def subjects() -> dict[str, list[tuple[str, str, str]]]:
    """system (功能 / 经济) → [(code, level, name)] in file order."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    text = resources.files(__package__).joinpath("subject_codes.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(line for line in text.splitlines() if line and not line.startswith("#")))
    for row in rows[1:]:
        if len(row) >= 4:
            out.setdefault(row[0], []).append((row[1], row[2], row[3]))
    return out


@lru_cache(maxsize=1 << 14)  # economic_code compares a label with every subject's bare name
def bare(name: str) -> str:
    """A name without bracketed parts and quotes: `维修（护）费` and `维修(护)费` → `维修费`."""
    name = re.sub(r"[（(][^）)]*[)）]", "", name)
    return name.replace("“", "").replace("”", "").replace('"', "")


@lru_cache(maxsize=None)
def function_classes() -> tuple[tuple[str, str], ...]:
    """(code, name) of every 功能分类 类, longest name first (so 一般公共服务支出 wins
    over a shorter name it contains)."""
    items = [(c, n) for c, level, n in subjects().get("功能", []) if level == "类"]
    return tuple(sorted(items, key=lambda item: -len(item[1])))


def function_class(name: str) -> str | None:
    """The 类 code a printed class name means, with or without its 支出 (`一般公共服务(类)`)."""
    head = bare(name)
    for code, printed in function_classes():
        short = printed[:-2] if printed.endswith("支出") else printed
        if head.startswith(printed) or (len(short) >= 2 and head.startswith(short)):
            return code
    return None


def function_path(text: str) -> list[str]:
    """`卫生健康支出（类）医疗保障管理事务（款）事业运行（项）` → the names of 类, 款, 项."""
    return [name for name, _level in re.findall(r"([^（()）]+?)[（(](类|款|项)[)）]", text)]


def economic_names() -> list[str]:
    return [name for _code, _level, name in subjects().get("经济", [])]


def economic_code(label: str, printed_rows: list[str] | tuple = ()) -> str | None:
    """The 经济分类 code a label names (`维修(护)费`, `维修费` → 30213), or None. A name
    printed under two 类 (办公设备购置 in 309 and 310) is the one the table prints."""
    name = bare(label)
    if not name:
        return None
    exact: list[str] = []
    best = None
    for code, _level, printed in subjects().get("经济", []):
        candidate = bare(printed)
        if name == candidate or name == printed:
            exact.append(code)
        elif name.endswith(candidate) and len(candidate) >= 3 and (best is None or len(candidate) > best[1]):
            best = (code, len(candidate))
    if exact:
        present = [code for code in exact if code in printed_rows]
        return (present or exact)[0]
    return best[0] if best else None
