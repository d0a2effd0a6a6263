"""Local input files (articles, captures, findings and registry files, query files),
opened so that anything but an ordinary file of a sensible size costs nothing.

A path can name a named pipe (opening it would wait for a writer for ever), a device
or a link to one (`/dev/zero` never ends), or a file far larger than its kind ever is.
`open_input` opens without waiting, refuses all but regular files before reading a
byte, refuses a file whose size is over the cap its reader gives, and, because a size
can lie (`/proc` files say 0, a file can grow while it is read), stops reading at the
cap too. Every problem is a SourceError naming the file, so the CLI prints one line.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
    ...     _ = f.write(b"twelve bytes")
    >>> read_input(f.name, "notes.txt", limit=100, what="document")
    b'twelve bytes'
    >>> read_input(f.name, "notes.txt", limit=5, what="document")
    Traceback (most recent call last):
    ...
    scrapers.errors.SourceError: notes.txt: too large: 12 bytes, a document may have 5
    >>> os.remove(f.name)
"""

from __future__ import annotations

import os
import stat
from types import TracebackType

from scrapers.errors import SourceError

__all__ = ["InputFile", "open_input", "read_input"]


class InputFile:
    """A regular file opened for reading, at most `limit` bytes of it: reading past the
    cap raises a SourceError instead of returning more. `size` is the size the file
    had when it was opened. A binary file object as far as readers need one (`read`,
    `close`, a context manager)."""

    def __init__(self, fd: int, where: str, limit: int, what: str, size: int) -> None:
        self._file = os.fdopen(fd, "rb")
        self.where, self.limit, self.what, self.size = where, limit, what, size
        self.done = 0

    def _too_large(self) -> SourceError:
        return SourceError(self.where, f"too large: over {self.limit:,} bytes, a {self.what} "
                                       f"may have {self.limit:,}")

    def read(self, n: int = -1) -> bytes:
        room = self.limit + 1 - self.done  # one byte more than allowed tells "too large"
        chunk = self._file.read(room if n is None or n < 0 else min(n, room))
        self.done += len(chunk)
        if self.done > self.limit:
            raise self._too_large()
        return chunk

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> InputFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_input(path: str | os.PathLike[str], where: str, *, limit: int,
               what: str = "file") -> InputFile:
    """`path` opened for reading when it is a regular file of at most `limit` bytes (a
    link to one is fine); else a SourceError naming `where`. `what` names the kind of
    file in the message ("a capture may have …")."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise SourceError(where, e.strerror or str(e)) from e
    except ValueError as e:  # a NUL in the path
        raise SourceError(where, f"not a file name: {e}") from e
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else (
                "a named pipe" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket")
            raise SourceError(where, f"not a regular file ({kind}, or a link to one)")
        if info.st_size > limit:
            raise SourceError(where, f"too large: {info.st_size:,} bytes, a {what} may have "
                                     f"{limit:,}")
        return InputFile(fd, where, limit, what, info.st_size)
    except BaseException:
        os.close(fd)
        raise


def read_input(path: str | os.PathLike[str], where: str, *, limit: int,
               what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see `open_input`)."""
    with open_input(path, where, limit=limit, what=what) as f:
        try:
            return f.read()
        except OSError as e:
            raise SourceError(where, e.strerror or str(e)) from e
