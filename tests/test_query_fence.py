"""web.query_fence: SERVICE and LOAD found from a parser's reading, never from keywords
alone; control characters kept out of updates; and pages under the query deadline."""

from __future__ import annotations

import time

import pytest

from web.query_fence import control_reason, mentions_network, network_reason, update_reason


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "select * { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE SILENT ?x { ?s ?p ?o } } }",
    "ASK { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
])
def test_service_is_found_wherever_the_parser_finds_it(query):
    assert network_reason(query) is not None


@pytest.mark.parametrize("update", [
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "load silent <http://127.0.0.1:9/data.ttl> into graph <urn:g>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_load_and_service_are_found_in_updates(update):
    assert network_reason(update, update=True) is not None


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s a <https://schema.org/Service> }",       # the word inside an IRI
    'SELECT * WHERE { ?s ?p "customer service and download" }',   # inside a string
    "SELECT * WHERE { ?s <urn:x:loadFactor> ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",                    # a variable's name
])
def test_the_words_elsewhere_are_not_refused(query):
    assert mentions_network(query)
    assert network_reason(query) is None


def test_a_request_that_mentions_service_and_cannot_be_read_is_refused():
    assert "could not be read" in network_reason("SELECT * { SERVICE <http://a/> { ?s ?p")


def test_text_without_the_words_is_not_parsed_at_all():
    # the screen is linear and cheap; a megabyte of text without the words costs little
    text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000
    started = time.perf_counter()
    assert network_reason(text) is None
    assert time.perf_counter() - started < 0.5


def test_an_update_sent_as_a_query_is_refused_for_remote_stores():
    assert update_reason("INSERT DATA { <urn:a> <urn:b> <urn:c> }") is not None
    assert update_reason("SELECT ?insert WHERE { ?insert ?p ?o }") is None


@pytest.mark.parametrize("text", ['"a\\u0000b"', '"bell\\b"', '"\\U0000001F"', '"x\x01"',
                                  '"\\\\\\f"'])
def test_control_characters_are_refused_in_updates(text):
    assert control_reason(f"INSERT DATA {{ <urn:a> <urn:b> {text} }}") is not None


@pytest.mark.parametrize("text", ['"tab\\t line\\n\\r"', '"\\u0009\\u000A\\u000D"',
                                  '"\\U00000041"', '"a\\\\b"', '"é ✓"'])
def test_tabs_line_breaks_and_other_escapes_are_not(text):
    assert control_reason(f"INSERT DATA {{ <urn:a> <urn:b> {text} }}") is None


def test_a_page_past_its_deadline_answers_503_with_retry_after(client):
    from web.endpoint import RECEIVED

    assert client.get("/companies").status_code == 200
    late = client.get("/companies", environ_base={RECEIVED: time.monotonic() - 60})
    assert late.status_code == 503
    assert int(late.headers["Retry-After"]) > 0
    assert "took longer than" in late.get_data(as_text=True)


def test_an_update_with_a_control_character_stores_nothing(client, settings):
    auth = {"Authorization": f"Bearer {settings.token}"}
    r = client.post("/sparql/update", data='INSERT DATA { GRAPH <urn:t:c> { <urn:a> <urn:b> '
                    '"x\\u0000y" } }', headers=auth, content_type="application/sparql-update")
    assert r.status_code == 400 and "control character" in r.get_data(as_text=True)
    ask = client.get("/sparql", query_string={"query": "ASK { GRAPH <urn:t:c> { ?s ?p ?o } }"})
    assert ask.json["boolean"] is False


def test_a_page_for_a_client_past_its_query_time_answers_429(client, app):
    from web.endpoint import budget_for

    assert client.get("/companies").status_code == 200
    budget_for(app).spend("127.0.0.1", 3600)  # as if it had run an hour of queries
    r = client.get("/companies")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    assert "query time" in r.get_data(as_text=True)
    other = client.get("/companies", environ_base={"REMOTE_ADDR": "127.0.0.9"})
    assert other.status_code == 200
