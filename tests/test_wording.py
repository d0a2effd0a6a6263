"""Words, not codes, where a reader reads: explanations spell out the country codes the
rules compare, and the pages show value codes as words."""

from __future__ import annotations

import pytest

from kg.wording import in_words
from web.pages import countries, words


@pytest.mark.parametrize("given, said", [
    ("The company says the data stays in IN; a capture shows it in SG.",
     "The company says the data stays in India; a capture shows it in Singapore."),
    ("The claim is about users in DE; the capture was made from RO.",
     "The claim is about users in Germany; the capture was made from Romania."),
    ("It shows it in SG, RU and US.", "It shows it in Singapore, Russia and United States."),
    # not a country where the rules put one: left alone
    ("Kept in IT systems made from parts.", "Kept in IT systems made from parts."),
    ("BSI certified it in 2019.", "BSI certified it in 2019."),
    ("It stays in XK.", "It stays in XK."),  # no name known: the code stays
])
def test_country_codes_in_explanations_are_spelt_out(given, said):
    assert in_words(given) == said


def test_value_codes_read_as_words():
    assert words("device_id") == "device ID"
    assert words(["browsing_history", "advertising_id"]) == "browsing history, advertising ID"
    assert words("encoded_only") == "only encoded"
    assert countries(["SG", "EU"]) == "Singapore (SG), EU"

