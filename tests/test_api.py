"""jobdocs as a library: its own errors, typed options, a light import, render() in memory, limits in workers."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import lxml.html
import pytest
from pypdf import PdfReader

import jobdocs
from jobdocs import (BuildOptions, DocumentFailed, InputError, JobdocsError, OutputError, OutputLocked, Problem,
                     Selection)

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, REPO, blank_png, write_project


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


#: What building needs and what `import jobdocs` and `jobdocs --help` must leave unloaded.
HEAVY = ("jinja2", "weasyprint", "docx", "PIL", "lxml", "babel", "yaml")


@pytest.mark.parametrize("code", [
    "import jobdocs",
    "import sys; from jobdocs.cli import main; sys.argv = ['jobdocs', '--help']\ntry: main()\nexcept SystemExit: pass",
    "import sys; from jobdocs.cli import main; sys.argv = ['jobdocs', 'build', '--help']\ntry: main()\nexcept SystemExit: pass",
])
def test_importing_jobdocs_and_its_help_load_no_build_machinery(code):
    probe = f"{code}\nimport sys, json; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert output.stdout.splitlines()[-1] == "[]", output.stdout


def test_every_exported_name_is_importable_and_listed():
    for name in jobdocs.__all__:
        assert getattr(jobdocs, name) is not None
    assert {"InputError", "OutputError", "OutputLocked", "Problem", "Target", "Outcome", "BuildResult", "Project",
            "load_project", "build", "render"} <= set(jobdocs.__all__)


def test_the_package_is_typed():
    assert (Path(jobdocs.__file__).parent / "py.typed").is_file()


# --- render: one document in memory -----------------------------------------------------------------

def files_under(root: Path) -> dict[str, float]:
    return {str(path.relative_to(root)): path.stat().st_mtime for path in root.rglob("*")}


def test_render_gives_a_pdf_and_a_docx_in_memory_and_writes_nothing(small_project):
    before = files_under(small_project)
    pdf = jobdocs.render(small_project, "manager", "job-ad", "en", "pdf")
    docx_bytes = jobdocs.render(small_project, "manager", "job-ad", "en", "docx")
    assert files_under(small_project) == before
    assert "Store Manager" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert docx.Document(io.BytesIO(docx_bytes)).paragraphs[0].text.startswith("Store Manager")


def test_render_of_the_careers_page_is_its_html(small_project):
    html = jobdocs.render(small_project, "assistant", "job-ad", "en", "html").decode("utf-8")
    assert lxml.html.fromstring(html).findtext(".//h1").strip() == "Operations Assistant"


def test_render_gives_a_role_beside_a_broken_file_and_refuses_one_that_shows_it(small_project):
    (small_project / "roles" / "packer.yaml").write_text("title: [\n", encoding="utf-8")
    html = jobdocs.render(small_project, "assistant", "job-ad", "en", "html").decode("utf-8")
    assert lxml.html.fromstring(html).findtext(".//h1").strip() == "Operations Assistant"
    (small_project / "roles" / "manager.yaml").write_text(CHILD_ROLE.replace("level: 4", "level: 9"), encoding="utf-8")
    with pytest.raises(InputError) as raised:  # the assistant's ad names the manager, the role it grows into
        jobdocs.render(small_project, "assistant", "job-ad", "en", "html")
    assert {problem.file for problem in raised.value.problems} == {"roles/packer.yaml", "roles/manager.yaml"}


@pytest.mark.parametrize(("args", "message"), [
    (("nobody", "job-ad", "en", "pdf"), "the roles argument: unknown role 'nobody'; choose from assistant, manager"),
    (("assistant", "job-ad", "en", "odt"), "the formats argument: unknown format 'odt'; choose from pdf, docx, html"),
    (("assistant", "interview-guide", "en", "html"), "the formats argument: the html format is not written for "
                                                     "a interview-guide"),
])
def test_render_refuses_a_bad_argument_by_name(small_project, args, message):
    with pytest.raises(InputError) as raised:
        jobdocs.render(small_project, *args)
    assert [str(problem) for problem in raised.value.problems] == [message]


def test_render_fails_a_document_past_its_memory_limit_cleanly(tmp_path):
    project = huge_image_project(tmp_path, memory_limit=100)
    # The worker fails its allocation (MemoryError) or dies of it (a library's thread cannot start): either
    # way this process only hears of it.
    with pytest.raises(DocumentFailed, match=r"^assistant/job-ad\.en\.pdf: .*memory limit of 100 MiB"):
        jobdocs.render(project, "assistant", "job-ad", "en", "pdf")


# --- limits live in workers: the caller's process is left as it was ---------------------------------

def huge_image_project(tmp_path: Path, memory_limit: int) -> Path:
    template = ('{% extends "!default/job-ad.html" %}'
                '{% block content %}<img src="huge.png" style="width: 2cm">{{ super() }}{% endblock %}')
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE},
                            config=PROJECT_FILE + f"memory_limit: {memory_limit}\n", templates={"job-ad.html": template})
    blank_png(project / "huge.png", 8000, 8000)  # 190 MiB decoded
    return project


def test_one_job_past_the_memory_limit_fails_that_document_cleanly(tmp_path):
    project = huge_image_project(tmp_path, memory_limit=64)
    command = [sys.executable, "-m", "jobdocs", "build", "-C", str(project), "--memory-limit", "64", "-j", "1",
               "--kind", "job-ad", "--lang", "en"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    [error] = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error.startswith("error: assistant/job-ad.en.pdf: ") and "memory limit of 64 MiB" in error
    assert (project / "output" / "assistant" / "job-ad.en.docx").is_file()


CALLER = """
import json, os, resource, signal, sys, threading
import jobdocs

