#!/usr/bin/env bash
# Validate the desktop integration files (AppStream metainfo and .desktop entry).
set -euo pipefail
cd "$(dirname "$0")"
if command -v appstreamcli >/dev/null 2>&1; then
    appstreamcli validate --no-net io.slate.Slate.metainfo.xml
else
    echo "appstreamcli not installed (apt-get install appstream): metainfo not validated"
fi
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate io.slate.Slate.desktop && echo "io.slate.Slate.desktop: valid"
else
    echo "desktop-file-validate not installed (apt-get install desktop-file-utils): .desktop not validated"
fi
