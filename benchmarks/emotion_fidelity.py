"""Emotion fidelity: cues measured from the written melodies move with the target valence and arousal.

Run from the repository root::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/emotion_fidelity.py [--styles default,film] [--grid 7] [--seeds 4]

Composes 8-bar melodies over a grid of the valence/arousal square (``--grid`` points per
axis from -0.9 to 0.9, ``--seeds`` seeds each), reads the cues back from what was written
(the music21 score ``Melody.to_stream`` writes: its metronome mark and staccato marks; the
melody's pitches, lengths and velocities) and prints, per style and cue, the Spearman
and Pearson correlations with valence and with arousal, the direction the cue table of
DESIGN.md (Gabrielsson & Lindström 2010; Eerola, Friberg & Bresin 2013) expects, and
whether the measured direction matches it. The verdict reads the correlation with one
axis with the other held fixed (the mean Spearman rho within each level of the other
axis), so that a small cue (tempo with valence) is not drowned by a large one (tempo with
arousal): it matches when that rho is >= ``MIN_RHO`` with the right sign where a direction
is expected, and below ``MIN_RHO`` in size where the table says "little effect".

Cues (per melody):

* tempo: quarter notes per minute of the score's metronome mark;
* register: mean MIDI pitch of the notes;
* range: highest minus lowest note (semitones);
* interval: mean absolute interval between successive notes, rests skipped (semitones);
* leaps: share of those intervals of 5 semitones or more;
* notes/s: notes per second at the written tempo;
* velocity: mean MIDI velocity of the notes;
* staccato: share of notes carrying a staccato mark in the score;
* mode brightness: rank of the written mode in ``composer.theory.MODE_BRIGHTNESS``
  (brightest highest), and third: share of the notes on a third above the final tonic
  that are major thirds (the mode as it sounds).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from music21 import articulations, tempo  # noqa: E402

from composer import compose  # noqa: E402
from composer.theory import MODE_BRIGHTNESS  # noqa: E402
from composer.theory.meter import TICKS_PER_QUARTER  # noqa: E402

#: Smallest |Spearman rho| (mean within levels of the other axis) that counts as the cue moving.
MIN_RHO = 0.2
#: Leaps: intervals of this many semitones or more.
LEAP = 5

#: cue -> (expected direction with valence, with arousal): +1 rises, -1 falls, 0 little effect, None not stated.
EXPECTED: dict[str, tuple[int | None, int | None]] = {
    "tempo": (+1, +1),
    "register": (+1, 0),
    "range": (None, +1),
    "interval": (None, +1),
    "leaps": (None, +1),
    "notes/s": (+1, +1),
    "velocity": (-1, +1),
    "staccato": (+1, +1),
    "brightness": (+1, None),
    "third": (+1, None),
}


def measure(m) -> dict[str, float]:
    """Return the cues of one ``Melody`` as written (see the module docstring)."""
    score = m.to_stream()
    marks = list(score.recurse().getElementsByClass(tempo.MetronomeMark))
    bpm = float(marks[0].getQuarterBPM())
    notes = list(score.recurse().notes)
    staccato = np.mean([any(isinstance(a, articulations.Staccato) for a in n.articulations) for n in notes])
    sounding = m.pitches >= 0
    p = m.pitches[sounding]
    iv = np.abs(np.diff(p))
    seconds = m.ticks.sum() / TICKS_PER_QUARTER * 60.0 / bpm
    rel = (p - p[-1]) % 12
    thirds = rel[(rel == 3) | (rel == 4)]
    return {
        "tempo": bpm,
        "register": float(p.mean()),
        "range": float(p.max() - p.min()),
        "interval": float(iv.mean()) if iv.size else 0.0,
        "leaps": float(np.mean(iv >= LEAP)) if iv.size else 0.0,
        "notes/s": float(p.size / seconds),
        "velocity": float(m.velocities[sounding].mean()),
        "staccato": float(staccato),
        "brightness": float(len(MODE_BRIGHTNESS) - MODE_BRIGHTNESS.index(m.parameters.mode)),
        "third": float(np.mean(thirds == 4)) if thirds.size else np.nan,
    }


def _ranks(x: np.ndarray) -> np.ndarray:
    # Ranks from 1, ties given their average rank.
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation (nan where either is constant); nan entries dropped."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (Pearson of average ranks); nan entries dropped."""
    ok = np.isfinite(x) & np.isfinite(y)
    return pearson(_ranks(x[ok]), _ranks(y[ok]))


