"""Generate realistic privacykg graphs (docs/model.md) of a given size, as N-Quads.

    .venv/bin/python bench/generate.py 1e4 1e5 1e6 [1e7] [--seed 7] [--out DIR]

One named graph per source document (articles, HAR captures, registry files) and
one for the entities, as kg/ingest.py stores them, with companies (some in groups,
through schema:parentOrganization), products with their
manufacturer, claims and findings of every aspect with their quotes, observations,
certificates and contexts. Background documents are consistent: their claims and
evidence agree, so no rule matches them, although every rule's patterns do (the
same company, the same aspect, mostly the same context). On top of that a planted
share of scenarios, each on a company of its own, of which every rule must find
exactly one contradiction, and decoys it must not find (contexts that differ,
"discontinued" claims, admitted errors …). The expected count per rule goes to
manifest.json next to data.nq, with extra.nq: one more article, for the
incremental check (one planted contradiction more).

Output: <out>/<size>/{data.nq, extra.nq, manifest.json}; default out is
$TMPDIR/privacykg-bench. Deterministic: the same seed and size give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib.util import from_n3  # noqa: E402

from kg.claims import claim_triples  # noqa: E402
from ontologies.iris import ENTITY_PATHS, Minter, key, slug  # noqa: E402
from ontologies.vocab import ASPECTS  # noqa: E402
from scrapers.normalise import dpv_category, purpose_kinds  # noqa: E402

VERSION = 5  # bump when the output changes, so caches are rebuilt
M = Minter()
ENTITIES = f"<{M.entities_graph}>"
CLAIMS = f"<{M.claims_graph}>"
ENTITY_PREFIXES = tuple(f"<{M.iri(path)}" for path in ENTITY_PATHS)
PKG = "https://w3id.org/privacykg/ns#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DPV = "https://w3id.org/dpv#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"


def cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "privacykg-bench"


def iri(x: str) -> str:
    return f"<{x}>"


def p(ns: str, local: str) -> str:
    return f"<{ns}{local}>"


def lit(s: str) -> str:
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{s}"'


def typed(s: str, dt: str) -> str:
    return f"{lit(s)}^^<{XSD}{dt}>"


TRUE = typed("true", "boolean")
FALSE = typed("false", "boolean")


class Writer:
    """Writes quads of the current document graph and counts them."""

    def __init__(self, fh):
        self.fh = fh
        self.graph = ""
        self.count = 0
        self.docs = 0
        self._buf: list[str] = []
        self._entities: set[str] = set()
        self._claims: set[str] = set()
        self.statement: list[tuple[str, str, str]] | None = None  # being written
        self.statement_iri = ""

    def start(self, graph: str) -> None:
        self.graph = iri(graph)
        self.docs += 1

    def claims_of(self, statement: list[tuple[str, str, str]]) -> None:
        """The claim or finding resource a statement is an appearance of, as
        kg.ingest stores it (kg/claims.py): shared triples once, in the claims graph,
        and the appearance link in the document's graph."""
        triples = [(from_n3(s), from_n3(pr), from_n3(o)) for s, pr, o in statement]
        shared, appearances = claim_triples(triples, M)
        for s, pr, o in shared:
            line = f"{s.n3()} {pr.n3()} {o.n3()} {CLAIMS} .\n"
            if line not in self._claims:
                self._claims.add(line)
                self._buf.append(line)
                self.count += 1
        for s, pr, o in appearances:
            self._buf.append(f"{s.n3()} {pr.n3()} {o.n3()} {self.graph} .\n")
            self.count += 1

    def t(self, s: str, pr: str, o: str) -> None:
        if self.statement is not None and s == self.statement_iri:
            self.statement.append((s, pr, o))
        if s.startswith(ENTITY_PREFIXES):
            # organisations, products, people: once, in the shared graph (kg/ingest.py)
            line = f"{s} {pr} {o} {ENTITIES} .\n"
            if line in self._entities:
                return
            self._entities.add(line)
        else:
            line = f"{s} {pr} {o} {self.graph} .\n"
        self._buf.append(line)
        self.count += 1
        if len(self._buf) > 20000:
            self.flush()

    def flush(self) -> None:
        self.fh.write("".join(self._buf))
        self._buf.clear()


