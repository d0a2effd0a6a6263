"""Which aspects of a data practice a sentence speaks about, with polarity and values.

Each aspect has cue patterns (words that signal it) and a value reader. The cues
are linguistic rules, written here so they can be read and argued with; the facts
the values are normalised against live in `scrapers/data/` (see `normalise`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from scrapers import normalise as nz
from scrapers.gate import Gated


@dataclass
class AspectHit:
    aspect: str
    cue_start: int                  # offset of the cue in the sentence
    polarity: str
    values: dict[str, list[str] | str] = field(default_factory=dict)

    def copy(self) -> AspectHit:
        """A copy to change apart from this one (its value lists too)."""
        return AspectHit(self.aspect, self.cue_start, self.polarity,
                         {k: list(v) if isinstance(v, list) else v for k, v in self.values.items()})


def _re(pattern: str) -> Gated:
    """A cue pattern (case-insensitive), searched only in texts holding its literals."""
    return Gated(re.compile(pattern, re.I))


SERVER = r"servers?|data ?cent(?:er|re)s?|cloud|hosting|hosted|infrastructure"
_LOCATION_VERB = _re(
    r"\b(?:stor(?:e|es|ed|ing)|host(?:s|ed|ing)?|kept|keeps?|stays?|resides?|located|"
    r"process(?:ed|es|ing)?|transfer(?:s|red|ring)?|sen[dt]s?|sending|relay(?:s|ed|ing)?|"
    r"rout(?:e|es|ed|ing)|transmi(?:t|ts|tted|tting|ssion)|deliver(?:s|ed|ing)?|"
    r"upload(?:s|ed|ing)?|flows?|connect(?:s|ed|ing)?|distribut(?:e|es|ed|ing)|went|goes|"
    r"travel(?:s|led|ed|ling)?|end(?:s|ed)? up|go(?:es)? through|pass(?:es|ed)? through)\b")
# Data that does not leave a country stays in it: "recordings never leave India"
_LEAVES = _re(r"\b(?:leave|leaves|left|leaving) (?P<place>(?:the )?(?-i:[A-Z])[\w.]*"
              r"(?: (?-i:[A-Z])[\w.]*)?)")
_SERVER = _re(r"\b(?:" + SERVER + r")\b")
_SERVER_PLACE = _re(r"\b(?:servers?|data ?cent(?:er|re)s?)\b(?: \w+){0,3} (?:in|from|at|located|"
                    r"based|run|runs|rented|operated|hosted)\b")
_PEOPLE = r"(?:users|customers|consumers|citizens|subscribers)"
_USERS_OF = re.compile(
    r"(?:\b(?:" + _PEOPLE[3:-1] + r"|#?\w*[Ff]ans|people)\s+(?:in|from|of)\s+(?:the\s+)?"
    r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)|(?:\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s+" + _PEOPLE + ")")
# Places that say where a company sells, where a phone was bought or what an institution is
# called, not where data goes: "sold mainly in India", "the University of Munich",
# "the Berlin data protection authority", "a Shenzhen-based firm".
_PLACE = r"(?:the )?(?-i:[A-Z])[\w.]*(?: (?-i:[A-Z])[\w.]*)?"
_NOT_A_DATA_PLACE = _re(
    # ("servers based in Iceland" is a data location: "based" counts only after a company word)
    r"\b(?:(?:company|firm|start-?up|maker|developer|brand|business|group) )?(?<!servers )"
    r"(?<!server )(?:sold|sells|selling|available|headquartered|founded|bought|purchased|popular|"
    r"launched|listed|registered|incorporated|manufactured|made|assembled|designed|operat(?:es|ing))"
    r"(?: (?:mainly|mostly|only|also|widely|chiefly|largely|primarily))? in " + _PLACE
    + r"(?:(?:,| and| or)+ " + _PLACE + r")*|"
    r"\b(?-i:University|Institute|College|Court|School|Ministry|Department|Office|Commission|"
    r"Authority|Agency|Bank|Academy) (?:of|for) " + _PLACE + r"|"
    r"\b" + _PLACE + r"(?:['’]s)? (?:(?:data protection|privacy|consumer|competition|state|"
    r"federal|district) )?(?:authority|regulator|commission|court|watchdog|prosecutors?|police|"
    r"government|ministry|parliament|lawmakers|laws?|rules|regulations)\b|"
    r"\b(?-i:[A-Z])[\w.]*-based\b(?! (?:[\w-]+ )?(?:servers?|data ?cent(?:er|re)s?|cloud|hosting))|"
    r"\b(?:company|firm|start-?up|maker|developer|brand|business|group) based in " + _PLACE)
_BASED_SERVER = _re(r"-based(?= (?:[\w-]+ )?(?:servers?|data ?cent(?:er|re)s?|cloud|hosting)\b)")
_LOCAL = _re(r"\b(?:locally|in the country|on ?shore|within (?:the|its|their) borders|"
             r"abroad|overseas)\b")

_ENCRYPTION = _re(
    r"\b(?:encrypt\w*|unencrypted|decrypt\w*|E2EE?|end[- ]to[- ]end|TLS|SSL|HTTPS|AES[- ]?\d*|"
    r"ciphers?|over (?:plain )?HTTP\b(?!S)|"
    r"crypto(?:graphy|graphic)?|plain ?text|in the clear|base[- ]?64|encod(?:ed|ing)|hashed)\b")
# what travels encrypted or not, when no data is named: "connections use HTTPS"
_ENC_CARRIER = _re(r"\b(?:traffic|connections?|requests|communications?|transmissions?|"
                   r"uploads?|transfers?)\b")
# encryption words that only ever speak of data ("an end-to-end solution" does not)
_ENC_STRONG = _re(r"\b(?:encrypt\w*|unencrypted|decrypt\w*|E2EE?|ciphers?|AES[- ]?\d*|"
                  r"cryptograph\w*|hashed)\b")
_KEYS_TRAVEL = _re(r"\b(?:(?:meeting |session )?encryption keys?|keys? used to (?:en|de)crypt"
                   r"(?: and (?:en|de)crypt)?)\b")
_ENC_WEAK = _re(r"\b(?:weak\w*|frivolous|flawed|broken|insecure|poor|outdated|deprecated|"
                r"roll(?:ed|ing)? (?:their|its) own|ECB|MD5|SHA-?1|easily (?:decrypted|cracked))\b")
_ENC_ENCODED = _re(r"\b(?:base[- ]?64|encod(?:ed|ing)|obfuscat\w*)\b")
_ENC_NONE = _re(r"\b(?:unencrypted|in the clear|plain ?text|without (?:any )?encryption|"
                r"over (?:plain )?HTTP\b(?!S))")
# Who holds the keys decides whether encryption is end-to-end.
_COMPANY_HOLDS_KEYS = _re(
    r"\b(?:(?:servers?|company|firm|it|they|we) (?:\w+ )?(?:held|holds|hold|had|has|have|keeps?|"
    r"kept|generat(?:e|es|ed)|stor(?:e|es|ed)) (?:the |all |every |its |their )?(?:(?:encryption|"
    r"meeting|session|decryption|private) )?keys|(?:can|could|is able to|are able to|cannot|"
    r"can't|could not|couldn't|never) (?:\w+ )?decrypt)\b")
_ENC_E2E = _re(r"\b(?:E2EE?|end[- ]to[- ]end)\b")

_ANON = _re(
    r"\b(?:anonymi[sz]\w*|anonymity|anonymous\w*|de-?anonymi[sz]\w*|re-?identif\w*|pseudonym\w*|"
    r"identifiable|(?:personal )?identif(?:ying|ication) information|"
    r"identify (?:you|them|people|someone|(?:a |the |any |an )?(?:[\w-]+ ){0,2}(?:users?|"
    r"individuals?|persons?|"
    r"customers?|child(?:ren)?|owners?|patients?|riders?|members?))|"
    r"(?:came|comes|come|carried|carries|carry|included|includes|labell?ed|tagged|linked|tied) "
    r"(?:with|to) (?:the |a |each |their )?(?:user['’]s |owner['’]s |customer['’]s |person['’]s |"
    r"child['’]s |rider['’]s )?(?:first |full |real )?(?:name|email|e-mail|phone number|postcode|"
    r"home address)|"
    r"(?:browser |device )?fingerprint(?:ing|s|ed)?|"
    # "ad networks can combine such scraps into a detailed profile of each owner"
    r"combin(?:e|es|ed|ing) (?:[\w'’-]+ ){0,5}(?:to form|to create|to build|into) (?:a |an )?"
    r"(?:unique|single|detailed|persistent) (?:picture|profile|fingerprint|identifier)|"
    # "it could be matched with specific users"
    r"match(?:ed|es|ing)? (?:[\w'’-]+ ){0,3}?(?:with|to) (?:a |the |an )?(?:specific |individual |"
    r"particular |real |their )?(?:users?|individuals?|people|persons?|profiles?|identit(?:y|ies))|"
    r"stripped of|tie[sd]? (?:it|them|the data)?\s*(?:back )?to (?:you|a person|individuals?)|"
    r"de-?identif\w*|(?:tie[sd]?|link(?:s|ed)?|connect(?:s|ed)?|associat(?:e|es|ed)) "
    r"(?:[\w'’-]+ ){0,4}(?:to|with) (?:a |the |your |their |users['’] |each )?(?:[\w-]+ )?"
    r"(?:identit(?:y|ies)|real names?|accounts?|user profiles?|users?|individuals?|persons?|"
    r"people|customers?|you)\b(?! (?:to|who|that)\b)|"
    r"trac(?:e|es|ed|ing) (?:it |them )?back to (?:you|a person|individuals?|users?)|"
    r"without knowing who|"
    r"(?:device|unique|persistent) (?:device )?identifiers?|IMEI|advertising ID|"
    r"individual user basis|pair(?:ing|ed)? (?:them|it|the data) with|aggregated|aggregate form|"
    r"link(?:s|ed|ing)? (?:[\w-]+ ){0,3}(?:back )?to (?:a |the |an |one )?(?:single |specific |"
    r"individual |particular )?(?:handset|device|person|user|individual|phone|customer))\b")
_ANON_STRONG = _re(r"\b(?:anonymi[sz]\w*|de-?anonymi[sz]\w*|re-?identif\w*|pseudonym\w*|"
                   r"identifiable)\b")
_ANON_IDENTIFIABLE = _re(r"(?<!without knowing )\b(?:identifiable|identify|re-?identif\w*|"
                         r"individual user basis|"
                         r"link(?:s|ed|ing)? (?:[\w-]+ ){0,3}(?:back )?to (?:a |the |an |one )?"
                         r"(?:single |specific |individual )?(?:handset|device|person|user|phone)|"
                         r"(?:came|comes|carried|carries|included|includes|labell?ed|tagged) with "
                         r"(?:the |a |each |their )?\w+['’]s (?:first |full |real )?name|"
                         r"pair(?:ing|ed)? (?:them|it|the data) with|tie[sd]? |fingerprint|"
                         r"combin\w* (?:[\w'’-]+ ){0,5}(?:to form|to create|to build|into) "
                         r"(?:a |an )?(?:unique|single|detailed|persistent)|"
                         r"match(?:ed|es|ing)? (?:[\w'’-]+ ){0,3}?(?:with|to) (?:[\w-]+ ){0,2}"
                         r"(?:users?|individuals?|people|persons?|profiles?)|"
                         r"(?:associat(?:e|es|ed|ing)|connect(?:s|ed)?|link(?:s|ed|ing)?) "
                         r"(?:[\w'’-]+ ){0,4}(?:to|with) (?:[\w'’-]+ ){0,2}(?:users?|individuals?|"
                         r"identit(?:y|ies)|accounts?|people|persons?|you|customers?|real names?)|"
                         r"trac(?:e|es|ed|ing) (?:it |them )?back to)")
_ANON_PSEUDO = _re(r"\b(?:pseudonym\w*|de-?anonymi[sz]\w*|(?:device|unique|persistent) "
                   r"(?:device )?identifiers?|IMEI|advertising ID)\b")
_ANON_IDENTIFIER_ONLY = _re(r"(?:(?:device|unique|persistent) (?:device )?identifiers?|IMEI|"
                            r"advertising ID)")
_ANON_REMOVED_AFTER = _re(r"^\W*(?:\w+ ){0,3}(?:removed|stripped|scrubbed|deleted|redacted)\b")
_ANON_REMOVED = _re(r"\b(?:stripped|removed|scrubbed|anonymi[sz]ed|anonymous)\b")

_COLLECT_STRONG = _re(
    r"\b(?:collect(?:s|ed|ing)?|gather(?:s|ed|ing)?|(?:continues?|continued) to use|"
    # "a fertility tracking app", "viewing records", "cycle logs" name things; the verbs
    # "records", "logs" are told apart by what follows them
    r"track(?:s|ed|ing)?(?! (?:apps?|applications?|devices?|bands?|watch(?:es)?)\b)|"
    r"recorded|recording(?! of)|logged|logging|"
    r"(?:logs|records?)(?= (?:the|your|their|every|all|each|users?|what|which|where|when|how|"
    r"data|information|details|location|activity|activities|calls?|keystrokes|IP|audio|"
    r"conversations|voices?|screens?)\b)|"
    # passive uploads: "transcripts are never uploaded to our servers"
    r"(?:is|are|was|were|be|been|being|never|not) (?:\w+ )?(?:uploaded|transmitted) "
    r"(?:to|from|off)|"
    r"(?:send|sends|sent|sending|upload(?:s|ed|ing)?|cop(?:y|ies|ied|ying)|transmit(?:s|ted|ting)?|"
    r"read(?:s|ing)?|scan(?:s|ned|ning)?) (?:the |your |their |users['’] |its |every |all |"
    r"each )?(?:[\w'’-]+ ){0,5}(?:data|audio|clips?|recordings?|address(?:es| books?)?|contacts?|"
    r"logs?|records|lists?|samples|snapshots|screenshots|pages?|sites?|IDs?|identifiers?|"
    r"contact lists?|coordinates|locations?|messages|photos|history|URLs?|searches|queries)|"
    r"harvest\w*|captur(?:e|es|ed|ing)|grab(?:s|bed|bing)?|pinpoint\w*|"
    # the verb, not the device ("a built-in heart rate monitor", "the baby monitor")
    r"monitor(?:s|ed|ing)\b|monitor(?= (?:the|your|their|users?|what|how|where|when|every|all|"
    r"online|activity|behaviou?r|traffic|conversations|calls|messages|locations?|them|you)\b)|"
    # "the interception and collection of user data", "servers set up to receive data"
    r"(?:interception|collection|harvesting|gathering|logging) (?:and [\w-]+ )?of (?:[\w'’-]+ )"
    r"{0,5}(?:data|information|details|communications)|"
    r"(?:servers?|systems?|backends?) (?:[\w'’-]+ ){0,5}receiv(?:e|es|ed|ing) (?:the |their |"
    r"users['’] )?(?:[\w-]+ )?(?:data|information)|"
    r"know (?:what|where)|remember(?:s|ing)? where|snapshot of where|"
    r"needs? (?:your |the |their |users['’] )?(?:data|location|contacts|information)|"
    r"track(?:s|ed|ing)? (?:you|users?|riders?|people|customers|them|drivers?)|"
    r"(?:stop|stops|stopped|cease[sd]?|end(?:s|ed)?|halt(?:s|ed)?|shut down|wind down) "
    r"(?:the |its |all |their )?(?:[\w’'-]+ ){0,2}(?:data )?collection|"
    # "denied that it does any such data collection"
    r"(?:does|do|did|doing|engag(?:e|es|ed|ing) in|conduct(?:s|ed|ing)?|carr(?:y|ies|ied) out) "
    r"(?:(?:such|any|the|these|this) ){0,2}(?:data )?collection|"
    # "data collection went on even in private mode"
    r"(?:data )?collection (?:would |will |does |did )?(?:also |still )?(?:continue[sd]?|"
    r"goes on|went on|persist(?:s|ed)?|happen(?:s|ed)?)|"
    # "browsing data is synced", "the browsers also forward in incognito mode"
    r"sync(?:s|ed|ing|hroni[sz](?:e|es|ed|ing))?|"
    r"(?:forward(?:s|ed|ing)?|send(?:s|ing)?|transmit(?:s|ted|ting)?|upload(?:s|ed|ing)?)"
    r"(?= (?:in|while|when|even|during|from) ))\b")
# Collecting that is no data practice on people: money ("collecting interest", "fees"),
# researchers gathering study data, and media played on a device ("sending audio or video
# from a phone to a TV").
_NOT_PERSONAL_COLLECTION = _re(
    r"\bcollect(?:s|ed|ing)? (?:the |their |its )?(?:interest|fees?|payments?|money|taxes|debts?|"
    r"rent|royalties|donations|signatures|awards?|trophies|points|coins)\b|"
    r"\b(?:researchers|scientists|the study|the survey|the scientists)\b[^.;]{0,40}?\b(?:able to )?"
    r"(?:collect|gather)\w* (?:any |the |more |new )?(?:data|samples|information) "
    r"(?:about|on) (?:the )?(?!users?\b|people\b|customers?\b|patients?\b)|"
    r"\bsend(?:s|ing)? (?:audio|video|music|sound|content|media)(?: (?:or|and) "
    r"(?:audio|video|music|sound))? (?:[\w'’-]+ ){0,6}?to (?:a |an |the |your )?(?:smart )?"
    r"(?:TVs?|televisions?|speakers?|screens?|displays?|headphones|soundbars?)\b")
# Cues whose data goes unsaid in a story about data: "the collection continued",
# "the browsers also forward in incognito mode"
_IMPLICIT_OBJECT = _re(r"(?:forward|send|transmit|upload|sync|(?:data )?collection)")
_TRACK_PEOPLE = _re(r"\btrack(?:s|ed|ing)? (?:you|users?|riders?|people|customers|them|drivers?)\b")
# "call logs stay on the device", "never leaves your phone": nothing is collected
_ON_DEVICE = _re(r"\b(?:stays?|remains?|kept|stored|processed|held|analy[sz]ed) (?:only |entirely |"
                 r"locally |solely )?on (?:the|your|their|each|a user['’]s|the user['’]s) "
                 r"(?:device|phone|handset|computer|TV|television|watch)s?\b|"
                 r"never leaves? (?:the|your|their|a user['’]s) (?:device|phone|handset)s?\b")
_COLLECT_WEAK = _re(r"\b(?:stor(?:e|es|ed|ing)|keep(?:s|ing)?|kept|sav(?:e|es|ed|ing)|"
                    r"retain(?:s|ed|ing)?)\b")
# "the collected data", "allegations against X collecting": named, not asserted
_NOT_AN_ACT = _re(r"(?:\b(?:the|from the|of the|any)\s+$)|"
                  r"(?:allegations?\s+(?:against|of|that)\s+(?:\w+\s+){0,3}$)")
# "a setting called X that records …" describes a feature; "If you agree to let it record …"
# is collection the user asked for. Neither is a statement about the practice.
_FEATURE_DESCRIPTION = _re(r"\b(?:setting|feature|option|tool|mode|service) (?:called|named) "
                           r"\S+(?: \S+)? (?:that|which) $")
_CONSENTED_IF = _re(r"^(?:If|When|Once) you (?:agree|allow|consent|opt in|choose|turn on|enable|"
                    r"let)")
# A sentence about what is collected: "there are two types of data that are collected",
# "seven parameters of data that are collected"
_WHAT_IS_COLLECTED = _re(r"\bthere (?:are|is|were|was)\b|\b(?:types?|kinds?|parameters|"
                         r"categories|pieces|sorts) of\b")
_RELATIVE_COLLECT = _re(r"\b(?:that|which) (?:is|are|was|were|gets?) (?:\w+ )?"
                        r"(?:logged|collected|stored|recorded|gathered)\b|"
                        r"(?<=[a-z]) (?:that |which )?(?:it|they|we|the (?:app|company|firm)) "
                        r"(?:had |has |have )?(?:\w+ly )?(?:logged|collected|recorded|gathered|"
                        r"harvested|collects|logs|records|gathers|harvests)\b")
# "said (that) the app collects …" reports what is collected; "the data (that) the app
# collects" only names it
_SAYING = re.compile(r"\b(?:said|says|say|stated|states|claimed|claims|insisted|insists|"
                     r"maintained|maintains|confirmed|confirms|denied|denies|promised|promises|"
                     r"assured|assures|told \w+|found|finds|showed|shows|revealed|reveals|"
                     r"noted|notes|added|explained|wrote|writes|argued|argues)(?: that)?$", re.I)


def _relative_collection(s: str) -> bool:
    """A collection verb only in a relative clause naming the data, not after a verb of
    saying whose content it is."""
    return any(not _SAYING.search(s[:m.start()].rstrip() + (" that" if m.group(0).lstrip()
               .lower().startswith("that ") else ""))
               for m in _RELATIVE_COLLECT.finditer(s))


_DATA_WORD = _re(r"\b(?:data|information|details|history|histories|movements|activity|"
                 r"(?:online |browsing |web |viewing |users['’] |their )behaviou?rs?|"
                 r"browsing (?:habits|sessions)|whereabouts|"
                 r"activities|where you|audio|clips?|recordings?|contacts|address books?|"
                 r"coordinates|messages|photos|URLs?|websites|addresses|transcripts|logs|"
                 r"snapshots|screenshots|samples|identifiers?|"
                 r"(?:sites?|pages?|address(?:es)?|URLs?) (?:\w+ ){0,3}visit\w*)\b")

_CONSENT = _re(
    r"\b(?:consent\w*|permission\w*|opt(?:s|ed)?[- ]in|opt(?:s|ed)?[- ]out|opting (?:in|out)|"
    r"without (?:asking|telling|notice|notifying|your knowledge)|secretly|covertly|"
    r"surreptitiously|ask(?:s|ed|ing)? (?:users? )?"
    r"(?:for )?(?:permission|consent)|not aware|by default|default setting|"
    # "the transmission can be turned off in Settings": the user may opt out
    r"can be (?:turned|switched) off|can (?:turn|switch) (?:it |this |that )?off|"
    r"can be disabled|can disable (?:it|this|that)\b|"
    # who agrees matters: users agreeing is consent, a company agreeing to settle is not
    r"agree(?:s|d)? to (?:the |their |its |this |such )?(?:[\w-]+ )?(?:collection|sharing|use|"
    r"processing|tracking|terms|privacy policy|data)\b|"
    r"(?:users?|you|customers?|parents?|people|consumers?|patients?) "
    r"(?:\w+ ){0,2}agree(?:s|d)?\b(?! with)|\band agree(?:s|d)?\b(?! with)|"
    r"(?:approves?|approval)\b|"
    r"only (?:if|when|after) (?:you|a user|users|the user|a parent|"
    r"parents)|when you ask|off until|unless (?:you|the user|users|a parent|parents) "
    r"(?:say yes|agree|allow|consent|opt in|switch|turn)|(?:is|was|are|were) the default)\b")
# (opting out of a subscription's renewal is no data practice: only "consent" stands alone)
_OPT_OUT_FAILS = _re(r"\bopt(?:s|ed|ing)?[- ]out\b[^.;]{0,80}?\b(?:does not|doesn['’]t|did not|"
                     r"didn['’]t|will not|won['’]t|never) (?:actually |really |fully )?(?:stop|"
                     r"prevent|halt|end|disable|turn off)\b")
_CONSENT_STRONG = _re(r"\bconsent\w*\b")
_CONSENT_EVEN = _re(r"\beven (?:if|when|though|after)\b[^,.;]{0,40}$")

# An unnamed outside party data is sent to: "to an advertising company", "to ad networks".
_THIRD_PARTY = (r"(?:an? |the |its |their |several |other |outside )?(?:[\w-]+ ){0,4}"
                r"(?:advertising|advertisers?|analytics|marketing|tracking|ad|ad-tech|data|"
                r"third[- ]party|partner) (?:compan(?:y|ies)|firms?|networks?|partners?|servers?|"
                r"services?|brokers?|platforms?|agenc(?:y|ies)|providers?|websites?|sites?)|"
                r"(?:advertisers|marketers|data brokers|third parties|data miners|trackers)\b")
_SHARING = _re(
    r"\b(?:(?:sell|sells|selling|sold) (?:[\w'’-]+ ){0,4}"
    r"(?:data|information|histories|history|records|feeds|profiles|footage|recordings|"
    r"videos|photos|clips)|sold (?:to|it|them)|"
    r"(?:sell|sells|selling) (?:it|them|this|that) to|"
    r"(?:the )?(?:shared|sold) (?:data|information|details|records)\b(?= (?:\w+ )?"
    r"(?:included?|includes|contained|contains|covered|covers|was|were|is|are))|"
    # "health data is never sold" (not "the company was sold")
    r"(?:data|information|details|histor(?:y|ies)|records|profiles|it|them)\b[\w'’ -]{0,40}? "
    # (shared "with us" is given to the company itself: collection, not sharing)
    r"(?:is|are|was|were|be|been|being) (?:\w+ )?sold|"
    r"shar(?:e|es|ed|ing) (?:[\w'’-]+,? ){0,8}with(?! us\b| the company\b| it\b| them\b)|"
    # farther, when the words between name the data: "shared detailed lock records of
    # thousands of renters over two years with …"
    r"shar(?:e|es|ed|ing) (?:[\w'’-]+ ){0,4}(?:data|information|details|records|status|"
    r"histor(?:y|ies))\b,? (?:[\w'’-]+,? ){0,7}with(?! us\b| the company\b| it\b| them\b)|"
    # "doesn't send “critical user data” to Facebook", "sends app events to any external
    # analytics system": data the app itself sends out to another party
    r"(?:send|sends|sent|sending|forward(?:s|ed|ing)?|pass(?:es|ed|ing)? on) (?:any |the |"
    r"their |users['’] |its |this |that |such )?(?:[\w'’“”\"-]+ ){0,5}?(?:data|information|"
    r"details|events|records|identifiers?|IDs?|status|histor(?:y|ies)|locations?)[”\"]? to "
    r"(?=(?-i:[A-Z])(?!(?:our|its) )|(?:any |an? |the )?(?:external|outside|third[- ]part)|"
    + _THIRD_PARTY + r")|"
    # "has undisclosed data sharing practices"
    r"(?:undisclosed|secret|hidden|covert|extensive|widespread) (?:data[- ])?sharing\b|"
    # "will stop sharing users' HIV status": ending a sharing that went on
    r"(?:stop|stops|stopped|stopping|cease[sd]?|ceasing|end(?:s|ed)?) (?:sharing|selling) "
    r"(?:[\w'’-]+ ){0,4}(?:data|information|details|status|histor(?:y|ies)|records|location)|"
    r"data brokers?|(?:clients|customers|buyers) (?:include|included|such as)|"
    # "promises to connect advertisers to users who visit…"
    r"connect(?:s|ed|ing)? (?:\w+ )?(?:advertisers|marketers|third parties) (?:to|with)\b|"
    r"provid(?:e|es|ed|ing) (?:\w+ ){0,2}to (?:its )?(?:subsidiary|partners?|(?-i:[A-Z]))|"
    r"disclos(?:e|es|ed|ing) (?:\w+ ){0,3}(?:data|information|details) to|"
    r"purchas(?:e|es|ed|ing) (?:these|the|this)|"
    r"monetiz\w*|monetis\w*|"
    # a promise of confidentiality: "their health data would stay private"
    r"(?:stay|stays|stayed|remain|remains|remained|be kept|is kept|are kept|kept) "
    r"(?:\w+ )?(?:private|confidential)|"
    r"keep(?:s|ing)? (?:[\w'’-]+ ){1,4}(?:private|confidential)\b|"
    # "made the data available to partners", "gave advertisers access to it",
    # "transferred the records to Adlytic"
    r"made (?:[\w'’-]+ ){0,4}available to\b|"
    r"g(?:ave|ive|ives|iving|iven) (?:[\w'’-]+ ){1,3}access to\b|"
    r"transferr?(?:ed|s|ing)? (?:[\w'’-]+ ){1,6}to (?=(?-i:[A-Z])|" + _THIRD_PARTY + r")|"
    # "the amount of data it shared", "the information that they sold"
    r"(?:data|information|details|records) (?:that |which )?(?:it|they|we|the (?:app|company|"
    r"firm)) (?:\w+ )?(?:shares|shared|sells|sold|discloses|disclosed|passes on|passed on)\b|"
    # "hands over that data to trackers", "providing customer data to companies such as X",
    # "sending out customer PII"
    r"(?:hand(?:s|ed|ing)? over|send(?:s|ing)? out|sent out|pass(?:es|ed|ing)? (?:on|along))"
    r" (?:[\w'’-]+ ){0,5}(?:data|information|details|PII|identifiers?)\b|"
    r"provid(?:e|es|ed|ing) (?:[\w'’-]+ ){0,4}(?:data|information|details|PII|identifiers?) "
    r"to\b|"
    r"(?:sen[dt]s?|sending|gave|gives|give|pass(?:es|ed)?|transmit(?:s|ted)?|forward(?:s|ed)?|"
    r"redirect(?:s|ed|ing)?) "
    r"(?:[\w'’-]+,? ){1,12}to (?!servers?\b|the cloud\b)(?:(?=(?-i:[A-Z]))|" + _THIRD_PARTY
    + r"))\b")
_THIRD_PARTY_AFTER = _re(_THIRD_PARTY)
# Outside parties receiving data: "Facebook receives an alert when…", "four companies
# were receiving information such as names"
_RECEIVER = _re(
    r"\b(?P<who>(?!(?:Anyone|Anybody|Everyone|Everybody|Someone|Somebody|Nobody|Whoever|"
    r"Users?|People|They|It|He|She|We|You|Who|This|That|These|Those)\b)"
    r"(?-i:[A-Z])[\w-]+(?:,? (?:and )?(?-i:[A-Z])[\w-]+)*|(?:\w+ )?(?:compan(?:y|ies)|"
    r"firms?|advertisers|trackers|third parties|partners|brokers|networks|platforms)) "
    r"(?:\w+ ){0,4}(?:receiv(?:e|es|ed|ing)|obtain(?:s|ed|ing)?|g[eo]t(?:s|ten)? access to) "
    r"(?:\w+ ){0,6}(?:data|information|details|PII|identifiers?|names|addresses|alerts?|"
    r"notifications?|events?)\b")
# Sharing for money, told from handing data on in other ways (a company denying the one
# may do the other).
_SELLING = _re(r"\b(?:sell|sells|selling|sold|sale|resell\w*|monetis\w*|monetiz\w*|"
               r"purchas\w*|buy|buys|bought)\b")
_HANDING_ON = _re(r"\b(?:shar(?:e|es|ed|ing)|disclos\w*|transfer\w*|provid\w*|pass(?:es|ed|ing)? "
                  r"on|hand(?:s|ed|ing)? over|giv(?:e|es|ing)|gave|send(?:s|ing)?|sent)\b")
AD_FIRM_WORDS = (r"advertis(?:ers?|ing (?:firms?|compan\w+|partners?|networks?|agenc\w+|"
                 r"platforms?|giants?))|marketers|marketing (?:firms?|compan\w+|partners?)|"
                 r"ad(?:-tech| tech|-targeting| targeting)? (?:networks?|compan\w+|partners?|"
                 r"platforms?|firms?)|data brokers?")
_TO_ADVERTISERS = _re(r"\b(?:" + AD_FIRM_WORDS + r")\b")
_KEPT_PRIVATE = _re(r"(?:stay|stays|stayed|remain|remains|remained|be kept|is kept|are kept|"
                    r"kept) (?:\w+ )?(?:private|confidential)|"
                    r"keep(?:s|ing)? (?:[\w'’-]+ ){1,4}(?:private|confidential)\b")
_SHARING_STRONG = _re(r"\bdata brokers?\b")
# Data flowing on to a named company ("the samples went to Brightcast"): sharing only when
# a recipient is named, since "went to Singapore" is a place.
_SHARING_FLOW = _re(r"\b(?:went|goes|go|flow(?:s|ed)?|ended up|passed on|handed) (?:on )?to "
                    r"(?=(?-i:[A-Z]))|"
                    # "The personal data collected is sent to Adlytic, Tapstat and Brightcast"
                    r"\b(?:is|are|was|were|being|been|gets?|got) (?:\w+ )?(?:sent|passed|"
                    r"handed|transmitted|forwarded|leaked|provided|given|shared|disclosed|sold|"
                    r"transferred|made available) "
                    r"(?:on |over |out )?to (?=(?-i:[A-Z])|" + _THIRD_PARTY + r")|"
                    r"\b(?:reach(?:es|ed)?|contact(?:s|ed)?) (?:a |the |several )?"
                    r"(?:[\w-]+ ){0,2}(?:domains?|servers?|hosts?|endpoints?) "
                    r"(?:belonging to|owned by|run by|operated by) (?=(?-i:[A-Z]))")

_CERTIFICATION = _re(
    r"\b(?:certif\w*|accredit\w*|audit(?:ed|s)?|attest\w*|\w*seal|seal of|ISO(?:/IEC)? ?\d{4,5}|"
    r"SOC ?[12]|compliant with|complies with|verified by)\b")

_SECURITY = _re(r"\b(?:security|secure|privacy|data protection|cyber\w*|ISMS)\b")
_CERT_LAPSED = _re(r"\b(?:expired|lapsed|revoked|suspended|withdrawn|(?:did|does|do) not cover|"
                   r"never (?:certified|audited|issued))\b")
_PURPOSE = _re(
    r"\b(?:(?:data|information|details|location|it|them|this|that|recordings?|history) "
    r"(?:\w+ ){0,5}(?:is|are|was|were|be|being|gets?) (?:only |solely |just |\w+ly )?used "
    r"(?:\w+ly |only )?(?:to|for) "
    r"(?!this purpose|that purpose)"
    r"(?P<p1>[^,.;]{3,60})|"
    r"(?:use|uses|used|using) (?:your |the |their |users['’] |customers['’] |this |that )?"
    r"(?:\w+ )?(?:data|information|location|details|history|recordings) (?:to|for) "
    # a list of purposes runs over commas: "for keeping your account secure, showing
    # you relevant Tweets, and ads"
    r"(?P<p6>[^.;]{3,140})|"
    # (the data named between: "used these phone numbers to deliver ads", not "plans to use
    # moon landers to deliver rovers")
    r"(?:use|uses|used|using) (?:[\w'’-]+ ){0,4}?(?:data|info|information|details|numbers?|"
    r"addresses|IDs?|identifiers?|histor(?:y|ies)|recordings?|content|calls|messages|photos|"
    r"audio|clips|it|them|this|that)"
    r"(?: [\w'’-]+){0,6}? to (?P<p7>(?:train|target|personali[sz]e|"
    r"profile|build|develop|sell|advertise|deliver|serve|show|send|market|help|secure|"
    r"improve|identify|track|monitor|verify|authenticate)\b[^,.;]{0,50})|"
    # "this information was to help secure their accounts"
    r"(?:data|information|details|numbers|addresses|it|this|that) (?:\w+ ){0,3}(?:was|were|is|"
    r"are|would be|will be) (?:only |solely |just )?(?:to|for) (?P<p8>(?:help|secure|improve|"
    r"keep|protect|verify|authenticate|deliver|personali[sz]\w*|advertis\w*|marketing|"
    r"security|safety)\b[^,.;]{0,50})|"
    r"in order to (?P<p2>[^,.;]{3,60})|for the purposes? of (?P<p3>[^,.;]{3,60})|"
    r"(?:needs|need|required) to (?P<p4>improve[^,.;]{0,50})|"
    # "which helps us improve features", "so that we can personalise"
    r"\bhelp(?:s|ed|ing)? (?:us |them |it |the company )?(?:to )?(?P<p9>(?:improve|optimi[sz]e|"
    r"fine-tune|personali[sz]e|develop|understand|measure|evaluate)\b[^,.;]{0,60})|"
    r"\bso (?:that )?(?:we|it|they|the company) (?:can|could) (?P<p10>(?:improve|optimi[sz]e|"
    r"personali[sz]e|target|show|serve|deliver|sell)\b[^,.;]{0,60})|"
    # what a feature is for: "described the feature as enabling program offers", "the
    # setting is designed to improve suggestions"
    r"(?:feature|setting|tool|function(?:ality)?|option|technology|software|program)\b"
    r"[^.;]{0,40}?\b(?:enabl(?:e|es|ed|ing)|designed to|intended to|meant to)\s+"
    r"(?P<p12>(?!(?:users?|you|people|customers|them)\b)[^,.;]{3,60})|"
    # "device information, which we collect to provide better support"
    r"(?:collect|collects|collected|collecting|gather(?:s|ed|ing)?) (?:[\w'’\"“”-]+ ){0,6}?"
    r"(?:to|in order to) (?P<p13>(?:provide|improve|fine-tune|optimi[sz]e|personali[sz]e|"
    r"deliver|support|serve|show|target|secure|protect|detect|prevent|develop|offer|enable)"
    r"\b[^,.;]{0,60})|"
    # "lock data passed on by the maker allowed ads to be targeted to renters"
    r"(?:allow(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|let|lets|help(?:s|ed|ing)?) (?:[\w-]+ ){0,2}"
    r"(?:ads|adverts|advertisements|advertising|marketing) (?:to be )?(?P<p11>target\w*"
    r"[^,.;]{0,50})|"
    r"for (?P<p5>(?:targeted )?(?:advertising|marketing|(?:internal )?analytics|research|"
    r"personali[sz]ation|testing|troubleshooting|diagnostics|product development|ad targeting)))")

_RETENTION = _re(
    r"\b(?:retain\w*|retention|(?:zero|no)[- ]logs?|(?:keeps?|kept) (?:\w+ ){0,2}logs|"
    # "log files are indeed kept", "logs were stored for months"
    r"logs?(?: files)? (?:that )?(?:are|is|were|was|being|get) (?:\w+ )?(?:kept|stored|retained)|"
    r"(?:delet(?:e|es|ed)|purg(?:e|es|ed)|eras(?:e|es|ed)|disappear(?:s|ed)?|removed?) "
    r"(?:[\w'’-]+ ){0,5}(?:after|within)|(?:deleted|purged|erased) (?:after|within|once)|"
    r"kept for|stor(?:e|es|ed) for|(?:keeps?|keeping|retains?|stores?) no\b|"
    r"(?:keeps?|kept) (?:\w+ ){0,3}for|indefinitely|"
    # "deleted as soon as a session ends": kept for no time at all
    r"(?:deleted|erased|purged|discarded|wiped) (?:as soon as|immediately|right after|"
    r"the moment)|"
    # kept after the account is gone: "keeps any data after an account is deleted"
    r"(?:keeps?|kept|keeping|retain\w*|stor(?:e|es|ed|ing)|hold(?:s|ing)?|held) (?:[\w'’-]+ ){0,6}"
    r"(?:after (?:[\w'’-]+ ){0,3}(?:deleted|closed|cancell?ed|terminated|removed|deletion)|"
    r"(?:of|from) (?:deleted|closed) accounts)|"
    r"(?:copies|backups?|remnants) of deleted|still (?:available|stored|kept|accessible|held) "
    r"(?:[\w'’-]+ ){0,8}(?:after|later)|(?:more than|over|up to) (?:\d+|one|two|three|six|a) "
    r"(?:days?|weeks?|months?|years?) after (?:\w+ ){0,3}(?:deleted|deletion|closed))\b")
# "for three weeks" alone is the length of a test, unless something is kept that long
_RETENTION_BARE = _re(r"\bfor (?:up to |more than |over |at least )?(?:\d+|one|two|three|four|five|"
                      r"six|seven|eight|nine|ten|twelve|eighteen|thirty|ninety|a) "
                      r"(?:days?|weeks?|months?|years?)\b")
_AFTER_DELETION = _re(r"\bafter (?:[\w'’-]+ ){0,3}(?:deleted|closed|deletion)|"
                      r"\bof (?:deleted|closed) accounts")
_KEPT = _re(r"\b(?:stor(?:e|es|ed|ing|age)|kept|keeps?|keeping|retain\w*|held|holds?|available|"
            r"saved|remain\w*|"
            r"logs?|delet\w*|archiv\w*|backups?|copies)\b")
_PERIOD = _re(r"\b(?:up to |for |after |within )?(?:more than |over |at least )?"
              r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|thirty|"
              r"ninety|a|an) "
              r"(?P<u>hours?|days?|weeks?|months?|years?)\b"
              r"|\bindefinitely\b|\b(?:as soon as|immediately|right after|the moment)\b")

_ACCESS = _re(
    r"\b(?:(?:can|could|may|might|able to|cannot|can't|can ?not|could not|couldn't|never)"
    r"(?: still)? access|access(?:es|ed|ing)? (?:to )?"
    # (not one's own account: "a code to access your account" is a login)
    r"(?:your|the|user|users['’]|customer|customers['’]|their|specific)(?! (?:own )?accounts?\b)|"
    r"exposed to|"
    r"hand(?:s|ed)? over|"
    # "has access to identifiable user data", "might have access to users' audio"
    # "employees accessed nonpublic data about users", "access to US user data"
    # (not a permission asked for: "allow access to location")
    r"(?<!allow )(?<!grant )(?<!request )(?<!for )(?<!permission to )"
    r"access(?:es|ed|ing)? (?:to )?(?:[\w'’.-]+ ){0,3}(?:data|information|details|records|"
    r"accounts?|messages|files|photos|recordings?|conversations|locations?|audio|voice|calls|"
    r"chats|contacts|histor(?:y|ies)|PII|metadata)|"
    r"(?:been|being|was|were|is|are|be) (?:\w+ )?accessed\b|"
    r"(?:has|have|had|gets?|got|gain(?:s|ed)?) access to (?:everything|all (?:of )?(?:it|the|their|"
    r"users['’]))|"
    r"(?:gave|give|gives|provided|provides|turned over|disclosed) (?:to )?(?:the )?"
    r"(?:police|investigators|authorities|law enforcement|government|prosecutors|FBI)\b|"
    r"(?:can|could|may|cannot|can't|able to) (?:see|view|watch|read|look up|listen to)|"
    r"hand(?:s|ed)? (?:over )?to (?:the )?(?:investigators|police|authorities|government|"
    r"law enforcement)|"
    r"(?:listen(?:s|ed)? to|hears?|heard|look(?:s|ed)? up|can see|could see|"
    r"review(?:s|ed)?) (?:the |any |every |all |their |your |them|it|individual |thousands of |"
    r"[\w'’-]+ )?(?:recordings?|clips?|rides?|trips?|messages|records|data|them|it|details|"
    r"conversations|files|photos|accounts?)|"
    r"disclos(?:e|es|ed) (?:\w+ ){0,3}to (?:the )?"
    r"(?:authorities|government|police|law enforcement))\b")
# Staff allowed (or not) to reach the data: access control, not the user's consent.
_STAFF_PERMISSION = _re(r"\b(?:employees|staff|workers|engineers|contractors|personnel|"
                        r"moderators|admins|administrators|team members|developers)\b"
                        r"[^;]{0,60}?\bpermission\W+(?:to\W+)?(?:access|view|see|look at|"
                        r"read|listen)")
# "only" limiting who reaches the data: in the access cue's own clause, close before it
# ("only staff in the fraud team can view"), not in another clause ("it only collects
# what it needs, and doesn't allow employees to access …")
# Someone deciding who reaches the data: "a US-based security team controls who gets access"
_GATEKEEPER = _re(r"\b(?:controls?|decides?|determines?|approves?|vets?|governs?) who (?:gets|has|"
                  r"can|may|is allowed|is able)\b")
_ONLY_WHO = _re(r"\bonly\b(?:\W+[\w'’-]+){0,8}\W*$")
_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s(?:but|while|whereas)\s", re.I)


_OWN_SERVERS = _re(r"^[^.;]{0,80}?\bto (?:its|their|our|the company['’]s|the firm['’]s) (?:own )?"
                   r"(?:servers?|cloud)\b")


@lru_cache(maxsize=64)
def _named_servers(companies: frozenset[str]) -> re.Pattern[str] | None:
    if not companies:
        return None
    names = "|".join(re.escape(c) for c in sorted(companies, key=len, reverse=True))
    return re.compile(r"^[^.;]{0,80}?\bto (?:" + names + r")(?:['’]s)? (?:own )?servers?\b")


def _to_own_servers(text: str, companies: set[str]) -> bool:
    """Whether data goes to the company's own servers ("to its servers", "to Korvo
    servers") rather than to someone else (one pattern for all its names)."""
    if _OWN_SERVERS.search(text):
        return True
    named = _named_servers(frozenset(companies))
    return bool(named and named.search(text))


