"""The `privacykg` command (CONTRACT.md). Short commands that call into kg and
scrapers; progress goes to stderr; bad input prints one line and exits 2.

All but `serve`: it runs the web app, and kg sits below web, so web.cli adds it to
this group (the `privacykg` script is web.cli's main)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click

from kg.settings import Settings, from_environment, open_configured_store
from kg.store import BadStore, StoreError
from ontologies.vocab import PREFIXES, undeclared_prefixes, with_project_prefixes
from scrapers.control_chars import describe, first_control
from scrapers.errors import SourceError
from scrapers.local_input import read_input
from scrapers.source_url import checked_source_url

EXIT_BAD_INPUT = 2
# A query file is a few KB; this is far beyond any query a person writes.
MAX_QUERY_FILE_BYTES = 1_000_000
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` on one line: a newline or another control character that a file name or a
    quoted value brought into a message is shown escaped (\\n), never printed."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:  # one line, no "Error:" decoration to parse around
        click.echo(f"privacykg: {one_line(self.message)}", err=True)


class StoreBusy(click.ClickException):
    """The store cannot be opened (exit 1): not bad input, but nothing can be done now."""

    def show(self, file=None) -> None:
        click.echo(f"privacykg: {one_line(self.message)}", err=True)


class _Group(click.Group):
    """The command group: a store folder found unusable while a command runs (damage
    that shows only when a query reads it) is bad input too, like one found on opening."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BadStore as e:
            raise BadInput(str(e)) from e


def _example(*lines: str) -> str:
    """A command's --help epilog: example lines as written (Click's backspace marker
    keeps it from rewrapping them)."""
    return "\b\nExample:\n" + "\n".join(f"  {line}" for line in lines)


def settings_of(ctx: click.Context) -> Settings:
    """This invocation's settings (flags, then environment, then defaults)."""
    return ctx.obj["settings"]


def store_of(ctx: click.Context, *, create: bool = True, writes: bool | None = None):
    """This invocation's store, opened on first use and closed when the command ends.

    Commands that only read pass `create=False`: an absent or empty store folder is then
    bad input, and nothing is created. A folder that holds other files, or a damaged
    store, is bad input for every command (kg.store.store_folder_state). A remote engine
    is checked on first contact (kg.settings.open_configured_store): for a command that
    `writes` (by default, one that may create), that it takes updates."""
    if "store" not in ctx.obj:
        settings = settings_of(ctx)
        try:
            ctx.obj["store"] = open_configured_store(settings, create=create, writes=writes)
        except BadStore as e:
            raise BadInput(str(e)) from e
        except StoreError as e:
            if "lock" in str(e).lower():
                raise StoreBusy(
                    f"{settings.store}: the store is open in another process (a running "
                    "`privacykg serve`?); stop it, or send this command to its endpoint with "
                    "--endpoint and --update-endpoint") from e
            raise StoreBusy(str(e)) from e
        ctx.call_on_close(ctx.obj["store"].close)
    return ctx.obj["store"]


def _checked_url(url: str | None) -> str | None:
    """--url, refused at once (exit 2) unless it is an absolute http(s) URL."""
    if url is None:
        return None
    try:
        return checked_source_url(url, label="--url")
    except SourceError as e:
        raise BadInput(str(e)) from e


def _plain(option: str, value: str | None) -> str | None:
    """A flag's words go into the graph: a control character in them is refused."""
    at = first_control(value) if value else None
    if at is not None:
        raise BadInput(f"{option} {value!r}: holds {describe(value, at)}; control characters "
                       "are not allowed in it")
    return value


def _echo_json(data: dict) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _metadata_options(f):
    for opt in reversed([
        click.option("--url", help="The source's URL, when ingesting a saved file."),
        click.option("--publisher", help="Who published it (overrides the page)."),
        click.option("--published", metavar="YYYY-MM-DD", help="Publication date."),
        click.option("--title", help="Title (overrides the page)."),
    ]):
        f = opt(f)
    return f


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"],
                                           "show_default": True})
@click.option("--store", "store_path", type=click.Path(path_type=Path),
              help="Embedded store folder [env PRIVACYKG_STORE; default ./privacykg-data].")
