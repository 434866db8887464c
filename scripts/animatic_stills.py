"""Write the user guide's animatic stills and boards from the example projects (docs/img/animatic-*.png).

Usage: .venv/bin/python scripts/animatic_stills.py [OUT_DIR]   (then look at every image before committing)
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

import av
from PIL import Image

from composer import resources
from composer.animatic import boards
from composer.animatic.plan import make_plan
from composer.animatic.render import render_clip
from composer.animatic.spec import Caption, ClipSpec, Line, spec_from_shot
from composer.project import files as project_file

WIDTH = 960


def frame_at(video: Path, n: int) -> Image.Image:
    with av.open(str(video)) as c:
        for i, f in enumerate(c.decode(video=0)):
            if i == n:
                return f.to_image()
    raise ValueError(f"{video} has no frame {n}")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ps: list[boards.Panel] = []
    with tempfile.TemporaryDirectory() as d:
        for path in sorted(resources.path("examples").glob("*.slate")):
            project = project_file.load(path)
            shot = project.shots[0]
            spec = spec_from_shot(shot, project)
            plan = make_plan(spec)
            cue = plan.cues[0] if plan.cues else None
            t = cue.start + 0.6 if cue else (plan.beats[0].start + plan.beats[0].end) / 2 if plan.beats else 1.0
            clip = render_clip(spec, Path(d), stem=path.stem)
            im = frame_at(clip.video, round(t * spec.fps))
            im.resize((WIDTH, round(WIDTH * im.height / im.width)), Image.Resampling.LANCZOS).save(
                out / f"animatic-{path.stem.replace('_', '-')}.png", optimize=True)
            ps += [dataclasses.replace(p, shot_no=len({q.title for q in ps}) + 1) for p in boards.panels(project)]
            if path.stem == "robot_workshop":
                page = boards.pdf_pages(project)[0]
                page.resize((1200, round(1200 * page.height / page.width)), Image.Resampling.LANCZOS).save(
                    out / "boards-pdf-page.png", optimize=True)
        # What a shot with gaps looks like: no framing, no move, a line too long for its 4 seconds.
        gaps = ClipSpec(1280, 720, 4, title="Kettle", figures=("Ana",), setting="A kitchen at night.",
                        beats=(Caption(0, 4, "Ana talks and talks while the kettle boils over behind her."),),
                        dialogue=(Line("Ana", "angry", "I told you a hundred times that we would be late if you kept "
                                                       "stopping at every single shop window on the way here."),))
        clip = render_clip(gaps, Path(d), stem="gaps")
        im = frame_at(clip.video, 80)
        im.resize((WIDTH, round(WIDTH * im.height / im.width)), Image.Resampling.LANCZOS).save(
            out / "animatic-notes.png", optimize=True)
    sheet = boards.sheet(ps, "Slate examples — contact sheet", f"{len(ps)} panels, 5 shots", cols=5)
    sheet.resize((1600, round(1600 * sheet.height / sheet.width)), Image.Resampling.LANCZOS).save(
        out / "boards-contact-sheet.png", optimize=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "img")
