"""Import and export: CSV shot lists, Fountain screenplays, JSON, batch JSONL, OpenTimelineIO, project bundles."""

from __future__ import annotations

from pathlib import Path

from composer.document.models import Project
from composer.errors import InputError, ProjectFileError

FORMATS = ("csv", "fountain", "json", "jsonl", "otio")
SUFFIX = {"csv": ".csv", "fountain": ".fountain", "json": ".json", "jsonl": ".jsonl", "otio": ".otio"}
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def export(project: Project, fmt: str, path: Path, *, project_path: Path | None = None) -> Path:
    """Write ``project`` as ``fmt`` to ``path``."""
    from composer.exchange import csv_io, fountain, json_io, otio_io

    writers = {"csv": csv_io.dumps, "fountain": fountain.dumps, "json": json_io.dumps, "jsonl": json_io.dumps_jsonl}
    if fmt == "otio":
        otio_io.write(project, path, project_path=project_path)
        return path
    if fmt not in writers:
        raise InputError(f"unknown export format '{fmt}'", hint=f"Use one of {', '.join(FORMATS)}.")
    from composer.project.files import atomic_write

    try:  # whole or not at all: a failed export leaves no half file behind
        atomic_write(path, writers[fmt](project).encode("utf-8"), keep_backup=False)
    except OSError as e:
        raise InputError(f"could not write {path}: {e.strerror or e}",
                         hint="Check that the folder exists and is writable, or pass another -o.") from None
    return path


def import_file(path: Path) -> Project:
    """Read a CSV shot list, a Fountain screenplay or a JSON project into a Project (validated)."""
    from composer.exchange import csv_io, fountain, json_io
    from composer.project import files

    try:
        raw = files.read_regular(path, MAX_IMPORT_BYTES, what="shot list or screenplay")
    except ProjectFileError as e:
        raise InputError(str(e), hint=e.hint) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")  # spreadsheets on Windows still save this
        except UnicodeDecodeError:
            raise InputError(f"{path}: not a text file (neither UTF-8 nor Windows-1252)") from None
    if "\x00" in text:
        raise InputError(f"{path}: looks binary (contains NUL bytes)", hint="Export a CSV, Fountain or JSON file.")
    suffix = path.suffix.lower()
    readers = {".csv": csv_io.loads, ".fountain": fountain.loads, ".spmd": fountain.loads, ".txt": fountain.loads,
               ".json": json_io.loads, ".slate": json_io.loads}
    if suffix not in readers:
        raise InputError(f"{path}: unknown file type '{suffix}'", hint="Import .csv, .fountain or .json files.")
    project = readers[suffix](text)
    if not project.name or project.name == "Untitled":
        project.name = files.clip(path.stem, 200)
    try:  # what an import makes must save and open again (issue 19: 201 beats were written, then refused)
        files.readable(project, str(path))
    except ProjectFileError as e:
        why = e.reason.removeprefix("cannot be saved, it would not open again: ")
        raise InputError(f"{path} cannot become a project: {why}",
                         hint="Fix those rows or scenes in the file (split long scenes into more shots) and import "
                              "again; nothing was written.") from None
    return project
