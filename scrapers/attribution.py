"""Who is speaking: the company (a claim) or someone else (a finding).

The decision follows how news text attributes words: a statement block ("The
statement reads:"), a quotation and the words around it (", the company said"),
the nearest reporting verb and its subject ("researchers found", "according to
the company's privacy page"), and, without any of these, the outlet's own voice
(a finding) — unless the outlet is the company itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from scrapers import normalise as nz
from scrapers.gate import Gated
from scrapers.sentences import Layout, Sentence

REPORTING = re.compile(
    r"\b(?:said|says|say|saying|stated|states|state|claims|claimed|claiming|claim|told|tells|"
    r"insisted|insists|announced|announces|maintains|maintained|denied|denies|argues|argued|"
    r"noted|notes|added|explained|wrote|writes|reported|reports|found|finds|find|revealed|"
    r"reveals|showed|shows|demonstrated|confirmed|confirms|noticed|observed|discovered|"
    r"identified|verified|verify|alleged|alleges|promised|promises|assured|assures|"
    r"acknowledged|acknowledges|admitted|admits|concluded|determined|pointed to|points? out|"
    r"pointed out|suggests|refuted|refutes|rejected|rejects|disputed|disputes|responded|"
    r"countered|asserted|asserts|clarified|clarifies|stressed|emphasi[sz]ed|contended|contends|"
    r"reiterated|reiterates|explains|"
    r"warned|suggest|show|indicate[sd]?|"
    # "The statement reads:", not "the app does not read your contacts"
    r"(?:statement|post|letter|message|note|email|notice|page|policy|label) reads?|"
    r"reads?(?=\s*[:“\"])|"
    r"according to|is said to|was said to|were said to|fears?|feared|believes?|warns?|"
    r"(?:is|are|was|were) (?:marketed|advertised|promoted|billed|touted)|"
    r"advertis(?:es|ed) (?:itself|themselves|it)|(?:markets|bills|promotes|presents) "
    r"(?:itself|themselves)|touts?)\b", re.I)
_PASSIVE_FINDING = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", re.I)
_FINDING_VERBS = {"found", "revealed", "shown", "showed", "discovered", "observed", "reported",
                  "identified", "verified", "confirmed"}
_COMPANY_ROLE = Gated(re.compile(
    r"\b(?:spokes(?:person|man|woman)|representative|CEO|chief|executive|founder|president|"
    r"director|MD|manager|head of|the company|company(?:’s|'s)|documentation|support page|"
    r"privacy (?:page|policy|notice)|terms|website|white ?paper|blog(?: post)?|FAQ|help center|"
    r"its own|official|policy|policies|help pages?|support pages?|terms of service)\b", re.I))
_OTHER_ROLE = Gated(re.compile(
    r"\b(?:research\w*|report\w*|investigat\w*|analys\w*|study|studies|experts?|lab|laborator\w*|"
    r"universit\w*|professor|academics?|scientists?|journalists?|reporters?|regulators?|"
    r"commission|authorit\w*|court|judge|complaint|lawsuit|plaintiffs?|prosecutors?|"
    r"watchdog|auditors?|security firm|scan|tests?|traffic|users|critics|advocates|documents|"
    r"certification body|certifier|issuer|inquiry|institute|filing|consumer group|group)\b",
    re.I))
_PRONOUN_COMPANY = re.compile(r"^(?:it|they|the firm|the company|company)\b", re.I)
# Capitalised words that are never names by themselves: function words, calendar words and
# page furniture. Other sentence-initial words are told apart by the rule in `_mid_sentence`.
_NOT_NAMES = {
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "When", "While", "With",
    "Even", "This", "That", "These", "Those", "It", "Its", "We", "Our", "You", "Your", "They",
    "Their", "He", "She", "His", "Her", "As", "After", "Before", "However", "Moreover", "By",
    "Update", "Updated", "Read", "Share", "Photo", "Photos", "File", "Image", "Images", "Credit",
    "Illustration", "Source", "Home", "News", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
}
_NAME = re.compile(r"\b[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*))*")
_PERSON_CONTEXT = re.compile(
    r"(?:researcher|director|CEO|MD|spokes\w+|analyst|professor|writer|engineer|founder|officer|"
    r"head of \w+(?: \w+)?|By:?|said|says),?\s+$")
# Titles that stand before a name and are not part of it ("Professor Anna Weber").
_TITLES = {"Professor", "Prof", "Dr", "Mr", "Mrs", "Ms", "Dame", "Sir"}
# A name followed by its role: "Henrik Dahl, Vistane's managing director, said".
_ROLE_AFTER = re.compile(
    r"^,\s+(?:(?:a|an|the|its|their)\s+|[A-Z][\w&-]*(?:['’]s)?\s+)(?:[\w'’-]+\s+){0,4}?"
    r"(?:researcher|director|CEO|MD|spokes\w+|analyst|professor|writer|engineer|founder|officer|"
    r"chief|head|president|manager|lawyer|attorney|scientist|lecturer|reporter|editor|"
    r"executive|partner|representative)\b"
    r"|^,\s+who\s+(?:led|leads|runs|ran|heads|headed|wrote|co-wrote|authored|conducted|"
    r"oversaw)\b")


@dataclass
class Cast:
    """The organisations and people a document speaks about."""

    companies: list[str]                    # most talked-about first
    products: dict[str, str]                # product name -> company
    people: dict[str, str]                  # person name -> "company" | "other"
    publisher: str | None
    own_voice: bool                         # the publisher is the company itself
    aliases: dict[str, str] = field(default_factory=dict)  # "Xiaomi India" -> "Xiaomi"
    parents: dict[str, str] = field(default_factory=dict)  # subsidiary -> parent company
    makers: dict[str, str] = field(default_factory=dict)   # product -> the company making it
    full_names: dict[str, str] = field(default_factory=dict)  # "Korvo" -> "Korvo Mobile"
    text: str = ""

    @property
    def main(self) -> str | None:
        return self.companies[0] if self.companies else None

    def canonical(self, name: str) -> str:
        """The organisation a claim is on behalf of: the maker of a product, the
        company behind a regional arm, in its fullest name."""
        name = self.aliases.get(name, name)
        name = self.makers.get(name, name)
        return self.full_names.get(name, name)


_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


def _strip_possessive(name: str) -> str:
    return _POSSESSIVE.sub("", name)


# The second word of a product named after its maker's brand ("Mi Browser", "Nest Cam").
_PRODUCT_WORD = re.compile(r"(?:Browser|App|Cloud|Maps|Assistant|Chat|Pay|Store|Search|Messenger|"
                           r"TV|Watch|Phone|Home|Drive|Cam|Camera|Speaker|Band|OS|Music|Mail)s?$")

_ORG_WORDS = re.compile(
    r"^(?:Labs?|Inc|Ltd|LLC|GmbH|AG|SA|Group|Institute|Networks?|Mobile|Health|Bank|Audio|"
    r"Technolog(?:y|ies)|Systems|Media|Commission|Authority|University|Foundation|Corp(?:oration)?|"
    r"Company|Co|Software|Security|Digital|Games|Studios?|Telecom|Cloud|Analytics|Agency|Office|"
    r"Board|Council|Court|Centre|Center|Association|Alliance|Partners|Holdings|Electronics)$")


def _looks_like_person(words: list[str], text: str) -> bool:
    """A person's surname recurs alone ("Ferrand found"); a company's first word does
    ("Korvo rejected"); an organisation word (Labs, Mobile, Commission…) is never a name."""
    if any(_ORG_WORDS.match(w) for w in words):
        return False
    first_alone = re.search(r"\b" + re.escape(words[0]) + r"\b(?!\s+" + re.escape(words[1]) + ")",
                            text)
    last_alone = re.search(r"(?<!" + re.escape(words[-2]) + r" )\b" + re.escape(words[-1]) + r"\b",
                           text)
    return not (first_alone and not last_alone)


_OPENERS = frozenset(" \t“\"‘'(•-–—")


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence: only openers (quotes, brackets, dashes) between
    it and an end of sentence or the text's start. Walks back over them instead of
    copying and stripping the text before every capitalised word."""
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?:\n”\"’"


