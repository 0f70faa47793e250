"""``composer generate``: compose melodies for a valence/arousal point and write them in any format."""

from __future__ import annotations

__all__ = ["register", "run", "MAX_VARIATIONS"]

import argparse
import sys

import numpy as np

from composer._progress import progress
from composer.affect import as_affect
from composer.cli._common import (
    EXIT_OK,
    UsageError,
    add_arrangement_options,
    add_output_options,
    arrange_choice,
    check_outputs,
    emotion_value,
    numbered_path,
    positive_int,
    print_json,
    stage_outputs,
)
from composer.compose import MAX_BARS
from composer.limits import LIMITS

#: Most variations one call composes.
MAX_VARIATIONS = int(LIMITS["variations"].high)
#: Seeds tried per variation asked for before giving up on finding distinct melodies.
_SEED_TRIES = 4

EXAMPLES = """\
examples:
  composer generate --emotion tense --bars 16 -o tense.mid
  composer generate --valence 0.7 --arousal 0.4 -o happy.mid
  composer generate -v -0.6 -a -0.5 --bars 16 -o sad.mid -o sad.svg -o sad.wav
  composer generate -v 0.3 -a 0.8 --variations 3 -o idea.mid          # idea-1.mid .. idea-3.mid
  composer generate -v 0.3 -a 0.8 -n 3 -o 'take{n}.musicxml' --json   # one JSON line per melody
  composer generate -v 0 -a -0.7 -o calm.wav --soundfont piano.sf2
  composer generate -v 0.5 -a 0.5 -o tune.roll.png -o tune.abc --force

Output endings: .mid .midi .musicxml .xml .mxl .abc .svg .png (sheet music)
.roll.png (piano roll) .wav. SVG/PNG, piano rolls and SoundFont audio need optional
packages: pip install 'composer-emotion[all]'.
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``generate`` subcommand to ``sub``."""
    p = sub.add_parser(
        "generate",
        help="compose melodies for a valence/arousal point",
        description="Compose a melody (or several variations) for an emotion, write it to every "
                    "output given, and print a summary.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-v", "--valence", type=emotion_value, help="unpleasant (-1) to pleasant (+1)")
    p.add_argument("-a", "--arousal", type=emotion_value, help="calm (-1) to excited (+1)")
    p.add_argument("-e", "--emotion", metavar="WORD",
                   help="an emotion word instead of -v and -a: tense, serene, happy, sad, calm, angry, ... "
                        "(75 words, composer.emotions.emotion_words())")
    p.add_argument("-b", "--bars", type=positive_int, default=8, help=f"length in bars, 1 to {MAX_BARS} (default 8)")
    p.add_argument("-s", "--style", default="default", help="shipped style name or path to a .yaml style (default: default)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same melody (default 0)")
    p.add_argument("--beam-width", type=positive_int, default=None, help="hypotheses kept per tick (default 64)")
    p.add_argument("-n", "--variations", type=positive_int, default=1, metavar="N",
                   help=f"compose N distinct melodies (seeds SEED, SEED+1, ...; at most {MAX_VARIATIONS}); "
                        "outputs get -1, -2, ... before their ending, or replace {n} in the name")
    add_arrangement_options(p, "the style's")
    add_output_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the outputs, compose each variation, write every output, print the summaries."""
    from composer.compose import DEFAULT_BEAM_WIDTH, arranges, compose
    from composer.render.atomic import commit, discard

    if args.emotion is not None and (args.valence is not None or args.arousal is not None):
        raise UsageError("give either --emotion or --valence and --arousal, not both")
    if args.emotion is None and (args.valence is None or args.arousal is None):
        raise UsageError("give --valence and --arousal (each -1 to 1), or --emotion WORD")
    if args.bars > MAX_BARS:
        raise UsageError(f"--bars must be at most {MAX_BARS}, got {args.bars}")
    emotion = as_affect(args.emotion, what="--emotion") if args.emotion is not None else None
    n = args.variations
    if n > MAX_VARIATIONS:
        raise UsageError(f"--variations must be at most {MAX_VARIATIONS}, got {n}")
    outputs = [[numbered_path(p, i + 1, n) for p in args.output] for i in range(n)]
    check_outputs([p for group in outputs for p in group], force=args.force, soundfont=args.soundfont)

    arranging = arranges(args.style, arrange_choice(args))
    seen: set[tuple[bytes, bytes]] = set()
    seed = args.seed
    sources: list = []
    staged: list = []  # every output of every variation: committed together, all or none
    try:
        for i in progress(range(n), label="composing", stream=sys.stderr):
            for _ in range(_SEED_TRIES):
                melody = compose(valence=args.valence, arousal=args.arousal, affect=emotion, bars=args.bars,
                                 style=args.style, seed=seed,
                                 beam_width=args.beam_width or DEFAULT_BEAM_WIDTH, arrange=False)
                seed += 1
                fingerprint = (np.asarray(melody.pitches).tobytes(), np.asarray(melody.ticks).tobytes())
                if fingerprint not in seen:
                    break
            else:
                print(f"composer: warning: variation {i + 1} repeats an earlier melody "
                      f"(no distinct one in {_SEED_TRIES} seeds)", file=sys.stderr)
            seen.add(fingerprint)
            source = melody
            if arranging:
                from composer.arrange import arrange

                source = arrange(melody)
                if args.piano_reduction:
                    source = source.piano_reduction()
            sources.append(source)
            staged.extend(stage_outputs(source, outputs[i], force=args.force, soundfont=args.soundfont))
    except BaseException:
        discard(staged)
        raise
    written = [str(t) for t in commit(staged)]
    per = len(args.output)
    for i, source in enumerate(sources):
        files = written[i * per:(i + 1) * per]
        if args.json:
            arrangement = getattr(source, "arrangement", source)   # a piano reduction's arrangement
            melody = arrangement.melody if arranging else source
            extra = {"chords": arrangement.harmony.symbols} if arranging else {}
            print_json({**melody.summary(), **extra, "variation": i + 1, "files": files})
        else:
            print(source)
            for path in files:
                print(f"  wrote {path}")
    return EXIT_OK