# --- vocabulary of the made-up world -------------------------------------------------

COUNTRIES = ["IN", "DE", "US", "SG", "IE", "FR", "NL", "JP", "BR", "CA", "GB", "SE", "KR", "AU"]
FAR = ["RU", "CN", "HK", "AE"]  # countries background companies never use
CLOUDS = ["Nimbus Cloud", "Stratus Hosting", "Cirrus Compute", "Altocloud", "Helio Servers"]
TRACKERS = ["Trackly", "Metricsly", "Adnexa", "Pixelwise", "Countwell"]
CERTIFIERS = ["Sealworks", "Trustmark Labs", "Certivo"]
LABS = ["Open Privacy Lab", "NetWatch Research", "the Digital Rights Desk", "Cipher Audit"]
PUBLISHERS = ["The Daily Ledger", "Tech Courier", "Privacy Post", "Byte Herald"]
CONTEXTS = ["incognito mode", "signed in", "signed out", "children", "Location History off"]
CATEGORIES = ["browsing_history", "location", "contacts", "device_info", "search_queries"]
SYLL = ["vor", "tan", "zel", "mir", "qua", "lio", "bex", "nor", "ska", "dri", "pel", "ux",
        "ant", "ro", "vi", "ken", "sol", "tra"]


def company_name(rng: random.Random, i: int) -> str:
    return (rng.choice(SYLL) + rng.choice(SYLL)).capitalize() + f" {i}"


class Org:
    def __init__(self, name: str, parent: Org | None = None):
        self.name = name
        self.iri = iri(M.organisation(name))
        self.parent = parent


class Product:
    def __init__(self, name: str, maker: Org):
        self.name = name
        self.iri = iri(M.product(name))
        self.maker = maker


def describe_org(w: Writer, org: Org, seen: set) -> str:
    if org.iri not in seen:
        seen.add(org.iri)
        w.t(org.iri, RDF_TYPE, p(SDO, "Organization"))
        w.t(org.iri, p(SDO, "name"), lit(org.name))
        if org.parent:
            w.t(org.iri, p(SDO, "parentOrganization"), describe_org(w, org.parent, seen))
    return org.iri


def describe_product(w: Writer, prod: Product, seen: set) -> str:
    if prod.iri not in seen:
        seen.add(prod.iri)
        w.t(prod.iri, RDF_TYPE, p(SDO, "Product"))
        w.t(prod.iri, p(SDO, "name"), lit(prod.name))
        w.t(prod.iri, p(SDO, "manufacturer"), describe_org(w, prod.maker, seen))
    return prod.iri


# --- statements ------------------------------------------------------------------------

class St:
    """A statement before it is written (kind: claim|finding)."""

    def __init__(self, kind, aspect, polarity="positive", values=None, context=(),
                 subject=None, claimant=None, reported=False, text=None):
        self.kind, self.aspect, self.polarity = kind, aspect, polarity
        self.values = values or {}
        self.context = list(context)
        self.subject, self.claimant, self.reported = subject, claimant, reported
        self.text = text or sentence_for(self)


def sentence_for(st: St) -> str:
    who = st.claimant.name if st.claimant else "The company"
    about = st.subject.name if st.subject else "its service"
    vals = ", ".join(v if isinstance(v, str) else "/".join(x if isinstance(x, str) else x.name
                                                           for x in v)
                     for v in st.values.values())
    ctx = f" in {st.context[0]}" if st.context else ""
    neg = "does not" if st.polarity == "negative" else "does"
    verb = "said" if st.kind == "claim" else "found"
    return (f"{who} {verb} that {about} {neg} handle {st.aspect.replace('_', ' ')} "
            f"as {vals or 'described'}{ctx}.")


VALUE_PROPS = {"countries": "country", "operators": "operator", "state": "state",
               "algorithms": "algorithm", "identifiers": "identifier", "data": "dataCategory",
               "recipients": "recipient", "certifiers": "certifier", "standards": "standard",
               "purposes": "purpose", "purpose_kinds": "purposeKind", "period": "period",
               "parties": "party", "scope": "scope"}
