"""Write outputs so that a crash never leaves a torn file and no path escapes the output folder."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError, Problem


def output_path(out_dir: Path, *parts: str) -> Path:
    """``out_dir/part/...``, refusing any part that would lead outside ``out_dir``."""
    root = out_dir.resolve()
    path = root.joinpath(*parts).resolve()
    if path == root or not path.is_relative_to(root) or any(part in ("", ".", "..") or "/" in part for part in parts):
        raise InputError(Problem(str(out_dir), 0, "", f"refusing to write {'/'.join(parts)!r} outside the output folder"))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
