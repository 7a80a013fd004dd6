"""The preview's HTTP side: the index, one page per document, the built files and a stream of changes.

The standard library's ThreadingHTTPServer is enough here, and it is what we chose: one user on
127.0.0.1, a thread per open page for its event stream, and a shutdown we control. An ASGI server
(uvicorn) would bring two dependencies and waits for open event streams at shutdown, which is what
a preview always has.
"""
from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..batch.output import output_path
from .pages import ASSETS, document_page, index_page
from .state import Document, PreviewState

logger = logging.getLogger(__name__)

MEDIA_TYPES = {"pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
#: An open page hears from the server at least this often, so a closed page's thread ends soon.
KEEP_ALIVE_SECONDS = 10.0
LOOPBACK_NAMES = ("localhost",)
#: Connections served at once (each open page holds one for its event stream); more are closed at once.
MAX_CONNECTIONS = 32
#: A client that sends nothing for this long is dropped, so idle connections (slowloris) cannot pile up.
READ_TIMEOUT_SECONDS = 10.0


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive

    def __init__(self, address: tuple[str, int], state: PreviewState, out_dir: Path):
        self.state = state
        self.out_dir = out_dir
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        #: The names a request's Host may give besides an IP address: a DNS name of an attacker's is not one.
        self.host_names = {name for name in (*LOOPBACK_NAMES, address[0].lower(), socket.gethostname().lower()) if name}
        super().__init__(address, PreviewHandler)

    def process_request(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        """Serve the connection in a thread of its own, unless ``MAX_CONNECTIONS`` are open: then close it."""
        if not self.slots.acquire(blocking=False):
            logger.warning("refused a connection from %s: %d are open", client_address, MAX_CONNECTIONS)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: socket.socket | tuple[bytes, socket.socket],
                               client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        logger.exception("a request from %s failed", client_address)  # a bug of jobdocs; the server goes on


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    server_version = "jobdocs-preview"
    timeout = READ_TIMEOUT_SECONDS  # on every read of the socket: a request line, a header

    def do_GET(self) -> None:
        if not self._from_this_machine():
            return self._send_text(HTTPStatus.FORBIDDEN, "this preview answers only to its own address, "
                                                         "an IP address or localhost")
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        state = self.server.state
        if path == "/":
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", index_page(state.snapshot()))
        if path == "/state":
            return self._send(HTTPStatus.OK, "application/json", json.dumps(state.snapshot()).encode())
        if path == "/events":
            return self._stream_events(urllib.parse.parse_qs(url.query).get("doc", [""])[0])
        if path.startswith("/doc/"):
            snapshot = state.snapshot()
            if path[5:] in snapshot["documents"]:
                return self._send(HTTPStatus.OK, "text/html; charset=utf-8", document_page(snapshot, path[5:]))
        if path.startswith("/files/"):
            return self._send_output(path[7:])
        if path in ASSETS:
            media_type, data = ASSETS[path]
            return self._send(HTTPStatus.OK, media_type, data)
        self._send_text(HTTPStatus.NOT_FOUND, "not found")

    def _send_output(self, relative_path: str) -> None:
        """A built PDF or DOCX; only a listed document's, only from inside the preview's output folder."""
        out_dir = self.server.out_dir
        fmt = relative_path.rpartition(".")[2]
        if not self.server.state.is_served(relative_path):
            return self._send_text(HTTPStatus.NOT_FOUND, "not found")
        try:
            path = output_path(out_dir, *relative_path.split("/"))
        except InputError:
            return self._send_text(HTTPStatus.NOT_FOUND, "not found")
        if not path.is_file() or not path.resolve().is_relative_to(out_dir.resolve()):
            return self._send_text(HTTPStatus.NOT_FOUND, "not built yet")
        name = relative_path.replace("/", "-")
        disposition = "attachment" if fmt == "docx" else "inline"
        self._send(HTTPStatus.OK, MEDIA_TYPES[fmt], path.read_bytes(),
                   {"Content-Disposition": f'{disposition}; filename="{name}"'})

    def _stream_events(self, document_id: str) -> None:
        """Server-Sent Events: the state as JSON each time it changes, until the page closes."""
        state = self.server.state
        document = Document.parse(document_id)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state.view(document, +1)
        seen = -1
        try:
            while not state.closed:
                generation = state.wait_for_change(seen, KEEP_ALIVE_SECONDS)
                if generation == seen:
                    self.wfile.write(b": still here\n\n")  # finds a closed page: the write fails
                else:
                    seen = generation
                    self.wfile.write(f"data: {json.dumps(state.snapshot())}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            state.view(document, -1)

    def _from_this_machine(self) -> bool:
        """Refuse a page of another site that reaches us by DNS rebinding: its Host is not ours.

        Whatever address the server listens on: a page of attacker.example whose name now points at
        this machine still sends ``Host: attacker.example``. An IP address cannot be rebound.
        """
        name = _host_name(self.headers.get("Host") or "")
        if name in self.server.host_names:
            return True
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True

    def _send_text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (text + "\n").encode())

    def _send(self, status: HTTPStatus, media_type: str, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s " + format, self.address_string(), *args)


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8000`` -> ``[::1]``, ``Example.com:80`` -> ``example.com``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]
