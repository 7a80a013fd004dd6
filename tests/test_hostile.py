"""Hostile inputs, as a red team would write them: nothing outside the project is read, written, deleted or killed.

Every attack runs against a small project beside a folder ``outside/`` that holds a secret marker and a
file to keep. Each test asserts what a user relies on: the marker appears in no output, ``outside/`` is
as it was, no process jobdocs did not start is signalled, the message names the file, and the output of
the earlier good build is kept. DOCX and HTML are built where a PDF adds nothing, so the module stays fast.
"""
from __future__ import annotations

import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from jobdocs.batch.quick import RECORD_FILE
from jobdocs.cli import cli

from tests.conftest import PARENT_ROLE, write_project

if TYPE_CHECKING:
    import subprocess

    from jobdocs.batch.lifeline import ProcessId

MARKER = "SECRET-7c1e-outside-the-project"
#: One small document: the quickest build that still goes through the templates and a writer.
ONE_DOCX = ("--role", "assistant", "--kind", "job-ad", "--lang", "en", "--format", "docx")
BOOKKEEPING = (".jobdocs.lock", "manifest.json", RECORD_FILE)


@dataclass
class Scene:
    """A project, and beside it a folder the build must leave alone."""

    root: Path
    outside: Path

    @property
    def secret(self) -> Path:
        return self.outside / "secret.txt"

    @property
    def out(self) -> Path:
        return self.root / "output"

    def build(self, *args: str) -> Result:
        return run("build", "-C", str(self.root), *args)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder`` without following links: a file's bytes, a link's target, a folder's name."""
    entries: dict[str, bytes | str] = {}
    for directory, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(directory) / name
            key = str(path.relative_to(folder))
            entries[key] = (os.readlink(path) if path.is_symlink() else
                            path.read_bytes() if path.is_file() else "folder")
    return entries


def published(folder: Path) -> str:
    """All the text a reader of the outputs could see: every file, and every part inside a DOCX."""
    texts = []
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        if path.suffix == ".pdf":  # its text is compressed: read it as a reader would
            import subprocess

            texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        else:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture(autouse=True)
def bystander():
    """A process jobdocs did not start, alive through every attack: nothing may signal it."""
    import subprocess

    process = subprocess.Popen(["sleep", "600"])
    yield process
    alive = process.poll() is None
    process.kill()
    process.wait()
    assert alive, "jobdocs killed a process it did not start"


@pytest.fixture
def scene(tmp_path: Path) -> Scene:
    outside = tmp_path / "outside"
    (outside / "keep").mkdir(parents=True)
    (outside / "secret.txt").write_text(MARKER + "\n", encoding="utf-8")
    (outside / "keep" / "precious.txt").write_text("precious", encoding="utf-8")
    return Scene(write_project(tmp_path / "project", {"assistant": PARENT_ROLE}), outside)


@pytest.fixture
def built(scene: Scene) -> Scene:
    """The scene after one good build: its output is what a refused attack must keep."""
    result = scene.build(*ONE_DOCX)
    assert result.exit_code == 0, result.output
    return scene


def assert_held(scene: Scene, outside_before: dict[str, bytes | str], output_before: dict | None = None) -> None:
    """Nothing read from outside reached an output, nothing outside changed, and the earlier output is kept."""
    assert snapshot(scene.outside) == outside_before
    if scene.out.is_dir() and not scene.out.is_symlink():
        assert MARKER not in published(scene.out)
    if output_before is not None:  # the documents themselves; the lock and the manifest are the build's own
        documents = {name: data for name, data in output_before.items() if name not in BOOKKEEPING}
        assert {name: data for name, data in snapshot(scene.out).items() if name in documents} == documents


# Text a document cannot hold, and messages that cannot spoof a log ---------------------------------------

@pytest.mark.parametrize("escape, code_point", [("\\x0b", "U+000B"), ("\\0", "U+0000"), ("\\uFFFE", "U+FFFE"),
                                                ("\\x1b", "U+001B")])
