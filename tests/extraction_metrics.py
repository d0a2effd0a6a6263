"""Score `scrapers.statements.find_statements` against our own extraction set.

The set lives in `tests/fixtures/extraction/`: one made-up news article per
`<id>.txt` and its hand annotation in `<id>.json`
(`{"title", "publisher", "statements": [...], "contradictions": [...]}`).

Matching follows the same idea as the official evaluation, re-implemented here:

* tokens are runs of letters, digits and `_`, lowercased;
* an output text *covers* a gold quote with the share of the quote's tokens
  that occur in the text -- a cover counts when it is at least 70%, and a text
  longer than max(80, 4 x quote tokens) covers nothing;
* a gold and an output statement can pair only when kind and aspect agree;
  pairs are taken greedily, best coverage first, each side at most once.

Besides precision / recall / F1 per article and in micro total, the matched
pairs are checked for polarity, claimant, context and every `values` key the
gold statement carries.

Run `python tests/extraction_metrics.py` (from the repository root) to print
the figures for the current extractor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extraction"

MIN_COVER = 0.7
MIN_LONG_TEXT = 80
LONG_TEXT_FACTOR = 4

_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------- tokens


def tokens(text: str | None) -> list[str]:
    """Runs of letters, digits and underscore, lowercased."""
    return [t.lower() for t in _TOKEN.findall(text or "")]


def coverage(text: str | None, quote: str) -> float:
    """Share of `quote`'s tokens found in `text`; 0.0 when `text` is too long.

    "Too long" means more than max(80, 4 x the quote's token count) tokens:
    a statement's text should be its sentence, not the whole article."""
    quote_tokens = tokens(quote)
    text_tokens = tokens(text)
    if not quote_tokens or not text_tokens:
        return 0.0
    if len(text_tokens) > max(MIN_LONG_TEXT, LONG_TEXT_FACTOR * len(quote_tokens)):
        return 0.0
    present = set(text_tokens)
    return sum(1 for t in quote_tokens if t in present) / len(quote_tokens)


def covers(text: str | None, quote: str) -> bool:
    return coverage(text, quote) >= MIN_COVER


# ------------------------------------------------------------------- matching


def _field(statement: Any, name: str, default: Any = None) -> Any:
    """Read a field from a Statement-like object or a mapping."""
    if isinstance(statement, Mapping):
        return statement.get(name, default)
    return getattr(statement, name, default)


def _output_text(statement: Any) -> str:
    text = _field(statement, "text")
    if text is None:
        text = _field(statement, "quote", "")
    return text or ""


def match(
    gold: Sequence[Mapping[str, Any]],
    output: Sequence[Any],
    *,
    use_aspect: bool = True,
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching; returns (gold index, output index, coverage).

    Candidates must share `kind` (and `aspect` unless `use_aspect` is False)
    and reach the minimum coverage. Best coverage is taken first; ties go to
    the earlier gold statement, then the earlier output statement."""
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for oi, o in enumerate(output):
            if _field(o, "kind") != g["kind"]:
                continue
            if use_aspect and _field(o, "aspect") != g["aspect"]:
                continue
            c = coverage(_output_text(o), g["quote"])
            if c >= MIN_COVER:
                candidates.append((c, gi, oi))
    candidates.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_gold: set[int] = set()
    used_output: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for c, gi, oi in candidates:
        if gi in used_gold or oi in used_output:
            continue
        used_gold.add(gi)
        used_output.add(oi)
        pairs.append((gi, oi, c))
    pairs.sort()
    return pairs


# ----------------------------------------------------------- attribute checks


def _norm_name(value: Any) -> str:
    """Organisation / person names: lowercased tokens, a leading "the" dropped."""
    toks = tokens(str(value)) if value else []
    if toks and toks[0] == "the":
        toks = toks[1:]
    return " ".join(toks)


def claimant_ok(gold: Any, out: Any) -> bool:
    """Same organisation: equal names, or one is the other's leading words
    (a short name such as "Halyard" for "Halyard Networks")."""
    g, o = _norm_name(gold).split(), _norm_name(out).split()
    if not g or not o:
        return g == o
    shorter, longer = sorted((g, o), key=len)
    return longer[: len(shorter)] == shorter


# A few context phrasings the annotation and an extractor may legitimately
# word differently; each maps to one canonical phrase before comparing.
CONTEXT_SYNONYMS: dict[str, str] = {
    "private mode": "incognito mode",
    "private browsing": "incognito mode",
    "incognito": "incognito mode",
    "logged out": "signed out",
    "when signed out": "signed out",
    "kids": "children",
    "minors": "children",
    "switched off": "opted out",
    "turned off": "opted out",
}


def _token_set(text: str) -> set[str]:
    phrase = " ".join(tokens(text))
    return set(CONTEXT_SYNONYMS.get(phrase, phrase).split())


def _similar(a: str, b: str) -> bool:
    ta, tb = _token_set(a), _token_set(b)
    if not ta and not tb:
        return True
    return len(ta & tb) / len(ta | tb) >= 0.5


def context_ok(gold: Iterable[str] | None, out: Iterable[str] | None) -> bool:
    """Contexts agree when every gold entry has a similar output entry and back.

    Similar = token Jaccard >= 0.5 after mapping `CONTEXT_SYNONYMS`, so
    "private mode" matches "incognito mode" and "in private mode", while
    "EU users" and "users in the EU" (2 of 4 tokens shared) just match."""
    g = [c for c in (gold or []) if c and c.strip()]
    o = [c for c in (out or []) if c and c.strip()]
    if not g and not o:
        return True
    return all(any(_similar(x, y) for y in o) for x in g) and all(
        any(_similar(y, x) for x in g) for y in o
    )


def _norm_value(value: Any) -> str:
    return " ".join(str(value).casefold().split())


def value_ok(gold: Any, out: Any) -> bool:
    """One `values` key: strings compare case-insensitively, lists as sets."""
    if out is None:
        return False
    if isinstance(gold, str) and isinstance(out, str):
        return _norm_value(gold) == _norm_value(out)
    g = {_norm_value(v) for v in ([gold] if isinstance(gold, str) else gold)}
    o = {_norm_value(v) for v in ([out] if isinstance(out, str) else out)}
    return g == o


@dataclass
class Tally:
    """Correct out of checked."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def merge(self, other: Tally) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


# -------------------------------------------------------------------- scores


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Score:
    """Statement figures for one article, or summed over several."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agnostic_tp: int = 0               # matches when the aspect is ignored
    polarity: Tally = field(default_factory=Tally)
    claimant: Tally = field(default_factory=Tally)
    context: Tally = field(default_factory=Tally)
    values: dict[str, Tally] = field(default_factory=dict)
    missed: list[Mapping[str, Any]] = field(default_factory=list)
    spurious: list[Any] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[2]

    @property
    def agnostic_recall(self) -> float:
        gold = self.tp + self.fn
        return self.agnostic_tp / gold if gold else 1.0

    def merge(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.agnostic_tp += other.agnostic_tp
        self.polarity.merge(other.polarity)
        self.claimant.merge(other.claimant)
        self.context.merge(other.context)
        for key, tally in other.values.items():
            self.values.setdefault(key, Tally()).merge(tally)
        self.missed.extend(other.missed)
        self.spurious.extend(other.spurious)


def score_article(
    gold: Sequence[Mapping[str, Any]], output: Sequence[Any], name: str = ""
) -> Score:
    """Compare one article's gold statements with the extractor's output."""
    pairs = match(gold, output)
    score = Score(name=name, tp=len(pairs), fp=len(output) - len(pairs),
                  fn=len(gold) - len(pairs))
    score.agnostic_tp = len(match(gold, output, use_aspect=False))
    matched_gold = {gi for gi, _, _ in pairs}
    matched_out = {oi for _, oi, _ in pairs}
    score.missed = [g for i, g in enumerate(gold) if i not in matched_gold]
    score.spurious = [o for i, o in enumerate(output) if i not in matched_out]
    for gi, oi, _ in pairs:
        g, o = gold[gi], output[oi]
        score.polarity.add(g.get("polarity") == _field(o, "polarity"))
        score.claimant.add(claimant_ok(g.get("claimant"), _field(o, "claimant")))
        score.context.add(context_ok(g.get("context"), _field(o, "context")))
        out_values = _field(o, "values") or {}
        for key, expected in (g.get("values") or {}).items():
            tally = score.values.setdefault(key, Tally())
            tally.add(value_ok(expected, out_values.get(key)))
    return score


def total(scores: Iterable[Score], name: str = "overall") -> Score:
    """Micro total: counts and tallies summed over articles."""
    summed = Score(name=name)
    for s in scores:
        summed.merge(s)
    return summed


# ------------------------------------------------------------------- fixtures


@dataclass
class Fixture:
    """One article of the set with its annotation."""

    id: str
    text: str
    title: str | None
    publisher: str | None
    statements: list[dict[str, Any]]
    contradictions: list[dict[str, Any]]


def load_fixtures(folder: Path = FIXTURES) -> list[Fixture]:
    """Every `<id>.txt` with its `<id>.json`, sorted by id."""
    fixtures = []
    for txt in sorted(folder.glob("*.txt")):
        ann = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        fixtures.append(
            Fixture(
                id=txt.stem,
                text=txt.read_text(encoding="utf-8"),
                title=ann.get("title"),
                publisher=ann.get("publisher"),
                statements=ann["statements"],
                contradictions=ann.get("contradictions", []),
            )
        )
    return fixtures


Extractor = Callable[..., Sequence[Any]]


def evaluate(extractor: Extractor, fixtures: Sequence[Fixture] | None = None) -> list[Score]:
    """Run `extractor(text, publisher=..., title=...)` on every article."""
    fixtures = load_fixtures() if fixtures is None else fixtures
    return [
        score_article(
            f.statements,
            list(extractor(f.text, publisher=f.publisher, title=f.title)),
            name=f.id,
        )
        for f in fixtures
    ]


# --------------------------------------------------------------------- report


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def report(scores: Sequence[Score]) -> str:
    """A plain-text table: one row per article, then the micro total."""
    overall = total(scores)
    width = max([len(s.name) for s in scores] + [len(overall.name)])
    head = (f"{'article':<{width}}  {'P':>5} {'R':>5} {'F1':>5}  "
            f"{'tp':>3} {'fp':>3} {'fn':>3}  {'R-any':>5}  {'pol':>5} {'clm':>5} {'ctx':>5}")
    lines = [head, "-" * len(head)]
    for s in [*scores, overall]:
        if s is overall:
            lines.append("-" * len(head))
        lines.append(
            f"{s.name:<{width}}  {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  "
            f"{s.tp:>3} {s.fp:>3} {s.fn:>3}  {s.agnostic_recall:5.2f}  "
            f"{_pct(s.polarity.accuracy)} {_pct(s.claimant.accuracy)} "
            f"{_pct(s.context.accuracy)}"
        )
    lines.append("")
    lines.append("values accuracy on matched pairs (correct/checked):")
    for key in sorted(overall.values):
        t = overall.values[key]
        lines.append(f"  {key:<12} {_pct(t.accuracy)}  ({t.correct}/{t.total})")
    lines.append("")
    lines.append(
        f"overall statement_f1={overall.f1:.2f} precision={overall.precision:.2f} "
        f"recall={overall.recall:.2f} polarity_acc={_pct(overall.polarity.accuracy).strip()}"
    )
    return "\n".join(lines)


def _describe_missed(scores: Sequence[Score]) -> str:
    lines = []
    for s in scores:
        for g in s.missed:
            lines.append(f"  MISSED  {s.name}: {g['kind']}/{g['aspect']}: {g['quote'][:90]}")
        for o in s.spurious:
            lines.append(
                f"  EXTRA   {s.name}: {_field(o, 'kind')}/{_field(o, 'aspect')}: "
                f"{_output_text(o)[:90]}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="also list missed gold and extra output statements")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from scrapers.statements import find_statements

    scores = evaluate(find_statements)
    print(report(scores))
    if args.verbose:
        print()
        print(_describe_missed(scores))
    if args.json:
        overall = total(scores)
        data = {
            s.name: {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                     "tp": s.tp, "fp": s.fp, "fn": s.fn,
                     "polarity": s.polarity.accuracy, "claimant": s.claimant.accuracy,
                     "context": s.context.accuracy,
                     "values": {k: t.accuracy for k, t in s.values.items()}}
            for s in [*scores, overall]
        }
        Path(args.json).write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
