"""A take's frame becomes the reference image of the next shot, at that shot's render size (continuity).

The next shot starts from exactly what this one ended on; SL053 checks the size. Decoding the frame and writing
the PNG run as an operation (off the GUI thread); the edit that points the shot at the image is pushed when the
file is there, so it is one undo step and never names a file that was not written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from composer.document.edits import SetField
from composer.media.stills import save_take_frame
from composer.project.document import Document
from composer.project.files import media_dir
from ui.bridges.document import DocumentBridge
from ui.ops.operation import explained, run_op


class ReferenceController(QObject):
    def __init__(self, bridge: DocumentBridge, window: QWidget, status: QStatusBar) -> None:
        super().__init__(window)
        self.bridge, self.window, self.status = bridge, window, status

    def use_frame(self, shot_id: str | None, video: Path, frame: int) -> str:
        """Start writing ``video``'s frame as the reference of the shot after ``shot_id``; returns what to show now."""
        doc = self.bridge.document
        ids = [s.id for s in doc.project.shots]
        if shot_id not in ids or ids.index(shot_id) + 1 >= len(ids):
            return "There is no next shot: add one after this shot first."
        if doc.path is None:
            return "Save the project first: the reference image is stored in its media folder."
        nxt = doc.project.shots[ids.index(shot_id) + 1]
        size = doc.project.effective_render(nxt)[1]
        w, h = (int(v) for v in size.split("x"))
        out = media_dir(doc.path) / "references" / f"{nxt.id}_from_{video.stem}_f{frame:05d}.png"
        done = f"Frame {frame} of {video.name} is now the reference image of {nxt.title or nxt.id} ({size})."
        write = explained(lambda: save_take_frame(video, frame, out, (w, h)), what=f"write the reference image "
                          f"{out.name}", hint="Check that the project folder is writable.")
        run_op(self.window, write, title="Could not use the frame",
               on_done=lambda _path: self._point_at(doc, nxt.id, out, done))
        return f"Writing frame {frame} of {video.name} as the reference image of {nxt.title or nxt.id}…"

    def _point_at(self, doc: Document, shot_id: str, image: Path, done: str) -> None:
        if doc is not self.bridge.document or doc.path is None or all(s.id != shot_id for s in doc.project.shots):
            self.status.showMessage(f"{image.name} was written, but its shot is no longer open", 8000)
            return
        self.bridge.push(SetField(shot_id, "reference_image", str(image.relative_to(doc.path.parent))),
                         "Use frame as reference")
        self.status.showMessage(done, 8000)
