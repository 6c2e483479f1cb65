"""render/: the narrative's arithmetic and wording, the charts' glyphs, the input
workbook and the refusals of `juesuan render` — on the project's synthetic example."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli import app
from juesuan.render import charts, from_cells
from juesuan.render.layout import grouped
from juesuan.render.narrative import generate, largest_remainder
from juesuan.render.source import Source
from juesuan.render.workbook import read_workbook, sheet_name, write_source, write_template

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def sample() -> Source:
    return from_cells(EXAMPLES / "sample_cells.jsonl", EXAMPLES / "sample_meta.json")


def _section(source: Source, number: str) -> str:
    return next("".join(s.text()) for s in generate(source) if s.heading.startswith(number + "、"))


@pytest.mark.parametrize("parts", [
    [Decimal(1), Decimal(1), Decimal(1)],
    [Decimal("364.58"), Decimal("27.93")],
    [Decimal("0.01"), Decimal("999.99"), Decimal("3.33"), Decimal("3.33")],
    [Decimal("2"), Decimal("0"), Decimal("1")],
])
def test_largest_remainder_sums_to_exactly_100(parts) -> None:
    shares = largest_remainder(parts)
    assert sum(shares) == Decimal("100.00")
    whole = sum(parts)
    for part, share in zip(parts, shares):
        assert abs(share - part * 100 / whole) < Decimal("0.01")


def test_largest_remainder_of_nothing_is_zero() -> None:
    assert largest_remainder([Decimal(0), Decimal(0)]) == [Decimal("0.00"), Decimal("0.00")]


def test_amounts_carry_thousands_separators_and_two_decimals() -> None:
    assert grouped(Decimal("1234567.8")) == "1,234,567.80"
    assert grouped(Decimal("0")) == "0.00"


@pytest.mark.parametrize("prior, words", [
    ("200.00", "收入总计增加"), ("400.00", "收入总计减少"), (None, None)])
def test_change_words_follow_the_sign(sample: Source, prior, words) -> None:
    current = sample.value("F01", 31, 1)
    if prior is not None:
        sample.prior[("F01", "31", "1")] = Decimal(prior)
    text = _section(sample, "一")
    if words is None:
        assert "与2023年度相比" not in text
        return
    diff = abs(current - Decimal(prior))
    rate = "增长" if "增加" in words else "下降"
    expected = (diff * 100 / Decimal(prior)).quantize(Decimal("0.01"))
    assert f"{words}{grouped(diff)}万元，{rate}{expected}%" in text


def test_no_change_is_flat(sample: Source) -> None:
    sample.prior[("F01", "31", "1")] = sample.value("F01", 31, 1)
    assert "收入总计与上年持平" in _section(sample, "一")


def test_completion_of_the_initial_budget(sample: Source) -> None:
    sample.budget[("F05", "合计", "1")] = Decimal("800.00")
    done = (sample.value("F05", "合计", 1) * 100 / Decimal(800)).quantize(Decimal("0.01"))
    assert f"完成年初预算的{done}%" in _section(sample, "五")


def test_an_empty_table_section_says_so(sample: Source) -> None:
    assert "故本表无数据" in _section(sample, "七")
    assert "故本表无数据" in _section(sample, "八")


def test_basic_section_quotes_the_basic_column(sample: Source) -> None:
    """F05 合计 小计 differs from 基本支出 when there is 项目支出: the section must quote 基本支出."""
    basic, total = sample.value("F05", "合计", 2), sample.value("F05", "合计", 1)
    assert basic != total
    text = _section(sample, "六")
    assert f"基本支出{grouped(basic)}万元" in text and f"基本支出{grouped(total)}万元" not in text


def test_charts_draw_every_glyph(sample: Source, tmp_path: Path) -> None:
    sample.prior[("F01", "31", "1")] = Decimal("500")
    for number, key in enumerate(charts.CHARTS, 1):
        chart = charts.draw(sample, key, number)
        assert chart.png.startswith(b"\x89PNG") and len(chart.png) > 10_000
        (tmp_path / f"{key}.png").write_bytes(chart.png)


def test_a_missing_glyph_fails_the_chart(sample: Source, monkeypatch) -> None:
    monkeypatch.setattr(charts, "matplotlib_font", lambda: "DejaVu Sans")  # a font without Chinese
    with pytest.raises(charts.MissingGlyph):
        charts.draw(sample, "total_change", 1)


def test_template_has_a_sheet_per_table_and_the_input_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "input.xlsx"
    result = CliRunner().invoke(app, ["template", "--kind", "final", "-o", str(path)])
    assert result.exit_code == 0, result.output
    names = load_workbook(path, read_only=True).sheetnames
    assert names[0] == "单位信息"
    for kind in ("F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10"):
        assert sheet_name(kind) in names
    assert {"上年数及年初预算", "原因", "其他事项"} <= set(names)


def test_an_unfilled_template_names_the_missing_fact(tmp_path: Path) -> None:
    path = write_template(tmp_path / "input.xlsx")
    with pytest.raises(ValueError, match="《单位信息》 cell B2: 单位名称 is required"):
        read_workbook(path)


def test_workbook_round_trip(sample: Source, tmp_path: Path) -> None:
    sample.prior[("F01", "31", "1")] = Decimal("650.00")
    sample.budget[("F05", "210", "1")] = Decimal("120.50")
    sample.reasons["一"] = "人员调整"
    sample.extra["中小企业合同金额"] = Decimal("3.20")
    back = read_workbook(write_source(sample, tmp_path / "filled.xlsx"))
    assert back.cells == sample.cells
    assert (back.prior, back.budget, back.reasons, back.extra) == (sample.prior, sample.budget, sample.reasons,
                                                                    sample.extra)
    assert back.unit_name == sample.unit_name and back.year == sample.year
    assert sorted(back.declared_empty) == ["F07", "F08", "F09"]


@pytest.fixture
def filled(sample: Source, tmp_path: Path) -> Path:
    return write_source(sample, tmp_path / "filled.xlsx")


def _set(path: Path, sheet: str, key: str, column: int, value) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book[sheet]
    row = next(r for r in range(5, ws.max_row + 1) if str(ws.cell(row=r, column=1).value) == key)
    cell = ws.cell(row=row, column=column)
    cell.value = value
    book.save(path)
    return cell.coordinate


def test_render_writes_every_format(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".html", ".pdf", ".xlsx"]
    html = (out / "example-2024.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "<link" not in html and "src=\"http" not in html


def test_text_in_a_number_cell_is_named(filled: Path, tmp_path: Path) -> None:
    coordinate = _set(filled, sheet_name("F01"), "1", 3, "五百万")
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"sheet 《{sheet_name('F01')}》 cell {coordinate}" in result.output
    assert "“五百万” is not a number" in result.output
    assert not (tmp_path / "out").exists()


def test_a_missing_required_sheet_is_named(filled: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(filled)
    del book[sheet_name("F03")]
    book.save(filled)
    result = CliRunner().invoke(app, ["render", str(filled), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"sheet 《{sheet_name('F03')}》: required sheet is missing" in result.output


def test_unbalanced_totals_are_refused_with_the_findings(filled: Path, tmp_path: Path) -> None:
    coordinate = _set(filled, sheet_name("F01"), "27", 3, 1.00)
    out = tmp_path / "out"
    refused = CliRunner().invoke(app, ["render", str(filled), "-o", str(out)])
    assert refused.exit_code == 1
    assert "F-SUM-F01-INCOME" in refused.output and f"{sheet_name('F01')} {coordinate}" in refused.output
    assert not out.exists()
    forced = CliRunner().invoke(app, ["render", str(filled), "-o", str(out), "--force", "-f", "html"])
    assert forced.exit_code == 0 and (out / "example-2024.html").exists()
    assert "F-SUM-F01-INCOME" in forced.output


def test_cells_and_meta_are_an_input_too(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "sample_cells.jsonl"), "--meta",
                                      str(EXAMPLES / "sample_meta.json"), "-o", str(tmp_path), "-f", "md"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "example-2024.md").read_text(encoding="utf-8")
    assert "第三部分 2024年度部门决算情况说明" in text and "第四部分 名词解释" in text


def test_a_bad_cell_line_is_named(tmp_path: Path) -> None:
    cells = tmp_path / "cells.jsonl"
    cells.write_text('{"table": "F01", "row": "1", "col": "1", "value": "abc"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(cells), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "cells.jsonl:1" in result.output



def test_budget_template_and_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "budget.xlsx"
    result = CliRunner().invoke(app, ["template", "--kind", "budget", "-o", str(path)])
    assert result.exit_code == 0, result.output
    names = load_workbook(path, read_only=True).sheetnames
    assert names[0] == "单位信息" and sum(n.startswith("B") for n in names) == 13
    with pytest.raises(ValueError, match="单位名称 is required"):
        read_workbook(path)


def test_a_unit_with_every_section_filled_reads_back_clean(sample: Source, tmp_path: Path) -> None:
    """三公 spent, 机关运行经费, vehicles, last year's figures, 年初预算, reasons and the
    figures beside the tables: written, read back and checked with neither error nor warning."""
    from juesuan.checks import check
    from juesuan.pipeline import extract
    from juesuan.render import render

    sample.declared_empty.remove("F09")
    for col, value in enumerate(["12.00", "3.00", "6.00", "0.00", "6.00", "3.00",
                                 "10.50", "2.50", "5.50", "0.00", "5.50", "2.50"], 1):
        sample.cells[("F09", "合计", str(col))] = Decimal(value)
    sample.cells.update({("F10", "5", "1"): Decimal("20.10"), ("F10", "7", "1"): Decimal(2),
                         ("F10", "12", "1"): Decimal(2)})
    sample.prior.update({("F01", "31", "1"): Decimal("280.00"), ("F01", "62", "2"): Decimal("280.00"),
                         ("F04", "32", "1"): Decimal("260.00"), ("F05", "合计", "1"): Decimal("250.00"),
                         ("F05", "210", "1"): Decimal("100.00"), ("F09", "合计", "7"): Decimal("12.00")})
    sample.budget.update({("F05", "合计", "1"): Decimal("270.00"), ("F05", "210", "1"): Decimal("110.00")})
    sample.reasons.update({"一": "业务量增加", "五:210": "缴费基数调整"})
    sample.extra.update({"中小企业合同金额": Decimal("5.00"), "国内接待费": Decimal("2.50"), "外事接待费": Decimal(0)})
    result = render(sample, tmp_path, formats=("docx", "pdf"))
    for path in result.paths.values():
        disclosure = extract(path)
        got = {(c.table, c.row, c.col): c.value for c in disclosure.cells()}
        assert all(got.get(k, 0) == v for k, v in sample.cells.items())
        assert not [k for k, v in got.items() if k not in sample.cells and v]
        problems = [f"{f.code}: {f.message}" for f in check(disclosure) if f.severity in ("error", "warning")]
        assert not problems, problems
        assert len(disclosure.facts) >= 90  # every figure of the 情况说明 read and checked
    text = _section(sample, "九")
    assert "完成全年预算的87.50%" in text and "较上年减少1.50万元，下降12.50%" in text
    assert "主要原因是：缴费基数调整。" in _section(sample, "五")


def test_a_regional_profile_adds_its_columns_to_the_budget_template(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    national, shanxi = tmp_path / "n.xlsx", tmp_path / "s.xlsx"
    for path, extra in ((national, []), (shanxi, ["--profile", "shanxi"])):
        assert CliRunner().invoke(app, ["template", "--kind", "budget", "-o", str(path), *extra]).exit_code == 0
    columns = {p: [c.value for c in load_workbook(p)["B01 预算收支总表"][4]] for p in (national, shanxi)}
    assert "上年结转安排" not in columns[national] and "上年结转安排" in columns[shanxi]


def test_json_lists_each_sentence_with_its_cells(tmp_path: Path) -> None:
    import json

    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "sample_cells.jsonl"), "--meta",
                                      str(EXAMPLES / "sample_meta.json"), "-o", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0, result.output
    sentences = json.loads((tmp_path / "example-2024.json").read_text(encoding="utf-8"))
    total = next(s for s in sentences if s["text"].startswith("2024年度收入总计"))
    assert {"table": "F01", "row": "31", "col": "1", "value": "303.86"} in total["cells"]


def test_a_number_the_layout_cannot_print_is_an_input_error(sample: Source, tmp_path: Path) -> None:
    from juesuan.render import InputError, render

    sample.cells[("F01", "30", "1")] = Decimal("1.00")  # 行次 30 is a blank line of the template
    with pytest.raises(InputError, match=r"F01 prints no cell at row 30, column 1"):
        render(sample, tmp_path, formats=("html",), force=True)
