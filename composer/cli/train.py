"""``composer train``: train the search's models on a corpus and say how long it took."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse

from composer.cli._common import EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``train`` subcommand to ``sub``."""
    p = sub.add_parser(
        "train",
        help="train the search's models (Markov, variable-order, neural) on a corpus",
        description="Parse the corpus (cached after the first run), train the models and save them. "
                    "Without --out-dir the shipped models are replaced; only train those on public-domain "
                    "corpora (default). Essen manifests (kinder, fink) are for research use.",
        epilog="Examples:\n  composer train\n  composer train --corpus kinder --out-dir my_models/\n"
               "  composer train --models markov --out my_model.npz",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--corpus", default="default",
                   help="shipped corpus, a .yaml manifest, or a folder of music files (default: default)")
    p.add_argument("--out-dir", default=None, help="folder for the model files (default: the shipped models)")
    p.add_argument("--out", default=None,
                   help="train only the order-2 Markov model and save it here (the pre-0.2 behaviour)")
    p.add_argument("--models", default="markov,varorder,neural",
                   help="comma-separated models to train (default: markov,varorder,neural)")
    p.add_argument("--seed", type=int, default=0, help="seed of the neural model's training (default 0)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Train and report."""
    if args.out is not None:
        from composer.models.train import train_default

        model, seconds = train_default(corpus=args.corpus, out=args.out, progress=None)
        meta = model.metadata
        print(f"trained in {seconds:.1f} s on {meta.get('n_melodies', '?')} melodies, {meta.get('n_notes', '?')} notes")
        return EXIT_OK
    from composer.models.train import train_shipped

    models = [m.strip() for m in args.models.split(",") if m.strip()]
    trained, seconds = train_shipped(args.corpus, args.out_dir, models, progress=None, seed=args.seed)
    print(f"parsed {args.corpus} in {seconds['parse']:.1f} s")
    for name, model in trained.items():
        meta = getattr(model, "metadata", {})
        print(f"{name:<9} trained in {seconds[name]:6.1f} s on {meta.get('n_melodies', '?')} melodies, "
              f"{meta.get('n_notes', '?')} notes")
    return EXIT_OK
