"""Where Slate keeps its own files: the data dir (queue, autosaves, take library, log) and the frame cache.

One module, so "where does this live" has one answer, and SLATE_DATA_DIR moves all of it (tests, scripts,
portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """User data dir (platformdirs), or $SLATE_DATA_DIR for tests and scripts."""
    env = os.environ.get("SLATE_DATA_DIR")
    if env:
        d = Path(env)
    else:
        import platformdirs

        d = Path(platformdirs.user_data_dir("slate", appauthor=False))
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from composer.errors import SlateError

        raise SlateError(f"Slate's data folder {d} could not be created: {e.strerror or e}",
                         hint="Point SLATE_DATA_DIR at a writable folder, or fix that path.") from None
    return d


def library_dir() -> Path:
    """Downloaded takes, one folder per job, before a project copies them into its media folder."""
    d = data_dir() / "library"
    d.mkdir(parents=True, exist_ok=True)
    return d


def frame_cache_dir() -> Path:
    """$SLATE_FRAME_CACHE; else under $SLATE_DATA_DIR when that moves Slate's files; else the user cache dir."""
    env = os.environ.get("SLATE_FRAME_CACHE")
    if env:
        return Path(env)
    if os.environ.get("SLATE_DATA_DIR"):
        return data_dir() / "cache" / "frames"
    import platformdirs

    return Path(platformdirs.user_cache_dir("slate", appauthor=False)) / "frames"
