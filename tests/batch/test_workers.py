from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

import jobdocs
from jobdocs import BuildOptions, Selection
from jobdocs.batch import workers

from tests.conftest import (PARENT_ROLE, PROJECT_FILE, blank_png, pdf_text, processes_marked, running,
                            write_project)

#: Two PDFs, so that -j 2 writes in workers: the job ad and the interview guide, in English.
TWO_KINDS = {"kinds": ["job-ad", "interview-guide"], "languages": ["en"]}


def test_workers_are_recycled_without_losing_or_hanging_a_document(small_project, monkeypatch):
    monkeypatch.setattr(workers, "TASKS_PER_WORKER", 2)  # a new worker every 2 documents
    result = jobdocs.build(small_project, selection=Selection(kinds=["job-ad"]), options=BuildOptions(jobs=2))
    assert result.exit_code == 0 and len(result.built) == 8  # 2 roles x 2 languages x PDF and DOCX
    assert len(result.worker_peak_kib) >= 4  # 8 documents, 2 per worker: each worker used and retired


@pytest.mark.clients
def test_no_process_of_a_build_killed_with_sigkill_remains(small_project):
    marker = uuid.uuid4().hex
    build = subprocess.Popen([sys.executable, "-m", "jobdocs", "build", "-C", str(small_project), "-j", "2"],
                             env={**os.environ, "JOBDOCS_TEST_MARK": marker},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((small_project / "output").glob("*/*.pdf")):
        time.sleep(0.05)
    started = processes_marked(marker)
    assert len(started) >= 4, "the build, its fork server and two workers should be running"
    build.kill()  # the build process only, as `timeout -s KILL` or a CI runner does
    build.wait()
    deadline = time.monotonic() + 3
    while processes_marked(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_marked(marker) == [], "the fork server and the workers should have died with the build"


#: Far past the limit: WeasyPrint lays out 6,000 pages in minutes, on a quiet machine too (the HTML takes
#: milliseconds). The other document is one short page: about a second alone, even in a fresh worker.
ENDLESS_JOB_AD = ('{% extends "!default/job-ad.html" %}{% block content %}{% for i in range(6000) %}'
                  '<p style="break-after: page">{{ i }}</p>{% endfor %}{% endblock %}')
SHORT_GUIDE = '{% extends "!default/interview-guide.html" %}{% block content %}<p>One question.</p>{% endblock %}'
#: Twenty times what the short document takes alone: room for a machine busy with other builds and tests.
GENEROUS_SECONDS = 20


@pytest.mark.parametrize("jobs", [1, 2])  # one worker, killed and replaced; two, the other one left alone
def test_a_document_past_its_time_limit_fails_alone(tmp_path, monkeypatch, jobs):
    started = []
    start = workers.WorkerPool._start

    def recorded(pool):
        worker = start(pool)
        started.append(worker.process.pid)
        return worker

    monkeypatch.setattr(workers.WorkerPool, "_start", recorded)
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE},
                            config=PROJECT_FILE + f"timeout: {GENEROUS_SECONDS}\n",
                            templates={"job-ad.html": ENDLESS_JOB_AD, "interview-guide.html": SHORT_GUIDE})
    result = jobdocs.build(project, selection=Selection(formats=["pdf"], **TWO_KINDS), options=BuildOptions(jobs=jobs))
    assert [(target.relative_path, message) for target, message in result.failed] == [
        ("assistant/job-ad.en.pdf", f"took longer than {GENEROUS_SECONDS} s (templates/job-ad.html)")]
    assert [target.relative_path for target in result.built] == ["assistant/interview-guide.en.pdf"]
    assert "One question." in pdf_text(project / "output" / "assistant" / "interview-guide.en.pdf")
    assert not list((project / "output").rglob(".*.tmp"))
    # Written in workers, never in this process; the late one's worker is gone.
    assert started and os.getpid() not in started and set(result.worker_peak_kib) <= set(started)
    deadline = time.monotonic() + 30  # a killed process ends within moments; a forgotten one would run for minutes
    while any(map(running, started)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in started if running(pid)], "a worker outlived the build"


def test_a_huge_image_fails_its_document_at_the_memory_limit_and_the_build_goes_on(tmp_path):
    template = ('{% extends "!default/job-ad.html" %}'
                '{% block content %}<img src="huge.png" style="width: 2cm">{{ super() }}{% endblock %}')
    project = write_project(tmp_path / "project", {"assistant": PARENT_ROLE},
                            config=PROJECT_FILE + "memory_limit: 300\n", templates={"job-ad.html": template})
    blank_png(project / "huge.png", 8000, 8000)  # 64 million pixels: under Pillow's bomb limit, 190 MiB decoded
    # Both PDFs go first (the costliest), so both workers fail and new ones must write the DOCX files.
    result = jobdocs.build(project, selection=Selection(kinds=["job-ad"]), options=BuildOptions(jobs=2))
    message = "needed more than the memory limit of 300 MiB (templates/job-ad.html)"
    assert sorted((target.relative_path, text) for target, text in result.failed) == [
        ("assistant/job-ad.en.pdf", message), ("assistant/job-ad.zh.pdf", message)]
    assert sorted(target.relative_path for target in result.built) == ["assistant/job-ad.en.docx",
                                                                       "assistant/job-ad.zh.docx"]
    assert len(result.worker_peak_kib) >= 3, "the workers that ran out of memory should have been replaced"