def state():
    return {"rlimits": {name: resource.getrlimit(getattr(resource, name)) for name in dir(resource)
                        if name.startswith("RLIMIT_")},
            "environ": dict(os.environ),
            "signals": {str(signum): repr(signal.getsignal(signum)) for signum in signal.valid_signals()
                        if signum not in (signal.SIGKILL, signal.SIGSTOP)},
            "threads": sorted(thread.name for thread in threading.enumerate())}

if __name__ == "__main__":
    before = state()
    # One role's documents: every kind and format, HTML rendered here and the rest in workers.
    result = jobdocs.build(sys.argv[1], selection=jobdocs.Selection(roles=["manager"]),
                           options=jobdocs.BuildOptions(jobs=int(sys.argv[2]), timeout=120))
    assert result.exit_code == 0, result.failed
    after = state()
    print(json.dumps({key: [before[key], after[key]] for key in before if before[key] != after[key]}))
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_leaves_the_callers_rlimits_environment_signals_and_threads_as_they_were(small_project, tmp_path,
                                                                                          jobs):
    script = tmp_path / "caller.py"  # a file: workers re-import the caller's main module
    script.write_text(CALLER)
    output = subprocess.run([sys.executable, str(script), str(small_project), str(jobs)], capture_output=True,
                            text=True)
    assert output.returncode == 0, output.stderr
    assert json.loads(output.stdout) == {}


def test_a_no_op_build_starts_no_worker_and_imports_no_weasyprint(small_project):
    jobdocs.build(small_project, selection=Selection(kinds=["job-ad"], languages=["en"]))
    code = ("import sys, jobdocs\n"
            "result = jobdocs.build(sys.argv[1], selection=jobdocs.Selection(kinds=['job-ad'], languages=['en']))\n"
            "print(len(result.built), len(result.worker_peak_kib), 'weasyprint' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code, str(small_project)], capture_output=True, text=True,
                            check=True)
    assert output.stdout.split() == ["0", "0", "False"]


# --- the README's example runs -----------------------------------------------------------------------

def readme_example() -> str:
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Using jobdocs from Python", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readmes_python_example_runs(tmp_path):
    from jobdocs.scaffold import init_project

    init_project(tmp_path / "my-jobs", ["zh", "en"])
    (tmp_path / "example.py").write_text(readme_example(), encoding="utf-8")
    output = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True)
    assert output.returncode == 0, output.stderr
    lines = output.stdout.splitlines()
    assert "customer-service-assistant Customer Service Assistant" in lines
    assert lines[2].startswith("built 4, skipped 0 unchanged")
    assert "unknown-role the roles argument: unknown role 'no-such-role'" in lines[-1]
    assert sorted(path.name for path in (tmp_path / "site").iterdir() if not path.name.startswith(".")) == [
        "customer-service-assistant", "customer-service-supervisor", "index.en.html", "index.zh.html", "manifest.json"]
