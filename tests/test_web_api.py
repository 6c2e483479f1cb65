"""The web app's JSON API and pages against hostile input: oversize and wrong-type uploads,
`../` file names, HTML and script in document text, a zip bomb, SQL that tries to write
or reach files, a missing token; and the happy path (upload → stored once → pages)."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web_helpers import EXAMPLE_TXT, wait_done
from zipbomb import bomb_docx_bytes

from juesuan.web import Settings, create_app

EXAMPLE_UNIT = "示例市示例区示例服务中心"
HOSTILE = '<script>alert("xss")</script>'


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    app = create_app(Settings(db=folder / "store.duckdb", max_upload_mb=2, query_timeout_s=1.0,
                              query_row_limit=50))
    with TestClient(app) as test_client:
        test_client.folder = folder
        yield test_client


def _upload(client, name: str, data: bytes, media: str = "application/octet-stream"):
    return client.post("/api/documents", files=[("files", (name, io.BytesIO(data), media))])


@pytest.fixture(scope="module")
def example_id(client) -> str:
    response = _upload(client, "example-2024.txt", EXAMPLE_TXT.read_bytes(), "text/plain")
    assert response.status_code == 202
    doc_id = response.json()[0]["id"]
    assert wait_done(client, doc_id)["status"] == "loaded"
    return doc_id


def test_upload_is_stored_once_by_content_hash(client, example_id) -> None:
    again = _upload(client, "another-name.txt", EXAMPLE_TXT.read_bytes(), "text/plain")
    assert again.status_code == 202
    item = again.json()[0]
    assert item["id"] == example_id and item["status"] == "loaded"
    listed = client.get("/api/documents").json()
    assert [d["id"] for d in listed].count(example_id) == 1
    one = client.get(f"/api/documents/{example_id}").json()
    assert one["doc"] == "example-2024" and one["kind"] == "final_accounts" and one["n_cells"] > 100
    stored = sorted(p.name for p in (client.folder / "store.duckdb.files").iterdir() if p.is_file())
    assert f"{example_id}.txt" in stored and "example-2024.txt" not in stored


def test_cells_and_findings_are_exact_and_linked(client, example_id) -> None:
    cells = client.get(f"/api/documents/{example_id}/cells").json()
    assert all(isinstance(c["value"], str) for c in cells)
    total = next(c for c in cells if c["address"] == "F01[1,1]")
    assert total["value"] == total["printed"].replace(",", "")
    assert client.get(f"/api/documents/{'0' * 64}/cells").status_code == 404
    assert client.get(f"/api/documents/{'0' * 64}").status_code == 404
    rules = client.get("/api/rules").json()
    assert {"ROUNDING", "NARR-AMOUNT"} <= {r["code"] for r in rules}
    assert all(r["why"] and r["fails"] and r["passes"] for r in rules)


def test_oversize_upload_is_refused_before_it_is_stored(client) -> None:
    response = _upload(client, "big.pdf", b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024))
    assert response.status_code == 413
    # a chunked body (no Content-Length) is cut off as it streams
    def chunks():
        yield b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7\n"
        for _ in range(40):
            yield b"0" * (128 * 1024)
        yield b"\r\n--x--\r\n"
    response = client.post("/api/documents", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413
    assert not list((client.folder / "store.duckdb.files" / "incoming").iterdir())


@pytest.mark.parametrize("name, data", [
    ("report.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),   # an image named .pdf
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),   # legacy Word
    ("tool.exe", b"MZ\x90\x00" + bytes(range(256)) * 40),           # an executable
    ("empty.txt", b""),
])
def test_wrong_type_is_refused_by_content(client, name, data) -> None:
    response = _upload(client, name, data)
    assert response.status_code == 415, response.text
    assert response.json()["detail"]


def test_zip_bomb_is_refused_and_the_server_keeps_answering(client) -> None:
    response = _upload(client, "bomb.docx", bomb_docx_bytes())
    assert response.status_code == 415
    assert "zip bomb" in response.json()["detail"]
    assert client.get("/api/documents").status_code == 200


def test_a_zip_that_is_no_office_file_is_refused(client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.sh", "echo owned")
    response = _upload(client, "table.xlsx", buffer.getvalue())
    assert response.status_code == 415


def test_path_traversal_names_never_become_paths(client, tmp_path: Path) -> None:
    text = EXAMPLE_TXT.read_text(encoding="utf-8").replace(EXAMPLE_UNIT, "示例市示例区第九服务中心")
    response = _upload(client, "../../../../tmp/evil-traversal.txt", text.encode("utf-8"), "text/plain")
    assert response.status_code == 202
    item = response.json()[0]
    assert item["doc"] == "evil-traversal"
    assert not Path("/tmp/evil-traversal.txt").exists()
    folder = client.folder / "store.duckdb.files"
    assert (folder / f"{item['id']}.txt").exists()
    assert all(".." not in p.name for p in folder.rglob("*"))
    wait_done(client, item["id"])


def test_html_and_script_in_document_text_render_as_text(client) -> None:
    text = EXAMPLE_TXT.read_text(encoding="utf-8").replace(EXAMPLE_UNIT, "示例市示例区第七服务中心")
    marker = "2024年度收入总计303.86万元"
    assert marker in text
    text = text.replace(marker, HOSTILE + "<b>粗体</b>" + marker, 1)
    name = '<img src=x onerror=alert(1)>.txt'
    response = _upload(client, name, text.encode("utf-8"), "text/plain")
    assert response.status_code == 202
    doc_id = response.json()[0]["id"]
    assert wait_done(client, doc_id)["status"] == "loaded"
    page = client.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page or "&lt;script&gt;alert(" in page
    assert HOSTILE not in page and "<b>粗体</b>" not in page and "<img src=x" not in page
    import re
    tags = re.findall(r"<script[^>]*>", page)  # the page's own script and JSON data, nothing else
    assert tags == ['<script src="/static/app.js" defer>', '<script type="application/json" id="docdata">']
    data = page.split('<script type="application/json" id="docdata">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["id"] == doc_id
    overview = client.get("/", params={"q": "alert"}).text  # search reaches the text, escaped
    assert "<img src=x" not in overview and HOSTILE not in overview
    report = client.get("/download/findings.html", params={"doc_id": doc_id}).text
    assert HOSTILE not in report


@pytest.mark.parametrize("sql", [
    "INSERT INTO findings (doc_id, seq, code, severity, scope) VALUES ('x', 1, 'X', 'error', 'document')",
    "DELETE FROM documents",
    "DROP TABLE cells",
    "UPDATE documents SET status = 'failed'",
    "ATTACH '/tmp/other.duckdb' AS other",
    "COPY documents TO '/tmp/stolen.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "PRAGMA enable_profiling",
    "CREATE TABLE t AS SELECT 1",
    "SELECT 1; DROP TABLE cells",
    "CALL checkpoint()",
])
def test_sql_endpoint_refuses_anything_but_one_select(client, example_id, sql) -> None:
    before = client.post("/api/query", json={"sql": "SELECT count(*) FROM documents"}).json()["rows"][0][0]
    response = client.post("/api/query", json={"sql": sql})
    assert response.status_code == 400, response.text
    after = client.post("/api/query", json={"sql": "SELECT count(*) FROM documents"}).json()["rows"][0][0]
    assert before == after and before >= 1
    assert not Path("/tmp/stolen.csv").exists()


def test_sql_endpoint_reads_no_files_and_stops_long_queries(client, example_id) -> None:
    response = client.post("/api/query", json={"sql": "SELECT * FROM read_text('/etc/passwd')"})
    assert response.status_code == 400 and "disabled" in response.json()["detail"]
    response = client.post("/api/query", json={"sql": "SELECT count(*) FROM range(100000000000)"})
    assert response.status_code == 408
    response = client.post("/api/query", json={"sql": "SELECT * FROM range(1000)", "limit": 5000})
    body = response.json()
    assert response.status_code == 200 and len(body["rows"]) == 50 and body["truncated"]
    response = client.post("/api/query", json={"sql": "SELECT value, printed FROM cells "
                                               "WHERE address = 'F01[1,1]' LIMIT 1"})
    value, printed = response.json()["rows"][0]
    assert value.startswith(printed.replace(",", ""))  # an exact decimal string, never a float


def test_pages_are_chinese_and_self_contained(client, example_id) -> None:
    for url in ("/", "/upload", "/rules", "/api", f"/documents/{example_id}"):
        page = client.get(url)
        assert page.status_code == 200
        assert 'lang="zh-CN"' in page.text
        assert "http://" not in page.text.replace("http://127.0.0.1", "") and "https://" not in page.text
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    filtered = client.get("/", params={"kind": "final_accounts", "year": "2024", "q": "example"}).text
    assert "example-2024" in filtered
    assert "example-2024" not in client.get("/", params={"year": "1999"}).text


def test_downloads(client, example_id) -> None:
    from openpyxl import load_workbook

    found = client.get("/download/findings.json", params={"doc_id": example_id}).json()
    api = client.get(f"/api/documents/{example_id}/findings").json()
    assert len(found) == len(api)
    book = load_workbook(io.BytesIO(client.get("/download/cells.xlsx", params={"doc_id": example_id}).content))
    rows = list(book["cells"].iter_rows(values_only=True))
    assert rows[0][0] == "doc" and len(rows) - 1 == len(client.get(f"/api/documents/{example_id}/cells").json())
    book = load_workbook(io.BytesIO(client.get("/download/findings.xlsx").content))
    assert list(book["findings"].iter_rows(values_only=True))[0][1] == "code"
    assert client.get("/download/findings.html").text.startswith("<!DOCTYPE html>")


def test_token_is_required_when_configured(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "t.duckdb", token="s3cret-token"))
    with TestClient(app) as client:
        assert client.get("/api/documents").status_code == 401
        assert client.get("/").status_code == 401
        assert client.get("/api/documents", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/documents", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        first = client.get("/", params={"token": "s3cret-token"})
        assert first.status_code == 200 and "juesuan_token" in first.headers.get("set-cookie", "")
        assert client.get("/rules").status_code == 200  # the cookie carries it from now on


def test_serve_refuses_an_open_host_without_token(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from juesuan.cli import app

    monkeypatch.delenv("JUESUAN_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.duckdb"), "--host", "0.0.0.0"])
    assert result.exit_code == 2


def test_a_reader_that_crashes_fails_its_upload_and_the_next_one_is_read(tmp_path: Path) -> None:
    from web_helpers import crash_on_marker

    app = create_app(Settings(db=tmp_path / "c.duckdb"), work=crash_on_marker)
    with TestClient(app) as client:
        bad = _upload(client, "crash.txt", EXAMPLE_TXT.read_bytes() + "\nCRASH-ME\n".encode(), "text/plain")
        crashed = wait_done(client, bad.json()[0]["id"])
        assert crashed["status"] == "failed" and "BrokenProcessPool" in crashed["error"]
        good = _upload(client, "ok.txt", EXAMPLE_TXT.read_bytes(), "text/plain")
        assert wait_done(client, good.json()[0]["id"])["status"] == "loaded"
        assert client.get("/").status_code == 200