def _clause_around(s: str, start: int, end: int) -> str:
    """The clause of `s` that holds the span start..end."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(s, 0, start)]
    after = _CLAUSE_BREAK.search(s, end)
    return s[before[-1] if before else 0:after.start() if after else len(s)]


# Words that make a practice a limited one: "shares data only with…", "limited the data
# it shared", "restricts what partners receive"
_LIMITED = _re(r"\b(?:only|solely|exclusively|limit(?:s|ed|ing)?|restrict(?:s|ed|ing)?)\b")


def _clause_before(s: str, end: int) -> str:
    """The text of `s` before `end`, back to the nearest clause break."""
    head = s[:end]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(head)]
    return head[breaks[-1]:] if breaks else head


_PARTIES = _re(r"\b(?:employees?|staff|engineers|moderators|reviewers|contractors|authorities|"
               r"law enforcement|government|"
               r"investigators|"
               r"police|bad actors|hackers|third parties)\b")

_NEGATORS = _re(
    r"\b(?:not|never|no|none|nothing|nobody|no one|neither|nor|without|cannot|can't|won't|"
    r"don't|doesn't|"
    r"didn't|isn't|aren't|wasn't|weren't|hasn't|haven't|no longer|prevent\w*|stop\w*|halt\w*|"
    r"cease\w*|block\w*|refrain\w*|deny|denies|denied|turn(?:s|ed)? off|shut\w* off|disabl\w*|"
    r"pause[sd]?)\b|n[’']t\b")
_DENIED_THAT = _re(r"\b(?:den(?:y|ies|ied)|rejects?|rejected|disputes?|disputed|"
                   r"refut(?:e|es|ed)) (?:\w+ ){0,2}that\b|"
                   # "the court could not find that users consented": not shown, so not so
                   r"\b(?:could|can|did|does|do) not (?:find|show|establish|conclude|prove) "
                   r"(?:\w+ ){0,2}that\b")
_BLOCKING = _re(r"\b(?:block|blocks|blocking|prevent|prevents|preventing)\b")
# "that" opens a clause ("says that it…") but is also a determiner ("that level of …")
_CLAUSE_BOUNDARY = re.compile(
    r"[,;:—–(]|\b(?:that(?! (?:level|kind|type|sort|amount|much|many|way|data|information|"
    r"feature|setting|practice|content|traffic)\b)|which|who|but|while|although|though|"
    r"whereas|and)\b", re.I)
_CONTRAST = _re(r"\b(?:contrary to|rather than|instead of|which claims?)\b")


# Between a comma and the cue only single words of a list: "track, log, or sell"
_LIST_TO_CUE = re.compile(r"\s*(?:[a-z]+,\s*)*(?:(?:or|and|nor)\s+)?")
# "does not collect" and "collects no location data", "stores nothing": a negator right
# after the cue ("no more than it needs" limits, not denies)
_NEGATED_AFTER = _re(r"^\s*(?:not|never|no|nothing|none)\b"
                     r"(?!\s+(?:more|less|fewer|later|longer)\b)")
_NEGATED_PRONOUN = _re(r"\b(?:anything|anyone|anybody|nothing|nobody|no one|no \w+)\s+$")


_BROKEN_PROMISE = _re(r"\b(?:break\w*|broke|broken|breach\w*|violat\w*|betray\w*|renege\w* on|"
                     r"went back on)\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:promises?|pledges?|commitments?|assurances?|guarantees?|vows?)\s+"
                     r"(?:[\w'’-]+\s+){0,3}?(?:to|that)\b")


def _polarity(sentence: str, cue: int, cue_end: int) -> str:
    """Negative when an odd number of negators stand in the cue's clause before it
    (or right after the cue): "does not collect" vs "doesn't halt tracking"."""
    start = 0
    for m in _CLAUSE_BOUNDARY.finditer(sentence, 0, cue):
        if _NEGATED_PRONOUN.search(sentence, max(0, m.start() - 40), m.start()) and \
                m.group(0).lower() in (
                "that", "who", "which"):
            continue  # "never hear anything that could identify": the negation governs it
        if m.group(0) == "," and _LIST_TO_CUE.fullmatch(sentence, m.end(), cue):
            continue  # "does not track, log, or sell": one negation over a list of verbs
        start = m.end()
    window = sentence[start:cue_end]
    after = sentence[cue_end:cue_end + 12]
    n = len(_NEGATORS.findall(window)) + len(_NEGATED_AFTER.findall(after))
    n += len(_BLOCKING.findall(sentence[:start]))
    n += len(_DENIED_THAT.findall(sentence[:start]))  # "X denied that it sells data"
    # "by breaking a promise to not share it": the promise was not kept
    n += bool(_BROKEN_PROMISE.search(sentence, max(0, cue - 80), cue))
    return "negative" if n % 2 else "positive"


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "thirty": 30,
            "ninety": 90, "a": 1, "an": 1}


def _period(m: re.Match[str]) -> str:
    """A period as "<number> <unit>" ("for six months" -> "6 months"); "indefinitely" stays."""
    if not m.group("n"):
        return "indefinitely" if m.group(0).lower() == "indefinitely" else "0 hours"
    n = m.group("n").lower()
    number = _NUMBERS.get(n, n)
    unit = m.group("u").lower()
    unit = unit if unit.endswith("s") or str(number) == "1" else unit + "s"
    return f"{number} {unit}"


def _first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text)


def _recipients(sentence: str, exclude: set[str]) -> list[str]:
    """Organisation names after "with", "to", "include(s)", "including"."""
    out: list[str] = []
    for m in list(re.finditer(r"\b(?:with|to|include|includes|included|including|such as)\s+"
                              r"(?P<list>[^.;:]{2,200})", sentence))[:1]:
        # the list ends where the sentence turns to who says so (", a joint investigation by
        # Motherboard … has found") or to an aside
        listed = re.split(r",\s+(?:a|an|according|as|which|who|said|says|but|while|researchers|"
                          r"the (?:\w+ )?(?:report|study|investigation|researchers?|complaint)|"
                          # "…, the FTC said": who says so is no recipient
                          r"(?:the\s+)?(?:[A-Z][\w.&-]*\s+){1,3}(?:said|says|added|stated|"
                          r"claimed|claims|alleged|alleges|reported|found|wrote))\b",
                          m.group("list"))[0]
        # "companies such as Adlytic and Tapstat": the names follow the kind
        named = re.match(r"(?-i:[^A-Z]*?)\b(?:such as|like|including|notably|among them|"
                         r"namely)\s+", listed)
        if named:
            listed = listed[named.end():]
        items = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+", listed)
        for part in items:
            name = re.sub(r"^(?:(?:including|such as|like|notably|among them)\s+)?"
                          r"(?:the|a|an|its|third[- ]party [\w ]*?firm|firm)?\s*", "", part.strip())
            # "an advertising server run by Vayo Media": the operator is the recipient
            run_by = re.search(r"\b(?:run|operated|owned|controlled) by (?:the )?(?=[A-Z])", name)
            if run_by and not re.match(r"[A-Z]", name):
                name = name[run_by.end():]
            name = re.match(r"((?:[A-Z][\w'’&.-]*|of|de)(?:\s+(?:[A-Z][\w'’&.-]*|of|de))*)", name)
            if not name:
                continue
            n = name.group(1).rstrip(".")
            if (n and n not in exclude and n not in out and not nz.countries_in(n)
                    and n not in nz.regulator_names()
                    and not nz.demonym_country(n.split()[0])
                    and n.split()[0] not in ("I", "We", "You", "They", "It")):
                out.append(n)
    return out


# Words that are not asserted: an indirect question ("asked whether it is encrypted") and a
# term being mentioned rather than used ("the phrase 'End to End'").
_NOT_ASSERTED = _re(r"\bwhether\b[^,;]*|"
                    r"\b(?:the )?(?:phrase|term|word|label)s? [‘'“\"][^’'”\"]+[’'”\"]")
_IN_TRANSIT = _re(r"\b(?:between (?:you|the user|users|your device) and (?:the |its |"
                  r"\w+['’]s )?servers?|"
                  r"in transit|TLS|SSL|HTTPS|transport(?:-layer)? encryption)\b")


def _alternatives(identifiers: list[str]) -> str:
    """A pattern finding where any of these identifiers is named in a sentence."""
    forms = [f for i in identifiers for f in nz.identifier_forms(i)]
    return r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) \
        + r")(?![\w-])"


def _mask(pattern: re.Pattern[str], text: str) -> str:
    """Blank out what a pattern matches, keeping every offset in place."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


