"""The media services one app shares: the decode gate and the frame cache, and readers wired to both.

Made once where the app is composed (``ui/app.py``, the CLI) and handed down, instead of module globals: two
windows in one process, or a test, each get their own without touching anyone else's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from composer.media.decode import FrameReader
from composer.media.frame_cache import FrameCache
from composer.media.gate import DecodeGate


@dataclass(frozen=True)
class MediaServices:
    gate: DecodeGate
    cache: FrameCache

    @classmethod
    def from_env(cls) -> MediaServices:
        """Folder and cap from SLATE_FRAME_CACHE / SLATE_FRAME_CACHE_MB / SLATE_DATA_DIR (see frame_cache)."""
        gate = DecodeGate()
        return cls(gate=gate, cache=FrameCache.from_env(gate))

    def reader(self, path: Path, width: int | None = None, height: int | None = None, *,
               threaded: bool = True) -> FrameReader:
        """A frame reader that finds and writes this app's frame-cache copies and yields to people's seeks."""
        return FrameReader(path, width, height, threaded=threaded, store=self.cache, gate=self.gate)
