"""Generate a seeded newsroom archive: HTML articles about made-up companies, with HAR
captures and certification registry files for some of their products.

    .venv/bin/python bench/newsroom_corpus.py --articles 1000 [--seed 7] [--shape newsroom]
        [--companies N] [--out DIR] [--verify K]

What it writes, to <out>/<shape>-<articles>-s<seed>/ (default out
$TMPDIR/privacykg-bench/newsroom):

- articles/NNN/aNNNNNN.html, 1,000 to a folder: one article each (a <title>, a canonical
  link, <meta name="author">, <meta property="article:published_time">,
  <meta property="og:site_name"> for the outlet, <article><p>…</p></article>);
- extra.html: one more article about the first company, for an incremental check;
- evidence/*.har (HAR 1.2) and evidence/registries.json (docs/evidence-formats.md);
- manifest.json: counts (articles, companies, distinct claims and findings, mentions)
  and the contradictions a check should record, per rule, both at the level of distinct
  claim x distinct finding of one company and at the level the store holds them (every
  mention of a claim against every mention of a finding of the same company);
  evidence.json: how to load each evidence file (its --product / --vendor).

Shapes. `newsroom` (default): max(40, articles/25) companies, each with 1-3
subsidiaries and 1-3 products and a fixed set of claims (data location always;
encryption, third-party sharing, retention, collection, certification sometimes) and of
findings by made-up research labs (most contradict a claim, some agree with it, some
concern a practice the company never spoke about). An article picks a company, repeats
one to three of its claims in new words (several phrasings each), reports one or two of
its findings as other outlets also do, and adds background sentences that are not about
data practices. `issue` (the shape of issue 14): 40 companies; an article repeats a
company's claims in a few paragraphs and reports one researcher's contradicting finding;
no evidence files.

Every name (companies, subsidiaries, products, labs, outlets, people) is composed here
from syllables or invented; IP addresses in the captures were picked so the offline IP
database privacykg ships (geoip2fast) places them in the named country. Generation is
pure Python and needs nothing of the project; --verify K then runs the project's real
extractor (kg.ingest.extract) over the first K articles and reports, per phrasing, how
many planted sentences came out as the statement planted (kind, aspect, claimant,
values), and how many statements came from sentences that plant none.
Deterministic: the same seed, shape and size give the same bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

VERSION = 7  # bump when the output changes, so cached corpora are rebuilt
PER_FOLDER = 1000

# --- names --------------------------------------------------------------------------

ONSETS = ["B", "D", "F", "G", "K", "L", "M", "N", "P", "Qu", "R", "S", "T", "V", "Z",
          "Br", "Dr", "Gl", "Kr", "Pl", "Tr", "Vr", "Sk", "Th"]
VOWELS = ["a", "e", "i", "o", "u", "ae", "io", "ou"]
CODAS = ["l", "m", "n", "r", "x", "v", "lt", "rn", "nd", "sk", "rv", "lm"]
ENDINGS = ["a", "o", "ix", "en", "ora", "eon", "ari", "ello", "umo", "iva", "eto", "ami"]
# capitalised names the extractor reads as something else, or that are real brands
AVOID = {"Nokia", "Lenovo", "Toshiba", "Zoom", "Tesla", "Vivo", "Oppo", "Meta", "Nest",
         "Tinder", "Venmo", "Samsung", "Sony", "Roku", "Lyft", "Uber", "Bumble",
         "Telegram", "Signal", "Kaspersky", "Avast", "Norton", "Mozilla", "Opera"}
PRODUCT_WORDS = ["Pulse", "Drift", "Nimbus", "Beacon", "Vault", "Atlas", "Echo", "Ember",
                 "Orbit", "Lumen", "Tally", "Quill", "Harbor", "Canvas", "Relay", "Sprout"]
FIRST_NAMES = ["Dana", "Arjun", "Lena", "Kofi", "Mira", "Tomas", "Ines", "Yusuf", "Hana",
               "Oskar", "Leila", "Pavel", "Noor", "Emil", "Sofia", "Rafael", "Ada", "Jonas",
               "Priya", "Mateo", "Elif", "Sven", "Zara", "Ivo"]
LAB_FORMS = ["the {n} Privacy Lab", "the {n} Institute for Digital Rights",
             "the {n} Security Group", "the {n} Mobile Research Centre"]
OUTLET_FORMS = ["The {n} Courier", "The {n} Ledger", "{n} Daily", "The {n} Post",
                "{n} Tech Review", "The {n} Observer"]

CLAIM_COUNTRIES = [("DE", "Germany"), ("IE", "Ireland"), ("NL", "the Netherlands"),
                   ("SE", "Sweden"), ("FR", "France"), ("FI", "Finland")]
FOREIGN_COUNTRIES = [("SG", "Singapore"), ("US", "the United States"), ("BR", "Brazil"),
                     ("JP", "Japan"), ("IN", "India"), ("KR", "South Korea")]
# addresses geoip2fast's bundled data places in each country (checked when written:
# scrapers.netinfo.lookup_ip); the captures use them for their servers
IPS = {"SG": "151.146.61.208", "US": "155.242.33.156", "BR": "186.194.40.146",
       "JP": "60.98.240.139", "IN": "4.240.132.142", "KR": "223.173.160.93",
       "DE": "185.198.218.102", "IE": "57.137.122.84"}
# (surface form, CONTRACT.md value); browsing history and search queries are left out:
# the captures send visited URLs, which would meet a denial of collecting them
DATA = [("location data", "location"), ("contacts", "contacts"),
        ("voice recordings", "voice_recordings"), ("health data", "health"),
        ("call logs", "call_logs"), ("photos", "photos")]


class Names:
    """Unique made-up capitalised names, composed from syllables."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set(AVOID)

    def word(self) -> str:
        for _ in range(1000):
            r = self.rng
            w = r.choice(ONSETS) + r.choice(VOWELS)
            if r.random() < 0.6:
                w += r.choice(CODAS)
            w += r.choice(ENDINGS)
            if w not in self.used and 5 <= len(w) <= 10:
                self.used.add(w)
                return w
        raise RuntimeError("ran out of names")

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.word()}"


