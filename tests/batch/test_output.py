from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import jobdocs
from jobdocs import BuildOptions, Selection
from jobdocs.cli import cli, click_error
from jobdocs.errors import InputError
from jobdocs.batch import workers
from jobdocs.batch.lifeline import ProcessId
from jobdocs.batch.quick import RECORD_FILE
from jobdocs.batch.output import LOCK_FILE, OutputError, OutputLock, OutputLocked, output_path, write_atomic

from tests.conftest import PARENT_ROLE, assert_manifest_agrees


def test_write_atomic_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a" / "doc.pdf"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["doc.pdf"]


@pytest.mark.parametrize("parts", [("..", "x.pdf"), ("a/../..", "x.pdf"), ("/etc", "passwd"), ("a", ".."), ("", "x")])
def test_output_path_refuses_to_leave_the_output_folder(tmp_path, parts):
    with pytest.raises(InputError):
        output_path(tmp_path / "out", *parts)


def test_a_second_build_in_a_locked_folder_exits_3_or_waits(small_project):
    out = small_project / "output"
    with OutputLock(out):
        result = CliRunner().invoke(cli, ["build", "-C", str(small_project), "--format", "docx", "--kind", "job-ad"])
    assert result.exit_code == 3
    assert "another jobdocs build (pid " in result.output and "--wait" in result.output

    lock = OutputLock(out).__enter__()
    threading.Timer(0.5, lock.__exit__, (None, None, None)).start()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["build", "-C", str(small_project), "--format", "docx", "--kind", "job-ad", "--wait"])
    assert result.exit_code == 0 and time.monotonic() - started >= 0.4


def _outputs(out: Path) -> dict[str, bytes]:
    """The files of the folder but the lock and the no-op record, which any build that writes deletes first."""
    return {str(path.relative_to(out)): path.read_bytes() for path in out.rglob("*") if path.is_file()
            and path.name not in (LOCK_FILE, RECORD_FILE)}


DOCX_JOB_ADS = ["--format", "docx", "--kind", "job-ad"]


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MiB file system, to fill up and to make read-only."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip() or 'not root'}); "
                    "test_a_failing_write_keeps_the_earlier_file injects the errors instead")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_or_read_only_disk_keeps_the_earlier_files_and_manifest(small_project, small_disk):
    out = small_disk / "out"
    build = ["build", "-C", str(small_project), "--out", str(out), *DOCX_JOB_ADS, "--force"]
    assert CliRunner().invoke(cli, build).exit_code == 0
    before = _outputs(out)
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as stream, contextlib.suppress(OSError):
        while True:  # fill the disk to the last byte
            stream.write(b"\0" * 4096)

    result = CliRunner().invoke(cli, build)  # no document, and no manifest, fits: every one fails alone
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("error: manager/job-ad.en.docx: could not write it: No space left on device (ENOSPC); "
            "the earlier file, if any, is kept\n") in result.output
    assert _outputs(out) == before  # the manifest too: its entries are dropped only for outputs replaced

    os.truncate(filler, filler.stat().st_size - 16 * 1024)  # room for the manifest, not for a document
    result = CliRunner().invoke(cli, build)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("error: manager/job-ad.en.docx: could not write it: No space left on device (ENOSPC); "
            "the earlier file, if any, is kept\n") in result.output
    after = _outputs(out)
    assert {path: data for path, data in after.items() if path != "manifest.json"} == \
        {path: data for path, data in before.items() if path != "manifest.json"}
    assert_manifest_agrees(out)

    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = CliRunner().invoke(cli, build)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: cannot write to {out}: Read-only file system (EROFS)" in result.output
    assert _outputs(out) == after


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_failing_write_keeps_the_earlier_file_and_the_others_are_written(small_project, monkeypatch, code):
    out = small_project / "output"
    build = ["build", "-C", str(small_project), *DOCX_JOB_ADS, "--role", "assistant", "-j", "1"]
    assert CliRunner().invoke(cli, build).exit_code == 0
    earlier = (out / "assistant" / "job-ad.en.docx").read_bytes()
    (small_project / "roles" / "assistant.yaml").write_text(PARENT_ROLE.replace("daily numbers", "numbers"),
                                                            encoding="utf-8")
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if os.path.basename(os.readlink(f"/proc/self/fd/{descriptor}")).startswith(".job-ad.en.docx."):
            raise OSError(code, os.strerror(code))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)  # the disk refuses this one file
    # Written in this process (as for a program read from standard input), where the patched fsync reaches;
    # a worker runs the same run_task.
    monkeypatch.setattr(workers, "workers_possible", lambda: False)
    result = CliRunner().invoke(cli, build)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"error: assistant/job-ad.en.docx: could not write it: {os.strerror(code)} ({errno.errorcode[code]}); "
            "the earlier file, if any, is kept\n") in result.output
    assert (out / "assistant" / "job-ad.en.docx").read_bytes() == earlier
    assert not list(out.rglob("*.tmp"))
    assert_manifest_agrees(out)
    assert "assistant/job-ad.zh.docx" in json.loads((out / "manifest.json").read_text())["outputs"]


