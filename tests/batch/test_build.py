from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

import jobdocs
from jobdocs.model.choices import KINDS
from jobdocs import BuildOptions, Selection
from jobdocs.batch.build import plan
from jobdocs.cli import cli
from jobdocs.batch.manifest import MANIFEST_FILE
from jobdocs.batch.output import LOCK_FILE, TEMPORARY_SUFFIX, Holder, OutputLock
from jobdocs.html.render import render_html
from jobdocs.html.templates import Templates
from jobdocs.model.project import load_project

from tests.conftest import (CHILD_ROLE, PARENT_ROLE, REPO, assert_manifest_agrees, has_command, html_header_rows,
                            pandoc_header_rows, pdf_fonts, pdf_text, processes_marked, write_project)

BUILT_IN_ROLES = ["category-product-manager", "operations-assistant", "operations-director", "store-manager"]


def role_titles(role_id: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "roles" / f"{role_id}.yaml").read_text(encoding="utf-8"))["title"]


def test_full_build_of_the_built_in_project_writes_64_documents(built_in):
    files = sorted(str(path.relative_to(built_in)) for path in built_in.glob("*/*") if path.is_file())
    assert len(files) == 64  # 4 roles x 4 kinds x 2 languages x 2 formats
    assert sorted({path.split("/")[0] for path in files}) == BUILT_IN_ROLES


@pytest.mark.parametrize("role_id", BUILT_IN_ROLES)
def test_every_pdf_shows_its_title_in_its_language(built_in, role_id):
    titles = role_titles(role_id)
    for pdf in sorted((built_in / role_id).glob("*.pdf")):
        language = pdf.suffixes[-2].lstrip(".")
        text = pdf_text(pdf)
        assert titles[language] in text, pdf
        other = titles["en" if language == "zh" else "zh"]
        assert other not in text, f"{pdf} shows the other language's title"
        if language == "zh":
            assert any("CJK" in font for font in pdf_fonts(pdf)), f"{pdf} embeds no CJK font"


@pytest.mark.parametrize("role_id", BUILT_IN_ROLES)
def test_every_docx_opens_with_title_and_headings(built_in, role_id):
    titles = role_titles(role_id)
    for path in sorted((built_in / role_id).glob("*.docx")):
        document = docx.Document(str(path))
        language = path.suffixes[-2].lstrip(".")
        assert titles[language] in document.paragraphs[0].text
        assert any(p.style.name == "Heading 1" for p in document.paragraphs)


def test_inherited_competencies_appear_in_the_childs_interview_guide(built_in):
    director = pdf_text(built_in / "operations-director" / "interview-guide.en.pdf")
    # listing-upkeep comes from the operations assistant, two rungs up; traffic-growth from the store manager
    assistant = yaml.safe_load((REPO / "roles" / "operations-assistant.yaml").read_text(encoding="utf-8"))
    listing = next(c for c in assistant["competencies"] if c["id"] == "listing-upkeep")
    assert listing["name"]["en"] in director
    manager = yaml.safe_load((REPO / "roles" / "store-manager.yaml").read_text(encoding="utf-8"))
    traffic = next(c for c in manager["competencies"] if c["id"] == "traffic-growth")
    assert traffic["name"]["en"] in director


@pytest.mark.clients
@pytest.mark.skipif(not has_command("soffice"), reason="LibreOffice is not installed (scripts/setup test installs it)")
def test_the_pdf_ua_checker_finds_nothing_in_any_built_in_pdf(built_in):
    import pdfua

    findings = {str(path.relative_to(built_in)): [(finding.rule_id, finding.location, finding.message)
                                                  for finding in pdfua.validate(str(path)).findings]
                for path in sorted(built_in.rglob("*.pdf"))}
    assert len(findings) == 32 and not any(findings.values()), findings  # 4 roles x 4 kinds x 2 languages


