"""`juesuan score FILE [--format json|text]`: the profile's view of each self-evaluation."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import corpus_path
from juesuan.cli import app
from test_performance_readers import SHANXI


def run(*args: str):
    result = CliRunner().invoke(app, ["score", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_score_json_on_an_invented_table(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SHANXI, encoding="utf-8")
    result = run(str(path), "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    (record,) = payload["records"]
    assert record["profile"] == "shanxi" and record["total_score"] == "94"
    codes = {f["code"]: f["severity"] for f in payload["findings"]}
    assert codes.get("PERF-IND-BAND") == "error"  # 35 of a 30-point weight
    assert codes.get("PERF-IND-SCORE-BLANK") == "warning"


def test_score_text_names_rule_scores(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SHANXI, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    assert "P02 示例培训项目" in result.stdout and "按规则" in result.stdout


def test_score_refuses_an_unreadable_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run(str(path))
    assert result.exit_code == 2


@pytest.mark.corpus
def test_score_corpus_report_lists_every_attachment():
    result = run(str(corpus_path("text", "xinzhou-2022-perf.txt")), "-f", "json")
    payload = json.loads(result.stdout)
    assert [r["attachment"] for r in payload["records"]] == list(range(1, 13))
    grades = {r["attachment"]: r["grade_by_rule"] for r in payload["records"]}
    assert grades[12] == "差" and grades[5] == "优"