def _mid_sentence(text: str) -> set[str]:
    """Capitalised words that also stand capitalised inside a sentence somewhere: names.
    A word capitalised only where sentences begin is an ordinary word."""
    return {_strip_possessive(m.group(0)) for m in re.finditer(r"\b[A-Z][\w'’&-]*", text)
            if not _sentence_initial(text, m.start())}


def cast_of(text: str, title: str | None, publisher: str | None) -> Cast:
    """Guess the companies a document is about: proper names that recur, minus
    outlets, regulators, places, people and the publisher's own name."""
    media = _media()
    counts: Counter[str] = Counter()
    people: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    mid = _mid_sentence(text)
    lower = set(re.findall(r"\b[a-z][\w'’-]*", text))
    for m in _NAME.finditer(text):
        words = [_strip_possessive(w) for w in m.group(0).split()]
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        if words and _sentence_initial(text, m.start()) and words[0] not in mid \
                and words[0].lower() in lower:
            words.pop(0)  # "Storing your data…": capitalised only because it starts a sentence
        if not words:
            continue
        titled = words[0] in _TITLES
        if titled:
            words.pop(0)
            if not words:
                continue
        name = " ".join(words)
        before = text[max(0, m.start() - 40):m.start()]
        if len(words) >= 2 and all(w[0].isupper() and w[1:].islower() for w in words[:2]) and \
                (_PERSON_CONTEXT.search(before) or titled or _ROLE_AFTER.match(text[m.end():]))\
                and _looks_like_person(words, text):
            # the role may stand before the name ("researcher Jane Roe") or after it
            # ("Jane Roe, a spokesperson for X", "Jane Roe, who led the study")
            after = re.split(r"[.;!?\n]", text[m.end():m.end() + 100], maxsplit=1)[0]
            lead = re.split(r"[.!?\n]\s", text[max(0, m.start() - 80):m.start()])[-1]
            role_text = lead + " " + after
            # "The group's director", "a lawyer for the campaign": the side is the body's
            researcher = re.search(r"research|professor|analyst|writer|scientist|academic|"
                                   r"lecturer", role_text, re.I) or (
                re.search(r"\b(?:group|campaign\w*|charity|lab|universit\w+|institute|watchdog|"
                          r"regulator|commission|authority|union|advocates?|NGO|plaintiffs?)\b",
                          role_text, re.I)
                and not any(c in role_text for c in counts if counts[c] >= 2))
            people[name] = "other" if researcher else "company" if (
                _COMPANY_ROLE.search(role_text) or counts and any(c in role_text for c in counts)
            ) else "other"
            continue
        head = words[0]
        if (head in media or name in media or nz.countries_in(head) or nz.demonym_country(head)
                or head.isupper() and len(head) <= 3):
            continue
        counts[head] += 1
        first_seen.setdefault(head, m.start())
    if title:
        for w in re.findall(r"\b[A-Z][\w'’-]+", title):
            w = _strip_possessive(w)
            if w in counts:
                counts[w] += 2
    pub_words = set(re.findall(r"\w+", (publisher or "").lower()))
    # research organisations, watchdogs and outlets named in the text are sources, not the
    # companies the story is about ("the security firm Greyfin Labs", "Citadel Privacy Lab")
    for name in list(counts):
        if re.search(r"\b" + re.escape(name) + r"(?: [A-Z][\w&'’-]*){0,3} (?:Labs?|Institute|"
                     r"University|Research|Commission|Authority|Agency|Inspectorate|Watchdog)\b",
                     text) or \
                re.search(r"(?:security|research|consulting|analytics|testing|forensics?) "
                          r"(?:firm|company|consultancy),? " + re.escape(name)
                          + r"\b|researchers (?:at|from) (?:the )?" + re.escape(name) + r"\b"
                          # "Tests by Kestrel Security", "an audit carried out by Kestrel"
                          r"|\b(?:[Tt]ests?|[Aa]nalys[ie]s|[Aa]udits?|[Ss]tud(?:y|ies)|"
                          r"[Ii]nvestigations?|[Ee]xperiments?|[Mm]easurements?) (?:\w+ed )?by "
                          r"(?:the )?" + re.escape(name) + r"\b"
                          # "Kestrel Security, a firm hired by the plaintiffs"
                          r"|\b" + re.escape(name) + r"(?: [A-Z][\w&'’-]*){0,3}, (?:a|an|the) "
                          r"(?:[\w-]+ ){0,3}(?:firm|company|consultancy|lab|group|researchers?) "
                          r"(?:hired|commissioned|retained|engaged|paid|brought in|working)\b",
                          text):
            del counts[name]
    # a word that only ever starts longer names is either a brand whose products are named
    # after it ("Mi" in "Mi Browser": not a company) or the first word of a company's
    # two-word name ("Hotspot Shield", "Norvik Systems"): the second word decides
    brand_names: dict[str, str] = {}
    for name in list(counts):
        if not re.search(r"\b" + re.escape(name) + r"\b(?!['’]?s?\s+[A-Z])", text):
            forms = Counter(m.group(1) for m in re.finditer(
                r"\b" + re.escape(name) + r"\s+([A-Z][\w&-]*)", text))
            second, seen = forms.most_common(1)[0] if forms else ("", 0)
            if seen >= 2 and seen * 3 >= counts[name] * 2 and not _PRODUCT_WORD.match(second) \
                    and second not in _NOT_NAMES and not nz.countries_in(second) \
                    and not re.search(r"\b[Tt]he " + re.escape(f"{name} {second}"), text):
                # ("the Harbourside Post", "the Ashford Institute": outlets and bodies
                # take "the"; a company's own name rarely does)
                brand_names[name] = f"{name} {second}"
            else:
                del counts[name]
    # one name in two spellings ("VIZIO", "Vizio") is one company, under its usual spelling
    spelled: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: -counts[n]):
        usual = spelled.setdefault(name.lower(), name)
        if usual != name:
            counts[usual] += counts.pop(name)
            first_seen[usual] = min(first_seen[usual], first_seen.pop(name))
    ranked = sorted(counts, key=lambda n: (-counts[n], first_seen[n]))
    companies = [n for n in ranked if counts[n] >= 2 and n.lower() not in pub_words
                 and n not in people and not any(n in p.split() for p in people)]
    top = counts[companies[0]] if companies else 0
    companies = [c for c in companies if counts[c] * 4 >= top][:6]
    own_voice = bool(publisher) and any(c.lower() in pub_words for c in
                                        [n for n in ranked[:3] if counts[n] >= 2])
    if own_voice:
        companies = [n for n in ranked[:3] if n.lower() in pub_words] + companies
    products: dict[str, str] = {}
    for m in re.finditer(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,2})\b", text):
        words = m.group(1).split()
        if words[0] in companies and words[1] not in _NOT_NAMES and not nz.countries_in(words[1]):
            products.setdefault(m.group(1), words[0])
        elif len(words) == 2 and _PRODUCT_WORD.match(words[1]):
            owner = next((c for c in companies if c in text[max(0, m.start() - 200):m.start()]),
                         companies[0] if companies else None)
            if owner and words[0] not in _NOT_NAMES:
                products.setdefault(m.group(1), owner)
    parents: dict[str, str] = {}
    for m in re.finditer(r"\b(?P<parent>[A-Z][\w-]+)(?:['’]s)? (?:(?:former |own )?subsidiary|"
                         r"acquired|bought|owns)(?:,)? (?:called |named )?(?P<child>[A-Z][\w-]+)"
                         r"|\b(?P<child2>[A-Z][\w-]+), (?:a|the) (?:former )?subsidiary of "
                         r"(?:the )?(?:[\w-]+ )*?(?P<parent2>[A-Z][\w-]+)", text):
        parent = m.group("parent") or m.group("parent2")
        child = m.group("child") or m.group("child2")
        if parent in ("Its", "A", "The", "Their") and companies:
            parent = companies[0]
        if child != parent and child not in ("The", "A", "An"):
            parents.setdefault(child, parent)
    for m in re.finditer(r"\b(?:its|a|the) (?:former )?subsidiary(?:,)? (?:called |named )?"
                         r"(?P<child>[A-Z][\w-]+)", text):
        if companies and m.group("child") != companies[0]:
            parents.setdefault(m.group("child"), companies[0])
    makers: dict[str, str] = {}
    org = r"(?P<org>[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3})"
    product = r"(?P<product>[A-Z][\w-]*(?: [A-Z][\w-]*)?)"
    for pattern in (org + r", (?:the |a |an )?(?:maker|developer|owner|operator|publisher|creator) "
                    r"of (?:the |a |an )?(?:[\w-]+ ){0,4}?" + product,
                    product + r", (?:made|developed|owned|operated|run|published) by " + org):
        for m in re.finditer(pattern, text):
            makers.setdefault(m.group("product"), m.group("org"))
    full_names: dict[str, str] = {c: brand_names[c] for c in companies if c in brand_names}
    for c in companies:
        forms = re.findall(re.escape(c) + r"((?: [A-Z][\w&-]*){1,2})", text)
        for form in sorted(forms, key=len):
            words = form.split()
            if _ORG_WORDS.match(words[-1]):
                full_names[c] = f"{c}{form}"
    for name, side in list(people.items()):
        if side == "company" and name in (full_names.values()):
            del people[name]
    operators = set(nz.operators_in(text))
    products = {p: o for p, o in products.items() if p not in operators
                and p not in full_names.values() and not _ORG_WORDS.match(p.split()[-1])}
    spellings = ((n, spelled.get(n.lower())) for n in set(re.findall(r"\b[A-Z][\w-]+", text)))
    aliases = {v: u for v, u in spellings if u in companies and v != u}
    for c in companies:
        for m in re.finditer(re.escape(c) + r"\s+([A-Z][a-z]+)\b", text):
            if nz.countries_in(m.group(1)):
                aliases[f"{c} {m.group(1)}"] = c
    return Cast(companies, products, people, publisher, own_voice, aliases, parents, makers,
                full_names, text)