@pytest.mark.clients
@pytest.mark.skipif(not has_command("pandoc"), reason="pandoc is installed by scripts/setup test")
def test_pandoc_reads_a_header_row_in_a_built_in_docx_only_where_the_html_has_a_thead(built_in):
    """With python-docx's default table look, pandoc took a data row for the header in 98 of 182 tables."""
    project, templates = load_project(REPO), Templates(REPO)
    for path in sorted(built_in.rglob("*.docx")):
        kind, language = path.name.split(".")[:2]
        html = render_html(project, templates, path.parent.name, kind, language).html
        assert pandoc_header_rows(path) == html_header_rows(html), path


@pytest.mark.clients
def test_libreoffice_opens_every_docx(built_in, tmp_path):
    documents = sorted(built_in.rglob("*.docx"))
    for document in documents:  # LibreOffice names its output after the input, so one folder per role
        (tmp_path / document.parent.name).mkdir(exist_ok=True)
    for role_dir in sorted({d.parent for d in documents}):
        result = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
             "--outdir", str(tmp_path / role_dir.name), *map(str, sorted(role_dir.glob("*.docx")))],
            capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    converted = sorted(tmp_path.glob("*/*.pdf"))
    assert len(converted) == len(documents) == 32
    assert "Store Manager" in pdf_text(tmp_path / "store-manager" / "job-ad.en.pdf")


def test_a_project_in_another_folder_builds_with_its_own_roles_and_no_templates(tmp_path):
    role = (REPO / "roles" / "category-product-manager.yaml").read_text(encoding="utf-8")
    root = write_project(tmp_path / "elsewhere", {"buyer": role.replace("id: category-product-manager", "id: buyer")
                                                       .replace("reports_to: operations-director", "")},
                         config=None)
    result = jobdocs.build(root, selection=Selection(kinds=["job-ad"], languages=["en"]))
    assert result.exit_code == 0
    assert [t.relative_path for t in result.built] == ["buyer/job-ad.en.docx", "buyer/job-ad.en.pdf"]
    assert "Category Product Manager" in pdf_text(root / "output" / "buyer" / "job-ad.en.pdf")


def test_plan_picks_the_selection_in_a_stable_order(small_project):
    targets = plan(load_project(small_project), roles=["manager"], kinds=["job-ad"], languages=["zh"])
    assert [t.relative_path for t in targets] == ["manager/job-ad.zh.pdf", "manager/job-ad.zh.docx"]


def test_build_warns_when_no_cjk_font_is_installed(small_project, monkeypatch):
    from jobdocs.html import fonts

    monkeypatch.setattr(fonts, "installed_cjk_family", lambda: None)
    result = jobdocs.build(small_project, selection=Selection(formats=["docx"], kinds=["job-ad"]))
    assert any("no Chinese (CJK) font is installed" in str(w) and "fonts-noto-cjk" in str(w) for w in result.warnings)


def all_bytes(out: Path) -> dict[str, bytes]:
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


def test_same_input_gives_the_same_bytes_with_any_number_of_workers(small_project, tmp_path):
    first = jobdocs.build(small_project, tmp_path / "a", options=BuildOptions(jobs=1))
    second = jobdocs.build(small_project, tmp_path / "a2", options=BuildOptions(jobs=2, force=True))
    assert first.exit_code == second.exit_code == 0
    assert all_bytes(tmp_path / "a") == all_bytes(tmp_path / "a2")
    jobdocs.build(small_project, tmp_path / "a", options=BuildOptions(jobs=2, force=True))  # rebuilt in place
    assert all_bytes(tmp_path / "a") == all_bytes(tmp_path / "a2")


