"""Shapes of attribution and of cues, one test each, on sentences written for this test
(the companies are made up)."""

from __future__ import annotations

import pytest

from scrapers.article import read_article
from scrapers.aspects import aspects_in
from scrapers.statements import find_statements

STORY = ("Norvik makes a doorbell app. Researchers at the Harbor Privacy Lab tested the "
         "Norvik app and its tracking of users' data.\n\n")


def _kinds(text: str, needle: str, publisher: str = "Harbour Post") -> set[tuple[str, str]]:
    return {(s.kind, s.aspect) for s in find_statements(text, publisher=publisher)
            if needle in s.text}


def _voices(text: str, needle: str = "") -> set[tuple[str, str, str]]:
    """(kind, aspect, polarity) of the statements whose sentence holds `needle`."""
    return {(s.kind, s.aspect, s.polarity) for s in find_statements(text, publisher="Harbour Post")
            if needle in s.text}


@pytest.mark.parametrize("sentence, kind", [
    # the company's own words, republished: first person plural about the practice
    ("We have never passed your mobile number to advertisers or marketers.", "claim"),
    ("We use this information to keep your account secure and to show you relevant ads.",
     "claim"),
    # a research team's "we" finds; a newsroom's "we" asks
    ("We found that the app shares location data with advertisers.", "finding"),
])
def test_first_person_plural(sentence, kind):
    assert {k for k, _ in _kinds(STORY + sentence, sentence[:20])} == {kind}


def test_it_said_after_a_finding_is_the_finding_source():
    text = (STORY + "The Harbor Privacy Lab found that the app sends the IMEI to Adlytic. "
            "Four companies were receiving names and IP addresses, it said.")
    assert _kinds(text, "Four companies") == {("finding", "third_party_sharing")}


@pytest.mark.parametrize("sentence, recipient", [
    ("Five companies were receiving the names and IP addresses of users.", None),
    ("Adlytic receives an alert with a unique identifier whenever the app is opened.",
     "Adlytic"),
    ("The personal data collected is sent to Adlytic, Brightcast and Tapstat.", "Adlytic"),
    ("Device details have been sent to four analytics and marketing companies.", None),
    ("The app hands over that profile data to trackers.", None),
    ("The app keeps sending out customer data every hour.", None),
    ("Norvik is providing customer data to companies such as Adlytic.", "Adlytic"),
])
def test_sharing_shapes(sentence, recipient):
    hits = [h for h in aspects_in(sentence) if h.aspect == "third_party_sharing"]
    assert hits, sentence
    if recipient:
        assert recipient in hits[0].values.get("recipients", [])


def test_providing_information_alone_is_no_sharing():
    assert aspects_in("The app provides clinicians with critical information.") == []


@pytest.mark.parametrize("sentence, aspect", [
    ("Norvik may have used these phone numbers to deliver tailored ads.", "purpose"),
    ("Norvik used the data that it shared with Adlytic to target users with ads.", "purpose"),
    ("Adlytic might have access to users’ raw audio.", "access"),
    ("Calls made by members abroad never go through Norway, Norvik says.",
     "data_location"),
])
def test_more_cue_shapes(sentence, aspect):
    assert aspect in {h.aspect for h in aspects_in(sentence)}, sentence


def test_agreeing_with_allegations_is_no_consent():
    assert "consent" not in {h.aspect for h in aspects_in(
        "We do not agree with the regulator's allegations about our data practices.",
        on_topic=True)}
    assert "consent" in {h.aspect for h in aspects_in(
        "Users never agreed to the sharing of their location data.")}


@pytest.mark.parametrize("sentence", [
    "In the settlement, Norvik agreed to stop sharing health data with advertisers.",
    "The order prohibits Norvik from sharing health data with advertisers.",
    "Norvik will be required to delete the location data it collected.",
])
def test_obligations_are_no_statements(sentence):
    assert find_statements(STORY + sentence, publisher="Harbour Post") == [] or not _kinds(
        STORY + sentence, sentence[:20])


@pytest.mark.parametrize("sentence", [
    "Norvik pledged to stop sharing location data with advertisers.",
    "Norvik vowed that it would never sell health data.",
])
def test_pledges_are_claims(sentence):
    assert {k for k, _ in _kinds(STORY + sentence, sentence[:15])} == {"claim"}


def test_a_text_opening_with_a_long_sentence_has_no_title():
    lede = ("Norvik doorbells are sending customer data to companies such as Adlytic and "
            "Tapstat, an investigation suggests.")
    article = read_article(lede + "\nNorvik said it limited the data it shared.\n",
                           source="lede.txt")
    assert article.title is None
    assert read_article("Norvik under fire\n\n" + lede, source="t.txt").title == \
        "Norvik under fire"


def test_a_promise_reported_by_a_regulator_stays_the_company_claim():
    text = (STORY + "Norvik also told its customers it would limit how partners used the "
            "records, and it promised never to share cycle data with advertisers, the "
            "regulator said.")
    st = [s for s in find_statements(text, publisher="Harbour Post")
          if s.aspect == "third_party_sharing"]
    assert st and st[0].kind == "claim" and st[0].reported
    assert st[0].polarity == "negative"
    # who says so is no recipient
    assert "regulator" not in " ".join(st[0].values.get("recipients", []))


