"""Certification registry files: the graph the certification rules read, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import XSD
from shapes_check import assert_conforms

from ontologies.iris import Minter
from ontologies.vocab import PKG, PROV, RDF, SCHEMA
from scrapers.errors import SourceError
from scrapers.evidence import read_evidence
from scrapers.registry import read_registry

FIX = Path(__file__).parent / "fixtures" / "evidence"
DEMO = Path(__file__).parents[1] / "kg" / "demo" / "certification-registry.json"
M = Minter()


def test_fixture_registry_graph() -> None:
    data = (FIX / "registry.json").read_bytes()
    r = read_evidence("evidence/registry.json", data, minter=M)
    assert r.kind == "registry"
    g = r.graph
    sealworks, privmark = M.registry(f"{r.key}-1"), M.registry(f"{r.key}-2")
    assert r.document == sealworks
    assert (sealworks, RDF.type, PKG.Registry) in g
    assert g.value(sealworks, PKG.certifier) == M.organisation("Sealworks")
    assert set(g.objects(sealworks, PKG.searchedHolder)) == {
        M.organisation("Vantor"), M.organisation("Vantor Labs")}
    assert g.value(sealworks, PKG.retrieved) == Literal("2026-11-01T00:00:00Z",
                                                        datatype=XSD.dateTime)
    cert = M.certificate(sealworks, "SW 1001")
    assert g.value(cert, PROV.wasDerivedFrom) == sealworks
    assert g.value(cert, PKG.holder) == M.organisation("Vantor")
    assert g.value(cert, PKG.covers) == M.product("Vantor Cloud")
    assert g.value(M.product("Vantor Cloud"), SCHEMA.manufacturer) == M.organisation("Vantor")
    assert g.value(cert, SCHEMA.validThrough) == Literal("2027-01-01", datatype=XSD.date)
    # a search that found nothing is still a registry: that is the evidence
    assert (privmark, PKG.searchedHolder, M.organisation("Vantor")) in g
    assert not list(g.subjects(PROV.wasDerivedFrom, privmark))
    assert_conforms(g)


def test_fixture_registry_json() -> None:
    r = read_registry((FIX / "registry.json").read_bytes(), source="registry.json", minter=M)
    out = r.to_json()
    assert [x["certifier"] for x in out["registries"]] == ["Sealworks", "Privmark"]
    assert [x["certificates"] for x in out["registries"]] == [1, 0]
    [cert] = out["certificates"]
    assert cert["id"] == "SW 1001" and cert["covers"] == ["Vantor Cloud"]
    assert cert["registry"] == out["registries"][0]["iri"]


def test_one_registry_object_gets_the_file_key() -> None:
    data = json.dumps({"registry": {"certifier": "Sealworks",
                                    "searched_holders": ["Vantor"]}}).encode()
    r = read_registry(data, source="one.json", minter=M)
    assert r.document == M.registry(r.key)


def test_demo_registry_covers_services_not_mi_browser() -> None:
    r = read_evidence(str(DEMO), DEMO.read_bytes(), minter=M)
    out = r.to_json()
    assert {x["certifier"] for x in out["registries"]} == {"BSI", "TrustArc"}
    assert all(x["searched_holders"] == ["Xiaomi"] for x in out["registries"])
    covered = {p for c in out["certificates"] for p in c["covers"]}
    assert covered and "Mi Browser" not in covered
    assert "_note" in json.loads(DEMO.read_text("utf-8"))
    assert_conforms(r.graph)


@pytest.mark.parametrize(("doc", "problem"), [
    ({"registries": "x"}, "'registries' must be a list"),
    ({"registries": []}, "'registries' is empty"),
    ({"registries": [{"searched_holders": ["A"]}]}, "registries[0]: 'certifier' is missing"),
    ({"registries": [{"certifier": "S"}]}, "give 'searched_holders'"),
    ({"registries": [{"certifier": "S", "certificates": [{"holder": "A"}]}]},
     "registries[0].certificates[0]: 'id' is missing"),
    ({"registries": [{"certifier": "S", "certificates": [
        {"id": "1", "holder": "A", "valid_from": "2020-13-01"}]}]}, "bad date"),
    ({"registries": [{"certifier": "S", "certificates": [
        {"id": "1", "holder": "A", "valid_from": "2021-01-01", "valid_until": "2020-01-01"}]}]},
     "'valid_from' is after 'valid_until'"),
    ({"registries": [{"certifier": "S", "certificates": [
        {"id": "1", "holder": "A", "certifier": "Other"}]}]}, "differs from the registry's"),
    ({"registries": [{"certifier": "S", "certificates": [
        {"id": "1", "holder": "A"}, {"id": "1", "holder": "A"}]}]}, "appears twice"),
])
def test_bad_registry_files(doc: dict, problem: str) -> None:
    with pytest.raises(SourceError) as err:
        read_evidence("certs/reg.json", json.dumps(doc).encode(), minter=M)
    assert str(err.value).startswith("reg.json") and problem in str(err.value)
