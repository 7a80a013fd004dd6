"""A jobdocs project: a folder with ``jobdocs.yaml``, ``roles/`` and optionally ``templates/``."""
from __future__ import annotations

import base64
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .assets import AssetPolicy, RefusedResource
from .inputs import PROJECT_FILE as PROJECT_FILE  # where a project file is looked for; defined with the inputs
from ..errors import InputError, Problem
from .models import LANGUAGE_PATTERN, ProjectConfig, Role
from .provenance import Origin, trace
from .roles import Links, never_stop, read_roles
from .schema import Parser, Where
from .yamlsource import SourceDict, SourceList, load_yaml

#: Image formats both the PDF and the DOCX can carry.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
#: A logo prints a few millimetres high; above this many pixels it is scaled down once per build,
#: so that each document does not embed (and each worker decode) a full-size photo.
MAX_LOGO_PIXELS = 4_000_000
LOGO_SIDE = 1600  # the longer side of a scaled-down logo: sharp at 8 mm and far above
MAX_LOGO_BYTES = 1024 * 1024  # well under the asset policy's limit on data: URLs


@dataclass(frozen=True)
class Logo:
    """``company.logo`` as checked at load time: the file as the asset policy read it."""

    path: str
    data: bytes
    image_format: str
    size: tuple[int, int]


@dataclass
class Project:
    root: Path
    config: ProjectConfig
    #: The roles by id, inheritance resolved; each value knows where it was written (``role.origin(field)``).
    roles: dict[str, Role]
    logo: Logo | None = field(default=None, repr=False)
    #: With ``load_project(..., keep_going=True)``: the problems of the roles left out of ``roles``.
    problems: list[Problem] = field(default_factory=list, repr=False)
    #: With ``keep_going=True``: the ids of the roles left out, with problems or extending one that has some.
    broken: set[str] = field(default_factory=set, repr=False)
    #: With ``keep_going=True``: each broken role's ``extends`` and ``reports_to``, where its file can be read.
    broken_links: dict[str, Links] = field(default_factory=dict, repr=False)

    @property
    def languages(self) -> list[str]:
        return self.config.languages

    @property
    def config_file(self) -> Path:
        return self.root / PROJECT_FILE

    @functools.cached_property
    def logo_url(self) -> str:
        """The logo as a ``data:`` URL, scaled down when large: made once, used by every document."""
        if self.logo is None:
            return ""
        data, image_format = _scaled_logo(self.logo)
        return f"data:{LOGO_FORMATS[image_format]};base64,{base64.b64encode(data).decode('ascii')}"


def load_project(root: Path | str = ".", *, keep_going: bool = False,
                 stop: Callable[[], None] = never_stop) -> Project:
    """Load and validate the project file and every role; raise :class:`InputError` listing all problems.

    With ``keep_going`` (a nightly build that should publish what it can), a role with problems, or
    whose ancestor has some, is left out instead: ``project.roles`` holds the others, ``project.problems``
    every problem and ``project.broken`` the ids left out. A bad ``jobdocs.yaml`` still raises.
    ``stop()``, called between role files and between roles, raises to end the loading early.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(Problem(str(root), 0, "", "no such folder; pass the project folder as the project_dir argument"))
    config = read_config(root)
    logo = read_logo(root, config)
    loaded = read_roles(root / "roles", "roles", config.languages, stop)
    if loaded.problems and not keep_going:
        raise InputError(loaded.problems)
    return Project(root=root, config=config, roles=loaded.roles, logo=logo, problems=loaded.problems,
                   broken=loaded.broken, broken_links=loaded.broken_links)


def read_config(root: Path) -> ProjectConfig:
    """``jobdocs.yaml``, or the defaults when the project has none."""
    path = root / PROJECT_FILE
    raw = load_yaml(path, PROJECT_FILE, empty_ok=True) if path.exists() else None
    if raw is None:
        config = ProjectConfig()  # every setting is optional
        config.origins = {"": Origin(PROJECT_FILE, 0, "", "")}  # where a setting would be written
        return config
    if not isinstance(raw, SourceDict):
        raise InputError(Problem(PROJECT_FILE, 1, "", "must be a mapping of settings (company: ..., languages: ...)"))
    parser = Parser(_languages(raw))
    config = parser.parse_model(ProjectConfig, raw, Where(PROJECT_FILE, 1, ()))
    if not isinstance(config, ProjectConfig):
        raise InputError(parser.problems)
    config.origins = trace(raw, lambda file: "")
    return config


def read_logo(root: Path, config: ProjectConfig) -> Logo | None:
    """Check ``company.logo``: an image file inside the project; raise :class:`InputError` naming its line."""
    path = config.company.logo
    if path is None:
        return None
    where = config.origin("company.logo")
    try:
        data, _ = AssetPolicy(roots=(root,)).read((root / path).absolute().as_uri())
    except RefusedResource as error:
        raise InputError(where.problem(f"{path!r}: {error}; give a PNG, JPEG or GIF file's path relative to "
                                       "the project folder")) from None
    except OSError as error:
        raise InputError(where.problem(f"{path!r} cannot be read: {error.strerror or error}")) from None
    from PIL import Image, UnidentifiedImageError  # only a project with a logo pays for Pillow here

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only: the pixels wait for the build
            image_format, size = image.format, image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        reason = "is far too large an image" if isinstance(error, Image.DecompressionBombError) else "is not an image"
        raise InputError(where.problem(f"{path!r} {reason}; give a PNG, JPEG or GIF file")) from None
    if image_format not in LOGO_FORMATS:
        raise InputError(where.problem(f"{path!r} is a {image_format} image; give a PNG, JPEG or GIF file, "
                                       "which both the PDF and the DOCX can carry"))
    return Logo(path, data, image_format, size)


def _scaled_logo(logo: Logo) -> tuple[bytes, str]:
    """The logo's bytes, scaled down to ``LOGO_SIDE`` when above ``MAX_LOGO_PIXELS``; the same bytes every run."""
    width, height = logo.size
    if width * height <= MAX_LOGO_PIXELS and len(logo.data) <= MAX_LOGO_BYTES:
        return logo.data, logo.image_format
    from PIL import Image

    with Image.open(io.BytesIO(logo.data)) as image:
        image.thumbnail((LOGO_SIDE, LOGO_SIDE), Image.Resampling.LANCZOS)  # keeps the aspect ratio
        buffer = io.BytesIO()
        if logo.image_format == "JPEG":  # a photo stays a JPEG; a drawn logo stays lossless
            image.convert("RGB").save(buffer, format="JPEG", quality=90)
            return buffer.getvalue(), "JPEG"
        image.save(buffer, format="PNG")
        return buffer.getvalue(), "PNG"


def _languages(raw: SourceDict) -> list[str]:
    """The languages, read first because every text field is checked against them."""
    languages = raw.get("languages", ProjectConfig().languages)
    if not isinstance(languages, SourceList) or not languages:
        return ProjectConfig().languages  # parse_model reports the wrong shape
    bad = [Where.of_key(languages, i).problem(f"must be a language code like zh or en, got {code!r}")
           for i, code in enumerate(languages) if not isinstance(code, str) or not _is_language(code)]
    if bad:
        raise InputError(bad)
    return list(languages)


def _is_language(code: str) -> bool:
    return re.fullmatch(LANGUAGE_PATTERN, code) is not None
