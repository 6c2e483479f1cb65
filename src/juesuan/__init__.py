"""juesuan — read, check, write and analyse Chinese public-sector budget disclosures.

The path of a document: ingest → recognize → check → render/store (README, Layout).
"""
from __future__ import annotations

__version__ = "0.1.0"