@dataclass
class Voice:
    kind: str                   # "claim" | "finding"
    speaker: str | None
    claimant: str | None
    reported: bool = False


_AFTER_QUOTE = re.compile(r"[”\"’]\s*,?\s*$")
_CLAUSE_EDGE = re.compile(r"[,;:“”\"(—–]|\b(?:that|which|as|but|while|and|"
                          r"because|since|after|when)\b")
_APPOSITIVE = re.compile(r"(?:^|[.;:“”\"]\s*)([A-Z][\w'’&-]*(?: [A-Z][\w'’&-]*){0,3}), "
                         r"(?:the|a|an|its|who|whose|which|[A-Z][\w&-]*['’]s) "
                         r"(?:[^,]|,(?=\d)){3,80},\s*$")
_ANY_WORD = re.compile(r"\w")
_BARE_NAME = re.compile(r"(?:[A-Z][\w'’.-]*\s*){1,3}")
_ROLE_EDGE = re.compile(r"[;:“”\"(—–]|,\s*(?=[“\"])")


def _subject_before(sentence: str, verb_start: int) -> str:
    """The words naming who speaks, before a reporting verb, back to a clause edge.
    An appositive ("a spokesperson, Jane Roe, said") is read whole."""
    left = sentence[:verb_start]
    if _AFTER_QUOTE.search(left):
        return ""  # '"…," said Jane Roe': the speaker follows the verb, not the quotation
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(left)]
    appositive = _APPOSITIVE.search(left)
    if appositive:  # the head of "Zipcab, the ride-hailing app, says" is Zipcab
        return left[appositive.start(1):].strip(" ,")
    for cut in reversed([0] + edges):
        phrase = left[cut:].strip(" ,")
        if _ANY_WORD.search(phrase):
            if _BARE_NAME.fullmatch(phrase) and cut and \
                    left[:cut].rstrip().endswith(",") and left.rstrip().endswith(","):
                # a bare name after a comma: the role stands before it
                before = left[:cut].rstrip(" ,")
                role = _ROLE_EDGE.split(before)[-1]
                return (role + ", " + phrase).strip(" ,")
            return phrase
    return ""


