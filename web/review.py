"""The editors' review pages: the contradictions the last check found, each with its
standing decision, and forms to accept, reject (with a reason) or withdraw a decision,
and to choose what is public.

The decisions go through the same code as `privacykg review` (kg/review.py), behind the
same fences as adding a source (web/editor.py: the token or its sign-in cookie, forms
from this site only). The page itself needs the sign-in too: in a store that publishes
accepted contradictions only, the drafts are for editors."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, request
from rdflib import URIRef

from kg.corrections import FIELDS
from kg.editorial import correct as correct_statement
from kg.editorial import name, record, remove_sources
from kg.review import (
    ACTIONS,
    NAME_ACTIONS,
    PUBLISH_MODES,
    ReviewError,
    actions,
    iri_of,
    organisation,
    organisation_names,
    publish_mode,
    review_list,
)
from kg.review import set_publish_mode as set_mode
from web.editor import _WRITING, _authorised, _refuse, signed_in
from web.paging import page_of

bp = Blueprint("review", __name__)

NAME_COOKIE = "privacykg_editor_name"  # who signs the decisions, remembered for the forms
STATUSES = ("unreviewed", "accepted", "rejected")
REVIEW_PER_PAGE = 50  # contradictions a page of the review list shows


def _minter():
    return current_app.config["SETTINGS"].minter


def _store():
    return current_app.config["STORE"]


def _page(status: int = 200, error: str | None = None, notice: str | None = None):
    shown = request.args.get("status") if request.args.get("status") in STATUSES else None
    every = review_list(_store(), _minter())
    counts = {s: 0 for s in STATUSES}
    for i in every:
        counts[i["status"]] += 1
    items, pager = page_of([i for i in every if not shown or i["status"] == shown],
                           REVIEW_PER_PAGE)
    done = actions(_store(), _minter())
    withdrawn = {a.target for a in done if a.kind == "withdraw"}
    removed = [a for a in done if a.kind == "remove" and a.iri not in withdrawn]
    corrected = [a for a in done if a.kind == "correct" and a.iri not in withdrawn]
    names = _names()
    named = [(a, names.get(a.target, a.target), names.get(a.other, a.other)) for a in done
             if a.kind in NAME_ACTIONS and a.iri not in withdrawn]
    html = render_template("pages/review.html", items=items, pager=pager, counts=counts,
                           shown=shown,
                           removed=removed, named=named, corrected=corrected,
                           fields=list(FIELDS),
                           publish=publish_mode(_store(), _minter()), error=error,
                           notice=notice, by=request.cookies.get(NAME_COOKIE, ""))
    return make_response(html, status)


def _names() -> dict:
    return {o: str(n) for o, n in organisation_names(_store())}


@bp.route("/editor/review")
def page():
    if not signed_in():
        return _refuse(401, "Sign in with the editor token to review contradictions.")
    return _page()


@bp.route("/editor/review", methods=["POST"])
def decide():
    refused = _authorised()
    if refused is not None:
        return refused
    action = request.form.get("action", "")
    if action not in ACTIONS:
        return _page(400, error=f"{action or 'no action'}: accept, reject or withdraw")
    target = URIRef((request.form.get("target") or "").strip())
    by = (request.form.get("by") or "").strip()
    try:
        with _WRITING:
            record(_store(), _minter(), action, [target], by=by,
                   reason=request.form.get("reason"))
    except ReviewError as e:
        return _page(400, error=str(e))
    verb = {"accept": "Accepted", "reject": "Rejected", "withdraw": "Withdrawn"}[action]
    response = redirect(f"/editor/review?done={verb.lower()}", code=303)
    response.set_cookie(NAME_COOKIE, by, max_age=30 * 24 * 3600, httponly=True,
                        samesite="Strict", secure=request.is_secure, path="/editor")
    return response


@bp.route("/editor/review/publish", methods=["POST"])
def publish():
    refused = _authorised()
    if refused is not None:
        return refused
    mode = request.form.get("mode", "")
    if mode not in PUBLISH_MODES:
        return _page(400, error=f"{mode or 'no choice'}: publish 'all' or 'accepted'")
    with _WRITING:
        set_mode(_store(), _minter(), mode)
    return redirect("/editor/review", code=303)


@bp.route("/editor/review/remove", methods=["POST"])
def remove():
    """Take a source out (its address, IRI or /id/ path), with what came from it."""
    refused = _authorised()
    if refused is not None:
        return refused
    try:
        with _WRITING:
            remove_sources(_store(), _minter(), [(request.form.get("source") or "").strip()],
                           by=(request.form.get("by") or "").strip(),
                           reason=request.form.get("reason"))
    except ReviewError as e:
        return _page(400, error=str(e))
    return redirect("/editor/review?done=removed", code=303)


@bp.route("/editor/review/names", methods=["POST"])
def names():
    """Merge two organisations' names into one company, or split two (kg/editorial.py)."""
    refused = _authorised()
    if refused is not None:
        return refused
    kind = request.form.get("action", "")
    if kind not in NAME_ACTIONS:
        return _page(400, error=f"{kind or 'no action'}: merge or split")
    try:
        with _WRITING:
            first, second = (organisation(_store(), _minter(), request.form.get(f) or "")
                             for f in ("first", "second"))
            name(_store(), _minter(), kind, first, second,
                 by=(request.form.get("by") or "").strip(), reason=request.form.get("reason"))
    except ReviewError as e:
        return _page(400, error=str(e))
    done = {"merge": "merged", "split": "split"}[kind]
    return redirect(f"/editor/review?done={done}", code=303)


@bp.route("/editor/review/correct", methods=["POST"])
def correct():
    """Correct what the extractor read of one statement (kg/corrections.py)."""
    refused = _authorised()
    if refused is not None:
        return refused
    statement = iri_of(_minter(), request.form.get("statement") or "")
    try:
        with _WRITING:
            correct_statement(_store(), _minter(), statement, request.form.get("field") or "",
                              request.form.get("value") or "",
                              by=(request.form.get("by") or "").strip(),
                              reason=request.form.get("reason"))
    except ReviewError as e:
        return _page(400, error=str(e))
    return redirect("/editor/review?done=corrected", code=303)
