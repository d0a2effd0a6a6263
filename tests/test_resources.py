"""Linked data: every /id/<path> dereferences, HTML for browsers and RDF by Accept
header or suffix, answered directly (no redirect) with Vary: Accept."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from ontologies.vocab import PKG, SCHEMA

FORMATS = [("text/turtle", "turtle"), ("application/n-triples", "nt"),
           ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")]


@pytest.mark.parametrize("accept,fmt", FORMATS)
def test_rdf_by_accept_header(client, case, accept, fmt):
    r = client.get(f"/id/{case.path(case.claim)}", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    assert "Accept" in r.headers["Vary"]
    g = Graph().parse(data=r.data, format=fmt)
    assert (case.claim, RDF.type, PKG.Claim) in g
    assert (case.claim, PKG.speaker, Literal("Manu Jain")) in g


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".nt", "nt"),
                                        (".jsonld", "json-ld"), (".rdf", "xml")])
def test_rdf_by_suffix(client, case, suffix, fmt):
    r = client.get(f"/id/{case.path(case.observation)}{suffix}")
    assert r.status_code == 200
    g = Graph().parse(data=r.data, format=fmt)
    assert (case.observation, PKG.host, Literal("api.example.com")) in g


def test_browsers_get_a_page_listing_the_triples(client, case):
    r = client.get(f"/id/{case.path(case.claim)}",
                   headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "Accept" in r.headers["Vary"]
    html = BeautifulSoup(r.data, "html.parser")
    cells = [td.get_text(strip=True) for td in html.select("table.triples td")]
    assert "pkg:speaker" in cells and "Manu Jain" in cells
    links = {a["href"] for a in html.select("table.triples a")}
    assert f"/id/{case.path(case.doc)}" in links  # prov:wasDerivedFrom, as a link
    referred = {a["href"] for a in html.select("main ul a")}
    # what points at the sentence: the claim it is an appearance of
    assert f"/id/{case.path(case.claim_resource)}" in referred


def test_no_redirects_and_a_404_for_unknown_resources(client):
    r = client.get("/id/org/xiaomi")
    assert r.status_code == 200
    assert "Xiaomi" in BeautifulSoup(r.data, "html.parser").h1.get_text()
    assert client.get("/id/org/nobody").status_code == 404
    assert client.get("/id/org/nobody", headers={"Accept": "text/turtle"}).status_code == 404


def test_a_document_page_shows_its_text_highlighted(client, case):
    html = BeautifulSoup(client.get(f"/id/{case.path(case.doc)}").data, "html.parser")
    assert len(html.select(".fulltext mark")) == 2
    assert html.find("a", href=f"/sources/{case.path(case.doc)}")


def test_the_contradiction_iri_gives_rdf_to_programs(client, case):
    r = client.get(f"/id/{case.path(case.contradiction)}", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=r.data, format="turtle")
    assert (case.contradiction, PKG.claim, case.claim_resource) in g
    rest = case.path(case.contradiction).removeprefix("contradiction/")
    r = client.get(f"/contradictions/{rest}", headers={"Accept": "application/ld+json"})
    assert r.mimetype == "application/ld+json"


def test_iris_follow_the_configured_base(tmp_path):
    from kg.settings import Settings
    from kg.store import EmbeddedStore
    from web import create_app

    settings = Settings(store=tmp_path / "s", base="https://facts.example")
    store = EmbeddedStore(settings.store)
    g = Graph()
    org = settings.minter.organisation("Acme")
    g.add((org, SCHEMA.name, Literal("Acme")))
    store.replace_graph(settings.minter.iri("graph/doc/x"), g)
    r = create_app(settings, store).test_client().get("/id/org/acme.ttl")
    assert (org, SCHEMA.name, Literal("Acme")) in Graph().parse(data=r.data, format="turtle")
    store.close()


@pytest.mark.parametrize("which", ["doc", "claim", "finding", "observation", "capture",
                                   "contradiction"])
def test_every_page_opens_the_query_page_on_its_iri(client, case, which):
    from urllib.parse import parse_qs, urlparse

    iri = getattr(case, which)
    html = BeautifulSoup(client.get(f"/id/{case.path(iri)}").data, "html.parser")
    links = [a["href"] for a in html.find_all("a", href=True) if a["href"].startswith("/query?")]
    assert links, f"no link to the query page on /id/{case.path(iri)}"
    (text,) = parse_qs(urlparse(links[0]).query)["query"]
    assert f"<{iri}>" in text
    page = BeautifulSoup(client.get(links[0]).data, "html.parser")
    rows = page.select("table.results tbody tr")
    assert rows, "the query found nothing"
    # IRIs of ours in the result are links back to their pages
    assert any(a["href"].startswith("/id/") for a in page.select("table.results a"))


@pytest.mark.parametrize("suffix,accept", [(".ttl", "text/turtle"),
                                           (".nt", "application/n-triples"),
                                           (".jsonld", "application/ld+json")])
def test_suffix_and_accept_give_the_same_triples(client, case, suffix, accept):
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt",
           "application/ld+json": "json-ld"}[accept]
    by_suffix = client.get(f"/id/{case.path(case.finding)}{suffix}")
    by_accept = client.get(f"/id/{case.path(case.finding)}", headers={"Accept": accept})
    assert by_suffix.mimetype == by_accept.mimetype == accept
    a = Graph().parse(data=by_suffix.data, format=fmt)
    b = Graph().parse(data=by_accept.data, format=fmt)
    assert len(a) > 5 and set(a) == set(b)


def test_resource_pages_name_what_they_link_and_lead_to_the_page_for_people(client, case):
    html = BeautifulSoup(client.get(f"/id/{case.path(case.doc)}").data, "html.parser")
    publisher = next(a for a in html.select("table.triples a")
                     if a["href"].endswith("/org/daily-ledger"))
    assert publisher.get_text() == "Daily Ledger"  # its name, not org:daily-ledger
    company = BeautifulSoup(client.get("/id/org/xiaomi").data, "html.parser")
    assert company.select_one('a[href="/companies/xiaomi"]') is not None
