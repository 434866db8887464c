"""Fonts for burnt-in text and boards: DejaVu Sans where the system has it, Pillow's own font otherwise.

Pillow's bitmap default is hard to read at video sizes; DejaVu ships with most Linux desktops (Debian
``fonts-dejavu-core``, installed by scripts/setup.sh). Without it, ``ImageFont.load_default(size=...)``
still scales, so a missing font changes the look, never whether a take renders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

_FACES = {
    "regular": ("DejaVuSans.ttf", "DejaVuSansCondensed.ttf", "Arial.ttf", "arial.ttf", "segoeui.ttf"),
    "bold": ("DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf", "segoeuib.ttf"),
    "mono": ("DejaVuSansMono.ttf", "Menlo.ttc", "consola.ttf", "Courier New.ttf"),
}
_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
         "/usr/local/share/fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts", "C:/Windows/Fonts")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def font_path(face: str) -> Path | None:
    """The first installed file for ``face`` in the usual font folders of Linux, macOS and Windows."""
    for d in _DIRS:
        for name in _FACES[face]:
            p = Path(d) / name
            if p.is_file():
                return p
    return None


@cache
def font(size: int, face: str = "regular") -> Font:
    size = max(6, int(size))
    path = font_path(face)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)
