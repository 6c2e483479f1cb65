"""`create_app`: the FastAPI app, its start-up (store, worker pool) and two guards.

- Token: when one is configured (always, if the server listens beyond loopback — the CLI
  refuses to start otherwise) every request must carry it: `Authorization: Bearer T`,
  header `X-Juesuan-Token`, or the cookie a browser gets by opening any page once with
  `?token=T`. Compared in constant time.
- Upload size: a request body larger than the limit (+ 1 MB of form overhead) is refused
  with 413 before it is parsed — by its Content-Length, or while it streams when the
  client sends none (chunked). Each file is held to the limit again when it is saved.
"""
from __future__ import annotations

import hmac
from collections import OrderedDict
import json
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .settings import Settings

HERE = Path(__file__).parent
COOKIE = "juesuan_token"
FORM_OVERHEAD = 1024 * 1024


class _TooLarge(Exception):
    pass


class Guard:
    """Pure ASGI middleware: the token check and the request-body limit."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        token = self.settings.token
        if token and not self._authorized(scope, token):
            return await _problem(send, 401, "token missing or wrong (Authorization: Bearer …, or ?token=…)")
        if token:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            if query.get("token") and scope["method"] == "GET":  # a browser's first visit: keep it in a cookie
                send = _with_cookie(send, token)
        if scope["method"] in ("POST", "PUT", "PATCH"):
            limit = self.settings.max_upload_bytes + FORM_OVERHEAD
            headers = dict(scope.get("headers") or [])
            length = headers.get(b"content-length")
            if length is not None:
                try:
                    if int(length) > limit:
                        return await _problem(send, 413, _too_large(self.settings))
                except ValueError:
                    return await _problem(send, 400, "bad Content-Length")
            seen = 0
            state = {"started": False, "replaced": False}

            async def counted():
                nonlocal seen
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > limit:
                        raise _TooLarge()
                return message

            async def watched(message):
                # the form parser turns what `counted` raised into a 400: answer 413 instead
                if message["type"] == "http.response.start":
                    state["started"] = True
                    if seen > limit:
                        state["replaced"] = True
                        return await _problem(send, 413, _too_large(self.settings))
                if not state["replaced"]:
                    await send(message)

            try:
                return await self.app(scope, counted, watched)
            except _TooLarge:
                if not state["started"]:
                    return await _problem(send, 413, _too_large(self.settings))
                raise
        return await self.app(scope, receive, send)

    def _authorized(self, scope, token: str) -> bool:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        offered = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            offered.append(auth[7:].strip())
        offered.append(headers.get("x-juesuan-token", ""))
        for part in headers.get("cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                offered.append(value)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        offered += query.get("token", [])
        return any(o and hmac.compare_digest(o.encode(), token.encode()) for o in offered)


def _too_large(settings: Settings) -> str:
    return f"request larger than the upload limit ({settings.max_upload_mb:g} MB)"


async def _problem(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _with_cookie(send, token: str):
    async def sending(message):
        if message["type"] == "http.response.start":
            cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/".encode("latin-1")
            message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
        await send(message)
    return sending


def create_app(settings: Settings, work=None) -> FastAPI:
    """`work(path, sha) -> DocRecord` replaces batch.work.process_file (tests: a reader that crashes)."""
    from . import api, pages
    from .data import Data
    from .uploads import Processor

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if getattr(app.state, "data", None) is not None:  # already running (a nested test client): share it
            yield
            return
        settings.files.mkdir(parents=True, exist_ok=True)
        app.state.data = Data(settings.db)
        app.state.processor = Processor(app.state.data, settings.workers, work)
        app.state.views = OrderedDict()  # document id → what reread.py read again (LRU)
        try:
            yield
        finally:
            app.state.processor.close()
            app.state.data.close()
            app.state.data = None

    app = FastAPI(title="juesuan 决算审核", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="上传、审核与查询部门决算/预算公开文件。Every amount is an exact decimal string.")
    app.state.settings = settings
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(Guard, settings=settings)
    return app
