"""Draw the picture's layers once: background (setting, sky, key-light glow), set pieces, figures, foreground.

Each layer is a still larger than the view; the camera move later crops and scales each at its own depth,
which is what makes parallax. Shapes are drawn at twice the size and reduced, for smooth edges without a
vector library.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from composer.animatic.plan import DEPTH, Figure, Plan, luma

SS = 2  # supersampling of every drawn layer
RGB = tuple[int, int, int]


@dataclass
class Layer:
    name: str
    image: Image.Image  # RGB for the background, RGBA above it; canvas size
    depth: float


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def scale(c: RGB, k: float) -> RGB:
    return (min(255, round(c[0] * k)), min(255, round(c[1] * k)), min(255, round(c[2] * k)))


def _saturation(c: RGB) -> float:
    return (max(c) - min(c)) / 255


class _Pen:
    """Draw in canvas px onto an SS-times larger RGBA image."""

    def __init__(self, plan: Plan, fill: tuple[int, int, int, int] = (0, 0, 0, 0)) -> None:
        cw, ch = plan.canvas
        self.size = (cw, ch)
        self.img = Image.new("RGBA", (cw * SS, ch * SS), fill)
        self.d = ImageDraw.Draw(self.img)
        self.mx, self.my = (cw - plan.w0) / 2, (ch - plan.h0) / 2  # base view -> canvas

    def xy(self, pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [((x + self.mx) * SS, (y + self.my) * SS) for x, y in pts]

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (a, b), (c, d) = self.xy([(min(x0, x1), min(y0, y1)), (max(x0, x1), max(y0, y1))])
        return a, b, c, d

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: RGB | tuple[int, ...], r: float = 0) -> None:
        if r:
            self.d.rounded_rectangle(self.box(x0, y0, x1, y1), radius=r * SS, fill=tuple(fill))
        else:
            self.d.rectangle(self.box(x0, y0, x1, y1), fill=tuple(fill))

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: RGB | tuple[int, ...]) -> None:
        self.d.ellipse(self.box(cx - rx, cy - ry, cx + rx, cy + ry), fill=tuple(fill))

    def poly(self, pts: list[tuple[float, float]], fill: RGB | tuple[int, ...]) -> None:
        self.d.polygon(self.xy(pts), fill=tuple(fill))

    def line(self, pts: list[tuple[float, float]], fill: RGB | tuple[int, ...], width: float) -> None:
        self.d.line(self.xy(pts), fill=tuple(fill), width=max(1, round(width * SS)))

    def done(self, blur: float = 0.0) -> Image.Image:
        """The drawing at canvas size (the reduction is the antialiasing), blurred when out of focus.

        Only the drawn part is reduced: most of a figure's layer is empty, and Pillow premultiplies and
        divides out the alpha of every pixel it resizes. A box filter at exactly 1/SS reads each output
        pixel from its own SS x SS block, so a block-aligned part gives the same pixels as the whole.
        """
        box = self.img.getbbox()
        if box is None:
            out = Image.new("RGBA", self.size, (0, 0, 0, 0))
        else:
            x0, y0 = box[0] // SS, box[1] // SS
            x1, y1 = min(self.size[0], -(-box[2] // SS)), min(self.size[1], -(-box[3] // SS))
            part = self.img.crop((x0 * SS, y0 * SS, x1 * SS, y1 * SS)).resize((x1 - x0, y1 - y0), Image.Resampling.BOX)
            out = Image.new("RGBA", self.size, (0, 0, 0, 0))
            out.paste(part, (x0, y0))
        return out.filter(ImageFilter.GaussianBlur(blur)) if blur > 0.4 else out


def _roles(plan: Plan) -> dict[str, RGB]:
    cs = sorted(plan.colours, key=luma)
    dark, light = cs[0], cs[-1]
    mid = cs[len(cs) // 2]
    accent = max(plan.colours, key=_saturation)
    night = plan.time_of_day == "night"
    golden = plan.time_of_day == "golden"
    if plan.setting == "studio":
        top, horizon, ground = mix(light, (255, 255, 255), 0.2), mix(light, mid, 0.15), mix(light, mid, 0.3)
    elif plan.setting == "interior":
        top = scale(mix(mid, dark, 0.45), 0.85)
        horizon, ground = mix(mid, light, 0.15), scale(mix(dark, mid, 0.3), 0.8)
    elif night:
        ink = (12, 13, 20)
        top, horizon, ground = mix(scale(dark, 0.4), ink, 0.5), mix(mix(dark, mid, 0.4), ink, 0.35), mix(
            scale(dark, 0.4), ink, 0.55)
    elif golden:
        top, horizon = mix(mid, (80, 70, 110), 0.35), mix(light, (255, 190, 120), 0.45)
        ground = mix(dark, mid, 0.4)
    else:
        top, horizon, ground = mix(light, (150, 185, 220), 0.45), mix(light, (240, 240, 235), 0.4), mix(dark, mid, 0.5)
    return {"dark": dark, "mid": mid, "light": light, "accent": accent, "top": top, "horizon": horizon,
            "ground": ground}


def _gradient(h: int, w: int, stops: list[tuple[float, RGB]]) -> np.ndarray:
    ys = np.linspace(0, 1, h)
    pos = [p for p, _c in stops]
    chans = [np.interp(ys, pos, [c[i] for _p, c in stops]) for i in range(3)]
    col: np.ndarray = np.stack(chans, axis=1).astype(np.float32)
    out: np.ndarray = np.repeat(col[:, None, :], w, axis=1)
    return out


def _glow(plan: Plan, h: int, w: int) -> np.ndarray:
    """How much of the key light reaches each point of the background (0..1): bright near its side."""
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs /= w
    ys /= h
    side = plan.light.side
    cx, cy = {"left": (-0.1, 0.35), "right": (1.1, 0.35), "top": (0.5, -0.25), "back": (0.5, 0.45),
              "front": (0.5, 0.5)}[side]
    d = np.sqrt((xs - cx) ** 2 + ((ys - cy) * 0.8) ** 2)
    reach = 0.55 if plan.light.hard else 0.9
    g: np.ndarray = np.clip(1 - d / reach, 0, 1) ** (2.2 if plan.light.hard else 1.4)
    return g


def _background(plan: Plan, roles: dict[str, RGB]) -> Image.Image:
    cw, ch = plan.canvas
    my = (ch - plan.h0) / 2
    hz = (plan.horizon + my) / ch
    if plan.angle == "top":
        stops = [(0.0, roles["ground"]), (1.0, scale(roles["ground"], 0.85))]
    elif plan.setting == "studio":
        stops = [(0.0, roles["top"]), (max(0.05, min(0.95, hz + 0.1)), roles["horizon"]), (1.0, roles["ground"])]
    else:
        h1 = max(0.02, min(0.98, hz))
        stops = [(0.0, roles["top"]), (h1, roles["horizon"]), (min(1.0, h1 + 0.002), roles["ground"]),
                 (1.0, scale(roles["ground"], 0.75))]
    base = _gradient(ch, cw, stops)
    key = np.array(plan.light.key, dtype=np.float32)
    glow = _glow(plan, ch, cw)[..., None]
    strength = 0.55 if plan.light.hard else 0.4
    lit = base + (key * 0.9 - base * 0.3) * glow * strength
    shade = 1 - 0.35 * (1 - glow) * (0.9 if plan.light.hard else 0.6)
    out = np.clip(lit * shade, 0, 255).astype(np.uint8)
    return Image.fromarray(out, "RGB")


def _far(plan: Plan, roles: dict[str, RGB]) -> Image.Image:
    pen = _Pen(plan)
    rnd = random.Random(plan.seed)
    w0, h0, hz = plan.w0, plan.h0, plan.horizon
    b = max(0.55, min(2.2, (plan.lens_mm / 35) ** 0.7))  # a long lens magnifies the background
    span = (-pen.mx, w0 + pen.mx)
    night = plan.time_of_day == "night"
    accents = sorted(plan.colours, key=_saturation, reverse=True)
    if plan.angle == "top":  # the ground seen from above: a floor grid
        step = 0.12 * w0 * b
        x = span[0]
        while x < span[1]:
            pen.line([(x, -pen.my), (x, h0 + pen.my)], scale(roles["ground"], 0.8), 1)
            x += step
        y = -pen.my
        while y < h0 + pen.my:
            pen.line([(span[0], y), (span[1], y)], scale(roles["ground"], 0.8), 1)
            y += step
        out = _background(plan, roles).convert("RGBA")
        out.alpha_composite(pen.done())
        return out.convert("RGB")
    if plan.setting == "street":
        x = span[0]
        while x < span[1]:
            bw = (0.07 + 0.09 * rnd.random()) * w0 * b
            bh = (0.12 + 0.35 * rnd.random()) * h0 * b
            col = scale(mix(roles["dark"], roles["mid"], 0.3 * rnd.random()), 0.55 if night else 0.9)
            pen.rect(x, hz - bh, x + bw - 2, hz + 1, col)
            win = max(2.0, 0.012 * w0 * b)
            for wy in np.arange(hz - bh + win * 1.5, hz - win, win * 2.2):
                for wx in np.arange(x + win, x + bw - win * 1.5, win * 2.0):
                    if rnd.random() < (0.45 if night else 0.25):
                        lit = mix((255, 214, 150), accents[0], 0.3 * rnd.random()) if night else scale(col, 1.25)
                        pen.rect(wx, wy, wx + win, wy + win * 1.2, lit)
            if night and rnd.random() < 0.45:
                sign = accents[rnd.randrange(len(accents))]
                sx = x + bw * 0.3
                pen.rect(sx, hz - bh * 0.8, sx + bw * 0.22, hz - bh * 0.35, scale(sign, 1.2), r=2)
            x += bw
        vx = w0 / 2
        for k in range(-4, 5):
            pen.line([(vx, hz), (vx + k * 0.5 * w0, h0 + pen.my)], scale(roles["ground"], 1.35), 1.2)
    elif plan.setting == "water":
        pts = [(span[0], hz)]
        x = span[0]
        while x <= span[1]:
            pts.append((x, hz - (0.015 + 0.04 * rnd.random()) * h0 * b))
            x += 0.05 * w0
        pts.append((span[1], hz))
        pen.poly(pts, mix(roles["horizon"], roles["mid"], 0.45))
        px = w0 * (0.75 if plan.light.side != "right" else 0.25)
        pen.rect(px, hz - 0.05 * h0 * b, px + 0.35 * w0, hz - 0.035 * h0 * b, scale(roles["dark"], 0.9))
        for k in range(6):
            pen.rect(px + k * 0.06 * w0, hz - 0.04 * h0 * b, px + k * 0.06 * w0 + 2, hz + 2, scale(roles["dark"], 0.9))
        for i in range(26):
            y = hz + (i + 1) ** 1.35 * 0.006 * h0
            x0 = span[0] + rnd.random() * (span[1] - span[0])
            pen.line([(x0, y), (x0 + (0.05 + 0.1 * rnd.random()) * w0, y)], mix(roles["ground"], roles["horizon"], 0.6),
                     1 + i * 0.08)
    elif plan.setting == "interior":
        floor = min(h0 + pen.my - 4, hz + 0.28 * h0)
        pen.rect(span[0], floor, span[1], h0 + pen.my, roles["ground"])
        pen.line([(span[0], floor), (span[1], floor)], scale(roles["ground"], 0.7), 2)
        wx = {"left": 0.02, "right": 0.7}.get(plan.light.side, 0.62) * w0
        ww, wh = 0.26 * w0 * b, 0.34 * h0 * b
        top = hz - wh * 0.7
        outside = (40, 60, 95) if "night" in (plan.time_of_day,) else mix(plan.light.key, (200, 220, 240), 0.4)
        pen.rect(wx, top, wx + ww, top + wh, scale(roles["dark"], 0.6))
        pen.rect(wx + 4, top + 4, wx + ww - 4, top + wh - 4, outside)
        pen.line([(wx + ww / 2, top), (wx + ww / 2, top + wh)], scale(roles["dark"], 0.6), 3)
        pen.line([(wx, top + wh / 2), (wx + ww, top + wh / 2)], scale(roles["dark"], 0.6), 3)
        if "rain" in plan.weather:  # rain is outside: on the glass
            for _ in range(14):
                rx, ry = wx + 6 + rnd.random() * (ww - 12), top + 6 + rnd.random() * (wh - 20)
                pen.line([(rx, ry), (rx - 2, ry + 0.06 * wh)], (*mix(outside, (255, 255, 255), 0.5), 150), 1)
        for k in range(4):
            fx = w0 * (0.08 + 0.22 * k) + rnd.random() * 0.05 * w0
            if wx - 0.08 * w0 < fx < wx + ww:
                continue
            fh = (0.08 + 0.08 * rnd.random()) * h0 * b
            fy = hz - 0.2 * h0 * b + rnd.random() * 0.1 * h0
            pen.rect(fx, fy, fx + fh * 1.3, fy + fh, scale(accents[k % len(accents)], 0.8))
            inner = mix(accents[k % len(accents)], roles["light"], 0.4)
            pen.rect(fx + 3, fy + 3, fx + fh * 1.3 - 3, fy + fh - 3, inner)
    elif plan.setting == "nature":
        for k, tone in enumerate((0.35, 0.6, 0.85)):
            pts = [(span[0], h0 + pen.my)]
            x = span[0]
            amp, per = (0.05 + 0.04 * k) * h0 * b, (0.5 + 0.3 * rnd.random()) * w0 * b
            ph = rnd.random() * 6.28
            while x <= span[1]:
                pts.append((x, hz - amp * (1.2 - 0.5 * k) + amp * math.sin(x / per * 6.28 + ph)))
                x += 0.02 * w0
            pts.append((span[1], h0 + pen.my))
            pen.poly(pts, mix(roles["horizon"], roles["dark"], tone))
    elif plan.setting == "studio":  # light stands either side of the seamless: something for a move to pass
        for sx in (0.06 * w0 - 0.1 * w0 * b, 0.94 * w0 + 0.1 * w0 * b):
            col = mix(roles["mid"], roles["horizon"], 0.3)
            pen.rect(sx - 2, hz - 0.25 * h0 * b, sx + 2, h0 + pen.my, col)
            pen.rect(sx - 0.06 * w0 * b, hz - 0.38 * h0 * b, sx + 0.06 * w0 * b, hz - 0.25 * h0 * b,
                     mix(plan.light.key, roles["horizon"], 0.5), r=3)
        pen.rect(span[0], hz + 0.1 * h0, span[1], hz + 0.14 * h0, (*scale(roles["horizon"], 0.93), 90))
    else:
        for _k in range(5):
            bx = span[0] + rnd.random() * (span[1] - span[0])
            bw, bh = (0.05 + 0.1 * rnd.random()) * w0 * b, (0.05 + 0.15 * rnd.random()) * h0 * b
            pen.rect(bx, hz - bh, bx + bw, hz, mix(roles["mid"], roles["horizon"], 0.4))
    if plan.time_of_day in ("golden", "day") and plan.setting in ("water", "nature", "generic", "street"):
        sx = {"left": 0.1, "right": 0.9}.get(plan.light.side, 0.5) * w0
        r = 0.05 * w0 * b
        pen.ellipse(sx, hz - r * 1.2, r, r, mix(plan.light.key, (255, 255, 230), 0.5))
    if "rain" in plan.weather and plan.setting != "interior":
        _rain(pen, rnd, roles, 90)
    out = _background(plan, roles).convert("RGBA")
    out.alpha_composite(pen.done())
    if "fog" in plan.weather:
        arr = np.zeros((out.height, out.width, 4), np.uint8)
        ys = (np.arange(out.height) - pen.my - hz) / plan.h0
        arr[..., :3] = roles["light"]
        arr[..., 3] = (np.clip(0.55 - np.abs(ys) * 1.6, 0, 0.55) * 255).astype(np.uint8)[:, None]
        out.alpha_composite(Image.fromarray(arr, "RGBA"))
    out = out.convert("RGB")
    return out.filter(ImageFilter.GaussianBlur(plan.blur)) if plan.blur > 0.4 else out


def _rain(pen: _Pen, rnd: random.Random, roles: dict[str, RGB], n: int) -> None:
    cw, ch = pen.size
    col = (*mix(roles["light"], (255, 255, 255), 0.3), 90)
    for _ in range(n):
        x, y = rnd.random() * cw - pen.mx, rnd.random() * ch - pen.my
        ln = (0.02 + 0.03 * rnd.random()) * ch
        pen.line([(x, y), (x - ln * 0.18, y + ln)], col, 0.8)


def _mid(plan: Plan, roles: dict[str, RGB]) -> Image.Image:
    pen = _Pen(plan)
    w0, h0, hz = plan.w0, plan.h0, plan.horizon
    main = plan.figures[0]
    other_side = w0 * (0.86 if main.x < w0 / 2 else 0.14)
    dark = scale(roles["dark"], 0.8)
    text = plan.spec.setting.lower() + " " + plan.spec.lighting.lower()
    if plan.angle == "top":
        return pen.done(plan.blur * 0.5)
    if plan.setting == "street":
        pen.rect(other_side - 3, hz - 0.42 * h0, other_side + 3, h0 + pen.my, dark)
        pen.rect(other_side - 14, hz - 0.44 * h0, other_side + 14, hz - 0.41 * h0, dark, r=4)
        glow = (*plan.light.key, 70) if plan.time_of_day == "night" else (*roles["light"], 40)
        pen.ellipse(other_side, hz - 0.39 * h0, 0.05 * w0, 0.04 * h0, glow)
        curb = min(h0 + pen.my - 6, hz + 0.33 * h0)
        pen.line([(-pen.mx, curb), (w0 + pen.mx, curb)], scale(roles["ground"], 1.4), 2)
        if "rain" in plan.weather:
            rnd = random.Random(plan.seed + 1)
            for _ in range(5):
                px, py = rnd.random() * w0, curb + rnd.random() * 0.12 * h0
                pen.ellipse(px, py, 0.06 * w0, 0.012 * h0, (*mix(roles["accent"], roles["light"], 0.3), 110))
    elif plan.setting == "water":
        rail = main.eye_y + 3.2 * main.hu if main.kind == "person" else hz + 0.25 * h0
        rail = min(max(rail, hz + 0.08 * h0), h0 + pen.my - 4)
        pen.rect(-pen.mx, rail, w0 + pen.mx, rail + max(3, 0.012 * h0), dark)
        pen.rect(-pen.mx, rail + 0.06 * h0, w0 + pen.mx, rail + 0.06 * h0 + 2, dark)
        x = -pen.mx
        while x < w0 + pen.mx:
            pen.rect(x, rail, x + 3, h0 + pen.my, dark)
            x += 0.16 * w0
    elif plan.setting == "interior":
        if main.kind == "person":
            top = main.eye_y + 3.0 * main.hu
            pen.rect(main.x - 2.6 * main.hu, top, main.x + 2.6 * main.hu, top + 0.35 * main.hu,
                     mix(roles["dark"], roles["mid"], 0.4), r=3)
            pen.rect(main.x - 2.4 * main.hu, top, main.x - 2.2 * main.hu, top + 2.6 * main.hu, dark)
            pen.rect(main.x + 2.2 * main.hu, top, main.x + 2.4 * main.hu, top + 2.6 * main.hu, dark)
        if any(w in text for w in ("lamp", "practical", "candle")):
            lx, ly = w0 * (0.86 if plan.light.side == "left" else 0.14), hz + 0.05 * h0
            pen.ellipse(lx, ly - 0.02 * h0, 0.09 * w0, 0.09 * w0, (*plan.light.key, 55))
            pen.poly([(lx - 0.03 * w0, ly), (lx + 0.03 * w0, ly), (lx + 0.02 * w0, ly - 0.06 * h0),
                      (lx - 0.02 * w0, ly - 0.06 * h0)], mix(plan.light.key, (255, 255, 255), 0.3))
            pen.rect(lx - 2, ly, lx + 2, ly + 0.12 * h0, dark)
    elif plan.setting == "studio" and "pedestal" in text:
        top = main.eye_y + 0.75 * main.hu if main.kind == "prop" else main.eye_y + 7.2 * main.hu
        rx = 1.3 * main.hu
        col = mix(roles["light"], roles["mid"], 0.25)
        pen.rect(main.x - rx, top, main.x + rx, h0 + pen.my, col)
        pen.ellipse(main.x, top, rx, 0.25 * rx, mix(col, (255, 255, 255), 0.35))
    elif plan.setting == "nature":
        tx = other_side
        pen.rect(tx - 4, hz - 0.1 * h0, tx + 4, hz + 0.25 * h0, dark)
        pen.ellipse(tx, hz - 0.17 * h0, 0.09 * w0, 0.13 * h0, mix(roles["dark"], roles["mid"], 0.3))
    if "rain" in plan.weather and plan.setting != "interior":
        _rain(pen, random.Random(plan.seed + 2), roles, 45)
    return pen.done(plan.blur * 0.5)


def _shade(img: Image.Image, box: tuple[int, int, int, int], plan: Plan) -> None:
    """Light the figure pixels inside ``box``: key side bright and tinted, far side in the fill's colour."""
    x0, y0, x1, y1 = (max(0, v) for v in box)
    x1, y1 = min(img.width, x1), min(img.height, y1)
    if x1 <= x0 or y1 <= y0:
        return
    region = np.asarray(img.crop((x0, y0, x1, y1)), dtype=np.float32)
    h, w = region.shape[:2]
    light = plan.light
    if light.side in ("left", "right"):
        g = np.linspace(1, 0, w)[None, :] if light.side == "left" else np.linspace(0, 1, w)[None, :]
        g = np.broadcast_to(g, (h, w))
    elif light.side == "top":
        g = np.broadcast_to(np.linspace(1, 0.1, h)[:, None], (h, w))
    else:
        g = np.full((h, w), 0.75 if light.side == "front" else 0.25)
    g = 1 / (1 + np.exp(-(g - 0.5) * 18)) if light.hard else 0.15 + 0.85 * g  # hard: a terminator, soft: a ramp
    key = np.array(light.key, np.float32) / 255
    fill = np.array(light.fill, np.float32) / 255
    tint = fill[None, None, :] * 0.75 + (key[None, None, :] * 1.2 - fill[None, None, :] * 0.75) * g[..., None]
    rgb = np.clip(region[..., :3] * tint, 0, 255)
    if light.side == "back":
        a = region[..., 3] / 255
        inner = np.asarray(Image.fromarray(region[..., 3].astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(max(2, w / 40))), np.float32) / 255
        rim = np.clip((a - inner) * 3, 0, 1)[..., None]
        rgb = rgb * (1 - rim) + (key * 255)[None, None, :] * rim
    region[..., :3] = rgb
    img.paste(Image.fromarray(region.astype(np.uint8), "RGBA"), (x0, y0))