def test_dates_come_from_source_date_epoch_never_the_clock(small_project, tmp_path, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    jobdocs.build(small_project, tmp_path, selection=Selection(kinds=["job-ad"], languages=["en"]))
    assert PdfReader(tmp_path / "assistant" / "job-ad.en.pdf").metadata["/CreationDate"].startswith("D:20260101")
    core = docx.Document(str(tmp_path / "assistant" / "job-ad.en.docx")).core_properties
    assert core.created.year == 2026 and core.created.month == 1 and core.modified == core.created


def test_shards_together_equal_a_full_build_byte_for_byte(small_project, small_built, tmp_path):
    """The shards of a copy of the project, in another folder, merge into the full build's very bytes."""
    from click.testing import CliRunner

    from jobdocs.cli import cli

    for index in (1, 2, 3):
        jobdocs.build(small_project, tmp_path / f"shard{index}", options=BuildOptions(shard=f"{index}/3"))
    merged = tmp_path / "merged"
    for index in (1, 2, 3):
        for path, data in all_bytes(tmp_path / f"shard{index}").items():
            if path != "manifest.json":
                (merged / path).parent.mkdir(parents=True, exist_ok=True)
                (merged / path).write_bytes(data)
    result = CliRunner().invoke(cli, ["merge-manifests", "-o", str(merged / "manifest.json"),
                                      *(str(tmp_path / f"shard{i}" / "manifest.json") for i in (1, 2, 3))])
    assert result.exit_code == 0, result.output
    assert all_bytes(merged) == all_bytes(small_built)
    sizes = [len(all_bytes(tmp_path / f"shard{i}")) - 1 for i in (1, 2, 3)]
    assert sum(sizes) == 32 and min(sizes) >= 4  # 2 roles x 4 kinds x 2 languages x 2 formats


def test_one_failed_document_does_not_stop_the_others(tmp_path):
    # A table cell with colspan="two" lays out in a browser but cannot become a DOCX table.
    broken = '{% extends "!default/job-ad.html" %}{% block content %}{{ super() }}' \
             '<table><tr><td colspan="two">x</td></tr></table>{% endblock %}'
    root = write_project(tmp_path, {"assistant": PARENT_ROLE}, templates={"job-ad.html": broken})
    result = jobdocs.build(root, selection=Selection(languages=["en"]))
    assert result.exit_code == 1
    assert [(t.relative_path, message.split(":")[0]) for t, message in result.failed] == \
        [("assistant/job-ad.en.docx", "ValueError")]
    assert len(result.built) == 7 and (root / "output" / "assistant" / "job-ad.en.pdf").exists()
    again = jobdocs.build(root, selection=Selection(languages=["en"]))
    assert [t.relative_path for t in again.built] == [] and len(again.failed) == 1  # the failure is retried


def test_letter_page_size_from_the_project_file_in_both_formats(tmp_path):
    from pypdf import PdfReader

    root = write_project(tmp_path, {"assistant": PARENT_ROLE},
                         config="languages: [en]\npage_size: Letter\n")
    jobdocs.build(root, selection=Selection(kinds=["job-ad"]))
    width, height = (round(float(v)) for v in PdfReader(root / "output" / "assistant" / "job-ad.en.pdf").pages[0].mediabox[2:])
    assert (width, height) == (612, 792)
    section = docx.Document(str(root / "output" / "assistant" / "job-ad.en.docx")).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11.0)


def test_careers_site_shards_merge_into_a_full_build_byte_for_byte(tmp_path):
    from jobdocs.batch.manifest import merge_manifests

    config = "company: {name: Test}\nlanguages: [zh, en]\nsite: {url: 'https://jobs.example.com/'}\n"
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE}, config)
    jobdocs.build(project, tmp_path / "full", selection=Selection(formats=["html"]))
    merged = tmp_path / "merged"
    for index in (1, 2):
        jobdocs.build(project, merged, selection=Selection(formats=["html"]), options=BuildOptions(shard=f"{index}/2"))
        (merged / "manifest.json").rename(tmp_path / f"manifest{index}.json")
    merge_manifests([tmp_path / f"manifest{i}.json" for i in (1, 2)]).save(merged)
    assert all_bytes(merged) == all_bytes(tmp_path / "full")
    assert {"index.zh.html", "index.en.html", "sitemap.xml"} <= set(all_bytes(merged))

ENDLESS_LOOP = ('{% extends "!default/job-ad.html" %}{% block content %}'
                '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{% endblock %}')
