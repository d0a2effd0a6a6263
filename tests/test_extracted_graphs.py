"""Every graph the article pipeline builds passes the SHACL shapes: each of our
made-up articles, through the same `extract` the CLI uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapes_check import assert_conforms

from kg.ingest import Metadata, extract
from ontologies.iris import Minter

ARTICLES = sorted((Path(__file__).parent / "fixtures" / "extraction").glob("*.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_graph_conforms(path):
    meta = json.loads(path.with_suffix(".json").read_text("utf-8"))
    x = extract(str(path), Metadata(url=f"https://news.example/{path.stem}",
                                    publisher=meta.get("publisher"), title=meta.get("title"),
                                    published="2026-01-15"), Minter())
    assert x.statements
    assert_conforms(x.graph)
