"""The web app on the demo case: pages, ClaimReview, the SPARQL endpoint's basics."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from kg.demo import build_demo
from kg.settings import Settings
from kg.store import EmbeddedStore
from web import create_app


@pytest.fixture(scope="module")
def client():
    store = EmbeddedStore(None)
    settings = Settings(token="s3cret")
    build_demo(store, settings.minter)
    return create_app(settings, store).test_client()


def test_home_and_contradiction_page(client):
    home = BeautifulSoup(client.get("/").data, "html.parser")
    links = [a["href"] for a in home.select(".rules a")]
    assert links
    r = client.get(links[0])
    assert r.status_code == 200
    page = BeautifulSoup(r.data, "html.parser")
    assert page.select_one("mark").get_text()  # the claim's exact quote, highlighted
    review = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert review["@type"] == "ClaimReview" and review["itemReviewed"]["@type"] == "Claim"
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]


def test_sparql_formats(client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/privacykg/ns#Contradiction> }"
    r = client.get("/sparql", query_string={"query": q},
                   headers={"Accept": "application/sparql-results+json"})
    assert int(r.json["results"]["bindings"][0]["n"]["value"]) > 0
    for accept in ("application/sparql-results+xml", "text/csv", "text/tab-separated-values"):
        r = client.post("/sparql", data={"query": q}, headers={"Accept": accept})
        assert r.status_code == 200
    r = client.post("/sparql", data="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
                    content_type="application/sparql-query", headers={"Accept": "text/turtle"})
    assert r.mimetype == "text/turtle"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "SELEKT nonsense",
])
def test_query_endpoint_refuses(client, query):
    assert client.get("/sparql", query_string={"query": query}).status_code == 400


def test_update_needs_the_token(client):
    ask = {"query": "ASK { <urn:x> <urn:y> <urn:z> }"}
    upd = {"update": "INSERT DATA { GRAPH <urn:g> { <urn:x> <urn:y> <urn:z> } }"}
    assert client.post("/sparql/update", data=upd).status_code == 401
    assert client.post("/sparql/update", data=upd,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/sparql", query_string=ask).json["boolean"] is False
    assert client.post("/sparql/update", data=upd,
                       headers={"Authorization": "Bearer s3cret"}).status_code == 204
    assert client.get("/sparql", query_string=ask).json["boolean"] is True


def test_update_protocol_dataset_and_base(client):
    auth = {"Authorization": "Bearer s3cret"}
    g1, g2, out = "urn:t:g1", "urn:t:g2", "urn:t:out"
    client.post("/sparql/update", headers=auth, data={
        "update": f"INSERT DATA {{ GRAPH <{g1}> {{ <urn:a> <urn:p> 1 }} "
                  f"GRAPH <{g2}> {{ <urn:b> <urn:p> 2 }} }}"})
    # using-graph-uri: the WHERE sees g1 only
    r = client.post("/sparql/update", headers=auth, data={
        "update": f"INSERT {{ GRAPH <{out}> {{ ?s <urn:seen> ?o }} }} WHERE {{ ?s <urn:p> ?o }}",
        "using-graph-uri": g1})
    assert r.status_code == 204
    seen = client.get("/sparql", query_string={
        "query": f"SELECT ?s WHERE {{ GRAPH <{out}> {{ ?s <urn:seen> ?o }} }}"}).json
    assert [b["s"]["value"] for b in seen["results"]["bindings"]] == ["urn:a"]
    # WITH together with the protocol's dataset is refused
    r = client.post("/sparql/update", headers=auth, data={
        "update": f"WITH <{g1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        "using-named-graph-uri": g2})
    assert r.status_code == 400
    # a relative IRI resolves against the endpoint
    r = client.post("/sparql/update", headers=auth,
                    data={"update": "INSERT DATA { GRAPH <urn:t:rel> { <thing> <urn:p> 3 } }"})
    assert r.status_code == 204
    rel = client.get("/sparql", query_string={
        "query": "SELECT ?s WHERE { GRAPH <urn:t:rel> { ?s ?p ?o } }"}).json
    assert rel["results"]["bindings"][0]["s"]["value"].startswith("http://localhost/")


def _first_contradiction_path(client) -> str:
    home = BeautifulSoup(client.get("/").data, "html.parser")
    return home.select(".rules a")[0]["href"]


def test_resource_iris_dereference(client):
    from rdflib import Graph

    page = BeautifulSoup(client.get("/id/product/mi-browser").data, "html.parser")
    assert "Mi Browser" in page.h1.get_text()
    assert page.find("a", string="Open in SPARQL")["href"].startswith("/query?query=DESCRIBE")
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld")):
        r = client.get("/id/product/mi-browser", headers={"Accept": accept})
        assert r.mimetype == accept and "Accept" in r.headers["Vary"]
        assert len(Graph().parse(data=r.data, format=fmt)) > 0
    r = client.get("/id/product/mi-browser.ttl")
    assert r.mimetype == "text/turtle"
    # a contradiction is a page for people and RDF for programs
    path = _first_contradiction_path(client)
    assert client.get(path, headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
    assert client.get("/id/product/no-such-thing").status_code == 404


def test_query_page_runs_examples_and_offers_downloads(client):
    r = client.get("/query")
    page = BeautifulSoup(r.data, "html.parser")
    example = page.select("ul a")[-1]["href"]
    result = BeautifulSoup(client.get(example).data, "html.parser")
    assert result.select("table.results tbody tr"), "the example query returns rows"
    downloads = [a["href"] for a in result.select("p a") if "format=" in a["href"]]
    csv = client.get(downloads[2])
    assert csv.mimetype == "text/csv" and csv.data.splitlines()[0].startswith(b"host")
    refused = client.get("/query", query_string={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert b"SERVICE and LOAD are not allowed" in refused.data


def test_scraped_text_is_only_ever_text(tmp_path):
    """An article carrying script payloads: every page that shows its words shows them as
    text, and the only script element is the ClaimReview data block."""
    from kg.check import check
    from kg.ingest import Metadata, extract, store_extraction
    from kg.review import set_publish_mode

    evil = ("Shadyco runs an app. Shadyco sells it widely.\n\n"
            'Shadyco says that all data is encrypted <script>alert("x")</script> and stays on '
            'servers in Ireland <img src=x onerror="alert(1)">.\n\n'
            "Researchers at the Nettle Lab found that the app sends data to servers in Brazil "
            "<script>document.title='pwned'</script>.")
    path = tmp_path / "evil.txt"
    path.write_text(evil, "utf-8")
    store, settings = EmbeddedStore(None), Settings()
    store_extraction(store, settings.minter, extract(str(path), Metadata(
        url="https://news.example/evil", publisher="Daily Ledger"), settings.minter))
    set_publish_mode(store, settings.minter, "all")   # what the public pages show
    assert check(store, settings.minter)
    client = create_app(settings, store).test_client()
    pages = ["/", "/contradictions"]
    pages.append(BeautifulSoup(client.get("/").data, "html.parser").select(".rules a")[0]["href"])
    for url in pages:
        html = client.get(url).data.decode()
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script")
        assert all(s.get("type") == "application/ld+json" for s in scripts), url
        assert not soup.find("img"), url
        assert "<script>alert" not in html and "&lt;script&gt;" in html, url


def test_source_page_highlights_every_statement(client):
    home = BeautifulSoup(client.get("/").data, "html.parser")
    contradiction = BeautifulSoup(client.get(home.select(".rules a")[0]["href"]).data,
                                  "html.parser")
    source = contradiction.find("a", string="its source")["href"]
    page = BeautifulSoup(client.get(source).data, "html.parser")
    marks = page.select(".fulltext mark")
    assert len(marks) >= 10
    assert {m["class"][0] for m in marks} == {"claim", "finding"}
    text = page.select_one(".fulltext").get_text()
    assert "In incognito mode, all user data is completely encrypted and anonymised." in text
    label = page.select(".fulltext .labels a")[0]
    assert client.get(label["href"], headers={"Accept": "text/turtle"}).status_code == 200


def test_claim_page_shows_the_claim_its_appearances_and_the_evidence(client):
    """A claim's /id/ IRI is the page a fact-checker links to: its words, its verdict,
    where it was said and the evidence against it, with one ClaimReview for the claim."""
    home = BeautifulSoup(client.get("/").data, "html.parser")
    link = next(a["href"] for a in home.select(".group blockquote a"))
    assert link.startswith("/id/claim/")
    r = client.get(link)
    assert r.status_code == 200
    page = BeautifulSoup(r.data, "html.parser")
    assert "Contradicted" in page.select_one("h1").get_text()
    assert page.select(".appearances li") and page.select(".evidence li")
    review = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert review["url"].endswith(link.removeprefix("/id/"))
    assert review["itemReviewed"]["firstAppearance"]["url"].startswith("https://")
    assert len(review["citation"]) == len(page.select(".evidence li"))


def test_claim_counts_agree_on_pages_feed_and_cli(tmp_path):
    """One count of contradicted claims everywhere: the CLI's table, the ClaimReview
    feed, the home page and the claims' own verdicts."""
    import re

    from click.testing import CliRunner

    from kg.cli import cli

    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "demo"]).output
    cli_claims = int(re.search(r"against (\d+) claim\(s\)", out).group(1))
    store = EmbeddedStore(tmp_path / "s", create=False)
    settings = Settings(token="s3cret")
    c = create_app(settings, store).test_client()
    feed = json.loads(c.get("/claimreview.jsonld").data)
    home = BeautifulSoup(c.get("/").data, "html.parser").get_text(" ")
    home_claims = int(re.search(r"contradiction\(s\): (\d+) claim\(s\)", home).group(1))
    from kg.verdicts import recorded_verdicts

    contradicted = sum(v.verdict in ("contradicted", "disputed")
                       for v in recorded_verdicts(store, settings.minter).values())
    assert cli_claims == len(feed) == home_claims == contradicted == 9


