"""Compare up to four takes: one transport drives every pane; wipe, difference, synced zoom, frame export.

Keys: Space play/pause · ←/→ step · Shift+←/→ one second · Home/End · I/O loop in/out · L loop on/off ·
[ / ] slower/faster · 1/2/3 side/wipe/difference · A cycles the audible take · Z resets zoom · Ctrl+E exports frames ·
Esc or Ctrl+W closes the window (Ctrl+Q, the main window's Quit, quits Slate from here too).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from composer.errors import SlateError
from composer.media.services import MediaServices
from composer.playback import RATES, RUNNING, PlayState
from ui.player.availability import load_vlc
from ui.player.jump_slider import JumpSlider
from ui.player.transport import Transport
from ui.player.vlc_widget import PlayerView, VlcPlayer

MODES = ("side", "wipe", "difference")


def export_frame(player: VlcPlayer, frame: int, path: Path, size: tuple[int, int] | None = None) -> Path:
    """Frame ``frame`` at the take's own resolution, or filled and centre-cropped to ``size`` (w, h)."""
    pixels = player.reader.native(frame)
    img = QImage(pixels.data, pixels.shape[1], pixels.shape[0], pixels.shape[1] * 4, QImage.Format.Format_RGB32)
    if size is not None and (img.width(), img.height()) != size:
        scaled = img.scaled(size[0], size[1], Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                            Qt.TransformationMode.SmoothTransformation)
        img = scaled.copy((scaled.width() - size[0]) // 2, (scaled.height() - size[1]) // 2, size[0], size[1])
    path.parent.mkdir(parents=True, exist_ok=True)
    if not img.save(str(path), "PNG"):  # type: ignore[call-overload]  # the stub says bytes; the binding takes str
        raise OSError(f"could not write {path}")
    return path


class CompareView(QWidget):
    def __init__(self, paths: list[Path], parent: QWidget | None = None,
                 use_as_reference: Callable[[VlcPlayer, int], str] | None = None, *,
                 media: MediaServices | None = None, labels: list[str] | None = None) -> None:
        super().__init__(parent)
        self.labels = labels or [p.name for p in paths]  # "Take 2 · remix: close-up", not a job id's file name
        self.media = media or MediaServices.from_env()  # the app's: shared decode gate and frame cache
        self.players: list[VlcPlayer] = []
        self.transport: Transport | None = None
        self._use_as_reference = use_as_reference
        lay = QVBoxLayout(self)
        _vlc, _inst, problem = load_vlc()
        if not problem and not paths:
            problem = "Pick one to four takes to compare (Takes tab)."
        if not problem:
            try:
                self.players = [VlcPlayer(p, alone=len(paths) == 1, media=self.media) for p in paths[:4]]
            except (RuntimeError, OSError, ValueError, SlateError) as e:
                problem = f"Could not open the takes: {e}"
                for p in self.players:
                    p.release()
                self.players = []
        if problem:
            self.problem = QLabel(problem)  # the player area says why, the rest of the app works
            self.problem.setWordWrap(True)
            self.problem.setAccessibleName("player unavailable")
            lay.addWidget(self.problem)
            self.view = None
            return
        self.view = view = PlayerView(self.players)
        self.transport = transport = Transport(self.players, view, self, gate=self.media.gate)
        transport.sig_frame.connect(self._on_frame)
        transport.sig_state.connect(self._on_state)
        lay.addWidget(view, 1)
        lay.addLayout(self._transport_bar(transport))
        lay.addLayout(self._compare_bar(paths))
        self.status = QLabel("")
        self.status.setAccessibleName("compare status")
        lay.addWidget(self.status)
        self._set_audio(0)
        self._shortcuts(transport, view)
        transport.start()

    # --- layout ---------------------------------------------------------------------------------
    def _transport_bar(self, transport: Transport) -> QHBoxLayout:
        bar = QHBoxLayout()
        buttons: tuple[tuple[str, Callable[[], None], str, str], ...] = (
            ("Start", lambda: self.seek(0), "Home", "start"), ("◀|", self.step_back, "Left", "step back"),
            ("Play", self.toggle, "Space", "play pause"), ("|▶", self.step, "Right", "step forward"))
        for text, slot, tip, name in buttons:
            b = QPushButton(text)
            b.setToolTip(tip)
            b.setAccessibleName(name)
            # clicked(checked=False) would be step(False), a step of 0 frames: call each slot without arguments
            b.clicked.connect(lambda _checked=False, slot=slot: slot())
            if text == "Play":
                self.play_button = b
            bar.addWidget(b)
        self.slider = JumpSlider()
        self.slider.setRange(0, transport.length - 1)
        self.slider.valueChanged.connect(self.seek)  # a click, a drag or a key on the slider; not our own updates
        self.slider.setAccessibleName("position")
        bar.addWidget(self.slider, 1)
        self.readout = QLabel()
        self.readout.setMinimumWidth(150)
        bar.addWidget(self.readout)
        self.rate = QComboBox()
        self.rate.addItems([f"{r:g}×" for r in RATES])
        self.rate.setCurrentIndex(RATES.index(1.0))
        self.rate.currentIndexChanged.connect(lambda i: transport.set_rate(RATES[i]))
        self.rate.setToolTip("Speed ( [ slower, ] faster )")
        bar.addWidget(self.rate)
        self.loop_button = QPushButton("Loop")
        self.loop_button.setCheckable(True)
        self.loop_button.setToolTip("Loop the in–out range (I, O set it; L toggles)")
        self.loop_button.toggled.connect(self._toggle_loop)
        bar.addWidget(self.loop_button)
        return bar

    def _compare_bar(self, paths: list[Path]) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.mode = QComboBox()
        self.mode.addItems(list(MODES))
        self.mode.currentTextChanged.connect(self._set_mode)
        self.mode.setToolTip("Side by side (1), A/B wipe with a draggable divider (2), difference (3)")
        bar.addWidget(self.mode)
        self.audio = QComboBox()
        self.audio.addItems([f"Audio: {chr(65 + i)}" for i in range(len(self.players))] + ["Mute"])
        self.audio.currentIndexChanged.connect(self._set_audio)
        bar.addWidget(self.audio)
        self.offsets: list[QSpinBox] = []
        for i, (p, path) in enumerate(zip(self.players, paths, strict=False)):
            label = QLabel(f"{chr(65 + i)}: {self.labels[i] if i < len(self.labels) else path.name}")
            label.setAccessibleName(f"take {chr(65 + i)}")
            label.setToolTip(str(path))
            bar.addWidget(label)
            spin = QSpinBox()
            spin.setRange(-p.frames + 1, p.frames - 1)
            spin.setPrefix("offset ")
            spin.setSuffix(" f")
            spin.setToolTip(f"Shift take {chr(65 + i)} by whole frames against the others")
            spin.setAccessibleName(f"offset {chr(65 + i)}")
            spin.valueChanged.connect(lambda v, i=i: self.set_offset(i, v))
            self.offsets.append(spin)
            bar.addWidget(spin)
        bar.addStretch(1)
        export = QPushButton("Export frames…")
        export.setToolTip("Save the frame every pane shows, at full resolution (Ctrl+E)")
        export.clicked.connect(self._export_dialog)
        bar.addWidget(export)
        if self._use_as_reference is not None:
            ref = QPushButton("Use A's frame as next shot's reference")
            ref.setToolTip("Exported at the next shot's render size and set as its reference image")
            ref.clicked.connect(self.use_as_reference)
            bar.addWidget(ref)
        return bar

    def _shortcuts(self, transport: Transport, view: PlayerView) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("Space", self.toggle), ("Right", self.step), ("Left", self.step_back),
            ("Shift+Right", lambda: self.step(int(self.players[0].fps))),
            ("Shift+Left", lambda: self.step_back(int(self.players[0].fps))),
            ("Home", lambda: self.seek(0)), ("End", lambda: self.seek(transport.length - 1)),
            ("I", lambda: self.mark_loop(start=True)), ("O", lambda: self.mark_loop(start=False)),
            ("L", self.loop_button.toggle), ("[", lambda: self._nudge_rate(-1)), ("]", lambda: self._nudge_rate(1)),
            ("1", lambda: self.mode.setCurrentIndex(0)), ("2", lambda: self.mode.setCurrentIndex(1)),
            ("3", lambda: self.mode.setCurrentIndex(2)),
            ("A", lambda: self.audio.setCurrentIndex((self.audio.currentIndex() + 1) % self.audio.count())),
            ("Z", lambda: view.set_zoom(1.0)), ("Ctrl+E", self._export_dialog),
            ("Esc", self.close), ("Ctrl+W", self.close),
        ]
        for seq, slot in keys:
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    # --- state ----------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self.transport is not None and self.transport.ready

    @property
    def frame(self) -> int:
        return self.transport.frame if self.transport else 0

    def _on_frame(self, n: int) -> None:
        fps = self.players[0].fps
        shown = self.transport.shown() if self.transport else []
        per_side = "  ".join(f"{chr(65 + i)} {s}" for i, s in enumerate(shown)) if any(self._offsets()) else ""
        self.readout.setText(f"frame {n}  {n / fps:6.2f} s  {per_side}".rstrip())
        self.slider.blockSignals(True)
        self.slider.setValue(n)
        self.slider.blockSignals(False)

    def _on_state(self, state: PlayState) -> None:
        self.play_button.setText("Pause" if state in RUNNING else "Play")

    def _offsets(self) -> list[int]:
        return self.transport.offsets if self.transport else []

    def _set_mode(self, mode: str) -> None:
        if self.view is not None:
            self.view.mode = mode
            self.view.update()

    def _set_audio(self, index: int) -> None:
        """A/B audio: exactly one take is heard (or none); the combo says which."""
        for i, p in enumerate(self.players):
            p.set_mute(i != index)

    def _nudge_rate(self, step: int) -> None:
        self.rate.setCurrentIndex(max(0, min(len(RATES) - 1, self.rate.currentIndex() + step)))

    # --- transport --------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.transport:
            self.transport.toggle()

    def seek(self, frame: int) -> None:
        if self.transport:
            self.transport.seek(frame)

    def step(self, count: int = 1) -> None:
        if self.transport:
            self.transport.step(count)

    def step_back(self, count: int = 1) -> None:
        if self.transport:
            self.transport.step(-count)

    def set_offset(self, pane: int, offset: int) -> None:
        if self.transport:
            self.transport.set_offset(pane, offset)
            self.slider.blockSignals(True)  # a shorter range moves the handle: the transport has clamped already
            self.slider.setRange(0, self.transport.length - 1)
            self.slider.blockSignals(False)

    def mark_loop(self, start: bool) -> None:
        """I / O: the loop's in or out point at the current frame; marking turns looping on."""
        if not self.transport:
            return
        lo, hi = self.transport.mark_loop(start=start)
        self.loop_button.blockSignals(True)
        self.loop_button.setChecked(True)
        self.loop_button.blockSignals(False)
        self.status.setText(f"Loop {lo}–{hi}")

    def _toggle_loop(self, on: bool) -> None:
        if not self.transport:
            return
        loop = self.transport.loop_marks(on)
        self.status.setText(f"Loop {loop[0]}–{loop[1]}" if loop else "Loop off")

    def shown(self) -> list[int]:
        return self.transport.shown() if self.transport else []

    # --- frames out -------------------------------------------------------------------------------
    def export_frames(self, folder: Path) -> list[Path]:
        """The frame each pane shows, at full resolution, named after the take and frame number."""
        if self.transport and self.transport.state in RUNNING:
            self.transport.pause()
        out = []
        for i, (p, n) in enumerate(zip(self.players, self.shown(), strict=True)):
            out.append(export_frame(p, n, folder / f"{chr(65 + i)}_{p.path.stem}_f{n:05d}.png"))
        self.status.setText("Exported " + ", ".join(x.name for x in out))
        return out

    def _export_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export the shown frames to")
        if folder:
            try:
                self.export_frames(Path(folder))
            except OSError as e:
                self.status.setText(f"Export failed: {e}. Pick a folder you can write to.")

    def use_as_reference(self) -> None:
        if self._use_as_reference is None or not self.players:
            return
        if self.transport and self.transport.state in RUNNING:
            self.transport.pause()
        self.status.setText(self._use_as_reference(self.players[0], self.shown()[0]))

    def close_players(self) -> None:
        """Stop and release every player (safe to call again): a closed window must not keep libvlc running."""
        if self.transport:
            self.transport.close()
        if self.view is not None:
            self.view.stop()
        for p in self.players:
            p.release()
        self.players = []

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Release the players now: a window opened from the Takes tab is deleted once closed, and on quit the
        event loop ends soon after the last close, so a deferred release might never run."""
        self.close_players()
        super().closeEvent(event)
