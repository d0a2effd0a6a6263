"""Plain SPARQL queries at /sparql answered without Flask's request machinery.

A small query costs about 0.2 ms in the query worker, and Flask's routing, request
and response objects and hooks cost about as much again in the web process, whose
one interpreter lock every request goes through. This WSGI layer in front of the app
recognises the common request (GET or POST of exactly one well-formed query), checks
the rate limit, runs it through the same query runner and writes the answer with the
same headers as the Flask view. Anything else, every request the view would refuse
included, goes on to the Flask app untouched (a body already read is handed on), so
error answers, the service description, HEAD and OPTIONS stay the view's own.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.exceptions import InternalServerError
from werkzeug.http import HTTP_STATUS_CODES, parse_options_header
from werkzeug.utils import get_content_type

from web.endpoint import CORS, error_line, job_limits, run_public
from web.headers import SECURITY_HEADERS
from web.query_worker import Answer, Job
from web.ratelimit import refusal
from web.sparql import FORM

__all__ = ["FastSparql"]

_QUERY_MEDIA = "application/sparql-query"
_MAX_BODY = 64 * 1024  # larger bodies (rare for a query) take the Flask path
_FIXED = [*CORS.items(), *SECURITY_HEADERS.items()]

Environ = dict
StartResponse = Callable


@functools.lru_cache(maxsize=64)
def _content_type(header: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header, as Flask's request reads it."""
    mimetype, options = parse_options_header(header)
    return mimetype.lower(), options.get("charset")


@functools.lru_cache(maxsize=32)
def _media_header(media: str) -> str:
    return get_content_type(media, "utf-8")


def _status(code: int) -> str:
    return f"{code} {HTTP_STATUS_CODES.get(code, 'UNKNOWN').upper()}"


def _params(text: str) -> dict[str, list[str]] | None:
    """URL-encoded parameters, or None when they are not valid UTF-8 (the view decides)."""
    out: dict[str, list[str]] = {}
    try:
        for key, value in parse_qsl(text, keep_blank_values=True, errors="strict",
                                    max_num_fields=1000):
            out.setdefault(key, []).append(value)
    except ValueError:  # UnicodeDecodeError included
        return None
    return out


class FastSparql:
    """WSGI middleware: plain queries at /sparql straight to the query runner."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/sparql":
            method = environ.get("REQUEST_METHOD")
            if method == "GET":
                job = self._get(environ)
            elif method == "POST":
                job = self._post(environ)
            else:
                job = None
            if job is not None:
                return self._answer(environ, job, start_response)
        return self.wsgi_app(environ, start_response)

    # requests ---------------------------------------------------------------------

    def _job(self, text: str, args: dict[str, list[str]], form: dict[str, list[str]],
             environ: Environ) -> Job | None:
        if not text.strip():
            return None
        fmt = (args.get("format") or form.get("format") or [""])[0]
        return Job(text, tuple(args.get("default-graph-uri", []) +
                               form.get("default-graph-uri", [])),
                   tuple(args.get("named-graph-uri", []) + form.get("named-graph-uri", [])),
                   environ.get("HTTP_ACCEPT"), fmt, **job_limits(self.app, environ))

    def _get(self, environ: Environ) -> Job | None:
        try:
            query_string = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        if len(query_string) > self.app.config["SETTINGS"].max_query_bytes:
            return None  # the view answers 413
        args = _params(query_string)
        if args is None or "update" in args or len(args.get("query", ())) != 1:
            return None
        return self._job(args["query"][0], args, {}, environ)

    def _post(self, environ: Environ) -> Job | None:
        mimetype, charset = _content_type(environ.get("CONTENT_TYPE", ""))
        if mimetype not in (FORM, _QUERY_MEDIA):
            return None
        if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None  # chunked or missing: the view reads it
        if not 0 <= length <= min(_MAX_BODY, self.app.config["SETTINGS"].max_query_bytes):
            return None
        raw = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(raw)  # for the view, should it answer instead
        try:
            body = raw.decode("utf-8")
            query_string = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            return None
        args = _params(query_string)
        if args is None or "update" in args:
            return None
        if mimetype == FORM:
            form = _params(body)
            if form is None or "update" in form:
                return None
            queries = args.get("query", []) + form.get("query", [])
            if len(queries) != 1:
                return None
            return self._job(queries[0], args, form, environ)
        if "query" in args:
            return None
        return self._job(body, args, {}, environ)

    # answers ----------------------------------------------------------------------

    def _answer(self, environ: Environ, job: Job,
                start_response: StartResponse) -> Iterable[bytes]:
        refused = refusal(self.app, environ.get("REMOTE_ADDR"))
        if refused is not None:
            return self._send(Answer(429, message=refused[0], extra=refused[1]),
                              start_response)
        try:
            answer = run_public(self.app, job, environ.get("REMOTE_ADDR"))
        except Exception as e:  # noqa: BLE001 - what Flask's handler would answer
            self.app.logger.error("Exception on /sparql [%s]", environ.get("REQUEST_METHOD"),
                                  exc_info=e)
            answer = Answer(500, message=InternalServerError.description)
        return self._send(answer, start_response)

    @staticmethod
    def _send(answer: Answer, start_response: StartResponse) -> Iterable[bytes]:
        if answer.status == 200:
            body = answer.body
            headers = [("Content-Type", _media_header(answer.media)), ("Vary", "Accept")]
        else:
            body = error_line(answer.message)
            headers = [("Content-Type", "text/plain; charset=utf-8")]
        headers.append(("Content-Length", str(len(body))))
        if answer.extra:  # the view's {**CORS, **extra}: extra wins
            headers += [(k, v) for k, v in _FIXED if k not in answer.extra]
            headers += answer.extra.items()
        else:
            headers += _FIXED
        start_response(_status(answer.status), headers)
        return [body]
