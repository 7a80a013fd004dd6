"""``jobdocs init`` and ``jobdocs new``: start a project, or add a role to one, without overwriting a file.

Both plan every file first and write nothing when any of them exists. The example roles come
from ``examples/<language>.yaml``: ``en.yaml`` holds every value, another language's file only its
texts; a text a translation lacks becomes a ``TODO:`` placeholder, which every build warns about.
"""
from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path
from typing import Any, Literal
from collections.abc import Sequence

import yaml

from .errors import InputError, Problem, argument_problem
from .model.json_schema import SCHEMA_DIR, SCHEMA_FILES, field_docs, is_required, modeline, schema_text, user_fields
from .model.models import ID_HINT, ID_PATTERN, LANGUAGE_PATTERN, Employment, ProjectConfig, Requirements, Role
from .batch.output import write_atomic
from .checks.placeholders import placeholder
from .model.project import PROJECT_FILE, read_config
from .model.roles import read_role_files
from .model.schema import Meta, Text
from .model.yamlwriter import YamlWriter, hint_of_items, unwrap_optional

EXAMPLES_DIR = Path(__file__).parent / "examples"
REFERENCE_LANGUAGE = "en"
#: A role or project file's content as YAML reads it.
Data = dict[str, Any]
GITIGNORE = "# What `jobdocs build` writes: rebuilt from the role files at any time.\n/output/\n"
#: Fields a role file writes before the others, so a reader sees first where the role comes from.
ROLE_HEAD = ("id", "extends")
#: The job ad's texts beyond the required fields, which ``new`` asks for too: a role that extends
#: another inherits them instead.
JOB_AD_TEXTS = {Role: ("requirements", "employment", "benefits"), Requirements: ("must_have", "nice_to_have"),
                Employment: ("hours",)}


def example_languages() -> list[str]:
    """The languages the example project has real text in."""
    return sorted(path.stem for path in EXAMPLES_DIR.glob("*.yaml"))


def init_project(root: Path, languages: Sequence[str] = ()) -> list[str]:
    """Write a working example project into ``root``; the files written, relative to it."""
    languages = list(dict.fromkeys(languages)) or list(ProjectConfig().languages)
    bad = [code for code in languages if not re.fullmatch(LANGUAGE_PATTERN, code)]
    if bad:
        raise InputError([argument_problem("languages", f"must be a language code like zh, en or zh-Hant, got {code!r}")
                          for code in bad])
    known = example_languages()
    unknown = [code for code in languages if code not in known]
    if unknown:
        # The project would not build: the packaged labels (the words around the texts) lack it too.
        raise InputError([argument_problem("languages", (
            f"jobdocs has no example text in {code!r} (it has {', '.join(known)}); start with those, then add "
            f"'{code}' to languages in jobdocs.yaml, its texts to each role and its words to templates/labels.yaml"))
            for code in unknown])
    config, roles = example_content(languages)
    files = {
        PROJECT_FILE: project_file(config, languages),
        ".gitignore": GITIGNORE,
        **schema_files(languages),
        **{f"roles/{role_id}.yaml": role_file(data, _example_header(role_id, data)) for role_id, data in roles.items()},
    }
    return write_new_files(root, files)


def new_role(root: Path, role_id: str, extends: str | None = None) -> list[str]:
    """Add ``roles/<role_id>.yaml`` with every required field as a placeholder; the files written."""
    shown = f"roles/{role_id}.yaml"
    if not (root / PROJECT_FILE).is_file() and not (root / "roles").is_dir():
        raise InputError(Problem(str(root), 0, "", f"not a jobdocs project (no {PROJECT_FILE}); "
                                                   "run 'jobdocs init' there first, or pass the project as the project_dir argument"))
    if not re.fullmatch(ID_PATTERN, role_id):
        raise InputError(Problem(shown, 0, "id", f"{ID_HINT}, got {role_id!r}"))
    unreadable: set[str] = set()
    known = set(read_role_files(root / "roles", "roles", [], unreadable)) | unreadable
    if role_id in known:
        raise InputError(Problem(shown, 0, "id", f"a role '{role_id}' already exists; pick another id or edit its file"))
    if extends is not None and extends not in known:
        raise InputError(Problem(shown, 0, "extends", f"no role has the id '{extends}'; "
                                                      f"known: {', '.join(sorted(known)) or 'none yet'}"))
    languages = read_config(root).languages
    job_ad = {} if extends else _job_ad_placeholders(Role, languages)
    data = {**({"extends": extends} if extends else {}), **skeleton(Role, languages), **job_ad}
    optional = [field.name for field in user_fields(Role) if not is_required(field) and field.name not in data]
    header = [f"Role '{role_id}': replace every text that starts with TODO: (builds warn while one is left).",
              f"More fields you may add (your editor completes them): {', '.join(optional)}."]
    return write_new_files(root, {shown: role_file(data, header),
                                  **{name: text for name, text in schema_files(languages).items()
                                     if not (root / name).exists()}})


def write_new_files(root: Path, files: dict[str, str]) -> list[str]:
    """Write every file, or none when any of them exists already."""
    if root.exists() and not root.is_dir():
        raise InputError(Problem(str(root), 0, "", "is a file, not a folder"))
    existing = [name for name in files if (root / name).exists()]
    if existing:
        raise InputError([Problem(str(root / name), 0, "", "already exists, and jobdocs never overwrites a file; "
                                                          "move it away or pick another folder")
                          for name in existing])
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(root / name, text.encode("utf-8"))
    return list(files)