def test_an_output_folder_deleted_during_a_build_stops_it_with_a_clear_error(small_project):
    out = small_project / "output"
    with pytest.raises(OutputError, match=f"^the output folder {out} was deleted during the build; the build stopped$"):
        jobdocs.build(small_project, selection=Selection(formats=["docx"]), options=BuildOptions(jobs=1),
                      on_outcome=lambda outcome, total: shutil.rmtree(out))
    assert click_error(OutputError("gone")).exit_code == 1  # what the command line exits with


HOLDER = """
import os, subprocess, sys, time
from pathlib import Path
from jobdocs.batch.lifeline import BUILD_PROCESS
from jobdocs.batch.output import OutputLock
if os.environ.get(BUILD_PROCESS) != str(os.getpid()):  # as a build's fork server starts: with the build's PID
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], {**os.environ, BUILD_PROCESS: str(os.getpid())})
lock = OutputLock(Path(sys.argv[1])).__enter__()
if sys.argv[2] == "worker":  # a worker of its own, which does not share the lock
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"]).pid
else:  # a fork, which shares the lock: recorded as a worker, or not at all
    child = os.fork()
    if child == 0:
        time.sleep(600)
        os._exit(0)
if sys.argv[2] != "unrecorded":
    lock.add_worker(child)
print(child, flush=True)
time.sleep(600)
"""


def killed_holder(out: Path, how: str) -> ProcessId:
    """Take the lock in another process, start a child the way ``how`` says, SIGKILL the holder: its child lives on."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), how], stdout=subprocess.PIPE, text=True)
    child = ProcessId.of(int(holder.stdout.readline()))
    holder.kill()
    holder.wait()
    assert child.alive()
    return child


@pytest.mark.parametrize("how", ["worker", "fork"])
def test_a_lock_left_by_a_killed_build_is_taken_over_at_once_and_its_workers_stopped(tmp_path, how):
    out = tmp_path / "out"
    child = killed_holder(out, how)
    taken = threading.Event()

    def take() -> None:
        with OutputLock(out, wait=True):  # --wait: it must not wait on a dead holder
            taken.set()

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    thread.join(30)
    assert taken.is_set()
    assert not child.alive(), "the killed build's worker must not go on writing into the folder"


def test_a_process_that_keeps_a_dead_builds_lock_is_named(tmp_path):
    out = tmp_path / "out"
    child = killed_holder(out, "unrecorded")
    try:
        with pytest.raises(OutputLocked, match=rf"is dead, but process\(es\) {child.pid} still hold its lock file open"):
            OutputLock(out, wait=True).__enter__()
    finally:
        os.kill(child.pid, signal.SIGKILL)