GIGANTIC_STRING = ('{% extends "!default/job-ad.html" %}{% block content %}'
                   '{% set text = "x" * 4000000000 %}{{ text | length }}{% endblock %}')


@pytest.mark.parametrize("template, setting, message", [
    # Endless, so any limit stops it: one the interview guide, written beside it, cannot miss on a busy machine.
    (ENDLESS_LOOP, "timeout: 10", "took longer than 10 s (templates/job-ad.html)"),
    (GIGANTIC_STRING, "memory_limit: 128", "needed more than the memory limit of 128 MiB (templates/job-ad.html)"),
])
def test_a_template_past_a_limit_fails_its_documents_and_the_others_are_built(tmp_path, template, setting, message):
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE}, config=f"languages: [en]\n{setting}\n",
                            templates={"job-ad.html": template})
    result = CliRunner().invoke(cli, ["build", "-C", str(project), "--format", "docx", "--kind", "job-ad",
                                      "--kind", "interview-guide"])
    assert result.exit_code == 1
    assert f"error: assistant/job-ad.en.docx: {message}\n" in result.output
    assert "Traceback" not in result.output
    assert (project / "output" / "assistant" / "interview-guide.en.docx").is_file()


def test_validate_stops_an_endless_template_and_names_it(tmp_path):
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE}, config="languages: [en]\ntimeout: 1\n",
                            templates={"job-ad.html": ENDLESS_LOOP})
    result = CliRunner().invoke(cli, ["validate", "-C", str(project)])
    assert result.exit_code == 2
    assert "templates/job-ad.html: template: rendering assistant in en took longer than 1 s\n" in result.output


def test_the_time_limit_option_overrides_the_project_file(tmp_path):
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE}, config="languages: [en]\ntimeout: 600\n",
                            templates={"job-ad.html": ENDLESS_LOOP})
    result = CliRunner().invoke(cli, ["build", "-C", str(project), "--format", "docx", "--kind", "job-ad",
                                      "--timeout", "1"])
    assert "error: assistant/job-ad.en.docx: took longer than 1 s (templates/job-ad.html)\n" in result.output


def test_the_limits_in_the_project_file_are_checked_like_every_setting(tmp_path):
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE},
                            config="languages: [en]\ntimeout: 0\nmemory_limit: lots\n")
    result = CliRunner().invoke(cli, ["validate", "-C", str(project)])
    assert result.exit_code == 2
    assert "jobdocs.yaml:2: timeout: must be 1-86400, got 0" in result.output
    assert "jobdocs.yaml:3: memory_limit: " in result.output


FAULT_ROUNDS = 20
FAULT_SUMMARY = "summary: {zh: 你负责店铺的日常数据。, en: You keep the store's daily numbers.}"


