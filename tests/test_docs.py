"""The README documents every command and every option of `jobdocs build`."""
from __future__ import annotations

import re

import pytest

from jobdocs.model.choices import KINDS
from jobdocs.cli import cli

from tests.conftest import REPO

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


def start_your_own_project_commands() -> list[list[str]]:
    """The ``jobdocs`` commands of the README's "Start your own project" block, but the server."""
    import shlex

    section = README.split("## Start your own project", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [shlex.split(line, comments=True) for line in section.splitlines() if line.startswith("jobdocs ")]
    return [command[1:] for command in commands if command[1] != "serve"]


def test_the_start_your_own_project_commands_work(tmp_path, monkeypatch):
    from click.testing import CliRunner

    commands = start_your_own_project_commands()
    assert [command[0] for command in commands] == ["init", "new", "build", "lint"]
    monkeypatch.chdir(tmp_path)
    outputs = []
    for command in commands:
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, f"jobdocs {' '.join(command)}:\n{result.output}"
        outputs.append(result.output)
    built = sorted(path.name for path in (tmp_path / "my-jobs" / "output" / "warehouse-assistant").iterdir())
    assert len(built) == len(KINDS) * 2 * 2 and "job-ad.zh.pdf" in built  # kinds, languages, formats
    assert re.search(r"^warning: roles/warehouse-assistant.yaml:\d+: title: still holds the placeholder", outputs[2],
                     re.MULTILINE)
