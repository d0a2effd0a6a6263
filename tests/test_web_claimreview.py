"""The ClaimReview embedded in every contradiction page of the demo: exactly one per
page, only schema.org terms, Google's required properties, and the page it sits on
as its url."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from test_claimreview import _schema_terms, is_schema_term

from kg.check import recorded
from kg.demo import build_demo
from kg.settings import Settings
from kg.store import EmbeddedStore
from web import create_app


@pytest.fixture(scope="module")
def demo():
    store, settings = EmbeddedStore(None), Settings()
    build_demo(store, settings.minter)
    app = create_app(settings, store)
    yield app.test_client(), settings, [str(c.iri) for c in recorded(store)]
    store.close()


def test_every_contradiction_page_embeds_one_valid_claimreview(demo):
    client, settings, iris = demo
    assert len(iris) > 20
    for iri in iris:
        path = "/id/" + settings.minter.path_of(iri)
        html = BeautifulSoup(client.get(path).data, "html.parser")
        blocks = html.select('script[type="application/ld+json"]')
        assert len(blocks) == 1, path
        review = json.loads(blocks[0].string)
        for where, term in _schema_terms(review):
            assert is_schema_term(term), f"{path} {where}: {term!r} is not schema.org"
        assert review["@type"] == "ClaimReview" and review["url"] == iri
        assert review["claimReviewed"] and review["datePublished"]
        assert review["author"]["name"] == "privacykg"
        rating = review["reviewRating"]
        assert rating["alternateName"] in html.select_one(".badge").get_text()
        assert 1 <= rating["ratingValue"] <= 3 and rating["bestRating"] == 5
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"]
        assert item["appearance"] and all(a.get("url", "").startswith("http")
                                          for a in item["appearance"])
        assert review["citation"] and review["citation"][0]["name"]


def test_the_feed_comes_in_pages_that_together_are_every_review(demo, monkeypatch):
    import web.browse

    client, settings, _ = demo
    whole = client.get("/claimreview.jsonld")
    everything = json.loads(whole.data)
    total = int(whole.headers["X-Total-Count"])
    assert total == len(everything) > 2 and "Link" not in whole.headers
    monkeypatch.setattr(web.browse, "FEED_PAGE", 2)
    seen, path = [], "/claimreview.jsonld"
    while path:
        r = client.get(path)
        page = json.loads(r.data)
        assert 1 <= len(page) <= 2 and r.headers["X-Total-Count"] == str(total)
        seen += [review["url"] for review in page]
        nxt = [p for p in r.headers.get("Link", "").split(", ") if 'rel="next"' in p]
        path = nxt[0].split(">")[0].lstrip("<") if nxt else None
    assert sorted(seen) == sorted(review["url"] for review in everything)
    assert client.get("/claimreview.jsonld?page=x").status_code == 400
