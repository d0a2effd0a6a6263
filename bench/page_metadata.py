"""How well privacykg reads a page's metadata (title, date, authors, publisher).

A finding is cited by who published it, when and under what title, and a contradiction
names the article it came from: wrong metadata puts a claim on the wrong outlet or day.
This script scores `read_article`'s metadata against the human answers of trafilatura's
evaluation set, and runs trafilatura alone on the same pages as the reference (privacykg
reads JSON-LD, OpenGraph and meta tags first and asks trafilatura for the byline and site
name only when those say nothing), so each field can be compared with what trafilatura
would have given.

The set is public and is never committed: fetch it into a scratch folder
(`fetch github:adbar/trafilatura`; commit e90b0ef5 was used) and export the pages and
answers from the fetched git folder:

    mkdir -p /tmp/scratch/traf-eval && git archive HEAD tests/eval tests/evaldata.json \\
        tests/cache | tar -x -C /tmp/scratch/traf-eval
    .venv/bin/python bench/page_metadata.py /tmp/scratch/traf-eval/tests [--misses author]

`evaldata.json` maps a page's URL to its file (looked up in `cache/`, then `eval/`, as
trafilatura's tests/eval_common.py does) and its answers. Each field is scored over the
pages whose answer has it; a page privacykg refuses (SourceError) or trafilatura gives
nothing for counts as a miss for every field. Keys that are not http(s) URLs ("hard::…")
are read without a URL, by both. `--misses FIELD` prints every miss of one field (file,
answer, privacykg's, trafilatura's) to study them.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scrapers.article import parse_date, read_article
from scrapers.errors import SourceError
from scrapers.netinfo import registrable_domain
from scrapers.source_url import is_source_url

FIELDS = ("title", "date", "author", "publisher")
_QUOTES = re.compile("[\"'`´‘’‚‛“”„‟«»‹›「」『』]")
_TRAILING = " .,;:!?…-–—|·/"
_SUFFIX = re.compile(r"^\s*[|\-–—:·»/]+\s*\S")
# how a gold author string lists several people
_GOLD_SEPARATORS = re.compile(r"\s*;\s*|\s+and\s+|\s*,\s*")
# the same, with German "und" and "&" too: seven answers list people that way
_WIDER_SEPARATORS = re.compile(r"\s*;\s*|\s+(?:and|und)\s+|\s*[,&]\s*")
_BY = re.compile(r"^by\s+", re.I)


@dataclass
class Meta:
    """One reader's metadata of one page (None: the reader gave nothing for the page)."""

    title: str | None = None
    date: date | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None


@dataclass
class Page:
    """A page of the set: its answers, privacykg's reading and trafilatura's."""

    key: str
    file: str
    gold: dict[str, Any]
    ours: Meta | None = None
    theirs: Meta | None = None
    refused: str | None = None  # privacykg's SourceError
    crashed: str | None = None  # trafilatura's exception


def resolve(folder: Path, name: str) -> Path | None:
    """The page's file: `cache/` first, then `eval/`, as trafilatura's own scripts look."""
    for sub in ("cache", "eval"):
        path = folder / sub / name
        if path.is_file():
            return path
    return None


def page_url(key: str) -> str | None:
    """The set's key as the page's URL, or None when it is not one ("hard::…")."""
    url = key.strip()
    return url if is_source_url(url) else None


def split_gold(value: Any, separators: re.Pattern[str] = _GOLD_SEPARATORS) -> list[str]:
    """Gold names: a list as it is, a string split on ";", " and " and ","."""
    if isinstance(value, list):
        return [str(x) for x in value if str(x).strip()]
    if not isinstance(value, str):
        return []
    return [p for p in separators.split(value) if p.strip()]


def norm_name(name: str) -> str:
    """A person's name for comparison: case, spacing and a leading "By " do not count."""
    text = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return _BY.sub("", text).strip(" ,.;:")


def norm_title(title: str | None) -> str:
    """A title for comparison: case, spacing, quotes and trailing punctuation do not count."""
    if not title:
        return ""
    text = _QUOTES.sub("", unicodedata.normalize("NFKC", title).casefold())
    return " ".join(text.split()).strip(_TRAILING)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]", "", text.casefold())


