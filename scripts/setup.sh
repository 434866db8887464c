#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: system libraries, a venv, Slate installed in it.
# Sourced by scripts/run and scripts/test; safe to run again (it only installs what is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PY="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
# libvlc for the player; Xvfb and the X/EGL libraries Qt's xcb plugin loads; espeak-ng for animatic speech and
# DejaVu for the animatic's burnt-in text and boards (both optional at run time: the animatic says what it lacks).
APT_PACKAGES=(
  vlc-plugin-base vlc-plugin-video-output libvlc-dev
  xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxrender1 libxi6 libsm6 libice6 libglib2.0-0
  espeak-ng fonts-dejavu-core
)

sudo_cmd() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then missing+=(python3-venv python3-pip); fi
  if ! command -v "$PY" >/dev/null 2>&1; then missing+=(python3); fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "== installing system packages: ${missing[*]}"
    sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "(not a Debian system: install libvlc, Xvfb and Python >= 3.11 with venv yourself)"
fi

"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Slate needs Python 3.11 or newer; found $("$PY" --version)"; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q -U pip
fi
stamp="$VENV/.slate-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "== installing Slate and its test tools into $VENV"
  "$VENV/bin/python" -m pip install -q -e '.[test,bench]' 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -c "import composer, PySide6, vlc, av" || { echo "set-up failed: see the pip output above"; exit 1; }
  touch "$stamp"
fi
# The LiteLLM proxy for tests/gateway, in a venv of its own (its pins clash with the test tools; the app never uses
# it). The version is pinned in pyproject's `gateway` extra; never 1.107.0 (a compromised release).
GW_VENV="${GW_VENV:-.venv-gateway}"
gw_stamp="$GW_VENV/.slate-gateway-installed"
if [ "${SLATE_SKIP_GATEWAY:-0}" != 1 ] && { [ ! -f "$gw_stamp" ] || [ pyproject.toml -nt "$gw_stamp" ]; }; then
  echo "== installing the LiteLLM proxy for the gateway tests into $GW_VENV"
  [ -x "$GW_VENV/bin/python" ] || "$PY" -m venv "$GW_VENV"
  pin=$("$VENV/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["optional-dependencies"]["gateway"][0])')
  "$GW_VENV/bin/python" -m pip install -q "$pin" 2>&1 | grep -v '^WARNING: Location' || true
  LITELLM_LOCAL_MODEL_COST_MAP=True "$GW_VENV/bin/litellm" --version >/dev/null 2>&1 || {
    echo "set-up failed: the LiteLLM proxy did not install (see above)"; exit 1; }
  touch "$gw_stamp"
fi