def test_one_negation_over_a_list_of_verbs():
    hits = {h.aspect: h.polarity for h in aspects_in(
        "Norvik says it does not monitor, store, or sell its members' data.")}
    assert hits.get("third_party_sharing") == "negative"
    assert hits.get("collection") == "negative"


def test_a_policy_that_reveals_is_a_finding():
    text = (STORY + "Norvik says it never sells location data, but its terms of use and an "
            "audit of its code reveal that it shares location data with advertisers.")
    kinds = {(s.kind, s.aspect) for s in find_statements(text, publisher="Harbour Post")
             if "reveal" in s.text}
    assert ("finding", "third_party_sharing") in kinds


def test_the_x_y_app_is_a_product_not_an_outlet():
    from scrapers.organisations import cast_of
    text = ("Flint Shield is a free VPN. Flint Shield keeps logs, and the Flint Shield app "
            "sends the IMEI to Adlytic. Researchers said the Flint Shield app leaks data.")
    assert cast_of(text, None, None).main == "Flint"


@pytest.mark.parametrize("sentence, restricted", [
    ("We share transaction details only with the payment networks we need.", True),
    ("Norvik said it limited the amount of personal data it shared.", True),
    ("The app shares location data with Adlytic.", False),
])
def test_limited_sharing_is_restricted(sentence, restricted):
    hit = next(h for h in aspects_in(sentence) if h.aspect == "third_party_sharing")
    assert (hit.values.get("state") == "restricted") is restricted


@pytest.mark.parametrize("sentence, aspect, polarity", [
    ("Data collection continued even in private mode, the testers said.", "collection",
     "positive"),
    ("Browsing data is synced if users have signed in to their account.", "collection",
     "positive"),
    ("Norvik denies that its apps still transmit while in private mode.", "collection",
     "negative"),
    ("Norvik browsers forward URLs and other data to Norvik servers.", "collection",
     "positive"),
    ("There are two types of data that are collected by the company.", "collection",
     "positive"),
    ("With the timestamps kept, each record can be traced back to users one by one.",
     "anonymisation", "positive"),
    ("Norvik refuted reports that it was covertly gathering data on its members.",
     "consent", "positive"),
])
def test_collection_and_consent_shapes(sentence, aspect, polarity):
    hits = {h.aspect: h.polarity for h in aspects_in(sentence, companies={"Norvik"},
                                                      on_topic=True)}
    assert hits.get(aspect) == polarity, hits


def test_data_sent_to_the_company_itself_is_no_sharing():
    hits = {h.aspect for h in aspects_in("Norvik browsers forward URLs and other data to "
                                         "Norvik servers.", companies={"Norvik"})}
    assert "third_party_sharing" not in hits


def test_a_definite_description_is_the_company_named_last():
    text = ("Norvik runs a voice chat app. Its audio goes through Tarlon, a provider of "
            "real-time audio. Tarlon says it never stores audio.\n\n"
            "The Oslo-based company also insists that calls made by members abroad never "
            "go through Norway.")
    st = [s for s in find_statements(text, publisher="Harbour Post") if "insists" in s.text]
    assert st and st[0].kind == "claim" and st[0].claimant == "Tarlon"


def test_a_republished_company_statement_speaks_as_we():
    from scrapers.organisations import cast_of
    text = ("Norvik on its use of phone numbers\n\n"
            "As we said last spring, we may have used those mobile numbers to deliver "
            "tailored ads. We never passed a mobile number on to advertisers. "
            "If you give us a number to sign in, it will not be used for "
            "marketing unless you agree.")
    assert cast_of(text, None, "Privacy Digest").first_person == "company"
    kinds = {(s.kind, s.aspect) for s in find_statements(text, publisher="Privacy Digest")}
    assert ("claim", "purpose") in kinds and ("finding", "purpose") not in kinds


def test_a_list_item_says_what_its_opening_line_says():
    text = (STORY + "The researchers found the app sends data to four companies. "
            "The four companies found receiving information were:\n"
            "- Adlytic, an analytics firm – the device model and a unique identifier\n"
            "- Tapstat – the full names and email addresses of users\n")
    items = [s for s in find_statements(text, publisher="Harbour Post")
             if s.text.startswith(("Adlytic", "Tapstat"))]
    shared = {s.values.get("recipients", [None])[0] for s in items
              if s.aspect == "third_party_sharing"}
    assert shared == {"Adlytic", "Tapstat"}
    assert all(s.kind == "finding" for s in items)


def test_a_second_voice_that_reveals_otherwise_is_the_opposite_finding():
    text = (STORY + "Norvik's adverts claim that it does not monitor, store, or sell "
            "its members' data, but its code reveals otherwise.")
    found = _voices(text)
    assert ("claim", "third_party_sharing", "negative") in found
    assert ("finding", "third_party_sharing", "positive") in found


