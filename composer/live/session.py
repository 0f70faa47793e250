"""``Session``: live game music, composed one bar at a time while the game's emotion changes.

A session keeps one metre and moves through *segments*: stretches composed for one
emotion, each in one key and tempo. Every bar is one beam search of one bar, continuing
from the last ``CONTEXT_EVENTS`` events already emitted (the models' context; the leap
constraints count from the last note):

- **Phrases.** Bars group into phrases of the style's ``phrase_bars``. A phrase's inner
  bars are searched without the phrase-level kinds (``PHRASE_KINDS``: the final tonic,
  the cadence, the contour, phrase_fall, form_repeat), so they end anywhere; its last bar
  with all the style's constraints, so it closes on the tonic with the cadence's held
  stable note. Each segment compiles these two one-bar problems once; a bar only moves
  their context on (``SearchProblem.with_context``), which keeps a bar to a few
  milliseconds.
- **Emotion changes.** ``set_affect`` may come from any thread at any time; the change is
  taken at the start of a bar. With ``boundary="phrase"`` it waits for the next phrase; with
  ``boundary="bar"`` it starts at the next bar, except a *big* change (valence/arousal
  distance at least ``BIG_CHANGE``) in the middle of a phrase, which first closes the phrase
  with a cadence bar (in the old emotion) and starts at the bar after it.
- **Transitions.** The new segment's key joins the old by a common tonic, a closely related
  key or a pivot (``composer.story.scoring.joins.choose_key``; its register moves if the
  last note is out of reach); when the change is known a bar ahead (a phrase's last bar, or
  a cadence bar before a big change) that bar ramps its tempo to the new one, one step per
  beat (the ramp rule of ``composer.story.scoring.ramps``: at least ``RAMP_MIN_CHANGE``).
  A change at a bar boundary that was not known a bar ahead ramps instead in the first
  bar of the new emotion: it starts at the old tempo and reaches the new one on its last
  beat (``_ramp_in``).
- **Intensity layers.** With layers on (``layers=True``, or by default when the style
  arranges by default, as the film, game and hymn styles do), each bar's melody is
  harmonised following the previous bar's chord and arranged under it with the style's
  accompaniment pattern (``composer.live.layers``); the accompaniment sounds from an arousal
  of ``LAYER_AROUSAL["accompaniment"]`` up and the bass from ``BASS_AROUSAL``, and calmer
  bars drop them.
- **Determinism.** A bar's search is seeded by the session's seed and the bar's index, so
  the same seed and the same ``set_affect`` calls taken at the same bars give the same notes.
"""

from __future__ import annotations

__all__ = ["Session", "BOUNDARIES", "BIG_CHANGE", "CONTEXT_EVENTS", "PHRASE_KINDS", "STINGERS", "BASS_AROUSAL"]

import collections
import math
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from composer.affect import Affect, AffectLike, as_affect
from composer.compose import DEFAULT_BEAM_WIDTH, DEFAULT_TEMPERATURE, _accented_velocities, melody_from, search_problem
from composer.errors import AffectError, LiveError, SearchError
from composer.limits import check_seed
from composer.live.events import Bar, NoteEvent
from composer.live.layers import LAYER_AROUSAL, BarLayers, bar_layers, carry_chord, layers_for
from composer.melody import Melody
from composer.rules.style import Evaluation, Style, load_style
from composer.rules.suggest import hint
from composer.search.beam import beam_search
from composer.search.compile import SearchProblem
from composer.story.scoring.joins import KeyJoin, choose_key, reachable_register
from composer.story.scoring.ramps import RAMP_MIN_CHANGE
from composer.theory.meter import TICKS_PER_QUARTER, get_meter
from composer.theory.scales import MODES, PITCH_CLASS_NAMES
from composer.theory.tempo import tick_seconds

