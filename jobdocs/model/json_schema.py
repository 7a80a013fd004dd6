"""JSON Schemas (draft 2020-12) for role files and ``jobdocs.yaml``, generated from the typed models.

The schema an editor uses is derived from the same type hints and ``rule(...)`` metadata the
loader (:mod:`jobdocs.model.schema`) checks, so the two cannot drift. What the models check in code
(their ``problems()`` methods) or across files (``extends`` cycles) is left to ``jobdocs validate``.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import inspect
import json
import re
import types
import typing
from typing import Any, Literal

from .models import LANGUAGE_PATTERN, ProjectConfig, Role
from .schema import Meta, Text, item_meta

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: A JSON Schema (or a part of one), as JSON data.
Schema = dict[str, Any]
#: The language keys of a text map: the codes a project may list, and ``*`` for every language.
LANGUAGE_KEY = rf"^(?:{LANGUAGE_PATTERN}|\*)$"
#: Where ``jobdocs init`` writes the schemas, inside the project; role files point one level up.
SCHEMA_DIR = ".jobdocs"
SCHEMA_FILES = {"role": "role.schema.json", "project": "project.schema.json"}
MODELS = {"role": Role, "project": ProjectConfig}
TITLES = {"role": "jobdocs role file (roles/<id>.yaml)", "project": "jobdocs project file (jobdocs.yaml)"}


def json_schema(which: str, languages: list[str] | tuple[str, ...] = ()) -> Schema:
    """The schema of ``which`` (``role`` or ``project``); with ``languages``, every text map must hold them."""
    return _Generator(tuple(languages)).document(MODELS[which], TITLES[which])


def schema_text(which: str, languages: list[str] | tuple[str, ...] = ()) -> str:
    """The schema as the file ``jobdocs init`` writes and ``jobdocs schema`` prints."""
    return json.dumps(json_schema(which, languages), indent=2, ensure_ascii=False) + "\n"


def modeline(which: str, relative_to_schema_dir: str) -> str:
    """The first line of a file an editor should check: ``# yaml-language-server: $schema=...``."""
    return f"# yaml-language-server: $schema={relative_to_schema_dir}{SCHEMA_DIR}/{SCHEMA_FILES[which]}\n"


@functools.cache
def field_docs(cls: type) -> dict[str, str]:
    """The ``#:`` comment written above each field of a model class, by field name."""
    docs: dict[str, str] = {}
    pending: list[str] = []
    for line in inspect.getsource(cls).splitlines():
        stripped = line.strip()
        if stripped.startswith("#:"):
            pending.append(stripped[2:].strip())
            continue
        match = re.match(r"(\w+)\s*:", stripped)
        if match and pending:
            # Written for Sphinx (``name``); shown to people editing YAML, plain quotes read better.
            docs[match.group(1)] = " ".join(pending).replace("``", "'")
        pending = []
    return docs


def user_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields a user writes: internal ones (filled in by the loader) are left out."""
    return [f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("internal")]


def is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


class _Generator:
    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self.defs: dict[str, Schema] = {}

    def document(self, cls: type, title: str) -> Schema:
        root = self.model(cls)
        if cls is Role:
            # A child role may take its required fields from its parent.
            required = root.pop("required")
            root["if"] = {"required": ["extends"]}
            root["else"] = {"required": required}
        return {"$schema": DRAFT, "title": title, **root, "$defs": dict(sorted(self.defs.items()))}

    def model(self, cls: type) -> Schema:
        hints = typing.get_type_hints(cls)
        docs = field_docs(cls)
        properties = {}
        for field in user_fields(cls):
            schema = self.value(hints[field.name], dict(field.metadata))
            # The loader treats a field written with no value as left out.
            schema = schema if is_required(field) else {"anyOf": [schema, {"type": "null"}]}
            if field.name in docs:
                schema = {"description": docs[field.name], **schema}
            properties[field.name] = schema
        result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [field.name for field in user_fields(cls) if is_required(field)]
        if required or cls is Role:
            result["required"] = required
        return result

    def ref(self, cls: type) -> Schema:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # reserved first: a model may refer to itself
            self.defs[cls.__name__] = self.model(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def value(self, hint: Any, meta: Meta) -> Schema:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [self.value(arg, meta) for arg in typing.get_args(hint) if arg is not type(None)]
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is Literal:
            return {"enum": list(typing.get_args(hint))}
        if origin is list:
            schema = {"type": "array", "items": self.value(typing.get_args(hint)[0], item_meta(meta))}
            return {**schema, "minItems": meta["min_items"]} if meta.get("min_items") else schema
        if origin is dict:
            return self.mapping(typing.get_args(hint), meta)
        if dataclasses.is_dataclass(hint):
            return self.ref(typing.cast(type, hint))
        if hint is Text:
            return self.text()
        return _scalar(hint, meta)

    def mapping(self, args: tuple[Any, Any], meta: Meta) -> Schema:
        key_hint, value_hint = args
        schema: dict[str, Any] = {"type": "object", "additionalProperties": self.value(value_hint, {})}
        if key_hint is int and meta.get("keys"):
            low, high = meta["keys"]
            schema["propertyNames"] = {"enum": [str(key) for key in range(low, high + 1)]}
        return schema

    def text(self) -> Schema:
        if "Text" not in self.defs:
            one = {"type": ["string", "number"], "pattern": r"\S"}
            by_language: dict[str, Any] = {"type": "object", "minProperties": 1,
                                           "propertyNames": {"pattern": LANGUAGE_KEY},
                                           "additionalProperties": one}
            if self.languages:
                by_language["required"] = list(self.languages)
            self.defs["Text"] = {
                "description": "One text for every language, or a text per language: {zh: ..., en: ...}",
                "anyOf": [one, by_language],
            }
        return {"$ref": "#/$defs/Text"}


def _scalar(hint: Any, meta: Meta) -> Schema:
    if hint is str:
        if meta.get("choices"):
            return {"enum": list(meta["choices"])}
        if meta.get("normalise") is not None:
            return {"type": "string"}  # known to the code only, like the machine's time zones
        return {"type": "string", "pattern": f"^(?:{meta['pattern']})$"} if meta.get("pattern") else \
            {"type": ["string", "number"]}
    if hint is int:
        return {"type": "integer", **_bounds(meta)}
    if hint is float:
        return {"type": "number", "minimum": 0, **_bounds(meta)}
    if hint is bool:
        return {"type": "boolean"}
    if hint is datetime.date:
        return {"type": "string", "format": "date"}
    raise TypeError(f"no JSON Schema for {hint!r}")


def _bounds(meta: Meta) -> dict[str, Any]:
    low, high = meta.get("range") or (None, None)
    return {key: bound for key, bound in (("minimum", low), ("maximum", high)) if bound is not None}
