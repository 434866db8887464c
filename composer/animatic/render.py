"""Render a ClipSpec to an H.264 + AAC MP4 (+ WebP thumbnail + JPEG spritesheet), fast enough to be the default.

The picture is a few pre-drawn layers (``layers``) composed in one libavfilter graph: per frame each layer
is cropped to what the camera sees at its depth (``Plan.window``, sent as crop commands) and scaled to the
working size, the layers are overlaid, a thirds grid is drawn, and the result is scaled up once to the
output size. Text is overlaid after the scale-up, at full resolution, from sprites drawn once per beat or
line; only the timecode is drawn per frame. Everything stays in YUV, so no frame is converted from RGB
per frame, and frames go to x264 without a round trip through Python arrays.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from queue import Full, Queue
from typing import Any

import av
import numpy as np
from av.video.format import VideoFormat
from PIL import Image, ImageDraw

from composer.animatic import audio, hud
from composer.animatic.fonts import font
from composer.animatic.layers import Layer, cover, draw_layers
from composer.animatic.plan import Plan, make_plan
from composer.animatic.spec import ClipSpec
from composer.errors import InputError, SlateError

MAX_SIDE = 3840
SPRITE_TILES = 10
SPRITE_TILE_W = 160
AUDIO_KBPS = 96
# ultrafast keeps an 8 s 720x1280 animatic above 5x realtime on 2 cores; previz, not masters.
PRESET = os.environ.get("SLATE_X264_PRESET", "ultrafast")
log = logging.getLogger("composer.animatic")


class RenderCancelled(SlateError):
    """The render was cancelled; no file was left under the final name."""


@dataclass(frozen=True)
class RenderedClip:
    video: Path
    thumbnail: Path
    spritesheet: Path
    seconds: float
    width: int
    height: int
    frames: int
    notes: tuple[str, ...] = ()  # what the take could not show or say, as on its picture


def _check(spec: ClipSpec) -> None:
    if spec.width % 2 or spec.height % 2:
        raise InputError(f"size {spec.width}x{spec.height} has an odd side; H.264 needs even sizes (e.g. 1280x720)")
    if not (64 <= spec.width <= MAX_SIDE and 64 <= spec.height <= MAX_SIDE):
        raise InputError(f"size {spec.width}x{spec.height} is outside 64..{MAX_SIDE} pixels per side")
    if not 0 < spec.seconds <= 120:
        raise InputError(f"{spec.seconds} seconds is outside 0..120")


def _yuva(img: Image.Image) -> av.VideoFrame:
    if img.width % 2 or img.height % 2:
        img = img.crop((0, 0, img.width + img.width % 2, img.height + img.height % 2))
    # from_image would drop the alpha channel (it makes rgb24 of an RGBA image)
    return av.VideoFrame.from_ndarray(np.asarray(img.convert("RGBA")), format="rgba").reformat(format="yuva420p")


class _Sprites:
    """The burnt-in text as ready-to-push frames: every version the clip shows, made before the first frame.

    Each version gets its own overlay in the graph, fed once and then closed: a closed overlay input keeps
    its last frame and blends it into every frame in place. One fed per frame would make the overlay copy
    the whole picture first (it cannot tell whether that input's next frame is coming), five copies of a
    full frame per frame for the slug, card, subtitle and labels.
    """

    def __init__(self, plan: Plan, extra_notes: list[str]) -> None:
        self.plan = plan
        width, height = plan.spec.width, plan.spec.height
        lines = max((len(hud.wrap(b.text, font(max(7, round(min(width, height) * 0.027))),
                                  round(width * 0.55), hud.CARD_LINES)) for b in plan.beats), default=1)
        self.first_panel = plan.beats[0].end if plan.beats else min(plan.spec.seconds, 2.5)
        self.lay = hud.layout(width, height, card_lines=lines, notes=len([*plan.notes, *extra_notes]),
                              diagram=True)
        self.card_lines = lines
        boxes = [r for r in (self.lay.card, self.lay.diagram, self.lay.notes) if r]
        # The cards' own box, not the frame's width: an overlay blends every pixel it covers, seen or not.
        x0, y0 = min((r[0] for r in boxes), default=0), min((r[1] for r in boxes), default=self.lay.slug[3])
        x1, y1 = max((r[2] for r in boxes), default=2), max((r[3] for r in boxes), default=self.lay.slug[3] + 2)
        self.top_rect = (x0 - x0 % 2, y0 - y0 % 2, x1 + x1 % 2, y1 + y1 % 2)
        self.slug = _yuva(hud.slug(plan, self.lay))
        self._notes = hud.notes(plan, self.lay, extra_notes)
        self._diagram = hud.diagram(plan.move, width / height, self.lay.diagram[2] - self.lay.diagram[0]) \
            if self.lay.diagram else None
        self.tc_rect = hud.timecode_box(plan, self.lay)
        self.tc_size = max(6, round(self.lay.unit * 0.8))
        self.sub_rect = self.lay.subtitle
        times = [n / plan.spec.fps for n in range(plan.frames)]
        self.tops = {key: self._top(key) for key in dict.fromkeys(self.top_key(t) for t in times)}
        subs = {i: hud.subtitle(plan, self.lay, plan.cues[i]) for i in dict.fromkeys(plan.cue_at(t) for t in times)
                if i is not None} if self.sub_rect is not None else {}
        self.subs = {i: _yuva(img) for i, img in subs.items() if img is not None}
        self.labels = [(f, _yuva(hud.label(f.label, self.lay.unit))) for f in plan.figures
                       if f.label and f.kind != "hands"]

    def top_key(self, t: float) -> tuple[int | None, bool]:
        """Which version of the top box shows at ``t``: the beat on screen, and whether the diagram is up."""
        return self.plan.beat_at(t), t < self.first_panel

    def _top(self, key: tuple[int | None, bool]) -> av.VideoFrame:
        x0, y0, x1, y1 = self.top_rect
        img = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
        c = hud.card(self.plan, self.lay, key[0], self.card_lines)
        for sprite, rect in ((c, self.lay.card), (self._notes, self.lay.notes),
                             (self._diagram if key[1] else None, self.lay.diagram)):
            if sprite is not None and rect is not None:
                img.alpha_composite(sprite, (rect[0] - x0, rect[1] - y0))
        return _yuva(img)


def _label_anchor(f: Any) -> tuple[float, float]:
    if f.kind == "person":
        return f.x, f.eye_y + 2.0 * f.hu
    if f.kind == "back":
        return f.x, f.eye_y + 1.6 * f.hu
    return f.x, f.eye_y + 0.95 * f.hu


def label_position(plan: Plan, sprites: _Sprites, f: Any, size: tuple[int, int], t: float) -> tuple[int, int]:
    """Where a figure's name tag goes at ``t``: on the figure as the camera sees it, inside the picture band."""
    ax, ay = _label_anchor(f)
    cw, ch = plan.canvas
    wx, wy, ww, wh = plan.window(f.depth, t)
    sx = ((ax + (cw - plan.w0) / 2) - wx) * plan.spec.width / ww
    sy = ((ay + (ch - plan.h0) / 2) - wy) * plan.spec.height / wh
    lo, hi = sprites.lay.band
    x = min(max(0, round(sx - size[0] / 2)), plan.spec.width - size[0])
    y = min(max(lo, round(sy - size[1] / 2)), max(lo, hi - size[1]))
    return x, y


def render_clip(spec: ClipSpec, out_dir: Path, *, stem: str = "take",
                progress: Callable[[float], None] | None = None,
                cancel: threading.Event | None = None) -> RenderedClip:
    """Write ``<stem>.mp4``, ``<stem>.webp`` and ``<stem>.sprites.jpg`` into ``out_dir`` (temp names, then renamed)."""
    _check(spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = make_plan(spec)
    final = {k: out_dir / f"{stem}{ext}" for k, ext in (("video", ".mp4"), ("thumb", ".webp"),
                                                         ("sprites", ".sprites.jpg"))}
    tmp = {k: p.with_name(f".{p.name}.{os.getpid()}.{threading.get_ident()}.part") for k, p in final.items()}
    sound = _Worker(lambda: audio.mix(plan))  # mixed (and AAC-encoded) beside the picture, never in its way
    try:
        layers = [layer for layer in draw_layers(plan) if layer.name == "far" or layer.image.getbbox()]
        missing = audio.missing_speech(plan)
        sprites = _Sprites(plan, [missing] if missing else [])
        stills = _encode(plan, layers, sprites, sound, tmp["video"], progress, cancel,
                         lambda kept: _stills(kept, plan.frames, tmp["thumb"], tmp["sprites"]))
        audio_notes = [n for n in sound.result()[1] if n != missing] + ([missing] if missing else [])
        stills.result()
        for k in ("thumb", "sprites", "video"):  # the video last: its presence means the take is complete
            os.replace(tmp[k], final[k])
    finally:
        for p in tmp.values():
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
    if progress is not None:
        progress(1.0)
    for note in (*plan.notes, *audio_notes):
        log.info("animatic %s: %s", spec.title or stem, note)
    return RenderedClip(final["video"], final["thumb"], final["sprites"], plan.frames / spec.fps, spec.width,
                        spec.height, plan.frames, tuple([*plan.notes, *audio_notes]))


class _Worker:
    """Run ``fn`` on a thread; ``result`` waits for it and re-raises what it raised."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self._fn = fn
        self._out: Any = None
        self._err: BaseException | None = None
        self._t = threading.Thread(target=self._run, name="animatic-worker", daemon=True)
        self._t.start()

    def _run(self) -> None:
        try:
            self._out = self._fn()
        except BaseException as e:  # handed to the caller of result()
            self._err = e

    def done(self) -> bool:
        return not self._t.is_alive()

    def result(self) -> Any:
        self._t.join()
        if self._err is not None:
            raise self._err
        return self._out


class _Text:
    """The text overlays of the graph: groups of versions (one shown at a time) and the figures' name tags."""

    def __init__(self) -> None:
        self.groups: dict[str, dict[object, Any]] = {"top": {}, "sub": {}}
        self.shown: dict[str, object] = {}
        self.labels: list[Any] = []
        self.sink: Any = None

    def show(self, group: str, key: object) -> None:
        """Switch on ``group``'s version for ``key`` (none if it has none) and its others off, only on a change."""
        if group in self.shown and self.shown[group] == key:
            return
        for k, ov in self.groups[group].items():
            if group not in self.shown or k in (key, self.shown[group]):
                ov.process_command("enable", "1" if k == key else "0")
        self.shown[group] = key


def _graph(plan: Plan, layers: list[Layer], sprites: _Sprites, tb: Fraction) -> tuple[Any, list[Any], _Text]:
    """The filter graph; returns it, the layer inputs (source, crop, frame, depth, last window) and the text."""
    g = av.filter.Graph()
    w0, h0 = plan.w0, plan.h0
    sources: list[Any] = []
    prev: Any = None  # the last filter of the chain so far
    for layer in layers:
        fmt = "yuv420p" if layer.name == "far" else "yuva420p"
        frame = _yuva(layer.image) if fmt == "yuva420p" else av.VideoFrame.from_ndarray(
            np.asarray(layer.image.convert("RGB")), format="rgb24").reformat(format=fmt)
        src = g.add_buffer(width=frame.width, height=frame.height, format=VideoFormat(fmt), time_base=tb)
        crop = g.add("crop", f"w={w0}:h={h0}:x=0:y=0:exact=1")
        scale = g.add("scale", f"{w0}:{h0}:flags=bilinear")
        keep = g.add("format", fmt)  # or negotiation may drop the alpha plane between scale and overlay
        src.link_to(crop)
        crop.link_to(scale)
        scale.link_to(keep)
        if prev is None:
            prev = keep
        else:
            ov = g.add("overlay", "format=yuv420")
            prev.link_to(ov, 0, 0)
            keep.link_to(ov, 0, 1)
            prev = ov
        sources.append([src, crop, frame, layer.depth, None])
    width, height = plan.spec.width, plan.spec.height
    if (w0, h0) != (width, height):
        up = g.add("scale", f"{width}:{height}:flags=bilinear")
        prev.link_to(up)
        prev = up
    text = _Text()
    static: list[tuple[Any, av.VideoFrame]] = []  # fed once, then closed: blended in place (see _Sprites)

    def overlay(frame: av.VideoFrame, x: int, y: int) -> Any:
        nonlocal prev
        src = g.add_buffer(width=frame.width, height=frame.height, format=VideoFormat("yuva420p"), time_base=tb)
        ov = g.add("overlay", f"x={x}:y={y}:format=yuv420")
        prev.link_to(ov, 0, 0)
        src.link_to(ov, 0, 1)  # a buffer source of yuva420p keeps its alpha: nothing to negotiate
        prev = ov
        static.append((src, frame))
        return ov
    overlay(sprites.slug, 0, 0)
    for key, frame in sprites.tops.items():
        text.groups["top"][key] = overlay(frame, sprites.top_rect[0], sprites.top_rect[1])
    if sprites.sub_rect is not None:
        for i, frame in sprites.subs.items():
            text.groups["sub"][i] = overlay(frame, sprites.sub_rect[0], sprites.sub_rect[1])
    text.labels = [overlay(frame, 0, 0) for _f, frame in sprites.labels]
    out = g.add("format", "yuv420p")
    prev.link_to(out)
    text.sink = g.add("buffersink")
    out.link_to(text.sink)
    g.configure()
    for src, frame in static:
        _push(src, frame, 0, tb)
        src.push(None)
    return g, sources, text


def _encode(plan: Plan, layers: list[Layer], sprites: _Sprites, sound: _Worker, path: Path,
            progress: Callable[[float], None] | None, cancel: threading.Event | None,
            make_stills: Callable[[dict[int, av.VideoFrame]], None]) -> _Worker:
    """Compose frames on this thread and encode them on another: both release the GIL, so two cores work."""
    spec = plan.spec
    frames = plan.frames
    tb = Fraction(1, spec.fps)
    samples = {int(frames * i / SPRITE_TILES) for i in range(SPRITE_TILES)} | {frames // 3}
    kept: dict[int, av.VideoFrame] = {}
    _g, sources, text = _graph(plan, layers, sprites, tb)
    marks = _Marks(plan, sprites)
    pins = _Pins(spec, frames)
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        st = out.add_stream("libx264", rate=spec.fps)
        st.width, st.height, st.pix_fmt = spec.width, spec.height, "yuv420p"
        st.options = {"preset": PRESET, "crf": "23"}
        st.thread_type = "AUTO"
        ast = out.add_stream("aac", rate=audio.RATE, layout="mono")
        ast.bit_rate = AUDIO_KBPS * 1000
        ast.options = {"aac_coder": "fast"}  # scratch audio: a third of the default coder's time
        packets = _Worker(lambda: _audio_packets(ast, sound.result()[0]))
        queue: Queue[av.VideoFrame | None] = Queue(maxsize=6)
        encoder = _Worker(lambda: _encoder(queue, st, out, packets))
        try:
            n = 0
            for n in range(frames):
                if cancel is not None and cancel.is_set():
                    raise RenderCancelled("the render was cancelled")
                t = n / spec.fps
                _feed(plan, sources, text, sprites, n, t, tb)
                for f in _pull(text.sink):
                    marks.draw(f, n)
                    f = pins.apply(f, n)
                    if n in samples:  # a reference: made small and RGB on the stills thread, not this one
                        kept[n] = f
                    f.pts = n
                    _hand_over(queue, f, encoder)
                if progress is not None and n % 12 == 0:
                    progress(n / frames)
            stills = _Worker(lambda: make_stills(kept))  # while x264 drains its last frames
        finally:
            _hand_over(queue, None, encoder)
            encoder.result()
    return stills


def _hand_over(queue: Queue[av.VideoFrame | None], item: av.VideoFrame | None, encoder: _Worker) -> None:
    """Queue a frame for the encoder; if the encoder thread has died, say so instead of waiting for ever."""
    while True:
        try:
            queue.put(item, timeout=0.5)
            return
        except Full:
            if encoder.done():
                encoder.result()  # re-raises what stopped it
                raise SlateError("the animatic encoder stopped before the last frame") from None


def _feed(plan: Plan, sources: list[Any], text: _Text, sprites: _Sprites, n: int, t: float,
          tb: Fraction) -> None:
    """Push frame ``n``'s layers, each cropped to its window at ``t``, and show the text of that moment."""
    for entry in sources:
        src, crop, frame, depth, last = entry
        x, y, w, h = plan.window(depth, t)
        # Each new crop size re-creates the layer's scaler; sizes in steps of a few pixels (a fraction of a
        # percent of the frame) re-create it a few times a second instead of every frame.
        step = 2 if depth >= 1 else 4
        wq = max(step, round(w / step) * step)
        hq = max(2, round(wq * plan.h0 / plan.w0)) if abs(w / h - plan.w0 / plan.h0) < 1e-6 else max(2, round(h))
        win = (round(x + (w - wq) / 2), round(y + (h - hq) / 2), wq, hq)
        if win != last:
            for key, value in zip(("w", "h", "x", "y"), (win[2], win[3], win[0], win[1]), strict=True):
                crop.process_command(key, str(value))
            entry[4] = win
        _push(src, frame, n, tb)
    text.show("top", sprites.top_key(t))
    text.show("sub", plan.cue_at(t))
    for ov, (f, frame) in zip(text.labels, sprites.labels, strict=True):
        x, y = label_position(plan, sprites, f, (frame.width, frame.height), t)
        ov.process_command("x", str(x))
        ov.process_command("y", str(y))


def _pull(sink: Any) -> list[av.VideoFrame]:
    out = []
    while True:
        try:
            out.append(sink.pull())
        except (av.error.BlockingIOError, av.error.EOFError):
            return out


def _encoder(queue: Queue[av.VideoFrame | None], st: Any, out: Any, packets: _Worker) -> None:
    """Encode and mux the video; the audio goes in as soon as it is ready (the muxer interleaves by time)."""
    sent = False
    while (f := queue.get()) is not None:
        if not sent and packets.done():
            for packet in packets.result():
                out.mux(packet)
            sent = True
        for packet in st.encode(f):
            out.mux(packet)
    for packet in st.encode():
        out.mux(packet)
    if not sent:
        for packet in packets.result():
            out.mux(packet)


def _push(src: Any, frame: av.VideoFrame, n: int, tb: Fraction) -> None:
    frame.pts, frame.time_base = n, tb
    src.push(frame)


def _audio_packets(ast: Any, track: np.ndarray) -> list[Any]:
    size = ast.codec_context.frame_size or 1024
    data = np.asarray(track, np.float32)
    out: list[Any] = []
    for i in range(0, len(data), size):
        chunk = data[i:i + size]
        if len(chunk) < size:
            chunk = np.pad(chunk, (0, size - len(chunk)))
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="fltp", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = audio.RATE, i, Fraction(1, audio.RATE)
        out += ast.encode(frame)
    return out + list(ast.encode(None))


PIN_FADE_FRAMES = 12  # half a second at 24 fps: the dissolve from a pinned first frame, and into a pinned last one


class _Pins:
    """A pinned first frame (shown exactly at frame 0, then dissolved out) and a pinned last frame (dissolved in,
    shown exactly on the last frame): a chain's next shot opens on the previous shot's last frame (issue 20)."""

    def __init__(self, spec: ClipSpec, frames: int) -> None:
        self.frames = frames
        self.fade = max(1, min(PIN_FADE_FRAMES, frames // 3))
        self.first = self._load(spec.first_frame, spec)
        self.last = self._load(spec.last_frame, spec)

    @staticmethod
    def _load(path: Path | None, spec: ClipSpec) -> np.ndarray | None:
        if path is None:
            return None
        try:
            with Image.open(path) as src:
                rgb = cover(src.convert("RGB"), (spec.width, spec.height))
        except (OSError, ValueError) as e:  # a missing pin is a note in the log, not a failed render
            log.warning("animatic %s: pinned frame %s not used: %s", spec.title, path, e)
            return None
        frame = av.VideoFrame.from_ndarray(np.asarray(rgb), format="rgb24").reformat(format="yuv420p")
        return frame.to_ndarray().astype(np.float32)

    def apply(self, f: av.VideoFrame, n: int) -> av.VideoFrame:
        weight, pin = 0.0, None
        if self.first is not None and n < self.fade:
            weight, pin = 1.0 - n / self.fade, self.first
        elif self.last is not None and n > self.frames - 1 - self.fade:
            weight, pin = 1.0 - (self.frames - 1 - n) / self.fade, self.last
        if pin is None or weight <= 0:
            return f
        mixed = f.to_ndarray().astype(np.float32) * (1.0 - weight) + pin * weight
        return av.VideoFrame.from_ndarray(np.clip(mixed + 0.5, 0, 255).astype(np.uint8), format="yuv420p")


class _Marks:
    """What is drawn straight into each output frame's planes: the thirds grid and the timecode.

    Both change (or would cost a full-frame pass) every frame; a few hundred pixels written with numpy
    cost far less than another overlay or an RGB->YUV conversion per frame.
    """

    def __init__(self, plan: Plan, sprites: _Sprites) -> None:
        self.plan = plan
        w, h = plan.spec.width, plan.spec.height
        lo, hi = sprites.lay.band
        self.rows = (max(0, lo), min(h, hi))
        self.t = max(1, w // 640)
        self.xs = [w // 3, 2 * w // 3]
        self.ys = [y for y in (h // 3, 2 * h // 3) if lo <= y < hi]
        self.lut = (np.arange(256) * 0.78 + 235 * 0.22).astype(np.uint8)  # white at 22% over the picture
        size = sprites.tc_size
        f = font(size, "mono")
        self.cell = int(f.getlength("0")) + 1
        self.cell += self.cell % 2
        self.ch = hud.line_h(size) + hud.line_h(size) % 2
        self.glyphs: dict[str, np.ndarray] = {}
        for c in "0123456789:F/ ":
            im = Image.new("L", (self.cell, self.ch), 0)
            ImageDraw.Draw(im).text((0, 0), c, font=f, fill=255)
            self.glyphs[c] = np.asarray(im, np.float32) / 255
        x0, y0, x1, _y1 = sprites.tc_rect
        self.tc_right, self.tc_y = x1 - x1 % 2, y0 - y0 % 2
        r, g, b = (v / 255 for v in hud.AMBER[:3])
        self.yuv = (16 + 65.481 * r + 128.553 * g + 24.966 * b, 128 - 37.797 * r - 74.203 * g + 112 * b,
                    128 + 112 * r - 93.786 * g - 18.214 * b)  # BT.601 limited range, as swscale converts

    def draw(self, frame: av.VideoFrame, n: int) -> None:
        y, u, v = (_plane(frame, i) for i in range(3))
        a, b = self.rows
        for x in self.xs:
            y[a:b, x:x + self.t] = self.lut[y[a:b, x:x + self.t]]
        for row in self.ys:
            y[row:row + self.t] = self.lut[y[row:row + self.t]]
        fps = self.plan.spec.fps
        s, fr = divmod(n, fps)
        text = f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}:{fr:02d}  F {n + 1}/{self.plan.frames}"
        mask = np.concatenate([self.glyphs.get(c, self.glyphs[" "]) for c in text], axis=1)
        x0 = max(0, self.tc_right - mask.shape[1])
        mask = mask[:, : min(mask.shape[1], frame.width - x0)]
        hh = min(mask.shape[0], frame.height - self.tc_y)
        mask = mask[:hh, : mask.shape[1] - mask.shape[1] % 2]
        box = y[self.tc_y:self.tc_y + hh, x0:x0 + mask.shape[1]]
        box[:] = (box + (self.yuv[0] - box) * mask).astype(np.uint8)
        m2 = mask[: hh - hh % 2].reshape(hh // 2, 2, -1, 2).mean(axis=(1, 3))
        for plane, target in ((u, self.yuv[1]), (v, self.yuv[2])):
            cb = plane[self.tc_y // 2:self.tc_y // 2 + m2.shape[0], x0 // 2:x0 // 2 + m2.shape[1]]
            cb[:] = (cb + (target - cb) * m2).astype(np.uint8)


def _plane(frame: av.VideoFrame, i: int) -> np.ndarray:
    p = frame.planes[i]
    return np.ndarray((p.height, p.line_size), np.uint8, buffer=memoryview(p))[:, : p.width]


def _stills(kept: dict[int, av.VideoFrame], frames: int, thumb: Path, sprites: Path) -> None:
    """Thumbnail (WebP, like the API's variant) and a spritesheet grid (JPEG) from frames kept during encoding."""
    if not kept:
        return
    # Named here, WebP is all Pillow loads: saving a format it has not registered makes it import every one of
    # its ~40 file plugins first (PDF, DDS, ...), 0.07 s of a fresh process's CPU.
    from PIL import WebPImagePlugin  # noqa: F401

    one = next(iter(kept.values()))
    kw = min(one.width, SPRITE_TILE_W * 4)  # the thumbnail is at most 640 wide
    kh = max(2, round(kw * one.height / one.width / 2) * 2)
    images = {k: Image.fromarray(v.reformat(width=kw, height=kh, format="rgb24").to_ndarray())
              for k, v in kept.items()}
    at = min(images, key=lambda k: abs(k - frames // 3))
    t = images[at].copy()
    t.thumbnail((640, 640))
    t.save(thumb, "WEBP", quality=80, method=0)  # method 0: the fastest of WebP's encoders
    tiles = [images[k] for k in sorted(images)][:SPRITE_TILES]
    tw = SPRITE_TILE_W
    th = max(1, round(tw * tiles[0].height / tiles[0].width))
    cols = 5
    rows = (len(tiles) + cols - 1) // cols
    sheet = Image.new("RGB", (tw * cols, th * rows))
    for i, im in enumerate(tiles):
        sheet.paste(im.resize((tw, th)), ((i % cols) * tw, (i // cols) * th))
    sheet.save(sprites, "JPEG", quality=80)
