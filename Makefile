# The two commands of the README: `make serve` and `make test`. Both set up everything first (idempotent).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test test-fast setup system

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system:
	bash scripts/setup-system.sh

serve: setup
	$(VENV)/bin/policy-kg serve

test: setup system
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m 'not slow'
