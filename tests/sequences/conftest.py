"""A three-shot scene (one character, continuous action) saved as a real project, for chains, drafts and cuts."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from composer.document.models import (
    Beat,
    Camera,
    Character,
    ColorAnchor,
    Defaults,
    DialogueLine,
    Lighting,
    Project,
    Shot,
    StyleSpine,
)
from composer.project import files as project_file
from tests.standin.conftest import standin, start_standin  # noqa: F401

MARA = Character(id="chr_mara", name="Mara", description="a tall woman in her thirties with cropped grey hair",
                 wardrobe="black trench coat, red scarf")


def scene(model: str = "veo-3.1", size: str = "1280x720", seconds: int = 4) -> Project:
    """Three shots of one walk: the street, the shop door, inside the shop."""
    def shot(sid: str, title: str, scene_text: str, beat: str, light: list[str], line: str) -> Shot:
        return Shot(id=sid, title=title, subject="Mara walks through the rain, hands in her coat pockets.",
                    characters=["chr_mara"], scene=scene_text, beats=[Beat(text=beat)],
                    camera=Camera(framing="medium shot", angle="eye level", lens="35mm",
                                  movement="slow dolly-in"),
                    lighting=Lighting(sources=light, quality="soft", direction="from the left"),
                    palette=[ColorAnchor(name="teal", hex="#1f8a8a"), ColorAnchor(name="amber", hex="#ffb300"),
                             ColorAnchor(name="magenta", hex="#c2185b")],
                    mood="quiet, lonely", sound="rain on pavement, distant traffic",
                    dialogue=[DialogueLine(speaker="Mara", emotion="quietly", line=line)] if line else [])
    return Project(
        name="Rain walk", characters=[MARA],
        style_spine=StyleSpine(format_line="Cinematic neo-noir style", lens_film="shot on 35mm film"),
        defaults=Defaults(model=model, size=size, seconds=seconds),
        shots=[shot("shot_street", "Street", "A rain-soaked street at night, neon in the puddles.",
                    "Mara stops at the curb and looks up at the ramen shop sign.", ["cyan neon sign"], ""),
               shot("shot_door", "Door", "The ramen shop's doorway, steam drifting out.",
                    "Mara pushes the noren curtain aside and steps in.", ["cyan neon sign"], "Still open?"),
               shot("shot_inside", "Inside", "A narrow ramen counter, steam over the pots.",
                    "Mara sits at the counter and takes off her scarf.", ["cyan neon sign"], "")])


def save_scene(folder: Path, **kw: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return project_file.save(scene(**kw), folder / "rain.slate")  # type: ignore[arg-type]


def decoded_frames(video: Path) -> list[np.ndarray]:
    """Every frame of a take as RGB arrays, decoded independently of composer.media (the test's own decoder)."""
    with av.open(str(video)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def fill_crop(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Fit an RGB frame to ``size`` the way a reference must be (fill, centre-crop), with Pillow directly."""
    from PIL import Image

    img = Image.fromarray(rgb)
    k = max(size[0] / img.width, size[1] / img.height)
    w, h = max(size[0], round(img.width * k)), max(size[1], round(img.height * k))
    img = img.resize((w, h), Image.Resampling.LANCZOS)
    x, y = (w - size[0]) // 2, (h - size[1]) // 2
    return np.asarray(img.crop((x, y, x + size[0], y + size[1])))
