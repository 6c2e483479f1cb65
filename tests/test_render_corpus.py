"""`juesuan render` on two real disclosures (gold cells + meta as input): every output
reads back to exactly the input cells, checks clean, and the generated 情况说明 states
what the published one states wherever the published figure was right.

Rendering and reading happen once per module (fixtures); the tests only compare.
"""
from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import TOOLS, corpus_path
from render_gold import gold_source, published_right

from juesuan.checks import check
from juesuan.pipeline import extract
from juesuan.render import FORMATS, from_cells, render
from juesuan.render.narrative import generate

pytestmark = pytest.mark.corpus
DOCS = ["zengdu-2022", "lanxian-2024", "lishi-ybj-2023-budget"]  # the last a budget (B01–B13)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict]:
    """doc → {paths, source, disclosures (format → read back), findings (format → check)}."""
    out: dict[str, dict] = {}
    for doc in DOCS:
        folder = corpus_path("gold", doc)
        source = from_cells(folder / "cells.jsonl", folder / "meta.json")
        result = render(source, tmp_path_factory.mktemp(doc), formats=FORMATS)
        read = {fmt: extract(path) for fmt, path in result.paths.items()}
        out[doc] = {"folder": folder, "paths": result.paths, "source": source, "read": read,
                    "findings": {fmt: check(d) for fmt, d in read.items()}, "seconds": result.seconds}
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", DOCS)
def test_output_reads_back_to_the_input_cells(rendered, doc: str, fmt: str, tmp_path: Path) -> None:
    item = rendered[doc]
    disclosure = item["read"][fmt]
    lines = "".join(json.dumps(c.to_json(doc), ensure_ascii=False) + "\n" for c in disclosure.cells())
    extracted = tmp_path / "extracted.jsonl"
    extracted.write_text(lines, encoding="utf-8")
    score = subprocess.run([sys.executable, str(TOOLS / "score_cells.py"), str(item["folder"] / "cells.jsonl"),
                            str(extracted)], capture_output=True, text=True)
    assert score.returncode == 0, score.stdout
    assert not disclosure.unrecognized


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("doc", DOCS)
def test_check_reports_no_error_on_the_output(rendered, doc: str, fmt: str) -> None:
    findings = rendered[doc]["findings"][fmt]
    errors = [f"{f.code}: {f.message}" for f in findings if f.severity == "error"]
    assert not errors, errors
    if fmt != "xlsx":  # the XLSX holds the tables only; the others carry the 情况说明, read and checked
        assert len(rendered[doc]["read"][fmt].facts) >= (15 if "budget" in doc else 40)


def test_rendering_is_quick(rendered) -> None:
    assert all(item["seconds"] < 10 for item in rendered.values())


def _numbers(text: str, unit: str) -> list[Decimal]:
    pattern = r"([\d,]+(?:\.\d+)?)" + ("万元" if unit == "万元" else "%")
    return [Decimal(n.replace(",", "")) for n in re.findall(pattern, text)]


@pytest.fixture(scope="module")
def lanxian_story():
    folder = corpus_path("gold", "lanxian-2024")
    source = gold_source(folder)
    sections = generate(source)
    return folder, source, sections, {s.heading.split("、")[0]: "".join(s.text()) for s in sections}


def test_generated_narrative_states_every_figure_the_published_one_got_right(lanxian_story) -> None:
    folder, _source, _sections, by_section = lanxian_story
    right = published_right(folder)
    assert len(right) == 91  # every gold figure of lanxian-2024 is arithmetically right (its faults are wording)
    missing = []
    for fact in right:
        text = by_section.get(fact["section"].split("、")[0], "")
        if Decimal(fact["value"]) not in _numbers(text, fact["unit"]):
            missing.append(f"{fact['section']} «{fact['text']}» {fact['value']}")
    assert not missing, missing


