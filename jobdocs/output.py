"""Write outputs so that a crash never leaves a torn file and no path escapes the output folder."""
from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path

from .errors import EXIT_LOCKED, InputError, JobdocsError, Problem


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place."""
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


LOCK_FILE = ".jobdocs.lock"


class OutputLocked(JobdocsError):
    """Another build holds the output folder."""

    exit_code = EXIT_LOCKED


class OutputLock:
    """An exclusive lock on an output folder, so two builds never interleave their writes.

    ``flock`` is released by the kernel when the process dies, so a killed build leaves no stale lock.
    """

    def __init__(self, out_dir: Path, wait: bool = False):
        self.path = out_dir / LOCK_FILE
        self.wait = wait
        self._stream = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._stream = open(self.path, "a+")
        try:
            fcntl.flock(self._stream, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            self._stream.seek(0)
            holder = self._stream.read().strip() or "another process"
            self._stream.close()
            raise OutputLocked(f"another jobdocs build ({holder}) is writing to {self.path.parent}; "
                               "pass --wait to wait for it, or use another --out folder") from None
        self._stream.seek(0)
        self._stream.truncate()
        self._stream.write(f"pid {os.getpid()}")
        self._stream.flush()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stream.seek(0)
        self._stream.truncate()
        fcntl.flock(self._stream, fcntl.LOCK_UN)
        self._stream.close()
