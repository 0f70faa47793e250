"""``composer evaluate``: cross-validated bits per note of the melody models on a corpus (the IDyOM protocol)."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse
import json
import time

from composer.cli._common import EXIT_OK, positive_int


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` subcommand to ``sub``."""
    p = sub.add_parser(
        "evaluate",
        help="measure the melody models by cross-validation (bits per note)",
        description="Split the corpus's melodies into folds; train on all folds but one and predict every "
                    "note's pitch of the one left out, knowing only what came before. Prints the mean "
                    "-log2 P(actual pitch) for the Markov, neural and combined models, and the time taken.",
        epilog="Examples:\n  composer evaluate --corpus kinder --folds 10\n"
               "  composer evaluate --corpus fink --models markov --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--corpus", required=True,
                   help="shipped corpus (kinder, fink, default), a .yaml manifest, or a folder of music files")
    p.add_argument("--folds", type=positive_int, default=10, help="number of folds (default 10)")
    p.add_argument("--models", default="markov,neural,combined",
                   help="comma-separated models to measure (default: markov,neural,combined)")
    p.add_argument("--seed", type=int, default=0, help="seed of the fold split and the network (default 0)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print the table."""
    from composer.errors import ModelError
    from composer.models.evaluate import cross_validate
    from composer.models.events import load_event_corpus

    t0 = time.perf_counter()
    melodies = load_event_corpus(args.corpus, progress=None)
    if not melodies:
        raise ModelError(f"corpus {args.corpus!r} holds no usable melodies")
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    cv = cross_validate(melodies, n_folds=args.folds, models=models, seed=args.seed, progress=None)
    total = time.perf_counter() - t0
    if args.json:
        print(json.dumps({
            "corpus": args.corpus, "melodies": cv.n_melodies, "notes": cv.n_notes, "folds": cv.n_folds,
            "bits_per_note": {m: round(cv.mean(m), 4) for m in cv.bits},
            "seconds": {**{m: round(s, 2) for m, s in cv.seconds.items()}, "total": round(total, 2)},
        }))
    else:
        print(f"{args.corpus}: {cv.n_melodies} melodies, {cv.n_notes} notes, {cv.n_folds}-fold cross-validation, "
              f"pitch alphabet MIDI {cv.alphabet[0]}..{cv.alphabet[-1]}")
        print(cv.table())
        print(f"total {total:.1f} s")
    return EXIT_OK