# --- the companies and what is said about them -----------------------------------

@dataclass
class Claim:
    id: str
    kind: str            # loc, e2e, nosell, ret, nocol, cert
    speaker: str         # the company or one of its subsidiaries
    params: dict
    mentions: int = 0


@dataclass
class Finding:
    id: str
    kind: str            # loc, loc_same (agrees), enc, share, ret, col
    lab: str
    subject: str         # a product, the company or a subsidiary
    params: dict
    mentions: int = 0


@dataclass
class Company:
    index: int
    name: str
    subsidiaries: list[str]
    products: list[str]
    home: tuple[str, str]
    data: tuple[str, str]
    data2: tuple[str, str]
    claims: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    spokespeople: list[str] = field(default_factory=list)
    board: str = ""  # a board member the background names (never a spokesperson)
    evidence: list[dict] = field(default_factory=list)  # what a capture or registry shows

    def claim(self, kind: str) -> Claim | None:
        return next((c for c in self.claims if c.kind == kind), None)


# Which finding contradicts which claim, and by which rule (kg/rules/). A finding kind
# missing here ("loc_same") agrees with the claims, or meets no claim of its kind.
CONTRADICTS = {
    "loc": [("loc", "data-location-mismatch")],
    "enc": [("e2e", "end-to-end-not-supported")],
    "share": [("nosell", "third-party-sharing-denied")],
    "ret": [("ret", "retention-longer-than-claimed")],
    "col": [("nocol", "collection-despite-denial")],
    # evidence files (end-to-end-not-supported takes findings only, not captures)
    "har": [("loc", "data-location-mismatch")],
    "registry": [("cert", "certification-not-found")],
}


def make_companies(rng: random.Random, names: Names, n: int, shape: str) -> list[Company]:
    labs = [rng.choice(LAB_FORMS).format(n=names.word()) for _ in range(12)]
    recipients = [names.word() for _ in range(10)]
    # the extractor knows certifiers from a gazetteer of real ones
    # (scrapers/data/organisations.json); a made-up board is no certifier to it
    certifiers = ["TrustArc", "EuroPriSe"]
    companies = []
    for i in range(n):
        name = names.word()
        subs = [names.word() for _ in range(rng.randint(1, 3))]
        prods = [f"{name} {w}" for w in rng.sample(PRODUCT_WORDS, rng.randint(1, 3))]
        data, data2 = rng.sample(DATA, 2)
        first = rng.sample(FIRST_NAMES, 3)  # people of one company never share a first name
        c = Company(i, name, subs, prods, rng.choice(CLAIM_COUNTRIES), data, data2,
                    spokespeople=[f"{first[0]} {names.word()}", f"{first[1]} {names.word()}"],
                    board=f"{first[2]} {names.word()}")
        cid = f"c{i}"
        # the claims: data location always, the other aspects sometimes
        c.claims.append(Claim(f"{cid}-loc", "loc", name, {}))
        wanted = {"e2e": 0.6, "nosell": 0.6, "ret": 0.5, "nocol": 0.4, "cert": 0.3}
        if shape == "issue":
            wanted = {"e2e": 0.5, "nosell": 0.5, "ret": 0.5}
        for kind, p in wanted.items():
            if rng.random() < p:
                speaker = rng.choice(subs) if kind == "nosell" and rng.random() < 0.3 else name
                params: dict = {"product": rng.choice(prods)}  # for claims that name one
                if kind == "ret":
                    params["months"] = rng.choice([6, 12, 18])
                if kind == "cert":
                    params["certifier"] = rng.choice(certifiers)
                c.claims.append(Claim(f"{cid}-{kind}", kind, speaker, params))
        # the findings: most claims get a contradicting one, some decoys agree
        kinds = [cl.kind for cl in c.claims]
        fk = {"loc": "loc", "e2e": "enc", "nosell": "share", "ret": "ret", "nocol": "col"}
        plan = []
        for kind in kinds:
            if kind in fk and (shape == "issue" or rng.random() < 0.8):
                plan.append(fk[kind])
        if shape == "issue":
            plan = plan[:1] if plan else ["loc"]
        else:
            if rng.random() < 0.3:
                plan.append("loc")  # a second lab, another country
            if rng.random() < 0.3:
                plan.append("loc_same")  # agrees with the claim
            if "nosell" not in kinds and rng.random() < 0.3:
                plan.append("share")  # a practice the company never spoke about
        foreign = rng.sample(FOREIGN_COUNTRIES, 2)
        for j, kind in enumerate(plan):
            params: dict = {}
            subject = rng.choice(prods)
            if kind == "loc":
                params = {"country": foreign[sum(k == "loc" for k in plan[:j]) % 2]}
            elif kind == "share":
                params = {"recipient": rng.choice(recipients)}
                subject = rng.choice([name, name, *subs])
            elif kind == "ret":
                params = {"years": rng.choice([2, 3, 5])}
                subject = name
            c.findings.append(Finding(f"{cid}-f{j}-{kind}", kind, rng.choice(labs), subject,
                                      params))
        companies.append(c)
    return companies


