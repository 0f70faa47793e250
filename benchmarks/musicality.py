"""Musicality: rhythm, form and contour of composed melodies beside real tunes and baselines.

Run from the repository root::

    OMP_NUM_THREADS=1 python benchmarks/musicality.py [--melodies 100] [--reference 200] [--styles all]

Every set is cut to 16 bars (4-bar phrases) and measured the same way, in one run:

* composer: ``--melodies`` 16-bar melodies of the default style on a grid over the
  valence/arousal square (seed 0 at each point), and a quarter as many for each other
  shipped style (``--styles``);
* O'Neill: the first ``--reference`` tunes of O'Neill's 1850 collection (music21) with
  at least 16 full bars in one metre, anacrusis dropped (the public-domain corpus the
  shipped models learn from);
* Essen: the first ``--reference`` songs of the kinder and fink files (music21) with at
  least 8 full bars in one metre (evaluation only: research licence);
* Markov-2: an order-2 Markov chain over (interval, length) tokens trained on the O'Neill
  tunes *not* in the reference set, sampled to 16 bars of 4/4 (seeded);
* random walk: steps of -2..+2 degrees of C major with lengths drawn from those tunes'
  length distribution, 16 bars of 4/4 (seeded).

The features (``composer.analysis.form``: how each is computed is in its docstring) are
printed as medians per set (``bar5_repeat`` as the share of melodies). Yang–Lerch overlapping areas (``composer.analysis.overlap``)
compare each set with the O'Neill reference; O'Neill's own figure splits the reference
in two interleaved halves (one half's distances to the other against the other's intra-set ones).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer import compose  # noqa: E402
from composer.analysis import (  # noqa: E402
    FEATURE_NAMES, YL_FEATURES, Line, features, line_from_events, line_from_melody, overlaps, yl_features,
)
from composer.models.corpus import music21_corpus_files  # noqa: E402
from composer.models.events import EVENT_TICKS_PER_QUARTER as EVENT_TPQ, load_event_corpus, read_event_file  # noqa: E402

BARS = 16
STYLES = ("default", "film", "folk", "game", "hymn")


def _cut_lines(melodies, min_bars: int) -> list[tuple[Line, int]]:
    out = []
    for m in melodies:
        line = line_from_events(m, EVENT_TPQ)
        if line is None or line.bars < min_bars + 1 or np.any(line.duration % line.slot):
            continue  # fewer full bars than asked (the last bar may be partial), or tuplets off the grid
        out.append((line.cut(min(BARS, line.bars - 1)), int(m.tonic)))
    return out


def oneill(n: int) -> tuple[list[tuple[Line, int]], list[tuple[Line, int]]]:
    """(reference, training rest) lines of O'Neill's 1850 collection."""
    mels = []
    for f in music21_corpus_files("oneills1850"):
        mels.extend(read_event_file(f)[0])
    lines = _cut_lines(mels, BARS)
    return lines[:n], lines[n:]


def essen(n: int) -> list[tuple[Line, int]]:
    kinder = _cut_lines(load_event_corpus("kinder"), 8)
    fink = _cut_lines(load_event_corpus("fink"), 8)
    return (kinder[: n // 2] + fink)[:n]


def composed(style: str, n: int) -> list[tuple[Line, int]]:
    k = max(2, int(round(np.sqrt(n))))
    axis = np.linspace(-0.9, 0.9, k)
    out = []
    for v in axis:
        for a in axis:
            m = compose(valence=float(v), arousal=float(a), bars=BARS, style=style, seed=0, arrange=False)
            out.append((line_from_melody(m), int(m.parameters.tonic)))
    return out


def _sixteenths(lines: list[tuple[Line, int]]) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.concatenate([ln.duration // ln.slot for ln, _ in lines])
    values, counts = np.unique(lengths, return_counts=True)
    return values, counts / counts.sum()


def markov2(train: list[tuple[Line, int]], n: int, seed: int = 0) -> list[tuple[Line, int]]:
    """Order-2 Markov chain over (interval, length in sixteenths) tokens, sampled to 16 bars of 4/4."""
    table: dict[tuple, dict[tuple, int]] = {}
    starts = []
    for ln, _ in train:
        toks = [(int(i), int(d)) for i, d in zip(np.diff(ln.midi), ln.duration[1:] // ln.slot)]
        if len(toks) < 3:
            continue
        starts.append((toks[0], toks[1]))
        for a, b, c in zip(toks, toks[1:], toks[2:]):
            table.setdefault((a, b), {}).setdefault(c, 0)
            table[(a, b)][c] += 1
    rng = np.random.default_rng(seed)
    out = []
    while len(out) < n:
        ctx = starts[rng.integers(len(starts))]
        pitch, t = 67, 0
        midi, onset, dur = [pitch], [0], [4]
        t = 4
        toks = list(ctx)
        for tok in toks:
            pitch += tok[0]
            midi.append(pitch); onset.append(t); dur.append(tok[1]); t += tok[1]
        while t < BARS * 16:
            nxt = table.get(tuple(toks[-2:]))
            if not nxt:
                break
            keys = list(nxt)
            p = np.array([nxt[k] for k in keys], float)
            tok = keys[rng.choice(len(keys), p=p / p.sum())]
            toks.append(tok)
            pitch += tok[0]
            midi.append(pitch); onset.append(t); dur.append(tok[1]); t += tok[1]
        if t >= BARS * 16 and 40 <= min(midi) and max(midi) <= 96:
            out.append((Line(midi, onset, dur, 16).cut(BARS), 7))
    return out


def random_walk(train: list[tuple[Line, int]], n: int, seed: int = 0) -> list[tuple[Line, int]]:
    """Steps of -2..+2 degrees of C major from C5, lengths drawn from the corpus's distribution."""
    scale = np.array([0, 2, 4, 5, 7, 9, 11])
    values, probs = _sixteenths(train)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        degree, t = 14, 0
        midi, onset, dur = [], [], []
        while t < BARS * 16:
            d = int(rng.choice(values, p=probs))
            midi.append(int(48 + 12 * (degree // 7) + scale[degree % 7])); onset.append(t); dur.append(d)
            t += d
            degree = int(np.clip(degree + rng.integers(-2, 3), 7, 24))
        out.append((Line(midi, onset, dur, 16).cut(BARS), 0))
    return out


def medians(lines: list[tuple[Line, int]]) -> dict[str, float]:
    """Median of each feature over the set; ``bar5_repeat`` (0 or 1 per melody) as the share of melodies."""
    rows = [features(ln) for ln, _ in lines]
    return {k: float((np.nanmean if k == "bar5_repeat" else np.nanmedian)([r[k] for r in rows]))
            for k in FEATURE_NAMES}


def yl(lines: list[tuple[Line, int]]) -> list[dict]:
    return [yl_features(ln, t) for ln, t in lines]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--melodies", type=int, default=100, help="default-style melodies (a grid over the square)")
    ap.add_argument("--reference", type=int, default=200, help="tunes per real corpus")
    ap.add_argument("--styles", default="all", help="other styles to measure: comma-separated, 'all' or 'none'")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    ref, rest = oneill(args.reference)
    sets = {
        "composer default": composed("default", args.melodies),
        "O'Neill": ref,
        "Essen": essen(args.reference),
        "Markov-2": markov2(rest, args.melodies),
        "random walk": random_walk(rest, args.melodies),
    }
    others = [] if args.styles == "none" else [s for s in (STYLES if args.styles == "all" else args.styles.split(","))
                                               if s != "default"]
    for s in others:
        sets[f"composer {s}"] = composed(s, max(4, args.melodies // 4))
    print(f"Musicality, {BARS} bars, 4-bar phrases; sets: "
          + ", ".join(f"{k} {len(v)}" for k, v in sets.items()) + f" (read and composed in {time.perf_counter() - t0:.0f} s)\n")
    meds = {k: medians(v) for k, v in sets.items()}
    print("| feature | " + " | ".join(sets) + " |")
    print("|---|" + "---:|" * len(sets))
    for f in FEATURE_NAMES:
        print(f"| {f} | " + " | ".join(f"{meds[k][f]:.2f}" for k in sets) + " |")
    ref_yl = yl(ref)
    # interleaved halves: the collection is ordered by tune type (airs, jigs, reels ...)
    areas = {"O'Neill": overlaps(ref_yl[0::2], ref_yl[1::2])}
    for k, v in sets.items():
        if k != "O'Neill":
            areas[k] = overlaps(yl(v), ref_yl)
    print("\nYang–Lerch overlapping area against O'Neill (O'Neill: two interleaved halves)\n")
    print("| feature | " + " | ".join(areas) + " |")
    print("|---|" + "---:|" * len(areas))
    for f in YL_FEATURES:
        print(f"| {f} | " + " | ".join(f"{areas[k][f]:.2f}" for k in areas) + " |")
    print("| **mean** | " + " | ".join(f"**{np.mean(list(areas[k].values())):.2f}**" for k in areas) + " |")
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
