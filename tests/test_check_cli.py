"""`juesuan check` and `juesuan rules`: formats, exit codes, and docs/rules.md is current."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from formula_helpers import disclosure
from typer.testing import CliRunner

from juesuan import cli, pipeline
from juesuan.checks.docs import rule_docs, rules_markdown
from juesuan.errors import UnreadableFile
from juesuan.model import Unrecognized, Where

ROOT = Path(__file__).resolve().parents[1]
GOOD = "F06[302,1]=34.43; F06[30201,1]=30.00; F06[30299,1]=4.42; F06[公用经费合计,1]=34.43"  # a ROUNDING note only
BAD = "F01[31,1]=100.00; F01[62,2]=99.00; F01[27,1]=100.00; F01[1,1]=100.00; F01[58,2]=99.00; F01[40,2]=99.00"


@pytest.fixture
def fake_extract(monkeypatch):
    """pipeline.extract replaced: the file name says which hand-written disclosure to return."""
    def extract(path, doc=None):
        name = Path(path).stem
        if name == "unreadable":
            raise UnreadableFile(path, "not a disclosure")
        d = disclosure(BAD if name == "bad" else GOOD, doc=doc or name)
        if name == "unrec":
            d.unrecognized.append(Unrecognized("某某表", Where(page=14), "no canonical kind"))
        return d

    monkeypatch.setattr(pipeline, "extract", extract)


def invoke(*args):
    return CliRunner().invoke(cli.app, list(args))


def test_json_is_one_array_per_spec(fake_extract):
    result = invoke("check", "good.txt", "bad.txt", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list) and {d["doc"] for d in data} == {"good", "bad"}
    bad = [d for d in data if d["code"] == "F-EQ-F01-BALANCE"]
    assert bad and bad[0]["severity"] == "error" and bad[0]["found"] == "100.00" and bad[0]["expected"] == "99.00"
    assert any(d["code"] == "ROUNDING" and d["severity"] == "note" for d in data)


def test_exit_codes(fake_extract):
    assert invoke("check", "good.txt").exit_code == 0
    assert invoke("check", "bad.txt").exit_code == 1
    assert invoke("check", "good.txt", "unreadable.txt").exit_code == 2
    assert invoke("check", "unrec.txt").exit_code == 3
    assert invoke("check", "good.txt", "--profile", "nowhere").exit_code == 2  # usage error


def test_text_groups_by_severity(fake_extract):
    result = invoke("check", "bad.txt", "unrec.txt")
    out = result.stdout
    assert out.index("错误 error") < out.index("F-EQ-F01-BALANCE")
    assert "警告 warning" in out and "TABLE-UNRECOGNIZED" in out and "第 14 页" in out


def test_markdown_and_html(fake_extract, tmp_path):
    md = invoke("check", "bad.txt", "--format", "md").stdout
    assert md.startswith("# juesuan check") and "| error | F-EQ-F01-BALANCE |" in md
    out = tmp_path / "report.html"
    assert invoke("check", "bad.txt", "good.txt", "--format", "html", "-o", str(out)).exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "F-EQ-F01-BALANCE" in page and "ROUNDING" in page
    assert "<script" not in page and "http" not in page  # self-contained


def test_profile_option_changes_the_rules(monkeypatch):
    cells = "B02[合计,合计]=100.00; B02[合计,一般公共预算]=100.00; B02[合计,上年结转]=50.00"
    monkeypatch.setattr(pipeline, "extract", lambda path, doc=None: disclosure(cells, kind="budget", unit_name=None))
    assert invoke("check", "x.txt", "--profile", "national").exit_code == 1
    assert invoke("check", "x.txt", "--profile", "shanxi").exit_code == 0


def test_rules_lists_every_code():
    out = invoke("rules").stdout
    for doc in rule_docs():
        assert doc.code in out and doc.title in out
    assert "TABLE-UNRECOGNIZED" in out and "ROUNDING" in out


def test_docs_rules_md_is_current():
    """docs/rules.md is generated: `juesuan rules --format md > docs/rules.md`."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()
    assert invoke("rules", "--format", "md").stdout == rules_markdown()


def _cells_file(tmp_path, cells, meta=None):
    from juesuan.checks.formula import parse_cells

    folder = tmp_path / "doc"
    folder.mkdir()
    lines = [json.dumps({"doc": "hand", "table": t, "row": r, "col": c, "value": v, "unit": "万元"},
                        ensure_ascii=False) for t, r, c, v in parse_cells(cells)]
    (folder / "cells.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if meta is not None:
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return folder / "cells.jsonl"


def test_check_reads_canonical_cells(tmp_path):
    path = _cells_file(tmp_path, BAD, {"doc": "hand-doc", "kind": "final_accounts",
                                       "tables_present": ["F01", "F02"], "tables_declared_empty": []})
    result = invoke("check", str(path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {d["doc"] for d in data} == {"hand-doc"}
    assert any(d["code"] == "F-EQ-F01-BALANCE" for d in data)
    # F02 printed without numbers: its formulas apply (and read 0), F03 is absent: not applicable
    assert any(d["code"] == "F-EQ-F02-F01" for d in data)
    assert any(d["code"] == "FORMULA-NA" and d["message"].startswith("F03") for d in data)


def test_formulas_command_counts_outcomes(tmp_path):
    path = _cells_file(tmp_path, GOOD)
    result = invoke("formulas", str(path), "--all")
    assert result.exit_code == 0
    out = result.stdout
    assert "F-SUM-F06-ECON" in out and "rounding" in out
    assert "rounding F-SUM-F06-ECON: F06[302,1] = 34.43 | Σ F06[302xx,1] = 34.42" in out
