# The two commands of the README: `make build` and `make test`.
.PHONY: build test test-min bench setup

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

# The test suite on the lowest versions pyproject.toml declares, in a venv of its own.
test-min:
	scripts/setup test
	[ -x .venv-min/bin/python ] || python3 -m venv .venv-min
	.venv-min/bin/python -m pip install -q --disable-pip-version-check -c ci/min-constraints.txt -e ".[test]"
	.venv-min/bin/python -m pytest
