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

Cues (per melody): those of ``composer.analysis`` (its module ``cues`` says how each is
computed), read from the music21 score ``Melody.to_stream`` writes.
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
from composer.analysis import CUE_DIRECTIONS, measure_cues, pearson, spearman, within_spearman  # noqa: E402

#: Smallest |Spearman rho| (mean within levels of the other axis) that counts as the cue moving.
MIN_RHO = 0.2

#: cue -> (expected direction with valence, with arousal): the cue table, as composer.analysis states it.
EXPECTED = CUE_DIRECTIONS


def measure(m) -> dict[str, float]:
    """Return the cues of one ``Melody`` as written (its music21 score), through ``composer.analysis``."""
    return measure_cues(m.to_stream())


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
        wv = within_spearman(data["valence"], data["arousal"], x)
        wa = within_spearman(data["arousal"], data["valence"], x)
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
