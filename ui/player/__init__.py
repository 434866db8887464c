"""The embedded VLC player and the synchronized compare view (libvlc video callbacks into QImages)."""
