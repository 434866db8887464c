"""The local take library: where downloaded takes live, and the check that a file really is the take."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path

from composer.errors import DownloadError, SlateError


def preload_decoder() -> None:
    """Import PyAV now, on the calling thread.

    Its first import maps ~70 MB of FFmpeg libraries in one call that holds the GIL (8-13 ms; ~90 ms of import in
    all). Left to the first verify_video, it ran on the queue thread mid-run and the GUI thread's event loop stood
    still meanwhile (benchmarks/queue_load); the queue's starter calls this before the queue thread exists.
    """
    import av  # noqa: F401


def verify_video(path: Path, seconds: float | None, *, tolerance: float = 0.5) -> float:
    """Raise DownloadError unless ``path`` is a non-empty video that decodes and lasts ``seconds`` (±tolerance)."""
    import av

    if not path.exists() or path.stat().st_size == 0:
        raise DownloadError(f"the downloaded video is empty ({path.name})", hint="The download will be retried.")
    try:
        with av.open(str(path)) as c:
            stream = c.streams.video[0]
            stream.thread_type = "AUTO"  # frame threads: the check is a full decode, on the queue's own thread
            frames = 0
            last = 0.0
            for frame in c.decode(stream):
                frames += 1
                if frame.time is not None:
                    last = frame.time
            rate = float(stream.average_rate or 24)
    except (av.error.FFmpegError, IndexError, OSError) as e:
        raise DownloadError(f"the downloaded video does not decode ({type(e).__name__})",
                            hint="It may be truncated; the download will be retried.") from None
    if frames == 0:
        raise DownloadError("the downloaded video has no frames", hint="The download will be retried.")
    duration = last + 1 / rate
    if seconds is not None and abs(duration - seconds) > tolerance:
        raise DownloadError(f"the downloaded video lasts {duration:.2f} s, not {seconds} s",
                            hint="It may be truncated; the download will be retried.")
    return duration


def probe(path: Path) -> tuple[int, int, float, int]:
    """(width, height, fps, frames) of a video file, read with PyAV (no decode of the whole file)."""
    import av

    try:
        with av.open(str(path)) as c:
            s = c.streams.video[0]
            fps = float(s.average_rate or 24)
            frames = s.frames or int(round(float((c.duration or 0) / 1e6) * fps))
            return s.width, s.height, fps, frames
    except (av.error.FFmpegError, IndexError, OSError) as e:
        raise DownloadError(f"{path.name} is not a playable video ({type(e).__name__})") from None


def copy_take(src: Path, dest: Path, *, video: bool) -> None:
    """Put a whole, checked copy of ``src`` at ``dest``; a partial copy already there is replaced.

    Issue 19: a disk that filled up mid-copy left 614,400 of 1,217,256 bytes at ``dest``, and the next resume saw the
    file exist and recorded it. A copy counts only with the source's size and, for a video, once it decodes; it is
    written beside ``dest`` and renamed into place, so ``dest`` is never a half file. Raises SlateError.
    """
    try:
        want = src.stat().st_size
        if dest.exists() and dest.stat().st_size == want and _whole(dest, video):
            return
        # Named for this process and thread: two runners recording the same take must not share a temp file.
        part = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.part")
        try:
            shutil.copyfile(src, part)
            if part.stat().st_size != want:
                raise DownloadError(f"the copy of {src.name} has {part.stat().st_size} of {want} bytes")
            if video:
                verify_video(part, None)
            os.replace(part, dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
    except OSError as e:
        full = e.errno in (28, 27)  # ENOSPC, EFBIG
        raise SlateError(f"could not copy the take {src.name} into {dest.parent}: {e.strerror or e}",
                         hint=("The disk is full: free some space, then run 'slate queue resume' (the take is "
                               "kept in Slate's library; nothing is rendered again)." if full else
                               "Check the project folder's permissions, then run 'slate queue resume'.")) from None
    except DownloadError as e:
        raise SlateError(f"the copy of the take {src.name} is not whole: {e}",
                         hint="Run 'slate queue resume' to copy it again; Slate's library keeps the take.") from None


def _whole(path: Path, video: bool) -> bool:
    if not video:
        return True
    try:
        verify_video(path, None)
    except DownloadError:
        return False
    return True