@pytest.mark.parametrize("sentence, aspect", [
    ("Norvik says it keeps no logs at all and promises each member full anonymity.",
     "anonymisation"),
    ("The app also redirected browsing traffic to partner sites run by ad networks.",
     "third_party_sharing"),
])
def test_anonymity_and_redirected_traffic(sentence, aspect):
    assert aspect in {h.aspect for h in aspects_in(sentence, on_topic=True)}


def test_an_app_that_reveals_data_is_a_finding():
    text = STORY + "It turned out that the Norvik app reveals the MAC address and the IMEI."
    st = [s for s in find_statements(text, publisher="Harbour Post") if "reveals" in s.text]
    assert st and all(s.kind == "finding" for s in st)


@pytest.mark.parametrize("sentence, aspect", [
    ("Norvik uses service providers to evaluate the app, which helps us improve features.",
     "purpose"),
    ("The data is kept for internal analytics, Norvik says.", "purpose"),
    ("Engineers in Shenzhen accessed nonpublic data about users in Europe.", "access"),
    ("Norvik made the location data available to its advertising partners.",
     "third_party_sharing"),
    ("Norvik gave advertisers access to the purchase histories of its users.",
     "third_party_sharing"),
    ("The records were transferred to Adlytic last year.", "third_party_sharing"),
    ("The browsing data is linked to each user's real name.", "anonymisation"),
    ("Norvik says the health data is de-identified before it is shared.", "anonymisation"),
])
def test_purpose_access_sharing_and_linking_shapes(sentence, aspect):
    assert aspect in {h.aspect for h in aspects_in(sentence, on_topic=True)}, sentence


def test_a_permission_asked_for_is_no_access():
    assert "access" not in {h.aspect for h in aspects_in(
        "The app will remind you to allow access to location when you navigate.",
        on_topic=True)}


def test_despite_promising_is_a_claim_and_its_main_clause_a_finding():
    text = (STORY + "Despite promising users that their health data would stay private, "
            "Norvik sold it to data brokers.")
    assert _voices(text, "Despite promising") == {("claim", "third_party_sharing", "negative"),
                                                  ("finding", "third_party_sharing", "positive")}


def test_a_statement_goes_on_over_a_short_sentence_of_its_own():
    text = ("Norvik makes a phone browser.\n\n"
            "Ravi Mehta, Norvik's managing director, said the browser meets every local law. "
            "It is the most used browser in the country. All user data in private mode is "
            "encrypted and anonymised.")
    st = [s for s in find_statements(text, publisher="Harbour Post") if "All user" in s.text]
    assert st and all(s.kind == "claim" for s in st)


@pytest.mark.parametrize("sentence, polarity", [
    ("Norvik told the Harbour Post that location data never leaves the phone.", "negative"),
    ("Norvik says location data stays on the phone.", "negative"),
    ("The researchers found the location data does not stay on the phone.", "positive"),
])
def test_data_kept_on_the_device_denies_collection(sentence, polarity):
    assert {h.aspect: h.polarity for h in aspects_in(sentence, on_topic=True)}.get(
        "collection") == polarity


@pytest.mark.parametrize("sentence, countries", [
    ("Norvik says recordings never leave India.", ["IN"]),
    ("The data of Indian users does not leave India, the company said.", ["IN"]),
    ("Employees left Norway for Spain.", None),
])
def test_data_that_never_leaves_a_country_is_kept_there(sentence, countries):
    hits = [h for h in aspects_in(sentence, on_topic=True) if h.aspect == "data_location"]
    assert (hits[0].values["countries"] if hits else None) == countries
    assert all(h.polarity == "positive" for h in hits)


def test_the_subject_is_the_company_the_clause_is_about():
    text = ("Norvik runs a voice chat app built on audio from Tarlon. Norvik says chats are "
            "private. Tarlon says it never stores audio.\n\n"
            "The Norvik ID of each user is sent in plain text, and Tarlon would likely have "
            "access to users' raw audio, researchers found.")
    st = [s for s in find_statements(text, publisher="Harbour Post") if s.aspect == "access"]
    assert st and st[0].subject == "Tarlon"
    from scrapers.organisations import cast_of
    assert "Norvik ID" not in cast_of(text, None, "Harbour Post").products


def test_a_statement_that_reads_is_the_company_unless_a_body_wrote_it():
    text = (STORY + "The statement reads: “Norvik does not share footage with the police "
            "without a warrant.”\n\nThe regulator's statement reads: “Norvik shared footage "
            "with the police.”")
    kinds = {(s.kind, s.polarity) for s in find_statements(text, publisher="Harbour Post")
             if s.aspect == "third_party_sharing"}
    assert kinds == {("claim", "negative"), ("finding", "positive")}


def test_footage_and_watching_are_data_practices():
    hits = {h.aspect: h.polarity for h in aspects_in(
        "We never sell video footage, and nobody outside the company can watch it.")}
    assert hits.get("third_party_sharing") == "negative"
    assert hits.get("access") == "negative"


