"""Who a document is about and who speaks in it: its cast of organisations and people.

This is the stage between sentences and attribution. From the capitalised names of a
text it tells the companies the story concerns (most talked-about first) from the outlets,
regulators, research bodies and places it also names; it ties products and regional arms
to their maker, spots the people and the side each speaks for ("Jane Roe, a spokesperson
for Korvo" speaks for Korvo; "Marja Kask of the Digital Health Lab" does not). The
per-name questions (does a word ever stand alone? what follows it?) are answered from one
pass over the text, so the cost grows with the text, not with text x names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

from scrapers import normalise as nz
from scrapers.gate import Gated

# The roles a person or phrase can name: speaking for the company concerned, or not.
COMPANY_ROLE = Gated(re.compile(
    r"\b(?:spokes(?:person|man|woman)|representative|CEO|CTO|CFO|COO|CPO|CISO|CIO|chief|executive|founder|president|"
    r"director|MD|manager|head of|the company|company(?:’s|'s)|documentation|support page|"
    # a definite description ("the Oslo-based company"), not a research or law firm
    r"the (?!(?:[\w-]+ ){0,3}(?:security|research|analytics|consulting|testing|forensics?|"
    r"law|advocacy|audit\w*) )(?:[\w-]+ ){1,3}(?:company|firm|start-?up|provider|vendor)|"
    r"privacy (?:page|policy|notice)|terms|website|white ?paper|blog(?: post)?|FAQ|help center|"
    r"its own|official|policy|policies|help pages?|support pages?|terms of service|"
    # what the company publishes about its product: "the app's description promises"
    r"description|(?:store |product )?listing|press release|marketing materials?|"
    r"advertisements?|ad campaign|announcement)\b", re.I))
OTHER_ROLE = Gated(re.compile(
    r"\b(?:research\w*|report\w*|investigat\w*|analys\w*|study|studies|experts?|lab|laborator\w*|"
    r"universit\w*|professor|academics?|scientists?|journalists?|reporters?|regulators?|"
    r"commission|authorit\w*|court|judge|complaint|lawsuit|plaintiffs?|prosecutors?|"
    r"watchdog|auditors?|security firm|scan|tests?|traffic|users|critics|advocates|documents|"
    r"certification body|certifier|issuer|inquiry|institute|filing|consumer group|group)\b",
    re.I))
# First person plural speaking of a practice: "we use", "we never shared", "our app".
COMPANY_WE = Gated(re.compile(
    r"\b(?:we|We)\b(?:\s+\w+){0,3}?\s+(?:use[sd]?|using|collect\w*|share[sd]?|sharing|sell|"
    r"sold|store[sd]?|keep|kept|retain\w*|delete[sd]?|encrypt\w*|process\w*|disclos\w*|"
    r"provide[sd]?|transfer\w*|track\w*|do not|don['’]t|never|will not|won['’]t|have not|"
    r"haven['’]t|are (?:no longer|not)|no longer|may have|only)\b|"
    r"\b(?:our|Our) (?:app|apps|service|services|users|customers|members|platform|products?|"
    r"privacy policy|policy|servers?|systems?)\b"))
RESEARCHER_WE = Gated(re.compile(
    r"\b(?:we|We)\b(?:\s+\w+){0,2}?\s+(?:found|find|observed|tested|discovered|analy[sz]ed|"
    r"examined|measured|captured|saw|noticed|identified|confirmed|verified|reached out|asked|"
    r"contacted|spoke|requested|have (?:asked|contacted|reached))\b|"
    r"\b(?:our|Our) (?:analysis|research|tests?|testing|findings|investigation|study|report|"
    r"reporters?|team)\b"))

# Capitalised words that are never names by themselves: function words, calendar words and
# page furniture. Other sentence-initial words are told apart by the rule in `_mid_sentence`.
NOT_NAMES = {
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "If", "When", "While", "With",
    "Even", "This", "That", "These", "Those", "It", "Its", "We", "Our", "You", "Your", "They",
    "Their", "He", "She", "His", "Her", "As", "After", "Before", "However", "Moreover", "By",
    "Update", "Updated", "Read", "Share", "Photo", "Photos", "File", "Image", "Images", "Credit",
    "Illustration", "Source", "Home", "News", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
    # sentence openers of the closed classes (adverbs of time and manner, quantifiers,
    # question words): "Yesterday, …", "Some clients …", "Now, …", "Beware of …"
    "Yesterday", "Today", "Tomorrow", "Now", "Then", "Some", "Many", "Most", "Several",
    "Few", "All", "Each", "Every", "Both", "Other", "Others", "Last", "Next", "Also", "Still",
    "Meanwhile", "Instead", "Later", "Earlier", "Once", "Here", "There", "Such", "Beware",
    "Please", "Note", "Besides", "Furthermore", "Additionally", "Finally", "First", "Second",
    "Third", "Overall", "Currently", "Recently", "Previously", "Why", "What", "How", "Where",
    "Who", "Which", "Not", "No", "Yes", "So", "Yet", "Thus", "Although", "Though", "Since",
    "Because", "Unless", "Until", "Whether", "According", "Notably", "Similarly", "Despite",
}
# Bodies that are never the company a story is about: they name research, oversight and
# advocacy organisations ("Center for Democracy & Technology", "University of Toronto").
_BODY_WORDS = (r"Center|Centre|Institute|University|Foundation|Commission|Authority|Agency|"
               r"Office|Department|Ministry|Council|Association|Alliance|Coalition|Society|"
               r"Union|Federation|Board|Bureau|Court|School|College|Academy|Committee")
_BODY = re.compile(r"\b(?:" + _BODY_WORDS + r")\b")
# A proper name: capitalised words on one line, joined by "&", or by "for"/"of" after a
# body word. Never across a line break: a headline or a caption is not part of a name.
_WORD = r"[A-Z][\w'’&-]*"
_NAME = re.compile(r"\b" + _WORD + r"(?:(?:[ \t]+&)?[ \t]+" + _WORD
                   + r"|(?:" + "|".join(f"(?<={w})" for w in _BODY_WORDS.split("|"))
                   + r")[ \t]+(?:for|of)"
                   r"(?:[ \t]+the)?[ \t]+" + _WORD + r")*")
_PERSON_CONTEXT = re.compile(
    r"(?:researcher|director|CEO|CTO|CFO|COO|CISO|CPO|MD|spokes\w+|analyst|professor|writer|"
    r"engineer|founder|officer|chief|president|executive|manager|lawyer|attorney|scientist|"
    r"head of \w+(?: \w+)?|By:?|said|says),?\s+$")
# Titles that stand before a name and are not part of it ("Professor Anna Weber").
# Titles that stand between a company's name and a person's ("Korvo CEO Jane Roe").
_PERSON_ROLE = re.compile(r"(?:CEO|CTO|CFO|COO|CPO|CISO|Chief|President|Founder|Co-founder|"
                          r"Director|Chairman|Chair|Spokes\w+|Head|Vice|VP|SVP|EVP|MD)$")
# Second words that make a company's name into a thing of its, not a product:
# "Korvo ID", "Korvo Account", "Norvik Users"
_NOT_A_PRODUCT = re.compile(r"(?:IDs?|Numbers?|Accounts?|Users?|Data|Team|Teams|Employees|"
                            r"Staff|Spokes\w+|Inc|Ltd|LLC)$")
# The last word of a news organisation's name: "Ledger News", "the Harbour Post",
# "Kestrel Daily". A name so ending is an outlet reporting on companies, never one of them.
OUTLET_WORD = re.compile(r"(?:News|Times|Post|Herald|Journal|Tribune|Gazette|Daily|Magazine|"
                         r"Weekly|Chronicle|Observer|Telegraph|Mirror|Newsweek|Wire|Radio|"
                         r"Broadcasting|Dispatch|Courier|Sentinel|Bulletin)$")
# Who a statement is given to, or a report is by: a news organisation ("told Ledger that",
# "speaking to Ledger", "a report by Ledger"), not a company of the story.
_TOLD_OUTLET = re.compile(r"\b(?:told|telling|speaking to|speaking with|(?:an )?interview with|"
                          r"(?:first )?reported by|a report (?:by|from|in)|according to a report "
                          r"(?:by|from|in))[ \t]+(?:the[ \t]+)?([A-Z][\w&-]+)\b(?!['’])"
                          # as the one told or reporting: "told Ledger that", "told Ledger in
                          # an email", "a report by Ledger revealed" (not "told Adlytic when
                          # a user opened the app")
                          r"(?=[ \t]*(?:[,.:;]|(?:that|in|on|last|earlier|this|via)\b|"
                          r"(?:revealed|found|showed|said|says|reported)\b))")
# A feature's name: "the Scene Sense feature", "its “Scene Match” setting".
_FEATURE_NAME = re.compile(r"(?<![\w'’])([A-Z][\w-]*(?: [A-Z][\w-]*){1,2})[”\"’]?\s+(?:feature|"
                           r"setting|mode|program|programme|option|function|functionality|"
                           r"toggle)s?\b|"
                           # one word before "mode": "Stealth mode" (a company is never one)
                           r"(?<![\w'’])([A-Z][a-z][\w-]*)[”\"’]?\s+mode\b")
_ROLE_ACRONYM = re.compile(r"CEO|CTO|CFO|COO|CPO|CISO|CIO|MD|VP|SVP|EVP")
_TITLES = {"Professor", "Prof", "Dr", "Mr", "Mrs", "Ms", "Dame", "Sir"}
# A name followed by its role: "Henrik Dahl, Vistane's managing director, said".
_ROLE_AFTER = re.compile(
    # "Jane Roe, a spokesperson for…", "Jane Roe is the chief privacy officer of…"
    r"^(?:,|\s+(?:is|was|has been|serves as|became))\s+"
    r"(?:(?:a|an|the|its|their)\s+|[A-Z][\w&-]*(?:['’]s)?\s+)?(?:[\w'’-]+\s+){0,4}?"
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
    first_person: str = "outlet"  # whose "we" the text mostly is: "company" or "outlet"
    outlets: frozenset[str] = frozenset()  # news organisations named in the text
    # what the questions below found in `text`, kept: each is asked once per statement
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def main(self) -> str | None:
        return self.companies[0] if self.companies else None

    def canonical(self, name: str) -> str:
        """The organisation a claim is on behalf of: the maker of a product, the
        company behind a regional arm, in its fullest name."""
        name = self.aliases.get(name, name)
        name = self.makers.get(name, name)
        return self.full_names.get(name, name)

    def mentions(self, name: str) -> list[int]:
        """Where `name` starts in the text, in order. Capitalised names are looked up in
        an index of capitalised words made in one pass, not searched for in the text."""
        key = ("at", name)
        if key not in self._memo:
            first = name.split()[0] if name.split() else name
            if _CAPITALISED.fullmatch(first):
                if "words" not in self._memo:
                    self._memo["words"] = _Occurrences(self.text).spans
                spans = self._memo["words"].get(strip_possessive(first), [])
                self._memo[key] = [a for a, _ in spans if self.text.startswith(name, a)]
            else:
                self._memo[key] = [m.start() for m in re.finditer(re.escape(name), self.text)]
        return self._memo[key]

    def last_match_before(self, pattern: str, pos: int) -> re.Match[str] | None:
        """The last match of `pattern` that ends by `pos` (the text's matches found once)."""
        key = ("re", pattern)
        if key not in self._memo:
            found = list(re.finditer(pattern, self.text))
            self._memo[key] = (found, [m.end() for m in found])
        found, ends = self._memo[key]
        i = bisect_right(ends, pos) - 1
        return found[i] if i >= 0 else None

    def _by_word(self, what: str, names) -> dict[str, list[str]]:
        """Names (in the order given) under each of their capitalised words."""
        key = ("by word", what)
        if key not in self._memo:
            index: dict[str, list[str]] = defaultdict(list)
            for n in names:
                for w in dict.fromkeys(strip_possessive(t) for t in _CAPITALISED.findall(n)):
                    index[w].append(n)
            self._memo[key] = index
        return self._memo[key]

    def person_in(self, phrase: str) -> str | None:
        """The first person met in the text who is named in `phrase`, or whom `phrase`
        (one word) names; looked up by the phrase's words, not by trying every person."""
        index = self._by_word("people", self.people)
        if "people order" not in self._memo:
            self._memo["people order"] = {n: i for i, n in enumerate(self.people)}
        order = self._memo["people order"]
        found = [n for w in {strip_possessive(t) for t in _CAPITALISED.findall(phrase)}
                 for n in index.get(w, ()) if n in phrase or phrase in n.split()]
        return min(found, key=order.__getitem__) if found else None

    def product_in(self, sentence: str) -> str | None:
        """The longest product name (or product with a known maker) in `sentence`."""
        index = self._by_word("products", [*self.products, *self.makers])
        found = [n for w in {strip_possessive(t) for t in _CAPITALISED.findall(sentence)}
                 for n in index.get(w, ()) if n in sentence]
        return max(found, key=lambda n: (len(n), n)) if found else None

    def person_named_last_before(self, pos: int, side: str | None = None) -> str | None:
        """The person (on `side`, when given) whose mention ends last before `pos`."""
        found = self.person_mention_before(pos, side)
        return found[1] if found else None

    def person_mention_before(self, pos: int, side: str | None = None
                              ) -> tuple[int, str] | None:
        """(where it ends, name) of the last mention of a person (on `side`, when given)
        before `pos` (all mentions sorted once, then found by bisection)."""
        key = ("mentions by end", side)
        if key not in self._memo:
            ends = sorted((a + len(n), n) for n, s in self.people.items()
                          if side is None or s == side for a in self.mentions(n))
            self._memo[key] = ([e for e, _ in ends], [n for _, n in ends])
        ends, names = self._memo[key]
        i = bisect_right(ends, pos) - 1
        return (ends[i], names[i]) if i >= 0 else None

    def person_called(self, name: str, side: str | None = None) -> str | None:
        """The first person (in the order met) called `name` in full or by one of their
        names, on `side` when given."""
        key = ("person", name, side)
        if key not in self._memo:
            self._memo[key] = next((n for n, s in self.people.items()
                                    if (side is None or s == side)
                                    and (n == name or name in n.split())), None)
        return self._memo[key]


_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


def strip_possessive(name: str) -> str:
    return _POSSESSIVE.sub("", name)


# The second word of a product named after its maker's brand ("Mi Browser", "Nest Cam").
_PRODUCT_WORD = re.compile(r"(?:Browser|App|Cloud|Maps|Assistant|Chat|Pay|Store|Search|Messenger|"
                           r"TV|Watch|Phone|Home|Drive|Cam|Camera|Speaker|Band|OS|Music|Mail)s?$")

ORG_WORDS = re.compile(
    r"^(?:Labs?|Inc|Ltd|LLC|GmbH|AG|SA|Group|Institute|Networks?|Mobile|Health|Bank|Audio|"
    r"Technolog(?:y|ies)|Systems|Media|Commission|Authority|University|Foundation|Corp(?:oration)?|"
    r"Company|Co|Software|Security|Digital|Games|Studios?|Telecom|Cloud|Analytics|Agency|Office|"
    r"Board|Council|Court|Centre|Center|Association|Alliance|Partners|Holdings|Electronics)$")


_CAPITALISED = re.compile(r"\b[A-Z][\w'’&-]*")
_NAME_FOLLOWS = re.compile(r"['’]?s?\s+[A-Z]")
_NEXT_WORD = re.compile(r"\s+([A-Z][\w&-]*)")
_LOWER_NOUN_NEXT = re.compile(r"[ \t]+(?:app|apps|service|browser|VPN|software|tool|platform|"
                              r"device|extension|network|product|feature|program|website)\b")


class _Occurrences:
    """Where each capitalised word stands (possessive stripped), found in one pass, so that
    the questions asked of every name (does it stand alone? what follows it?) cost the
    name's own occurrences instead of a scan of the whole text each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in _CAPITALISED.finditer(text):
            word = strip_possessive(m.group(0))
            self.spans[word].append((m.start(), m.start() + len(word)))

    def next_word(self, end: int) -> str | None:
        """The capitalised word right after a name ending at `end` ("Norvik Systems")."""
        m = _NEXT_WORD.match(self.text, end)
        return m.group(1) if m else None

    def stands_alone(self, name: str) -> bool:
        """Whether `name` ever stands without another capitalised word after it."""
        return any(not _NAME_FOLLOWS.match(self.text, end) for _, end in self.spans[name])

    def seconds(self, name: str) -> Counter[str]:
        """How often each capitalised word follows `name`."""
        return Counter(w for w in (self.next_word(end) for _, end in self.spans[name]) if w)

    def takes_the(self, name: str, second: str) -> bool:
        """Whether "the" ever stands before the two-word name `name second` as a whole
        noun phrase ("the Harbourside Post"), not as a modifier ("the Hotspot Shield app")."""
        for start, end in self.spans[name]:
            if self.text[max(0, start - 4):start] not in ("the ", "The ") or \
                    (start >= 5 and self.text[start - 5].isalnum()):
                continue
            m = _NEXT_WORD.match(self.text, end)
            if m and m.group(1) == second and not _LOWER_NOUN_NEXT.match(self.text, m.end()):
                return True
        return False

    def without(self, word: str, neighbour: str, *, after: bool) -> bool:
        """Whether `word` stands somewhere without `neighbour` right after it (or, with
        after=False, right before it)."""
        for start, end in self.spans[word]:
            if after:
                if self.next_word(end) != neighbour:
                    return True
            elif self.text[max(0, start - len(neighbour) - 1):start] != neighbour + " ":
                return True
        return False


def _looks_like_person(words: list[str], where: _Occurrences) -> bool:
    """A person's surname recurs alone ("Ferrand found"); a company's first word does
    ("Korvo rejected"); an organisation word (Labs, Mobile, Commission…) is never a name."""
    if any(ORG_WORDS.match(w) for w in words):
        return False
    first_alone = where.without(words[0], words[1], after=True)
    last_alone = where.without(words[-1], words[-2], after=False)
    return not (first_alone and not last_alone)


# Research bodies, watchdogs and testing firms named as such: sources, never the company
# a story is about. Each pattern captures the names it rules out.
_SOURCE_BODIES = [re.compile(p) for p in (
    # "Citadel Privacy Lab", "the Ashford Institute": every word before the body word
    r"\b([A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}) (?:Labs?|Institute|University|Research|"
    r"Commission|Authority|Agency|Inspectorate|Watchdog)\b",
    r"(?:security|research|consulting|analytics|testing|forensics?) "
    r"(?:firm|company|consultancy),? ([A-Z][\w&'’-]*)",
    r"researchers (?:at|from) (?:the )?([A-Z][\w&'’-]*)",
    # "Tests by Kestrel Security", "an audit carried out by Kestrel"
    r"\b(?:[Tt]ests?|[Aa]nalys[ie]s|[Aa]udits?|[Ss]tud(?:y|ies)|[Ii]nvestigations?|"
    r"[Ee]xperiments?|[Mm]easurements?) (?:\w+ed )?by (?:the )?([A-Z][\w&'’-]*)",
    # "Kestrel Security, a firm hired by the plaintiffs"
    r"\b([A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}), (?:a|an|the) (?:[\w-]+ ){0,3}"
    r"(?:firm|company|consultancy|lab|group|researchers?) "
    r"(?:hired|commissioned|retained|engaged|paid|brought in|working)\b",
)]


def _source_bodies(text: str) -> set[str]:
    """The words of names that the text presents as research or oversight bodies."""
    return {strip_possessive(w) for p in _SOURCE_BODIES for m in p.finditer(text)
            for w in m.group(1).split()}


_OPENERS = frozenset(" \t“\"‘'(•-–—")


def sentence_initial(text: str, pos: int) -> bool:
    """Whether `pos` starts a sentence: only openers (quotes, brackets, dashes) between
    it and an end of sentence or the text's start. Walks back over them instead of
    copying and stripping the text before every capitalised word."""
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?:\n”\"’"


_DATELINE = re.compile(r"[A-Z][\w.&'’()/-]*(?: [\w.&'’()/,-]+){0,4}")


def opens_sentence(text: str, pos: int) -> bool:
    """`sentence_initial`, or first after a dateline and a spaced dash at a line's start:
    "LONDON (Wire) - Verified footage shows…", "Site.Net – Officials said…"."""
    if sentence_initial(text, pos):
        return True
    i = pos
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i < pos - 2 and re.search(r"\s[-–—]\s", text[i - 1:pos]):
        return bool(_DATELINE.fullmatch(text[text.rfind("\n", 0, i) + 1:i]))
    return False


_LINE = re.compile(r"[^\n]+")
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
_LINE_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines set in title case (headlines, captions, menus): most of their longer
    words capitalised. There a capital says nothing about a name."""
    spans = []
    for m in _LINE.finditer(text):
        words = _LINE_WORD.findall(m.group(0))
        if len(words) >= 3 and sum(w[0].isupper() for w in words) * 10 >= len(words) * 7:
            spans.append(m.span())
    return spans


def _mid_sentence(text: str, skip: list[tuple[int, int]]) -> set[str]:
    """Capitalised words that also stand capitalised inside a sentence somewhere: names.
    A word capitalised only where sentences begin, or in title-case lines, is an
    ordinary word."""
    starts = [a for a, _ in skip]
    out = set()
    for m in re.finditer(r"\b[A-Z][\w'’&-]*", text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < skip[i][1]:
            continue
        if not opens_sentence(text, m.start()):
            out.add(strip_possessive(m.group(0)))
    return out


def _furniture_lines(text: str) -> list[tuple[int, int]]:
    """Lines of one to three words without a full stop: captions, "Advertisement",
    menu items, bylines."""
    return [m.span() for m in _LINE.finditer(text)
            if len(m.group(0).split()) <= 3 and not re.search(r"[.!?:”\"]\s*$", m.group(0))]


_ROLE_WORDS = (r"spokes\w+|representative|CEO|CTO|CFO|COO|CPO|chief|executive|founder|president|"
               r"director|MD|manager|head|engineers?|officer|employees?|staff|VP|lawyers?|counsel")
# Roles that speak for nobody's company ("security researcher Dana Ruiz"), unlike a
# company's own "chief security officer" or "security chief".
_INDEPENDENT = re.compile(r"\b(?:independent|freelance|former|ethical)\b|\bsecurity (?:researcher|"
                          r"engineer|expert|analyst|consultant|specialist|professional)s?\b", re.I)


# A role right after a company's name ("Korvo's head of privacy", "Korvo CEO") or right
# before it ("a spokesperson for Korvo", "an engineer at the Korvo"); compiled once, not
# once per company, so a text naming many companies costs no compile per name.
_ROLE_AFTER_NAME = re.compile(rf"(?:['’]s)? (?:[\w-]+ ){{0,3}}(?:{_ROLE_WORDS})\b")
_ROLE_BEFORE_NAME = re.compile(rf"\b(?:{_ROLE_WORDS})\w* (?:at|for|of|with|from) (?:the )?$")


def _affiliated(company: str, role_text: str) -> bool:
    """Whether `role_text` ties a role to `company`: "Korvo's head of privacy", "a
    spokesperson for Korvo", "Korvo CEO", "an engineer at Korvo"."""
    at = role_text.find(company)
    while at >= 0:
        end = at + len(company)
        whole = (at == 0 or not (role_text[at - 1].isalnum() or role_text[at - 1] == "_")) and (
            end == len(role_text) or not (role_text[end].isalnum() or role_text[end] == "_"))
        if whole and (_ROLE_AFTER_NAME.match(role_text, end)
                      or _ROLE_BEFORE_NAME.search(role_text[max(0, at - 60):at])):
            return True
        at = role_text.find(company, at + 1)
    return False


# "I’m", "I’d", "We’ll", "Don’t": a pronoun or a verb with its contraction, never a name
_CONTRACTED = re.compile(r"['’](?:m|d|ll|ve|re|t)$|^I$")


def _never_a_company(head: str) -> bool:
    """Capitalised words that name a thing, a place's people or an attribute, never a
    company: "China-based", "VPNs", "TVs", "Americans", "IMEI", "I’m"."""
    return (head.endswith("-based") or bool(re.fullmatch(r"[A-Z]{2,}s", head))
            or bool(_CONTRACTED.search(head))
            or bool(nz.identifiers_in(head)) and head.isupper()
            or head.endswith("s") and bool(nz.demonym_country(head[:-1])))


def cast_of(text: str, title: str | None, publisher: str | None) -> Cast:
    """Guess the companies a document is about: proper names that recur, minus
    outlets, regulators, places, people and the publisher's own name."""
    media = outlets_and_regulators()
    counts: Counter[str] = Counter()
    people: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    headlines = title_case_lines(text)
    mid = _mid_sentence(text, headlines)
    where = _Occurrences(text)
    person_like: dict[tuple[str, ...], bool] = {}
    # "its Scene Sense feature", "the Location History setting": a feature of the
    # story's company, never a company itself
    features = {m.group(1) or m.group(2) for m in _FEATURE_NAME.finditer(text)}
    outlets: set[str] = set()
    outlet_heads: set[str] = set()  # "Ledger" of "Ledger News", also when it stands alone
    families = nz.family_parents().keys() | set(nz.family_parents().values())

    def looks_like_person(words: list[str]) -> bool:
        key = tuple(words)
        if key not in person_like:
            person_like[key] = _looks_like_person(words, where)
        return person_like[key]

    def names_in(phrase: str) -> list[str]:
        return [strip_possessive(w) for w in _CAPITALISED.findall(phrase)]

    lower = set(re.findall(r"\b[a-z][\w'’-]*", text))
    skip = headlines + _furniture_lines(text)
    skip.sort()
    skip_starts = [a for a, _ in skip]

    def in_skipped_line(pos: int) -> bool:
        i = bisect_right(skip_starts, pos) - 1
        return i >= 0 and pos < skip[i][1]

    for m in _NAME.finditer(text):
        if in_skipped_line(m.start()):
            continue  # headlines and page furniture: their capitals say nothing of names
        words = [strip_possessive(w) for w in m.group(0).split()]
        while words and words[0] in NOT_NAMES:
            words.pop(0)
        if words and opens_sentence(text, m.start()) and words[0].lower() in lower and (
                words[0] not in mid or len(words) == 1):
            # "Storing your data…", "Users said…": capitalised because it starts a sentence
            # (a word also written in lower case counts as a name only inside a sentence)
            words.pop(0)
        if not words:
            continue
        title_word = ""
        inner = next((i for i, w in enumerate(words[1:-2], 1) if _ROLE_ACRONYM.fullmatch(w)), 0)
        if inner:
            # "Korvo CTO Jane Roe": the company, then its officer
            company_part = words[:inner]
            counts[company_part[0]] += 1
            first_seen.setdefault(company_part[0], m.start())
            title_word = " ".join(words[:inner + 1])
            words = words[inner + 1:]
        titled = bool(inner) or words[0] in _TITLES or (
            len(words) >= 3 and bool(_ROLE_ACRONYM.fullmatch(words[0])))
        if titled and not inner:
            title_word = words.pop(0)  # "Dr Jane Roe", "CTO Jane Roe"
            if not words:
                continue
        name = " ".join(words)
        if name in features:
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if len(words) >= 2 and all(w[0].isupper() and w[1:].islower() for w in words[:2]) and \
                (_PERSON_CONTEXT.search(before) or titled or _ROLE_AFTER.match(text[m.end():]))\
                and looks_like_person(words):
            # the role may stand before the name ("researcher Jane Roe") or after it
            # ("Jane Roe, a spokesperson for X", "Jane Roe, who led the study")
            after = re.split(r"[.;!?\n]", text[m.end():m.end() + 100], maxsplit=1)[0]
            lead = re.split(r"[.!?\n]\s", text[max(0, m.start() - 80):m.start()])[-1]
            role_text = lead + " " + title_word + " " + after
            # "The group's director", "a lawyer for the campaign": the side is the body's
            researcher = re.search(r"research|professor|analyst|writer|scientist|academic|"
                                   r"lecturer", role_text, re.I) or (
                (re.search(r"\b(?:group|campaign\w*|charity|lab|universit\w+|institute|"
                           r"watchdog|regulator|commission|authority|union|advocates?|NGO|"
                           r"plaintiffs?)\b", role_text, re.I)
                 or _BODY.search(after))  # "director of the Council on …"
                and not any(counts.get(c, 0) >= 2 for c in names_in(role_text)))
            # for the company only when the role ties them to it ("Korvo's engineer",
            # "a spokesperson for Korvo", "Korvo CEO"), not when the company is merely
            # named beside them ("security engineer Dana Ruiz found her Korvo phone…")
            # (a name, not "Security" opening a sentence: met inside a sentence, or
            # possessive: "Norvik's head of security")
            tied = any(_affiliated(c, role_text) for c in names_in(role_text)
                       if c in counts and (c in mid or re.search(
                           r"\b" + re.escape(c) + r"['’]s\b", role_text)))
            if not tied and re.search(r"\b(?:lawyer|attorney|counsel)\b", role_text, re.I):
                researcher = True  # "attorney Jane Roe with the Consumer Law Firm"
            side = "other" if researcher else "company" if (
                tied or COMPANY_ROLE.search(role_text) and not _INDEPENDENT.search(role_text)
            ) else "other"
            # a person keeps the side first read for them, except that a research role
            # named anywhere wins ("security researcher Dana Ruiz" stays a researcher
            # when a later sentence names him beside the company he tested)
            people[name] = "other" if researcher else people.get(name, side)
            continue
        head = words[0]
        if len(words) >= 2 and OUTLET_WORD.match(words[-1]) and head not in families:
            outlets.add(name)  # "Ledger News reported…": who reports, not who is reported on
            outlet_heads.add(head)
            continue
        if (head in media or name in media or nz.countries_in(head) or nz.demonym_country(head)
                or head.isupper() and len(head) <= 3 or _never_a_company(head)
                or _BODY.search(name)):
            continue  # outlets, places, bodies ("Center for Democracy & Technology"), things
        counts[head] += 1
        first_seen.setdefault(head, m.start())
    if title:
        for w in re.findall(r"\b[A-Z][\w'’-]+", title):
            w = strip_possessive(w)
            if w in counts:
                counts[w] += 2
    pub_words = set(re.findall(r"\w+", (publisher or "").lower()))
    # research organisations, watchdogs and outlets named in the text are sources, not the
    # companies the story is about ("the security firm Greyfin Labs", "Citadel Privacy Lab")
    # told things and reporting them: "told Ledger that …" and "Ledger reported …" (a
    # company is told things too, by its customers, but does not report them)
    outlet_heads |= {n for n in {m.group(1) for m in _TOLD_OUTLET.finditer(text)} - families
                     if re.search(r"\b" + re.escape(n) + r"(?:['’]s)? (?:reported|reports|"
                                  r"report|story|article|investigation|reporting)\b|"
                                  r"\b(?:reported by|a report (?:by|from|in)) (?:the )?"
                                  + re.escape(n) + r"\b", text)}
    for name in (_source_bodies(text) | outlet_heads) & counts.keys():
        del counts[name]
    # a word that only ever starts longer names is either a brand whose products are named
    # after it ("Mi" in "Mi Browser": not a company) or the first word of a company's
    # two-word name ("Hotspot Shield", "Norvik Systems"): the second word decides
    brand_names: dict[str, str] = {}
    for name in list(counts):
        if not where.stands_alone(name):
            forms = where.seconds(name)
            second, seen = forms.most_common(1)[0] if forms else ("", 0)
            if seen >= 2 and seen * 3 >= counts[name] * 2 and not _PRODUCT_WORD.match(second) \
                    and second not in NOT_NAMES and not nz.countries_in(second) \
                    and not where.takes_the(name, second):
                # ("the Harbourside Post", "the Ashford Institute": outlets and bodies
                # take "the"; a company's own name rarely does)
                brand_names[name] = f"{name} {second}"
            else:
                del counts[name]
    # one name in two spellings ("LUMORA", "Lumora") is one company, under its usual spelling
    spelled: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: -counts[n]):
        usual = spelled.setdefault(name.lower(), name)
        if usual != name:
            counts[usual] += counts.pop(name)
            first_seen[usual] = min(first_seen[usual], first_seen.pop(name))
    ranked = sorted(counts, key=lambda n: (-counts[n], first_seen[n]))
    person_words = {w for p in people for w in p.split()}
    companies = [n for n in ranked if counts[n] >= 2 and n.lower() not in pub_words
                 and n not in people and n not in person_words]
    top = counts[companies[0]] if companies else 0
    companies = [c for c in companies if counts[c] * 4 >= top][:6]
    own_voice = bool(publisher) and any(c.lower() in pub_words for c in
                                        [n for n in ranked[:3] if counts[n] >= 2])
    if own_voice:
        companies = [n for n in ranked[:3] if n.lower() in pub_words] + companies
    # (a feature is not made a product: "Stealth mode" is a feature of many companies'
    # browsers, and one product resource would tie them together)
    products: dict[str, str] = {}
    for m in re.finditer(r"\b([A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){1,2})\b", text):
        words = m.group(1).split()
        if in_skipped_line(m.start()) or _PERSON_ROLE.match(words[1]) or \
                _NOT_A_PRODUCT.match(words[1]):
            continue  # a headline's words; "Korvo CEO Jane Roe" names a person; "Korvo ID"
        if words[0] in companies and words[1] not in NOT_NAMES and not nz.countries_in(words[1]):
            products.setdefault(m.group(1), words[0])
        elif len(words) == 2 and _PRODUCT_WORD.match(words[1]):
            owner = next((c for c in companies if c in text[max(0, m.start() - 200):m.start()]),
                         companies[0] if companies else None)
            if owner and words[0] not in NOT_NAMES:
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
    # owners known beforehand: "TikTok" belongs to ByteDance wherever either is named
    for child, parent in nz.family_parents().items():
        if child != parent and child not in parents and (
                child in companies or child in products
                or (child in mid if " " not in child else child in text)):
            parents[child] = parent
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
            if ORG_WORDS.match(words[-1]):
                full_names[c] = f"{c}{form}"
    for name, side in list(people.items()):
        if side == "company" and name in (full_names.values()):
            del people[name]
    operators = set(nz.operators_in(text))
    products = {p: o for p, o in products.items() if p not in operators
                and p not in full_names.values() and not ORG_WORDS.match(p.split()[-1])}
    spellings = ((n, spelled.get(n.lower())) for n in set(re.findall(r"\b[A-Z][\w-]+", text)))
    aliases = {v: u for v, u in spellings if u in companies and v != u}
    for c in companies:
        for m in re.finditer(re.escape(c) + r"\s+([A-Z][a-z]+)\b", text):
            if nz.countries_in(m.group(1)):
                aliases[f"{c} {m.group(1)}"] = c
    # "we use this information…", "we never shared…" more often than "we found", "we
    # asked": the text is the company's own statement (republished, or quoted as a block)
    # (outside quotations: quoted employees saying "we" do not make the text theirs)
    unquoted = _QUOTED.sub(" ", text)
    company_we = sum(1 for _ in COMPANY_WE.finditer(unquoted))
    first_person = "company" if company_we >= 2 and company_we > sum(
        1 for _ in RESEARCHER_WE.finditer(unquoted)) else "outlet"
    cast = Cast(companies, products, people, publisher, own_voice, aliases, parents, makers,
                full_names, text, first_person=first_person, outlets=frozenset(outlets))
    cast._memo["words"] = where.spans  # the index of capitalised words, made once
    return cast


@cache
def outlets_and_regulators() -> frozenset[str]:
    """Outlets and regulators: names that speak for others, never for a company."""
    return nz.media_names() | nz.regulator_names()


@lru_cache(maxsize=4)
def cast_for(text: str, title: str | None, publisher: str | None) -> Cast:
    """`cast_of`, remembered for the few texts in hand: reading the statements and then
    writing the graph ask for the same article's cast (a Cast is never changed after)."""
    return cast_of(text, title, publisher)
