"""One self-contained HTML file: styles inline, charts as `data:` PNGs, no link to fetch."""
from __future__ import annotations

import base64
from html import escape

from .document import Document
from .layout import head_lines
from .office import body_spans, spans

_STYLE = """
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","Microsoft YaHei","SimSun",sans-serif;
 max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.7;color:#111}
h1,.cover{text-align:center} h3.table-title{text-align:center;margin-top:2.5em}
table{border-collapse:collapse;margin:.5em 0;font-size:13px} td,th{border:1px solid #444;padding:2px 6px}
th{background:#f2f2f2;font-weight:normal} td.n{text-align:right;white-space:nowrap}
figure{text-align:center;margin:1em 0} figure img{max-width:640px;width:100%}
p.note{font-size:12px;color:#333}
"""


def render_html(document: Document) -> str:
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(document.title)} {escape(document.subtitle)}</title>",
           f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{escape(document.title)}</h1>", f'<p class="cover">{escape(document.subtitle)}</p>',
           f"<h2>{escape(document.parts['overview'])}</h2>"]
    for heading, text in document.overview:
        out += [f"<h3>{escape(heading)}</h3>", f"<p>{escape(text)}</p>"]
    out.append(f"<h2>{escape(document.parts['tables'])}</h2>")
    for table in document.tables:
        out += [f'<h3 class="table-title">{escape(table.title)}</h3>', f"<p>{escape(table.label)}</p>"]
        out += [f"<p>{escape(line)}</p>" for line in head_lines(document.source)]
        out.append("<table>")
        for row in table.header:
            cells = []
            for first, last, text in spans(row):
                span = f' colspan="{last - first + 1}"' if last > first else ""
                cells.append(f"<th{span}>{escape(text)}</th>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        for index, row in enumerate(table.body):
            cells = []
            for first, last, text in body_spans(table, index, row):
                span = f' colspan="{last - first + 1}"' if last > first else ""
                kind = ' class="n"' if first in table.amount_cols else ""
                cells.append(f"<td{span}{kind}>{escape(text)}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
        out += [f'<p class="note">{escape(note)}</p>' for note in table.notes]
    out.append(f"<h2>{escape(document.parts['narrative'])}</h2>")
    for section in document.sections:
        out.append(f"<h3>{escape(section.heading)}</h3>")
        out += [f"<p>{escape(p)}</p>" for p in section.text()]
        for key in section.charts:
            chart = document.charts.get(key)
            if chart is not None:
                data = base64.b64encode(chart.png).decode("ascii")
                out.append(f'<figure><img alt="{escape(chart.caption)}" src="data:image/png;base64,{data}">'
                           f"<figcaption>{escape(chart.caption)}</figcaption></figure>")
    out.append(f"<h2>{escape(document.parts['glossary'])}</h2>")
    out += [f"<p>{n}.{escape(term)}：{escape(text)}</p>" for n, (term, text) in enumerate(document.glossary, 1)]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