# --- phrasings ----------------------------------------------------------------------
# Each phrasing is (id, template). Placeholders: {co} the claim's speaker, {prod} a
# product, {country}, {data}, {data2}, {months}, {certifier}, {person} a spokesperson.
# Only phrasings the extractor reads as planted are kept (--verify; bench/README.md).

CLAIM_PHRASINGS: dict[str, list[tuple[str, str]]] = {
    "loc": [
        ("loc-says", "{co} says all user data is stored on servers in {country}."),
        ("loc-according", "According to {co}, user data stays in {country}."),
        ("loc-statement", 'In a statement, {co} said: "All customer data is kept in {country}."'),
        ("loc-spokesperson", "A spokesperson for {co} said the company stores user data only "
                             "in {country}."),
        ("loc-quote-person", '"Your data never leaves {country}," said {person}, a '
                             "spokesperson for {co}."),
        ("loc-has-said", "{co} has said that it keeps its users' data on servers in "
                         "{country}."),
    ],
    "e2e": [
        ("e2e-says", "{co} says its {prod} app uses end-to-end encryption for all messages."),
        ("e2e-according", "According to {co}, messages sent with {prod} are end-to-end "
                          "encrypted."),
        ("e2e-statement", 'In a statement, {co} said: "Every message in {prod} is protected '
                          'by end-to-end encryption."'),
        ("e2e-spokesperson", "A spokesperson for {co} said {prod} encrypts all messages end "
                             "to end."),
    ],
    "nosell": [
        ("nosell-spokesperson", "A spokesperson for {co} said the company never sells user "
                                "data to advertisers."),
        ("nosell-says", "{co} says it does not share user data with third parties."),
        ("nosell-according", "According to {co}, it has never sold personal data to anyone."),
        ("nosell-statement", 'In a statement, {co} said: "We do not share our users\' data '
                             'with third parties."'),
    ],
    "ret": [
        ("ret-says", "{co} says it keeps {data} for {months} months."),
        ("ret-according", "According to {co}, it deletes {data} after {months} months."),
        ("ret-statement", 'In a statement, {co} said: "We delete {data} after {months} '
                          'months."'),
        ("ret-spokesperson", "A spokesperson for {co} said the company retains {data} for no "
                             "longer than {months} months."),
    ],
    "nocol": [
        ("nocol-says", "{co} says it does not collect {data2}."),
        ("nocol-according", "According to {co}, the {prod} app never collects {data2}."),
        ("nocol-statement", 'In a statement, {co} said: "We do not collect {data2}."'),
        ("nocol-spokesperson", "A spokesperson for {co} said the company does not gather "
                               "{data2}."),
    ],
    "cert": [
        ("cert-says", "{co} says its {prod} app is certified by {certifier}."),
        ("cert-according", "According to {co}, {prod} has been certified by {certifier}."),
    ],
}

