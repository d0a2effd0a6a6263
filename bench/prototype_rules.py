"""Rule shapes proposed for issue 7, measured by check_bench.py --prototype.

Not used by privacykg: the rules in kg/rules stay the reference. Two rewrites:

1. `reorder`: the "same company" lines (claimant/subject → organisation ← subject) moved
   from after the evidence UNION and the OPTIONALs to right after the claim's own
   patterns. In SPARQL algebra an OPTIONAL closes the join before it, so in the shipped
   order Oxigraph joins every claim with every piece of evidence (no shared variable:
   a cross product) before it reaches the lines that tie them to one company. Moved up,
   the claim side, the path and the organisation are one basic graph pattern the
   optimiser can order. Same results: the moved patterns share no variable with the
   OPTIONALs they now precede.
2. `hosting-operator-mismatch`, `data-location-mismatch`: both sides as sub-selects
   that each end in ?org, hash-joined on ?org, so the work is the sum over
   companies of (claims of that company × evidence about it), not claims × evidence.
"""

from __future__ import annotations

from dataclasses import replace

from kg.rules import Rule, load_rules
from kg.vocab import sparql_prefixes

SAME_COMPANY = (
    "  ?claim pkg:claimant|pkg:subject ?ca . "
    "?ca (schema:manufacturer|schema:parentOrganization)* ?org .\n"
    "  ?evidence pkg:subject ?ea . ?ea (schema:manufacturer|schema:parentOrganization)* ?org .\n"
    "  ?org a schema:Organization .\n")


def reorder(sparql: str) -> str | None:
    """The rule with its same-company lines right after the claim's patterns."""
    if SAME_COMPANY not in sparql:
        return None
    lines = sparql.replace(SAME_COMPANY, "").split("\n")
    select = next(i for i, line in enumerate(lines) if line.startswith("SELECT"))
    at = len(lines)
    for i in range(select + 2, len(lines)):
        s = lines[i].strip()
        if not lines[i].startswith("    ") and not s.startswith(("?claim", "FILTER(?said")):
            at = i
            break
    lines.insert(at, SAME_COMPANY.rstrip("\n"))
    return "\n".join(lines)


_CLAIM_ORG = """?claim pkg:claimant|pkg:subject ?ca .
      ?ca (schema:manufacturer|schema:parentOrganization)* ?org . ?org a schema:Organization ."""
_EVIDENCE_ORG = """?evidence pkg:subject ?ea .
      ?ea (schema:manufacturer|schema:parentOrganization)* ?org ."""

HAND_WRITTEN = {
    "hosting-operator-mismatch": f"""
SELECT DISTINCT ?claim ?evidence ?confidence ?explanation WHERE {{
  {{ SELECT DISTINCT ?claim ?said ?saidName ?org WHERE {{
      ?claim a pkg:Claim ; pkg:aspect pkg:DataLocation ; pkg:polarity pkg:Positive ;
             pkg:operator ?said .
      ?said schema:name ?saidName .
      {_CLAIM_ORG}
      FILTER NOT EXISTS {{ ?claim pkg:context "admitted error" }}
  }} }}
  {{ SELECT DISTINCT ?evidence ?seen ?seenName ?confidence ?org WHERE {{
      {{
        ?evidence a pkg:Finding ; pkg:aspect pkg:DataLocation ; pkg:polarity pkg:Positive ;
                  pkg:operator ?seen .
        OPTIONAL {{ ?evidence pkg:reported ?reported }}
        BIND(IF(BOUND(?reported), 0.6, 0.7) AS ?confidence)
      }} UNION {{
        ?evidence a pkg:Observation ; pkg:operator ?seen ; pkg:strength ?strength .
        FILTER(?strength != "contacted")
        FILTER NOT EXISTS {{ ?evidence pkg:thirdParty true }}
        BIND(0.85 AS ?confidence)
      }}
      ?seen schema:name ?seenName .
      {_EVIDENCE_ORG}
  }} }}
  OPTIONAL {{ ?claim pkg:operator ?same . FILTER(?same = ?seen) }}
  FILTER(!BOUND(?same))
  BIND(CONCAT("The company says the data is kept on ", ?saidName,
              " servers; the evidence shows servers run by ", ?seenName, ".") AS ?explanation)
}}""",
    "data-location-mismatch": f"""
SELECT DISTINCT ?claim ?evidence ?confidence ?scope ?explanation WHERE {{
  {{ SELECT DISTINCT ?claim ?said ?org WHERE {{
      ?claim a pkg:Claim ; pkg:aspect pkg:DataLocation ; pkg:polarity pkg:Positive ;
             pkg:country ?said .
      {_CLAIM_ORG}
      FILTER NOT EXISTS {{ ?claim pkg:context "admitted error" }}
      FILTER NOT EXISTS {{ ?claim pkg:context "discontinued" }}
  }} }}
  {{ SELECT DISTINCT ?evidence ?seen ?base ?how ?org WHERE {{
      {{
        ?evidence a pkg:Finding ; pkg:aspect pkg:DataLocation ; pkg:polarity pkg:Positive ;
                  pkg:country ?seen .
        OPTIONAL {{ ?evidence pkg:reported ?reported }}
        BIND(IF(BOUND(?reported), 0.65, 0.75) AS ?base)
        BIND("a reported finding" AS ?how)
      }} UNION {{
        ?evidence a pkg:Observation ; pkg:country ?seen ; pkg:strength ?strength .
        FILTER(?strength != "contacted")
        BIND(0.9 AS ?base)
        BIND("a network capture (first-hand)" AS ?how)
      }}
      {_EVIDENCE_ORG}
  }} }}
  OPTIONAL {{ ?claim pkg:country ?same . FILTER(?same = ?seen) }}
  FILTER(!BOUND(?same))
  OPTIONAL {{
    ?claim pkg:context ?users . FILTER(STRSTARTS(?users, "users in "))
    ?evidence prov:wasDerivedFrom/pkg:vantage ?vantage .
    FILTER(SUBSTR(?users, 10) != ?vantage)
  }}
  BIND(IF(BOUND(?vantage), CONCAT("The claim is about ", ?users,
       "; the capture was made from ", ?vantage, "."), "") AS ?scope)
  BIND(IF(BOUND(?vantage), ?base - 0.15, ?base) AS ?confidence)
  BIND(CONCAT("The company says the data stays in ", ?said, "; ", ?how, " shows it in ",
              ?seen, ".") AS ?explanation)
}}""",
}


def prototype_rules() -> tuple[Rule, ...]:
    """Every rule in its proposed shape (unchanged where there is no proposal)."""
    out = []
    for rule in load_rules():
        if rule.id in HAND_WRITTEN:
            out.append(replace(rule, sparql=sparql_prefixes() + HAND_WRITTEN[rule.id]))
        else:
            q = reorder(rule.sparql)
            out.append(replace(rule, sparql=q) if q else rule)
    return tuple(out)


def changed(rule_id: str) -> str:
    if rule_id in HAND_WRITTEN:
        return "sub-selects joined on ?org"
    rule = next(r for r in load_rules() if r.id == rule_id)
    return "same-company lines first" if reorder(rule.sparql) else "unchanged"