@click.option("--endpoint", help="Remote SPARQL 1.1 query URL instead of the embedded store.")
@click.option("--update-endpoint", help="Remote SPARQL update URL, when it differs.")
@click.option("--base", help="Base of resource IRIs [default https://w3id.org/privacykg].")
@click.version_option(package_name="privacykg")
@click.pass_context
def cli(ctx: click.Context, store_path, endpoint, update_endpoint, base) -> None:
    """privacykg: fact-check what companies say about their data practices."""
    try:
        environment = from_environment()
    except ValueError as e:  # a PRIVACYKG_* value that cannot be read: one line, exit 2
        raise BadInput(str(e)) from e
    settings = environment.with_(store=store_path, endpoint=endpoint,
                                 update_endpoint=update_endpoint, base=base)
    ctx.obj = {"settings": settings,
               "store_given": store_path is not None or bool(os.environ.get("PRIVACYKG_STORE"))}


@cli.command(epilog=_example(
    "privacykg ingest article.html --publisher 'Ledger News' --published 2026-03-02",
    "privacykg ingest https://news.example/story --check"))
@click.argument("sources", nargs=-1, required=True)
@_metadata_options
@click.option("--allow-private", is_flag=True, help="Allow URLs on private or loopback addresses.")
@click.option("--check", "then_check", is_flag=True,
              help="Then bring the contradictions up to date (incrementally when it can).")
@click.pass_context
def ingest(ctx, sources, url, publisher, published, title, allow_private, then_check) -> None:
    """Read articles (http(s) URL, .html or .txt) into the store, one graph each."""
    from kg.incremental import before_storing
    from kg.ingest import Metadata, extract, store_documents, without_duplicates

    settings = settings_of(ctx)
    meta = Metadata(_checked_url(url), _plain("--publisher", publisher), published,
                    _plain("--title", title))
    if len(sources) > 1 and (url or title):
        raise BadInput("--url and --title apply to one source; ingest the sources one by one")
    # read and extract everything first: bad input stores nothing at all
    extractions = []
    for source in sources:
        try:
            extractions.append(extract(source, meta, settings.minter, allow_private=allow_private))
        except SourceError as e:
            raise BadInput(str(e)) from e
    store = store_of(ctx)
    documents = [(x.key, x.graph) for x in extractions]
    # the same text already stored under another key (without --url, or with it)
    documents, stale, same = without_duplicates(store, settings.minter, documents)
    for note in same:
        source = next(src for src, x in zip(sources, extractions, strict=True)
                      if x.key == note.key)
        click.echo(f"{source}: {note.line()}", err=True)
    for name in stale:
        store.drop_graph(name)
    kept = {k for k, _ in documents}
    pairs = [(src, x) for src, x in zip(sources, extractions, strict=True) if x.key in kept]
    if not pairs:
        return
    sources, extractions = [src for src, _ in pairs], [x for _, x in pairs]
    before = before_storing(store, settings.minter, documents) if then_check else None
    # every source in one write: on the embedded store one transaction, or Oxigraph's
    # bulk loader for many new documents (kg.store.EmbeddedStore.write_graphs)
    names = store_documents(store, settings.minter, documents)
    for source, x in zip(sources, extractions, strict=True):
        click.echo(f"{source}: {len(x.statements)} statements "
                   f"({sum(s.kind == 'claim' for s in x.statements)} claims)", err=True)
    if then_check:
        _check_after(store, settings, names, before)


def _check_after(store, settings, names, before) -> None:
    """The incremental check after storing documents, reported in one line (stderr)."""
    import time

    from kg.incremental import check_documents

    t = time.perf_counter()
    r = check_documents(store, settings.minter, names, before)
    ms = (time.perf_counter() - t) * 1000
    how = (f"full check ({r.reason})" if r.full
           else f"incremental check over {r.documents} related document(s)")
    click.echo(f"{how}: {len(r.added)} contradiction(s) with the new documents, "
               f"{r.total} in all ({ms:.0f} ms)", err=True)


@cli.command(epilog=_example('privacykg extract statement.txt --publisher Korvo --format json'))
@click.argument("source")
@_metadata_options
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json")
@click.option("--allow-private", is_flag=True, help="Allow URLs on private or loopback addresses.")
@click.pass_context
def extract(ctx, source, url, publisher, published, title, fmt, allow_private) -> None:
    """Print what `ingest` would add for SOURCE; nothing is stored."""
    from kg.ingest import Metadata, extraction_json
    from kg.ingest import extract as run_extract

    settings = settings_of(ctx)
    meta = Metadata(_checked_url(url), _plain("--publisher", publisher), published,
                    _plain("--title", title))
    try:
        x = run_extract(source, meta, settings.minter, allow_private=allow_private)
    except SourceError as e:
        raise BadInput(str(e)) from e
    _echo_json(extraction_json(x, settings.minter))


