"""Live game music: a ``Session`` that composes bar by bar while the game's emotion changes, and its players.

Re-exports only; the work lives in the submodules (``session``, ``events``, ``recording``, ``player``).
"""

from __future__ import annotations

from composer.live.events import Bar, NoteEvent, TimedMessage
from composer.live.player import LOOKAHEAD, Script, VirtualClock, audio_blocks, open_port, play, render
from composer.live.recording import Recording, performance_of
from composer.live.session import BIG_CHANGE, BOUNDARIES, CONTEXT_EVENTS, PHRASE_KINDS, STINGERS, Session

__all__ = ["Session", "Bar", "NoteEvent", "TimedMessage", "BOUNDARIES", "BIG_CHANGE", "CONTEXT_EVENTS",
           "PHRASE_KINDS", "STINGERS", "Recording", "performance_of", "Script", "render", "VirtualClock", "play",
           "open_port", "audio_blocks", "LOOKAHEAD"]
