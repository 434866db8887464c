#!/usr/bin/env bash
# Build the desktop bundle (dist/slate/) with PyInstaller, then prove it starts: a screenshot under Xvfb.
# Usage: bash packaging/build.sh     (needs the dev venv from `bash scripts/setup.sh`; installs pyinstaller)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || bash scripts/setup.sh
"$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install -q "pyinstaller>=6"
rm -rf build/pyinstaller dist/slate
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller --distpath dist \
    packaging/slate.spec
# Plugin cache for the bundled paths (229 -> 42 plugin loads at start). It is keyed on file times: copy the bundle
# with `cp -a` to keep it; after a plain copy libvlc scans the plugins instead (slower, still works).
for gen in "$(command -v vlc-cache-gen || true)" /usr/lib/x86_64-linux-gnu/vlc/vlc-cache-gen; do
    if [ -n "$gen" ] && [ -x "$gen" ]; then "$gen" dist/slate/_internal/vlc/plugins || true; break; fi
done
echo "bundle size: $(du -sh dist/slate | cut -f1)"
env -u PYTHON_VLC_LIB_PATH -u PYTHON_VLC_MODULE_PATH QT_QPA_PLATFORM=offscreen dist/slate/slate --self-test
clip=$(mktemp --suffix=.mp4)
"$PY" -c "import sys, numpy as np; from pathlib import Path; from tests.media import write_clip
write_clip(Path(sys.argv[1]), (np.full((180, 320, 3), n * 5, np.uint8) for n in range(48)))" "$clip"
env -u PYTHON_VLC_LIB_PATH -u PYTHON_VLC_MODULE_PATH dist/slate/slate --bundle-check-vlc "$clip"
shot=$(mktemp --suffix=.png)
start=$(date +%s.%N)
env -u PYTHON_VLC_LIB_PATH -u PYTHON_VLC_MODULE_PATH SLATE_DATA_DIR="$(mktemp -d)" \
    xvfb-run -a dist/slate/slate --screenshot "$shot"
end=$(date +%s.%N)
python3 - "$shot" <<'PYEOF'
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", head[16:24])
print(f"screenshot: {sys.argv[1]} {w}x{h}")
PYEOF
echo "start to screenshot: $(python3 -c "print(round($end - $start, 2))") s (cold, under xvfb-run)"
