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
from ui.app import compose
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
    w = _takes_of_first_shot(qtbot, path)
    yield w, w.bridge.document, w.bridge, path
    w.files.autosave_timer.stop()


def _takes_of_first_shot(qtbot, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    doc = Document.open(path)
    bridge = DocumentBridge(doc)
    w = compose(bridge)
    qtbot.addWidget(w)
    bridge.replace(doc)
    bridge.select(doc.project.shots[0].id)
    w.form.setCurrentWidget(w.takes)
    w.show()
    return w


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


def test_delete_is_undoable_trashes_files_and_deletes_remotely_on_request(takes_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, doc, bridge, path = takes_window
    media = project_file.media_dir(path)
    remote: list[str] = []
    w.takes.sig_delete_remote.connect(remote.append)
    _select(w, "take_a", "take_c")
    assert w.takes.delete_selected(confirm=False, remote=True) == 2
    assert [t.id for t in doc.project.shots[0].takes] == ["take_b"]
    qtbot.waitUntil(lambda: not (media / "take_a.mp4").exists(), timeout=10_000)  # trashed off the GUI thread
    assert (media / "take_b.mp4").exists()
    assert remote == ["job_take_c"], "only the take with a server copy is deleted remotely"
    bridge.undo_stack.undo()
    assert [t.id for t in doc.project.shots[0].takes] == ["take_a", "take_b", "take_c"]
    assert "file missing" in w.takes.tree.topLevelItem(0).text(0), "undo says where the file went"


def test_a_frame_becomes_the_next_shots_reference_at_its_render_size(takes_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    from ui.player.vlc_widget import VlcPlayer

    w, doc, bridge, path = takes_window
    shots = doc.project.shots
    shots[1].render.size = "1280x720"
    player = VlcPlayer(project_file.media_dir(path) / "take_b.mp4")
    try:
        message = w.use_frame_as_reference(shots[0].id, player, 12)
    finally:
        player.release()
    assert "reference image" in message
    qtbot.waitUntil(lambda: bool(shots[1].reference_image), timeout=20_000)  # written off the GUI thread
    ref = shots[1].reference_image
    assert ref and "is now the reference image" in w.statusBar().currentMessage()
    assert bridge.undo_stack.undoText() == "Use frame as reference"
    img = QImage(str(path.parent / ref))
    assert (img.width(), img.height()) == (1280, 720)
    assert round(img.pixelColor(640, 360).green() / 3) == 12 + 5, "take_b's frame 12 (grey 3*(12+5))"
    assert not [f for f in doc.findings(shots[1].id) if f.code == "SL053"]
    assert "no next shot" in w.references.use_frame(shots[-1].id, project_file.media_dir(path) / "take_b.mp4", 0)


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
    qtbot.waitUntil(lambda: scrub.frame == 0 and not scrub.pixmap().isNull(), timeout=10_000)
    QTest.mouseMove(scrub, QPoint(scrub.width() // 2, scrub.height() // 2))
    qtbot.waitUntil(lambda: 25 <= scrub.frame <= 34, timeout=10_000)  # 60 frames: about the middle
    mid = scrub.frame
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


def test_the_scrubber_decodes_off_the_gui_thread_and_drops_frames_the_pointer_left(takes_window, qtbot,  # type: ignore[no-untyped-def]
                                                                                  monkeypatch) -> None:
    """The pointer runs ahead of a decoder that is held up: the frames it passed are never decoded, the last one is
    shown, and no decode ran on the GUI thread. (The hold-up wraps the real decoder; it still decodes.)"""
    import threading

    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    from composer.media.decode import FrameReader

    w, _doc, _bridge, _path = takes_window
    _select(w, "take_a")
    scrub = w.takes.scrubber
    qtbot.waitUntil(lambda: scrub.frame == 0 and scrub.frames > 0, timeout=10_000)
    gate, decoded, real = threading.Event(), [], FrameReader.frame

    def held_up(reader: FrameReader, n: int):  # type: ignore[no-untyped-def]
        decoded.append((n, threading.get_ident()))
        gate.wait(10)
        return real(reader, n)
    monkeypatch.setattr(FrameReader, "frame", held_up)
    wanted = []
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9):
        x = round(fraction * scrub.width())
        QTest.mouseMove(scrub, QPoint(x, scrub.height() // 2))
        wanted.append(round(x / scrub.width() * (scrub.frames - 1)))
    qtbot.waitUntil(lambda: len(decoded) == 1, timeout=10_000)
    assert scrub.frame == 0, "nothing is shown before it is decoded"
    gate.set()
    qtbot.waitUntil(lambda: scrub.frame == wanted[-1], timeout=10_000)
    assert [n for n, _ in decoded] == [wanted[0], wanted[-1]], "the frames in between were dropped"
    assert all(thread != threading.get_ident() for _, thread in decoded)


def test_the_server_copy_is_offered_for_takes_whose_backend_class_is_paid(takes_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Not by the backend's name: flip the classes' is_paid and the takes offered for a remote delete follow."""
    from composer.queue.backends.animatic import AnimaticBackend
    from composer.queue.backends.openai_videos import OpenAIVideosBackend

    w, doc, _bridge, _path = takes_window
    doc.project.shots[0].takes[0].remote_id = "video_a"  # take_a: rendered by the animatic backend
    monkeypatch.setattr(AnimaticBackend, "is_paid", True)
    monkeypatch.setattr(OpenAIVideosBackend, "is_paid", False)
    remote: list[str] = []
    w.takes.sig_delete_remote.connect(remote.append)
    _select(w, "take_a", "take_c")
    w.takes.delete_selected(confirm=False, remote=True)
    assert remote == ["job_take_a"]


def test_the_take_tree_redraws_for_take_edits_only(takes_window) -> None:  # type: ignore[no-untyped-def]
    """The tree rebuilds when a change's roots include ``takes``; typing in the shot's other fields leaves it be."""
    from composer.document import fields
    from composer.document.edits import SetField

    w, _doc, bridge, _path = takes_window
    first = w.takes.tree.topLevelItem(0)
    bridge.push(SetField(bridge.shot_id, fields.SUBJECT, "A fisherman mends a net"))
    assert w.takes.tree.topLevelItem(0) is first, "not rebuilt for a subject edit"
    bridge.push(SetField(bridge.shot_id, "takes[0].rating", 3))
    assert w.takes.tree.topLevelItem(0) is not first and w.takes.tree.topLevelItem(0).text(2) == "★★★"


def test_thumbnails_are_decoded_off_the_gui_thread_once(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The shot list redraws a row on every keystroke and the take tree on every take edit: the hero's thumbnail
    is decoded once, off the GUI thread (the decoder is wrapped to record where it ran; it still decodes)."""
    import threading

    from PySide6.QtGui import QColor, QImage

    from composer.document import fields
    from composer.document.edits import SetField
    from ui.ops import thumbnails

    p = project_file.load(project_file.examples()[0])
    path = tmp_path / "film.slate"
    media = project_file.media_dir(path)
    media.mkdir(parents=True)
    picture = QImage(160, 90, QImage.Format.Format_RGB32)
    picture.fill(QColor("#c08a4a"))
    assert picture.save(str(media / "hero.png"))
    p.shots[0].takes.append(Take(id="take_h", hero=True, thumbnail_path=f"{media.name}/hero.png"))
    project_file.save(p, path)
    reads: list[int] = []
    real = thumbnails.read_thumbnail

    def recorded(where: Path, size):  # type: ignore[no-untyped-def]
        reads.append(threading.get_ident())
        return real(where, size)
    monkeypatch.setattr(thumbnails, "read_thumbnail", recorded)
    w = _takes_of_first_shot(qtbot, path)
    bridge = w.bridge
    row = w.shots.list.item(0)
    qtbot.waitUntil(lambda: not row.icon().isNull() and not w.takes.tree.topLevelItem(0).icon(0).isNull(),
                    timeout=10_000)
    for text in ("A", "A f", "A fisherman"):  # keystrokes redraw the row; the take edit rebuilds the tree
        bridge.push(SetField(bridge.shot_id, fields.SUBJECT, text), merge=True)
    bridge.push(SetField(bridge.shot_id, "takes[0].rating", 4))
    assert not w.shots.list.item(0).icon().isNull() and not w.takes.tree.topLevelItem(0).icon(0).isNull()
    assert len(reads) == 1 and reads[0] != threading.get_ident(), "decoded once, off the GUI thread"
    w.files.autosave_timer.stop()
