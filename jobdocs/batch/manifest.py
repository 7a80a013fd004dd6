"""What each output was built from: a key per output, kept in ``OUT/manifest.json``.

A key hashes everything that shapes an output, so a scheduled build re-renders
only what changed and a shard's manifest merges into a full build's.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta

from ..version import __version__
from .output import write_atomic
from .plan import SITE_TEMPLATES, Target
from ..model.project import Project
from ..html.templates import LABELS_FILE, Templates

MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1


@dataclass
class Manifest:
    """``relative path -> {"key", "sha256", "size"}`` for every output in a folder."""

    outputs: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The folder's manifest; an unreadable or foreign one counts as empty, so everything rebuilds."""
        try:
            data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
            if data.get("format") == FORMAT_VERSION and isinstance(data.get("outputs"), dict):
                return cls(dict(data["outputs"]))
        except (OSError, ValueError, AttributeError):
            pass
        return cls()

    def is_current(self, out_dir: Path, target: Target, key: str) -> bool:
        entry = self.outputs.get(target.relative_path)
        path = out_dir / target.relative_path
        return bool(entry) and entry.get("key") == key and path.is_file() and path.stat().st_size == entry.get("size")

    def record(self, target: Target, key: str, data_sha256: str, size: int) -> None:
        self.outputs[target.relative_path] = {"key": key, "sha256": data_sha256, "size": size}

    def to_bytes(self) -> bytes:
        document = {"format": FORMAT_VERSION, "outputs": dict(sorted(self.outputs.items()))}
        return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")

    def save(self, out_dir: Path) -> None:
        write_atomic(out_dir / MANIFEST_FILE, self.to_bytes(), inside=out_dir)


def merge_manifests(paths: list[Path]) -> Manifest:
    """The union of shard manifests; a full build's manifest, byte for byte, when the shards cover it."""
    merged = Manifest()
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            from ..errors import InputError, Problem

            raise InputError(Problem(str(path), 0, "", f"not a jobdocs manifest: {error}")) from None
        merged.outputs.update(data.get("outputs", {}))
    return merged


class KeyMaker:
    """Computes output keys; the parts shared by many outputs are hashed once."""

    def __init__(self, project: Project, templates: Templates, fonts: dict[str, str], document_date: str | None,
                 today: datetime.date | None = None, pdf_variant: str = ""):
        self.project = project
        self.pdf_variant = pdf_variant
        self.templates = templates
        self.fonts = fonts  # each language's font stack: it shapes only that language's outputs
        # Whether each posting is open, not the day itself: a build on another day changes no key
        # until a closing date passes.
        self.closed = {role.id: project.config.posting_for(role).closed_on(today) for role in project.roles.values()}
        config = project.config_file.read_bytes() if project.config_file.is_file() else b""
        # Other roles' titles and places on the ladder appear in every document (reports to, grows into).
        ladder = {role.id: [role.title, role.extends, role.reports_to] for role in project.roles.values()}
        # The logo is in every document; its file can change while jobdocs.yaml names the same one.
        logo = hashlib.sha256(project.logo.data).hexdigest() if project.logo else None
        self.common = _digest([__version__, config.hex(), ladder, document_date, self._labels_digest(), logo])
        self._kind_digests: dict[str, str] = {}
        self._role_digests: dict[str, str] = {}

    def key(self, target: Target) -> str:
        if target.is_site:  # the index and the sitemap show every open role
            roles = [[self._role_digest(role_id), self.closed[role_id]] for role_id in sorted(self.project.roles)]
        else:
            roles = [self._role_digest(target.role_id), self.closed[target.role_id]]
        kind = self._kind_digests.get(target.kind)
        if kind is None:
            kind = self._kind_digests[target.kind] = _digest(_template_sources(self.templates.env, target))
        parts = [self.common, roles, kind, self.fonts.get(target.language), target.relative_path]
        # Only PDFs depend on the variant: a DOCX stays current when --pdf-variant changes.
        return _digest(parts + [self.pdf_variant] if target.format == "pdf" else parts)

    def _role_digest(self, role_id: str) -> str:
        role = self._role_digests.get(role_id)
        if role is None:
            role = self._role_digests[role_id] = _digest(dataclasses.asdict(self.project.roles[role_id]))
        return role

    def _labels_digest(self) -> str:
        files = [directory / LABELS_FILE for directory in self.templates.search_path]
        return _digest([path.read_text(encoding="utf-8") for path in files if path.is_file()])


def _template_sources(env: jinja2.Environment, target: Target) -> dict[str, str]:
    """The sources of the templates a target is rendered with; the sitemap and the logo have none."""
    name = SITE_TEMPLATES.get(target.kind) if target.is_site else f"{target.kind}.html"
    return template_sources(env, name) if name else {}


def template_sources(env: jinja2.Environment, name: str) -> dict[str, str]:
    """The sources of a template and of every template it extends, includes or imports."""
    sources: dict[str, str] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if current in sources:
            continue
        try:
            source, _, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound:
            continue  # rendering reports it with the template that asked for it
        sources[current] = source
        try:
            pending += [ref for ref in jinja2.meta.find_referenced_templates(env.parse(source)) if ref]
        except jinja2.TemplateSyntaxError:
            pass  # rendering reports it with its line
    return sources


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