def _person(pen: _Pen, f: Figure, plan: Plan) -> tuple[float, float, float, float]:
    """A mannequin measured in heads: head, neck, sloped shoulders, torso, arms, legs. Returns its canvas box."""
    hu, x, eye = f.hu, f.x, f.eye_y
    head_k = {"high": 1.1, "low": 0.92, "worm": 0.88}.get(plan.angle, 1.0)
    leg_k = {"high": 0.85, "low": 1.12, "worm": 1.25}.get(plan.angle, 1.0)
    body = f.colour
    skin = mix(body, (226, 196, 172), 0.65)
    top = eye - 0.5 * hu * head_k
    chin = eye + 0.5 * hu * head_k
    neck, sh = chin + 0.12 * hu, chin + 0.32 * hu
    waist, hips = sh + 1.75 * hu, sh + 2.45 * hu
    feet = hips + 3.5 * hu * leg_k
    hw = 0.39 * hu * head_k
    for side in (-1, 1):
        pen.poly([(x + side * 0.3 * hu, hips - 0.1 * hu), (x + side * 0.85 * hu, hips), (x + side * 0.7 * hu, feet),
                  (x + side * 0.18 * hu, feet)], scale(body, 0.8))
        pen.ellipse(x + side * 0.45 * hu + f.facing * 0.15 * hu, feet, 0.32 * hu, 0.12 * hu, scale(body, 0.6))
        pen.poly([(x + side * 0.85 * hu, sh + 0.05 * hu), (x + side * 1.1 * hu, sh + 0.35 * hu),
                  (x + side * 1.0 * hu, hips + 0.15 * hu), (x + side * 0.72 * hu, hips + 0.1 * hu)], scale(body, 0.9))
        pen.ellipse(x + side * 0.88 * hu, hips + 0.22 * hu, 0.17 * hu, 0.2 * hu, skin)
    pen.rect(x - 0.17 * hu, chin - 0.2 * hu, x + 0.17 * hu, sh + 0.2 * hu, scale(skin, 0.88))
    pen.poly([(x - 0.22 * hu, neck), (x - 0.85 * hu, sh), (x - 1.05 * hu, sh + 0.25 * hu),
              (x - 0.95 * hu, sh + 0.9 * hu), (x - 0.72 * hu, waist), (x - 0.8 * hu, hips), (x + 0.8 * hu, hips),
              (x + 0.72 * hu, waist),
              (x + 0.95 * hu, sh + 0.9 * hu), (x + 1.05 * hu, sh + 0.25 * hu), (x + 0.85 * hu, sh),
              (x + 0.22 * hu, neck), (x, neck + 0.25 * hu)], body)
    pen.ellipse(x, top + 0.5 * hu * head_k, hw, 0.5 * hu * head_k, skin)
    pen.ellipse(x - f.facing * 0.05 * hu, top + 0.3 * hu * head_k, hw * 1.02, 0.32 * hu * head_k,
                scale(mix(body, (40, 32, 28), 0.6), 0.9))
    pen.ellipse(x, top + 0.55 * hu * head_k, hw * 0.98, 0.42 * hu * head_k, skin)
    ex = x + f.facing * 0.1 * hu
    eye_r = 0.07 * hu
    for side in (-1, 1):
        cx = ex + side * 0.16 * hu
        if hu > 0.25 * plan.h0:  # close enough to see eyes as eyes
            pen.ellipse(cx, eye, eye_r * 1.7, eye_r, (238, 234, 228))
            pen.ellipse(cx + f.facing * eye_r * 0.4, eye, eye_r * 0.75, eye_r * 0.75, (45, 38, 34))
        else:
            pen.ellipse(cx, eye, eye_r * 0.8, eye_r * 0.8, (45, 38, 34))
    pen.poly([(ex + f.facing * 0.02 * hu, eye + 0.05 * hu), (ex + f.facing * 0.16 * hu, eye + 0.25 * hu),
              (ex, eye + 0.27 * hu)], scale(skin, 0.85))
    pen.line([(ex - 0.1 * hu, eye + 0.36 * hu), (ex + 0.1 * hu, eye + 0.36 * hu)], scale(skin, 0.6), max(1, 0.03 * hu))
    return x - 1.15 * hu, top, x + 1.15 * hu, feet + 0.15 * hu


