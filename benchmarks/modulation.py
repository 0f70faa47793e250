"""Planned modulations: is the chord before each key change of an arranged piece a pivot or the new key's dominant?

Run from the repository root::

    OMP_NUM_THREADS=1 python benchmarks/modulation.py [--seeds 8] [--bars 4]

For each of the film, game and hymn styles (which arrange stories and cue sheets by
default), composes pieces once (``arrange=False``) and arranges each twice in the same
run: without planned modulations (``arrange_piece(..., prepare_keys=False)``: each
section ends on its own key's cadence, the first chord of the next one following it by
the chord model, as on main before this change) and with them (the default). The pieces
are

* curves: ``--seeds`` ``AffectCurve`` s through 4 points drawn from the 5 x 5 grid of the
  valence/arousal square (-0.8 .. 0.8), ``compose_curve(..., sections=4, bars=--bars)``;
* cue sheets: ``--seeds`` sheets of 4 cues, the same emotions, each cue's key fixed to one
  drawn from ``KEYS`` (so the tonic moves, which the joins of stories and curves rarely do:
  they keep the style's tonic and change the mode where the emotion turns);
* the three stories of ``benchmarks/stories`` (``score_story(..., bars=--bars)``).

At every key change (consecutive sections with notes whose tonic or mode differ) the
last chord of the section before it is read back (``ArrangedPiece.key_changes``):
"prepared" when it is the new key's dominant (V or V7 of the new tonic) or a pivot
(diatonic in both keys, ``composer.harmony.chords.diatonic_mask``). Printed per style:
changes, % preparable (some preparing chord holds the melody's note as the last chord
begins: the harmoniser prepares only those, rather than put a chord against the tune),
% prepared before and after, % dominant after, the same for the changes that move
the tonic, and the melody's fit in that last chord (share of the melody's sounding time in
the last slot on chord tones), before and after: what the constraint costs the tune.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import composer  # noqa: E402
from composer.arrange import arrange_piece  # noqa: E402
from composer.harmony.chords import chord_pitch_classes  # noqa: E402
from composer.harmony.modulation import preparing_mask  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GRID = np.linspace(-0.8, 0.8, 5)
#: Keys of the cue sheets' cues: tonics a fifth or a third apart, major and minor.
KEYS = ("C major", "G major", "D major", "F major", "B- major", "A minor", "E minor", "D minor", "G minor")


def last_slot_fit(arrangement) -> float:
    """Share of the melody's sounding ticks in the last harmonic slot that are tones of its chord."""
    h, m = arrangement.harmony, arrangement.melody
    start = int(h.onsets[-1])
    tones = set(h.pitch_classes(len(h.chords) - 1))
    on = np.concatenate(([0], np.cumsum(m.ticks)[:-1]))
    total = good = 0
    for p, o, t in zip(m.pitches, on, m.ticks):
        lo = max(int(o), start)
        hi = int(o + t)
        if p < 0 or hi <= lo:
            continue
        total += hi - lo
        good += (hi - lo) * (int(p) % 12 in tones)
    return good / total if total else float("nan")


def preparable(arrangement, following) -> bool:
    """Whether some preparing chord holds the melody's note sounding as the last slot begins (or it is a rest)."""
    h, m = arrangement.harmony, arrangement.melody
    on = np.concatenate(([0], np.cumsum(m.ticks)[:-1]))
    note = int(m.pitches[np.searchsorted(on, h.onsets[-1], side="right") - 1])
    mask = preparing_mask(h.tonic % 12, h.mode, following.tonic % 12, following.mode)
    return note < 0 or any(mask[j] and note % 12 in chord_pitch_classes(j, h.tonic) for j in range(len(mask)))


def pieces(style: str, seeds: int, bars: int):
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        points = [(float(GRID[rng.integers(5)]), float(GRID[rng.integers(5)])) for _ in range(4)]
        curve = composer.AffectCurve([(10.0 * i, (v, a)) for i, (v, a) in enumerate(points)])
        yield composer.compose_curve(curve, sections=4, bars=bars, style=style, seed=seed, arrange=False)
        keys = [KEYS[int(k)] for k in rng.integers(len(KEYS), size=4)]
        cues = [{"name": f"cue {i + 1}", "duration": 8, "emotion": {"valence": v, "arousal": a}, "key": k}
                for i, ((v, a), k) in enumerate(zip(points, keys))]
        yield composer.score_cues({"style": style, "cues": cues}, bars=bars, seed=seed, arrange=False)
    for story in sorted((ROOT / "benchmarks" / "stories").glob("*.md")):
        yield composer.score_story(story, style=style, bars=bars, seed=0, arrange=False, show_progress=False)


def measure(style: str, seeds: int, bars: int) -> dict[str, list]:
    out: dict[str, list] = {"before": [], "after": [], "tonic": [], "fit_before": [], "fit_after": [],
                            "preparable": []}
    for piece in pieces(style, seeds, bars):
        runs = {}
        for name, prepare in (("before", False), ("after", True)):
            ap = arrange_piece(piece, prepare_keys=prepare)
            runs[name] = ap
            out[name] += [kind for _, _, kind in ap.key_changes()]
            out[f"fit_{name}"] += [last_slot_fit(ap.arrangements[i]) for i, _, _ in ap.key_changes()]
        sections = runs["after"].arranged_sections
        for i, _, _ in runs["after"].key_changes():
            nxt = next(s for s in sections[i + 1:] if s.melody.n_notes)
            out["tonic"].append(sections[i].melody.parameters.tonic % 12 != nxt.melody.parameters.tonic % 12)
            out["preparable"].append(preparable(runs["after"].arrangements[i], nxt.melody.parameters))
    return out


def pct(xs) -> str:
    return f"{100.0 * float(np.mean(xs)):.0f}%" if len(xs) else "-"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--styles", default="film,game,hymn")
    ap.add_argument("--seeds", type=int, default=8, help="curves per style")
    ap.add_argument("--bars", type=int, default=4, help="bars per section")
    args = ap.parse_args(argv)
    print(f"# benchmarks/modulation.py  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  "
          f"{platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"# {args.seeds} curves and {args.seeds} cue sheets of 4 sections + 3 stories per style, {args.bars} bars per section")
    print("| style | key changes | preparable | prepared before | prepared after | dominant after | tonic moves: "
          "changes, before, after | melody on the last chord's tones, before -> after |")
    print("|---|---|---|---|---|---|---|---|")
    t0 = time.perf_counter()
    total = {"before": [], "after": []}
    for style in args.styles.split(","):
        r = measure(style, args.seeds, args.bars)
        tonic = np.array(r["tonic"], dtype=bool)
        before = np.array([k is not None for k in r["before"]])
        after = np.array([k is not None for k in r["after"]])
        total["before"] += before.tolist()
        total["after"] += after.tolist()
        print(f"| {style} | {len(after)} | {pct(r['preparable'])} | {pct(before)} | {pct(after)} | "
              f"{pct([k == 'dominant' for k in r['after']])} | "
              f"{int(tonic.sum())}, {pct(before[tonic])}, {pct(after[tonic])} | "
              f"{np.nanmean(r['fit_before']):.2f} -> {np.nanmean(r['fit_after']):.2f} |")
    print(f"\nall styles: prepared {pct(total['before'])} before, {pct(total['after'])} after "
          f"({len(total['after'])} key changes); {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
