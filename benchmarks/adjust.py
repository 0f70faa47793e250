"""Adjusting real music toward an emotion: does the music move toward the target, and stay itself?

Run from the repository root::

    OMP_NUM_THREADS=1 python benchmarks/adjust.py [--tunes 12] [--chorales 4]

Input: the first ``--tunes`` tunes of the Nottingham ``hpps.abc`` file (/work/shared/data/
nottingham, GPL, used only for evaluation; composer's models were trained on O'Neill and
Ryan, never on Nottingham) and ``--chorales`` four-part Bach chorales from music21's
corpus. Each is adjusted with the default style to the four quadrants (valence, arousal
= +-0.7) and the centre, at strengths 0.25, 0.5 and 1; cues are read back with
``composer.analysis.measure_cues``.

Judge (fixed, not tuned): every cue is standardised with the mean and standard deviation
over the inputs and their adjustments to the five targets at strength 1 with the shipped
rules (the same reference set whatever other variants run; a velocity the music does not
carry counts as 90, what music21 writes to MIDI); judged valence is the mean of ``sign * z`` over the cues whose
valence direction in ``composer.analysis.CUE_DIRECTIONS`` is +1 or -1, judged arousal the
same with the arousal directions (non-finite cues dropped). A quadrant case moves toward
its target on an axis when the judged change on that axis has the target's sign.

Variants: "full" (the shipped rules, ``toward: style``) and "difference" (``toward:
difference``: each aspect but mode moves by the style's own change from the centre of the
square to the target), and at strength 1 "full+density" (the density aspect switched on:
repeated notes merged or passing notes added; left out of the identity figures, since it
changes the notes), "harmony only" (every aspect kept but harmony: borrowed chords alone, counted
where one was borrowed), and "core rules" (the rules as the issue's first steps shipped them,
register ``toward: style`` and articulation with no ``against_valence`` cut: the before of
the mixed-quadrant work, measured beside it). Baseline in the same run: "tempo+velocity" (mode, register and articulation kept: the
loudness/tempo half of CMERS), at strength 1. Identity: Pearson correlation of the melody
(skyline) pitches before and after, and the bar count. Timing: seconds of ``adjust`` per
minute of input music (parse, analysis, transforms, cues after).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.adjust import adjust  # noqa: E402
from composer.analysis import CUE_DIRECTIONS, measure_cues, note_array, pearson  # noqa: E402
from composer.analysis.cues import _skyline  # noqa: E402

NOTTINGHAM = Path("/work/shared/data/nottingham/hpps.abc")
CHORALES = ("bach/bwv66.6", "bach/bwv26.6", "bach/bwv1.6", "bach/bwv10.7", "bach/bwv11.6", "bach/bwv13.6")
QUADRANTS = ((0.7, 0.7), (0.7, -0.7), (-0.7, 0.7), (-0.7, -0.7))
TARGETS = QUADRANTS + ((0.0, 0.0),)
STRENGTHS = (0.25, 0.5, 1.0)
DIFFERENCE: Path  # a rule file with ``toward: difference``, written at start
DENSITY: Path  # a rule file enabling the density aspect
CORE: Path  # a rule file restoring the first shipped rules (register toward style, no against_valence)


def _tunes(n: int):
    from music21 import converter, harmony

    text = NOTTINGHAM.read_text(encoding="utf-8", errors="replace")
    chunks = ["X:" + c for c in re.split(r"^X:", text, flags=re.M)[1:]]
    out = []
    for c in chunks[:n]:
        s = converter.parseData(c, format="abc")
        for h in list(s.recurse().getElementsByClass(harmony.Harmony)):
            h.activeSite.remove(h)
        out.append(("nottingham:" + c.split("\n", 2)[1].strip()[2:], s))
    return out


def _chorales(n: int):
    from music21 import corpus

    return [(name, corpus.parse(name)) for name in CHORALES[:n]]


def _bars(score) -> int:
    return len(score.parts[0].getElementsByClass("Measure")) if score.parts else 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tunes", type=int, default=12)
    ap.add_argument("--chorales", type=int, default=4)
    args = ap.parse_args()
    global DIFFERENCE
    DIFFERENCE = Path(tempfile.mkdtemp()) / "difference.yaml"
    DIFFERENCE.write_text("toward: difference\n")
    global DENSITY
    DENSITY = DIFFERENCE.with_name("density.yaml")
    DENSITY.write_text("aspects:\n  density: {enabled: true}\n")
    global CORE
    CORE = DIFFERENCE.with_name("core.yaml")
    CORE.write_text("aspects:\n  register: {toward: style}\n  articulation: {against_valence: 1}\n"
                    "  harmony: {enabled: false}\n")
    pieces = _tunes(args.tunes) + _chorales(args.chorales)
    names = [k for k in CUE_DIRECTIONS]
    before = {name: measure_cues(s) for name, s in pieces}
    raw = []  # (piece, target, strength, variant, cues after, contour, same_bars, seconds, minutes)
    for name, score in pieces:
        na0 = note_array(score)
        line0 = _skyline(na0.notes)
        for target in TARGETS:
            for strength, variant, keep in [(s, "full", ()) for s in STRENGTHS] + \
                    [(s, "difference", ()) for s in STRENGTHS] + [(1.0, "full+density", ()), (1.0, "core rules", ())] + \
                    [(1.0, "harmony only", ("mode", "tempo", "register", "velocity", "articulation"))] + \
                    [(1.0, "tempo+velocity", ("mode", "register", "articulation"))]:
                t0 = time.perf_counter()
                out = adjust(score, target, strength=strength, keep=keep,
                             rules={"difference": DIFFERENCE, "full+density": DENSITY,
                                    "core rules": CORE}.get(variant))
                dt = time.perf_counter() - t0
                line1 = _skyline(note_array(out.score).notes)
                contour = pearson(line0.astype(float), line1.astype(float)) if len(line0) == len(line1) else np.nan
                raw.append((name, target, strength, variant, out.report.cues_after, contour,
                            _bars(out.score) == _bars(score), dt, na0.seconds / 60,
                            sum(c.aspect == "harmony" for c in out.report.changes)))

    def vector(c: dict) -> np.ndarray:
        v = np.array([c[k] for k in names], dtype=float)
        if not np.isfinite(v[names.index("velocity")]):
            v[names.index("velocity")] = 90.0
        return v

    pool = np.array([vector(c) for c in before.values()]
                    + [vector(r[4]) for r in raw if r[3] == "full" and r[2] == 1.0])
    mu, sd = np.nanmean(pool, axis=0), np.nanstd(pool, axis=0)
    sd[~(sd > 1e-9)] = np.inf  # a cue that never varies says nothing

    def _judged(c: dict, mu: np.ndarray, sd: np.ndarray) -> np.ndarray:
        z = (vector(c) - mu) / sd
        out = []
        for axis in (0, 1):
            terms = [CUE_DIRECTIONS[k][axis] * z[i] for i, k in enumerate(names)
                     if CUE_DIRECTIONS[k][axis] in (1, -1) and np.isfinite(z[i])]
            out.append(float(np.mean(terms)))
        return np.array(out)

    def judged(c: dict) -> np.ndarray:
        return _judged(c, mu, sd)

    rows = []
    for name, target, strength, variant, cues, contour, same, dt, minutes, borrowed in raw:
        d = judged(cues) - judged(before[name])
        rows.append((name, target, strength, variant, d[0], d[1], contour, same, dt, minutes, borrowed))
    print(f"pieces: {args.tunes} Nottingham tunes ({NOTTINGHAM.name}), {args.chorales} Bach chorales; "
          f"{len(rows)} adjustments")
    variants = [(v, s) for v in ("full", "difference") for s in STRENGTHS[::-1]] + \
        [("full+density", 1.0), ("core rules", 1.0), ("tempo+velocity", 1.0)]
    for variant, strength in variants:
        sel = [r for r in rows if r[3] == variant and r[2] == strength and r[1] in QUADRANTS]
        v_ok = np.mean([np.sign(r[4]) == np.sign(r[1][0]) for r in sel])
        a_ok = np.mean([np.sign(r[5]) == np.sign(r[1][1]) for r in sel])
        both = np.mean([(np.sign(r[4]) == np.sign(r[1][0])) and (np.sign(r[5]) == np.sign(r[1][1])) for r in sel])
        dist = np.mean([np.hypot(r[4], r[5]) for r in sel])
        print(f"{variant:15s} strength {strength:4.2f}: toward target  valence {v_ok:6.1%}  arousal {a_ok:6.1%}  "
              f"both {both:6.1%}   mean judged distance moved {dist:.3f}  (n={len(sel)})")
    # The judge's weights (each cue's spread) come from the shipped rules' outputs, so a rule
    # change also reweights the judge: cross-check with the weights of the old rules' outputs.
    pool_core = np.array([vector(c) for c in before.values()]
                         + [vector(r[4]) for r in raw if r[3] == "core rules"])
    mu_c, sd_c = np.nanmean(pool_core, axis=0), np.nanstd(pool_core, axis=0)
    sd_c[~(sd_c > 1e-9)] = np.inf
    for variant in ("full", "core rules"):
        sel = [r for r in raw if r[3] == variant and r[2] == 1.0 and r[1] in QUADRANTS]
        ok = [np.sign(_judged(r[4], mu_c, sd_c)[0] - _judged(before[r[0]], mu_c, sd_c)[0]) == np.sign(r[1][0])
              for r in sel]
        print(f"cross-check, judge standardised on the core rules' outputs: {variant:10s} strength 1.00: "
              f"valence toward target {np.mean(ok):6.1%} (n={len(sel)})")
    sel = [r for r in rows if r[3] == "harmony only" and r[1] in QUADRANTS and r[10] > 0]
    if sel:
        print(f"harmony only (borrowed chords, every other aspect kept), strength 1: {len(sel)} quadrant cases "
              f"with a borrowed chord ({np.mean([r[10] for r in sel]):.1f} chords each); valence toward target "
              f"{np.mean([np.sign(r[4]) == np.sign(r[1][0]) for r in sel]):.1%}, mean judged valence change "
              f"{np.mean([r[4] * np.sign(r[1][0]) for r in sel]):+.3f} in the target's direction")
    for s_ in STRENGTHS:
        sel = [r for r in rows if r[3] == "full" and r[2] == s_ and r[1] in QUADRANTS]
        print(f"full strength {s_:4.2f}: borrowed chords in {np.mean([r[10] > 0 for r in sel]):.1%} of quadrant cases")
    centre = [r for r in rows if r[1] == (0.0, 0.0) and r[3] == "full" and r[2] == 1.0]
    print(f"centre target, strength 1: mean judged distance moved {np.mean([np.hypot(r[4], r[5]) for r in centre]):.3f}")
    full = [r for r in rows if r[3] in ("full", "difference")]
    contours = np.array([r[6] for r in full], dtype=float)
    print(f"contour correlation (melody pitches in/out): min {np.nanmin(contours):.3f}, median "
          f"{np.nanmedian(contours):.3f}, share >= 0.9: {np.mean(contours >= 0.9):.1%}; "
          f"same bar count: {np.mean([r[7] for r in full]):.1%}")
    secs = sum(r[8] for r in rows)
    mins = sum(r[9] for r in rows)
    print(f"timing: {secs:.1f} s for {mins:.1f} min of input music = {secs / mins:.2f} s per minute of music "
          f"(per adjustment: median {np.median([r[8] for r in rows]):.3f} s)")
    for variant in ("full", "difference", "core rules"):
        for kind in ("nottingham", "bach"):
            sel = [r for r in rows if r[0].startswith(kind) and r[3] == variant and r[2] == 1.0 and r[1] in QUADRANTS]
            if sel:
                both = np.mean([(np.sign(r[4]) == np.sign(r[1][0])) and (np.sign(r[5]) == np.sign(r[1][1]))
                                for r in sel])
                print(f"  {variant:10s} {kind:10s}: both axes toward target at strength 1: {both:.1%} (n={len(sel)})")
        for q in QUADRANTS:
            sel = [r for r in rows if r[3] == variant and r[2] == 1.0 and r[1] == q]
            print(f"  {variant:10s} target {q}: valence toward {np.mean([np.sign(r[4]) == np.sign(q[0]) for r in sel]):.1%}"
                  f", arousal toward {np.mean([np.sign(r[5]) == np.sign(q[1]) for r in sel]):.1%}")


if __name__ == "__main__":
    main()
