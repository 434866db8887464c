"""Offline animatic renderer: a shot becomes a real H.264 MP4 with its camera move, captions and timecode."""
