from __future__ import annotations

from pathlib import Path

from composer.document.edits import SetField
from composer.document.models import Project, Shot
from composer.project import files as project_file
from composer.project.document import Document


def _doc(tmp_path: Path) -> Document:
    p = Project(shots=[Shot(id="a", subject="Person moves quickly"), Shot(id="b", subject="A cat")])
    path = project_file.save(p, tmp_path / "d.slate")
    return Document.open(path)


def test_edit_reassembles_and_relints_only_what_changed(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    b_before = doc.assembled("b")
    assert any(f.code == "SL010" for f in doc.findings("a"))
    seen = []
    doc.subscribe(seen.append)
    doc.apply(SetField("a", "subject", "A cyclist pedals three times, brakes"))
    assert seen and seen[0].shot_ids == {"a"}
    assert "pedals" in doc.assembled("a").text
    assert not any(f.code == "SL010" for f in doc.findings("a"))
    assert doc.assembled("b") is b_before, "an untouched shot is not re-rendered"


def test_the_document_keeps_no_saved_flag_of_its_own(tmp_path: Path) -> None:
    """Unsaved or not is the undo stack's clean index (tests/ui: edit, save, undo, edit); a second flag here once
    read "clean" in that very case (issue 14)."""
    doc = _doc(tmp_path)
    assert not {"dirty", "revision", "saved_revision"} & (set(vars(doc)) | set(dir(Document)))


def test_save_writes_the_file_and_discards_the_autosave(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    doc.apply(SetField("a", "mood", "tense"))
    auto = project_file.autosave(doc.project, doc.path)
    assert auto is not None and auto.exists()
    doc.save()
    assert not auto.exists()
    assert project_file.load(doc.path).shots[0].mood == "tense"  # type: ignore[arg-type]


def test_changed_on_disk_is_detected(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    assert not doc.changed_on_disk()
    other = project_file.load(doc.path)  # type: ignore[arg-type]
    other.name = "Changed elsewhere"
    project_file.save(other, doc.path)  # type: ignore[arg-type]
    assert doc.changed_on_disk()
