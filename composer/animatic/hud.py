"""Burnt-in text at the output size: slug (shot, camera note, timecode), beat card, move diagram, notes, subtitles.

Every element has its own rectangle from ``layout`` and the rectangles never meet, so a two-line beat
card cannot cover a subtitle; figure labels are kept in the picture band between them. Sprites are drawn
once per change (a beat, a line) in Pillow; only the timecode is drawn per frame, and it is small.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from composer.animatic.fonts import Font, font
from composer.animatic.plan import CUT_MARK, Cue, Move, Plan

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1
CARD_LINES = 3
SUB_LINES = 2
WHITE = (255, 255, 255, 255)
AMBER = (255, 205, 110, 255)
DIM = (200, 204, 210, 255)
CUT = (255, 110, 100, 255)
PANEL = (12, 14, 18, 170)


@dataclass(frozen=True)
class Layout:
    unit: int  # base font size
    pad: int
    slug: Rect
    card: Rect | None
    diagram: Rect | None
    notes: Rect | None
    subtitle: Rect | None
    band: tuple[int, int]  # the rows figure labels may use

    def rects(self) -> list[Rect]:
        return [r for r in (self.slug, self.card, self.diagram, self.notes, self.subtitle) if r is not None]


def line_h(size: int) -> int:
    return round(size * 1.28)


def layout(width: int, height: int, *, card_lines: int, notes: int, diagram: bool) -> Layout:
    """Where each element goes; smaller frames drop the notes, then the diagram, then card lines."""
    u = max(7, round(min(width, height) * 0.027))
    pad = max(2, round(u * 0.6))
    small = max(6, round(u * 0.8))
    slug = (0, 0, width, pad + 2 * line_h(small))
    sub_h = SUB_LINES * line_h(round(u * 1.1)) + pad
    subtitle = (round(width * 0.05), height - round(pad * 1.5) - sub_h, round(width * 0.95), height - round(pad * 1.5))
    d = round(min(width, height) * 0.2) if diagram and min(width, height) >= 160 else 0
    top = slug[3] + pad
    card_w = width - 2 * pad - (d + pad if d else 0)
    if width > height:
        card_w = min(card_w, round(width * 0.6))
    card_lines = max(1, min(CARD_LINES, card_lines))
    card_h = line_h(small) + card_lines * line_h(u) + pad
    room = subtitle[1] - pad - top
    while card_lines > 1 and card_h + notes * line_h(small) > room * 0.6:
        if notes:
            notes = 0
            continue
        card_lines -= 1
        card_h = line_h(small) + card_lines * line_h(u) + pad
    card = (pad, top, pad + card_w, top + card_h) if card_h < room else None
    below = card[3] if card else top
    note_rect = (pad, below + pad // 2, pad + card_w, below + pad // 2 + notes * line_h(small)) if notes else None
    if note_rect and note_rect[3] > subtitle[1] - pad:
        note_rect = None
    diag = (width - pad - d, top, width - pad, top + d) if d and top + d < subtitle[1] - pad else None
    low = max(r[3] for r in (slug, card, diag, note_rect) if r is not None) + pad
    sub_ok = subtitle if subtitle[1] > low else None
    return Layout(u, pad, slug, card, diag, note_rect, sub_ok, (low, subtitle[1] - pad))


def wrap(text: str, f: Font, width: int, lines: int, *, first_indent: int = 0) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines; what does not fit ends the last line with an ellipsis."""
    words, cur = text.split(), ""
    out: list[str] = []
    for i, w in enumerate(words):
        limit = width - (first_indent if not out else 0)
        trial = f"{cur} {w}".strip()
        if f.getlength(trial) <= limit or not cur:
            cur = trial
            continue
        out.append(cur)
        cur = w
        if len(out) == lines:
            rest = " ".join(words[i:])
            last = out[-1]
            while last and f.getlength(last + " …") > limit:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            out[-1] = f"{last} …" if rest else last
            return out
    if cur:
        out.append(cur)
    return out[:lines]


def _panel(size: tuple[int, int], radius: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius=radius, fill=PANEL)
    return img, d