@pytest.mark.parametrize("sentence, sharing", [
    ("Members may decide to share their birthday and city with us when they sign up.",
     False),
    ("Norvik's Audiences product lets advertisers send targeted ads to users.", False),
    ("The app shares location data with advertisers.", True),
    ("The data is given to advertisers and data brokers.", True),
    ("The tool promises to connect marketers with people who read cooking blogs.", True),
])
def test_advertisers_and_us_as_recipients(sentence, sharing):
    assert ("third_party_sharing" in {h.aspect for h in aspects_in(sentence, on_topic=True)}) \
        is sharing, sentence


def test_a_denied_practice_in_a_concessive_opening_is_the_company_claim():
    text = (STORY + "While Norvik had denied that it does any such data collection, the "
            "study raised questions about what Norvik does with the customer data it "
            "collects.")
    assert _voices(text, "While Norvik") == {("claim", "collection", "negative")}


def test_headlines_run_together_by_link_lists_are_no_statement():
    # a page's list of other stories, read as one "sentence" between two full stops
    text = ("Tarlon Daily: Councillors back new bus lanes | Korvo app gets questions over "
            "location tracking | Harbour hit by ransomware attack Norvik stores user data in "
            "Norway, its spokesperson said.")
    assert find_statements(text, publisher="Harbour Post") == []
    one_pipe = ("Norvik said it stores all user data in Norway | the researchers found it in "
                "Singapore.")
    assert find_statements(one_pipe, publisher="Harbour Post")


def test_a_connective_before_the_pronoun_leaves_the_pronoun_to_resolve():
    # "But he said": the speaker is "he", not the words "But he"
    text = ("Norvik makes a dating app used by millions. Norvik chief technology officer "
            "Dana Ruiz spoke at a conference on Monday. But he said the company never shares "
            "personal data with advertisers.")
    said = [s for s in find_statements(text, publisher="Harbour Post") if "But he" in s.text]
    assert said and all(s.kind == "claim" and s.claimant == "Norvik" for s in said)


def test_researchers_who_found_it_speak_of_the_company_not_for_it():
    # "it" after a research source's finding verb is the app, not the source speaking of
    # itself: a finding, never a claim of "Researchers"
    text = ("Norvik makes a dating app used by millions. Researchers found it sent user data "
            "to Adlytic.")
    assert _kinds(text, "Researchers found") == {("finding", "collection"),
                                                 ("finding", "third_party_sharing")}


def test_he_or_she_is_the_person_named_since_the_last_source():
    # the last source spoke before the person was named: "he" is the person, who speaks
    # for the company the copular role ties him to
    text = ("Norvik makes a dating app used by millions. Researchers found it sent user data "
            "to Adlytic. Dana Ruiz is the chief technology officer of Norvik. He said the "
            "company never shares personal data with advertisers.")
    said = [s for s in find_statements(text, publisher="Harbour Post") if "He said" in s.text]
    assert said and {(s.kind, s.claimant) for s in said} == {("claim", "Norvik")}
    # …while "he" right after a person who spoke is still that source
    text = ("Norvik makes a dating app. Security researcher Mia Lund tested the app. She "
            "said the app sends location data to Adlytic.")
    said = [s for s in find_statements(text, publisher="Harbour Post") if "She said" in s.text]
    assert said and all(s.kind == "finding" for s in said)


@pytest.mark.parametrize("opening, kind", [
    ("According to a statement sent to Tech Daily, ", "claim"),    # the outlet received it
    ("According to an emailed response from Norvik, ", "claim"),
    ("According to the statement, ", "claim"),
    ("According to a statement from the Federal Trade Commission, ", "finding"),
])
def test_a_statement_as_source_is_the_companys_unless_it_names_another(opening, kind):
    text = STORY + opening + "user data is stored only in Norway."
    assert _kinds(text, "According to") == {(kind, "data_location")}


def test_a_promise_inside_the_sentence_is_the_company_claim_beside_the_finding():
    """'…kept sending it despite promising users that…': what was done is the finding,
    what was promised the company's claim (with its own polarity)."""
    sentence = ("The Norvik app kept sending location data to Adlytic despite promising users "
                "that their location would never be shared with third parties.")
    voices = _voices(STORY + sentence, "despite promising")
    assert ("finding", "third_party_sharing", "positive") in voices
    assert ("claim", "third_party_sharing", "negative") in voices
    finding = next(s for s in find_statements(STORY + sentence, publisher="Harbour Post")
                   if s.kind == "finding" and s.aspect == "third_party_sharing")
    assert finding.claimant != "Adlytic"  # the recipient is not who reports it