def _domain_word(text: str) -> str:
    """"www.theguardian.com" -> "theguardian"; anything not a host name as it is."""
    t = text.strip().casefold()
    if re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", t):
        return registrable_domain(t).split(".")[0]
    return t


def same_publisher(gold: str, ours: str | None) -> bool:
    """Whether two site names are the same outlet: equal once normalised, one inside the
    other ("the Guardian" / "Guardian News"), or one the other's domain ("netzpolitik.org")."""
    if not ours:
        return False
    for a, b in ((gold, ours), (_domain_word(gold), _domain_word(ours))):
        sa, sb = _squash(a), _squash(b)
        if sa and sb and (sa == sb or sa in sb or sb in sa):
            return True
    return False


def _ours(data: bytes, path: Path, url: str | None) -> tuple[Meta | None, str | None]:
    try:
        a = read_article(data, source=str(path), media_type="html", url=url)
    except SourceError as e:
        return None, e.problem
    return Meta(a.title, a.published, list(a.authors), a.publisher), None


def _theirs(data: bytes, url: str | None) -> tuple[Meta | None, str | None]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    except Exception as e:  # a crash is a miss, as in trafilatura's own eval_authors.py
        return None, f"{type(e).__name__}: {e}"
    if doc is None:
        return None, None
    authors = [p for p in re.split(r"\s*;\s*", doc.author or "") if p.strip()]
    return Meta(doc.title, parse_date(doc.date), authors, doc.sitename), None


def read_one(task: tuple[str, str]) -> tuple[Meta | None, str | None, Meta | None, str | None]:
    """Both readers on one page (a worker's job): (ours, refusal, theirs, crash)."""
    path, key = Path(task[0]), task[1]
    data = path.read_bytes()
    url = page_url(key)
    return (*_ours(data, path, url), *_theirs(data, url))


def _quiet_logging() -> None:
    # trafilatura and htmldate warn through logging about every odd page
    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).addHandler(logging.NullHandler())


def read_all(folder: Path, answers: dict[str, dict[str, Any]], jobs: int) -> list[Page]:
    """Every page the set has a file for, read by both, in `jobs` processes."""
    pages, tasks = [], []
    for key in sorted(answers):
        item = answers[key]
        path = resolve(folder, item.get("file", ""))
        if path is None:
            print(f"{item.get('file')}: not in cache/ or eval/, skipped", file=sys.stderr)
            continue
        pages.append(Page(key, item["file"], item))
        tasks.append((str(path), key))
    start = time.monotonic()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_quiet_logging) as pool:
        for i, (page, result) in enumerate(zip(pages, pool.map(read_one, tasks, chunksize=4),
                                               strict=True), 1):
            page.ours, page.refused, page.theirs, page.crashed = result
            if i % 100 == 0 or i == len(pages):
                print(f"{i}/{len(pages)} pages, {time.monotonic() - start:.0f} s",
                      file=sys.stderr)
    return pages


# --- scoring -----------------------------------------------------------------

def has(page: Page, name: str) -> bool:
    """Whether the page's answer has the field (a non-empty value)."""
    if name == "author":
        return bool(split_gold(page.gold.get("author")))
    if name == "date":
        return parse_date(page.gold.get("date")) is not None
    return bool((page.gold.get({"publisher": "sitename"}.get(name, name)) or "").strip())


def title_right(page: Page, meta: Meta | None) -> bool:
    return meta is not None and norm_title(meta.title) == norm_title(page.gold["title"])


def keeps_suffix(page: Page, meta: Meta | None) -> bool:
    """A miss that is the answer plus "| Site" or "- Site" after it."""
    if meta is None or not meta.title:
        return False
    ours, gold = norm_title(meta.title), norm_title(page.gold["title"])
    return bool(gold) and ours.startswith(gold) and bool(_SUFFIX.match(ours[len(gold):]))


def date_right(page: Page, meta: Meta | None) -> bool:
    return meta is not None and meta.date == parse_date(page.gold["date"])


