"""The pages as a person sees them: headless Chromium (Debian's package, driven by
Playwright through its executable path, no browser download) against a real
`privacykg serve` on the demo case. Screenshots go to tests/screenshots/.

The tests read, filter, search and follow links first; the editor's upload and the
script-payload article come last, since they add to the served store."""

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
PAYLOAD = Path(__file__).parent / "fixtures" / "web" / "zentra-payload.txt"
TOKEN = "browser-editor-token"

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
    cli = [sys.executable, "-c", "from web.cli import main; main()", "--store", str(store)]
    subprocess.run([*cli, "demo"], check=True, capture_output=True, cwd=ROOT)
    port = _free_port()
    env = {**os.environ, "PRIVACYKG_TOKEN": TOKEN}
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], cwd=ROOT, env=env,
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


def test_filter_the_contradictions(server, page):
    page.goto(server + "/contradictions")
    total = page.locator(".group").count()
    page.get_by_label("Country").select_option("RU")
    page.get_by_label("Aspect").select_option("data_location")
    page.get_by_role("button", name="Filter").click()
    assert "country=RU" in page.url and "aspect=data_location" in page.url
    assert page.get_by_text("contradiction(s) match").is_visible()
    groups = page.locator(".group")
    assert 0 < groups.count() < total
    for text in groups.locator(".rules > li > a").all_inner_texts():
        assert text.endswith("data location")
    assert "Russia" in page.get_by_label("Country").locator("option:checked").inner_text()
    page.get_by_role("link", name="clear").click()
    assert page.locator(".group").count() == total


def test_search_all_statement_text(server, page):
    page.goto(server + "/")
    box = page.get_by_role("searchbox", name="Search statements")
    box.fill("anonymised")
    box.press("Enter")
    assert "/search?q=anonymised" in page.url
    results = page.locator(".results li")
    assert results.count() >= 2
    assert page.locator(".results mark").first.inner_text().lower() == "anonymised"
    results.first.locator("a").first.click()
    assert "/id/doc/" in page.url  # the statement's own page


def test_follow_links_to_the_company_page(server, page):
    page.goto(server + "/contradictions?aspect=data_location")
    page.locator(".rules a").first.click()
    assert page.locator("svg.diagram").is_visible()  # the data-location picture
    assert "Singapore" in page.locator("svg.diagram").inner_html()
    page.screenshot(path=str(SHOTS / "data-location.png"), full_page=True)
    page.locator(".said-by").get_by_role("link", name="Xiaomi").click()
    assert page.url.endswith("/companies/xiaomi")
    assert page.get_by_role("heading", name="Xiaomi", exact=True).is_visible()
    assert page.get_by_role("heading", name="2020-05-02").is_visible()  # the timeline
    assert page.locator(".claim-entry.contradicted").count() >= 5
    assert page.get_by_text("Mi Browser will never know what you browse").first.is_visible()
    page.screenshot(path=str(SHOTS / "company.png"), full_page=False)
    page.get_by_role("link", name="Mi Browser", exact=True).click()
    assert page.url.endswith("/products/mi-browser")
    page.get_by_role("link", name="global.sensorsdata.cn").first.click()
    assert page.get_by_role("heading", name="global.sensorsdata.cn").is_visible()
    assert page.get_by_text("Sensors Analytics").first.is_visible()


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_a_contradiction_page_shows_the_claim_and_the_verdict_on_the_first_screen(
        server, page, width, height):
    """The five-second test, at desktop and phone width: the claim's words, who said
    them, and the verdict in a sentence, without scrolling (screenshots of that screen)."""
    page.set_viewport_size({"width": width, "height": height})
    try:
        page.goto(server + "/contradictions")
        page.locator(".rules a").first.click()
        words = page.locator("h1.claim-words")
        assert "incognito" in words.inner_text().lower()
        for part in (words, page.locator(".said-by"), page.locator(".verdict-line")):
            box = part.bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, part
            assert box["x"] >= 0 and box["x"] + box["width"] <= width  # nothing cut off
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"claim-{width}.png"), full_page=False)
    finally:
        page.set_viewport_size({"width": 1200, "height": 900})


