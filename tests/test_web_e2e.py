"""End to end in headless Chromium (Debian `chromium`, driven by pip playwright with
`executable_path`; never `playwright install`): upload a corpus document through the
upload page, open it, click a finding and see its cell highlighted; click a flagged cell
and see its finding; a PDF's page with the cell's box. Screenshots go to
$JUESUAN_ARTIFACTS (default: a pytest tmp folder)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import corpus_path
from web_helpers import served

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("JUESUAN_ARTIFACTS") or tmp_path_factory.mktemp("e2e"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not os.environ.get("JUESUAN_REQUIRE_CORPUS"):
        pytest.skip("no /usr/bin/chromium (apt-get install chromium); required in CI")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def test_upload_open_click_finding_highlights_its_cell(browser, tmp_path: Path, artifacts: Path) -> None:
    text_doc = corpus_path("text", "zengdu-2022.txt")
    pdf_doc = corpus_path("pdf", "putuo-caizheng-2024.pdf")
    with served(tmp_path / "e2e.duckdb") as base:
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "/upload")
        page.set_input_files("#files", [str(text_doc), str(pdf_doc)])
        page.wait_for_selector("#queue a.open >> nth=1", timeout=60_000)
        assert page.locator("#queue tbody tr").count() == 2
        assert page.locator("#queue progress").first.get_attribute("value") == "100"
        page.screenshot(path=str(artifacts / "1-upload.png"), full_page=True)

        page.goto(base + "/")
        rows = page.locator("#documents tbody tr")
        assert rows.count() == 2
        zengdu_row = page.locator("#documents tbody tr", has_text="zengdu-2022")
        assert int(zengdu_row.locator("td.sev.error").inner_text()) > 0
        page.screenshot(path=str(artifacts / "2-overview.png"), full_page=True)

        zengdu_row.locator("a").click()
        page.wait_for_selector("#findings li.finding")
        # the first finding that points at a cell printed in the tables
        index = page.evaluate("""() => {
            const items = [...document.querySelectorAll('li.finding')];
            return items.findIndex(li => (li.dataset.cells || '').split('|')
                .some(a => a && document.querySelector(`td[data-addr="${CSS.escape(a)}"]`)));
        }""")
        assert index >= 0
        finding = page.locator("li.finding").nth(index)
        wanted = set((finding.get_attribute("data-cells") or "").split("|"))
        finding.click()
        highlighted = page.locator("td.hl")
        assert highlighted.count() >= 1
        addresses = {highlighted.nth(i).get_attribute("data-addr") for i in range(highlighted.count())}
        assert addresses <= wanted and addresses
        assert "flag" in (highlighted.first.get_attribute("class") or "")
        assert highlighted.first.is_visible()
        assert "active" in (finding.get_attribute("class") or "")
        page.screenshot(path=str(artifacts / "3-document-finding.png"))

        # the other way: a flagged cell → its findings
        cell = page.locator("td.flag[data-findings]").first
        targets = (cell.get_attribute("data-findings") or "").split(",")
        cell.click()
        assert "active" in (page.locator(f"#f{targets[0]}").get_attribute("class") or "")

        # a PDF: the page image with the cell's box
        page.goto(base + "/")
        page.locator("#documents tbody tr", has_text="putuo").locator("a").click()
        page.wait_for_selector("li.finding")
        page.locator("li.finding[data-cells*='[']").first.click()
        page.wait_for_selector("#pageview:not([hidden]) #pageimg")
        page.wait_for_function("document.querySelector('#pageimg').naturalWidth > 0")
        box = page.locator("#cellbox").bounding_box()
        image = page.locator("#pageimg").bounding_box()
        assert box and image and box["width"] > 2 and box["height"] > 2
        assert image["x"] <= box["x"] and box["x"] + box["width"] <= image["x"] + image["width"] + 1
        page.locator("#pageview").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "4-pdf-cell-box.png"))
        page.locator("#pageimg").click()  # enlarge the page: the box stays on the cell
        assert "big" in (page.locator("#pageview").get_attribute("class") or "")
        big = page.locator("#cellbox").bounding_box()
        assert big and big["width"] > box["width"] * 1.5
        page.screenshot(path=str(artifacts / "5-pdf-page-enlarged.png"))
        assert all(url.startswith(base) for url in requests), "a page fetched something from outside"
        page.close()
    assert (artifacts / "3-document-finding.png").stat().st_size > 10_000
