"""Mappers for the final-accounts tables F01–F10 (部门决算)."""
