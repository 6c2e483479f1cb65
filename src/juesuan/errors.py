"""Errors a user can act on.

A file that cannot be read at all ends the command with exit code 2 and one line naming
the file and the reason; everything else (an unrecognized table, a garbled cell) is
reported as data, never raised.
"""
from __future__ import annotations


class JuesuanError(Exception):
    """Base class: the message is shown to the user as it is."""


class UnreadableFile(JuesuanError):
    """The file cannot be read as a disclosure at all (exit code 2)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
