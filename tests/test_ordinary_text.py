"""Text that is not about data practices gives (next to) no statements: the mechanisms
that keep ordinary news, blog posts and pages in other languages quiet. Every text here
is made up for the test."""

from __future__ import annotations

import pytest

from scrapers.aspects import about_data_practices, names_personal_data
from scrapers.language import reads_as_english
from scrapers.organisations import cast_for, opens_sentence
from scrapers.statements import TELLS_ITS_TOPIC_WORDS, find_statements

# A feature story about a bakery: long enough to tell its topic, and not about data.
_BAKERY = (
    "Marla Quint opened her bakery on Tern Street eleven years ago, when the block still had "
    "a hardware shop and two empty storefronts. Today the queue for her rye loaves reaches "
    "the corner on Saturday mornings, and the shop employs nine people. Quint says the "
    "secret is patience: the dough rests for two days before it goes into the oven. "
    "Customers who come early can watch the bakers through a window that looks onto the "
    "kitchen. Last spring the shop won a regional prize for its seeded sourdough, and a "
    "television crew spent a week filming the morning shift. Quint was nervous about it. "
    "Now anyone in town can see my photos, she joked. The "
    "bakery now plans a second shop near the river, with a small cafe and room for "
    "classes. Students start by gathering feedback and data on what their friends like, "
    "she says. The classes fill up within hours of being posted. "
    "Quint still starts work at four every morning and walks home along the canal after "
    "the lunch rush. She says she has no plans to sell the business, though two chains "
    "have asked. The neighbourhood association credits the bakery with bringing new life "
    "to the street, where three more shops have opened since. Plans for the river site "
    "go to the city's planning board next month, and work could begin in the autumn if "
    "the board agrees to the design.\n\n")


def test_the_bakery_story_is_long_enough_to_tell_and_not_about_data():
    assert len(_BAKERY.split()) >= TELLS_ITS_TOPIC_WORDS
    assert not about_data_practices(_BAKERY)


def test_an_ordinary_story_gives_no_statements():
    # "can see my photos" and "gathering feedback and data" read as access and
    # collection when the sentence stands alone; in this story they are nobody's practice
    assert find_statements(_BAKERY, publisher="Harbour Post") == []


def test_in_an_ordinary_story_a_sentence_that_carries_a_practice_still_counts():
    text = _BAKERY + ("The bakery's ordering app, made by Korvo, uploads its customers' "
                      "contact lists to Korvo servers in Ohio, Korvo confirmed.")
    found = find_statements(text, publisher="Harbour Post")
    assert [s.aspect for s in found if "contact lists" in s.text]


@pytest.mark.parametrize("sentence", [
    "The compiler lets a program keep data on the stack instead of the heap.",
    "Install the tool in a location where you have write permissions.",
    "Fans posted messages of thanks for the team all week.",
    "An old photo in the museum shows the founder beside his first oven.",
    "The library defends the public's right to access information about its books.",
])
def test_everyday_words_are_no_personal_data_by_themselves(sentence):
    assert not names_personal_data(sentence)


@pytest.mark.parametrize("sentence", [
    "The app uploads users' contact lists every night.",
    "A user's unique account ID is sent in plaintext.",
    "Korvo kept data about millions of customers.",
    "The firm sold their browsing history.",
    "Patient information is sent from the monitors to the ward's phones.",
    "The SDK reads the device's IMEI.",
])
def test_data_beside_whose_it_is_is_personal_data(sentence):
    assert names_personal_data(sentence)


def test_a_short_text_is_read_as_about_data():
    # a single statement handed to the tool is checked as such, without a topic to lean on
    found = find_statements("Velora keeps logs for 18 months, the filing shows.")
    assert [s.aspect for s in found] == ["retention"]


# Made up in the manner of German and Portuguese news prose (no sentence of a real page).
_GERMAN = (
    "Nach der neuen Regel soll jede Plattform erlauben, sich ohne echten Namen anzumelden, "
    "also mit einem Spitznamen oder ganz ohne Namen. Ob das auch für Firmenseiten gilt, ist "
    "unter Juristen umstritten. Die Behörde will im Herbst eine "
    "Stellungnahme vorlegen, und bis dahin bleibt vieles offen. Viele Betreiber warten ab "
    "und ändern ihre Seiten noch nicht.")
_PORTUGUESE = (
    "A empresa informou nesta manhã que os dados dos clientes são guardados em servidores "
    "no Brasil e que nenhuma informação é compartilhada com terceiros. Segundo a nota, o "
    "aplicativo não coleta a localização dos usuários sem permissão, e a criptografia "
    "protege todas as mensagens trocadas entre os aparelhos.")


@pytest.mark.parametrize("text", [_GERMAN, _PORTUGUESE])
def test_a_text_in_another_language_gives_no_statements(text):
    assert not reads_as_english(text)
    assert find_statements(text, publisher="Ledger News") == []


def test_english_prose_and_short_lines_read_as_english():
    assert reads_as_english(_BAKERY)
    assert reads_as_english("Datenschutz ist wichtig.")  # too short to tell: let through


def test_ransomware_encrypting_files_is_an_attack_not_a_practice():
    text = ("Lumora, a maker of phone games, was hit by an attack last week. Researchers "
            "found that the ransomware encrypts victims' files and asks for payment. "
            "Also, photos smaller than 100 KB are not encrypted.\n\n"
            "Lumora says user data is encrypted at rest and was not read.")
    found = find_statements(text, publisher="Ledger News")
    assert not [s for s in found if "ransomware" in s.text or "100 KB" in s.text]
    assert [s.aspect for s in found if "at rest" in s.text] == ["encryption"]


def test_contractions_and_datelines_name_no_company():
    text = ("I’m sure it will work. I’m told the shop opens at nine. I’d rather wait.\n\n"
            # (a word also written in lower case is a name only where it is met inside a
            # sentence: after a dateline it opens one)
            "Ledger.Net - Verified footage shows the crowd. Two editors verified it.\n\n"
            "Norvik makes ovens. Norvik sells them abroad.")
    cast = cast_for(text, None, "Ledger.Net")
    assert cast.companies == ["Norvik"]
    line = "Ledger.Net - Verified footage shows the crowd."
    assert opens_sentence(line, line.index("Verified"))
    inside = "The shop was quiet for most of the week - Verified buyers came later."
    assert not opens_sentence(inside, inside.index("Verified"))


def test_advocacy_groups_are_sources_not_the_company():
    text = ("Amnesty International said Korvo shares location data with police. Korvo "
            "denied it. Amnesty International published its report on Monday.")
    cast = cast_for(text, None, "Ledger News")
    assert "Amnesty" not in cast.companies and cast.main == "Korvo"