def within(axis: np.ndarray, other: np.ndarray, x: np.ndarray) -> float:
    """Mean Spearman rho of ``x`` with ``axis`` within each level of ``other`` (the other axis held fixed)."""
    rhos = [spearman(axis[other == o], x[other == o]) for o in np.unique(other)]
    rhos = [r for r in rhos if np.isfinite(r)]
    return float(np.mean(rhos)) if rhos else float("nan")


def verdict(rho: float, expected: int | None) -> str:
    """'yes' / 'NO' / '-' for a measured rho against an expected direction."""
    if expected is None:
        return "-"
    if not np.isfinite(rho):
        return "NO (flat)" if expected else "yes"
    if expected == 0:
        return "yes" if abs(rho) < MIN_RHO else "NO"
    return "yes" if rho * expected >= MIN_RHO else "NO"


def run_style(style: str, grid: int, seeds: int, bars: int) -> dict[str, np.ndarray]:
    """Compose and measure the grid for one style; return arrays per cue, plus 'valence' and 'arousal'."""
    axis = np.linspace(-0.9, 0.9, grid)
    rows = []
    for v in axis:
        for a in axis:
            for s in range(seeds):
                m = compose(valence=float(v), arousal=float(a), bars=bars, style=style, seed=s)
                rows.append({"valence": float(v), "arousal": float(a), **measure(m)})
    return {k: np.array([r[k] for r in rows]) for k in rows[0]}


def report(style: str, data: dict[str, np.ndarray]) -> None:
    """Print the correlation table and the range/interval by arousal."""
    print(f"\n### style {style}: {len(data['valence'])} melodies\n")
    print("| cue | rho valence | r valence | rho valence, arousal fixed | expected | match "
          "| rho arousal | r arousal | rho arousal, valence fixed | expected | match |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    sign = {1: "+", -1: "−", 0: "≈0", None: "—"}
    for cue, (ev, ea) in EXPECTED.items():
        x = data[cue]
        rv, pv = spearman(data["valence"], x), pearson(data["valence"], x)
        ra, pa = spearman(data["arousal"], x), pearson(data["arousal"], x)
        wv, wa = within(data["valence"], data["arousal"], x), within(data["arousal"], data["valence"], x)
        print(f"| {cue} | {rv:+.2f} | {pv:+.2f} | {wv:+.2f} | {sign[ev]} | {verdict(wv, ev)} "
              f"| {ra:+.2f} | {pa:+.2f} | {wa:+.2f} | {sign[ea]} | {verdict(wa, ea)} |")
    print("\nMeans by arousal (all valences and seeds):\n")
    print("| arousal | range (st) | interval (st) | leaps | notes/s | tempo |")
    print("|---|---|---|---|---|---|")
    for a in np.unique(data["arousal"]):
        sel = data["arousal"] == a
        print(f"| {a:+.2f} | {data['range'][sel].mean():.1f} | {data['interval'][sel].mean():.2f} "
              f"| {data['leaps'][sel].mean():.2f} | {data['notes/s'][sel].mean():.2f} | {data['tempo'][sel].mean():.0f} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--styles", default="default", help="comma-separated style names (or 'all')")
    ap.add_argument("--grid", type=int, default=5, help="points per axis from -0.9 to 0.9")
    ap.add_argument("--seeds", type=int, default=4, help="seeds per grid point")
    ap.add_argument("--bars", type=int, default=8)
    args = ap.parse_args(argv)
    styles = ["default", "film", "folk", "game", "hymn"] if args.styles == "all" else args.styles.split(",")
    print(f"Emotion fidelity: {args.grid} x {args.grid} grid on [-0.9, 0.9]^2, {args.seeds} seeds, {args.bars} bars; "
          f"a direction matches when the Spearman rho with the other axis fixed is >= {MIN_RHO} "
          f"with the expected sign (|rho| < {MIN_RHO} for ≈0).")
    for style in styles:
        t0 = time.perf_counter()
        data = run_style(style, args.grid, args.seeds, args.bars)
        report(style, data)
        print(f"\n({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
