"""Write each output from rendered HTML with its format's writer, in a pool of warm worker processes.

Nothing a document does can hang, leak or take down the build: a worker late with its document is
killed and replaced, a worker's memory is capped, and workers exit as soon as the build process dies,
however it dies. Every writer that may take long or much memory (PDF, DOCX) runs in a worker, one
worker at ``-j 1``, so the calling process is never bounded; only a writer that encodes text (the careers
pages) runs here. A program read from standard input cannot be re-imported by workers: there, and only
there, :func:`jobdocs.batch.limits.bounded` bounds the writing in this process.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import TypedDict
from collections.abc import Callable, Iterator

from ..model.assets import AssetPolicy
from .lifeline import build_process_marked
from .limits import Limits, TookTooLong, bounded, cap_address_space, too_big, too_long
from .output import output_path, remove_temporaries, write_atomic, write_failure
from ..model.outputs import Target
from ..html.render import RenderedHtml
from ..model.inputs import default_templates_dir
from ..writers import SITE_WRITER, Writer, writer

#: A worker is replaced after this many documents: WeasyPrint's memory grows with every document
#: (measured with bench/run.py: a worker's peak was 150 MiB after 10 documents, 320 MiB after 100),
#: and a fresh fork from the warm server costs a few milliseconds.
TASKS_PER_WORKER = 40
#: What the fork server imports before it forks workers; the lifeline first, so that it dies with the build.
PRELOAD = ["jobdocs.batch.lifeline", "jobdocs.writers.pdf", "jobdocs.writers.docx.writer"]
#: How long a worker may take to leave after its last task, or a killed build's worker after the build.
GRACE_SECONDS = 2
#: How often, at most, a stop request goes unseen while waiting on workers.
STOP_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class WriteSettings:
    """What writing a PDF or DOCX needs besides the HTML; small and picklable for worker processes."""

    project_root: Path
    #: Where each file is written; None keeps the bytes in the outcome (:func:`jobdocs.render`).
    out_dir: Path | None
    #: Each language's CSS font stack (its own CJK face), by language code: part of every output's key.
    font_stacks: dict[str, str]
    created: datetime.datetime | None
    limits: Limits = Limits()
    pdf_variant: str = "pdf/ua-1"

    @property
    def base_url(self) -> str:
        return self.project_root.resolve().as_uri() + "/"

    def asset_policy(self) -> AssetPolicy:
        return AssetPolicy(roots=(self.project_root, default_templates_dir()))


@dataclass(frozen=True)
class Task:
    target: Target
    document: RenderedHtml


@dataclass(frozen=True)
class Outcome:
    target: Target
    sha256: str = ""
    size: int = 0
    refused: list[str] = field(default_factory=list)
    error: str = ""
    worker: int = 0
    worker_peak_kib: int = 0
    #: The worker must not take another task: a MemoryError may have left it broken.
    retire: bool = False
    #: The file's bytes, when nothing is written (``WriteSettings.out_dir`` is None).
    data: bytes = b""


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def write_document(document: RenderedHtml, target: Target, settings: WriteSettings) -> tuple[bytes, list[str]]:
    """The bytes of one target, and the resources the asset policy refused while making them."""
    policy = settings.asset_policy()
    return writer_of(target).write(document, settings, policy), policy.refused


def run_task(task: Task, settings: WriteSettings) -> Outcome:
    """Write one output file atomically, or keep its bytes; a failure is reported, never raised."""
    target = task.target
    try:
        data, refused = write_document(task.document, target, settings)
    except MemoryError:
        return Outcome(target, error=past_limit(too_big(settings.limits), target.kind), retire=True,
                       **_worker_stats())
    except Exception as error:
        return Outcome(target, error=f"{type(error).__name__}: {error}", **_worker_stats())
    if settings.out_dir is None:
        return Outcome(target, hashlib.sha256(data).hexdigest(), len(data), refused, data=data, **_worker_stats())
    try:
        write_atomic(output_path(settings.out_dir, *target.relative_path.split("/")), data, inside=settings.out_dir)
    except OSError as error:
        return Outcome(target, error=f"could not write it: {write_failure(error, settings.out_dir)}; "
                                     "the earlier file, if any, is kept", **_worker_stats())
    return Outcome(target, hashlib.sha256(data).hexdigest(), len(data), refused, **_worker_stats())


def run_bounded(task: Task, settings: WriteSettings) -> Outcome:
    """:func:`run_task` in this process, within the time and memory limits."""
    try:
        with bounded(settings.limits):
            return run_task(task, settings)
    except TookTooLong:
        return Outcome(task.target, error=past_limit(too_long(settings.limits), task.target.kind))


def template_of(kind: str) -> str:
    """The template a document of ``kind`` comes from, as the user names it."""
    return f"templates/{kind}.html"


def past_limit(reason: str, kind: str) -> str:
    """A limit passed, with the template of the document: ``took longer than 60 s (templates/job-ad.html)``."""
    return f"{reason} ({template_of(kind)})"


def wants_workers(targets: list[Target]) -> bool:
    """Whether any target's writer runs in a worker, so that the fork server is worth starting now."""
    return workers_possible() and any(writer_of(target).isolated for target in targets)


