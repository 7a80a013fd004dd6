"""The generated JSON Schemas accept every built-in role and reject what the validator rejects."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from jobdocs.cli import cli
from jobdocs.model import models as model_classes
from jobdocs.model.json_schema import _Generator, field_docs, json_schema, user_fields
from jobdocs.model.models import Competency, Employment, ProjectConfig, QuizItem, Role
from jobdocs.model.schema import Text, rule

from tests.conftest import REPO
from tests.test_bad_inputs import CASES, make_project


class _Yaml12Loader(yaml.SafeLoader):
    """Reads dates as text, as an editor's YAML 1.2 parser does; JSON has no date type."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_json(path: Path):
    """A YAML file as the JSON instance a schema validator sees (``1:`` keys become "1")."""
    return json.loads(json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)))


def errors(which: str, instance, languages=("zh", "en")) -> list[str]:
    validator = jsonschema.Draft202012Validator(json_schema(which, list(languages)),
                                                format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(instance)]


def test_the_schemas_are_valid_draft_2020_12():
    for which in ("role", "project"):
        jsonschema.Draft202012Validator.check_schema(json_schema(which, ["zh", "en"]))


@pytest.mark.parametrize("path", sorted((REPO / "roles").glob("*.yaml")), ids=lambda path: path.stem)
def test_every_built_in_role_validates(path):
    assert errors("role", as_json(path)) == []


def test_draft_7_tools_read_the_schema_the_same():
    """VS Code's YAML extension fully supports draft-07 only: the schema uses no keyword draft-07 lacks."""
    schema = json_schema("role", ["zh", "en"])
    jsonschema.Draft7Validator.check_schema(schema)
    draft7 = jsonschema.Draft7Validator(schema)
    good = as_json(REPO / "roles" / "store-manager.yaml")
    assert draft7.is_valid(good)
    assert not draft7.is_valid({**good, "title": {"zh": "店长"}})
    # $defs is a 2020-12 name, but a draft-07 tool follows the $ref pointers into it all the same.
    assert keywords(schema) <= {
        "$schema", "$defs", "title", "description", "type", "properties", "additionalProperties", "required", "$ref",
        "anyOf", "enum", "items", "minItems", "minimum", "maximum", "pattern", "format", "propertyNames",
        "minProperties", "if", "else"}


def keywords(node) -> set[str]:
    """The keywords a schema uses (the names under ``properties`` and ``$defs`` are not keywords)."""
    if isinstance(node, list):
        return set().union(*map(keywords, node))
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        found |= set().union(*map(keywords, value.values() if key in ("properties", "$defs") else [value]))
    return found


def test_the_built_in_project_file_validates():
    assert errors("project", as_json(REPO / "jobdocs.yaml")) == []


def test_every_user_field_has_a_description():
    """The ``#:`` comment above a field is its help in the editor and its comment in the files init writes."""
    models = [cls for cls in vars(model_classes).values()
              if dataclasses.is_dataclass(cls) and cls.__module__ == model_classes.__name__]
    assert {Role, Competency, QuizItem, Employment, ProjectConfig} < set(models)
    missing = [f"{cls.__name__}.{field.name}" for cls in models for field in user_fields(cls)
               if field.name not in field_docs(cls)]
    assert missing == [], "write a '#:' comment above each of these fields in jobdocs/models.py"


def test_the_description_is_shown_to_the_editor():
    title = json_schema("role")["properties"]["title"]
    assert title["description"] == "The job title, as the job ad prints it."


def test_a_child_role_may_leave_out_the_required_fields():
    assert errors("role", {"extends": "operations-assistant", "level": 3}) == []
    assert errors("role", {"level": 3}) != []


def test_text_maps_must_hold_the_languages_asked_for():
    only_zh = {"apply": {"zh": "请发送简历。"}}
    assert errors("project", only_zh) != []
    assert errors("project", only_zh, languages=()) == []
    assert errors("project", {"apply": {"zh": "请发送简历。", "en": "Send your CV."}}) == []