# What a data practice is done to: personal data, named in general or by kind. A cue word
# that is also everyday English ("share with", "agree", "in order to", "exposed to",
# "retention", "sent … to", "anonymous source", "certified") makes a statement only when
# the sentence also names data; the cues that only ever speak of data (encrypt, anonymise,
# opt in, data broker) stand alone. Kinds of data come from terms.json (`categories`).
_GENERIC_DATA = _re(r"\b(?:data|datasets?|information|info|details|records|metadata)\b")
# "workout records", "transaction details", "patient information": a noun before the
# generic word says whose or what data it is ("other data", "any data" do not)
_QUALIFIED_DATA = _re(
    r"\b(?!(?:the|a|an|this|that|these|those|its|their|your|our|his|her|my|any|all|some|no|"
    r"more|most|less|other|such|same|own|much|enough|new|raw|of|and|or|to|for|with|from|on|in|"
    r"by|about|as|than|what|which|is|are|was|were|be|been|collected|gathered|shared|useful|"
    r"valuable|accurate|reliable|public|official|available|further|additional|detailed|"
    r"key|basic|general|financial)\b)[a-z][\w-]{2,} (?:data|information|details|records)\b")
_SPECIFIC_DATA = _re(
    r"\b(?:recordings|logs?|logged|logging|profiles?|identit(?:y|ies)|"
    r"identifiers?|IDs?|IP address(?:es)?|cookies?|passwords?|credentials|keystrokes|"
    r"screenshots|snapshots|transcripts|traffic|telemetry|messages|chats|e-?mails|backups?|"
    r"(?:first|full|real|user) ?names?|post ?codes?|zip codes?|home address(?:es)?|"
    r"e-?mail address(?:es)?|calls|voices?|audio|clips?|photos?|pictures|videos|footage|"
    r"contacts|"
    r"address books?|phone numbers?|locations?|whereabouts|coordinates|GPS|movements|"
    r"biometric\w*|fingerprints?|facial|faceprints?|health|medical|diagnos[ei]s|HIV|genetic|"
    r"DNA|searches|queries|URLs?|(?:sites?|pages?|websites?) (?:\w+ ){0,3}visit\w*|"
    r"accounts?|conversations|what (?:you|users|people|they) (?:watch|type|say|search|browse)|"
    r"personal|private|sensitive|privacy)\b")
