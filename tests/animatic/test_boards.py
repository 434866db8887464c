"""Boards: a storyboard PDF and a PNG contact sheet of the shot list, a panel per beat, from `slate export`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from composer import resources
from composer.animatic import boards
from composer.cli.main import main
from composer.document.models import Beat, Camera, DialogueLine, Project, Shot
from composer.project import files as project_file


def _project(tmp_path: Path) -> Path:
    shots = [Shot(id=f"s{i}", title=f"Shot {i}", camera=Camera(framing="wide shot", movement="pan left"),
                  beats=[Beat(text=f"beat {i}.{k}") for k in range(3)],
                  dialogue=[DialogueLine(speaker="Ana", line="We are late.")]) for i in range(3)]
    shots.append(Shot(id="bare", title="No beats"))
    return project_file.save(Project(name="Boards", shots=shots), tmp_path / "boards.slate")


def test_panels_are_one_per_beat_with_text_camera_note_dialogue_and_duration(tmp_path: Path) -> None:
    project = project_file.load(_project(tmp_path))
    ps = boards.panels(project)
    assert len(ps) == 3 * 3 + 1
    first = ps[0]
    assert (first.shot_no, first.panel_no, first.text) == (1, 1, "beat 0.0") and first.first
    assert "wide shot" in first.camera and "pan left" in first.camera
    assert first.end - first.start == pytest.approx(8 / 3, abs=0.01)
    assert sum(len(p.lines) for p in ps[:3]) == 1 and "ANA" in next(p for p in ps[:3] if p.lines).lines[0]
    assert ps[-1].text == "(no action beats)" and ps[-1].end == 8


def test_cli_writes_a_multipage_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.pdf"
    assert main(["export", str(_project(tmp_path)), "--to", "boards-pdf", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 2  # 10 panels, 6 to a page
    assert "Wrote" in capsys.readouterr().out


def test_cli_writes_a_png_contact_sheet_of_every_example(tmp_path: Path) -> None:
    example = resources.path("examples", "robot_workshop.slate")
    out = tmp_path / "sheet.png"
    assert main(["export", str(example), "--to", "boards-png", "-o", str(out)]) == 0
    with Image.open(io.BytesIO(out.read_bytes())) as im:
        assert im.format == "PNG" and im.width == 60 + 4 * (boards.CELL_W + 30)
        assert im.height > boards.PIC_H


def test_bad_boards_exports_exit_2_with_the_problem_and_the_fix(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    empty = project_file.save(Project(name="Empty"), tmp_path / "empty.slate")
    assert main(["export", str(empty), "--to", "boards-pdf", "-o", str(tmp_path / "e.pdf")]) == 2
    assert "no shots" in capsys.readouterr().err and not (tmp_path / "e.pdf").exists()
    nowhere = tmp_path / "missing-folder" / "b.pdf"
    assert main(["export", str(_project(tmp_path)), "--to", "boards-png", "-o", str(nowhere)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Pick a folder" in err and "Traceback" not in err