# Placeholders: {lab} (sentence-initial: {Lab}), {prod} the finding's subject, {co} the
# company, {country}, {data}, {data2}, {recipient}, {years}.
FINDING_PHRASINGS: dict[str, list[tuple[str, str]]] = {
    "loc": [
        ("floc-researchers", "Researchers at {lab} found that the {prod} app sends {data} to "
                             "servers in {country}."),
        ("floc-found", "{Lab} found that {prod} stores {data} on servers in {country}."),
        ("floc-tests", "Tests by {lab} showed that the {prod} app sent {data} to servers in "
                       "{country}."),
        ("floc-report", "According to a report by {lab}, {prod} transfers {data} to servers "
                        "in {country}."),
    ],
    "enc": [
        ("fenc-researchers", "Researchers at {lab} found that the {prod} app sent {data} "
                             "encoded only in base64."),
        ("fenc-found", "{Lab} found that {prod} sends {data} encoded only in base64, which "
                       "anyone can decode."),
        ("fenc-tests", "Tests by {lab} showed that messages in {prod} were only encoded in "
                       "base64."),
    ],
    "share": [
        ("fshare-researchers", "Researchers at {lab} found that {prod} shares {data} with "
                               "{recipient}."),
        ("fshare-found", "{Lab} found that {prod} sends {data} to {recipient}, an "
                         "advertising company."),
        ("fshare-according", "According to {lab}, {prod} has been sharing {data} with "
                             "{recipient}."),
    ],
    "ret": [
        ("fret-found", "{Lab} found that {prod} kept {data} for {years} years."),
        ("fret-researchers", "Researchers at {lab} found that {prod} retains {data} for "
                             "{years} years."),
        ("fret-according", "According to {lab}, {prod} kept {data} for {years} years."),
    ],
    "col": [
        ("fcol-researchers", "Researchers at {lab} found that the {prod} app collects "
                             "{data2}."),
        ("fcol-found", "{Lab} found that the {prod} app gathers {data2}."),
        ("fcol-tests", "Tests by {lab} showed that {prod} collected {data2}."),
    ],
}
FINDING_PHRASINGS["loc_same"] = FINDING_PHRASINGS["loc"]
# what a subsidiary's own claim may be phrased as: 'In a statement, <subsidiary> said:
# "We …"' and 'According to <subsidiary>, it …' are often read as the
# subsidiary speaking of its parent (a finding; the parent as claimant), and 'A
# spokesperson for <subsidiary> said the company …' gives the parent as claimant (the
# same company group, so the rules pair it alike)
SUBSIDIARY_PHRASINGS = {"nosell-says", "nosell-spokesperson"}


# 'Researchers at <lab> found that <subsidiary> shares …' sometimes gets "Researchers" as
# its subject (5 of 91 at 1,000 articles), so a subsidiary's findings are not phrased so
NOT_FOR_SUBSIDIARY_FINDINGS = {"fshare-researchers"}


def phrasings_for(c: Company, cl: Claim) -> list[tuple[str, str]]:
    forms = CLAIM_PHRASINGS[cl.kind]
    return forms if cl.speaker == c.name else [f for f in forms if f[0] in SUBSIDIARY_PHRASINGS]


def finding_phrasings_for(c: Company, f: Finding) -> list[tuple[str, str]]:
    forms = FINDING_PHRASINGS[f.kind]
    if f.subject not in c.subsidiaries:
        return forms
    return [x for x in forms if x[0] not in NOT_FOR_SUBSIDIARY_FINDINGS]

# what each planted sentence must come out as: kind, aspect, values (CONTRACT.md)
ASPECT_OF = {"loc": "data_location", "e2e": "encryption", "nosell": "third_party_sharing",
             "ret": "retention", "nocol": "collection", "cert": "certification",
             "loc_same": "data_location", "enc": "encryption", "share": "third_party_sharing",
             "col": "collection"}

BACKGROUND = [
    "{co} was founded in {year} and employs about {n} people.",
    "Its headquarters are in a former {building} on the edge of the city.",
    "The company's shares rose {pct} percent on {weekday}.",
    "{co} reported revenue of {n} million euros last year.",
    "The {prod} app has been downloaded more than {n} million times.",
    "{co} is expected to announce new phones in {month}.",
    "Analysts expect the market to grow by {pct} percent this year.",
    "{board} joined the board of {co} in {year} after a decade in banking.",
]
SUB_LINKS = [  # the sentences that tie a subsidiary to its parent (scrapers/organisations)
    "{sub}, a subsidiary of {co}, runs the company's cloud services.",
    "{co}'s subsidiary {sub} builds the payment features.",
]
BUILDINGS = ["textile mill", "bus depot", "post office", "printing works", "brewery"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "May", "September", "October", "November"]
HEADLINES = ["{co} under scrutiny over {data}", "What {co} does with your {data}",
             "Researchers question {co}'s privacy promises", "{co} and your data",
             "A closer look at {co}'s data practices", "{co} faces new questions"]


def cap(s: str) -> str:
    return s[0].upper() + s[1:]


@dataclass
class Plant:
    """One planted sentence and the statement it should come out as."""

    phrasing: str
    text: str
    kind: str           # claim or finding
    aspect: str
    claimant: str
    values: dict
    item: str           # the distinct claim or finding
    group: tuple[str, ...] = ()  # the company and its subsidiaries and products