@pytest.mark.slow
@pytest.mark.clients
def test_a_build_killed_at_any_moment_leaves_whole_files_and_the_next_build_repairs_everything(tmp_path):
    """Fault injection: builds with -j 2 killed by SIGKILL (the build process alone, as `timeout -s KILL` does),
    SIGTERM, or Ctrl-C (SIGINT to the whole process group, as a terminal sends it), at a random moment:
    while starting, or just after a random number of outputs were written.

    After every kill: each PDF and DOCX opens, the manifest agrees with the files, the lock is free, and no
    process of the build remains. Temporary files: none after SIGTERM or Ctrl-C; after SIGKILL, only the
    build process's own (the manifest's, if it was being written), which the next build removes.
    """
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE})
    out = project / "output"
    command = [sys.executable, "-m", "jobdocs", "build", "-C", str(project), "-j", "2", "--kind", "job-ad"]
    first = _time_to_first_output(command, out)
    chance = random.Random(11)
    rounds = []
    for number in range(FAULT_ROUNDS):
        # Other words every round, so that every output is rebuilt with other bytes than those on disk.
        (project / "roles" / "assistant.yaml").write_text(PARENT_ROLE.replace(FAULT_SUMMARY, FAULT_SUMMARY.replace(
            "数据。", f"数据（第 {number} 轮）。").replace("numbers.", f"numbers in round {number}.")), encoding="utf-8")
        how = chance.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
        after_outputs = chance.randrange(5)  # 0: while starting; else just after that many outputs are replaced
        delay = chance.uniform(0.1, 0.9) * first if after_outputs == 0 else chance.uniform(0, 0.3)
        earlier = {path: path.read_bytes() for path in out.glob("*/*")}
        # A build stopped while it loads leaves the folder alone, an earlier killed build's temporaries too.
        torn_before = {path.name for path in out.rglob(f".*{TEMPORARY_SUFFIX}")}
        marker = uuid.uuid4().hex
        build = subprocess.Popen(command, env={**os.environ, "JOBDOCS_TEST_MARK": marker}, start_new_session=True,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while build.poll() is None and _replaced(earlier) < after_outputs:
            time.sleep(0.01)
        try:
            code = build.wait(delay)
        except subprocess.TimeoutExpired:
            os.killpg(build.pid, how) if how == signal.SIGINT else build.send_signal(how)
            code = build.wait()
        deadline = time.monotonic() + 3
        while processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_marked(marker) == [], (f"round {number}, {how.name}: processes remain: "
                                                + "; ".join(Path(f"/proc/{pid}/cmdline").read_text()[:150]
                                                            for pid in processes_marked(marker)))
        temporaries = sorted(path.name for path in out.rglob(f".*{TEMPORARY_SUFFIX}") if path.name not in torn_before)
        assert all(name.startswith(".manifest.json.") for name in temporaries) if how == signal.SIGKILL \
            else temporaries == [], f"round {number}: {temporaries}"
        assert_folder_is_whole(out)
        holder = Holder.from_text((out / LOCK_FILE).read_text()) if (out / LOCK_FILE).exists() else None
        if how != signal.SIGKILL:
            assert holder is None or holder.build.pid != build.pid, "SIGTERM and Ctrl-C release the lock"
        with OutputLock(out):  # free at once, whoever held it
            pass
        moment = f"{delay:.2f} s after {'the start' if after_outputs == 0 else f'{after_outputs} output(s)'}"
        rounds.append(f"round {number:2}: {how.name:7} {moment}: exit {code}, {_replaced(earlier)} of 4 outputs "
                      f"replaced, {len(temporaries)} temporary file(s) left")
    print(f"first output after {first:.1f} s\n" + "\n".join(rounds))
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert_folder_is_whole(out)
    assert not list(out.rglob(f".*{TEMPORARY_SUFFIX}"))
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["outputs"]
    assert sorted(manifest) == sorted(str(path.relative_to(out)) for path in out.glob("*/*")) and len(manifest) == 4
    assert f"in round {FAULT_ROUNDS - 1}." in pdf_text(out / "assistant" / "job-ad.en.pdf")


def _replaced(earlier: dict[Path, bytes]) -> int:
    return sum(not path.exists() or path.read_bytes() != data for path, data in earlier.items())


def _time_to_first_output(command: list[str], out: Path) -> float:
    """Seconds from the start of a build into an empty folder to its first output; the build finishes."""
    started = time.monotonic()
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = None
    while build.poll() is None:
        if first is None and list(out.glob("*/*.*")):
            first = time.monotonic() - started
        time.sleep(0.02)
    assert build.returncode == 0
    return first or time.monotonic() - started


def assert_folder_is_whole(out: Path) -> None:
    from pypdf import PdfReader

    for path in out.glob("*/*.pdf"):
        assert len(PdfReader(path).pages) >= 1, path
    for path in out.glob("*/*.docx"):
        docx.Document(str(path))
    if (out / MANIFEST_FILE).exists():
        assert_manifest_agrees(out)


def test_an_interrupted_build_keeps_what_it_finished(small_project):
    class Interrupted(Exception):
        pass

    def interrupt(outcome, total):
        raise Interrupted

    with pytest.raises(Interrupted):
        jobdocs.build(small_project, selection=Selection(formats=["docx"]), options=BuildOptions(jobs=1),
                      on_outcome=interrupt)
    result = jobdocs.build(small_project, selection=Selection(formats=["docx"]), options=BuildOptions(jobs=1))
    assert len(result.skipped) == 1 and len(result.built) == 2 * 2 * len(KINDS) - 1  # roles, languages, kinds


HEAVY_GUIDE = ('{% extends "!default/interview-guide.html" %}{% block content %}'
               '{% for i in range(4000) %}<p>Question {{ i }}: tell me about a time you ...</p>{% endfor %}'
               '{{ super() }}{% endblock %}')


def test_a_stop_request_ends_a_build_at_once_keeping_what_finished(small_project):
    from jobdocs.batch.build import BuildStopped

    out = small_project / "output"
    with pytest.raises(BuildStopped) as stopped:  # asked while loading: nothing is written
        jobdocs.build(small_project, stop=lambda: True)
    assert stopped.value.result.built == [] and not out.exists()
    seen = []
    with pytest.raises(BuildStopped) as stopped:
        jobdocs.build(small_project, selection=Selection(kinds=["job-ad"]), options=BuildOptions(jobs=2),
                      on_outcome=lambda outcome, total: seen.append(outcome), stop=lambda: bool(seen))
    result = stopped.value.result
    assert result.built and result.left and set(result.built).isdisjoint(result.left)
    recorded = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["outputs"]
    assert {target.relative_path for target in result.built} <= recorded.keys()
    assert not list(out.rglob(f".*{TEMPORARY_SUFFIX}"))
    with OutputLock(out):  # released
        pass


MANY_ROLES = 12


def many_roles(root: Path) -> Path:
    """A project of ``MANY_ROLES`` roles, each a copy of the parent role under its own id."""
    return write_project(root, {f"role-{index:02d}": PARENT_ROLE for index in range(MANY_ROLES)})


# Each is called once per role file (load_yaml) or once per role (the others): the places a stop is looked for.
@pytest.mark.parametrize("stage", ["jobdocs.model.roles.load_yaml", "jobdocs.model.roles._resolve",
                                   "jobdocs.checks.lint._role_passages", "jobdocs.checks.placeholders.placeholders_in"],
                         ids=["reading-files", "resolving-roles", "lint", "placeholders"])
def test_a_stop_request_is_seen_within_one_role_while_loading_and_checking(tmp_path, monkeypatch, stage):
    from jobdocs.batch.build import BuildStopped

    project = many_roles(tmp_path / "project")
    module, name = stage.rsplit(".", 1)
    original, calls = getattr(sys.modules[module], name), []

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(sys.modules[module], name, counted)
    with pytest.raises(BuildStopped) as stopped:
        jobdocs.build(project, stop=lambda: bool(calls))  # true once the stage has started
    assert len(calls) == 1, f"{len(calls)} of {MANY_ROLES} done after the stop request"
    assert stopped.value.result.built == [] and not (project / "output").exists()


# Reads each role file as the CLI does, after naming it and waiting for a line on standard input.
READING_ONE_BY_ONE = """\
import sys
import jobdocs.model.roles as roles
from jobdocs.cli import main

read = roles.load_yaml

def load_yaml(path, *args, **kwargs):
    print(path.name, flush=True)
    sys.stdin.readline()
    return read(path, *args, **kwargs)

roles.load_yaml = load_yaml
main()
"""


def test_sigterm_while_the_roles_load_stops_the_build_before_the_next_file(tmp_path):
    project = many_roles(tmp_path / "project")
    script = tmp_path / "reading_one_by_one.py"
    script.write_text(READING_ONE_BY_ONE, encoding="utf-8")
    build = subprocess.Popen([sys.executable, str(script), "build", "-C", str(project)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert build.stdout.readline() == "role-00.yaml\n"  # the build is reading its first role file, and waits
    build.send_signal(signal.SIGTERM)  # seen at once: the handler runs while the build waits on its input
    stdout, stderr = build.communicate("\n", timeout=120)
    assert build.returncode == 143, stderr
    assert stdout == "", "the build read more role files after SIGTERM"
    assert "stopped by SIGTERM: 0 written, 0 failed, 0 left" in stderr
    assert "Traceback" not in stderr and not (project / "output").exists()


def test_sigterm_stops_a_build_with_its_busy_worker_and_says_what_was_left(tmp_path):
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE}, config="languages: [en]\n",
                            templates={"interview-guide.html": HEAVY_GUIDE})
    out = project / "output"
    build = subprocess.Popen([sys.executable, "-m", "jobdocs", "build", "-C", str(project), "-j", "2",
                              "--kind", "interview-guide", "--kind", "job-ad"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The job ad is written while a worker is still busy with the long guide.
    while build.poll() is None and not any(not path.name.startswith(".") for path in out.glob("*/*")):
        time.sleep(0.02)
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 143, stderr
    assert "stopped by SIGTERM: " in stderr and "left: assistant/interview-guide.en.pdf" in stderr
    assert not list(out.rglob(f".*{TEMPORARY_SUFFIX}")) and not (out / "assistant" / "interview-guide.en.pdf").exists()


# --- a broken role does not stop the others ---------------------------------------------------

SITE_CONFIG = "company: {name: {zh: 测试公司, en: Test Company}}\nlanguages: [zh, en]\n" \
                                       "site: {url: 'https://careers.example.com/'}\n"
ANALYST = PARENT_ROLE.replace("运营助理, en: Operations Assistant", "数据分析员, en: Data Analyst")
BROKEN_ANALYST = ANALYST.replace("    level: 2\n    weight: 2", "    level: 7\n    weight: 2")
ONE_KIND = ["--format", "html", "--format", "docx", "--kind", "job-ad", "--lang", "en"]


def files_of(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


@pytest.fixture
def ladder_and_analyst(tmp_path: Path) -> Path:
    """An assistant, the manager who grows from it, and an analyst linked to neither; built once."""
    root = write_project(tmp_path / "project", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE, "analyst": ANALYST},
                         config=SITE_CONFIG)
    first = CliRunner().invoke(cli, ["build", "-C", str(root), *ONE_KIND])
    assert first.exit_code == 0, first.output
    return root


def test_a_broken_role_keeps_its_outputs_and_the_site_index_while_the_others_are_built(ladder_and_analyst):
    root, out = ladder_and_analyst, ladder_and_analyst / "output"
    before = files_of(out)
    (root / "roles" / "analyst.yaml").write_text(BROKEN_ANALYST, encoding="utf-8")
    (root / "roles" / "assistant.yaml").write_text(PARENT_ROLE.replace("Operations Assistant", "Shop Assistant"),
                                                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(root), "--prune", "--json", *ONE_KIND])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["broken"] == ["analyst"] and report["held"] == []
    assert [problem["text"] for problem in report["problems"]] == [
        "roles/analyst.yaml:10: competencies[0].level: must be 1-5, got 7"]
    after = files_of(out)
    # The analyst's files are kept (not pruned) and so are the index and the sitemap, which list every role.
    kept = [name for name in before if name.startswith("analyst/") or ("/" not in name and name != MANIFEST_FILE)]
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert "index.en.html" in kept and "sitemap.xml" in kept and "analyst/job-ad.en.docx" in kept
    assert "Shop Assistant" in " ".join(p.text for p in docx.Document(out / "assistant" / "job-ad.en.docx").paragraphs)
    assert "analyst/job-ad.en.docx" in json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["outputs"]
    # Fixed, the analyst and the site's own files are built again.
    (root / "roles" / "analyst.yaml").write_text(ANALYST.replace("Data Analyst", "Data Scientist"), encoding="utf-8")
    fixed = CliRunner().invoke(cli, ["build", "-C", str(root), *ONE_KIND])
    assert fixed.exit_code == 0, fixed.output
    assert "Data Scientist" in (out / "index.en.html").read_text(encoding="utf-8")


def test_a_role_that_shows_a_broken_one_is_kept_as_it_was(ladder_and_analyst):
    """The assistant's job ad names the manager it grows into: rebuilt without it, it would lose the role."""
    root, out = ladder_and_analyst, ladder_and_analyst / "output"
    before = files_of(out)
    (root / "roles" / "manager.yaml").write_text(CHILD_ROLE.replace("level: 4", "level: 9"), encoding="utf-8")
    (root / "roles" / "assistant.yaml").write_text(PARENT_ROLE.replace("Operations Assistant", "Shop Assistant"),
                                                   encoding="utf-8")
    (root / "roles" / "analyst.yaml").write_text(ANALYST.replace("Data Analyst", "Data Scientist"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(root), *ONE_KIND])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "roles/manager.yaml:10: competencies[0].level: must be 1-5, got 9" in lines
    assert "error: not built until their files validate (earlier outputs kept): manager" in lines
    assert "note: kept as they were, as they show a broken role: documents of assistant" in lines
    after = files_of(out)
    unchanged = [name for name in before if not name.startswith("analyst/") and name != MANIFEST_FILE]
    assert {name: after[name] for name in unchanged} == {name: before[name] for name in unchanged}
    assert after["analyst/job-ad.en.html"] != before["analyst/job-ad.en.html"]
    assert "Data Scientist" in after["analyst/job-ad.en.html"].decode("utf-8")


def test_a_picked_role_builds_when_an_unrelated_file_is_broken_and_a_broken_pick_is_refused(ladder_and_analyst):
    root = ladder_and_analyst
    (root / "roles" / "analyst.yaml").write_text(BROKEN_ANALYST, encoding="utf-8")
    picked = CliRunner().invoke(cli, ["build", "-C", str(root), "--role", "manager", "--force", *ONE_KIND])
    assert picked.exit_code == 0, picked.output
    assert "built 2," in picked.output
    assert "warning: roles/analyst.yaml:10: competencies[0].level: must be 1-5, got 7" in picked.output.splitlines()
    strict = CliRunner().invoke(cli, ["build", "-C", str(root), "--role", "manager", "--strict", *ONE_KIND])
    assert strict.exit_code == 1, strict.output
    broken = CliRunner().invoke(cli, ["build", "-C", str(root), "--role", "analyst", *ONE_KIND])
    assert broken.exit_code == 2, broken.output
    assert "roles/analyst.yaml:10: competencies[0].level: must be 1-5, got 7" in broken.output.splitlines()
    validate = CliRunner().invoke(cli, ["validate", "-C", str(root)])
    assert validate.exit_code == 2 and "roles/analyst.yaml:10: competencies[0].level: must be 1-5, got 7" in validate.output


def test_a_broken_project_file_still_stops_the_whole_build(ladder_and_analyst):
    root, out = ladder_and_analyst, ladder_and_analyst / "output"
    before = files_of(out)
    (root / "jobdocs.yaml").write_text(SITE_CONFIG + "colour: red\n", encoding="utf-8")
    (root / "roles" / "analyst.yaml").write_text(ANALYST.replace("Data Analyst", "Data Scientist"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-C", str(root), *ONE_KIND])
    assert result.exit_code == 2, result.output
    assert any(line.startswith("jobdocs.yaml:4: colour:") for line in result.output.splitlines()), result.output
    assert files_of(out) == before


def test_the_library_build_reports_broken_roles_in_its_result(ladder_and_analyst):
    root = ladder_and_analyst
    (root / "roles" / "analyst.yaml").write_text("title: [\n", encoding="utf-8")
    result = jobdocs.build(root, selection=Selection(kinds=["job-ad"], formats=["html"], languages=["en"]))
    assert result.exit_code == 1
    assert result.broken == ["analyst"] and result.held == []
    assert str(result.problems[0]).startswith("roles/analyst.yaml:")
    assert {target.role_id for target in result.skipped} == {"assistant", "manager"}
