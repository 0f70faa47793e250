"""Model quality: cross-validated bits per note on Essen kinder and fink, beside IDyOM's published figures.

Run from the repository root (takes a few minutes; uses one core)::

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/model_quality.py [--corpora kinder,fink] [--folds 10] [--ablations]

Protocol (Pearce 2005): 10-fold cross-validation over melodies; each note costs
-log2 P(actual pitch | the notes before it, time signature, key signature, the note's
onset); the figure is the mean over all notes. The pitch alphabet is every MIDI
pitch from the corpus's lowest note to its highest.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from composer.models.evaluate import cross_validate  # noqa: E402
from composer.models.events import load_event_corpus  # noqa: E402
from composer.models.viewpoints import parse_viewpoint  # noqa: E402

#: Published IDyOM figures (bits per note) for comparison.
PUBLISHED = {
    "kinder": [("IDyOM, best pitch-only system (Pearce 2005, Table 6.6)", 2.106),
               ("IDyOM, with extra viewpoints (about)", 2.01)],
    "fink": [],
}
PITCH_ONLY = [parse_viewpoint(v) for v in ("cpitch", "cpint", "cpintfref", "cpintfrefxcpint")]


def search_models() -> list[tuple[str, str, float, float]]:
    """Held-out bits/note of the search's models on `default` (token alphabet; not comparable to IDyOM's)."""
    import numpy as np

    from composer.models import load_corpus, train_markov, train_neural, train_varorder
    from composer.models.markov import mode_family
    from composer.models.train import holdout_split

    train, held = holdout_split(load_corpus("default"))
    out = []
    t0 = time.perf_counter()
    mk = train_markov(train)
    out.append(("default (search tokens)", "order-2 Markov (MarkovModel)", mk.bits_per_note(held),
                time.perf_counter() - t0))
    t0 = time.perf_counter()
    vo = train_varorder(train)
    out.append(("default (search tokens)", "variable-order Markov (VariableOrderMarkov)", vo.bits_per_note(held),
                time.perf_counter() - t0))
    t0 = time.perf_counter()
    nn, _ = train_neural(train)
    out.append(("default (search tokens)", "neural (NeuralModel)", nn.bits_per_note(held), time.perf_counter() - t0))
    total, n = 0.0, 0
    for m in held:  # geometric mean of the two, renormalised, per note
        fam = vo.pitch[mode_family(m.mode)]
        s = nn.samples([m])
        lp_n = nn.net.logprob(s)
        p = m.pitch.tolist()
        lp_v = np.array([fam.logp[fam.row(p[:i])] for i in range(len(p))])
        mix = 0.5 * lp_n + 0.5 * lp_v
        mix -= np.log(np.exp(mix).sum(1, keepdims=True))
        total -= float(mix[np.arange(len(p)), p].sum())
        n += len(p)
    out.append(("default (search tokens)", "variable-order x neural, geometric 0.5/0.5", total / n / np.log(2), 0.0))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default="kinder,fink")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--ablations", action="store_true", help="also measure parts of the models")
    ap.add_argument("--search-models", action="store_true",
                    help="also measure the search's models (token alphabet) on `default`, every tenth tune held out")
    args = ap.parse_args(argv)
    rows: list[tuple[str, str, float, float]] = []
    if args.search_models:
        rows.extend(search_models())
    for corpus in args.corpora.split(","):
        t0 = time.perf_counter()
        mels = load_event_corpus(corpus)
        parse = time.perf_counter() - t0
        n_notes = sum(len(m) for m in mels)
        print(f"{corpus}: {len(mels)} melodies, {n_notes} notes (parsed/cached in {parse:.1f} s)", flush=True)
        cv = cross_validate(mels, n_folds=args.folds)
        for name in ("markov", "neural", "combined"):
            rows.append((corpus, name, cv.mean(name), cv.seconds[name]))
        if args.ablations:
            variants = {
                "markov LTM only": {"use_stm": False},
                "markov STM only": {"use_ltm": False},
                "markov pitch-only viewpoints": {"viewpoints": PITCH_ONLY},
                "markov cpitch only": {"viewpoints": [parse_viewpoint("cpitch")]},
            }
            for label, opts in variants.items():
                a = cross_validate(mels, n_folds=args.folds, models=["markov"], markov_options=opts)
                rows.append((corpus, label, a.mean("markov"), a.seconds["markov"]))
            a = cross_validate(mels, n_folds=args.folds, models=["neural"], neural_options={"copy": False})
            rows.append((corpus, "neural without copy features", a.mean("neural"), a.seconds["neural"]))
        for label, bits in PUBLISHED.get(corpus, []):
            rows.append((corpus, label, bits, float("nan")))
    print()
    print("| corpus | model | bits/note | seconds (training + prediction, all folds) |")
    print("|---|---|---:|---:|")
    for corpus, name, bits, secs in rows:
        s = "" if secs != secs else f"{secs:.1f}"
        print(f"| {corpus} | {name} | {bits:.3f} | {s} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