def _prop(pen: _Pen, f: Figure, plan: Plan) -> tuple[float, float, float, float]:
    hu, x, cy = f.hu, f.x, f.eye_y
    w, h = 1.7 * hu, 1.3 * hu  # a stand-in block for an object subject
    pen.rect(x - w / 2, cy - h / 2, x + w / 2, cy + h / 2, f.colour, r=0.35 * hu)
    pen.ellipse(x, cy - h / 2 + 0.05 * hu, w * 0.42, 0.12 * hu, mix(f.colour, (255, 255, 255), 0.35))
    return x - w / 2, cy - h / 2, x + w / 2, cy + h / 2


def _back(pen: _Pen, f: Figure) -> None:
    """An over-the-shoulder foreground: a head and shoulder seen from behind, dark and close."""
    hu, x, y = f.hu, f.x, f.eye_y
    col = f.colour
    pen.poly([(x - 2.2 * hu, y + 3.5 * hu), (x - 1.4 * hu, y + 1.0 * hu), (x + 1.4 * hu, y + 1.0 * hu),
              (x + 2.2 * hu, y + 3.5 * hu)], col)
    pen.ellipse(x, y + 1.2 * hu, 1.45 * hu, 0.45 * hu, col)
    pen.ellipse(x, y, 0.42 * hu, 0.52 * hu, scale(col, 1.3))


