"""Extraction time against text length, and how fast non-text is refused.

    .venv/bin/python bench/extract_bench.py [--kb 10 20 40 80 160] [--seed 7]

Texts of the shape that made extraction slow: long reports naming many companies, people
with roles and research labs, quotations and reporting verbs, plus text with no sentence
ends and capitalised gibberish. Each size is timed through `find_statements` (in this
process, best of three) and the 80 KB text and 80 KB of random bytes through the real
`privacykg extract` as whole processes. Linear time shows as a flat ms/KB column.
"""

from __future__ import annotations

import argparse
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers import organisations  # noqa: E402
from scrapers.statements import find_statements  # noqa: E402

_SYLLABLES = ["nor", "vik", "al", "der", "bri", "ta", "cal", "de", "ra", "dun", "mo", "ev",
              "er", "lin", "fjo", "gli", "mar", "ha", "wick", "io", "nix", "kes", "trel"]
_TEMPLATES = [
    "{c} said it stores customer data securely and does not sell it to third parties.",
    "Researchers at the {l} Lab found that the {c} app sends the device ID to {d}.",
    "“We never share location data,” said {p}, a spokesperson for {c}.",
    "{p}, {c}'s chief privacy officer, told reporters that recordings are deleted after 30 days.",
    "According to {d}, the merger with {c} is expected to close in the second half of the year.",
    "Shares of {c} rose {n} percent after analysts at {d} upgraded the stock.",
    "Visit https://www.{w}.com for details; the site uses SSL and secure checkout.",
    "The company also said that all data of users in Europe is kept on servers in Frankfurt.",
    "{d} Systems, a subsidiary of {c}, makes the {c} Cam and the {d} Browser.",
]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def report(kb: int, seed: int) -> str:
    """About `kb` KB of news text naming a new company every few sentences."""
    rng = random.Random(seed)
    companies = [_name(rng) for _ in range(kb * 6)]
    people = [f"{_name(rng)} {_name(rng)}" for _ in range(kb * 2)]
    paragraphs, size = ["Quarterly privacy roundup"], 0
    while size < kb * 1000:
        para = " ".join(rng.choice(_TEMPLATES).format(
            c=rng.choice(companies), d=rng.choice(companies), l=rng.choice(companies),
            p=rng.choice(people), n=rng.randint(2, 99), w=rng.choice(companies).lower())
            for _ in range(4))
        paragraphs.append(para)
        size += len(para) + 2
    return "\n\n".join(paragraphs)


def gibberish(kb: int, seed: int) -> str:
    """Capitalised letter salad with few sentence ends: every word a possible name."""
    rng = random.Random(seed)
    alphabet = string.ascii_letters + "   ,"
    return "".join(rng.choice(alphabet) for _ in range(kb * 1000))


def _best_of(text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        organisations.cast_for.cache_clear()  # a cold cast each time, as one `extract` has
        t = time.perf_counter()
        find_statements(text, publisher="Bench Daily", title=text[:60])
        times.append(time.perf_counter() - t)
    return min(times)


def _cli(path: Path) -> tuple[float, int, str]:
    t = time.perf_counter()
    done = subprocess.run([str(ROOT / ".venv/bin/privacykg"), "extract", str(path)],
                          capture_output=True, text=True, timeout=120)
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return time.perf_counter() - t, done.returncode, last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, nargs="+", default=[10, 20, 40, 80, 160])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print("| text | KB | find_statements | ms/KB | statements |")
    print("|---|---|---|---|---|")
    for shape, make in (("report", report), ("gibberish", gibberish)):
        for kb in args.kb:
            text = make(kb, args.seed)
            seconds = _best_of(text)
            n = len(find_statements(text, publisher="Bench Daily", title=text[:60]))
            print(f"| {shape} | {len(text) / 1000:.0f} | {seconds * 1000:.0f} ms | "
                  f"{seconds * 1e6 / len(text):.1f} | {n} |")
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp, "report.txt")
        text_file.write_text(report(80, args.seed), encoding="utf-8")
        noise = Path(tmp, "noise.txt")
        noise.write_bytes(random.Random(args.seed).randbytes(80_000))
        print("\n| whole process | seconds | exit | last line of stderr |")
        print("|---|---|---|---|")
        for label, path in (("extract 80 KB report", text_file),
                            ("extract 80 KB random bytes", noise)):
            seconds, code, last = _cli(path)
            print(f"| {label} | {seconds:.2f} | {code} | {last[:90]} |")
    print(f"\n{os.cpu_count()} cores; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
