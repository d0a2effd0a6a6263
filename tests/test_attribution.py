"""Who speaks, one attribution pattern per test: claim (the company about its own
practice) or finding (anyone else), the speaker, and the organisation it is said for.
Made-up companies and sentences; each story gives the company a few mentions first, as
articles do, except where a test is about a company the story barely names."""

from __future__ import annotations

import pytest

from scrapers.organisations import cast_of
from scrapers.statements import find_statements

STORY = ("Tessaly makes a period-tracking app. Tessaly has 9 million users and Tessaly "
         "sells premium plans.\n\n")


def _one(text: str, needle: str, aspect: str | None = None, publisher: str = "Daily Ledger"):
    hits = [s for s in find_statements(text, publisher=publisher)
            if needle in s.text and (aspect is None or s.aspect == aspect)]
    assert hits, f"nothing extracted from the sentence with {needle!r}"
    return hits[0]


# --- the company speaking -----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Tessaly said that cycle data is stored on servers in Ireland.",        # X said that …
    "Tessaly says cycle data is stored on servers in Ireland.",            # without "that"
    "Tessaly told the Daily Ledger that cycle data is stored in Ireland.",  # told <outlet>
    "According to Tessaly, cycle data is stored on servers in Ireland.",   # according to X
    "According to its privacy policy, Tessaly stores cycle data in Ireland.",
    "Tessaly's website says cycle data is stored on servers in Ireland.",
    "Tessaly points out that cycle data is stored on servers in Ireland.",
    "Tessaly has long advertised itself as a zero-log service.",           # marketing
])
def test_company_reported_speech_is_a_claim(sentence):
    st = _one(STORY + sentence, sentence[:20])
    assert st.kind == "claim" and st.claimant == "Tessaly"


def test_denial_is_a_negative_claim():
    st = _one(STORY + "The company denies that it sells health data to advertisers.",
              "denies", "third_party_sharing")
    assert st.kind == "claim" and st.polarity == "negative" and st.claimant == "Tessaly"


@pytest.mark.parametrize("sentence, speaker", [
    ("A Tessaly spokesperson said health data is never sold.", "A Tessaly spokesperson"),
    ("Tessaly's managing director, Ines Varga, said health data is never sold.",
     "Ines Varga"),
    ("Ines Varga, Tessaly's managing director, said health data is never sold.",
     "Ines Varga"),
])
def test_people_of_the_company_speak_for_it(sentence, speaker):
    st = _one(STORY + sentence, "never sold")
    assert st.kind == "claim" and st.claimant == "Tessaly" and st.speaker == speaker


def test_surname_alone_and_pronoun_keep_the_company_speaker():
    text = (STORY + "Ines Varga, Tessaly's managing director, spoke on Monday.\n\n"
            '"We never sell health data," Varga said. She added that cycle logs are deleted '
            "after 30 days.")
    assert _one(text, "never sell").kind == "claim"
    assert _one(text, "She added").kind == "claim"


STATEMENT = (STORY + "Tessaly disputes the report. The statement reads:\n\n"
             '"We collect cycle data only after a user agrees. It is never sold.\n\n'
             'All health data is stored in Frankfurt, and we delete it 30 days after an '
             'account is closed."\n\n'
             "Researchers at the Quarry Lab found that the app sent cycle data to servers "
             "in Ohio.")


@pytest.mark.parametrize("needle, aspect", [
    ("We collect cycle data", "consent"),          # "we" inside the statement
    ("It is never sold", "third_party_sharing"),   # "it" inside the statement
    ("stored in Frankfurt", "data_location"),      # the block's second paragraph
])
def test_statement_block_paragraphs_are_the_company_speaking(needle, aspect):
    st = _one(STATEMENT, needle, aspect)
    assert st.kind == "claim" and st.claimant == "Tessaly"


def test_statement_block_ends_where_narration_resumes():
    st = _one(STATEMENT, "Quarry Lab", "data_location")
    assert st.kind == "finding" and st.claimant == "Quarry Lab"


