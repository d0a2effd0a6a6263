"""What one document may be: the CLI refuses binary, device, oversized and overlong input
with exit 2 and one line naming the file, before any of it is extracted or stored."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from scrapers.article import MAX_SOURCE_BYTES, MAX_TEXT_CHARS, read_article
from scrapers.errors import SourceError


def _refused(tmp_path: Path, path: Path, *extra: str) -> str:
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "ingest", str(path),
                                 *extra], catch_exceptions=False)
    assert r.exit_code == 2, r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(path) in lines[0], r.stderr
    assert _graphs(tmp_path) == 0  # nothing stored
    return lines[0]


def _graphs(tmp_path: Path) -> int:
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "query",
                                 "ASK { GRAPH ?g { ?s ?p ?o } }", "--format", "json"])
    return 1 if '"boolean": true' in r.stdout or '"boolean":true' in r.stdout else 0


def test_random_bytes_are_refused(tmp_path):
    # (how fast: bench/extract_bench.py times the whole process)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(random.Random(3).randbytes(80_000))
    assert "not text" in _refused(tmp_path, noise)


def test_binary_without_nul_is_refused(tmp_path):
    rng = random.Random(5)
    data = bytes(b for b in rng.randbytes(60_000) if b)  # no NUL: the share of controls decides
    path = tmp_path / "image.html"
    path.write_bytes(data)
    assert "control codes" in _refused(tmp_path, path)


def test_a_few_stray_control_characters_are_still_text():
    text = ("Norvik stores its users' location data on servers in Norway. " * 40) + "\x0b\x1b"
    article = read_article(text, source="stray.txt")
    assert article.text.startswith("Norvik")


def test_nul_is_refused():
    with pytest.raises(SourceError, match="NUL"):
        read_article(b"Norvik keeps data in Norway.\x00\n", source="nul.txt")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert "not a regular file" in _refused(tmp_path, link)


def test_a_named_pipe_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    t = time.perf_counter()
    assert "not a regular file" in _refused(tmp_path, pipe)
    assert time.perf_counter() - t < 5


def test_an_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)  # sparse: costs no disk
    # a sparse file is all NUL; either fence may stop it, neither reads it into an article
    line = _refused(tmp_path, big)
    assert "too large" in line


def test_overlong_text_is_refused():
    text = "Norvik keeps data. " * (MAX_TEXT_CHARS // 19 + 10)
    with pytest.raises(SourceError, match="too long"):
        read_article(text, source="long.txt")


def test_a_text_without_full_stops_is_no_sentence():
    # one 300 KB "sentence": no statement is quoted from it (and it is not read clause by
    # clause from its start; bench/extract_bench.py times such text)
    from scrapers.statements import MAX_SENTENCE_CHARS, find_statements
    words = "Norvik data not shared, users agree, and the app sends location to servers "
    text = words * (300_000 // len(words))
    assert len(text) > MAX_SENTENCE_CHARS
    assert find_statements(text) == []
