"""Load and save ``.slate`` project files: versioned JSON, named migrations, atomic saves, autosave.

A file that cannot be read is never modified: every failure raises ``ProjectFileError`` naming the
file, the line where known, the problem and the fix. Saves write a temp file, fsync, keep one
``.bak`` and rename, so a crash mid-save leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import ValidationError

from composer import resources
from composer.document.models import SCHEMA_VERSION, Project
from composer.errors import ProjectFileError
from composer.project import paths
from composer.project.reading import MAX_FILE_BYTES, clip, read_regular

__all__ = ["MAX_FILE_BYTES", "SUFFIX", "atomic_write", "clip", "dumps", "load", "parse", "read_regular", "readable",
           "save", "update"]

SUFFIX = ".slate"
MAX_DEPTH = 64  # deep nesting is hostile: the real schema is < 10 levels deep

Migration = Callable[[dict[str, Any]], dict[str, Any]]
# from_version -> (name, function producing from_version + 1). Recorded names keep history readable.
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(from_version: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS[from_version] = (name, fn)
        return fn

    return register


@migration(0, "beats_and_dialogue_as_records")
def _v0_to_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Pre-release files (v0) stored beats as strings, camera as one string and dialogue as
    'Speaker: line' strings; v1 makes each a record so panels and lint can address parts."""
    shots = data.get("shots")
    for shot in shots if isinstance(shots, list) else []:
        if not isinstance(shot, dict):
            continue
        beats = shot.get("beats")
        if isinstance(beats, list):
            shot["beats"] = [{"text": b} if isinstance(b, str) else b for b in beats]
        cam = shot.get("camera")
        if isinstance(cam, str):
            shot["camera"] = {"framing": cam}
        dialogue = shot.get("dialogue")
        if not isinstance(dialogue, list):
            continue
        lines = []
        for d in dialogue:
            if isinstance(d, str):
                speaker, sep, line = d.partition(":")
                lines.append({"speaker": speaker.strip(), "line": line.strip()} if sep else {"line": d})
            else:
                lines.append(d)
        shot["dialogue"] = lines
    data["schema_version"] = 1
    return data


def migrate(data: dict[str, Any], path: str = "<memory>") -> dict[str, Any]:
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectFileError(path, f"schema_version must be a whole number, not {version!r}")
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            path,
            f"this project was saved by a newer Slate (schema {version}; this Slate reads up to {SCHEMA_VERSION})",
            hint="Update Slate to open it. The file was not changed.")
    if version < 0:
        raise ProjectFileError(path, f"schema_version {version} is not valid")
    while version < SCHEMA_VERSION:
        name, fn = MIGRATIONS[version]
        try:
            data = fn(data)
        except (TypeError, ValueError, AttributeError, KeyError) as e:
            raise ProjectFileError(path, f"could not upgrade from schema {version} ({name}): {e}") from None
        version += 1
    return data


def _depth(obj: Any, limit: int) -> int:
    """Nesting depth, iteratively (a recursive walk is what a hostile file would crash)."""
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        cur, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(cur, dict):
            stack.extend((v, d + 1) for v in cur.values())
        elif isinstance(cur, list):
            stack.extend((v, d + 1) for v in cur)
    return deepest


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{clip(str(part))}" if out else clip(str(part)))
    return out or "(top level)"


def describe_validation(err: ValidationError, limit: int = 5) -> str:
    """Turn pydantic's errors into lines a person can act on: where, and what is wrong."""
    lines = []
    for e in err.errors()[:limit]:
        msg = clip(e["msg"].removeprefix("Value error, "), 200)
        lines.append(f"{_loc(e['loc'])}: {msg}")
    more = err.error_count() - limit
    if more > 0:
        lines.append(f"... and {more} more")
    return "; ".join(lines)


MAX_NAME_BYTES = 255  # one path component, as file systems allow (a longer one fails every open with ENAMETOOLONG)


def is_safe_relative(p: str) -> bool:
    """Media paths must stay inside the project folder: relative, no '..', no drive or root, names a disk takes."""
    if not p or "\x00" in p or len(p) > 1024:
        return False
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in p.replace("\\", "/").split("/")):
        return False
    for pure in (PurePosixPath(p), PureWindowsPath(p)):
        if pure.is_absolute() or pure.drive or pure.root or ".." in pure.parts:
            return False
    return True