def claim_sentence(rng: random.Random, c: Company, cl: Claim,
                   phrasing: tuple[str, str]) -> Plant:
    pid, t = phrasing
    country = c.home[1]
    values: dict = {}
    text = t.format(co=cl.speaker, prod=cl.params.get("product"), country=country,
                    data=c.data[0], data2=c.data2[0], months=cl.params.get("months"),
                    certifier=cl.params.get("certifier"), person=rng.choice(c.spokespeople))
    if cl.kind == "loc":
        values = {"countries": [c.home[0]]}
    elif cl.kind == "e2e":
        values = {"state": "end_to_end"}
    elif cl.kind == "ret":
        values = {"period": f"{cl.params['months']} months"}
    elif cl.kind == "nocol":
        values = {"data": [c.data2[1]]}
    if cl.speaker != c.name:
        pid += "@subsidiary"
    return Plant(pid, cap(text), "claim", ASPECT_OF[cl.kind], cl.speaker, values, cl.id,
                 (c.name, *c.subsidiaries, *c.products))


def finding_sentence(c: Company, f: Finding, phrasing: tuple[str, str]) -> Plant:
    pid, t = phrasing
    country = f.params.get("country", c.home)
    text = t.format(lab=f.lab, Lab=cap(f.lab), prod=f.subject, co=c.name, country=country[1],
                    data=c.data[0], data2=c.data2[0], recipient=f.params.get("recipient"),
                    years=f.params.get("years"))
    values: dict = {}
    if f.kind in ("loc", "loc_same"):
        values = {"countries": [country[0]]}
    elif f.kind == "enc":
        values = {"state": "encoded_only"}
    elif f.kind == "share":
        values = {"recipients": [f.params["recipient"]]}
    elif f.kind == "ret":
        values = {"period": f"{f.params['years']} years"}
    elif f.kind == "col":
        values = {"data": [c.data2[1]]}
    lab = f.lab.removeprefix("the ")
    if f.subject in c.subsidiaries:
        pid += "@subsidiary"
    return Plant(pid, cap(text), "finding", ASPECT_OF[f.kind], lab, values, f.id,
                 (c.name, *c.subsidiaries, *c.products))


def background(rng: random.Random, c: Company) -> str:
    t = rng.choice(BACKGROUND)
    return cap(t.format(co=c.name, year=rng.randint(1998, 2019), n=rng.randint(2, 900),
                        building=rng.choice(BUILDINGS), pct=rng.randint(2, 9),
                        weekday=rng.choice(WEEKDAYS), prod=rng.choice(c.products),
                        month=rng.choice(MONTHS), board=c.board))


@dataclass
class Outlet:
    name: str
    domain: str
    authors: list[str]


def article(rng: random.Random, i: int, c: Company, outlet: Outlet, day: date,
            shape: str) -> tuple[str, list[Plant]]:
    """One article about company c: its HTML and the sentences planted in it."""
    plants: list[Plant] = []
    if shape == "issue":
        # the company's claims repeated in a few paragraphs, one contradicting finding
        paras: list[list[str]] = []
        # each claim in three phrasings, so no paragraph repeats another (the text
        # extractor, trafilatura, drops a paragraph that repeats the one before it)
        forms = {cl.id: rng.sample(phrasings_for(c, cl), len(phrasings_for(c, cl)))
                 for cl in c.claims}
        for k in range(3):
            para = []
            for cl in c.claims:
                p = claim_sentence(rng, c, cl, forms[cl.id][k % len(forms[cl.id])])
                plants.append(p)
                cl.mentions += 1
                para.append(p.text)
            paras.append(para)
        f = c.findings[0]
        p = finding_sentence(c, f, rng.choice(finding_phrasings_for(c, f)))
        f.mentions += 1
        plants.append(p)
        paras.insert(rng.randint(1, 3), [p.text, background(rng, c)])
    else:
        chosen = rng.sample(c.claims, min(len(c.claims), rng.randint(1, 3)))
        sentences: list[list[str]] = []
        for cl in chosen:
            forms = phrasings_for(c, cl)
            for ph in rng.sample(forms, min(rng.choice([1, 1, 2]), len(forms))):
                p = claim_sentence(rng, c, cl, ph)
                plants.append(p)
                cl.mentions += 1
                sentences.append([p.text])
        for f in rng.sample(c.findings, min(len(c.findings), rng.randint(1, 2))):
            p = finding_sentence(c, f, rng.choice(finding_phrasings_for(c, f)))
            plants.append(p)
            f.mentions += 1
            sentences.append([p.text])
        rng.shuffle(sentences)
        for _ in range(rng.randint(2, 4)):
            extra = background(rng, c)
            if [extra] not in sentences:  # no sentence twice in an article
                sentences.insert(rng.randint(0, len(sentences)), [extra])
        # every article that names a subsidiary says whose it is, before it names it
        for sub in c.subsidiaries:
            if any(sub in s[0] for s in sentences):
                sentences.insert(0, [rng.choice(SUB_LINKS).format(sub=sub, co=c.name)])
        # 1-3 sentences a paragraph
        paras, cur = [], []
        for s in sentences:
            cur += s
            if len(cur) >= rng.randint(1, 3):
                paras.append(cur)
                cur = []
        if cur:
            paras.append(cur)
    headline = cap(rng.choice(HEADLINES).format(co=c.name, data=c.data[0]))
    slug = "-".join(headline.lower().replace("'", "").split())
    url = f"https://{outlet.domain}/{day.isoformat().replace('-', '/')}/{slug}-{i}"
    body = "\n".join("<p>" + html.escape(" ".join(p), quote=False) + "</p>" for p in paras)
    page = (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{html.escape(headline)}</title>\n"
            f'<link rel="canonical" href="{url}">\n'
            f'<meta name="author" content="{html.escape(rng.choice(outlet.authors))}">\n'
            f'<meta property="article:published_time" content="{day.isoformat()}T'
            f'{rng.randint(6, 20):02d}:00:00Z">\n'
            f'<meta property="og:site_name" content="{html.escape(outlet.name)}">\n'
            f"</head><body>\n<article>\n<h1>{html.escape(headline)}</h1>\n{body}\n"
            f"</article>\n</body></html>\n")
    return page, plants


