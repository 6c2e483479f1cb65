"""The registry of table mappers: one function per canonical kind (or family of kinds).

A mapper turns a `Region` into a `Table` whose cells sit at canonical addresses, or
raises `Unmappable` with a reason — it never guesses (design.md: honest uncertainty).
Mappers register themselves with `@mapper("F02", "F03", …)`; `recognize()` looks them up.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Table
from .segment import Region


class Unmappable(Exception):
    """The region is a table of this kind, but its rows or columns cannot be placed."""


@dataclass
class Context:
    """What the whole document tells a mapper: its default amount unit, name and year."""

    doc: str
    amount_unit: str | None
    unit_name: str | None
    year: int | None


Mapper = Callable[[Region, Context], Table]
MAPPERS: dict[str, Mapper] = {}


def mapper(*kinds: str) -> Callable[[Mapper], Mapper]:
    def register(function: Mapper) -> Mapper:
        for kind in kinds:
            MAPPERS[kind] = function
        return function

    return register
