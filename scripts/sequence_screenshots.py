"""Screenshots of the sequence views for docs/img: the continuity recap, the cut player and the iteration log.

Renders the three-shot example scene offline (the animatic) as a chain, adds a remixed take with a note, then
grabs each view. Run under Xvfb (the cut player is real libvlc):
``xvfb-run -a .venv/bin/python scripts/sequence_screenshots.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="slate-seq-shots-"))
os.environ.setdefault("SLATE_DATA_DIR", str(TMP / "data"))
OUT = ROOT / "docs" / "img"


def _settle(app, ms: int = 300) -> None:  # type: ignore[no-untyped-def]
    import time

    end = time.time() + ms / 1000
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle("Fusion")
    from composer.document.models import TakeKind
    from composer.project import files as project_file
    from composer.project.document import Document
    from composer.queue.service import RenderService
    from composer.sequence.cut import build_cut
    from composer.sequence.export import write_cut
    from composer.sequence.recap import recaps
    from tests.sequences.conftest import scene
    from ui.bridges.document import DocumentBridge
    from ui.sequence.cut_view import CutView
    from ui.sequence.log_view import LogView
    from ui.sequence.recap_dialog import RecapDialog
    from ui.sequence.sequence_actions import _frames

    project = scene(model="veo-3.1", size="1280x720", seconds=4)
    (TMP / "proj").mkdir(parents=True)
    path = project_file.save(project, TMP / "proj" / "rain.slate")
    svc = RenderService()
    svc.submit(project, [s.id for s in project.shots], project_path=path, chain=True)
    svc.worker.run_until_idle(600)
    svc.record_takes(project, path)
    first = project.shots[0].takes[0]
    first.rating, first.notes = 3, "pace fine; the sign is hard to read"
    remix = svc.derive(svc.store.get(str(first.job_id)), TakeKind.REMIX,
                       first.prompt_sent.replace("looks up at the ramen shop sign", "looks up at the glowing "
                                                 "red ramen shop sign"))
    svc.worker.run_until_idle(600)
    svc.record_takes(project, path)
    again = project.shots[0].takes[-1]
    again.rating, again.notes = 5, "the sign reads now: keep"
    assert remix.id == again.job_id
    project.shots[2].lighting.sources = ["warm tungsten bulbs over the counter"]
    project.shots[1].beats[0].text = "Mara pushes the noren curtain aside."
    project_file.save(project, path)

    items = recaps(project, [s.id for s in project.shots], media_root=path.parent)
    dlg = RecapDialog(items, _frames(items))
    dlg.tabs.setCurrentIndex(1)
    dlg.show()
    _settle(app)
    dlg.grab().save(str(OUT / "sequence-recap.png"))

    cut = build_cut(project, path)
    view = CutView(cut, write_cut(cut, TMP / "cut.mp4"))
    view.resize(1100, 720)
    view.show()
    _settle(app, 1500)
    view.jump_to(project.shots[1].id)
    _settle(app, 600)
    view.step(40)
    _settle(app, 800)
    view.grab().save(str(OUT / "sequence-cut.png"))
    view.close()

    bridge = DocumentBridge(Document.open(path))
    bridge.select(project.shots[0].id)
    log = LogView(bridge)
    log.resize(820, 640)
    log.show()
    _settle(app)
    log.grab().save(str(OUT / "sequence-log.png"))
    print(f"cut: {len(cut.clips)} shots, {cut.seconds:.2f} s; screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
