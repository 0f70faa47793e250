"""Emotion fidelity: cues read back from the written MIDI files move with the target valence and arousal.

Run from the repository root::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/emotion_fidelity.py [--styles all] [--grid 5] [--seeds 4]

For each style, composes 8-bar melodies over a grid of the valence/arousal square
(``--grid`` points per axis from -0.9 to 0.9, ``--seeds`` seeds each), writes each as a
MIDI file (performed note lengths and velocities) and reads the cues back through
``composer.analysis`` (``composer.rules.fidelity.compose_grid``; the module ``cues`` of
``composer.analysis`` says how each cue is computed). It prints, every style side by side:

1. **Per cue and axis**: the mean Spearman rho of the cue with one axis within each level
   of the other axis ("within-slice"), so that a small cue (tempo with valence) is not
   drowned by a large one (tempo with arousal), against the direction the cue table of
   DESIGN.md expects (``composer.analysis.CUE_DIRECTIONS``); ``*`` marks a cue that is
   flat (|rho| < ``MIN_RHO``) or reversed.
2. **A cue judge**: a fixed linear combination of the cues, each standardised (z-score over
   the style's own grid), with the signs of Eerola, Friberg & Bresin (2013, Frontiers in
   Psychology 4:487) and round magnitudes fixed before any measurement (3 for the axis's
   strongest cue in that study, 1 for the others), never tuned on composer's output::

       judged valence = 3 z(brightness) + z(register) + z(tempo) - z(velocity) - z(articulation)
       judged arousal = 3 z(tempo) + z(velocity) - z(articulation)

   (brightness stands for mode; articulation is the performed-length ratio, so ``-``
   means staccato raises the judgement). The table gives the within-slice Spearman of the
   judged valence with the target valence (arousal fixed) and of the judged arousal with
   the target arousal (valence fixed), and the valence sign agreement: the share of
   melodies with a target valence other than 0 whose judged valence has the same sign.
   With ``seeds`` melodies per target level, a within-slice rho cannot reach 1 (the target
   is tied within a level); the ceiling is printed beside it.
With ``--arranged``, each style gets three columns: its melodies alone, the same melodies
arranged (``compose(arrange=True)``) with the cues read back from all parts of the MIDI file
merged into one line, and the same arrangements read parts-aware (``measure_cues(...,
melody_part=0)``: interval, leaps, range and brightness from the melody's part, the rest
from all parts).

3. **Idiom**: what makes each style itself (metres, instruments, modes, mean tempo,
   register, range and leaps), to compare before and after a change to a style.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.analysis import CUE_DIRECTIONS, spearman, within_spearman  # noqa: E402
from composer.rules.fidelity import compose_grid  # noqa: E402

#: Smallest |within-slice rho| that counts as a cue moving.
MIN_RHO = 0.2
SHIPPED = ("default", "film", "folk", "game", "hymn")

#: The cue judge (see the module docstring): cue -> weight of its z-score, per axis.
JUDGE: dict[str, dict[str, float]] = {
    "valence": {"brightness": 3.0, "register": 1.0, "tempo": 1.0, "velocity": -1.0, "articulation": -1.0},
    "arousal": {"tempo": 3.0, "velocity": 1.0, "articulation": -1.0},
}


def judged(cues: dict[str, np.ndarray], axis: str) -> np.ndarray:
    """The judge's ``axis`` value for each melody: shape (n,), from standardised cues."""
    total = np.zeros(len(next(iter(cues.values()))))
    for cue, w in JUDGE[axis].items():
        x = cues[cue]
        sd = x.std()
        total += w * ((x - x.mean()) / sd if sd > 0 else 0.0)
    return total


def ceiling(levels: int, per_level: int) -> float:
    """Largest Spearman rho possible between a target with ``levels`` tied groups of ``per_level`` and any ranking."""
    target = np.repeat(np.arange(levels, dtype=float), per_level)
    return spearman(target, np.arange(levels * per_level, dtype=float))


