"""jobdocs as a library: its own errors, typed options, and calls that speak of arguments, not flags."""
from __future__ import annotations

import subprocess
import sys

import pytest

import jobdocs
from jobdocs import BuildOptions, InputError, JobdocsError, OutputError, OutputLocked, Problem, Selection


def test_errors_are_jobdocs_own_and_need_no_click():
    code = "import sys, jobdocs.errors; print('click' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == "False"
    for error in (InputError, OutputError, OutputLocked):
        assert issubclass(error, JobdocsError) and JobdocsError.__bases__ == (Exception,)


def test_an_input_error_carries_typed_problems_and_its_text():
    error = InputError([Problem("roles/b.yaml", 3, "level", "must be 1-5"), Problem("roles/a.yaml", 1, "", "x")])
    assert [problem.file for problem in error.problems] == ["roles/a.yaml", "roles/b.yaml"]
    assert str(error) == "2 problems found, nothing was written:\nroles/a.yaml:1: x\nroles/b.yaml:3: level: must be 1-5"


@pytest.mark.parametrize(("selection", "argument", "message"), [
    (Selection(roles=["nobody"]), "roles", "unknown role 'nobody'; choose from assistant, manager"),
    (Selection(kinds=["ad"]), "kinds",
     "unknown kind 'ad'; choose from job-ad, interview-guide, training-handout, trainer-guide"),
    (Selection(languages=["de"]), "languages", "unknown language 'de'; choose from zh, en"),
])
def test_a_bad_selection_names_the_argument_not_a_command_line_option(small_project, selection, argument, message):
    with pytest.raises(InputError) as raised:
        jobdocs.build(small_project, selection=selection)
    [problem] = raised.value.problems
    assert (str(problem), problem.code) == (f"the {argument} argument: {message}", f"unknown-{argument[:-1]}")
    assert "--" not in str(raised.value)
    assert not (small_project / "output").exists()


def test_a_bad_shard_names_the_argument(small_project):
    with pytest.raises(InputError, match="the shard argument: must be K/N with 1 <= K <= N, like 2/4; got '3/2'"):
        jobdocs.build(small_project, options=BuildOptions(shard="3/2"))
