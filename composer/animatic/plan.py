"""What the shot's words mean on screen: figures by shot size, horizon by angle, lens, light, move, timing.

A Plan is the ClipSpec interpreted once. Everything drawn, moved or heard comes from it, so the video,
the boards and the tests read the same decisions. Geometry is in *working* pixels: the picture is
composed at a lower resolution than the output (text is not) and scaled up once per frame.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

from composer.animatic import vocab
from composer.animatic.spec import Caption, ClipSpec
from composer.prompt.speech import PAUSE_PER_LINE, WORDS_PER_SECOND, spoken_seconds

WORKING_LONG_SIDE = 640  # the picture's long side before the scale-up (cost grows with its area)
MARGIN = 1.4  # layers are drawn this much larger than the view, so moves never show an edge
CUT_MARK = "✂"

# Shot size -> (head height as a fraction of the frame, anchor, anchor position): "eye" puts the eyes at that
# height (eye line on the upper third, as the guides frame people); "feet" stands the figure there.
FRAMINGS: dict[str, tuple[float, str, float]] = {
    "ews": (0.014, "feet", 0.80), "ws": (0.083, "feet", 0.90), "fs": (0.11, "feet", 0.95),
    "mws": (0.135, "eye", 0.30), "ms": (0.215, "eye", 0.33), "mcu": (0.33, "eye", 0.36),
    "cu": (0.52, "eye", 0.42), "ecu": (1.7, "eye", 0.50), "two": (0.17, "eye", 0.34),
    "ots": (0.20, "eye", 0.35), "pov": (0.075, "feet", 0.86), "insert": (0.30, "eye", 0.50),
}
FRAMING_NAMES = {"ews": "extreme wide", "ws": "wide", "fs": "full shot", "mws": "medium wide", "ms": "medium",
                 "mcu": "medium close-up", "cu": "close-up", "ecu": "extreme close-up", "two": "two-shot",
                 "ots": "over-the-shoulder", "pov": "point of view", "insert": "insert"}
DEPTH = {"far": 0.3, "mid": 0.65, "figure": 1.0, "fore": 1.45}
SPEED = {"slow": 0.6, "fast": 1.6}
DEFAULT_PALETTE = ("#27303b", "#5d6b7a", "#c9b48a")


@dataclass(frozen=True)
class Figure:
    label: str  # as the shot names it; empty when it names none
    kind: str  # person | prop | back (an over-the-shoulder foreground, seen from behind)
    x: float  # centre line, base-view working px
    eye_y: float  # eyes (a person) or centre (a prop)
    hu: float  # head height in working px: the body is measured in heads
    depth: float
    colour: tuple[int, int, int]
    facing: int  # -1 looks screen-left, 1 screen-right


@dataclass(frozen=True)
class Light:
    side: str  # left | right | top | back | front
    warmth: float  # -1 cool .. 1 warm
    hard: bool
    key: tuple[int, int, int]
    fill: tuple[int, int, int]


@dataclass(frozen=True)
class Move:
    kind: str  # static push pull zoom truck pan tilt crane orbit flyover
    direction: int  # -1 left/up/out, 1 right/down/in
    amount: float
    shake: float  # handheld amplitude, fraction of the frame width
    label: str  # as the shot names it; empty when it names none


@dataclass(frozen=True)
class Cue:
    """A dialogue line placed in time; ``cut`` when the clip ends before the line does."""

    start: float
    end: float
    speaker: str
    emotion: str
    text: str  # as shown (cut lines end with the cut mark)
    spoken: str  # as said (cut lines are shortened to what fits)
    cut: bool


@dataclass
class Plan:
    spec: ClipSpec
    w0: int
    h0: int
    framing: str
    angle: str
    roll: float  # degrees of Dutch tilt
    horizon: float  # base-view y of the horizon (may lie outside the frame)
    lens_mm: float
    blur: float  # background blur radius, working px
    setting: str
    time_of_day: str
    weather: list[str]
    colours: list[tuple[int, int, int]]
    light: Light
    move: Move
    figures: list[Figure]
    focus: tuple[float, float]
    beats: list[Caption]
    cues: list[Cue]
    notes: list[str] = field(default_factory=list)
    seed: int = 0

    @property
    def frames(self) -> int:
        return max(1, round(self.spec.seconds * self.spec.fps))

    @property
    def canvas(self) -> tuple[int, int]:
        return _even(self.w0 * MARGIN), _even(self.h0 * MARGIN)

    def camera_note(self) -> str:
        """Framing, angle, lens and move as the shot names them (and what was assumed where it names none)."""
        s = self.spec
        parts = [p.strip() for p in (s.framing, s.angle, s.lens, s.camera_movement) if p.strip()]
        if not s.framing.strip() or not vocab.kind("framing", s.framing):
            parts.insert(0, f"{FRAMING_NAMES[self.framing]} (assumed)")
        return " · ".join(parts)

    def window(self, depth: float, t: float) -> tuple[float, float, float, float]:
        """The part of a layer at ``depth`` the camera sees at ``t``: (x, y, w, h) in canvas px."""
        s, ox, oy = _camera(self, depth, t)
        cw, ch = self.canvas
        w, h = self.w0 / s, self.h0 / s
        fx, fy = self.focus
        x = fx - fx / s + ox + (cw - self.w0) / 2
        y = fy - fy / s + oy + (ch - self.h0) / 2
        return min(max(x, 0.0), cw - w), min(max(y, 0.0), ch - h), w, h

    def beat_at(self, t: float) -> int | None:
        """Index of the beat on screen at ``t`` (the latest started), or None."""
        live = [i for i, b in enumerate(self.beats) if b.start <= t < b.end]
        return max(live, key=lambda i: self.beats[i].start) if live else None

    def cue_at(self, t: float) -> int | None:
        return next((i for i, c in enumerate(self.cues) if c.start <= t < c.end), None)


def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


def _rgb(hex_: str) -> tuple[int, int, int]:
    h = hex_.lstrip("#")
    try:
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    except (ValueError, IndexError):
        return 93, 107, 122


def luma(c: tuple[int, int, int]) -> float:
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def _smooth(p: float) -> float:
    p = min(max(p, 0.0), 1.0)
    return p * p * (3 - 2 * p)


def _camera(plan: Plan, depth: float, t: float) -> tuple[float, float, float]:
    """Scale and offset (working px) of the layer at ``depth`` at time ``t``: the move, then the shake."""
    m, w0, h0 = plan.move, plan.w0, plan.h0
    p = _smooth(t / plan.spec.seconds) if plan.spec.seconds > 0 else 0.0
    a = m.amount
    s, ox, oy = 1.0, 0.0, 0.0
    # A dolly grows what is near and leaves the far background its size (it is far: a skyline, a wall across a
    # room); that is the parallax a zoom lacks, and the background layer then needs no rescaling per frame.
    grow = max(0.0, (depth - DEPTH["far"]) / (1 - DEPTH["far"]))
    if m.kind in ("push", "flyover"):
        s = 1 + 0.32 * a * p * grow
    elif m.kind == "pull":
        s = 1 + 0.32 * a * (1 - p) * grow
    elif m.kind == "zoom":
        s = 1 + 0.4 * a * (p if m.direction > 0 else 1 - p)
    elif m.kind == "truck":
        ox = m.direction * 0.13 * w0 * a * (2 * p - 1) * depth
    elif m.kind == "pan":
        ox = m.direction * 0.15 * w0 * a * (2 * p - 1)
    elif m.kind == "tilt":
        oy = m.direction * 0.12 * h0 * a * (2 * p - 1)
    elif m.kind == "crane":
        oy = m.direction * 0.12 * h0 * a * (2 * p - 1) * depth
    elif m.kind == "orbit":
        theta = 0.6 * a * (2 * p - 1)
        ox = -math.sin(theta) * 0.3 * w0 * (depth - 1)
        s = 1 + 0.03 * (1 - math.cos(theta))
    if m.kind == "flyover":
        oy = -0.1 * h0 * a * (2 * p - 1) * depth
    if m.shake:
        ph = plan.seed % 1000 / 159.0
        ox += m.shake * w0 * (0.6 * math.sin(2 * math.pi * 0.53 * t + ph) + 0.3 * math.sin(2 * math.pi * 1.37 * t
                                                                                              + 2 * ph)
                              + 0.1 * math.sin(2 * math.pi * 3.1 * t + 3 * ph))
        oy += m.shake * w0 * (0.5 * math.sin(2 * math.pi * 0.71 * t + 5 * ph) + 0.35 * math.sin(2 * math.pi * 1.9 * t
                                                                                                 + ph)
                              + 0.15 * math.sin(2 * math.pi * 4.3 * t + 4 * ph))
    return s, ox, oy


def _move(spec: ClipSpec, notes: list[str]) -> Move:
    text = spec.camera_movement
    kinds = vocab.kinds("move", text)
    base = next((k for k in kinds if k != "static"), "static" if kinds else "")
    shake = 0.0
    if vocab.kind("move_shake", text):
        shake = 0.0035 if vocab.kind("move_speed", text) == "slow" else 0.007
    if not text.strip():
        notes.append("no camera move set: the camera holds still")
    elif not base and not shake:
        notes.append(f"camera move '{_short(text)}' not recognised: the camera holds still")
    dirs = vocab.kinds("move_direction", text)
    sign = -1 if any(d in ("left", "up", "out") for d in dirs) else 1
    kind = base or "static"
    if kind == "zoom" and "out" in dirs:
        sign = -1
    if kind == "crane" and "down" not in dirs:
        sign = -1  # a crane rises unless told otherwise
    amount = SPEED.get(vocab.kind("move_speed", text) or "", 1.0) if kind != "static" else 0.0
    return Move(kind, sign, amount, shake, " ".join(text.split()))


def _light(spec: ClipSpec) -> Light:
    items = [x.strip() for x in spec.lighting.split(",") if x.strip()]
    key_text = items[0] if items else ""
    side = vocab.kind("light_side", key_text) or vocab.kind("light_side", spec.lighting) or "left"
    warm = vocab.kinds("light_warmth", key_text) or vocab.kinds("light_warmth", spec.lighting)
    warmth = (1.0 if "warm" in warm else 0.0) - (1.0 if "cool" in warm else 0.0)
    fill_w = vocab.kinds("light_warmth", " ".join(items[1:]))
    fill_warmth = (1.0 if "warm" in fill_w else 0.0) - (1.0 if "cool" in fill_w else 0.0)
    hard = vocab.kind("light_hardness", spec.lighting) == "hard"

    def tint(w: float, bright: float) -> tuple[int, int, int]:
        base = (255, 196, 128) if w > 0 else (130, 196, 255) if w < 0 else (255, 248, 236)
        return (round(base[0] * bright), round(base[1] * bright), round(base[2] * bright))
    return Light(side, warmth, hard, tint(warmth, 1.0), tint(fill_warmth, 0.55))


def _short(text: str, n: int = 28) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _cues(spec: ClipSpec, notes: list[str]) -> list[Cue]:
    """Dialogue in time: spread over the clip when it fits, else back to back and cut where the clip ends."""
    lines = [d for d in spec.dialogue if d.text.strip()]
    if not lines:
        return []
    secs = spec.seconds
    dur = [max(0.6, spoken_seconds(d.text)) for d in lines]
    total = sum(dur) + PAUSE_PER_LINE * (len(lines) - 1)
    lead = min(0.3, secs * 0.05)
    gap = (secs - total) / (len(lines) + 1) if total <= secs - 2 * lead else 0.0
    t = gap if gap > 0 else lead
    out: list[Cue] = []
    for i, (d, n) in enumerate(zip(lines, dur, strict=True)):
        if t >= secs - 0.25:
            notes.append(f"{len(lines) - i} dialogue line(s) do not fit in {secs:g} s: not shown")
            break
        end = t + n
        text, spoken, cut = d.text, d.text, False
        if end > secs:
            words = d.text.split()
            keep = max(1, int((secs - t) * WORDS_PER_SECOND))
            spoken = " ".join(words[:keep])
            text = f"{spoken} {CUT_MARK}"
            cut = True
            notes.append(f"{CUT_MARK} {d.speaker or 'line'}: runs {end - secs:.1f} s past the end, cut")
            end = secs
        linger = min(0.5, max(gap, PAUSE_PER_LINE) * 0.8)
        out.append(Cue(round(t, 3), round(min(secs, end + linger), 3), d.speaker, d.emotion, text, spoken, cut))
        t = end + PAUSE_PER_LINE + max(gap, 0.0)
    for a, b in zip(out, out[1:], strict=False):  # never two subtitles at once
        if a.end > b.start:
            out[out.index(a)] = Cue(a.start, b.start, a.speaker, a.emotion, a.text, a.spoken, a.cut)
    return out


def _figures(spec: ClipSpec, framing: str, w0: int, h0: int, angle: str, light: Light,
             colours: list[tuple[int, int, int]]) -> list[Figure]:
    frac, anchor, pos = FRAMINGS[framing]
    size = min(h0, w0 * 1.1)  # a tall frame is framed by its width: shoulders must fit across it
    hu = frac * size
    eye = pos * h0 if anchor == "eye" else pos * h0 - 7.0 * hu
    if angle == "high":
        eye += 0.04 * h0
    elif angle in ("low", "worm"):
        eye -= 0.03 * h0
    names = list(spec.figures)
    subject_person = bool(names) or bool(vocab.person_word(spec.subject or spec.setting))
    if not names:
        word = vocab.person_word(spec.subject or spec.setting) if subject_person else None
        names = [word if word else _prop_label(spec.subject)]
    names = [n.upper() for n in names]
    kind = "person" if subject_person else "prop"
    if framing == "insert":
        kind = "prop"
    if kind == "prop":  # an object sits in the middle of the frame, a little smaller than a head and shoulders
        hu *= 0.8
        eye = 0.52 * h0 if anchor == "eye" else eye
    portrait = h0 > w0
    # The subject faces into the frame, away from the edge nearer to it; a key light from one side puts
    # the subject on the other third, looking into the light (a classic "short side" lighting choice).
    left_third = light.side != "left"
    fig_colours = sorted(colours, key=lambda c: abs(luma(c) - 128))[:2] or [(90, 100, 115)]
    out: list[Figure] = []
    if framing in ("cu", "ecu", "insert"):
        names = names[:1]  # a close-up is of one subject; the others are off screen
    hands = Figure("POV", "hands", w0 * 0.5, 0.98 * h0, 0.09 * size, DEPTH["fore"], (60, 52, 48), 0)
    if framing == "two" or (len(names) >= 2 and framing != "ots"):
        shown = names[:4] if framing != "two" else (names + ["(SECOND FIGURE)"])[:max(2, min(4, len(names)))]
        n = len(shown)
        for i, name in enumerate(shown):
            x = w0 * (i + 1) / (n + 1) if n > 2 else w0 * (1 / 3 if i == 0 else 2 / 3)
            out.append(Figure(name, kind, x, eye, hu, DEPTH["figure"], fig_colours[i % len(fig_colours)],
                              1 if x < w0 / 2 else -1))
        return [*out, hands] if framing == "pov" else out
    if framing == "ots":
        x = w0 * (0.62 if left_third else 0.38)
        out.append(Figure(names[0], kind, x, eye, hu, DEPTH["figure"], fig_colours[0], -1 if x > w0 / 2 else 1))
        other = names[1] if len(names) > 1 else ""
        bx = w0 * (0.1 if x > w0 / 2 else 0.9)
        out.append(Figure(other, "back", bx, 0.44 * h0, 0.42 * size, DEPTH["fore"], (28, 30, 34), 1 if bx < x else -1))
        return out
    if framing in ("ecu", "cu", "insert") or portrait:
        x = w0 * 0.5 if framing in ("ecu", "insert") or portrait else w0 * (0.42 if left_third else 0.58)
    else:
        x = w0 * (1 / 3 if left_third else 2 / 3)
    out.append(Figure(names[0], kind, x, eye, hu, DEPTH["figure"], fig_colours[0], 1 if x <= w0 / 2 else -1))
    return [*out, hands] if framing == "pov" else out


def _prop_label(subject: str) -> str:
    words = [w.strip(",.;:") for w in subject.split()]
    stop = {"rest", "rests", "sits", "sit", "stands", "stand", "is", "are", "on", "in", "at", "with", "lies",
            "hangs", "floats", "spins", "against", "under", "over", "near", "by", "runs", "walks", "waits", "looks",
            "moves", "flies", "jumps", "drives", "rides", "swims", "turns", "glides", "rolls", "falls", "leans",
            "holds", "opens", "works", "sails", "crosses", "of", "and", "from", "to", "through", "across"}
    label = []
    for w in words:
        if w.lower() in stop:
            break
        if w.lower() not in ("a", "an", "the"):
            label.append(w)
    return " ".join(label[:3]).upper() or "SUBJECT"


def make_plan(spec: ClipSpec) -> Plan:
    """Interpret ``spec`` once: every later step reads these decisions."""
    notes: list[str] = []
    k = min(1.0, WORKING_LONG_SIDE / max(spec.width, spec.height))
    w0, h0 = _even(spec.width * k), _even(spec.height * k)
    framing = vocab.kind("framing", spec.framing) or ""
    if not spec.framing.strip():
        notes.append("no framing set: drawn as a medium shot")
    elif not framing:
        notes.append(f"framing '{_short(spec.framing)}' not recognised: drawn as a medium shot")
    framing = framing or "ms"
    angle = vocab.kind("angle", spec.angle) or "eye"
    roll = 12.0 if angle == "dutch" else 0.0
    lens = vocab.lens_mm(spec.lens) or (24.0 if framing in ("ews", "ws") else 35.0)
    focus_kind = vocab.kind("lens_focus", spec.lens)
    blur = 0.0 if focus_kind == "deep" else w0 * min(0.02, 0.003 * lens / 35) if (
        focus_kind == "shallow" or lens >= 70) else 0.0
    setting = vocab.best("setting", spec.setting) or "generic"
    colours = [_rgb(c) for c in (spec.palette or DEFAULT_PALETTE)]
    light = _light(spec)
    move = _move(spec, notes)
    figures = _figures(spec, framing, w0, h0, angle, light, colours)
    main = figures[0]
    focus = (main.x, min(max(main.eye_y, 0.15 * h0), 0.85 * h0))  # a push-in closes in on the eyes
    eye_line = main.eye_y if framing not in ("ews", "ws", "fs", "pov") else h0 * 0.5
    horizon = {"high": eye_line - 0.2 * h0, "low": eye_line + 0.22 * h0, "worm": eye_line + 0.4 * h0,
               "top": -h0}.get(angle, eye_line)
    beats = []
    for i, b in enumerate(spec.beats):
        if b.start >= spec.seconds:
            notes.append(f"beat {i + 1} starts at {b.start:g} s, after the clip's {spec.seconds:g} s: not shown")
            continue
        beats.append(Caption(b.start, min(b.end, spec.seconds) if b.end > b.start else spec.seconds, b.text))
    if not beats:
        notes.append("no action beats: the shot is one panel")
    cues = _cues(spec, notes)
    seed = zlib.crc32(" ".join((spec.setting, " ".join(spec.palette))).encode())
    return Plan(spec, w0, h0, framing, angle, roll, horizon, lens, blur, setting,
                vocab.kind("time_of_day", spec.setting) or "", vocab.kinds("weather", spec.setting), colours, light,
                move, figures, focus, beats, cues, notes, seed)