ENTITY = {"operators", "recipients", "certifiers"}


def write_statement(w: Writer, doc: str, text: str, start: int, st: St, seen: set) -> None:
    s_iri = f"{doc}/statement/{start}-{st.aspect}"
    s = iri(s_iri)
    end = start + len(st.text)
    w.statement, w.statement_iri = [], s
    w.t(s, RDF_TYPE, p(PKG, "Claim" if st.kind == "claim" else "Finding"))
    w.t(s, RDF_TYPE, p(PKG, "Statement"))
    w.t(s, p(PKG, "aspect"), p(PKG, ASPECTS[st.aspect]))
    w.t(s, p(PKG, "polarity"), p(PKG, "Positive" if st.polarity == "positive" else "Negative"))
    w.t(s, p(SDO, "text"), lit(st.text))
    w.t(s, p(PROV, "wasDerivedFrom"), iri(doc))
    q = iri(s_iri + "/quote")
    w.t(s, p(PKG, "quote"), q)
    w.t(q, RDF_TYPE, p(OA, "TextQuoteSelector"))
    w.t(q, RDF_TYPE, p(OA, "TextPositionSelector"))
    w.t(q, p(OA, "exact"), lit(st.text))
    w.t(q, p(OA, "prefix"), lit(text[max(0, start - 40):start]))
    w.t(q, p(OA, "suffix"), lit(text[end:end + 40]))
    w.t(q, p(OA, "start"), typed(str(start), "nonNegativeInteger"))
    w.t(q, p(OA, "end"), typed(str(end), "nonNegativeInteger"))
    if st.claimant:
        w.t(s, p(PKG, "claimant"), describe_org(w, st.claimant, seen))
    if st.subject:
        subj = (describe_product(w, st.subject, seen) if isinstance(st.subject, Product)
                else describe_org(w, st.subject, seen))
        w.t(s, p(PKG, "subject"), subj)
    for c in st.context:
        w.t(s, p(PKG, "context"), lit(c))
    if st.reported:
        w.t(s, p(PKG, "reported"), TRUE)
    for k, v in st.values.items():
        for item in [v] if isinstance(v, str) else v:
            if k in ENTITY:
                w.t(s, p(PKG, VALUE_PROPS[k]), describe_org(w, item, seen))
            else:
                w.t(s, p(PKG, VALUE_PROPS[k]), lit(item))
            if k == "data" and dpv_category(item):
                w.t(s, p(DPV, "hasPersonalData"), iri(dpv_category(item)))
            if k == "purposes":  # as scrapers.statement_graph.add_statement writes it
                for kind in purpose_kinds(item):
                    w.t(s, p(PKG, "purposeKind"), lit(kind))
    w.t(s, RDFS_LABEL, lit(f"{st.kind}: {st.aspect} ({st.polarity})"))
    w.claims_of(w.statement)
    w.statement = None


def write_article(w: Writer, url: str, title: str, publisher: Org, published: str,
                  statements: list[St]) -> str:
    k = key(url)
    doc = str(M.document(k))
    w.start(str(M.document_graph(k)))
    seen: set = set()
    d = iri(doc)
    filler = " The story continues with background that states no practice."
    parts, starts, pos = [], [], 0
    for st in statements:
        starts.append(pos)
        parts.append(st.text + filler)
        pos += len(st.text) + len(filler) + 1
    text = " ".join(parts)
    w.t(d, RDF_TYPE, p(SDO, "NewsArticle"))
    w.t(d, RDF_TYPE, p(PROV, "Entity"))
    w.t(d, p(SDO, "url"), iri(url))
    w.t(d, p(SDO, "headline"), lit(title))
    w.t(d, p(SDO, "publisher"), describe_org(w, publisher, seen))
    w.t(d, p(SDO, "datePublished"), typed(published, "date"))
    w.t(d, p(SDO, "inLanguage"), lit("en"))
    w.t(d, p(PKG, "fullText"), lit(text))
    w.t(d, p(PKG, "retrieved"), typed("2026-11-01T10:00:00", "dateTime"))
    for st, start in zip(statements, starts, strict=True):
        write_statement(w, doc, text, start, st, seen)
    return doc


