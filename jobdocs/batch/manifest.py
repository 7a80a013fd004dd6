"""What each output was built from: a key per output, kept in ``OUT/manifest.json``.

An output's key hashes what its rendering reads: the document's own render context (the role, the
other roles it shows, the labels, the project settings it prints), the sources of its templates,
its language's fonts and, for a PDF, the variant. A scheduled build re-renders only what changed,
and a shard's manifest merges into a full build's byte for byte.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from ..errors import InputError, Problem
from ..version import __version__
from .output import write_atomic
from ..model.outputs import LOGO_EXTENSIONS, MANIFEST_FILE as MANIFEST_FILE, SITE_TEMPLATES, Target
from ..model.assets import read_project_file
from ..model.inputs import input_contents
from ..model.models import ID_PATTERN, LANGUAGE_PATTERN
from ..writers import EXTENSION_PATTERN
from ..model.project import Project
from ..html.templates import Templates

FORMAT_VERSION = 1
#: A manifest of a hundred thousand outputs is some 25 MB; past this it is not one jobdocs wrote.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
#: The shape of every path jobdocs writes: ``ROLE-ID/KIND.LANG.EXT`` and the careers site's own files.
#: Roles, kinds, languages and formats a project no longer has keep this shape, so their outputs are still
#: seen; a writer's extension (a plugin's too) is lowercase letters and digits.
OUTPUT_PATH = re.compile(
    rf"{ID_PATTERN}/[a-z][a-z0-9-]*\.{LANGUAGE_PATTERN}\.{EXTENSION_PATTERN}"
    rf"|index\.{LANGUAGE_PATTERN}\.html|sitemap\.xml|logo\.(?:{'|'.join(sorted(set(LOGO_EXTENSIONS.values())))})")
ENTRY_FIELDS = {"key": str, "sha256": str, "size": int}


@dataclass(frozen=True)
class ShardRecord:
    """Which slice of which plan a ``--shard K/N`` build wrote."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass
class Manifest:
    """``relative path -> {"key", "sha256", "size"}`` for every output in a folder, and the plan it came from.

    ``plan`` fingerprints every output of the build's plan with its key (all shards of one plan share it);
    ``shard`` is set in a ``--shard`` build's manifest only.
    """

    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    plan: str = ""
    shard: ShardRecord | None = None

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The folder's manifest; an unreadable or foreign one counts as empty, so everything rebuilds.

        An entry that is not a path jobdocs writes (absolute, ``..``, a backslash, another shape) is
        refused: an InputError naming the file and the entry.
        """
        path = out_dir / MANIFEST_FILE
        try:  # a FIFO or a link to /dev/zero in its place must not hang the build
            data = json.loads(read_project_file(path, (out_dir,), MAX_MANIFEST_BYTES).decode("utf-8"))
        except (OSError, ValueError):  # RefusedResource included
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION or not isinstance(data.get("outputs"), dict):
            return cls()
        return cls.from_document(path, data)

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest in the file ``path``; anything but a jobdocs manifest is an InputError."""
        try:  # wherever the file the user named is, but only a regular file, and bounded
            data = json.loads(read_project_file(path, (path.resolve().parent,), MAX_MANIFEST_BYTES).decode("utf-8"))
        except (OSError, ValueError) as error:  # RefusedResource included
            raise InputError(Problem(str(path), 0, "", f"not a jobdocs manifest: {error}",
                                     code="manifest-unreadable")) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION or not isinstance(data.get("outputs"), dict):
            raise InputError(Problem(str(path), 0, "", f"not a jobdocs manifest of format {FORMAT_VERSION}",
                                     code="manifest-unreadable"))
        return cls.from_document(path, data)

    @classmethod
    def from_document(cls, path: Path, data: dict[str, Any]) -> Manifest:
        problems = [problem for entry, value in data["outputs"].items() for problem in entry_problems(path, entry, value)]
        shard = _shard_record(path, data.get("shard"), problems)
        if problems:
            raise InputError(problems)
        return cls(dict(data["outputs"]), str(data.get("plan", "")), shard)

    def is_current(self, out_dir: Path, target: Target, key: str) -> bool:
        entry = self.outputs.get(target.relative_path)
        path = out_dir / target.relative_path
        return (entry is not None and entry.get("key") == key and path.is_file()
                and path.stat().st_size == entry.get("size"))

    def known_key(self, target: Target, inputs: str) -> str | None:
        """The recorded key of ``target`` when it was made from these very inputs: no need to compute it."""
        entry = self.outputs.get(target.relative_path)
        return entry["key"] if entry and entry.get("inputs") == inputs else None

    def record(self, target: Target, key: str, data_sha256: str, size: int, inputs: str = "") -> None:
        self.outputs[target.relative_path] = {"key": key, "sha256": data_sha256, "size": size, "inputs": inputs}

    def refresh(self, target: Target, inputs: str) -> None:
        """A current output's key stayed while the inputs changed elsewhere: the next no-op need not compute it."""
        entry = self.outputs.get(target.relative_path)
        if entry is not None:
            entry["inputs"] = inputs

    def to_bytes(self) -> bytes:
        document: dict[str, Any] = {"format": FORMAT_VERSION, "outputs": dict(sorted(self.outputs.items()))}
        if self.plan:
            document["plan"] = self.plan
        if self.shard:
            document["shard"] = str(self.shard)
        return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")

    def save(self, out_dir: Path) -> None:
        write_atomic(out_dir / MANIFEST_FILE, self.to_bytes(), inside=out_dir)


