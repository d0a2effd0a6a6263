"""scrapers.gate: the literals every match needs, and gated patterns finding exactly what
the patterns themselves find (on the fixture texts, upper-cased, and with characters
IGNORECASE folds onto ASCII letters)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scrapers import aspects, attribution, normalise, statements
from scrapers.gate import Gated, required_literals

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def test_required_literals_of_simple_patterns():
    assert required_literals(re.compile(r"\b(?:collect(?:s|ed)?|gather)\b", re.I)) \
        == {"collect", "gather"}
    assert required_literals(re.compile(r"(?:x[ab]c|ZZZ)+")) == {"x", "zzz"}
    assert required_literals(re.compile(r"\w+(?:foo)?")) is None
    assert required_literals(re.compile(r"foo|\d+")) is None
    assert required_literals(re.compile(r"caf\u00e9")) == {"caf"}


def _texts() -> list[str]:
    sentences = [s for f in sorted(FIXTURES.glob("*.txt"))
                 for s in re.split(r"(?<=[.!?])\s+", f.read_text("utf-8"))]
    odd = [s.upper() for s in sentences[:100]]
    odd += [s.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131")
            for s in sentences[:100]]
    return sentences + odd + ["", "?", "İ", "STORES DATA IN İRELAND"]


def _gated() -> list[tuple[str, Gated]]:
    return [(f"{m.__name__}.{k}", v) for m in (aspects, attribution, normalise, statements)
            for k, v in vars(m).items() if isinstance(v, Gated)]


@pytest.mark.parametrize(("name", "gated"), _gated(), ids=[n for n, _ in _gated()])
def test_gated_patterns_find_what_the_patterns_find(name, gated):
    raw = gated.compiled
    for text in _texts():
        m, g = raw.search(text), gated.search(text)
        assert (m and m.span()) == (g and g.span()), (name, text)
        assert raw.findall(text) == gated.findall(text), (name, text)
        assert raw.sub("#", text) == gated.sub("#", text), (name, text)