def test_publisher_that_is_the_company_speaks_in_its_own_voice():
    st = _one("Tessaly stores cycle data in Ireland. Tessaly never sells it.\n\n"
              "The app does not read your contacts.", "read your contacts",
              publisher="Tessaly")
    assert st.kind == "claim"


# --- companies the story barely knows ---------------------------------------------------

@pytest.mark.parametrize("sentence, claimant", [
    # the company speaks of itself ("it"): a claim for it, not a finding (issue #3)
    ("Korvash also said that it doesn't allow employees to access the content of meetings.",
     "Korvash"),
    ("Zenwick, the firm whose analytics kit is in the app, said that it deletes the data "
     "it receives after seven days.", "Zenwick"),
])
def test_an_unknown_organisation_speaking_of_itself_makes_its_own_claim(sentence, claimant):
    for story in ("Video calls boomed this spring.\n\n", STORY):
        st = _one(story + sentence, sentence[:15])
        assert st.kind == "claim" and st.claimant == claimant


def test_an_unknown_organisation_reporting_what_it_found_stays_a_finding():
    st = _one(STORY + "Brackwater said that it found cycle data on servers in Ohio.", "Ohio")
    assert st.kind == "finding"


def test_a_second_company_is_a_recipient_not_the_subject():
    text = (STORY + "Adlyra buys app data. Adlyra is based in Leeds.\n\n"
            "Researchers found that the app sent cycle data to Adlyra.")
    st = _one(text, "sent cycle data", "third_party_sharing")
    assert st.subject == "Tessaly" and st.values["recipients"] == ["Adlyra"]


# --- findings and who reports them --------------------------------------------------------

def test_researcher_resolves_to_the_lab_named_beside_them():
    text = (STORY + "Professor Mara Lind of the Quarry Lab said that the app sends cycle data "
            "to servers in Ohio.")
    st = _one(text, "Ohio")
    assert st.kind == "finding" and st.claimant == "Quarry Lab" and st.speaker == "Mara Lind"


def test_researcher_who_led_the_study_resolves_to_its_lab():
    text = (STORY + "Researchers at the Quarry Lab tested the app for a month.\n\n"
            '"The app sends cycle data with the advertising ID," said Mara Lind, the '
            "researcher who led the study.\n\nHer team also found that logs went to servers "
            "in Ohio.")
    assert _one(text, "advertising ID").claimant == "Quarry Lab"
    assert _one(text, "Her team").claimant == "Quarry Lab"


def test_an_independent_researcher_reports_for_herself():
    text = (STORY + "A security researcher, Mara Lind, says that the app sends cycle data to "
            "servers in Ohio.")
    st = _one(text, "Ohio")
    assert st.kind == "finding" and st.claimant == "Mara Lind"


def test_a_study_named_later_is_still_its_lab():
    text = ("Tessaly has been sending cycle data to an advertising company, according to a "
            "study published on Monday.\n\nResearchers at the Quarry Lab tested Tessaly's app "
            "on six phones. Tessaly did not reply.")
    st = _one(text, "according to a study", "third_party_sharing")
    assert st.kind == "finding" and st.claimant == "Quarry Lab"


@pytest.mark.parametrize("sentence", [
    "When the Daily Ledger tested the app, our reporters saw it send the advertising ID to "
    "Adlyra without asking for consent.",
    "When the Daily Ledger repeated the tests, we found the app sent cycle data to Adlyra.",
])
def test_journalists_own_tests_are_the_publishers_finding(sentence):
    st = _one(STORY + sentence, sentence[:25])
    assert st.kind == "finding" and st.claimant == "Daily Ledger"


def test_an_allegation_the_company_disputes_is_a_reported_finding():
    st = _one(STORY + "A complaint filed by the consumer group Datawatch alleges that Tessaly "
              "kept cycle logs for more than a year, which Tessaly disputes.", "alleges",
              "retention")
    assert st.kind == "finding" and st.reported and st.claimant == "Datawatch"