def run(style: str, grid: int, seeds: int, bars: int, arranged: bool = False, melody_part: int | None = None) -> dict:
    """Compose, write, read back and summarise one style (arranged: cues read from all parts, the melodic
    ones from part ``melody_part`` alone when given)."""
    t0 = time.perf_counter()
    g = compose_grid(style, grid=grid, seeds=seeds, bars=bars, arranged=arranged, melody_part=melody_part)
    v, a = g.points[:, 0], g.points[:, 1]
    rho = {(cue, ax): within_spearman(*(v, a) if ax == "valence" else (a, v), g.cues[cue])
           for cue in CUE_DIRECTIONS for ax in ("valence", "arousal")}
    jv, ja = judged(g.cues, "valence"), judged(g.cues, "arousal")
    nz = v != 0
    p = g.parameters
    return {
        "rho": rho,
        "judge_valence": within_spearman(v, a, jv),
        "judge_arousal": within_spearman(a, v, ja),
        "sign": float(np.mean(np.sign(jv[nz]) == np.sign(v[nz]))),
        "meters": Counter(x.meter for x in p),
        "instruments": Counter(x.instrument for x in p),
        "modes": Counter(x.mode for x in p),
        "tempo": float(g.cues["tempo"].mean()),
        "register": float(g.cues["register"].mean()),
        "range": float(g.cues["range"].mean()),
        "leaps": float(g.cues["leaps"].mean()),
        "seconds": time.perf_counter() - t0,
        "n": len(v),
    }


def _mark(rho: float, expected: int | None) -> str:
    if expected is None:
        return f"{rho:+.2f}" if np.isfinite(rho) else "nan"
    if not np.isfinite(rho):
        return "flat*" if expected else "flat"
    bad = (abs(rho) >= 0.5) if expected == 0 else (rho * expected < MIN_RHO)
    return f"{rho:+.2f}{'*' if bad else ''}"


def _top(c: Counter) -> str:
    n = sum(c.values())
    return ", ".join(f"{k} {100 * m / n:.0f}%" for k, m in c.most_common())


def report(results: dict[str, dict], grid: int, seeds: int) -> None:
    """Print the three tables for all styles side by side."""
    styles = list(results)
    head = "| " + " | ".join(styles) + " |"
    sep = "|---" * (len(styles) + 2) + "|"
    sign = {1: "+", -1: "−", 0: "≈0", None: "—"}
    print("\n#### Per cue: within-slice Spearman rho (`*`: flat or reversed against the cue table)\n")
    print("| cue, axis (expected) " + head)
    print(sep)
    for cue, dirs in CUE_DIRECTIONS.items():
        for ax, exp in zip(("valence", "arousal"), dirs):
            if exp is None:
                continue
            print(f"| {cue}, {ax} ({sign[exp]}) | " + " | ".join(_mark(results[s]["rho"][(cue, ax)], exp) for s in styles) + " |")
    print(f"\n#### Cue judge (Eerola et al. 2013 signs; ceiling of a within-slice rho with {seeds} "
          f"seeds per level: {ceiling(grid, seeds):.3f})\n")
    print("| figure " + head)
    print(sep)
    for key, label in (("judge_valence", "valence rho, arousal fixed"), ("judge_arousal", "arousal rho, valence fixed"),
                       ("sign", "valence sign agreement")):
        print(f"| {label} | " + " | ".join(f"{results[s][key]:.3f}" for s in styles) + " |")
    print("\n#### Idiom\n")
    print("| figure " + head)
    print(sep)
    for key in ("meters", "instruments", "modes"):
        print(f"| {key} | " + " | ".join(_top(results[s][key]) for s in styles) + " |")
    for key, f in (("tempo", ".0f"), ("register", ".1f"), ("range", ".1f"), ("leaps", ".2f")):
        print(f"| mean {key} | " + " | ".join(format(results[s][key], f) for s in styles) + " |")
    print("| seconds | " + " | ".join(f"{results[s]['seconds']:.1f}" for s in styles) + " |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--styles", default="all", help="comma-separated style names, or 'all' (the shipped styles)")
    ap.add_argument("--grid", type=int, default=5, help="points per axis from -0.9 to 0.9")
    ap.add_argument("--seeds", type=int, default=4, help="seeds per grid point")
    ap.add_argument("--bars", type=int, default=8)
    ap.add_argument("--arranged", action="store_true",
                    help="per style three columns: the melody alone, the arrangement read back from all parts "
                         "merged, and from all parts with the melodic cues read from the melody's part")
    args = ap.parse_args(argv)
    styles = list(SHIPPED) if args.styles == "all" else args.styles.split(",")
    print(f"Emotion fidelity: {args.grid} x {args.grid} grid on [-0.9, 0.9]^2, {args.seeds} seeds, {args.bars} bars, "
          "cues read back from the written MIDI files.")
    if args.arranged:
        columns = (("melody", False, None), ("all parts", True, None), ("parts-aware", True, 0))
        results = {f"{s} {label}": run(s, args.grid, args.seeds, args.bars, arranged, part)
                   for s in styles for label, arranged, part in columns}
    else:
        results = {s: run(s, args.grid, args.seeds, args.bars) for s in styles}
    report(results, args.grid, args.seeds)


if __name__ == "__main__":
    main()
