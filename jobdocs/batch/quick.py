"""A build with nothing to do, answered without loading the project: the most common nightly run.

A build that ends clean (no document failed, no role broken) leaves a record beside its outputs,
``OUT/.jobdocs-build.json``: a digest of what it was asked and of every file and setting its outputs are
made of, those outputs with their keys and sizes, its warnings and orphans, and the day the next posting
closes (the only way the same inputs make other documents). A build asked the same, with the same
inputs, before that day, finding every output in place, has nothing to do: it answers from the record
without loading a role or importing the build machinery. Every other build deletes the record before it
writes anything, and leaves a new one only when it ends clean.
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import time
from pathlib import Path

from ..errors import JobdocsError, Problem
from ..html.fonts import installed_families
from ..model.assets import read_project_file
from ..model.inputs import file_digest, input_contents
from ..model.outputs import MANIFEST_FILE, Target
from ..version import __version__
from .options import BuildOptions, Selection
from .output import OutputLock, output_folder, write_atomic
from .result import BuildResult

RECORD_FILE = ".jobdocs-build.json"
#: A record of a hundred thousand outputs is some 25 MB; past this it is not one jobdocs wrote.
MAX_RECORD_BYTES = 64 * 1024 * 1024
FORMAT_VERSION = 1


@dataclasses.dataclass(frozen=True)
class Request:
    """What a build was asked and everything it read, as one digest; ``files`` are the other project files read."""

    digest: str
    files: tuple[str, ...] = ()

    @classmethod
    def of(cls, project_root: Path, selection: Selection, options: BuildOptions) -> Request:
        """Before anything is loaded: the options, the environment, the fonts and the project's input files."""
        asked = [list(selection.roles), list(selection.kinds), list(selection.formats), list(selection.languages),
                 options.prune, options.shard, options.timeout, options.memory_limit, options.pdf_variant]
        return cls(_digest([__version__, asked, os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
                            sorted(installed_families()), sorted(input_contents(project_root).items())]))

    def with_files(self, project_root: Path, files: tuple[str, ...]) -> Request:
        """With other files of the project the build read, like the logo (``company.logo``)."""
        if not files:
            return self
        contents = [[name, file_digest(project_root / name, (project_root,))] for name in files]
        return Request(_digest([self.digest, contents]), files)


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def build_day() -> datetime.date:
    """The day that decides which postings have closed: ``SOURCE_DATE_EPOCH``'s, else today's (UTC).

    Only whether each posting is open goes into the output keys, so a rebuild on another day
    re-renders nothing until a closing date passes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    return datetime.datetime.now(datetime.timezone.utc).date()


@dataclasses.dataclass(frozen=True)
class Output:
    target: Target
    key: str
    size: int


@dataclasses.dataclass(frozen=True)
class Record:
    """What a clean build leaves in ``OUT/.jobdocs-build.json``."""

    request: str
    files: tuple[str, ...]
    #: The day (ISO) from which the same inputs make other documents: the day after a posting closes.
    until: str | None
    #: The SHA-256 of the manifest the build left.
    manifest: str
    outputs: dict[str, Output]
    warnings: list[Problem]
    orphans: list[str]

    @classmethod
    def read(cls, path: Path) -> Record | None:
        """The record as the last build left it; anything else (a torn or foreign file) is no record."""
        try:
            data = json.loads(read_project_file(path, (path.parent,), MAX_RECORD_BYTES))
            if data["format"] != FORMAT_VERSION:
                return None
            outputs = {str(path): Output(Target(*entry["target"]), str(entry["key"]), int(entry["size"]))
                       for path, entry in data["outputs"].items()}
            return cls(str(data["request"]), tuple(map(str, data["files"])), data["until"] and str(data["until"]),
                       str(data["manifest"]), outputs, [Problem(**warning) for warning in data["warnings"]], list(map(str, data["orphans"])))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):  # RefusedResource is an OSError
            return None

    def to_bytes(self) -> bytes:
        outputs = {path: {"target": [output.target.role_id, output.target.kind, output.target.language,
                                     output.target.format], "key": output.key, "size": output.size}
                   for path, output in self.outputs.items()}
        return json.dumps({"format": FORMAT_VERSION, "request": self.request, "files": list(self.files),
                           "until": self.until, "manifest": self.manifest, "outputs": outputs, "orphans": self.orphans,
                           "warnings": [dataclasses.asdict(warning) for warning in self.warnings]},
                          ensure_ascii=False, indent=0).encode("utf-8")


def unchanged(project_dir: Path | str, out_dir: Path | str | None, selection: Selection,
              options: BuildOptions) -> BuildResult | None:
    """The result of the last build, when it was asked the same and nothing it read or wrote changed since.

    ``None`` means the build must run: a missing, torn or foreign record included; it never guesses.
    """
    started = time.perf_counter()
    root = Path(project_dir)
    if options.force or not root.is_dir():
        return None
    try:
        out = output_folder(root, out_dir)
        if not (out / RECORD_FILE).is_file():
            return None
        with OutputLock(out):  # a build writing now has deleted the record; one starting must wait for this
            record = Record.read(out / RECORD_FILE)
            if record is None or not _still_true(record, root, out, selection, options):
                return None
    except (JobdocsError, OSError):
        return None  # the build says what is wrong
    return BuildResult(out_dir=out, skipped=[output.target for output in record.outputs.values()],
                       keys={path: output.key for path, output in record.outputs.items()},
                       warnings=record.warnings, orphans=record.orphans, seconds=time.perf_counter() - started)


def _still_true(record: Record, root: Path, out: Path, selection: Selection, options: BuildOptions) -> bool:
    if record.until is not None and build_day().isoformat() >= record.until:
        return False  # a posting closed: its pages, the index and the sitemap change
    if options.prune and record.orphans:
        return False
    if Request.of(root, selection, options).with_files(root, record.files).digest != record.request:
        return False
    if file_digest(out / MANIFEST_FILE, (out,)) != record.manifest:
        return False  # edited, or replaced by something else
    return all(_has_size(out / path, output.size) for path, output in record.outputs.items())


def _has_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def forget(out: Path) -> None:
    """Delete the record: call it holding the lock, before writing anything."""
    (out / RECORD_FILE).unlink(missing_ok=True)


def remember(result: BuildResult, request: Request, until: datetime.date | None) -> None:
    """Record a clean build, holding the lock, once everything is written; failing to only makes the next slower."""
    try:
        outputs = {target.relative_path: Output(target, result.keys[target.relative_path],
                                                (result.out_dir / target.relative_path).stat().st_size)
                   for target in sorted([*result.built, *result.skipped])}
        record = Record(request.digest, request.files, until.isoformat() if until else None,
                        file_digest(result.out_dir / MANIFEST_FILE, (result.out_dir,)), outputs, result.warnings,
                        result.orphans)
        write_atomic(result.out_dir / RECORD_FILE, record.to_bytes(), inside=result.out_dir)
    except OSError:
        pass  # a full disk, a file deleted meanwhile: the next build loads the project to find out
