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
import os
from collections.abc import Iterable
from functools import partial

from ontologies.iris import Minter
from scrapers.errors import SourceError
from scrapers.evidence_files import MAX_JSON_BYTES, EvidenceResult, Progress, file_name, load_json
from scrapers.findings import read_findings
from scrapers.har import MAX_CAPTURE_BYTES, looks_like_har, read_har, read_har_file
from scrapers.local_input import open_input, read_input
from scrapers.registry import read_registry

__all__ = ["read_evidence", "read_evidence_file"]

# JSON files bigger than this are not parsed whole to learn what they are: a HAR capture
# saved as .json is recognised by streaming up to its top-level "log". Registry and
# findings files are never larger (MAX_JSON_BYTES).
SNIFF_ABOVE = MAX_JSON_BYTES


def read_evidence(path: str, data: bytes, *, minter: Minter, product: str | None = None,
                  vendor: str | None = None, context: Iterable[str] = (),
                  vantage: str | None = None, own_domains: Iterable[str] = (),
                  captured_by: str | None = None, reconstruction: bool = False,
                  progress: Progress | None = None) -> EvidenceResult:
    """Read a HAR capture (`.har`, or JSON with a `log`), a registry file (`registries`)
    or a findings file (`findings`); anything else is a SourceError naming the file."""
    if path.lower().endswith(".har") or (
            len(data) > SNIFF_ABOVE and looks_like_har(lambda: io.BytesIO(data))):
        return read_har(data, source=path, minter=minter, product=product, vendor=vendor,
                        context=context, vantage=vantage, own_domains=own_domains,
                        captured_by=captured_by, reconstruction=reconstruction,
                        progress=progress)
    doc = load_json(data, path)
    if isinstance(doc, dict) and "log" in doc:
        return read_har(data, source=path, minter=minter, product=product, vendor=vendor,
                        context=context, vantage=vantage, own_domains=own_domains,
                        captured_by=captured_by, reconstruction=reconstruction,
                        progress=progress)
    if isinstance(doc, dict) and ("registries" in doc or "registry" in doc):
        return read_registry(data, source=path, minter=minter, reconstruction=reconstruction)
    if isinstance(doc, dict) and "findings" in doc:
        return read_findings(data, source=path, minter=minter, reconstruction=reconstruction)
    raise SourceError(file_name(path), "unknown evidence file: expected a HAR 'log', "
                                       "'registries' or 'findings' at the top level")


def read_evidence_file(path: str | os.PathLike[str], *, minter: Minter,
                       product: str | None = None, vendor: str | None = None,
                       context: Iterable[str] = (), vantage: str | None = None,
                       own_domains: Iterable[str] = (), captured_by: str | None = None,
                       reconstruction: bool = False,
                       progress: Progress | None = None) -> EvidenceResult:
    """`read_evidence` on a file. A HAR capture is streamed from disk (its bytes are never
    all in memory); registry and findings files are small and read whole. Only a regular
    file is read (a pipe, a device or a link to one is refused before a byte is read),
    of at most MAX_CAPTURE_BYTES for a capture and MAX_JSON_BYTES for the others. An
    unreadable file is a SourceError naming it."""
    source = os.fspath(path)
    name = file_name(source)
    if source.lower().endswith(".har"):
        return read_har_file(path, source=source, minter=minter, product=product,
                             vendor=vendor, context=context, vantage=vantage,
                             own_domains=own_domains, captured_by=captured_by,
                             reconstruction=reconstruction, progress=progress)
    opener = partial(open_input, path, name, limit=MAX_CAPTURE_BYTES, what="capture")
    with opener() as f:
        size = f.size
    if size > SNIFF_ABOVE and looks_like_har(opener):
        return read_har_file(path, source=source, minter=minter, product=product,
                             vendor=vendor, context=context, vantage=vantage,
                             own_domains=own_domains, captured_by=captured_by,
                             reconstruction=reconstruction, progress=progress)
    if size > MAX_JSON_BYTES:
        raise SourceError(name, f"too large: {size:,} bytes, a registry or findings file may "
                                f"have {MAX_JSON_BYTES:,} (and it is no HAR capture: no "
                                "top-level 'log')")
    data = read_input(path, name, limit=MAX_JSON_BYTES, what="registry or findings file")
    return read_evidence(source, data, minter=minter, product=product, vendor=vendor,
                         context=context, vantage=vantage, own_domains=own_domains,
                         captured_by=captured_by, reconstruction=reconstruction,
                         progress=progress)
