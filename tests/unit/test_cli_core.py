"""`slate assemble`, `--version`, `--help` and usage errors through the real entry point."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from composer.cli.main import main
from composer.project import files as project_file
from composer.prompt.assembly import assemble

EXAMPLE = project_file.examples()[0]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_assemble_json_matches_the_renderer_byte_for_byte() -> None:
    code, out = run("assemble", str(EXAMPLE), "--format", "json")
    assert code == 0
    data = json.loads(out)
    project = project_file.load(EXAMPLE)
    assert [s["id"] for s in data["shots"]] == [s.id for s in project.shots]
    first = data["shots"][0]
    assert first["text"] == assemble(project.shots[0], project).text
    assert set(first) == {"id", "title", "text", "spans"}
    assert all(set(sp) == {"field", "start", "end"} for sp in first["spans"])


def test_assemble_unknown_shot_is_a_usage_error(capsys: object) -> None:
    code, _ = run("assemble", str(EXAMPLE), "--shot", "nope")
    assert code == 2


def test_assemble_broken_project_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.slate"
    bad.write_text("{")
    assert run("assemble", str(bad))[0] == 2


def test_version_and_help_via_console_script() -> None:
    r = subprocess.run([sys.executable, "-m", "composer", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("slate ")
    r = subprocess.run([sys.executable, "-m", "composer", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "lint" in r.stdout and "assemble" in r.stdout


def test_unknown_option_is_exit_2() -> None:
    assert run("assemble", "--bogus")[0] == 2
