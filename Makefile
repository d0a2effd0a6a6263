# The two set-up commands of the README. Each creates .venv on first use and
# installs the project with pip from PyPI; `make test` also installs Debian's
# chromium for the browser tests (as root, when it is missing).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

.PHONY: demo test browser virtuoso clean

# The demo needs the project alone; the tests add their tooling (pytest, ruff, the
# conformance clients) on top, into the same venv.
$(VENV)/.app: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed: $(VENV)/.app
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.app
	$(VENV)/bin/privacykg demo

# Browser tests drive Debian's Chromium (never a downloaded browser); as root the
# test target installs it when it is missing, elsewhere those tests are skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium is not installed: the browser tests will be skipped"

# The remote-store tests run a real Virtuoso (Debian's package) next to Oxigraph's
# server (from PyPI); as root the test target installs it when it is missing.
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; } || \
		echo "virtuoso is not installed: its tests will be skipped"

test: $(VENV)/.installed browser virtuoso
	$(VENV)/bin/ruff check kg scrapers web ontologies tests bench
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) privacykg-data build dist *.egg-info
