"""Write outputs so that a crash never leaves a torn file and no path escapes the output folder."""
from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import json
import os
import signal
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, OutputError, OutputLocked, Problem
from .lifeline import ProcessId


def output_folder(project_root: Path, out_dir: Path | str | None) -> Path:
    """Where a build writes: ``--out`` as given, or its real folder when a link is on the way; else ``output/``.

    The project's own ``output/`` must be a real folder: a link there, which anyone who can add files to
    the project can plant, would send the build's writes and ``--prune``'s deletions anywhere.
    """
    if out_dir is not None:
        real = Path(out_dir).resolve()
        return Path(out_dir) if real == Path(os.path.normpath(Path(out_dir).absolute())) else real
    default = project_root / "output"
    if default.is_symlink():
        target = default.resolve()
        raise InputError(Problem(str(default), 0, "", f"a link to {target}; the project's output folder must be a "
                                                      f"real folder: remove the link, or pass {target} as the out_dir argument to "
                                                      "write there on purpose"))
    return default


def output_path(out_dir: Path, *parts: str) -> Path:
    """``out_dir/part/...``, refusing any part that would lead outside ``out_dir``."""
    root = out_dir.resolve()
    path = root.joinpath(*parts).resolve()
    if path == root or not path.is_relative_to(root) or any(part in ("", ".", "..") or "/" in part for part in parts):
        raise InputError(Problem(str(out_dir), 0, "", f"refusing to write {'/'.join(parts)!r} outside the output folder"))
    return path


TEMPORARY_SUFFIX = ".tmp"


def remove_torn_files(out_dir: Path) -> None:
    """Delete temporary files a killed build left behind; only call this while holding the lock."""
    for path in out_dir.glob(f"**/.*{TEMPORARY_SUFFIX}"):
        path.unlink(missing_ok=True)


def remove_temporaries(path: Path) -> None:
    """Delete the temporary files of one output, left by a worker killed while writing it."""
    for temporary in path.parent.glob(f".{path.name}.*{TEMPORARY_SUFFIX}"):
        temporary.unlink(missing_ok=True)


class OutputFolderGone(FileNotFoundError):
    """The output folder was deleted while a build was writing into it."""


