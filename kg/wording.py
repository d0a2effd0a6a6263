"""Explanations in words a reader knows: the rules write the values they compare as the
graph holds them (ISO country codes: "stays in IN … shows it in SG … made from RO"), and
every reader of an explanation (the pages, the CLI, ClaimReview) should see "India",
"Singapore", "Romania". Done once, where a check records what it found."""

from __future__ import annotations

import re

from scrapers.normalise import country_name

# A country code where the rules put one: after "in" or "from", alone or in a list
# ("in IN, US and GB"), and ending the phrase (so "in IT systems" is left alone).
_CODES_AFTER = re.compile(r"\b(in|from) ((?:[A-Z]{2}(?:, | and ))*[A-Z]{2})(?=[.;,)]|$| and\b)")
_CODE = re.compile(r"\b[A-Z]{2}\b")
# names that read better without their formal form
_SHORTER = {"Russian Federation": "Russia"}


def _name(code: str) -> str:
    name = country_name(code)
    return _SHORTER.get(name, name)


def in_words(explanation: str) -> str:
    """`explanation` with the country codes the rules wrote spelt out as names.

    >>> in_words("The company says the data stays in IN; a capture shows it in SG, RU.")
    'The company says the data stays in India; a capture shows it in Singapore, Russia.'
    >>> in_words("It runs in IT systems made from parts.")
    'It runs in IT systems made from parts.'
    """
    def spell(m: re.Match[str]) -> str:
        codes = m.group(2)
        named = _CODE.sub(lambda c: _name(c.group(0)), codes)
        return f"{m.group(1)} {named}"

    return _CODES_AFTER.sub(spell, explanation)