# Whose data: generic words ("data", "information") make a data practice only beside the
# people it is about or the party handling it ("data collected by the spacecraft" does not)
_PERSONAL_ANCHOR = _re(
    r"\b(?:users?|customers?|consumers?|people|persons?|individuals?|you|your|yours|their|"
    r"patients?|child(?:ren)?|kids|minors|owners?|drivers?|riders?|members?|subscribers?|"
    r"viewers?|listeners?|visitors?|employees?|citizens?|households?|apps?|devices?|phones?|"
    r"handsets?|browsers?|websites?|sites?|services?|platforms?|company|firm|accounts?|"
    r"servers?|cloud|third parties|advertisers?|partners?)\b")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.I)


def _about_data(s: str, categories: list[str], device_ids: list[str],
                companies: set[str] = frozenset()) -> bool:
    """Whether the sentence names personal data a practice could be about: a kind of data
    or an identifier, or data in general beside whom it is about or who handles it."""
    if device_ids or _SPECIFIC_DATA.search(s) or _QUALIFIED_DATA.search(s) or any(
            not nz.is_generic_category(c) for c in categories):
        return True
    if not (categories or _GENERIC_DATA.search(s)):
        return False
    return bool(_PERSONAL_ANCHOR.search(s) or any(c in s for c in companies))


