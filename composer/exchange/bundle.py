"""Project bundles: one zip with the project, its references and chosen takes; unpacked safely.

Import refuses path traversal, absolute paths, symlinks, too many files and zip bombs (total size and
compression ratio), and never writes outside the destination folder.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from composer.errors import InputError
from composer.project import files as project_file

MAX_FILES = 5000
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_RATIO = 200  # uncompressed/compressed per member: more is a bomb, not a video


def create(project_path: Path, out: Path, *, takes: str = "hero") -> Path:
    """Zip the project with its references and takes (``hero`` or ``all``)."""
    project = project_file.load(project_path)
    base = project_path.parent
    media: set[str] = set()
    for where, rel in project_file.media_paths(project):
        if ".takes[" in where:
            shot_i = int(where.split("[")[1].split("]")[0])
            take_i = int(where.split("takes[")[1].split("]")[0])
            if takes == "hero" and not project.shots[shot_i].takes[take_i].hero:
                continue
        if (base / rel).is_file():
            media.add(rel)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(project_path, f"{project_path.stem}/{project_path.name}")
        for rel in sorted(media):
            z.write(base / rel, f"{project_path.stem}/{rel}")
    return out


def extract(bundle: Path, dest: Path) -> Path:
    """Unpack ``bundle`` into ``dest`` and return the project file path."""
    try:
        z = zipfile.ZipFile(bundle)
    except (zipfile.BadZipFile, OSError) as e:
        raise InputError(f"{bundle}: not a readable zip bundle ({e})") from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_FILES:
            raise InputError(f"{bundle}: {len(infos)} files is more than a bundle holds ({MAX_FILES})")
        total = 0
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts or "\\" in info.filename or ":" in name.parts[0]:
                raise InputError(f"{bundle}: refusing '{info.filename}', it points outside the bundle folder")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise InputError(f"{bundle}: refusing the symbolic link '{info.filename}'")
            total += info.file_size
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                raise InputError(f"{bundle}: '{info.filename}' expands {info.file_size // info.compress_size}x: "
                                 "that is a zip bomb, not a project")
        if total > MAX_TOTAL_BYTES:
            raise InputError(f"{bundle}: unpacks to {total // 1024**3} GB, more than the {MAX_TOTAL_BYTES // 1024**3} "
                             "GB limit")
        projects = [i for i in infos if i.filename.endswith(project_file.SUFFIX)]
        if len(projects) != 1:
            raise InputError(f"{bundle}: expected exactly one .slate project, found {len(projects)}")
        dest = dest.resolve()
        for info in infos:
            target = (dest / info.filename).resolve()
            if not target.is_relative_to(dest):
                raise InputError(f"{bundle}: refusing '{info.filename}'")
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, target.open("wb") as out:
                written = 0
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > info.file_size:  # a lying header
                        raise InputError(f"{bundle}: '{info.filename}' is larger than its header says")
                    out.write(chunk)
        path = dest / projects[0].filename
        project_file.load(path)  # validates, including media paths
        return path
