"""How many statements privacykg finds on ordinary news pages (precision off topic).

Most news is not about data practices, so a fact-checker's archive must not fill with
invented claims and findings. This script reads every saved page (.html or .html.gz) in
a folder, the way `privacykg extract` does, and prints how many statements it finds and
on how many pages, then each statement with its page so a reader can judge them.

The page set is public and is never committed: fetch Zyte's article-extraction-benchmark
(github:scrapinghub/article-extraction-benchmark, its html/ folder) into a scratch folder
and point this script at it:

    python bench/news_pages.py /tmp/scratch/zyte/html

With `--truth ground-truth.json` (the set's answers: page id -> {"articleBody": …}) it
also prints the body text's token precision and recall against them, micro-averaged
over the pages, and how many pages lose more than a tenth of the body.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from scrapers.article import read_article
from scrapers.errors import SourceError
from scrapers.statements import find_statements


def pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith((".html", ".html.gz")))


def read(page: Path) -> bytes:
    data = page.read_bytes()
    return gzip.decompress(data) if page.name.endswith(".gz") else data


def _tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="a folder of saved pages (.html, .html.gz)")
    ap.add_argument("--quiet", action="store_true", help="print only the totals")
    ap.add_argument("--truth", type=Path, help="the set's ground-truth.json, to score the body")
    args = ap.parse_args(argv)
    truth: dict = {}
    if args.truth:
        try:
            truth = json.loads(args.truth.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"{args.truth}: {e}", file=sys.stderr)
            return 2
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 2
    found = pages(args.folder)
    if not found:
        print(f"{args.folder}: no .html or .html.gz pages", file=sys.stderr)
        return 2
    total, with_any, unreadable = 0, 0, 0
    common = got = expected = losing = scored = 0
    given: Counter[str] = Counter()   # pages whose metadata has the field at all
    for page in found:
        answer = truth.get(page.name.split(".")[0], {})
        try:  # (with the set's URL, as `ingest --url` gives it)
            article = read_article(read(page), source=str(page), media_type="html",
                                   url=answer.get("url"))
        except SourceError:
            unreadable += 1
            continue
        for field in ("title", "publisher", "published", "authors"):
            given[field] += bool(getattr(article, field))
        body = answer.get("articleBody")
        if body:
            ours, theirs = _tokens(article.text), _tokens(body)
            overlap = sum((ours & theirs).values())
            common, got, expected = common + overlap, got + sum(ours.values()), \
                expected + sum(theirs.values())
            losing += overlap < 0.9 * sum(theirs.values())
            scored += 1
        statements = find_statements(article.text, publisher=article.publisher,
                                     title=article.title)
        total += len(statements)
        with_any += bool(statements)
        if not args.quiet:
            for s in statements:
                print(f"{page.name[:16]}  {s.kind:7} {s.aspect:20} {s.text[:150]!r}")
    read_pages = len(found) - unreadable
    print(f"{total} statements on {with_any} of {read_pages} pages "
          f"({total / max(read_pages, 1):.2f} a page; {unreadable} pages without text)")
    print("metadata given (any value; the set has no answers for it): " + ", ".join(
        f"{field} {n} ({n / max(read_pages, 1):.1%})" for field, n in given.items()))
    if scored:
        print(f"body tokens on {scored} pages: precision {common / max(got, 1):.3f}, recall "
              f"{common / max(expected, 1):.3f}; {losing} pages lose over a tenth of the body")
    return 0


if __name__ == "__main__":
    sys.exit(main())
