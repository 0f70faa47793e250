"""``composer adjust``: move a MIDI or MusicXML file toward an emotion and write the result."""

from __future__ import annotations

__all__ = ["register", "run_adjust"]

import argparse
import sys

from composer.cli._common import EXIT_OK, UsageError, emotion_value


def _strength(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1], got {value:g}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``adjust`` subcommand to ``sub``."""
    p = sub.add_parser(
        "adjust",
        help="move an existing MIDI or MusicXML file toward an emotion",
        description="Move existing music toward an emotion: mode, tempo, register, velocity and articulation "
                    "move toward where the style puts them, by --strength. The input file is only read.",
        epilog="Examples:\n  composer adjust in.mid --valence -0.6 --arousal 0.3 -o out.mid --report\n"
               "  composer adjust tune.musicxml --cues cues.yaml -o tune-adjusted.musicxml --keep tempo\n"
               "Aspects for --keep: mode, tempo, register, velocity, articulation, density, harmony.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="FILE", help="a .mid or .musicxml/.xml/.mxl file (never modified)")
    p.add_argument("--valence", "-v", type=emotion_value, help="unpleasant (-1) to pleasant (+1)")
    p.add_argument("--arousal", "-a", type=emotion_value, help="calm (-1) to excited (+1)")
    p.add_argument("--cues", metavar="SHEET", help="a cue sheet (.yaml/.json): each cue's emotion over its span")
    p.add_argument("--style", "-s", default="default", help="shipped style name or path to a .yaml style")
    p.add_argument("--strength", type=_strength, default=1.0, help="0 (no change) to 1 (all the way); default 1")
    p.add_argument("--keep", action="append", default=[], metavar="ASPECT", help="an aspect that must not move")
    p.add_argument("--rules", metavar="YAML", help="adjustment rule file overriding the shipped defaults")
    p.add_argument("-o", "--output", required=True, help="output .mid/.midi or .musicxml/.xml")
    p.add_argument("-f", "--force", action="store_true", help="replace an existing output file")
    p.add_argument("--report", action="store_true", help="print every change and the rule that made it")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=run_adjust)


def run_adjust(args: argparse.Namespace) -> int:
    """Adjust ``args.input`` and write ``args.output``; print the report when asked."""
    from composer.adjust import adjust

    if args.cues is not None:
        if args.valence is not None or args.arousal is not None:
            raise UsageError("give either --cues or --valence/--arousal, not both")
        target: object = args.cues
    else:
        if args.valence is None or args.arousal is None:
            raise UsageError("give --valence and --arousal (or --cues)")
        target = (args.valence, args.arousal)
    result = adjust(args.input, target, style=args.style, strength=args.strength, keep=args.keep, rules=args.rules)
    path = result.write(args.output, overwrite=args.force)
    if args.json:
        print(result.report.to_json())
    elif args.report:
        print(result.report.text())
    else:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK
