from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from jobdocs.cli import cli
from jobdocs.errors import InputError
from jobdocs.output import OutputLock, output_path, write_atomic


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


def test_a_killed_build_leaves_only_whole_files(small_project):
    out = small_project / "output"
    process = subprocess.Popen([sys.executable, "-m", "jobdocs", "build", "-C", str(small_project), "-j", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*/*.pdf"))) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, mid-way
    process.wait()
    finals = [path for path in out.glob("*/*") if not path.name.startswith(".")]
    assert 3 <= len(finals) < 24, "the build should have been killed part-way"
    for path in finals:
        if path.suffix == ".pdf":
            assert len(PdfReader(path).pages) >= 1
        else:
            docx.Document(str(path))
    result = CliRunner().invoke(cli, ["build", "-C", str(small_project)])
    assert result.exit_code == 0
    assert len(list(out.glob("*/*"))) == 24  # the rebuild finished the rest and cleaned the temporaries
