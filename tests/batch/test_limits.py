from __future__ import annotations

import resource
import threading

import pytest

from jobdocs.batch.limits import Limits, TookTooLong, bounded


def test_a_python_loop_in_any_thread_is_stopped_at_its_time_limit():
    outcome = {}

    def endless() -> None:
        try:
            with bounded(Limits(seconds=0.2)):
                while True:
                    pass
        except TookTooLong:
            outcome["stopped"] = True

    thread = threading.Thread(target=endless)  # not the main thread: SIGALRM could not do this
    thread.start()
    thread.join(30)
    assert outcome == {"stopped": True}


def test_work_that_finishes_in_time_is_not_interrupted_later():
    with bounded(Limits(seconds=0.05)):
        pass
    threading.Event().wait(0.2)  # past the limit: a late interrupt would be raised here


def test_a_gigantic_allocation_fails_with_memory_error_and_the_process_limit_is_restored():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), bounded(Limits(memory_mib=64)):
        "x" * (4 * 1024 ** 3)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len("x" * (128 * 1024 ** 2)) == 128 * 1024 ** 2  # the process may use its memory again