def _speaker_after(sentence: str, verb_end: int) -> str:
    m = re.match(r"\s*([^,.;:“”\"]{2,80})", sentence[verb_end:])
    return m.group(1).strip() if m else ""


@cache
def _media() -> frozenset[str]:
    """Outlets and regulators: names that speak for others, never for a company."""
    return nz.media_names() | nz.regulator_names()


@cache
def _media_re() -> re.Pattern[str]:
    """Any of `_media()` as a whole word (one search instead of one per name)."""
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(_media())) + r")\b")


def classify_speaker(phrase: str, cast: Cast) -> tuple[str | None, str | None]:
    """("company"|"other"|None, a name for the speaker) for a subject phrase."""
    p = phrase.strip()
    if not p or re.fullmatch(r"(?:These|This|Those|They|Some|Many|Most|Such)", p):
        return None, None
    for person, side in cast.people.items():
        if person in p or p in person.split():
            return side, person
    low = p.lower()
    if re.search(r"\b(?:we|our|us)\b", low):
        return ("company" if cast.own_voice else "other"), cast.publisher
    company_named = next((c for c in cast.companies if re.search(r"\b" + re.escape(c), p)), None)
    other_role, company_role = _OTHER_ROLE.search(p), _COMPANY_ROLE.search(p)
    if other_role and (not company_role or other_role.start() < company_role.start()):
        # the head noun comes first: "the certification body listed on its website"
        return "other", p
    if _COMPANY_ROLE.search(p) and (company_named or re.search(r"\b(?:the|its|a|an)\b", low)
                                    or not _OTHER_ROLE.search(p)):
        return "company", p
    if company_named and not _OTHER_ROLE.search(p):
        return "company", company_named
    if _PRONOUN_COMPANY.match(low):
        return "company", None
    if _media_re().search(p):
        return "other", p
    if re.match(r"[A-Z]", p):
        return "other", p
    return None, None


