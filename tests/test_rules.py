"""Every rule has a header, a case it must match and a case it must not.

Cases are small graphs about made-up companies, built with the same code the
extractor uses (`add_statement`), plus hand-written observations and registries
in the shape of docs/model.md. A rule file without a case here fails the suite.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.check import check, recorded, run_rules
from kg.rules import load_rules
from kg.store import EmbeddedStore
from ontologies.iris import Minter
from ontologies.vocab import PKG, PROV, RDF, RDFS, SCHEMA
from scrapers.organisations import Cast
from scrapers.statement_graph import add_statement
from scrapers.types import Statement

M = Minter()
CAST = Cast(companies=["Vantor"], products={"Vantor Browser": "Vantor"}, people={},
            publisher=None, own_voice=False)


def statement(kind, aspect, polarity="positive", values=None, context=(), subject="Vantor Browser",
              claimant=None, start=0, reported=False) -> Statement:
    text = f"{kind} about {aspect} number {start}"
    return Statement(kind, aspect, polarity, text, start, start + len(text),
                     claimant=claimant or ("Vantor" if kind == "claim" else "Lab"),
                     subject=subject, context=list(context), values=values or {},
                     reported=reported)


def doc_graph(name: str, statements: list[Statement], published: str | None = None) -> Graph:
    g = Graph()
    doc = M.document(name)
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    if published:
        g.add((doc, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
    text = " ".join(s.text for s in statements)
    for st in statements:
        add_statement(g, M, doc, text, st, CAST)
    return g


def observation(**facts) -> Graph:
    """A capture of Vantor Browser with one observation (docs/model.md)."""
    g = Graph()
    cap = M.capture("cap1")
    g.add((cap, RDF.type, PKG.Capture))
    g.add((cap, PKG.vantage, Literal(facts.pop("vantage", "DE"))))
    obs = M.observation(cap, "api.example.net")
    product = M.product("Vantor Browser")
    vendor = M.organisation("Vantor")
    g.add((product, RDF.type, SCHEMA.Product))
    g.add((product, SCHEMA.name, Literal("Vantor Browser")))
    g.add((product, SCHEMA.manufacturer, vendor))
    g.add((vendor, RDF.type, SCHEMA.Organization))
    g.add((vendor, SCHEMA.name, Literal("Vantor")))
    g.add((obs, RDF.type, PKG.Observation))
    g.add((obs, PROV.wasDerivedFrom, cap))
    g.add((obs, PKG.subject, product))
    g.add((obs, PKG.host, Literal("api.example.net")))
    g.add((obs, RDFS.label, Literal("an observation")))
    for key, values in facts.items():
        for v in values if isinstance(values, list) else [values]:
            if key in ("operator", "recipient"):
                org = M.organisation(v)
                g.add((org, RDF.type, SCHEMA.Organization))
                g.add((org, SCHEMA.name, Literal(v)))
                g.add((obs, PKG[key], org))
            else:
                g.add((obs, PKG[key], Literal(v)))
    return g


def registry(certifier: str, certificates: list[dict]) -> Graph:
    g = Graph()
    reg = M.registry("reg1")
    cert_org = M.organisation(certifier)
    holder = M.organisation("Vantor")
    g.add((cert_org, RDF.type, SCHEMA.Organization))
    g.add((cert_org, SCHEMA.name, Literal(certifier)))
    g.add((reg, RDF.type, PKG.Registry))
    g.add((reg, PKG.certifier, cert_org))
    g.add((reg, PKG.searchedHolder, holder))
    for i, c in enumerate(certificates):
        cert = M.certificate(reg, f"c{i}")
        g.add((cert, RDF.type, PKG.Certificate))
        g.add((cert, PROV.wasDerivedFrom, reg))
        g.add((cert, PKG.certifier, cert_org))
        g.add((cert, PKG.holder, holder))
        g.add((cert, PKG.scope, Literal(c.get("scope", "cloud services"))))
        for product in c.get("covers", []):
            g.add((cert, PKG.covers, M.product(product)))
        if "until" in c:
            g.add((cert, SCHEMA.validThrough, Literal(c["until"], datatype=XSD.date)))
    return g


C, F = "claim", "finding"
CASES: dict[str, tuple[list[Graph], list[Graph]]] = {
    # rule id: (graphs that must match, graphs that must not)
    "data-location-mismatch": (
        [doc_graph("a", [statement(C, "data_location", values={"countries": ["DE"]})]),
         doc_graph("b", [statement(F, "data_location", values={"countries": ["SG"]}, start=50)])],
        [doc_graph("a", [statement(C, "data_location", values={"countries": ["DE"]})]),
         doc_graph("b", [statement(F, "data_location", values={"countries": ["DE"]}, start=50)])],
    ),
    "hosting-operator-mismatch": (
        [doc_graph("a", [statement(C, "data_location", values={"operators": ["Hetzner"]})]),
         observation(operator="OVHcloud", strength="data_sent")],
        [doc_graph("a", [statement(C, "data_location", values={"operators": ["Hetzner"]})]),
         observation(operator="Hetzner", strength="data_sent")],
    ),
    "encryption-weaker-than-claimed": (
        [doc_graph("a", [statement(C, "encryption", values={"state": "encrypted"})]),
         observation(payloadState="encoded_only", dataCategory="browsing_history", tls=True)],
        [doc_graph("a", [statement(C, "encryption", values={"state": "encrypted"})]),
         observation(payloadState="plain", dataCategory="browsing_history", tls=True)],
    ),
    "end-to-end-not-supported": (
        [doc_graph("a", [statement(C, "encryption", values={"state": "end_to_end"}),
                         statement(F, "encryption", "negative", {"state": "end_to_end"}, start=80)])],
        [doc_graph("a", [statement(C, "encryption", values={"state": "end_to_end"}),
                         statement(F, "encryption", values={"state": "end_to_end"}, start=80)])],
    ),
    "encryption-algorithm-mismatch": (
        [doc_graph("a", [statement(C, "encryption", values={"algorithms": ["AES-256"]}),
                         statement(F, "encryption", values={"algorithms": ["AES-128-ECB"]}, start=80)])],
        [doc_graph("a", [statement(C, "encryption", values={"algorithms": ["AES-128"]}),
                         statement(F, "encryption", values={"algorithms": ["AES-256"]}, start=80)])],
    ),
    "anonymisation-identifiable": (
        [doc_graph("a", [statement(C, "anonymisation", values={"state": "anonymised"},
                                   context=["private mode"])]),
         observation(identifier="device_id", context="private mode")],
        [doc_graph("a", [statement(C, "anonymisation", values={"state": "anonymised"},
                                   context=["private mode"]),
                         statement(F, "anonymisation", values={"state": "identifiable"},
                                   context=["signed in"], start=90)])],
    ),
    "collection-despite-denial": (
        [doc_graph("a", [statement(C, "collection", "negative", {"data": ["location"]}),
                         statement(F, "collection", values={"data": ["location"]}, start=80)])],
        [doc_graph("a", [statement(C, "collection", "negative", {"data": ["location"]},
                                   context=["discontinued"]),
                         statement(F, "collection", values={"data": ["location"]}, start=80),
                         statement(C, "collection", "negative", {"data": ["contacts"]}, start=160),
                         statement(F, "collection", values={"data": ["health"]}, start=240)])],
    ),
    "consent-not-asked": (
        [doc_graph("a", [statement(C, "consent", values={"state": "opt_in"}),
                         statement(F, "consent", values={"state": "default_on"}, start=80)])],
        [doc_graph("a", [statement(C, "consent", values={"state": "opt_in"}),
                         statement(F, "consent", values={"state": "none"}, start=80,
                                   context=["Location History off"])])],
    ),
    "purpose-not-served": (
        [doc_graph("a", [statement(C, "purpose", values={"purposes": ["program suggestions"]}),
                         statement(F, "purpose", "negative",
                                   values={"purposes": ["program suggestions"]}, start=80)])],
        # a denial of another kind of purpose ("not for security") does not meet it
        [doc_graph("a", [statement(C, "purpose", values={"purposes": ["program suggestions"]}),
                         statement(F, "purpose", "negative",
                                   values={"purposes": ["account security"]}, start=80)])],
    ),
    "opt-out-ineffective": (
        [doc_graph("a", [statement(C, "consent", values={"state": "opt_out"}),
                         statement(F, "consent", "negative", values={"state": "opt_out"},
                                   start=80)])],
        # an opt-out that works is no contradiction
        [doc_graph("a", [statement(C, "consent", values={"state": "opt_out"}),
                         statement(F, "consent", values={"state": "opt_out"}, start=80)])],
    ),
    "third-party-sharing-denied": (
        [doc_graph("a", [statement(C, "third_party_sharing", "negative")]),
         observation(thirdParty=True, strength="data_sent_to_third_party", recipient="Trackly")],
        [doc_graph("a", [statement(C, "third_party_sharing", "negative",
                                   context=["current practice"])]),
         observation(thirdParty=True, strength="data_sent_to_third_party", recipient="Trackly")],
    ),
    "purpose-beyond-claimed": (
        [doc_graph("a", [statement(C, "purpose",
                                   values={"purposes": ["keep your account secure"]})]),
         doc_graph("b", [statement(F, "purpose", values={"purposes": ["deliver tailored ads"]},
                                   start=50)])],
        # a claim that names advertising itself is not contradicted by advertising
        [doc_graph("a", [statement(C, "purpose",
                                   values={"purposes": ["security and targeted advertising"]})]),
         doc_graph("b", [statement(F, "purpose", values={"purposes": ["deliver tailored ads"]},
                                   start=50)])],
    ),
    "third-party-recipient-undisclosed": (
        [doc_graph("a", [statement(C, "data_location", values={"countries": ["DE"]})]),
         observation(thirdParty=True, strength="data_sent_to_third_party", recipient="Trackly")],
        [doc_graph("a", [statement(C, "data_location", values={"countries": ["DE"]})]),
         observation(thirdParty=True, strength="contacted", recipient="Trackly")],
    ),
    "data-location-denied": (
        [doc_graph("a", [statement(C, "data_location", "negative", {"countries": ["US"]}),
                         statement(F, "data_location", values={"countries": ["US"]}, start=80)])],
        [doc_graph("a", [statement(C, "data_location", "negative", {"countries": ["US"]}),
                         statement(F, "data_location", values={"countries": ["CA"]}, start=80)])],
    ),
    "retention-longer-than-claimed": (
        [doc_graph("a", [statement(C, "retention", values={"period": "30 days"}),
                         statement(F, "retention", values={"period": "2 years"}, start=80)]),
         doc_graph("b", [statement(C, "retention", "negative"),
                         statement(F, "retention", values={"period": "18 months"}, start=80)])],
        [doc_graph("a", [statement(C, "retention", values={"period": "2 years"}),
                         statement(F, "retention", values={"period": "6 months"}, start=80)])],
    ),
    "access-broader-than-claimed": (
        [doc_graph("a", [statement(C, "access", "negative", {"parties": ["employees"]}),
                         statement(F, "access", values={"parties": ["contractors"]}, start=80)])],
        [doc_graph("a", [statement(C, "access", values={"parties": ["employees"]}),
                         statement(F, "access", values={"parties": ["contractors"]}, start=80)])],
    ),
    "certification-disputed": (
        [doc_graph("a", [statement(C, "certification", values={"standards": ["ISO/IEC 27001"]}),
                         statement(F, "certification", "negative", start=80)])],
        [doc_graph("a", [statement(C, "certification", values={"standards": ["ISO/IEC 27001"]}),
                         statement(F, "certification", start=80)])],
    ),
    "certification-scope-excludes": (
        [doc_graph("a", [statement(C, "certification", values={"certifiers": ["Sealworks"]})]),
         registry("Sealworks", [{"covers": ["Vantor Cloud"]}])],
        [doc_graph("a", [statement(C, "certification", values={"certifiers": ["Sealworks"]})]),
         registry("Sealworks", [{"covers": ["Vantor Browser"]}])],
    ),
    "certification-not-found": (
        [doc_graph("a", [statement(C, "certification", values={"certifiers": ["Sealworks"]})]),
         registry("Sealworks", [])],
        [doc_graph("a", [statement(C, "certification", values={"certifiers": ["Sealworks"]})]),
         registry("Sealworks", [{"covers": ["Vantor Cloud"]}])],
    ),
    "certification-expired": (
        [doc_graph("a", [statement(C, "certification", values={"certifiers": ["Sealworks"]})],
                   published="2021-06-01"),
         registry("Sealworks", [{"covers": ["Vantor Browser"], "until": "2020-01-01"}])],
        [doc_graph("a", [statement(C, "certification", values={"certifiers": ["Sealworks"]})],
                   published="2021-06-01"),
         registry("Sealworks", [{"covers": ["Vantor Browser"], "until": "2022-01-01"}])],
    ),
}


def _store_with(graphs: list[Graph]) -> EmbeddedStore:
    store = EmbeddedStore(None)
    for i, g in enumerate(graphs):
        store.replace_graph(URIRef(f"urn:test:graph:{i}"), g)
    return store


RULES = {r.id: r for r in load_rules()}


def test_every_rule_has_cases():
    assert set(RULES) == set(CASES), "every rule in kg/rules needs a case here"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_header_is_readable(rule_id):
    rule = RULES[rule_id]
    assert rule.means and rule.confidence and rule.false_positives
    for line in ("# id:", "# aspect:", "# means:", "# confidence:", "# known false positives:"):
        assert line in rule.header


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_matches_its_case(rule_id):
    positive, _ = CASES[rule_id]
    found = run_rules(_store_with(positive), M, rules=(RULES[rule_id],))
    assert found, f"{rule_id} found nothing in its positive case"
    for c in found:
        assert 0 < c.confidence <= 1 and c.explanation.endswith(".")


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_ignores_its_negative_case(rule_id):
    _, negative = CASES[rule_id]
    assert run_rules(_store_with(negative), M, rules=(RULES[rule_id],)) == []


def test_scope_note_lowers_confidence_for_other_vantage():
    claim = statement(C, "data_location", values={"countries": ["DE"]}, context=["users in DE"])
    base = [doc_graph("a", [claim])]
    here = run_rules(_store_with(base + [observation(country="SG", strength="data_sent",
                                                     vantage="DE")]), M,
                     rules=(RULES["data-location-mismatch"],))
    away = run_rules(_store_with(base + [observation(country="SG", strength="data_sent",
                                                     vantage="RO")]), M,
                     rules=(RULES["data-location-mismatch"],))
    assert here[0].scope is None
    assert "Romania" in away[0].scope and away[0].confidence < here[0].confidence


def test_check_replaces_its_graph():
    positive, _ = CASES["data-location-mismatch"]
    store = _store_with(positive)
    first = check(store, M)
    second = check(store, M)
    assert [c.iri for c in first] == [c.iri for c in second]
    # (a new store's contradictions are drafts until an editor accepts them: kg/review.py)
    n = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a ?type }",
                    {"type": PKG.DraftContradiction}).rows[0][0]
    assert int(n) == len(first) and not recorded(store)


def test_repeated_claim_is_one_contradiction_with_appearances():
    """The same claim and finding in two outlets: one claim, one finding, one
    contradiction between them, both appearances of each listed."""
    from kg.check import as_json

    claim = statement(C, "data_location", values={"countries": ["DE"]})
    finding = statement(F, "data_location", values={"countries": ["SG"]}, start=50)
    store = _store_with([doc_graph("a", [claim, finding]), doc_graph("b", [claim, finding])])
    found = check(store, M)
    assert len(found) == 1  # recorded once in the graph, not once per pair of sentences
    assert "/id/claim/" in str(found[0].claim) and "/id/finding/" in str(found[0].evidence)
    data = as_json(store, found)["contradictions"]
    assert len(data) == 1
    for side in ("claim", "evidence"):
        assert {a["document"] for a in data[0][side]["appearances"]} == {
            str(M.document("a")), str(M.document("b"))}


def test_repeats_in_new_words_are_one_claim():
    """Other sentences asserting the same thing (same company, aspect, polarity, values)
    are appearances of one claim; other values are another claim."""
    said = [statement(C, "data_location", values={"countries": ["DE"]}, start=i * 60)
            for i in range(3)]
    other = statement(C, "data_location", values={"countries": ["FR"]}, start=200)
    finding = statement(F, "data_location", values={"countries": ["SG"]}, start=300)
    store = _store_with([doc_graph("a", [*said[:2], finding]), doc_graph("b", [said[2], other])])
    found = check(store, M)
    assert len({c.claim for c in found}) == 2 and len(found) == 2



def test_pseudonymous_claim_is_an_admission_not_a_promise():
    rule = (RULES["anonymisation-identifiable"],)
    claim = statement(C, "anonymisation", values={"state": "pseudonymous"})
    ident = statement(F, "anonymisation", values={"state": "identifiable"}, start=160)
    assert run_rules(_store_with([doc_graph("a", [claim, ident])]), M, rules=rule) == []


def test_not_anonymised_finding_contradicts_anonymised_claim():
    rule = (RULES["anonymisation-identifiable"],)
    claim = statement(C, "anonymisation", values={"state": "anonymised"})
    denial = statement(F, "anonymisation", "negative", {"state": "anonymised"}, start=80)
    assert run_rules(_store_with([doc_graph("a", [claim, denial])]), M, rules=rule)


@pytest.mark.parametrize("evidence_parties, expected", [
    (["contractors"], 1),   # the company's own people, as the denial names them
    (["authorities"], 0),   # the state: another kind of people than the denial's
    ([], 0),                # the evidence names nobody: it does not meet "staff cannot …"
])
def test_access_denial_about_named_people_meets_only_the_same_kind(evidence_parties, expected):
    graphs = [doc_graph("a", [
        statement(C, "access", "negative", {"parties": ["staff"]}),
        statement(F, "access", values={"parties": evidence_parties}, start=80)])]
    found = run_rules(_store_with(graphs), M, rules=(RULES["access-broader-than-claimed"],))
    assert len(found) == expected


def test_access_denial_naming_nobody_meets_any_access():
    graphs = [doc_graph("a", [statement(C, "access", "negative"),
                              statement(F, "access", values={"parties": ["authorities"]}, start=80)])]
    assert len(run_rules(_store_with(graphs), M, rules=(RULES["access-broader-than-claimed"],))) == 1


@pytest.mark.parametrize("claim_data, evidence_data, expected", [
    (["contacts"], [], 0),                 # "the app collects data" does not disprove it
    (["contacts"], ["contacts"], 1),
    (["contacts"], ["personal_data"], 1),  # personal data in general includes contacts
    ([], [], 1),                           # "we collect nothing" meets any collection
    (["personal_data"], ["location"], 1),
])
def test_collection_denial_meets_evidence_of_the_same_kind_of_data(claim_data, evidence_data,
                                                                    expected):
    graphs = [doc_graph("a", [
        statement(C, "collection", "negative", {"data": claim_data}),
        statement(F, "collection", values={"data": evidence_data}, start=80)])]
    found = run_rules(_store_with(graphs), M, rules=(RULES["collection-despite-denial"],))
    assert len(found) == expected


@pytest.mark.parametrize("state, expected", [("unencrypted", 1), ("encoded_only", 1),
                                             ("weak", 0)])
def test_end_to_end_claim_meets_content_sent_in_the_clear(state, expected):
    graphs = [doc_graph("a", [
        statement(C, "encryption", values={"state": "end_to_end"}),
        statement(F, "encryption", values={"state": state}, start=80)])]
    assert len(run_rules(_store_with(graphs), M,
                         rules=(RULES["end-to-end-not-supported"],))) == expected


@pytest.mark.parametrize("values, context, expected", [
    ({"state": "encrypted", "algorithms": ["TLS"]}, (), 1),
    ({"state": "encrypted"}, ("in transit",), 1),
    ({"state": "encrypted"}, (), 0),          # encrypted, with no sign of transport only
])
def test_end_to_end_claim_meets_transport_encryption_only(values, context, expected):
    """The branch that starts from the transport (TLS, "in transit") and looks the
    finding up: each way in must still meet the claim."""
    graphs = [doc_graph("a", [
        statement(C, "encryption", values={"state": "end_to_end"}),
        statement(F, "encryption", values=values, context=context, start=80)])]
    found = run_rules(_store_with(graphs), M, rules=(RULES["end-to-end-not-supported"],))
    assert len(found) == expected
    if expected:
        assert found[0].confidence == pytest.approx(0.6)


@pytest.mark.parametrize("evidence, expected", [
    (observation(payloadState="plain", dataCategory="browsing_history", tls=False), 1),
    (observation(payloadState="plain", tls=False), 0),   # nothing sent with it
    (observation(payloadState="encoded_only", identifier="device_id", tls=True), 1),
    (doc_graph("b", [statement(F, "encryption", values={"state": "weak"}, start=50)]), 1),
    (doc_graph("b", [statement(F, "encryption", values={"state": "encrypted"}, start=50)]), 0),
])
def test_encryption_claim_meets_each_kind_of_weaker_evidence(evidence, expected):
    """Each branch of the evidence side starts from its own values (docs/rules.md)."""
    graphs = [doc_graph("a", [statement(C, "encryption", values={"state": "encrypted"})]),
              evidence]
    found = run_rules(_store_with(graphs), M,
                      rules=(RULES["encryption-weaker-than-claimed"],))
    assert len(found) == expected


@pytest.mark.parametrize("claim_data, evidence_data, expected", [
    (["location"], ["health"], 0),   # "never share location" is not about cycle data
    (["location"], ["location"], 1),
    (["location"], [], 1),           # sharing of unnamed data still meets it
    ([], ["health"], 1),
])
def test_sharing_denial_meets_evidence_of_the_same_kind_of_data(claim_data, evidence_data,
                                                                 expected):
    graphs = [doc_graph("a", [
        statement(C, "third_party_sharing", "negative", {"data": claim_data}),
        statement(F, "third_party_sharing", values={"data": evidence_data,
                                                     "recipients": ["Adnexa"]}, start=80)])]
    assert len(run_rules(_store_with(graphs), M,
                         rules=(RULES["third-party-sharing-denied"],))) == expected


@pytest.mark.parametrize("evidence_recipients, expected", [
    (["Adlytic"], 1),          # a recipient the limited claim does not name
    (["Paynet"], 0),           # the recipient the claim itself names
    ([], 0),                   # sharing with nobody named does not disprove "only with"
])
def test_limited_sharing_meets_only_recipients_it_does_not_name(evidence_recipients, expected):
    store = _store_with([
        doc_graph("a", [statement(C, "third_party_sharing",
                                  values={"state": "restricted", "recipients": ["Paynet"]})]),
        doc_graph("b", [statement(F, "third_party_sharing", start=50,
                                  values={"recipients": evidence_recipients})])])
    found = [c for c in run_rules(store, M) if c.rule == "third-party-sharing-denied"]
    assert len(found) == expected
    assert all(abs(c.confidence - 0.6) < 1e-9 for c in found)


def test_a_vague_limit_meets_any_sharing():
    store = _store_with([
        doc_graph("a", [statement(C, "third_party_sharing", values={"state": "restricted"})]),
        doc_graph("b", [statement(F, "third_party_sharing", start=50, values={})])])
    assert [c for c in run_rules(store, M) if c.rule == "third-party-sharing-denied"]


def test_a_denial_of_advertising_meets_advertising():
    store = _store_with([
        doc_graph("a", [statement(C, "purpose", "negative",
                                  values={"purposes": ["advertising purposes"]})]),
        doc_graph("b", [statement(F, "purpose", values={"purposes": ["targeted advertising"]},
                                  start=50)])])
    found = [c for c in run_rules(store, M) if c.rule == "purpose-beyond-claimed"]
    assert len(found) == 1 and "not used for advertising" in found[0].explanation


def test_rules_run_side_by_side_give_the_same_answer():
    """run_rules runs rules on several threads; the merged answer must not depend on the
    order they finish in."""
    graphs = [g for positive, _ in CASES.values() for g in positive]
    store = _store_with(graphs)
    one = run_rules(store, M, workers=1)
    assert len({c.rule for c in one}) > len(CASES) // 2  # the cases meet each other too
    for _ in range(3):
        assert run_rules(store, M, workers=4) == one


@pytest.mark.parametrize("claim_for, evidence_for, expected", [
    ("sale", None, 0),      # "we never sell your data" is not disproved by sharing it
    ("sale", "sale", 1),    # … but by a sale
    (None, None, 1),        # "we never share it" is disproved by sharing
    (None, "sale", 1),
    ("advertising", None, 0),  # "never shared it with advertisers" vs sharing with vendors
    ("advertising", "advertising", 1),
])
def test_a_denial_of_selling_meets_only_a_sale(claim_for, evidence_for, expected):
    claim = {"purpose_kinds": [claim_for]} if claim_for else {}
    evidence = {"recipients": ["Adnexa"],
                **({"purpose_kinds": [evidence_for]} if evidence_for else {})}
    graphs = [doc_graph("a", [statement(C, "third_party_sharing", "negative", claim),
                              statement(F, "third_party_sharing", values=evidence, start=80)])]
    assert len(run_rules(_store_with(graphs), M,
                         rules=(RULES["third-party-sharing-denied"],))) == expected


def test_a_denial_of_selling_meets_data_going_to_advertisers():
    graphs = [doc_graph("a", [
        statement(C, "third_party_sharing", "negative", {"purpose_kinds": ["sale"]}),
        statement(F, "third_party_sharing", values={"purpose_kinds": ["advertising"]},
                  start=80)])]
    assert len(run_rules(_store_with(graphs), M,
                         rules=(RULES["third-party-sharing-denied"],))) == 1


def test_a_planned_change_is_not_contradicted_by_what_was_found_before():
    graphs = [doc_graph("a", [
        statement(C, "encryption", values={"state": "encrypted"}, context=["planned"]),
        statement(F, "encryption", values={"state": "unencrypted"}, start=80)])]
    assert not run_rules(_store_with(graphs), M,
                         rules=(RULES["encryption-weaker-than-claimed"],))
