"""Browsing pages on the hand-built case of conftest: the filters of the contradictions
list, search, the pages per company, product, certifier and host, the lists and their
CSV/JSON exports, the data-location picture, the ratings page and the ClaimReview feed."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from conftest import CLAIM_TEXT, FINDING_TEXT
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from ontologies.vocab import PKG, PROV, RDF, RDFS, SCHEMA
from web.diagram import Destination, Said, from_contradictions, location_svg


def page(client, url: str) -> BeautifulSoup:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    assert r.mimetype == "text/html"
    return BeautifulSoup(r.data, "html.parser")


def shown_claims(html: BeautifulSoup) -> list[str]:
    return [b.get_text() for b in html.select(".group blockquote")]


# --- the contradictions list and its filters ------------------------------------------

def test_filter_form_is_a_plain_get_form_with_the_values_in_the_data(client):
    html = page(client, "/contradictions")
    form = html.select_one("form.filters")
    assert form["method"] == "get" and form["action"] == "/contradictions"
    options = {s["name"]: [o["value"] for o in s.select("option")] for s in form.select("select")}
    assert options["company"] == ["", "Xiaomi"]
    assert options["aspect"] == ["", "data_location"]
    assert options["country"] == ["", "IN", "SG"]
    assert len(options["source"]) == 3  # any, the article, the capture
    assert {i["name"] for i in form.select("input")} == {"since", "until"}


@pytest.mark.parametrize("query, shown", [
    ("company=Xiaomi", 2), ("company=Nobody", 0), ("aspect=data_location", 2),
    ("aspect=encryption", 0), ("country=SG", 2), ("country=sg", 2), ("country=RU", 0),
    ("since=2020-05-01", 2), ("since=2020-05-03", 0), ("until=2020-05-02", 2),
    ("until=2020-04-30", 0), ("company=Xiaomi&country=IN&since=2020-01-01", 2),
])
def test_filters_narrow_the_list(client, query, shown):
    html = page(client, f"/contradictions?{query}")
    evidence = html.select(".rules > li")
    assert sum(max(1, len(li.select(".evidence li"))) for li in evidence) == shown
    text = html.select_one(".shown").get_text(" ", strip=True)
    assert f"{shown} of 2 contradiction(s) match" in text
    if shown == 0:
        assert "None matches these filters" in html.get_text()


def test_filter_by_source_keeps_contradictions_whose_either_side_comes_from_it(client, case):
    capture = page(client, f"/contradictions?source={case.capture}")
    links = [a["href"] for a in capture.select(".rules a")]
    assert links == [f"/id/{case.path(case.contradiction_obs)}"]
    article = page(client, f"/contradictions?source={case.doc}")
    assert len(article.select(".rules a")) == 3  # both share the claim; two evidence links


def test_the_chosen_filter_stays_selected(client):
    html = page(client, "/contradictions?country=SG&since=2020-01-01")
    assert html.select_one('select[name="country"] option[selected]')["value"] == "SG"
    assert html.select_one('input[name="since"]')["value"] == "2020-01-01"
    assert html.find("a", string="clear")


def test_contradictions_export_csv_and_json_keep_the_filters(client, case):
    r = client.get("/contradictions?format=csv&country=SG")
    assert r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(r.data.decode())))
    assert len(rows) == 2
    assert {row["iri"] for row in rows} == {str(case.contradiction), str(case.contradiction_obs)}
    assert rows[0]["claim"] == CLAIM_TEXT and rows[0]["verdict"] == "Contradicted"
    assert rows[0]["claim_published"] == "2020-05-02"
    data = client.get("/contradictions?format=json&company=Nobody").json
    assert data == {"contradictions": []}
    data = client.get("/contradictions?format=json").json["contradictions"]
    assert {c["iri"] for c in data} == {str(case.contradiction), str(case.contradiction_obs)}
    assert client.get("/contradictions?format=xml").status_code == 400


def test_export_links_keep_the_filters(client):
    html = page(client, "/contradictions?country=SG")
    hrefs = [a["href"] for a in html.select(".exports a")]
    assert hrefs == ["/contradictions?country=SG&format=csv",
                     "/contradictions?country=SG&format=json"]


# --- search ---------------------------------------------------------------------------

def test_search_finds_statements_and_observations_and_marks_the_words(client, case):
    html = page(client, "/search?q=SINGAPORE")
    hits = html.select(".results li")
    hrefs = {li.a["href"] for li in hits}
    assert f"/id/{case.path(case.finding)}" in hrefs      # a finding's text
    assert f"/id/{case.path(case.observation)}" in hrefs  # an observation's label
    assert all(m.get_text().lower() == "singapore" for m in html.select(".results mark"))
    assert "2 result(s)" in html.select_one(".shown").get_text()


def test_search_without_words_and_with_no_match(client):
    assert not page(client, "/search").select(".results li")
    html = page(client, "/search?q=zzzz-nothing")
    assert "0 result(s)" in html.get_text()


def test_search_words_are_bound_not_pasted(client, case):
    # quotes, braces and a closing angle bracket would break a query they were pasted in
    for q in ['"} UNION { ?s ?p ?o } #', "India.", "<script>"]:
        r = client.get("/search", query_string={"q": q})
        assert r.status_code == 200
    html = page(client, "/search?q=" + "India.")
    assert [li.a["href"] for li in html.select(".results li")] == [f"/id/{case.path(case.claim)}"]


def test_search_export(client):
    data = client.get("/search?q=browser&format=json").json["results"]
    assert {r["kind"] for r in data} == {"claim", "finding", "observation"}
    assert client.get("/search?q=browser&format=csv").data.startswith(b"s,kind,aspect,text")


# --- lists and the pages of one thing --------------------------------------------------

def test_claims_list_with_filters_and_export(client, case):
    """One row per claim (the claim resource, however many sentences said it), with its
    verdict and how often it is contradicted."""
    html = page(client, "/claims")
    rows = html.select("table.claims tbody tr")
    assert len(rows) == 1
    assert rows[0].a["href"] == f"/id/{case.path(case.claim_resource)}"
    assert rows[0].find("a", href="/companies/xiaomi")
    cells = [td.get_text(strip=True) for td in rows[0].select("td")]
    assert cells[-1] == "2" and cells[-2] == "contradicted" and cells[3] == "1 time(s)"
    both = page(client, "/claims?kind=all").select("table.claims tbody tr")
    assert len(both) == 2
    assert not page(client, "/claims?company=Nobody").select("table.claims tbody tr")
    data = client.get("/claims?format=json").json["claims"]
    assert [c["text"] for c in data] == [CLAIM_TEXT] and data[0]["against"] == 2


def test_companies_list_and_company_page_timeline(client, case):
    html = page(client, "/companies")
    names = [a.get_text() for a in html.select("table.companies tbody a")]
    assert names == ["Xiaomi"]  # Nettle Lab only reports, Alibaba Cloud only operates
    company = page(client, "/companies/xiaomi")
    assert company.h1.get_text() == "Xiaomi"
    day = company.select_one(".timeline > li")
    assert day.select_one(".date").get_text() == "2020-05-02"
    entry = day.select_one(".claim-entry")
    assert entry.blockquote.get_text() == CLAIM_TEXT
    against = {a["href"] for a in entry.select(".rules a")}
    assert against == {f"/id/{case.path(case.contradiction)}",
                       f"/id/{case.path(case.contradiction_obs)}"}
    assert company.find("a", href="/products/mi-browser")
    svg = company.select_one("section.picture svg")
    assert "Singapore" in svg.get_text() and "India" in svg.get_text()
    assert client.get("/companies/nobody").status_code == 404
    exported = client.get("/companies/xiaomi?format=csv").data.decode()
    assert exported.count("\r\n") == 3  # the header and two contradictions


def test_product_page(client, case):
    html = page(client, "/products")
    assert [a.get_text() for a in html.select("table.products tbody td a")] == [
        "Mi Browser", "Xiaomi"]
    product = page(client, "/products/mi-browser")
    assert product.h1.get_text() == "Mi Browser"
    assert product.find("a", href="/companies/xiaomi")
    assert product.select_one(".timeline blockquote").get_text() == CLAIM_TEXT
    assert product.find("a", href="/hosts/api.example.com")
    picture = product.select_one("section.picture svg")  # the company speaks in it
    assert "What Xiaomi said" in picture.get_text()
    assert "What Mi Browser said" not in product.get_text()
    assert client.get("/products/nothing").status_code == 404


def test_hosts_list_and_host_page(client, case):
    html = page(client, "/hosts")
    row = html.select_one("table.hosts tbody tr")
    assert row.a["href"] == "/hosts/api.example.com"
    assert "SG" in row.get_text() and "Alibaba Cloud" in row.get_text()
    host = page(client, "/hosts/api.example.com")
    assert "161.117.0.1" in host.get_text()
    assert host.find("a", href=f"/id/{case.path(case.contradiction_obs)}")
    assert client.get("/hosts/nowhere.example").status_code == 404
    assert client.get("/hosts?format=json").json["hosts"][0]["host"] == "api.example.com"


@pytest.fixture
def certified(store, settings, case):
    """A registry with one certificate from a certifier the claim names."""
    m = settings.minter
    registry, bsi = m.registry("r1"), m.organisation("BSI")
    cert = m.certificate(registry, "IS 1")
    g = Graph()
    g.add((registry, RDF.type, PKG.Registry))
    g.add((registry, SCHEMA.name, Literal("BSI directory")))
    g.add((registry, PKG.certifier, bsi))
    g.add((bsi, RDF.type, SCHEMA.Organization))
    g.add((bsi, SCHEMA.name, Literal("BSI")))
    g.add((cert, RDF.type, PKG.Certificate))
    g.add((cert, PROV.wasDerivedFrom, registry))
    g.add((cert, SCHEMA.identifier, Literal("IS 1")))
    g.add((cert, PKG.certifier, bsi))
    g.add((cert, PKG.holder, m.organisation("Xiaomi")))
    g.add((cert, PKG.covers, m.product("Mi Browser")))
    g.add((cert, PKG.standard, Literal("ISO/IEC 27001")))
    g.add((cert, SCHEMA.validFrom, Literal("2019-01-01", datatype=XSD.date)))
    g.add((cert, RDFS.label, Literal("BSI certificate IS 1")))
    store.replace_graph(m.iri("graph/registry/r1"), g)
    return cert


def test_certificates_and_certifier_pages(client, certified):
    html = page(client, "/certificates")
    row = html.select_one("table.certificates tbody tr")
    assert row.a.get_text() == "IS 1"
    assert row.find("a", href="/certifiers/bsi") and row.find("a", href="/companies/xiaomi")
    assert "covers Mi Browser" in row.get_text()
    certifier = page(client, "/certifiers/bsi")
    assert "BSI" in certifier.h1.get_text()
    assert certifier.select_one("table.certificates tbody a").get_text() == "IS 1"
    assert page(client, "/products/mi-browser").select("table.certificates tbody a")
    assert page(client, "/certifiers").select_one("table.certifiers tbody a").get_text() == "BSI"
    data = client.get("/certificates?format=json").json["certificates"]
    assert data[0]["identifier"] == "IS 1" and data[0]["covers"] == "Mi Browser"
    assert client.get("/certifiers/xiaomi").status_code == 404


@pytest.mark.parametrize("url, name", [
    ("/claims", "claims"), ("/companies", "companies"), ("/products", "products"),
    ("/certificates", "certificates"), ("/certifiers", "certifiers"), ("/hosts", "hosts"),
    ("/sources", "sources"), ("/contradictions", "contradictions")])
def test_every_list_exports_csv_and_json(client, certified, url, name):
    as_json = client.get(url + "?format=json")
    assert as_json.mimetype == "application/json" and name in as_json.json
    assert as_json.json[name], f"{url} exported nothing"
    as_csv = client.get(url + "?format=csv")
    assert as_csv.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(as_csv.data.decode())))
    assert len(rows) == len(as_json.json[name]) + 1
    assert client.get(url + "?format=pdf").status_code == 400
    assert page(client, url).select_one(".exports") is not None


# --- the contradiction page's additions ------------------------------------------------

def test_contradiction_page_links_ratings_company_sparql_and_draws_the_picture(client, case):
    html = page(client, f"/id/{case.path(case.contradiction_obs)}")
    hrefs = [a["href"] for a in html.select("a")]
    assert "/about/ratings" in hrefs and "/companies/xiaomi" in hrefs
    assert "/hosts/api.example.com" in hrefs
    sparql = html.find("a", string="open in SPARQL")["href"]
    assert sparql.startswith("/query?query=") and client.get(sparql).status_code == 200
    assert str(case.contradiction_obs) in page(client, sparql).get_text()
    facts = html.select_one(".facts").get_text(" ", strip=True)
    assert "Evidence strength data sent" in facts and "Confidence 0.80" in facts
    svg = html.select_one("section.picture svg")
    assert svg["role"] == "img" and svg.title.get_text().startswith("Where Xiaomi said")
    assert "api.example.com" in svg.get_text() and "Alibaba Cloud" in svg.get_text()
    assert "India (IN)" in svg.get_text() and "Singapore (SG)" in svg.get_text()


def test_scope_caveat_shows_the_rule_note_and_differences(client, case, store):
    html = page(client, f"/id/{case.path(case.contradiction_obs)}")
    assert html.select_one(".scope") is None  # same product, capture undated
    note = "The claim is about users in India; the capture was made from Romania."
    store.update(f"INSERT DATA {{ GRAPH <{case.contradictions_graph}> {{ "
                 f"<{case.contradiction_obs}> <{PKG.scopeNote}> {Literal(note).n3()} }} }}")
    html = page(client, f"/id/{case.path(case.contradiction_obs)}")
    assert note in html.select_one(".scope").get_text()


# --- the picture ------------------------------------------------------------------------

def test_the_picture_escapes_everything_and_marks_places_outside_the_claim():
    svg = location_svg('<script>alert(1)</script>', Said(countries=["IN"]), [
        Destination('h"><img src=x onerror=alert(2)>', "Op & Co", ["SG"]),
        Destination("in.example", None, ["IN"])])
    soup = BeautifulSoup(str(svg), "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert "<script>alert(1)</script>" in soup.get_text()
    assert "Op & Co" in soup.get_text()
    boxes = soup.select("rect")
    assert any(b.get("stroke") == "#b3261e" for b in boxes)  # Singapore: not what was said
    assert "Singapore (SG)" in soup.get_text() and "India (IN)" in soup.get_text()


def test_from_contradictions_takes_places_from_both_kinds_of_evidence():
    claim = {"values": {"countries": ["IN"], "operators": ["Amazon Web Services"]}}
    items = [
        {"aspect": "data_location", "claim": claim,
         "evidence": {"kind": "observation", "host": "a.example", "operator": "Alibaba Cloud",
                      "countries": ["SG"]}},
        {"aspect": "data_location", "claim": claim,
         "evidence": {"kind": "finding", "values": {"countries": ["RU"]}}},
        {"aspect": "encryption", "claim": claim, "evidence": {"kind": "finding"}},
    ]
    said, went = from_contradictions(items)
    assert said.countries == ["IN"] and said.operators == ["Amazon Web Services"]
    assert [(d.host, d.countries, d.reported) for d in went] == [
        ("a.example", ["SG"], False), (None, ["RU"], True)]


# --- ratings and the feed ---------------------------------------------------------------

def test_ratings_page_explains_the_scale(client):
    html = page(client, "/about/ratings")
    rows = [tr.get_text(" ", strip=True) for tr in html.select("table.ratings tbody tr")]
    assert rows[0].startswith("1 Contradicted 0.8 or more")
    assert rows[1].startswith("2 Partly contradicted 0.6 to below 0.8")
    assert rows[2].startswith("3 Not supported below 0.6")
    assert "Evidence strength" in html.get_text() and "Scope" in html.get_text()


def test_claimreview_feed_has_one_review_per_claim(client, case):
    """Both contradictions are against one claim: one review, citing both pieces of
    evidence, at the claim's IRI."""
    r = client.get("/claimreview.jsonld")
    assert r.mimetype == "application/ld+json"
    reviews = json.loads(r.data)
    assert len(reviews) == 1
    (review,) = reviews
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == CLAIM_TEXT
    assert review["url"] == str(case.claim_resource) and len(review["citation"]) == 2


def test_navigation_skip_link_and_search_box_on_every_page(client):
    html = page(client, "/")
    skip = html.select_one("a.skip")
    assert skip["href"] == "#main" and html.select_one("main")["id"] == "main"
    nav = [a["href"] for a in html.select("nav a")]
    for url in ("/contradictions", "/claims", "/companies", "/products", "/certificates",
                "/hosts", "/sources", "/query", "/editor"):
        assert url in nav
    assert html.select_one('form[role="search"]')["action"] == "/search"


def test_unused_finding_text_is_still_searchable(client):
    assert FINDING_TEXT in page(client, "/search?q=researchers").get_text()


def test_long_lists_are_paginated_and_exports_hold_every_row(client, case, monkeypatch):
    from web import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 1)
    first = page(client, "/claims?kind=all")
    assert len(first.select("table.claims tbody tr")) == 1
    nxt = first.select_one('nav.pager a[rel="next"]')["href"]
    assert "page=2" in nxt and "kind=all" in nxt
    second = page(client, nxt)
    assert second.select_one('nav.pager a[rel="prev"]') and "page 2 of 2" in second.get_text()
    assert len(client.get("/claims?kind=all&format=json").json["claims"]) == 2
    assert client.get("/claims?page=x").status_code == 400
