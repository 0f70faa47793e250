"""``composer live``: a live session against a scripted emotion curve (written to files), or played to a MIDI port."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse
import sys

from composer.cli._common import EXIT_OK, UsageError, add_output_options, check_outputs, positive_int, print_json, \
    write_outputs


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``live`` subcommand."""
    from composer.live import BOUNDARIES

    p = sub.add_parser(
        "live",
        help="compose bar by bar as an emotion changes: a scripted curve to files, or live to a MIDI port",
        description="Run a live session (composer.live.Session): each bar composed on demand, continuing the "
                    "music, moving to a new emotion at a bar or phrase boundary with a transition. "
                    "--curve plays a script of emotion changes (see docs/live.md) offline into -o files; "
                    "--port plays to a MIDI output in real time (needs the 'live' extra: python-rtmidi).",
    )
    p.add_argument("--curve", metavar="SCRIPT", help="YAML script of emotion changes by bar (docs/live.md)")
    p.add_argument("--port", metavar="NAME", help="MIDI output port to play to in real time")
    p.add_argument("--bars", type=positive_int, default=None,
                   help="bars to play (default: the script's bars, else 32 for a script; forever for a port)")
    p.add_argument("--style", default="default", help="style name or file (default: default)")
    p.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    p.add_argument("--beam-width", type=positive_int, default=None, help="beam width per bar (default: compose's)")
    p.add_argument("--boundary", choices=BOUNDARIES, default="bar",
                   help="where an emotion change starts: the next bar or the next phrase (default bar)")
    p.add_argument("--layers", action=argparse.BooleanOptionalAction, default=None,
                   help="accompaniment and bass layers that come in as arousal rises (default: as the style "
                        "arranges by default: on for game, film and hymn)")
    add_output_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Render the script to the outputs, or play to the port."""
    from composer.compose import DEFAULT_BEAM_WIDTH
    from composer.live import Session, open_port, play, read_script, render

    if (args.curve is None) == (args.port is None):
        raise UsageError("give --curve SCRIPT (to write files) or --port NAME (to play live), one of them")
    beam = DEFAULT_BEAM_WIDTH if args.beam_width is None else args.beam_width
    if args.curve is not None:
        if not args.output:
            raise UsageError("--curve writes files: give -o FILE (e.g. -o session.mid -o session.wav)")
        check_outputs(args.output, force=args.force, soundfont=args.soundfont)
        script, script_bars = read_script(args.curve)
        bars = args.bars or script_bars or 32
        first = script.changes[0]
        session = Session(args.style, seed=args.seed, beam_width=beam, affect=first[1], boundary=args.boundary,
                          layers=args.layers)
        recording = render(session, script, bars)
        written = write_outputs(recording, args.output, force=args.force, soundfont=args.soundfont)
        if args.json:
            print_json({"bars": len(recording.bars), "seconds": round(recording.bars[-1].end, 3),
                        "meter": session.meter, "style": session.style_name, "seed": session.seed,
                        "files": written})
        else:
            print(f"{len(recording.bars)} bars in {session.meter}, {recording.bars[-1].end:.1f} s")
            for row in recording.table():
                if row["transition"]:
                    print(f"  bar {row['bar']:>4}  {row['seconds']:8.2f} s  {row['label'] or '-'}: "
                          f"{row['key']}, {row['tempo']:g} bpm ({row['transition']})")
            for path in written:
                print(f"  wrote {path}")
        return EXIT_OK
    if args.output:
        raise UsageError("--port plays live; -o files are written with --curve")
    port = open_port(args.port)
    session = Session(args.style, seed=args.seed, beam_width=beam, boundary=args.boundary, layers=args.layers)
    print(f"playing to {args.port!r} (Ctrl-C stops)", file=sys.stderr)
    try:
        play(session, port, bars=args.bars, stop=None if args.bars else (lambda: False))
    finally:
        port.reset()  # all notes off
        port.close()
    return EXIT_OK
