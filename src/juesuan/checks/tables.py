"""Findings about the tables themselves, before any number is checked."""
from __future__ import annotations

from typing import Iterator

from ..model import Disclosure, Finding

CODE = "TABLE-UNRECOGNIZED"
TITLE = "表格未能识别"


def unrecognized_tables(disclosure: Disclosure) -> Iterator[Finding]:
    """A table the recognizer found but could not map to a canonical kind.

    Why: honest uncertainty — a table that cannot be read is reported rather than checked
    by halves with invented zeros; the formulas that need it are then not applicable.

    Fails: a page titled “一般公共预算财政拨款基本支出决算明细表” whose columns could not be
    mapped → warning “…未能识别（第 14 页）”.
    Passes: every table the document prints is recognized.
    """
    for problem in disclosure.unrecognized:
        where = problem.where.to_dict()
        place = (f"第 {where['page']} 页" if "page" in where else
                 f"第 {where['line']} 行" if "line" in where else
                 f"工作表 {where['sheet']}" if "sheet" in where else "")
        span = {k: v for k, v in where.items() if k in ("page", "line", "sheet")}
        span["text"] = problem.title
        yield Finding(
            doc=disclosure.doc, code=CODE, severity="warning",
            message=f"表格“{problem.title}”未能识别" + (f"（{place}）" if place else "")
                    + f"：{problem.reason}；依赖它的审核公式不适用",
            spans=[span],
        )