def _hands(pen: _Pen, f: Figure, plan: Plan) -> None:
    skin = mix(f.colour, (226, 196, 172), 0.6)
    w0, y = plan.w0, f.eye_y
    for side in (-1, 1):
        bx = w0 / 2 + side * 0.32 * w0
        pen.poly([(bx - 0.06 * w0, y + 0.1 * plan.h0), (bx + 0.06 * w0, y + 0.1 * plan.h0),
                  (bx - side * 0.08 * w0 + 0.03 * w0, y - 0.16 * plan.h0),
                  (bx - side * 0.08 * w0 - 0.03 * w0, y - 0.16 * plan.h0)], skin)
        pen.ellipse(bx - side * 0.08 * w0, y - 0.17 * plan.h0, 0.04 * w0, 0.03 * plan.h0, skin)


def _figures(plan: Plan, which: str) -> Image.Image:
    pen = _Pen(plan)
    for f in plan.figures:
        if (which == "fore") != (f.depth > DEPTH["figure"]):
            continue
        if f.kind == "back":
            _back(pen, f)
            continue
        if f.kind == "hands":
            _hands(pen, f, plan)
            continue
        if plan.angle == "top":
            pen.ellipse(f.x, f.eye_y + 1.2 * f.hu, 1.1 * f.hu, 0.55 * f.hu, f.colour)
            pen.ellipse(f.x, f.eye_y + 1.2 * f.hu, 0.42 * f.hu, 0.42 * f.hu, scale(f.colour, 0.6))
            continue
        box = _person(pen, f, plan) if f.kind == "person" else _prop(pen, f, plan)
        x0, y0, x1, y1 = box
        _shade(pen.img, (round((x0 + pen.mx) * SS), round((y0 + pen.my) * SS), round((x1 + pen.mx) * SS),
                         round((y1 + pen.my) * SS)), plan)
        _contact_shadow(pen, f, box, plan)
    blur = plan.w0 * 0.006 if which == "fore" else 0.0
    return pen.done(blur)


