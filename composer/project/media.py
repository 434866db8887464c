"""A project's media when the project moves: its first save, and Save As into another folder or under another name.

Media paths are relative to the project's folder (``<name>.slate-media/takes/job_….mp4``). A project that was never
saved keeps its media in Slate's data folder (``paths.unsaved_dir``), so a take rendered before the first save has a
real file from the start; and a project saved under a new name or folder would point at media that is not beside it.
``relocate`` copies (hard-links where it can: no second copy on the same disk) every file the project references
into the new media folder before the project file is written, and returns the edits that point the project at the
copies. The old files are left where they were: an open undo step may still name them, and the old project (after a
Save As) still uses them. Issue 16 §1: takes rendered before the first save, or after Save As, were lost.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from composer.document.edits import Edit, SetField
from composer.document.models import Project
from composer.errors import ProjectFileError
from composer.project import files as project_file


@dataclass(frozen=True)
class Moved:
    """One media reference pointed somewhere new: the edit that does it and the file it now names."""

    edit: Edit
    old: str
    new: str


def references(project: Project) -> list[tuple[str | None, str, str]]:
    """Every media reference as (shot id or None for the project, field path in it, relative path)."""
    out: list[tuple[str | None, str, str]] = []
    for i, c in enumerate(project.characters):
        if c.reference_image:
            out.append((None, f"characters[{i}].reference_image", c.reference_image))
    for s in project.shots:
        if s.reference_image:
            out.append((s.id, "reference_image", s.reference_image))
        if s.render.end_frame:
            out.append((s.id, "render.end_frame", s.render.end_frame))
        for j, t in enumerate(s.takes):
            for attr in ("video_path", "thumbnail_path", "spritesheet_path"):
                value = getattr(t, attr)
                if value:
                    out.append((s.id, f"takes[{j}].{attr}", value))
    return out


def relocate(project: Project, old_anchor: Path, new_anchor: Path) -> list[Moved]:
    """Copy the media ``project`` references from beside ``old_anchor`` to beside ``new_anchor``; the edits to apply.

    ``old_anchor``/``new_anchor`` are project file paths (real, or the stand-in path of an unsaved project). Files in
    the old media folder go to the new one under the same inner path; other files (a reference image beside the
    project) go to the same relative place, or into the new media folder when that place is taken. A referenced file
    that does not exist is left as it is (the take browser already says "file missing"). Raises ProjectFileError
    (nothing is written into the project then) when a copy fails.
    """
    old_folder, new_folder = old_anchor.parent, new_anchor.parent
    old_media = project_file.media_dir(old_anchor).name
    new_media = project_file.media_dir(new_anchor).name
    if _same(old_folder, new_folder) and old_media == new_media:
        return []
    moved: list[Moved] = []
    for shot_id, path, rel in references(project):
        src = old_folder / rel
        if not src.is_file():
            continue
        parts = PurePosixPath(rel.replace("\\", "/")).parts
        if parts and parts[0] == old_media:
            target = str(PurePosixPath(new_media, *parts[1:]))
        elif _same(old_folder, new_folder):
            continue  # beside the project already, in the same folder: nothing moves
        else:
            target = rel
        dest = new_folder / target
        if dest.exists() and not _same_file(src, dest):
            target = str(PurePosixPath(new_media, "files", PurePosixPath(*parts).name))
            dest = new_folder / target
        _copy(src, dest)
        moved.append(Moved(SetField(shot_id, path, target), rel, target))
    return moved


def _copy(src: Path, dest: Path) -> None:
    if dest.exists() and _same_file(src, dest):
        return
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(f".{dest.name}.{os.getpid()}.part")
        try:
            os.link(src, part)  # the same disk: one file, two names
        except OSError:
            shutil.copyfile(src, part)
        os.replace(part, dest)
    except OSError as e:
        with contextlib.suppress(OSError, UnboundLocalError):
            part.unlink()
        raise ProjectFileError(str(dest), f"could not copy the project's media there: {e.strerror or e}",
                               hint="Free some space or pick a folder you can write to; the project was not saved "
                                    "there.") from None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b) or (a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes())
    except OSError:
        return False
