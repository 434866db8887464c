"""The cut as one MP4 (H.264 + AAC), next to the OTIO export: for a person to watch, share or cut against.

Every clip is fitted into the first clip's size (letterboxed, never cropped: a portrait take keeps its whole
picture), resampled to the cut's frame rate by frame index, and its sound resampled to 48 kHz mono, padded or
trimmed to the clip's exact length so picture and sound stay together across every cut. Written to a temp name
and renamed: a crash never leaves half a cut under the final name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from composer.sequence.cut import Cut, CutClip

RATE = 48_000
AUDIO_FRAME = 1024


def write_cut(cut: Cut, dest: Path, *, progress: Callable[[float], None] | None = None) -> Path:
    """Write ``cut`` to ``dest``; returns it. OSError or InputError (from a broken take) on failure."""
    import av

    first = cut.clips[0]
    width, height = first.width - first.width % 2, first.height - first.height % 2
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        with av.open(str(part), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            vs = out.add_stream("libx264", rate=cut.fps)
            vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
            vs.options = {"preset": "veryfast", "crf": "20"}
            aus = out.add_stream("aac", rate=RATE, layout="mono")
            pending = np.zeros(0, np.float32)
            n = encoded = 0  # video frames written; audio samples encoded
            for clip in cut.clips:
                for frame in _video(clip, cut.fps, width, height):
                    frame.pts = n
                    frame.time_base = Fraction(1, cut.fps)
                    for packet in vs.encode(frame):
                        out.mux(packet)
                    n += 1
                    if progress is not None and n % 24 == 0:
                        progress(n / max(cut.length, 1))
                # The clip's sound lasts exactly as long as its picture, to the sample, across every cut.
                want = round(clip.end / cut.fps * RATE) - round(clip.start / cut.fps * RATE)
                pending = np.concatenate([pending, _fit(_audio(clip), want)])
                pending, encoded = _flush(out, aus, pending, encoded)
            _flush(out, aus, pending, encoded, final=True)
            for packet in vs.encode(None):
                out.mux(packet)
        os.replace(part, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
    return dest


def _video(clip: CutClip, fps: int, width: int, height: int) -> Iterator[Any]:
    """The clip's frames at the cut's rate (frame index mapping) and size (letterboxed)."""
    import av

    with av.open(str(clip.video)) as c:
        decoded = c.decode(video=0)
        current: Any = None
        have = -1
        for j in range(clip.frames):
            want = int(j * clip.fps / fps)  # the take's frame at this moment; the last one holds if it runs short
            while have < want:
                nxt = next(decoded, None)
                if nxt is None:
                    break
                current, have = nxt, have + 1
            if current is None:
                raise OSError(f"{clip.video.name} has no decodable picture")
            yield _sized(current, width, height)


def _sized(frame: Any, width: int, height: int) -> Any:
    import av

    if (frame.width, frame.height) == (width, height):
        return frame.reformat(format="yuv420p")
    k = min(width / frame.width, height / frame.height)
    w, h = max(2, int(frame.width * k) // 2 * 2), max(2, int(frame.height * k) // 2 * 2)
    small = frame.reformat(width=w, height=h, format="rgb24").to_ndarray()
    canvas = np.zeros((height, width, 3), np.uint8)
    y, x = (height - h) // 2, (width - w) // 2
    canvas[y:y + h, x:x + w] = small
    return av.VideoFrame.from_ndarray(canvas, format="rgb24").reformat(format="yuv420p")


def _audio(clip: CutClip) -> np.ndarray:
    """The clip's sound as 48 kHz mono float samples (silence when it has none)."""
    import av

    if not clip.has_audio:
        return np.zeros(0, np.float32)
    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    chunks: list[np.ndarray] = []
    with av.open(str(clip.video)) as c:
        for frame in c.decode(audio=0):
            for r in resampler.resample(frame):
                chunks.append(r.to_ndarray().reshape(-1))
    for r in resampler.resample(None):
        chunks.append(r.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def _fit(samples: np.ndarray, n: int) -> np.ndarray:
    """Exactly ``n`` samples: trimmed, or padded with silence."""
    n = max(0, n)
    return samples[:n] if len(samples) >= n else np.concatenate([samples, np.zeros(n - len(samples), np.float32)])


def _flush(out: Any, stream: Any, pending: np.ndarray, pts: int, *,
           final: bool = False) -> tuple[np.ndarray, int]:
    """Encode whole AAC frames of ``pending`` (all of it when ``final``); returns what is left and the next pts."""
    import av

    while len(pending) >= AUDIO_FRAME or (final and len(pending)):
        chunk, pending = pending[:AUDIO_FRAME], pending[AUDIO_FRAME:]
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, pts, Fraction(1, RATE)
        pts += len(chunk)
        for packet in stream.encode(frame):
            out.mux(packet)
    if final:
        for packet in stream.encode(None):
            out.mux(packet)
    return pending, pts
