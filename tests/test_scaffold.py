"""``jobdocs init`` and ``jobdocs new``: a project that works at once, and a role to fill in; nothing overwritten."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from jobdocs.cli import cli
from jobdocs.model.json_schema import user_fields
from jobdocs.model.models import ProjectConfig, Role
from jobdocs.model.project import load_project
from jobdocs.scaffold import EXAMPLES_DIR, example_languages

from tests.model.test_json_schema import as_json

EXAMPLE_ROLES = ["customer-service-assistant", "customer-service-supervisor"]
FILES = [".gitignore", ".jobdocs/project.schema.json", ".jobdocs/role.schema.json", "jobdocs.yaml",
         *(f"roles/{role_id}.yaml" for role_id in EXAMPLE_ROLES)]


def run(*args: str):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("init") / "my-jobs"
    result = run("init", root)
    assert result.exit_code == 0, result.output
    return root


def test_init_writes_the_project_and_says_so(started):
    assert sorted(str(path.relative_to(started)) for path in started.rglob("*") if path.is_file()) == FILES
    assert (started / ".gitignore").read_text().splitlines()[-1] == "/output/"


def test_the_example_is_valid_and_the_job_ad_checker_finds_nothing(started):
    validated = run("validate", "-C", started)
    assert validated.exit_code == 0, validated.output
    assert validated.output == "2 roles are valid; every template renders.\n"
    linted = run("lint", "-C", started)
    assert (linted.exit_code, linted.output) == (0, "0 error(s), 0 warning(s)\n")


def test_the_second_role_extends_the_first(started):
    project = load_project(started)
    supervisor = project.roles["customer-service-supervisor"]
    assert supervisor.extends == "customer-service-assistant"
    assert [c.id for c in supervisor.competencies] == ["customer-communication", "order-handling", "team-coaching"]
    assert supervisor.title.get_text("zh") == "客服主管"


def test_the_project_file_shows_every_setting_with_its_help(started):
    text = (started / "jobdocs.yaml").read_text(encoding="utf-8")
    for field in user_fields(ProjectConfig):
        assert re.search(rf"^(# )?{field.name}:", text, re.MULTILINE), field.name
    assert "# The brand colour of headings and rules.\ncolor: \"#1f4e79\"\n" in text
    assert "  # date_posted:\n" in text  # an unset field, commented out under its section


def test_files_start_with_the_schema_line_and_validate_against_the_schema(started):
    for name, which in [("jobdocs.yaml", "project"), *((f"roles/{r}.yaml", "role") for r in EXAMPLE_ROLES)]:
        path = started / name
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema_path = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert schema_path == (started / ".jobdocs" / f"{which}.schema.json").resolve()
        schema = json.loads(schema_path.read_text())
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(as_json(path))) == []


def test_init_never_overwrites_and_writes_nothing_when_a_file_exists(tmp_path):
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "customer-service-assistant.yaml").write_text("mine\n")
    result = run("init", tmp_path)
    assert result.exit_code == 2
    assert result.output == (
        "Error: 1 problem found, nothing was written:\n"
        f"{tmp_path}/roles/customer-service-assistant.yaml: already exists, and jobdocs never overwrites a file; "
        "move it away or pick another folder\n")
    assert [path.name for path in tmp_path.rglob("*")] == ["roles", "customer-service-assistant.yaml"]
    assert (tmp_path / "roles" / "customer-service-assistant.yaml").read_text() == "mine\n"


def test_init_refuses_a_language_name(tmp_path):
    result = run("init", tmp_path / "p", "--lang", "German")
    assert result.exit_code == 2
    assert "--lang: must be a language code like zh, en or zh-Hant, got 'German'" in result.output
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("language", sorted(set(example_languages()) - {"en"}))
def test_each_example_language_has_every_text_and_nothing_else(language):
    """A translation holds a text wherever en.yaml has one, and no key that en.yaml lacks."""

    def texts(node, path=()):
        if isinstance(node, dict):
            return {p for key, value in node.items() for p in texts(value, (*path, key))}
        if isinstance(node, list):
            return {p for index, value in enumerate(node) for p in texts(value, (*path, index))}
        return {path} if isinstance(node, str) else set()

    def read(code):
        return yaml.safe_load((EXAMPLES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))

    reference, translated = texts(read("en")), texts(read(language))
    structure = {path for path in reference if path[-1] in ("id", "extends", "type", "currency", "period", "remote", "basis")}
    assert translated - reference == set(), "keys en.yaml does not have"
    assert reference - structure - translated == set(), "texts left untranslated"


@pytest.mark.parametrize("language", sorted(set(example_languages()) - {"zh", "en"}))
def test_init_in_another_language_is_valid_with_no_placeholder(tmp_path, language):
    assert run("init", tmp_path, "--lang", language).exit_code == 0
    result = run("validate", "-C", tmp_path)
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    example = yaml.safe_load((EXAMPLES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))["roles"]
    for role_id, role in load_project(tmp_path).roles.items():
        job_ad = {"must_have": role.requirements.must_have, "nice_to_have": role.requirements.nice_to_have,
                  "hours": [role.employment.hours], "benefits": role.benefits}
        own = example[role_id] if role_id in example and "benefits" in example[role_id] else \
            example["customer-service-assistant"]  # the supervisor inherits the assistant's benefits
        written = {"must_have": example[role_id]["requirements"]["must_have"],
                   "nice_to_have": example[role_id]["requirements"]["nice_to_have"],
                   "hours": [example[role_id]["employment"]["hours"]], "benefits": own["benefits"]}
        assert {key: [text.get_text(language) for text in texts] for key, texts in job_ad.items()} == written
    assert load_project(tmp_path).roles["customer-service-supervisor"].posting.openings == 1
    assert load_project(tmp_path).roles["customer-service-assistant"].employment.salary.basis == "gross"


def test_a_language_without_example_text_is_refused_with_the_way_forward(tmp_path):
    result = run("init", tmp_path / "p", "--lang", "it", "--lang", "en")
    assert result.exit_code == 2
    assert result.output.splitlines()[1] == (
        "--lang: jobdocs has no example text in 'it' (it has de, en, es, fr, ja, ko, zh, zh-Hant); start with those, "
        "then add 'it' to languages in jobdocs.yaml, its texts to each role and its words to templates/labels.yaml")
    assert not (tmp_path / "p").exists()


def test_a_text_a_translation_lacks_becomes_a_placeholder():
    from jobdocs.scaffold import _localise

    reference = {"title": "Customer Service Assistant", "summary": "You answer customers.", "level": 1}
    role = _localise(Role, reference, [("de", {"summary": "Sie antworten Kunden."}), ("en", None)])
    assert role == {"title": {"de": "TODO: translate into de: Customer Service Assistant",
                              "en": "Customer Service Assistant"},
                    "summary": {"de": "Sie antworten Kunden.", "en": "You answer customers."}, "level": 1}


@pytest.fixture
def project(tmp_path) -> Path:
    assert run("init", tmp_path).exit_code == 0
    return tmp_path


def test_new_writes_every_required_field_with_a_placeholder_in_each_language(project):
    result = run("new", "warehouse-assistant", "-C", project)
    assert (result.exit_code, result.output) == (0, f"wrote {project}/roles/warehouse-assistant.yaml\n")
    text = (project / "roles" / "warehouse-assistant.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.jobdocs/role.schema.json\n")
    data = yaml.safe_load(text)
    assert list(data) == [field.name for field in user_fields(Role) if field.name in data]
    assert list(data) == ["title", "summary", "responsibilities", "competencies", "requirements", "employment",
                          "benefits"]
    assert data["title"] == {"zh": "TODO: The job title, as the job ad prints it",
                             "en": "TODO: The job title, as the job ad prints it"}
    assert data["competencies"][0]["id"] == "competency-1"
    # the job ad's texts beyond the required fields, asked for as well
    assert data["requirements"]["must_have"] == [{"zh": "TODO: What a candidate must already bring, one item each "
                                                        "(about 7 at most)",
                                                  "en": "TODO: What a candidate must already bring, one item each "
                                                        "(about 7 at most)"}]
    assert list(data["requirements"]) == ["must_have", "nice_to_have"]
    assert data["employment"]["hours"]["en"] == "TODO: Working days and hours, shifts and overtime"
    assert data["benefits"][0]["zh"].startswith("TODO: What the employer offers besides pay")
    # a comment line above each field
    lines = text.splitlines()
    fields = [index for index, line in enumerate(lines) if re.match(r"\s*(- )?(?!zh:|en:)\w+:", line)]
    assert len(fields) == 12 and all(lines[index - 1].lstrip().startswith("# ") for index in fields)


def test_a_new_role_builds_with_a_warning_naming_file_line_and_field(project):
    run("new", "warehouse-assistant", "-C", project)
    validated = run("validate", "-C", project)
    assert validated.exit_code == 0
    assert ("warning: roles/warehouse-assistant.yaml:7: title: still holds the placeholder "
            "'TODO: The job title, as the job ad prints it' (zh, en); write the real text in its place"
            in validated.output.splitlines())
    assert "roles/warehouse-assistant.yaml:23: competencies[0].name: " in validated.output
    linted = run("lint", "-C", project, "--role", "warehouse-assistant")
    assert "warning: roles/warehouse-assistant.yaml:11: summary: still holds the placeholder" in linted.output


def test_new_with_extends_inherits_the_parent(project):
    assert run("new", "senior-assistant", "--extends", "customer-service-assistant", "-C", project).exit_code == 0
    text = (project / "roles" / "senior-assistant.yaml").read_text(encoding="utf-8")
    assert "\nextends: customer-service-assistant\n" in text
    role = load_project(project).roles["senior-assistant"]
    assert [c.id for c in role.competencies] == ["customer-communication", "order-handling", "competency-1"]
    # the job ad's texts are inherited, not asked for again
    assert "must_have" not in text and "benefits" not in text.split("More fields you may add")[1].split("\n", 1)[1]
    assert role.requirements.must_have[0].get_text("en") == "Clear and friendly written English."


@pytest.mark.parametrize("args, message", [
    (["Warehouse_Assistant"], "roles/Warehouse_Assistant.yaml: id: must use only lowercase letters, digits and '-' "
                              "(like store-manager), got 'Warehouse_Assistant'"),
    (["x", "--extends", "assistent"], "roles/x.yaml: extends: no role has the id 'assistent'; "
                                      "known: customer-service-assistant, customer-service-supervisor"),
    (["customer-service-assistant"], "roles/customer-service-assistant.yaml: id: a role 'customer-service-assistant' "
                                     "already exists; pick another id or edit its file"),
], ids=["bad-id", "unknown-parent", "existing-role"])
def test_new_refuses_with_a_clear_error(project, args, message):
    before = sorted(project.rglob("*"))
    result = run("new", *args, "-C", project)
    assert result.exit_code == 2
    assert result.output == f"Error: 1 problem found, nothing was written:\n{message}\n"
    assert sorted(project.rglob("*")) == before


def test_new_outside_a_project_says_to_run_init(tmp_path):
    result = run("new", "x", "-C", tmp_path)
    assert result.exit_code == 2
    assert "not a jobdocs project (no jobdocs.yaml); run 'jobdocs init' there first" in result.output
