"""web: `juesuan serve` — a reviewer's web app over the same DuckDB store as `juesuan batch`.

- `settings.py`: what the server is told (store, file folder, limits, token);
- `store.py`: the one read-write connection of the process, a cursor per request, and the
  questions the pages ask (overview, one document, its cells and findings);
- `sqlguard.py`: the read-only SQL endpoint (one SELECT, a timeout, a row limit);
- `uploads.py`: an upload saved by content hash, sniffed by content, read and checked in
  a worker process, written by one writer thread;
- `reread.py`: what the store does not keep (情况说明 lines, cell boxes on the PDF page),
  read again from the stored file on demand;
- `view.py`: a document as the document page shows it (tables in their standard layout);
- `downloads.py`: findings as XLSX/JSON/HTML, cells as XLSX;
- `api.py` (JSON, OpenAPI) and `pages.py` (Chinese HTML pages, Jinja2 autoescape);
- `app.py`: `create_app`, the token check and the upload size limit.

Every page is self-contained: CSS and JS are served from this package, nothing from a CDN.
"""
from __future__ import annotations

from .settings import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings, work=None):
    from .app import create_app as _create

    return _create(settings, work)
