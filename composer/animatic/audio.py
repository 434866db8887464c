"""Scratch audio: each line spoken by espeak-ng at its cue, a quiet bed from the sound cues, marks for effects.

espeak-ng is a local program (no network, no model download); each character gets their own voice and
pitch from their name, so the same cast sounds the same in every take. Without it the take still renders,
silent but for the bed, and says why on the picture and in the log. Everything else is numpy noise and
tones from a seed taken from the shot's words: the same shot gives the same samples.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from composer.animatic import vocab
from composer.animatic.plan import Cue, Plan

RATE = 48_000
SPEECH_WPM = 150  # composer.prompt.speech assumes 2.5 words a second; the voice speaks at that pace
ESPEAK_TIMEOUT_S = 20
BED_DB = -36.0
MARK_DB = -18.0
SPEECH_PEAK = 0.5
# Voice variants that sound apart from one another; a speaker's name picks one, collisions move on.
VOICES = ("en-us+m3", "en-gb+f3", "en-us+m7", "en-us+f2", "en-gb+m1", "en-us+f4", "en-gb-scotland+m4",
          "en-us+f5", "en-029+m2", "en-gb+f1")
EMOTION = {"quiet": (-15, -8, 70), "whisper": (-20, -10, 55), "soft": (-10, -5, 80), "angry": (15, 5, 150),
           "shout": (25, 10, 170), "excited": (20, 12, 140), "sad": (-20, -10, 85), "nervous": (12, 8, 100)}
log = logging.getLogger("composer.animatic")


@dataclass(frozen=True)
class Voice:
    name: str
    pitch: int
    speed: int
    amplitude: int


def espeak() -> str | None:
    """The espeak-ng program on PATH (``espeak`` will do), or None."""
    return shutil.which("espeak-ng") or shutil.which("espeak")


def cast(speakers: list[str]) -> dict[str, Voice]:
    """A distinct voice per speaker, chosen from the name so a character keeps it across shots."""
    out: dict[str, Voice] = {}
    used: set[str] = set()
    for s in speakers:
        key = s.strip().lower()
        if key in out:
            continue
        h = zlib.crc32(key.encode())
        i = h % len(VOICES)
        while VOICES[i] in used and len(used) < len(VOICES):
            i = (i + 1) % len(VOICES)
        used.add(VOICES[i])
        out[key] = Voice(VOICES[i], 35 + h // len(VOICES) % 30, SPEECH_WPM, 110)
    return out


def _voice_for(cue: Cue, voices: dict[str, Voice]) -> Voice:
    v = voices.get(cue.speaker.strip().lower()) or Voice(VOICES[0], 50, SPEECH_WPM, 110)
    emo = cue.emotion.lower()
    for word, (speed, pitch, amp) in EMOTION.items():
        if word in emo:
            return Voice(v.name, max(0, min(99, v.pitch + pitch)), v.speed + speed, amp)
    return v


def speak(text: str, voice: Voice, program: str) -> np.ndarray:
    """``text`` as float32 samples at RATE, from espeak-ng writing a WAV to a temp file."""
    fd, tmp = tempfile.mkstemp(suffix=".wav", prefix="slate-say-")
    os.close(fd)
    try:
        subprocess.run([program, "-w", tmp, "-v", voice.name, "-s", str(voice.speed), "-p", str(voice.pitch),
                        "-a", str(voice.amplitude), "--", text], check=True, capture_output=True,
                       timeout=ESPEAK_TIMEOUT_S)
        with wave.open(tmp, "rb") as w:
            rate, width, chans = w.getframerate(), w.getsampwidth(), w.getnchannels()
            raw = w.readframes(w.getnframes())
    finally:
        Path(tmp).unlink(missing_ok=True)
    if width != 2:
        raise ValueError(f"espeak-ng wrote {8 * width}-bit audio; 16-bit expected")
    x = np.frombuffer(raw, "<i2").astype(np.float32) / 32768
    if chans > 1:
        x = x.reshape(-1, chans).mean(axis=1)
    n = int(len(x) * RATE / rate)
    return np.interp(np.arange(n) * (rate / RATE), np.arange(len(x)), x).astype(np.float32) if n else x


def _db(x: float) -> float:
    return float(10 ** (x / 20))


def _norm(x: np.ndarray, db: float) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x * x))) if x.size else 0.0
    return x * (_db(db) / rms) if rms > 1e-9 else x


def _lowpass(x: np.ndarray, cutoff: float) -> np.ndarray:
    """A one-pole low-pass, done as a short FIR so it stays vectorised."""
    a = float(np.exp(-2 * np.pi * cutoff / RATE))
    taps = (1 - a) * a ** np.arange(int(min(4000, 6 * RATE / (2 * np.pi * cutoff)) + 1))
    return np.convolve(x, taps, mode="same").astype(np.float32)


def _bed(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n, dtype=np.float32) / RATE
    white = rng.standard_normal(n).astype(np.float32)
    if kind == "rain":
        x = white - _lowpass(white, 1500)
        drops = (rng.random(n) < 60 / RATE).astype(np.float32) * rng.random(n).astype(np.float32)
        x = x + np.convolve(drops, np.exp(-np.arange(200) / 30), mode="same").astype(np.float32) * 4
    elif kind == "traffic":
        x = _lowpass(white, 300) * (1 + 0.4 * np.sin(2 * np.pi * 0.11 * t))
    elif kind == "hum":
        x = np.zeros(n, np.float32)
        for k, f in enumerate((60, 120, 180)):  # mains hum and its harmonics
            x += np.sin(2 * np.pi * f * t) / (k + 1)
        x = x * (1 + 0.1 * np.sin(2 * np.pi * 0.3 * t)) + 0.05 * white
    elif kind == "wind":
        x = (_lowpass(white, 800) - _lowpass(white, 200)) * (1 + 0.8 * np.sin(2 * np.pi * 0.13 * t) ** 2)
    elif kind == "water":
        x = _lowpass(white, 900) * (0.4 + 0.6 * np.sin(2 * np.pi * 0.22 * t) ** 2)
    elif kind == "crowd":
        env = _lowpass(np.abs(rng.standard_normal(n)).astype(np.float32), 4)
        x = (_lowpass(white, 2500) - _lowpass(white, 300)) * (0.5 + env)
    elif kind == "clock":
        x = np.zeros(n, np.float32)
        for k in range(int(n / RATE) + 1):
            i = int(k * RATE + 0.1 * RATE)
            if i < n:
                m = min(n - i, 600)
                x[i:i + m] += np.sin(2 * np.pi * (2200 if k % 2 else 1700) * t[:m]) * np.exp(-t[:m] * 400)
        return x * _db(BED_DB + 12) / max(1e-6, float(np.max(np.abs(x))))
    elif kind == "birds":
        x = np.zeros(n, np.float32)
        for start in rng.uniform(0, max(0.1, n / RATE - 0.4), size=max(1, n // (RATE * 2))):
            i, m = int(start * RATE), int(0.25 * RATE)
            if i + m <= n:
                tt = t[:m]
                x[i:i + m] += np.sin(2 * np.pi * (2600 + 1400 * tt / 0.25) * tt) * np.sin(np.pi * tt / 0.25)
        return x * _db(BED_DB + 10) / max(1e-6, float(np.max(np.abs(x))))
    else:  # room tone
        x = _lowpass(white, 200)
    return _norm(np.asarray(x, np.float32), BED_DB + (-6 if kind == "room" else 0))


def _mark(kind: str, rng: np.random.Generator) -> np.ndarray:
    n = int(RATE * (1.4 if kind == "horn" else 0.5))
    t = np.arange(n, dtype=np.float32) / RATE
    if kind == "chime":
        x = sum(np.sin(2 * np.pi * f * t) * np.exp(-t * 5) for f in (880, 1320, 1760))
    elif kind == "horn":
        x = (np.sign(np.sin(2 * np.pi * 98 * t)) * 0.3 + np.sin(2 * np.pi * 196 * t)) * np.minimum(1, t * 8) * np.exp(
            -np.maximum(0, t - 1.0) * 8)
    elif kind == "creak":
        x = np.sin(2 * np.pi * (180 + 60 * np.sin(2 * np.pi * 7 * t)) * t) * np.sin(np.pi * t / t[-1]) ** 2
    elif kind == "crackle":
        x = rng.standard_normal(n) * (rng.random(n) < 0.02) * np.exp(-t * 4)
    elif kind in ("thud", "bang"):
        x = np.sin(2 * np.pi * 70 * t) * np.exp(-t * 18) + rng.standard_normal(n) * np.exp(-t * 40) * (
            0.8 if kind == "bang" else 0.2)
    elif kind == "whoosh":
        x = _lowpass(rng.standard_normal(n).astype(np.float32), 1200) * np.sin(np.pi * t / t[-1]) ** 2
    elif kind == "splash":
        x = rng.standard_normal(n) * np.exp(-t * 9)
    else:  # beep
        x = np.sin(2 * np.pi * 1000 * t) * (t < 0.12)
    x = np.asarray(x, np.float32)
    return x * _db(MARK_DB) / max(1e-6, float(np.max(np.abs(x))))


def mark_times(plan: Plan) -> list[tuple[float, str]]:
    """Named effects in time: in a beat, at that beat; in the sound cue, at its start, end or spread over."""
    out: list[tuple[float, str]] = []
    for b in plan.beats:
        out += [(b.start + 0.3, k) for _pos, k in vocab.positions("sound_mark", b.text)]
    sound = plan.spec.sound
    found = vocab.positions("sound_mark", sound)
    secs = plan.spec.seconds
    for i, (pos, k) in enumerate(found):
        clause = sound[pos: pos + 60].split(",")[0]
        when = vocab.kind("sound_when", clause + " " + sound[max(0, pos - 30): pos])
        at = 0.25 if when == "start" else secs - 1.0 if when == "end" else secs * (i + 1) / (len(found) + 1)
        out.append((max(0.0, min(secs - 0.3, at)), k))
    kept: dict[tuple[int, str], float] = {}
    for t, k in sorted(out):  # the same effect named twice in a quarter second is one mark
        kept.setdefault((round(t * 4), k), t)
    return sorted((t, k) for (_q, k), t in kept.items())


def missing_speech(plan: Plan) -> str | None:
    """The note a take with lines gets when it cannot speak them (known before anything is mixed)."""
    if plan.cues and espeak() is None:
        return "no scratch dialogue: espeak-ng is not installed (install the espeak-ng package)"
    return None


def mix(plan: Plan) -> tuple[np.ndarray, list[str]]:
    """The whole track (mono float32 at RATE) and notes about what could not be made."""
    n = max(1, int(round(plan.spec.seconds * RATE)))
    seed = zlib.crc32((plan.spec.sound + "|" + plan.spec.setting).encode())
    rng = np.random.default_rng(seed)
    track = np.zeros(n, np.float32)
    beds = vocab.kinds("sound_bed", plan.spec.sound) or (["room"] if plan.spec.sound.strip() else [])
    for kind in beds[:4]:
        track += _bed(kind, n, rng)
    for t, kind in mark_times(plan):
        m = _mark(kind, rng)
        i = int(t * RATE)
        j = min(n, i + len(m))
        track[i:j] += m[: j - i]
    notes: list[str] = []
    if plan.cues:
        notes += _speech(plan, track)
    fade = min(n // 4, int(0.05 * RATE))
    if fade:
        ramp = np.linspace(0, 1, fade, dtype=np.float32)
        track[:fade] *= ramp
        track[-fade:] *= ramp[::-1]
    return np.tanh(track * 1.2) / np.tanh(1.2), notes


def _speech(plan: Plan, track: np.ndarray) -> list[str]:
    program = espeak()
    if program is None:
        note = missing_speech(plan)
        log.warning("animatic: %s", note)
        return [note] if note else []
    voices = cast([c.speaker for c in plan.cues])
    n = len(track)
    for k, cue in enumerate(plan.cues):
        try:
            x = speak(cue.spoken, _voice_for(cue, voices), program)
        except (OSError, subprocess.SubprocessError, ValueError, wave.Error) as e:
            log.warning("animatic: espeak-ng failed on a line (%s); the take has no scratch dialogue", e)
            return [f"no scratch dialogue: espeak-ng failed ({type(e).__name__})"]
        peak = float(np.max(np.abs(x))) if x.size else 0.0
        if peak > 0:
            x = x * (SPEECH_PEAK / peak)
        i = int(cue.start * RATE)
        stop = int(plan.cues[k + 1].start * RATE) if k + 1 < len(plan.cues) else n
        j = min(n, stop, i + len(x))
        seg = x[: max(0, j - i)].copy()
        if cue.cut or j < i + len(x):  # cut where the clip (or the next line) begins: fade, never click
            f = min(len(seg), int(0.03 * RATE))
            if f:
                seg[-f:] *= np.linspace(1, 0, f, dtype=np.float32)
        track[i:i + len(seg)] += seg
    return []