def test_the_data_location_picture_is_one_readable_column_on_a_phone(server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(server + "/contradictions?aspect=data_location")
        for i in range(page.locator(".rules a").count()):
            page.goto(server + "/contradictions?aspect=data_location")
            page.locator(".rules a").nth(i).click()
            if page.locator("svg.diagram-tall").count():
                break
        tall = page.locator("svg.diagram-tall")
        assert tall.is_visible() and not page.locator("svg.diagram").is_visible()
        box = tall.bounding_box()
        # drawn 360 units wide at about its own size: 12-unit text stays about 12 px
        assert box is not None and box["width"] >= 330
        assert "Singapore" in tall.inner_html()
        tall.screenshot(path=str(SHOTS / "data-location-390.png"))
    finally:
        page.set_viewport_size({"width": 1200, "height": 900})


def test_keyboard_skip_link_and_ratings(server, page):
    page.goto(server + "/contradictions")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("e => e === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.goto(server + "/about/ratings")
    assert page.get_by_role("cell", name="Partly contradicted").is_visible()


def test_readable_on_a_phone(server, page):
    phone = page.context.browser.new_page(viewport={"width": 390, "height": 800},
                                          is_mobile=True)
    phone.goto(server + "/contradictions?aspect=data_location")
    contradiction = phone.locator(".rules a").first.get_attribute("href")
    phone.goto(server + contradiction)
    source = phone.get_by_role("link", name="the whole source").first.get_attribute("href")
    for path in ("/", "/contradictions", "/companies/xiaomi", "/about/ratings", "/editor",
                 "/search?q=data", contradiction, source):
        phone.goto(server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone"
    phone.close()


def _payload_pages(server) -> dict[str, str]:
    import json
    import urllib.parse

    with urllib.request.urlopen(server + "/search?q=Frankfurt&format=json") as r:
        hit = json.load(r)["results"][0]
    doc = hit["doc"].split("/id/", 1)[1]
    return {"source": f"/sources/{doc}", "search": "/search?q=" + urllib.parse.quote("alert("),
            "company": "/companies/zentra-cloud",
            "contradictions": "/contradictions?company=Zentra+Cloud"}


def test_an_editor_uploads_a_source(server, page):
    page.goto(server + "/editor")
    page.get_by_label("Editor token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Signed in as an editor").is_visible()
    page.get_by_label("or a saved copy").set_input_files(str(PAYLOAD))
    page.get_by_label("Publisher").fill("Daily Ledger")
    page.get_by_role("button", name="Add the article").click()
    assert page.get_by_role("heading", name="Added: Zentra Drive uploads files abroad").is_visible()
    assert page.get_by_text("1 new contradiction(s)").is_visible()
    assert page.locator(".group blockquote").first.inner_text().count("never leaves Germany") == 1
    page.get_by_role("link", name="See the source").click()
    assert page.locator("mark.claim").first.is_visible()
    assert page.get_by_role("link", name="claim: data location").is_visible()
    assert page.get_by_role("link", name="finding: data location").is_visible()


def test_script_payloads_render_as_text_and_never_run(server, page):
    if urllib.request.urlopen(server + "/companies").read().count(b"Zentra Cloud") == 0:
        test_an_editor_uploads_a_source(server, page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    pages = _payload_pages(server)
    with urllib.request.urlopen(server + pages["contradictions"]) as r:
        body = r.read().decode()
    contradiction = body.split('href="/id/contradiction/', 1)[1].split('"', 1)[0]
    pages["contradiction"] = "/id/contradiction/" + contradiction
    for name, path in pages.items():
        page.goto(server + path)
        text = page.locator("main").inner_text()
        assert '<script>alert("zentra")</script>' in text, name
        if name != "contradictions":
            assert "<img src=x onerror=alert('zentra')>" in text, name
        scripts = page.evaluate("[...document.scripts].map(s => s.type)")
        assert all(t == "application/ld+json" for t in scripts), (name, scripts)
        assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0, name
    assert errors == []


def _reviews(server) -> list[dict]:
    import json

    with urllib.request.urlopen(server + "/claimreview.jsonld") as r:
        return json.loads(r.read())


def test_an_editor_reviews_and_the_public_pages_follow(server, page):
    """Last: it changes what the served store publishes."""
    page.goto(server + "/editor")
    if page.get_by_label("Editor token").count():
        page.get_by_label("Editor token").fill(TOKEN)
        page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Review the contradictions").click()
    assert page.get_by_role("heading", name="Review contradictions").is_visible()
    first = page.locator(".review-item").first
    target = first.locator('input[name="target"]').get_attribute("value")
    public = server + "/id/" + target.split("/id/", 1)[1]
    assert page.context.request.get(public).status == 200

    # reject: the public page goes, the decision is shown with the name and the reason
    first.get_by_label("Your name").fill("Dana Ruiz")
    first.get_by_label("Reason").fill("the capture is of another build")
    first.get_by_role("button", name="Reject").click()
    assert page.get_by_text("Rejected; recorded").is_visible()
    assert page.context.request.get(public).status == 404
    page.goto(server + "/editor/review?status=rejected")
    decided = page.locator(".review-item .decision").first.inner_text()
    assert "Dana Ruiz" in decided and "another build" in decided
    page.screenshot(path=str(SHOTS / "review.png"), full_page=False)

    # withdraw it: public again
    page.locator(".review-item").first.get_by_role("button", name="Withdraw").click()
    assert page.context.request.get(public).status == 200

    # publish accepted only: nothing public and no ClaimReview until an editor accepts
    before = len(_reviews(server))
    assert before > 0
    page.get_by_label("only what an editor accepted").check()
    page.get_by_role("button", name="Save").click()
    assert page.context.request.get(public).status == 404 and _reviews(server) == []
    item = page.locator(".review-item").filter(
        has=page.locator(f'input[name="target"][value="{target}"]'))
    item.get_by_role("button", name="Accept").click()
    assert page.context.request.get(public).status == 200
    [review] = _reviews(server)
    assert review["datePublished"] == time.strftime("%Y-%m-%d", time.gmtime())
    page.goto(public)
    assert page.get_by_role("heading", level=1).is_visible()

    page.goto(server + "/editor/review")
    page.get_by_label("everything not rejected").check()
    page.get_by_role("button", name="Save").click()
    assert len(_reviews(server)) == before


_KORVO = ("Korvo statement on user data\n\nKorvo said on Monday: \"All data of our users is "
          "stored on servers in Germany.\"\n")
_LAB = {"title": "Where a camera app sends its data", "publisher": "Example Lab",
        "url": "https://lab.example/report", "published": "2026-10-02",
        "findings": [{"aspect": "data_location", "vendor": "Vantrel",
                      "values": {"countries": ["SG"]},
                      "description": "The app's uploads go to servers in Singapore."}]}


_MARK = "our users is stored on servers in Germany"


def _claim_sentence(server, page) -> str:
    q = ("SELECT ?s WHERE { ?s a <https://w3id.org/privacykg/ns#Claim> ; "
         "<https://schema.org/text> ?t FILTER(CONTAINS(?t, 'servers in Germany')) }")
    r = page.context.request.get(server + "/sparql", params={"query": q},
                                 headers={"Accept": "application/sparql-results+json"})
    return r.json()["results"]["bindings"][0]["s"]["value"]


def test_an_editor_merges_names_corrects_and_removes_and_claimreview_follows(
        server, page, tmp_path):
    """After the review test: a company's claim and a lab's finding under another name of
    it, added through the editor; then merge, correct, remove, each taken back."""
    import json

    statement, findings = tmp_path / "korvo.txt", tmp_path / "lab-findings.json"
    statement.write_text(_KORVO)
    findings.write_text(json.dumps(_LAB))
    page.goto(server + "/editor")
    if page.get_by_label("Editor token").count():
        page.get_by_label("Editor token").fill(TOKEN)
        page.get_by_role("button", name="Sign in").click()
    page.get_by_label("or a saved copy").set_input_files(str(statement))
    page.get_by_label("Publisher").fill("Korvo")
    page.get_by_role("button", name="Add the article").click()
    page.goto(server + "/editor")
    page.get_by_label("The file").set_input_files(str(findings))
    page.get_by_role("button", name="Add the evidence").click()
    before = len(_reviews(server))
    germany = [r for r in _reviews(server) if _MARK in r["claimReviewed"]]
    assert germany == []          # Vantrel is not Korvo, as far as privacykg knows

    # merge: Vantrel is Korvo's brand; the claim is checked against the lab's finding
    page.goto(server + "/editor/review")
    names = page.locator("section.company-names")
    names.get_by_label("An organisation").fill("Vantrel")
    names.get_by_label("and another").fill("Korvo")
    names.get_by_label("Your name").fill("Dana Ruiz")
    names.get_by_label("Why").fill("Vantrel is Korvo's camera brand")
    names.get_by_role("button", name="One company: merge").click()
    assert page.get_by_text("Merged; recorded").is_visible()
    assert len(_reviews(server)) == before + 1
    assert any(_MARK in r["claimReviewed"] for r in _reviews(server))
    page.locator("section.company-names").screenshot(path=str(SHOTS / "review-names.png"))

    # correct: the sentence was read as a claim of where data is stored; say it is not
    corrections = page.locator("section.corrections")
    corrections.get_by_label("The statement's IRI").fill(_claim_sentence(server, page))
    corrections.get_by_label("What to correct").select_option("polarity")
    corrections.get_by_label("To (").fill("negative")
    corrections.get_by_label("Your name").fill("Dana Ruiz")
    corrections.get_by_label("Why it was read wrongly").fill("a test of the form")
    corrections.get_by_role("button", name="Correct the statement").click()
    assert page.get_by_text("Corrected; recorded").is_visible()
    assert not any(_MARK in r["claimReviewed"] for r in _reviews(server))
    page.locator("section.corrections li").first.get_by_role("button", name="Withdraw").click()
    assert any(_MARK in r["claimReviewed"] for r in _reviews(server))

    # remove the lab's report: its finding and the contradiction go; put back, they return
    remove = page.locator("section.remove-source")
    remove.get_by_label("The source's address").fill("https://lab.example/report")
    remove.get_by_label("Your name").fill("Dana Ruiz")
    remove.get_by_label("Why it goes").fill("the lab withdrew the report")
    remove.get_by_role("button", name="Remove the source").click()
    assert page.get_by_text("Removed; recorded").is_visible()
    assert not any(_MARK in r["claimReviewed"] for r in _reviews(server))
    page.locator("ul.removed li").filter(has_text="lab").get_by_role(
        "button", name="Put it back").click()
    assert any(_MARK in r["claimReviewed"] for r in _reviews(server))

    # and the merge withdrawn: two companies again
    page.locator("section.company-names li").first.get_by_role("button", name="Withdraw").click()
    assert len(_reviews(server)) == before