@pytest.mark.parametrize("sentence, voice", [
    # a negator right after the cue
    ("Norvik said the app collects no location data.", ("claim", "collection", "negative")),
    ("Norvik says the app uploads none of the contacts on the phone.",
     ("claim", "collection", "negative")),
    # … but not a limit: "for no longer than 90 days" keeps data 90 days
    ("Norvik said it keeps recordings for no longer than 90 days.",
     ("claim", "retention", "positive")),
    # "Per <the company's> policy" is "according to" it
    ("Per Norvik's privacy policy, recordings are kept for 30 days.",
     ("claim", "retention", "positive")),
    # what the company publishes about its product is its word, wherever it stands
    ("The app's description on the Play Store promises that no personal data is collected.",
     ("claim", "collection", "negative")),
    ("A Norvik spokesperson said the data is only used to improve the service.",
     ("claim", "purpose", "positive")),
])
def test_company_words_in_reported_shapes(sentence, voice):
    assert voice in _voices(STORY + sentence, sentence[:25])


def test_per_cent_is_not_an_attribution():
    sentence = "Per cent of users affected was small, and the app collects location data."
    assert ("claim", "collection", "positive") not in _voices(STORY + sentence, "Per cent")


def _claimants(text: str, needle: str) -> set[tuple[str, str, str | None]]:
    return {(s.kind, s.aspect, s.claimant)
            for s in find_statements(text, publisher="Harbour Post") if needle in s.text}


@pytest.mark.parametrize("sentence, voice", [
    # the noun of a promise carries the company's claim, whoever reports it
    ("The memo sits badly with assurances from Norvik that lock logs are stored in Canada.",
     ("claim", "data_location", "Norvik")),
    ("Nobody has checked Norvik's promise that doorbell clips are deleted after 30 days.",
     ("claim", "retention", "Norvik")),
    # verbs of saying beyond "said": testimony and declarations
    ("A Norvik executive testified before a committee in May that lock logs are stored only "
     "in Canada.", ("claim", "data_location", "Norvik")),
    ("Norvik declared that it keeps every lock log in Canada and a spare copy in Ireland.",
     ("claim", "data_location", "Norvik")),
])
def test_promises_and_testimony_are_the_company_claim(sentence, voice):
    assert voice in _claimants(STORY + sentence, sentence[:25])


# An outlet the text names once or often ("Ledger News", "the outlet"), and what it has in
# hand (leaked recordings), report findings: never the company's claim, never a company.
OUTLET_STORY = (STORY + "Ledger News got hold of minutes of Norvik staff calls. "
                "Ledger News said the files are authentic.\n\n")


@pytest.mark.parametrize("sentence", [
    "Ledger News reported that leaked minutes show that a Dublin team accessed lock owners' "
    "data.",
    "Lock owners' data was accessed from Dublin for a whole year, Ledger News reports.",
    "The outlet reported the lock logs were accessed from Dublin, citing leaked minutes.",
    "Norvik lock logs were accessed by a Dublin team, according to minutes obtained by "
    "Ledger News.",
    "A Dublin team had access to lock owners' personal data — reports Ledger News.",
])
def test_an_outlet_and_its_leaks_report_findings(sentence):
    assert _claimants(OUTLET_STORY + sentence, sentence[:25]) == {
        ("finding", "access", "Ledger News")}


def test_an_outlet_named_often_is_not_a_company_of_the_story():
    from scrapers.organisations import cast_of
    cast = cast_of(OUTLET_STORY + "Ledger News also wrote to Norvik. Ledger reported more.",
                   None, "Harbour Post")
    assert "Ledger" not in cast.companies and "Ledger News" in cast.outlets


def test_a_bodys_director_speaks_for_the_body():
    sentence = ("Dana Ruiz, director of the Home Safety Program at the Council on Civic "
                "Technology, told Ledger News that Norvik engineers could access the data.")
    assert _claimants(STORY + sentence, "Dana Ruiz") == {("finding", "access", "Dana Ruiz")}


def test_staff_permission_is_access_not_consent():
    sentence = "Staff in Quebec lacked permission to access the lock logs themselves."
    assert {a for _, a, _ in _claimants(STORY + sentence, "Staff in")} == {"access"}


@pytest.mark.parametrize("opening", [
    "Norvik CTO Dana Ruiz said", "Norvik security chief Dana Ruiz said",
    "The app's CTO Dana Ruiz said", "The company's chief security officer Dana Ruiz said"])
def test_a_company_officer_by_title_speaks_for_it(opening):
    from scrapers.organisations import cast_of
    text = STORY + opening + " that doorbell clips are deleted after 30 days."
    assert cast_of(text, None, "Harbour Post").people == {"Dana Ruiz": "company"}
    assert ("claim", "retention", "Norvik") in _claimants(text, opening[:12])


def test_a_security_researcher_stays_independent():
    from scrapers.organisations import cast_of
    text = STORY + ("Security researcher Dana Ruiz said the Norvik app passes location data "
                    "to Adlytic.")
    assert cast_of(text, None, "Harbour Post").people == {"Dana Ruiz": "other"}


def test_the_company_said_after_a_report_revealed_is_two_voices():
    sentence = ("Norvik will stop sharing lock owners' location data, the company said, after "
                "a Ledger News report revealed that the data went on being shared with Adlytic.")
    voices = _claimants(STORY + sentence, "Norvik will stop")
    assert ("claim", "third_party_sharing", "Norvik") in voices
    assert ("finding", "third_party_sharing", "Ledger News") in voices