def entry_problems(path: Path, entry: str, value: object) -> list[Problem]:
    """Why ``entry`` cannot be an output jobdocs wrote, if it cannot; its value must be a key, a hash and a size."""
    shown = f"outputs[{entry!r}]"  # repr escapes control and bidi characters that could spoof a name
    why = ("is an absolute path" if entry.startswith("/") or re.match(r"[A-Za-z]:", entry)
           else "holds a backslash" if "\\" in entry
           else "leads out of the output folder ('..')" if ".." in entry.split("/")
           else "" if OUTPUT_PATH.fullmatch(entry)
           else "is not the path of a jobdocs output (ROLE-ID/KIND.LANG.EXT, index.LANG.html, sitemap.xml, logo.EXT)")
    if not why and not (isinstance(value, dict)
                        and all(isinstance(value.get(name), kind) for name, kind in ENTRY_FIELDS.items())
                        and isinstance(value.get("inputs", ""), str)):
        why = "is not an entry of key, sha256 and size"
    return [Problem(str(path), 0, shown, f"refused: {why}", code="manifest-entry")] if why else []


def _shard_record(path: Path, text: object, problems: list[Problem]) -> ShardRecord | None:
    if text is None:
        return None
    match = re.fullmatch(r"([1-9][0-9]*)/([1-9][0-9]*)", text) if isinstance(text, str) else None
    if match is None or int(match[1]) > int(match[2]):
        problems.append(Problem(str(path), 0, "shard", f"refused: {text!r} is not K/N", code="manifest-shard"))
        return None
    return ShardRecord(int(match[1]), int(match[2]))


def merge_manifests(paths: list[Path]) -> Manifest:
    """The union of every shard's manifest of one plan: a full build's manifest, byte for byte.

    A manifest that is not a shard's, of another plan or shard count, a shard given twice and a
    missing shard are each an InputError naming the file (or the shard), so no shard is lost silently.
    """
    manifests = [(path, Manifest.read(path)) for path in paths]
    problems: list[Problem] = []
    first_path, first = next(((path, m) for path, m in manifests if m.shard), manifests[0])
    seen: dict[int, Path] = {}
    merged = Manifest(plan=first.plan)
    for path, manifest in manifests:
        if manifest.shard is None:
            problems.append(Problem(str(path), 0, "shard", "not a shard's manifest (no shard record); "
                                    "give the manifests that 'build --shard K/N' wrote", code="shard-foreign"))
        elif first.shard and manifest.shard.count != first.shard.count:
            problems.append(Problem(str(path), 0, "shard", f"shard {manifest.shard} of a build in "
                                    f"{manifest.shard.count} shards, but {first_path} is one of {first.shard.count}",
                                    code="shard-foreign"))
        elif manifest.plan != first.plan:
            problems.append(Problem(str(path), 0, "plan", f"shard {manifest.shard} of another plan than {first_path} "
                                    "(other roles, templates or options); build every shard from the same commit",
                                    code="shard-foreign"))
        elif manifest.shard.index in seen:
            problems.append(Problem(str(path), 0, "shard", f"shard {manifest.shard} given twice "
                                    f"(also {seen[manifest.shard.index]})", code="shard-duplicate"))
        else:
            seen[manifest.shard.index] = path
        merged.outputs.update(manifest.outputs)
    if first.shard:
        problems += [Problem(f"shard {index}/{first.shard.count}", 0, "", "missing: its manifest was not given",
                             code="shard-missing")
                     for index in range(1, first.shard.count + 1) if index not in seen]
    if problems:
        raise InputError(problems)
    return merged


