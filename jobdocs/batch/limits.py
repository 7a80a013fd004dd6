"""Bounds on the time and memory one document may take, so that no template or image hangs or fills a build.

A worker process is bounded from outside: the build kills it when its document is late, and its address
space is capped (``RLIMIT_AS``) when it starts. Work done in the build process itself (every HTML; the
PDF and DOCX only for a program read from standard input, which workers cannot re-import) is bounded by
:func:`bounded`, whatever thread it runs in, which restores the process's limit when it ends.
"""
from __future__ import annotations

import ctypes
import resource
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from collections.abc import Iterator

from ..model.models import DEFAULT_MEMORY_MIB, DEFAULT_TIMEOUT

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Seconds one document may take; MiB of address space a process may add while making documents."""

    seconds: float = DEFAULT_TIMEOUT
    memory_mib: int = DEFAULT_MEMORY_MIB


class TookTooLong(BaseException):
    """Raised in a thread whose document passed its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` of a library swallows it.
    """


def too_long(limits: Limits) -> str:
    return f"took longer than {limits.seconds:g} s"


def too_big(limits: Limits) -> str:
    return f"needed more than the memory limit of {limits.memory_mib} MiB"


def address_space() -> int:
    """The bytes this process has mapped (``VmSize``)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def cap_address_space(limits: Limits) -> None:
    """Let this process grow by at most ``limits.memory_mib``; past it, allocations fail with MemoryError."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = address_space() + limits.memory_mib * MIB
    lower = [limit for limit in (soft, hard) if limit != resource.RLIM_INFINITY]  # never loosen a user's ulimit -v
    resource.setrlimit(resource.RLIMIT_AS, (min([wanted, *lower]), hard))


_memory_lock = threading.Lock()
_memory_users = 0
_memory_saved: tuple[int, int] | None = None


@contextmanager
def bounded(limits: Limits) -> Iterator[None]:
    """Run the block with both bounds: :class:`TookTooLong` is raised in it when late, MemoryError when too big.

    The memory cap is the whole process's while any bounded block runs, so it leaves the process room
    for what it held before: it stops the gigantic allocation, not the ordinary ones.
    """
    with _memory_capped(limits), _deadline(limits.seconds):
        yield


@contextmanager
def _memory_capped(limits: Limits) -> Iterator[None]:
    global _memory_users, _memory_saved
    with _memory_lock:
        if _memory_users == 0:
            _memory_saved = resource.getrlimit(resource.RLIMIT_AS)
            cap_address_space(limits)
        _memory_users += 1
    try:
        yield
    finally:
        with _memory_lock:
            _memory_users -= 1
            if _memory_users == 0 and _memory_saved is not None:
                resource.setrlimit(resource.RLIMIT_AS, _memory_saved)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`TookTooLong` in this thread after ``seconds``, at its next Python instruction.

    An asynchronous exception (CPython's PyThreadState_SetAsyncExc) works in any thread, where
    SIGALRM works only in the main one; a jobdocs server renders in other threads.
    """
    thread_id = threading.get_ident()
    guard = threading.Lock()
    state = {"active": True}

    def interrupt() -> None:
        with guard:
            if state["active"]:
                _raise_in(thread_id, TookTooLong)

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with guard:
            state["active"] = False
        timer.cancel()
        _raise_in(thread_id, None)  # withdraw an interrupt that came too late to be delivered


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)
