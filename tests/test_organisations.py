"""The organisations stage: which names in a text are the companies it is about. Every
text here was written for this test."""

from __future__ import annotations

from scrapers.organisations import cast_of, title_case_lines


def _companies(text: str, title: str | None = None) -> list[str]:
    return cast_of(text, title, "Harbour Post").companies


def test_a_body_named_across_for_and_ampersand_is_no_company():
    text = ("Norvik sells a VPN app. The Center for Privacy & Technology filed a complaint "
            "against Norvik. The Center for Privacy & Technology says Norvik logs traffic. "
            "Norvik denies it.")
    assert _companies(text) == ["Norvik"]


def test_words_only_ever_starting_sentences_are_no_names():
    text = ("Yesterday, reports said Norvik sold browsing data. Yesterday, Norvik apologised. "
            "Some clients paid Norvik for the data. Some clients said so. Now, Norvik says "
            "the data was anonymised. Now the regulator asks Norvik for its records.")
    assert _companies(text) == ["Norvik"]


def test_headlines_and_page_furniture_do_not_make_names():
    text = ("Norvik Quietly Sells Browsing Data To Advertisers\n\n"
            "Advertisement\n\n"
            "Norvik sold the browsing data of its users, researchers found.\n\n"
            "Advertisement\n\n"
            "Norvik said the data was anonymised.")
    assert title_case_lines(text) == [(0, text.index("\n"))]
    assert _companies(text) == ["Norvik"]


def test_names_do_not_run_across_lines():
    text = ("Norvik\n\nSeveral researchers looked at Norvik Browser. Norvik makes Norvik Browser "
            "and Norvik Mail. Norvik said so.")
    cast = cast_of(text, None, None)
    assert not any("\n" in p for p in cast.products)
    assert "Norvik Browser" in cast.products


def test_demonyms_identifiers_and_based_are_no_companies():
    text = ("Norvik sends the IMEI of every phone to China-based servers, and Americans are "
            "worried. The IMEI goes with each report, and China-based firms get it. "
            "Americans asked Norvik why. Norvik said the IMEI is needed.")
    assert _companies(text) == ["Norvik"]


def test_a_person_speaks_for_a_company_only_when_the_role_ties_them_to_it():
    text = ("Norvik sells phones. Security engineer Dana Ruiz found that her Norvik phone "
            "sends the IMEI to Norvik. Dana Ruiz, whose Norvik phone she tested, said the "
            "data is not anonymised. Tom Hale, a spokesperson for Norvik, said the data is "
            "anonymised. Norvik said so too.")
    people = cast_of(text, None, "Harbour Post").people
    assert people["Dana Ruiz"] == "other"
    assert people["Tom Hale"] == "company"


def test_quoted_employees_saying_we_do_not_make_the_text_theirs():
    text = ("Leaked recordings show Norvik staff in Shenzhen could see user data. "
            "“We use this data every day,” one engineer said. “We never delete it,” "
            "another said. “We share it with the parent company,” a third said. "
            "Norvik did not respond.")
    assert cast_of(text, None, "Harbour Post").first_person == "outlet"


def test_known_owners_are_linked_from_the_facts_file():
    from ontologies.iris import Minter
    from ontologies.vocab import SCHEMA
    from scrapers.article import read_article
    from scrapers.statement_graph import article_graph
    from scrapers.statements import find_statements

    text = ("Instagram sends user data to servers in Ireland, researchers found. "
            "Instagram says the data of users in the US is stored in Virginia.")
    cast = cast_of(text, None, "Harbour Post")
    assert cast.parents.get("Instagram") == "Meta"
    article = read_article(text, source="t.txt", publisher="Harbour Post")
    m = Minter()
    graph, _ = article_graph(article, find_statements(text, publisher="Harbour Post"), m)
    assert (m.organisation("Instagram"), SCHEMA.parentOrganization,
            m.organisation("Meta")) in graph


def test_a_common_word_is_not_taken_for_a_brand():
    text = "The doorbell will ring twice. Users can ring the support line for help."
    assert "Ring" not in cast_of(text, None, None).parents


def test_a_copular_role_ties_a_person_to_the_company():
    cast = cast_of("Norvik makes a dating app. Dana Ruiz is the chief technology officer of "
                   "Norvik. Mia Lund was a researcher at the Tarlon Institute.", None,
                   "Harbour Post")
    assert cast.people == {"Dana Ruiz": "company", "Mia Lund": "other"}


def test_a_possessive_ties_a_role_to_a_company_named_only_at_sentence_starts():
    # "Norvik's head of security" speaks for Norvik (security here is a department, not
    # an independent security researcher), even where Norvik only ever opens sentences
    cast = cast_of("Norvik makes a dating app. Norvik's head of security, Bryce Tall, "
                   "spoke on Monday.", None, "Harbour Post")
    assert cast.people == {"Bryce Tall": "company"}