def workers_possible() -> bool:
    """Workers re-import the main module's file; a program read from standard input names a file that
    does not exist, so it writes in its own process (the one case where limits bind the caller's process)."""
    main_file = getattr(sys.modules["__main__"], "__file__", None)
    return main_file is None or os.path.isfile(main_file)


def warm_up_workers() -> None:
    """Start the server the workers fork from, so it imports WeasyPrint while this process renders HTML.

    The server dies with this process (see :mod:`jobdocs.batch.lifeline`); it learns which process that
    is from its environment, which is this process's only while it starts: the caller's is left as it was.
    """
    multiprocessing.set_forkserver_preload(PRELOAD)
    with build_process_marked():
        forkserver.ensure_running()


def run_tasks(tasks: list[Task], settings: WriteSettings, jobs: int,
              on_worker: Callable[[int], None] | None = None,
              stop: Callable[[], bool] | None = None) -> Iterator[Outcome]:
    """Outcomes as tasks finish: what a writer only encodes, here; the rest in up to ``jobs`` workers.

    Whatever runs under the time and memory limits runs in a worker process (``jobs`` 1 included), so
    this process is never bounded, nor taken down by a document. ``on_worker`` hears the process id of
    each worker as it starts (the output lock records them). Once ``stop()`` is true, no task starts and
    busy workers are killed: the outcomes simply end.
    """
    isolated = []
    for task in tasks:
        if stop is not None and stop():
            return
        if writer_of(task.target).isolated:
            isolated.append(task)
        else:
            yield run_task(task, settings)
    if not isolated:
        return
    if not workers_possible():
        for task in isolated:
            if stop is not None and stop():
                return
            yield run_bounded(task, settings)
        return
    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has imported WeasyPrint once, so each starts warm.
    context.set_forkserver_preload(PRELOAD)
    warm_up_workers()  # a no-op when the server runs; else it must not be started from this thread
    yield from WorkerPool(context, settings, min(jobs, len(isolated)), on_worker, stop).run(isolated)


def writer_of(target: Target) -> Writer:
    """The writer of a target; the careers site's own files (index, sitemap, logo) are the site writer's."""
    return writer(SITE_WRITER if target.is_site else target.format)


class WorkerStats(TypedDict):
    """Which worker wrote an outcome, and its peak memory: :class:`Outcome`'s fields of the same names."""

    worker: int
    worker_peak_kib: int


