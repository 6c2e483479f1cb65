"""The HTML pages (Chinese), rendered by Jinja2 with autoescape on: every piece of document
text — unit names, messages, 情况说明 lines, the client's file name — is escaped; data for
the page script travels as JSON through `tojson` (which escapes `<`, `>` and `&`)."""
from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import downloads
from .uploads import stored_file

router = APIRouter(include_in_schema=False)
env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                  autoescape=select_autoescape(["html"], default=True))
KINDS = {"final_accounts": "部门决算", "budget": "部门预算", "performance": "绩效自评", "unknown": "未知"}
STATUS = {"loaded": "已读取", "narrative-only": "仅情况说明", "failed": "读取失败", "queued": "处理中"}
SEVERITY = {"error": "错误", "warning": "警告", "note": "提示"}
env.globals.update(KINDS=KINDS, STATUS=STATUS, SEVERITY=SEVERITY)
VIEW_CACHE = 32


def _page(name: str, **context) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context))


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, unit: Optional[str] = None, year: Optional[str] = None, kind: Optional[str] = None,
             profile: Optional[str] = None, code: Optional[str] = None, q: Optional[str] = None):
    data = request.app.state.data
    year_value = int(year) if year and year.isdigit() else None
    docs = data.documents(unit or None, year_value, kind or None, profile or None, code or None, q or None)
    filters = {"unit": unit or "", "year": year or "", "kind": kind or "", "profile": profile or "",
               "code": code or "", "q": q or ""}
    return _page("overview.html", docs=docs, choices=data.choices(), filters=filters, totals=data.totals(),
                 by_code=data.by_code()[:30], busy=not request.app.state.processor.idle())


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request):
    return _page("upload.html", limit_mb=request.app.state.settings.max_upload_mb)


@router.get("/rules", response_class=HTMLResponse)
def rules_page():
    from .api import rule_list

    return _page("rules.html", rules=rule_list())


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request):
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [p.get("name") for p in op.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "params": params, "codes": sorted(op.get("responses", {}))})
    return _page("api.html", operations=operations)


def _reread(request: Request, doc: dict) -> dict | None:
    """Narrative lines and cell boxes, read again from the stored file (cached)."""
    cache: OrderedDict = request.app.state.views
    if doc["id"] in cache:
        cache.move_to_end(doc["id"])
        return cache[doc["id"]]
    path = stored_file(request.app.state.settings.files, doc)
    result = None
    if path is not None and doc.get("status") != "failed":
        try:
            result = request.app.state.processor.reread(path)
        except Exception:  # the page still shows the stored cells and findings
            result = None
    cache[doc["id"]] = result
    while len(cache) > VIEW_CACHE:
        cache.popitem(last=False)
    return result


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str):
    from .view import build

    data = request.app.state.data
    doc = data.document(doc_id)
    if doc is None:
        job = request.app.state.processor.jobs.get(doc_id)
        if job is None:
            raise HTTPException(404, "no such document")
        return _page("pending.html", job=job)
    cells = data.cells(doc_id)
    findings = data.findings(doc_id)
    reread = _reread(request, doc)
    view = build(doc, cells, findings, data.tables(doc_id), reread)
    is_pdf = bool(view["boxes"]) and (doc.get("format") == "pdf")
    return _page("document.html", doc=doc, view=view, is_pdf=is_pdf, unrecognized=data.unrecognized(doc_id),
                 script={"boxes": view["boxes"], "sizes": view["sizes"], "id": doc_id, "pdf": is_pdf})


@router.get("/documents/{doc_id}/pages/{page}.png")
def page_image(request: Request, doc_id: str, page: int):
    from .reread import render_page

    if not re.fullmatch(r"[0-9a-f]{64}", doc_id):
        raise HTTPException(404, "no such PDF")
    doc = request.app.state.data.document(doc_id)
    if doc is None or doc.get("format") != "pdf":
        raise HTTPException(404, "no such PDF")
    path = stored_file(request.app.state.settings.files, doc)
    if path is None:
        raise HTTPException(404, "the file is not kept")
    if not 1 <= page <= (doc.get("pages") or 0):
        raise HTTPException(404, "no such page")
    out = request.app.state.settings.files / "pages" / f"{doc_id}-{page}.png"
    try:
        render_page(path, page, out)
    except IndexError:
        raise HTTPException(404, "no such page")
    return FileResponse(out, media_type="image/png", headers={"Cache-Control": "max-age=3600"})


def _attachment(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                     "X-Content-Type-Options": "nosniff"})


@router.get("/download/findings.{fmt}")
def download_findings(request: Request, fmt: str, doc_id: Optional[str] = Query(None)):
    data = request.app.state.data
    rows = data.findings(doc_id)
    stem = "findings" if not doc_id else f"findings-{doc_id[:12]}"
    if fmt == "json":
        return _attachment(downloads.findings_json(rows), "application/json", f"{stem}.json")
    if fmt == "html":
        return _attachment(downloads.findings_html(rows), "text/html; charset=utf-8", f"{stem}.html")
    if fmt == "xlsx":
        return _attachment(downloads.findings_xlsx(rows), "application/vnd.openxmlformats-officedocument."
                           "spreadsheetml.sheet", f"{stem}.xlsx")
    raise HTTPException(404, "formats: json, html, xlsx")


@router.get("/download/cells.xlsx")
def download_cells(request: Request, doc_id: Optional[str] = Query(None)):
    rows = request.app.state.data.cells(doc_id)
    stem = "cells" if not doc_id else f"cells-{doc_id[:12]}"
    return _attachment(downloads.cells_xlsx(rows), "application/vnd.openxmlformats-officedocument."
                       "spreadsheetml.sheet", f"{stem}.xlsx")
