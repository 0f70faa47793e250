"""Playing a live session: offline against a script (a virtual clock), in real time to a MIDI port, or as audio blocks.

- :func:`render` runs a session bar by bar against a :class:`Script` (emotion changes at
  given bars) and returns a ``Recording`` (MIDI, WAV... for review). No real time passes.
- :func:`play` sends a session's bars to a MIDI output (a mido port, or anything with a
  ``send(message)`` method) in real time: each bar is composed ``lookahead`` seconds before
  it starts, and every message is sent when its time comes. Time is read from ``clock`` and
  waited with ``sleep``; a :class:`VirtualClock` passes both, so tests play without waiting.
- :func:`open_port` opens a MIDI output by name through mido's python-rtmidi backend (the
  optional extra ``live``), with an error naming the ports there are.
- :func:`audio_blocks` yields a session's sound from the built-in synthesiser in fixed
  blocks of samples, for a sound card's callback.
"""

from __future__ import annotations

__all__ = ["render", "VirtualClock", "play", "open_port", "audio_blocks", "LOOKAHEAD"]

import heapq
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from composer.errors import LiveError
from composer.live.events import Bar
from composer.live.recording import Recording, performance_of
from composer.live.script import MAX_SCRIPT_BARS, Script
from composer.live.session import Session
from composer.rules.suggest import hint

#: Seconds before a bar starts at which ``play`` composes it.
LOOKAHEAD = 0.25


def render(session: Session, script: Script | Sequence[tuple], bars: int, *, title: str = "") -> Recording:
    """Play ``bars`` bars of ``session`` offline, making the script's changes before their bars; return them.

    A change at bar ``k`` is given with ``set_affect`` just before bar ``k`` is asked for,
    as a game would; the session starts it at that bar or a later one (its ``boundary``).
    """
    script = script if isinstance(script, Script) else Script.of(script)
    if isinstance(bars, bool) or not isinstance(bars, (int, np.integer)) or not 1 <= bars <= MAX_SCRIPT_BARS:
        raise LiveError(f"bars must be a whole number from 1 to {MAX_SCRIPT_BARS}, got {bars!r}")
    out = []
    for k in range(int(bars)):
        change = script.at(k)
        if change is not None:
            session.set_affect(change[0], label=change[1])
        out.append(session.next_bar())
    return Recording(tuple(out), style=session.style_name, seed=session.seed,
                     title=title or "composer live session")


