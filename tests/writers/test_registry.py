"""The formats' registry: built-in writers, and a plugin's writer found through its entry point."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from jobdocs.batch.plan import Target, expected_cost, plan
from jobdocs.batch.workers import wants_workers
from jobdocs.model.project import load_project
from jobdocs.writers import registry

PLUGIN = """
from jobdocs.writers import Writer

WRITER = Writer("txt", "txt", 0.01, "jobdocs_title_plugin.write:write", default=False, kinds=("job-ad",))
"""
PLUGIN_WRITE = """
def write(rendered, settings, policy):
    return rendered.title.encode("utf-8")
"""


def test_the_built_in_formats_are_the_registrys_and_planning_reads_it(small_project):
    assert [(w.name, w.extension, w.default) for w in registry().values()] == [
        ("pdf", "pdf", True), ("docx", "docx", True), ("html", "html", False)]
    project = load_project(small_project)
    assert {target.format for target in plan(project)} == {"pdf", "docx"}
    pdf, docx = Target("assistant", "job-ad", "en", "pdf"), Target("assistant", "job-ad", "en", "docx")
    assert expected_cost(project, docx) / expected_cost(project, pdf) == registry()["docx"].cost


def test_pdf_and_docx_are_written_in_workers_and_html_alone_starts_none():
    pdf, docx, page = (Target("a", "job-ad", "en", fmt) for fmt in ("pdf", "docx", "html"))
    assert wants_workers([pdf]) and wants_workers([docx])
    assert not wants_workers([page, Target("", "index", "en", "html"), Target("", "sitemap", "", "xml")])


def test_a_plugin_adds_a_format_through_its_entry_point(small_project, tmp_path):
    site = tmp_path / "site"
    (site / "jobdocs_title_plugin").mkdir(parents=True)
    (site / "jobdocs_title_plugin" / "__init__.py").write_text(PLUGIN)
    (site / "jobdocs_title_plugin" / "write.py").write_text(PLUGIN_WRITE)
    info = site / "jobdocs_title_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jobdocs-title-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[jobdocs.writers]\ntxt = jobdocs_title_plugin:WRITER\n")
    code = textwrap.dedent("""
        import sys
        from jobdocs.cli import main
        sys.argv = ["jobdocs", "build", "-C", sys.argv[1], "--format", "txt", "--lang", "en"]
        try:
            main()
        except SystemExit as stop:
            print("writer imported:", "jobdocs_title_plugin.write" in sys.modules, "exit", stop.code)
    """)
    result = subprocess.run([sys.executable, "-c", code, str(small_project)], capture_output=True, text=True,
                            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert result.stdout.splitlines()[-1] == "writer imported: False exit 0", result.stderr  # written in a worker
    out = small_project / "output"
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*.txt")) == [
        "assistant/job-ad.en.txt", "manager/job-ad.en.txt"]
    assert (out / "manager" / "job-ad.en.txt").read_text() == "Store Manager · Job ad"
