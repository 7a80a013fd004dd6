"""The closed sets of names a user picks from: document kinds and PDF standards.

A module of its own, with no imports, so that the command line can offer them without loading the build.
"""
from __future__ import annotations

from typing import Literal, get_args

#: The documents written for each role, each from ``templates/<kind>.html``.
KINDS = ("job-ad", "interview-guide", "training-handout", "trainer-guide")

PdfVariant = Literal["pdf/ua-1", "pdf/a-3b", "pdf/a-2b"]
#: Tagged PDF/UA-1 (the default), or archival PDF/A.
PDF_VARIANTS: tuple[str, ...] = get_args(PdfVariant)