def test_tests_by_a_hired_firm_are_findings_of_that_firm():
    text = (STORY + "Tests by Kestrow Security, a firm hired by the plaintiffs, were "
            "published on Monday. Kestrow's engineers found that the app sent cycle data to "
            "servers in Ohio.\n\nAccording to Kestrow, the data travelled over plain HTTP.")
    assert "Kestrow" not in cast_of(text, None, "Daily Ledger").companies
    for needle in ("servers in Ohio", "plain HTTP"):
        st = _one(text, needle)
        assert st.kind == "finding" and st.claimant.startswith("Kestrow")


def test_passive_finding_about_the_company():
    st = _one(STORY + "Tessaly was found to be sharing cycle data with advertisers.", "found")
    assert st.kind == "finding"


# --- several statements in one sentence -------------------------------------------------

def test_one_sentence_several_statements_and_contexts():
    text = (STORY + "According to its privacy policy, Tessaly does not track users' location, "
            "even when they are signed in, and its practices are certified under ISO/IEC "
            "27701 by TÜV Rheinland.")
    found = {s.aspect: s for s in find_statements(text, publisher="Daily Ledger")
             if "privacy policy" in s.text}
    assert found["collection"].polarity == "negative"
    assert found["collection"].context == ["signed in"]
    assert found["certification"].values["standards"] == ["ISO/IEC 27701"]
    assert all(s.kind == "claim" for s in found.values())


def test_claim_and_finding_contexts():
    text = (STORY + "Tessaly says that the data of German users is kept in Frankfurt.\n\n"
            "Researchers at the Quarry Lab found that the app sent every page visited in "
            "incognito mode to servers in Ohio.")
    assert _one(text, "German users").context == ["users in DE"]
    assert "incognito mode" in _one(text, "incognito mode", "data_location").context


def test_first_line_without_full_stop_is_a_headline_even_without_a_title():
    text = ("Period app shared cycle data with advertisers, researchers say\n\n" + STORY
            + "Researchers at the Quarry Lab found that the app shared cycle data with Adlyra.")
    assert not [s for s in find_statements(text) if s.text.startswith("Period app")]


def test_a_campaign_groups_director_speaks_for_the_group_not_the_company():
    text = (STORY + "Documents obtained by the campaign group Openwell suggest otherwise.\n\n"
            'The group\'s director, Sam Whitby, said: "The app sent cycle data to servers in '
            'Ohio."\n\nIts head of trust, Priya Rao, told the Daily Ledger that staff cannot '
            "read cycle logs.")
    people = cast_of(text, None, "Daily Ledger").people
    assert people["Sam Whitby"] == "other" and people["Priya Rao"] == "company"
    assert _one(text, "servers in Ohio").kind == "finding"
    st = _one(text, "staff cannot")
    assert st.kind == "claim" and st.speaker == "Priya Rao"


def test_they_after_named_documents_report_for_their_source():
    text = (STORY + "Documents obtained by the campaign group Openwell suggest otherwise. They "
            "show that Tessaly gave advertisers access to cycle data.")
    st = _one(text, "They show", "third_party_sharing")
    assert st.kind == "finding" and st.claimant == "Openwell"


def test_encrypted_by_default_is_not_consent():
    found = {s.aspect for s in find_statements(
        STORY + '"Chats are end-to-end encrypted by default," Tessaly said.')}
    assert "encryption" in found and "consent" not in found


def test_a_closing_attribution_governs_the_whole_sentence():
    st = _one(STORY + "An independent audit by Kovash Security found no evidence of logging, "
              "Tessaly said.", "audit", "certification")
    assert st.kind == "claim" and st.claimant == "Tessaly"


def test_documents_that_show_report_a_finding():
    text = (STORY + "Tessaly's privacy policy promises that cycle logs are deleted as soon as an "
            "account is closed. The filings show that Tessaly had kept such logs for at least "
            "eight months.")
    claim = _one(text, "promises", "retention")
    finding = _one(text, "filings show", "retention")
    assert claim.kind == "claim" and claim.values["period"] == "0 hours"
    assert finding.kind == "finding" and finding.values["period"] == "8 months"