#: Where an emotion change may start: the next bar, or the next phrase.
BOUNDARIES: tuple[str, ...] = ("bar", "phrase")
#: Valence/arousal distance from which a change in the middle of a phrase first closes it with a cadence.
BIG_CHANGE = 0.6
#: Events of the music already emitted that the next bar's search sees as context.
CONTEXT_EVENTS = 16
#: Constraint kinds that shape a whole phrase: a phrase's inner bars are searched without them,
#: and its last bar without the three that need the phrase's length (contour, phrase_fall, form_repeat).
PHRASE_KINDS: frozenset[str] = frozenset({"final_tonic", "cadence", "contour", "phrase_fall", "form_repeat"})
_WHOLE_PHRASE = frozenset({"contour", "phrase_fall", "form_repeat"})
#: Stingers: (scale degrees counted from the tonic, 0-based, 7 = the octave; lengths in sixteenth-note ticks).
#: Each is sounded in the key of the bar it lands in, near the music's register, and fits a 6/8 bar.
STINGERS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "victory": ((0, 2, 4, 7), (2, 2, 2, 6)),
    "discovery": ((0, 4, 7, 11), (2, 2, 2, 6)),
    "defeat": ((4, 3, 1, 0), (3, 3, 3, 3)),
    "danger": ((1, 0, 1, 0), (3, 3, 3, 3)),
}
#: With layers on: the arousal from which a bar gets the bass layer (``composer.live.layers.LAYER_AROUSAL``).
BASS_AROUSAL = LAYER_AROUSAL["bass"]
_SEED_STRIDE = 1_000_003


@dataclass(frozen=True)
class _Segment:
    """The music for one emotion: its evaluation, key, and its two one-bar problems."""

    affect: Affect
    label: str
    evaluation: Evaluation
    key: KeyJoin
    inner: SearchProblem
    last: SearchProblem
    register: float | None

    @property
    def parameters(self):  # noqa: ANN201 (Parameters)
        return self.evaluation.parameters


def _distance(a: Affect, b: Affect) -> float:
    return math.hypot(a.valence - b.valence, a.arousal - b.arousal)