def media_paths(project: Project) -> list[tuple[str, str]]:
    """Every (where, path) media reference in the project."""
    out: list[tuple[str, str]] = []
    for i, c in enumerate(project.characters):
        if c.reference_image:
            out.append((f"characters[{i}].reference_image", c.reference_image))
    for i, s in enumerate(project.shots):
        if s.reference_image:
            out.append((f"shots[{i}].reference_image", s.reference_image))
        if s.render.end_frame:
            out.append((f"shots[{i}].render.end_frame", s.render.end_frame))
        for j, t in enumerate(s.takes):
            for attr in ("video_path", "thumbnail_path", "spritesheet_path"):
                v = getattr(t, attr)
                if v:
                    out.append((f"shots[{i}].takes[{j}].{attr}", v))
    return out


def parse(text: str, path: str = "<memory>") -> Project:
    """Parse, migrate and validate project JSON. Raises ProjectFileError; never partially succeeds."""
    if len(text) > MAX_FILE_BYTES:
        raise ProjectFileError(path, f"file is {len(text) // 1_000_000} MB; a project is at most "
                               f"{MAX_FILE_BYTES // 1_000_000} MB", hint="Is this really a .slate project?")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise ProjectFileError(path, f"not valid JSON ({e.msg}, column {e.colno})", line=e.lineno,
                               hint="The file may be truncated or was edited by hand. The last save is in "
                                    "the .bak file beside it.") from None
    except RecursionError:
        raise ProjectFileError(path, "nesting is too deep to be a Slate project") from None
    except ValueError as e:  # e.g. a 5,000-digit number: Python refuses to convert it
        raise ProjectFileError(path, f"not a valid Slate project: {clip(str(e), 120)}",
                               hint="A number in the file is far too large; restore the .bak file.") from None
    if not isinstance(data, dict):
        raise ProjectFileError(path, f"expected a JSON object at the top, found {type(data).__name__}")
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise ProjectFileError(path, f"nesting is deeper than {MAX_DEPTH} levels; a Slate project is never this deep")
    data = migrate(data, path)
    try:
        project = Project.model_validate(data)
    except ValidationError as e:
        raise ProjectFileError(path, f"not a valid Slate project: {describe_validation(e)}",
                               hint="Fix the named fields, or restore the .bak file.") from None
    for where, p in media_paths(project):
        if not is_safe_relative(p):
            raise ProjectFileError(path, f"{where} points outside the project folder ({p!r})",
                                   hint="Media paths must be relative to the project, inside its folder.")
    return project


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a project can hold")


def load(path: str | os.PathLike[str]) -> Project:
    """Read a ``.slate`` file. The file is only read, never written."""
    p = Path(path)
    return parse(_text(read_regular(p, MAX_FILE_BYTES), str(p)), str(p))


def _text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProjectFileError(name, f"not UTF-8 text (bad byte at offset {e.start})",
                               hint="A .slate file is UTF-8 JSON; this looks like another kind of file.") from None


def dumps(project: Project) -> str:
    return project.model_dump_json(indent=2, exclude_none=False) + "\n"


def _mode_for(path: Path) -> int:
    """The mode a save keeps: the file's own, or what a new file gets under the umask (not mkstemp's 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """This process's umask, read without setting it (os.umask would change it for every thread for a moment)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` so a crash leaves the old or the new file, never a mix."""
    path = path.resolve()
    folder = path.parent
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        fchmod = getattr(os, "fchmod", None)  # POSIX; Windows has no mode bits to keep
        if fchmod is not None:
            with contextlib.suppress(OSError):  # a save keeps the file's mode (issue 19: 0644 became 0600)
                fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep_backup and path.exists():
            # The new .bak is linked (or copied) under a temp name and renamed over the old one, so a crash
            # at any instant leaves a complete .bak (found by tests/reliability: unlink-then-link lost it).
            bak = path.with_name(path.name + ".bak")
            tmp_bak = path.with_name(f".{path.name}.bak.{os.getpid()}.tmp")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_bak)
            try:
                os.link(path, tmp_bak)
            except OSError:
                tmp_bak.write_bytes(path.read_bytes())
            os.replace(tmp_bak, bak)
        os.replace(tmp, path)
        _fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def readable(project: Project, path: str = "<memory>") -> str:
    """The project as it would be saved, checked to load again; ProjectFileError (nothing written) if it would not.

    What Slate writes, Slate reads (issue 19): a value the model takes in memory but refuses on load (NaN, too many
    beats appended after validation, a reference outside the folder) is caught here, before any file changes.
    """
    try:
        text = dumps(project)
    except (ValueError, TypeError) as e:
        raise ProjectFileError(path, f"cannot be saved: {clip(str(e), 200)}", hint="Nothing was written.") from None
    try:
        parse(text, path)
    except ProjectFileError as e:
        raise ProjectFileError(path, f"cannot be saved, it would not open again: {e.reason}",
                               hint="Fix the named field; nothing was written.") from None
    return text


