"""The command line as CONTRACT.md writes it: JSON shapes, exit codes, one-line errors,
and that bad input stores nothing. Runs the real commands on a temporary store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER = FIXTURES / "extraction" / "browser-korvo.txt"
STATEMENT_KEYS = {"iri", "kind", "aspect", "polarity", "text", "speaker", "claimant", "subject",
                  "context", "values"}


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--store", str(tmp_path / "store"), *args],
                             catch_exceptions=False)

    return invoke


def _graph_count(run) -> int:
    r = run("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--format", "json")
    if r.exit_code == 2 and "no store here" in r.stderr:
        return 0  # nothing ever stored there, and the query created no store
    assert r.exit_code == 0, r.output
    return int(json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"])


def test_extract_prints_the_contract_shape(run):
    r = run("extract", str(BROWSER), "--publisher", "Daily Ledger", "--published", "2026-03-02",
            "--url", "https://news.example/korvo", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["document"]["url"] == "https://news.example/korvo"
    assert data["document"]["published"] == "2026-03-02"
    assert data["statements"], "a privacy story yields statements"
    text = BROWSER.read_text("utf-8")
    for s in data["statements"]:
        assert set(s) >= STATEMENT_KEYS
        assert s["kind"] in ("claim", "finding")
        assert s["polarity"] in ("positive", "negative")
        assert s["text"] in text  # the exact quote
    assert {"claim", "finding"} <= {s["kind"] for s in data["statements"]}


def test_extract_stores_nothing(run):
    run("extract", str(BROWSER), "--format", "json")
    assert _graph_count(run) == 0


def test_ingest_twice_changes_nothing(run):
    assert run("ingest", str(BROWSER), "--url", "https://news.example/korvo").exit_code == 0
    first = run("export", "--format", "nquads").stdout
    assert run("ingest", str(BROWSER), "--url", "https://news.example/korvo").exit_code == 0
    second = run("export", "--format", "nquads").stdout
    assert sorted(first.splitlines()) == sorted(second.splitlines())
    assert _graph_count(run) == 3  # the document, the shared entities and claims graphs


@pytest.mark.parametrize("args, where", [
    (["ingest", "missing.txt"], "missing.txt"),
    (["ingest", "notes.pdf"], "notes.pdf"),
    (["extract", "missing.html", "--format", "json"], "missing.html"),
    (["ingest", str(BROWSER), "--published", "not-a-date"], str(BROWSER)),
])
def test_bad_input_exits_2_with_one_line(run, args, where):
    r = run(*args)
    assert r.exit_code == 2
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and where in lines[0]


def test_bad_input_among_good_stores_nothing(run):
    r = run("ingest", str(BROWSER), "missing.txt")
    assert r.exit_code == 2
    assert _graph_count(run) == 0


def test_check_json_shape_and_query_formats(run):
    for name in ("browser-korvo", "video-confero", "vpn-halyard"):
        path = FIXTURES / "extraction" / f"{name}.txt"
        if path.exists():
            assert run("ingest", str(path), "--url", f"https://news.example/{name}").exit_code == 0
    r = run("check", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    for c in data["contradictions"]:
        assert {"iri", "rule", "aspect", "claim", "evidence", "explanation", "confidence"} <= set(c)
        assert c["claim"]["kind"] == "claim"
        assert 0 < c["confidence"] <= 1
    csv_out = run("query", "SELECT ?s WHERE { ?s a <https://w3id.org/privacykg/ns#Claim> }",
                  "--format", "csv")
    assert csv_out.exit_code == 0 and csv_out.stdout.splitlines()[0].strip() == "s"
    bad = run("query", "SELECT WHERE {")
    assert bad.exit_code == 2


def test_claimreview_export_after_check(run):
    run("ingest", str(BROWSER), "--url", "https://news.example/korvo")
    run("check")
    r = run("export", "--format", "claimreview")
    assert r.exit_code == 0
    for review in json.loads(r.stdout):
        assert review["@type"] == "ClaimReview"
        assert review["reviewRating"]["alternateName"]
        assert review["itemReviewed"]["@type"] == "Claim"


def test_store_that_is_a_file_is_bad_input(tmp_path):
    f = tmp_path / "not-a-folder"
    f.write_text("x")
    r = CliRunner().invoke(cli, ["--store", str(f), "check"])
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and str(f) in r.stderr


def test_store_open_elsewhere_says_what_to_do(tmp_path):
    import pyoxigraph

    held = pyoxigraph.Store(str(tmp_path / "store"))  # as a running server would hold it
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "check"])
    del held
    assert r.exit_code == 1
    assert "another process" in r.stderr and "--endpoint" in r.stderr


def test_query_gets_the_project_prefixes_it_uses_and_a_note_for_http_schema_org(run):
    """As on the query page: `pkg:` and `schema:` need no PREFIX lines; a query that
    declares its own keeps it; http://schema.org/ (the store has https) gets a note."""
    assert run("ingest", str(BROWSER), "--url", "https://news.example/korvo").exit_code == 0
    r = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a pkg:CompanyClaim ; "
            "schema:appearance ?s }", "--format", "csv")
    assert r.exit_code == 0 and int(r.stdout.splitlines()[1]) > 0
    own = run("query", "PREFIX pkg: <urn:other#> SELECT (COUNT(*) AS ?n) WHERE { "
              "?c a pkg:Claim }", "--format", "csv")
    assert own.stdout.splitlines()[1] == "0"
    http = run("query", "SELECT ?n WHERE { ?o <http://schema.org/name> ?n }")
    assert http.exit_code == 0 and "https://schema.org/" in http.stderr


