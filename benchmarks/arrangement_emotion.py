"""Emotion read back from arranged output (all parts): do harmony and accompaniment move with the emotion?

Run from the repository root::

    OMP_NUM_THREADS=1 python benchmarks/arrangement_emotion.py [--style default] [--grid 5] [--seeds 2]

Composes 8-bar melodies over a grid of the valence/arousal square (``--grid`` points per
axis from -0.9 to 0.9, ``--seeds`` seeds each), arranges each (``compose(...,
arrange=True)``), writes it as MIDI, reads the file back with music21 and measures, from
all parts together (``chordify`` at every beat):

* major triads: of the beats whose sounding pitch classes spell a major or minor triad
  (or a seventh chord built on one), the share that are major;
* dissonant beats: share of beats whose sounding pitch classes hold a minor second, a
  tritone or a major seventh (as interval classes 1 and 6);
* chromatic: share of sounding notes outside the written key's scale (the key read
  back from the file's key signature and the melody's mode);
* accompaniment notes/s: onsets per second of the parts other than the melody.

* key major: whether music21's key finding (Krumhansl-Schmuckler) calls the piece
  major, from all parts and, as the reference, from the melody's part alone.

It prints Spearman's rho of each cue with valence and with arousal. The test of "mode and
harmony together" is the key found from all parts against the key found from the melody
alone; the major-third share of the melody (of its notes a third above the tonic, the
share that are major) is printed too.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import composer  # noqa: E402
from composer.theory.scales import scale_pitch_classes  # noqa: E402


def _ranks(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    for v in np.unique(x):            # ties share their mean rank
        r[x == v] = r[x == v].mean()
    return r


def spearman(x, y) -> float:
    a, b = _ranks(np.asarray(x, float)), _ranks(np.asarray(y, float))
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def measure(path: Path, arrangement) -> dict[str, float]:
    from music21 import converter

    score = converter.parse(str(path))
    p = arrangement.parameters
    scale = scale_pitch_classes(p.tonic, p.mode)
    major = minor = dissonant = beats = 0
    chordified = score.chordify().flatten().getElementsByClass("Chord")
    for ch in chordified:
        if float(ch.offset) != int(ch.offset):
            continue
        pcs = {x.pitchClass for x in ch.pitches}
        beats += 1
        ivs = {min((a - b) % 12, (b - a) % 12) for a in pcs for b in pcs if a != b}
        dissonant += bool(ivs & {1, 6})
        for root in pcs:
            if {(root + 4) % 12, (root + 7) % 12} <= pcs:
                major += 1
                break
            if {(root + 3) % 12, (root + 7) % 12} <= pcs:
                minor += 1
                break
    notes = [n for part in score.parts for n in part.flatten().notes for _ in n.pitches]
    chromatic = np.mean([x.pitchClass not in scale for part in score.parts for n in part.flatten().notes
                         for x in n.pitches])
    seconds = arrangement.melody.seconds
    acc = sum(len(part.pitches) for part in arrangement.parts[1:])
    mel = arrangement.melody.pitches[arrangement.melody.pitches >= 0]
    thirds = [(int(m) - p.tonic) % 12 for m in mel if (int(m) - p.tonic) % 12 in (3, 4)]
    all_key = score.analyze("key")
    mel_key = score.parts[0].analyze("key")
    return {"key major (all parts)": float(all_key.mode == "major"),
            "key major (melody alone)": float(mel_key.mode == "major"),
            "major triads": major / max(major + minor, 1), "dissonant beats": dissonant / max(beats, 1),
            "chromatic": float(chromatic), "accompaniment notes/s": acc / seconds,
            "melody major thirds": (np.mean([t == 4 for t in thirds]) if thirds else 0.5), "_notes": len(notes)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--style", default="default")
    ap.add_argument("--grid", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=2)
    args = ap.parse_args(argv)
    axis = np.linspace(-0.9, 0.9, args.grid)
    rows = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for v in axis:
            for a in axis:
                for seed in range(args.seeds):
                    arr = composer.compose(valence=float(v), arousal=float(a), bars=8, style=args.style, seed=seed,
                                           arrange=True)
                    path = arr.write(Path(tmp) / "a.mid", overwrite=True)
                    rows.append((v, a, measure(path, arr)))
    print(f"# arrangement emotion read-back: {platform.node()} ({platform.machine()}), python "
          f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; style {args.style}, "
          f"{len(rows)} arrangements of 8 bars in {time.perf_counter() - t0:.0f} s")
    val = [r[0] for r in rows]
    aro = [r[1] for r in rows]
    print(f"{'cue (all parts, read from MIDI)':34s}{'rho valence':>12s}{'rho arousal':>12s}{'mean':>8s}")
    for cue in ("key major (all parts)", "key major (melody alone)", "major triads", "dissonant beats", "chromatic",
                "accompaniment notes/s", "melody major thirds"):
        x = [r[2][cue] for r in rows]
        print(f"{cue:34s}{spearman(x, val):12.2f}{spearman(x, aro):12.2f}{np.mean(x):8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
