"""PyInstaller runtime hook: point python-vlc at the libvlc and plugins bundled next to the app.

Runs before any app code. python-vlc calls sys.exit(1) for a PYTHON_VLC_* path that does not exist, so each
variable is set only when the bundled file is really there; otherwise the system libvlc is used (or the player
says it is missing, with the install command).
"""

import os
import sys

_base = getattr(sys, "_MEIPASS", os.path.dirname(os.path.abspath(sys.argv[0])))
_lib = os.path.join(_base, "vlc", "libvlc.so.5")
_plugins = os.path.join(_base, "vlc", "plugins")
if os.path.isfile(_lib) and os.path.isdir(_plugins):
    os.environ.setdefault("PYTHON_VLC_LIB_PATH", _lib)
    os.environ.setdefault("PYTHON_VLC_MODULE_PATH", _plugins)
    os.environ.setdefault("VLC_PLUGIN_PATH", _plugins)