def write_capture(w: Writer, name: str, product: Product, vantage: str, context: str | None,
                  observations: list[dict]) -> str:
    k = key(name)
    cap_s = str(M.capture(k))
    cap = iri(cap_s)
    w.start(str(M.document_graph(k)))
    seen: set = set()
    w.t(cap, RDF_TYPE, p(PKG, "Capture"))
    w.t(cap, RDF_TYPE, p(SDO, "Dataset"))
    w.t(cap, RDF_TYPE, p(PROV, "Entity"))
    w.t(cap, p(PKG, "sourceFile"), lit(name))
    w.t(cap, p(PKG, "entries"), typed(str(sum(o.get("requests", 1) for o in observations)),
                                     "integer"))
    w.t(cap, p(PKG, "product"), describe_product(w, product, seen))
    w.t(cap, p(PKG, "vendor"), describe_org(w, product.maker, seen))
    if context:
        w.t(cap, p(PKG, "context"), lit(context))
    w.t(cap, p(PKG, "vantage"), lit(vantage))
    w.t(cap, p(PKG, "ipDatabase"), lit("geoip2fast 1.2.2"))
    for o in observations:
        host = o["host"]
        ob = iri(f"{cap_s}/host/{slug(host)}")
        w.t(ob, RDF_TYPE, p(PKG, "Observation"))
        w.t(ob, p(PROV, "wasDerivedFrom"), cap)
        w.t(ob, p(PKG, "subject"), product.iri)
        if context:
            w.t(ob, p(PKG, "context"), lit(context))
        w.t(ob, p(PKG, "host"), lit(host))
        w.t(ob, p(PKG, "domain"), lit(".".join(host.split(".")[-2:])))
        w.t(ob, p(PKG, "ip"), lit(o.get("ip", "203.0.113.7")))
        if "country" in o:
            w.t(ob, p(PKG, "country"), lit(o["country"]))
        if "operator" in o:
            w.t(ob, p(PKG, "operator"), describe_org(w, o["operator"], seen))
        w.t(ob, p(PKG, "tls"), TRUE if o.get("tls", True) else FALSE)
        w.t(ob, p(PKG, "requests"), typed(str(o.get("requests", 1)), "integer"))
        w.t(ob, p(PKG, "method"), lit("POST"))
        for enc in o.get("encodings", []):
            w.t(ob, p(PKG, "encoding"), lit(enc))
        for ident in o.get("identifiers", []):
            w.t(ob, p(PKG, "identifier"), lit(ident))
        for cat in o.get("data", []):
            w.t(ob, p(PKG, "dataCategory"), lit(cat))
        w.t(ob, p(PKG, "payloadState"), lit(o.get("payload", "opaque")))
        if "recipient" in o:
            w.t(ob, p(PKG, "recipient"), describe_org(w, o["recipient"], seen))
        w.t(ob, p(PKG, "thirdParty"), TRUE if o.get("third", False) else FALSE)
        w.t(ob, p(PKG, "strength"), lit(o.get("strength", "data_sent")))
        w.t(ob, RDFS_LABEL, lit(f"{product.name} contacted {host}"))
    return cap_s


def write_registry(w: Writer, name: str, certifier: Org, holders: list[Org],
                   certificates: list[dict]) -> str:
    k = key(name)
    reg_s = str(M.registry(k))
    reg = iri(reg_s)
    w.start(str(M.document_graph(k)))
    seen: set = set()
    w.t(reg, RDF_TYPE, p(PKG, "Registry"))
    w.t(reg, RDF_TYPE, p(SDO, "Dataset"))
    w.t(reg, p(SDO, "name"), lit(f"{certifier.name} registry: {name}"))
    w.t(reg, p(SDO, "url"), iri(f"https://registry.example/{key(name)}"))
    w.t(reg, p(PKG, "certifier"), describe_org(w, certifier, seen))
    for h in holders:
        w.t(reg, p(PKG, "searchedHolder"), describe_org(w, h, seen))
    for c in certificates:
        cert = iri(f"{reg_s}/certificate/{c['id']}")
        w.t(cert, RDF_TYPE, p(PKG, "Certificate"))
        w.t(cert, p(PROV, "wasDerivedFrom"), reg)
        w.t(cert, p(PKG, "certifier"), certifier.iri)
        w.t(cert, p(PKG, "holder"), describe_org(w, c["holder"], seen))
        w.t(cert, p(PKG, "standard"), lit("ISO/IEC 27001"))
        w.t(cert, p(PKG, "scope"), lit(c.get("scope", "cloud and app services")))
        for prod in c.get("covers", []):
            w.t(cert, p(PKG, "covers"), describe_product(w, prod, seen))
        w.t(cert, p(SDO, "validFrom"), typed(c.get("from", "2018-01-01"), "date"))
        w.t(cert, p(SDO, "validThrough"), typed(c.get("until", "2030-01-01"), "date"))
        w.t(cert, p(SDO, "identifier"), lit(f"IS {c['id']}"))
    return reg_s


