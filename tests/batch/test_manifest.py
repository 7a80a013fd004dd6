"""Incremental builds: only what changed is rebuilt."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner

import jobdocs
from jobdocs import BuildOptions, Selection
from jobdocs.batch.manifest import MANIFEST_FILE, Manifest
from jobdocs.cli import cli
from jobdocs.html.templates import KINDS
from tests.batch.test_build import all_bytes
from tests.conftest import CHILD_ROLE, PARENT_ROLE, write_project

DOCX = Selection(formats=["docx"])  # DOCX is fast; what is rebuilt does not depend on the format


def built(result) -> set[str]:
    return {target.relative_path for target in result.built}


def test_a_second_build_skips_everything(small_project):
    first = jobdocs.build(small_project, selection=DOCX)
    second = jobdocs.build(small_project, selection=DOCX)
    assert len(first.built) == 16 and second.built == [] and len(second.skipped) == 16  # 2 roles x 4 kinds x 2
    manifest = json.loads((small_project / "output" / MANIFEST_FILE).read_text())
    assert sorted(manifest["outputs"]) == sorted(built(first))


def test_changing_a_role_rebuilds_it_and_its_children_only(small_project):
    jobdocs.build(small_project, selection=DOCX)
    role = small_project / "roles" / "manager.yaml"
    role.write_text(role.read_text().replace("You run the whole store.", "You run the store."))
    assert {path.split("/")[0] for path in built(jobdocs.build(small_project, selection=DOCX))} == {"manager"}
    parent = small_project / "roles" / "assistant.yaml"
    # the child inherits platform-rules from its parent, but writes its own responsibilities
    parent.write_text(parent.read_text().replace("en: Platform rules", "en: Marketplace rules"))
    rebuilt = built(jobdocs.build(small_project, selection=DOCX))
    assert {path.split("/")[0] for path in rebuilt} == {"assistant", "manager"}


def test_changing_a_template_rebuilds_that_kind_and_the_project_file_everything(small_project):
    jobdocs.build(small_project, selection=DOCX)
    (small_project / "templates").mkdir()
    (small_project / "templates" / "job-ad.html").write_text('{% extends "!default/job-ad.html" %}')
    rebuilt = built(jobdocs.build(small_project, selection=DOCX))
    assert {path.split("/")[1].split(".")[0] for path in rebuilt} == {"job-ad"}
    config = small_project / "jobdocs.yaml"
    config.write_text(config.read_text() + "color: '#336699'\n")
    assert len(jobdocs.build(small_project, selection=DOCX).built) == 16


def test_changing_the_pdf_variant_rebuilds_the_pdfs_and_no_docx(small_project):
    selection = Selection(roles=["manager"], kinds=["job-ad"], languages=["en"])
    assert len(jobdocs.build(small_project, selection=selection).built) == 2
    assert built(jobdocs.build(small_project, selection=selection,
                               options=BuildOptions(pdf_variant="pdf/a-2b"))) == {"manager/job-ad.en.pdf"}
    assert built(jobdocs.build(small_project, selection=selection,
                               options=BuildOptions(pdf_variant="pdf/a-2b"))) == set()
    assert built(jobdocs.build(small_project, selection=selection)) == {"manager/job-ad.en.pdf"}  # back to pdf/ua-1


def test_force_and_missing_files_rebuild(small_project):
    jobdocs.build(small_project, selection=DOCX)
    (small_project / "output" / "manager" / "job-ad.en.docx").unlink()
    assert built(jobdocs.build(small_project, selection=DOCX)) == {"manager/job-ad.en.docx"}
    assert len(jobdocs.build(small_project, selection=DOCX, options=BuildOptions(force=True)).built) == 16


def test_outputs_of_removed_roles_are_reported_and_pruned(small_project):
    jobdocs.build(small_project, selection=DOCX)
    (small_project / "roles" / "manager.yaml").unlink()
    result = jobdocs.build(small_project, selection=DOCX)
    assert result.orphans == ["manager"] and (small_project / "output" / "manager").exists()
    result = jobdocs.build(small_project, selection=DOCX, options=BuildOptions(prune=True))
    assert result.pruned == ["manager"] and not (small_project / "output" / "manager").exists()
    assert all(not path.startswith("manager/") for path in Manifest.load(small_project / "output").outputs)


def test_a_no_op_rebuild_does_not_import_weasyprint(small_built):
    project = small_built.parent  # built once for the session: this build has nothing to do
    code = ("import sys\nfrom jobdocs.cli import cli\n"
            "try:\n    cli(['build', '-C', sys.argv[1]])\nexcept SystemExit as exit:\n    print(exit.code)\n"
            "print('weasyprint' in sys.modules)\n")
    output = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True)
    summary, code, imported = output.stdout.strip().splitlines()
    documents = 2 * 2 * len(KINDS) * 2  # roles, languages, kinds, formats
    assert summary.startswith(f"built 0, skipped {documents} unchanged") and (code, imported) == ("0", "False")


PACKER_ROLE = """\
title: {zh: 打包员, en: Packer}
summary: {zh: 你负责打包。, en: You pack the orders.}
responsibilities:
  - {zh: 打包订单。, en: Pack orders.}
