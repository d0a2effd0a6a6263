"""The data behind the browsing pages: contradictions with their filters, claims,
companies, products, certificates, certifiers and hosts, each read with a named query
of `kg/queries/browse_*.rq`, and every list exportable as CSV or JSON.

Rows are plain `{name: str}` dicts: templates show them and exports write them as
they are, so what a person sees and what a program downloads never differ.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from flask import Response
from rdflib import Literal, URIRef

from kg.check import as_json, recorded
from kg.queries import load_query
from kg.store import Store, Term
from ontologies.vocab import aspect_name, polarity_name

__all__ = ["Filters", "rows", "contradictions", "countries_of", "filter_options",
           "statements", "claims", "by_claim_iri", "companies", "products", "certificates",
           "certifiers", "observations", "hosts", "search", "export_response"]


def _text(term: Term | None) -> str:
    return "" if term is None else str(term)


def rows(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> list[dict]:
    """The rows of the named query, every value as its text ("" when unbound)."""
    result = store.query(load_query(name), bindings or None)
    return [{v: _text(t) for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows]


# --- contradictions and their filters --------------------------------------------

def contradictions(store: Store, merge: bool = True) -> list[dict]:
    """Every recorded contradiction as `check --format json` objects (CONTRACT.md), each
    claim with how many sentences said it (`appearance_count`) rather than all of them:
    a list of a newsroom's store would otherwise carry every sentence of every claim."""
    return as_json(store, recorded(store), merge=merge, every_appearance=False)["contradictions"]


def countries_of(item: dict) -> set[str]:
    """Every country either side of a contradiction names (claimed or observed)."""
    out: set[str] = set()
    for side in (item["claim"], item["evidence"]):
        out.update(side.get("countries") or [])
        out.update((side.get("values") or {}).get("countries") or [])
    return out


def _documents_of(item: dict) -> set[str]:
    return {d for side in (item["claim"], item["evidence"])
            if (d := (side.get("source") or {}).get("document"))}


