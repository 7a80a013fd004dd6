"""Which files and URLs a document may pull in: only the project's own assets."""
from __future__ import annotations

import base64
import io
import mimetypes
import os
import stat
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable

MAX_DATA_URL_BYTES = 2 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024
#: What each kind of file that is not a regular one is called in a message; reading one would hang or never end.
NOT_FILES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class RefusedResource(ValueError):
    """A URL or file outside the project's assets; the document is written without it."""


class FileTooLarge(RefusedResource):
    """A project file longer than its limit: only the limit and one byte more were read."""

    def __init__(self, limit: int):
        super().__init__(f"larger than {limit} bytes")
        self.limit = limit


def read_project_file(path: Path, roots: Iterable[Path], max_bytes: int) -> bytes:
    """The bytes of ``path``, the one way jobdocs reads a project's files (roles, templates, labels, assets).

    The path is resolved first, so a link is followed only to a file inside ``roots`` (the project and
    the packaged defaults); only a regular file is opened, non-blocking so that a FIFO swapped in
    meanwhile cannot hang the build; and the read stops one byte past ``max_bytes`` whatever the file
    claims its size is (``/dev/zero`` says 0). Raises :class:`RefusedResource` saying why, ``OSError``
    when the file cannot be read.
    """
    real = resolve_inside(path, roots)
    descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as stream:
        _refuse_unless_regular(os.fstat(stream.fileno()).st_mode)  # it may have been swapped since the check
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(max_bytes)
    return data


def resolve_inside(path: Path, roots: Iterable[Path]) -> Path:
    """``path`` resolved, when it is a regular file inside one of ``roots``; else :class:`RefusedResource`."""
    try:
        real = path.resolve()
    except RuntimeError:  # Python before 3.13 says so for a link that leads back to itself
        raise RefusedResource("a link that leads back to itself") from None
    if not any(real.is_relative_to(root.resolve()) for root in roots):
        linked = os.path.normpath(path.absolute()) != str(real)
        raise RefusedResource(f"a link to {real}, outside the project's folders" if linked
                              else "outside the project's folders")
    _refuse_unless_regular(os.stat(real).st_mode)
    return real


def _refuse_unless_regular(mode: int) -> None:
    for test, name in NOT_FILES:
        if test(mode):
            raise RefusedResource(f"{name}, not a regular file")


@dataclass
class AssetPolicy:
    """Serves ``file:`` URLs under ``roots`` and small ``data:`` URLs; refuses everything else."""

    roots: tuple[Path, ...]
    refused: list[str] = field(default_factory=list)

    def read(self, url: str) -> tuple[bytes, str]:
        """The bytes and media type behind ``url``; raise :class:`RefusedResource` otherwise."""
        try:
            data, media_type = self._read(url)
            _refuse_bombs(data, media_type)
            return data, media_type
        except RefusedResource as error:
            self.refused.append(f"{url[:120]} ({error})")
            raise

    def _read(self, url: str) -> tuple[bytes, str]:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme == "data":
            return _read_data_url(url)
        if scheme != "file":
            raise RefusedResource("only files inside the project are read; network and other URLs are refused")
        from urllib.request import url2pathname  # 40 ms to import: only a file: URL pays for it

        path = Path(url2pathname(urllib.parse.urlsplit(url).path))
        try:
            data = read_project_file(path, self.roots, MAX_FILE_BYTES)
        except FileNotFoundError:
            raise RefusedResource("no such file") from None
        return data, mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _read_data_url(url: str) -> tuple[bytes, str]:
    header, _, payload = url.partition(",")
    # base64 takes 4 characters for 3 bytes; refuse before decoding a huge payload.
    if len(payload) * 3 // 4 > MAX_DATA_URL_BYTES:
        raise RefusedResource(f"data: URL larger than {MAX_DATA_URL_BYTES} bytes")
    media_type = header[5:].split(";")[0] or "text/plain"
    try:
        data = base64.b64decode(payload) if header.endswith(";base64") else urllib.parse.unquote_to_bytes(payload)
    except ValueError:
        raise RefusedResource("malformed data: URL") from None
    return data, media_type


def _refuse_bombs(data: bytes, media_type: str) -> None:
    """Refuse an image whose pixels would fill the memory, by Pillow's decompression-bomb limit.

    WeasyPrint would drop it with only a log line, and a DOCX would carry it to every reader.
    Pillow reads only the image's header here.
    """
    if not media_type.startswith("image/") or media_type == "image/svg+xml":
        return
    from PIL import Image

    try:
        Image.open(io.BytesIO(data)).close()
    except Image.DecompressionBombError as error:
        raise RefusedResource(f"a decompression bomb: {error}") from None
    except Exception:  # not an image Pillow knows: the writers report it as they do today
        pass
