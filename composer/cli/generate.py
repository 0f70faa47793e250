"""``composer generate``: compose a melody for a valence/arousal point and write it."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse
import json

from composer.cli._common import EXIT_OK, emotion_value, positive_int


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``generate`` subcommand to ``sub``."""
    p = sub.add_parser(
        "generate",
        help="compose a melody for a valence/arousal point",
        description="Compose a melody for an emotion and print its summary.",
        epilog="Examples:\n  composer generate --valence 0.7 --arousal 0.4 -o happy.mid\n"
               "  composer generate --valence -0.6 --arousal -0.5 --bars 16 -o sad.mid -o sad.musicxml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--valence", "-v", type=emotion_value, required=True, help="unpleasant (-1) to pleasant (+1)")
    p.add_argument("--arousal", "-a", type=emotion_value, required=True, help="calm (-1) to excited (+1)")
    p.add_argument("--bars", "-b", type=positive_int, default=8, help="length in bars (default 8)")
    p.add_argument("--style", "-s", default="default", help="shipped style name or path to a .yaml style")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--beam-width", type=positive_int, default=None, help="hypotheses kept per tick (default 64)")
    p.add_argument("--output", "-o", action="append", default=[],
                   help="file to write (.mid, .midi, .musicxml, .xml, .mxl); may be repeated")
    p.add_argument("--no-overwrite", action="store_true", help="refuse to replace existing files")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Compose, write every output, print the summary."""
    from composer.compose import DEFAULT_BEAM_WIDTH, compose

    melody = compose(valence=args.valence, arousal=args.arousal, bars=args.bars, style=args.style, seed=args.seed,
                     beam_width=args.beam_width or DEFAULT_BEAM_WIDTH)
    written = [str(melody.write(path, overwrite=not args.no_overwrite)) for path in args.output]
    if args.json:
        print(json.dumps({**melody.summary(), "files": written}))
    else:
        print(melody)
        for path in written:
            print(f"wrote {path}")
    return EXIT_OK