def author_counts(page: Page, meta: Meta | None,
                  separators: re.Pattern[str] = _GOLD_SEPARATORS) -> tuple[int, int, int]:
    """(names right, names given, names in the answer) on one page."""
    gold = Counter(norm_name(n) for n in split_gold(page.gold["author"], separators))
    given = Counter(norm_name(n) for n in (meta.authors if meta else []))
    given.pop("", None)
    return sum((gold & given).values()), sum(given.values()), sum(gold.values())


def author_right(page: Page, meta: Meta | None) -> bool:
    right, given, wanted = author_counts(page, meta)
    return right == given == wanted


def publisher_right(page: Page, meta: Meta | None) -> bool:
    return meta is not None and same_publisher(page.gold["sitename"], meta.publisher)


RIGHT = {"title": title_right, "date": date_right, "author": author_right,
         "publisher": publisher_right}


def _pct(n: int, d: int) -> str:
    return f"{n} ({100 * n / d:.1f} %)" if d else "—"


def _f1(right: int, given: int, wanted: int) -> str:
    p, r = right / max(given, 1), right / max(wanted, 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{f:.3f} (P {p:.3f}, R {r:.3f})"


def report(pages: list[Page]) -> str:
    """The Markdown table and the counts under it."""
    by = {name: [p for p in pages if has(p, name)] for name in FIELDS}
    sides = {"privacykg": lambda p: p.ours, "trafilatura alone": lambda p: p.theirs}
    rows: list[list[str]] = []
    notes: list[str] = []

    def row(label: str, n: int, *cells: str) -> None:
        rows.append([label, str(n), *cells])

    titled = by["title"]
    row("title right", len(titled), *(_pct(sum(title_right(p, m(p)) for p in titled),
                                           len(titled)) for m in sides.values()))
    dated = by["date"]
    row("date same day", len(dated), *(_pct(sum(date_right(p, m(p)) for p in dated),
                                            len(dated)) for m in sides.values()))
    precision = []
    for m in sides.values():
        given = [p for p in dated if m(p) is not None and m(p).date is not None]
        precision.append(_pct(sum(date_right(p, m(p)) for p in given), len(given))
                         + f" of {len(given)}")
    row("date precision (right of those given)", len(dated), *precision)
    authored = by["author"]
    f1 = []
    for m in sides.values():
        sums = [sum(x) for x in zip(*(author_counts(p, m(p)) for p in authored), strict=True)]
        f1.append(_f1(*sums))
    row("author F1 (micro, names)", len(authored), *f1)
    row("author: page's names exactly", len(authored),
        *(_pct(sum(author_right(p, m(p)) for p in authored), len(authored))
          for m in sides.values()))
    sited = by["publisher"]
    row("publisher found (any)", len(sited),
        *(_pct(sum(bool(m(p) and m(p).publisher) for p in sited), len(sited))
          for m in sides.values()))
    row("publisher matches the answer", len(sited),
        *(_pct(sum(publisher_right(p, m(p)) for p in sited), len(sited))
          for m in sides.values()))

    for label, m in sides.items():
        misses = [p for p in titled if not title_right(p, m(p))]
        notes.append(f"- title, {label}: {len(misses)} misses, of which "
                     f"{sum(keeps_suffix(p, m(p)) for p in misses)} keep a site-name suffix "
                     f"(\"… | Site\", \"… - Site\"), "
                     f"{sum(not (m(p) and m(p).title) for p in misses)} give no title")
    for label, m in sides.items():
        notes.append(f"- date, {label}: no date on "
                     f"{sum(not (m(p) and m(p).date) for p in dated)} of {len(dated)} pages")
    bad = [p.gold["date"] for p in pages
           if (p.gold.get("date") or "").strip() and not has(p, "date")]
    if bad:
        notes.append(f"- date: {len(bad)} answers are not dates and are left out "
                     f"({', '.join(map(repr, bad))})")
    for label, m in sides.items():
        equal = sum(bool(m(p)) and _squash(m(p).publisher or "") == _squash(p.gold["sitename"])
                    for p in sited)
        notes.append(f"- publisher, {label}: {equal} of {len(sited)} equal to the answer once "
                     "normalised, without containment or domain")
    wider = []
    for m in sides.values():
        sums = [sum(x) for x in zip(*(author_counts(p, m(p), _WIDER_SEPARATORS)
                                      for p in authored), strict=True)]
        wider.append(_f1(*sums))
    notes.append(f"- author F1 with the answer also split on \" und \" and \"&\": privacykg "
                 f"{wider[0]}, trafilatura {wider[1]}")
    for label, m in sides.items():
        notes.append(f"- author, {label}: no author on "
                     f"{sum(not (m(p) and m(p).authors) for p in authored)} of "
                     f"{len(authored)} pages")
    empty = [p for p in pages if p.gold.get("author") == ""]
    notes.append("- author named where the answer has none: not measurable. The set scores "
                 "authors only where it names one (trafilatura's tests/eval_authors.py skips "
                 f"the rest); {len(empty)} answers hold an empty string, which the set does "
                 "not say means \"no author on the page\" rather than \"not annotated\". "
                 "Raw counts only, not a false-positive rate: privacykg names someone on "
                 f"{sum(bool(p.ours and p.ours.authors) for p in empty)}, trafilatura on "
                 f"{sum(bool(p.theirs and p.theirs.authors) for p in empty)}")
    notes.append(f"- {len(pages)} pages; privacykg refused {sum(bool(p.refused) for p in pages)}"
                 f" (SourceError), trafilatura gave nothing for "
                 f"{sum(p.theirs is None for p in pages)} (crashed on "
                 f"{sum(bool(p.crashed) for p in pages)}); both count as misses. "
                 f"{sum(page_url(p.key) is None for p in pages)} read without a URL "
                 "(the set's key is not an http(s) URL)")
    refusals = Counter(p.refused for p in pages if p.refused)
    notes += [f"  - refused {n}×: {why}" for why, n in refusals.most_common()]

    head = ["field", "pages", *sides]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines + [""] + notes)


