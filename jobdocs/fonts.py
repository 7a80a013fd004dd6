"""Find the font for Chinese text, and say clearly when there is none."""
from __future__ import annotations

import functools
import shutil
import subprocess

#: Tried in order; the first installed one is used for every language, so each
#: document embeds one font family (one subset per face keeps PDFs fast).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")
FALLBACK_FAMILIES = ("DejaVu Sans", "Liberation Sans", "sans-serif")
CJK_LANGUAGES = ("zh", "ja", "ko")
MISSING_CJK_WARNING = (
    "no Chinese (CJK) font is installed, so Chinese text would print as empty boxes. "
    "Install one, e.g. 'sudo apt-get install fonts-noto-cjk' on Debian or Ubuntu "
    "(the README's set-up does this), then build again."
)


@functools.lru_cache(maxsize=1)
def installed_cjk_family() -> str | None:
    """The first CJK family fontconfig knows, or ``None``."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                                 timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = {name.strip() for line in listing.splitlines() for name in line.split(",")}
    return next((family for family in CJK_FAMILIES if family in families), None)


@functools.lru_cache(maxsize=2)
def cjk_font_file(bold: bool = False) -> tuple[str, int] | None:
    """The file and face index of the CJK font, for drawing pictures; ``None`` when there is none."""
    family, fc_match = installed_cjk_family(), shutil.which("fc-match")
    if family is None or fc_match is None:
        return None
    try:
        found = subprocess.run([fc_match, "-f", "%{file}:%{index}", f"{family}:{'bold' if bold else 'regular'}"],
                               capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = found.rpartition(":")
    return (path, int(index or 0)) if path else None


def font_stack() -> str:
    """The CSS ``font-family`` value every template uses."""
    families = [f for f in (installed_cjk_family(),) if f] + list(FALLBACK_FAMILIES)
    return ", ".join(f if f == "sans-serif" else f'"{f}"' for f in families)


def needs_cjk(languages: list[str]) -> bool:
    return any(language.split("-")[0] in CJK_LANGUAGES for language in languages)


def cjk_font_warning(languages: list[str]) -> str | None:
    """The warning to print when these languages need a CJK font and none is installed."""
    return MISSING_CJK_WARNING if needs_cjk(languages) and installed_cjk_family() is None else None
