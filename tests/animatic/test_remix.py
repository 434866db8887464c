"""A remix that changes the shot changes the take visibly; one that changes nothing draws the same frames.

Through the real RenderService, worker and animatic backend: the remix is rendered from its new prompt,
the way the compare view's difference mode would see the two takes.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import av
import numpy as np
import pytest

from composer import resources
from composer.animatic import hud
from composer.animatic.plan import make_plan
from composer.animatic.render import render_clip
from composer.animatic.spec import Caption, ClipSpec
from composer.document.models import TakeKind
from composer.project import files as project_file
from composer.queue.backends.animatic import AnimaticBackend
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store


def frames(path: Path, at: tuple[int, ...]) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="rgb24").astype(int) for i, f in enumerate(c.decode(video=0)) if i in at]


VISIBLE = 24  # levels (of 255) in some channel: a change a person sees in the compare view's difference mode


def difference(a: Path, b: Path, rows: slice, at: tuple[int, ...] = (0, 47, 95)) -> float:
    """Share of the picture's pixels (0..1) that visibly differ between the two takes' frames, averaged."""
    return float(np.mean([(np.abs(x[rows] - y[rows]).max(axis=2) > VISIBLE).mean()
                          for x, y in zip(frames(a, at), frames(b, at), strict=True)]))


def test_remix_changing_the_framing_differs_visibly_and_an_unchanged_remix_does_not(tmp_path: Path) -> None:
    project = project_file.load(resources.path("examples", "robot_workshop.slate"))
    shot = project.shots[0]
    shot.render.seconds = 4
    svc = RenderService(Store(tmp_path / "queue.sqlite3"), {"animatic": AnimaticBackend(tmp_path / "animatic")})
    [job] = svc.submit(project, [shot.id], backend="animatic")
    assert svc.worker.run_until_idle(180)
    parent = svc.store.get(job.id)
    assert parent.state is JobState.COMPLETED and "medium close-up" in parent.prompt
    wide = svc.derive(parent, TakeKind.REMIX, parent.prompt.replace("medium close-up", "wide shot"))
    still = svc.derive(parent, TakeKind.REMIX, parent.prompt.replace("slow push-in", "static on tripod"))
    same = svc.derive(parent, TakeKind.REMIX, parent.prompt)
    assert svc.worker.run_until_idle(300)
    takes = {name: Path(svc.store.get(j.id).take_path or "") for name, j in
             (("wide", wide), ("still", still), ("same", same))}
    lay = hud.layout(1280, 720, card_lines=1, notes=0, diagram=True)
    rows = slice(lay.band[0], lay.band[1])
    base = Path(parent.take_path or "")
    assert difference(base, takes["wide"], rows) > 0.3
    assert difference(base, takes["still"], rows, at=(95,)) > 0.05  # the push-in has moved by its last frame
    assert difference(base, takes["still"], rows, at=(0,)) < 0.01  # ... and starts where the static take does
    assert difference(base, takes["same"], rows) == 0


BASE = ClipSpec(320, 180, 2, framing="medium shot", camera_movement="slow push-in", lens="35mm", angle="eye level",
                palette=("#1f8a8a", "#c2185b", "#ffb300"), setting="A rain-soaked street at night.",
                lighting="cyan key from neon, screen-left", beats=(Caption(0, 2, "She walks past the shop."),))


@pytest.mark.parametrize("change", [
    {"framing": "close-up"}, {"camera_movement": "truck right"}, {"lens": "135mm telephoto"},
    {"angle": "high angle"}, {"palette": ("#f3e5c0", "#b87333", "#6a7fa8")},
    {"beats": (Caption(0, 2, "She stops and turns back to the door."),)},
    {"lighting": "warm key from screen-right"},
], ids=lambda c: next(iter(c)))
def test_each_field_changes_the_picture_visibly(tmp_path: Path, change: dict[str, object]) -> None:
    other = dataclasses.replace(BASE, **change)  # type: ignore[arg-type]
    a, b = render_clip(BASE, tmp_path / "a"), render_clip(other, tmp_path / "b")
    if "beats" in change:  # a beat changes its card
        lay = hud.layout(320, 180, card_lines=1, notes=len(make_plan(BASE).notes), diagram=True)
        assert lay.card is not None
        rows = slice(lay.card[1] + lay.pad, lay.card[3])
    else:
        lay = hud.layout(320, 180, card_lines=1, notes=0, diagram=True)
        rows = slice(lay.band[0], lay.band[1])
    assert difference(a.video, b.video, rows, at=(0, 47)) > 0.05
