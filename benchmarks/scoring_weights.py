"""How the search should weigh its models: held-out log-likelihood of real melodies, scored as the search scores them.

Run from the repository root (about a minute on one core, most of it training the network)::

    OMP_NUM_THREADS=1 python benchmarks/scoring_weights.py [--melodies]

The public-domain ``default`` corpus is split as ``composer train`` splits it (every
tenth tune held out, ``composer.models.train.holdout_split``); the order-2 Markov, the
variable-order Markov and the neural model are trained on the rest with the shipped
settings. Every note of the held-out tunes is then scored with the search kernel's own
lookups (``_kernels.ppm_row`` over the pitch history, the dense tables at
``[prev2, prev1]``, ``_kernels.neural_logp_kernel`` on the joint-event history with the
mode and meter families folded into ``b1``). The search's pitch score is
``w_markov * log P_markov + w_neural * log P_neural``; the stochastic beam samples from
its softmax over the pitch tokens, so the figure that judges the weights is the
cross-entropy of that normalised product, in bits per note (the raw, unnormalised score
is printed beside it). ``--melodies`` also composes melodies with each shipped
combination and compares their interval statistics with the corpus's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer.models import load_corpus, train_markov, train_neural, train_varorder  # noqa: E402
from composer.models.markov import meter_family, mode_family  # noqa: E402
from composer.models.neural import JOINT_START, joint_tokens  # noqa: E402
from composer.models.tokens import N_DUR, REST, START  # noqa: E402
from composer.models.train import holdout_split  # noqa: E402
from composer.search import _kernels as K  # noqa: E402

LN2 = np.log(2.0)


def per_note_logp(held, mk, vo, nn) -> dict[str, np.ndarray]:
    """Log-distributions (n_notes, V) over the next pitch (and duration) token for every held-out note."""
    out: dict[str, list] = {k: [] for k in ("dense", "varorder", "neural", "pitch", "dur_dense", "dur_varorder",
                                            "dur")}
    for m in held:
        fam, tf = mode_family(m.mode), meter_family(m.meter)
        p = np.concatenate([[START, START], m.pitch])
        out["dense"].append(mk.pitch_logp[fam, p[:-2], p[1:-1]])
        hist = m.pitch.astype(np.int64)
        pm = vo.pitch[fam]
        out["varorder"].append(pm.logp[[K.ppm_row(pm.keys, pm.order_start, pm.base, hist, i)
                                        for i in range(len(hist))]])
        first, b1, w2, b2 = nn.search_tables({"mode_family": fam, "meter_family": tf})
        j = joint_tokens(m)
        n = len(j)
        ctx = np.full((n, nn.context), JOINT_START, dtype=np.int64)  # most recent first, as the kernel keeps it
        for c in range(nn.context):
            if n > c + 1:
                ctx[c + 1:, c] = j[: n - c - 1]
        out["neural"].append(K.neural_logp_kernel(first, b1, w2, b2, ctx))
        out["pitch"].append(m.pitch)
        d = np.concatenate([[N_DUR, N_DUR], m.duration])
        out["dur_dense"].append(mk.dur_logp[tf, d[:-2], d[1:-1]])
        dm = vo.duration[tf]
        dh = m.duration.astype(np.int64)
        out["dur_varorder"].append(dm.logp[[K.ppm_row(dm.keys, dm.order_start, dm.base, dh, i)
                                            for i in range(len(dh))]])
        out["dur"].append(m.duration)
    return {k: np.concatenate(v) for k, v in out.items()}


def bits(score: np.ndarray, target: np.ndarray) -> tuple[float, float]:
    """(cross-entropy of softmax(score), the raw score's mean) at the actual tokens, in bits per note."""
    rows = np.arange(len(target))
    raw = score[rows, target]
    s = score - score.max(1, keepdims=True)
    lse = np.log(np.exp(s).sum(1)) + score.max(1)
    return float(-(raw - lse).mean() / LN2), float(-raw.mean() / LN2)


def interval_stats(melodies) -> tuple[np.ndarray, dict[str, float]]:
    ints = []
    for pitches in melodies:
        s = [x for x in pitches if x >= 0]
        ints += list(np.abs(np.diff(s)))
    a = np.array(ints)
    h = np.bincount(np.minimum(a, 12), minlength=13) / len(a)
    return h, {"repeated": h[0], "steps (1-2)": h[1] + h[2], "thirds (3-4)": h[3] + h[4], "leaps (5+)": (a >= 5).mean()}


def melodies_section(corpus) -> None:
    import composer
    from composer.models import default_model

    hc, sc = interval_stats([np.where(m.pitch == REST, -1, m.pitch) for m in corpus])
    affects = [(v, a) for v in (-0.7, 0.0, 0.7) for a in (-0.6, 0.0, 0.6)]
    print("## Composed melodies: interval statistics (9 points of the valence/arousal square x 12 seeds, 8 bars)")
    print("| models | temperature | " + " | ".join(sc) + " | TV distance to the corpus |")
    print("|---|---:|" + "---:|" * (len(sc) + 1))
    print("| corpus (`default`) | | " + " | ".join(f"{v:.3f}" for v in sc.values()) + " | |")
    configs = (("order-2 Markov", {"model": default_model(), "neural": False}),
               ("order-2 Markov x neural", {"model": default_model()}),
               ("variable-order Markov", {"neural": False}),
               ("variable-order Markov x neural (default)", {}))
    for temperature in (0.6, 1.0):
        for label, kw in configs:
            mels = [composer.compose(valence=v, arousal=a, bars=8, seed=s, temperature=temperature, **kw).pitches
                    for v, a in affects for s in range(12)]
            h, st = interval_stats(mels)
            print(f"| {label} | {temperature} | " + " | ".join(f"{v:.3f}" for v in st.values())
                  + f" | {0.5 * np.abs(h - hc).sum():.3f} |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--melodies", action="store_true", help="also compare composed melodies with the corpus")
    args = ap.parse_args()
    corpus = load_corpus("default")
    train, held = holdout_split(corpus)
    t0 = time.perf_counter()
    mk = train_markov(train)
    vo = train_varorder(train)
    nn, _ = train_neural(train)
    print(f"# Held-out scoring: `default`, {len(train)} tunes for training, {len(held)} held out "
          f"({sum(len(m) for m in held):,} notes); training took {time.perf_counter() - t0:.0f} s")
    d = per_note_logp(held, mk, vo, nn)
    tgt = d["pitch"]
    print()
    print("## Pitch: each model alone")
    print("| model | bits/note |")
    print("|---|---:|")
    for name in ("dense", "varorder", "neural"):
        print(f"| {name} | {bits(d[name], tgt)[0]:.4f} |")
    print()
    print("## Pitch: w_markov * Markov + w_neural * neural (w_markov = 1 - w_neural)")
    print("| w_neural | order-2 x neural: bits/note (raw score) | variable-order x neural: bits/note (raw score) |")
    print("|---:|---:|---:|")
    for w in np.round(np.arange(0.0, 1.001, 0.1), 2):
        cells = []
        for name in ("dense", "varorder"):
            b, r = bits((1 - w) * d[name] + w * d["neural"], tgt)
            cells.append(f"{b:.4f} ({r:.4f})")
        print(f"| {w:g} | {cells[0]} | {cells[1]} |")
    print()
    print("## Pitch: free weights (grid 0..1.5 step 0.05 for each), best three")
    for name in ("dense", "varorder"):
        res = sorted((bits(a * d[name] + c * d["neural"], tgt)[0], a, c)
                     for a in np.arange(0, 1.501, 0.05) for c in np.arange(0, 1.501, 0.05) if a + c > 0)
        print(f"* {name} x neural: " + "; ".join(f"{b:.4f} at {a:.2f}/{c:.2f}" for b, a, c in res[:3]))
    res = sorted((bits(a * d["dense"] + b * d["varorder"] + (1 - a - b) * d["neural"], tgt)[0], a, b)
                 for a in np.arange(0, 1.001, 0.1) for b in np.arange(0, 1.001 - a, 0.1))
    print("* order-2 + variable-order + neural (weights sum to 1): "
          + "; ".join(f"{x:.4f} at {a:.1f}/{b:.1f}/{1 - a - b:.1f}" for x, a, b in res[:3]))
    print()
    print("## Duration (the search adds the duration model's log-probability with weight 1)")
    print("| model | bits/note |")
    print("|---|---:|")
    for name in ("dur_dense", "dur_varorder"):
        print(f"| {name[4:]} | {bits(d[name], d['dur'])[0]:.4f} |")
    print()
    if args.melodies:
        melodies_section(corpus)


if __name__ == "__main__":
    main()
