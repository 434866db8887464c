"""OpenTimelineIO: the hero take of each shot, in shot order, with the prompt in metadata, for an editor."""

from __future__ import annotations

from pathlib import Path

from composer.document.lineage import chosen_take
from composer.document.models import Project


def write(project: Project, path: Path, *, project_path: Path | None = None, fps: int = 24) -> None:
    import opentimelineio as otio

    timeline = otio.schema.Timeline(name=project.name)
    track = otio.schema.Track(name="Shots", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    base = project_path.parent if project_path else Path.cwd()
    for shot in project.shots:
        take = chosen_take(shot)
        seconds = int((take.params.get("seconds") if take else None) or project.effective_render(shot)[2])
        duration = otio.opentime.RationalTime(seconds * fps, fps)
        if take is not None and take.video_path:
            ref = otio.schema.ExternalReference(target_url=(base / take.video_path).resolve().as_uri(),
                                                available_range=otio.opentime.TimeRange(
                                                    otio.opentime.RationalTime(0, fps), duration))
        else:
            ref = otio.schema.MissingReference()
        clip = otio.schema.Clip(name=shot.title or shot.id, media_reference=ref,
                                source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, fps), duration))
        clip.metadata["slate"] = {"shot_id": shot.id, "take_id": take.id if take else None,
                                  "prompt": take.prompt_sent if take else "",
                                  "model": project.effective_render(shot)[0]}
        track.append(clip)
    otio.adapters.write_to_file(timeline, str(path))
