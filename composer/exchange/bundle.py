"""Project bundles: one zip with the project, its references and chosen takes; unpacked safely.

Import refuses path traversal, absolute paths, symlinks, too many files and zip bombs (per member, and over the whole
archive), and never writes outside the destination folder. It unpacks into a hidden staging folder and moves the
result into place only once every member was read and checked, so a bad CRC, an encrypted member or a full disk
halfway through leaves nothing behind (issue 19 found partial files). Packing never follows a link out of the
project folder (a take linked to /etc/passwd was packed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from composer.errors import InputError, ProjectFileError
from composer.project import files as project_file

MAX_FILES = 5000
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_RATIO = 200  # uncompressed/compressed per member: more is a bomb, not a video
MAX_TOTAL_RATIO = 20  # over the whole archive: videos and images hardly compress, a project's JSON ~10x
RATIO_FLOOR = 64 << 20  # archives that unpack to less than this are not checked for ratio (a few text files)
MAX_NAME_BYTES = 255  # one path component, as most file systems allow
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError,
              ValueError)


def create(project_path: Path, out: Path, *, takes: str = "hero") -> Path:
    """Zip the project with its references and takes (``hero`` or ``all``)."""
    project = project_file.load(project_path)
    base = project_path.parent.resolve()
    media: set[str] = set()
    for where, rel in project_file.media_paths(project):
        if ".takes[" in where:
            shot_i = int(where.split("[")[1].split("]")[0])
            take_i = int(where.split("takes[")[1].split("]")[0])
            if takes == "hero" and not project.shots[shot_i].takes[take_i].hero:
                continue
        target = base / rel
        if target.is_symlink() and not target.resolve().is_relative_to(base):
            raise InputError(f"{rel} is a link to {target.resolve()}, outside the project folder",
                             hint="Copy the file into the project folder (or remove the link), then bundle again.")
        if target.is_file():
            media.add(rel)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.write(project_path, f"{project_path.stem}/{project_path.name}")
            for rel in sorted(media):
                z.write(base / rel, f"{project_path.stem}/{rel}")
        os.replace(tmp, out)
    except OSError as e:
        raise InputError(f"could not write the bundle {out}: {e.strerror or e}",
                         hint="Check that the folder exists, is writable and has space.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return out


def _check_names(bundle: Path, infos: list[zipfile.ZipInfo]) -> None:
    files: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    for info in infos:
        raw = info.filename
        name = PurePosixPath(raw)
        if (name.is_absolute() or ".." in name.parts or "\\" in raw or "\x00" in raw or not name.parts
                or ":" in name.parts[0]):
            raise InputError(f"{bundle}: refusing '{project_file.clip(raw)}', it points outside the bundle folder")
        if any(len(p.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for p in name.parts):
            raise InputError(f"{bundle}: the name '{project_file.clip(raw)}' is longer than a file system allows")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise InputError(f"{bundle}: refusing the symbolic link '{project_file.clip(raw)}'")
        if info.flag_bits & 0x1:
            raise InputError(f"{bundle}: '{project_file.clip(raw)}' is encrypted; Slate bundles never are",
                             hint="Make the bundle again without a password.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                      zipfile.ZIP_LZMA):
            raise InputError(f"{bundle}: '{project_file.clip(raw)}' uses an unknown compression method "
                             f"({info.compress_type})", hint="Make the bundle again with 'slate bundle'.")
        parents = set(name.parents) - {PurePosixPath(".")}
        if info.is_dir():
            folders.add(name)
        else:
            if name in files:
                raise InputError(f"{bundle}: '{project_file.clip(raw)}' appears twice")
            files.add(name)
        folders |= parents
    clash = files & folders
    if clash:
        raise InputError(f"{bundle}: '{project_file.clip(str(min(clash)))}' is both a file and a folder")


def _check_sizes(bundle: Path, infos: list[zipfile.ZipInfo], dest: Path) -> None:
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
            raise InputError(f"{bundle}: '{project_file.clip(info.filename)}' expands "
                             f"{info.file_size // info.compress_size}x: that is a zip bomb, not a project")
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"{bundle}: unpacks to {total // 1024**3} GB, more than the {MAX_TOTAL_BYTES // 1024**3} "
                         "GB limit")
    if total > RATIO_FLOOR and total / packed > MAX_TOTAL_RATIO:
        # Issue 19: many members each under the per-member cap expanded 30.6 MB into 3.0 GB.
        raise InputError(f"{bundle}: {packed // 2**20} MB would expand to {total // 2**20} MB "
                         f"({total // packed}x): that is a zip bomb, not a project of videos")
    free = shutil.disk_usage(dest).free
    if total > free:
        raise InputError(f"{bundle}: unpacks to {total // 2**20} MB but only {free // 2**20} MB are free on "
                         f"{dest}", hint="Free some space, or unpack somewhere else.")


def extract(bundle: Path, dest: Path) -> Path:
    """Unpack ``bundle`` into ``dest`` and return the project file path (all or nothing)."""
    try:
        z = zipfile.ZipFile(bundle)
    except (*UNREADABLE, OSError) as e:
        raise InputError(f"{bundle}: not a readable zip bundle ({project_file.clip(str(e), 120)})") from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_FILES:
            raise InputError(f"{bundle}: {len(infos)} files is more than a bundle holds ({MAX_FILES})")
        _check_names(bundle, infos)
        projects = [i for i in infos if i.filename.endswith(project_file.SUFFIX) and not i.is_dir()]
        if len(projects) != 1:
            raise InputError(f"{bundle}: expected exactly one .slate project, found {len(projects)}")
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot unpack into {dest}: {e.strerror or e}") from None
        dest = dest.resolve()
        _check_sizes(bundle, infos, dest)
        tops = {PurePosixPath(i.filename).parts[0] for i in infos}
        existing = sorted(t for t in tops if (dest / t).exists() or (dest / t).is_symlink())
        if existing:
            raise InputError(f"{dest / existing[0]} already exists; unpacking would mix two projects",
                             hint="Unpack into an empty folder (-o NEW_FOLDER).")
        try:
            staging = Path(tempfile.mkdtemp(prefix=".slate-unpack-", dir=dest))
        except OSError as e:
            raise InputError(f"cannot unpack into {dest}: {e.strerror or e}") from None
        try:
            _unpack(bundle, z, infos, staging)
            path = staging / projects[0].filename
            try:
                project_file.load(path)  # validates, including media paths
            except ProjectFileError as e:
                raise InputError(f"{bundle}: its project does not open: {e.reason}") from None
            for top in sorted(tops):
                os.replace(staging / top, dest / top)
        except OSError as e:
            raise InputError(f"{bundle}: could not unpack: {e.strerror or e}; nothing was kept",
                             hint="Check the free space and permissions of the folder.") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return dest / projects[0].filename


def _unpack(bundle: Path, z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], staging: Path) -> None:
    for info in infos:
        target = (staging / info.filename).resolve()
        if not target.is_relative_to(staging.resolve()):
            raise InputError(f"{bundle}: refusing '{project_file.clip(info.filename)}'")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with z.open(info) as src, target.open("wb") as out:
                written = 0
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > info.file_size:  # a lying header
                        raise InputError(f"{bundle}: '{project_file.clip(info.filename)}' is larger than its "
                                         "header says")
                    out.write(chunk)
        except UNREADABLE as e:
            raise InputError(f"{bundle}: '{project_file.clip(info.filename)}' cannot be read "
                             f"({project_file.clip(str(e), 100)}); nothing was kept",
                             hint="The bundle is damaged: copy it again or make a new one.") from None
