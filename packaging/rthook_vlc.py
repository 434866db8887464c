"""PyInstaller runtime hook: point python-vlc at the libvlc and plugins bundled in the app, before `import vlc`.

python-vlc calls sys.exit(1) when a PYTHON_VLC_* path does not exist, so the variables are set only when the bundled
files are really there; otherwise python-vlc finds the system libvlc as usual (or the player says it is missing).
Values the user set win (setdefault), so a different libvlc can still be tried without rebuilding.
"""

import os
import sys

_base = getattr(sys, "_MEIPASS", None)
if _base:
    if sys.platform.startswith("win"):
        _lib, _core = os.path.join(_base, "libvlc.dll"), os.path.join(_base, "libvlccore.dll")
        _plugins = os.path.join(_base, "plugins")
    elif sys.platform == "darwin":
        _lib, _core = os.path.join(_base, "libvlc.dylib"), os.path.join(_base, "libvlccore.dylib")
        _plugins = os.path.join(_base, "plugins")
    else:
        _lib, _core = os.path.join(_base, "libvlc.so.5"), os.path.join(_base, "libvlccore.so.9")
        _plugins = os.path.join(_base, "vlc", "plugins")
    if os.path.isfile(_lib) and os.path.isfile(_core) and os.path.isdir(_plugins):
        os.environ.setdefault("PYTHON_VLC_LIB_PATH", _lib)
        os.environ.setdefault("PYTHON_VLC_MODULE_PATH", _plugins)
        os.environ.setdefault("VLC_PLUGIN_PATH", _plugins)