def _contact_shadow(pen: _Pen, f: Figure, box: tuple[float, float, float, float], plan: Plan) -> None:
    """A soft shadow on the ground at the feet, thrown away from the key light."""
    feet = box[3]
    if feet > plan.h0 + pen.my:
        return
    away = {"left": 1, "right": -1}.get(plan.light.side, 0)
    length = (1.6 if plan.light.hard else 1.0) * f.hu
    rx, ry = (1.0 * f.hu + length * 0.6) * SS, max(1.0, 0.22 * f.hu * SS)
    blur = max(1.0, (0.6 if plan.light.hard else 1.6) * f.hu)
    m = int(rx + 3 * blur * SS) + 2
    cx, cy = (f.x + away * length + pen.mx) * SS, (feet - 0.1 * f.hu + pen.my) * SS
    region = (int(cx - m), int(cy - m), int(cx + m), int(cy + m))
    shadow = Image.new("RGBA", (region[2] - region[0], region[3] - region[1]), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).ellipse((m - rx, m - ry, m + rx, m + ry), fill=(0, 0, 0, 120 if plan.light.hard else 80))
    shadow = shadow.filter(ImageFilter.GaussianBlur(blur * SS / 2))
    under = pen.img.crop(region)
    pen.img.paste(Image.alpha_composite(shadow, under), region[:2])