def side_of_verb(text: str, m: re.Match[str], cast: Cast, cue_after: bool = False,
                 last_side: str | None = None) -> tuple[str | None, str | None]:
    """Who speaks through the reporting verb `m` in `text`."""
    verb = m.group(0).lower()
    if verb.split()[-1] in ("marketed", "advertised", "promoted", "billed", "touted", "itself",
                            "themselves", "tout", "touts") or verb.startswith("advertis"):
        return "company", None
    if verb.endswith("said to"):
        return "company", None
    if verb in _FINDING_VERBS and _PASSIVE_FINDING.search(text[:m.start()]):
        return "other", None  # "the company was found to…": a finding about it
    if verb == "according to":
        return classify_speaker(_speaker_after(text, m.end()), cast)
    subj = _subject_before(text, m.start())
    if not subj and cue_after:
        subj = _speaker_after(text, m.end())
    if verb in _FINDING_VERBS | {"concluded", "determined", "find", "finds"} and re.match(
            r"(?:it|they|he|she)\b", subj, re.I):
        return "other", subj  # "It also found that…": the investigator named before
    if re.fullmatch(r"(?:he|she)(?: also| further| later)?", subj, re.I) and last_side:
        return last_side, None  # "She added that…": the person quoted before
    side, who = classify_speaker(subj, cast)
    if side == "other" and not cue_after:
        org = _organisation_speaking_of_itself(subj, text[m.end():], cast)
        if org:
            return "company", org
    return side, who


