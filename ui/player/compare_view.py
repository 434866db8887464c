"""Compare takes: one transport drives every pane (play, pause, exact seek, frame step), plus wipe/difference."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ui.player.availability import load_vlc
from ui.player.vlc_widget import PlayerView, VlcPlayer


class CompareView(QWidget):
    def __init__(self, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.players: list[VlcPlayer] = []
        self.frame = 0
        self.playing = False
        lay = QVBoxLayout(self)
        _vlc, _inst, problem = load_vlc()
        if not problem and not paths:
            problem = "Pick one to four takes to compare (Takes tab)."
        if problem:
            self.problem = QLabel(problem)  # the player area says why, the rest of the app works
            self.problem.setWordWrap(True)
            self.problem.setAccessibleName("player unavailable")
            lay.addWidget(self.problem)
            self.view = None
            return
        self.players = [VlcPlayer(p) for p in paths[:4]]
        for i, p in enumerate(self.players):
            p.set_mute(i != 0)  # audio from A by default
        self.view = PlayerView(self.players)
        self.view.sig_frame_shown.connect(self._on_frame_shown)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, max(0, min(p.frames for p in self.players) - 1))
        self.slider.sliderMoved.connect(self.seek)
        self.readout = QLabel()
        self.mode = QComboBox()
        self.mode.addItems(["side", "wipe", "difference"])
        self.mode.currentTextChanged.connect(self._set_mode)
        self.audio = QComboBox()
        self.audio.addItems([f"Audio: {chr(65 + i)}" for i in range(len(self.players))] + ["Mute"])
        self.audio.currentIndexChanged.connect(self._set_audio)
        bar = QHBoxLayout()
        for text, slot in (("Step back", self.step_back), ("Play / Pause", self.toggle),
                           ("Step", self.step)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addWidget(self.slider, 1)
        bar.addWidget(self.readout)
        bar.addWidget(self.mode)
        bar.addWidget(self.audio)
        lay.addWidget(self.view, 1)
        lay.addLayout(bar)
        # Preroll: start every pane, and once each has shown a picture, hold all of them on frame 0.
        self.ready = False
        for p in self.players:
            p.play()
        self._preroll = QTimer(self)
        self._preroll.timeout.connect(self._check_preroll)
        self._preroll.start(10)
        self._watchdog = QTimer(self)
        self._watchdog.timeout.connect(self._kick)
        self._watchdog.start(50)

    def _kick(self) -> None:
        if not self.playing:
            for p in self.players:
                p.kick()

    def _check_preroll(self) -> None:
        """Barrier: every pane has shown a picture (phase 1), then every pane shows frame 0 (phase 2)."""
        phase = getattr(self, "_phase", 0)
        if phase == 0 and all(p.displayed > 0 for p in self.players):
            self._phase = 1
            self.pause_all()
        elif phase == 1 and all(p.is_paused() for p in self.players):
            self._phase = 2
            self.seek(0)  # resets each pane's displayed count: phase 2 waits for the seek's picture
        elif phase == 2 and all(p.displayed > 0 for p in self.players):
            self._preroll.stop()
            self.ready = True

    def _on_frame_shown(self, n: int) -> None:
        if self.playing and n >= 0:
            self.frame = n
        if self.players:
            fps = self.players[0].fps
            self.readout.setText(f"frame {self.frame}  {self.frame / fps:6.2f} s")
            self.slider.blockSignals(True)
            self.slider.setValue(self.frame)
            self.slider.blockSignals(False)

    def _set_mode(self, mode: str) -> None:
        if self.view is not None:
            self.view.mode = mode

    def _set_audio(self, index: int) -> None:
        for i, p in enumerate(self.players):
            p.set_mute(i != index)

    def pause_all(self) -> None:
        for p in self.players:
            p.pause()
        self.playing = False

    def toggle(self) -> None:
        if self.playing:
            self.pause_all()
            self.seek(self.frame)  # settle every pane on the same frame
            return
        # Resume through a barrier: seek all to one frame first, then unpause all back to back.
        self.seek(self.frame)
        for p in self.players:
            p.resume()
        self.playing = True

    def seek(self, frame: int) -> None:
        self.frame = max(0, frame)
        for p in self.players:
            p.seek(self.frame)

    def step(self) -> None:
        """Exact +1 on every pane: a paused seek to the next frame (next_frame() skips after a pause)."""
        if self.playing:
            self.pause_all()
        self.seek(self.frame + 1)

    def step_back(self) -> None:
        if self.playing:
            self.pause_all()
        self.seek(self.frame - 1)

    def shown(self) -> list[int]:
        return [p.shown for p in self.players]

    def close_players(self) -> None:
        for p in self.players:
            p.release()
        self.players = []