def draw_layers(plan: Plan) -> list[Layer]:
    """The layers from back to front, each with the depth its parallax moves at."""
    from concurrent.futures import ThreadPoolExecutor

    roles = _roles(plan)
    fore = any(f.depth > DEPTH["figure"] for f in plan.figures)
    # Pillow and numpy let go of the GIL while they fill, blur and resize: the layers draw side by side.
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="animatic-layer") as pool:
        far_job = pool.submit(_far, plan, roles)
        mid_job = pool.submit(_mid, plan, roles)
        fig_job = pool.submit(_figures, plan, "figure")
        fore_job = pool.submit(_figures, plan, "fore") if fore else None
        far = far_job.result()
        if plan.spec.reference_image is not None:
            far = _reference(plan, far)
        layers = [Layer("far", far, 0.45 if plan.lens_mm >= 70 else DEPTH["far"]),
                  Layer("mid", mid_job.result(), DEPTH["mid"]), Layer("figure", fig_job.result(), DEPTH["figure"])]
        if fore_job is not None:
            layers.append(Layer("fore", fore_job.result(), DEPTH["fore"]))
    if plan.roll:
        for layer in layers:
            fill = layer.image.getpixel((layer.image.width // 2, 2)) if layer.name == "far" else (0, 0, 0, 0)
            layer.image = layer.image.rotate(plan.roll, resample=Image.Resampling.BICUBIC, fillcolor=fill)
    return layers


def _reference(plan: Plan, fallback: Image.Image) -> Image.Image:
    """The shot's reference image as the background, scaled to cover the canvas."""
    import contextlib

    assert plan.spec.reference_image is not None
    with contextlib.suppress(OSError, ValueError), Image.open(plan.spec.reference_image) as src:
        return cover(src.convert("RGB"), plan.canvas)
    return fallback


def cover(rgb: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``rgb`` scaled to cover ``size`` (w, h) and centre-cropped: no bars (a background, a pinned frame)."""
    cw, ch = size
    if rgb.size == size:
        return rgb
    k = max(cw / rgb.width, ch / rgb.height)
    big = rgb.resize((max(cw, round(rgb.width * k)), max(ch, round(rgb.height * k))), Image.Resampling.BILINEAR)
    left, top = (big.width - cw) // 2, (big.height - ch) // 2
    return big.crop((left, top, left + cw, top + ch))
