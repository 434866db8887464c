#!/usr/bin/env bash
# Install the built bundle for the current user: ~/.local/opt/slate, a `slate` launcher, menu entry, icon, MIME.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x dist/slate/slate ] || { echo "build first: bash packaging/build.sh" >&2; exit 1; }
PREFIX="${PREFIX:-$HOME/.local}"
mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo" \
    "$PREFIX/share/icons/hicolor/256x256/apps" "$PREFIX/share/icons/hicolor/scalable/apps" "$PREFIX/share/mime/packages"
rm -rf "$PREFIX/opt/slate" && cp -a dist/slate "$PREFIX/opt/slate"
ln -sf "$PREFIX/opt/slate/slate" "$PREFIX/bin/slate"
cp packaging/io.slate.Slate.desktop "$PREFIX/share/applications/"
cp packaging/io.slate.Slate.metainfo.xml "$PREFIX/share/metainfo/"
cp resources/icons/slate-256.png "$PREFIX/share/icons/hicolor/256x256/apps/io.slate.Slate.png"
cp resources/icons/slate.svg "$PREFIX/share/icons/hicolor/scalable/apps/io.slate.Slate.svg"
cp packaging/io.slate.Slate.mime.xml "$PREFIX/share/mime/packages/"
command -v update-mime-database >/dev/null && update-mime-database "$PREFIX/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$PREFIX/share/applications" || true
echo "installed: $PREFIX/bin/slate"