def test_check_says_which_companies_could_not_be_checked(run, tmp_path):
    """A check that finds nothing says why: claims about a company no evidence is about,
    evidence about a company nobody's claim is about."""
    story = tmp_path / "story.txt"
    story.write_text("Norvik and Vesta under scrutiny\n\n"
                     "Norvik said all user data is stored on servers in Germany.\n\n"
                     "Researchers at the Open Signal Lab found that the Vesta app sends "
                     "location data to Adlytic.\n", "utf-8")
    assert run("ingest", str(story), "--publisher", "Daily Ledger").exit_code == 0
    out = run("check").stdout
    assert "No contradictions found." in out and "Not checked:" in out
    assert "claim(s) about Norvik; no evidence about it" in out
    assert "evidence about Vesta; no claim by it or about it" in out


def test_an_unknown_prefix_is_named_in_one_line(run):
    run("demo")
    r = run("query", "SELECT ?s WHERE { ?s a foo:Bar ; rdfs:label \"x:y\" }")
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0
    assert "unknown prefix foo:" in r.stderr and "PREFIX foo:" in r.stderr
    r = run("query", "SELECT ?s WHERE { ?s a }")
    assert r.exit_code == 2 and r.stderr.strip().count("\n") == 0
    assert "line 1" in r.stderr or "1:" in r.stderr


def test_check_in_a_folder_without_a_store_creates_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["check"])
    assert r.exit_code == 2 and "no store here" in r.stderr
    assert not (tmp_path / "privacykg-data").exists()


def test_the_demo_has_a_store_of_its_own(tmp_path, monkeypatch):
    """Without --store the demo goes to ./privacykg-demo, never into ./privacykg-data, the
    store a newsroom fills; a store named by --store or PRIVACYKG_STORE is used as given."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRIVACYKG_STORE", raising=False)
    r = CliRunner().invoke(cli, ["demo"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "privacykg-demo").is_dir() and not (tmp_path / "privacykg-data").exists()
    assert "--store privacykg-demo serve" in r.stderr
    monkeypatch.setenv("PRIVACYKG_STORE", str(tmp_path / "chosen"))
    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    assert (tmp_path / "chosen").is_dir()


@pytest.mark.parametrize("command", ["ingest", "extract", "evidence", "check", "query",
                                     "export", "demo", "serve"])
def test_every_command_helps_with_defaults_and_an_example(command):
    from web.cli import cli as whole

    r = CliRunner().invoke(whole, [command, "--help"])
    assert r.exit_code == 0
    assert "Example:\n    privacykg" in r.output or "Example:\n    PRIVACYKG_TOKEN" in r.output
    if command in ("check", "query", "export", "evidence", "extract"):
        assert "[default: " in r.output  # the --format default is said


def test_the_query_example_of_the_help_runs(run):
    run("demo")
    from web.cli import cli as whole

    helped = CliRunner().invoke(whole, ["query", "--help"]).output
    example = helped.split("privacykg query '", 1)[1].split("'\n", 1)[0]
    r = run("query", example)
    assert r.exit_code == 0 and "(5 rows)" in r.output


def test_query_prints_whole_values_and_select_star_in_query_order(run):
    run("demo")
    r = run("query", "SELECT * WHERE { ?zeta a pkg:Capture ; pkg:entries ?alpha ; "
                     "pkg:vantage ?mid }", "--format", "json")
    assert json.loads(r.stdout)["head"]["vars"] == ["zeta", "alpha", "mid"]
    r = run("query", "SELECT ?text WHERE { ?s schema:text ?text } ORDER BY DESC(STRLEN(?text)) "
                     "LIMIT 1")
    longest = r.output.splitlines()[2]
    assert len(longest) > 100 and not longest.endswith("...")


def test_the_same_text_with_and_without_a_url_is_one_source(run):
    def documents() -> list[tuple[str, str]]:
        r = run("query", "SELECT ?d ?url WHERE { ?d a schema:NewsArticle "
                         "OPTIONAL { ?d schema:url ?url } }", "--format", "json")
        return sorted((b["d"]["value"], b.get("url", {}).get("value", ""))
                      for b in json.loads(r.stdout)["results"]["bindings"])

    assert run("ingest", str(BROWSER)).exit_code == 0
    r = run("ingest", str(BROWSER), "--url", "https://news.example/korvo")
    assert r.exit_code == 0 and "replaced by this one" in r.stderr
    assert [u for _, u in documents()] == ["https://news.example/korvo"]
    r = run("ingest", str(BROWSER))  # the text alone again: the one with the URL stays
    assert r.exit_code == 0 and "not stored again" in r.stderr
    assert [u for _, u in documents()] == ["https://news.example/korvo"]
    r = run("ingest", str(BROWSER), "--url", "https://mirror.example/korvo")
    assert "republication" in r.stderr  # the same text at another address: both kept
    assert len(documents()) == 2
