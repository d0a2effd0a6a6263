# The two set-up commands of the README. Each creates .venv on first use and
# installs the project with pip from PyPI; nothing else is downloaded.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python

.PHONY: demo test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/privacykg demo

test: $(VENV)/.installed
	$(VENV)/bin/ruff check kg scrapers web ontologies tests bench
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) privacykg-data build dist *.egg-info
