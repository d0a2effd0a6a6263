"""Adding sources from the browser, for editors the operator trusts.

The operator's write token (`PRIVACYKG_TOKEN`, the one `/sparql/update` takes) lets an
editor sign in (a cookie holding an HMAC of the token, never the token itself) or be
given with the upload form. An upload is an article (http(s) URL, or a saved .html or
.txt file), a HAR capture, or a registry or findings file. It goes through the same
code as the CLI (`kg.ingest` and `scrapers.evidence`; the web app never parses a
source itself), is read whole before anything is written (bad input changes
nothing), then `check` runs and the page lists the contradictions that are new.

Without a token: 401 (none given) or 403 (wrong, or editing is off), store unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
)
from rdflib import Graph, URIRef
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from kg.check import as_json, by_claim, recorded
from kg.incremental import before_storing, check_documents
from kg.ingest import Metadata, extract, store_document, without_duplicates
from kg.review import publish_mode
from kg.settings import Settings
from kg.store import Store, StoreError
from scrapers.errors import SourceError
from scrapers.source_url import checked_source_url

bp = Blueprint("editor", __name__)

COOKIE = "privacykg_editor"
SESSION_HOURS = 8
MAX_UPLOAD = 64 * 1024 * 1024  # bytes; a capture is the biggest thing an editor sends
ARTICLE_SUFFIXES = (".html", ".htm", ".txt", ".text", ".md")
EVIDENCE_SUFFIXES = (".har", ".json")
_WRITING = threading.Lock()  # one upload (store + check) at a time


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _store() -> Store:
    return current_app.config["STORE"]


def session_value(token: str) -> str:
    """What the sign-in cookie holds: derived from the token, so a stolen cookie does not
    give the token away and changing the token signs every editor out."""
    return hmac.new(token.encode(), b"privacykg editor session", hashlib.sha256).hexdigest()


def signed_in() -> bool:
    token = _settings().token
    cookie = request.cookies.get(COOKIE)
    return bool(token and cookie and hmac.compare_digest(cookie, session_value(token)))


def _refuse(status: int, message: str) -> Response:
    response = make_response(render_template("pages/editor.html", signed_in=False,
                                             enabled=bool(_settings().token), error=message),
                             status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="privacykg editors"'
    return response


def _same_origin() -> bool:
    """Forms are posted from our own pages (CSP form-action 'self' says the same to the
    browser); a cross-site post is refused even with a valid cookie. Browsers say where a
    request comes from in Sec-Fetch-Site; our Referrer-Policy (no-referrer) makes them
    send `Origin: null` on a form post, so Origin is checked only when it names a site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == request.host
    return True


def _authorised() -> Response | None:
    """None when the request may write; else the 401/403 page to answer with."""
    token = _settings().token
    if not token:
        return _refuse(403, "Adding sources is switched off: the operator has set no token "
                            "(PRIVACYKG_TOKEN).")
    if not _same_origin():
        return _refuse(403, "This form must be sent from this site.")
    if signed_in():
        return None
    given = request.form.get("token") or ""
    if not given:
        return _refuse(401, "Sign in with the editor token first.")
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _refuse(403, "That token is not right.")
    return None


@bp.route("/editor")
def page():
    return render_template("pages/editor.html", signed_in=signed_in(),
                           enabled=bool(_settings().token), error=None)


@bp.route("/editor/signin", methods=["POST"])
def signin():
    refused = _authorised()
    if refused is not None:
        return refused
    response = redirect("/editor", code=303)
    response.set_cookie(COOKIE, session_value(_settings().token or ""),
                        max_age=SESSION_HOURS * 3600, httponly=True, samesite="Strict",
                        secure=request.is_secure, path="/")
    return response


