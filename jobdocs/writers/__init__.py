"""The output formats: each is one :class:`Writer`, listed in one registry that planning, the workers and the CLI read.

A writer's module is imported only when a document of its format is written, so listing the formats
(``jobdocs build --help``, planning a no-op build) loads neither WeasyPrint nor python-docx.

A plugin adds a format through the entry-point group ``jobdocs.writers``: each entry point names a
:class:`Writer` (keep the module it lives in light; ``function`` points at the heavy one)::

    # the plugin's pyproject.toml
    [project.entry-points."jobdocs.writers"]
    md = "jobdocs_markdown:WRITER"

    # jobdocs_markdown/__init__.py
    WRITER = Writer(name="md", extension="md", cost=0.05, function="jobdocs_markdown.write:write",
                    default=False)

The plugins are loaded only when a format jobdocs does not ship is asked for, never when jobdocs is
imported; their formats are built on request only.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..batch.workers import WriteSettings
    from ..html.render import RenderedHtml
    from ..model.assets import AssetPolicy

#: The entry-point group through which a package adds writers.
ENTRY_POINT_GROUP = "jobdocs.writers"
#: A writer's file extension: what output paths (and a manifest's entries) may end with.
EXTENSION_PATTERN = "[a-z][a-z0-9]*"


class WriteFunction(Protocol):
    def __call__(self, rendered: RenderedHtml, settings: WriteSettings, policy: AssetPolicy) -> bytes: ...


@dataclass(frozen=True)
class Writer:
    """One output format: its name, file extension, expected cost, and the function that writes its bytes."""

    name: str
    extension: str
    #: Expected time to write one document, relative to a PDF's (1.0), measured with bench/run.py;
    #: planning puts the costliest first and balances shards with it.
    cost: float
    #: ``"module:function"``: ``function(rendered, settings, policy) -> bytes``, imported on first use.
    #: Every resource the document reads goes through ``policy``, which records what it refused.
    function: str
    #: Built when no format is asked for; otherwise only on request.
    default: bool = True
    #: The document kinds it writes; empty: every kind.
    kinds: tuple[str, ...] = ()
    #: Writing may take long or much memory (a layout engine), so it runs in a worker process under
    #: the time and memory limits; False for a writer that only encodes text it is given.
    isolated: bool = True

    def writes(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def write(self, rendered: RenderedHtml, settings: WriteSettings, policy: AssetPolicy) -> bytes:
        """The file's bytes; imports the writer's module the first time."""
        module, _, name = self.function.partition(":")
        function: WriteFunction = getattr(importlib.import_module(module), name)
        return function(rendered, settings, policy)


#: The formats jobdocs ships. PDF cost is the unit; a DOCX takes about a tenth of a PDF's time.
BUILT_IN = (
    Writer("pdf", "pdf", 1.0, "jobdocs.writers.pdf:write"),
    Writer("docx", "docx", 0.12, "jobdocs.writers.docx.writer:write"),
    # The careers page is the job ad's HTML itself; the careers site's own files (index, sitemap, logo) too.
    Writer("html", "html", 0.02, "jobdocs.writers.site:write", default=False, kinds=("job-ad",), isolated=False),
)
#: The writer of the careers site, whose own files (``index``, ``sitemap.xml``, the logo) it writes as well.
SITE_WRITER = "html"


_BUILT_IN_BY_NAME = {built_in.name: built_in for built_in in BUILT_IN}


@functools.cache
def registry() -> dict[str, Writer]:
    """Every writer by name: the built-in ones, then those of installed plugins (loaded on first call).

    A plugin's format is built on request only (``default`` is taken as False): installing a package
    must not change what a plain build writes.
    """
    from importlib.metadata import entry_points

    writers = {built_in.name: built_in for built_in in BUILT_IN}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        plugin = entry_point.load()
        # Output files are named <kind>.<language>.<format> (model/outputs.py): the extension is the name.
        if (not isinstance(plugin, Writer) or not re.fullmatch(EXTENSION_PATTERN, plugin.extension)
                or plugin.extension != plugin.name):
            raise TypeError(f"entry point {entry_point.value!r} of {ENTRY_POINT_GROUP} is not a jobdocs Writer "
                            "whose name is its extension, of lowercase letters and digits")
        writers.setdefault(plugin.name, dataclasses.replace(plugin, default=False))  # never replaces a built-in
    return writers


def writer(name: str) -> Writer:
    """The writer of the format ``name``; a KeyError for an unknown one (planning has refused it already)."""
    return _BUILT_IN_BY_NAME.get(name) or registry()[name]


def format_names(asked: Iterable[str]) -> list[str]:
    """The formats to choose ``asked`` from: the built-in ones, and the plugins' when one is asked for.

    Reading the plugins' entry points costs every package's metadata; a build of built-in formats skips it.
    """
    return list(_BUILT_IN_BY_NAME) if set(asked) <= _BUILT_IN_BY_NAME.keys() else list(registry())


def default_formats() -> list[str]:
    """The formats built when none is asked for: PDF and DOCX."""
    return [built_in.name for built_in in BUILT_IN if built_in.default]