# --- evidence files -----------------------------------------------------------------

def har_capture(c: Company, product: str, country: str, seed: int) -> dict:
    """A HAR 1.2 capture of `product` sending visited URLs, base64-encoded with a device
    identifier, to one of its maker's hosts on a server in `country`."""
    import base64

    host = f"api.{c.name.lower()}.example"
    entries = []
    device = f"{seed:08x}{c.index:08x}"
    for k in range(3):
        payload = json.dumps({"event": "page_view", "url": f"https://news.example/story-{k}",
                              "device_id": device, "ts": 1767225600 + 60 * k})
        body = "data=" + base64.b64encode(payload.encode()).decode()
        entries.append({
            "startedDateTime": f"2026-01-01T10:{k:02d}:00.000Z", "time": 120,
            "request": {"method": "POST", "url": f"https://{host}/v1/events",
                        "httpVersion": "HTTP/2", "headers": [], "queryString": [],
                        "cookies": [], "headersSize": -1, "bodySize": len(body),
                        "postData": {"mimeType": "application/x-www-form-urlencoded",
                                     "text": body}},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2",
                         "headers": [], "cookies": [],
                         "content": {"size": 2, "mimeType": "application/json", "text": "{}"},
                         "redirectURL": "", "headersSize": -1, "bodySize": 2},
            "cache": {}, "timings": {"send": 1, "wait": 100, "receive": 19},
            "serverIPAddress": IPS[country]})
    return {"log": {"version": "1.2",
                    "creator": {"name": "privacykg bench/newsroom_corpus.py", "version": "1"},
                    "_note": f"Generated capture of a made-up product ({product}).",
                    "pages": [], "entries": entries}}


def registry_search(c: Company, certifier: str) -> dict:
    """A search of the certifier's register for the company that found no certificate
    (a made-up company holds none)."""
    return {"certifier": certifier, "name": f"{certifier} register (searched)",
            "retrieved": "2026-01-15", "searched_holders": [c.name]}


# --- the whole corpus ---------------------------------------------------------------

def corpus_dir(out: Path, shape: str, articles: int, seed: int) -> Path:
    return out / f"{shape}-{articles}-s{seed}"


def default_companies(articles: int, shape: str) -> int:
    return 40 if shape == "issue" else max(40, round(articles / 25))


def default_out() -> Path:
    return Path(tempfile.gettempdir()) / "privacykg-bench" / "newsroom"