def _worker_stats() -> WorkerStats:
    return {"worker": os.getpid(), "worker_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    task: Task | None = None
    deadline: float = 0.0
    done: int = 0


class WorkerPool:
    """Worker processes that each write one document at a time, replaced when they die, hang or wear out.

    Unlike concurrent.futures' pool, which breaks as a whole when one worker dies, this pool knows
    which document each worker holds: a late worker is killed and that one document fails; the
    others go on in a fresh worker. A worker leaves after ``TASKS_PER_WORKER`` documents, because
    WeasyPrint's memory grows with every document.
    """

    def __init__(self, context: ForkServerContext, settings: WriteSettings, size: int,
                 on_start: Callable[[int], None] | None = None, stop: Callable[[], bool] | None = None) -> None:
        self.stop = stop or (lambda: False)
        self.context = context
        self.settings = settings
        self.size = size
        self.on_start = on_start
        self.workers: list[_Worker] = []
        self.leaving: list[_Worker] = []

    def run(self, tasks: list[Task]) -> Iterator[Outcome]:
        queue = deque(tasks)
        try:
            while (queue or self._busy()) and not self.stop():
                self._hand_out(queue)
                yield from self._collect()
        finally:
            self._stop_all()

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self.workers if worker.task is not None]

    def _hand_out(self, queue: deque[Task]) -> None:
        while queue and len(self.workers) < self.size:
            self.workers.append(self._start())
        for worker in self.workers:
            if worker.task is None and queue:
                worker.task = queue.popleft()
                worker.deadline = time.monotonic() + self.settings.limits.seconds
                worker.connection.send(worker.task)

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, self.settings), daemon=True)
        process.start()
        theirs.close()  # so that the worker's end reports EOF once this process is gone
        if self.on_start and process.pid is not None:  # started: it has a pid
            self.on_start(process.pid)
        return _Worker(process, ours)

    def _collect(self) -> Iterator[Outcome]:
        busy = self._busy()
        soonest = min(worker.deadline for worker in busy)
        # Never long: a stop request is seen within STOP_POLL_SECONDS, not when the slowest document ends.
        ready = wait([worker.connection for worker in busy] + [worker.process.sentinel for worker in busy],
                     timeout=min(STOP_POLL_SECONDS, max(0.0, soonest - time.monotonic())))
        for worker in busy:
            task = worker.task
            if task is None:  # only busy workers, which hold one
                continue
            if worker.connection in ready:
                try:
                    outcome = worker.connection.recv()
                except (EOFError, OSError):
                    yield Outcome(task.target, error=_death(worker.process, self.settings.limits))
                    self._drop(worker)
                    continue
                worker.task = None
                worker.done += 1
                if outcome.retire or worker.done >= TASKS_PER_WORKER:
                    self._retire(worker)
                yield outcome
            elif worker.process.sentinel in ready:
                yield Outcome(task.target, error=_death(worker.process, self.settings.limits))
                self._drop(worker)
            elif time.monotonic() >= worker.deadline:
                worker.process.kill()
                self._drop(worker)
                if self.settings.out_dir is not None:
                    remove_temporaries(output_path(self.settings.out_dir, *task.target.relative_path.split("/")))
                yield Outcome(task.target, error=past_limit(too_long(self.settings.limits), task.target.kind))

    def _retire(self, worker: _Worker) -> None:
        """Let an idle worker leave on its own."""
        with contextlib.suppress(OSError):
            worker.connection.send(None)
        self.workers.remove(worker)
        self.leaving.append(worker)

    def _drop(self, worker: _Worker) -> None:
        worker.process.join(GRACE_SECONDS)
        worker.connection.close()
        self.workers.remove(worker)

    def _stop_all(self) -> None:
        """Idle workers leave; busy ones, when the build is interrupted, remove their temporary file and leave."""
        for worker in list(self.workers):
            if worker.task is not None:  # SIGTERM: it removes its temporary file as it leaves
                worker.process.terminate()
                self.workers.remove(worker)
                self.leaving.append(worker)
            else:
                self._retire(worker)
        deadline = time.monotonic() + GRACE_SECONDS
        for worker in self.leaving:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.leaving.clear()


def _serve(connection: Connection, settings: WriteSettings) -> None:
    """A worker's life: documents from ``connection`` until told to leave or the build process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process; the build stops its workers
    signal.signal(signal.SIGTERM, _leave)
    _leave_with_the_build()
    cap_address_space(settings.limits)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        outcome = run_task(task, settings)
        connection.send(outcome)
        if outcome.retire:
            return


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds write_atomic, which removes its temporary file


def _leave_with_the_build() -> None:
    """Exit when the build process dies, however it dies (SIGKILL included), instead of living on as an orphan.

    Workers are children of the fork server, so the kernel's parent-death signal would tell them of the
    server's death, not the build's. The build process holds the other end of a pipe whose end this
    worker holds (multiprocessing's parent sentinel): the pipe reports EOF the moment the build dies.
    Once every worker is gone, the fork server sees its own pipe close and exits too.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not a worker: no build to leave with
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os.kill(os.getpid(), signal.SIGTERM)  # leave as when interrupted: the temporary file is removed
        time.sleep(GRACE_SECONDS / 2)
        os._exit(1)

    threading.Thread(target=watch, name="jobdocs-parent-watch", daemon=True).start()


def _death(process: multiprocessing.process.BaseProcess, limits: Limits) -> str:
    process.join(GRACE_SECONDS)
    code = process.exitcode
    how = f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
    return (f"the worker process died while writing it ({how}); "
            f"it may have passed the memory limit of {limits.memory_mib} MiB")

