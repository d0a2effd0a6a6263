"""Every public limit and setting of the endpoint is documented (docs/endpoint.md), with
the environment variable that sets it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.settings import Settings, from_environment

DOC = (Path(__file__).parent.parent / "docs" / "endpoint.md").read_text("utf-8")
FLAG_ONLY = {"host", "port"}  # `serve --host/--port`, no environment variable


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(Settings)
                                   if f.name not in FLAG_ONLY])
def test_every_setting_has_its_variable_documented_and_read(field):
    variable = f"PRIVACYKG_{field.upper()}"
    assert f"`{variable}`" in DOC, f"docs/endpoint.md does not document {variable}"
    default = getattr(Settings(), field)
    value = {bool: "1", int: "7", float: "2.5"}.get(type(default), "/tmp/x" if field == "store"
                                                    else "http://example.org/x")
    changed = getattr(from_environment({variable: value}), field)
    assert str(changed) == value or changed == type(default)(value)


@pytest.mark.parametrize("path", ["/sparql", "/sparql/update", "/sparql/graphs", "/void",
                                  "/dumps/latest.nq.gz", "/query", "/id/"])
def test_every_public_url_is_documented(path):
    assert f"`{path}" in DOC