@dataclass(frozen=True)
class Filters:
    """What the contradictions list is narrowed to, read from the query string (a plain
    GET form, so filtering works without JavaScript and every view has a URL)."""

    company: str = ""
    aspect: str = ""
    country: str = ""
    source: str = ""
    since: str = ""   # YYYY-MM-DD, on the date of the claim's source
    until: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        return cls(**{f.name: (args.get(f.name) or "").strip()[:200] for f in fields(cls)})

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def params(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def keep(self, item: dict) -> bool:
        claim = item["claim"]
        published = (claim.get("source") or {}).get("published") or ""
        return ((not self.company or claim.get("claimant") == self.company)
                and (not self.aspect or item["aspect"] == self.aspect)
                and (not self.country or self.country.upper() in countries_of(item))
                and (not self.source or self.source in _documents_of(item))
                and (not self.since or (published and published[:10] >= self.since))
                and (not self.until or (published and published[:10] <= self.until)))

    def apply(self, items: Iterable[dict]) -> list[dict]:
        return [i for i in items if self.keep(i)]


def filter_options(store: Store, items: list[dict]) -> dict[str, list]:
    """The choices the filter form offers: only values that some contradiction has."""
    docs: dict[str, str] = {}
    for r in rows(store, "sources"):
        docs[r["doc"]] = r["title"] or r["file"] or r["url"] or r["doc"]
    used = set().union(*(_documents_of(i) for i in items)) if items else set()
    return {
        "company": sorted({c for i in items if (c := i["claim"].get("claimant"))}),
        "aspect": sorted({i["aspect"] for i in items}),
        "country": sorted(set().union(*(countries_of(i) for i in items))) if items else [],
        "source": sorted(((d, docs.get(d, d)) for d in used), key=lambda p: p[1].lower()),
    }


# --- statements ------------------------------------------------------------------

def statements(store: Store) -> list[dict]:
    """Every claim and finding, newest source first, with readable aspect and kind."""
    out = []
    for r in rows(store, "browse_statements"):
        r["kind"] = "claim" if r["kind"].endswith("Claim") else "finding"
        r["aspect"] = aspect_name(URIRef(r["aspect"])) if r["aspect"] else ""
        r["polarity"] = polarity_name(URIRef(r["polarity"])) if r["polarity"] else ""
        out.append(r)
    return _unique(out, "s", "aspect")


def claims(store: Store) -> list[dict]:
    """Every claim and outside finding (kg/claims.py), most recently said first: one row
    each, however many sentences said it."""
    from kg.verdicts import VERDICTS

    out = []
    for r in rows(store, "browse_claims"):
        r["kind"] = "claim" if r["kind"].endswith("CompanyClaim") else "finding"
        r["aspect"] = aspect_name(URIRef(r["aspect"])) if r["aspect"] else ""
        r["polarity"] = polarity_name(URIRef(r["polarity"])) if r["polarity"] else ""
        r["verdict"] = VERDICTS.get(URIRef(r["verdict"]), "") if r["verdict"] else ""
        r["appearances"] = int(r["appearances"] or 0)
        r["against"] = int(r["against"] or 0)
        out.append(r)
    return _unique(out, "c")


def by_claim_iri(items: list[dict]) -> dict[str, list[dict]]:
    """Contradictions (unmerged) under the IRI of the claim they contradict, and under
    each sentence that said it (the pages that list sentences show their claim's)."""
    out: dict[str, list[dict]] = {}
    for c in items:
        claim = c["claim"]
        keys = {claim["iri"], claim.get("first_appearance"),
                *(a["iri"] for a in claim.get("appearances") or [])}
        for k in keys - {None}:
            out.setdefault(k, []).append(c)
    return out


def _unique(items: list[dict], *key: str) -> list[dict]:
    """Rows once each (a repeated entity triple can repeat a row)."""
    seen, out = set(), []
    for r in items:
        k = tuple(r.get(x) for x in key)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


# --- companies, products, certificates, hosts -----------------------------------

def companies(store: Store) -> list[dict]:
    return rows(store, "browse_companies")


def products(store: Store) -> list[dict]:
    return rows(store, "browse_products")


def certificates(store: Store) -> list[dict]:
    """Every certificate once, with the products it covers joined."""
    out: dict[str, dict] = {}
    for r in rows(store, "browse_certificates"):
        cert = out.setdefault(r["cert"], {**r, "covers": [], "products": []})
        if r["covers"] and r["covers"] not in cert["products"]:
            cert["products"].append(r["covers"])
            cert["covers"].append(r["coversName"] or r["covers"])
    for c in out.values():
        c["covers"] = ", ".join(sorted(c["covers"]))
        c.pop("coversName", None)
    return list(out.values())


def certifiers(store: Store) -> list[dict]:
    return rows(store, "browse_certifiers")


def observations(store: Store, host: str | None = None) -> list[dict]:
    """What captures saw, one entry per observation (its IP addresses joined)."""
    bindings = {"host": Literal(host)} if host is not None else None
    out: dict[str, dict] = {}
    for r in rows(store, "browse_observations", bindings):
        obs = out.setdefault(r["obs"], {**r, "ips": []})
        if r["ip"] and r["ip"] not in obs["ips"]:
            obs["ips"].append(r["ip"])
    for o in out.values():
        o["ip"] = ", ".join(sorted(o.pop("ips")))
    return list(out.values())


def hosts(store: Store) -> list[dict]:
    """Hosts that captures saw, with their countries, operators and products."""
    out: dict[str, dict] = {}
    for o in observations(store):
        h = out.setdefault(o["host"], {"host": o["host"], "countries": set(),
                                       "operators": set(), "products": set(),
                                       "observations": 0, "strength": set()})
        h["observations"] += 1
        for key, value in (("countries", o["country"]), ("operators", o["operatorName"]),
                           ("products", o["subjectName"]), ("strength", o["strength"])):
            if value:
                h[key].add(value.replace("_", " ") if key == "strength" else value)
    return [{k: ", ".join(sorted(v)) if isinstance(v, set) else v for k, v in h.items()}
            for h in sorted(out.values(), key=lambda h: h["host"])]


def search(store: Store, q: str) -> list[dict]:
    """Statements and observations whose text holds `q` (case-insensitive)."""
    out = []
    for r in rows(store, "browse_search", {"q": Literal(q)}):
        r["kind"] = r["kind"].rsplit("#", 1)[-1].lower()
        r["aspect"] = aspect_name(URIRef(r["aspect"])) if r["aspect"] else ""
        out.append(r)
    return _unique(out, "s", "aspect")


SEARCH_LIMIT = 500  # rows browse_search.rq returns at most (its LIMIT)


# --- exports ---------------------------------------------------------------------

EXPORT_FORMATS = ("csv", "json")


def export_response(items: list[dict], columns: list[str], name: str, fmt: str) -> Response:
    """A list as a CSV (RFC 4180, the given columns) or JSON ({name: [rows]}) download."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(columns)
        for item in items:
            writer.writerow([_cell(item.get(c)) for c in columns])
        response = Response(buf.getvalue(), mimetype="text/csv")
    else:
        response = Response(json.dumps({name: items}, ensure_ascii=False, indent=1),
                            mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)
