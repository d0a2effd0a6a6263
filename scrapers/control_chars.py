"""Control characters: which ones never go into the graph, and how text loses them.

NUL and the C0 control characters other than tab, newline and carriage return mean
nothing in a sentence, are not allowed in XML 1.0 (so not in RDF/XML or an HTML
page's text), and make terminals and other tools misbehave. Text read from a source
(an article's main text, a finding's quote) loses them (`strip_controls`), since a
stray one should not cost the whole document; a structured field (a name, an id, a
date, a host) that holds one is refused (`refuse_controls`), since it says the file
is not what it claims to be. `kg.store` refuses them at its write door as well.

    >>> strip_controls("Norvik\\x00 keeps\\x0bdata\\x1b in Norway.")
    'Norvik keeps\\ndata in Norway.'
    >>> first_control("tab\\tand newline\\n are fine") is None
    True
"""

from __future__ import annotations

import re

from scrapers.errors import SourceError

__all__ = ["CONTROL", "strip_controls", "first_control", "refuse_controls", "describe"]

# NUL and C0 controls except tab (09), newline (0A) and carriage return (0D)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# vertical tab and form feed separate lines or pages: they become newlines, the rest go
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def strip_controls(text: str) -> str:
    """`text` without the control characters that are never stored (VT and FF become
    newlines, the others are dropped)."""
    if CONTROL.search(text) is None:  # the common case costs one scan
        return text
    return CONTROL.sub("", text.translate(_BREAKS))


def first_control(text: str) -> int | None:
    """The offset of the first control character that is never stored, or None."""
    m = CONTROL.search(text)
    return None if m is None else m.start()


def describe(text: str, at: int) -> str:
    """'the control character U+0001 at character 3', for error lines."""
    return f"the control character U+{ord(text[at]):04X} at character {at}"


def refuse_controls(value: str, where: str, field: str) -> str:
    """`value` itself, or a SourceError naming `where` and `field` when it holds a
    control character that is never stored."""
    at = first_control(value)
    if at is not None:
        raise SourceError(where, f"'{field}' holds {describe(value, at)}; "
                                 "control characters are not allowed there")
    return value