# Whose data, said right beside it: "users' raw audio", "a user's unique ID", "data about
# millions of customers", "information from patients", "their behaviour".
_DATUM = (r"(?:data|information|info|details|records|metadata|histor(?:y|ies)|activit(?:y|ies)|"
          r"identit(?:y|ies)|IDs?|identifiers?|profiles?|accounts?|locations?|whereabouts|"
          r"movements|contacts|messages|chats|e-?mails|photos?|pictures|images|videos?|"
          r"recordings?|audio|voices?|conversations|calls|searches|queries|habits|"
          r"behaviou?rs?|health|address(?:es)?|(?:phone )?numbers?|names?|passwords?|"
          r"credentials|traffic|files|footage)")
_OWNER = (r"(?:users?|customers?|consumers?|people|persons?|individuals?|patients?|"
          r"child(?:ren)?|kids|minors|members?|subscribers?|viewers?|listeners?|visitors?|"
          r"employees?|citizens?|drivers?|riders?|owners?|account holders?)")
# (the owner's possessive, or the owner as the first noun of a compound: "user data",
# not "individuals shared messages")
_WHOSE_DATA = _re(r"\b(?:" + _OWNER + r"['’]s?|your|their|his|her|my) (?:[\w'’-]+ ){0,2}"
                  + _DATUM + r"\b|\b" + _OWNER + " " + _DATUM + r"\b|"
                  r"\b" + _DATUM + r" (?:[\w'’-]+ ){0,2}(?:of|about|on|from|with|belonging to) "
                  r"(?:the |its |their |all |many |millions of |thousands of |[\w'’-]+ )?"
                  + _OWNER + r"\b")


