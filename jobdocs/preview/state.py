"""What the preview knows at this moment, shared by the rebuild thread and every open page."""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..batch.result import BuildResult
from ..model.outputs import Target


@dataclass(frozen=True, order=True)
class Document:
    """One role x kind x language: the single HTML its PDF and DOCX are written from."""

    role_id: str
    kind: str
    language: str

    @property
    def id(self) -> str:
        return f"{self.role_id}/{self.kind}.{self.language}"

    def target(self, fmt: str) -> Target:
        return Target(self.role_id, self.kind, self.language, fmt)

    @classmethod
    def parse(cls, text: str) -> Document | None:
        """``role/kind.lang`` -> a Document; anything else (``..``, extra slashes) -> None."""
        role_id, _, rest = text.partition("/")
        kind, _, language = rest.partition(".")
        return cls(role_id, kind, language) if role_id and kind and language else None


@dataclass
class PreviewState:
    """Documents, their current versions, problems and warnings; pages wait on :meth:`wait_for_change`.

    Problems and warnings are kept per scope (the project, or one role x kind build), so that fixing
    one template clears its problems without waiting for the rest of the project to rebuild.
    """

    formats: tuple[str, ...] = ("pdf", "docx")
    documents: list[Document] = field(default_factory=list)
    titles: dict[Document, str] = field(default_factory=dict)
    #: ``relative path -> sha256`` of every output that is written and current: it changes with the bytes.
    versions: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    problems: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    building: bool = False
    generation: int = 0
    closed: bool = False
    viewers: Counter[Document] = field(default_factory=Counter)
    _changed: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """The generation after ``seen``, or ``seen`` again after ``timeout`` seconds or once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def update(self, **changes: object) -> None:
        with self._changed:
            for name, value in changes.items():
                setattr(self, name, value)
            self._touch()

    def set_documents(self, documents: list[Document], titles: dict[Document, str]) -> None:
        """The project loaded: its documents; a new one's title (the others' change with their version)."""
        with self._changed:
            self.documents = documents
            self.titles = {document: self.titles.get(document, titles[document]) for document in documents}
            self.problems.pop("project", None)
            self._touch()

    def report(self, scope: str, problems: list[str], warnings: list[str] | None = None) -> None:
        """Replace the problems (and, when given, the warnings) of one scope."""
        with self._changed:
            self.problems[scope] = problems
            if warnings is not None:
                self.warnings[scope] = warnings
            self._touch()

    def record_output(self, target: Target, version: str, error: str, title: str) -> None:
        """One output just written (its version is its bytes' hash) or failed, while its build goes on."""
        with self._changed:
            self._record_output(target, version, error, title)
            self._touch()

    def record(self, scope: str, result: BuildResult, versions: dict[str, str], titles: dict[Document, str]) -> None:
        """A finished build: every output's version and title, its failures, and the scope's warnings."""
        with self._changed:
            for target in [*result.built, *result.skipped]:
                self._record_output(target, versions.get(target.relative_path, ""), "",
                                    titles.get(Document(*target.document), ""))
            for target, message in result.failed:
                self._record_output(target, "", message, "")
            self.problems[scope] = []
            self.warnings[scope] = [str(warning) for warning in result.warnings]
            self._touch()

    def _record_output(self, target: Target, version: str, error: str, title: str) -> None:
        if error:
            self.versions.pop(target.relative_path, None)
            self.failures[target.relative_path] = error
            return
        self.versions[target.relative_path] = version
        self.failures.pop(target.relative_path, None)
        self.titles[Document(*target.document)] = title or self.titles.get(Document(*target.document), "")

    def is_served(self, relative_path: str) -> bool:
        """Only the outputs of the documents the index lists are ever served."""
        with self._changed:
            return any(relative_path == d.target(fmt).relative_path for d in self.documents for fmt in self.formats)

    def watched(self) -> list[Document]:
        """The documents open in a page now, which are rebuilt first."""
        with self._changed:
            return sorted(document for document, count in self.viewers.items() if count > 0)

    def view(self, document: Document | None, delta: int) -> None:
        if document is not None:
            with self._changed:
                self.viewers[document] += delta

    def close(self) -> None:
        self.update(closed=True)

    def snapshot(self) -> dict[str, Any]:
        """Everything a page shows, as JSON."""
        with self._changed:
            return {
                "generation": self.generation,
                "building": self.building,
                "problems": _union(self.problems),
                "warnings": _union(self.warnings),
                "listing": [document.id for document in self.documents],
                "documents": {document.id: self._describe(document) for document in self.documents},
            }

    def _describe(self, document: Document) -> dict[str, Any]:
        errors: list[str] = []
        entry: dict[str, Any] = {"title": self.titles.get(document, document.role_id), "role": document.role_id,
                 "kind": document.kind, "language": document.language, "errors": errors}
        for fmt in self.formats:
            path = document.target(fmt).relative_path
            entry[fmt] = self.versions.get(path, "")[:16]
            if path in self.failures:
                errors.append(f"{path}: {self.failures[path]}")
        return entry

    def _touch(self) -> None:
        self.generation += 1
        self._changed.notify_all()


def _union(lines_by_scope: dict[str, list[str]]) -> list[str]:
    """Each line once, the project's first, in the order ``validate`` prints them (by file, then line)."""
    scopes = sorted(lines_by_scope, key=lambda scope: scope != "project")
    return list(dict.fromkeys(line for scope in scopes for line in lines_by_scope[scope]))
