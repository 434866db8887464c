"""The continuity recap shown before a chained shot is sent: what the previous take ends on, beside the next shot.

Seed 003: "before generating the next link in the chain, review the last output: note character appearances,
lighting, key events". The recap is data (the dialog only lays it out): the characters present and their bible
wardrobe, the light and palette, the last beat and line, the take whose last frame the next shot starts on — for
both shots — and the lint findings where they disagree (SL060 a character's wardrobe words differ from the bible,
SL061 the look leaves the style spine, SL062 the light changes with no cue).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from composer.document.lineage import chosen_take
from composer.document.models import Project, Shot, Take
from composer.lint.engine import lint_shot
from composer.lint.handoff import lighting_text
from composer.lint.rule import Finding

CONTINUITY_CODES = ("SL060", "SL061", "SL062")


@dataclass(frozen=True)
class ShotSide:
    """One shot as the recap shows it."""

    shot_id: str
    title: str
    characters: tuple[tuple[str, str], ...]  # (name, wardrobe from the bible)
    lighting: str
    palette: tuple[tuple[str, str], ...]  # (name, hex)
    last_beat: str
    last_line: str


@dataclass(frozen=True)
class Recap:
    before: ShotSide
    after: ShotSide
    take: Take | None  # the previous shot's chosen take: the next one starts on its last frame
    video: Path | None  # that take's file, when it is there
    findings: tuple[Finding, ...] = field(default=())

    @property
    def agrees(self) -> bool:
        return not self.findings


def side(project: Project, shot: Shot) -> ShotSide:
    chars = []
    for ref in shot.characters:
        c = project.character(ref)
        chars.append((c.name, c.wardrobe.strip()) if c else (ref, ""))
    palette = shot.palette or project.style_spine.palette
    line = next((d for d in reversed(shot.dialogue) if d.line.strip()), None)
    return ShotSide(shot.id, shot.title or shot.id, tuple(chars), lighting_text(shot),
                    tuple((a.name, a.hex) for a in palette),
                    next((b.text.strip() for b in reversed(shot.beats) if b.text.strip()), ""),
                    f"{line.speaker}: \u201c{line.line.strip()}\u201d" if line else "")


def recap(project: Project, shot_id: str, *, media_root: Path | None = None) -> Recap | None:
    """The recap before ``shot_id`` is sent as the next link of a chain; None for the first shot."""
    ids = [s.id for s in project.shots]
    i = ids.index(shot_id)
    if i == 0:
        return None
    before, after = project.shots[i - 1], project.shots[i]
    take = chosen_take(before)
    video = media_root / take.video_path if take and take.video_path and media_root else None
    findings = tuple(f for f in lint_shot(after, project, select=list(CONTINUITY_CODES), media_root=media_root))
    return Recap(side(project, before), side(project, after), take, video if video and video.exists() else None,
                 findings)


def recaps(project: Project, shot_ids: list[str], *, media_root: Path | None = None) -> list[Recap]:
    """The recap of every chained link of a run (the first shot of the project has none)."""
    return [r for sid in shot_ids if (r := recap(project, sid, media_root=media_root)) is not None]