def names_personal_data(sentence: str) -> bool:
    """Whether a sentence names personal data by itself, without the document's topic to
    lean on: an identifier, a kind of data in more than an everyday word ("browsing
    history", "call logs"), or data beside whose it is. "Storing data on the stack", "a
    location with permissions", "messages of support" and "a photo in the Times" do not."""
    s = _mask(_URL, sentence)
    if nz.device_identifiers_in(s) or _WHOSE_DATA.search(s):
        return True
    rest = nz.one_word_data_forms().sub(" ", s)
    return any(not nz.is_generic_category(c) for c in nz.data_categories_in(rest))


# Words that mark a text as being about data practices at all. Counted over the whole
# document: privacy reporting and company statements have 12-50 of them per 1000 words,
# ordinary news 0-7 (measured on Zyte's article-extraction-benchmark pages and our own
# and the development cases; see docs/extraction.md).
_TOPIC = _re(
    r"\b(?:privacy|personal (?:data|information)|user data|users['’] data|encrypt\w*|"
    r"decrypt\w*|anonymi[sz]\w*|pseudonym\w*|data protection|GDPR|CCPA|consent|"
    r"opt(?:s|ed)?[- ](?:in|out)|third[- ]part(?:y|ies)|track(?:s|ed|ing)? (?:users|you|people)|"
    r"(?:collect|share|sell|store|retain)\w* (?:\w+ ){0,3}(?:data|information)|data brokers?|"
    r"location data|telemetry|analytics|advertis\w+|servers?)\b")
