"""Every normaliser of `scrapers.normalise` and the data files behind it, one family per
test: what a text says -> the value CONTRACT.md and the rules expect. The phrases are
ours, written to show the forms articles use, not taken from any article."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from scrapers import normalise as nz
from scrapers.aspects import aspects_in


def _data(name: str) -> dict:
    return json.loads(resources.files("scrapers.data").joinpath(name).read_text("utf-8"))


# --- countries ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("servers in Germany", ["DE"]),                       # pycountry name
    ("kept in the Netherlands and Russia", ["NL", "RU"]),   # names beyond pycountry
    ("stored in the US", ["US"]),
    ("on U.S. soil", ["US"]),
    ("in the UK and Great Britain", ["GB"]),
    ("a data centre in Frankfurt", ["DE"]),                # cities
    ("servers in São Paulo", ["BR"]),
    ("the Ashburn region", ["US"]),
    ("routed through Shenzhen and Singapore", ["CN", "SG"]),
    ("hosted in Jersey", []),                             # ambiguous names left out
])
def test_countries_from_names_and_cities(text, expected):
    assert nz.countries_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Singaporean servers", ["SG"]),
    ("on Indian data centres", ["IN"]),
    ("a Chinese company", []),                             # who someone is, not a place
    ("Russian cloud", ["RU"]),
])
def test_demonyms_count_only_before_server_words(text, expected):
    assert nz.countries_in(text, demonyms_before=r"servers?|data cent\w*|cloud") == expected


def test_every_place_maps_to_an_iso_code():
    places = _data("places.json")
    codes = {c for table in ("names", "demonyms", "cities") for c in places[table].values()}
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert nz.country_name("SG") == "Singapore"


@pytest.mark.parametrize("sentence, countries", [
    ("The company stores recordings on servers based in Iceland.", ["IS"]),
    ("The app sent contacts to a Singapore-based server.", ["SG"]),
    # where a phone is sold or bought, what an institution or regulator is called
    ("Nereva, a phone brand sold mainly in India and Kenya, sends call logs to servers "
     "in Beijing.", ["CN"]),
    ("Researchers at the University of Munich found data went to servers in Virginia.",
     ["US"]),
    ("The Berlin data protection authority said the data was kept on servers in Ohio.",
     ["US"]),
    ("Transaction records are kept for seven years, as UK law requires.", None),
])
def test_data_location_countries_leave_out_places_that_are_not_where_data_goes(
        sentence, countries):
    loc = [h for h in aspects_in(sentence) if h.aspect == "data_location"]
    if countries is None:
        assert not loc
    else:
        assert loc and loc[0].values["countries"] == countries


# --- hosting operators ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("hosted on AWS", ["Amazon Web Services"]),
    ("Amazon Web Services servers", ["Amazon Web Services"]),
    ("EC2 instances and Amazon S3 buckets", ["Amazon Web Services"]),
    ("Aliyun servers in Singapore", ["Alibaba Cloud"]),
    ("Alibaba Cloud", ["Alibaba Cloud"]),
    ("kept on Microsoft Azure", ["Microsoft Azure"]),
    ("runs on GCP", ["Google Cloud"]),
    ("servers rented from OVH and Digital Ocean", ["OVHcloud", "DigitalOcean"]),
    ("Hetzner servers in Falkenstein", ["Hetzner"]),
    ("Tencent Cloud servers", ["Tencent Cloud"]),
])
def test_operators_and_aliases(text, expected):
    assert nz.operators_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Alibaba, the retailer, bought a stake", []),         # a company, not its cloud
    ("Alibaba servers in Hangzhou", ["Alibaba Cloud"]),
    ("Tencent owns a stake in the game maker", []),
    ("Oracle sued the firm", []),
])
def test_ambiguous_operator_names_need_server_words(text, expected):
    assert nz.operators_in(text) == expected


def test_operator_data_is_consistent():
    orgs = _data("organisations.json")
    aliases = {a for forms in orgs["operators"].values() for a in forms}
    assert set(orgs["operator_needs_server_context"]) <= aliases
    hosting = _data("hosting.json")
    # what a capture's network or host names resolves to is an operator the text reader knows
    known = set(orgs["operators"]) | {"Meta Platforms", "Fastly", "Vultr", "Scaleway", "ByteDance",
                                      "Salesforce (Heroku)", "Vercel", "Netlify",
                                      "ByteDance (Volcano Engine)"}
    assert set(hosting["asn_names"].values()) | set(hosting["host_suffixes"].values()) <= known


# --- certifiers and standards ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("certified by TrustArc", ["TrustArc"]),
    ("a TRUSTe seal", ["TrustArc"]),                        # TrustArc's former name
    ("audited by the British Standards Institution", ["BSI"]),
    ("certified by BSI", ["BSI"]),                          # BSI alone: the British body
    ("BSI, the German Federal Office for Information Security", ["BSI (Germany)"]),
    ("Germany's BSI tested the app", ["BSI (Germany)"]),    # BSI in a German context
    ("the Bundesamt für Sicherheit in der Informationstechnik", ["BSI (Germany)"]),
    ("tested by TÜV Rheinland", ["TÜV"]),
    ("awarded the ePrivacyseal", ["ePrivacy"]),
    ("a EuroPriSe seal and a KPMG audit", ["EuroPriSe", "KPMG"]),
])
def test_certifiers(text, expected):
    assert nz.certifiers_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ISO 27001", ["ISO/IEC 27001"]),
    ("ISO/IEC 27001 and ISO/IEC 27701", ["ISO/IEC 27001", "ISO/IEC 27701"]),
    ("ISO27018 for cloud privacy", ["ISO/IEC 27018"]),
    ("a SOC 2 Type II report", ["SOC 2"]),
    ("SOC2", ["SOC 2"]),
    ("PCI DSS and the C5 catalogue", ["PCI DSS", "BSI C5"]),
])
def test_standards(text, expected):
    assert nz.standards_in(text) == expected


def test_certification_statement_carries_certifier_and_standard():
    hits = [h for h in aspects_in("Its data handling is certified under ISO/IEC 27701 by "
                                  "TÜV Rheinland.") if h.aspect == "certification"]
    assert hits[0].values == {"certifiers": ["TÜV"], "standards": ["ISO/IEC 27701"]}
    lapsed = [h for h in aspects_in("The TRUSTe certificate expired in 2019.")
              if h.aspect == "certification"]
    assert lapsed[0].polarity == "negative"


# --- identifiers ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("the phone's IMEI number", ["imei"]),
    ("the Android ID (SSAID)", ["android_id"]),
    ("the advertising ID", ["advertising_id"]),
    ("Google Advertising ID, IDFA and GAID", ["advertising_id"]),
    ("the Wi-Fi MAC address", ["mac_address"]),
    ("a persistent device identifier", ["device_id"]),
    ("a UUID and the serial number", ["device_id"]),
    ("your IP address and email address", ["ip_address", "email_address"]),
])
def test_identifiers(text, expected):
    assert nz.identifiers_in(text) == expected


def test_device_identifiers_exclude_contact_details():
    assert nz.device_identifiers_in("the IMEI, the IP address and the email address") == ["imei"]
    assert set(_data("terms.json")["device_identifiers"]) <= set(_data("terms.json")["identifiers"])


@pytest.mark.parametrize("sentence, state, identifiers", [
    ("The sets sent screen samples along with the TV's MAC address and serial number.",
     "pseudonymous", ["mac_address", "device_id"]),
    ("Each report carried the phone's Android ID.", "pseudonymous", ["android_id"]),
    ("Each clip came with the owner's first name and postcode.", "identifiable", []),
])
def test_a_device_identifier_makes_data_pseudonymous(sentence, state, identifiers):
    anon = [h for h in aspects_in(sentence) if h.aspect == "anonymisation"]
    assert anon and anon[0].values["state"] == state
    assert anon[0].values.get("identifiers", []) == identifiers


def test_denying_collection_of_identifiers_is_collection():
    hits = {h.aspect: h for h in aspects_in(
        "We do not collect the MAC address, IMEI or any other hardware identifier.")}
    assert "anonymisation" not in hits
    assert hits["collection"].polarity == "negative"
    assert hits["collection"].values["data"] == ["mac_address", "imei"]


# --- algorithms and encryption states ----------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("AES-256 at rest", ["AES-256"]),
    ("256-bit AES", ["AES-256"]),
    ("AES 128", ["AES-128"]),
    ("a single AES-128 key in ECB mode", ["AES-128-ECB"]),
    ("AES-256 in GCM mode", ["AES-256-GCM"]),
    ("TLS 1.3 and HTTPS", ["TLS"]),
    ("base64 and base-64", ["base64"]),
    ("hashed with MD5 or SHA-1", ["MD5", "SHA-1"]),
    ("the Signal Protocol", ["Signal Protocol"]),
])
def test_algorithms_and_modes(text, expected):
    assert nz.algorithms_in(text) == expected


@pytest.mark.parametrize("sentence, state", [
    ("All calls are end-to-end encrypted.", "end_to_end"),
    ("Messages are encrypted at rest with AES-256.", "encrypted"),
    ("The addresses are encoded in base64 before being sent.", "encoded_only"),
    ("Audio is encrypted with AES-128 in ECB mode.", "weak"),
    ("The reports travelled over plain HTTP.", "unencrypted"),
    ("Previews were stored unencrypted.", "unencrypted"),
])
def test_encryption_states(sentence, state):
    # sentences of a story about data practices ("the reports" are the app's reports)
    enc = [h for h in aspects_in(sentence, on_topic=True) if h.aspect == "encryption"]
    assert enc and enc[0].values["state"] == state


def test_encryption_in_transit_is_a_context():
    enc = [h for h in aspects_in("Traffic between your phone and our servers is encrypted "
                                 "with TLS.") if h.aspect == "encryption"][0]
    assert enc.values["context"] == ["in transit"] and enc.values["algorithms"] == ["TLS"]


# --- data categories -> DPV -------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("your browsing history", ["browsing_history"]),
    ("every address a user visits", ["browsing_history"]),     # a pattern, not a form
    ("the sites customers visited", ["browsing_history"]),
    ("search queries", ["search_queries"]),
    ("GPS coordinates and contact lists", ["location", "contacts"]),
    ("heart rate and sleep data", ["health"]),
    ("cycle data and ovulation dates", ["health"]),
    ("call logs", ["call_logs"]),
    ("viewing histories", ["viewing_history"]),
    ("voice recordings", ["voice_recordings"]),
    ("user data", ["personal_data"]),                          # generic ...
    ("user data and browsing history", ["browsing_history"]),  # ... only when alone
])
def test_data_categories(text, expected):
    assert nz.data_categories_in(text) == expected


@pytest.mark.parametrize("category, iri", [
    ("browsing_history", "https://w3id.org/dpv/pd#BrowserHistory"),
    ("location", "https://w3id.org/dpv/pd#Location"),
    ("health", "https://w3id.org/dpv/pd#HealthRecord"),
    ("call_logs", "https://w3id.org/dpv/pd#CallLog"),
    ("viewing_history", "https://w3id.org/dpv/pd#TVViewingBehaviour"),
    ("personal_data", "https://w3id.org/dpv#PersonalData"),
])
def test_categories_map_to_dpv(category, iri):
    assert nz.dpv_category(category) == iri


def test_every_category_has_a_dpv_concept_and_forms():
    for name, spec in _data("terms.json")["data_categories"].items():
        assert re.fullmatch(r"(?:pd|dpv):[A-Z][A-Za-z]+", spec["dpv"]), name
        assert spec["forms"], name
        assert nz.dpv_category(name).startswith("https://w3id.org/dpv")
        for pattern in spec.get("patterns", []):
            re.compile(pattern)
    assert nz.dpv_category("no_such_category") is None


# --- contexts and periods ----------------------------------------------------------

@pytest.mark.parametrize("text, context", [
    ("even in incognito mode", "incognito mode"),
    ("in private browsing", "incognito mode"),
    ("when signed in", "signed in"),
    ("while logged out", "signed out"),
    ("data of children under 13", "children"),
    ("even in guest mode", "guest mode"),
    ("data of German users", "users in DE"),
    ("Indian users", "users in IN"),
    ("users in the UK", "users in GB"),
    ("EU users", "users in EU"),
    ("European customers", "users in EU"),
    ("with Location History paused", "Location History off"),
    ("after users opted out", "opted out"),
    ("some calls went abroad by mistake", "admitted error"),
    ("it currently does not sell data", "current practice"),
    ("it will stop the data collection", "discontinued"),
])
def test_contexts(text, context):
    assert context in nz.contexts_in(text)


def test_a_default_setting_is_not_a_context():
    assert nz.contexts_in("ViewSense is switched off by default") == []
    assert nz.normalise_context("Location History off") == nz.normalise_context("opted out")


@pytest.mark.parametrize("sentence, period", [
    ("Logs are deleted after 30 days.", "30 days"),
    ("The app kept GPS tracks for five years.", "5 years"),
    ("It kept symptom logs of deleted accounts for more than a year.", "1 year"),
    ("Recordings are stored for up to eighteen months.", "18 months"),
    ("Backups are kept indefinitely.", "indefinitely"),
])
def test_retention_periods(sentence, period):
    ret = [h for h in aspects_in(sentence) if h.aspect == "retention"]
    assert ret and ret[0].values["period"] == period


def test_a_test_that_ran_for_weeks_is_not_retention():
    assert not [h for h in aspects_in("The researchers watched its network traffic for three "
                                      "weeks.") if h.aspect == "retention"]


def test_us_states_are_places_but_not_the_ambiguous_ones():
    assert nz.countries_in("servers in Arizona and Nevada") == ["US"]
    assert nz.countries_in("told the Washington Post") == []


def test_handing_data_to_investigators_is_access():
    acc = [h for h in aspects_in("The provider gave investigators the IP addresses of several "
                                 "customers.") if h.aspect == "access"]
    assert acc and acc[0].values["parties"] == ["investigators"]


def test_recipients_after_including():
    share = [h for h in aspects_in("The game transmitted each child's location to three ad "
                                   "networks, including Plexora.")
             if h.aspect == "third_party_sharing"]
    assert share and share[0].values["recipients"] == ["Plexora"]
    assert nz.data_categories_in("the websites our customers visit") == ["browsing_history"]
