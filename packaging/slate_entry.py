"""Entry point of the packaged app. PyInstaller runs this file after packaging/rthook_vlc.py has pointed python-vlc
at the bundled libvlc.

``slate --bundle-check-vlc CLIP`` (used by packaging/build.sh, not by users) plays CLIP through the bundled libvlc the
way the player does (video callbacks, no window) and prints which libvlc and plugin folder were used and how many
pictures arrived; exit 0 only if pictures arrived from the bundled copy.
"""

import sys


def _check_vlc(clip: str) -> int:
    import ctypes
    import os
    import time

    import vlc

    lib = getattr(vlc.dll, "_name", "?")
    print(f"libvlc {vlc.libvlc_get_version().decode()} from {lib}; plugins: {os.environ.get('VLC_PLUGIN_PATH')}")
    # the player's own decoder setting (ui/player/availability.py): the check also proves the bundle accepts it
    inst = vlc.Instance("--quiet", "--no-xlib", "--aout=adummy", "--no-video-title-show", "--avcodec-threads=1")
    if inst is None:
        print("libvlc_new failed (no plugins?)")
        return 1
    w, h = 160, 120
    buf = (ctypes.c_ubyte * (w * h * 4))()
    shown = [0]

    @vlc.CallbackDecorators.VideoLockCb
    def lock(_opaque, planes):  # type: ignore[no-untyped-def]
        planes[0] = ctypes.cast(buf, ctypes.c_void_p)
        return 0  # never None from a ctypes callback on CPython < 3.12

    @vlc.CallbackDecorators.VideoDisplayCb
    def display(_opaque, _picture):  # type: ignore[no-untyped-def]
        shown[0] += 1

    player = inst.media_player_new()
    player.video_set_callbacks(lock, None, display, None)
    player.video_set_format("RV32", w, h, w * 4)
    player.set_media(inst.media_new_path(clip))
    player.play()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and player.get_state() not in (vlc.State.Ended, vlc.State.Error):
        time.sleep(0.05)
    state = player.get_state()
    player.stop()
    bundled = bool(getattr(sys, "_MEIPASS", "")) and str(lib).startswith(sys._MEIPASS)
    print(f"state {state}, {shown[0]} pictures, bundled libvlc: {bundled}")
    return 0 if shown[0] > 0 and state == vlc.State.Ended and bundled else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bundle-check-vlc":
        sys.exit(_check_vlc(sys.argv[2]))
    from composer.cli.main import main  # the `slate` console script: GUI by default, plus lint/render/queue/...

    sys.exit(main())
