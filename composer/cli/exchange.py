"""`slate export`, `slate import`, `slate bundle`: thin wrappers over composer.exchange."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from composer.animatic import BOARDS_FORMATS, BOARDS_SUFFIX
from composer.errors import InputError
from composer.exchange import FORMATS, SUFFIX, export, import_file
from composer.project import files as project_file

SEQUENCE_FORMATS = ("sequence-mp4", "log-md")
SEQUENCE_SUFFIX = {"sequence-mp4": ".cut.mp4", "log-md": ".log.md"}


def add_exchange_parsers(sub: Any) -> None:
    e = sub.add_parser("export", help="export a project: csv, fountain, json, jsonl (batch requests), otio, "
                                      "storyboard boards (boards-pdf, boards-png), the cut of hero takes as one MP4 "
                                      "(sequence-mp4) or the iteration log (log-md)")
    e.add_argument("project")
    e.add_argument("--to", choices=FORMATS + BOARDS_FORMATS + SEQUENCE_FORMATS, required=True)
    e.add_argument("-o", "--output", type=Path)
    e.set_defaults(func=cmd_export)
    i = sub.add_parser("import", help="import a CSV shot list, a Fountain screenplay or a JSON project")
    i.add_argument("file", type=Path)
    i.add_argument("-o", "--output", type=Path, help="the .slate project to write")
    i.add_argument("--force", action="store_true",
                   help="replace an existing project of that name (its previous version is kept as .bak)")
    i.set_defaults(func=cmd_import)
    b = sub.add_parser("bundle", help="zip a project with its references and takes; --extract to unpack one")
    b.add_argument("path", type=Path, help="a .slate project (or, with --extract, a bundle .zip)")
    b.add_argument("-o", "--output", type=Path, required=True)
    b.add_argument("--takes", choices=("hero", "all"), default="hero")
    b.add_argument("--extract", action="store_true")
    b.add_argument("--force", action="store_true", help="replace an existing bundle (not used with --extract)")
    b.set_defaults(func=cmd_bundle)


def _named(path: Path, what: str) -> Path:
    """A path with a file name in it ('' or '.' has none, and pathlib raises on them)."""
    if not path.name or path.name in (".", ".."):
        raise InputError(f"'{path}' names no {what}", hint=f"Pass the {what}'s file name.")
    return path


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    path = _named(Path(args.project), "project")
    if args.output is not None:
        _named(args.output, "output file")
    dest = args.output or path.with_suffix({**SUFFIX, **BOARDS_SUFFIX, **SEQUENCE_SUFFIX}[args.to])
    project = project_file.load(path)
    if args.to == "sequence-mp4":  # the cut of the chosen takes (composer.sequence), not a document format
        from composer.sequence.cut import build_cut
        from composer.sequence.export import write_cut

        cut = build_cut(project, path.resolve())
        write_cut(cut, dest)
        skipped = f"; no take yet for {', '.join(cut.missing)}" if cut.missing else ""
        out.write(f"Wrote {dest} ({len(cut.clips)} shots, {cut.seconds:.2f} s{skipped})\n")
        return 0
    if args.to == "log-md":
        from composer.sequence.log import to_markdown

        dest.write_text(to_markdown(project), encoding="utf-8")
    elif args.to in BOARDS_FORMATS:  # drawn by the animatic, a room exchange does not import
        from composer.animatic import boards

        boards.write(project, args.to, dest, project_path=path.resolve())
    else:
        export(project, args.to, dest, project_path=path.resolve())
    out.write(f"Wrote {dest}\n")
    return 0


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    _named(args.file, "file to import")
    dest = _named(args.output, "project to write") if args.output else args.file.with_suffix(project_file.SUFFIX)
    if dest.suffix != project_file.SUFFIX:
        dest = dest.with_name(dest.name + project_file.SUFFIX)
    if dest.exists() and not args.force:  # issue 19: takes, characters and the spine were silently replaced
        raise InputError(f"{dest} already exists; importing would replace it (its takes, characters and style)",
                         hint=f"Pass -o NEW{project_file.SUFFIX} to import beside it, or --force to replace it "
                              "(the current version is kept as .bak).")
    project = import_file(args.file)
    dest = project_file.save(project, dest)
    out.write(f"Imported {len(project.shots)} shot(s) into {dest}\n")
    return 0


def cmd_bundle(args: argparse.Namespace, out: TextIO) -> int:
    from composer.exchange import bundle

    _named(args.path, "bundle" if args.extract else "project")
    _named(args.output, "destination")
    if args.extract:
        out.write(f"Unpacked {bundle.extract(args.path, args.output)}\n")
    else:
        if args.output.exists() and not args.force:
            raise InputError(f"{args.output} already exists", hint="Pass another -o, or --force to replace it.")
        out.write(f"Wrote {bundle.create(args.path.resolve(), args.output, takes=args.takes)}\n")
    return 0
