"""Articles per second through the real extractor, on one core.

    .venv/bin/python bench/ingest_bench.py [--articles 300] [--batch 0] [--seed 7] [--max-s 120]

Generated article texts (template sentences about made-up companies, written here) go
through scrapers.statements.find_statements + statement_graph.article_graph and are stored with
kg.ingest's store_documents into an embedded store on disk (one named graph each).
By default (--batch 0) as `privacykg ingest a/*.txt` does it (kg/cli.py): every article
read and extracted first, its statements and graph kept, then all of them stored in one
store_documents call (so bad input stores nothing); with that many new documents the
store takes Oxigraph's bulk loader (kg.store.BULK_MIN_QUADS). --batch N stores every N
articles in one call instead (--batch 1: one `privacykg ingest` per article; until
2026-11-27 that was the default, and the headline figure).
Timed in three parts (extract, graph, store); pinned to one core when the OS lets us.
Besides wall-clock rates, the CPU time the process used is reported: on a machine shared
with other work the wall clock also counts the time others held the core.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ingest import store_documents  # noqa: E402
from kg.store import EmbeddedStore  # noqa: E402
from ontologies.iris import Minter  # noqa: E402
from scrapers.statement_graph import article_graph, document_key  # noqa: E402
from scrapers.statements import find_statements  # noqa: E402
from scrapers.types import Article  # noqa: E402

NAMES = ["Brightloop", "Velora", "Quenta", "Marlix", "Zephyrio", "Tandemly", "Orbisa", "Kelvra"]
PRODUCTS = ["Browser", "Fit", "Maps", "Cloud", "Assistant"]
PLACES = ["Ireland", "Germany", "India", "Singapore", "Virginia", "Brazil", "Japan"]
LABS = ["the Harbor Privacy Lab", "researchers at Open Signal Lab", "the Daily Ledger"]
DATA = ["location data", "browsing history", "heart-rate data", "voice recordings",
        "contacts", "search queries"]
CLAIMS = [
    "{co} says that {data} is stored on servers in {place}.",
    "A {co} spokesperson, {person}, said the data is encrypted and anonymised.",
    "{co} says it never sells {data} to advertisers.",
    "According to its privacy policy, {co} keeps {data} for {months} months.",
    "{co} said users must opt in before any {data} is collected.",
    "{co} says its {product} does not collect {data} in incognito mode.",
    "{co} says it uses end-to-end encryption for all messages.",
    "{co} said its practices are certified by TrustArc.",
]
FINDINGS = [
    "An investigation by {lab} found that {co} stores {data} on servers in {place2}.",
    "Researchers found that the {co} {product} sends {data} to Tapstat.",
    "{lab} showed that the {product} app sent {data} encoded only in base64.",
    "The report found that {co} kept {data} for {years} years.",
    "Tests by {lab} showed that {co} collects {data} in incognito mode.",
    "{co} was found to be sharing {data} with advertisers.",
]
FILLER = [
    "The company did not respond to a request for comment.",
    "The app has been downloaded more than {n} million times.",
    "Shares of the company rose slightly on the news.",
    "Privacy advocates have long criticised the industry.",
]
PEOPLE = ["Dana Ruiz", "Arjun Mehta", "Lena Vogt", "Kofi Mensah"]


def article_text(rng: random.Random, i: int) -> tuple[str, str, str]:
    co = rng.choice(NAMES)
    product = f"{co} {rng.choice(PRODUCTS)}"

    def fill(t: str) -> str:
        place, place2 = rng.sample(PLACES, 2)
        return t.format(co=co, product=product, data=rng.choice(DATA), place=place,
                        place2=place2, lab=rng.choice(LABS), person=rng.choice(PEOPLE),
                        months=rng.choice([6, 12, 18]), years=rng.choice([2, 3, 5]),
                        n=rng.randint(2, 90))

    paras = []
    for _ in range(rng.randint(4, 7)):
        sents = [fill(rng.choice(CLAIMS)), fill(rng.choice(FINDINGS))]
        if rng.random() < 0.7:
            sents.append(fill(rng.choice(FILLER)))
        rng.shuffle(sents)
        paras.append(" ".join(sents))
    title = f"{co} and your data: what story {i} found"
    return title, "\n\n".join(paras), rng.choice(["The Daily Ledger", "Tech Courier"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--max-s", type=float, default=120.0, help="stop after this many seconds")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch", type=int, default=0,
                    help="articles stored in one write (0: all, as `privacykg ingest` does)")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    rng = random.Random(a.seed)
    texts = [article_text(rng, i) for i in range(a.articles)]
    minter = Minter()
    find_statements(texts[0][1], title=texts[0][0])  # warm caches (gazetteers, regexes)
    rates, cpu_rates, parts_all = [], [], []
    n_statements = 0
    for run in range(a.repeat):
        folder = tempfile.mkdtemp(prefix="privacykg-ingest-")
        store = EmbeddedStore(folder)
        parts = {"extract": 0.0, "graph": 0.0, "store": 0.0}
        t0 = time.perf_counter()
        c0 = time.process_time()
        done = 0
        n_statements = 0
        pending: list = []
        kept: list = []  # what the CLI holds until it stores: articles, statements, graphs
        for i, (title, text, publisher) in enumerate(texts):
            if time.perf_counter() - t0 > a.max_s:
                break
            article = Article(text=text, source=f"https://news.example/bench/{i}",
                              url=f"https://news.example/bench/{i}", title=title,
                              publisher=publisher, published=date(2026, 1, 1 + i % 28),
                              language="en")
            t = time.perf_counter()
            statements = find_statements(text, publisher=publisher, title=title)
            t2 = time.perf_counter()
            graph, doc = article_graph(article, statements, minter)
            t3 = time.perf_counter()
            pending.append((document_key(article), graph))
            kept.append((article, statements, graph))
            if len(pending) >= (a.batch or len(texts)) or i == len(texts) - 1:
                store_documents(store, minter, pending)
                pending = []
                kept = []
            t4 = time.perf_counter()
            parts["extract"] += t2 - t
            parts["graph"] += t3 - t2
            parts["store"] += t4 - t3
            done += 1
            n_statements += len(statements)
        if pending:
            t = time.perf_counter()
            store_documents(store, minter, pending)
            parts["store"] += time.perf_counter() - t
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
        rates.append(done / elapsed)
        cpu_rates.append(done / cpu)
        parts_all.append({k: v / done * 1000 for k, v in parts.items()})
        print(f"run {run + 1}: {done} articles in {elapsed:.2f} s = {done / elapsed:.1f} "
              f"articles/s ({done / cpu:.1f} per CPU second); {n_statements} statements; "
              "ms/article: "
              + ", ".join(f"{k} {v / done * 1000:.1f}" for k, v in parts.items()), flush=True)
    med = {k: statistics.median(p[k] for p in parts_all) for k in parts_all[0]}
    print(f"median: {statistics.median(rates):.1f} articles/s (target >= 100), "
          f"{statistics.median(cpu_rates):.1f} per CPU second; ms/article "
          + ", ".join(f"{k} {v:.1f}" for k, v in med.items())
          + f"; {n_statements / len(texts):.1f} statements/article; maxrss "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
