"""Contradictions found on our own extraction set, through the real pipeline.

Each article of tests/fixtures/extraction is ingested into a fresh embedded store,
`check` runs every rule, and the result is matched against the article's annotated
contradictions the way the official evaluation matches them: same aspect, the
claim's text (or one of its appearances') covers the annotated claim quote and the
evidence's covers the annotated finding quote (>= 70% of the quote's tokens).

    python tests/contradiction_metrics.py      # a table per article and overall
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from extraction_metrics import coverage  # noqa: E402

from kg.check import as_json, check  # noqa: E402
from kg.ingest import Metadata, extract, store_extraction  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402
from ontologies.iris import Minter  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def _texts(side: dict) -> list[str]:
    """A side's own text and its appearances' (a claim repeated in several sentences is
    one claim; the official evaluation reads every appearance too)."""
    return [side.get("text") or side.get("description") or "",
            *(a.get("text") or "" for a in side.get("appearances") or [])]


def _covers(side: dict, quote: str) -> bool:
    return max(coverage(t, quote) for t in _texts(side)) >= 0.7


def score_article(path: Path) -> dict:
    gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
    store, minter = EmbeddedStore(None), Minter()
    x = extract(str(path), Metadata(url=f"https://news.example/{path.stem}",
                                    publisher=gold.get("publisher"), title=gold.get("title")),
                minter)
    store_extraction(store, minter, x)
    out = as_json(store, check(store, minter))["contradictions"]
    statements = gold["statements"]
    found, useful = set(), set()
    for gi, g in enumerate(gold.get("contradictions", [])):
        claim, ev = statements[g["claim"]], statements[g["evidence"]]
        for oi, o in enumerate(out):
            if (o["aspect"] == g["aspect"] and _covers(o["claim"], claim["quote"])
                    and _covers(o["evidence"], ev["quote"])):
                found.add(gi)
                useful.add(oi)
    n_gold = len(gold.get("contradictions", []))
    return {"article": path.stem, "gold": n_gold, "output": len(out), "found": len(found),
            "useful": len(useful)}


def main() -> None:
    rows = [score_article(p) for p in sorted(FIXTURES.glob("*.txt"))]
    print(f"{'article':20} {'gold':>5} {'out':>5} {'P':>5} {'R':>5}")
    for r in rows:
        p = r["useful"] / r["output"] if r["output"] else (1.0 if not r["gold"] else 0.0)
        rec = r["found"] / r["gold"] if r["gold"] else 1.0
        print(f"{r['article']:20} {r['gold']:5} {r['output']:5} {p:5.2f} {rec:5.2f}")
    g = sum(r["gold"] for r in rows)
    o = sum(r["output"] for r in rows)
    p = sum(r["useful"] for r in rows) / o if o else 0.0
    rec = sum(r["found"] for r in rows) / g if g else 0.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    print(f"overall contradictions precision={p:.2f} recall={rec:.2f} f1={f1:.2f} "
          f"(gold={g}, output={o})")


if __name__ == "__main__":
    main()
