"""The pages as a person sees them: headless Chromium (Debian's package, driven by
Playwright through its executable path, no browser download) against a real
`privacykg serve` on the demo case. Screenshots go to tests/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).parent / "screenshots"
ROOT = Path(__file__).parent.parent

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("Chromium is missing: `make test` installs Debian's chromium")
    pytest.skip("Chromium is not installed (make test installs it)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    cli = [sys.executable, "-c", "from kg.cli import main; main()", "--store", str(store)]
    subprocess.run([*cli, "demo"], check=True, capture_output=True, cwd=ROOT)
    port = _free_port()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("privacykg serve did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        yield pg
        browser.close()


def test_home_to_contradiction_to_source(server, page):
    SHOTS.mkdir(exist_ok=True)
    page.goto(server + "/")
    assert page.get_by_role("heading", level=1).is_visible()
    quote = page.locator(".group blockquote").first
    assert "incognito" in quote.inner_text().lower()
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)

    page.locator(".rules a").first.click()
    assert "/id/contradiction/" in page.url
    mark = page.locator("mark").first
    assert mark.is_visible() and len(mark.inner_text()) > 20  # the exact quote, highlighted
    assert page.get_by_text("What the evidence shows").is_visible()
    page.screenshot(path=str(SHOTS / "contradiction.png"), full_page=True)

    page.get_by_role("link", name="the whole source").first.click()
    assert "/sources/" in page.url
    marks = page.locator("mark")
    assert marks.count() >= 10  # every extracted statement highlighted in the text
    assert page.get_by_text("completely encrypted and anonymised").first.is_visible()
    page.screenshot(path=str(SHOTS / "source.png"), full_page=True)


def test_query_page_in_the_browser(server, page):
    page.goto(server + "/query")
    page.get_by_role("link", name="Hosts a capture sent data to").click()
    rows = page.locator("table.results tbody tr")
    assert rows.count() >= 5
    assert page.get_by_role("cell", name="global.sensorsdata.cn").first.is_visible()


def test_no_script_runs_from_scraped_text(server, page):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    for path in ("/", "/contradictions", "/query"):
        page.goto(server + path)
    assert errors == []
