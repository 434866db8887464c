"""`slate export`, `slate import`, `slate bundle`: thin wrappers over composer.exchange."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from composer.animatic import BOARDS_FORMATS, BOARDS_SUFFIX
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
    i.set_defaults(func=cmd_import)
    b = sub.add_parser("bundle", help="zip a project with its references and takes; --extract to unpack one")
    b.add_argument("path", type=Path, help="a .slate project (or, with --extract, a bundle .zip)")
    b.add_argument("-o", "--output", type=Path, required=True)
    b.add_argument("--takes", choices=("hero", "all"), default="hero")
    b.add_argument("--extract", action="store_true")
    b.set_defaults(func=cmd_bundle)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.project)
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
    project = import_file(args.file)
    dest = project_file.save(project, args.output or args.file.with_suffix(project_file.SUFFIX))
    out.write(f"Imported {len(project.shots)} shot(s) into {dest}\n")
    return 0


def cmd_bundle(args: argparse.Namespace, out: TextIO) -> int:
    from composer.exchange import bundle

    if args.extract:
        out.write(f"Unpacked {bundle.extract(args.path, args.output)}\n")
    else:
        out.write(f"Wrote {bundle.create(args.path.resolve(), args.output, takes=args.takes)}\n")
    return 0