competencies:
  - id: packing
    name: {zh: 打包, en: Packing}
employment:
  type: FULL_TIME
  location: {zh: 深圳, en: Shenzhen}
"""
EN_DOCX = Selection(formats=["docx"], languages=["en"])


@pytest.fixture
def three_roles(tmp_path):
    """A parent, its child, and a role linked to neither."""
    return write_project(tmp_path / "project", {"assistant": PARENT_ROLE, "manager": CHILD_ROLE,
                                                "packer": PACKER_ROLE})


def retitle(project, role_id: str, old: str, new: str) -> None:
    path = project / "roles" / f"{role_id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"en: {old}}}", f"en: {new}}}"), encoding="utf-8")


def test_a_title_edit_rebuilds_the_documents_that_print_it_and_nothing_else(three_roles):
    assert len(jobdocs.build(three_roles, selection=EN_DOCX).built) == 3 * len(KINDS)
    retitle(three_roles, "packer", "Packer", "Order Packer")
    assert built(jobdocs.build(three_roles, selection=EN_DOCX)) == {f"packer/{kind}.en.docx" for kind in KINDS}
    retitle(three_roles, "assistant", "Operations Assistant", "Store Assistant")
    rebuilt = built(jobdocs.build(three_roles, selection=EN_DOCX))  # the manager shows its parent's title
    assert rebuilt == {f"{role}/{kind}.en.docx" for role in ("assistant", "manager") for kind in KINDS}
    with zipfile.ZipFile(three_roles / "output" / "manager" / "training-handout.en.docx") as docx:
        # The ladder picture's alternative text says the ladder in words, the parent's new title included.
        assert "Store Assistant grows into Store Manager" in docx.read("word/document.xml").decode("utf-8")


def test_removing_a_role_rebuilds_only_the_documents_that_showed_it(three_roles):
    jobdocs.build(three_roles, selection=EN_DOCX)
    (three_roles / "roles" / "packer.yaml").unlink()
    result = jobdocs.build(three_roles, selection=EN_DOCX)
    assert result.built == [] and result.orphans == ["packer"]
    (three_roles / "roles" / "manager.yaml").unlink()
    # The assistant's documents named the manager, the role it grows into.
    assert built(jobdocs.build(three_roles, selection=EN_DOCX)) == {f"assistant/{kind}.en.docx" for kind in KINDS}


def test_a_killed_force_build_forgets_no_current_file(three_roles):
    jobdocs.build(three_roles, selection=EN_DOCX)
    before = Manifest.load(three_roles / "output").outputs

    seen = []

    def killed_after_two(outcome, total):
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        jobdocs.build(three_roles, selection=EN_DOCX, options=BuildOptions(force=True), on_outcome=killed_after_two)
    assert Manifest.load(three_roles / "output").outputs == before
    assert jobdocs.build(three_roles, selection=EN_DOCX).built == []


def write_manifest(out, outputs, **fields) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST_FILE).write_text(json.dumps({"format": 1, "outputs": outputs, **fields}), encoding="utf-8")


ENTRY = {"key": "k", "sha256": "s", "size": 1}


@pytest.mark.parametrize("entry, why", [
    ("../evil/job-ad.en.pdf", "leads out of the output folder"),
    ("/etc/job-ad.en.pdf", "is an absolute path"),
    ("evil\\job-ad.en.pdf", "holds a backslash"),
    ("..", "leads out of the output folder"),
    ("roles/x.yaml", "is not the path of a jobdocs output"),
    ("manager/job-ad.en.pdf\u202e", "is not the path of a jobdocs output"),
])
def test_a_manifest_entry_that_jobdocs_cannot_have_written_stops_the_build(small_project, entry, why):
    out = small_project / "output"
    write_manifest(out, {entry: ENTRY})
    result = CliRunner().invoke(cli, ["build", "-C", str(small_project), "--format", "docx"])
    assert result.exit_code == 2
    assert f"{out / MANIFEST_FILE}: outputs[{entry!r}]: refused: {why}" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == [MANIFEST_FILE]  # nothing written


def test_entries_of_roles_kinds_and_languages_no_longer_built_are_kept_as_orphans(small_project):
    out = small_project / "output"
    old = {"gone/job-ad.en.pdf": ENTRY, "manager/old-kind.fr.docx": ENTRY, "index.fr.html": ENTRY}
    write_manifest(out, old)
    result = jobdocs.build(small_project, selection=EN_DOCX)
    assert result.orphans == ["gone"] and old.keys() <= Manifest.load(out).outputs.keys()


def test_prune_deletes_only_folders_jobdocs_wrote_inside_the_real_output_folder(small_project, tmp_path):
    out = small_project / "output"
    jobdocs.build(small_project, selection=EN_DOCX)
    (out / "assets").mkdir()  # the user's own, never in the manifest
    outside = tmp_path / "outside"
    (outside / "keep").mkdir(parents=True)
    (out / "gone").symlink_to(outside, target_is_directory=True)
    manifest = json.loads((out / MANIFEST_FILE).read_text())
    manifest["outputs"]["gone/job-ad.en.docx"] = ENTRY
    (out / MANIFEST_FILE).write_text(json.dumps(manifest))
    result = jobdocs.build(small_project, selection=EN_DOCX, options=BuildOptions(prune=True))
    assert result.pruned == ["gone"] and (out / "assets").is_dir() and (outside / "keep").is_dir()
    assert "gone/job-ad.en.docx" not in Manifest.load(out).outputs


def build_shards(project, tmp_path, count: int, start=None, rebuilt=None) -> list:
    """Each shard in a folder of its own, started from a copy of ``start`` (the last published output)."""
    folders = []
    for index in range(1, count + 1):
        folder = tmp_path / f"shard{index}"
        if start is not None:
            shutil.copytree(start, folder)
        result = jobdocs.build(project, folder, EN_DOCX, BuildOptions(shard=f"{index}/{count}"))
        assert result.exit_code == 0
        (rebuilt if rebuilt is not None else set()).update(built(result))
        folders.append(folder)
    return folders


def merge(args) -> object:
    return CliRunner().invoke(cli, ["merge-manifests", *map(str, args)])


def test_merge_refuses_a_missing_duplicated_or_foreign_shard(three_roles, tmp_path):
    one, two, three = build_shards(three_roles, tmp_path, 3)
    merged = tmp_path / "merged.json"
    result = merge(["-o", merged, one / MANIFEST_FILE, two / MANIFEST_FILE])
    assert result.exit_code == 2 and "shard 3/3: missing" in result.stderr and not merged.exists()
    result = merge(["-o", merged, one / MANIFEST_FILE, two / MANIFEST_FILE, two / MANIFEST_FILE, three / MANIFEST_FILE])
    assert result.exit_code == 2 and f"{two / MANIFEST_FILE}: shard: shard 2/3 given twice" in result.stderr
    jobdocs.build(three_roles, tmp_path / "full", selection=EN_DOCX)
    result = merge(["-o", merged, one / MANIFEST_FILE, two / MANIFEST_FILE, tmp_path / "full" / MANIFEST_FILE])
    assert result.exit_code == 2 and "not a shard's manifest" in result.stderr
    retitle(three_roles, "packer", "Packer", "Order Packer")
    [other] = [folder for folder in build_shards(three_roles, tmp_path / "later", 3) if folder.name == "shard3"]
    result = merge(["-o", merged, one / MANIFEST_FILE, two / MANIFEST_FILE, other / MANIFEST_FILE])
    assert result.exit_code == 2 and f"{other / MANIFEST_FILE}: plan: shard 3/3 of another plan" in result.stderr
    assert not merged.exists()


def test_a_merged_hostile_shard_manifest_is_refused(tmp_path):
    write_manifest(tmp_path / "a", {"../evil/job-ad.en.pdf": ENTRY}, shard="1/1")
    result = merge(["-o", tmp_path / "merged.json", tmp_path / "a" / MANIFEST_FILE])
    assert result.exit_code == 2 and "outputs['../evil/job-ad.en.pdf']: refused" in result.stderr
    assert not (tmp_path / "merged.json").exists()


def publish(shards: list, published) -> None:
    """What a CI matrix's last step does: each shard's own files and the merged manifest, into one folder."""
    for folder in shards:
        for path in json.loads((folder / MANIFEST_FILE).read_text())["outputs"]:
            (published / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / path, published / path)
    assert merge(["-o", published / MANIFEST_FILE, *(folder / MANIFEST_FILE for folder in shards)]).exit_code == 0


def test_an_incremental_shard_matrix_equals_a_full_build_byte_for_byte(three_roles, tmp_path):
    published = tmp_path / "published"
    published.mkdir()
    publish(build_shards(three_roles, tmp_path / "night1", 3), published)
    retitle(three_roles, "packer", "Packer", "Order Packer")
    rebuilt: set[str] = set()
    shards = build_shards(three_roles, tmp_path / "night2", 3, start=published, rebuilt=rebuilt)
    publish(shards, published)
    full = tmp_path / "full"
    jobdocs.build(three_roles, full, selection=EN_DOCX)
    assert all_bytes(published) == all_bytes(full)
    assert rebuilt == {f"packer/{kind}.en.docx" for kind in KINDS}


def test_a_build_computes_the_keys_only_of_documents_whose_inputs_changed(three_roles, monkeypatch):
    from jobdocs.batch.manifest import KeyMaker
    from jobdocs.batch.quick import RECORD_FILE

    jobdocs.build(three_roles, selection=EN_DOCX)
    retitle(three_roles, "packer", "Packer", "Order Packer")
    computed: list[str] = []
    key = KeyMaker.key

    def counted(self, target):
        computed.append(target.relative_path)
        return key(self, target)

    monkeypatch.setattr(KeyMaker, "key", counted)
    assert len(jobdocs.build(three_roles, selection=EN_DOCX).built) == len(KINDS)
    # Only the documents that show the packer had other inputs: only their keys were computed again.
    assert sorted(computed) == sorted(f"packer/{kind}.en.docx" for kind in KINDS)
    (three_roles / "output" / RECORD_FILE).unlink()  # so that the build looks for itself

    def no_key(self, target):
        raise AssertionError(f"computed the key of {target.relative_path}")

    monkeypatch.setattr(KeyMaker, "key", no_key)
    result = jobdocs.build(three_roles, selection=EN_DOCX)
    assert result.built == [] and len(result.skipped) == 3 * len(KINDS)
