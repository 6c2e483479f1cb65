"""Table kinds are decided by the printed title, whatever number the region printed."""
from __future__ import annotations

from juesuan.catalog import table_kinds
from juesuan.recognize.classify import classify_title, find_label


def test_every_catalog_title_contains_表() -> None:
    # classify_title skips lines without 表 before any matching: that shortcut is only
    # right while every title in the catalog contains it.
    assert all("表" in title for entry in table_kinds().values() for title in entry.get("titles", []))


def test_titles_are_classified_by_content_not_number() -> None:
    assert classify_title("公开07表 财政拨款“三公”经费支出决算表") == "F09"
    assert classify_title("公开07表 政府性基金预算财政拨款收入支出决算表") == "F07"
    assert classify_title("2023年预算收支总表2023年预算收支总表") == "B01"
    assert classify_title("五、一般公共预算财政拨款支出决算表") == "F05"


def test_contents_lines_and_sentences_are_not_titles() -> None:
    assert classify_title("三、支出决算表.........................5") is None
    assert classify_title("一、收入支出决算总体情况说明") is None
    assert classify_title("本单位无政府性基金预算财政拨款收入") is None


def test_printed_labels() -> None:
    assert find_label("公开 01 表") == "公开01表"
    assert find_label("预算公开表12") == "预算公开表12"
    assert find_label("2023年预算收支总表") is None
