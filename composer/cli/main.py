"""The ``slate`` command: GUI by default, plus lint/assemble/render/queue/standin/export/import/bundle.

Kept thin: each subcommand parses arguments and calls one core function. Exit codes (design §10):
0 ok, 1 error-severity findings (lint) or a failed job, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from composer import __version__
from composer.errors import SlateError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_BUG = 70  # EX_SOFTWARE: an unexpected error, never confused with "lint found errors" (1)

# Subcommands owned by other modules: (module, function that adds its parsers). Imported lazily so
# `slate lint` never pays for openai, Starlette or PyAV imports.
_PLUGINS: tuple[tuple[str, str], ...] = (
    ("composer.cli.render", "add_render_parsers"),
    ("composer.cli.standin", "add_standin_parser"),
    ("composer.cli.exchange", "add_exchange_parsers"),
)
_CORE = {"lint", "assemble"}
_PLUGIN_COMMANDS = {"render", "promote", "queue", "standin", "export", "import", "bundle"}


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def build_parser(commands: set[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slate",
        description="Slate: write, lint, render and compare prompts for AI video models (Veo, Runway, Seedance, "
                    "Kling, Wan, LTX...). "
                    "Without a subcommand, opens the desktop app (slate [PROJECT.slate] [--screenshot PNG]).",
    )
    parser.add_argument("--version", action="version", version=f"slate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = sub.add_parser("lint", help="lint a .slate project or a plain-text prompt against the prompting guides")
    lint.add_argument("file", help="a .slate project, a text file with a prompt, or - for standard input")
    lint.add_argument("--seconds", type=int, help="clip length the prompt is for (default: the project's)")
    lint.add_argument("--model", help="model, e.g. veo-3.1, gen4_turbo or vertex_ai/veo-3.1-generate-001")
    lint.add_argument("--size", help="render size WIDTHxHEIGHT, e.g. 1280x720")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument("--select", type=_codes, default=None, help="only these rule codes or names (comma-separated)")
    lint.add_argument("--ignore", type=_codes, default=None, help="skip these rule codes or names (comma-separated)")
    lint.add_argument("--shot", help="only this shot id (projects)")
    lint.set_defaults(func=cmd_lint)

    asm = sub.add_parser("assemble", help="print the exact prompt text that would be sent for each shot")
    asm.add_argument("project", help="a .slate project")
    asm.add_argument("--shot", action="append", help="only this shot id (repeatable)")
    asm.add_argument("--format", choices=("text", "json"), default="text")
    asm.set_defaults(func=cmd_assemble)

    if commands is not None and not commands & _PLUGIN_COMMANDS:
        return parser  # `slate lint` and `slate assemble` never import the plugins (pydantic models, queue, PyAV)
    for module, fn in _PLUGINS:
        try:
            adder: Callable[[Any], None] = getattr(importlib.import_module(module), fn)
        except (ImportError, AttributeError):
            continue  # an optional part is not installed; its commands are simply absent
        adder(sub)
    return parser


# --- lint ------------------------------------------------------------------------------------

def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _finding_json(f: Any, shot_id: str | None) -> dict[str, Any]:
    fix = None
    if f.fix is not None:
        fix = {"title": f.fix.title, "field": f.fix.field,
               "replacement": f.fix.new_value if f.fix.new_value is not None else None,
               "automatic": f.fix.automatic,
               "edits": [{"field": e.field, "value": e.value} for e in f.fix.edits]}
    return {"code": f.code, "name": f.name, "severity": str(f.severity), "message": f.message,
            "span": list(f.span) if f.span is not None else None, "field": f.field, "fix": fix,
            "shot": shot_id}


def _read_input(name: str) -> tuple[str, str]:
    if name == "-":
        return "<stdin>", sys.stdin.read()
    from composer.project.reading import MAX_FILE_BYTES, read_regular

    try:
        return name, read_regular(Path(name), MAX_FILE_BYTES, what="prompt").decode("utf-8")
    except UnicodeDecodeError:
        raise SlateError(f"{name}: not UTF-8 text", hint="Pass a UTF-8 text file with the prompt.") from None


def cmd_lint(args: argparse.Namespace, out: TextIO) -> int:
    from composer.lint import engine

    for code in (args.select or []) + (args.ignore or []):
        try:
            engine.get_rule(code)
        except KeyError:
            raise SlateError(f"unknown rule '{code}'", hint="See docs/rules.md for the codes and names.") from None
    results: list[tuple[str | None, str, list[Any]]] = []  # (shot id, text, findings)
    if args.file.endswith(".slate"):
        from composer.project import files as project_file
        from composer.prompt.assembly import assemble

        project = project_file.load(args.file)
        for shot in project.shots:
            if args.shot and shot.id != args.shot:
                continue
            if args.model or args.size or args.seconds:
                shot = shot.model_copy(deep=True)
                shot.render.model = args.model or shot.render.model
                shot.render.size = args.size or shot.render.size
                shot.render.seconds = args.seconds or shot.render.seconds
            assembled = assemble(shot, project)
            findings = engine.lint_shot(shot, project, assembled=assembled, select=args.select,
                                        ignore=args.ignore, media_root=Path(args.file).parent)
            results.append((shot.id, assembled.text, findings))
        name = args.file
    else:
        name, text = _read_input(args.file)
        kw: dict[str, Any] = {k: v for k, v in (("model", args.model), ("size", args.size),
                                                  ("seconds", args.seconds)) if v}
        results.append((None, text, engine.lint_text(text, select=args.select, ignore=args.ignore, **kw)))

    errors = 0
    if args.format == "json":
        payload = {"findings": [_finding_json(f, sid) for sid, _t, fs in results for f in fs]}
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
    for sid, text, fs in results:
        for f in fs:
            errors += str(f.severity) == "error"
            if args.format == "text":
                line, col = _line_col(text, f.span[0]) if f.span else (1, 1)
                where = f"{name}#{sid}" if sid else name
                extra = f" [{f.field}]" if f.field else ""
                out.write(f"{where}:{line}:{col}: {f.code} {f.name} {f.message}{extra}\n")
    if args.format == "text":
        n = sum(len(fs) for _s, _t, fs in results)
        out.write(f"{n} finding{'s' if n != 1 else ''} ({errors} error{'s' if errors != 1 else ''})\n"
                  if n else "No findings.\n")
    return EXIT_FINDINGS if errors else EXIT_OK


# --- assemble --------------------------------------------------------------------------------

def cmd_assemble(args: argparse.Namespace, out: TextIO) -> int:
    from composer.project import files as project_file
    from composer.prompt.assembly import assemble

    project = project_file.load(args.project)
    shots = project.shots
    if args.shot:
        known = {s.id for s in shots}
        missing = [s for s in args.shot if s not in known]
        if missing:
            raise SlateError(f"no shot with id {', '.join(missing)} in {args.project}",
                             hint=f"Shot ids: {', '.join(sorted(known)) or '(none)'}")
        shots = [s for s in shots if s.id in set(args.shot)]
    rendered = [(s, assemble(s, project)) for s in shots]
    if args.format == "json":
        payload = {"shots": [{"id": s.id, "title": s.title, "text": a.text,
                              "spans": [{"field": sp.field, "start": sp.start, "end": sp.end} for sp in a.spans]}
                             for s, a in rendered]}
        json.dump(payload, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for i, (s, a) in enumerate(rendered):
            if len(rendered) > 1:
                out.write(("\n" if i else "") + f"=== {s.id} {s.title}\n")
            out.write(a.text + "\n")
    return EXIT_OK


# --- entry -----------------------------------------------------------------------------------

def _run_gui(argv: Sequence[str]) -> int:
    try:
        app = importlib.import_module("ui.app")
    except ImportError as e:
        sys.stderr.write(f"slate: the desktop app could not start: {e}\n"
                         "Install the GUI dependencies with 'make run' (or pip install -e .).\n")
        return EXIT_USAGE
    return int(app.main(list(argv)))


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    first = argv[0] if argv else None
    if first is None or (first not in _CORE | _PLUGIN_COMMANDS and first not in ("-h", "--help", "--version")):
        return _run_gui(argv)
    if any("\x00" in a for a in argv):  # no file name or value can hold one; the OS would refuse it deep inside
        sys.stderr.write("slate: an argument contains a NUL character (\\x00)\nRemove it: no file name or option "
                         "value can hold one.\n")
        return EXIT_USAGE
    parser = build_parser({first} if first in _CORE else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(e.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(out)
        return EXIT_USAGE
    func = args.func
    try:
        from composer.catalog.loader import catalog

        catalog()  # the model profiles, validated before any command: a mistake names file, key and problem
        # Plugin commands may take (args) or (args, out).
        takes_out = len(inspect.signature(func).parameters) >= 2
        return int(func(args, out) if takes_out else func(args))
    except SlateError as e:
        sys.stderr.write(f"slate: {e.describe()}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("slate: interrupted\n")
        return 130
    except OSError as e:  # a file the command touches: name it (never a traceback, never exit 1 = lint errors)
        where = f" {e.filename}" if e.filename else ""
        sys.stderr.write(f"slate: {e.strerror or e}:{where}\nCheck the path, its permissions and the free space.\n")
        return EXIT_USAGE
    except (Exception, MemoryError) as e:  # noqa: BLE001 - last resort: a bug, said as one, with its own exit code
        from composer.errors import redact

        sys.stderr.write(f"slate: unexpected {type(e).__name__}: {redact(str(e))[:300]}\nThis is a bug in Slate; "
                         "nothing was overwritten. Please report it with the command you ran.\n")
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
