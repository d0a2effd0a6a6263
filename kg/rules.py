"""Contradiction rules: one SPARQL file each in `kg/rules/`, with a header a
fact-checker can read (id, aspect, what a match means, confidence, false positives).

Each rule is a SELECT returning ?claim ?evidence ?confidence ?explanation (and
optionally ?scope); `kg.check` turns the rows into Contradiction resources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ontologies.vocab import ASPECTS, sparql_prefixes

HEADER_FIELDS = ("id", "aspect", "means", "confidence", "scope", "known false positives")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z ]+):\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Rule:
    id: str
    aspect: str
    means: str
    confidence: str
    false_positives: str
    sparql: str          # with PREFIX lines
    scope: str = ""      # which claims and evidence meet at all, when the rule narrows it

    @property
    def header(self) -> str:
        return "\n".join(line for line in self.sparql.splitlines() if line.startswith("#"))


def _parse(name: str, text: str) -> Rule:
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m and m.group("key").strip() in HEADER_FIELDS:
            current = m.group("key").strip()
            fields[current] = m.group("value").strip()
        elif current:
            fields[current] += " " + line.lstrip("# ").strip()
    rule_id = fields.get("id", "")
    if rule_id != name:
        raise ValueError(f"kg/rules/{name}.rq: header id {rule_id!r} does not match the file name")
    if fields.get("aspect") not in ASPECTS:
        raise ValueError(f"kg/rules/{name}.rq: unknown aspect {fields.get('aspect')!r}")
    return Rule(rule_id, fields["aspect"], fields.get("means", ""), fields.get("confidence", ""),
                fields.get("known false positives", ""), sparql_prefixes() + text,
                fields.get("scope", ""))


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every rule shipped in kg/rules, sorted by id."""
    folder = resources.files("kg").joinpath("rules")
    rules = [_parse(f.name[:-3], f.read_text("utf-8"))
             for f in folder.iterdir() if f.name.endswith(".rq")]
    return tuple(sorted(rules, key=lambda r: r.id))