@pytest.mark.parametrize("sentence, voice", [
    ("Norvik defended sharing lock owners' location data with Adlytic.",
     ("claim", "third_party_sharing", "positive")),
    # allegations the company settles are not its word
    ("Norvik is paying $3 million to settle claims it shared location data with Adlytic.",
     ("finding", "third_party_sharing", "positive")),
    # a promise said to be broken: the practice happened
    ("According to the regulator, the lock app broke its promise to not share health data "
     "with Adlytic.", ("finding", "third_party_sharing", "positive")),
])
def test_defences_allegations_and_broken_promises(sentence, voice):
    assert _voices(STORY + sentence, sentence[:20]) == {voice}


def test_a_concessive_opening_is_not_part_of_the_speaker():
    sentence = ("While Dana Ruiz said she saw no wrongdoing, Norvik will stop sharing "
                "location data with Adlytic.")
    assert all(s.claimant != "While Dana Ruiz" for s in
               find_statements(STORY + sentence, publisher="Harbour Post"))


def test_who_is_told_is_an_outlet_only_when_it_also_reports():
    from scrapers.organisations import cast_of
    told = STORY + ("Norvik told Ledger that data stays in Canada. Ledger reported the "
                    "opposite. Ledger asked again.")
    assert "Ledger" not in cast_of(told, None, "Harbour Post").companies
    customers = STORY + ("Customers are telling Norvik that the app asks too much. Norvik "
                         "said it listens.")
    assert cast_of(customers, None, "Harbour Post").main == "Norvik"


def test_a_lawyer_not_tied_to_the_company_is_independent():
    from scrapers.organisations import cast_of
    text = STORY + ("“The lock is too chatty,” says attorney Dana Ruiz with the Tenant Law "
                    "Firm, who sued Norvik over its tracking of users' data.")
    assert cast_of(text, None, "Harbour Post").people == {"Dana Ruiz": "other"}


@pytest.mark.parametrize("sentence, found", [
    ("Norvik told a reporter that it doesn't send “sensitive lock data” to Adlytic.",
     ("third_party_sharing", "negative")),
    ("The new firmware does not send any unlock events to any external analytics service.",
     ("third_party_sharing", "negative")),
    ("Norvik vowed to keep lock owners' data private.", ("third_party_sharing", "negative")),
    ("We never associate lock data with users while guest mode is on.",
     ("anonymisation", "positive")),
    ("The suit says the company was quietly tracking their behavior at home.",
     ("collection", "positive")),
    ("The complaint says Norvik's servers were built to receive data even in guest mode.",
     ("collection", "positive")),
    ("Lock data passed on by Norvik allowed ads to be targeted to renters.",
     ("purpose", "positive")),
])
def test_cue_shapes_for_sending_linking_tracking(sentence, found):
    assert found in {(h.aspect, h.polarity) for h in aspects_in(sentence, on_topic=True)}


def test_a_company_agreeing_to_settle_is_not_consent():
    assert not [h for h in aspects_in("Weeks before the hearing, the tenants and Norvik "
                                      "agreed to settle over the data.", on_topic=True)
                if h.aspect == "consent"]


@pytest.mark.parametrize("sentence, claim, finding", [
    # "despite its promises": what was done is the finding, what was promised the claim
    ("Lock data passed on by Norvik allowed ads to be targeted to renters, despite Norvik's "
     "promises that the logs would be kept private.", "third_party_sharing", "purpose"),
    # "…promised …, when it actually …": the contrast is the finding
    ("The regulator says Norvik vowed to keep lock logs private, when it actually sold "
     "the lock data to marketing partners such as Adlytic.", "third_party_sharing",
     "third_party_sharing"),
])
def test_a_promise_and_what_was_done_are_two_voices(sentence, claim, finding):
    kinds = _kinds(STORY + sentence, sentence[:20])
    assert ("claim", claim) in kinds and ("finding", finding) in kinds


def test_and_that_goes_on_in_the_same_voice():
    sentence = ("In its privacy policy, Norvik had promised renters that it would guard their "
                "lock logs, and that the logs would be used only to run the locks, "
                "according to the regulator's complaint.")
    assert ("claim", "purpose") in _kinds(STORY + sentence, "In its privacy")


@pytest.mark.parametrize("sentence, kind", [
    ("Norvik has never sold its users' location data.", ["sale"]),
    ("Norvik does not sell or share location data with anyone.", None),
    ("The app was sharing location data with third-party advertisers.", ["advertising"]),
    ("The app was sharing location data with its vendors Adlytic and Tapstat.", None),
])
def test_selling_and_advertisers_are_told_from_sharing(sentence, kind):
    hit = next(h for h in aspects_in(sentence, on_topic=True)
               if h.aspect == "third_party_sharing")
    assert hit.values.get("purpose_kinds") == kind


def test_a_recipient_the_text_calls_an_ad_firm_is_an_advertiser():
    text = (STORY + "Adlytic, a mobile advertising firm, buys app audiences. Researchers found "
            "that the Norvik app sent lock owners' location data to Adlytic.")
    st = next(s for s in find_statements(text, publisher="Harbour Post")
              if s.aspect == "third_party_sharing" and "sent lock" in s.text)
    assert st.values.get("purpose_kinds") == ["advertising"]