# --- background: a group of companies whose claims and evidence agree -------------------

class World:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.clouds = [Org(n) for n in CLOUDS]
        self.trackers = [Org(n) for n in TRACKERS]
        self.certifiers = [Org(n) for n in CERTIFIERS]
        self.labs = [Org(n) for n in LABS]
        self.publishers = [Org(n) for n in PUBLISHERS]
        self.n_company = 0
        self.n_doc = 0

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(2019, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def url(self) -> str:
        self.n_doc += 1
        return f"https://news.example/{self.n_doc}"


def background_group(w: Writer, world: World) -> None:
    r = world.rng
    world.n_company += 1
    gi = world.n_company
    top = Org(company_name(r, gi))
    companies = [top] + [Org(f"{top.name} {suffix}", top)
                         for suffix in r.sample(["India", "Europe", "Labs", "Mobile"],
                                                r.randint(0, 2))]
    products = [Product(f"{c.name} {kind}", c) for c in companies
                for kind in r.sample(["Browser", "Cloud", "Phone", "Assistant", "Maps"],
                                     r.randint(1, 3))]
    home = r.sample(COUNTRIES, r.randint(1, 2))
    cloud = r.choice(world.clouds)
    aes = r.choice(["AES-128", "AES-256"])
    anon = r.random() < 0.5
    certifier = r.choice(world.certifiers)
    far = r.choice(FAR)

    def ctx():
        x = r.random()
        return [] if x < 0.6 else [r.choice(CONTEXTS)] if x < 0.9 else [f"users in {home[0]}"]

    def claim():
        c = r.choice(companies)
        prods = [x for x in products if x.maker is c]
        subj = r.choice(prods) if prods and r.random() < 0.7 else c
        a = r.choice(["data_location", "data_location", "encryption", "anonymisation",
                      "collection", "consent", "third_party_sharing", "certification",
                      "purpose", "retention", "access"])
        pol, vals, cx = "positive", {}, ctx()
        if a == "data_location":
            if r.random() < 0.8:
                vals = {"countries": home}
                if r.random() < 0.5:
                    vals["operators"] = [cloud]
            else:
                pol, vals = "negative", {"countries": [far]}
        elif a == "encryption":
            vals = ({"state": "encrypted", "algorithms": [aes]} if r.random() < 0.7
                    else {"state": "end_to_end"})
        elif a == "anonymisation":
            vals = {"state": "anonymised" if anon else "pseudonymous"}
        elif a == "collection":
            if r.random() < 0.5:
                vals = {"data": [r.choice(CATEGORIES)]}
            else:  # a denial of a practice the company says it stopped
                pol, vals, cx = "negative", {"data": [r.choice(CATEGORIES)]}, ["discontinued"]
        elif a == "consent":
            vals = {"state": "opt_in"}
        elif a == "third_party_sharing":
            pol = "negative"
        elif a == "certification":
            vals = {"certifiers": [certifier], "standards": ["ISO/IEC 27001"]}
            subj = r.choice(prods) if prods else subj
        elif a == "purpose":
            vals = {"purposes": ["improve user experience"]}
        elif a == "retention":
            vals = {"period": "24 months"}
        elif a == "access":
            pol, vals = "negative", {"parties": ["employees"]}
        return St("claim", a, pol, vals, cx, subj, c)

    def finding():
        subj = r.choice(products)
        a = r.choice(["data_location", "encryption", "anonymisation", "collection", "consent",
                      "third_party_sharing", "certification", "purpose", "retention",
                      "access"])
        pol, vals = "positive", {}
        if a == "data_location":
            vals = {"countries": [r.choice(home)], "operators": [cloud]}
        elif a == "encryption":
            vals = {"state": "encrypted", "algorithms": [aes]}
        elif a == "anonymisation":
            vals = {"state": "anonymised"}
        elif a == "collection":
            vals = {"data": [r.choice(CATEGORIES)]}
        elif a == "consent":
            vals = {"state": "opt_in"}
        elif a == "third_party_sharing":
            pol = "negative"
        elif a == "purpose":
            vals = {"purposes": ["analytics"]}
        elif a == "retention":
            vals = {"period": r.choice(["30 days", "6 months", "12 months"])}
        elif a == "access":
            vals = {"state": "restricted", "parties": ["support staff"]}
        return St("finding", a, pol, vals, ctx(), subj, r.choice(world.labs),
                  reported=r.random() < 0.3)

    for _ in range(r.randint(2, 4)):
        sts = [claim() if r.random() < 0.55 else finding() for _ in range(r.randint(5, 10))]
        write_article(w, world.url(), f"What {top.name} says about your data",
                      r.choice(world.publishers), world.date(), sts)
    for prod in r.sample(products, min(len(products), r.randint(1, 2))):
        context = r.choice([None, None, "incognito mode", "signed in"])
        obs = []
        for h in range(r.randint(4, 10)):
            third = r.random() < 0.3
            o = {"host": f"api{h}.{slug(prod.maker.name)}.example",
                 "country": r.choice(home), "requests": r.randint(1, 40),
                 "encodings": ["gzip"] if r.random() < 0.5 else []}
            if third:
                o.update(third=True, strength="contacted", recipient=r.choice(world.trackers),
                         country=r.choice(COUNTRIES))
            else:
                o.update(operator=cloud, strength="data_sent",
                         payload=r.choice(["opaque", "plain"]),
                         data=[r.choice(CATEGORIES)] if r.random() < 0.6 else [])
                if not anon and r.random() < 0.5:
                    o["identifiers"] = ["device_id"]
            obs.append(o)
        write_capture(w, f"{prod.name}-{world.n_doc}.har", prod, r.choice(COUNTRIES), context,
                      obs)
        world.n_doc += 1
    certs = [{"id": f"{gi}-{i}", "holder": c,
              "covers": [x for x in products if x.maker is c]} for i, c in enumerate(companies)]
    write_registry(w, f"{certifier.name}-{gi}", certifier, companies, certs)


# --- planted scenarios: each on a company of its own, one contradiction each -----------

def planted(w: Writer, world: World, rule: str, decoy: bool = False) -> None:
    """One scenario for `rule`: a match (decoy=False) or a near miss (decoy=True)."""
    r = world.rng
    world.n_company += 1
    gi = world.n_company
    parent = Org(f"Planted {gi}")
    co = Org(f"Planted {gi} India", parent)       # the claimant: a subsidiary
    prod = Product(f"Planted {gi} App", parent)   # evidence is about the parent's product
    lab = r.choice(world.labs)
    pub = r.choice(world.publishers)

    def claim(aspect, pol="positive", vals=None, ctx=(), subject=prod):
        return St("claim", aspect, pol, vals or {}, ctx, subject, co)

    def finding(aspect, pol="positive", vals=None, ctx=()):
        return St("finding", aspect, pol, vals or {}, ctx, prod, lab)

    def article(*sts, published=None):
        write_article(w, world.url(), f"Planted story {gi}", pub, published or world.date(),
                      list(sts))

    def capture(vantage="DE", context=None, **o):
        o.setdefault("host", f"t.planted{gi}.example")
        write_capture(w, f"planted-{gi}.har", prod, vantage, context, [o])

    cloud_a, cloud_b = world.clouds[0], world.clouds[1]
    if rule == "data-location-mismatch":
        if decoy:
            article(claim("data_location", vals={"countries": ["IN"]}, ctx=["admitted error"]),
                    finding("data_location", vals={"countries": ["SG"]}))
        elif gi % 2:
            article(claim("data_location", vals={"countries": ["DE"]}),
                    finding("data_location", vals={"countries": ["SG"]}))
        else:  # a capture from elsewhere: reported with a scope note
            article(claim("data_location", vals={"countries": ["IN"]}, ctx=["users in IN"]))
            capture(vantage="RO", country="SG", strength="data_sent")
    elif rule == "data-location-denied":
        article(claim("data_location", "negative", {"countries": ["US"]}),
                finding("data_location", vals={"countries": ["CA" if decoy else "US"]}))
    elif rule == "hosting-operator-mismatch":
        article(claim("data_location", vals={"operators": [cloud_a]}))
        capture(operator=cloud_a if decoy else cloud_b, strength="data_sent")
    elif rule == "encryption-weaker-than-claimed":
        if decoy:  # different modes are not compared
            article(claim("encryption", vals={"state": "encrypted"}, ctx=["incognito mode"]),
                    finding("encryption", vals={"state": "encoded_only"}, ctx=["signed in"]))
        else:
            article(claim("encryption", vals={"state": "encrypted"}))
            capture(payload="encoded_only", data=["browsing_history"])
    elif rule == "end-to-end-not-supported":
        article(claim("encryption", vals={"state": "end_to_end"}),
                finding("encryption", "positive" if decoy else "negative",
                        {"state": "end_to_end"}))
    elif rule == "encryption-algorithm-mismatch":
        article(claim("encryption", vals={"algorithms": ["AES-128" if decoy else "AES-256"]}),
                finding("encryption", vals={"algorithms": ["AES-256" if decoy else "AES-128"]}))
    elif rule == "anonymisation-identifiable":
        article(claim("anonymisation", vals={"state": "anonymised"}, ctx=["incognito mode"]))
        capture(context="signed in" if decoy else "incognito mode", identifiers=["device_id"],
                strength="identifier_sent")
    elif rule == "collection-despite-denial":
        article(claim("collection", "negative", {"data": ["location"]},
                      ctx=["discontinued"] if decoy else ()),
                finding("collection", vals={"data": ["location"]}))
    elif rule == "consent-not-asked":
        article(claim("consent", vals={"state": "opt_in"}),
                finding("consent", vals={"state": "none" if decoy else "default_on"},
                        ctx=["Location History off"] if decoy else ()))
    elif rule == "third-party-sharing-denied":
        article(claim("third_party_sharing", "negative",
                      ctx=["current practice"] if decoy else ()))
        capture(third=True, strength="data_sent_to_third_party",
                recipient=r.choice(world.trackers))
    elif rule == "third-party-recipient-undisclosed":
        article(claim("data_location", vals={"countries": ["DE"]}))
        capture(third=True, strength="contacted" if decoy else "data_sent_to_third_party",
                recipient=r.choice(world.trackers), country="DE")
    elif rule == "purpose-beyond-claimed":
        article(claim("purpose", vals={"purposes": [
                    "account security and targeted ads" if decoy else "account security"]}),
                finding("purpose", vals={"purposes": ["targeted advertising"]}))
    elif rule == "purpose-not-served":   # the same kind of purpose said, and denied
        article(claim("purpose", vals={"purpose_kinds": ["advertising"]}),
                finding("purpose", "negative",
                        {"purpose_kinds": ["sale" if decoy else "advertising"]}))
    elif rule == "opt-out-ineffective":  # a finding about a situation the claim leaves out
        article(claim("consent", vals={"state": "opt_out"}),
                finding("consent", "negative", {"state": "opt_out"},
                        ctx=["signed in"] if decoy else ()))
    elif rule == "retention-longer-than-claimed":
        article(claim("retention", vals={"period": "2 years" if decoy else "30 days"}),
                finding("retention", vals={"period": "6 months" if decoy else "2 years"}))
    elif rule == "access-broader-than-claimed":
        article(claim("access", "negative", {"parties": ["employees"]}),
                finding("access", vals={"parties": ["contractors"],
                                        **({"state": "restricted"} if decoy else {})}))
    elif rule == "certification-disputed":
        article(claim("certification", vals={"standards": ["ISO/IEC 27001"]}),
                finding("certification", "positive" if decoy else "negative"))
    elif rule.startswith("certification-"):
        certifier = r.choice(world.certifiers)
        article(claim("certification", vals={"certifiers": [certifier]}),
                published="2021-06-01")
        other = Product(f"Planted {gi} Cloud", parent)
        cert = {"id": f"p{gi}", "holder": parent}
        if rule == "certification-scope-excludes":
            cert["covers"] = [prod] if decoy else [other]
            certs = [cert]
        elif rule == "certification-not-found":
            certs = [dict(cert, covers=[prod])] if decoy else []
        else:  # certification-expired
            cert.update(covers=[prod], until="2022-01-01" if decoy else "2020-01-01")
            certs = [cert]
        write_registry(w, f"planted-registry-{gi}", certifier, [parent], certs)
    else:
        raise ValueError(rule)


RULE_IDS = sorted(p.stem for p in (ROOT / "kg" / "rules").glob("*.rq"))


def generate(target: int, out: Path, seed: int = 7) -> dict:
    rng = random.Random(seed)
    world = World(rng)
    out.mkdir(parents=True, exist_ok=True)
    per_rule = max(1, target // 100_000)   # 10^6 triples: 10 matches (+10 decoys) per rule
    expected: Counter[str] = Counter()
    t0 = time.perf_counter()
    with open(out / "data.nq.tmp", "w", encoding="utf-8") as fh:
        w = Writer(fh)
        plan = [(rule, decoy) for rule in RULE_IDS for _ in range(per_rule)
                for decoy in (False, True)]
        rng.shuffle(plan)
        # planted scenarios spread evenly through the background
        step = max(1, target // (len(plan) + 1))
        next_plant = step
        while w.count < target or plan:
            if plan and (w.count >= next_plant or w.count >= target):
                rule, decoy = plan.pop()
                planted(w, world, rule, decoy)
                if not decoy:
                    expected[rule] += 1
                next_plant += step
            else:
                background_group(w, world)
        w.flush()
        triples, docs = w.count, w.docs
    (out / "data.nq.tmp").replace(out / "data.nq")
    with open(out / "extra.nq", "w", encoding="utf-8") as fh:
        w = Writer(fh)
        planted(w, world, "data-location-mismatch")
        w.flush()
        extra_triples = w.count
    manifest = {"version": VERSION, "seed": seed, "target": target, "quads": triples,
                "documents": docs, "expected": {r: expected[r] for r in RULE_IDS},
                "expected_total": sum(expected.values()),
                "extra": {"quads": extra_triples, "expected_more": {"data-location-mismatch": 1}},
                "generated_in_s": round(time.perf_counter() - t0, 1)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def size_label(n: int) -> str:
    e = len(str(n)) - 1
    return f"1e{e}" if n == 10 ** e else str(n)


def ensure(target: int, seed: int = 7, out: Path | None = None) -> Path:
    """The folder with data.nq for this size, generated unless it is cached."""
    folder = (out or cache_dir()) / f"{size_label(target)}-s{seed}"
    mf = folder / "manifest.json"
    if mf.exists():
        m = json.loads(mf.read_text())
        if m.get("version") == VERSION and (folder / "data.nq").exists():
            return folder
    generate(target, folder, seed)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", default=["1e4", "1e5", "1e6"])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--force", action="store_true", help="regenerate even when cached")
    a = ap.parse_args()
    for s in a.sizes:
        n = int(float(s))
        folder = (a.out or cache_dir()) / f"{size_label(n)}-s{a.seed}"
        if a.force and (folder / "manifest.json").exists():
            (folder / "manifest.json").unlink()
        t = time.perf_counter()
        folder = ensure(n, a.seed, a.out)
        m = json.loads((folder / "manifest.json").read_text())
        print(f"{size_label(n):>5}: {m['quads']:>10,} quads, {m['documents']:>7,} documents, "
              f"{m['expected_total']:>4} planted contradictions -> {folder}/data.nq "
              f"({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
