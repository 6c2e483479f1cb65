"""Findings rendered for people: JSON (spec/findings.md), text (Rich), Markdown, HTML.

The report is data until here; nothing in checks/ prints.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from typing import Iterable

from ..model import SEVERITIES, Finding

LABEL = {"error": "错误 error", "warning": "警告 warning", "note": "提示 note"}
STYLE = {"error": "bold red", "warning": "yellow", "note": "cyan"}


def to_json(findings: Iterable[Finding]) -> str:
    """One JSON array of every finding (spec/findings.md)."""
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=1) + "\n"


def _place(item: dict) -> str:
    """`p.14 line 1620`, `sheet 表3 C7`: every part of the provenance the item has."""
    parts = [f"{label}{item[key]}" for key, label in
             (("page", "p."), ("line", "line "), ("sheet", "sheet "), ("cell", "")) if key in item]
    return " ".join(parts)


def _cells_text(finding: Finding, limit: int = 8) -> str:
    parts = []
    for c in finding.cells[:limit]:
        place = _place(c)
        parts.append(f"{c['table']}[{c['row']},{c['col']}]={c['value']}" + (f" ({place})" if place else ""))
    more = len(finding.cells) - limit
    return "; ".join(parts) + (f"; … +{more}" if more > 0 else "")


def _span_text(span: dict) -> str:
    place = _place(span)
    return f"{place}: {span.get('text', '')}" if place else str(span.get("text", ""))


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return "，".join(f"{LABEL[s].split()[0]} {counts.get(s, 0)}" for s in SEVERITIES)


def print_text(findings_by_doc: dict[str, list[Finding]], console) -> None:
    """Grouped by document, then by severity (errors first), with the cells each read."""
    for doc, findings in findings_by_doc.items():
        console.print(f"[bold]{doc}[/bold]  {summary(findings)}")
        for severity in SEVERITIES:
            group = [f for f in findings if f.severity == severity]
            if not group:
                continue
            console.print(f"  [{STYLE[severity]}]{LABEL[severity]} ({len(group)})[/{STYLE[severity]}]")
            for f in group:
                console.print(f"    [{STYLE[severity]}]{f.code}[/{STYLE[severity]}] ", end="")
                console.print(f.message, markup=False, highlight=False)
                if f.cells:
                    console.print("      " + _cells_text(f), markup=False, highlight=False, style="dim")
                for span in f.spans[:3]:
                    console.print(f"      {_span_text(span)}", markup=False, highlight=False, style="dim")


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(findings_by_doc: dict[str, list[Finding]]) -> str:
    lines = ["# juesuan check", ""]
    for doc, findings in findings_by_doc.items():
        lines += [f"## {doc}", "", summary(findings), ""]
        if not findings:
            continue
        lines += ["| severity | code | message | cells / text |", "|---|---|---|---|"]
        for f in findings:
            where = "; ".join(([_cells_text(f)] if f.cells else []) + [_span_text(s) for s in f.spans[:3]])
            lines.append(f"| {f.severity} | {f.code} | {_md_escape(f.message)} | {_md_escape(where)} |")
        lines.append("")
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{border:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}.error td.sev{color:#b00020;font-weight:bold}.warning td.sev{color:#a66a00}
.note td.sev{color:#00677f}code{font-size:.9em}.cells{color:#555;font-size:.88em}
"""


def to_html(findings_by_doc: dict[str, list[Finding]]) -> str:
    """One self-contained page (inline CSS, no scripts, no external resources)."""
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             "<title>juesuan check</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>juesuan check — 审核结果</h1>"]
    for doc, findings in findings_by_doc.items():
        parts.append(f"<h2>{esc(doc)}</h2><p>{esc(summary(findings))}</p>")
        if not findings:
            continue
        parts.append("<table><tr><th>级别</th><th>代码</th><th>说明</th><th>涉及单元格 / 文字</th></tr>")
        for f in findings:
            where = [esc(_cells_text(f, limit=20))] if f.cells else []
            where += [esc(_span_text(s)) for s in f.spans]
            parts.append(
                f'<tr class="{esc(f.severity)}"><td class="sev">{esc(LABEL[f.severity])}</td>'
                f"<td><code>{esc(f.code)}</code></td><td>{esc(f.message)}</td>"
                f'<td class="cells">{"<br>".join(where)}</td></tr>')
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
