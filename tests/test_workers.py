from __future__ import annotations

import jobdocs
from jobdocs import workers
from jobdocs.plan import Target
from jobdocs.workers import wants_pool


def test_workers_are_recycled_without_losing_or_hanging_a_document(small_project, monkeypatch):
    monkeypatch.setattr(workers, "TASKS_PER_WORKER", 2)  # a new pool of workers every 4 documents
    result = jobdocs.build(small_project, jobs=2)
    assert result.exit_code == 0 and len(result.built) == 24
    assert len(result.worker_peak_kib) >= 6  # 24 documents, 2 per worker: many workers, each used and retired


def test_a_pool_only_when_two_pdfs_or_more_are_to_be_written():
    pdf, docx = Target("a", "job-ad", "en", "pdf"), Target("a", "job-ad", "en", "docx")
    assert wants_pool([pdf, pdf], 2)
    assert not wants_pool([pdf, pdf], 1)
    assert not wants_pool([pdf, docx, docx], 2)
