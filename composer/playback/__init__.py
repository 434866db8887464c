"""Qt-free clock and transport state of the compare view: which frame each pane shows, seek/step/loop targets."""

from composer.playback.barrier import ARM_TIMEOUT_S, ArmBarrier, ArmStep, Boot, BootStep, Launch
from composer.playback.clock import RATES, Clock, Tick, TickKind, clamp_rate
from composer.playback.model import Identify, Playback
from composer.playback.state import RUNNING, PlayEvent, PlayState, next_state, poll_interval_ms
from composer.playback.timeline import Timeline

__all__ = ["ARM_TIMEOUT_S", "RATES", "RUNNING", "ArmBarrier", "ArmStep", "Boot", "BootStep", "Clock", "Identify",
           "Launch", "PlayEvent", "PlayState", "Playback", "Tick", "TickKind", "Timeline", "clamp_rate",
           "next_state", "poll_interval_ms"]
