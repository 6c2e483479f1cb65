"""Mappers for the budget tables B01–B13 (部门/单位预算)."""
