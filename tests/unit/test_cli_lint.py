"""`slate lint`: the JSON contract, ruff-like text output and exit codes of design §10."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from composer.cli.main import main
from composer.project import files as project_file

BAD = "Make this an 8-second 1080p video of a person moving quickly past a Nike billboard."
GOOD = project_file.examples()


def run(*argv: str, stdin: str | None = None) -> tuple[int, str]:
    if stdin is not None:
        r = subprocess.run([sys.executable, "-m", "composer", *argv], input=stdin, capture_output=True, text=True)
        return r.returncode, r.stdout
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_json_findings_have_exactly_the_contract_keys(tmp_path: Path) -> None:
    f = tmp_path / "p.txt"
    f.write_text(BAD)
    code, out = run("lint", str(f), "--format", "json")
    data = json.loads(out)
    assert set(data) == {"findings"} and data["findings"]
    for finding in data["findings"]:
        assert set(finding) == {"code", "name", "severity", "message", "span", "field", "fix", "shot"}
        assert finding["severity"] in {"error", "warning", "info"}
        assert finding["span"] is None or (isinstance(finding["span"], list) and len(finding["span"]) == 2)
    codes = {x["code"] for x in data["findings"]}
    assert {"SL050", "SL010"} <= codes
    assert code == (1 if any(x["severity"] == "error" for x in data["findings"]) else 0)


def test_text_output_is_ruff_like_with_code_and_name(tmp_path: Path) -> None:
    f = tmp_path / "p.txt"
    f.write_text("A quiet street.\n" + BAD)
    _code, out = run("lint", str(f))
    line = next(x for x in out.splitlines() if " SL050 " in x)
    where, rest = line.split(": SL050 ", 1)
    name, line_no, col = where.rsplit(":", 2)
    assert name == str(f) and line_no == "2" and col.isdigit()
    assert rest.startswith("api-params-in-text ")


def test_stdin_and_select(tmp_path: Path) -> None:
    code, out = run("lint", "-", "--select", "SL050", "--format", "json", stdin=BAD)
    assert {x["code"] for x in json.loads(out)["findings"]} == {"SL050"}


def test_error_findings_exit_1() -> None:
    code, out = run("lint", "-", "--select", "SL052", "--seconds", "7", "--format", "json", stdin="A red kite.")
    assert code == 1, out
    assert json.loads(out)["findings"][0]["code"] == "SL052"


def test_unknown_rule_and_missing_file_exit_2(tmp_path: Path) -> None:
    assert run("lint", str(tmp_path / "missing.txt"))[0] == 2
    f = tmp_path / "p.txt"
    f.write_text("x")
    assert run("lint", str(f), "--select", "SL999")[0] == 2


@pytest.mark.parametrize("example", GOOD, ids=lambda p: p.stem)
def test_guide_after_examples_lint_clean_as_projects(example: Path) -> None:
    code, out = run("lint", str(example), "--format", "json")
    bad = [f for f in json.loads(out)["findings"] if f["severity"] != "info"]
    assert code == 0 and bad == [], bad
