"""The Sequence menu in a real window: the recap before a chain, draft/promote, rejected drafts, split, the cut
player (real libvlc on the cut it wrote) and the iteration log. Renders are real, offline (the animatic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from composer.project import files as project_file
from composer.project.document import Document
from composer.queue.jobs import JobState
from composer.queue.service import RenderService
from composer.queue.store import Store
from tests.sequences.conftest import scene
from ui.app import compose
from ui.bridges.document import DocumentBridge
from ui.main_window import MainWindow
from ui.sequence.recap_dialog import DONT_ASK, RecapDialog
from ui.sequence.sequence_actions import SequenceController


def rendered_window(qtbot, tmp_path: Path, **kw: object) -> tuple[MainWindow, RenderService]:  # type: ignore[no-untyped-def]
    """A window over the three-shot scene whose first shot already has an offline take."""
    from PySide6.QtCore import QSettings

    QSettings().setValue(DONT_ASK, False)
    QSettings().setValue("base_url", "")
    project = scene(model="ltx-2", size="768x512", seconds=4)
    for k, v in kw.items():
        setattr(project.shots[2].lighting, k, v)
    path = project_file.save(project, tmp_path / "rain.slate")
    service = RenderService(Store(tmp_path / "queue.sqlite3"))
    service.submit(project, ["shot_street"], project_path=path)
    assert service.worker.run_until_idle(120)
    service.record_takes(project, path)
    project_file.save(project, path)
    doc = Document.open(path)
    bridge = DocumentBridge(doc)
    w = compose(bridge, service)
    qtbot.addWidget(w)
    bridge.replace(doc)
    bridge.select("shot_street")
    w.show()
    return w, service


def controller(w: MainWindow) -> SequenceController:
    found = w.findChild(SequenceController)
    assert found is not None
    return found


def test_the_sequence_menu_sits_before_help(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, _svc = rendered_window(qtbot, tmp_path)
    titles = [a.text().replace("&", "") for a in w.menuBar().actions()]
    assert titles[-2:] == ["Sequence", "Help"]


def test_recap_shows_what_the_take_ends_on_and_the_chain_is_sent_on_confirm(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    w, svc = rendered_window(qtbot, tmp_path, sources=["harsh midday sun through the window"])
    w.bridge.document.project.shots[1].beats[0].text = "Mara pushes the noren curtain aside."
    seen: list[RecapDialog] = []

    def click_send(self: RecapDialog) -> int:
        seen.append(self)
        self.show()
        self.send.click()  # the person reads it and presses "Send chain"
        return int(self.result())
    monkeypatch.setattr(RecapDialog, "exec", click_send)
    controller(w).render_chain()
    qtbot.waitUntil(lambda: bool(seen) and len(svc.store.jobs()) == 4, timeout=20_000)
    dlg = seen[0]
    assert dlg.tabs.count() == 2  # Street -> Door, Door -> Inside
    labels = [dlg.tabs.tabText(i) for i in range(2)]
    assert labels[0] == "Street → Door" and labels[1].startswith("Door → Inside  (1)")
    from PySide6.QtWidgets import QLabel, QListWidget, QTableWidget

    page = dlg.tabs.widget(0)
    picture = next(lb for lb in page.findChildren(QLabel) if lb.accessibleName() == "last frame")
    assert not picture.pixmap().isNull() and picture.pixmap().width() == 380
    fields = page.findChild(QTableWidget)
    assert fields.item(1, 0).text() == "Mara: black trench coat, red scarf"
    assert fields.item(4, 0).text() == "Mara stops at the curb and looks up at the ramen shop sign."
    findings = dlg.tabs.widget(1).findChild(QListWidget)
    assert findings.item(0).text().startswith("SL062 light-change-without-cue")
    jobs = svc.store.jobs()[1:]
    assert [j.after_job for j in jobs[1:]] == [j.id for j in jobs[:-1]]
    assert [j.state for j in jobs] == [JobState.CONFIRMED, JobState.WAITING, JobState.WAITING]


def test_edit_first_goes_to_the_shot_and_sends_nothing(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    w, svc = rendered_window(qtbot, tmp_path)
    done: list[bool] = []

    def click_edit(self: RecapDialog) -> int:
        self.tabs.setCurrentIndex(1)
        self.edit.click()
        done.append(True)
        return int(self.result())
    monkeypatch.setattr(RecapDialog, "exec", click_edit)
    controller(w).render_chain()
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert w.bridge.shot_id == "shot_inside" and len(svc.store.jobs()) == 1


def test_draft_all_promote_and_delete_rejected_drafts(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    w, svc = rendered_window(qtbot, tmp_path)
    seq = controller(w)
    seq.draft_all()
    drafts = svc.store.jobs()[1:]
    assert [(j.tier, j.size, j.seconds) for j in drafts] == [("draft", "768x512", 4)] * 3
    svc.worker.run_until_idle(120)
    for j in drafts:
        w.renders._on_job_changed(svc.store.get(j.id))  # type: ignore[union-attr]  # as the queue bridge would
    qtbot.waitUntil(lambda: all(len(s.takes) >= 1 for s in w.bridge.document.project.shots[1:]), timeout=20_000)
    w.bridge.select("shot_door")
    w.form.setCurrentWidget(w.takes)
    door = w.bridge.document.project.shots[1]
    assert w.takes.tree.topLevelItem(0).text(1) == "create  draft"
    w.takes.tree.setCurrentItem(w.takes.tree.topLevelItem(0))
    seq.promote_selected()
    final = svc.store.jobs()[-1]
    assert final.tier == "final" and final.hints["parent_job"] == door.takes[0].job_id
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.bridge.document.project.shots[1].takes[0].rating = 4  # kept: rated
    gone = seq.delete_rejected()
    assert gone == 2  # Street's and Inside's drafts; Door's is rated, Street's final is the hero
    assert [len(s.takes) for s in w.bridge.document.project.shots] == [1, 1, 0]
    w.bridge.undo_stack.undo()
    assert [len(s.takes) for s in w.bridge.document.project.shots] == [2, 1, 1]


def test_split_the_current_shot_is_one_undo_step(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, _svc = rendered_window(qtbot, tmp_path)
    doc = w.bridge.document
    doc.project.shots[1].render.seconds = 8
    w.bridge.select("shot_door")
    controller(w).split_current()
    assert [s.title for s in doc.project.shots] == ["Street", "Door (1/2)", "Door (2/2)", "Inside"]
    w.bridge.undo_stack.undo()
    assert [s.title for s in doc.project.shots] == ["Street", "Door", "Inside"]


def test_iteration_log_shows_the_shots_takes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, _svc = rendered_window(qtbot, tmp_path)
    view = controller(w).open_log()
    text = view.text.toPlainText()  # type: ignore[attr-defined]
    assert "Street" in text and "Parameters: ltx-2 · 768x512 · 4 s" in text
    view.export(tmp_path / "log.md")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: (tmp_path / "log.md").exists(), timeout=5000)
    assert (tmp_path / "log.md").read_text().startswith("# Iteration log — Rain walk")
