"""Write PDF and DOCX files from rendered HTML, in this process or in a pool of warm workers."""
from __future__ import annotations

import datetime
import hashlib
import multiprocessing
from multiprocessing import forkserver
import os
import resource
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .assets import AssetPolicy
from .output import output_path, write_atomic
from .plan import Target
from .render.html import RenderedHtml
from .templates import default_templates_dir

#: A worker is replaced after this many documents: WeasyPrint's memory grows with every document
#: (measured with bench/run.py: a worker's peak was 150 MiB after 10 documents, 320 MiB after 100),
#: and a fresh fork from the warm server costs a few milliseconds.
TASKS_PER_WORKER = 40
PRELOAD = ["jobdocs.render.pdf", "jobdocs.render.docx"]
#: Fixed when neither SOURCE_DATE_EPOCH nor a posting date gives one: DOCX core properties need a date.
FALLBACK_DATE = datetime.datetime(2000, 1, 1)


@dataclass(frozen=True)
class WriteSettings:
    """What writing a PDF or DOCX needs besides the HTML; small and picklable for worker processes."""

    project_root: Path
    out_dir: Path
    font_family: str
    created: datetime.datetime | None

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


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def write_document(document: RenderedHtml, fmt: str, settings: WriteSettings) -> tuple[bytes, list[str]]:
    """The bytes of one format, and the resources the asset policy refused while making them."""
    policy = settings.asset_policy()
    if fmt in ("html", "xml"):  # the careers page is the job ad's HTML itself; the site's files are text too
        return document.html.encode("utf-8"), []
    if fmt == "pdf":
        from .render.pdf import write_pdf  # WeasyPrint is heavy: import it only to write a PDF

        data = write_pdf(document, settings.base_url, policy)
    else:
        from .render.docx import write_docx

        data = write_docx(document, base_url=settings.base_url, policy=policy,
                          subject=document.title.split(" · ")[-1], created=settings.created or FALLBACK_DATE)
    return data, policy.refused


def run_task(task: Task, settings: WriteSettings) -> Outcome:
    """Write one output file atomically; a failure is reported, never raised, so the others go on."""
    target = task.target
    try:
        data, refused = write_document(task.document, target.format, settings)
        write_atomic(output_path(settings.out_dir, *target.relative_path.split("/")), data)
    except Exception as error:
        return Outcome(target, error=f"{type(error).__name__}: {error}", **_worker_stats())
    return Outcome(target, hashlib.sha256(data).hexdigest(), len(data), refused, **_worker_stats())


def wants_pool(targets: list[Target], jobs: int) -> bool:
    """A pool pays off for two PDFs or more; a DOCX takes less time than starting a worker.

    Workers re-import the main module's file; a program read from standard input names a file
    that does not exist, so it writes in its own process.
    """
    main_file = getattr(sys.modules["__main__"], "__file__", None)
    importable = main_file is None or os.path.isfile(main_file)
    return importable and jobs > 1 and sum(target.format == "pdf" for target in targets) > 1


def warm_up_workers() -> None:
    """Start the server the workers fork from, so it imports WeasyPrint while this process renders HTML."""
    multiprocessing.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def run_tasks(tasks: list[Task], settings: WriteSettings, jobs: int) -> Iterator[Outcome]:
    """Outcomes as tasks finish, from a pool of ``jobs`` workers or in this process."""
    if not wants_pool([task.target for task in tasks], jobs):
        for task in tasks:
            yield run_task(task, settings)
        return
    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has imported WeasyPrint once, so each starts warm.
    context.set_forkserver_preload(PRELOAD)
    yield from _generations(tasks, settings, min(jobs, len(tasks)), context)


def _generations(tasks: list[Task], settings: WriteSettings, jobs: int, context) -> Iterator[Outcome]:
    """Run tasks in pools of fresh workers, ``TASKS_PER_WORKER`` tasks a worker, one pool after another.

    This is how workers are recycled: Python 3.11-3.13's ``max_tasks_per_child`` can deadlock the pool
    (CPython gh-115634). The next pool starts as soon as the current one has fewer tasks left than
    workers, so no core waits for the slowest document of a generation.
    """
    queue = list(tasks)
    pending: dict = {}
    pools: list[ProcessPoolExecutor] = []

    def start_pool() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        batch, queue[:] = queue[: jobs * TASKS_PER_WORKER], queue[jobs * TASKS_PER_WORKER:]
        pending.update({pool.submit(run_task, task, settings): (task, pool) for task in batch})
        pools.append(pool)
        return pool

    current = start_pool()
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task, _ = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool as error:
                    yield Outcome(task.target, error=f"the worker process died: {error}")
            if queue and sum(pool is current for _, pool in pending.values()) < jobs:
                current.shutdown(wait=False)  # its workers leave after their last task
                current = start_pool()
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def _worker_stats() -> dict:
    return {"worker": os.getpid(), "worker_peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
