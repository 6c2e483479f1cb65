"""Mappers for the budget tables B01–B13 (部门/单位预算).

`tables` registers the mappers; `lines`, `rows` and `placement` are the steps they run
(tokens with their spacing → rows → numbers placed in columns), `layout` the catalog.
"""
from . import tables  # noqa: F401  (registers the B01–B13 mappers)
