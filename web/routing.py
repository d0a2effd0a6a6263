"""URL converters for the parts of a URL that become an IRI of ours.

`/id/<iri_path:path>` (and the other routes that mint `<base>/id/...` from their URL)
match only paths made of IRI characters (`ontologies.iris.IRI_PATH_PATTERN`), so an odd
path (a NUL, `<`, a space, a quote, bytes that are not UTF-8) is a plain 404 from the
router: it never reaches a view, a query or the error log.
"""

from __future__ import annotations

from werkzeug.routing import BaseConverter, PathConverter

from ontologies.iris import IRI_PATH_PATTERN, IRI_SEGMENT_PATTERN

__all__ = ["CONVERTERS", "IriPathConverter", "IriSegmentConverter"]


class IriPathConverter(PathConverter):
    """Like `path`, but only IRI path characters (and "/")."""

    regex = IRI_PATH_PATTERN


class IriSegmentConverter(BaseConverter):
    """Like the default converter, but only IRI path characters (no "/")."""

    regex = IRI_SEGMENT_PATTERN


CONVERTERS = {"iri_path": IriPathConverter, "iri_segment": IriSegmentConverter}