def test_a_character_xml_cannot_hold_is_a_validate_error_with_its_code_point(built, escape, code_point):
    before, output = snapshot(built.outside), snapshot(built.out)
    role = PARENT_ROLE.replace("en: Operations Assistant}", f'en: "Operations{escape}Assistant"}}')
    (built.root / "roles" / "assistant.yaml").write_text(role, encoding="utf-8")
    result = run("validate", "-C", str(built.root))
    assert result.exit_code == 2
    assert f"roles/assistant.yaml:1: title.en: holds the character {code_point} at position 11" in result.output
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 2 and code_point in result.output and "nothing was written" in result.output
    assert_held(built, before, output)


def test_a_file_name_with_bidi_and_control_characters_is_printed_escaped(scene):
    (scene.root / "roles" / "evil\u202eexe.yaml").write_text("title: [\n", encoding="utf-8")
    (scene.root / "roles" / "bell\x07\x1b[31m.yaml").write_text("title: [\n", encoding="utf-8")
    result = run("validate", "-C", str(scene.root))
    assert result.exit_code == 2
    assert "roles/evil\\u202eexe.yaml:" in result.output
    assert "roles/bell\\x07\\x1b[31m.yaml:" in result.output
    assert "\u202e" not in result.output and "\x1b" not in result.output and "\x07" not in result.output


# Links and special files: one read policy for every project file ------------------------------------------

#: A job-ad template of a project's own that pulls in another template file.
INCLUDING = "<html lang=\"en\"><head><title>x</title></head><body><p>{% include 'leak.html' %}</p></body></html>\n"


