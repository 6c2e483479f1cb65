"""The JSON API (OpenAPI at /openapi.json, described on /api): documents (upload, list,
one), cells, findings, rules, and a read-only SQL query."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import sqlguard
from .uploads import Rejected, save_upload

router = APIRouter(prefix="/api", tags=["api"])

class Problem(BaseModel):
    detail: str


ERRORS = {401: {"description": "token missing or wrong", "model": Problem}}


class Document(BaseModel):
    id: str = Field(description="sha256 of the file's bytes")
    doc: str
    status: str = Field(description="queued | loaded | narrative-only | failed")
    unit_name: Optional[str] = None
    unit_key: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    profile: Optional[str] = None
    format: Optional[str] = None
    error: Optional[str] = None
    pages: Optional[int] = None
    n_cells: Optional[int] = None
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    loaded_at: Optional[str] = None


class UploadResult(BaseModel):
    name: str = Field(description="the client's file name (a label only; the file is stored by hash)")
    id: Optional[str] = None
    doc: Optional[str] = None
    format: Optional[str] = None
    status: str = Field(description="queued | duplicate | loaded | narrative-only | failed | refused")
    reason: Optional[str] = None
    url: Optional[str] = None


class CellOut(BaseModel):
    doc_id: str
    doc: str
    table: str
    row: str
    col: str
    address: str
    value: str = Field(description="exact decimal, as a string")
    printed: Optional[str] = None
    unit: Optional[str] = None
    page: Optional[int] = None
    line: Optional[int] = None
    sheet: Optional[str] = None
    cell: Optional[str] = None


class FindingOut(BaseModel):
    doc_id: str
    doc: str
    seq: int
    code: str
    severity: str
    message: Optional[str] = None
    cells: list[dict[str, Any]]
    spans: list[dict[str, Any]]
    expected: Optional[str] = None
    found: Optional[str] = None
    scope: str
    other_doc: Optional[str] = None


class Rule(BaseModel):
    code: str
    title: str
    severity: str
    family: str
    why: str
    fails: str
    passes: str
    formulas: list[str] = []
    profiles: list[str] = []


class QueryIn(BaseModel):
    sql: str = Field(max_length=sqlguard.MAX_SQL, description="one SELECT statement")
    limit: Optional[int] = Field(default=None, ge=1, le=100_000, description="rows at most (server cap applies)")


class QueryOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    seconds: float


def _state(request: Request):
    return request.app.state


def _document_or_job(state, doc_id: str) -> dict | None:
    row = state.data.document(doc_id)
    if row is not None:
        return row
    job = state.processor.jobs.get(doc_id)
    if job is not None:
        return {"id": job.id, "doc": job.doc, "status": job.status, "format": job.format, "error": job.error}
    return None


@router.post("/documents", status_code=202, response_model=list[UploadResult],
             responses={400: {"model": Problem, "description": "malformed multipart body"},
                        413: {"model": Problem, "description": "larger than the upload limit"},
                        415: {"model": Problem, "description": "not a PDF, DOCX, XLSX, HTML, Markdown or text file"},
                        401: {"model": Problem}},
             summary="Upload disclosures (multipart `files`); each is read and checked in the background")
def upload(request: Request, files: list[UploadFile] = File(..., description="one or more disclosures")):
    state = _state(request)
    results: list[UploadResult] = []
    refusals: list[Rejected] = []
    for upload_file in files:
        name = upload_file.filename or "upload"
        try:
            sha, path, fmt = save_upload(upload_file.file, name, state.settings.files, state.settings.max_upload_bytes)
        except Rejected as rejected:
            refusals.append(rejected)
            results.append(UploadResult(name=name, status="refused", reason=rejected.reason))
            continue
        job, new = state.processor.submit(sha, path, fmt, name)
        results.append(UploadResult(name=name, id=sha, doc=job.doc, format=fmt,
                                    status="queued" if new else ("duplicate" if not job.done.is_set() else job.status),
                                    url=f"/documents/{sha}"))
    if refusals and len(refusals) == len(results):
        worst = max(r.status for r in refusals)
        return JSONResponse({"detail": "; ".join(r.reason for r in refusals)}, status_code=worst)
    return results


@router.get("/documents", response_model=list[Document], responses=ERRORS,
            summary="Stored documents with their findings by severity (filters as on the overview)")
def list_documents(request: Request, unit: Optional[str] = None, year: Optional[int] = Query(None, ge=0, le=9999),
                   kind: Optional[str] = None, profile: Optional[str] = None, code: Optional[str] = None,
                   q: Optional[str] = None, status: Optional[str] = None,
                   limit: int = Query(200, ge=1, le=10_000), offset: int = Query(0, ge=0, le=10_000_000)):
    return _state(request).data.documents(unit, year, kind, profile, code, q, status, limit, offset)


@router.get("/documents/{doc_id}", response_model=Document,
            responses={404: {"model": Problem}, 401: {"model": Problem}},
            summary="One document (status `queued` while it is being read)")
def get_document(request: Request, doc_id: str):
    found = _document_or_job(_state(request), doc_id)
    if found is None:
        raise HTTPException(404, "no such document")
    return found


@router.get("/documents/{doc_id}/cells", response_model=list[CellOut],
            responses={404: {"model": Problem}, 401: {"model": Problem}}, summary="The cells of one document")
def document_cells(request: Request, doc_id: str, table: Optional[str] = None):
    state = _state(request)
    if not state.data.has(doc_id):
        raise HTTPException(404, "no such document")
    return state.data.cells(doc_id, table)


@router.get("/documents/{doc_id}/findings", response_model=list[FindingOut],
            responses={404: {"model": Problem}, 401: {"model": Problem}}, summary="The findings of one document")
def document_findings(request: Request, doc_id: str):
    state = _state(request)
    if not state.data.has(doc_id):
        raise HTTPException(404, "no such document")
    return state.data.findings(doc_id)


@router.get("/cells", response_model=list[CellOut], responses=ERRORS, summary="Cells of the store")
def cells(request: Request, doc_id: Optional[str] = None, table: Optional[str] = None,
          limit: int = Query(1000, ge=1, le=100_000), offset: int = Query(0, ge=0, le=10_000_000)):
    return _state(request).data.cells(doc_id, table, limit, offset)


@router.get("/findings", response_model=list[FindingOut], responses=ERRORS, summary="Findings of the store")
def findings(request: Request, doc_id: Optional[str] = None, code: Optional[str] = None,
             severity: Optional[str] = None, limit: int = Query(1000, ge=1, le=100_000),
             offset: int = Query(0, ge=0, le=10_000_000)):
    return _state(request).data.findings(doc_id, code, severity, limit, offset)


@router.get("/rules", response_model=list[Rule], responses=ERRORS, summary="Every check code: title, why, examples")
def rules():
    return rule_list()


def rule_list() -> list[dict]:
    """The rule catalog's own entries (checks/docs.py); the `Rule` model picks the API's fields."""
    from dataclasses import asdict

    from ..checks.docs import rule_docs

    return [asdict(d) for d in rule_docs()]


@router.post("/query", response_model=QueryOut,
             responses={400: {"model": Problem, "description": "not a single SELECT, or SQL error"},
                        408: {"model": Problem, "description": "ran past the timeout"}, 401: {"model": Problem}},
             summary="One read-only SELECT against the store, with a timeout and a row limit")
def query(request: Request, body: QueryIn):
    import duckdb

    settings = _state(request).settings
    limit = min(body.limit or settings.query_row_limit, settings.query_row_limit)
    try:
        result = sqlguard.run(_state(request).data, body.sql, limit, settings.query_timeout_s)
    except sqlguard.Refused as error:
        raise HTTPException(400, f"refused: {error}")
    except sqlguard.TimedOut as error:
        raise HTTPException(408, str(error))
    except duckdb.Error as error:
        raise HTTPException(400, f"{type(error).__name__}: {error}")
    return {"columns": result.columns, "rows": [[_jsonable(v) for v in row] for row in result.rows],
            "truncated": result.truncated, "seconds": round(result.seconds, 4)}


def _jsonable(value):
    import datetime
    import uuid
    from decimal import Decimal

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)
