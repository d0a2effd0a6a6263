"""The pages for people, on the hand-built case of conftest: home, the contradiction
list and page (quotes in context, both sides, links), the source pages, and that
scraped text is only ever text."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup


def page(client, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200, url
    assert r.mimetype == "text/html"
    return BeautifulSoup(r.data, "html.parser")


def test_home_says_what_this_is_counts_and_latest(client, case):
    home = page(client, "/")
    assert "evidence" in home.h1.get_text()
    counts = home.select_one(".counts").get_text(" ", strip=True)
    assert "2 source(s)" in counts and "1 claim(s) and 1 finding(s)" in counts
    assert "2 contradiction(s)" in counts
    latest = home.select("table.latest tbody tr")
    assert len(latest) == 2
    assert latest[0].a["href"] == f"/id/{case.path(case.contradiction)}"


def test_contradiction_list_links_every_contradiction(client, case):
    links = {a["href"] for a in page(client, "/contradictions").select(".rules a")}
    assert links == {f"/id/{case.path(case.contradiction)}",
                     f"/id/{case.path(case.contradiction_obs)}"}


def test_contradiction_page_shows_both_sides_with_quotes_in_context(client, case):
    rest = case.path(case.contradiction).removeprefix("contradiction/")
    html = page(client, f"/contradictions/{rest}")
    claim, evidence = html.select(".side")
    assert claim.mark.get_text() == "All Mi Browser data of Indian users is stored on AWS " \
        "servers in India."
    assert "Xiaomi answered the report" in claim.select_one(".ctx").get_text()  # prefix
    assert evidence.mark.get_text().startswith("Researchers found")
    text = claim.get_text(" ", strip=True)
    assert "Manu Jain" in text and "Xiaomi" in text and "Daily Ledger" in text
    assert "2020-05-02" in text
    source = claim.find("a", href=lambda h: h.startswith("https://news.example/xiaomi"))
    assert unquote(source["href"].split("#:~:text=")[1]).startswith("All Mi Browser data")
    hrefs = [a["href"] for a in html.select("a")]
    assert f"/id/{case.path(case.claim)}" in hrefs and f"/id/{case.path(case.finding)}" in hrefs
    assert "/id/rule/data-location-mismatch" in hrefs
    assert f"/sources/{case.path(case.doc)}" in hrefs
    assert "Xiaomi said India" in html.select_one(".explanation").get_text()
    assert "0.90" in html.get_text()
    review = json.loads(html.select_one('script[type="application/ld+json"]').string)
    assert review["@type"] == "ClaimReview"


def test_the_contradiction_iri_opens_the_same_page(client, case):
    rest = case.path(case.contradiction).removeprefix("contradiction/")
    a = page(client, f"/contradictions/{rest}").select_one("main")
    b = page(client, f"/id/{case.path(case.contradiction)}").select_one("main")
    assert a == b


def test_observation_evidence_shows_its_facts(client, case):
    html = page(client, f"/id/{case.path(case.contradiction_obs)}")
    evidence = html.select(".side")[1]
    text = evidence.get_text(" ", strip=True)
    assert "Mi Browser sent browsing data to api.example.com" in text  # its rdfs:label
    for fact in ("api.example.com", "161.117.0.1", "SG", "Alibaba Cloud", "data sent"):
        assert fact in text
    assert evidence.find("a", href=f"/id/{case.path(case.observation)}")


def test_unknown_contradiction_is_a_404_page(client):
    r = client.get("/contradictions/no-such-rule/0000")
    assert r.status_code == 404 and r.mimetype == "text/html"


def test_sources_list_and_source_page(client, case):
    rows = page(client, "/sources").select("table.sources tbody tr")
    assert len(rows) == 2
    doc = page(client, f"/sources/{case.path(case.doc)}")
    full = doc.select_one(".fulltext")
    marks = full.select("mark")
    assert [m["class"] for m in marks] == [["claim"], ["finding"]]
    assert marks[0].get_text().startswith("All Mi Browser data")
    labels = full.select(".labels a")
    assert [a.get_text() for a in labels] == ["claim: data location", "finding: data location"]
    assert labels[0]["href"] == f"/id/{case.path(case.claim)}"
    assert doc.select_one(".meta").find("a", href="/companies/xiaomi")
    capture = page(client, f"/sources/{case.path(case.capture)}")
    assert capture.find("a", href=f"/id/{case.path(case.observation)}")
    assert capture.select_one(".meta").find("a", href="/hosts/api.example.com")
    assert client.get("/sources/doc/nothing-here").status_code == 404
    assert client.get("/sources/org/xiaomi").status_code == 404


@pytest.mark.parametrize("url", ["/", "/contradictions", "/sources", "/sources/doc/k1",
                                 "/id/doc/k1", "/id/contradiction/{c}"])
def test_scraped_text_is_only_ever_text(client, case, url):
    url = url.format(c=case.path(case.contradiction).removeprefix("contradiction/"))
    r = client.get(url)
    html = r.data.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert all(s.get("type") == "application/ld+json" for s in soup.find_all("script")), url
    assert "<script>alert" not in html and "<b>data</b>" not in html
    if "/doc/" in url:
        assert "&lt;script&gt;alert" in html
    assert "script-src 'none'" in r.headers["Content-Security-Policy"]


def test_each_quote_is_shown_inside_its_whole_paragraph(client, case):
    html = page(client, f"/id/{case.path(case.contradiction)}")
    claim = html.select_one(".side .quote")
    assert "paragraph" in claim["class"]
    before, after = [c.get_text() for c in claim.select(".ctx")]
    assert before == "Xiaomi answered the report on Saturday. "  # from the paragraph's start
    assert after.endswith("The company disputes this.")         # to its end
    assert '<script>alert("x")</script>' in after                # as text


def test_paragraph_around_stops_at_line_breaks_and_cuts_long_paragraphs():
    from web.pages import paragraph_around

    text = "Title\n\nFirst sentence. The quote here. Last one.\nNext paragraph."
    start = text.index("The quote")
    end = start + len("The quote here.")
    assert paragraph_around(text, start, end) == ("First sentence. ", " Last one.")
    long = "word " * 300 + "QUOTE" + " more" * 300
    s = long.index("QUOTE")
    before, after = paragraph_around(long, s, s + 5, limit=50)
    assert before.startswith("…") and len(before) <= 51 and before.endswith("word ")
    assert after.endswith("…") and len(after) <= 51
    assert paragraph_around("short", 3, 99) is None


def test_a_shared_link_has_a_preview(client, case):
    """og: and description meta: a link to a contradiction pasted into a chat or a post
    shows the verdict and the claim's words, not a bare URL."""
    html = page(client, f"/id/{case.path(case.contradiction)}")
    meta = {m.get("property") or m.get("name"): m["content"] for m in html.select("meta[content]")}
    assert meta["og:type"] == "article" and meta["og:site_name"] == "privacykg"
    assert meta["og:title"] == html.title.get_text().strip()
    assert meta["og:url"].endswith(case.path(case.contradiction))
    claim_words = html.select_one("h1.claim-words").get_text().strip("“” ")
    assert claim_words and claim_words in meta["description"] == meta["og:description"]
    assert page(client, "/").select_one('meta[property="og:type"]')["content"] == "website"
