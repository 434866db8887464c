# Slate: one command to run the app, one to run the tests. Both set everything up themselves.
SHELL := /bin/bash
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# System packages: libvlc for the player, Xvfb and the X libraries Qt's xcb plugin loads.
APT_PACKAGES := vlc-plugin-base vlc-plugin-video-output libvlc-dev xvfb xauth \
	libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 \
	libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxrender1 libxi6 libsm6 libice6
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test system venv bench docs screenshot clean

run: venv
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "No display found: starting Slate under Xvfb (set DISPLAY to use your desktop)."; \
		xvfb-run -a $(BIN)/slate $(ARGS); \
	else $(BIN)/slate $(ARGS); fi

test: venv
	bash scripts/test.sh

system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip

venv: system $(BIN)/python
	@$(BIN)/pip install -q -e '.[test,bench]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c "import composer, PySide6, vlc" || { echo "set-up failed: see the pip output above"; exit 1; }

bench: venv
	$(BIN)/python -m benchmarks.keystroke --json
	$(BIN)/python -m benchmarks.lint_speed --json

docs: venv
	$(BIN)/python -m composer.lint.docs --write docs/rules.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