def test_every_example_query_runs_and_the_claim_examples_find_the_demo_claims(client):
    """The query page's examples are what a SPARQL user tries first: each runs, and those
    about claims and contradictions still fit the graph (a claim's words are on its
    sentences, through schema:appearance). The demo has no certification claim without a
    certificate, so that example may find nothing."""
    from web.query_page import examples

    found = {}
    for example in examples():
        r = client.get("/query", query_string={"query": example["query"]})
        assert r.status_code == 200 and b"query error" not in r.data, example["title"]
        page = BeautifulSoup(r.data, "html.parser")
        found[example["title"]] = len(page.select("table.results tbody tr"))
    assert found["Claims and their verdicts, the most repeated first"] == 12
    assert found["All contradictions of a company, strongest first"] == 54


def test_contradictions_page_shows_claims_a_page_at_a_time(client, monkeypatch):
    from web import pages

    monkeypatch.setattr(pages, "CLAIMS_PER_PAGE", 4)
    first = BeautifulSoup(client.get("/contradictions").data, "html.parser")
    assert len(first.select("li.group")) == 4 and "page 1 of 3" in first.get_text()
    last = BeautifulSoup(client.get("/contradictions?page=3").data, "html.parser")
    assert len(last.select("li.group")) == 1  # 9 claims: 4 + 4 + 1
    assert first.select_one('nav.pager a[rel="next"]')["href"].endswith("page=2")


def test_the_data_location_page_says_country_names_not_codes(client):
    home = BeautifulSoup(client.get("/contradictions?aspect=data_location").data,
                         "html.parser")
    pages = [BeautifulSoup(client.get(a["href"]).data, "html.parser")
             for a in home.select(".rules a")]
    page = next(p for p in pages if "stays in" in p.select_one(".verdict-line").get_text())
    verdict = page.select_one(".verdict-line").get_text()
    assert "stays in India" in verdict and " IN;" not in verdict
    assert "made from Romania" in page.get_text()
    facts = page.select_one(".side.observation").get_text(" ")
    assert "(SG)" in facts or "(RU)" in facts  # the code after the name
    assert "device_id" not in page.get_text()
