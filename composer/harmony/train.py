"""Learn chord statistics from the Bach chorales bundled with music21 (public domain).

Each chorale is read once: its key (music21's key analysis), then at every beat
the sounding pitch classes of all four voices (``chordify``), classified into the
vocabulary of ``composer.harmony.chords``, and the soprano's pitch class. Counted:

- ``transitions``: float64, shape (2, N_CHORDS, N_CHORDS), chord-to-chord counts
  from one beat's chord to the next's (repeats included), ``[0]`` for major keys,
  ``[1]`` for minor keys;
- ``emissions``: float64, shape (2, N_CHORDS, 12), counts of the soprano's
  key-relative pitch class under each chord;
- ``starts``: float64, shape (2, N_CHORDS), counts of each chorale's first chord.

``python -m composer.harmony.train`` writes ``corpora/harmony_bach.npz``.
"""

from __future__ import annotations

__all__ = ["chorale_events", "count_chorales", "main"]

import sys
from pathlib import Path

import numpy as np

from composer.harmony.chords import N_CHORDS, classify_pitch_classes


def chorale_events(score) -> tuple[int, list[tuple[int, int]]]:
    """Return ``(minor, [(chord index, soprano key-relative pitch class), ...])`` for one music21 chorale.

    Beats whose sonority spells no vocabulary chord are skipped.
    """
    key = score.analyze("key")
    tonic = key.tonic.pitchClass
    minor = int(key.mode == "minor")
    soprano = score.parts[0].flatten().notes
    chords = score.chordify().flatten().getElementsByClass("Chord")
    out: list[tuple[int, int]] = []
    for ch in chords:
        if float(ch.offset) != int(ch.offset):  # beats only
            continue
        pcs = {(p.pitchClass - tonic) % 12 for p in ch.pitches}
        idx = classify_pitch_classes(pcs, bass=(ch.bass().pitchClass - tonic) % 12)
        top = soprano.getElementsByOffset(ch.offset, mustBeginInSpan=False, includeElementsThatEndAtStart=False)
        if idx is None or not len(top) or not hasattr(top[0], "pitch"):
            continue
        out.append((idx, (top[0].pitch.pitchClass - tonic) % 12))
    return minor, out


def count_chorales(limit: int | None = None) -> dict[str, np.ndarray]:
    """Count transitions, emissions and starts over the bundled chorales (``limit`` of them if given)."""
    from music21 import corpus

    trans = np.zeros((2, N_CHORDS, N_CHORDS))
    emit = np.zeros((2, N_CHORDS, 12))
    starts = np.zeros((2, N_CHORDS))
    paths = sorted(str(p) for p in corpus.getComposer("bach") if str(p).endswith((".mxl", ".xml", ".krn")))
    seen = 0
    for path in paths[:limit]:
        try:
            score = corpus.parse(path)
        except Exception:  # a file music21 cannot read is left out, as the corpus reader does
            continue
        if len(score.parts) != 4:
            continue
        minor, events = chorale_events(score)
        if len(events) < 2:
            continue
        seen += 1
        starts[minor, events[0][0]] += 1
        for (a, _), (b, _) in zip(events, events[1:]):
            trans[minor, a, b] += 1
        for c, s in events:
            emit[minor, c, s] += 1
    return {"transitions": trans, "emissions": emit, "starts": starts, "chorales": np.array(seen)}


def main(argv: list[str] | None = None) -> int:
    """Write the counts to the path given (default ``corpora/harmony_bach.npz``)."""
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "corpora" / "harmony_bach.npz"
    counts = count_chorales()
    np.savez_compressed(out, **counts)
    print(f"{int(counts['chorales'])} chorales -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