@pytest.mark.parametrize("sentence", [
    "Norvik said it would stop sharing location data with Adlytic.",
    "Norvik will nevertheless stop sharing location data with Adlytic.",
])
def test_a_promise_to_stop_is_about_what_comes(sentence):
    st = next(s for s in find_statements(STORY + sentence, publisher="Harbour Post")
              if s.aspect == "third_party_sharing")
    assert "discontinued" in st.context


@pytest.mark.parametrize("sentence", [
    "The watch has a built-in heart rate monitor, GPS and an aluminium case.",
    "By default your subscription is auto-renewed, but it is easy to opt out of it.",
])
def test_devices_and_subscriptions_are_no_data_practice(sentence):
    assert not aspects_in(sentence)


def test_what_can_be_turned_off_is_an_opt_out_when_data_is_in_sight():
    on = aspects_in("The upload of unlock activity can be turned off in the app.",
                    on_topic=True)
    assert [(h.aspect, h.values.get("state")) for h in on] == [("consent", "opt_out")]
    assert not aspects_in("The lamp can be turned off at night.", on_topic=True)


def test_what_will_be_halted_is_discontinued():
    from scrapers.normalise import contexts_in
    assert "discontinued" in contexts_in("The collection of that data will be halted.")


@pytest.mark.parametrize("sentence, state", [
    ("Norvik said a small audit team controls who gets access to the lock logs.",
     "restricted"),
    ("A Dublin engineer was said to be a super user who has access to everything.", None),
    ("The minutes suggest Dublin staff had access to U.S. lock data for a year.", None),
    ("Norvik played down how often renters' data was being accessed abroad.", None),
])
def test_access_shapes(sentence, state):
    hits = [h for h in aspects_in(sentence, on_topic=True) if h.aspect == "access"]
    assert hits and hits[0].values.get("state") == state


def test_staff_permission_across_abbreviations():
    sentence = "Norvik staff in the U.S. lacked permission to access the lock logs."
    assert {h.aspect for h in aspects_in(sentence, on_topic=True)} == {"access"}


def test_the_app_speaking_after_an_adverb_is_the_company():
    sentence = ("Initially, the app told a reporter that it doesn't send “sensitive lock "
                "data” to Adlytic.")
    assert _claimants(STORY + sentence, "Initially") == {
        ("claim", "third_party_sharing", "Norvik")}


@pytest.mark.parametrize("sentence, kind", [
    # what the company will do is its own announcement
    ("So it will now add encryption to the Norvik app so that lock logs stop reaching "
     "servers in Panama.", "claim"),
    ("The company plans to delete stored doorbell clips after 30 days.", "claim"),
    # … not a sentence with a source of its own, nor what others will do
    ("Norvik is paying $3 million to settle claims it shared location data with Adlytic.",
     "finding"),
])
def test_a_company_announcing_a_plan(sentence, kind):
    assert {k for k, _ in _kinds(STORY + sentence, sentence[:20])} == {kind}


def test_sharing_with_a_recipient_far_after_the_data():
    sentence = ("Yet, the regulator said, Norvik shared detailed lock records of "
                "thousands of renters over two years with several third parties.")
    assert "third_party_sharing" in {h.aspect for h in aspects_in(sentence, on_topic=True)}
    assert not aspects_in("The singer shared a clip of her band warming up in the hall "
                          "backstage with a crowd of fans.")


def test_reports_from_an_outlet_are_its_findings():
    sentence = ("Yesterday, reports from Ledger News gave new detail on how Norvik sells "
                "unlock data to marketers.")
    assert _claimants(STORY + sentence, "Yesterday") == {
        ("finding", "third_party_sharing", "Ledger News")}


@pytest.mark.parametrize("sentence", [
    "While it is normal for lock makers to collect data from their hardware, it is usually "
    "stripped of names first.",
    "Lock makers have been known to collect data to tune their firmware.",
])
def test_what_an_industry_usually_does_is_background(sentence):
    assert not [s for s in find_statements(STORY + sentence, publisher="Harbour Post")
                if sentence[:20] in s.text]


def test_collecting_to_do_something_is_a_purpose():
    hits = aspects_in("Battery readings are the other kind of data, which we collect to "
                      "provide faster repairs.", on_topic=True)
    assert [(h.aspect, h.values.get("purposes")) for h in hits] == [
        ("purpose", ["provide faster repairs"])]


def test_combining_bits_into_a_unique_picture_is_identifiability():
    hits = aspects_in("Ad networks can combine such scraps to build a unique profile of each "
                      "lock owner.", on_topic=True)
    assert [(h.aspect, h.values.get("state")) for h in hits] == [
        ("anonymisation", "identifiable")]


def test_logging_in_to_ones_own_account_is_no_access():
    assert not aspects_in("Typing a one-time code to access your account keeps intruders "
                          "out.", on_topic=True)


