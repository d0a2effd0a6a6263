"""The word gate in front of normalise's tables only skips patterns that cannot match:
every table finds what all of its patterns find, on the fixture texts and on words that
IGNORECASE folds unusually."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scrapers import normalise as nz

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
TABLES = ["_operator_res", "_certifier_res", "_standard_res", "_identifier_res",
          "_algorithm_res", "_category_res", "_context_res", "_country_table", "_demonym_table"]


def _texts() -> list[str]:
    sentences = [s for f in sorted(FIXTURES.glob("*.txt"))
                 for s in f.read_text("utf-8").replace("\n", " ").split(". ")]
    rng = random.Random(5)
    odd = []
    for s in sentences[:80]:
        # the characters IGNORECASE matches to ASCII letters, and other case changes
        odd.append(s.replace("k", "\u212a").replace("s", "\u017f").replace("i", "\u0131"))
        odd.append(s.upper())
        odd.append(" ".join(rng.sample(s.split(), len(s.split()))))
    return sentences + odd + ["", "IMEI", "AWS", "Ireland", "Singaporean servers"]


def _everything(table: nz._Table, text: str) -> list[tuple[int, str]]:
    return [(m.start(), v) for v, p in table.patterns.items() for m in p.finditer(text)]


@pytest.mark.parametrize("name", TABLES)
def test_gate_skips_only_patterns_that_cannot_match(name: str) -> None:
    table = getattr(nz, name)()
    for text in _texts():
        assert sorted(nz._find(table, text)) == sorted(_everything(table, text)), text


def test_forms_that_cannot_gate_are_always_tried() -> None:
    table = nz._Table.of({"none": [], "dotted": [".NET"], "plain": ["Azure"]})
    assert [v for v, _ in table.tried("nothing here")] == ["none", "dotted"]
    assert [v for v, _ in table.tried("on Azure")] == ["none", "dotted", "plain"]
