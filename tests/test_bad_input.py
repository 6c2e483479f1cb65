"""Files that are no readable disclosure: `juesuan extract` says so in one line, never a traceback.

Each case must end with exit code 2 (the file cannot be read) or 3 (a table could not be
read), print exactly one line on stderr naming the file, and print no cells.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli import app

from zipbomb import bomb_docx_bytes

ROOT = Path(__file__).resolve().parents[1]


def _run(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def _assert_refused(path: Path, codes: tuple[int, ...], *words: str) -> str:
    code, out, err = _run(path)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code in codes, (code, err)
    assert len(lines) == 1, err
    assert str(path) in lines[0]
    assert "Traceback" not in err
    assert out.strip() == "" or code == 3
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    security = pdfencrypt.StandardEncryption(encrypt, ownerPassword="owner-" + encrypt) if encrypt else None
    page = canvas.Canvas(str(path), encrypt=security)
    for index, line in enumerate(lines):
        page.drawString(72, 760 - 18 * index, line)
    page.save()
    return path


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _assert_refused(path, (2,), "empty")


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(64 * 1024))
    _assert_refused(path, (2,), "unknown format")


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = _pdf(tmp_path / "whole.pdf", ["Hello"])
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole.read_bytes()[:300])
    _assert_refused(path, (2,))


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "locked.pdf", ["A locked document"], encrypt="secret")
    _assert_refused(path, (2,), "password")


def test_pdf_without_tables(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "minutes.pdf", ["Minutes of the meeting.", "Nothing to report this month."])
    _assert_refused(path, (2,), "not a disclosure")


def test_fifty_megabytes_of_binary_noise_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(os.urandom(1024 * 1024))
    _assert_refused(path, (2,), "unknown format")


def test_fifty_megabytes_of_text_noise_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "noise-text.txt"
    line = ("收入 支出 决算 合计 12.34 abc xyz 项目 " * 3 + "\n").encode("utf-8")
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(block)
    _assert_refused(path, (2,), "too large")


def _bomb_docx(path: Path) -> Path:
    path.write_bytes(bomb_docx_bytes())
    return path


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = _bomb_docx(tmp_path / "bomb.docx")
    assert path.stat().st_size < 1024 * 1024
    _assert_refused(path, (2,), "zip bomb")


def test_docx_zip_bomb_in_a_real_process(tmp_path: Path) -> None:
    """The installed command, in its own process: exit 2, one line, memory never blown."""
    path = _bomb_docx(tmp_path / "bomb.docx")
    command = [sys.executable, "-m", "juesuan.cli", "extract", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "zip bomb" in lines[0] and str(path) in lines[0]


def _finance_xlsx(path: Path, amounts: list[list[object]]) -> Path:
    """A 收入决算表 sheet as finance software exports it, with the given amount rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "公开02表"
    for row in (["收入决算表"], ["公开02表"], ["部门名称：示例单位"], ["金额单位：万元"],
                ["项目", None, "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                 "附属单位上缴收入", "其他收入"],
                ["科目代码", "科目名称"], ["栏次", None, 1, 2, 3, 4, 5, 6, 7]):
        sheet.append(row)
    for row in amounts:
        sheet.append(row)
    sheet.append(["注：本表反映部门本年度取得的各项收入情况。"])
    book.save(str(path))
    return path


def test_xlsx_formulas_without_values(tmp_path: Path) -> None:
    path = _finance_xlsx(tmp_path / "formulas.xlsx", [
        ["合计", None, "=SUM(C9:C9)", "=SUM(D9:D9)"],
        ["201", "一般公共服务支出", 12.5, 12.5],
    ])
    line = _assert_refused(path, (2, 3), "formula")
    assert "C8" in line


def test_xlsx_text_in_number_columns(tmp_path: Path) -> None:
    path = _finance_xlsx(tmp_path / "texts.xlsx", [
        ["合计", None, 25.0, 25.0],
        ["201", "一般公共服务支出", "12.50万", 12.5],
        ["208", "社会保障和就业支出", 12.5, "待定"],
    ])
    line = _assert_refused(path, (2, 3), "column of numbers")
    assert "C9" in line


def test_xlsx_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
        archive.writestr("[Content_Types].xml", "<also not xml")
    _assert_refused(path, (2,))


@pytest.mark.parametrize("name", ["folder.pdf", "missing.docx"])
def test_folder_and_missing_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.startswith("folder"):
        path.mkdir()
    _assert_refused(path, (2,))


def test_xlsx_with_a_broken_sheet(tmp_path: Path) -> None:
    """Sheets are parsed lazily in read-only mode: a broken one fails while reading, cleanly."""
    good = _finance_xlsx(tmp_path / "good.xlsx", [["201", "一般公共服务支出", 1.0, 1.0]])
    path = tmp_path / "broken-sheet.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    _assert_refused(path, (2,))