class Session:
    """Live music for a game: call :meth:`next_bar` once per bar, :meth:`set_affect` whenever the game's mood moves.

    Parameters
    ----------
    style : str, Path or Style
        A shipped style name, a style file, or a loaded ``Style``.
    seed : int
        Seeds the style's choices and every bar's search.
    beam_width : int
        Hypotheses kept per tick of each bar's search (1 to 4096).
    affect : Affect, str, (float, float) or mapping
        The emotion the session starts in.
    boundary : str
        ``"bar"`` or ``"phrase"``: where an emotion change starts (see the module's docstring).
    pin_meter : bool
        Keep the first emotion's metre for the whole session (rules that read the metre see
        it). With False, an emotion for which the style gives another metre is refused.
    temperature : float
        As for ``composer.compose`` (0: each bar the best the beam finds).
    layers : bool, optional
        Add the accompaniment and bass layers as arousal rises (see the module's docstring);
        None (the default): as the style's ``arrange: by_default`` says.

    Examples
    --------
    >>> s = Session(seed=1, affect=(0.5, 0.2))
    >>> bar = s.next_bar()
    >>> bar.index, bar.meter == s.meter, len(bar.notes) > 0
    (0, True, True)
    >>> s.set_affect((-0.6, 0.7), label="enemy spotted")
    >>> [b.index for b in s.next_bars(2)]
    [1, 2]
    """

    def __init__(self, style: str | Path | Style = "default", *, seed: int = 0,
                 beam_width: int = DEFAULT_BEAM_WIDTH, affect: AffectLike = (0.0, 0.0), boundary: str = "bar",
                 pin_meter: bool = True, temperature: float = DEFAULT_TEMPERATURE, layers: bool | None = None) -> None:
        if boundary not in BOUNDARIES:
            raise LiveError(f"boundary must be one of {', '.join(BOUNDARIES)}, got {boundary!r}{hint(boundary, BOUNDARIES)}")
        self._seed = check_seed(seed)
        self._beam_width = beam_width
        self._temperature = temperature
        self.boundary = boundary
        start = self._read_affect(affect)
        base = load_style(style)
        #: Whether bars get the intensity layers (accompaniment and bass).
        self.layers: bool = bool(base.arrange.by_default if layers is None else layers)
        first = base.evaluate(start, seed=self._seed).parameters
        #: The session's metre, for its whole length.
        self.meter: str = first.meter
        self._pin_meter = bool(pin_meter)
        self._style = base.with_fixed(meter=first.meter) if pin_meter else base
        self._bar_ticks = get_meter(self.meter).bar_ticks
        self._beat_ticks = get_meter(self.meter).beat_ticks
        self._lock = threading.Lock()          # guards _pending and _stingers (set from any thread)
        self._compose_lock = threading.Lock()  # one bar at a time
        self._pending: tuple[Affect, str] | None = None
        self._stingers: list[tuple[str, int | None]] = []
        self._history: collections.deque[tuple[int, int]] = collections.deque(maxlen=CONTEXT_EVENTS)
        self._segment = self._build(start, "", previous=None)
        self._wanted: tuple[Affect, str] | None = None
        self._next_tempo: float | None = None
        self._tempo_now: float | None = None   # the tempo the last bar ended in
        self._chord: tuple[int, int] | None = None   # (vocabulary index, tonic it is relative to) that ended the last bar
        self._index = 0
        self._phrase_bar = 0
        self._beat = 0.0
        self._time = 0.0

    # --- what the game calls -----------------------------------------------------------
    def set_affect(self, affect: AffectLike, *, label: str = "") -> None:
        """Ask for another emotion; it starts at the next bar or phrase (``boundary``), with a transition.

        Safe from any thread. The latest request before a bar starts wins.

        Raises
        ------
        LiveError
            If the emotion is malformed, NaN or outside [-1, 1], or (with ``pin_meter=False``)
            the style gives it another metre than the session's; the session goes on as before.
        """
        target = self._read_affect(affect)
        if not self._pin_meter:
            meter = self._style.evaluate(target, seed=self._seed).parameters.meter
            if meter != self.meter:
                raise LiveError(f"the style gives {meter} at valence {target.valence:+.2f}, arousal "
                                f"{target.arousal:+.2f}, but this session plays {self.meter}: a live session keeps "
                                f"one metre (Session(pin_meter=True) keeps the first one); the emotion is not changed")
        with self._lock:
            self._pending = (target, str(label))

    def stinger(self, name: str, *, key: str | None = None) -> None:
        """Lay a short motif over the next bar, in that bar's key (or ``key``'s tonic in its mode), near its register.

        Safe from any thread. ``name`` is one of ``STINGERS``; ``key`` a pitch-class name (``"C"``, ``"F#"``, ``"Bb"``).
        The same stinger asked for again before the bar starts sounds once.

        Raises
        ------
        LiveError
            For an unknown stinger or key (with a suggestion); the session goes on as before.
        """
        if name not in STINGERS:
            raise LiveError(f"unknown stinger {name!r}{hint(name, STINGERS)}; known: {', '.join(STINGERS)}")
        tonic = None
        if key is not None:
            names = {n.lower(): i for i, n in enumerate(PITCH_CLASS_NAMES)}
            names.update({"db": 1, "eb": 3, "gb": 6, "ab": 8, "bb": 10, "c#": 1, "d#": 3, "f#": 6, "g#": 8, "a#": 10})
            if not isinstance(key, str) or key.strip().lower() not in names:
                raise LiveError(f"stinger {name!r}: unknown key {key!r}{hint(str(key), PITCH_CLASS_NAMES)}; "
                                f"use a pitch-class name: {', '.join(PITCH_CLASS_NAMES)}")
            tonic = names[key.strip().lower()]
        with self._lock:
            if (name, tonic) not in self._stingers:  # asked again before the bar: still once
                self._stingers.append((name, tonic))

    def next_bar(self) -> Bar:
        """Compose and return the next bar (see the module's docstring for what it continues and when it changes)."""
        with self._compose_lock:
            return self._next_bar()

    def next_bars(self, n: int) -> list[Bar]:
        """The next ``n`` bars (``n`` >= 0), one after another."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
            raise LiveError(f"next_bars needs a whole number of bars >= 0, got {n!r}")
        return [self.next_bar() for _ in range(int(n))]

    def loop(self, bars: int = 8) -> Melody:
        """A loopable melody of ``bars`` bars in the current emotion, key and tempo, ending so it leads back to its start.

        The loop is composed as a continuation of its own ending: it is searched again with
        its previous take as context until its last note is the one it was composed to follow
        (at most four takes), so the join from its end to its start is one the search scored
        and the leap constraints hold across it. The session's bars are not advanced.

        Raises
        ------
        LiveError
            If ``bars`` is not 1 to 64.
        """
        if isinstance(bars, bool) or not isinstance(bars, (int, np.integer)) or not 1 <= bars <= 64:
            raise LiveError(f"a loop has 1 to 64 bars, got {bars!r}")
        seg = self._segment
        before = self._context()
        take: Melody | None = None
        for attempt in range(4):
            problem = search_problem(seg.evaluation, bars=int(bars), seed=self._seed + attempt,
                                     beam_width=self._beam_width, temperature=self._temperature, after=before)
            take = melody_from(problem, beam_search(problem)[0], affect=seg.affect, style=self._style.name,
                               seed=self._seed)
            if before[0].size and _last(take.pitches) == _last(before[0]):
                break
            before = (take.pitches, take.ticks)
        assert take is not None
        return take

    # --- where the session is ----------------------------------------------------------
    @property
    def seed(self) -> int:
        """The session's seed."""
        return self._seed

    @property
    def style_name(self) -> str:
        """The style's name."""
        return self._style.name

    @property
    def bar_index(self) -> int:
        """Index of the next bar."""
        return self._index

    @property
    def time(self) -> float:
        """Seconds from the session's start to the next bar."""
        return self._time

    @property
    def affect(self) -> Affect:
        """The emotion the music is in now."""
        return self._segment.affect

    @property
    def evaluation(self) -> Evaluation:
        """The style evaluated for the current emotion, in the current key and tempo (its parameters and constraints)."""
        return self._segment.evaluation

    @property
    def key(self) -> tuple[int, str]:
        """The current key: (tonic pitch class, mode)."""
        return self._segment.key.tonic, self._segment.parameters.mode

    @property
    def tempo(self) -> float:
        """The current tempo, quarter notes per minute."""
        return float(self._segment.parameters.tempo)

    # --- inside ------------------------------------------------------------------------
    @staticmethod
    def _read_affect(affect: AffectLike) -> Affect:
        try:
            return as_affect(affect)
        except AffectError as e:
            raise LiveError(f"set_affect: {e}") from None

    def _context(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._history:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        a = np.array(self._history, dtype=np.int64)
        return a[:, 0], a[:, 1]

    def _build(self, affect: Affect, label: str, *, previous: _Segment | None, tempo: float | None = None) -> _Segment:
        """A segment for ``affect``: key joined to ``previous``, register within reach, two compiled bars."""
        drawn = self._style.evaluate(affect, seed=self._seed).parameters
        last = _last(np.array([p for p, _ in self._history], dtype=np.int64))
        prev_key = None if previous is None else (previous.key.tonic, previous.parameters.mode)
        key = choose_key(prev_key, last, drawn_tonic=drawn.tonic, mode=drawn.mode)
        chosen = self._style.with_fixed(tempo=drawn.tempo if tempo is None else tempo, mode=drawn.mode,
                                        tonic=key.tonic)
        evaluation = chosen.evaluate(affect, seed=self._seed)
        moved = reachable_register(evaluation.parameters, last)
        if moved is not None:
            evaluation = chosen.with_fixed(register=moved).evaluate(affect, seed=self._seed)
        problems = []
        for dropped in (PHRASE_KINDS, _WHOLE_PHRASE):
            ev = Evaluation(evaluation.parameters, tuple(c for c in evaluation.constraints if c.kind not in dropped),
                            evaluation.sources)
            problems.append(search_problem(ev, bars=1, seed=self._seed, beam_width=self._beam_width,
                                           temperature=self._temperature))
        return _Segment(affect, label, evaluation, key, problems[0], problems[1], moved)

    def _next_bar(self) -> Bar:
        with self._lock:
            request, self._pending = self._pending, None
            stingers, self._stingers = self._stingers, []
        if request is not None and request != self._wanted:
            same = request[0] == self._segment.affect
            if same and request[1] != self._segment.label:  # a new name for the same music: no transition
                self._segment = replace(self._segment, label=request[1])
            self._wanted, self._next_tempo = (None if same else request), None
        phrase_bars = max(1, int(self._segment.parameters.phrase_bars))
        transition = ""
        closing = False
        ramp_from: float | None = None
        wanted = self._wanted
        if wanted is not None:
            starts = self._phrase_bar == 0  # a phrase ended with the last bar (a cadence)
            if self.boundary == "bar":
                starts = starts or _distance(wanted[0], self._segment.affect) < BIG_CHANGE
            if starts:
                planned = self._next_tempo is not None
                self._segment = self._build(wanted[0], wanted[1], previous=self._segment, tempo=self._next_tempo)
                if not planned and self._tempo_now is not None:
                    ramp_from = self._tempo_now
                transition = self._segment.key.reason
                self._wanted, self._next_tempo, self._phrase_bar = None, None, 0
                phrase_bars = max(1, int(self._segment.parameters.phrase_bars))
            elif self.boundary == "bar":
                closing = True  # a big change: close the phrase here, change at the next bar (phrase bar 0)
        seg = self._segment
        cadence = closing or self._phrase_bar == phrase_bars - 1
        if self._wanted is not None and cadence:
            self._next_tempo = float(self._style.evaluate(self._wanted[0], seed=self._seed).parameters.tempo)
        pitches, ticks = self._search(seg.last if cadence else seg.inner)
        params = seg.parameters
        onsets = np.concatenate(([0], np.cumsum(ticks)[:-1])).astype(np.int64)
        velocities = _accented_velocities(onsets, pitches, params.velocity, self.meter)
        marks = (self._ramp_in(ramp_from, float(params.tempo)) if ramp_from is not None
                 else self._tempo_map(float(params.tempo), self._next_tempo))
        starts_s = tick_seconds(marks, onsets)
        ends_s = tick_seconds(marks, onsets + ticks)
        seconds = float(tick_seconds(marks, np.array([self._bar_ticks]))[0])
        notes = [NoteEvent(int(p), int(v), self._beat + o / TICKS_PER_QUARTER, t / TICKS_PER_QUARTER,
                           self._time + float(s0), float(s1 - s0), "melody", params.articulation)
                 for p, v, o, t, s0, s1 in zip(pitches, velocities, onsets, ticks, starts_s, ends_s) if p >= 0]
        for name, tonic in stingers:
            notes.extend(self._stinger_notes(name, seg.key.tonic if tonic is None else tonic, params, marks))
        programs: dict[str, str] = {"melody": params.instrument}
        layered = self._layers(pitches, ticks, params, seg, cadence)
        if layered is not None:
            for part in layered.parts:
                programs[part.part] = part.program
                notes.extend(self._layer_notes(part, marks))
        notes.sort(key=lambda n: (n.time, n.part != "melody", n.part, n.pitch))
        bar = Bar(index=self._index, beat=self._beat, time=self._time, seconds=seconds, meter=self.meter,
                  tonic=seg.key.tonic, mode=params.mode, tempo_map=marks, affect=seg.affect,
                  phrase_bar=self._phrase_bar, cadence=cadence, transition=transition, pitches=pitches, ticks=ticks,
                  velocities=velocities, notes=tuple(notes), parameters=params, label=seg.label,
                  chords=() if layered is None else layered.names, programs=tuple(programs.items()))
        self._history.extend(zip(pitches.tolist(), ticks.tolist()))
        self._index += 1
        self._beat += self._bar_ticks / TICKS_PER_QUARTER
        self._time += seconds
        self._tempo_now = float(marks[-1][1])
        self._phrase_bar = 0 if cadence else self._phrase_bar + 1
        return bar

    def _search(self, problem: SearchProblem) -> tuple[np.ndarray, np.ndarray]:
        """One bar's (MIDI pitches, ticks); without the context if no lawful bar follows it, a rest if none at all."""
        seed = (self._seed * _SEED_STRIDE + self._index) & 0x7FFFFFFFFFFFFFFF
        for context in (self._context(), (None, None)):
            try:
                found = beam_search(problem.with_context(*context).with_settings(seed=seed))[0]
            except SearchError:
                continue
            return problem.midi(found.pitch_tokens), problem.dur_ticks[found.dur_tokens]
        return np.array([-1], dtype=np.int64), np.array([self._bar_ticks], dtype=np.int64)

    def _tempo_map(self, tempo: float, next_tempo: float | None) -> tuple[tuple[int, float], ...]:
        """Steady, or one whole-number step per beat after the first towards ``next_tempo``."""
        if next_tempo is None or abs(next_tempo - tempo) < RAMP_MIN_CHANGE * tempo:
            return ((0, tempo),)
        beats = self._bar_ticks // self._beat_ticks
        steps = [(k * self._beat_ticks, float(round(tempo + (next_tempo - tempo) * k / beats))) for k in range(1, beats)]
        return ((0, tempo),) + tuple(steps)

    def _ramp_in(self, old: float, new: float) -> tuple[tuple[int, float], ...]:
        """A bar that starts at ``old`` and reaches ``new`` on its last beat, one whole-number step per beat
        (steady at ``new`` for a change under ``RAMP_MIN_CHANGE``, or a bar of one beat)."""
        beats = self._bar_ticks // self._beat_ticks
        if abs(new - old) < RAMP_MIN_CHANGE * new or beats < 2:
            return ((0, new),)
        marks = [(k * self._beat_ticks, float(round(old + (new - old) * k / (beats - 1)))) for k in range(beats - 1)]
        return tuple(marks) + (((beats - 1) * self._beat_ticks, new),)

    def _layers(self, pitches: np.ndarray, ticks: np.ndarray, params, seg: _Segment,  # noqa: ANN001
                cadence: bool) -> BarLayers | None:
        """The bar's layers (None without them); the bar's last chord is kept for the next bar to follow."""
        parts = layers_for(seg.affect.arousal) if self.layers else ()
        if not parts:
            self._chord = None
            return None
        previous = None if self._chord is None else carry_chord(self._chord[0], self._chord[1], seg.key.tonic)
        layered = bar_layers(pitches, ticks, params, arousal=seg.affect.arousal, cadence=cadence,
                             previous=previous, parts=parts)
        self._chord = None if layered is None else (layered.last_chord, seg.key.tonic)
        return layered

    def _layer_notes(self, part, marks) -> list[NoteEvent]:  # noqa: ANN001
        """A layer's notes as ``NoteEvent``s timed in the bar (``part``: ``composer.live.layers.LayerNotes``)."""
        s0 = tick_seconds(marks, part.onsets)
        s1 = tick_seconds(marks, part.onsets + part.lengths)
        return [NoteEvent(int(p), int(v), self._beat + o / TICKS_PER_QUARTER, n / TICKS_PER_QUARTER,
                          self._time + float(a), float(b - a), part.part, "legato" if part.part == "bass" else "normal")
                for o, n, p, v, a, b in zip(part.onsets.tolist(), part.lengths.tolist(), part.pitches.tolist(),
                                            part.velocities.tolist(), s0, s1)]

    def _stinger_notes(self, name: str, tonic: int, params, marks) -> list[NoteEvent]:  # noqa: ANN001
        degrees, lengths = STINGERS[name]
        steps = MODES[params.mode]
        base = int(round(params.register)) - ((int(round(params.register)) - tonic) % 12)
        out, tick = [], 0
        for d, length in zip(degrees, lengths):
            length = min(length, self._bar_ticks - tick)
            if length <= 0:
                break
            midi = base + 12 * (d // len(steps)) + steps[d % len(steps)]
            s0, s1 = tick_seconds(marks, np.array([tick, tick + length]))
            out.append(NoteEvent(int(np.clip(midi, 0, 127)), int(min(127, params.velocity + 12)),
                                 self._beat + tick / TICKS_PER_QUARTER, length / TICKS_PER_QUARTER,
                                 self._time + float(s0), float(s1 - s0), "stinger", "normal"))
            tick += length
        return out


def _last(pitches: np.ndarray) -> int | None:
    sounding = np.asarray(pitches)[np.asarray(pitches) >= 0]
    return int(sounding[-1]) if sounding.size else None

