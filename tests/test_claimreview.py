"""ClaimReview that fact-checkers can publish: only schema.org terms (checked against
rdflib's closed schema.org namespace, offline), and the properties Google's
fact-check markup requires (claimReviewed, reviewRating with alternateName, url,
author, datePublished; itemReviewed a Claim with author and appearance)."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import SDO

from kg.check import as_json
from kg.demo import build_demo
from kg.exports import claim_review, verdict
from kg.settings import Settings
from kg.store import EmbeddedStore

JSONLD_KEYS = {"@context", "@type", "@id"}


def is_schema_term(term: str) -> bool:
    """rdflib's SDO is a closed namespace: membership is its list of schema.org terms."""
    return URIRef("https://schema.org/" + term) in SDO


def test_the_term_list_is_closed():
    assert is_schema_term("claimReviewed") and not is_schema_term("claimReviewd")


@pytest.fixture(scope="module")
def reviews():
    store, settings = EmbeddedStore(None), Settings()
    found = build_demo(store, settings.minter)
    return [claim_review(c, settings) for c in as_json(store, found)["contradictions"]]


def _schema_terms(node, path="$"):
    """Every (path, key) and (path, @type) used in a JSON-LD tree."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _schema_terms(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for k, v in node.items():
            if k == "@type":
                yield path, v
            elif k not in JSONLD_KEYS:
                yield path, k
                yield from _schema_terms(v, f"{path}.{k}")


def test_every_term_is_schema_org(reviews):
    assert reviews
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        for path, term in _schema_terms(review):
            assert is_schema_term(term), f"{path}: {term!r} is not a schema.org term"


def test_google_required_properties(reviews):
    for r in reviews:
        assert r["@type"] == "ClaimReview"
        assert r["claimReviewed"] and r["url"].startswith("http")
        assert r["author"]["name"] and r["datePublished"]
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = r["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"]
        assert item["appearance"] and all(a.get("url") for a in item["appearance"])


def test_verdict_scale():
    assert verdict(0.9) == (1, "Contradicted")
    assert verdict(0.7) == (2, "Partly contradicted")
    assert verdict(0.3) == (3, "Not supported")


def test_the_newsroom_is_the_author_and_the_check_day_the_date():
    """ClaimReviews name who publishes them (PRIVACYKG_REVIEWER, _URL), are dated the day
    of the check that reached the verdict (not the day of the export), and quote the
    claim's words without the quotation marks around them."""
    from kg.exports import claim_reviews
    from kg.settings import from_environment

    store = EmbeddedStore(None)
    settings = from_environment({"PRIVACYKG_REVIEWER": "The Daily Ledger",
                                 "PRIVACYKG_REVIEWER_URL": "https://ledger.example/"})
    build_demo(store, settings.minter)
    g = settings.minter.contradictions_graph
    store.update(f"DELETE {{ GRAPH <{g}> {{ <{g}> ?p ?d }} }} WHERE {{ GRAPH <{g}> {{ <{g}> ?p ?d "
                 f"FILTER(?p = <https://w3id.org/privacykg/ns#checkedOn>) }} }};"
                 f'INSERT DATA {{ GRAPH <{g}> {{ <{g}> <https://w3id.org/privacykg/ns#checkedOn> '
                 f'"2021-04-05"^^<http://www.w3.org/2001/XMLSchema#date> }} }}')
    reviews = claim_reviews(store, settings)
    assert reviews and all(r["datePublished"] == "2021-04-05" for r in reviews)
    assert all(r["author"] == {"@type": "Organization", "name": "The Daily Ledger",
                               "url": "https://ledger.example/"} for r in reviews)
    assert not any(r["claimReviewed"].startswith(("\"", "“")) for r in reviews)


def test_quotation_marks_around_a_claim_are_not_its_words():
    from kg.exports import _words

    assert _words("“All data is stored in India,”") == "All data is stored in India"
    assert _words("Data stays in “India”") == "Data stays in “India”"