def generate(articles: int, seed: int = 7, shape: str = "newsroom",
             companies: int | None = None, out: Path | None = None,
             keep_plants: int = 0) -> tuple[Path, dict, list[list[Plant]]]:
    """Write the corpus; return its folder, its manifest and the planted sentences of
    the first `keep_plants` articles."""
    rng = random.Random(f"{shape}-{seed}")
    names = Names(rng)
    n_co = companies or default_companies(articles, shape)
    cos = make_companies(rng, names, n_co, shape)
    outlets = []
    for _ in range(12):
        n = names.word()
        outlets.append(Outlet(rng.choice(OUTLET_FORMS).format(n=n), f"{n.lower()}-news.example",
                              [names.person() for _ in range(4)]))
    folder = corpus_dir(out or default_out(), shape, articles, seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    t0 = time.perf_counter()
    start = date(2025, 1, 1)
    kept: list[list[Plant]] = []
    phrasing_use: Counter = Counter()
    for i in range(articles):
        c = cos[i % n_co] if shape == "issue" else rng.choice(cos)
        day = start + timedelta(days=i * 720 // max(articles, 1))
        page, plants = article(rng, i, c, rng.choice(outlets), day, shape)
        phrasing_use.update(p.phrasing for p in plants)
        sub = folder / "articles" / f"{i // PER_FOLDER:03d}"
        if i % PER_FOLDER == 0:
            sub.mkdir(exist_ok=True)
        (sub / f"a{i:06d}.html").write_text(page, encoding="utf-8")
        if i < keep_plants:
            kept.append(plants)
    evidence = write_evidence(folder, rng, cos, seed) if shape != "issue" else []
    manifest = count(cos, evidence)
    # one more article about the first company, for `ingest --check`
    page, _ = article(rng, articles, cos[0], outlets[0], start + timedelta(days=730), shape)
    (folder / "extra.html").write_text(page, encoding="utf-8")
    after = count(cos, evidence)
    manifest["extra"] = {k: after[k] for k in ("contradictions_mentions",
                                                "contradictions_distinct")}
    manifest.update(version=VERSION, shape=shape, seed=seed, articles=articles,
                    companies=n_co, outlets=len(outlets),
                    subsidiaries=sum(len(c.subsidiaries) for c in cos),
                    products=sum(len(c.products) for c in cos),
                    groups=[[c.name, *c.subsidiaries, *c.products] for c in cos],
                    phrasings_used=dict(sorted(phrasing_use.items())),
                    generate_s=round(time.perf_counter() - t0, 2))
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    (folder / "evidence.json").write_text(json.dumps(evidence, indent=1) + "\n")
    return folder, manifest, kept


def write_evidence(folder: Path, rng: random.Random, cos: list[Company],
                   seed: int) -> list[dict]:
    """Captures for the first product of every third company (at most 40: each needs a
    `privacykg evidence` call of its own, for --product and --vendor), and one registry
    file with a search for every company that claims a certification."""
    ev = folder / "evidence"
    ev.mkdir()
    files: list[dict] = []
    for c in cos[::3][:40]:
        product = c.products[0]
        country = rng.choice([cc for cc, _ in FOREIGN_COUNTRIES])
        name = f"{c.name.lower()}-{product.split()[-1].lower()}.har"
        (ev / name).write_text(json.dumps(har_capture(c, product, country, seed), indent=1))
        files.append({"file": f"evidence/{name}", "product": product, "vendor": c.name,
                      "vantage": "DE"})
        c.evidence.append({"id": f"c{c.index}-har", "kind": "har", "country": country})
    searches = []
    for c in cos:
        cl = c.claim("cert")
        if cl:
            searches.append(registry_search(c, cl.params["certifier"]))
            c.evidence.append({"id": f"c{c.index}-registry", "kind": "registry"})
    if searches:
        (ev / "registries.json").write_text(json.dumps(
            {"_note": "Generated by bench/newsroom_corpus.py for made-up companies; "
                      "not the result of any real search of these certifiers' registers.",
             "registries": searches}, indent=1))
        files.append({"file": "evidence/registries.json"})
    return files


def count(cos: list[Company], evidence: list[dict]) -> dict:
    """Distinct claims and findings, their mentions, and the contradictions per rule: at
    the level of distinct claim x distinct finding, and of mention x mention (what a
    store holding every article's statements records)."""
    distinct: Counter = Counter()
    mentions: Counter = Counter()
    for c in cos:
        for f in c.findings + [Finding(e["id"], e["kind"], "", "", {}, 1) for e in c.evidence]:
            if not f.mentions:
                continue
            for claim_kind, rule in CONTRADICTS.get(f.kind, []):
                cl = c.claim(claim_kind)
                if cl and cl.mentions:
                    distinct[rule] += 1
                    mentions[rule] += cl.mentions * f.mentions
    claims = [cl for c in cos for cl in c.claims if cl.mentions]
    findings = [f for c in cos for f in c.findings if f.mentions]
    return {
        "distinct_claims": len(claims), "distinct_findings": len(findings),
        "claim_mentions": sum(cl.mentions for cl in claims),
        "finding_mentions": sum(f.mentions for f in findings),
        "evidence_files": len(evidence),
        "contradictions_distinct": sum(distinct.values()),
        "contradictions_mentions": sum(mentions.values()),
        "expected_distinct": dict(sorted(distinct.items())),
        "expected_mentions": dict(sorted(mentions.items())),
    }


# --- checking the phrasings with the real extractor ---------------------------------

def _norm(s: str | None) -> str:
    return (s or "").lower().removeprefix("the ").strip()


def verify(folder: Path, plants: list[list[Plant]]) -> dict:
    """Run the project's extractor over the first articles; per phrasing, how many
    planted sentences came out as planted. Needs the project on sys.path."""
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from kg.ingest import Metadata, extract
    from ontologies.iris import Minter

    minter = Minter()
    stats: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list] = defaultdict(list)
    stray: Counter = Counter()
    stray_examples: list[str] = []
    for i, planted in enumerate(plants):
        path = folder / "articles" / f"{i // PER_FOLDER:03d}" / f"a{i:06d}.html"
        x = extract(str(path), Metadata(), minter)
        used: set[int] = set()   # statements of some planted sentence
        taken: set[int] = set()  # statements already counted for a planted sentence
        for p in planted:
            stats[p.phrasing]["planted"] += 1
            mine = [s for s in x.statements if s.text.strip() == p.text or p.text in s.text]
            used.update(id(s) for s in mine)
            # one statement per planted sentence: a sentence planted twice must come out
            # twice (a dropped repeated paragraph shows here)
            right = [s for s in mine if s.kind == p.kind and s.aspect == p.aspect
                     and id(s) not in taken]
            if right:
                taken.add(id(right[0]))
            if not right:
                stats[p.phrasing]["missed"] += 1
                got = [(s.kind, s.aspect) for s in mine]
                if len(examples[p.phrasing]) < 2:
                    examples[p.phrasing].append(f"missed: {p.text!r} -> {got}")
                continue
            s = right[0]
            ok_who = _norm(s.claimant) == _norm(p.claimant)
            vals = {k: v for k, v in dict(s.values).items() if k in p.values}
            ok_values = all(sorted(map(str, vals.get(k, []) if isinstance(v, list)
                                       else [vals.get(k)])) ==
                            sorted(map(str, v if isinstance(v, list) else [v]))
                            for k, v in p.values.items())
            if s.subject not in p.group:
                stats[p.phrasing]["subject"] += 1
                if len(examples[p.phrasing]) < 2:
                    examples[p.phrasing].append(f"subject: {p.text!r} -> {s.subject!r}")
            elif ok_who and ok_values:
                stats[p.phrasing]["ok"] += 1
            elif ok_values and s.claimant in p.group:
                stats[p.phrasing]["group"] += 1
            else:
                stats[p.phrasing]["wrong"] += 1
                if len(examples[p.phrasing]) < 2:
                    examples[p.phrasing].append(
                        f"wrong: {p.text!r} -> claimant {s.claimant!r} (want "
                        f"{p.claimant!r}), values {dict(s.values)} (want {p.values})")
        for s in x.statements:
            if id(s) not in used:
                stray[(s.kind, s.aspect)] += 1
                if len(stray_examples) < 8:
                    stray_examples.append(f"{s.kind}/{s.aspect}: {s.text!r}")
    return {"phrasings": {k: dict(v) for k, v in sorted(stats.items())},
            "examples": dict(examples), "stray": {f"{k[0]}/{k[1]}": v for k, v in stray.items()},
            "stray_examples": stray_examples}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shape", choices=["newsroom", "issue"], default="newsroom")
    ap.add_argument("--companies", type=int, default=None,
                    help="default: max(40, articles/25); 40 for --shape issue")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--verify", type=int, default=0, metavar="K",
                    help="run the real extractor over the first K articles")
    a = ap.parse_args()
    folder, manifest, plants = generate(a.articles, a.seed, a.shape, a.companies, a.out,
                                        keep_plants=a.verify)
    print(f"{folder}: {manifest['articles']} articles about {manifest['companies']} "
          f"companies in {manifest['generate_s']} s; {manifest['distinct_claims']} claims "
          f"({manifest['claim_mentions']} mentions), {manifest['distinct_findings']} findings "
          f"({manifest['finding_mentions']} mentions), {manifest['evidence_files']} evidence "
          f"files; contradictions expected: {manifest['contradictions_distinct']} distinct, "
          f"{manifest['contradictions_mentions']} mention pairs")
    if a.verify:
        t = time.perf_counter()
        v = verify(folder, plants)
        print(f"\nverify: first {len(plants)} articles, {time.perf_counter() - t:.1f} s")
        print("| phrasing | planted | as planted | claimant: another of its group | "
              "subject outside the company's group | wrong claimant or values | "
              "not as its kind and aspect |")
        print("|---|---|---|---|---|---|---|")
        for k, s in v["phrasings"].items():
            print(f"| {k} | {s.get('planted', 0)} | {s.get('ok', 0)} | {s.get('group', 0)} | "
                  f"{s.get('subject', 0)} | {s.get('wrong', 0)} | {s.get('missed', 0)} |")
        for k, ex in v["examples"].items():
            for e in ex:
                print(f"  {k}: {e}")
        print(f"statements from unplanted sentences: {v['stray']}")
        for e in v["stray_examples"]:
            print(f"  {e}")
        (folder / "verify.json").write_text(json.dumps(v, indent=1) + "\n")


if __name__ == "__main__":
    main()
