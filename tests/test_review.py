"""Editorial review: an editor's acceptance or rejection of a contradiction is recorded
as a PROV-O activity, holds through every later check, changes what the pages, the
exports and ClaimReview publish, and can be withdrawn."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg.check import check, recorded
from kg.cli import cli
from kg.demo import build_demo
from kg.editorial import record, remove_sources
from kg.exports import claim_reviews
from kg.review import ReviewError, actions, review_list, set_publish_mode
from kg.settings import Settings
from kg.store import EmbeddedStore
from ontologies.vocab import PKG, PROV, RDF, SCHEMA
from web import create_app

WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


@pytest.fixture
def demo():
    store, settings = EmbeddedStore(None), Settings()
    build_demo(store, settings.minter)
    yield store, settings
    store.close()


def _published(store) -> set[URIRef]:
    return {c.iri for c in recorded(store)}


def _verdict(store, claim: URIRef) -> URIRef | None:
    rows = store.query(f"SELECT ?v WHERE {{ <{claim}> <{PKG.verdict}> ?v }}").rows
    return rows[0][0] if rows else None


def test_a_rejection_is_a_prov_activity_and_takes_the_contradiction_off_every_page(demo):
    store, settings = demo
    m = settings.minter
    target = recorded(store)[0]
    client = create_app(settings, store).test_client()
    path = "/id/" + m.path_of(str(target.iri))
    assert client.get(path).status_code == 200
    before = len(_published(store))

    [act] = record(store, m, "reject", [target.iri], by="Dana Ruiz",
                   reason="the capture is of another build", now=WHEN)

    assert target.iri not in _published(store) and len(_published(store)) == before - 1
    q = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{m.editorial_graph}> {{ <{act}> ?p ?o }} }}")
    facts = {(p, o) for p, o in q.rows}
    assert (RDF.type, PROV.Activity) in facts and (RDF.type, PKG.Rejection) in facts
    assert (PKG.reviewOf, target.iri) in facts
    assert any(p == PROV.endedAtTime and str(o).startswith("2026-11-30T09:15") for p, o in facts)
    agent = next(o for p, o in facts if p == PROV.wasAssociatedWith)
    assert str(store.query(f"SELECT ?n WHERE {{ <{agent}> <{SCHEMA.name}> ?n }}").rows[0][0]) \
        == "Dana Ruiz"
    # the pages, the list of contradictions and ClaimReview no longer show it
    assert client.get(path).status_code == 404
    assert m.path_of(str(target.iri)) not in client.get("/contradictions").get_data(as_text=True)


def test_a_rejection_holds_through_the_next_check_and_a_withdrawal_undoes_it(demo):
    store, settings = demo
    m = settings.minter
    target = recorded(store)[0].iri
    [act] = record(store, m, "reject", [target], by="Dana Ruiz", reason="another product")
    found = check(store, m)   # the rules find it again ...
    assert target not in {c.iri for c in found} and target not in _published(store)
    [status] = [i for i in review_list(store, m) if i["iri"] == str(target)]
    assert status["status"] == "rejected" and status["reason"] == "another product"

    record(store, m, "withdraw", [act], by="Dana Ruiz", reason="rejected by mistake")
    assert target in _published(store)
    assert [a.kind for a in actions(store, m)] == ["reject", "withdraw"]  # both kept


def test_rejecting_every_contradiction_of_a_claim_changes_its_verdict(demo):
    store, settings = demo
    m = settings.minter
    claim = recorded(store)[0].claim
    against = [c.iri for c in recorded(store) if c.claim == claim]
    assert _verdict(store, claim) in (PKG.Contradicted, PKG.Disputed)
    assert str(claim) in {r["url"] for r in claim_reviews(store, settings)}
    record(store, m, "reject", against, by="Dana Ruiz", reason="not this claim")
    assert _verdict(store, claim) not in (PKG.Contradicted, PKG.Disputed)
    assert str(claim) not in {r["url"] for r in claim_reviews(store, settings)}


def test_publishing_accepted_only_keeps_the_rest_as_drafts_and_dates_claimreview(demo):
    store, settings = demo
    m = settings.minter
    everything = recorded(store)
    set_publish_mode(store, m, "accepted")
    assert _published(store) == set() and claim_reviews(store, settings) == []
    # a claim whose contradictions wait for an editor is pending, never "consistent"
    claims = {c.claim for c in everything}
    assert {str(_verdict(store, c)) for c in claims} == {str(PKG.Pending)}
    client = create_app(settings, store).test_client()
    page = client.get("/id/" + m.path_of(str(everything[0].claim)))
    assert "waiting for an editor" in page.get_data(as_text=True)

    chosen = everything[0]
    record(store, m, "accept", [chosen.iri], by="Dana Ruiz", now=WHEN)
    assert _published(store) == {chosen.iri}
    [review] = claim_reviews(store, settings)
    assert review["datePublished"] == "2026-11-30"   # the day it was accepted, not today
    check(store, m)
    assert _published(store) == {chosen.iri}
    assert claim_reviews(store, settings)[0]["datePublished"] == "2026-11-30"

    set_publish_mode(store, m, "all")
    assert len(_published(store)) == len(everything)


@pytest.mark.parametrize("kind, targets, by, reason, problem", [
    ("reject", "known", "Dana Ruiz", None, "needs a reason"),
    ("accept", "known", " ", None, "--by"),
    ("accept", "unknown", "Dana Ruiz", None, "not a recorded contradiction"),
    ("withdraw", "known", "Dana Ruiz", None, "not an editorial action"),
])
def test_a_wrong_action_says_why_and_records_nothing(demo, kind, targets, by, reason, problem):
    store, settings = demo
    m = settings.minter
    known = [recorded(store)[0].iri]
    iris = known if targets == "known" else known + [m.iri("contradiction/nothing/0")]
    with pytest.raises(ReviewError, match=problem):
        record(store, m, kind, iris, by=by, reason=reason)
    assert actions(store, m) == []


def test_the_cli_records_lists_and_refuses_in_one_line(tmp_path):
    runner = CliRunner()
    store_dir = str(tmp_path / "s")
    assert runner.invoke(cli, ["--store", store_dir, "demo"]).exit_code == 0
    listed = runner.invoke(cli, ["--store", store_dir, "review", "list", "--format", "json"])
    items = json.loads(listed.stdout)["contradictions"]
    assert items and {i["status"] for i in items} == {"unreviewed"}
    iri = items[0]["iri"]
    short = iri.split("/id/", 1)[1]     # the path after /id/ is enough
    r = runner.invoke(cli, ["--store", store_dir, "review", "reject", short, "--by", "Dana Ruiz",
                            "--reason", "another build"])
    assert r.exit_code == 0, r.output
    act = r.stdout.strip()
    assert act.startswith("https://w3id.org/privacykg/id/review/")
    rejected = runner.invoke(cli, ["--store", store_dir, "review", "list", "--status",
                                   "rejected", "--format", "json"])
    assert [i["iri"] for i in json.loads(rejected.stdout)["contradictions"]] == [iri]
    checked = runner.invoke(cli, ["--store", store_dir, "check", "--format", "json"])
    assert iri not in checked.stdout
    bad = runner.invoke(cli, ["--store", store_dir, "review", "accept", "contradiction/x/0",
                              "--by", "Dana Ruiz"])
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "not a recorded contradiction" in bad.stderr
    r = runner.invoke(cli, ["--store", store_dir, "review", "withdraw", act, "--by", "Dana Ruiz"])
    assert r.exit_code == 0
    assert iri in runner.invoke(cli, ["--store", store_dir, "check", "--format", "json"]).stdout


def test_the_incremental_check_keeps_what_the_editors_decided(tmp_path):
    runner = CliRunner()
    store_dir = str(tmp_path / "s")
    assert runner.invoke(cli, ["--store", store_dir, "demo"]).exit_code == 0
    items = json.loads(runner.invoke(cli, ["--store", store_dir, "review", "list", "--format",
                                           "json"]).stdout)["contradictions"]
    iri = items[0]["iri"]
    assert runner.invoke(cli, ["--store", store_dir, "review", "reject", iri, "--by", "Ed",
                               "--reason", "wrong product"]).exit_code == 0
    note = tmp_path / "note.txt"
    note.write_text("Xiaomi repeats its assurance on browsing data\n\nA Xiaomi spokesperson "
                    "told reporters on Monday that all data of Indian users is stored on "
                    "servers located in India.\n", encoding="utf-8")
    r = runner.invoke(cli, ["--store", store_dir, "ingest", str(note), "--publisher",
                            "Ledger Wire", "--published", "2020-06-01", "--check"])
    assert r.exit_code == 0 and "incremental check" in r.stderr, r.output
    store = EmbeddedStore(store_dir)
    published = {str(c.iri) for c in recorded(store)}
    store.close()
    assert iri not in published and published >= {i["iri"] for i in items} - {iri}


def _sources(store) -> set:
    return {r[0] for r in store.query(
        "SELECT ?d WHERE { ?d a <https://schema.org/NewsArticle> }").rows}


def _claims(store, m) -> int:
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{m.claims_graph}> "
                           f"{{ ?c a <{PKG.CompanyClaim}> }} }}").rows[0][0])


def test_removing_a_source_takes_what_came_from_it_and_a_withdrawal_puts_it_back(demo):
    store, settings = demo
    m = settings.minter
    before = _published(store)
    claims_before = _claims(store, m)
    # the source of the first contradiction's claim
    doc = store.query(f"""SELECT ?d WHERE {{ <{recorded(store)[0].claim}>
        <{SCHEMA.appearance}>/<{PROV.wasDerivedFrom}> ?d }} LIMIT 1""").rows[0][0]
    resting_on_it = recorded_claims_of(store, doc)
    assert resting_on_it
    graphs_before = set(store.graph_names())

    [act] = remove_sources(store, m, [m.path_of(str(doc))], by="Dana Ruiz",
                           reason="the outlet retracted it")
    assert doc not in _sources(store)
    assert not resting_on_it & _published(store)  # its contradictions went with it
    assert _claims(store, m) < claims_before       # and the claims only it made
    [removal] = [a for a in actions(store, m) if a.kind == "remove"]
    assert removal.target == doc and removal.reason == "the outlet retracted it"

    record(store, m, "withdraw", [act], by="Dana Ruiz", reason="retraction was withdrawn")
    assert doc in _sources(store)
    assert set(store.graph_names()) == graphs_before | {m.editorial_graph}
    assert _published(store) == before and _claims(store, m) == claims_before


def recorded_claims_of(store, doc) -> set:
    """The published contradictions whose claim appears only in `doc`."""
    rows = store.query(f"""SELECT ?c WHERE {{ ?c a <{PKG.Contradiction}> ; <{PKG.claim}> ?k .
        ?k <{SCHEMA.appearance}>/<{PROV.wasDerivedFrom}> <{doc}> }}""").rows
    return {r[0] for r in rows}


@pytest.mark.parametrize("source, problem", [
    ("doc/nothing-here", "not a stored source"),
    ("https://nowhere.example/x", "not a stored source"),
    ("doc/a b", "not an IRI"),
])
def test_removing_an_unknown_source_says_so_and_changes_nothing(demo, source, problem):
    store, settings = demo
    quads = len(store.quads())
    with pytest.raises(ReviewError, match=problem):
        remove_sources(store, settings.minter, [source], by="Ed", reason="r")
    assert len(store.quads()) == quads


def test_the_cli_removes_a_source_by_its_address_and_refuses_an_unknown_one(tmp_path):
    runner = CliRunner()
    store_dir = str(tmp_path / "s")
    assert runner.invoke(cli, ["--store", store_dir, "demo"]).exit_code == 0
    store = EmbeddedStore(store_dir)
    url = str(store.query("SELECT ?u WHERE { ?d a <https://schema.org/NewsArticle> ; "
                          "<https://schema.org/url> ?u } ORDER BY ?u LIMIT 1").rows[0][0])
    store.close()
    bad = runner.invoke(cli, ["--store", store_dir, "review", "remove", "https://nowhere.example/",
                              "--by", "Ed", "--reason", "retracted"])
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1
    r = runner.invoke(cli, ["--store", store_dir, "review", "remove", url, "--by", "Ed",
                            "--reason", "retracted"])
    assert r.exit_code == 0, r.output
    assert "removed by Ed" in r.stderr
    store = EmbeddedStore(store_dir)
    assert not store.query(f"ASK {{ ?d <https://schema.org/url> <{url}> }}").boolean
    store.close()


# --- one company under two names, or two under one --------------------------------------

_STATEMENT = ("Korvo statement on user data\n\nKorvo said on Monday: \"All data of our users "
              "is stored on servers in Germany.\"\n")


def _names_case(tmp_path, vendor: str) -> tuple[CliRunner, str]:
    """A company's claim (Korvo: data stays in Germany) and a lab's finding about `vendor`
    (its data goes to Singapore), checked."""
    (tmp_path / "statement.txt").write_text(_STATEMENT)
    (tmp_path / "findings.json").write_text(json.dumps({
        "title": "Where a camera app sends its data", "publisher": "Example Lab",
        "url": "https://lab.example/report", "published": "2026-10-02",
        "findings": [{"aspect": "data_location", "vendor": vendor,
                      "values": {"countries": ["SG"]},
                      "description": "The app's uploads go to servers in Singapore."}]}))
    runner, store_dir = CliRunner(), str(tmp_path / "s")
    for args in (["ingest", str(tmp_path / "statement.txt"), "--publisher", "Korvo",
                  "--published", "2026-10-01", "--url", "https://korvo.example/statement"],
                 ["evidence", str(tmp_path / "findings.json")], ["check"]):
        r = runner.invoke(cli, ["--store", store_dir, *args])
        assert r.exit_code == 0, r.output
    return runner, store_dir


def _contradiction_count(runner, store_dir) -> int:
    r = runner.invoke(cli, ["--store", store_dir, "check", "--format", "json"])
    return len(json.loads(r.stdout)["contradictions"])


def test_merging_two_names_checks_one_against_the_other_and_a_withdrawal_undoes_it(tmp_path):
    runner, store_dir = _names_case(tmp_path, "Vantrel")
    assert _contradiction_count(runner, store_dir) == 0   # two companies, as far as it knows
    r = runner.invoke(cli, ["--store", store_dir, "review", "merge", "vantrel", "Korvo",
                            "--by", "Dana Ruiz", "--reason", "Vantrel is Korvo's camera brand"])
    assert r.exit_code == 0, r.output
    act = r.stdout.strip()
    assert "one company" in r.stderr
    assert _contradiction_count(runner, store_dir) == 1
    store = EmbeddedStore(store_dir)
    m = Settings().minter
    facts = set(store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{m.editorial_graph}> {{ <{act}> ?p ?o "
                            "} }").rows)
    store.close()
    assert (RDF.type, PKG.Merge) in facts and (RDF.type, PROV.Activity) in facts
    assert (PKG.reviewOf, m.iri("org/vantrel")) in facts
    assert (PKG.sameCompanyAs, m.iri("org/korvo")) in facts
    r = runner.invoke(cli, ["--store", store_dir, "review", "withdraw", act, "--by", "Dana Ruiz"])
    assert r.exit_code == 0, r.output
    assert _contradiction_count(runner, store_dir) == 0


def test_splitting_names_the_name_rules_tied_stops_pairing_them(tmp_path):
    # "Korvo Systems" is Korvo under the name rules (kg/groups.py): paired at first
    runner, store_dir = _names_case(tmp_path, "Korvo Systems")
    assert _contradiction_count(runner, store_dir) == 1
    no_reason = runner.invoke(cli, ["--store", store_dir, "review", "split", "Korvo",
                                    "Korvo Systems", "--by", "Dana Ruiz"])
    assert no_reason.exit_code == 2
    r = runner.invoke(cli, ["--store", store_dir, "review", "split", "Korvo", "org/korvo-systems",
                            "--by", "Dana Ruiz", "--reason", "an unrelated firm of that name"])
    assert r.exit_code == 0, r.output
    assert _contradiction_count(runner, store_dir) == 0
    # and the incremental check after a new article keeps the split (it checks in full)
    (tmp_path / "again.txt").write_text(_STATEMENT.replace("Monday", "Tuesday"))
    r = runner.invoke(cli, ["--store", store_dir, "ingest", str(tmp_path / "again.txt"),
                            "--publisher", "Korvo", "--check"])
    assert r.exit_code == 0, r.output
    assert _contradiction_count(runner, store_dir) == 0


def test_names_that_are_no_organisation_or_the_same_one_are_refused_in_one_line(tmp_path):
    runner, store_dir = _names_case(tmp_path, "Vantrel")
    for args, says in ((["Nobody Ltd", "Korvo"], "no organisation of that name"),
                       (["Korvo", "org/korvo"], "the same organisation twice"),
                       (["https://w3id.org/privacykg/id/org/none", "Korvo"],
                        "not an organisation")):
        r = runner.invoke(cli, ["--store", store_dir, "review", "merge", *args, "--by", "Ed"])
        assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r.output
        assert says in r.stderr


# --- corrections of what the extractor read ---------------------------------------------


def _statement(runner, store_dir, kind: str) -> str:
    r = runner.invoke(cli, ["--store", store_dir, "query", f"SELECT ?s WHERE {{ ?s a pkg:{kind} }}",
                            "--format", "csv"])
    return r.stdout.strip().splitlines()[-1]


def _review(runner, store_dir, *args):
    return runner.invoke(cli, ["--store", store_dir, "review", *args])


def test_a_correction_changes_the_statement_and_the_check_and_withdrawing_it_puts_it_back(
        tmp_path):
    runner, store_dir = _names_case(tmp_path, "Korvo")   # the finding is about Korvo itself
    assert _contradiction_count(runner, store_dir) == 1
    finding = _statement(runner, store_dir, "Finding")
    r = _review(runner, store_dir, "correct", finding, "countries", "de", "--by", "Dana Ruiz",
                "--reason", "the report says Germany")
    assert r.exit_code == 0, r.output
    first = r.stdout.strip()
    assert _contradiction_count(runner, store_dir) == 0
    shown = json.loads(runner.invoke(cli, ["--store", store_dir, "check", "--format",
                                           "json"]).stdout)
    assert shown["contradictions"] == []
    store = EmbeddedStore(store_dir)
    m = Settings().minter
    countries = {str(o) for (o,) in store.query(
        f"SELECT ?o WHERE {{ GRAPH ?g {{ <{finding}> <{PKG.country}> ?o }} }}").rows}
    facts = set(store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{m.editorial_graph}> {{ <{first}> "
                            "?p ?o } }").rows)
    # its finding is the one its new values key (kg/claims.py): one, with this sentence
    groups = store.query(f"SELECT ?c WHERE {{ ?c <{SCHEMA.appearance}> <{finding}> }}").rows
    store.close()
    assert countries == {"DE"} and len(groups) == 1
    assert (RDF.type, PKG.Correction) in facts and (PKG.reviewOf, URIRef(finding)) in facts
    assert any(p == PKG.correctedField and str(o) == "countries" for p, o in facts)

    r = _review(runner, store_dir, "correct", finding, "countries", "DE,SG", "--by", "Dana Ruiz",
                "--reason", "the report names both")
    second = r.stdout.strip()
    assert _contradiction_count(runner, store_dir) == 1
    # the earlier one cannot go first: its old value would undo the later correction
    refused = _review(runner, store_dir, "withdraw", first, "--by", "Dana Ruiz")
    assert refused.exit_code == 2 and "withdraw that one first" in refused.stderr
    assert _review(runner, store_dir, "withdraw", second, "--by", "Dana Ruiz").exit_code == 0
    assert _contradiction_count(runner, store_dir) == 0
    assert _review(runner, store_dir, "withdraw", first, "--by", "Dana Ruiz").exit_code == 0
    assert _contradiction_count(runner, store_dir) == 1   # as the extractor read it


def test_kind_polarity_subject_and_speaker_corrections_and_bad_values(tmp_path):
    runner, store_dir = _names_case(tmp_path, "Korvo")
    claim = _statement(runner, store_dir, "Claim")
    by = ["--by", "Dana Ruiz", "--reason", "read wrongly"]
    # the claim is about another company: no evidence about it, nothing contradicted
    r = _review(runner, store_dir, "correct", claim, "subject", "Vantrel", *by)
    assert r.exit_code == 2 and "no organisation or product of that name" in r.stderr
    r = _review(runner, store_dir, "correct", claim, "speaker", "Mara Voss", *by)
    assert r.exit_code == 0, r.output
    checked = json.loads(runner.invoke(cli, ["--store", store_dir, "check", "--format",
                                             "json"]).stdout)["contradictions"]
    assert checked and checked[0]["claim"]["speaker"] == "Mara Voss"
    r = _review(runner, store_dir, "correct", claim, "kind", "finding", *by)
    assert r.exit_code == 0, r.output
    assert _contradiction_count(runner, store_dir) == 0    # two findings contradict nothing
    assert _statement(runner, store_dir, "Claim") == "s"   # the header: no claim is left
    for field, value, says in (("polarity", "maybe", "'positive' or 'negative'"),
                               ("countries", "Germany", "two-letter codes"),
                               ("colour", "red", "not a field to correct"),
                               ("kind", "finding", "is that already")):
        r = _review(runner, store_dir, "correct", claim, field, value, *by)
        assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r.output
        assert says in r.stderr
    r = _review(runner, store_dir, "correct", "doc/none/statement/1", "polarity", "negative", *by)
    assert r.exit_code == 2 and "not a claim or finding" in r.stderr
    r = _review(runner, store_dir, "correct", claim, "polarity", "negative", "--by", "Dana Ruiz")
    assert r.exit_code == 2   # --reason is required


def test_a_new_store_keeps_what_the_rules_found_as_drafts_until_an_editor_accepts(tmp_path):
    runner, store_dir = _names_case(tmp_path, "Korvo")
    text = runner.invoke(cli, ["--store", store_dir, "check"]).stdout
    assert "[pending]" in text and "1 of them wait for an editor" in text
    [item] = json.loads(runner.invoke(cli, ["--store", store_dir, "check", "--format",
                                            "json"]).stdout)["contradictions"]
    export = runner.invoke(cli, ["--store", store_dir, "export", "--format", "claimreview"])
    assert json.loads(export.stdout) == []        # nothing is published yet
    listed = json.loads(runner.invoke(cli, ["--store", store_dir, "review", "list", "--format",
                                            "json"]).stdout)
    assert listed["publish"] == "accepted"
    [draft] = listed["contradictions"]
    assert draft["status"] == "unreviewed" and not draft["published"]
    r = runner.invoke(cli, ["--store", store_dir, "review", "accept", draft["iri"], "--by", "Ed"])
    assert r.exit_code == 0, r.output
    export = runner.invoke(cli, ["--store", store_dir, "export", "--format", "claimreview"])
    assert len(json.loads(export.stdout)) == 1
    assert "[contradicted]" in runner.invoke(cli, ["--store", store_dir, "check"]).stdout
    # the demo's own store publishes everything at once
    demo_dir = str(tmp_path / "demo")
    assert runner.invoke(cli, ["--store", demo_dir, "demo"]).exit_code == 0
    assert json.loads(runner.invoke(cli, ["--store", demo_dir, "review", "list", "--format",
                                          "json"]).stdout)["publish"] == "all"