def write_atomic(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place.

    With ``inside``, that folder must still exist: an output folder deleted during a build is an
    error, not something to create again. On any failure (a full disk included) the temporary file
    is removed and the earlier file at ``path`` stays as it was.
    """
    if inside is not None and not inside.is_dir():
        raise OutputFolderGone(errno.ENOENT, "the output folder was deleted during the build", str(inside))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_failure(error: OSError, out_dir: Path) -> str:
    """Why a write into ``out_dir`` failed, for a user: the reason and its errno name (ENOSPC, EROFS, ...)."""
    if isinstance(error, OutputFolderGone) or not out_dir.is_dir():
        return f"the output folder {out_dir} was deleted during the build"
    name = errno.errorcode.get(error.errno or 0)
    return f"{error.strerror} ({name})" if error.strerror and name else str(error)


LOCK_FILE = ".jobdocs.lock"
#: How long a killed build's processes may take to be gone once killed.
STOP_SECONDS = 2.0


@dataclass(frozen=True)
class Holder:
    """What the lock file says of the build that holds it: its process, and the workers it started."""

    build: ProcessId
    boot: str
    workers: tuple[ProcessId, ...] = ()

    def to_text(self) -> str:
        return json.dumps({"pid": self.build.pid, "start": self.build.start, "boot": self.boot,
                           "workers": [[worker.pid, worker.start] for worker in self.workers]})

    @classmethod
    def from_text(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(ProcessId(int(data["pid"]), int(data["start"])), str(data["boot"]),
                       tuple(ProcessId(int(pid), int(start)) for pid, start in data.get("workers", [])))
        except (ValueError, KeyError, TypeError):
            return None

    def is_dead(self) -> bool:
        """Known dead: it ran on this machine since its last boot, and its process is gone."""
        return self.boot == _boot_id() and not self.build.alive()

    def stop_workers(self) -> None:
        """Kill the workers a killed build left running, so none of them writes into the folder any more.

        Only processes the kernel shows to be that build's (:meth:`ProcessId.started_by`): the lock file
        is only a file, and anyone who can write to the output folder can name any process in it.
        """
        if self.build.alive():
            return
        survivors = [worker for worker in self.workers if worker.started_by(self.build)]
        for worker in survivors:
            with contextlib.suppress(OSError):
                os.kill(worker.pid, signal.SIGKILL)
        deadline = time.monotonic() + STOP_SECONDS
        while any(worker.alive() for worker in survivors) and time.monotonic() < deadline:
            time.sleep(0.01)


class OutputLock:
    """An exclusive lock on an output folder, so two builds never interleave their writes.

    ``flock`` gives the exclusion; the lock file names the holder by PID and start time, and the
    workers it started. A build that was killed is known dead at once, its lock taken over and its
    workers, if any survive, stopped; nothing waits on a dead holder.
    """

    def __init__(self, out_dir: Path, wait: bool | float = False):
        """``wait``: True waits as long as the holder lives, a number of seconds at most that long."""
        self.path = out_dir / LOCK_FILE
        self.wait = wait
        self._opened: BinaryIO | None = None
        self._holder: Holder | None = None

    @property
    def _stream(self) -> BinaryIO:
        if self._opened is None:
            raise RuntimeError("the output lock is used outside its 'with' block")
        return self._opened

    def __enter__(self) -> OutputLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._opened = _open_lock_file(self.path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise OutputError(f"{self.path} is a link; the lock file must be a file of its own, never followed: "
                                  "remove the link") from None
            raise OutputError(f"cannot write to {self.path.parent}: {write_failure(error, self.path.parent)}") from None
        give_up = None if self.wait is True else time.monotonic() + float(self.wait)
        while not self._try_lock():
            holder = self._recorded()
            if holder is not None and holder.is_dead():
                self._take_over_from(holder)
                break
            elif give_up is not None and time.monotonic() >= give_up:
                waited = f"after waiting {float(self.wait):g} s, " if self.wait else ""
                self._fail(f"{waited}another jobdocs build ({f'pid {holder.build.pid}' if holder else 'another process'}) "
                           f"is writing to {self.path.parent}; wait for it, or use another output folder", holder)
            else:
                time.sleep(0.1)
        previous = self._recorded()
        if previous is not None and previous.boot == _boot_id():
            previous.stop_workers()
        this_process = ProcessId.of(os.getpid())
        assert this_process is not None  # a running process always has its /proc entry
        self._holder = Holder(this_process, _boot_id())
        self._record()
        return self

    def add_worker(self, pid: int) -> None:
        """Record a worker this build started, so that a later build can stop it if this one is killed."""
        worker = ProcessId.of(pid)
        if worker is not None and self._holder is not None:
            self._holder = dataclasses.replace(self._holder, workers=(*self._holder.workers, worker))
            self._record()

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._stream.seek(0)
            self._stream.truncate()
            fcntl.flock(self._stream, fcntl.LOCK_UN)
        except OSError:
            pass  # the folder was deleted during the build: the lock went with it
        self._stream.close()

    def _try_lock(self) -> bool:
        try:
            fcntl.flock(self._stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _take_over_from(self, holder: Holder) -> None:
        """Take the lock of a dead holder that is still held: by its workers or by processes that inherited it."""
        holder.stop_workers()
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline:
            if self._try_lock():
                return
            time.sleep(0.02)
        keepers = ", ".join(map(str, _processes_with_open(self.path))) or "unknown"
        self._fail(f"the jobdocs build that locked {self.path.parent} (pid {holder.build.pid}) is dead, but "
                   f"process(es) {keepers} still hold its lock file open; stop them, or give another out_dir argument")

    def _recorded(self) -> Holder | None:
        self._stream.seek(0)
        return Holder.from_text(self._stream.read().decode("utf-8", "replace"))

    def _record(self) -> None:
        if self._holder is None:
            return
        try:
            self._stream.seek(0)
            self._stream.truncate()
            self._stream.write(self._holder.to_text().encode("utf-8"))
        except OSError:
            pass  # a full disk: flock still keeps other builds out; a later build just cannot name this one

    def _fail(self, message: str, holder: Holder | None = None) -> None:
        self._stream.close()
        raise OutputLocked(message, holder)


def _open_lock_file(path: Path) -> BinaryIO:
    """The lock file, opened for reading and writing, created if missing; never through a link, never a FIFO."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OutputError(f"{path} is not a regular file; remove it, it is the lock file's place")
    return os.fdopen(descriptor, "r+b", buffering=0)  # unbuffered: nothing left to fail at close


def _boot_id() -> str:
    """This boot of this machine: PIDs and start times mean something only within it."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _processes_with_open(path: Path) -> list[int]:
    """The PIDs of the processes that have ``path`` open (those this user may look at)."""
    try:
        wanted = (path.stat().st_dev, path.stat().st_ino)
    except OSError:
        return []
    pids = []
    for descriptor in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if (descriptor.stat().st_dev, descriptor.stat().st_ino) == wanted:
                pids.append(int(descriptor.parts[2]))
        except (OSError, ValueError):
            continue
    return sorted(set(pids) - {os.getpid()})
