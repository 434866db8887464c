"""Scratch audio: the line is spoken where its subtitle is, a quiet bed under it, and no espeak-ng is no crash."""

from __future__ import annotations

import logging
from pathlib import Path

import av
import numpy as np
import pytest

from composer.animatic import audio
from composer.animatic.plan import make_plan
from composer.animatic.render import render_clip
from composer.animatic.spec import Caption, ClipSpec, Line

needs_espeak = pytest.mark.skipif(audio.espeak() is None, reason="espeak-ng is not installed (scripts/setup.sh)")
SPEC = ClipSpec(320, 180, 8, sound="faint room tone", figures=("Ana",), beats=(Caption(0, 8, "She waits."),),
                dialogue=(Line("Ana", "", "I told you we would be late again."),))


def decoded_audio(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        assert stream.codec_context.name == "aac"
        rate = stream.rate
        return np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)]), rate


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x * x))) if x.size else 0.0


@needs_espeak
def test_the_mp4_speaks_the_line_where_its_subtitle_is(tmp_path: Path) -> None:
    r = render_clip(SPEC, tmp_path)
    samples, rate = decoded_audio(r.video)
    cue = make_plan(SPEC).cues[0]
    inside = samples[int((cue.start + 0.2) * rate): int((cue.end - 0.6) * rate)]
    before = samples[int(0.1 * rate): int(max(0.2, cue.start - 0.3) * rate)]
    after = samples[int(min(7.8, cue.end + 0.4) * rate): int(7.9 * rate)]
    assert cue.start > 1.0  # a single line is placed mid-clip, so "before" exists
    assert rms(inside) > 5 * max(rms(before), rms(after), 1e-4)
    assert 0 < rms(before) < 0.05  # the bed is there, and quiet


@needs_espeak
def test_each_speaker_gets_their_own_voice() -> None:
    voices = audio.cast(["Ana", "Ben", "Robot", "Ana"])
    assert len(voices) == 3 and len({v.name for v in voices.values()}) == 3
    assert audio.cast(["Ana"])["ana"] == voices["ana"]  # the same name sounds the same in any shot
    plan = make_plan(ClipSpec(320, 180, 4, dialogue=(Line("Ana", "", "Hello."), Line("Ben", "", "Hello."))))
    a, b = (audio.speak(c.spoken, audio._voice_for(c, voices), audio.espeak() or "") for c in plan.cues)
    n = min(len(a), len(b))
    assert not np.allclose(a[:n], b[:n], atol=0.05)


def test_without_espeak_the_take_renders_silent_but_for_the_bed_and_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # a machine where espeak-ng was never installed
    assert audio.espeak() is None
    with caplog.at_level(logging.WARNING, logger="composer.animatic"):
        r = render_clip(SPEC, tmp_path / "out")
    assert any("espeak-ng is not installed" in n for n in r.notes)
    assert any("espeak-ng is not installed" in rec.getMessage() for rec in caplog.records)
    samples, rate = decoded_audio(r.video)
    cue = make_plan(SPEC).cues[0]
    inside = samples[int((cue.start + 0.2) * rate): int((cue.end - 0.6) * rate)]
    assert rms(inside) < 0.05  # no speech, only the quiet bed


def test_sound_cues_make_a_bed_and_named_effects_make_marks() -> None:
    plan = make_plan(ClipSpec(320, 180, 4, sound="A single chime at the start, then rain.",
                              beats=(Caption(0, 2, "He waits."), Caption(2, 4, "The door slams."))))
    marks = audio.mark_times(plan)
    assert (pytest.approx(0.25), "chime") in [(pytest.approx(t), k) for t, k in marks]
    assert any(k == "thud" and 2 <= t < 3 for t, k in marks)  # "slams", in the beat that names it
    track, _notes = audio.mix(plan)
    at = int(0.3 * audio.RATE)
    assert rms(track[at: at + 4800]) > 2 * rms(track[int(1.5 * audio.RATE): int(1.6 * audio.RATE)])
    silent, _ = audio.mix(make_plan(ClipSpec(320, 180, 4)))
    assert rms(silent) == 0.0  # no sound named: no invented bed
