"""Mappers for the final-accounts tables F01–F10 (部门决算).

Each module registers its kinds with `@mapper(...)`: `totals` F01/F04 (two sides, 行次),
`coded` F02/F03/F05/F07/F08 (subject codes), `basic` F06 (economic codes in panels),
`sangong` F09, `info` F10. Each reads a region by its grids when it has them (column
positions are exact) and by its text otherwise (`tokens`: broken PDF text).
"""
from . import basic, coded, info, sangong, totals  # noqa: F401  (registration)