def save(project: Project, path: str | os.PathLike[str]) -> Path:
    """Save atomically, keeping the previous version as ``<file>.bak``. Raises ProjectFileError."""
    p = Path(path)
    if p.suffix != SUFFIX:
        p = p.with_name(p.name + SUFFIX)
    text = readable(project, str(p))
    try:
        atomic_write(p, text.encode("utf-8"))
    except OSError as e:
        reason = e.strerror or str(e)
        hint = ("The disk is full: free some space and save again; nothing was overwritten."
                if e.errno == 28 else "Choose another folder (Save As). The previous file is unchanged.")
        raise ProjectFileError(str(p), f"could not save: {reason}", hint=hint) from None
    return p


def update(path: str | os.PathLike[str], change: Callable[[Project], int], *, attempts: int = 5) -> int:
    """Apply ``change`` to the project as it is on disk now, and save it only if nobody saved it meanwhile.

    ``change`` returns how many things it changed; 0 writes nothing. Issue 19: ``slate render --wait`` loaded the
    project at the start, added its takes minutes later and saved, overwriting what the GUI had saved in between
    (the edit survived only in the .bak). Now the takes are added to the file as it is at the end, and if it
    changes while they are added, to the newer version; after ``attempts`` changes in a row it refuses.
    """
    p = Path(path)
    for _ in range(attempts):
        raw = read_regular(p, MAX_FILE_BYTES)
        project = parse(_text(raw, str(p)), str(p))
        changed = change(project)
        if not changed:
            return 0
        text = readable(project, str(p))
        if read_regular(p, MAX_FILE_BYTES) != raw:
            continue  # saved by someone else while we worked: start again from their version
        try:
            atomic_write(p, text.encode("utf-8"))
        except OSError as e:
            raise ProjectFileError(str(p), f"could not save: {e.strerror or e}",
                                   hint="Free some space or fix the folder's permissions, then run "
                                        "'slate queue resume' to add the takes again.") from None
        return changed
    raise ProjectFileError(str(p), "kept changing while Slate added its takes to it; nothing was overwritten",
                           hint="Save and close the other program, then run 'slate queue resume'.")


def media_dir(project_path: str | os.PathLike[str]) -> Path:
    p = Path(project_path)
    return p.with_name(p.stem + ".slate-media")


def resolve_media(project_path: str | os.PathLike[str] | None, rel: str) -> Path:
    """Absolute path of a media reference; refuses anything that escapes the project folder."""
    if not is_safe_relative(rel):
        raise ProjectFileError(rel, "media path points outside the project folder")
    base = Path(project_path).parent if project_path else Path.cwd()
    return base / rel


# --- autosave and recovery -------------------------------------------------------------------

def autosave_path(project_path: str | os.PathLike[str] | None) -> Path:
    """Where the autosave of ``project_path`` lives (one per project; 'untitled' for unsaved ones)."""
    key = "untitled" if project_path is None else hashlib.sha256(
        str(Path(project_path).resolve()).encode()).hexdigest()[:16]
    folder = paths.data_dir() / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}{SUFFIX}"


def autosave(project: Project, project_path: str | os.PathLike[str] | None) -> Path:
    """Write the autosave copy; the project file itself is never touched by autosave."""
    dest = autosave_path(project_path)
    meta = {"project_path": str(Path(project_path).resolve()) if project_path else None,
            "saved_at": datetime.now(UTC).isoformat()}
    atomic_write(dest, dumps(project).encode("utf-8"), keep_backup=False)
    atomic_write(dest.with_suffix(".json"), json.dumps(meta).encode(), keep_backup=False)
    return dest


def recovery_for(project_path: str | os.PathLike[str] | None) -> Path | None:
    """An autosave newer than the project file whose content differs from it, else None."""
    auto = autosave_path(project_path)
    if not auto.exists():
        return None
    if project_path is not None:
        p = Path(project_path)
        if p.exists():
            if auto.stat().st_mtime <= p.stat().st_mtime:
                return None
            try:
                if parse(auto.read_text("utf-8")) == load(p):
                    return None
            except ProjectFileError:
                return auto  # the file is broken: the autosave is the better copy
    return auto


def discard_autosave(project_path: str | os.PathLike[str] | None) -> None:
    auto = autosave_path(project_path)
    for f in (auto, auto.with_suffix(".json")):
        with contextlib.suppress(FileNotFoundError):
            f.unlink()


def examples() -> list[Path]:
    """The example projects shipped in resources/examples/ (the guides' own 'after' prompts)."""
    return sorted(resources.path("examples").glob(f"*{SUFFIX}"))
