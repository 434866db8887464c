"""Printable boards: the shot list as storyboard panels, one per beat, as a PDF or a PNG contact sheet.

Each panel is the animatic's own picture at the middle of its beat (``still.picture`` reads the same
plan and camera path the video does), with the beat's text, the camera note, the lines spoken during it
and its duration printed below; the first panel of a shot carries the move diagram. Pillow writes both
formats (a multi-page PDF of page images), so boards need no new dependency.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from composer.animatic import hud
from composer.animatic.fonts import font
from composer.animatic.layers import draw_layers
from composer.animatic.plan import Plan, make_plan
from composer.animatic.spec import spec_from_shot
from composer.animatic.still import picture
from composer.document.models import Project
from composer.errors import InputError
from composer.project import files as project_file

CELL_W = 520
PIC_H = 292
PAGE = (1754, 1240)  # A4 landscape at 150 dpi
DPI = 150
MAX_PANELS = 2000
INK = (30, 32, 36)
GREY = (110, 114, 120)
ACCENT = (176, 104, 20)


@dataclass(frozen=True)
class Panel:
    shot_no: int
    panel_no: int
    panels: int
    title: str
    start: float
    end: float
    text: str
    camera: str
    lines: tuple[str, ...]
    image: Image.Image
    first: bool
    plan: Plan


def panels(project: Project, *, project_path: Path | None = None) -> list[Panel]:
    """One panel per beat of every shot (a shot without beats is one panel), in shot-list order."""
    out: list[Panel] = []
    root = project_path.parent if project_path else None
    for s_no, shot in enumerate(project.shots, 1):
        plan = make_plan(spec_from_shot(shot, project, media_root=root))
        layers = draw_layers(plan)
        secs = plan.spec.seconds
        spans = [(b.start, b.end, b.text) for b in plan.beats] or [(0.0, secs, "(no action beats)")]
        for p_no, (start, end, text) in enumerate(spans, 1):
            if len(out) >= MAX_PANELS:
                raise InputError(f"the boards would have more than {MAX_PANELS} panels",
                                 hint="Export fewer shots (split the project) or remove empty beats.")
            lines = tuple(f"{c.speaker.upper() + ': ' if c.speaker else ''}“{c.text}”" for c in plan.cues
                          if start <= c.start < end or (p_no == len(spans) and c.start >= end))
            t = start + (end - start) * (0.15 if p_no == 1 else 0.5)
            size = (CELL_W, round(CELL_W * plan.spec.height / plan.spec.width))
            if size[1] > PIC_H:
                size = (round(PIC_H * plan.spec.width / plan.spec.height), PIC_H)
            out.append(Panel(s_no, p_no, len(spans), shot.title or shot.id, start, end, text, plan.camera_note(), lines,
                             picture(plan, layers, t, size), p_no == 1, plan))
    return out


def panel_image(p: Panel) -> Image.Image:
    """A panel as printed: the picture on top, its text below."""
    small, body = font(15), font(17)
    bold = font(17, "bold")
    cell = Image.new("RGB", (CELL_W, PIC_H + 230), (255, 255, 255))
    d = ImageDraw.Draw(cell)
    x = (CELL_W - p.image.width) // 2
    cell.paste(p.image, (x, 0))
    d.rectangle((x - 1, -1, x + p.image.width, p.image.height), outline=INK, width=2)
    if p.first:
        side = min(120, p.image.height // 2)
        diag = hud.diagram(p.plan.move, p.plan.spec.width / p.plan.spec.height, side)
        cell.paste(diag, (x + p.image.width - side - 6, 6), diag)
    y = PIC_H + 8
    d.text((0, y), f"{p.shot_no}.{p.panel_no}", font=bold, fill=ACCENT)
    d.text((44, y), hud.wrap(p.title, bold, CELL_W - 200, 1)[0], font=bold, fill=INK)
    dur = f"{p.start:.2f}–{p.end:.2f} s ({p.end - p.start:.1f} s)"
    d.text((CELL_W - d.textlength(dur, font=small), y + 2), dur, font=small, fill=GREY)
    y += 26
    for line in hud.wrap(p.camera, small, CELL_W, 2):
        d.text((0, y), line, font=small, fill=GREY)
        y += 19
    y += 4
    for line in hud.wrap(p.text, body, CELL_W, 4):
        d.text((0, y), line, font=body, fill=INK)
        y += 22
    y += 4
    for spoken in p.lines[:2]:
        for line in hud.wrap(spoken, small, CELL_W, 2):
            d.text((0, y), line, font=small, fill=ACCENT)
            y += 19
    return cell


def _header(img: Image.Image, text: str, right: str) -> None:
    d = ImageDraw.Draw(img)
    d.text((60, 40), text, font=font(26, "bold"), fill=INK)
    d.text((img.width - 60 - d.textlength(right, font=font(18)), 46), right, font=font(18), fill=GREY)
    d.line((60, 84, img.width - 60, 84), fill=INK, width=2)


def pdf_pages(project: Project, *, project_path: Path | None = None) -> list[Image.Image]:
    cells = [panel_image(p) for p in panels(project, project_path=project_path)]
    cols, rows = 3, 2
    gap_x = (PAGE[0] - 120 - cols * CELL_W) // (cols - 1)
    per = cols * rows
    pages = []
    count = max(1, (len(cells) + per - 1) // per)
    for i in range(count):
        page = Image.new("RGB", PAGE, (255, 255, 255))
        _header(page, f"{project.name} — storyboard", f"page {i + 1} of {count}")
        for k, cell in enumerate(cells[i * per:(i + 1) * per]):
            page.paste(cell, (60 + (k % cols) * (CELL_W + gap_x), 110 + (k // cols) * (cell.height + 20)))
        pages.append(page)
    return pages


def contact_sheet(project: Project, *, project_path: Path | None = None, cols: int = 4) -> Image.Image:
    ps = panels(project, project_path=project_path)
    return sheet(ps, f"{project.name} — contact sheet", f"{len(ps)} panels, {len(project.shots)} shots", cols=cols)


def sheet(ps: list[Panel], title: str, note: str, *, cols: int = 4) -> Image.Image:
    """Panels in a grid under a title line."""
    cells = [panel_image(p) for p in ps]
    if not cells:
        raise InputError("the project has no shots to put on boards", hint="Add a shot first.")
    ch = cells[0].height
    rows = (len(cells) + cols - 1) // cols
    sheet = Image.new("RGB", (60 + cols * (CELL_W + 30), 120 + rows * (ch + 24)), (255, 255, 255))
    _header(sheet, title, note)
    for k, cell in enumerate(cells):
        sheet.paste(cell, (60 + (k % cols) * (CELL_W + 30), 110 + (k // cols) * (ch + 24)))
    return sheet


def write(project: Project, fmt: str, path: Path, *, project_path: Path | None = None) -> Path:
    """Write boards as ``boards-pdf`` or ``boards-png``; the file appears whole or not at all."""
    if not project.shots:
        raise InputError("the project has no shots to put on boards", hint="Add a shot first.")
    buf = io.BytesIO()
    if fmt == "boards-pdf":
        pages = pdf_pages(project, project_path=project_path)
        pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                      title=f"{project.name} storyboard", producer="Slate")
    elif fmt == "boards-png":
        contact_sheet(project, project_path=project_path).save(buf, "PNG", optimize=False)
    else:
        raise InputError(f"unknown boards format '{fmt}'", hint="Use boards-pdf or boards-png.")
    try:
        project_file.atomic_write(path, buf.getvalue(), keep_backup=False)
    except OSError as e:
        raise InputError(f"cannot write {path}: {e.strerror or e}",
                         hint="Pick a folder you can write to (-o PATH).") from None
    return path
