"""Where Slate keeps its own files: the data dir (queue, autosaves, take library, log) and the frame cache.

One module, so "where does this live" has one answer, and SLATE_DATA_DIR moves all of it (tests, scripts,
portable installs).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


def data_root() -> Path:
    """Where the data dir is (platformdirs, or $SLATE_DATA_DIR), without creating it: the GUI asks on every keystroke
    (an unsaved project's media root), and a mkdir there would be file-system I/O on the GUI thread."""
    env = os.environ.get("SLATE_DATA_DIR")
    return Path(env) if env else _user_data_dir()


@cache
def _user_data_dir() -> Path:
    """platformdirs' answer, once per process (it reads the environment and the OS's conventions each call)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("slate", appauthor=False))


def data_dir() -> Path:
    """User data dir (platformdirs), or $SLATE_DATA_DIR for tests and scripts; created if missing."""
    d = data_root()
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


def unsaved_path() -> Path:
    """The folder of projects never saved: their takes land here until the first save copies them beside the file
    (composer.project.media). One folder for every unsaved project, so an autosave recovered after a crash still
    finds its takes (media file names carry the render job's id, so two projects never collide). Not created here:
    whatever writes a take there makes its folder."""
    return data_root() / "unsaved"


def frame_cache_dir() -> Path:
    """$SLATE_FRAME_CACHE; else under $SLATE_DATA_DIR when that moves Slate's files; else the user cache dir."""
    env = os.environ.get("SLATE_FRAME_CACHE")
    if env:
        return Path(env)
    if os.environ.get("SLATE_DATA_DIR"):
        return data_dir() / "cache" / "frames"
    import platformdirs

    return Path(platformdirs.user_cache_dir("slate", appauthor=False)) / "frames"
