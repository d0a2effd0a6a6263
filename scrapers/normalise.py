"""Normalised values from free text: countries, operators, certifiers, standards,
identifiers, algorithms, data categories and contexts.

The facts live in `scrapers/data/*.json` (each with its source noted); this module
only turns them into matchers. Every finder returns values in the vocabulary of
CONTRACT.md, in the order they appear in the text, without duplicates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import pycountry

from scrapers.gate import FOLDS_INTO_ASCII, Gated


@cache
def _data(name: str) -> dict:
    return json.loads(resources.files("scrapers.data").joinpath(name).read_text("utf-8"))


def _alternation(forms: list[str]) -> str:
    forms = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


def _word_re(forms: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + _alternation(forms) + r")(?![\w-])", flags)


# A table's patterns are tried only when the text has a word one of its forms begins with
# (a literal form matches as a whole word, so its first word stands whole in the text):
# most sentences name no operator, standard or algorithm, and a set lookup is cheaper
# than a search. Texts with characters IGNORECASE folds oddly are searched in full.
_WORD = re.compile(r"\w+")


def _heads(forms: list[str], fold: bool) -> frozenset[str] | None:
    """First words of literal forms, or None when they cannot gate (no forms, a form
    not starting with a word character, non-ASCII forms under IGNORECASE)."""
    heads = set()
    for f in forms:
        m = _WORD.match(f)
        if not m or (fold and not f.isascii()):
            return None
        heads.add(m.group(0).lower() if fold else m.group(0))
    return frozenset(heads) if heads else None


@lru_cache(maxsize=16)
def _words(text: str, fold: bool) -> frozenset[str] | None:
    """The text's words (lower-cased under IGNORECASE), or None: search in full."""
    if fold:
        if FOLDS_INTO_ASCII.search(text):
            return None
        return frozenset(w.lower() for w in _WORD.findall(text))
    return frozenset(_WORD.findall(text))