# "Zenwa said that it deletes…": an organisation the story does not otherwise know,
# speaking about its own practice ("it", "we"), makes a claim on its own behalf.
_SELF_REFERENCE = re.compile(r"^(?:\s+\w+ly)?(?:\s+(?:to|on) [^,]{1,40})?,?\s+(?:that\s+)?"
                             r"(?:it|its|we|our)\b(?P<rest>[^.;]*)", re.I)
_FINDING_ACT = re.compile(r"\b(?:found|find|finds|saw|sees|observed|discovered|detected|"
                          r"measured|tested|identified|captured|analy[sz]ed|examined)\b", re.I)


def _organisation_speaking_of_itself(subj: str, after: str, cast: Cast) -> str | None:
    head = re.match(r"([A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3})(?:,\s*(?P<app>[^,]*))?", subj)
    if not head:
        return None
    name = _strip_possessive(head.group(1))
    if (name in _NOT_NAMES or name in cast.people or any(name in p.split() for p in cast.people)
            or name in _media() or name == cast.publisher
            or (cast.publisher and name in cast.publisher)
            or _ORG_WORDS.match(name.split()[-1]) and re.search(
                r"(?:Labs?|Institute|University|Commission|Authority|Agency|Office|Board|Court)$",
                name)
            or nz.countries_in(name)):
        return None
    appositive = head.group("app") or ""
    # "Kestrel, the security firm hired by…": a source, not a company speaking for itself
    head_noun = re.split(r"\b(?:whose|that|which|who)\b", appositive)[0]
    if _OTHER_ROLE.search(head_noun) or _OTHER_ROLE.search(subj[head.end(1):head.end(1) + 20]):
        return None
    m = _SELF_REFERENCE.match(after)
    if not m or _FINDING_ACT.search(m.group("rest")):
        return None
    return name


