"""A build with nothing to do answers from the last clean build's record, and from nothing else."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import jobdocs
import jobdocs.batch.build
from jobdocs import BuildOptions, Selection
from jobdocs.batch.quick import RECORD_FILE
from jobdocs.cli import cli
from jobdocs.model.project import load_project

from tests.conftest import CHILD_ROLE, PARENT_ROLE, PROJECT_FILE, blank_png, write_project

#: Careers pages: written in a worker like every document, and quick to make.
PAGES = Selection(kinds=["job-ad"], formats=["html"], languages=["en"])
# The ad is short: the build warns (ad-length), and the warning must outlive a no-op.
CONFIG = PROJECT_FILE + "posting: {date_posted: 2026-11-02, valid_through: 2026-12-31}\n"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The projects the build loaded: empty when it answered from the record."""
    loaded: list[Path] = []

    def counting(root: Path | str, **kwargs: object) -> jobdocs.Project:
        loaded.append(Path(root))
        return load_project(root, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jobdocs.batch.build, "load_project", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    return loaded


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE}, config=CONFIG)


def test_a_build_with_nothing_to_do_answers_from_the_record_as_the_full_build_would(project, loads):
    first = jobdocs.build(project, selection=PAGES)
    assert first.exit_code == 0 and len(first.built) == 3 and len(loads) == 1  # two pages and the index
    assert (project / "output" / RECORD_FILE).is_file()
    looked = jobdocs.build(project, selection=PAGES, options=BuildOptions(force=False, prune=False))
    assert len(loads) == 1, "the no-op loaded the project"
    assert looked.skipped == first.built and not looked.built
    assert looked.keys == first.keys
    assert looked.warnings == first.warnings and any(w.code == "ad-length" for w in looked.warnings)
    assert looked.to_json()["outputs"] == [{**output, "status": "skipped"} for output in first.to_json()["outputs"]]


def edit_role(project: Path) -> None:
    (project / "roles" / "assistant.yaml").write_text("# a comment\n" + PARENT_ROLE, encoding="utf-8")


def add_template(project: Path) -> None:
    write_project(project, {}, config=None, templates={"labels.yaml": "en: {apply: Apply now}\n"})


def edit_project_file(project: Path) -> None:
    (project / "jobdocs.yaml").write_text(CONFIG + "color: '#224488'\n", encoding="utf-8")


def delete_an_output(project: Path) -> None:
    (project / "output" / "assistant" / "job-ad.en.html").unlink()


def change_an_output(project: Path) -> None:
    (project / "output" / "assistant" / "job-ad.en.html").write_text("<p>edited</p>", encoding="utf-8")


def pass_a_closing_date(project: Path) -> None:
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1798761600"  # 2027-01-01: the postings closed on 2026-12-31


def tear_the_record(project: Path) -> None:
    (project / "output" / RECORD_FILE).write_text('{"format": 1, "outputs": {"a/b": {}}}', encoding="utf-8")


@pytest.mark.parametrize("change", [edit_role, add_template, edit_project_file, delete_an_output, change_an_output,
                                    pass_a_closing_date, tear_the_record])
def test_any_change_to_what_the_outputs_are_made_of_makes_the_build_look(project, loads, change: Callable[[Path], None]):
    jobdocs.build(project, selection=PAGES)
    change(project)
    result = jobdocs.build(project, selection=PAGES)
    assert len(loads) == 2, f"{change.__name__}: answered from the record"
    assert result.exit_code == 0
    assert (project / "output" / "assistant" / "job-ad.en.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")


@pytest.mark.parametrize("asked", [Selection(kinds=["job-ad"], formats=["html"], languages=["zh"]),
                                   BuildOptions(force=True), BuildOptions(pdf_variant="pdf/a-3b"),
                                   BuildOptions(shard="1/2")], ids=repr)
def test_a_build_asked_something_else_looks_for_itself(project, loads, asked: Selection | BuildOptions):
    jobdocs.build(project, selection=PAGES)
    selection = asked if isinstance(asked, Selection) else PAGES
    options = asked if isinstance(asked, BuildOptions) else BuildOptions()
    jobdocs.build(project, selection=selection, options=options)
    assert len(loads) == 2


def test_a_new_logo_makes_the_build_look(project, loads):
    blank_png(project / "logo.png", 40, 20)
    (project / "jobdocs.yaml").write_text(CONFIG.replace("company: {", "company: {logo: logo.png, "), encoding="utf-8")
    jobdocs.build(project, selection=PAGES)
    jobdocs.build(project, selection=PAGES)
    assert len(loads) == 1
    blank_png(project / "logo.png", 60, 20)
    jobdocs.build(project, selection=PAGES)
    assert len(loads) == 2


def test_a_build_that_does_not_end_clean_leaves_no_record(project, loads):
    jobdocs.build(project, selection=PAGES)
    edit_role(project)  # so that the assistant's page is written again, beside a broken role
    (project / "roles" / "extra.yaml").write_text(PARENT_ROLE.replace("level: 2", "level: 9"), encoding="utf-8")
    assert jobdocs.build(project, selection=PAGES).exit_code == 1
    assert not (project / "output" / RECORD_FILE).exists()
    jobdocs.build(project, selection=PAGES)
    assert len(loads) == 3


def test_prune_looks_for_itself_while_the_record_knows_orphans(project, loads):
    (project / "roles" / "extra.yaml").write_text(PARENT_ROLE, encoding="utf-8")
    jobdocs.build(project, selection=PAGES)
    (project / "roles" / "extra.yaml").unlink()
    assert jobdocs.build(project, selection=PAGES).orphans == ["extra"]
    assert jobdocs.build(project, selection=PAGES).orphans == ["extra"]  # from the record
    assert len(loads) == 2
    assert jobdocs.build(project, selection=PAGES, options=BuildOptions(prune=True)).pruned == ["extra"]
    assert len(loads) == 3


def test_the_command_line_answers_a_no_op_without_the_build_machinery(project):
    args = ["build", "-C", str(project), "--kind", "job-ad", "--format", "html", "--lang", "en"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    probe = ("import sys\nfrom jobdocs.cli import main\nsys.argv = ['jobdocs', *sys.argv[1:]]\n"
             "try:\n    main()\nexcept SystemExit as end:\n"
             "    print(end.code, sorted(m for m in sys.modules if m.startswith(('jobdocs.batch.build', 'jinja2', 'yaml'))))")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
    assert "skipped 3 unchanged" in done.stdout


def test_strict_fails_a_no_op_on_the_warnings_it_remembers(project):
    args = ["build", "-C", str(project), "--kind", "job-ad", "--format", "html", "--lang", "en", "--json"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    again = CliRunner().invoke(cli, [*args, "--strict"])
    assert again.exit_code == 1
    assert any(w["code"] == "ad-length" for w in json.loads(again.stdout)["warnings"])
