#!/usr/bin/env bash
# The test command: boundary contracts, then the suite under a virtual display.
# pytest exit 5 (nothing collected) is a failure here, never hidden.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export SLATE_TEST=1
echo "== import contracts (lint-imports)"
"$BIN/lint-imports"
echo "== pytest"
status=0
if command -v xvfb-run >/dev/null 2>&1; then
  xvfb-run -a -s "-screen 0 1920x1080x24" "$BIN/python" -m pytest "$@" || status=$?
else
  "$BIN/python" -m pytest "$@" || status=$?
fi
if [ "$status" -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi
exit "$status"
