"""``jobdocs serve``: a live preview that rebuilds what a save changed and shows it in the open page.

The pieces are in :mod:`jobdocs.preview`: ``state`` (what the pages show), ``rebuild`` (watch and
build), ``web`` (HTTP and the event stream) and ``pages`` (the preview's own HTML).
"""
from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from pathlib import Path
from collections.abc import Iterable

from .rebuild import Rebuilder
from ..model.project import load_project
from .state import PreviewState
from .web import PreviewHTTPServer

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8000


class PreviewServer:
    """Serve a project's documents on ``host:port`` and rebuild them as its files are saved.

    ``port=0`` takes any free port (see :attr:`url`). The documents are built into ``out_dir``, by
    default a temporary folder removed by :meth:`stop`, never the project's own ``output/``.
    """

    def __init__(self, project_dir: Path | str = ".", port: int = DEFAULT_PORT, *, host: str = "127.0.0.1",
                 out_dir: Path | str | None = None, roles: Iterable[str] = (), kinds: Iterable[str] = (),
                 languages: Iterable[str] = (), jobs: int | None = None):
        self.project_dir = Path(project_dir)
        self.address = (host, port)
        self._own_out_dir = out_dir is None
        self.out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="jobdocs-preview-"))
        self.state = PreviewState()
        self.rebuilder = Rebuilder(self.project_dir, self.out_dir, self.state, roles=tuple(roles),
                                   kinds=tuple(kinds), languages=tuple(languages), jobs=jobs)
        self._http: PreviewHTTPServer | None = None
        self._http_thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2] if self._http else self.address
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/"

    def start(self) -> PreviewServer:
        """Listen, and build in the background: the index answers at once, documents as they are ready.

        Raises ``OSError`` when the port is taken, :class:`~jobdocs.errors.InputError` when there is no such folder.
        """
        if not self.project_dir.is_dir():
            self._remove_out_dir()
            load_project(self.project_dir)  # raises the error that names the folder; anything else shows in the page
        try:
            self._http = PreviewHTTPServer(self.address, self.state, self.out_dir)
        except OSError:
            self._remove_out_dir()
            raise
        self.rebuilder.start()  # lists the documents before the first page is answered
        self._http_thread = threading.Thread(target=self._http.serve_forever, name="jobdocs-preview-http",
                                             kwargs={"poll_interval": 0.2}, daemon=True)
        self._http_thread.start()
        return self

    def stop(self) -> None:
        """Close every page's stream, stop watching and building, and remove the temporary output."""
        self.state.close()
        self.rebuilder.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        self._remove_out_dir()

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _remove_out_dir(self) -> None:
        if self._own_out_dir:
            shutil.rmtree(self.out_dir, ignore_errors=True)