@dataclass(frozen=True)
class _Table:
    """value -> pattern, with the first words each value's forms begin with."""

    patterns: dict[str, re.Pattern[str]]
    heads: dict[str, frozenset[str] | None]
    fold: bool

    @classmethod
    def of(cls, forms: dict[str, list[str]], fold: bool = False) -> _Table:
        flags = re.I if fold else 0
        return cls({v: _word_re(f, flags) for v, f in forms.items()},
                   {v: _heads(f, fold) for v, f in forms.items()}, fold)

    def tried(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        """The (value, pattern)s that may match in `text`, in table order."""
        words = _words(text, self.fold)
        if words is None:
            return list(self.patterns.items())
        return [(v, p) for v, p in self.patterns.items()
                if self.heads[v] is None or not self.heads[v].isdisjoint(words)]

    def may_match(self, text: str) -> bool:
        return bool(self.tried(text))


def _find(table: _Table, text: str) -> list[tuple[int, str]]:
    hits = []
    for value, pattern in table.tried(text):
        hits += [(m.start(), value) for m in pattern.finditer(text)]
    return hits


def _ordered(hits: list[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    for _, v in sorted(hits):
        if v not in out:
            out.append(v)
    return out


# --- countries --------------------------------------------------------------


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                names[v] = c.alpha_2
    places = _data("places.json")
    names.update(places["names"])
    names.update(places["cities"])
    # Names that are more often something else in privacy reporting.
    for ambiguous in ("Jersey", "Georgia", "Chad", "Guinea", "Niger", "Jordan", "Turkey"):
        names.pop(ambiguous, None)
    return names


@cache
def _country_re() -> re.Pattern[str]:
    return _word_re(list(_country_names()))


@cache
def _country_table() -> _Table:
    """One value: the gate in front of `_country_re` (which tells the countries apart)."""
    return _Table.of({"": list(_country_names())})


@cache
def _demonym_re() -> re.Pattern[str]:
    return _word_re(list(_data("places.json")["demonyms"]))


@cache
def _demonym_table() -> _Table:
    return _Table.of({"": list(_data("places.json")["demonyms"])})


def demonym_country(word: str) -> str | None:
    return _data("places.json")["demonyms"].get(word)


def countries_in(text: str, *, demonyms_before: str | None = None) -> list[str]:
    """ISO codes of countries named in the text (names, short names, cities).

    Demonyms ("Chinese internet giant") describe who someone is, not where data
    goes, so they count only when followed by `demonyms_before` (a regex such as
    r"servers|data cent") — "Singaporean servers" is a place."""
    names = _country_names()
    hits = ([(m.start(), names[m.group(0)]) for m in _country_re().finditer(text)]
            if _country_table().may_match(text) else [])
    if demonyms_before and _demonym_table().may_match(text):
        follow = re.compile(r"\s+(?:" + demonyms_before + r")", re.I)
        for m in _demonym_re().finditer(text):
            if follow.match(text, m.end()):
                hits.append((m.start(), demonym_country(m.group(0))))
    return _ordered(hits)


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


# --- organisations ------------------------------------------------------------


@cache
def _operator_res() -> _Table:
    return _Table.of(_data("organisations.json")["operators"])


_SERVER_WORDS = re.compile(r"server|cloud|data ?cent|hosted|hosting|infrastructure", re.I)


def operators_in(text: str) -> list[str]:
    """Hosting operators by name or alias ("AWS" -> "Amazon Web Services"). Names that
    also mean a non-cloud company ("Alibaba") count only beside server words."""
    tried = _operator_res().tried(text)
    if not tried:
        return []
    needs_context = set(_data("organisations.json")["operator_needs_server_context"])
    hits = []
    server_context = None  # looked for only when a name needs it
    for name, pattern in tried:
        for m in pattern.finditer(text):
            if m.group(0) in needs_context:
                if server_context is None:
                    server_context = bool(_SERVER_WORDS.search(text))
                if not server_context:
                    continue
            hits.append((m.start(), name))
    return _ordered(hits)


@cache
def _certifier_res() -> _Table:
    return _Table.of({name: spec["aliases"]
                      for name, spec in _data("organisations.json")["certifiers"].items()})


_GERMAN_BSI = re.compile(r"German|Federal Office|Bundesamt", re.I)


def certifiers_in(text: str) -> list[str]:
    """Certification bodies; "BSI" is the British Standards Institution unless the
    text speaks of Germany's federal office."""
    out = []
    for v in _ordered(_find(_certifier_res(), text)):
        if v == "BSI" and _GERMAN_BSI.search(text):
            v = "BSI (Germany)"
        if v not in out:
            out.append(v)
    return out


@cache
def _standard_res() -> _Table:
    return _Table.of(_data("organisations.json")["standards"])


def standards_in(text: str) -> list[str]:
    return _ordered(_find(_standard_res(), text))


@cache
def media_names() -> frozenset[str]:
    return frozenset(_data("organisations.json")["media"])


@cache
def family_parents() -> dict[str, str]:
    """Company, brand or product -> the company that owns or makes it (organisations.json
    "families"): "TikTok" -> "ByteDance", "Mi Browser" -> "Xiaomi"."""
    out: dict[str, str] = {}
    for parent, children in _data("organisations.json")["families"].items():
        for child in children:
            out.setdefault(child, parent)
    return out


@cache
def regulator_names() -> frozenset[str]:
    return frozenset(_data("organisations.json")["regulators"])


# --- technical terms ----------------------------------------------------------


@cache
def _identifier_res() -> _Table:
    return _Table.of(_data("terms.json")["identifiers"], fold=True)


def identifiers_in(text: str) -> list[str]:
    return _ordered(_find(_identifier_res(), text))


def identifier_forms(identifier: str) -> list[str]:
    """How texts name an identifier ("android_id" -> "Android ID", "SSAID", …)."""
    return list(_data("terms.json")["identifiers"].get(identifier, []))


def device_identifiers_in(text: str) -> list[str]:
    """Identifiers that single out one device ("IMEI", "MAC address"), not contact details."""
    device = set(_data("terms.json")["device_identifiers"])
    return [i for i in identifiers_in(text) if i in device]


@cache
def _algorithm_res() -> _Table:
    return _Table.of(_data("terms.json")["algorithms"])


def algorithms_in(text: str) -> list[str]:
    """Algorithms and modes; an AES key "in ECB mode" becomes "AES-128-ECB"."""
    found = _ordered(_find(_algorithm_res(), text))
    for mode in ("ECB", "CBC", "GCM"):
        if mode in found:
            aes = [a for a in found if a.startswith("AES-")]
            if aes:
                found = [f"{a}-{mode}" if a in aes else a for a in found if a != mode]
    return found


@cache
def _category_res() -> _Table:
    categories = _data("terms.json")["data_categories"]
    # plurals count too ("contact lists", "search histories")
    out, heads = {}, {}
    for k, v in categories.items():
        forms = [f for form in v["forms"] for f in (form, form + "s", form + "es",
                                                    form[:-1] + "ies" if form.endswith("y")
                                                    else form)]
        # "patterns": phrasings too varied to list ("every address a user visits")
        alternation = "|".join([_alternation(forms)] + v.get("patterns", []))
        out[k] = re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])", re.I)
        heads[k] = None if v.get("patterns") else _heads(forms, True)
    return _Table(out, heads, True)


def data_categories_in(text: str) -> list[str]:
    """Data categories (snake_case keys of terms.json); generic ones ("user data")
    only when nothing more specific is named."""
    found = _ordered(_find(_category_res(), text))
    generic = set(_data("terms.json")["generic_data"])
    specific = [c for c in found if c not in generic]
    return specific or found


@cache
def one_word_data_forms() -> re.Pattern[str]:
    """The one-word forms of terms.json's data categories ("location", "messages",
    "photos"): everyday words, data only when the text says whose."""
    forms = {f for spec in _data("terms.json")["data_categories"].values()
             for f in spec["forms"] if " " not in f}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
                      + r")\b", re.I)


