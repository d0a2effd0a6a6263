"""What the evidence readers (scrapers.har, scrapers.registry, scrapers.findings) share:
the result each returns, and reading a file's name and JSON fields with errors that
name the file.

Kept apart from scrapers.evidence, which picks the reader for a file and so imports
every reader: the readers import this module instead, and nothing imports back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from scrapers.control_chars import refuse_controls, strip_controls
from scrapers.errors import SourceError

__all__ = ["EvidenceResult", "Progress", "file_name", "load_json", "text_field",
           "names_field", "date_field", "MAX_JSON_BYTES", "MAX_JSON_DEPTH"]

Progress = Callable[[int, int], None]

# What a registry or findings file may be: read whole and parsed in memory (about ten
# times its size), so a few megabytes; one written by hand is a few KB.
MAX_JSON_BYTES = 10_000_000
# How deep any JSON input may nest (HAR captures too): the formats need 6 levels, a
# Chrome capture's async stack traces a few dozen; Python's parser and every walker over
# the result recurse, so 200,000 levels must be refused before any of them starts.
MAX_JSON_DEPTH = 100
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")


@dataclass
class EvidenceResult:
    """One evidence file read into its graph, with the summary the CLI prints.

    `key` names the document's graph (`minter.document_graph(key)`); `document` is the
    capture, the (first) registry or the findings report; `summary` is the JSON of
    CONTRACT.md (`evidence --format json`)."""

    graph: Graph
    key: str
    document: URIRef
    kind: str                                  # "capture" | "registry" | "findings"
    summary: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The CONTRACT.md shape: {"capture", "observations"}, {"registries",
        "certificates"} or {"report", "findings"}."""
        return self.summary


def file_name(source: str) -> str:
    """The file part of a path or URL, which is what the graph records (pkg:sourceFile),
    without control characters (a name is no place for them, nor an error line)."""
    return strip_controls(source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source)


def nested_deeper_than(text: str, limit: int) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` deep, found without
    parsing (so without recursion): strings removed, then the brackets left are peeled
    one level a pass, each pass a scan at C speed."""
    skeleton = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)).translate(_SQUARE)
    bomb = "[" * (limit + 1)  # the usual shape of a nesting bomb, found without peeling
    for _ in range(limit):
        if bomb in skeleton:
            return True
        peeled = skeleton.replace("[]", "")
        if peeled == skeleton:
            return False
        skeleton = peeled
    return "[]" in skeleton


_SQUARE = str.maketrans("{}", "[]")


def load_json(data: bytes, source: str) -> Any:
    """Parse UTF-8 JSON (a BOM is fine) or raise a SourceError with line and column.
    Over MAX_JSON_BYTES or MAX_JSON_DEPTH levels is refused before parsing."""
    where = file_name(source)
    if len(data) > MAX_JSON_BYTES:
        raise SourceError(where, f"too large: {len(data):,} bytes, a registry or findings "
                                 f"file may have {MAX_JSON_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SourceError(where, f"not UTF-8 text (byte {e.start})") from e
    if "\x00" in text:
        raise SourceError(where, "not JSON text: it holds NUL bytes (a binary file?)")
    if nested_deeper_than(text, MAX_JSON_DEPTH):
        raise SourceError(where, f"invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(where, f"invalid JSON at line {e.lineno}, column {e.colno}: "
                                 f"{e.msg}") from e
    except RecursionError as e:
        raise SourceError(where, "invalid JSON: nested too deeply") from e


def text_field(obj: dict[str, Any], name: str, where: str, *, required: bool = False,
               prose: bool = False) -> str | None:
    """A string field, stripped; a SourceError when required and absent or not a string.

    A control character is refused (a structured field holding one is not what the file
    says it is), except in `prose` (a quote, a description), which loses it: a stray one
    in quoted text should not cost the finding."""
    v = obj.get(name)
    if isinstance(v, str) and prose:
        v = strip_controls(v)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            raise SourceError(where, f"'{name}' is missing")
        return None
    if not isinstance(v, str):
        raise SourceError(where, f"'{name}' must be a string, not {type(v).__name__}")
    return refuse_controls(v.strip(), where, name)


def names_field(obj: dict[str, Any], name: str, where: str) -> list[str]:
    """A list of non-empty strings (a lone string is taken as a list of one); a control
    character in one is refused."""
    v = obj.get(name)
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise SourceError(where, f"'{name}' must be a list of strings")
    return [refuse_controls(x.strip(), where, name) for x in v if x.strip()]


def date_field(obj: dict[str, Any], name: str, where: str) -> Literal | None:
    """An ISO date (YYYY-MM-DD) as an xsd:date literal."""
    v = obj.get(name)
    if v in (None, ""):
        return None
    try:
        return Literal(date.fromisoformat(str(v)[:10]).isoformat(), datatype=XSD.date)
    except ValueError as e:
        raise SourceError(where, f"'{name}': bad date {v!r}, use YYYY-MM-DD") from e
