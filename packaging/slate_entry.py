"""Entry point of the packaged app (PyInstaller runs this file; the runtime hook has set up libvlc already)."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
