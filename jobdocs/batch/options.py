"""What a build is asked for: which documents (:class:`Selection`) and how to build them (:class:`BuildOptions`).

Both are small frozen dataclasses, importable without the build machinery, so that ``jobdocs.build(root)``
stays short and a call that wants more names only what it changes::

    jobdocs.build(root, selection=Selection(roles=["store-manager"], languages=["en"]),
                  options=BuildOptions(jobs=2, force=True))
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    """Which documents to build; an empty field means every one (formats: PDF and DOCX)."""

    roles: Sequence[str] = ()
    kinds: Sequence[str] = ()
    formats: Sequence[str] = ()
    languages: Sequence[str] = ()


@dataclass(frozen=True)
class BuildOptions:
    """How to build; ``None`` takes ``jobdocs.yaml``'s setting, or the machine's usable cores for ``jobs``."""

    #: Worker processes that write the documents.
    jobs: int | None = None
    #: Rebuild every output, changed or not.
    force: bool = False
    #: Delete the outputs of roles that no longer exist.
    prune: bool = False
    #: Build only the K-th of N slices of the work: ``"2/4"``.
    shard: str | None = None
    #: Wait for another build that holds the output folder: True for as long as it takes, a number for at
    #: most that many seconds; False raises OutputLocked at once.
    wait: bool | float = False
    #: Seconds one document may take.
    timeout: float | None = None
    #: MiB of memory one document may add to its worker.
    memory_limit: int | None = None
    #: The PDF standard, one of ``jobdocs.model.models.PDF_VARIANTS``.
    pdf_variant: str | None = None
