"""``composer train``: rebuild the shipped Markov model from its corpus and say how long it took."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse

from composer.cli._common import EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``train`` subcommand to ``sub``."""
    p = sub.add_parser(
        "train",
        help="rebuild the shipped Markov model from its corpus",
        description="Parse the corpus (cached after the first run), train the Markov model and save it.",
        epilog="Examples:\n  composer train\n  composer train --out my_model.npz",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--corpus", default="default", help="corpus manifest name or path (default: default)")
    p.add_argument("--out", default=None, help="where to save the model (default: the shipped model file)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Train and report."""
    from composer.models.train import train_default

    model, seconds = train_default(corpus=args.corpus, out=args.out, progress=None)
    meta = getattr(model, "metadata", None) or getattr(model, "meta", None) or {}
    print(f"trained in {seconds:.1f} s on {meta.get('n_melodies', '?')} melodies, {meta.get('n_notes', '?')} notes")
    return EXIT_OK
