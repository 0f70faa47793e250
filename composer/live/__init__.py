"""Live game music: a ``Session`` that composes bar by bar while the game's emotion changes, and its players.

Re-exports only; the work lives in the submodules (``session``, ``events``, ``layers``, ``recording``, ``player``).
"""

from __future__ import annotations

from composer.live.events import Bar, NoteEvent, TimedMessage
from composer.live.player import LOOKAHEAD, VirtualClock, audio_blocks, open_port, play, render
from composer.live.script import Script, read_script
from composer.live.recording import Recording, performance_of
from composer.live.layers import LAYER_AROUSAL, LAYERS
from composer.live.session import BASS_AROUSAL, BIG_CHANGE, BOUNDARIES, CONTEXT_EVENTS, PHRASE_KINDS, STINGERS, Session

__all__ = ["BASS_AROUSAL", "LAYERS", "LAYER_AROUSAL", "Session", "Bar", "NoteEvent", "TimedMessage", "BOUNDARIES", "BIG_CHANGE", "CONTEXT_EVENTS",
           "PHRASE_KINDS", "STINGERS", "Recording", "performance_of", "Script", "read_script", "render", "VirtualClock", "play",
           "open_port", "audio_blocks", "LOOKAHEAD"]


def _check_exports(public: set[str]) -> None:
    # __all__ is exactly what the package exports (as composer.testing).
    assert set(__all__) == public, (set(__all__) - public, public - set(__all__))


_check_exports({n for n in dir() if n[0] != "_" and n not in {"annotations", "events", "session", "player", "recording",
                                                                 "script", "layers"}})
del _check_exports
