"""The one place resource IRIs are minted.

IRIs are deterministic: the same source (URL, or text when there is no URL) and
the same place in it always give the same IRI, so ingesting twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

DEFAULT_BASE = "https://w3id.org/privacykg"

# What may stand in the path of an IRI (RFC 3987 `ipath`) once a URL path has been
# percent-decoded: iunreserved (with ucschar), sub-delims, ":", "@", and "%" only as
# the start of a %XX escape. A request path with anything else (a NUL, "<", a space,
# a quote, U+FFFD from bytes that are not UTF-8) names no IRI, and pasted into a
# query it would make the query unparsable.
_UCSCHAR = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
            + "".join(f"{chr(p << 16)}-{chr(p << 16 | 0xFFFD)}" for p in range(1, 14))
            + "\U000e1000-\U000efffd")
_IPCHAR = rf"[A-Za-z0-9\-._~!$&'()*+,;=:@{_UCSCHAR}]|%[0-9A-Fa-f]{{2}}"
IRI_SEGMENT_PATTERN = rf"(?:{_IPCHAR})+"
"""One non-empty path segment: no "/" (a regular expression, for URL routing)."""
IRI_PATH_PATTERN = rf"(?:{_IPCHAR}|/)+"
"""One or more segments joined by "/" (a regular expression, for URL routing)."""


def is_iri_path(path: str) -> bool:
    """True when `<base>/id/<path>` is an IRI, so a URL path can name a resource.

    >>> is_iri_path("doc/k1/statement/12-data_location"), is_iri_path("a<b")
    (True, False)
    """
    return re.fullmatch(IRI_PATH_PATTERN, path) is not None


# paths of the resources that many documents describe alike (see docs/model.md)
ENTITY_PATHS = ("org/", "product/", "person/")


def slug(name: str) -> str:
    """Lower-case ASCII words joined by '-' ("Xiaomi India" -> "xiaomi-india")."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return s or "x" + hashlib.sha256(name.encode()).hexdigest()[:8]


# A company's legal form at the end of its name ("Inc.", "Ltd", "GmbH", "S.A."): not part
# of which organisation it is.
_LEGAL_FORM = re.compile(r",?\s+(?:Inc|Incorporated|Ltd|Limited|LLC|L\.L\.C|Corp|Corporation|"
                         r"GmbH|AG|S\.?A|plc|PLC|Co|N\.?V|B\.?V|Pty|S\.?r\.?l|Oy|AB|ASA|KK)\.?$")


def without_legal_form(name: str) -> str:
    """`name` without the legal forms that end it, unless nothing else is left."""
    while True:
        shorter = _LEGAL_FORM.sub("", name).strip()
        if not shorter or shorter == name:
            return name
        name = shorter


def key(text: str | bytes) -> str:
    """16 hex digits of SHA-256: short, stable, collision-free at our sizes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class Minter:
    """Mints every IRI under one base (`<base>/id/<path>`)."""

    base: str = DEFAULT_BASE

    def iri(self, path: str) -> URIRef:
        """`<base>/id/<path>`: the IRI the web app serves at /id/<path>."""
        return URIRef(f"{self.base.rstrip('/')}/id/{path}")

    def path_of(self, iri: str) -> str | None:
        """The `<path>` of an IRI under this base, or None for foreign IRIs."""
        prefix = f"{self.base.rstrip('/')}/id/"
        return iri[len(prefix):] if iri.startswith(prefix) else None

    def document(self, source_key: str) -> URIRef:
        return self.iri(f"doc/{source_key}")

    def document_graph(self, source_key: str) -> URIRef:
        return self.iri(f"graph/doc/{source_key}")

    def statement(self, doc: URIRef, start: int, aspect: str) -> URIRef:
        return URIRef(f"{doc}/statement/{start}-{aspect}")

    def quote(self, statement: URIRef) -> URIRef:
        return URIRef(f"{statement}/quote")

    def organisation(self, name: str) -> URIRef:
        """One organisation whatever legal form a text adds: "Lumora, Inc." and "Lumora"
        are org/lumora."""
        return self.iri(f"org/{slug(without_legal_form(name))}")

    def person(self, name: str) -> URIRef:
        return self.iri(f"person/{slug(name)}")

    def product(self, name: str) -> URIRef:
        return self.iri(f"product/{slug(name)}")

    def capture(self, source_key: str) -> URIRef:
        return self.iri(f"capture/{source_key}")

    def observation(self, capture: URIRef, host: str) -> URIRef:
        return URIRef(f"{capture}/host/{slug(host)}")

    def registry(self, source_key: str) -> URIRef:
        return self.iri(f"registry/{source_key}")

    def certificate(self, registry: URIRef, ident: str) -> URIRef:
        return URIRef(f"{registry}/certificate/{slug(ident)}")

    def findings(self, source_key: str) -> URIRef:
        return self.iri(f"findings/{source_key}")

    def rule(self, rule_id: str) -> URIRef:
        return self.iri(f"rule/{rule_id}")

    def contradiction(self, rule_id: str, claim: str, evidence: str) -> URIRef:
        return self.iri(f"contradiction/{rule_id}/{key(claim + ' ' + evidence)}")

    @property
    def entities_graph(self) -> URIRef:
        """Where organisations, products and people are described, once for the store."""
        return self.iri("graph/entities")

    def is_entity(self, iri: str) -> bool:
        """True for the IRI of an organisation, a product or a person."""
        path = self.path_of(iri)
        return path is not None and path.startswith(ENTITY_PATHS)

    @property
    def groups_graph(self) -> URIRef:
        """Which organisation every product and company rolls up to (kg/groups.py)."""
        return self.iri("graph/groups")

    @property
    def claims_graph(self) -> URIRef:
        """The claims and findings, one resource per thing asserted (kg/claims.py)."""
        return self.iri("graph/claims")

    @property
    def contradictions_graph(self) -> URIRef:
        return self.iri("graph/contradictions")

    @property
    def editorial_graph(self) -> URIRef:
        """The editors' decisions on the contradictions (kg/review.py); never replaced."""
        return self.iri("graph/editorial")
