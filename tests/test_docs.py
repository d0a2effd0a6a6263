"""Documentation that must not fall behind the code: every rule and every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.rules import load_rules
from web.cli import cli

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.id)
def test_every_rule_is_documented(rule):
    page = (DOCS / "rules.md").read_text("utf-8")
    assert f"`{rule.id}`" in page, f"docs/rules.md does not describe {rule.id}"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented(command):
    page = (DOCS / "cli.md").read_text("utf-8")
    assert f"### `{command}" in page, f"docs/cli.md has no section for {command}"
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    assert f"`{command}" in readme, f"README.md lists no example of {command}"