def _show(meta: Meta | None, name: str) -> str:
    if meta is None:
        return "(nothing)"
    value = {"title": meta.title, "date": meta.date, "publisher": meta.publisher,
             "author": "; ".join(meta.authors)}[name]
    return repr(str(value)) if value else "-"


def misses(pages: list[Page], name: str) -> list[str]:
    """privacykg's misses of one field, each with the answer and trafilatura's value."""
    key = {"publisher": "sitename"}.get(name, name)
    out = []
    for p in pages:
        if not has(p, name) or RIGHT[name](p, p.ours):
            continue
        ours = f"refused: {p.refused}" if p.refused else _show(p.ours, name)
        mark = "ok" if RIGHT[name](p, p.theirs) else "miss"
        out.append(f"{p.file}\tanswer {p.gold[key]!r}\tours {ours}\t"
                   f"trafilatura ({mark}) {_show(p.theirs, name)}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="the folder holding evaldata.json, cache/, eval/")
    ap.add_argument("--misses", choices=FIELDS, help="print privacykg's misses of one field")
    ap.add_argument("--limit", type=int, help="only the first N pages (sorted by URL)")
    ap.add_argument("--half", choices=("even", "odd"),
                    help="only the pages at even (0, 2, …) or odd indexes in evaldata.json's "
                         "order: study misses on one half, confirm a change on the other")
    ap.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    args = ap.parse_args(argv)
    try:
        answers = json.loads((args.folder / "evaldata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{args.folder / 'evaldata.json'}: {e}", file=sys.stderr)
        return 2
    if not isinstance(answers, dict) or not answers:
        print(f"{args.folder / 'evaldata.json'}: not a map of URL to answers", file=sys.stderr)
        return 2
    if args.half:
        start = 0 if args.half == "even" else 1
        answers = {k: answers[k] for k in list(answers)[start::2]}
    if args.limit:
        answers = {k: answers[k] for k in sorted(answers)[:args.limit]}
    _quiet_logging()
    pages = read_all(args.folder, answers, max(1, args.jobs))
    if not pages:
        print(f"{args.folder}: no page files found", file=sys.stderr)
        return 2
    print(report(pages))
    if args.misses:
        found = misses(pages, args.misses)
        print(f"\n{args.misses}: {len(found)} misses (file, answer, privacykg, trafilatura)")
        print("\n".join(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