@cache
def _purpose_kind_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    kinds = _data("terms.json")["purpose_kinds"]
    return tuple((kind, re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + ")",
                                   re.I)) for kind, forms in kinds.items())


def purpose_kinds(purpose: str) -> list[str]:
    """The kinds of purpose a phrase names ("keep your account secure" -> ["security"],
    "deliver tailored ads" -> ["advertising"]), in terms.json order."""
    return [kind for kind, pattern in _purpose_kind_res() if pattern.search(purpose)]


def dpv_category(category: str) -> str | None:
    """The W3C DPV concept for a data category, as a full IRI."""
    spec = _data("terms.json")["data_categories"].get(category)
    if not spec:
        return None
    prefix, local = spec["dpv"].split(":", 1)
    base = {"pd": "https://w3id.org/dpv/pd#", "dpv": "https://w3id.org/dpv#"}[prefix]
    return base + local


def is_generic_category(category: str) -> bool:
    return category in _data("terms.json")["generic_data"]


@cache
def _context_res() -> _Table:
    return _Table.of(_data("terms.json")["contexts"], fold=True)


_REGION_USERS = Gated(re.compile(
    r"\b(?:(?P<demonym>[A-Z][A-Za-z]+(?: [A-Z][a-z]+)?) (?:users|customers|consumers|citizens|"
    r"subscribers))"
    r"|(?:(?:users|customers|consumers|citizens|subscribers|#?\w*[Ff]ans) (?:in|from) (?:the )?"
    r"(?P<place>[A-Z][\w.]+(?: [A-Z][\w.]+)?))"))
_FEATURE_OFF = Gated(re.compile(
    r"\b(?P<feature>(?:[A-Z][\w-]*\s){0,2}[A-Z][\w-]*(?:\s[Hh]istory|\s[Ss]ervices?|\s[Ss]ettings?)?)"
    r"\s+(?:is\s+|was\s+)?(?P<state>paused|off|turned off|disabled|switched off)\b"
    # "switched off by default" is a consent setting, not the context of a statement
    r"(?!\s+(?:by default|until)\b)"))