def build_in_subprocess(scene: Scene, *args: str) -> subprocess.CompletedProcess[str]:
    """A build in its own process, so that one that hangs fails the test instead of holding the suite."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "jobdocs", "build", "-C", str(scene.root), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_template_linked_outside_the_project_is_an_error_naming_it(built, fmt):
    before, output = snapshot(built.outside), snapshot(built.out)
    templates = built.root / "templates"
    templates.mkdir()
    (templates / "job-ad.html").write_text(INCLUDING, encoding="utf-8")
    (templates / "leak.html").symlink_to(built.secret)
    result = built.build(*ONE_DOCX[:-1], fmt)
    assert result.exit_code == 2, result.output
    assert (f"templates/leak.html: template: a link to {built.secret.resolve()}, outside the project's folders"
            in result.output)
    assert MARKER not in result.output
    assert_held(built, before, output)


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_a_template_linked_to_a_system_file_publishes_nothing(built, target, monkeypatch):
    monkeypatch.setenv("CI_TOKEN", MARKER)
    before, output = snapshot(built.outside), snapshot(built.out)
    templates = built.root / "templates"
    templates.mkdir()
    (templates / "job-ad.html").write_text(INCLUDING, encoding="utf-8")
    (templates / "leak.html").symlink_to(target)
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 2 and "templates/leak.html: template: a link to" in result.output
    assert_held(built, before, output)


@pytest.mark.parametrize("name", ["labels.yaml", "style.css", "base.html"])
def test_a_default_file_overridden_by_a_link_outside_is_refused(built, name):
    before, output = snapshot(built.outside), snapshot(built.out)
    (built.root / "templates").mkdir()
    (built.root / "templates" / name).symlink_to(built.secret)
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 2, result.output
    assert f"templates/{name}:" in result.output and "outside the project's folders" in result.output
    assert_held(built, before, output)


def test_a_role_linked_outside_the_project_is_refused(built):
    before, output = snapshot(built.outside), snapshot(built.out)
    (built.outside / "stolen.yaml").write_text(PARENT_ROLE.replace("Operations Assistant", MARKER), encoding="utf-8")
    before = snapshot(built.outside)
    (built.root / "roles" / "stolen.yaml").symlink_to(built.outside / "stolen.yaml")
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 0, result.output  # refused alone: the role asked for is built
    assert f"roles/stolen.yaml: a link to {(built.outside / 'stolen.yaml').resolve()}, outside" in result.output
    assert_held(built, before, output)


def test_links_inside_the_project_are_followed(built):
    shared = built.root / "shared"
    shared.mkdir()
    (shared / "job-ad.html").write_text("<html lang=\"en\"><head><title>t</title></head><body><p>{% include "
                                        "'part.html' %}</p></body></html>\n", encoding="utf-8")
    (shared / "part.html").write_text("Shared words", encoding="utf-8")
    (built.root / "templates").mkdir()
    (built.root / "templates" / "job-ad.html").symlink_to(shared / "job-ad.html")
    (built.root / "templates" / "part.html").symlink_to("../shared/part.html")
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 0, result.output
    assert "Shared words" in published(built.out)


@pytest.mark.parametrize("where", ["roles/fifo.yaml", "templates/job-ad.html", "templates/labels.yaml",
                                   "jobdocs.yaml"])
def test_a_fifo_is_refused_at_once_instead_of_hanging_the_build(built, where):
    before, output = snapshot(built.outside), snapshot(built.out)
    path = built.root / where
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = build_in_subprocess(built, *ONE_DOCX, "--force")  # the build's keys skip what they cannot read
    # A role file is refused alone (the role asked for is built); a template or the project file stops the build.
    assert result.returncode == (0 if where.startswith("roles/") else 2), result.stderr
    assert f"{where}:" in result.stderr and "a named pipe (FIFO), not a regular file" in result.stderr
    assert_held(built, before, output)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_role_linked_to_an_endless_device_is_refused_at_once(built, device):
    before, output = snapshot(built.outside), snapshot(built.out)
    (built.root / "roles" / "endless.yaml").symlink_to(device)
    result = build_in_subprocess(built, *ONE_DOCX)
    assert result.returncode == 0, result.stderr  # refused alone: the role asked for is built
    assert f"roles/endless.yaml: a link to {device}, outside the project's folders" in result.stderr
    assert_held(built, before, output)


def test_a_folder_named_like_a_role_and_a_huge_sparse_role_are_refused(built):
    (built.root / "roles" / "folder.yaml").mkdir()
    with open(built.root / "roles" / "huge.yaml", "wb") as huge:
        huge.truncate(4 * 1024 ** 3)  # 4 GiB that take no disk: reading them would exhaust the memory
    result = run("validate", "-C", str(built.root))
    assert result.exit_code == 2
    assert "roles/folder.yaml: a folder, not a regular file" in result.output
    assert "roles/huge.yaml:1: the file is over the 512 KiB limit" in result.output


def test_a_logo_and_an_image_linked_outside_are_refused(built):
    import base64

    output = snapshot(built.out)
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
    (built.outside / "logo.png").write_bytes(png + MARKER.encode())
    before = snapshot(built.outside)
    (built.root / "logo.png").symlink_to(built.outside / "logo.png")
    config = built.root / "jobdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("company: {", "company: {logo: logo.png, "),
                      encoding="utf-8")
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 2
    assert f"jobdocs.yaml:1: company.logo: 'logo.png': a link to {(built.outside / 'logo.png').resolve()}" \
           in result.output
    assert_held(built, before, output)
    config.write_text(config.read_text(encoding="utf-8").replace("logo: logo.png, ", ""), encoding="utf-8")
    (built.root / "templates").mkdir()
    (built.root / "templates" / "job-ad.html").write_text(
        "<html lang=\"en\"><head><title>t</title></head><body><p>Logo</p><img alt=\"\" src=\"logo.png\">"
        f"<img alt=\"\" src=\"file://{built.secret}\"></body></html>\n", encoding="utf-8")
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 0, result.output
    assert "refused file://" in result.output and "outside the project's folders" in result.output
    assert_held(built, before)


# The output folder and its lock -----------------------------------------------------------------------------

def test_a_linked_output_folder_is_refused_and_nothing_is_written_or_pruned_through_it(scene):
    before = snapshot(scene.outside)
    scene.out.symlink_to(scene.outside / "keep")
    for args in (ONE_DOCX, ("--prune", *ONE_DOCX)):
        result = scene.build(*args)
        assert result.exit_code == 2
        assert f"output: a link to {(scene.outside / 'keep').resolve()}; the project's output folder must be a real " \
               "folder" in result.output
    assert_held(scene, before)


def test_an_out_option_through_a_link_writes_into_the_real_folder_and_says_so(scene, tmp_path):
    (tmp_path / "real-out").mkdir()
    (tmp_path / "out-link").symlink_to(tmp_path / "real-out")
    result = run("build", "-C", str(scene.root), "--out", str(tmp_path / "out-link"), *ONE_DOCX)
    assert result.exit_code == 0, result.output
    assert f"into {(tmp_path / 'real-out').resolve()}" in result.output
    assert (tmp_path / "real-out" / "assistant" / "job-ad.en.docx").is_file()


def test_links_inside_the_output_folder_are_neither_written_through_nor_pruned_through(built):
    before = snapshot(built.outside)
    (built.out / "ghost").symlink_to(built.outside / "keep")  # an orphan "role" folder that leads outside
    document = built.out / "assistant" / "job-ad.en.docx"
    document.unlink()
    (built.out / "assistant").rmdir()
    (built.out / "assistant").symlink_to(built.outside / "keep")
    result = built.build(*ONE_DOCX, "--force", "--prune")
    assert result.exit_code == 2
    assert "refusing to write 'assistant/job-ad.en.docx' outside the output folder" in result.output
    assert_held(built, before)


def test_a_lock_file_linked_elsewhere_is_never_written_or_truncated(built):
    before, output = snapshot(built.outside), snapshot(built.out)
    lock = built.out / ".jobdocs.lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(built.secret)
    result = built.build(*ONE_DOCX, "--force")
    assert result.exit_code == 1
    assert f"{lock} is a link; the lock file must be a file of its own, never followed" in result.output
    assert built.secret.read_text(encoding="utf-8") == MARKER + "\n"
    assert_held(built, before, output)


def dead_process() -> ProcessId:
    import subprocess

    from jobdocs.batch.lifeline import ProcessId

    process = subprocess.Popen(["sleep", "30"])
    identity = ProcessId.of(process.pid)
    process.kill()
    process.wait()
    return identity


@pytest.mark.parametrize("stranger_as", ["worker", "build"])
def test_a_lock_file_naming_a_live_stranger_never_gets_it_killed(built, stranger_as):
    import subprocess

    from jobdocs.batch.lifeline import ProcessId
    from jobdocs.batch.output import Holder

    stranger = subprocess.Popen(["sleep", "60"])
    try:
        identity = ProcessId.of(stranger.pid)
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        build = dead_process() if stranger_as == "worker" else identity
        holder = Holder(build, boot, workers=(identity,) if stranger_as == "worker" else (dead_process(),))
        (built.out / ".jobdocs.lock").write_text(holder.to_text(), encoding="utf-8")
        result = built.build(*ONE_DOCX, "--force")
        assert result.exit_code == 0, result.output
        assert stranger.poll() is None, "jobdocs killed a process it did not start"
    finally:
        stranger.kill()
        stranger.wait()


# What a DOCX cannot hold fails that document; it is never written cut short --------------------------------

@pytest.mark.parametrize("content, message", [
    ('<p>{{ "A" * 10000001 }}</p><p>end</p>', "a text of 10.0 MB in <p>: a DOCX holds at most 10 MB"),
    ('<img alt="" src="data:image/png;base64,{{ "A" * 12000000 }}">', "a data: URL of 12.0 MB in <img>"),
    ("<p>{{ '\\x0b' }}</p>", "the document holds the character U+000B, which a DOCX cannot carry"),
])
def test_a_docx_that_cannot_hold_its_text_fails_with_a_message_and_keeps_the_earlier_file(built, content, message):
    output = snapshot(built.out)
    (built.root / "templates").mkdir()
    (built.root / "templates" / "job-ad.html").write_text(
        f'<html lang="en"><head><title>t</title></head><body><p>start</p>{content}</body></html>\n', encoding="utf-8")
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 1
    assert f"error: assistant/job-ad.en.docx: TooMuchForDocx: {message}" in result.output
    assert_held(built, snapshot(built.outside), output)


# serve: traversal, Host, and connections that hold on ------------------------------------------------------

@pytest.fixture
def preview(scene):
    from jobdocs.preview.server import PreviewServer

    server = PreviewServer(scene.root, 0, host="0.0.0.0", roles=["assistant"], kinds=["job-ad"], languages=["en"])
    with server:
        yield server


def request(server, path: str, host: str | None = None) -> tuple[int, bytes]:
    import http.client

    port = int(server.url.rstrip("/").rpartition(":")[2])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    connection.endheaders()
    response = connection.getresponse()
    status, body = response.status, response.read()
    connection.close()
    return status, body


@pytest.mark.parametrize("path", ["/files/../../outside/secret.txt", "/files/..%2f..%2f..%2foutside%2fsecret.txt",
                                  "/files/%2e%2e/%2e%2e/outside/secret.txt", "/../../outside/secret.txt",
                                  "/files//etc/passwd", "/doc/../../../outside/secret.txt"])
def test_serve_gives_no_file_outside_its_documents(scene, preview, path):
    status, body = request(preview, path)
    assert status == 404 and MARKER.encode() not in body


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:80", "localhost.attacker.example", ""])
def test_serve_checks_the_host_whatever_address_it_listens_on(preview, host):
    status, body = request(preview, "/state", host=host)
    assert status == 403 and b"answers only to its own address" in body
    assert request(preview, "/state", host="localhost:8000")[0] == 200
    assert request(preview, "/state", host="[::1]:8000")[0] == 200


def test_serve_drops_idle_connections_and_bounds_how_many_it_holds(preview, monkeypatch):
    import socket
    import threading

    from jobdocs.preview import web

    monkeypatch.setattr(web.PreviewHandler, "timeout", 1.0)
    port = int(preview.url.rstrip("/").rpartition(":")[2])
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(web.MAX_CONNECTIONS + 20)]
    try:
        for connection in idle:
            connection.settimeout(30)
            connection.sendall(b"GET / HTTP/1.1\r\n")  # and never the rest: slowloris
        time.sleep(0.3)
        handlers = [t for t in threading.enumerate() if "process_request_thread" in t.name]
        assert len(handlers) <= web.MAX_CONNECTIONS
        assert all(connection.recv(1) == b"" for connection in idle), "every idle connection is closed"
    finally:
        for connection in idle:
            connection.close()
    assert request(preview, "/state")[0] == 200


# Manifests: only paths the plan can produce ----------------------------------------------------------------

def manifest_with(entry: str) -> str:
    import json

    return json.dumps({"format": 1, "outputs": {entry: {"key": "k", "sha256": "0" * 64, "size": 1}}})


@pytest.mark.parametrize("entry", ["../evil/job-ad.en.pdf", "/etc/passwd", "..\\evil\\job-ad.en.pdf",
                                   "assistant/../../job-ad.en.pdf"])
def test_merge_manifests_refuses_an_entry_outside_the_output_and_writes_nothing(tmp_path, entry):
    (tmp_path / "shard.json").write_text(manifest_with(entry), encoding="utf-8")
    result = run("merge-manifests", str(tmp_path / "shard.json"), "-o", str(tmp_path / "merged.json"))
    assert result.exit_code == 2
    assert f"shard.json: outputs[{entry!r}]: refused:" in result.output
    assert not (tmp_path / "merged.json").exists()


@pytest.mark.parametrize("entry", ["../evil/job-ad.en.pdf", "/etc/passwd/job-ad.en.pdf"])
def test_a_hostile_manifest_in_the_output_folder_never_gets_the_project_pruned(built, entry):
    before, output = snapshot(built.outside), snapshot(built.out)
    project = {name: data for name, data in snapshot(built.root).items() if not name.startswith("output")}
    (built.out / "manifest.json").write_text(manifest_with(entry), encoding="utf-8")
    result = built.build(*ONE_DOCX, "--prune")
    assert result.exit_code == 2 and "manifest.json: outputs[" in result.output and "refused" in result.output
    assert {name: data for name, data in snapshot(built.root).items() if not name.startswith("output")} == project
    assert_held(built, before, {name: data for name, data in output.items() if name != "manifest.json"})


def test_prune_never_follows_a_link_out_of_the_output_folder(built):
    import json

    before = snapshot(built.outside)
    (built.out / "ghost").symlink_to(built.outside / "keep")
    manifest = json.loads((built.out / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["ghost/job-ad.en.docx"] = {"key": "k", "sha256": "0" * 64, "size": 1}
    (built.out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = built.build(*ONE_DOCX, "--prune")
    assert result.exit_code == 0, result.output
    assert_held(built, before)


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_manifest_that_is_a_fifo_or_an_endless_device_does_not_hang_the_build(built, kind):
    manifest = built.out / "manifest.json"
    manifest.unlink()
    os.mkfifo(manifest) if kind == "fifo" else manifest.symlink_to(kind)
    result = build_in_subprocess(built, *ONE_DOCX)
    assert result.returncode == 0, result.stderr
    assert manifest.is_file() and not manifest.is_symlink()  # replaced by a manifest of its own


# What already held: the sandbox, fetches, XXE, bombs and injection -----------------------------------------

@pytest.mark.parametrize("expression, message", [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed in a template"),
    ("{{ cycler.__init__.__globals__.os.popen('touch ../outside/pwned').read() }}", "not allowed in a template"),
    ("{{ self._TemplateReference__context }}", "not allowed in a template"),
    ("{% include '../../outside/secret.txt' %}", "no template named '../../outside/secret.txt'"),
    ("{% include SECRET %}", ""),
])
def test_the_template_sandbox_holds(built, expression, message):
    before, output = snapshot(built.outside), snapshot(built.out)
    (built.root / "templates").mkdir()
    (built.root / "templates" / "job-ad.html").write_text(
        "<html lang=\"en\"><head><title>t</title></head><body><p>"
        + expression.replace("SECRET", repr(str(built.secret))) + "</p></body></html>\n", encoding="utf-8")
    result = built.build(*ONE_DOCX)
    assert result.exit_code == 2 and "templates/job-ad.html" in result.output and message in result.output
    assert_held(built, before, output)


def tiny_png() -> bytes:
    import base64

    return base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb to any decoder."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_no_asset_is_fetched_from_outside_the_network_or_an_entity_and_no_bomb_is_decoded(built):
    import http.server
    import threading

    hits = []

    class Counting(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(MARKER.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_address[1]}"
    before = snapshot(built.outside)
    (built.root / "xxe.svg").write_text(
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{built.secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="20">&xxe;</text></svg>',
        encoding="utf-8")
    (built.root / "bomb.png").write_bytes(png_claiming(100_000, 100_000))
    (built.root / "templates").mkdir()
    (built.root / "templates" / "job-ad.html").write_text(
        f'<html lang="en"><head><title>t</title><link rel="stylesheet" href="{local}/style.css">'
        f'<style>@import url("{local}/import.css"); body {{ background: url("file://{built.secret}") }}</style>'
        f'</head><body><p>Assets</p><img alt="" src="file://{built.secret}"><img alt="" src="{local}/img.png">'
        '<img alt="" src="http://169.254.169.254/latest/meta-data/"><img alt="" src="xxe.svg">'
        '<img alt="" src="bomb.png"><iframe src="file:///etc/passwd"></iframe></body></html>\n', encoding="utf-8")
    try:
        result = built.build("--role", "assistant", "--kind", "job-ad", "--lang", "en", "--format", "docx",
                             "--format", "pdf", "--force")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert hits == [], "a network fetch reached the local server"
    assert "refused file://" in result.output and "refused http://127.0.0.1" in result.output
    assert "a decompression bomb" in result.output
    assert_held(built, before)


def test_a_yaml_bomb_is_refused_before_it_expands(built):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    (built.root / "roles" / "bomb.yaml").write_text(bomb, encoding="utf-8")
    result = run("validate", "-C", str(built.root))
    assert result.exit_code == 2 and "roles/bomb.yaml:" in result.output and "expands to more than" in result.output


def test_role_text_cannot_inject_html_script_json_ld_or_docx_xml(built):
    import docx

    hostile = ('</script><script>alert(1)</script> <a href="javascript:alert(1)">x</a> '
               '</w:t></w:r><w:r><w:t>INJECTED')
    role = PARENT_ROLE.replace("en: You keep the store's daily numbers.}", f"en: '{hostile}'}}")
    (built.root / "roles" / "assistant.yaml").write_text(role, encoding="utf-8")
    result = built.build("--role", "assistant", "--kind", "job-ad", "--lang", "en", "--format", "docx",
                         "--format", "html")
    assert result.exit_code == 0, result.output
    page = next(built.out.glob("assistant/job-ad.en.html")).read_text(encoding="utf-8")
    assert page.count("<script") == page.count("</script>"), "a role's text closed a script element"
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page
    text = "\n".join(p.text for p in docx.Document(str(built.out / "assistant" / "job-ad.en.docx")).paragraphs)
    assert "</w:t></w:r><w:r><w:t>INJECTED" in text  # shown as the words it is, not taken for Word's XML


def test_a_javascript_site_url_is_refused(built):
    config = built.root / "jobdocs.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "site: {url: 'javascript:alert(1)'}\n", encoding="utf-8")
    result = run("validate", "-C", str(built.root))
    assert result.exit_code == 2 and "jobdocs.yaml:" in result.output and "site.url" in result.output


@pytest.mark.parametrize("role_id", ["../../evil", "/tmp/evil", "..", "evil/../../x"])
def test_a_role_id_that_is_a_path_is_refused(built, role_id, tmp_path):
    (built.root / "roles" / "evil.yaml").write_text(PARENT_ROLE + f"id: {role_id!r}\n", encoding="utf-8")
    output = str(built.out.relative_to(tmp_path))

    def outside_the_output() -> dict[str, bytes | str]:  # the others are built: the output folder changes
        return {name: entry for name, entry in snapshot(tmp_path).items() if not name.startswith(output)}

    before = outside_the_output()
    result = built.build(*ONE_DOCX[2:])
    assert result.exit_code == 1 and "roles/evil.yaml:" in result.output and "id" in result.output  # others built
    assert outside_the_output() == before
    assert not [name for name in snapshot(built.out) if "evil" in name]


def test_a_link_that_leads_back_to_itself_is_an_error_naming_it(scene):
    (scene.root / "roles" / "loop.yaml").symlink_to("loop.yaml")
    (scene.root / "templates").mkdir()
    (scene.root / "templates" / "job-ad.html").symlink_to("job-ad.html")
    result = run("validate", "-C", str(scene.root))
    assert result.exit_code == 2 and "internal error" not in result.output
    assert "roles/loop.yaml: " in result.output
    (scene.root / "roles" / "loop.yaml").unlink()
    result = scene.build(*ONE_DOCX)
    assert result.exit_code == 2 and "templates/job-ad.html: template: " in result.output


def test_a_title_with_a_bidi_override_is_listed_escaped(scene):
    role = PARENT_ROLE.replace("zh: 运营助理, en: Operations Assistant", 'zh: "助理 \\u202Efdp.exe", en: Assistant')
    (scene.root / "roles" / "assistant.yaml").write_text(role, encoding="utf-8")
    result = run("list", "-C", str(scene.root))
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.output and "助理 \\u202efdp.exe" in result.output
