"""Rebuild the preview when a project file is saved: the documents open in a page first, then the rest.

Each rebuild is an ordinary :func:`jobdocs.batch.build` into the preview's own output folder, so its manifest
decides what changed and only those documents are rendered again.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from ..batch.build import build
from ..batch.result import BuildStopped
from ..errors import InputError, JobdocsError
from ..batch.manifest import Manifest
from ..batch.options import BuildOptions, Selection
from ..model.project import PROJECT_FILE, load_project
from ..batch.plan import plan
from ..batch.workers import Outcome
from .state import Document, PreviewState

if TYPE_CHECKING:
    import watchfiles

logger = logging.getLogger(__name__)

#: What a project's documents are made from; everything else in the folder (its output) is not watched.
WATCHED_FOLDERS = ("roles", "templates")
#: Where the problems of rendering go; the project's own (a role, jobdocs.yaml) go to "project".
BUILD_SCOPE = "documents"
#: How long :meth:`Rebuilder.stop` waits for each thread: a build sees the stop within moments.
STOP_SECONDS = 5.0


class Rebuilder:
    """Two threads: one waits for saved files (watchfiles), the other builds and publishes to the state."""

    def __init__(self, project_dir: Path, out_dir: Path, state: PreviewState, *, roles: tuple[str, ...] = (),
                 kinds: tuple[str, ...] = (), languages: tuple[str, ...] = (), jobs: int | None = None):
        self.project_dir = project_dir
        self.out_dir = out_dir
        self.state = state
        self.selection = {"roles": roles, "kinds": kinds, "languages": languages}
        self.jobs = jobs
        self._stop = threading.Event()
        self._changed = threading.Event()
        self._titles: dict[Document, str] = {}
        self._threads = [threading.Thread(target=self._watch, name="jobdocs-preview-watch", daemon=True),
                         threading.Thread(target=self._build_loop, name="jobdocs-preview-build", daemon=True)]

    def start(self) -> None:
        """List the documents (or the project's problems) now, so the first page is complete; build behind."""
        self.load()
        self._changed.set()  # the first build
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Stop watching and building: a build in progress stops within moments (its busy workers are
        killed) and keeps what finished."""
        self._stop.set()
        self._changed.set()
        for thread in self._threads:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("%s did not stop within %g s", thread.name, timeout)

    def _watch(self) -> None:
        import watchfiles

        try:
            for _ in watchfiles.watch(self.project_dir, watch_filter=ProjectFiles(self.project_dir),
                                      stop_event=self._stop, step=50, rust_timeout=500):
                self._changed.set()
        except Exception:  # the folder was removed, or the system ran out of watches: say so, keep serving
            logger.exception("watching %s stopped; the preview no longer follows saves", self.project_dir)
            self.state.report("watch", [f"{self.project_dir}: no longer watched for changes; restart jobdocs serve"])

    def _build_loop(self) -> None:
        while True:
            self._changed.wait()
            if self._stop.is_set():
                return
            self._changed.clear()
            self.state.update(building=True)
            try:
                self._rebuild()
            except Exception as error:  # a bug of jobdocs: show it in the page and keep serving
                logger.exception("the preview's rebuild failed")
                self.state.report("internal", [f"jobdocs: internal error: {type(error).__name__}: {error}"])
            finally:
                self.state.update(building=False)

    def load(self) -> list[Document] | None:
        """The selected documents of the project as saved now; None, with its problems shown, when it is wrong."""
        try:
            project = load_project(self.project_dir)
            targets = plan(project, **self.selection, formats=self.state.formats)
        except InputError as error:
            self.state.report("project", [str(problem) for problem in error.problems])
            return None
        self.state.report("internal", [])
        documents = list(dict.fromkeys(Document(*target.document) for target in targets))
        self._titles = {d: project.roles[d.role_id].title.get_text(d.language) for d in documents}
        self.state.set_documents(documents, self._titles)
        return documents

    def _rebuild(self) -> None:
        """Build the open documents' PDFs first, then everything else; each written by a warm worker."""
        documents = self.load()
        if documents is None:
            return
        for document in [d for d in self.state.watched() if d in documents]:
            self._build(Selection(roles=[document.role_id], kinds=[document.kind], formats=["pdf"],
                                  languages=[document.language]), jobs=1)
        if not self._changed.is_set():  # else a newer save (or a stop) starts again from the open documents
            self._build(Selection(**self.selection, formats=self.state.formats), jobs=self.jobs)

    def _build(self, selection: Selection, jobs: int | None) -> None:
        try:
            result = build(self.project_dir, self.out_dir, selection, BuildOptions(jobs=jobs),
                           on_outcome=self._written, stop=self._interrupted)
        except BuildStopped:
            return
        except InputError as error:
            self.state.report(BUILD_SCOPE, [str(problem) for problem in error.problems], [])
            return
        except JobdocsError as error:
            self.state.report(BUILD_SCOPE, [str(error)], [])
            return
        versions = {path: entry.get("sha256", "") for path, entry in Manifest.load(self.out_dir).outputs.items()}
        self.state.record(BUILD_SCOPE, result, versions, self._titles)

    def _written(self, outcome: Outcome, _total: int) -> None:
        """Show each document as soon as it is written."""
        target = outcome.target
        self.state.record_output(target, outcome.sha256, outcome.error, self._titles.get(Document(*target.document), ""))

    def _interrupted(self) -> bool:
        """A build ends early on a newer save or a stop: it stops its workers and keeps what finished."""
        return self._stop.is_set() or self._changed.is_set()


class ProjectFiles:
    """A watchfiles filter: ``jobdocs.yaml`` and what is under ``roles/`` and ``templates/``, minus editor debris."""

    def __init__(self, project_dir: Path):
        import watchfiles

        self.root = project_dir.resolve()
        self.default = watchfiles.DefaultFilter()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except ValueError:
            return False
        # The folders themselves too: a file written at once into a new templates/ may come before its watch.
        wanted = parts == (PROJECT_FILE,) or (len(parts) > 0 and parts[0] in WATCHED_FOLDERS)
        return wanted and self.default(change, path)