_FEATURE_OFF_VERB = Gated(re.compile(
    r"\b(?:pause|pausing|paused|turn off|turned off|turning off|disable|disabled|"
    r"disabling)\s+(?:the\s+|their\s+|your\s+)?"
    r"(?P<feature>(?:Google(?:’s|'s)?\s)?[A-Z][\w-]*(?:\s[A-Z][\w-]*)?)"))
# "due to an error", "by mistake": the company admits a failure rather than claiming a practice
_ADMISSION = Gated(re.compile(
    r"\b(?:due to (?:an?|a technical) (?:error|mistake|bug|glitch)|by mistake|"
    r"mistakenly|inadvertently|accidentally|in error)\b", re.I))
# "currently", "current programs": a claim about now, not about what a finding saw before
_CURRENT = Gated(re.compile(r"\b(?:current|currently|anymore|any longer|these days)\b", re.I))
_DISCONTINUED = Gated(re.compile(
    r"\b(?:(?:will|would|is going to|are going to)(?: (?:\w+ly|nevertheless|also|now|soon))? "
    r"(?:stop|cease|end|shut|wind|halt)|(?:will|would) be (?:halted|stopped|ended|discontinued|"
    r"phased out)|phas(?:e|es|ed|ing) out|wind(?:s|ing)? down|ceased|stopped|discontinued|"
    r"shut down|(?:pledged|promised|vowed|agreed|decided|plans?|planned) to (?:stop|end|cease)|"
    r"closed (?:its|the|down)|no longer (?:sells|collects|shares|offers|uses|using))\b", re.I))


# A change the company says it will make: not what it does now ("will now increase the
# encryption", "plans to move the data"); not a standing promise ("will never share").
_PLANNED = Gated(re.compile(
    r"\b(?:will (?:now |soon |also |shortly )?(?:add|increase|introduce|roll out|implement|"
    r"improve|strengthen|begin|start|launch|upgrade|move|switch|migrate|update)|"
    r"(?:plans?|planned|is planning|intends?) to (?:add|increase|introduce|roll out|implement|"
    r"improve|strengthen|begin|start|launch|upgrade|move|switch|migrate|update|have))\b", re.I))


def contexts_in(text: str) -> list[str]:
    """Contexts a statement is limited to, normalised ("in incognito mode",
    "Indian users", "Location History off", "discontinued", "planned")."""
    hits = [(pos, v) for pos, v in _find(_context_res(), text) if v != "opted out"]
    for m in _REGION_USERS.finditer(text):
        code = None
        if m.group("demonym"):
            # "Indian users", and a country's short name used the same way ("UK customers")
            code = demonym_country(m.group("demonym")) or _country_names().get(m.group("demonym"))
        elif m.group("place"):
            code = _country_names().get(m.group("place"))
        if code:
            hits.append((m.start(), f"users in {code}"))
        elif m.group("demonym") in ("EU", "European"):
            hits.append((m.start(), "users in EU"))
    feature_hits = []
    for m in list(_FEATURE_OFF.finditer(text)) + list(_FEATURE_OFF_VERB.finditer(text)):
        feature = re.sub(r"^(?:With|When|If|Even|The)\s+", "", m.group("feature")).strip()
        feature = re.sub(r"^Google(?:’s|'s)?\s+", "", feature)
        if feature and feature[0].isupper() and len(feature) > 2:
            feature_hits.append((m.start(), f"{feature} off"))
    hits += feature_hits
    if not feature_hits and re.search(r"\bopt(?:ed|s)? out\b|\bopt-out\b", text, re.I):
        hits.append((0, "opted out"))
    if _ADMISSION.search(text):
        hits.append((len(text), "admitted error"))
    if _CURRENT.search(text):
        hits.append((len(text), "current practice"))
    if _DISCONTINUED.search(text):
        hits.append((len(text), "discontinued"))
    elif _PLANNED.search(text):
        hits.append((len(text), "planned"))
    return _ordered(hits)


def normalise_context(context: str) -> str:
    """A key to compare contexts by: feature toggles and opting out are one family."""
    c = context.lower()
    if c.endswith(" off") or c == "opted out":
        return "feature off"
    return c
