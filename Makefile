# The two commands of the README: `make build` and `make test`.
.PHONY: build test test-min check bench setup

build:
	scripts/setup
	.venv/bin/jobdocs build

test:
	scripts/setup test
	.venv/bin/python -m pytest

bench:
	scripts/setup test
	.venv/bin/python bench/run.py
	.venv/bin/python bench/serve.py

# The static checks: mypy --strict and ruff, with the settings in pyproject.toml.
check:
	scripts/setup test
	.venv/bin/python -m mypy jobdocs
	.venv/bin/python -m ruff check jobdocs tests

# The test suite on the lowest versions pyproject.toml declares, in a venv of its own, on the lowest
# Python jobdocs supports (3.10) where one is installed, else on python3 (it says which). It leaves out the
# tests marked `clients`: what they prove is the outside program's reading (or the process handling), which
# the lowest Python libraries do not change, and `make test` has run them.
# A pyenv shim named python3.10 may exist without running, so each candidate must start.
MIN_PYTHON := $(shell for p in python3.10 $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python3.10) python3; do \
	$$p -c "" 2>/dev/null && { command -v $$p; break; }; done)
test-min:
	scripts/setup test
	@echo "test-min: lowest versions on $$($(MIN_PYTHON) --version)"
	[ -x .venv-min/bin/python ] || $(MIN_PYTHON) -m venv .venv-min
	.venv-min/bin/python -m pip install -q --disable-pip-version-check -c ci/min-constraints.txt -e ".[test]"
	.venv-min/bin/python -m pytest -m "not clients"
