"""Reading a file Slate understands, safely: regular files only, bounded, every OS error a sentence.

Its own module, with no pydantic or model import, so ``slate lint PROMPT.txt`` reads its file without loading the
project model (tests/unit/test_families checks that lint's import stays light).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from composer.errors import ProjectFileError

MAX_FILE_BYTES = 64 * 1024 * 1024  # a project (or a prompt) is text; anything larger is not one

def clip(text: str, limit: int = 80) -> str:
    """Shorten text quoted back to a person: a 50 MB key in a hostile file must not come back in the message."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def read_regular(path: Path, limit: int, what: str = "project") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or ProjectFileError saying why not.

    Checked on the open file, so a FIFO (which would block forever), a device such as /dev/zero (which never ends)
    or a file swapped in after the check cannot get past it (issue 19).
    """
    name = clip(str(path), 200)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ProjectFileError(name, "no such file", hint="Check the path, or create a new project.") from None
    except IsADirectoryError:
        raise ProjectFileError(name, f"is a folder, not a {what} file") from None
    except PermissionError:
        raise ProjectFileError(name, "permission denied", hint="Check the file's permissions.") from None
    except OSError as e:  # a symlink loop, a name too long, an I/O error
        raise ProjectFileError(name, f"cannot be opened: {e.strerror or e}", hint="Check the path.") from None
    except ValueError:  # a NUL in the name
        raise ProjectFileError(name, "the path contains a NUL character", hint="Check the path.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else ("a pipe" if stat.S_ISFIFO(info.st_mode)
                                                                  else "a device or socket")
            raise ProjectFileError(name, f"is {kind}, not a {what} file", hint=f"Choose a {what} file.")
        if info.st_size > limit:
            raise ProjectFileError(name, f"file is {info.st_size // 1_000_000} MB; a {what} is at most "
                                   f"{limit // 1_000_000} MB", hint=f"Is this really a {what}?")
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(limit + 1)
    except OSError as e:
        raise ProjectFileError(name, f"could not be read: {e.strerror or e}") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise ProjectFileError(name, f"file grew past {limit // 1_000_000} MB while it was read")
    return raw
