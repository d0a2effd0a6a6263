"""A statement needs a data practice, not a keyword: everyday uses of the cue words in
ordinary news yield nothing, while the same cues in a text about data practices still do.
Every sentence here was written for this test."""

from __future__ import annotations

import pytest

from scrapers.aspects import about_data_practices, aspects_in
from scrapers.statements import find_statements

# Ordinary news: each sentence uses a cue word in its everyday sense.
EVERYDAY = [
    "The ministry sent two hundred soldiers to Portugal after the floods.",
    "Share this story with a friend!",
    "Read the full report at https://www.harbourpost.example/politics/budget-2026 today.",
    "The firm offers one end-to-end solution for warehouses and shipping docks.",
    "Union leaders agree that the wage deal must be signed before March.",
    "Nobody needed the board's permission to move the concert to Saturday.",
    "The rear axle was redesigned in order to reduce unsprung weight.",
    "Subscriber retention rose for the third quarter in a row, the streaming service said.",
    "The new fans keep the processor cooler for longer under load.",
    "Climbers were exposed to freezing winds for two days on the ridge.",
    "The outgoing chief executive will hand over the reins to her deputy in June.",
    "The paper quoted an anonymous source close to the negotiations.",
    "Buy a certified refurbished laptop for half the price, says one financial planner.",
    "The singer says she will be re-recording her first three albums next year.",
    "Enemy drones track you across the map in the game's hardest level.",
    "The probe's cameras recorded dust plumes over the southern pole of the moon.",
]


@pytest.mark.parametrize("sentence", EVERYDAY)
def test_everyday_cue_words_are_no_statement(sentence):
    assert aspects_in(sentence) == [], sentence


def test_an_ordinary_news_story_yields_nothing():
    story = ("Harbour City opens new bridge\n\n" + " ".join(EVERYDAY[:8]) + "\n\n"
             + " ".join(EVERYDAY[8:]))
    assert not about_data_practices(story)
    assert find_statements(story, publisher="Harbour Post") == []


@pytest.mark.parametrize("sentence, aspect", [
    # the same cue words, with data named: statements in any text
    ("Korvo sent the contact lists of its users to servers in Singapore.", "data_location"),
    ("The app shares location data with Brightcast, an advertising firm.", "third_party_sharing"),
    ("Users must agree before any health data is shared.", "consent"),
    ("Korvo keeps voice recordings for three years.", "retention"),
    ("Contractors could see the messages of thousands of users.", "access"),
    ("Recordings of customers' calls are stored unencrypted.", "encryption"),
    ("All connections to the service use HTTPS.", "encryption"),
    ("The company says the data is anonymous.", "anonymisation"),
    ("The bank is certified under ISO 27001.", "certification"),
    ("The browser records every website its users visit.", "collection"),
])
def test_data_named_makes_a_statement(sentence, aspect):
    assert aspect in {h.aspect for h in aspects_in(sentence)}, sentence


PRIVACY_STORY = (
    "Lumora TVs watch what you watch\n\n"
    "Lumora collects viewing data from its smart TVs, researchers at the Kestrel Lab found. "
    "The data is shared with advertisers and third parties, they said, and users' privacy "
    "settings did not stop the tracking of users.\n\n"
    "Lumora says Scene Match is off until the viewer switches it on during setup. "
    "It is never used for advertising, the company said. "
    "Our engineers cannot see which household a report came from, a spokesperson said.\n\n"
    "The researchers said the reports travelled over plain HTTP. "
    "Lumora said it would review the findings and that it respects users' consent.")


def test_a_story_about_data_practices_is_recognised():
    assert about_data_practices(PRIVACY_STORY)


def test_in_a_story_about_data_the_data_may_be_a_pronoun_or_a_feature():
    found = {(s.kind, s.aspect) for s in find_statements(PRIVACY_STORY, publisher="Ledger")}
    assert ("claim", "consent") in found        # "Scene Match is off until …"
    assert ("claim", "purpose") in found        # "It is never used for advertising"
    assert ("claim", "access") in found         # "cannot see which household …"
    assert ("finding", "encryption") in found   # "the reports travelled over plain HTTP"


def test_the_same_sentences_alone_need_their_data_named():
    alone = "Scene Match is off until the viewer switches it on during setup."
    assert not about_data_practices(alone)
    assert aspects_in(alone) == []
    assert aspects_in(alone, on_topic=True)


def test_a_short_company_statement_still_counts():
    text = "We never sell your personal data to anyone."
    assert [(s.aspect, s.polarity) for s in find_statements(text, publisher="Korvo")] == [
        ("third_party_sharing", "negative")]
