"""Technical evidence other than articles: HAR captures, certification registries and
findings files (docs/evidence-formats.md), behind one entry point that picks the reader.

Each reader is pure (bytes in, an rdflib Graph and an `EvidenceResult` out), so the
CLI, the demo and the tests all go through the same code.

    >>> from ontologies.iris import Minter
    >>> r = read_evidence("x.har", b'{"log": {"entries": []}}', minter=Minter())
    >>> r.kind, r.to_json()["capture"]["entries"]
    ('capture', 0)
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ontologies.iris import Minter
from scrapers.errors import SourceError

__all__ = ["EvidenceResult", "read_evidence", "read_evidence_file", "file_name"]

Progress = Callable[[int, int], None]
# JSON files bigger than this are not parsed whole to learn what they are: a HAR capture
# saved as .json is recognised by streaming up to its top-level "log".
SNIFF_ABOVE = 16 * 1024 * 1024


@dataclass
class EvidenceResult:
    """One evidence file read into its graph, with the summary the CLI prints.

    `key` names the document's graph (`minter.document_graph(key)`); `document` is the
    capture, the (first) registry or the findings report; `summary` is the JSON of
    CONTRACT.md (`evidence --format json`)."""

    graph: Graph
    key: str
    document: URIRef
    kind: str                                  # "capture" | "registry" | "findings"
    summary: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The CONTRACT.md shape: {"capture", "observations"}, {"registries",
        "certificates"} or {"report", "findings"}."""
        return self.summary


def file_name(source: str) -> str:
    """The file part of a path or URL, which is what the graph records (pkg:sourceFile)."""
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def read_evidence(path: str, data: bytes, *, minter: Minter, product: str | None = None,
                  vendor: str | None = None, context: Iterable[str] = (),
                  vantage: str | None = None,
                  progress: Progress | None = None) -> EvidenceResult:
    """Read a HAR capture (`.har`, or JSON with a `log`), a registry file (`registries`)
    or a findings file (`findings`); anything else is a SourceError naming the file."""
    from scrapers.findings import read_findings
    from scrapers.har import looks_like_har, read_har
    from scrapers.registry import read_registry

    if path.lower().endswith(".har") or (
            len(data) > SNIFF_ABOVE and looks_like_har(lambda: io.BytesIO(data))):
        return read_har(data, source=path, minter=minter, product=product, vendor=vendor,
                        context=context, vantage=vantage, progress=progress)
    doc = load_json(data, path)
    if isinstance(doc, dict) and "log" in doc:
        return read_har(data, source=path, minter=minter, product=product, vendor=vendor,
                        context=context, vantage=vantage, progress=progress)
    if isinstance(doc, dict) and ("registries" in doc or "registry" in doc):
        return read_registry(data, source=path, minter=minter)
    if isinstance(doc, dict) and "findings" in doc:
        return read_findings(data, source=path, minter=minter)
    raise SourceError(file_name(path), "unknown evidence file: expected a HAR 'log', "
                                       "'registries' or 'findings' at the top level")


def read_evidence_file(path: str | os.PathLike[str], *, minter: Minter,
                       product: str | None = None, vendor: str | None = None,
                       context: Iterable[str] = (), vantage: str | None = None,
                       progress: Progress | None = None) -> EvidenceResult:
    """`read_evidence` on a file. A HAR capture is streamed from disk (its bytes are never
    all in memory); registry and findings files are small and read whole. An unreadable
    file is a SourceError naming it."""
    from scrapers.har import looks_like_har, read_har_file

    source = os.fspath(path)
    try:
        big = os.path.getsize(path) > SNIFF_ABOVE
        if source.lower().endswith(".har") or (
                big and looks_like_har(partial(open, path, "rb"))):
            return read_har_file(path, source=source, minter=minter, product=product,
                                 vendor=vendor, context=context, vantage=vantage,
                                 progress=progress)
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise SourceError(file_name(source), e.strerror or str(e)) from e
    return read_evidence(source, data, minter=minter, product=product, vendor=vendor,
                         context=context, vantage=vantage, progress=progress)


# --- helpers the readers share -------------------------------------------------------

def load_json(data: bytes, source: str) -> Any:
    """Parse UTF-8 JSON (a BOM is fine) or raise a SourceError with line and column."""
    where = file_name(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SourceError(where, f"not UTF-8 text (byte {e.start})") from e
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(where, f"invalid JSON at line {e.lineno}, column {e.colno}: "
                                 f"{e.msg}") from e
    except RecursionError as e:
        raise SourceError(where, "invalid JSON: nested too deeply") from e


def text_field(obj: dict[str, Any], name: str, where: str, *, required: bool = False) -> str | None:
    """A string field, stripped; a SourceError when required and absent or not a string."""
    v = obj.get(name)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            raise SourceError(where, f"'{name}' is missing")
        return None
    if not isinstance(v, str):
        raise SourceError(where, f"'{name}' must be a string, not {type(v).__name__}")
    return v.strip()


def names_field(obj: dict[str, Any], name: str, where: str) -> list[str]:
    """A list of non-empty strings (a lone string is taken as a list of one)."""
    v = obj.get(name)
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise SourceError(where, f"'{name}' must be a list of strings")
    return [x.strip() for x in v if x.strip()]


def date_field(obj: dict[str, Any], name: str, where: str) -> Literal | None:
    """An ISO date (YYYY-MM-DD) as an xsd:date literal."""
    v = obj.get(name)
    if v in (None, ""):
        return None
    try:
        return Literal(date.fromisoformat(str(v)[:10]).isoformat(), datatype=XSD.date)
    except ValueError as e:
        raise SourceError(where, f"'{name}': bad date {v!r}, use YYYY-MM-DD") from e
