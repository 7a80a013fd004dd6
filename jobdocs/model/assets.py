"""Which files and URLs a document may pull in: only the project's own assets."""
from __future__ import annotations

import base64
import io
import mimetypes
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

MAX_DATA_URL_BYTES = 2 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024


class RefusedResource(ValueError):
    """A URL outside the project's assets; the document is written without it."""


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
        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root.resolve()) for root in self.roots):
            raise RefusedResource("outside the project's folders")
        if not path.is_file():
            raise RefusedResource("no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RefusedResource(f"larger than {MAX_FILE_BYTES} bytes")
        return path.read_bytes(), mimetypes.guess_type(path.name)[0] or "application/octet-stream"


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
