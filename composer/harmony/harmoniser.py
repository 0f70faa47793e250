"""``harmonise``: choose chords for a melody by an exact search over harmonic-rhythm slots.

The melody is cut into slots (``harmonic_rhythm`` per bar). Each (slot, chord) gets

- **fit**: the melody's notes in the slot, weighted by how long they sound in it and
  doubled on strong beats, scored by the model's ``log P(pitch class | chord)``
  (weighted mean over the slot, times ``FIT_WEIGHT``); a note
  on a strong beat that is not a chord tone costs ``NON_CHORD_TONE_ON_STRONG_BEAT``
  more (non-chord tones belong on weak beats, as passing and neighbour notes);
- **style weight**: diatonic triads 0, seventh chords ``2 log(sevenths)``, borrowed,
  Neapolitan, diminished-seventh and secondary-dominant chords
  ``log(chromaticism) + TENSION_GAIN * chromaticism``, less
  ``COLOUR_GAIN * max(0, -colour * c)`` where ``c`` is the chord's colour
  (``composer.harmony.chords.chromatic_colour``: -1 flat side, +1 sharp side) and
  ``colour`` the style's ``harmonic_colour`` (it follows valence: dark chromatic chords
  for unpleasant music, bright ones for pleasant), every other chord forbidden;
- **cadence**: at each phrase end a bonus for the cadence the plan asks (half cadences
  on V at odd phrase ends, authentic V–I at even ones and at the end, where a plagal
  IV–I also earns a little; a melody ending on a tone of the tonic triad ends on the
  tonic chord);

and each pair of successive chords ``log stay`` for a repeat, else
``log(1 - stay) + log P(next | previous, changed)`` from the model, where ``stay``
(``STAY``) depends on the number of slots per bar. The best
sequence is found exactly (``composer.harmony.viterbi``).
"""

from __future__ import annotations

__all__ = ["harmonise_arrays", "harmonise", "slot_grid", "style_weights", "NON_CHORD_TONE_ON_STRONG_BEAT"]

import os
from typing import TYPE_CHECKING

import numpy as np

from composer.errors import HarmonyError
from composer.harmony.chords import (
    N_CHORDS, VOCABULARY, chord_index, chord_tone_matrix, chromatic_colour, chromatic_kind, diatonic_mask,
)
from composer.harmony.model import HarmonyModel, load_harmony_model
from composer.harmony.modulation import dominant_mask, preparing_mask
from composer.harmony.progression import Harmony
from composer.harmony.viterbi import viterbi
from composer.theory.meter import get_meter
from composer.theory.scales import MODES, is_major_type

if TYPE_CHECKING:
    from composer.melody import Melody

#: Extra cost (log units per quarter note) of a non-chord tone on a strong beat.
NON_CHORD_TONE_ON_STRONG_BEAT = 1.5
#: How strongly ``chromaticism`` favours chromatic chords beyond its log (log units at chromaticism 1): the
#: Bach model rarely leaves the key, so tension has to be asked for.
TENSION_GAIN = 3.0
#: Cost (log units at ``|harmonic_colour|`` 1) of a chromatic chord whose colour goes against the style's
#: ``harmonic_colour``: a flat-side chord in pleasant music, a sharp-side one in unpleasant music.
COLOUR_GAIN = 3.0
#: Probability that a slot keeps the previous slot's chord, by slots per bar: the more slots, the likelier a
#: slot repeats. Chosen on training tunes of the Nottingham collection (benchmarks/harmony.py --split train).
STAY = {1: 0.5, 2: 0.7, 3: 0.7, 4: 0.7}
#: Weight of the melody's fit: the fit of a slot is its notes' weighted mean log-probability times this.
FIT_WEIGHT = 3.0
#: Cadence bonuses (log units).
CADENCE_BONUS = 4.0
_FLOOR = 1e-3
#: Score added to the new key's dominant in the last slot before a key change (``next_key``), over the pivots.
DOMINANT_BONUS = 4.0


