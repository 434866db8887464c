"""Composition root: builds the application objects, wires them, and runs (or screenshots) the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from composer.document.models import Project, Shot, TakeKind
from composer.errors import ProjectFileError
from composer.media.services import MediaServices
from composer.project import files as project_file
from composer.project.document import Document
from composer.queue.service import RenderService
from composer.runtime import heap, logs
from ui import theme
from ui.bridges.document import DocumentBridge
from ui.dialogs.help_actions import HelpController
from ui.files.file_actions import FileController
from ui.main_window import Controllers, MainWindow
from ui.ops.thumbnails import Thumbnails
from ui.render.queue_view import QueueDock
from ui.render.render_actions import RenderController
from ui.sequence.sequence_actions import SequenceController
from ui.takes.reference_actions import ReferenceController


def compose(bridge: DocumentBridge, service: RenderService | None = None) -> MainWindow:
    """Build the main window and everything it acts through, and wire views to controllers.

    The one place objects are made and connected: views never build controllers or reach for each other, and a
    window without a ``service`` (tests, screenshots) simply has no render queue.
    """
    media = service.media if service is not None else MediaServices.from_env()
    thumbnails = Thumbnails(bridge, QSize(96, 54))  # one decode per take picture, for the shot list and takes
    queue_view = QueueDock(service) if service is not None else None
    window = MainWindow(bridge, media=media, thumbnails=thumbnails, queue_view=queue_view)
    thumbnails.setParent(window)
    status = window.statusBar()
    renders = (RenderController(bridge, service, queue_view, window, status)
               if service is not None and queue_view is not None else None)
    files = FileController(bridge, window, status)
    window.install(Controllers(files=files, references=ReferenceController(bridge, window, status), renders=renders,
                               help=HelpController(window, status)))
    takes = window.takes
    files.sig_saved.connect(lambda _path: window.refresh_title())  # a clean document saved under a new name
    sequence = SequenceController(bridge, renders, window, status, media=media, selected_takes=takes.selected_takes)
    sequence.install_menu(window.menuBar())  # a child of the window: found by window.findChild(SequenceController)
    if renders is not None:
        files.sig_saved.connect(renders.arrivals.on_saved)
        renders.sig_take_requested.connect(window.show_take)
        takes.sig_derive_requested.connect(renders.derive)
        takes.sig_extend_requested.connect(lambda tid: renders.derive(tid, kind=TakeKind.EXTEND))
        takes.sig_delete_remote.connect(renders.delete_remote)
        takes.sig_character_requested.connect(renders.make_character)
    takes.sig_compare_requested.connect(window.open_compare)
    window.findings.sig_finding_activated.connect(window.focus_finding)
    window.findings.sig_rule_help_requested.connect(window.help.show_rule_help)
    return window


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="slate", description="Slate desktop app.")
    ap.add_argument("project", nargs="?", help="a .slate project to open")
    ap.add_argument("--screenshot", metavar="PNG", help="open, lay out, write a PNG of the main window, exit 0")
    ap.add_argument("--theme", choices=("system", "light", "dark"), default="system")
    ap.add_argument("--tab", type=int, default=0, help="form tab to show (for screenshots)")
    ap.add_argument("--shot", type=int, default=0, help="shot index to select (for screenshots)")
    ap.add_argument("--self-test", action="store_true",
                    help="print versions, where libvlc comes from and whether it starts, then exit (0 = all good)")
    return ap


def _welcome(window: MainWindow) -> None:
    """First run (no project given, none remembered): offer new / open / an example."""
    from ui.dialogs.welcome import WelcomeDialog

    dlg = WelcomeDialog(window)
    if not dlg.exec():
        return
    if dlg.choice == WelcomeDialog.OPEN:
        window.files.open_dialog()
    elif dlg.choice == WelcomeDialog.EXAMPLE and dlg.example is not None:
        window.files.open_example(dlg.example)
    if QSettings().value("show_tips", True, type=bool):
        window.help.show_tips()  # the short tour, once; its checkbox turns it off


def _self_test() -> int:
    """For packagers and support: is everything the app needs present in this build?"""
    import os

    import PySide6

    from composer import resources
    from ui.player.availability import load_vlc

    vlc, _instance, problem = load_vlc()
    print(f"slate: PySide6 {PySide6.__version__}, resources {resources.root()}")
    print(f"libvlc: {os.environ.get('PYTHON_VLC_LIB_PATH') or 'system'}; "
          + (f"version {vlc.libvlc_get_version().decode()}, starts" if vlc else problem))
    return 0 if vlc is not None and resources.path("models").is_dir() else 1


def _initial_document(args: argparse.Namespace) -> tuple[Document, bool]:
    """The document to open, and whether it came from the user's own files (for recovery)."""
    if args.project:
        return Document.open(Path(args.project)), True
    if args.screenshot:
        examples = project_file.examples()
        return Document(project_file.load(examples[-1]) if examples else Project(shots=[Shot()]), None), False
    last = QSettings().value("last_project")
    if last and Path(str(last)).exists():
        try:
            return Document.open(Path(str(last))), True
        except ProjectFileError:
            pass
    return Document(Project(name="Untitled", shots=[Shot(title="Shot 1")]), None), True


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv if argv is not None else sys.argv[1:])
    if args.self_test:
        return _self_test()
    logs.setup()  # redacted log file under the data dir (SLATE_DEBUG=1 adds HTTP traffic)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setOrganizationName("Slate")
    app.setApplicationName("Slate")
    app.setDesktopFileName("io.slate.Slate")  # Wayland/X11 match the window to packaging/io.slate.Slate.desktop
    from ui.ops.collector import GuiThreadCollector

    GuiThreadCollector(app)  # reference cycles holding Qt objects are freed on this thread, never a worker's
    from PySide6.QtGui import QIcon

    from composer import resources

    app.setWindowIcon(QIcon(str(resources.path("icons", "slate-256.png"))))
    theme.apply(app, args.theme)
    from composer.catalog.loader import ProfileError, catalog

    try:
        catalog()  # the model profiles, validated at start: a mistake names the file, the key and the problem
    except ProfileError as e:
        sys.stderr.write(f"slate: {e.describe()}\n")
        if not args.screenshot:
            QMessageBox.critical(None, "A model profile has a mistake", e.describe())
        return 2
    try:
        document, own = _initial_document(args)
    except ProjectFileError as e:
        if args.screenshot:
            sys.stderr.write(f"slate: {e.describe()}\n")
            return 2
        QMessageBox.warning(None, "Cannot open project", e.describe())
        document, own = Document(Project(shots=[Shot(title="Shot 1")]), None), True
    bridge = DocumentBridge(document)
    service = RenderService()
    window = compose(bridge, service)
    bridge.replace(document)
    window.apply_settings()
    if document.project.shots:
        bridge.select(document.project.shots[min(args.shot, len(document.project.shots) - 1)].id)
    window.form.setCurrentIndex(args.tab)
    if not args.screenshot:  # screenshots use the default layout, so docs and checks are reproducible
        window.restore_layout()
    window.show()
    if args.screenshot:
        return _screenshot(app, window, Path(args.screenshot))
    if own:
        QTimer.singleShot(0, window.files.offer_recovery)
    if not args.project and document.path is None:
        QTimer.singleShot(0, lambda: _welcome(window))
    # After the first paint: the freeze's collection and PyAV's import (~110 ms) stay off the window's first frame.
    QTimer.singleShot(300, lambda: start_queue(service))
    try:
        return int(app.exec())
    finally:
        service.worker.stop()


def start_queue(service: RenderService) -> None:
    """Start-up is over: freeze what it loaded out of the garbage collector's walks (composer.runtime.heap), then resume
    every unfinished job from the last run. Frozen first, on the GUI thread, so the one full collection that frees
    start-up garbage happens before the queue thread runs, and the queue thread's own collections stay short."""
    heap.freeze_long_lived()
    service.worker.start()


def _screenshot(app: QApplication, window: MainWindow, out: Path) -> int:
    """Wait until the window is laid out and painted, grab it, write the PNG and exit 0."""
    result = {"code": 1}

    def grab() -> None:
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        result["code"] = 0 if ok else 1
        if not ok:
            sys.stderr.write(f"slate: could not write {out}\n")
        window.files.autosave_timer.stop()
        window.bridge.undo_stack.setClean()
        app.quit()

    QTimer.singleShot(400, grab)
    app.exec()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
