"""The README documents every command and every option of `jobdocs build`."""
from __future__ import annotations

import pytest

from jobdocs.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command):
    assert f"jobdocs {command}" in README


@pytest.mark.parametrize("option", sorted(opt for param in cli.commands["build"].params for opt in param.opts
                                           if opt.startswith("--")))
def test_every_build_option_is_in_the_readme(option):
    assert option in README


def test_the_readme_gives_the_two_commands_that_ci_runs():
    assert "make build" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text()
