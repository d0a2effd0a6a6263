"""Cut a source's full text into runs for the page that shows it with every extracted
statement highlighted: offsets come from the statements' `oa:start`/`oa:end`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Label:
    """One statement's tag after its highlight: what it is and where it lives."""

    iri: str
    kind: str        # "claim" or "finding"
    aspect: str      # CONTRACT.md name with spaces ("data location")
    polarity: str    # "positive" or "negative"


@dataclass
class Run:
    """A piece of the text: plain (no statements), or covered by one or more statements.
    `labels` are the statements that end with this run, shown right after it."""

    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        """The CSS class of the highlight: a claim wins over a finding in a shared span."""
        if not self.kinds:
            return None
        return "claim" if "claim" in self.kinds else "finding"


def runs(text: str, spans: list[tuple[int, int, Label]]) -> list[Run]:
    """The text cut at every statement boundary. Overlapping and nested statements are
    all kept (a sentence often carries several aspects); spans outside the text are
    clipped, empty ones dropped."""
    n = len(text)
    clean = [(max(0, s), min(n, e), lab) for s, e, lab in spans if min(n, e) > max(0, s)]
    cuts = sorted({0, n, *(s for s, _, _ in clean), *(e for _, e, _ in clean)})
    out: list[Run] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [lab for s, e, lab in clean if s <= a and b <= e]
        ending = [lab for s, e, lab in clean if e == b]
        kinds = sorted({lab.kind for lab in covering})
        out.append(Run(text[a:b], kinds, ending))
    return out or [Run(text)]