def test_generated_narrative_differs_where_the_published_text_was_wrong(lanxian_story) -> None:
    """The gold findings about the published 情况说明 of lanxian-2024 (read from
    findings.json: LX03, LX04, LX05), and what the generated text says instead."""
    folder, source, _sections, by_section = lanxian_story
    findings = {f["id"]: f for f in json.loads((folder / "findings.json").read_text(encoding="utf-8"))}
    # LX04: the item 30109 was printed under a wrong name; the generated text names it by the catalog
    assert all(word not in by_section["六"] for word in findings["LX04"]["match"])
    assert f"职业年金缴费{source.value('F06', '30109', 1)}万元" in by_section["六"]
    # LX05: 卫生健康支出 described as spent on a 基本支出 item smaller than the class; the
    # generated text states the class's figures and no such description
    assert findings["LX05"]["match"][0] not in by_section["五"]
    assert f"卫生健康支出（类）：年初预算为{source.budget[('F05', '210', '1')]}万元，支出决算为" \
           f"{source.value('F05', '210', 1)}万元" in by_section["五"]
    # LX03: the per-class decreases add to 0.01 more than the total decrease; that follows
    # from last year's figures themselves (the inputs), so the generator restates both and
    # reading the result back gives a ROUNDING note, not an error (test above).
    per_class = sum(source.prior[("F05", c, "1")] - source.value("F05", c, 1) for c in ("208", "210"))
    total = source.prior[("F05", "合计", "1")] - source.value("F05", "合计", 1)
    assert per_class - total == Decimal("0.01")
    assert f"减少{total}万元" in by_section["五"]
    assert any(m in findings["LX03"]["match"] for m in (str(per_class), str(total)))


def test_shares_of_each_breakdown_sum_to_exactly_100(lanxian_story) -> None:
    _folder, _source, _sections, by_section = lanxian_story
    for key in ("二", "三"):
        shares = _numbers(by_section[key], "%")
        assert sum(shares) == Decimal("100.00"), (key, shares)
    classes = re.findall(r"（类）[\d,.]+万元，占([\d.]+)%", by_section["五"])
    assert sum(Decimal(s) for s in classes) == Decimal("100.00")


def test_every_figure_sentence_records_its_cells(lanxian_story) -> None:
    _folder, source, sections, _by = lanxian_story
    for section in sections:
        for paragraph in section.paragraphs:
            for sentence in paragraph:
                amounts = _numbers(sentence.text, "万元")
                if amounts and not sentence.inputs:
                    assert sentence.cells, sentence.text
    basic = next(s for s in sections if s.heading.startswith("六"))
    first = basic.paragraphs[0][0]
    assert ("F05", "合计", "2") in first.cells  # the 基本支出 column, not 小计
    assert first.provenance(source)[0] == {"table": "F05", "row": "合计", "col": "2",
                                           "value": str(source.value("F05", "合计", 2))}


@pytest.mark.skipif(not shutil.which("pdftoppm") and not os.environ.get("JUESUAN_REQUIRE_CORPUS"),
                    reason="poppler-utils not installed (.ci/run installs it; required there)")
def test_pdf_embeds_the_cjk_font_and_renders_to_png(rendered, tmp_path: Path) -> None:
    item = rendered["lanxian-2024"]
    pdf = item["paths"]["pdf"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts  # emb = yes
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert item["source"].unit_name in text
    assert "图1 收支决算总计变动情况" in text
    pages = {"table": _page_of(text, "财政拨款收入支出决算总表"), "chart": _page_of(text, "图2 收入决算结构")}
    from PIL import Image

    for name, page in pages.items():
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), str(pdf),
                        str(tmp_path / name)], check=True)
        (png,) = tmp_path.glob(f"{name}*.png")
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:128])
        assert image.size[0] > image.size[1] and dark > 2000, (name, image.size, dark)  # landscape, drawn


def _page_of(text: str, needle: str) -> int:
    """1-based page (pages split at form feeds) where `needle` is first printed."""
    for number, page in enumerate(text.split("\f"), 1):
        if needle in page:
            return number
    raise AssertionError(f"{needle} not in the PDF")