def slot_grid(total_ticks: int, bar_ticks: int, harmonic_rhythm: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the slots' onsets and lengths in ticks, each of shape (S,), ``harmonic_rhythm`` slots per bar.

    A bar that does not divide evenly gets slots rounded to whole ticks; the last bar
    may be cut short by the melody's end.
    """
    bars = -(-total_ticks // bar_ticks)
    starts = [b * bar_ticks + round(k * bar_ticks / harmonic_rhythm) for b in range(bars) for k in range(harmonic_rhythm)]
    starts = [s for s in starts if s < total_ticks] or [0]
    onsets = np.array(starts, dtype=np.int64)
    ends = np.append(onsets[1:], total_ticks)
    return onsets, ends - onsets


def style_weights(mode: str, chromaticism: float, sevenths: float, colour: float = 0.0) -> np.ndarray:
    """Return the style's log weight of each chord, float64 shape (N_CHORDS,), ``-inf`` for chords it never uses.

    ``colour`` in [-1, 1] (the ``harmonic_colour`` parameter) penalises chromatic chords of
    the other colour: at +1 the flat side (borrowed from minor, Neapolitan, diminished
    sevenths) costs ``COLOUR_GAIN``, at -1 the sharp side (secondary dominants, IV and ii
    borrowed from major); 0 leaves both.
    """
    diatonic = diatonic_mask(mode)
    out = np.full(N_CHORDS, -np.inf)
    for i, c in enumerate(VOCABULARY):
        if diatonic[i]:
            w = 0.0
        elif chromatic_kind(i, mode) is not None:
            w = float(np.log(max(chromaticism, _FLOOR))) + TENSION_GAIN * chromaticism
            w -= COLOUR_GAIN * max(0.0, -float(colour) * chromatic_colour(i, mode))
        else:
            continue
        if c.is_seventh:
            w += 2.0 * float(np.log(max(sevenths, _FLOOR)))
        out[i] = w
    out[_tonic(mode)] = max(out[_tonic(mode)], 0.0)   # every mode may end on its tonic chord (locrian too)
    return out


def _dominants(mode: str) -> list[int]:
    return [chord_index(7, "maj"), chord_index(7, "dom7"), chord_index(11, "dim7"), chord_index(11, "dim")]


def _tonic(mode: str) -> int:
    return chord_index(0, "maj" if is_major_type(mode) else "min")


def _fit(pitches: np.ndarray, ticks: np.ndarray, tonic: int, onsets: np.ndarray, lengths: np.ndarray,
         strong: np.ndarray, bar_ticks: int, emission: np.ndarray) -> np.ndarray:
    tones = chord_tone_matrix()
    fit = np.zeros((len(onsets), N_CHORDS))
    weight = np.zeros(len(onsets))
    note_on = np.concatenate(([0], np.cumsum(ticks)[:-1]))
    for p, t, o in zip(pitches, ticks, note_on):
        if p < 0:
            continue
        rel = (int(p) - tonic) % 12
        end = o + t
        first = int(np.searchsorted(onsets, o, side="right") - 1)
        for s in range(first, len(onsets)):
            lo, hi = max(o, onsets[s]), min(end, onsets[s] + lengths[s])
            if lo >= hi:
                break
            accented = (lo == o and (o % bar_ticks) in strong) or lo == onsets[s]
            w = (hi - lo) / 4.0 * (2.0 if accented else 1.0)
            fit[s] += w * emission[:, rel]
            weight[s] += w
            if accented:
                fit[s] -= w * NON_CHORD_TONE_ON_STRONG_BEAT * (1.0 - tones[:, rel])
    return fit / np.maximum(weight, 1.0)[:, None] * FIT_WEIGHT


def harmonise_arrays(pitches: np.ndarray, ticks: np.ndarray, *, tonic: int, mode: str, meter: str,
                     harmonic_rhythm: int = 1, phrase_bars: int = 4, chromaticism: float = 0.15,
                     sevenths: float = 0.2, model: HarmonyModel | None = None, stay: float | None = None,
                     previous: int | None = None, harmonic_colour: float = 0.0, ends: bool = True,
                     next_key: tuple[int, str] | None = None) -> Harmony:
    """Harmonise a melody given as arrays.

    Parameters
    ----------
    pitches : ndarray of int, shape (n,)
        MIDI pitch of each event, -1 for a rest.
    ticks : ndarray of int, shape (n,)
        Length of each event in sixteenth-note ticks.
    tonic, mode, meter
        The key (pitch class 0..11 and a key of ``composer.theory.MODES``) and the time
        signature (a key of ``composer.theory.METERS``).
    harmonic_rhythm : int
        Chords per bar, 1..4.
    phrase_bars : int
        Bars per phrase; cadences fall at phrase ends.
    chromaticism, sevenths : float
        Style weights in [0, 1] (see ``style_weights``).
    model : HarmonyModel, optional
        Chord statistics; the shipped Bach-chorale model by default.
    stay : float, optional
        Probability, in (0, 1), that a slot keeps the previous slot's chord;
        ``STAY[harmonic_rhythm]`` by default.
    previous : int, optional
        The chord sounding just before the melody (a vocabulary index relative to this
        melody's tonic, e.g. the last chord of the previous section): the first chord
        then follows it by the model's transitions instead of starting afresh.
    ends : bool
        Whether the melody ends here. False for a fragment the music goes on from (a live
        session's bar inside a phrase): its last slot gets no final cadence and its chord is
        not forced to the tonic; cadences still fall at its phrase ends inside.
    next_key : (int, str), optional
        The key of the music after the melody (tonic pitch class, mode), e.g. the next
        section's. When it differs from this key, the last chord prepares it
        (``composer.harmony.modulation``): the new key's dominant (preferred, by
        ``CADENCE_BONUS``) or a pivot chord diatonic in both keys.

    Returns
    -------
    Harmony
    """
    if mode not in MODES:
        raise HarmonyError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if not 1 <= int(harmonic_rhythm) <= 4:
        raise HarmonyError(f"harmonic_rhythm must be 1..4 chords per bar, got {harmonic_rhythm}")
    pitches = np.asarray(pitches, dtype=np.int64)
    ticks = np.asarray(ticks, dtype=np.int64)
    if not np.any(pitches >= 0):
        raise HarmonyError("cannot harmonise a melody with no notes")
    model = load_harmony_model() if model is None else model
    side = 0 if is_major_type(mode) else 1
    m = get_meter(meter)
    onsets, lengths = slot_grid(int(ticks.sum()), m.bar_ticks, int(harmonic_rhythm))
    strong = np.array(m.strong_ticks, dtype=np.int64)
    modulating = next_key is not None and ((int(next_key[0]) - tonic) % 12, next_key[1]) != (0, mode)
    if modulating:
        assert next_key is not None
        if next_key[1] not in MODES:
            raise HarmonyError(f"unknown mode {next_key[1]!r} of next_key; use one of {', '.join(MODES)}")
        n_slots = len(onsets)
        onsets, lengths = _split_last_slot(onsets, lengths, strong, m.bar_ticks)
        split = len(onsets) > n_slots
    fit = _fit(pitches, ticks, tonic, onsets, lengths, strong, m.bar_ticks, model.emission[side])
    if not -1.0 <= float(harmonic_colour) <= 1.0:
        raise HarmonyError(f"harmonic_colour must be in [-1, 1], got {harmonic_colour}")
    unary = fit + style_weights(mode, chromaticism, sevenths, harmonic_colour)[None, :]
    slots_per_phrase = max(1, int(phrase_bars) * int(harmonic_rhythm))
    s_count = len(onsets)
    # the section's own cadence ends at its last slot, or, when a split last slot prepares
    # the next key, at the slot before (the first half of the last slot)
    s_final = s_count - 2 if modulating and split else s_count - 1
    phrase_ends = list(range(slots_per_phrase - 1, s_final, slots_per_phrase)) + ([s_final] if ends else [])
    tonic_chord, dominants = _tonic(mode), _dominants(mode)
    subdominants = [chord_index(5, "maj"), chord_index(5, "min")]
    plan: list[tuple[int, str]] = []
    for k, e in enumerate(phrase_ends):
        final = e == s_final
        if final or k % 2 == 1:
            unary[e, tonic_chord] += CADENCE_BONUS
            if e > 0:
                unary[e - 1, dominants] += CADENCE_BONUS / 2
                unary[e - 1, subdominants] += CADENCE_BONUS / 6
            plan.append((e, "authentic"))
        else:
            unary[e, dominants] += CADENCE_BONUS
            plan.append((e, "half"))
    unary[0, tonic_chord] += 1.0
    last = pitches[pitches >= 0][-1]
    prepared = False
    if modulating:
        assert next_key is not None
        note_on = np.concatenate(([0], np.cumsum(ticks)[:-1]))
        at = int(np.searchsorted(note_on, onsets[-1], side="right") - 1)
        held = (int(pitches[at]) - tonic) % 12 if pitches[at] >= 0 else None
        prepared = _prepare_key(unary, fit, tonic, mode, int(next_key[0]) % 12, next_key[1], chromaticism, held)
    if ends and (int(last) - tonic) % 12 in VOCABULARY[tonic_chord].intervals and (s_final < s_count - 1 or not prepared):
        # a melody ending on a tone of the tonic triad ends (its own cadence) on the tonic chord
        keep = unary[s_final, tonic_chord]
        unary[s_final] = -np.inf
        unary[s_final, tonic_chord] = keep
    stay = STAY[int(harmonic_rhythm)] if stay is None else float(stay)
    if not 0.0 < stay < 1.0:
        raise HarmonyError(f"stay must be in (0, 1), got {stay}")
    trans = model.transition[side] + np.log(1.0 - stay)
    np.fill_diagonal(trans, np.log(stay))
    start = model.start[side] if previous is None else trans[int(previous)]
    path, score = viterbi(unary, trans, start)
    if not np.isfinite(score):
        raise HarmonyError("no chord sequence fits this melody under the style's chord weights")
    cadences = tuple((e, _cadence_kind(path, e, tonic_chord, dominants, subdominants)) for e, _ in plan)
    return Harmony(path, onsets, lengths, int(tonic), mode, cadences, score)


def _split_last_slot(onsets: np.ndarray, lengths: np.ndarray, strong: np.ndarray,
                     bar_ticks: int) -> tuple[np.ndarray, np.ndarray]:
    """Split the last slot at its last strong beat inside it (4/4: beat 3), if it has one.

    The first part keeps the section's cadence, the second prepares the next key. A slot
    with no strong beat inside it (3/4 at one chord per bar, or already short) stays whole.
    """
    start, length = int(onsets[-1]), int(lengths[-1])
    bar = start - start % bar_ticks
    inside = [bar + int(t) for t in strong if start < bar + int(t) < start + length]
    if not inside:
        return onsets, lengths
    cut = inside[-1]
    return np.append(onsets, cut), np.append(lengths[:-1], [cut - start, start + length - cut])


def _prepare_key(unary: np.ndarray, fit: np.ndarray, tonic: int, mode: str, next_tonic: int, next_mode: str,
                 chromaticism: float, held: int | None) -> bool:
    """Restrict the last slot of ``unary`` (shape (S, N_CHORDS), in place) to chords that prepare the next key.

    ``held`` is the melody's note (relative to ``tonic``) sounding as the slot begins, or
    None for a rest: only preparing chords that hold it may be chosen (the melody's note
    at a chord change is a chord tone); when none does, the slot is left as it was (the
    section ends on its own cadence and the next key comes directly, a phrase
    modulation), rather than put a chord that clashes with the tune. Pivots keep their score; the new
    key's dominant, which may be chromatic here (a secondary dominant the style would not
    choose), scores its fit to the melody and the chromatic weight, plus
    ``DOMINANT_BONUS``: a half cadence in the new key.
    """
    allowed = preparing_mask(tonic % 12, mode, next_tonic, next_mode)
    if held is not None:
        allowed = allowed & (chord_tone_matrix()[:, held] > 0)
        if not allowed.any():
            return False
    dominant = dominant_mask(tonic % 12, next_tonic)
    dominant &= allowed
    last = np.where(allowed, unary[-1], -np.inf)
    chromatic = float(np.log(max(chromaticism, _FLOOR)))
    last[dominant] = np.maximum(last[dominant], fit[-1, dominant] + chromatic) + DOMINANT_BONUS
    unary[-1] = last
    return True


def _cadence_kind(path: np.ndarray, e: int, tonic_chord: int, dominants: list[int], subdominants: list[int]) -> str:
    last, before = int(path[e]), int(path[e - 1]) if e > 0 else -1
    if last == tonic_chord:
        return "authentic" if before in dominants else "plagal" if before in subdominants else "none"
    if last in dominants:
        return "half"
    if before in dominants and VOCABULARY[last].root in (8, 9):
        return "deceptive"
    return "none"


def harmonise(melody: "Melody | str | os.PathLike[str]", *, model: HarmonyModel | None = None,
              **overrides: object) -> Harmony:
    """Harmonise a ``Melody`` (or a melody file, read by ``composer.harmony.readmelody.read_melody``)
    with the chord parameters its style gave it. Given an ``Arrangement`` (what the film, game
    and hymn styles compose by default) it harmonises the arrangement's melody.

    ``overrides`` replace ``harmonic_rhythm``, ``phrase_bars``, ``chromaticism``,
    ``sevenths`` or ``harmonic_colour`` for this call; ``previous`` names the chord before the melody and
    ``next_key`` the key after it (see ``harmonise_arrays``).

    Examples
    --------
    >>> import composer
    >>> m = composer.compose(valence=0.6, arousal=0.0, bars=4, seed=1)
    >>> h = composer.harmonise(m)
    >>> h.cadences[-1][1] in ("authentic", "plagal", "none")
    True
    """
    if isinstance(melody, (str, os.PathLike)):
        from composer.harmony.readmelody import read_melody

        melody = read_melody(melody)
    if hasattr(melody, "parts") and hasattr(melody, "melody"):   # an Arrangement: its tune's chords
        melody = melody.melody
    if not hasattr(melody, "pitches") or not hasattr(melody, "parameters"):
        raise HarmonyError(f"harmonise() needs a Melody or a music file, got {type(melody).__name__}")
    p = melody.parameters
    allowed = {"harmonic_rhythm", "phrase_bars", "chromaticism", "sevenths", "harmonic_colour", "previous", "next_key"}
    unknown = sorted(set(overrides) - allowed)
    if unknown:
        raise HarmonyError(f"harmonise() got unknown option(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    opts = {k: overrides.get(k, getattr(p, k, None)) for k in allowed}
    if opts["harmonic_colour"] is None:   # parameters made before harmonic_colour existed
        opts["harmonic_colour"] = 0.0
    return harmonise_arrays(melody.pitches, melody.ticks, tonic=p.tonic, mode=p.mode, meter=p.meter, model=model, **opts)
