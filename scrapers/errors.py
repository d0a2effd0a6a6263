"""The one error type for bad input.

Every scraper raises `SourceError` for input it cannot use; it names where
(file, line, HAR entry) and what. The CLI prints `str(error)` as one line and
exits 2. Exception tree:

    ValueError
     └── SourceError          bad input: a file, a URL, an entry in it
"""

from __future__ import annotations


class SourceError(ValueError):
    """Bad input. `where` names the file (and line, entry…), `problem` says what."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem
