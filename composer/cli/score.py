"""``composer score``: score a story (text) or a cue sheet (YAML/JSON) as one piece and write it in any format."""

from __future__ import annotations

__all__ = ["register", "run", "CUE_SHEET_ENDINGS"]

import argparse
import sys
from pathlib import Path

from composer.cli._common import (
    EXIT_OK,
    UsageError,
    add_arrangement_options,
    add_output_options,
    arrange_choice,
    check_outputs,
    positive_int,
    print_json,
    write_outputs,
)

#: Input endings read as cue sheets; anything else is read as story text.
CUE_SHEET_ENDINGS = (".yaml", ".yml", ".json")

EXAMPLES = """\
examples:
  composer score story.txt -o story.mid
  composer score cues.yaml -o cues.musicxml -o cues.wav
  composer score story.md --style film --seed 3 -o story.mid --report     # print the per-scene report
  composer score cues.yaml -o cues.mid --json --report                      # summary and report as JSON
  cat story.txt | composer score - -o story.mid                             # the story from stdin
  composer score story.txt --bars 4 -o sketch.mid                           # 4 bars per scene, a quick sketch
  composer score story.txt --scenes paragraph -o story.mid                  # a scene per ~150 words of paragraphs
  composer score story.txt --min-scene-words 60 --change-penalty 3 -o s.mid # fewer, longer scenes
  composer score story.txt --style film -o story.musicxml                   # film arranges: melody, pad, bass
  composer score story.txt --style film --melody-only -o tune.mid           # the melody alone
  composer score cues.yaml --piano-reduction -o cues.musicxml               # every part on one grand staff

A .yaml, .yml or .json input is a cue sheet (see docs/story.md); anything else is story
text (UTF-8; markdown headings, 'Chapter 3' lines, '---' markers and title lines start
scenes; by default scenes are also cut where the emotion turns, see --scenes).
Cue durations are met within 0.5 s; a story's scenes last their reading time.
"""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``score`` subcommand to ``sub``."""
    p = sub.add_parser(
        "score",
        help="score a story or a cue sheet as one piece",
        description="Read a story (text) or a cue sheet (YAML/JSON), compose one piece whose sections "
                    "follow its emotional arc, write it to every output given, and print a summary.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", metavar="INPUT", help="story text file, cue sheet (.yaml/.yml/.json), or - for a story on stdin")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--story", action="store_true", help="read INPUT as story text whatever its ending")
    kind.add_argument("--cues", action="store_true", help="read INPUT as a cue sheet whatever its ending")
    p.add_argument("-s", "--style", default=None,
                   help="shipped style name or path to a .yaml style (default: the cue sheet's, else default)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same piece (default 0)")
    p.add_argument("-b", "--bars", type=positive_int, default=None,
                   help="bars per section at the style's tempo, instead of the scenes' reading time or the cues' durations")
    p.add_argument("--scenes", choices=("auto", "paragraph", "heading"), default="auto",
                   help="where a story is cut into scenes: where its emotion turns and at headings (auto, default), "
                        "at paragraph ends every ~150 words (paragraph), or at headings and markers only (heading)")
    p.add_argument("--min-scene-words", type=positive_int, default=None,
                   help="with --scenes auto: fewest words in a scene cut by emotion (default 30, 12 s of reading)")
    p.add_argument("--change-penalty", type=float, default=None,
                   help="with --scenes auto: cost of a cut, >= 0; larger gives fewer scenes (default 1.5)")
    p.add_argument("--beam-width", type=positive_int, default=None, help="hypotheses kept per tick (default 64)")
    add_arrangement_options(p, "each section's")
    p.add_argument("--report", action="store_true",
                   help="print the per-scene report (excerpt, raw and smoothed valence/arousal, parameters chosen)")
    add_output_options(p)
    p.set_defaults(handler=run)


def _is_cue_sheet(args: argparse.Namespace) -> bool:
    if args.cues:
        return True
    if args.story or args.input == "-":
        return False
    return Path(args.input).suffix.lower() in CUE_SHEET_ENDINGS


def run(args: argparse.Namespace) -> int:
    """Check the outputs, read the input, compose the piece, write every output, print the summary (and report)."""
    from composer.compose import DEFAULT_BEAM_WIDTH
    from composer.errors import StoryError
    from composer.limits import LIMITS, check_at_most
    from composer.safe_read import check_regular
    from composer.story.scoring.score import score_cues, score_story

    check_outputs(args.output, force=args.force, soundfont=args.soundfont)
    args.arrange = arrange_choice(args)
    beam = args.beam_width or DEFAULT_BEAM_WIDTH
    if _is_cue_sheet(args):
        if args.input == "-":
            raise UsageError("a cue sheet is read from a file; use --story to read story text from stdin")
        piece = score_cues(args.input, style=args.style, seed=args.seed, bars=args.bars, beam_width=beam,
                           arrange=args.arrange)
    else:
        if args.input == "-":
            limit = int(LIMITS["story_bytes"].high)
            data = sys.stdin.buffer.read(limit + 1)  # at most the limit and one byte
            check_at_most("story_bytes", len(data), "the story on standard input (bytes)")
            source: object = data
        else:
            source = check_regular(args.input, "story", StoryError)
        options: dict[str, object] = {"scenes": args.scenes}
        if args.min_scene_words is not None:
            options["min_scene_words"] = args.min_scene_words
        if args.change_penalty is not None:
            options["change_penalty"] = args.change_penalty
        piece = score_story(source, style=args.style or "default", seed=args.seed, bars=args.bars,  # type: ignore[arg-type]
                            beam_width=beam, arrange=args.arrange, **options)
    source = piece.piano_reduction() if args.piano_reduction else piece
    written = write_outputs(source, args.output, force=args.force, soundfont=args.soundfont)
    if args.json:
        out: dict[str, object] = {**piece.summary(), "files": written}
        if args.piano_reduction:
            out["dropped"] = source.dropped
        if args.report:
            out["report"] = piece.report()
        print_json(out)
    else:
        print(piece)
        if args.piano_reduction:
            print(source)
        for path in written:
            print(f"  wrote {path}")
        if args.report:
            print()
            print(piece.report_text())
    return EXIT_OK