class VirtualClock:
    """A clock that moves only when slept on: ``clock()`` reads it, ``sleep(s)`` moves it ``s`` seconds on."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        """Move the clock ``seconds`` on (negative: not at all)."""
        self.now += max(0.0, float(seconds))


def play(session: Session, port: Any, *, bars: int | None = None, clock: Callable[[], float] = time.monotonic,
         sleep: Callable[[float], None] = time.sleep, lookahead: float = LOOKAHEAD,
         on_bar: Callable[[Bar], None] | None = None, stop: Callable[[], bool] | None = None) -> list[float]:
    """Send the session's bars to ``port`` in real time (see the module's docstring).

    Parameters
    ----------
    session : Session
        The session; ``set_affect`` may be called from other threads while it plays.
    port : object with ``send(message)``
        A mido output port (:func:`open_port`), or any object with that method.
    bars : int, optional
        Bars to play; None plays until ``stop()`` returns True.
    clock, sleep : callables
        The time in seconds and the wait; ``time.monotonic`` and ``time.sleep`` by default, a
        ``VirtualClock`` and its ``sleep`` for tests and offline runs.
    lookahead : float
        Seconds before a bar starts at which it is composed.
    on_bar : callable, optional
        Called with each bar once composed (the game can show it, or log it).
    stop : callable, optional
        Checked between messages; True ends the playing (notes that sound are ended).

    Returns
    -------
    list of float
        How late each message was sent, in seconds (0 when on time), for checking the timing.
    """
    if bars is None and stop is None:
        raise LiveError("play needs bars=N or a stop() callable, or it would never end")
    if not (isinstance(lookahead, (int, float)) and 0 <= lookahead <= 10):
        raise LiveError(f"lookahead must be 0 to 10 seconds, got {lookahead!r}")
    import mido

    start = clock()
    queue: list[tuple[float, int, Any]] = []  # (seconds from the start, order, message)
    order = played = 0
    next_start = 0.0
    late: list[float] = []
    sounding: set[tuple[int, int]] = set()
    while True:
        now = clock() - start
        if stop is not None and stop():
            for ch, note in sorted(sounding):  # end what sounds, then stop
                port.send(mido.Message("note_off", channel=ch, note=note, velocity=0))
            break
        more = bars is None or played < bars
        if more and now >= next_start - lookahead:
            bar = session.next_bar()
            shift = next_start - bar.time  # the session may have played bars before this call
            for t, msg in bar.messages():
                heapq.heappush(queue, (t + shift, order, msg))
                order += 1
            next_start = bar.end + shift
            played += 1
            if on_bar is not None:
                on_bar(bar)
            continue
        if queue and queue[0][0] <= now:
            due, _, msg = heapq.heappop(queue)
            port.send(msg)
            late.append(now - due)
            if msg.type == "note_on":
                sounding.add((msg.channel, msg.note))
            elif msg.type == "note_off":
                sounding.discard((msg.channel, msg.note))
            continue
        if not more and not queue:
            break
        wake = min(queue[0][0] if queue else math.inf, next_start - lookahead if more else math.inf)
        sleep(max(0.0, wake - now))
    return late


def open_port(name: str) -> Any:
    """Open the MIDI output port ``name`` through mido with python-rtmidi (``pip install 'composer-emotion[live]'``).

    Raises
    ------
    MissingDependencyError
        If python-rtmidi is not installed.
    LiveError
        If there is no output port of that name (the message lists those there are).
    """
    import mido

    from composer.render._optional import require

    require("rtmidi", "playing to a MIDI port")
    try:
        names = mido.get_output_names()
    except Exception as e:  # noqa: BLE001 - a backend without a MIDI system says so in its own words
        raise LiveError(f"cannot list the MIDI output ports: {e}") from None
    if name not in names:
        listed = ", ".join(repr(n) for n in names) if names else "none"
        raise LiveError(f"no MIDI output port {name!r}{hint(name, names)}; the ports here: {listed}")
    return mido.open_output(name)


def audio_blocks(session: Session, *, bars: int | None = None, block: int = 1024, sample_rate: int = 44_100,
                 tail: float = 0.5) -> Iterator[np.ndarray]:
    """Yield the session's sound in blocks of ``block`` samples (float64 in [-1, 1], mono), bar after bar.

    Each bar is synthesised with the built-in synthesiser (``composer.render.synth``) and
    added onto what still rings from the bars before (``tail`` seconds of release), so notes
    are not cut at bar lines. With ``bars=None`` it goes on for as long as blocks are taken.
    """
    from composer.render.synth import synthesize

    if isinstance(block, bool) or not isinstance(block, (int, np.integer)) or not 16 <= block <= 1 << 16:
        raise LiveError(f"block must be 16 to 65536 samples, got {block!r}")
    pending = np.zeros(0, dtype=np.float64)  # samples from the next block on, rings included
    made = 0
    emitted = 0  # samples yielded so far
    while bars is None or made < bars:
        bar = session.next_bar()
        made += 1
        sound = synthesize(performance_of([bar]), sample_rate=sample_rate, tail=tail)
        offset = int(round(bar.time * sample_rate)) - emitted
        need = offset + sound.size
        if pending.size < need:
            pending = np.concatenate((pending, np.zeros(need - pending.size)))
        pending[offset:offset + sound.size] += sound
        ready = int(round(bar.end * sample_rate)) - emitted
        while ready >= block:
            out, pending = np.clip(pending[:block], -1.0, 1.0), pending[block:]
            emitted += block
            ready -= block
            yield out
    while pending.size:
        out = np.zeros(block)
        out[:min(block, pending.size)] = pending[:block]
        pending = pending[block:]
        yield np.clip(out, -1.0, 1.0)