@bp.route("/editor/signout", methods=["POST"])
def signout():
    response = redirect("/editor", code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


class BadUpload(ValueError):
    """An upload we cannot read: the message says what to do about it."""


def _saved(upload: FileStorage, folder: Path, suffixes: tuple[str, ...]) -> Path:
    """The uploaded file written to `folder` under its own (cleaned) name, which the
    readers record as pkg:sourceFile and use to tell a HAR from JSON."""
    name = secure_filename(upload.filename or "")
    if not name or not name.lower().endswith(suffixes):
        raise BadUpload(f"{upload.filename or 'the file'}: give a file ending in "
                        f"{', '.join(suffixes)}")
    path = folder / name
    upload.save(path)
    if path.stat().st_size == 0:
        raise BadUpload(f"{name}: the file is empty")
    return path


def _meta() -> Metadata:
    form = request.form
    published = (form.get("published") or "").strip() or None
    return Metadata(url=(form.get("source_url") or "").strip() or None,
                    publisher=(form.get("publisher") or "").strip() or None,
                    published=published, title=(form.get("title") or "").strip() or None)


def _read(folder: Path) -> tuple[str, str, str, Graph, URIRef]:
    """(what was read, its kind, its source key, its graph, its document IRI):
    everything is read and extracted here, before the store is touched."""
    settings = _settings()
    kind = request.form.get("kind", "article")
    upload = request.files.get("file")
    has_file = upload is not None and bool(upload.filename)
    if kind == "article":
        url = (request.form.get("url") or "").strip()
        if url and has_file:
            raise BadUpload("Give an address or a file, not both.")
        if url:
            source = checked_source_url(url, label="address")  # a SourceError: 400
        elif has_file and upload is not None:
            source = str(_saved(upload, folder, ARTICLE_SUFFIXES))
        else:
            raise BadUpload("Give the article's address or choose its file.")
        x = extract(source, _meta(), settings.minter)
        label = x.article.title or x.article.url or Path(source).name
        return label, "article", x.key, x.graph, x.document
    if kind == "evidence":
        from scrapers.evidence import read_evidence_file

        if not has_file or upload is None:
            raise BadUpload("Choose the capture, registry or findings file.")
        path = _saved(upload, folder, EVIDENCE_SUFFIXES)
        vantage = (request.form.get("vantage") or "").strip().upper() or None
        if vantage and not (len(vantage) == 2 and vantage.isalpha()):
            raise BadUpload(f"{vantage}: give the capture's country as two letters (e.g. IN)")
        context = [c.strip() for c in (request.form.get("context") or "").split(",")
                   if c.strip()]
        r = read_evidence_file(path, minter=settings.minter,
                               product=(request.form.get("product") or "").strip() or None,
                               vendor=(request.form.get("vendor") or "").strip() or None,
                               context=context, vantage=vantage)
        return path.name, r.kind, r.key, r.graph, r.document
    raise BadUpload(f"{kind}: unknown kind of source")


@bp.route("/editor/upload", methods=["POST"])
def upload():
    if request.content_length is not None and request.content_length > MAX_UPLOAD:
        abort(413)
    refused = _authorised()
    if refused is not None:
        return refused
    with tempfile.TemporaryDirectory(prefix="privacykg-upload-") as tmp:
        try:
            label, kind, key, graph, document = _read(Path(tmp))
        except (BadUpload, SourceError) as e:
            return make_response(render_template("pages/editor.html", signed_in=signed_in(),
                                                 enabled=True, error=str(e)), 400)
    store = _store()
    minter = _settings().minter
    with _WRITING:
        before = {c.iri for c in recorded(store)}
        # the same text stored before under another key: kept once (kg.ingest)
        documents, stale, same = without_duplicates(store, minter, [(key, graph)])
        if not documents:
            return render_template("pages/editor.html", signed_in=signed_in(), enabled=True,
                                   notice=f"{label}: {same[0].line()}.")
        for old in stale:
            store.drop_graph(old)
        try:
            # stored as `privacykg ingest --check` stores it: then the incremental check
            before_store = before_storing(store, minter, [(key, graph)])
            name = store_document(store, minter, key, graph)
            result = check_documents(store, minter, [name], before_store)
        except StoreError as e:
            return make_response(render_template("pages/editor.html", signed_in=signed_in(),
                                                 enabled=True, error=f"The store refused: {e}"),
                                 503)
    new = [c for c in result.added if c.iri not in before]
    items = as_json(store, new)["contradictions"] if new else []
    return render_template("pages/editor_done.html", label=label, kind=kind,
                           document=str(document), groups=by_claim(items), count=len(new),
                           total=result.total,
                           drafts=bool(new) and publish_mode(store, minter) == "accepted")
