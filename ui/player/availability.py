"""Find a working libvlc, or say exactly why not and how to fix it (the rest of the app keeps working)."""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypeAlias

INSTALL = "sudo apt-get install vlc-plugin-base vlc-plugin-video-output libvlc-dev"
VlcLoad: TypeAlias = tuple[ModuleType | None, Any, str]
"""(the vlc module, its Instance, the problem): the Instance is Any because python-vlc has no types."""
_cache: dict[str, VlcLoad] = {}


def load_vlc() -> VlcLoad:
    """(vlc module, Instance, problem). python-vlc raises, returns None or calls sys.exit: all three are caught."""
    if "result" in _cache:
        return _cache["result"]
    result: VlcLoad
    try:
        import vlc  # type: ignore[import-untyped]  # python-vlc is ctypes bindings with no stubs or py.typed
    except (ImportError, OSError, NotImplementedError, SystemExit) as e:
        result = (None, None, f"VLC is not available ({type(e).__name__}: {e}). Install it with: {INSTALL}")
    else:
        try:
            # One decoding thread per take: with libavcodec's frame threads, a long jump back while paused made
            # libvlc decode P-frames against the wrong reference until the next keyframe (measured every run;
            # tests/player/test_long_jump.py). Each pane still decodes on its own thread.
            instance = vlc.Instance("--quiet", "--no-video-title-show", "--no-xlib", "--avcodec-threads=1")
        except (OSError, NameError, SystemExit) as e:
            instance = None
            reason = f"libvlc failed to start ({type(e).__name__})"
        else:
            reason = "libvlc started without its plugins"
        result = (vlc, instance, "") if instance is not None else (
            None, None, f"{reason}. Install the plugins with: {INSTALL}")
    _cache["result"] = result
    return result
