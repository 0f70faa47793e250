"""Voice leading of the hymn style's four-part chorale arrangements, counted over the valence/arousal square.

Run from the repository root::

    python benchmarks/voice_leading.py [--grid 5] [--seeds 2] [--style hymn]

For each arrangement (8 bars, ``accompaniment="chorale"``) the four voices are read at
every chord change, just before and at it (soprano: the melody note sounding there;
tenor, alto and bass: the voicing searches' output, held through each chord) and
counted:

* parallel fifths and octaves between the outer voices (soprano and bass; a hard rule
  of the bass search, so 0 is expected) and between every other pair (a cost only);
* leading tones in the tenor or alto on a dominant (root V) chord followed by the tonic
  chord, and how many of them rise to the tonic;
* voice crossings (tenor above alto, alto above the soprano, bass above the tenor) and
  upper voices more than an octave apart.

Printed as totals with the number of chord changes, against the same counts for a
reference voicing in the same run: each chord's tones in close position nearest the
middle of each voice's range, chosen slot by slot without looking at the previous chord.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import composer  # noqa: E402
from composer.arrange.voiceleading import is_parallel, sounding  # noqa: E402
from composer.arrange.voicing import ALTO_RANGE, TENOR_RANGE, bass_line, chorale_voices  # noqa: E402
from composer.harmony.chords import VOCABULARY  # noqa: E402
from composer.theory.meter import get_meter  # noqa: E402


def reference_voices(h, bass) -> np.ndarray:
    out = []
    for s in range(len(h.chords)):
        pcs = h.pitch_classes(s)
        t = min((p for p in range(TENOR_RANGE[0], TENOR_RANGE[1] + 1) if p % 12 in pcs),
                key=lambda p: abs(p - sum(TENOR_RANGE) / 2))
        a = min((p for p in range(max(t, ALTO_RANGE[0]), ALTO_RANGE[1] + 1) if p % 12 in pcs),
                key=lambda p: abs(p - sum(ALTO_RANGE) / 2))
        out.append((t, a))
    return np.array(out)


def count(h, sop, sop_before, bass, inner) -> dict[str, int]:
    c = dict.fromkeys(["changes", "outer parallels", "other parallels", "leading tones V-I", "resolved",
                       "crossings", "spacing > octave"], 0)
    for s in range(len(h.chords)):
        voices = (int(bass[s]), int(inner[s, 0]), int(inner[s, 1]), int(sop[s]))
        if sop[s] >= 0:
            c["crossings"] += (voices[1] > voices[2]) + (voices[2] > voices[3]) + (voices[0] > voices[1])
            c["spacing > octave"] += (voices[3] - voices[2] > 12) + (voices[2] - voices[1] > 12)
        if s == 0:
            continue
        c["changes"] += 1
        # the voices just before the change: the lower three held since the last chord, the melody's last note
        prev = (int(bass[s - 1]), int(inner[s - 1, 0]), int(inner[s - 1, 1]), int(sop_before[s]))
        for i, j in combinations(range(4), 2):
            if is_parallel(prev[j], voices[j], prev[i], voices[i]):
                c["outer parallels" if (i, j) == (0, 3) else "other parallels"] += 1
        if VOCABULARY[int(h.chords[s - 1])].root == 7 and VOCABULARY[int(h.chords[s])].root == 0:
            for v in (1, 2):
                if (prev[v] - h.tonic) % 12 == 11:
                    c["leading tones V-I"] += 1
                    c["resolved"] += voices[v] == prev[v] + 1
    return c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--style", default="hymn")
    ap.add_argument("--grid", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=2)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    totals = {"composer": {}, "reference": {}}
    n = 0
    for v in np.linspace(-0.9, 0.9, args.grid):
        for a in np.linspace(-0.9, 0.9, args.grid):
            for seed in range(args.seeds):
                m = composer.compose(valence=float(v), arousal=float(a), bars=8, style=args.style, seed=seed, arrange=False)
                h = composer.harmonise(m)
                bar = get_meter(m.parameters.meter).bar_ticks
                line = (m.pitches, m.ticks)
                bass = bass_line(h, line, bar_ticks=bar)
                sop = sounding(m.pitches, m.ticks, h.onsets)
                sop_before = sounding(m.pitches, m.ticks, np.maximum(h.onsets - 1, 0))
                for name, inner in (("composer", chorale_voices(h, line, bass, bar_ticks=bar)),
                                    ("reference", reference_voices(h, bass))):
                    for k, x in count(h, sop, sop_before, bass, inner).items():
                        totals[name][k] = totals[name].get(k, 0) + x
                n += 1
    print(f"# chorale voice leading: {platform.node()} ({platform.machine()}), python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; style {args.style}, {n} arrangements of 8 bars, "
          f"{time.perf_counter() - t0:.0f} s")
    keys = list(totals["composer"])
    print(f"{'':12s}" + "".join(f"{k:>20s}" for k in keys))
    for name, row in totals.items():
        print(f"{name:12s}" + "".join(f"{row[k]:>20d}" for k in keys))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
