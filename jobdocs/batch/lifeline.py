"""Processes that live and die with the build: how they are told apart, and the fork server's lifeline.

The fork server that workers come from imports this module first of its preloads (see
``workers.PRELOAD``). Without that, a build killed while the server still imports WeasyPrint (seconds on
a loaded machine) leaves the server running until the import ends. With it, the server watches the
build process (a pidfd) and exits the moment the build ends, whichever thread started it.
"""
from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

#: Set in the build process before it starts the fork server: the PID the server must die with.
BUILD_PROCESS = "JOBDOCS_BUILD_PROCESS"


@dataclass(frozen=True)
class ProcessId:
    """A process, told apart from a later one with the same PID by its start time."""

    pid: int
    #: Clock ticks from boot to the process's start: field 22 of /proc/PID/stat.
    start: int

    @classmethod
    def of(cls, pid: int) -> ProcessId | None:
        """The running process ``pid``; None when there is none, or only its zombie."""
        fields = _stat_fields(pid)
        return None if fields is None or fields[0] in "ZX" else cls(pid, int(fields[19]))

    def alive(self) -> bool:
        return ProcessId.of(self.pid) == self

    def started_by(self, build: ProcessId) -> bool:
        """Whether the kernel's own records tie this running process to ``build``, whatever a lock file says.

        A lock file can name any process; these facts it cannot fake. The process started after the
        build; its environment carries the build's PID (:data:`BUILD_PROCESS`, which the fork server and
        so every worker inherit); and its parent is the build, a process of the same build (the fork
        server), or one older than the build that adopted it when the build died (PID 1 or a subreaper).
        """
        fields = _stat_fields(self.pid)
        if fields is None or fields[0] in "ZX" or int(fields[19]) != self.start or self.start < build.start:
            return False
        if _marker_of(self.pid) != str(build.pid):
            return False
        parent = ProcessId.of(int(fields[1]))
        return (parent is None or parent.pid == build.pid or parent.start < build.start
                or _marker_of(parent.pid) == str(build.pid))


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _marker_of(pid: int) -> str | None:
    """The build PID in the environment process ``pid`` started with; None when it has none or is not ours to read."""
    try:
        with open(f"/proc/{pid}/environ", "rb") as environ:
            entries = environ.read().split(b"\0")
    except OSError:
        return None
    prefix = f"{BUILD_PROCESS}=".encode()
    return next((entry[len(prefix):].decode("ascii", "replace") for entry in entries if entry.startswith(prefix)),
                None)


@contextlib.contextmanager
def build_process_marked() -> Iterator[None]:
    """Tell the fork server started in the block which process it belongs to; the environment is restored."""
    before = os.environ.get(BUILD_PROCESS)
    os.environ[BUILD_PROCESS] = str(os.getpid())
    try:
        yield
    finally:
        if before is None:
            del os.environ[BUILD_PROCESS]
        else:
            os.environ[BUILD_PROCESS] = before


def _in_fork_server() -> bool:
    """multiprocessing's fork server runs as ``python -c 'from multiprocessing.forkserver import main; ...'``."""
    return sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules and BUILD_PROCESS in os.environ


def die_with_the_build(build_pid: int) -> None:
    """Exit the moment the build process ends, however it ends, whichever of its threads started this one.

    The kernel's parent-death signal would fire when the *thread* that started this server ends, which
    would make the build keep a thread alive for it in its caller's process; a pidfd (or, without one,
    a poll of the parent) watches the process itself.
    """
    def watch() -> None:
        try:
            pidfd = os.pidfd_open(build_pid)
        except (AttributeError, OSError):  # not Linux 5.3 or newer
            while os.getppid() == build_pid:
                time.sleep(0.5)
        else:
            select.select([pidfd], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="jobdocs-lifeline", daemon=True).start()


if _in_fork_server():
    die_with_the_build(int(os.environ[BUILD_PROCESS]))
    if str(os.getppid()) != os.environ[BUILD_PROCESS]:
        os._exit(0)  # the build died before the watch began: this server was already orphaned