def schema_files(languages: list[str]) -> dict[str, str]:
    return {f"{SCHEMA_DIR}/{SCHEMA_FILES[which]}": schema_text(which, languages) for which in SCHEMA_FILES}


def role_file(data: Data, header: list[str]) -> str:
    writer = YamlWriter(show_absent=False)
    writer.lines.append(modeline("role", "../").rstrip("\n"))
    for line in header:
        writer.comment(line)
    writer.lines.append("")
    head = {key: data[key] for key in ROLE_HEAD if key in data}
    writer.fields(Role, head)
    writer.fields(Role, {key: value for key, value in data.items() if key not in head})
    return writer.text()


def project_file(config: Data, languages: list[str]) -> str:
    """``jobdocs.yaml`` with every field of :class:`ProjectConfig`: the example's, the defaults, or commented out."""
    writer = YamlWriter(show_absent=True)
    writer.lines.append(modeline("project", "").rstrip("\n"))
    writer.comment("The project's settings; every field is optional. Lines starting with '# name:' are")
    writer.comment("fields left out: remove the '# ' and write a value to use one.")
    writer.lines.append("")
    data = {**_defaults(ProjectConfig), **config, "languages": languages}
    writer.fields(ProjectConfig, data)
    return writer.text()


def _defaults(cls: type) -> Data:
    """The defaults worth showing: values that are set, and sub-models (whose fields are then listed)."""
    values: Data = {}
    for field in user_fields(cls):
        if is_required(field):
            continue
        default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
        if dataclasses.is_dataclass(default):
            values[field.name] = _defaults(type(default))
        elif default is not None:
            values[field.name] = default
    return values


def example_content(languages: list[str]) -> tuple[Data, dict[str, Data]]:
    """The example project's settings and roles, each text in every language asked for."""
    reference = _read_example(REFERENCE_LANGUAGE)
    others = {language: _read_example(language) for language in languages}
    config = _localise(ProjectConfig, reference["project"], [
        (language, texts.get("project", {})) for language, texts in others.items()])
    roles = {role_id: _localise(Role, data, [(language, texts.get("roles", {}).get(role_id, {}))
                                              for language, texts in others.items()])
             for role_id, data in reference["roles"].items()}
    return config, roles


def _read_example(language: str) -> Data:
    path = EXAMPLES_DIR / f"{language}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _localise(hint: Any, reference: Any, texts: list[tuple[str, Any]]) -> Any:
    """``reference`` with each text replaced by a map of the languages' texts at the same place."""
    hint = unwrap_optional(hint)
    if hint is Text:
        return {language: _translated(language, text, reference) for language, text in texts}
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return {key: _localise(hints[key], value, [(language, _get(text, key)) for language, text in texts])
                for key, value in reference.items()}
    if typing.get_origin(hint) is list:
        return [_localise(hint_of_items(hint), item, [(language, _get(text, index)) for language, text in texts])
                for index, item in enumerate(reference)]
    if typing.get_origin(hint) is dict:
        value_hint = typing.get_args(hint)[1]
        return {key: _localise(value_hint, value, [(language, _get(text, key)) for language, text in texts])
                for key, value in reference.items()}
    return reference


def _translated(language: str, text: Any, reference: str) -> str:
    if language == REFERENCE_LANGUAGE:
        return reference
    return text if isinstance(text, str) else placeholder(f"translate into {language}: {reference}")


def _get(container: Any, key: Any) -> Any:
    if isinstance(container, dict):
        return container.get(key)
    if isinstance(container, list) and isinstance(key, int) and key < len(container):
        return container[key]
    return None


def skeleton(cls: type, languages: list[str]) -> Data:
    """Every required field of ``cls`` with a placeholder value; a text says what to write, in each language."""
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    return {field.name: _placeholder_value(hints[field.name], dict(field.metadata), languages,
                                           docs.get(field.name, field.name).rstrip("."), cls.__name__.lower())
            for field in user_fields(cls) if is_required(field)}


def _job_ad_placeholders(cls: type, languages: list[str]) -> Data:
    """The job ad's optional texts of ``cls`` (see ``JOB_AD_TEXTS``), each a placeholder to fill in."""
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    fields = {field.name: field for field in user_fields(cls)}
    return {name: _job_ad_placeholders(unwrap_optional(hints[name]), languages)
            if unwrap_optional(hints[name]) in JOB_AD_TEXTS else
            _placeholder_value(hints[name], dict(fields[name].metadata), languages, docs[name].rstrip("."),
                               cls.__name__.lower())
            for name in JOB_AD_TEXTS[cls]}


def _placeholder_value(hint: Any, meta: Meta, languages: list[str], prompt: str, owner: str) -> Any:
    hint = unwrap_optional(hint)
    if hint is Text:
        return {language: placeholder(prompt) for language in languages}
    if dataclasses.is_dataclass(hint):
        return skeleton(typing.cast(type, hint), languages)
    if typing.get_origin(hint) is list:
        item = _placeholder_value(typing.get_args(hint)[0], {}, languages, prompt, owner)
        return [item] * max(1, meta.get("min_items", 0))
    if typing.get_origin(hint) is Literal:
        return typing.get_args(hint)[0]
    if hint is str:
        return f"{owner}-1"
    return (meta.get("range") or (0, 0))[0] if hint in (int, float) else True


def _example_header(role_id: str, data: Data) -> list[str]:
    parent = data.get("extends")
    lines = ["An example role written by 'jobdocs init': edit it, or copy it as the start of your own roles.",
             "The file name is the role's id. 'jobdocs new ROLE_ID' adds an empty role with every required field."]
    if parent:
        lines.append(f"It extends {parent}: every field left out here, and every competency, comes from that file.")
    return lines