TOPIC_MIN_TERMS = 3            # a short text (a statement, a notice) needs fewer:
TOPIC_WORDS_PER_TERM = 100     # one term per 100 words, up to TOPIC_MIN_TERMS
TOPIC_MIN_PER_1000_WORDS = 8.0


def about_data_practices(text: str) -> bool:
    """Whether a document is about data practices: in such a text a cue may speak of data
    its own sentence does not name ("It is never used for advertising", "Scene Match is
    off until the viewer turns it on"); elsewhere the sentence must name the data."""
    terms = sum(1 for _ in _TOPIC.finditer(text))
    words = len(text.split()) or 1
    needed = min(TOPIC_MIN_TERMS, 1 + words // TOPIC_WORDS_PER_TERM)
    return terms >= needed and terms * 1000 / words >= TOPIC_MIN_PER_1000_WORDS


def finding_reads_alike(sentence: str) -> bool:
    """True when `aspects_in(sentence, kind_hint="finding")` gives what it gives without
    the hint: the hint only cuts values at a contrast ("contrary to …")."""
    return _CONTRAST.search(_mask(_NOT_ASSERTED, sentence)) is None


def aspects_in(sentence: str, *, kind_hint: str | None = None,
               companies: set[str] = frozenset(), on_topic: bool = False) -> list[AspectHit]:
    """Every aspect the sentence speaks about, in a stable order. `on_topic`: the document
    is about data practices (`about_data_practices`), so a cue that is also everyday
    English needs no data named in this very sentence."""
    hits: list[AspectHit] = []
    # a link's "https" is no encryption and its path no place: links are read as blanks
    s = _mask(_NOT_ASSERTED, _mask(_URL, sentence))
    value_text = s
    if kind_hint == "finding":
        cut = _CONTRAST.search(s)
        if cut:
            value_text = s[:cut.start()]

    def add(aspect: str, m: re.Match[str], values: dict, polarity: str | None = None) -> None:
        pol = polarity or _polarity(s, m.start(), m.end())
        hits.append(AspectHit(aspect, m.start(), pol, {k: v for k, v in values.items() if v}))

    categories = nz.data_categories_in(s)
    device_ids = nz.device_identifiers_in(s)
    about_data = on_topic or _about_data(s, categories, device_ids, companies)
    relative_collection = None

    # data location: a place (or "locally"/"servers") and a verb of storing or sending
    users = _USERS_OF.findall(value_text)
    place_text = _NOT_A_DATA_PLACE.sub(" ", _USERS_OF.sub(" ", value_text))
    # "a Singapore-based server" is a server in Singapore
    place_text = _BASED_SERVER.sub(" based", place_text)
    countries = nz.countries_in(place_text, demonyms_before=SERVER)
    local = _LOCAL.search(s)
    if not countries and local and users:
        countries = nz.countries_in(" ".join(users))
    operators = nz.operators_in(value_text)
    verb = _LOCATION_VERB.search(s)
    server = _SERVER.search(s)
    location = False
    if verb and (countries or operators or local) and (server or countries and about_data):
        location = True
        add("data_location", verb, {"countries": countries, "operators": operators})
    elif server and (countries or operators) and _SERVER_PLACE.search(s):
        # "servers in Frankfurt rented from Hetzner", "our servers run from Switzerland"
        location = True
        add("data_location", server, {"countries": countries, "operators": operators})
    leaves = None if location else _LEAVES.search(s)
    if leaves and about_data:
        where = nz.countries_in(leaves.group("place"))
        if where and _polarity(s, leaves.start(), leaves.end()) == "negative":
            # "recordings never leave India": kept there
            location = True
            add("data_location", leaves, {"countries": where, "operators": operators},
                polarity="positive")

    m = _ENCRYPTION.search(_mask(_KEYS_TRAVEL, s)) or _COMPANY_HOLDS_KEYS.search(s)
    if m and not (about_data or _ENC_STRONG.search(s) or _ENC_CARRIER.search(s)):
        m = None  # "an end-to-end solution", "HTTPS, OAuth and XML": no data in sight
    if m:
        if _ENC_WEAK.search(value_text):
            state = "weak"
        elif _ENC_ENCODED.search(s) and not re.search(r"encrypt", s, re.I):
            state = "encoded_only"
        elif _ENC_NONE.search(s):
            state = "unencrypted"
        elif _ENC_E2E.search(s):
            state = "end_to_end"
        else:
            state = "encrypted"
        values = {"state": state, "algorithms": nz.algorithms_in(value_text)}
        if state == "encrypted" and _IN_TRANSIT.search(value_text):
            values["context"] = ["in transit"]
        keys = _COMPANY_HOLDS_KEYS.search(s) if state == "encrypted" else None
        if keys:
            # "the servers held the keys", "the company could decrypt calls": not end-to-end;
            # "we cannot decrypt them" is the end-to-end promise
            values["state"] = "end_to_end"
            denied = _polarity(s, keys.start(), keys.end()) == "negative"
            add("encryption", m, values, polarity="positive" if denied else "negative")
        else:
            add("encryption", m, values)

    m = _ANON.search(s)
    if m and not about_data and not _ANON_STRONG.search(s):
        m = None  # "an anonymous source", "aggregated demand": no data in sight
    if not m and device_ids:
        m = re.search(_alternatives(device_ids), s, re.I)
        if _polarity(s, m.start(), m.end()) == "negative":
            m = None  # "we do not collect the IMEI" is about collection
    collect_strong = _COLLECT_STRONG.search(s)
    denied = collect_strong
    if m and _ANON_IDENTIFIER_ONLY.fullmatch(m.group(0)) and denied and \
            denied.start() < m.start() and _polarity(s, *denied.span()) == "negative":
        m = None  # "we do not collect the MAC address, IMEI or …" is about collection

    if m:
        ident = _ANON_IDENTIFIABLE.search(s)
        # "stripped of identifying information", "identifying information removed" — but
        # "identify supposedly anonymous people" is identification
        if ident and _polarity(s, *ident.span()) == "positive" and not (
                _ANON_REMOVED.search(s[max(0, ident.start() - 60):ident.start()])
                or _ANON_REMOVED_AFTER.search(s[ident.end():ident.end() + 40])):
            state = "identifiable"
        elif _ANON_PSEUDO.search(s) or device_ids:
            state = "pseudonymous"
        else:
            state = "anonymised"
        if state == "identifiable" and re.search(r"de-?anonymi[sz]|could be|would be", s, re.I) \
                and not re.search(r"\bidentify\b", s, re.I):
            state = "pseudonymous"
        polarity = _polarity(s, m.start(), m.end())
        if state == "anonymised" and ident and polarity == "negative":
            polarity = "positive"  # "can't identify you": the state already says it
        add("anonymisation", m, {"state": state, "identifiers": nz.identifiers_in(s)},
            polarity=polarity)

    strong = collect_strong
    if strong and _NOT_PERSONAL_COLLECTION.search(s, max(0, strong.start() - 60),
                                                  strong.end() + 60):
        strong = None  # "collecting interest", "researchers collected data on the cannabis"
    weak = _COLLECT_WEAK.search(s) if not location else None
    m = strong or weak
    if m and (_NOT_AN_ACT.search(s[:m.start()]) and " " not in m.group(0)
              or (m.start() == 0 and m.group(0).endswith("ing"))
              or _FEATURE_DESCRIPTION.search(s[:m.start()]) or _CONSENTED_IF.match(s)):
        m = None
    if m is strong and m is not None and re.match(r"(?:send|sent|forward|transmit)", m.group(0),
                                                  re.I):
        out = _SHARING.search(s, m.start())
        if out and out.start() == m.start() and _polarity(s, m.start(), m.end()) == "negative":
            # "never sent any collected data to third parties" denies where it goes, not
            # that it was collected
            m = None
    if m is weak and m is not None and _KEPT_PRIVATE.search(s, max(0, m.start() - 12)):
        m = None  # "keep users' data private", "would be kept private": not sharing it
    if m is weak and m is not None and _AFTER_DELETION.search(s):
        m = None  # "keeps data after an account is deleted" is how long, not whether
    if m is weak and m is not None and _PERIOD.search(s) and not [
            c for c in categories if not nz.is_generic_category(c)] and not re.search(
            r"\b(?:sites?|pages?|address(?:es)?|URLs?) (?:\w+ ){0,3}visit", s, re.I):
        m = None  # "keeps trip records for 18 months": a period, nothing new collected
    if m and " " not in m.group(0):
        # the cue itself is no data: "recording" in "re-recording her hits" or "recording
        # artists" names nothing recorded
        rest = s[:m.start()] + " " * len(m.group(0)) + s[m.end():]
        if not (on_topic or _about_data(rest, nz.data_categories_in(rest), device_ids,
                                        companies)):
            m = None
    elif m and not about_data:
        m = None  # "enemy attacks track you": in a text not about data, data must be named
    if m and (categories or _DATA_WORD.search(s) or _TRACK_PEOPLE.search(s)
              or on_topic and " " not in m.group(0) and _IMPLICIT_OBJECT.match(m.group(0))
              or on_topic and m.group(0).lower().endswith("collection")):
        relative_only = _relative_collection(s) and not _COLLECT_STRONG.search(
            _RELATIVE_COLLECT.sub("", s))
        # "sent snapshots of the screen to servers in Virginia" names what was collected;
        # "sent the data to servers in Virginia" only says where it went
        specific = [w for w in _DATA_WORD.findall(s)
                    if w.lower() not in ("data", "information", "details")]
        generic_only = all(nz.is_generic_category(c) for c in categories) and not (
            not categories and specific)
        if relative_only and not location:
            relative_collection = m  # kept when the sentence says nothing else (below)
        elif not (location and generic_only):
            add("collection", m, {"data": categories or list(device_ids)})
    on_device = _ON_DEVICE.search(s)
    if on_device and not any(h.aspect == "collection" for h in hits) and (
            categories or _DATA_WORD.search(s)):
        # "call logs stay on the device" denies collection; "don't stay on it" asserts it
        kept_local = _polarity(s, on_device.start(), on_device.end()) == "positive"
        if on_device.group(0).lower().startswith("never"):
            kept_local = not kept_local  # "never leaves the phone": its own "never" keeps it
        add("collection", on_device, {"data": categories},
            polarity="negative" if kept_local else "positive")

    m = _CONSENT.search(s)
    staff_permission = _STAFF_PERMISSION.search(s)
    if m and staff_permission and m.start() >= staff_permission.start():
        m = None  # "engineers had no permission to access the data": who may reach it
    if m and not about_data and not _CONSENT_STRONG.search(s):
        m = None  # "agree to cut output", "gives you permission to ignore": no data in sight
    if m and re.match(r"can ", m.group(0), re.I) and not (
            _DATA_WORD.search(s) or re.search(r"\b(?:transmission|collection|tracking|sharing|"
                                              r"logging|uploads?|analytics)\b", s, re.I)):
        m = None  # "the lamp can be turned off": something else than data is switched off
    if m and m.group(0).lower() == "by default" and re.search(
            r"\b(?:encrypt\w*|private|protected|secured?|hidden)\W+$", s[:m.start()], re.I):
        m = None  # "end-to-end encrypted by default" is about encryption, not consent
    if m and not _CONSENT_EVEN.search(s[:m.start()]):
        text = s.lower()
        without = re.search(r"without (?:asking|permission|consent|telling|notice|notifying|"
                            r"your knowledge)|not aware|secretly|covertly|surreptitiously", text)
        if without:
            # the user was not asked: opt-in did not happen; "never … without permission"
            # is the promise that it always does
            denied = _polarity(s, without.start(), without.start()) == "negative"
            state, pol = "opt_in", "positive" if denied else "negative"
        elif re.search(r"opt(?:s|ed|ing)?[- ]out|can be (?:turned|switched) off|can (?:turn|"
                       r"switch) (?:it |this |that )?off|can be disabled|can disable", text):
            # "opting out does not actually stop the analytics": an opt-out that fails
            state, pol = "opt_out", "negative" if _OPT_OUT_FAILS.search(text) else "positive"
        elif re.search(r"\b(?:off|disabled|not (?:enabled|active|on)|switched off|turned off)"
                       r" (?:by default|until)\b|\bunless (?:you|the user|users|a parent|parents) "
                       r"(?:say yes|agree|allow|consent|opt in|switch|turn)", text):
            state, pol = "opt_in", "positive"  # "switched off by default" waits for the user
        elif "default" in text:
            state, pol = "default_on", "positive"
        else:
            state, pol = "opt_in", _polarity(s, m.start(), m.end())
            if re.search(r"\b(?:not|never|n't)\s+(?:\w+\s+){0,2}collect\w*\b[^.;]{0,80}?"
                         r"\b(?:not|never|n't)\b[^.;]{0,30}?\b(?:permission|consent)", text):
                pol = "positive"  # "does not collect data the user has not consented to"
        add("consent", m, {"state": state}, polarity=pol)
        # "we don't collect data you have not consented to" is about consent, not collection
        if re.search(r"\b(?:not|never|n't)\b[^,;.]{0,30}\b(?:consent|agree|approv|permi)", text):
            hits[:] = [h for h in hits if not (h.aspect == "collection"
                                               and h.polarity == "negative"
                                               and h.cue_start < m.start())]

    m = _SHARING.search(s)
    flow = None if m else _SHARING_FLOW.search(s)
    receiver = None if m or flow else _RECEIVER.search(s)
    if not about_data and not (m and _SHARING_STRONG.search(s)):
        m = flow = receiver = None  # "share it with a friend", "sent troops to": no data
    if (m or flow) and _to_own_servers(s[(m or flow).start():], companies):
        # "forward URLs and other data to Korvo servers": to the company itself, which is
        # collection, not sharing
        if not any(h.aspect == "collection" for h in hits):
            add("collection", m or flow, {"data": categories or list(device_ids)})
        m = flow = None
    if receiver:
        # "Five companies were receiving names and IP addresses": the receivers are named
        # before the verb
        who = _recipients("to " + receiver.group("who"), companies)
        add("third_party_sharing", receiver, {"recipients": who, "data": [
            c for c in categories if not nz.is_generic_category(c)]})
    elif m or flow:
        media = nz.media_names()
        recipients = _recipients(value_text[(m or flow).start():], companies)
        # a flow needs a recipient: a named one, not an outlet, or an outside party's kind
        # ("to four analytics companies"); "went to Singapore" is a place
        unnamed_party = flow is not None and _THIRD_PARTY_AFTER.match(s, flow.end())
        if m and not (recipients and all(r in media for r in recipients)) or flow and (
                [r for r in recipients if r not in media] or unnamed_party):
            # the kind of data shared, so a denial about one kind ("never shared location
            # data") can be told from sharing of another
            cue = m or flow
            if _KEPT_PRIVATE.match(s, cue.start()):
                # "would stay private" is the promise that it is not shared
                polarity = "positive" if _polarity(s, cue.start(), cue.end()) == "negative" \
                    else "negative"
            else:
                polarity = None
            values = {"recipients": recipients, "data": [
                c for c in categories if not nz.is_generic_category(c)]}
            if _LIMITED.search(_clause_around(s, cue.start(), cue.end())):
                values["state"] = "restricted"  # "only with the payment networks"
            elif _SELLING.search(cue.group(0)) and not _HANDING_ON.search(
                    _clause_around(s, cue.start(), cue.end())):
                # "we never sell your data" says nothing of sharing it; a sale is a sale
                values["purpose_kinds"] = ["sale"]
            elif _TO_ADVERTISERS.search(s):
                # "sharing it with third-party advertisers": for money, as a sale is
                values["purpose_kinds"] = ["advertising"]
            add("third_party_sharing", cue, values, polarity=polarity)

    m = _CERTIFICATION.search(s)
    certifiers, standards = (nz.certifiers_in(s), nz.standards_in(s)) if m else ([], [])
    if m and not (certifiers or standards or on_topic or _SECURITY.search(s)):
        m = None  # "certified refurbished", "a certified financial planner"
    if m:
        lapsed = _CERT_LAPSED.search(s)  # "the certificate expired", "does not cover"
        add("certification", m,
            {"certifiers": certifiers, "standards": standards},
            polarity="negative" if lapsed else None)

    m = _PURPOSE.search(s)
    if m and not about_data:
        m = None  # "in order to reduce unsprung weight"
    if m:
        purpose = next((g for g in m.groups() if g), m.group(0))
        add("purpose", m, {"purposes": [purpose.strip()]})
        if m.group("p13"):
            # "which we collect to provide support" says what for: the collection it
            # names on the way is no statement of its own
            hits[:] = [h for h in hits if not (h.aspect == "collection"
                                               and h.polarity == "positive")]

    m = _RETENTION.search(s) or (_KEPT.search(s) and _RETENTION_BARE.search(s))
    if m and not about_data:
        m = None  # "subscriber retention", "keeps the cores cooler for longer"
    if m and re.match(r"(?:zero|no)[- ]logs?", m.group(0), re.I):
        # "a zero-log provider" keeps nothing: a negative claim, unless itself denied
        pol = "positive" if _polarity(s, m.start(), m.end()) == "negative" else "negative"
        p = _PERIOD.search(s)
        add("retention", m, {"period": _period(p) if p else None}, polarity=pol)
        m = None
    if m:
        p = _PERIOD.search(s)
        add("retention", m, {"period": _period(p) if p else None})

    m = _ACCESS.search(s) or staff_permission
    if m and re.match(r"access\w* (?:to )?(?:your|their|his|her|one['’]s) (?:own )?accounts?\b",
                      m.group(0), re.I):
        m = None  # "a code to access your account": logging in, not reaching others' data
    if m and not about_data:
        m = None  # "exposed to avian protein", "hand over the reins", "you can read it here"
    if m:
        values: dict = {"parties": sorted({p.lower() for p in _PARTIES.findall(s)})}
        if _ONLY_WHO.search(_clause_before(s, m.start())) or _GATEKEEPER.search(s):
            values["state"] = "restricted"  # "only a small team can see trips"
        add("access", m, values)
    if relative_collection and not hits and _WHAT_IS_COLLECTED.search(s):
        # "there are two types of data that are collected by the company": the collection
        # named in a relative clause is what the sentence is about when it says nothing else
        add("collection", relative_collection, {"data": categories or list(device_ids)})
    return hits
