"""Rows of a budget table: tokens grouped into rows, rows keyed, sums between rows found.

A row is its label cells (a 科目编码 and a name, or one or two names) and the numbers
after them. The key is the code where one is printed, else the normalized name
(spec/cell-addresses.md). Which rows add up to which is read from the table itself —
the code hierarchy, indentation, a 合计 row — or from the catalog (`sums`, `groups`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...model import Where
from .layout import Layout
from .lines import Token, is_code, is_total_name, label_key

_YEAR = r"(?:19|20)\d\d\s*年度?"


@dataclass
class Row:
    labels: list[Token]
    code: str | None
    nums: list[Token]
    indent: int
    where: Where
    side: str = ""
    placed: dict[int, Token] = field(default_factory=dict)
    code_first: bool = True  # a printed code opened its line

    @property
    def opens_line(self) -> bool:
        """The row's first cell is the first of its printed line."""
        first = self.labels[0] if self.labels and not self.code else None
        return first.first if first is not None else self.code_first

    @property
    def name(self) -> str:
        return label_key(self.labels[0].text) if self.labels else ""

    @property
    def key(self) -> str:
        return self.code or self.name

    def cells(self) -> dict[int, Decimal]:
        return {column: token.value for column, token in self.placed.items()}


def detect_columns(header: str, columns, groups: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """The keys of the catalog columns whose printed name occurs in the header text, in
    printed order; a year before a name is dropped, a year alone heads `预算数`.

    PDF text prints a two-level header level by level: a heading over several columns
    (`本年收入`, `2023年财政拨款`, catalog `column_groups`) comes before a column to
    its right that spans both levels (`上年结转`), its own columns after that. Those
    columns are put back where their heading stands."""
    groups = groups or {}
    names = sorted({p for c in columns for p in c.printed} | set(groups), key=len, reverse=True)
    text = header
    if names:
        text = re.sub(_YEAR + "(?=" + "|".join(map(re.escape, names)) + ")", "", text)
    text = re.sub(_YEAR + "(?:预算数)?", "预算数", text)
    position: dict[str, int] = {}
    mask = list(text)
    pairs = sorted(((p, c.key) for c in columns for p in c.printed), key=lambda x: -len(x[0]))
    for printed, key in pairs:
        start = "".join(mask).find(printed)
        while start >= 0:
            position[key] = min(position.get(key, start), start)
            mask[start:start + len(printed)] = ["\0"] * len(printed)
            start = "".join(mask).find(printed)
    found = [c for c in columns if c.key in position]
    if any(not c.alone for c in found):
        found = [c for c in found if not c.alone]
    anchor = {c.key: position[c.key] for c in found}
    for group, members in groups.items():
        at = "".join(mask).find(group)
        if at < 0:
            continue
        for key in members:
            if key in anchor and position[key] > at:
                anchor[key] = min(anchor[key], at)
    order = {c.key: i for i, c in enumerate(found)}
    return [c.key for c in sorted(found, key=lambda c: (anchor[c.key], position[c.key], order[c.key]))]


def assemble(tokens: list[Token], layout: Layout) -> list[Row]:
    """Group a one-sided table's tokens into rows."""
    rows: list[Row] = []
    current: Row | None = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "text":
            if current is not None and not current.nums and (
                    (current.code and not current.labels)
                    or (not token.first and len(current.labels) + bool(current.code) < layout.label_columns)):
                current.labels.append(token)
            else:
                current = Row([token], None, [], token.indent, token.where)
                rows.append(current)
            continue
        if _starts_coded_row(token, following):
            current = Row([], token.text, [], token.indent, token.where, code_first=token.first)
            rows.append(current)
            continue
        if current is None:
            current = Row([], None, [], token.indent, token.where)
            rows.append(current)
        current.nums.append(token)
    return rows


def _starts_coded_row(token: Token, following: Token | None) -> bool:
    if not is_code(token) or following is None or following.kind != "text":
        return False
    same_line = following.where == token.where and not following.first
    alone = token.first and token.trailing == 0 and following.first
    return same_line or alone


def code_groups(rows: list[Row]) -> list[tuple[int, list[int]]]:
    """Parent code = Σ child codes (the longest other printed code that prefixes it);
    a 合计 row = Σ the top-level codes."""
    coded = {row.code: i for i, row in enumerate(rows) if row.code}
    children: dict[int, list[int]] = {}
    top: list[int] = []
    for code, index in coded.items():
        parents = [c for c in coded if c != code and code.startswith(c)]
        if parents:
            children.setdefault(coded[max(parents, key=len)], []).append(index)
        else:
            top.append(index)
    groups = [(parent, sorted(kids)) for parent, kids in children.items()]
    for index, row in enumerate(rows):
        if not row.code and is_total_name(row.name) and top:
            groups.append((index, sorted(top)))
    return groups


def named_groups(rows: list[Row], layout: Layout) -> list[tuple[int, list[int]]]:
    """Sums of a table keyed by names: catalog sums, catalog group heads (B06 类),
    indentation (a project list under its unit), and a 合计 row over the top level."""
    groups: list[tuple[int, list[int]]] = []
    by_name: dict[str, int] = {}
    for index, row in enumerate(rows):
        by_name.setdefault(row.name, index)
    for total, parts in layout.sums:
        present = [by_name[p] for p in parts if p in by_name]
        if total in by_name and present:
            groups.append((by_name[total], present))
    heads = [i for i, row in enumerate(rows) if row.name in layout.groups]
    for position, head in enumerate(heads):
        end = heads[position + 1] if position + 1 < len(heads) else len(rows)
        members = [i for i in range(head + 1, end) if not is_total_name(rows[i].name)]
        if members:
            groups.append((head, members))
    indents = {row.indent for row in rows if not is_total_name(row.name)}
    if len(indents) > 1:
        for index, row in enumerate(rows):
            members = []
            for later in range(index + 1, len(rows)):
                if rows[later].indent <= row.indent:
                    break
                if rows[later].indent == row.indent + 1:
                    members.append(later)
            if members:
                groups.append((index, members))
    summed = {i for _, members in groups for i in members}
    parents = {parent for parent, _ in groups}
    for index, row in enumerate(rows):
        if is_total_name(row.name) and index not in parents:
            top = [i for i, other in enumerate(rows)
                   if i != index and i not in summed and not is_total_name(other.name)]
            if top:
                groups.append((index, top))
    return groups


def total_groups(rows: list[Row]) -> list[tuple[int, list[int]]]:
    """A 收支总表 side: each 合计/总计 row is the sum of the rows since the previous one
    (本年支出合计 = Σ 功能分类; 支出总计 = 本年支出合计 + 年终结转)."""
    groups = []
    start = 0
    for index, row in enumerate(rows):
        if is_total_name(row.name):
            members = list(range(start, index))
            if members:
                groups.append((index, members))
            start = index
    return groups
