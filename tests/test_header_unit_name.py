"""recognize/header.py: the unit's name from table headers, the title, the 说明 — on
hand-written lines; and store/units.py's key built on it."""
from __future__ import annotations

from juesuan.model import Disclosure, TextLine, Where
from juesuan.recognize import header
from juesuan.store.units import unit_key


def test_a_clean_table_header_field_is_the_name():
    lines = ["收支预算总表", "部门名称：示例市示例局 单位：万元", "部门：示例市示例局 单位：万元"]
    assert header.unit_name(lines) == "示例市示例局"


def test_a_sentence_fragment_after_a_unit_colon_is_no_name():
    lines = ["三、部门机构设置和所属单位情况", "直属事业单位：示例宾馆、示范宾馆。", "所属单位：示例招待所，"]
    assert header.unit_name(lines) is None
    assert header.unit_name([*lines, "部门：示例市示例局 单位：万元"]) == "示例市示例局"


def test_a_name_cut_off_by_a_line_break_gives_way_to_the_whole_one():
    lines = ["部门名称：示例省示例", "常委会办公厅", "部门名称：示例省示例常委会办公厅 单位：万元"]
    assert header.unit_name(lines) == "示例省示例常委会办公厅"


def test_a_part_heading_is_no_title_name():
    lines = ["目 录", "第一部分 部门概况", "第二部分 2019年度部门预算表", "第三部分 2019 年度部门预算情况说明"]
    assert header.unit_name_from_title(lines) is None
    named = ["第二部分 示例市示例局 2019 年度部门预算表"]
    assert header.unit_name_from_title(named) == "示例市示例局"


def test_a_title_broken_over_the_first_lines():
    assert header.unit_name_from_title(["2018 年度示例省高级", "人民法院预算公开", "2018 年 2 月 24 日", "目 录"]) \
        == "示例省高级人民法院"
    assert header.unit_name_from_title(["示例省示例委员会办公厅", "2019年度部门预算公开", "目 录"]) \
        == "示例省示例委员会办公厅"
    assert header.unit_name_from_title(["- 1 -", "目 录", "第一部分 部门概况"]) is None


def test_is_unit_name_rejects_headings_fragments_and_years():
    assert header.is_unit_name("示例县示例中心")
    for bad in ("第二部分", "示例宾馆、示范宾馆。", "示例局2018年度", "一、主要职能", "示例局—", "示例"):
        assert not header.is_unit_name(bad), bad


def test_the_explanation_names_the_unit_when_nothing_else_does():
    sentences = ["收入合计 1.00 万元。", "示例市示例局2019年度收入预算 1.00 万元。"]
    assert header.unit_name_from_sentences(sentences) == "示例市示例局"
    assert header.unit_name_from_sentences(["根据有关规定，2019年收入 1.00 万元。"]) is None


def test_the_unit_key_is_the_title_name_normalized():
    narrative = [TextLine(text, Where(line=i)) for i, text in enumerate(
        ["中国共产党示例省委员会办公厅", "2019年度部门预算公开", "目 录"], 1)]
    disclosure = Disclosure(doc="x", source="x.pdf", kind="budget", unit_name="第二部分", narrative=narrative)
    assert unit_key(disclosure) == "示例省委办公厅"
    disclosure.narrative = []
    disclosure.unit_name = "中共示例省委办公厅"
    assert unit_key(disclosure) == "示例省委办公厅"