def test_a_two_sentence_first_line_is_a_headline_and_relative_appositives_keep_the_speaker():
    text = ("Huddla says meetings are private. A lab says otherwise.\n\n"
            'Huddla, whose app is used by 40,000 schools, said in a statement: "Meetings are '
            'encrypted from end to end. We cannot see your calls."\n\n'
            "Researchers at the Quarry Lab found that Huddla's servers held the keys for every "
            "meeting. She said no recordings had ever been accessed by Huddla staff.")
    found = find_statements(text, publisher="Daily Ledger")
    assert not [s for s in found if s.text.startswith("Huddla says")]
    assert _one(text, "end to end", "encryption").kind == "claim"
    keys = _one(text, "held the keys", "encryption")
    assert keys.kind == "finding" and keys.polarity == "negative"
    assert keys.values["state"] == "end_to_end"
    assert _one(text, "accessed by", "access").polarity == "negative"


# --- speaker carry-over and names (issue 13) ------------------------------------------

def test_company_statement_goes_on_in_the_next_sentence():
    text = STORY + ("Tessaly's chief executive Ilse Varga said the app does not sell user data. "
                    "All cycle data is encrypted on the phone.\n")
    st = _one(text, "All cycle data is encrypted", "encryption")
    assert (st.kind, st.claimant) == ("claim", "Tessaly")


def test_carry_over_stops_at_the_writers_own_assessment():
    text = STORY + ("Tessaly's chief executive Ilse Varga said the app does not sell user data. "
                    "Advertisers could potentially identify users from the cycle data it shares.\n")
    st = _one(text, "Advertisers could potentially", "anonymisation")
    assert st.kind == "finding"


def test_carry_over_stops_after_a_gap():
    text = STORY + ("Tessaly's chief executive Ilse Varga said the app does not sell user data. "
                    "The weather was mild. Cycle data is sent unencrypted to the servers.\n")
    assert _one(text, "sent unencrypted", "encryption").kind == "finding"


@pytest.mark.parametrize("verb", ["acknowledges", "refutes", "rejects", "disputes"])
def test_company_verbs_of_response_make_claims(verb):
    text = STORY + f"Tessaly {verb} that the app shares cycle data with advertisers.\n"
    assert _one(text, "shares cycle data", "third_party_sharing").claimant == "Tessaly"
    assert _one(text, "shares cycle data", "third_party_sharing").kind == "claim"


def test_two_word_company_name_is_the_company():
    text = ("Quill Harbor is a free VPN. Quill Harbor says it keeps no logs, and Quill Harbor "
            "runs servers in 40 countries. Quill Harbor Premium costs extra.\n")
    cast = cast_of(text, None, None)
    assert cast.main == "Quill" and cast.canonical("Quill") == "Quill Harbor"


def test_brand_of_products_is_no_company():
    text = ("Vendra makes phones. Vendra said Lumo Browser and Lumo Browser Pro keep data local. "
            "Vendra ships Lumo Browser on every phone.\n")
    assert "Lumo" not in cast_of(text, None, None).companies


def test_one_company_in_two_spellings():
    text = ("NORVELL sells televisions. Norvell said its sets do not track viewers. Norvell "
            "later settled. NORVELL paid a fine.\n")
    cast = cast_of(text, None, None)
    assert cast.companies.count("Norvell") + cast.companies.count("NORVELL") == 1
    assert cast.canonical(cast.aliases.get("NORVELL", "NORVELL")) == cast.main


def test_carry_over_keeps_a_denial_with_does_not():
    text = STORY + ("Tessaly's chief executive Ilse Varga said the app is encrypted. "
                    "The app does not share cycle data with advertisers.\n")
    st = _one(text, "does not share cycle data", "third_party_sharing")
    assert (st.kind, st.polarity) == ("claim", "negative")
