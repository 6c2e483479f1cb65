"""What `juesuan serve` is told: the store, where uploads go, the limits and the token."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TOKEN_ENV = "JUESUAN_TOKEN"


@dataclass
class Settings:
    db: Path = Path("juesuan.duckdb")
    files: Path | None = None  # uploads by content hash; default: `<db>.files/` beside the store
    max_upload_mb: float = 50.0
    token: str | None = None  # required by every request when set (and whenever the host is not loopback)
    workers: int = 1  # processes reading uploads
    query_timeout_s: float = 5.0
    query_row_limit: int = 1000
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        self.db = Path(self.db)
        if self.files is None:
            self.files = self.db.with_name(self.db.name + ".files")
        self.files = Path(self.files)
        if self.token is None:
            self.token = os.environ.get(TOKEN_ENV) or None

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def needs_token(host: str) -> bool:
    """A server reachable from other machines must not be open to them."""
    return host not in LOOPBACK
