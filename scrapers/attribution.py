"""Who is speaking: the company (a claim) or someone else (a finding).

The decision follows how news text attributes words: a statement block ("The
statement reads:"), a quotation and the words around it (", the company said"),
the nearest reporting verb and its subject ("researchers found", "according to
the company's privacy page"), and, without any of these, the outlet's own voice
(a finding) — unless the outlet is the company itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from scrapers import normalise as nz
from scrapers.gate import Gated
from scrapers.organisations import (
    COMPANY_ROLE,
    COMPANY_WE,
    NOT_NAMES,
    ORG_WORDS,
    OTHER_ROLE,
    RESEARCHER_WE,
    Cast,
    outlets_and_regulators,
    strip_possessive,
)
from scrapers.sentences import Layout, Sentence

REPORTING = re.compile(
    r"\b(?:said|says|say|saying|stated|states|state|claims|claimed|claiming|claim|told|tells|"
    r"insisted|insists|announced|announces|maintains|maintained|denied|denies|argues|argued|"
    r"noted|notes|added|explained|wrote|writes|reported|reports|found|finds|find|revealed|reveal|"
    r"reveals|showed|shows|demonstrated|confirmed|confirms|noticed|observed|discovered|"
    r"identified|verified|verify|alleged|alleges|promised|promises|assured|assures|"
    r"acknowledged|acknowledges|admitted|admits|concluded|determined|pointed to|points? out|"
    r"pointed out|suggests|refuted|refutes|rejected|rejects|disputed|disputes|responded|"
    r"countered|asserted|asserts|clarified|clarifies|stressed|emphasi[sz]ed|contended|contends|"
    r"reiterated|reiterates|explains|pledged|pledges|vowed|vows|guaranteed|guarantees|"
    r"promising|assuring|pledging|insisting|vowing|telling|testified|testifies|declared|"
    r"declares|conceded|concedes|affirmed|affirms|reassured|reassures|boasted|boasts|"
    r"tweeted|tweets|replied|commented|defended|defends|defending|justified|justifies|"
    # a party's case in court: "Korvo's motion rested on the notion that tenants agreed"
    r"(?:hinged|hinges|rested|rests|relied|relies) on the (?:idea|argument|claim|premise|"
    r"assertion|notion) that|"
    # the noun of a promise, with what was promised after it: "assurances from Korvo
    # that …", "Korvo's promise that …", "its pledge to never sell …"
    r"(?:assurances?|promises?|pledges?|guarantees?|insistence|vows?)(?=\s+(?:(?:from|by|of)"
    r"\s+[^.;:]{1,60}?\s+)?(?:that|to)\b)|"
    r"warned|suggest|show|indicate[sd]?|"
    # "The statement reads:", not "the app does not read your contacts"
    r"(?:statement|post|letter|message|note|email|notice|page|policy|label) reads?|"
    r"reads?(?=\s*[:“\"])|"
    r"according to|"
    # "Per Korvo's privacy policy, …" (not "per cent", "per user", "per day")
    r"per(?= (?:the |its |their |his |her |[A-Z][\w&'’-]*['’]s )?(?:[\w-]+ )?(?:policy|terms|"
    r"statement|website|filings?|complaint|report|documentation|FAQ|blog|announcement|notice|"
    r"lawsuit|study|analysis|findings|research|audit|investigation)\b)|"
    r"is said to|was said to|were said to|fears?|feared|believes?|warns?|"
    r"(?:is|are|was|were) (?:marketed|advertised|promoted|billed|touted)|"
    r"describ(?:es|ed|ing) (?=(?:[\w'’-]+ ){0,4}as\b)|"
    r"advertis(?:es|ed) (?:itself|themselves|it)|(?:markets|bills|promotes|presents) "
    r"(?:itself|themselves)|touts?)\b", re.I)
_PASSIVE_FINDING = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", re.I)
_FINDING_VERBS = {"found", "revealed", "shown", "showed", "discovered", "observed", "reported",
                  "identified", "verified", "confirmed"}
_PERSONAL_PRONOUN = re.compile(r"(?:he|she)(?: also| further| later| then)?", re.I)
# the company, or its product speaking through it ("the app told the newspaper")
_PRONOUN_COMPANY = re.compile(r"^(?:it|they|the firm|the company|company|the (?:app|service|"
                              r"platform|browser|startup|start-up|maker|developer))\b", re.I)


@dataclass
class Voice:
    kind: str                   # "claim" | "finding"
    speaker: str | None
    claimant: str | None
    reported: bool = False


_AFTER_QUOTE = re.compile(r"[”\"’]\s*,?\s*$")
_CLAUSE_EDGE = re.compile(r"[,;:“”\"(—–]|\b(?:that|which|as|but|while|and|"
                          r"because|since|after|when)\b")
_APPOSITIVE = re.compile(r"(?:^|[.;:“”\"]\s*|^(?:However|But|And|Meanwhile|Still|Yet|Now),\s+)"
                         r"([A-Z][\w'’&-]*(?: [A-Z][\w'’&-]*){0,3}), "
                         r"(?:(?:the|a|an|its|who|whose|which|[A-Z][\w&-]*['’]s) |"
                         # a bare role: "Dana Ruiz, director of the …, said"
                         r"(?=(?:[a-z][\w-]* ){0,2}(?:director|officer|head|chief|spokes\w+|"
                         r"president|founder|manager|professor|researcher|analyst|engineer|"
                         r"lawyer|attorney|partner|fellow|lecturer|editor)\b))"
                         r"(?:[^,]|,(?=\d)){3,120},\s*$")
_ANY_WORD = re.compile(r"\w")
_PROMISE_NOUN = re.compile(r"(?:assurances?|promises?|pledges?|guarantees?|insistence|vows?)",
                           re.I)
# Who gave the promise: "from/by Korvo" after the noun, or "Korvo's" / "its" before it.
_PROMISE_FROM = re.compile(r"\s+(?:from|by|of)\s+([^.;:]{1,60}?)\s+(?:that|to)\b")
_PROMISE_HOLDER = re.compile(r"(?:(?P<name>[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,3})['’]s?|"
                             r"(?P<pronoun>its|their|the company['’]s|the firm['’]s))"
                             r"(?:\s+[\w-]+){0,3}\s+$")
# What a source has in hand without being a source that speaks: leaked recordings, internal
# documents. Who reports them is the finding's source ("recordings obtained by X show").
_LEAKED = re.compile(r"\b(?:leak(?:ed|s)?|obtained by|recordings?|tapes|transcripts?|footage|"
                     r"internal (?:documents?|messages|e-?mails?|memos?|meetings?|"
                     r"communications|chats))\b", re.I)
_BARE_NAME = re.compile(r"(?:[A-Z][\w'’.-]*\s*){1,3}")
_ROLE_EDGE = re.compile(r"[;:“”\"(—–]|,\s*(?=[“\"])")


# Words that join a sentence to the one before and name nobody: "But he said", "However,
# it claims", "And the company insisted" speak through "he", "it", "the company".
_CONNECTIVE = re.compile(r"^(?:(?:but|however|and|yet|still|so|also|meanwhile|instead|now|while|"
                         r"initially|originally|earlier|previously|later|subsequently|separately|"
                         r"eventually|afterwards|"
                         r"although|though|whereas|even though|"
                         r"then|indeed|moreover|furthermore|nevertheless|in addition|in turn|"
                         r"at the same time|for (?:its|their|his|her) part)\b,?\s+)+", re.I)


def _subject_before(sentence: str, verb_start: int) -> str:
    """The words naming who speaks, before a reporting verb, back to a clause edge,
    without a connective that opens them. An appositive ("a spokesperson, Jane Roe,
    said") is read whole."""
    phrase = _subject_phrase(sentence, verb_start)
    inner = [m for m in REPORTING.finditer(phrase) if m.end() < len(phrase)]
    if inner and re.match(r"\s+[A-Z]", phrase[inner[-1].end():]):
        # "The regulator says Norvik promised …": who promised is the name after "says"
        phrase = phrase[inner[-1].end():].strip()
    return _CONNECTIVE.sub("", phrase)


def _subject_phrase(sentence: str, verb_start: int) -> str:
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
def _media_re() -> re.Pattern[str]:
    """Any of `outlets_and_regulators()` as a whole word (one search instead of one per name)."""
    names = sorted(outlets_and_regulators())
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


# A statement as the source: "a statement", "an emailed response", "its reply"
_STATEMENT_NOUN = re.compile(r"(?:(?:a|an|the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,2}?"
                             r"(?:statement|e-?mail|response|reply)s?\b", re.I)
_TO_RECIPIENT = re.compile(r"\s+(?:(?:sent|given|provided|emailed|made|issued)\s+)?to\s+.*$",
                           re.I)


def classify_speaker(phrase: str, cast: Cast) -> tuple[str | None, str | None]:
    """("company"|"other"|None, a name for the speaker) for a subject phrase."""
    p = phrase.strip()
    if not p or re.fullmatch(r"(?:These|This|Those|They|Some|Many|Most|Such)", p):
        return None, None
    person = cast.person_in(p)
    if person:
        return cast.people[person], person
    if _LEAKED.search(p):
        return "other", p
    if _STATEMENT_NOUN.match(p):
        # "according to a statement sent to Tech Daily": a statement is the company's
        # unless it names another source ("a statement from the regulator"); the outlet
        # it was sent to is its recipient
        source = _TO_RECIPIENT.sub("", p)
        named = next((c for c in cast.companies if re.search(r"\b" + re.escape(c), source)),
                     None)
        if named:
            return "company", named
        if is_outlet(source, cast) or OTHER_ROLE.search(source):
            return "other", source
        return "company", None
    if is_outlet(_TO_RECIPIENT.sub("", p), cast):
        return "other", p
    low = p.lower()
    if re.search(r"\b(?:we|our|us)\b", low):
        if cast.own_voice or cast.first_person == "company":
            return "company", cast.publisher if cast.own_voice else None
        return "other", cast.publisher
    company_named = next((c for c in cast.companies if re.search(r"\b" + re.escape(c), p)), None)
    other_role, company_role = OTHER_ROLE.search(p), COMPANY_ROLE.search(p)
    if other_role and (not company_role or other_role.start() < company_role.start()):
        # the head noun comes first: "the certification body listed on its website"
        return "other", p
    if company_role and not company_named and _BODY_NAMED.search(p):
        return "other", p  # "director of the Council on Foreign Policy": a body's officer
    if COMPANY_ROLE.search(p) and (company_named or re.search(r"\b(?:the|its|a|an)\b", low)
                                    or not OTHER_ROLE.search(p)):
        return "company", p
    if company_named and not OTHER_ROLE.search(p):
        return "company", company_named
    if _PRONOUN_COMPANY.match(low):
        return "company", None
    if re.match(r"[A-Z]", p):
        return "other", p
    return None, None


def is_outlet(phrase: str, cast: Cast) -> bool:
    """Whether `phrase` names a news organisation: a known one, one the text names
    ("Ledger News"), or a description ("the outlet", "the newspaper")."""
    return bool(_media_re().search(phrase) or _OUTLET_NOUN.search(phrase)
                or any(o in phrase for o in cast.outlets))


# A body named in a role: "director of the Kestrel Institute", "head of research at the
# Council on …" (capitalised: a body's name, not the company's "board").
_BODY_NAMED = re.compile(r"\b(?:of|at|for) (?:the )?(?:[A-Z][\w&-]* ){0,4}(?:Center|Centre|"
                         r"Institute|University|Foundation|Commission|Authority|Agency|Council|"
                         r"Association|Alliance|Coalition|Society|Federation|Bureau|Court|"
                         r"School|College|Academy|Committee|Program|Programme)\b")
_OUTLET_NOUN = re.compile(r"\b(?:outlets?|newspapers?|news (?:site|website|agency|"
                          r"organi[sz]ation|service)s?|tabloids?|broadcasters?|magazines?)\b",
                          re.I)


# What makes "promise" a noun ("its promise", "earlier assurances", "a pledge"), not a verb
# ("Korvo promises to …", which is read as any verb of saying).
_NOUN_BEFORE = re.compile(r"(?:\b(?:a|an|the|its|their|his|her|of|with|despite|such|these|"
                          r"those)|['’]s?)\s+(?:(?:earlier|previous|prior|past|repeated|public|"
                          r"own|broken|explicit|written|original|many|several|firm|clear|"
                          r"stated)\s+)?$|\b(?:earlier|previous|prior|past|repeated|public)\s+$",
                          re.I)
# A promise said to be broken: what the sentence asserts is that the practice happened.
_BROKEN = re.compile(r"\b(?:break\w*|broke|broken|breach\w*|violat\w*|betray\w*|renege\w* on|"
                     r"went back on|go(?:es|ing)? back on)\s+(?:(?:a|an|the|its|their|his|her|"
                     r"[\w'’]+['’]s)\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# "claims" that someone settles or faces are allegations against the company.
_ALLEGATIONS = re.compile(r"\b(?:settle[sd]?|settling|fac(?:e|es|ed|ing)|resolv\w+|over|"
                          r"class-action|legal)\s+(?:the\s+)?$", re.I)


def _promise_holder(text: str, m: re.Match[str], cast: Cast) -> tuple[str | None, str | None]:
    """Whose promise the noun `m` is: named after it ("assurances from Korvo that"), before
    it ("Korvo's promise", "its pledge"), else the company the story is about."""
    after = _PROMISE_FROM.match(text, m.end())
    if after:
        side, who = classify_speaker(after.group(1), cast)
        return (side, who) if side else ("company", None)
    before = _PROMISE_HOLDER.search(text[:m.start()])
    if before and before.group("name"):
        side, who = classify_speaker(strip_possessive(before.group("name")), cast)
        return (side, who) if side else ("company", None)
    return "company", None


def side_of_verb(text: str, m: re.Match[str], cast: Cast, cue_after: bool = False,
                 last_side: str | None = None) -> tuple[str | None, str | None]:
    """Who speaks through the reporting verb `m` in `text`."""
    verb = m.group(0).lower()
    if _PROMISE_NOUN.fullmatch(verb) and (_NOUN_BEFORE.search(text, 0, m.start())
                                          or _PROMISE_FROM.match(text, m.end())):
        if _BROKEN.search(text, 0, m.start()):
            return None, None  # "by breaking a promise to not share …": it shared
        return _promise_holder(text, m, cast)
    if verb in _PROMISE_VERBS and _NEGATED_SAYING.search(text, 0, m.start()):
        # "Korvo never told users that it collects…": what it did not say is no claim
        return None, None
    if verb in ("reports", "findings") and re.match(r"\s+(?:from|by|in|of)\s", text[m.end():]):
        # "Yesterday, reports from Ledger News provided…": the noun, with its source after
        after = m.end() + len(re.match(r"\s+\w+", text[m.end():]).group(0))
        named = re.match(r"\s+((?:the )?[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*)*)", text[after:])
        return classify_speaker(named.group(1) if named else _speaker_after(text, after), cast)
    if verb in ("claims", "claim") and _ALLEGATIONS.search(text, 0, m.start()):
        # "to settle claims it shared …": allegations against it, by whoever else the
        # sentence names (or the outlet)
        return None, None
    if verb.split()[-1] in ("marketed", "advertised", "promoted", "billed", "touted", "itself",
                            "themselves", "tout", "touts") or verb.startswith("advertis"):
        return "company", None
    if re.fullmatch(r"(?:statement|post|letter|message|note|email|notice|page|policy|label) "
                    r"reads?", verb):
        # "The statement reads:": the company's own text, unless an outlet's or a body's
        whose = _subject_before(text, m.start()) + " " + verb.split()[0]
        if is_outlet(whose, cast) or OTHER_ROLE.search(whose):
            return "other", whose.strip()
        return "company", None
    if verb.endswith("said to"):
        return "company", None
    if verb in _FINDING_VERBS and _PASSIVE_FINDING.search(text[:m.start()]):
        return "other", None  # "the company was found to…": a finding about it
    if verb in ("according to", "per"):
        return classify_speaker(_speaker_after(text, m.end()), cast)
    if _PROMISE_GERUND.fullmatch(verb) and MID_CONCESSIVE.search(text[:m.start()] + verb) \
            and MID_CONCESSIVE.search(text[:m.start()] + verb).end() == m.start():
        return "company", None  # "… despite promising users that …": the company's promise
    subj = _subject_before(text, m.start())
    if verb.endswith("ing") and _GERUND_OPENER.fullmatch(text[:m.start()]):
        # "Despite promising users that …, Norvik sold it": who promised is the subject of
        # the main clause, after the comma
        main = _MAIN_SUBJECT.search(text, m.end())
        subj = main.group(1) if main else ""
    if cue_after and _INVERTED.search(text, 0, m.start()) and \
            _NAME_TO_END.fullmatch(text, m.end()):
        # "…had access to it — reports Ledger News.", "…, said Dana Ruiz.": the speaker
        # follows the verb, the words before it are what was said
        subj = _speaker_after(text, m.end())
    if not subj and cue_after:
        subj = _speaker_after(text, m.end())
    if verb in _FINDING_VERBS | {"concluded", "determined", "find", "finds"} and re.match(
            r"(?:it|they|he|she)\b", subj, re.I):
        return "other", subj  # "It also found that…": the investigator named before
    if re.fullmatch(r"(?:he|she|it|they)(?: also| further| later)?", subj, re.I) and last_side:
        # "She added that…", "…, it said": the source named before (a pronoun is resolved
        # to the last speaker, not taken for the company); "it"/"they" stay as the phrase
        # so that the name of that source is found again (`voice_of`)
        return last_side, (subj if re.match(r"it|they", subj, re.I) else None)
    if verb in _REVEALING and _DOCUMENT.search(subj):
        # "its terms and an audit of its code reveal otherwise", "its code
        # shows": what a reader finds in the company's documents or code is a finding,
        # not the company's word
        return "other", subj
    side, who = classify_speaker(subj, cast)
    if side == "other" and not cue_after:
        org = _organisation_speaking_of_itself(subj, text[m.end():], cast)
        if org:
            return "company", org
    return side, who


_INVERTED = re.compile(r"[,—–]\s*$")
_NAME_TO_END = re.compile(r"\s+(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4}\s*[.!]?"
                          r"[”\"]?\s*")


# A concessive opening in another voice: "Despite promising users that …, it sold …"
CONCESSIVE = re.compile(r"(?:Despite|Although|Though|Even though|While) [^,]{3,200},")
# …and one inside the sentence: "The app sent it to Adlytic despite promising users that
# …": what was promised is the company's claim, what was done the finding
_PROMISING = (r"promising|assuring|pledging|vowing|telling|claiming|saying|insisting|"
              r"guaranteeing|stating")
MID_CONCESSIVE = re.compile(r",?\s+(?:despite|even though|although)\s+(?:(?:having|earlier|"
                            r"previously|repeatedly|publicly)\s+)?(?=(?:" + _PROMISING + r")\b|"
                            # "…, despite Korvo's promises that …", "despite its assurances"
                            r"(?:(?:its|their|the company['’]s|[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,2}"
                            r"['’]s?)\s+)?(?:(?:earlier|previous|repeated|public)\s+)?"
                            r"(?:promises?|assurances?|pledges?|guarantees?|claims?)\b)")
# A clause that turns from what was said to what was done: "…promised to keep it private,
# when it actually disclosed it", "…, but in fact it sold it"
CONTRAST = re.compile(r",?\s+(?:when|while|whereas|but|yet)\s+(?:[\w'’-]+\s+){0,3}?"
                      r"(?:actually|in fact|in reality|really)\b|"
                      # "promises to protect privacy but has undisclosed data sharing",
                      # "…, but it did"
                      r",?\s+but\s+(?=(?:(?:it|they|the (?:company|firm|app)) (?:still )?)?"
                      r"(?:has|had|have|does|did|do)\b(?!\s+not\b|n['’]t\b))", re.I)
# A clause that goes on with the same verb of saying: "…promised that A, and that B"
AND_THAT = re.compile(r",?[”\"’]?\s+and that\b")
_PROMISE_GERUND = re.compile(r"(?:" + _PROMISING + r")")
_GERUND_OPENER = re.compile(r"\s*(?:Despite|After|Before|While|Since|Although|Though|Even "
                            r"after|Even while|Besides)\s+", re.I)
_MAIN_SUBJECT = re.compile(r",\s+((?:the |The )?[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}|"
                           r"(?:the|its|their) [\w-]+(?: [\w-]+)?)")


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
    name = strip_possessive(head.group(1))
    if (name in NOT_NAMES or name in cast.people or cast.person_called(name)
            or name in outlets_and_regulators() or name == cast.publisher
            or (cast.publisher and name in cast.publisher)
            or ORG_WORDS.match(name.split()[-1]) and re.search(
                r"(?:Labs?|Institute|University|Commission|Authority|Agency|Office|Board|Court)$",
                name)
            or nz.countries_in(name)):
        return None
    appositive = head.group("app") or ""
    head_noun = re.split(r"\b(?:whose|that|which|who)\b", appositive)[0]
    # "Researchers found it sent…", "Kestrel, the security firm hired by…": a source
    # speaking of the company, not a company speaking of itself
    if OTHER_ROLE.search(name) or OTHER_ROLE.search(head_noun) or \
            OTHER_ROLE.search(subj[head.end(1):head.end(1) + 20]):
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
    qi = layout.quotation_at(abs_cue)
    if qi is not None and (layout.quotations[qi].start <= sentence.start + 1
                           or sentence.start < layout.quotations[qi].start):
        side, who = _quote_voice(layout, text, qi, cast, seen)
        if side:
            return _remember(_voice(side, who, cast, sentence.start), sentence, seen)
    s = sentence.text
    # (matched over the whole sentence: a cue may look ahead, "described … as")
    verbs = [m for m in REPORTING.finditer(s) if not _in_quote(sentence, m.start())]
    before = [m for m in verbs if m.start() <= cue]
    after = [m for m in verbs if m.start() >= cue]
    order = list(reversed(before)) + after
    elided = _elided_attribution(s, cue, cast, before)
    if elided:
        # "…, Ruiz that all data is stored in Canada": a person named, then "that", the
        # verb of saying left out by the writer
        return _remember(_voice(cast.people[elided], elided, cast, sentence.start), sentence,
                         seen)
    opening = CONCESSIVE.match(s)
    if opening and cue >= opening.end():
        # the main clause after "Despite promising …," is not what was promised
        order = [m for m in order if m.start() >= opening.end()]
    if clause:
        inside = [m for m in order if clause[0] <= m.start() < clause[1]]
        if MID_CONCESSIVE.match(s, clause[1]):
            # "…sent it to Adlytic despite promising that …": the promise is not who
            # reports what was done
            order = [m for m in order if m.start() < clause[1]]
        if CONTRAST.match(s, clause[0]):
            # "…promised to keep it private, when it actually disclosed it": the promise
            # before is not what the contrasting clause reports
            order = [m for m in order if m in inside or m.group(0).lower() not in _PROMISE_VERBS
                     and not _PROMISE_NOUN.fullmatch(m.group(0))]
            if not inside and all(m.start() < clause[0] for m in order):
                # "X told users it would not …, but it did": the writer says what was done
                last = seen.get(-1)
                source = last[1] if last and last[1] and sentence.paragraph - last[0] <= 1 \
                    else cast.publisher
                return Voice("finding", None, source)
        elif AND_THAT.match(s, clause[0]):
            # "X promised that A, and that B": B is still what X promised
            governing = [m for m in reversed(before) if m.start() < clause[0]][:1]
            inside = governing + [m for m in inside if m not in governing]
        order = inside + [m for m in order if m not in inside]
    # "…found no evidence of logging, Tunnelo said.": a closing attribution governs the
    # whole sentence, whatever verbs stand inside it
    tail = _TAIL_ATTRIBUTION.search(s)
    if tail:
        closing = [m for m in order if m.start() >= tail.start("verb")][:1]
        inner = [m for m in order if m not in closing and m.start() < cue]
        # …unless what it reports is the company's own word: "The company told its users
        # it would…, and it promised to never share…, the FTC said" reports promises,
        # which are the company's claims
        for m in inner:
            side, who = side_of_verb(s, m, cast, cue_after=False,
                                     last_side=(seen.get(-2) or (None, None))[1])
            if side == "company" and m.group(0).lower() in _PROMISE_VERBS:
                v = _voice(side, who, cast, sentence.start)
                v.reported = True
                return _remember(v, sentence, seen)
        order = closing + [m for m in order if m not in closing]
    for m in order:
        verb = m.group(0).lower()
        side, who = _person_meant(s, m, sentence, cast, seen)
        if side is None:
            side, who = side_of_verb(s, m, cast, cue_after=m.start() > cue,
                                     last_side=(seen.get(-2) or (None, None))[1])
        if side == "other" and who and _LEAKED.search(who) and not _BY_NAME.search(who):
            # "Ledger News reported that leaked recordings show …": the recordings are
            # what the source has; the source is who reports them (else the one before)
            who = _outer_reporter(s, m, cast) or (seen.get(-1) or (None, None))[1]
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
    we = COMPANY_WE.search(s) or (cast.first_person == "company" and _ANY_WE.search(s))
    if we and not _in_quote(sentence, we.start()) and not RESEARCHER_WE.search(s):
        # "We never shared your phone number", "we use this information to…" outside any
        # quotation: the company's own statement, republished or quoted as a block (a
        # newsroom's "we" reaches out and asks; a research team's "we" found and tested)
        return _remember(Voice("claim", None, claimant), sentence, seen)
    # no attribution: the outlet's own voice, or the source named just before
    # ("Researchers found X. The data was also sent to Y." — Y is theirs too)
    # ("Jain said X. All data is encrypted." — the statement goes on in the company's voice)
    # but not the outlet weighing it up ("Companies could…", "X does appear to…") nor a
    # sentence with a source of its own ("our reporters saw…")
    paragraph, end, said = seen.get(-3) or (0, 0, None)
    if said and said.kind == "claim" and _goes_on(text[end:sentence.start], cast) and \
            sentence.paragraph - paragraph <= 1 and not _OUTLET_WEIGHS.search(sentence.text) \
            and not OTHER_ROLE.search(sentence.text):
        return Voice("claim", said.speaker, said.claimant)
    if _announces_plan(s, cast) and not REPORTING.search(s):
        # "It will now add encryption…", "The company plans to delete…": what a company
        # will do is its own announcement, whoever passes it on
        return _remember(Voice("claim", None, claimant), sentence, seen)
    last = seen.get(-1)
    if last and sentence.paragraph - last[0] <= 1 and last[1]:
        return Voice("finding", None, last[1])
    return Voice("finding", None, cast.publisher)


_NAME_THAT = re.compile(r"(?:^|,\s+)([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}) that\b")


def _elided_attribution(s: str, cue: int, cast: Cast, before: list) -> str | None:
    """A person of the cast followed by "that", before the cue and after any reporting
    verb, with no verb between: the person whose words follow."""
    for m in _NAME_THAT.finditer(s, 0, cue):
        person = cast.person_called(m.group(1)) or (m.group(1) in cast.people and m.group(1))
        if person and not any(v.start() > m.start() for v in before):
            return person
    return None


_NEGATED_SAYING = re.compile(r"\b(?:never|not|n['’]t|failed to|without)\s+(?:\w+ly\s+)?$", re.I)
_BY_NAME = re.compile(r"\bby (?:[a-z][\w-]* ){0,3}[A-Z]")


def _outer_reporter(s: str, m: re.Match[str], cast: Cast) -> str | None:
    """The named source of a reporting verb before `m` in `s` ("Ledger News reported
    that …"), when that source is not the company."""
    for outer in reversed(list(REPORTING.finditer(s, 0, m.start()))):
        side, who = side_of_verb(s, outer, cast)
        if side == "other" and who and not _LEAKED.search(who):
            return who
    return None


_PLAN_OPENER = re.compile(r"^(?:(?:Hence|So|Now|Therefore|Thus|Instead|Going forward|In (?:the )?"
                          r"future|Soon),?\s+)?"
                          r"(?P<subject>it|they|[A-Z][\w&'’-]*(?: [a-zA-Z][\w&'’-]*)?)"
                          r"\s+(?:(?:now|also|soon)\s+)?(?:will|plans? to|intends? to|has planned "
                          r"to|is planning to|is going to|has promised to|has pledged to)\b")


def _announces_plan(s: str, cast: Cast) -> bool:
    """Whether `s` says what the company will do, the company as its subject ("It will
    now…", "The company plans to…", "Norvik will…")."""
    m = _PLAN_OPENER.match(s)
    if not m:
        return False
    subject = m.group("subject")
    return bool(re.fullmatch(r"it|they|the (?:company|firm|app|service|platform|startup)",
                             subject, re.I) or cast.canonical(subject) == cast.canonical(
        cast.main or "") and subject in cast.companies)


_REVEALING = {"reveal", "reveals", "revealed", "show", "shows", "showed", "demonstrated",
              "indicate", "indicates", "indicated", "suggest", "suggests"}
# what reveals without speaking: documents, and the app or device itself ("the app reveals
# the MAC address" is the app leaking it)
_DOCUMENT = Gated(re.compile(r"\b(?:policy|policies|terms|documentation|code|filings?|"
                             r"records|documents|analysis|data|apps?|software|browsers?|"
                             r"extensions?|devices?|SDKs?|firmware)\b", re.I))
# What a company tells its users: reported by someone else, still the company's claim.
_PROMISE_VERBS = {"told", "tells", "telling", "promising", "assuring", "pledging", "vowing",
                  "promised", "promises", "assured", "assures", "pledged",
                  "pledges", "vowed", "vows", "guaranteed", "guarantees", "claimed", "claims",
                  "stated", "states", "said", "says", "insisted", "insists", "maintained",
                  "maintains", "announced", "announces", "advertised", "marketed"}
_ANY_WE = re.compile(r"\b(?:we|We|us|our|Our)\b")

# Hedges and emphatic "does" mark the writer's own assessment, not the company's words
# ("does not" is the company's denial going on, not emphasis).
_OUTLET_WEIGHS = Gated(re.compile(r"\b(?:could|might|may|appears?|seems?|potentially|"
                                  r"supposedly|indeed|in fact|actually)\b|"
                                  r"\b(?:does|do|did)\b(?!\s+not\b)", re.I))


_TAIL_ATTRIBUTION = Gated(re.compile(
    r",\s+(?:(?:the|a|an|its)\s+)?(?:[\w'’-]+\s+){0,4}?(?P<verb>said|says|added|stated|"
    r"claimed|claims|insisted|maintained|told\s+[\w’' ]{2,40})(?:\s+(?:on|in|last)\s+[\w ]+)?"
    r"\s*\.?$"))


def _goes_on(between: str, cast: Cast) -> bool:
    """Whether a company's statement can go on across `between`: nothing, or one short
    sentence in the same paragraph that stays on the company's subject and names no
    other source ("Mehta said X. It is the most used browser. All data is encrypted.");
    not the outlet turning to something else ("The weather was mild.")."""
    gap = between.strip()
    if not gap:
        return True
    on_subject = _SAME_SUBJECT.match(gap) or any(
        n in gap for n in [*cast.companies, *cast.products])
    return bool(on_subject and "\n\n" not in between
                and len(re.findall(r"[.!?](?:\s|$)", gap)) <= 1 and len(gap) < 200
                and not REPORTING.search(gap) and not OTHER_ROLE.search(gap))


_SAME_SUBJECT = re.compile(r"(?:It|Its|They|Their|This|These|The (?:app|browser|company|"
                           r"firm|service|phone|device|platform|product)s?)\b")


def _person_meant(s: str, m: re.Match[str], sentence: Sentence, cast: Cast,
                  seen: dict) -> tuple[str | None, str | None]:
    """Who "he" or "she" before the reporting verb `m` is: the person named last before
    this sentence, when named after the last source that spoke ("Researchers found X.
    Dana Ruiz is Norvik's chief technology officer. But he said…": Dana Ruiz, for
    Norvik); (None, None) when the last source spoke since, or nobody was named."""
    if not _PERSONAL_PRONOUN.fullmatch(_subject_before(s, m.start())):
        return None, None
    mention = cast.person_mention_before(sentence.start)
    last = seen.get(-3)
    if mention is None or (last is not None and mention[0] <= last[1]):
        return None, None
    return cast.people[mention[1]], mention[1]


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
                      r"earlier|again|independently|can|could|has|have|had|will|would|not|never|"
                      r"did|does|do|cannot))+$", re.I)
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
    found = cast.mentions(person)
    if not found:
        return None
    at = found[0]
    start = max(cast.text.rfind(".", 0, at), cast.text.rfind("\n", 0, at)) + 1
    end = re.search(r"[.\n]|$", cast.text[at:]).start() + at
    role = cast.text[start:end]
    m = _AFFILIATION.search(role)
    if m:
        return m.group(1).strip()
    if _LED_THE_STUDY.search(role):
        last = cast.last_match_before(_RESEARCH_ORG, start)
        if last:
            return last.group(0).strip()
    return None


def reporter_name(phrase: str | None, cast: Cast, pos: int) -> str | None:
    """Who reports a finding, as a name: "The lab also" -> the last lab named before
    `pos`; "A separate analysis by Greyfin Labs" -> "Greyfin Labs"; "her analysis" ->
    the last researcher named."""
    if not phrase:
        return None
    p = _ADVERBS.sub("", phrase.strip(" ,"))
    if p in NOT_NAMES or p.lower() in ("you", "we", "i", "one", "someone", "some"):
        return None  # "Yesterday, …", "You …": no source named
    names = [n for n in re.findall(r"(?<![\w'’])(?:[A-Z][\w&'’.-]*)(?: (?:of |for |de )?"
                                   r"[A-Z][\w&'’.-]*)*", p)
             if strip_possessive(n) not in NOT_NAMES
             and not re.fullmatch(r"(?:The|A|An|According|It|Its|Her|His)", n)
             and not OTHER_ROLE.fullmatch(n)  # "Researchers" opening a sentence is no name
             and not nz.countries_in(n)]  # "court filings in Arizona" are not Arizona's
    if names:
        name = re.sub(r"^(?:The|A|An) ", "", strip_possessive(max(names, key=len)))
        person = cast.person_called(name, "other")
        if person:
            return affiliation(person, cast) or person
        return name
    if _OUTLET_NOUN.search(p):
        # "the outlet", "the newspaper": the news organisation named last before
        names = sorted(cast.outlets | nz.media_names(), key=len, reverse=True)
        last = cast.last_match_before(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", pos)
        return last.group(0) if last else p
    head = re.findall(r"[a-z]+", p.lower())
    noun = next((w for w in reversed(head) if w in _REPORTER_NOUNS), None)
    if noun is None and head and head[0] in ("it", "they", "she", "he", "her", "his", "their"):
        noun = "researcher" if head[0] in ("she", "he", "her", "his") else "researchers"
    if noun is None:
        return p or None
    if noun in ("researcher", "analysis"):
        person = cast.person_named_last_before(pos, side="other")  # the researcher
        if person:
            return affiliation(person, cast) or person
    suffix = _REPORTER_NOUNS[noun]
    if suffix:
        org = (r"(?:[A-Z][\w&'’-]*\s){1,4}(?:" + suffix + r")\b"
               r"(?: (?:of|for)(?: [A-Z][\w&'’-]*)+)?")
        last = cast.last_match_before(org, pos)
        if last:
            return last.group(0).strip()
        # "…, according to a study published on Tuesday. Researchers at the X Lab…":
        # the source is named in the next sentences
        ahead = re.search(org, cast.text[pos:pos + 400])
        if ahead and noun in ("study", "report", "researchers", "team"):
            return ahead.group(0).strip()
    return p


_DEFINITE_COMPANY = re.compile(
    r"(?:the|The) (?:[\w-]+ ){1,3}(?:company|firm|start-?up|maker|provider|developer|vendor|"
    r"operator|platform)(?: also| further| later)?")


def _last_company_before(cast: Cast, pos: int) -> str | None:
    """The company of the cast named last before `pos`."""
    last = {c: max((a for a in cast.mentions(c) if a < pos), default=-1)
            for c in cast.companies}
    best = max(last, key=last.get, default=None)
    return best if best and last[best] >= 0 else None


def _voice(side: str, who: str | None, cast: Cast, pos: int = 0) -> Voice:
    if who:
        who = _ADVERBS.sub("", who.strip(" ,")) or None
    if side == "company":
        speaker = who if who and who not in cast.companies else None
        claimant = cast.main
        if who and who in cast.companies or (who and who not in cast.people and re.fullmatch(
                r"[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,3}", who) and who not in cast.products
                and not COMPANY_ROLE.search(who)):
            claimant = who  # a company speaking for itself, not for the story's main company
            speaker = None
        elif who and _DEFINITE_COMPANY.fullmatch(who):
            # "the Oslo-based company", "the firm": the company named last before
            claimant = _last_company_before(cast, pos) or claimant
            speaker = None
        return Voice("claim", speaker, claimant)
    name = reporter_name(who, cast, pos)
    return Voice("finding", who, name or cast.publisher)
