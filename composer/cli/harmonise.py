"""``composer harmonise``: chords, bass and accompaniment for a melody read from a file."""

from __future__ import annotations

__all__ = ["register", "run"]

import argparse

from composer.cli._common import EXIT_OK, add_output_options, check_outputs, print_json, write_outputs
from composer.rules.parameters import ACCOMPANIMENTS


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``harmonise`` subcommand."""
    p = sub.add_parser(
        "harmonise",
        help="harmonise and arrange a melody from a MIDI, MusicXML or ABC file",
        description="Read a one-line melody, choose chords for it (cadences at phrase ends), and write it "
                    "with a bass and an accompaniment as a multi-part score or multi-track MIDI file.",
    )
    p.add_argument("melody", help="the melody file (.mid, .musicxml, .xml, .mxl, .abc); it is only read")
    p.add_argument("--accompaniment", choices=ACCOMPANIMENTS, default="block",
                   help="accompaniment pattern (default block)")
    p.add_argument("--bass", choices=("held", "pedal", "walking"), default="held",
                   help="bass: one note per chord (held), a tonic pedal, or walking in beats (default held)")
    p.add_argument("--harmonic-rhythm", type=int, choices=(1, 2, 3, 4), default=1, help="chords per bar (default 1)")
    p.add_argument("--chromaticism", type=float, default=0.15,
                   help="weight of borrowed and chromatic chords, 0..1 (default 0.15)")
    add_output_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read, harmonise, arrange and write; print the chords."""
    from dataclasses import replace

    from composer.arrange import arrange
    from composer.errors import HarmonyError
    from composer.harmony.readmelody import read_melody

    if not 0.0 <= args.chromaticism <= 1.0:
        raise HarmonyError(f"--chromaticism must be in [0, 1], got {args.chromaticism}")
    check_outputs(args.output, force=args.force, soundfont=args.soundfont)
    melody = read_melody(args.melody)
    melody.parameters = replace(melody.parameters, harmonic_rhythm=args.harmonic_rhythm,
                                chromaticism=args.chromaticism, accompaniment=args.accompaniment)
    arrangement = arrange(melody, bass=args.bass)
    written = write_outputs(arrangement, args.output, force=args.force, soundfont=args.soundfont)
    h = arrangement.harmony
    if args.json:
        print_json({**melody.summary(), "chords": h.symbols, "roman": h.names, "files": written})
    else:
        print(f"{melody.parameters.tonic_name} {melody.parameters.mode}: " + " | ".join(h.symbols))
        for path in written:
            print(f"  wrote {path}")
    return EXIT_OK
