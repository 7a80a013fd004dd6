"""End-to-end: the jobdocs command as a user runs it."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from jobdocs import __version__
from jobdocs.cli import cli

from tests.conftest import PARENT_ROLE, write_project


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_build_writes_every_selected_file_and_says_what_it_built(small_project):
    result = run("build", "-C", str(small_project), "--role", "manager", "--kind", "job-ad",
                 "--format", "pdf", "--format", "docx", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (small_project / "output" / "manager").iterdir()) == ["job-ad.en.docx", "job-ad.en.pdf"]
    assert result.output.strip().splitlines()[-1].startswith("built 2, skipped 0 unchanged in ")


def test_build_pdf_variant_writes_an_archival_pdf(small_project):
    import pikepdf

    result = run("build", "-C", str(small_project), "--role", "manager", "--kind", "job-ad", "--format", "pdf",
                 "--lang", "en", "--pdf-variant", "pdf/a-3b")
    assert result.exit_code == 0, result.output
    with pikepdf.open(small_project / "output" / "manager" / "job-ad.en.pdf") as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"


def test_an_unknown_pdf_variant_is_a_usage_error(small_project):
    result = run("build", "-C", str(small_project), "--pdf-variant", "pdf/a-1b")
    assert result.exit_code == 2
    assert "Invalid value for '--pdf-variant': 'pdf/a-1b' is not one of 'pdf/ua-1', 'pdf/a-3b', 'pdf/a-2b'." \
        in result.output


def test_build_into_another_folder(small_project, tmp_path):
    result = run("build", "-C", str(small_project), "--out", str(tmp_path / "elsewhere"), "--role", "assistant",
                 "--format", "docx")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "elsewhere" / "assistant").glob("*.docx"))) == 8  # 4 kinds x 2 languages


def test_list_shows_title_parent_and_level(small_project):
    result = run("list", "-C", str(small_project))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "EXTENDS", "LEVEL"]
    assert lines[2].split() == ["manager", "店长", "assistant", "2"]


def test_validate_prints_every_problem_and_exits_2(tmp_path):
    bad = PARENT_ROLE.replace("level: 1\n", "level: 9\nlevle: 1\n")
    root = write_project(tmp_path, {"assistant": bad})
    result = run("validate", "-C", str(root))
    assert result.exit_code == 2
    assert "roles/assistant.yaml:3: level: must be 1-20, got 9" not in result.output  # 9 is a valid rung
    assert "roles/assistant.yaml:4: levle: unknown field; did you mean 'level'?" in result.output
    assert "Traceback" not in result.output


def test_build_with_a_bad_role_writes_nothing(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE.replace("weight: 2", "weight: heavy")})
    result = run("build", "-C", str(root))
    assert result.exit_code == 2
    assert "roles/assistant.yaml:11: competencies[0].weight: must be a whole number, got 'heavy'" in result.output
    assert not (root / "output").exists()


def test_validate_accepts_a_good_project(small_project):
    result = run("validate", "-C", str(small_project))
    assert result.exit_code == 0
    assert "2 roles are valid" in result.output


def test_unknown_role_is_a_usage_error(small_project):
    result = run("build", "-C", str(small_project), "--role", "nobody")
    assert result.exit_code == 2
    assert "unknown role 'nobody'; choose from assistant, manager" in result.output


def test_version():
    assert run("--version").output.strip() == f"jobdocs, version {__version__}"


def test_help_list_and_validate_do_not_import_weasyprint(small_project):
    code = (
        "import sys\n"
        "from jobdocs.cli import cli\n"
        "for args in (['--help'], ['list', '-C', sys.argv[1]], ['validate', '-C', sys.argv[1]]):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('weasyprint' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", code, str(small_project)], capture_output=True, text=True)
    assert output.stdout.strip().splitlines()[-1] == "False"


def test_python_dash_m_runs_the_cli():
    output = subprocess.run([sys.executable, "-m", "jobdocs", "--version"], capture_output=True, text=True)
    assert output.stdout.strip() == f"jobdocs, version {__version__}"


def test_build_json_summary_is_machine_readable(small_project):
    import json

    result = run("build", "-C", str(small_project), "--role", "assistant", "--format", "docx", "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert (summary["built"], summary["skipped"], summary["failed"], summary["pruned"]) == (8, 0, 0, 0)
    assert {entry["status"] for entry in summary["outputs"]} == {"built"}
    assert all(len(entry["key"]) == 64 for entry in summary["outputs"])
    again = json.loads(run("build", "-C", str(small_project), "--role", "assistant", "--format", "docx",
                           "--json").stdout)
    assert again["skipped"] == 8 and again["built"] == 0


def test_build_logs_one_plain_line_per_document_when_not_on_a_terminal(small_project):
    result = run("build", "-C", str(small_project), "--role", "assistant", "--format", "docx", "--lang", "en")
    assert sorted(line for line in result.stderr.splitlines() if line.startswith("built ")) == [
        "built assistant/interview-guide.en.docx", "built assistant/job-ad.en.docx",
        "built assistant/trainer-guide.en.docx", "built assistant/training-handout.en.docx"]


def test_lint_exits_1_on_an_unlawful_term_and_build_still_builds(tmp_path):
    root = write_project(tmp_path, {"assistant": PARENT_ROLE.replace("Record sales data every day.",
                                                                     "Record sales data every day. Men only.")})
    result = run("lint", "-C", str(root))
    assert result.exit_code == 1
    assert "error: roles/assistant.yaml:5: responsibilities[0].en: 'Men only' limits the job by sex" in result.output
    assert next(line for line in result.output.splitlines() if "'Men only'" in line).endswith(" [sex-limit]")
    built = run("build", "-C", str(root), "--kind", "job-ad", "--format", "docx")
    assert built.exit_code == 0 and "[sex-limit] (see 'jobdocs lint')" in built.stderr


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    import pytest

    from jobdocs import cli as cli_module

    def broken(*args, **kwargs):
        raise RuntimeError("something jobdocs did not expect")

    monkeypatch.setattr(cli_module, "cli", broken)
    monkeypatch.delenv("JOBDOCS_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 1
    assert "internal error: RuntimeError: something jobdocs did not expect" in capsys.readouterr().err


def test_build_of_the_careers_site_without_its_address_warns_and_writes_no_sitemap(small_project):
    result = run("build", "-C", str(small_project), "--format", "html", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert ("warning: jobdocs.yaml: site.url: not set, so the careers pages carry no canonical address and no "
            "sitemap.xml is written; set it to the address the site is published at, like "
            "https://careers.example.com/jobs/\n") in result.output
    out = small_project / "output"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.html")) == [
        "assistant/job-ad.en.html", "index.en.html", "manager/job-ad.en.html"]
    assert "note:" not in result.output  # the site's own files are not taken for a removed role's


def test_init_new_and_schema_do_not_import_weasyprint(tmp_path):
    code = (
        "import sys\n"
        "from jobdocs.cli import cli\n"
        "root = sys.argv[1]\n"
        "for args in (['init', root], ['new', 'x', '-C', root], ['schema', 'role']):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit as exit:\n"
        "        assert not exit.code, args\n"
        "print('weasyprint' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p")], capture_output=True, text=True)
    assert output.stdout.strip().splitlines()[-1] == "False", output.stderr


def test_json_on_bad_input_lists_the_problems_and_exits_2(tmp_path):
    import json

    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE.replace("weight: 2", "weight: heavy")})
    result = run("build", "-C", str(project), "--json")
    document = json.loads(result.stdout)
    assert result.exit_code == 2 and document["exit_code"] == 2
    [problem] = document["problems"]
    assert (problem["file"], problem["field"], problem["line"]) == ("roles/assistant.yaml", "competencies[0].weight", 11)


def test_json_on_a_locked_folder_names_the_holder_and_wait_gives_up_after_its_seconds(small_project):
    import json
    import os

    from jobdocs.batch.output import OutputLock

    with OutputLock(small_project / "output"):
        result = run("build", "-C", str(small_project), "--wait", "0.3", "--json")
    document = json.loads(result.stdout)
    assert result.exit_code == 3 and document["exit_code"] == 3 and document["holder"]["pid"] == os.getpid()
    assert "after waiting 0.3 s, another jobdocs build" in document["error"]


def test_quiet_prints_nothing_but_errors(small_project):
    quiet = run("build", "-C", str(small_project), "--role", "assistant", "--format", "html", "--lang", "en", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    loud = run("build", "-C", str(small_project), "--role", "assistant", "--format", "html", "--lang", "en", "--force")
    assert "warning: jobdocs.yaml: site.url: not set" in loud.stderr and loud.stdout.startswith("built 2")


def test_build_help_has_the_exit_codes():
    text = run("build", "--help").stdout
    assert all(line in text for line in ("0    success", "2    bad input", "3    another build holds",
                                         "130  stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM"))


def test_strict_fails_on_a_warning_until_lint_ignore_accepts_its_code(small_project):
    import json

    args = ["build", "-C", str(small_project), "--role", "assistant", "--format", "html", "--lang", "en", "--strict"]
    result = run(*args, "--json")
    document = json.loads(result.stdout)
    codes = sorted({warning["code"] for warning in document["warnings"]})
    assert result.exit_code == 1 and document["exit_code"] == 1 and "site-url-missing" in codes
    assert all(warning["severity"] == "warning" and warning["file"] for warning in document["warnings"])
    config = small_project / "jobdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"lint: {{ignore: [{', '.join(codes)}]}}\n", encoding="utf-8")
    accepted = run(*args)
    assert accepted.exit_code == 0 and "warning:" not in accepted.stderr, accepted.stderr