def test_a_free_form_mapping_of_texts_or_lists_of_texts():
    """A field like ``extra: {benefits: [...], note: ...}`` needs no change to the generator."""

    @dataclasses.dataclass
    class WithExtra:
        extra: dict[str, Text | list[Text]] = rule({})

    schema = _Generator(("zh",)).model(WithExtra)
    validator = jsonschema.Draft202012Validator({**schema, "$defs": _defs(WithExtra)})
    assert validator.is_valid({"extra": {"benefits": [{"zh": "年假"}], "note": "x"}})
    assert not validator.is_valid({"extra": {"benefits": [True]}})


def _defs(cls) -> dict:
    generator = _Generator(("zh",))
    generator.model(cls)
    return generator.defs


#: Corpus cases the schema cannot express, with the reason. The others must be refused by both.
NOT_EXPRESSIBLE = {
    **dict.fromkeys(["yaml-unquoted-colon-in-value", "yaml-question-mark-in-flow-mapping", "yaml-bad-indentation",
                     "yaml-tab-character", "python-tag-on-a-scalar", "python-tag-apply-on-a-text",
                     "python-tag-apply-on-a-list", "merge-key-on-a-text", "alias-to-itself", "deeply-nested-brackets",
                     "alias-bomb-fails-fast", "alias-bomb-names-the-line-of-its-field"],
                    "the YAML text itself (syntax, tags, aliases): the editor's YAML parser reports it, "
                    "before any schema applies"),
    "yaml-key-written-twice": "a key written twice is gone once the file is parsed",
    **dict.fromkeys(["file-not-utf8-gbk", "config-not-utf8", "oversized-file", "oversized-file-names-a-line"],
                    "the file's bytes: its encoding or size"),
    **dict.fromkeys(["duplicate-competency-ids", "unknown-parent", "extends-cycle", "reports-to-itself",
                     "two-files-same-id", "file-name-is-not-an-id"],
                    "ids across items or files, or the file's name: a schema sees one file's values"),
    **dict.fromkeys(["quiz-answer-index-out-of-range", "salary-min-above-max", "salary-currency-rmb"],
                    "a check the models make in code (their problems() methods), not in type hints or rule(...)"),
    "salary-max-infinite": "JSON has no infinity: .inf is a number of 0 or more to a schema",
    "panel-unknown-competency": "ids across items: the panel names competencies the role (or its parent) defines",
    "question-rubric-without-3": "a check the models make in code (their problems() methods), not in type hints or rule(...)",
    "config-unknown-timezone": "the time zones this machine's zoneinfo knows",
    **dict.fromkeys([param.id for param in CASES if param.id.startswith(("template-", "labels-"))],
                    "templates and labels.yaml are not role or project files"),
}
#: Of those, the ones whose files parse: the schema must accept them, or the reason above is wrong.
PARSES = {"yaml-key-written-twice", "duplicate-competency-ids", "unknown-parent", "extends-cycle",
          "reports-to-itself", "two-files-same-id", "file-name-is-not-an-id", "quiz-answer-index-out-of-range",
          "salary-min-above-max", "salary-currency-rmb", "salary-max-infinite",
          "panel-unknown-competency", "question-rubric-without-3", "config-unknown-timezone"}
BY_ID = {param.id: param.values[0] for param in CASES}


def schema_errors(root: Path) -> list[str]:
    found = errors("project", as_json(root / "jobdocs.yaml")) if (root / "jobdocs.yaml").exists() else []
    return found + [error for path in sorted((root / "roles").glob("*.yaml")) for error in errors("role", as_json(path))]


def test_every_corpus_case_is_classified():
    assert set(NOT_EXPRESSIBLE) <= set(BY_ID) and set(NOT_EXPRESSIBLE) >= PARSES


@pytest.mark.parametrize("case_id", sorted(set(BY_ID) - set(NOT_EXPRESSIBLE)))
def test_the_schema_and_validate_both_refuse(tmp_path, case_id):
    spec = BY_ID[case_id]
    root = make_project(tmp_path, spec)
    assert schema_errors(root), f"the schema accepts {case_id}"
    result = CliRunner().invoke(cli, ["validate", "-C", str(root)])
    assert result.exit_code == 2
    assert any(line.startswith(spec.expected) for line in result.output.splitlines()), result.output


@pytest.mark.parametrize("case_id", sorted(PARSES))
def test_what_the_schema_cannot_express_it_accepts(tmp_path, case_id):
    assert schema_errors(make_project(tmp_path, BY_ID[case_id])) == []
