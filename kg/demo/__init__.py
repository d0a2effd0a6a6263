"""The bundled demo case, built by the same pipeline users run: ingest the seed
article, import the capture and the registry file, run every rule.

The demo's store publishes everything not rejected (`review publish all`): it is a
showcase, with no editor to accept its drafts; a newsroom's store publishes only what
an editor accepted (kg/review.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources

from kg.check import Contradiction, check
from kg.ingest import Metadata, extract, store_document, store_extraction
from kg.review import set_publish_mode
from kg.store import Store
from ontologies.iris import Minter


def build_demo(store: Store, minter: Minter,
               progress: Callable[[str], None] | None = None) -> list[Contradiction]:
    """Ingest the demo sources into `store` and return the contradictions found."""
    say = progress or (lambda _msg: None)
    folder = resources.files("kg.demo")
    case = json.loads(folder.joinpath("case.json").read_text("utf-8"))
    with resources.as_file(folder) as path:
        for a in case["articles"]:
            x = extract(str(path / a["file"]), Metadata(a.get("url"), a.get("publisher"),
                                                        a.get("published"), a.get("title")), minter)
            store_extraction(store, minter, x)
            say(f"ingested {a['file']}: {len(x.statements)} statements")
        from scrapers.evidence import read_evidence

        for e in case["evidence"]:
            data = (path / e["file"]).read_bytes()
            # (written by us to reproduce what researchers reported: a reconstruction)
            r = read_evidence(e["file"], data, minter=minter, product=e.get("product"),
                              vendor=e.get("vendor"), context=e.get("context", []),
                              vantage=e.get("vantage"), captured_by=e.get("captured_by"),
                              reconstruction=bool(e.get("reconstruction")))
            store_document(store, minter, r.key, r.graph)
            say(f"imported {e['file']}: {r.kind}")
    set_publish_mode(store, minter, "all")
    found = check(store, minter)
    say(f"checked {len(found)} contradiction(s)")
    return found
