"""PySide6 pin check: does None's refcount leak while libvlc calls back on its own threads under a QApplication?

Reported (shared/reference/vlc-compare.md §7): with PySide6 6.12.0 on Python 3.11, None's refcount falls while
libvlc's ctypes callbacks arrive and a QApplication runs, until Python aborts with ``Fatal Python error:
none_dealloc``. This benchmark loops two short clips in the project's own compare view for ``--seconds`` and samples
``sys.getrefcount(None)`` and the libvlc display-callback count every 5 s.

    QT_QPA_PLATFORM=offscreen python benchmarks/pyside_pin.py --seconds 120

It prints one JSON line on stdout. Progress samples go to stderr as they are taken, so a run that aborts still
leaves its last sample behind (scripts/pyside-pin-check.sh records the abort and compares versions).

Before playing it also calls a void-returning PySide6 method (``QPoint.setX``) and ``Signal.emit()`` 200 times each
and reports None's and True's refcount change (``void_call_probe``): that tells a leak in the binding's own return
path from one tied to libvlc's callbacks (docs/pyside-pin.md). If libvlc shows no picture for 5 s, the compare
view's transport has hung (seen after a loop wrap): the run logs the state (``stalls``), reopens the takes and
carries on counting.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import PySide6  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.media import write_clip  # noqa: E402

W, H, FPS, CLIP_SECONDS = 320, 180, 24, 10
SAMPLE_EVERY_S = 5.0
PROBE_CALLS = 200
STALL_S = 5.0  # no display callback for this long while looping: the transport hung, reopen the takes


def make_clip(path: Path, seed: int) -> Path:
    """A testsrc-like H.264 clip: colour bars that scroll, a moving box and a gradient, different per ``seed``."""
    ys, xs = np.mgrid[0:H, 0:W]
    bars = np.array([[255, 255, 255], [255, 255, 0], [0, 255, 255], [0, 255, 0],
                     [255, 0, 255], [255, 0, 0], [0, 0, 255]], np.uint8)
    def pictures():  # type: ignore[no-untyped-def]
        for n in range(FPS * CLIP_SECONDS):
            img = bars[((xs + 4 * n + 40 * seed) * len(bars) // W) % len(bars)].copy()
            img[H // 2:, :, 0] = ((xs + n * 3) % 256).astype(np.uint8)[H // 2:]
            img[H // 2:, :, 1] = ((ys * 255 // H + seed * 80) % 256).astype(np.uint8)[H // 2:]
            img[H // 2:, :, 2] = (n * 5 % 256)
            bx = (n * 6 + seed * 50) % (W - 40)
            by = int((H - 40) * (0.5 + 0.5 * np.sin(n / 12 + seed)))
            img[by:by + 40, bx:bx + 40] = (30 * seed, 0, 0)
            yield img

    write_clip(path, pictures(), fps=FPS, options={"g": "48", "crf": "23", "preset": "veryfast"})
    return path


def steady_slope(samples: list[tuple[float, int, int, int]]) -> float | None:
    """Least-squares None refcount change per 1000 callbacks (reopen jumps taken out); callers leave out the
    start-up sample (playback warm-up)."""
    if len(samples) < 2:
        return None
    x = np.array([s[1] for s in samples], float)
    y = np.array([s[3] for s in samples], float)
    if np.ptp(x) == 0:
        return None
    return round(float(np.polyfit(x, y, 1)[0]) * 1000, 2)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def void_call_probe(calls: int = PROBE_CALLS) -> dict[str, int]:
    """Refcount changes over ``calls`` PySide6 calls from Python, with no libvlc and no callbacks involved.

    ``none_refcount_delta``: None's, over calls of a void method (``QPoint.setX``, which returns None);
    ``true_refcount_delta``: True's, over ``Signal.emit()`` (which returns True). Both 0 on a sound binding; kept
    small because on a leaking one every call takes one reference off the singleton for good.
    """
    from PySide6.QtCore import QObject, QPoint, Signal

    class Emitter(QObject):
        sig = Signal()

    point, emitter = QPoint(1, 2), Emitter()
    emitter.sig.connect(lambda: None)
    none_before = sys.getrefcount(None)
    for _ in range(calls):
        point.setX(3)
    none_delta = sys.getrefcount(None) - none_before
    true_before = sys.getrefcount(True)
    for _ in range(calls):
        emitter.sig.emit()
    true_delta = sys.getrefcount(True) - true_before
    return {"calls": calls, "none_refcount_delta": none_delta, "true_refcount_delta": true_delta}


def run(seconds: float) -> dict[str, object]:
    from ui.player.compare_view import CompareView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    result: dict[str, object] = {
        "benchmark": "pyside_pin",
        "pyside6": PySide6.__version__,
        "python": platform.python_version(),
        "seconds": seconds,
    }
    probe = void_call_probe()
    result["void_call_probe"] = probe
    log(f"probe void_calls={probe['calls']} none_refcount_delta={probe['none_refcount_delta']}"
        f" emit_true_refcount_delta={probe['true_refcount_delta']}")
    with tempfile.TemporaryDirectory(prefix="slate-pyside-pin-") as tmp:
        clips = [make_clip(Path(tmp) / f"take{seed}.mp4", seed) for seed in (1, 2)]

        def open_view() -> CompareView | str:
            """A compare view on both clips, ready and looping the whole take; or why not."""
            view = CompareView(clips)
            if view.transport is None:
                return f"compare view unavailable: {view.problem.text()}"
            view.resize(900, 500)
            view.show()
            deadline = time.monotonic() + 60
            while not view.ready:
                if time.monotonic() > deadline:
                    return "compare view did not become ready in 60 s"
                app.processEvents()
                time.sleep(0.001)
            view.transport.set_loop(0, view.transport.length - 1)
            view.toggle()
            return view

        def close_view(view: CompareView) -> None:
            view.close_players()
            view.close()
            view.deleteLater()
            app.processEvents()

        opened = open_view()
        if isinstance(opened, str):
            result.update(error=opened, crashed=False)
            return result
        view = opened
        done_before = 0  # display callbacks of views closed after a stall
        stalls: list[dict[str, object]] = []

        def callbacks() -> int:
            return done_before + sum(p.latest()[1] for p in view.players)

        samples: list[tuple[float, int, int, int]] = []  # (t, callbacks, None refcount, same less reopen jumps)
        reopen_jump = 0  # None references a reopened view holds (a new view's objects), not a leak

        def sample(t0: float) -> None:
            ref = sys.getrefcount(None)
            s = (round(time.monotonic() - t0, 2), callbacks(), ref, ref - reopen_jump)
            samples.append(s)
            log(f"sample t={s[0]} callbacks={s[1]} none_refcount={s[2]} state={view.transport.state}")

        t0 = time.monotonic()
        sample(t0)
        next_sample = t0 + SAMPLE_EVERY_S
        end = t0 + seconds
        seen, seen_at = callbacks(), t0
        while True:
            now = time.monotonic()
            if now >= next_sample:
                sample(t0)
                next_sample += SAMPLE_EVERY_S
                if now >= end:
                    break
            count = callbacks()
            if count != seen:
                seen, seen_at = count, now
            elif now - seen_at > STALL_S:
                # No picture from libvlc for STALL_S: the transport hung (seen after a loop wrap). Say how, then
                # reopen the takes so callbacks keep coming; the refcount samples go on across the reopen.
                tr = view.transport
                stall = {"t": round(now - t0, 1), "callbacks": count, "transport": tr.state, "frame": tr.frame,
                         "vlc": [p.state() for p in view.players],
                         "seekable": [p.seekable() for p in view.players],
                         "arm_seek_sent": [bool(x) for x in tr._arm.get("since", [])]}
                stalls.append(stall)
                log("stall " + json.dumps(stall))
                before = sys.getrefcount(None)
                close_view(view)
                done_before = count
                opened = open_view()
                if isinstance(opened, str):
                    result.update(error=f"reopen after a stall: {opened}", crashed=False)
                    return result
                view = opened
                reopen_jump += sys.getrefcount(None) - before
                seen, seen_at = callbacks(), time.monotonic()
            app.processEvents()
            time.sleep(0.001)
        elapsed = time.monotonic() - t0
        log("stage=closing")
        close_view(view)
        log("stage=closed")

    refs = [s[2] for s in samples]
    d_cb = samples[-1][1] - samples[0][1]
    d_ref = samples[-1][3] - samples[0][3]  # less what reopened views hold (0 without a stall)
    result.update(
        seconds=round(elapsed, 1),
        callbacks=samples[-1][1],
        callbacks_per_s=round(d_cb / elapsed, 1) if elapsed else 0.0,
        none_refcount_first=refs[0],
        none_refcount_last=refs[-1],
        none_refcount_min=min(refs),
        none_refcount_max=max(refs),
        none_refcount_delta=d_ref,
        reopen_refcount_jump=reopen_jump,
        delta_per_1000_callbacks=round(d_ref * 1000 / d_cb, 2) if d_cb else None,
        steady_slope_per_1000_callbacks=steady_slope(samples[1:]),
        delta_per_s=round(d_ref / (samples[-1][0] - samples[0][0]), 2),
        stalls=stalls,
        samples=[list(s) for s in samples],
        crashed=False,
    )
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=120.0, help="how long to loop playback (default 120)")
    args = ap.parse_args()
    result = run(args.seconds)
    print(json.dumps(result), flush=True)
    if "error" in result:
        sys.exit(2)


if __name__ == "__main__":
    main()
