"""Kind and subject: the stage that reads each sentence into claims and findings.

`find_statements` is pure text in, `Statement`s out (easy to test and measure). It runs
the stages before it on the document (`sentences`, `organisations`), and for each
sentence `aspects` (what practice, with values) and `attribution` (whose voice: a claim
or a finding), then decides the subject. The graph stage is `statement_graph`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers import normalise as nz
from scrapers.aspects import (
    AD_FIRM_WORDS,
    about_data_practices,
    aspects_in,
    finding_reads_alike,
    names_personal_data,
)
from scrapers.attribution import CONCESSIVE, CONTRAST, MID_CONCESSIVE, REPORTING, voice_of
from scrapers.gate import Gated
from scrapers.language import reads_as_english
from scrapers.organisations import Cast, cast_for
from scrapers.sentences import Layout, Sentence, layout
from scrapers.types import Statement

_NOISE = re.compile(r"^(?:By:|Last Updated|Photo|File photo|Share this|Headshot|Source:|Home »|"
                    r"Read our|Read more|Click|Subscribe|Image:|See also|Also read|Related:|"
                    r"More:)", re.I)


def _subject(sentence: str, cast: Cast) -> str | None:
    """The product or company a sentence is about (companies in their canonical name)."""
    product = cast.product_in(sentence)
    if product:
        return product
    named = [c for c in cast.companies if re.search(r"\b" + re.escape(c), sentence)]
    # "sent … to Adlytic": a company the data goes to is a recipient, not the subject
    acting = [c for c in named if not re.search(r"\b(?:to|with|by|from)\s+(?:the\s+)?"
                                                + re.escape(c), sentence)]
    for company in acting or ([] if cast.main else named):
        return cast.canonical(company)
    return cast.canonical(cast.main) if cast.main else (cast.canonical(named[0]) if named else None)


def _subject_of_clause(clause: str, cue: int, cast: Cast) -> str | None:
    """In a sentence naming several of the cast's companies, the one its clause's cue is
    about: the company named last before the cue in the clause ("…, and Tarlon would
    likely have access to users' audio" is about Tarlon), not a recipient ("to X")."""
    head = clause[:max(0, cue)]
    named = [(m.start(), c) for c in cast.companies
             for m in re.finditer(r"\b" + re.escape(c) + r"\b", head)
             if not re.search(r"\b(?:to|with|by|from|at|for)\s+(?:the\s+)?$", head[:m.start()])]
    if not named or len(cast.companies) < 2:
        return None
    last = max(named)[1]
    return None if cast.canonical(last) == cast.canonical(cast.main or last) else \
        cast.canonical(last)


# Sentences that are not statements about a practice: questions, definitions of terms,
# and orders or obligations (what a company must do is not what it does).
_NOT_A_STATEMENT = Gated(re.compile(
    r"\?[\"”’']?$|\b(?:typically|usually|generally|commonly) (?:refers|means)\b|"
    r"\bis defined as\b|\b(?:prohibited from|ordered to|must (?:pay|obtain|notify|implement|"
    r"delete|stop))\b|\b(?:is|are) (?:not )?recommended\b|"
    # a settlement's obligations: what the company will have to do is not what it does
    r"\b(?:prohibits|prohibit|bans|barred|bars) (?:\w+ ){1,4}from\b|"
    r"\bagreed to (?:ensure|stop|pay|implement|delete|obtain|notify|limit|submit)\b|"
    r"\b(?:will be|is|are) required to\b|"
    r"^(?:This|The present|In this) (?:report|article|paper|study|post|analysis)\b", re.I))
# Clause edges where a sentence may change voice: "X was said to …, but experts fear …".
_VOICE_EDGE = Gated(re.compile(r',[”"’]?\s+(?:but|while|whereas|however)\b|,[”"’]?\s+and that\b|'
                               r"\s+—\s+but\b|" + MID_CONCESSIVE.pattern + "|" + CONTRAST.pattern
                               + "|"
                               # "…, the company said, after a report revealed that …": what
                               # set it off is another source's
                               r",\s+(?:after|following|amid)\s+(?=[^.;]{0,80}\b(?:report|"
                               r"revealed|found|showed|investigation|study|analysis)\b)|"
                               # "On allegations that …, Ruiz that all data is stored in
                               # Canada": a name and "that", the verb of saying left out
                               r",\s+(?=[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? that\b)"))


# A text this long says by its words whether it is about data practices; in one that is
# not, a sentence must carry a practice by itself (see `_statements_of`).
TELLS_ITS_TOPIC_WORDS = 200
# Longer than any sentence a statement is quoted from (about 250 words): a table, a run of
# link text or a text without full stops, read as one "sentence".
MAX_SENTENCE_CHARS = 1500
# Headlines run together by a page's link lists: "A: x | Senators call for y | Z hit by w"
# (two or more pipes between words); prose does not separate its clauses so.
_LINK_RUN = re.compile(r"(?:\S \| \S.*){2}")
# A list item's marker, alone before the item's text on its line.
_BULLET = re.compile(r"[ \t]*(?:[-–•*·▪]|\d{1,2}[.)])[ \t]+")
_ITEM_HEAD = re.compile(r"([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3})(?=,| –| —| -|:)")
# A clause that says the opposite of the one before: "…, but its code reveals otherwise"
_OTHERWISE = Gated(re.compile(
    r"\b(?:reveal|show|suggest|indicate|prove|demonstrate)\w* (?:otherwise|the opposite|"
    r"the contrary)|\bbut (?:it|they|the (?:app|company|firm)) (?:still |actually )?"
    r"(?:did|does|do|was|were|has|had)\b(?! not)", re.I))


# "Adlytic, a mobile advertising firm", "Linkwise, a data broker": what a recipient is.
_AD_FIRM = re.compile(r"\b([A-Z][\w&-]*(?: [A-Z][\w&-]*){0,2}),? (?:a|an|the) (?:[\w-]+ ){0,3}?"
                      r"(?:" + AD_FIRM_WORDS + r")\b")


# Malicious software and its victims: what it encrypts or aims at is an attack on the
# data, not anyone's practice with it ("ransomware that encrypts victims' files")
_ATTACK = Gated(re.compile(r"\b(?:ransom\w*|malware|infect(?:s|ed|ing)|victims?['’]?)(?!\w)",
                           re.I))
_ATTACK_ASPECTS = {"encryption", "purpose"}
# Openers of a sentence that goes on about the same thing as the one before it.
_CONTINUES = re.compile(r"\W*(?:Also|Similarly|Likewise|In addition|Additionally|Moreover|"
                        r"Furthermore|That said|Besides)\b|"
                        r"\W*(?:It|They|This) (?:also|even|then)\b")


# What is usual in an industry, said of nobody in particular.
_GENERIC = Gated(re.compile(r"\b(?:it is (?:normal|common|standard|usual|typical)|(?:are|is|have "
                            r"been|has been) (?:known|expected) to|typically|usually|oftentimes|"
                            r"commonly|standard (?:data )?(?:practice|collection))\b", re.I))


def _names_cast(clause: str, cast: Cast) -> bool:
    """Whether `clause` names one of the document's companies or products, or speaks of
    one ("the company", "the app"; not "it", which "it is normal" uses for nobody)."""
    return any(n in clause for n in [*cast.companies, *cast.products]) or bool(
        re.search(r"\b(?:its|the (?:company|firm|app|service|browser|device|phone))\b",
                  clause, re.I))


def _is_headline(sentence: Sentence, text: str, title: str | None) -> bool:
    """A line that is the title, or a title-like line standing alone without a full stop."""
    s = sentence.text.strip()
    t = (title or "").strip()
    if t and (s == t or s in t or (t in s and len(s) < len(t) + 40)):
        return True
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    # the document's first line, with more text after it: a sentence-case headline ("X says
    # A. Researchers disagree.") when short, or any line without a full stop
    # (without a title to compare with: when one is given, the first line may be the lede)
    first_line = not t and not text[:line_start].strip() and line_end >= 0 and \
        text[line_end:].strip()
    if first_line and len(line.split()) <= 15:
        return True
    if line != s or re.search(r"[.!?…\"”]$", s):
        return False
    if first_line and len(s.split()) <= 25:
        return True
    words = re.findall(r"[A-Za-z][\w'’-]*", s)
    capitalised = sum(w[0].isupper() for w in words)
    return len(words) <= 20 and capitalised >= max(2, len(words) // 2)


@dataclass
class _Reading:
    """What every sentence of one document is read against."""

    layout: Layout
    text: str
    cast: Cast
    companies: set[str]     # the company concerned and its products: never a recipient
    on_topic: bool          # the document is about data practices (`about_data_practices`)
    words: int              # how long it is, in words
    ad_firms: set[str] = field(default_factory=set)  # recipients the text calls ad firms
    seen: dict = field(default_factory=dict)  # who spoke last (attribution's memory)


def find_statements(text: str, *, publisher: str | None = None,
                    title: str | None = None) -> list[Statement]:
    """Every claim and finding in `text`, one per sentence (or clause) and aspect; none
    in a text that is not English (`language.reads_as_english`)."""
    if not reads_as_english(text):
        return []
    cast = cast_for(text, title, publisher)
    # the company itself is never its own recipient; the other companies may be
    own = {c for c in cast.companies if cast.canonical(c) == cast.canonical(cast.main or c)}
    own |= {p for p, owner in cast.products.items() if owner in own}
    doc = _Reading(layout(text), text, cast, own, about_data_practices(text), len(text.split()),
                   ad_firms={m.group(1) for m in _AD_FIRM.finditer(text)})
    out: list[Statement] = []
    list_intro: list = []  # the aspects of the line that opened the current list
    for sentence in doc.layout.sentences:
        item = _BULLET.fullmatch(text, text.rfind("\n", 0, sentence.start) + 1, sentence.start)
        if not item:
            # "The companies found receiving information were:" opens a list whose items
            # ("- Adlytic – the device model and a unique identifier") say the same
            list_intro = aspects_in(sentence.text, companies=own, on_topic=doc.on_topic) \
                if sentence.text.rstrip().endswith(":") and \
                len(sentence.text) <= MAX_SENTENCE_CHARS else []
        if (_NOISE.match(sentence.text) or len(sentence.text.split()) < 4
                or len(sentence.text) > MAX_SENTENCE_CHARS
                or _NOT_A_STATEMENT.search(sentence.text)
                or _LINK_RUN.search(sentence.text)
                or _is_headline(sentence, text, title)):
            continue
        if sentence.text.rstrip().endswith(":"):
            # "The companies found receiving data were:" opens what follows; its items
            # and the quotation after it are the statements
            voice_of(sentence, 0, doc.layout, text, cast, doc.seen)
            continue
        out += _statements_of(sentence, doc, inherited=list_intro if item else [])
    return out


def _clauses(s: str) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a sentence that may be in different voices."""
    cuts = [0] + [m.start() for m in _VOICE_EDGE.finditer(s)] + [len(s)]
    opening = CONCESSIVE.match(s)
    if opening:  # "Despite promising users that …, Norvik sold it": a claim, then a finding
        cuts = sorted({*cuts, opening.end() - 1})
    return [(a, s[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if s[a:b].strip()]


def _statements_of(sentence: Sentence, doc: _Reading,
                   inherited: list | None = None) -> list[Statement]:
    """The statements of one sentence: its aspects, each in the voice that says it.
    `inherited`: the aspects of the line that opened the list this sentence is an item of."""
    lay, text, cast, seen = doc.layout, doc.text, doc.cast, doc.seen
    companies, on_topic = doc.companies, doc.on_topic
    s = sentence.text
    hits = []
    fresh: dict[int, list] = {}  # each clause's hits as read, before offsets are added
    previous: list = []
    for offset, clause in _clauses(s):
        found = aspects_in(clause, companies=companies, on_topic=on_topic)
        if found and _GENERIC.search(clause) and not _names_cast(clause, cast):
            # "It is normal for phone makers to collect data…", "VPNs typically log…":
            # what an industry usually does is background, not this company's practice
            found = []
        if not found and previous and _OTHERWISE.search(clause):
            # "X claims it does not track users, but its code reveals otherwise": the
            # second voice says the opposite of the first
            found = [h.copy() for h in previous]
            for h in found:
                h.cue_start = 0
                h.polarity = "negative" if h.polarity == "positive" else "positive"
        previous = [h.copy() for h in found]
        fresh[offset] = [h.copy() for h in found]
        for h in found:
            h.cue_start += offset
            hits.append((offset, clause, h))
    for h in inherited or []:
        if not any(x.aspect == h.aspect for _, _, x in hits):
            item = h.copy()
            item.cue_start = 0
            if item.aspect == "third_party_sharing":
                # the item names its recipient first: "Adlytic, a data broker – …"
                head = _ITEM_HEAD.match(s)
                item.values["recipients"] = [head.group(1)] if head else []
            hits.append((0, s, item))
            fresh.setdefault(0, []).append(item.copy())
    if hits and (_ATTACK.search(s) or _CONTINUES.match(s) and _ATTACK.search(
            text, text.rfind("\n", 0, sentence.start) + 1, sentence.start)):
        # (also when the sentence goes on about the one before: "Also, small files are
        # not encrypted" after "the ransomware encrypts …" in its paragraph)
        hits = [x for x in hits if x[2].aspect not in _ATTACK_ASPECTS]
    if not hits:
        if REPORTING.search(s) or sentence.quote_spans:
            # no practice here, but who speaks matters for the next sentence ("She added…")
            voice_of(sentence, 0, lay, text, cast, seen)
        return []
    result = []
    done: set[tuple[str, str]] = set()
    contexts_here = nz.contexts_in(s)
    subject_here = _subject(s, cast)
    # in a text not about data practices a sentence must carry the practice by itself:
    # personal data said to be someone's (`names_personal_data`), and whose practice it is
    # (one of the cast named or spoken of, or the company's own voice). "I'd put my photo
    # online, where anyone could see it", "storing data on the stack" are nobody's practice
    # (a text too short to tell its topic, a statement or a single post, is read as
    # about data: someone chose to check it)
    told = on_topic or doc.words < TELLS_ITS_TOPIC_WORDS
    personal = told or names_personal_data(s)
    named = told or _names_cast(s, cast)
    own_names = {cast.canonical(c) for c in cast.companies}
    for offset, clause, hit in hits:
        voice = voice_of(sentence, hit.cue_start, lay, text, cast, seen,
                         clause=(offset, offset + len(clause)))
        # two clauses may say two things of one aspect ("…encrypted…, and that … not decrypted")
        same = (voice.kind, hit.aspect, hit.polarity, str(hit.values.get("state")))
        if same in done:
            continue
        done.add(same)
        if voice.kind == "finding":
            # values a finding contrasts with the company's claim belong to the claim
            # read again only when the finding's reading differs (a contrast in the clause)
            again = ([h.copy() for h in fresh[offset]] if finding_reads_alike(clause) else
                     aspects_in(clause, kind_hint="finding", companies=companies,
                                on_topic=on_topic))
            refined = [h for h in again if h.aspect == hit.aspect]
            if refined:
                refined[0].cue_start += offset
                hit = refined[0]
        contexts = list(contexts_here)
        for extra in hit.values.pop("context", []):  # a context the aspect reader saw
            if extra not in contexts:
                contexts.append(extra)
        claimant = cast.canonical(voice.claimant) if voice.claimant else None
        if not (personal and (named or voice.kind == "claim" and claimant in own_names)):
            continue
        subject = _subject_of_clause(clause, hit.cue_start - offset, cast) or subject_here
        if voice.kind == "claim" and claimant and claimant != cast.main and claimant in s:
            subject = claimant  # another company speaking about its own practice
        # the company data goes to, or the host it is kept on, is not the one whose
        # practice it is ("…is sent to Branch, Mixpanel and Facebook": the app's maker's)
        receiving = {cast.canonical(r) for key in ("recipients", "operators")
                     for r in hit.values.get(key) or []}
        if subject and cast.canonical(subject) in receiving:
            subject = cast.main if cast.main and cast.canonical(cast.main) not in receiving \
                else None
        if hit.aspect == "third_party_sharing" and not hit.values.get("purpose_kinds") and \
                doc.ad_firms.intersection(hit.values.get("recipients") or []):
            # "…sent it to Adlytic" where the text calls Adlytic an advertising firm
            hit.values["purpose_kinds"] = ["advertising"]
        result.append(Statement(
            kind=voice.kind, aspect=hit.aspect, polarity=hit.polarity, text=s,
            start=sentence.start, end=sentence.end, speaker=voice.speaker, claimant=claimant,
            subject=subject, context=contexts, values=hit.values,
            reported=voice.reported))
    return result
