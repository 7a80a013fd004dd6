"""Incremental builds: only what changed is rebuilt."""
from __future__ import annotations

import json
import subprocess
import sys

import jobdocs
from jobdocs.batch.manifest import MANIFEST_FILE, Manifest

DOCX = {"formats": ["docx"]}  # DOCX is fast; what is rebuilt does not depend on the format


def built(result) -> set[str]:
    return {target.relative_path for target in result.built}


def test_a_second_build_skips_everything(small_project):
    first = jobdocs.build(small_project, **DOCX)
    second = jobdocs.build(small_project, **DOCX)
    assert len(first.built) == 12 and second.built == [] and len(second.skipped) == 12
    manifest = json.loads((small_project / "output" / MANIFEST_FILE).read_text())
    assert sorted(manifest["outputs"]) == sorted(built(first))


def test_changing_a_role_rebuilds_it_and_its_children_only(small_project):
    jobdocs.build(small_project, **DOCX)
    role = small_project / "roles" / "manager.yaml"
    role.write_text(role.read_text().replace("You run the whole store.", "You run the store."))
    assert {path.split("/")[0] for path in built(jobdocs.build(small_project, **DOCX))} == {"manager"}
    parent = small_project / "roles" / "assistant.yaml"
    # the child inherits platform-rules from its parent, but writes its own responsibilities
    parent.write_text(parent.read_text().replace("en: Platform rules", "en: Marketplace rules"))
    assert {path.split("/")[0] for path in built(jobdocs.build(small_project, **DOCX))} == {"assistant", "manager"}


def test_changing_a_template_rebuilds_that_kind_and_the_project_file_everything(small_project):
    jobdocs.build(small_project, **DOCX)
    (small_project / "templates").mkdir()
    (small_project / "templates" / "job-ad.html").write_text('{% extends "!default/job-ad.html" %}')
    assert {path.split("/")[1].split(".")[0] for path in built(jobdocs.build(small_project, **DOCX))} == {"job-ad"}
    config = small_project / "jobdocs.yaml"
    config.write_text(config.read_text() + "color: '#336699'\n")
    assert len(jobdocs.build(small_project, **DOCX).built) == 12


def test_changing_the_pdf_variant_rebuilds_the_pdfs_and_no_docx(small_project):
    selection = {"roles": ["manager"], "kinds": ["job-ad"], "languages": ["en"]}
    assert len(jobdocs.build(small_project, **selection).built) == 2
    assert built(jobdocs.build(small_project, pdf_variant="pdf/a-2b", **selection)) == {"manager/job-ad.en.pdf"}
    assert built(jobdocs.build(small_project, pdf_variant="pdf/a-2b", **selection)) == set()
    assert built(jobdocs.build(small_project, **selection)) == {"manager/job-ad.en.pdf"}  # back to pdf/ua-1


def test_force_and_missing_files_rebuild(small_project):
    jobdocs.build(small_project, **DOCX)
    (small_project / "output" / "manager" / "job-ad.en.docx").unlink()
    assert built(jobdocs.build(small_project, **DOCX)) == {"manager/job-ad.en.docx"}
    assert len(jobdocs.build(small_project, force=True, **DOCX).built) == 12


def test_outputs_of_removed_roles_are_reported_and_pruned(small_project):
    jobdocs.build(small_project, **DOCX)
    (small_project / "roles" / "manager.yaml").unlink()
    result = jobdocs.build(small_project, **DOCX)
    assert result.orphans == ["manager"] and (small_project / "output" / "manager").exists()
    result = jobdocs.build(small_project, prune=True, **DOCX)
    assert result.pruned == ["manager"] and not (small_project / "output" / "manager").exists()
    assert all(not path.startswith("manager/") for path in Manifest.load(small_project / "output").outputs)


def test_a_no_op_rebuild_does_not_import_weasyprint(small_project):
    jobdocs.build(small_project)
    code = ("import sys\nfrom jobdocs.cli import cli\n"
            "try:\n    cli(['build', '-C', sys.argv[1]])\nexcept SystemExit as exit:\n    print(exit.code)\n"
            "print('weasyprint' in sys.modules)\n")
    output = subprocess.run([sys.executable, "-c", code, str(small_project)], capture_output=True, text=True)
    summary, code, imported = output.stdout.strip().splitlines()
    assert summary.startswith("built 0, skipped 24 unchanged") and (code, imported) == ("0", "False")