@pytest.mark.parametrize("sentence", [
    "See also: Norvik let go of two staff for snooping on renters' lock data.",
    "The three firms found to be receiving renters' data were:",
])
def test_link_lines_and_list_openers_are_no_statements(sentence):
    assert not [s for s in find_statements(STORY + sentence, publisher="Harbour Post")
                if sentence[:15] in s.text]


def test_a_name_and_that_with_the_verb_left_out_is_the_persons_voice():
    text = ("Norvik makes smart locks sold in many countries. Norvik Canada MD Dana Ruiz "
            "met reporters about the Norvik locks.\n\n"
            "Asked about lock logs reportedly sent to servers in Panama, Ruiz that "
            "every lock log of Canadian owners is stored in Toronto data centres.")
    voices = {(s.kind, s.aspect) for s in find_statements(text, publisher="Harbour Post")
              if s.text.startswith("Asked about")}
    assert voices == {("finding", "data_location"), ("claim", "data_location")}


@pytest.mark.parametrize("sentence", [
    "Norvik told renters it would not share location data with advertisers, but it did.",
    "Norvik Guard, a cheap lock app, pledges to guard renters' privacy but has secret data "
    "sharing deals.",
])
def test_but_it_did_is_the_writers_finding(sentence):
    kinds = _kinds(STORY + sentence, sentence[:20])
    assert ("finding", "third_party_sharing") in kinds


def test_log_files_kept_is_retention():
    hits = aspects_in("The audit shows that log files are kept far longer than repairs "
                      "would need.", on_topic=True)
    assert "retention" in {h.aspect for h in hits}


def test_an_opt_out_that_does_not_stop_the_collection():
    hits = aspects_in("Testers saw that opting out of the lock's data upload does not really "
                      "stop it from reporting.", on_topic=True)
    assert [(h.aspect, h.polarity, h.values.get("state")) for h in hits] == [
        ("consent", "negative", "opt_out")]


@pytest.mark.parametrize("sentence, planned", [
    ("So it will now increase the encryption of the lock logs.", True),
    ("Norvik plans to move the lock logs to servers in Toronto.", True),
    ("We will never share your data.", False),
    ("The lock logs will be stored in Toronto.", False),
])
def test_a_change_the_company_will_make_is_planned(sentence, planned):
    from scrapers.normalise import contexts_in
    assert ("planned" in contexts_in(sentence)) is planned


def test_a_feature_is_the_companys_product_not_a_company():
    from scrapers.organisations import cast_of
    text = ("Make a Scene: what the TV maker did\n\nNorvik pre-installed its Scene Sense "
            "feature on new TVs. The Scene Sense feature collected viewing data. "
            "Norvik said the \u201cScene Sense\u201d feature could be turned off.")
    cast = cast_of(text, None, "Harbour Post")
    assert cast.companies == ["Norvik"] and "Scene" not in cast.products.values()


def test_third_parties_who_used_the_data_for_advertising_is_a_purpose():
    hits = aspects_in("Norvik shared the logs with partners who used the data for "
                      "ends of their own, such as showing targeted advertising.",
                      on_topic=True)
    assert {"third_party_sharing", "purpose"} <= {h.aspect for h in hits}


def test_a_partys_case_in_court_is_its_word():
    sentence = ("Norvik's motion hinged on the idea that renters consent to Norvik keeping "
                "their lock logs when they sign the lease.")
    assert ("claim", "consent") in _kinds(STORY + sentence, "Norvik's motion")


def test_what_the_company_never_told_users_is_no_claim_of_it():
    sentence = ("Because Norvik never plainly told renters that it keeps collecting data in "
                "guest mode, the Court could not find that renters knowingly consented.")
    voices = {(s.kind, s.aspect, s.polarity, s.claimant)
              for s in find_statements(STORY + sentence, publisher="Harbour Post")
              if s.text.startswith("Because")}
    assert ("finding", "consent", "negative", "the Court") in voices
    assert not any(kind == "claim" for kind, *_ in voices)


def test_a_browsing_mode_is_no_company():
    from scrapers.organisations import cast_of
    text = ("Norvik makes a browser. Norvik says Stealth mode hides history. In Stealth "
            "mode the Norvik browser still sends data, researchers found. Stealth was "
            "supposed to be private.")
    assert cast_of(text, None, "Harbour Post").companies == ["Norvik"]


@pytest.mark.parametrize("sentence", [
    "The banks make money by collecting interest on consumer loans.",
    "The scientists were unable to collect any data about the age of the samples tested.",
    "The update adds support for sending audio or video from a phone to a smart TV.",
])
def test_collecting_money_study_data_or_playing_media_is_no_collection(sentence):
    assert "collection" not in {h.aspect for h in aspects_in(sentence)}


def test_a_verb_of_saying_inside_the_subject_leaves_the_name_after_it():
    sentence = "The regulator says Norvik promised to keep renters' lock data private."
    assert ("claim", "third_party_sharing", "Norvik") in _claimants(STORY + sentence,
                                                                   "The regulator says")
