"""Regenerate docs/img/main-default-layout.png: the main window at 1500x920 (the default layout) over two example
shots, each rendered once on the offline animatic, the second shot's continuity finding selected.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/main_screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="slate-shot-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SLATE_DATA_DIR"] = str(WORK / "data")

from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "main-default-layout.png"
    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle("Fusion")
    from composer.project import files as project_file
    from composer.project.document import Document
    from composer.queue.service import RenderService
    from composer.queue.store import Store
    from ui.app import compose
    from ui.bridges.document import DocumentBridge

    film = project_file.load(ROOT / "resources" / "examples" / "neo_noir_street.slate")
    robot = project_file.load(ROOT / "resources" / "examples" / "robot_workshop.slate")
    film.shots.append(robot.shots[0])
    film.characters += robot.characters
    (WORK / "film").mkdir()
    doc = Document.open(project_file.save(film, WORK / "film" / "noir.slate"))
    service = RenderService(Store(WORK / "data" / "queue.sqlite3"))
    bridge = DocumentBridge(doc)
    window = compose(bridge, service)
    bridge.replace(doc)
    window.resize(1500, 920)
    window.show()
    app.processEvents()
    service.worker.start()
    window.renders.render(True, 1)
    end = time.time() + 120
    while time.time() < end and not all(s.takes for s in doc.project.shots):
        app.processEvents()
        time.sleep(0.02)
    for _ in range(50):  # thumbnails and the status line settle
        app.processEvents()
        time.sleep(0.02)
    bridge.select(doc.project.shots[1].id)
    app.processEvents()
    tree = window.findings.tree
    group = tree.topLevelItem(0)
    if group is not None:
        tree.setCurrentItem(group.child(0) if group.childCount() else group)
    app.processEvents()
    window.grab().save(str(out))
    service.worker.stop()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