def slug(plan: Plan, lay: Layout) -> Image.Image:
    """The top strip without its timecode: shot title and the camera note."""
    x0, y0, x1, y1 = lay.slug
    small = max(6, round(lay.unit * 0.8))
    img = Image.new("RGBA", (x1 - x0, y1 - y0), (8, 9, 12, 165))
    d = ImageDraw.Draw(img)
    f, fb = font(small), font(small, "bold")
    title = plan.spec.title or "untitled shot"
    d.text((lay.pad, lay.pad // 2), _fit(title.upper(), fb, img.width * 0.55), font=fb, fill=WHITE)
    note = plan.camera_note()
    d.text((lay.pad, lay.pad // 2 + line_h(small)), _fit(note, f, img.width - 2 * lay.pad), font=f, fill=DIM)
    return img


def timecode_box(plan: Plan, lay: Layout) -> Rect:
    """Where the timecode goes (drawn into each frame by the renderer, right-aligned)."""
    small = max(6, round(lay.unit * 0.8))
    w = round(font(small, "mono").getlength(f"00:00:00:00  F {plan.frames}/{plan.frames}")) + lay.pad
    x1 = lay.slug[2] - lay.pad
    return (max(0, x1 - w), lay.pad // 2, x1, lay.pad // 2 + line_h(small))


def card(plan: Plan, lay: Layout, index: int | None, lines: int) -> Image.Image | None:
    """The beat card for beat ``index`` (None: no beat now)."""
    if lay.card is None or index is None:
        return None
    x0, y0, x1, y1 = lay.card
    img, d = _panel((x1 - x0, y1 - y0), lay.pad)
    b = plan.beats[index]
    small = max(6, round(lay.unit * 0.8))
    head = f"BEAT {index + 1}/{len(plan.beats)}   {b.start:.2f}–{b.end:.2f} s"
    d.text((lay.pad, lay.pad // 2), head, font=font(small, "bold"), fill=AMBER)
    f = font(lay.unit)
    for i, line in enumerate(wrap(b.text, f, img.width - 2 * lay.pad, lines)):
        d.text((lay.pad, lay.pad // 2 + line_h(small) + i * line_h(lay.unit)), line, font=f, fill=WHITE)
    return img


def notes(plan: Plan, lay: Layout, extra: list[str]) -> Image.Image | None:
    if lay.notes is None:
        return None
    x0, y0, x1, y1 = lay.notes
    img = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    small = max(6, round(lay.unit * 0.8))
    f = font(small)
    for i, text in enumerate([*plan.notes, *extra][: (y1 - y0) // line_h(small)]):
        t = _fit(f"⚠ {text}", f, img.width - lay.pad)
        w = round(f.getlength(t)) + lay.pad
        d.rounded_rectangle((0, i * line_h(small), w, (i + 1) * line_h(small) - 1), radius=3, fill=(60, 30, 10, 175))
        d.text((lay.pad // 2, i * line_h(small)), t, font=f, fill=AMBER)
    return img


def subtitle(plan: Plan, lay: Layout, cue: Cue) -> Image.Image | None:
    """The line with its speaker in front, two lines at most, centred; a cut line ends with the cut mark."""
    if lay.subtitle is None:
        return None
    x0, y0, x1, y1 = lay.subtitle
    size = round(lay.unit * 1.1)
    f, fb = font(size), font(size, "bold")
    who = (cue.speaker.upper() + (f" ({cue.emotion})" if cue.emotion else "") + ": ") if cue.speaker else ""
    body = cue.text.removesuffix(CUT_MARK).rstrip() if cue.cut else cue.text
    width = x1 - x0 - 2 * lay.pad
    indent = round(fb.getlength(who))
    lines = wrap(f"“{body}”" + (f" {CUT_MARK}" if cue.cut else ""), f, width, SUB_LINES, first_indent=indent)
    widths = [(indent if i == 0 else 0) + round(f.getlength(t)) + (round(fb.getlength(" cut")) if cue.cut and
              t.endswith(CUT_MARK) else 0) for i, t in enumerate(lines)]
    box_w = min(x1 - x0, max(widths, default=0) + 2 * lay.pad)
    img = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    top = (y1 - y0) - len(lines) * line_h(size) - lay.pad
    left = (img.width - box_w) // 2
    d.rounded_rectangle((left, top, left + box_w, img.height - 1), radius=lay.pad, fill=(0, 0, 0, 185))
    for i, t in enumerate(lines):
        x = (img.width - widths[i]) // 2
        y = top + lay.pad // 2 + i * line_h(size)
        if i == 0 and who:
            d.text((x, y), who, font=fb, fill=AMBER)
            x += indent
        if cue.cut and t.endswith(CUT_MARK):
            d.text((x, y), t[: -len(CUT_MARK)], font=f, fill=WHITE)
            d.text((x + f.getlength(t[: -len(CUT_MARK)]), y), CUT_MARK + " cut", font=fb, fill=CUT)
        else:
            d.text((x, y), t, font=f, fill=WHITE)
    return img


def label(text: str, unit: int) -> Image.Image:
    """A figure's name tag."""
    size = max(6, round(unit * 0.85))
    f = font(size, "bold")
    w, h = round(f.getlength(text)) + size, line_h(size) + 2
    img, d = _panel((w, h), h // 2)
    d.text((size // 2, 1), text, font=f, fill=WHITE)
    return img


def diagram(move: Move, aspect: float, side: int) -> Image.Image:
    """A small drawing of the move: start frame dashed, end frame solid, arrows from one to the other."""
    img, d = _panel((side, side), max(3, side // 14))
    f = font(max(6, side // 11), "bold")
    d.text((side * 0.07, side * 0.04), "CAMERA", font=f, fill=AMBER)
    cx, cy = side / 2, side * 0.46
    fw = side * 0.5
    fh = fw / max(0.5, min(2.0, aspect))
    if fh > side * 0.42:
        fh = side * 0.42
        fw = fh * aspect
    lw = max(1, side // 60)

    def frame(dx: float, dy: float, k: float, solid: bool) -> tuple[float, float, float, float]:
        w, h = fw * k, fh * k
        box = (cx + dx - w / 2, cy + dy - h / 2, cx + dx + w / 2, cy + dy + h / 2)
        if solid:
            d.rectangle(box, outline=WHITE, width=lw + 1)
        else:
            _dashed(d, box, DIM, lw)
        return box

    def arrow(a: tuple[float, float], b: tuple[float, float]) -> None:
        _arrow(d, a, b, AMBER, lw + 1, side * 0.06)
    k, sh = move.kind, side * 0.16
    if k in ("push", "flyover", "pull", "zoom"):
        inward = k in ("push", "flyover") or (k == "zoom" and move.direction > 0)
        big, small = frame(0, 0, 1.0, not inward), frame(0, 0, 0.6, inward)
        for (ax, ay), (bx, by) in zip(_corners(big), _corners(small), strict=True):
            if inward:
                arrow((ax, ay), (ax + (bx - ax) * 0.85, ay + (by - ay) * 0.85))
            else:
                arrow((bx, by), (bx + (ax - bx) * 0.85, by + (ay - by) * 0.85))
    elif k in ("truck", "pan"):
        s = move.direction
        frame(-s * sh, 0, 0.8, False)
        frame(s * sh, 0, 0.8, True)
        arrow((cx - s * sh * 0.9, cy + fh * 0.55), (cx + s * sh * 0.9, cy + fh * 0.55))
    elif k in ("tilt", "crane"):
        s = move.direction
        frame(0, -s * sh * 0.7, 0.75, False)
        frame(0, s * sh * 0.7, 0.75, True)
        arrow((cx + fw * 0.5, cy - s * sh * 0.7), (cx + fw * 0.5, cy + s * sh * 0.7))
    elif k == "orbit":
        r = side * 0.25
        d.ellipse((cx - 5, cy - 5, cx + 5, cy + 5), fill=WHITE)
        d.arc((cx - r, cy - r * 0.6, cx + r, cy + r * 0.6), 200, 340, fill=AMBER, width=lw + 1)
        _arrow(d, (cx + r * 0.77, cy - r * 0.3), (cx + r * 0.94, cy - r * 0.1), AMBER, lw + 1, side * 0.06)
        d.polygon([(cx - r * 0.94, cy - r * 0.25), (cx - r * 0.75, cy - r * 0.35), (cx - r * 0.8, cy - r * 0.1)],
                  fill=WHITE)
    else:
        frame(0, 0, 0.9, True)
        d.line((cx - side * 0.08, cy + fh * 0.62, cx, cy + fh * 0.45, cx + side * 0.08, cy + fh * 0.62),
               fill=DIM, width=lw)
    if move.shake:
        pts = [(cx - fw / 2 + i * fw / 12, cy - fh * 0.75 + (lw * 3 if i % 2 else -lw * 3)) for i in range(13)]
        d.line(pts, fill=AMBER, width=lw)
    f2 = font(max(6, side // 12))
    text = move.label.upper() or "STATIC (NO MOVE SET)"
    size2 = max(6, side // 12)
    for i, line in enumerate(wrap(text, f2, round(side * 0.9), 2)):
        d.text((side * 0.05, side * 0.74 + i * line_h(size2)), line, font=f2, fill=WHITE)
    return img


def _corners(b: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    return [(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])]


def _dashed(d: ImageDraw.ImageDraw, b: tuple[float, float, float, float], fill: tuple[int, ...], w: int) -> None:
    step = max(4.0, (b[2] - b[0]) / 12)
    for (ax, ay), (bx, by) in zip(_corners(b), _corners(b)[1:] + _corners(b)[:1], strict=True):
        n = max(1, int(max(abs(bx - ax), abs(by - ay)) / step))
        for i in range(0, n, 2):
            t0, t1 = i / n, min(1.0, (i + 1) / n)
            d.line((ax + (bx - ax) * t0, ay + (by - ay) * t0, ax + (bx - ax) * t1, ay + (by - ay) * t1), fill=fill,
                   width=w)


def _arrow(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], fill: tuple[int, ...], w: int,
           head: float) -> None:
    import math

    d.line((a, b), fill=fill, width=w)
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    for da in (2.6, -2.6):
        d.line((b, (b[0] + head * math.cos(ang + da), b[1] + head * math.sin(ang + da))), fill=fill, width=w)


def _fit(text: str, f: Font, width: float) -> str:
    if f.getlength(text) <= width:
        return text
    while text and f.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"
