"""The take browser: notes, ratings and hero persist; pick any takes to compare; delete (undoable) with files to the
trash and the server copy on request; a take's frame becomes the next shot's reference at that shot's size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from composer.document.models import Shot, Take, TakeKind
from composer.project import files as project_file
from composer.project.document import Document
from tests.player.test_player import _clip
from ui.bridges.document import DocumentBridge
from ui.main_window import MainWindow


@pytest.fixture
def takes_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Example project, shot 1 with three takes on disk: a create, its remix, and a second create."""
    p = project_file.load(project_file.examples()[0])
    path = tmp_path / "film.slate"
    media = project_file.media_dir(path)
    media.mkdir(parents=True)
    shot = p.shots[0]
    for i, (tid, kind, parent) in enumerate((("take_a", TakeKind.CREATE, None), ("take_b", TakeKind.REMIX, "take_a"),
                                             ("take_c", TakeKind.CREATE, None))):
        _clip(media / f"{tid}.mp4", offset=5 * i)
        shot.takes.append(Take(id=tid, kind=kind, parent_take_id=parent, video_path=f"{media.name}/{tid}.mp4",
                               job_id=f"job_{tid}", backend="openai" if tid == "take_c" else "animatic",
                               remote_id="video_c" if tid == "take_c" else None))
    p.shots.append(Shot(id="shot_next", title="The next shot"))
    project_file.save(p, path)
    doc = Document.open(path)
    bridge = DocumentBridge(doc)
    w = MainWindow(bridge)
    qtbot.addWidget(w)
    bridge.replace(doc)
    bridge.select(doc.project.shots[0].id)
    w.form.setCurrentWidget(w.takes)
    w.show()
    yield w, doc, bridge, path
    w.files.autosave_timer.stop()


def _select(w, *ids: str) -> None:  # type: ignore[no-untyped-def]
    tree = w.takes.tree
    tree.clearSelection()
    items = [it for it in tree.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
             if it.data(0, Qt.ItemDataRole.UserRole) in ids]
    tree.setCurrentItem(items[0])
    for it in items:
        it.setSelected(True)


def test_notes_rating_and_hero_persist_in_the_project(takes_window) -> None:  # type: ignore[no-untyped-def]
    w, doc, bridge, path = takes_window
    _select(w, "take_b")
    w.takes.notes.setText("boat drifts left; keep")
    w.takes.notes.editingFinished.emit()
    w.takes.rating.setValue(4)
    w.takes._hero()
    doc.save()
    again = project_file.load(path).shots[0]
    b = next(t for t in again.takes if t.id == "take_b")
    assert (b.notes, b.rating, b.hero, b.parent_take_id) == ("boat drifts left; keep", 4, True, "take_a")
    bridge.undo_stack.undo()  # hero, then rating, then notes: each its own undo step
    bridge.undo_stack.undo()
    bridge.undo_stack.undo()
    assert doc.project.shots[0].takes[1].notes == ""


def test_compare_uses_the_selected_takes_or_a_take_and_its_parent(takes_window) -> None:  # type: ignore[no-untyped-def]
    w, _doc, _bridge, _path = takes_window
    _select(w, "take_b")
    assert [p.stem for p in w.takes.compare_paths()] == ["take_a", "take_b"], "a remix against its parent"
    _select(w, "take_a", "take_b", "take_c")
    assert [p.stem for p in w.takes.compare_paths()] == ["take_a", "take_b", "take_c"]
    top = w.takes.tree.topLevelItem(0)
    assert top.childCount() == 1 and top.child(0).data(0, Qt.ItemDataRole.UserRole) == "take_b"


def test_delete_is_undoable_trashes_files_and_deletes_remotely_on_request(takes_window) -> None:  # type: ignore[no-untyped-def]
    w, doc, bridge, path = takes_window
    media = project_file.media_dir(path)
    remote: list[str] = []
    w.takes.sig_delete_remote.connect(remote.append)
    _select(w, "take_a", "take_c")
    assert w.takes.delete_selected(confirm=False, remote=True) == 2
    assert [t.id for t in doc.project.shots[0].takes] == ["take_b"]
    assert not (media / "take_a.mp4").exists() and (media / "take_b.mp4").exists()
    assert remote == ["job_take_c"], "only the take with a server copy is deleted remotely"
    bridge.undo_stack.undo()
    assert [t.id for t in doc.project.shots[0].takes] == ["take_a", "take_b", "take_c"]
    assert "file missing" in w.takes.tree.topLevelItem(0).text(0), "undo says where the file went"


def test_a_frame_becomes_the_next_shots_reference_at_its_render_size(takes_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from ui.player.vlc_widget import VlcPlayer

    w, doc, _bridge, path = takes_window
    shots = doc.project.shots
    shots[1].render.size = "1280x720"
    player = VlcPlayer(project_file.media_dir(path) / "take_b.mp4")
    try:
        message = w.use_frame_as_reference(shots[0].id, player, 12)
    finally:
        player.release()
    ref = shots[1].reference_image
    assert ref and "reference image" in message
    img = QImage(str(path.parent / ref))
    assert (img.width(), img.height()) == (1280, 720)
    assert round(img.pixelColor(640, 360).green() / 3) == 12 + 5, "take_b's frame 12 (grey 3*(12+5))"
    assert not [f for f in doc.findings(shots[1].id) if f.code == "SL053"]
    assert "no next shot" in w.use_frame_as_reference(shots[-1].id, None, 0)


def test_compare_window_opens_the_selected_takes_in_sync(takes_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, _doc, _bridge, _path = takes_window
    _select(w, "take_a", "take_c")
    view = w.open_compare(w.takes.compare_paths())
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.ready, timeout=8000)
    view.seek(9)
    assert view.shown() == [9, 9]
    view.close_players()


def test_moving_the_mouse_across_a_take_scrubs_through_it(takes_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    w, _doc, _bridge, _path = takes_window
    _select(w, "take_a")
    scrub = w.takes.scrubber
    assert scrub.frame == 0 and not scrub.pixmap().isNull()
    QTest.mouseMove(scrub, QPoint(scrub.width() // 2, scrub.height() // 2))
    mid = scrub.frame
    assert 25 <= mid <= 34  # 60 frames: about the middle
    img = scrub.pixmap().toImage()
    assert round(img.pixelColor(img.width() // 2, img.height() // 2).green() / 3) == mid


def test_listing_a_shots_takes_writes_their_frame_cache_copies(takes_window) -> None:  # type: ignore[no-untyped-def]
    """Takes made before copies existed, or whose copies were dropped, get them when their shot is shown."""
    from composer.media.decode import display_size

    w, _doc, _bridge, path = takes_window
    assert w.media.cache.wait_prepared(60)
    media = project_file.media_dir(path)
    for tid in ("take_a", "take_b", "take_c"):
        copy = w.media.cache.open(media / f"{tid}.mp4", *display_size(160, 96))
        assert copy is not None, tid
        copy.close()