def _quote_voice(layout: Layout, text: str, qi: int, cast: Cast,
                 seen: dict[int, tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """Who a quotation is attributed to: words right after it (", the company said"),
    else right before it ("X said: “…"), else the quotation before it in the paragraph."""
    if qi in seen:
        return seen[qi]
    q = layout.quotations[qi]
    after = text[q.end + 1:q.end + 120]
    if re.search(r"[.!?]$", text[q.start:q.end].rstrip()) and re.match(r"\s*[A-Z“\"]", after):
        after = ""  # the quotation ended its sentence: what follows is another sentence
    after = re.split(r"[.!?](?:\s|$)", after, maxsplit=1)[0]
    result: tuple[str | None, str | None] = (None, None)
    m = REPORTING.search(after)
    if m and m.start() < 60:
        result = side_of_verb(after, m, cast, cue_after=True)
    if result[0] is None:
        para_start = text.rfind("\n", 0, q.start) + 1
        before = text[para_start:q.start - 1]
        before = re.split(r"(?<=[.!?])\s+", before)[-1]
        found = list(REPORTING.finditer(before))
        m = found[-1] if found else None
        if m:
            result = side_of_verb(before, m, cast)
        elif re.search(r"(?:[Ss]tatement|page|policy|post|site)\w*[^.]{0,40}:\s*$", before):
            result = classify_speaker(before, cast)
    if result[0] is None and qi > 0 and layout.quotations[qi - 1].paragraph == q.paragraph:
        result = _quote_voice(layout, text, qi - 1, cast, seen)
    seen[qi] = result
    return result


def voice_of(sentence: Sentence, cue: int, layout: Layout, text: str, cast: Cast,
             seen: dict[int, tuple[str | None, str | None]],
             clause: tuple[int, int] | None = None) -> Voice:
    """Claim or finding, for the part of `sentence` around offset `cue` (relative).
    Reporting verbs in the cue's own clause are looked at before the whole sentence's."""
    claimant = cast.main
    if sentence.in_block is not None:
        return Voice("claim", None, claimant)
    abs_cue = sentence.start + cue
    for qi, q in enumerate(layout.quotations):
        if q.start <= abs_cue <= q.end and (q.start <= sentence.start + 1 or
                                            sentence.start < q.start):
            side, who = _quote_voice(layout, text, qi, cast, seen)
            if side:
                return _remember(_voice(side, who, cast, sentence.start), sentence, seen)
    s = sentence.text
    before = [m for m in REPORTING.finditer(s, 0, cue + 1) if not _in_quote(sentence, m.start())]
    after = [m for m in REPORTING.finditer(s, cue) if not _in_quote(sentence, m.start())]
    order = list(reversed(before)) + after
    if clause:
        inside = [m for m in order if clause[0] <= m.start() < clause[1]]
        order = inside + [m for m in order if m not in inside]
    # "…found no evidence of logging, Tunnelo said.": a closing attribution governs the
    # whole sentence, whatever verbs stand inside it
    tail = _TAIL_ATTRIBUTION.search(s)
    if tail:
        closing = [m for m in order if m.start() >= tail.start("verb")][:1]
        order = closing + [m for m in order if m not in closing]
    for m in order:
        verb = m.group(0).lower()
        side, who = side_of_verb(s, m, cast, cue_after=m.start() > cue,
                                 last_side=(seen.get(-2) or (None, None))[1])
        if side:
            reported = side == "other" and bool(re.search(r"claim|alleg|report", verb))
            v = _voice(side, who, cast, sentence.start)
            last = seen.get(-1)
            if side == "other" and who and re.fullmatch(r"(?:it|they)(?: also| further)?", who,
                                                        re.I) and last and last[1] and \
                    sentence.paragraph - last[0] <= 1:
                v.claimant = last[1]  # "They show that…": the documents or team just named
            v.reported = reported
            return _remember(v, sentence, seen)
    if cast.own_voice:
        return Voice("claim", None, claimant)
    # no attribution: the outlet's own voice, or the source named just before
    # ("Researchers found X. The data was also sent to Y." — Y is theirs too)
    # ("Jain said X. All data is encrypted." — the statement goes on in the company's voice)
    # but not the outlet weighing it up ("Companies could…", "X does appear to…") nor a
    # sentence with a source of its own ("our reporters saw…")
    paragraph, end, said = seen.get(-3) or (0, 0, None)
    if said and said.kind == "claim" and not text[end:sentence.start].strip() and \
            sentence.paragraph - paragraph <= 1 and not _OUTLET_WEIGHS.search(sentence.text) \
            and not _OTHER_ROLE.search(sentence.text):
        return Voice("claim", said.speaker, said.claimant)
    last = seen.get(-1)
    if last and sentence.paragraph - last[0] <= 1 and last[1]:
        return Voice("finding", None, last[1])
    return Voice("finding", None, cast.publisher)


# Hedges and emphatic "does" mark the writer's own assessment, not the company's words
# ("does not" is the company's denial going on, not emphasis).
_OUTLET_WEIGHS = Gated(re.compile(r"\b(?:could|might|may|appears?|seems?|potentially|"
                                  r"supposedly|indeed|in fact|actually)\b|"
                                  r"\b(?:does|do|did)\b(?!\s+not\b)", re.I))


_TAIL_ATTRIBUTION = Gated(re.compile(
    r",\s+(?:(?:the|a|an|its)\s+)?(?:[\w'’-]+\s+){0,4}?(?P<verb>said|says|added|stated|"
    r"claimed|claims|insisted|maintained|told\s+[\w’' ]{2,40})(?:\s+(?:on|in|last)\s+[\w ]+)?"
    r"\s*\.?$"))


def _remember(v: Voice, sentence: Sentence, seen: dict) -> Voice:
    """Keep who spoke last for the unattributed sentences that follow: the last finding's
    source, the last side, and the whole voice with where its sentence ended."""
    seen[-1] = (sentence.paragraph, v.claimant if v.kind == "finding" else None)
    seen[-2] = (sentence.paragraph, "company" if v.kind == "claim" else "other")
    seen[-3] = (sentence.paragraph, sentence.end, v)
    return v


def _in_quote(sentence: Sentence, pos: int) -> bool:
    a = sentence.start + pos
    return any(s <= a < e for s, e in sentence.quote_spans)


_ADVERBS = re.compile(r"(?:\s+(?:also|further|later|then|previously|separately|too|now|"
                      r"earlier|again|independently|can|could|has|have|had|will|would))+$", re.I)
_REPORTER_NOUNS = {
    "lab": r"Labs?|Laborator\w+", "labs": r"Labs?", "institute": r"Institute",
    "university": r"University", "commission": r"Commission", "authority": r"Authority",
    "agency": r"Agency", "group": r"Group", "firm": r"Labs?|Security|Group|Research",
    "regulator": r"Commission|Authority|Agency|Office|Board|Regulator|Inspectorate",
    "watchdog": r"Commission|Authority|Agency|Office|Board|Regulator|Watchdog",
    "researchers": r"Labs?|Institute|University|Group|Research", "researcher": r"",
    "study": r"Labs?|Institute|University|Group", "report": r"Labs?|Institute|Group",
    "analysis": r"", "court": r"Court", "complaint": r"Commission|Authority",
    "team": r"Labs?|Laborator\w+|Institute|University|Group|Research|Security",
}
_RESEARCH_ORG = (r"(?:[A-Z][\w&'’-]*\s){1,4}(?:Labs?|Laborator\w+|Institute|University|Group|"
                 r"Research|Centre|Center)\b(?: (?:of|for)(?: [A-Z][\w&'’-]*)+)?")
_AFFILIATION = re.compile(r"\b(?:at|of|from|with) (?:the )?(" + _RESEARCH_ORG + ")")
_LED_THE_STUDY = re.compile(r"\b(?:led|leads|ran|runs|conducted|authored|wrote|co-wrote|oversaw)"
                            r" the (?:study|research|report|analysis|tests|investigation)|"
                            r"\b(?:her|his|their) team\b", re.I)


def affiliation(person: str, cast: Cast) -> str | None:
    """The lab or university a researcher speaks for: named beside them ("Marja Kask of
    the Digital Health Lab"), or, for "the researcher who led the study", the research
    organisation named last before they first appear. An independent researcher has none."""
    at = cast.text.find(person)
    if at < 0:
        return None
    start = max(cast.text.rfind(".", 0, at), cast.text.rfind("\n", 0, at)) + 1
    end = re.search(r"[.\n]|$", cast.text[at:]).start() + at
    role = cast.text[start:end]
    m = _AFFILIATION.search(role)
    if m:
        return m.group(1).strip()
    if _LED_THE_STUDY.search(role):
        found = list(re.finditer(_RESEARCH_ORG, cast.text[:start]))
        if found:
            return found[-1].group(0).strip()
    return None


def reporter_name(phrase: str | None, cast: Cast, pos: int) -> str | None:
    """Who reports a finding, as a name: "The lab also" -> the last lab named before
    `pos`; "A separate analysis by Greyfin Labs" -> "Greyfin Labs"; "her analysis" ->
    the last researcher named."""
    if not phrase:
        return None
    p = _ADVERBS.sub("", phrase.strip(" ,"))
    names = [n for n in re.findall(r"(?<![\w'’])(?:[A-Z][\w&'’.-]*)(?: (?:of |for |de )?"
                                   r"[A-Z][\w&'’.-]*)*", p)
             if n not in _NOT_NAMES and not re.fullmatch(r"(?:The|A|An|According|It|Its|Her|His)",
                                                          n)
             and not _OTHER_ROLE.fullmatch(n)  # "Researchers" opening a sentence is no name
             and not nz.countries_in(n)]  # "court filings in Arizona" are not Arizona's
    if names:
        name = re.sub(r"^(?:The|A|An) ", "", _strip_possessive(max(names, key=len)))
        person = next((n for n, side in cast.people.items() if side == "other" and (
            n == name or name in n.split())), None)
        if person:
            return affiliation(person, cast) or person
        return name
    head = re.findall(r"[a-z]+", p.lower())
    noun = next((w for w in reversed(head) if w in _REPORTER_NOUNS), None)
    if noun is None and head and head[0] in ("it", "they", "she", "he", "her", "his", "their"):
        noun = "researcher" if head[0] in ("she", "he", "her", "his") else "researchers"
    if noun is None:
        return p or None
    before = cast.text[:pos]
    if noun in ("researcher", "analysis"):
        others = [n for n in cast.people if cast.people[n] == "other" and n in before]
        if others:
            person = max(others, key=before.rfind)
            return affiliation(person, cast) or person
    suffix = _REPORTER_NOUNS[noun]
    if suffix:
        org = (r"(?:[A-Z][\w&'’-]*\s){1,4}(?:" + suffix + r")\b"
               r"(?: (?:of|for)(?: [A-Z][\w&'’-]*)+)?")
        found = list(re.finditer(org, before))
        if found:
            return found[-1].group(0).strip()
        # "…, according to a study published on Tuesday. Researchers at the X Lab…":
        # the source is named in the next sentences
        ahead = re.search(org, cast.text[pos:pos + 400])
        if ahead and noun in ("study", "report", "researchers", "team"):
            return ahead.group(0).strip()
    return p


def _voice(side: str, who: str | None, cast: Cast, pos: int = 0) -> Voice:
    if who:
        who = _ADVERBS.sub("", who.strip(" ,")) or None
    if side == "company":
        speaker = who if who and who not in cast.companies else None
        claimant = cast.main
        if who and who in cast.companies or (who and who not in cast.people and re.fullmatch(
                r"[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}", who) and who not in cast.products
                and not _COMPANY_ROLE.search(who)):
            claimant = who  # a company speaking for itself, not for the story's main company
            speaker = None
        return Voice("claim", speaker, claimant)
    name = reporter_name(who, cast, pos)
    return Voice("finding", who, name or cast.publisher)
