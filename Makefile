# The two commands of the README: `make build` and `make test`.
.PHONY: build test bench setup

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
