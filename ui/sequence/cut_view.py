"""The cut player: the chosen takes of the shot list as one sequence, with cut points, shot labels and jumps.

It plays the cut's MP4 (``composer.sequence.export``, made as an operation before this opens) through the same
libvlc player and Qt-free transport the compare view uses; the ``Cut`` says where each shot starts, so the
timeline draws cut points and labels, and PageUp/PageDown (or a shot's button) jump from shot to shot.
Keys: Space play/pause · ←/→ step · PageUp/PageDown previous/next shot · Home/End · Esc closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from composer.errors import SlateError
from composer.media.services import MediaServices
from composer.playback import RUNNING, PlayState
from composer.sequence.cut import Cut
from ui.player.availability import load_vlc
from ui.player.transport import Transport
from ui.player.vlc_widget import PlayerView, VlcPlayer

_SHADES = ("#3b5b7a", "#5a4a78", "#3f6e5a", "#7a5a3b")


class CutTimeline(QWidget):
    """One bar per shot (its width its length), the shot's label on it, cut points between, and the playhead."""

    sig_seek = Signal(int)
    """Master frame the person clicked or dragged to."""

    def __init__(self, cut: Cut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cut, self.frame = cut, 0
        self.setMinimumHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("cut timeline")

    def x_of(self, frame: int) -> float:
        return frame / max(self.cut.length, 1) * self.width()

    def frame_at(self, x: float) -> int:
        return max(0, min(int(x / max(self.width(), 1) * self.cut.length), self.cut.length - 1))

    def set_frame(self, frame: int) -> None:
        self.frame = frame
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        h = self.height()
        for i, c in enumerate(self.cut.clips):
            rect = QRectF(self.x_of(c.start), 0, self.x_of(c.end) - self.x_of(c.start), h - 8)
            p.fillRect(rect, QColor(_SHADES[i % len(_SHADES)]))
            p.setPen(QColor("white"))
            p.drawText(rect.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       f"{i + 1}  {c.title}  {c.frames / self.cut.fps:.1f} s")
        p.setPen(QPen(QColor("#ffb300"), 2))
        for cut_at in self.cut.cut_points:
            x = self.x_of(cut_at)
            p.drawLine(int(x), 0, int(x), h)
        p.setPen(QPen(QColor("#ff3b3b"), 2))
        x = self.x_of(self.frame)
        p.drawLine(int(x), 0, int(x), h)
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.sig_seek.emit(self.frame_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.sig_seek.emit(self.frame_at(event.position().x()))


class CutView(QWidget):
    def __init__(self, cut: Cut, video: Path, parent: QWidget | None = None, *,
                 media: MediaServices | None = None) -> None:
        super().__init__(parent)
        self.cut, self.video = cut, video
        self.media = media or MediaServices.from_env()
        self.players: list[VlcPlayer] = []
        self.transport: Transport | None = None
        lay = QVBoxLayout(self)
        _vlc, _inst, problem = load_vlc()
        if not problem:
            try:
                self.players = [VlcPlayer(video, alone=True, media=self.media)]
            except (RuntimeError, OSError, ValueError, SlateError) as e:
                problem = f"Could not open the cut: {e}"
        self.timeline = CutTimeline(cut)
        self.shot_label = QLabel()
        self.shot_label.setAccessibleName("current shot")
        if problem:
            self.problem = QLabel(problem)
            self.problem.setWordWrap(True)
            lay.addWidget(self.problem)
        else:
            self.view = PlayerView(self.players)
            self.transport = Transport(self.players, self.view, self, gate=self.media.gate)
            self.transport.sig_frame.connect(self._on_frame)
            self.transport.sig_state.connect(self._on_state)
            lay.addWidget(self.view, 1)
        lay.addWidget(self.timeline)
        lay.addLayout(self._bar())
        if cut.missing:
            note = QLabel("Not in the cut yet (no take): " + ", ".join(cut.missing))
            note.setWordWrap(True)
            lay.addWidget(note)
        self.timeline.sig_seek.connect(self.seek)
        for seq, slot in (("Space", self.toggle), ("Right", lambda: self.step(1)), ("Left", lambda: self.step(-1)),
                          ("PgDown", lambda: self.jump(+1)), ("PgUp", lambda: self.jump(-1)),
                          ("Home", lambda: self.seek(0)), ("End", lambda: self.seek(cut.length - 1)),
                          ("Esc", self.close)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self._on_frame(0)
        if self.transport is not None:
            self.transport.start()

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.play_button = QPushButton("Play")
        self.play_button.setAccessibleName("play pause")
        self.play_button.clicked.connect(lambda _c=False: self.toggle())
        bar.addWidget(self.play_button)
        self.jump_buttons: list[QPushButton] = []
        for i, c in enumerate(self.cut.clips):
            b = QPushButton(f"{i + 1} {c.title}")
            b.setToolTip(f"Jump to {c.title} (take {c.take_id})")
            b.clicked.connect(lambda _c=False, sid=c.shot_id: self.jump_to(sid))
            self.jump_buttons.append(b)
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.shot_label)
        return bar

    @property
    def frame(self) -> int:
        return self.transport.frame if self.transport else self.timeline.frame

    def _on_frame(self, n: int) -> None:
        i, local = self.cut.local(n)
        c = self.cut.clips[i]
        self.timeline.set_frame(n)
        self.shot_label.setText(f"Shot {i + 1}/{len(self.cut.clips)}: {c.title} · {local / self.cut.fps:5.2f} s "
                                f"of {c.frames / self.cut.fps:.1f} · cut {n / self.cut.fps:6.2f} / "
                                f"{self.cut.seconds:.2f} s")

    def _on_state(self, state: PlayState) -> None:
        self.play_button.setText("Pause" if state in RUNNING else "Play")

    def toggle(self) -> None:
        if self.transport:
            self.transport.toggle()

    def step(self, delta: int) -> None:
        if self.transport:
            self.transport.step(delta)

    def seek(self, frame: int) -> None:
        if self.transport:
            self.transport.seek(frame)
        else:
            self._on_frame(frame)

    def jump_to(self, shot_id: str) -> None:
        self.seek(self.cut.start_of(shot_id))

    def jump(self, delta: int) -> None:
        """To the start of the next (or previous) shot; back from inside a shot goes to its own start first."""
        i, local = self.cut.local(self.frame)
        target = i + delta if delta > 0 or local == 0 else i
        self.seek(self.cut.clips[max(0, min(target, len(self.cut.clips) - 1))].start)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.transport is not None:
            self.transport.close()
        for p in self.players:
            p.release()
        self.players = []
        super().closeEvent(event)
