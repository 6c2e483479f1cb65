"""Shared fixtures. Corpus tests read ../shared/corpus and skip only when it is absent;
CI sets JUESUAN_REQUIRE_CORPUS=1 so that they cannot skip there."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JUESUAN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
TOOLS = SHARED / "tools"


def corpus_path(*parts: str) -> Path:
    """A path inside ../shared/corpus; skips the test when the corpus is absent (never in CI)."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        if os.environ.get("JUESUAN_REQUIRE_CORPUS"):
            pytest.fail(f"corpus required but missing: {path}")
        pytest.skip(f"corpus not present: {path}")
    return path


@pytest.fixture
def corpus():
    return corpus_path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