class KeyMaker:
    """Computes output keys; each document's context is hashed once for all its formats."""

    def __init__(self, project: Project, templates: Templates, fonts: dict[str, str], document_date: str | None,
                 today: datetime.date | None = None, pdf_variant: str = ""):
        self.project = project
        self.pdf_variant = pdf_variant
        self.templates = templates
        self.fonts = fonts  # each language's font stack: it shapes only that language's outputs
        self.document_date = document_date
        # Only whether each posting is open enters a context, not the day itself: a build on another
        # day changes no key until a closing date passes.
        self.today = today
        self._document_digests: dict[tuple[str, str, str], str] = {}
        self._kind_digests: dict[str, str] = {}
        self._shared_inputs = ""
        self._role_inputs: dict[str, list[object]] | None = None

    def key(self, target: Target) -> str:
        kind = self._kind_digests.get(target.kind)
        if kind is None:
            kind = self._kind_digests[target.kind] = digest(_template_sources(self.templates.env, target))
        parts = [__version__, self.document_date, self._document_digest(target), kind,
                 self.fonts.get(target.language), target.relative_path]
        # Only PDFs depend on the variant: a DOCX stays current when --pdf-variant changes.
        return digest([*parts, self.pdf_variant] if target.format == "pdf" else parts)

    def inputs(self, target: Target) -> str:
        """A digest of the files and settings ``target``'s key is made from: while it stays, the key stays.

        Coarser than the key (a role file changes with any field, a template with any line) but cheap: the
        shared inputs (the project file, every template, the logo, fonts, variant, version) and the files of
        the roles the document shows, with whether their postings are open; the careers site's own files
        show every role. The manifest keeps it beside each key, so a build computes the keys only of the
        documents whose inputs changed.
        """
        from ..html.render import shown_roles

        role_inputs = self._role_inputs
        if role_inputs is None:
            contents = input_contents(self.project.root)
            roles: dict[str, list[object]] = {role.id: [contents.get(role.source), self.project.config.posting_for(role).closed_on(self.today)]
                     for role in self.project.roles.values()}
            logo = hashlib.sha256(self.project.logo.data).hexdigest() if self.project.logo else None
            shared = {path: sha for path, sha in contents.items() if not path.startswith("roles/")}
            self._shared_inputs = digest([__version__, self.document_date, self.fonts, self.pdf_variant, shared, logo])
            role_inputs = self._role_inputs = roles
        shown = (self.project.roles if target.is_site
                 else shown_roles(self.project, self.project.roles[target.role_id], target.kind))
        return digest([self._shared_inputs, {role_id: role_inputs[role_id] for role_id in sorted(shown)},
                       target.relative_path])

    def _document_digest(self, target: Target) -> str:
        known = self._document_digests.get(target.document)
        if known is None:
            known = self._document_digests[target.document] = digest(self._made_of(target))
        return known

    def _made_of(self, target: Target) -> object:
        """What the document is rendered from: its template context, or the file itself for the site's files."""
        from ..html.render import document_context
        from ..writers.site import index_context, logo_bytes, sitemap_xml

        project, templates, today = self.project, self.templates, self.today
        if target.kind == "logo":
            return hashlib.sha256(logo_bytes(project)).hexdigest()
        if target.kind == "sitemap":
            return sitemap_xml(project, templates, today)
        if target.is_site:
            return index_context(project, templates, target.language, today)
        return document_context(project, templates, project.roles[target.role_id], target.kind, target.language,
                                today, draw=False)


def _template_sources(env: jinja2.Environment, target: Target) -> dict[str, str]:
    """The sources of the templates a target is rendered with; the sitemap and the logo have none."""
    name = SITE_TEMPLATES.get(target.kind) if target.is_site else f"{target.kind}.html"
    return template_sources(env, name) if name else {}


def template_sources(env: jinja2.Environment, name: str) -> dict[str, str]:
    """The sources of a template and of every template it extends, includes or imports."""
    sources: dict[str, str] = {}
    if env.loader is None:  # an environment without a loader has no template files
        return sources
    loader, pending = env.loader, [name]
    while pending:
        current = pending.pop()
        if current in sources:
            continue
        try:
            source, _, _ = loader.get_source(env, current)
        except jinja2.TemplateNotFound:
            continue  # rendering reports it with the template that asked for it
        sources[current] = source
        with contextlib.suppress(jinja2.TemplateSyntaxError):  # rendering reports it with its line
            pending += [ref for ref in jinja2.meta.find_referenced_templates(env.parse(source)) if ref]
    return sources


def _plain(value: object) -> object:
    """A context value JSON cannot hold, as what it says: a model's fields, a date's ISO form."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Bookkeeping fields (a value's file and line) are not printed: a comment added above changes no key.
        return {item.name: getattr(value, item.name) for item in dataclasses.fields(value)
                if item.repr and not item.metadata.get("internal")}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return str(value)


def digest(value: object) -> str:
    """The SHA-256 of a value as JSON, keys sorted: the same value gives the same digest on any machine."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
