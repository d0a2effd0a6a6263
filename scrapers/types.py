"""Small typed results the scrapers hand to the rest of the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Statement:
    """One claim or finding found in a text, before it becomes RDF.

    `start`/`end` are character offsets of `text` in the document text, so
    `document_text[start:end] == text` always holds."""

    kind: str                      # "claim" | "finding"
    aspect: str                    # a CONTRACT.md aspect name
    polarity: str                  # "positive" | "negative"
    text: str
    start: int
    end: int
    speaker: str | None = None     # the person or body quoted
    claimant: str | None = None    # organisation on whose behalf it is said / who reports
    subject: str | None = None     # product, service or organisation it is about
    context: list[str] = field(default_factory=list)
    values: dict[str, list[str] | str] = field(default_factory=dict)
    reported: bool = False         # a finding the text attributes to someone else


@dataclass
class Article:
    """A source document's main text and metadata."""

    text: str
    source: str                    # the file name or URL it came from
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    description: str | None = None
    retrieved: datetime | None = None  # when it was fetched, for URLs
