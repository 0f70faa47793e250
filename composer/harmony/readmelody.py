"""``read_melody``: a user's melody from a MIDI, MusicXML or ABC file, as a ``Melody`` ready to harmonise.

This is the edge where a file becomes arrays (music21 is imported here and nowhere
below): notes quantised to sixteenth-note ticks, rests in the gaps, the key found by
music21's key analysis, the metre from the first time signature.
"""

from __future__ import annotations

__all__ = ["read_melody", "MIN_KEY_CORRELATION"]

import os
from pathlib import Path

import numpy as np

from composer.affect import Affect
from composer.errors import HarmonyError
from composer.melody import Melody
from composer.rules.parameters import Parameters
from composer.theory.meter import METERS, TICKS_PER_QUARTER
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN

#: Below this correlation with its best key profile (Krumhansl–Schmuckler in music21), a melody is in no clear key.
MIN_KEY_CORRELATION = 0.5


def read_melody(path: str | os.PathLike[str], *, style: str = "default") -> Melody:
    """Read a monophonic melody from ``path`` (``.mid``, ``.musicxml``/``.xml``/``.mxl``, ``.abc``).

    Parameters
    ----------
    path : str or path-like
        The file; it is only read, never changed.
    style : str
        Recorded in the result's ``style`` (the harmony parameters keep their defaults).

    Returns
    -------
    Melody
        ``pitches``/``ticks`` with rests (-1) in gaps, padded with a rest to a whole bar;
        parameters from the file (tempo, metre, key and mode as ``ionian`` or ``aeolian``)
        and from its notes (register, range, density).

    Raises
    ------
    HarmonyError
        If the file is missing or corrupt, has no notes, is not monophonic (names the bar),
        has a metre composer does not know, or is in no clear key.
    """
    import music21

    from composer.models.music_files import parse_music_file

    p = Path(path)
    score = parse_music_file(p, error=lambda m: HarmonyError(f"cannot read melody: {m}"), what="melody")
    flat = score.flatten()
    ts = flat.getElementsByClass(music21.meter.TimeSignature)
    meter = ts[0].ratioString if len(ts) else "4/4"
    if meter not in METERS:
        raise HarmonyError(f"melody {str(p)!r} is in {meter}; composer knows the metres {', '.join(METERS)}")
    bar_ticks = METERS[meter].bar_ticks
    marks = flat.getElementsByClass(music21.tempo.MetronomeMark)
    tempo = float(marks[0].getQuarterBPM()) if len(marks) and marks[0].number else 100.0
    events: list[tuple[int, int, int]] = []
    for n in flat.notes:
        on = int(round(float(n.offset) * TICKS_PER_QUARTER))
        length = max(1, int(round(float(n.quarterLength) * TICKS_PER_QUARTER)))
        if len(n.pitches) != 1:
            raise HarmonyError(f"melody {str(p)!r} is not monophonic: a chord of {len(n.pitches)} notes at bar "
                               f"{on // bar_ticks + 1}; give one line (one note at a time)")
        if n.duration.isGrace or float(n.quarterLength) == 0:
            continue
        events.append((on, length, int(n.pitches[0].midi)))
    if not events:
        raise HarmonyError(f"melody {str(p)!r} has no notes")
    events.sort()
    pitches: list[int] = []
    ticks: list[int] = []
    t = 0
    for on, length, midi in events:
        if on < t:
            raise HarmonyError(f"melody {str(p)!r} is not monophonic: two notes sound together at bar "
                               f"{on // bar_ticks + 1}; give one line (one note at a time)")
        if on > t:
            pitches.append(-1)
            ticks.append(on - t)
        pitches.append(midi)
        ticks.append(length)
        t = on + length
    if t % bar_ticks:
        pitches.append(-1)
        ticks.append(bar_ticks - t % bar_ticks)
    key = score.analyze("key")
    if key.correlationCoefficient < MIN_KEY_CORRELATION:
        raise HarmonyError(f"melody {str(p)!r} is in no clear key (best: {key.tonic.name} {key.mode}, correlation "
                           f"{key.correlationCoefficient:.2f} < {MIN_KEY_CORRELATION})")
    sounding = np.array([e[2] for e in events])
    seconds = sum(ticks) / TICKS_PER_QUARTER * 60.0 / tempo
    leaps = np.abs(np.diff(sounding)) if len(sounding) > 1 else np.array([2])
    params = Parameters(
        tempo=float(np.clip(round(tempo), TEMPO_MIN, TEMPO_MAX)), meter=meter, mode="ionian" if key.mode == "major" else "aeolian",
        tonic=int(key.tonic.pitchClass), register=float(np.clip(sounding.mean(), 36, 96)),
        range=int(np.clip(np.ptp(sounding), 5, 34)), density=float(np.clip(len(events) / seconds, 0.5, 10)),
        velocity=80, articulation="normal", max_leap=int(np.clip(leaps.max(), 1, 24)), rests=0.5)
    arr_p = np.array(pitches, dtype=np.int64)
    vel = np.where(arr_p >= 0, 80, 0)
    return Melody(arr_p, np.array(ticks, dtype=np.int64), vel, params, Affect(0.0, 0.0), style=style)