@cli.command(epilog=_example(
    "privacykg evidence capture.har --product 'Korvo Kids' --vendor Korvo --vantage NO",
    "privacykg evidence registry.json findings.json --check"))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--product", help="The product the capture is of.")
@click.option("--vendor", help="The company that makes the product.")
@click.option("--context", "context",
              help="Context words, e.g. 'incognito mode' (comma-separated).")
@click.option("--vantage", metavar="CC", help="Country the capture was made from (ISO alpha-2).")
@click.option("--vendor-domain", "vendor_domains", multiple=True, metavar="DOMAIN",
              help="A domain the vendor or product runs itself, e.g. cradlecam-cloud.com "
                   "(repeat, or comma-separated): its hosts are no third party. Domains "
                   "with the vendor's or product's name in them count without it.")
@click.option("--captured-by", metavar="WHO",
              help="Who made the capture (a person, a lab, a newsroom): shown with it.")
@click.option("--reconstruction", is_flag=True,
              help="The files were written to reproduce what others reported, not observed "
                   "first-hand: shown as a reconstruction, weighed as a report.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--dry-run", is_flag=True, help="Read and print, store nothing.")
@click.option("--check", "then_check", is_flag=True,
              help="Then bring the contradictions up to date (incrementally when it can).")
@click.pass_context
def evidence(ctx, files, product, vendor, context, vantage, vendor_domains, captured_by,
             reconstruction, fmt, dry_run, then_check) -> None:
    """Technical evidence: HAR captures, certification registries, findings files."""
    from kg.incremental import before_storing
    from kg.ingest import store_documents
    from scrapers.evidence import read_evidence_file

    settings = settings_of(ctx)
    product, vendor = _plain("--product", product), _plain("--vendor", vendor)
    captured_by = _plain("--captured-by", captured_by)
    contexts = [c.strip() for c in (_plain("--context", context) or "").split(",") if c.strip()]
    if vantage and not (len(vantage) == 2 and vantage.isalpha()):
        raise BadInput(f"--vantage {vantage!r}: give an ISO 3166-1 alpha-2 country code")
    own = [d.strip() for given in vendor_domains for d in given.split(",") if d.strip()]
    for d in own:
        if not re.fullmatch(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\.?", d):
            raise BadInput(f"--vendor-domain {d!r}: give a domain name such as example.com")
    results = []
    for f in files:
        try:
            # captures are streamed from disk: a 50 MB HAR never sits in memory whole
            results.append(read_evidence_file(f, minter=settings.minter, product=product,
                                              vendor=vendor, context=contexts,
                                              own_domains=own, captured_by=captured_by,
                                              reconstruction=reconstruction,
                                              vantage=vantage.upper() if vantage else None,
                                              progress=_progress_bar(f)))
        except SourceError as e:
            raise BadInput(str(e)) from e
    if not dry_run:
        store = store_of(ctx)
        documents = [(r.key, r.graph) for r in results]
        before = before_storing(store, settings.minter, documents) if then_check else None
        names = store_documents(store, settings.minter, documents)
        if then_check:
            _check_after(store, settings, names, before)
    if fmt == "json":
        out = [r.to_json() for r in results]
        _echo_json(out[0] if len(out) == 1 else {"evidence": out})
    else:
        for f, r in zip(files, results, strict=True):
            click.echo(f"{f}: {r.kind}, {len(r.graph)} triples" + (" (dry run)" if dry_run else ""))


def _progress_bar(path: Path):
    """A progress callback for large files (stderr only, and only on a terminal).
    HAR readers report bytes: (bytes read, file size), then (size, size) once."""
    if not sys.stderr.isatty():
        return None
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state and total > 5_000_000:
            state["bar"] = click.progressbar(length=total, label=str(path), file=sys.stderr)
            state["bar"].__enter__()
        if "bar" in state:
            state["bar"].update(done - state.get("done", 0))
            state["done"] = done
            if done >= total:
                state["bar"].__exit__(None, None, None)

    return update


@cli.command(epilog=_example('privacykg check',
                      'privacykg check --format json > contradictions.json'))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def check(ctx, fmt) -> None:
    """Run every contradiction rule, record the results, print them."""
    from kg.check import as_json
    from kg.check import check as run_check

    # (it records its results, but in the wrong folder it makes no store there)
    store = store_of(ctx, create=False, writes=True)
    found = run_check(store, settings_of(ctx).minter)
    if fmt == "json":
        _echo_json(as_json(store, found))
    else:
        _print_contradictions(store, found, settings_of(ctx).minter)
        _print_coverage(store)
        _print_drafts(store, found, settings_of(ctx).minter)


def _print_drafts(store, found, minter) -> None:
    """How many of the contradictions found are drafts no page shows yet."""
    from kg.review import decisions
    from ontologies.vocab import PKG

    editors = decisions(store, minter)
    drafts = sum(editors.type_of(c.iri) == PKG.DraftContradiction for c in found)
    if drafts:
        click.echo(f"\n{drafts} of them wait for an editor: the pages and exports show only "
                   "accepted contradictions (`privacykg review list`, `review accept`; "
                   "`review publish all` publishes everything not rejected).")


def _print_coverage(store, limit: int = 10) -> None:
    """Why a check found no more: the companies whose claims no evidence is about, and
    those with evidence but no claim (kg/queries/coverage.rq)."""
    from kg.queries import load_query

    lines = []
    for row in store.query(load_query("coverage")).dicts():
        claims, evidence = int(row["claims"]), int(row["evidenceItems"])
        name = str(row["name"])
        if claims and not evidence:
            lines.append(f"{claims} claim(s) about {name}; no evidence about it, so nothing "
                         "to check them against")
        elif evidence and not claims:
            lines.append(f"{evidence} piece(s) of evidence about {name}; no claim by it or "
                         "about it")
    if lines:
        click.echo("\nNot checked:")
        for line in lines[:limit]:
            click.echo(f"  {line}")
        if len(lines) > limit:
            click.echo(f"  … and {len(lines) - limit} more compan(ies)")


def _print_contradictions(store, found, minter, per_rule: int = 3) -> None:
    """Contradictions grouped by claim: the verdicts counted, then per contradicted or
    disputed claim its first appearance's exact quote once, how often it was repeated,
    and each rule that fired with its strongest evidence (the rest counted)."""
    from kg.check import as_json, by_claim
    from kg.verdicts import VERDICT_ORDER, recorded_verdicts

    data = as_json(store, found)["contradictions"]
    verdicts = recorded_verdicts(store, minter)
    tally = ", ".join(f"{n} {name}" for name in VERDICT_ORDER
                      if (n := sum(v.verdict == name for v in verdicts.values())))
    if verdicts:
        click.echo(f"{len(verdicts)} claim(s): {tally}.")
    if not data:
        click.echo("No contradictions found.")
        return
    groups = by_claim(data)
    click.echo(f"{len(data)} contradiction(s) against {len(groups)} claim(s):\n")
    for n, group in enumerate(groups, 1):
        claim = group["claim"]
        src = claim.get("source") or {}
        who = claim.get("claimant") or "The company"
        where = ", ".join(x for x in (src.get("publisher"), src.get("published")) if x)
        verdict = claim.get("verdict") or "contradicted"
        click.echo(f"{n}. [{verdict}] {who} said: \u201c{claim.get('text')}\u201d")
        if where or src.get("url"):
            click.echo(f"   ({' '.join(x for x in (where, src.get('url')) if x)})")
        if len(claim.get("appearances") or []) > 1:
            click.echo(f"   (said in {len(claim['appearances'])} places; this is the first)")
        for rule in group["rules"]:
            click.echo(f"   \u2717 {rule['rule']} [{rule['aspect']}], "
                       f"confidence up to {rule['confidence']:.2f}")
            for explanation in rule["explanations"]:
                click.echo(f"     {explanation}")
            for c in rule["items"][:per_rule]:
                ev = c["evidence"]
                if ev.get("kind") == "finding":
                    esrc = (ev.get("source") or {}).get("publisher") or ""
                    click.echo(f"     - finding{f' ({esrc})' if esrc else ''}: "
                               f"\u201c{ev.get('text')}\u201d")
                else:
                    click.echo(f"     - {ev.get('kind')}: {ev.get('description') or ev.get('iri')}")
            if len(rule["items"]) > per_rule:
                click.echo(f"     … and {len(rule['items']) - per_rule} more piece(s) of evidence")
        click.echo()


@cli.command(epilog=_example(
    "privacykg query 'SELECT ?verdict ?text WHERE { ?c a pkg:CompanyClaim ; pkg:verdict ?verdict ;"
    " schema:appearance/schema:text ?text } LIMIT 5'",
    "privacykg query my-query.rq --format csv"))
@click.argument("query_or_file")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.pass_context
def query(ctx, query_or_file, fmt) -> None:
    """Run a SPARQL query (text, or a file holding it) over the store."""
    from kg import results

    text = _query_text(query_or_file)
    depth = _nesting(text)
    if depth > MAX_QUERY_NESTING:
        raise BadInput(f"query: nested {depth:,} levels deep; at most {MAX_QUERY_NESTING:,} "
                       "are read")
    store = store_of(ctx, create=False)  # a query makes no store where there was none
    text = with_project_prefixes(text)  # "pkg:", "schema:" … as the query page has them
    try:
        result = _with_deep_stack(store.query, text)
    except BadStore:
        raise
    except StoreError as e:
        raise BadInput(f"query: {_short_query_error(text, str(e))}") from e
    result = results.in_query_order(result, text)
    if result.kind == "select" and not result.rows and "http://schema.org/" in text:
        click.echo("note: the store names schema.org terms https://schema.org/; the query "
                   "asks for http://schema.org/", err=True)
    if fmt == "table":
        click.echo(results.text_table(result))
    else:
        media = {"json": "application/sparql-results+json", "csv": "text/csv"}[fmt]
        if result.kind == "graph":
            media = "text/turtle"
        sys.stdout.write(results.serialize_result(result, media).decode("utf-8"))


def _short_query_error(text: str, message: str) -> str:
    """The engine's syntax error in one line a person can act on: an unknown prefix by
    name, otherwise where the error is and the start of what was expected (the engine
    lists every character class it would have taken)."""
    where = re.search(r"error at (\d+):(\d+)", message)
    at = f" at line {where.group(1)}, column {where.group(2)}" if where else ""
    if "Prefix not found" in message:
        unknown = undeclared_prefixes(text)
        named = ", ".join(f"{p}:" for p in unknown) or "a prefix"
        return (f"unknown prefix {named}{at}: declare it (PREFIX {unknown[0] if unknown else 'x'}:"
                f" <…>); these need no declaration: {', '.join(PREFIXES)}")
    first = " ".join(message.split())
    return first if len(first) <= 200 else first[:197] + "…"


MAX_QUERY_NESTING = 10_000  # brackets; the engine reads them recursively
QUERY_STACK = 1024 * 1024 * 1024  # address space only: pages are used as the engine recurses


def _nesting(text: str) -> int:
    """How deep the brackets of `text` go, counting every bracket (in strings too): the
    engine parses nested groups recursively, and a query file nested deep enough made
    `privacykg query` die of a stack overflow (exit 139) instead of saying so."""
    depth = deepest = 0
    for char in text:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth = max(depth - 1, 0)
    return deepest


def _with_deep_stack(fn, *args):
    """`fn(*args)` in a thread with a stack of QUERY_STACK bytes, which holds the engine's
    recursion over MAX_QUERY_NESTING levels with room to spare (8 MiB held between 1,000
    and 3,000); where the system refuses so large a stack, in this thread."""
    import threading

    found: list = []
    try:
        previous = threading.stack_size(QUERY_STACK)
    except (ValueError, RuntimeError):
        return fn(*args)
    try:
        def run() -> None:
            try:
                found.append((True, fn(*args)))
            except BaseException as e:  # noqa: BLE001 - raised again in the caller
                found.append((False, e))

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    ok, value = found[0]
    if not ok:
        raise value
    return value


def _query_text(arg: str) -> str:
    """The query QUERY_OR_FILE names: the text of a file, or the argument itself.

    Decided without guessing from the text: a path that exists is a file (read only if
    it is a regular file of at most MAX_QUERY_FILE_BYTES); what the file system cannot
    look up at all (a name too long, a NUL) or that names nothing is query text, unless
    it looks like a file name (ends in .rq or .sparql, no braces, one line), which must
    then exist: a mistyped file name is not run as a query."""
    try:
        os.stat(arg)
        missing = None
    except OSError as e:   # ENOENT, ENAMETOOLONG, ENOTDIR, ELOOP, EACCES …
        missing = e
    except ValueError:     # a NUL: no path at all
        return arg
    if missing is None:
        try:
            data = read_input(arg, arg, limit=MAX_QUERY_FILE_BYTES, what="query file")
            text = data.decode("utf-8-sig")
        except SourceError as e:
            raise BadInput(str(e)) from e
        except UnicodeDecodeError as e:
            raise BadInput(f"{arg}: not UTF-8 text (byte {e.start})") from e
        if "\x00" in text:
            raise BadInput(f"{arg}: not a query file: it holds NUL bytes (a binary file?)")
        return text
    looks_like_path = (arg.lower().endswith((".rq", ".sparql")) and "{" not in arg
                       and "\n" not in arg)
    if looks_like_path:
        raise BadInput(f"{arg}: cannot read the query file: {missing.strerror or missing}")
    return arg


@cli.command(epilog=_example('privacykg export --format claimreview > claimreview.jsonld',
                      'privacykg export --format nquads > backup.nq'))
@click.option("--format", "fmt",
              type=click.Choice(["turtle", "nquads", "jsonld", "claimreview", "csv"]),
              default="nquads")
@click.pass_context
def export(ctx, fmt) -> None:
    """The whole graph (Turtle, N-Quads, JSON-LD, CSV of contradictions) or ClaimReview."""
    from kg import exports

    store = store_of(ctx, create=False)  # an export makes no store where there was none
    sys.stdout.write(exports.export(store, fmt, settings_of(ctx)))


@cli.group(epilog=_example(
    "privacykg review list",
    "privacykg review reject https://w3id.org/privacykg/id/contradiction/… "
    "--by 'Dana Ruiz' --reason 'the capture is of another app'",
    "privacykg review publish all"))
def review() -> None:
    """An editor's decisions: accept, reject, withdraw; correct statements; merge, split
    names; remove sources; what is public.

    Each decision is recorded with who made it, when and why (PROV-O, in the editorial
    graph), survives every later `check`, and can be withdrawn. By default only what an
    editor accepted is public, the rest are drafts (`check` lists them, the pages do not);
    `review publish all` publishes everything not rejected (the demo's store does)."""


def _targets(ctx, iris: tuple[str, ...]) -> list:
    """IRIs from the command line: whole, or the path after <base>/id/."""
    from kg.review import iri_of

    minter = settings_of(ctx).minter
    return [iri_of(minter, _plain("IRI", text) or "") for text in iris]


def _review_action(ctx, kind: str, iris, by, reason) -> None:
    from kg.editorial import record
    from kg.review import ReviewError

    store = store_of(ctx, create=False, writes=True)
    try:
        made = record(store, settings_of(ctx).minter, kind, _targets(ctx, iris),
                      by=_plain("--by", by) or "", reason=_plain("--reason", reason))
    except ReviewError as e:
        raise BadInput(str(e)) from e
    verb = {"accept": "accepted", "reject": "rejected", "withdraw": "withdrawn"}[kind]
    for iri in made:
        click.echo(iri)
    click.echo(f"{len(made)} {verb} by {by.strip()}; recorded in the editorial graph",
               err=True)


_BY = click.option("--by", required=True, metavar="NAME", help="The editor deciding.")


@review.command("accept", epilog=_example(
    "privacykg review accept contradiction/location-contradiction/3f2a… --by 'Dana Ruiz'"))
@click.argument("contradictions", nargs=-1, required=True)
@_BY
@click.option("--reason", metavar="TEXT", help="A note kept with the decision.")
@click.pass_context
def review_accept(ctx, contradictions, by, reason) -> None:
    """Accept contradictions for publication (IRIs, or their path after /id/)."""
    _review_action(ctx, "accept", contradictions, by, reason)


@review.command("reject", epilog=_example(
    "privacykg review reject contradiction/… --by 'Dana Ruiz' --reason 'another product'"))
@click.argument("contradictions", nargs=-1, required=True)
@_BY
@click.option("--reason", required=True, metavar="TEXT", help="Why (it is published in "
              "the editorial graph).")
@click.pass_context
def review_reject(ctx, contradictions, by, reason) -> None:
    """Reject contradictions: never published, kept for the record."""
    _review_action(ctx, "reject", contradictions, by, reason)


@review.command("withdraw", epilog=_example(
    "privacykg review withdraw review/5b0c… --by 'Dana Ruiz' --reason 'rejected by mistake'"))
@click.argument("actions", nargs=-1, required=True)
@_BY
@click.option("--reason", metavar="TEXT", help="A note kept with the withdrawal.")
@click.pass_context
def review_withdraw(ctx, actions, by, reason) -> None:
    """Take back earlier acceptances or rejections (the IRIs `accept`/`reject` printed)."""
    _review_action(ctx, "withdraw", actions, by, reason)


@review.command("remove", epilog=_example(
    "privacykg review remove doc/3f2a… --by 'Dana Ruiz' --reason 'the outlet retracted it'",
    "privacykg review remove https://news.example/story --by 'Dana Ruiz' --reason 'retracted'"))
@click.argument("sources", nargs=-1, required=True)
@_BY
@click.option("--reason", required=True, metavar="TEXT", help="Why it goes.")
@click.pass_context
def review_remove(ctx, sources, by, reason) -> None:
    """Take sources out, with what was derived from them (claims, contradictions,
    verdicts); `review withdraw` on the printed IRI puts them back.

    A source is named by its IRI, its path after /id/ (doc/…) or its address."""
    from kg.editorial import remove_sources
    from kg.review import ReviewError

    store = store_of(ctx, create=False, writes=True)
    try:
        made = remove_sources(store, settings_of(ctx).minter,
                              [_plain("SOURCE", s) for s in sources],
                              by=_plain("--by", by) or "", reason=_plain("--reason", reason))
    except ReviewError as e:
        raise BadInput(str(e)) from e
    for iri in made:
        click.echo(iri)
    click.echo(f"{len(made)} source(s) removed by {by.strip()}; checked again", err=True)


def _review_names(ctx, kind: str, first: str, second: str, by: str, reason: str | None) -> None:
    from kg.editorial import name
    from kg.review import ReviewError, organisation

    store = store_of(ctx, create=False, writes=True)
    minter = settings_of(ctx).minter
    try:
        a, b = (organisation(store, minter, _plain("ORGANISATION", t)) for t in (first, second))
        made = name(store, minter, kind, a, b, by=_plain("--by", by) or "",
                    reason=_plain("--reason", reason))
    except ReviewError as e:
        raise BadInput(str(e)) from e
    click.echo(made)
    how = "one company" if kind == "merge" else "two companies"
    click.echo(f"{a} and {b}: {how}, said by {by.strip()}; checked again", err=True)


@review.command("merge", epilog=_example(
    "privacykg review merge Vantrel 'Korvo' --by 'Dana Ruiz' --reason 'Vantrel is Korvo's "
    "camera brand'"))
@click.argument("first")
@click.argument("second")
@_BY
@click.option("--reason", metavar="TEXT", help="Why they are one company.")
@click.pass_context
def review_merge(ctx, first, second, by, reason) -> None:
    """Say two organisations' names are one company (names, IRIs or org/… paths): claims
    about one are then checked against evidence about the other. `review withdraw` on
    the printed IRI takes it back."""
    _review_names(ctx, "merge", first, second, by, reason)


@review.command("split", epilog=_example(
    "privacykg review split 'Norvik' 'Norvik Systems' --by 'Dana Ruiz' --reason 'unrelated "
    "firms'"))
@click.argument("first")
@click.argument("second")
@_BY
@click.option("--reason", required=True, metavar="TEXT", help="Why they are two companies.")
@click.pass_context
def review_split(ctx, first, second, by, reason) -> None:
    """Say two organisations are two companies, though their names (or a document) tied
    them: no claim about one is checked against evidence about the other."""
    _review_names(ctx, "split", first, second, by, reason)


@review.command("correct", epilog=_example(
    "privacykg review correct doc/3f2a…/statement/12-encryption polarity negative "
    "--by 'Dana Ruiz' --reason 'the sentence denies it'",
    "privacykg review correct findings/…/statement/0-data_location countries SG,RU "
    "--by 'Dana Ruiz' --reason 'the report names Russia too'"))
@click.argument("statement")
@click.argument("field", metavar="FIELD")
@click.argument("value", required=False, default="")
@_BY
@click.option("--reason", required=True, metavar="TEXT", help="Why it was read wrongly.")
@click.pass_context
def review_correct(ctx, statement, field, value, by, reason) -> None:
    """Correct what was read of a statement (its IRI, or the path after /id/): FIELD is
    kind (claim, finding), aspect, polarity (positive, negative), speaker, claimant,
    subject (a name or IRI), or a value such as countries (DE,SG), recipients, data.
    An empty VALUE clears a speaker or a value. `review withdraw` on the printed IRI
    puts the statement back."""
    from kg.editorial import correct
    from kg.review import ReviewError

    store = store_of(ctx, create=False, writes=True)
    [target] = _targets(ctx, (statement,))
    try:
        made = correct(store, settings_of(ctx).minter, target, _plain("FIELD", field) or "",
                       _plain("VALUE", value) or "", by=_plain("--by", by) or "",
                       reason=_plain("--reason", reason))
    except ReviewError as e:
        raise BadInput(str(e)) from e
    click.echo(made)
    click.echo(f"{field} of {target} corrected by {by.strip()}; checked again", err=True)


_PUBLISHING = {"all": "everything not rejected", "accepted": "accepted contradictions only"}


@review.command("publish", epilog=_example("privacykg review publish accepted"))
@click.argument("mode", type=click.Choice(["all", "accepted"]))
@click.pass_context
def review_publish(ctx, mode) -> None:
    """What is public: `accepted` (only what an editor accepted, the default) or `all`
    (everything not rejected, at once)."""
    from kg.review import set_publish_mode

    set_publish_mode(store_of(ctx, create=False, writes=True), settings_of(ctx).minter, mode)
    click.echo(f"publishing {_PUBLISHING[mode]}", err=True)


@review.command("list", epilog=_example("privacykg review list --status unreviewed"))
@click.option("--status", type=click.Choice(["unreviewed", "accepted", "rejected"]),
              help="Only these.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def review_list(ctx, status, fmt) -> None:
    """The contradictions the last check found, each with its editors' decision."""
    from kg.review import publish_mode
    from kg.review import review_list as listing

    store = store_of(ctx, create=False)
    minter = settings_of(ctx).minter
    items = [i for i in listing(store, minter) if not status or i["status"] == status]
    if fmt == "json":
        _echo_json({"publish": publish_mode(store, minter), "contradictions": items})
        return
    for i in items:
        decided = f" by {i['by']} {i['at'][:10]}" if "by" in i else ""
        reason = f": {i['reason']}" if "reason" in i else ""
        shown = "public" if i["published"] else "not public"
        click.echo(f"{i['status']:10} {shown:10} {i['confidence']:.2f}  {i['iri']}")
        click.echo(f"    claim:    {i['claim'] or '-'}")
        click.echo(f"    evidence: {i['evidence'] or '-'}")
        if decided:
            click.echo(f"    {i['status']}{decided}{reason}  ({i['action']})")
    click.echo(f"{len(items)} contradictions; publishing "
               f"{_PUBLISHING[publish_mode(store, minter)]}", err=True)


@cli.command(epilog=_example('privacykg demo',
                      'privacykg --store privacykg-demo serve'))
@click.pass_context
def demo(ctx) -> None:
    """Build the bundled demo case (Xiaomi Mi Browser, May 2020) and print its contradictions.

    Into a store of its own, ./privacykg-demo, unless --store or PRIVACYKG_STORE names
    one: the demo is not mixed into the store a newsroom fills (./privacykg-data)."""
    from kg.demo import build_demo

    settings = settings_of(ctx)
    own = not ctx.obj["store_given"] and not settings.endpoint
    if own:
        ctx.obj["settings"] = settings.with_(store=DEMO_STORE)
    store = store_of(ctx)
    found = build_demo(store, settings_of(ctx).minter,
                       progress=lambda msg: click.echo(msg, err=True))
    _print_contradictions(store, found, settings_of(ctx).minter)
    if own:
        click.echo(f"The demo is in ./{DEMO_STORE}: `privacykg --store {DEMO_STORE} serve` "
                   "shows its pages.", err=True)


DEMO_STORE = Path("privacykg-demo")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except StoreError as e:
        click.echo(f"privacykg: {e}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
