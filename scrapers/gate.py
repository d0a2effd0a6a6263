"""A cheap test in front of a regular expression: the literal words every match must
contain (one of a few alternatives), looked for in the lower-cased text before the
pattern is run.

Most cue patterns do not match most sentences, and a substring test costs far less than
Python's regex engine trying a long alternation at every position. The gate only ever
skips a search that would find nothing, so results are the same with or without it.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from re import _constants as sre  # the parse tree of a pattern: what every match contains
from re import _parser as sre_parse
from typing import Any

# Under IGNORECASE these four characters match ASCII letters although lower() does not
# turn them into one; texts with them are searched without the gate.
FOLDS_INTO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: long needles, few of them."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(4, *map(len, c)), -len(c)))


def _sequence(items: Any) -> frozenset[str] | None:
    """Literals one of which every match of this sequence of nodes contains."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        need = _node(op, av)
        if need:
            candidates.append(need)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return _best(candidates)


def _node(op: Any, av: Any) -> frozenset[str] | None:
    if op is sre.BRANCH:
        needs = [_sequence(branch) for branch in av[1]]
        if any(n is None for n in needs):
            return None
        return frozenset().union(*needs)
    if op is sre.SUBPATTERN:
        return _sequence(av[3])
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op in _REPEATS:
        low, _, body = av
        return _sequence(body) if low >= 1 else None
    return None  # classes, anchors, look-arounds, back-references: nothing required


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which is in every match, or None when the pattern
    requires none (or cannot be read)."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 — an unreadable pattern is just never gated
        return None
    need = _sequence(tree)
    return need if need and all(need) else None


@lru_cache(maxsize=16)
def _lowered(text: str) -> str | None:
    return None if FOLDS_INTO_ASCII.search(text) else text.lower()


class Gated:
    """A compiled pattern that is run only when the text may hold a match."""

    __slots__ = ("compiled", "needles")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.compiled = pattern
        needles = required_literals(pattern)
        self.needles = tuple(sorted(needles)) if needles else None

    def _hopeless(self, text: str) -> bool:
        needles = self.needles
        if needles is None:
            return False
        low = _lowered(text)
        if low is None:
            return False
        for n in needles:  # noqa: SIM110 — a plain loop costs half of all() over a generator
            if n in low:
                return False
        return True

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return None if self._hopeless(text) else self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return None if self._hopeless(text) else self.compiled.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0,
                  endpos: int = sys.maxsize) -> re.Match[str] | None:
        return None if self._hopeless(text) else self.compiled.fullmatch(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return [] if self._hopeless(text) else self.compiled.findall(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        return iter(()) if self._hopeless(text) else self.compiled.finditer(text, pos, endpos)

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        return text if self._hopeless(text) else self.compiled.sub(repl, text, count)

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        return [text] if self._hopeless(text) else self.compiled.split(text, maxsplit)

    def __getattr__(self, name: str) -> Any:  # .pattern, .flags, …
        return getattr(self.compiled, name)
