"""``composer rules``: check style files, list the shipped styles, explain a style at an emotion."""

from __future__ import annotations

__all__ = ["register", "run_check", "run_list", "run_explain"]

import argparse
import json
import sys

from composer.cli._common import EXIT_OK, EXIT_USER_ERROR, emotion_value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``rules`` subcommand (with ``check``, ``list`` and ``explain``) to ``sub``."""
    p = sub.add_parser(
        "rules",
        help="check, list and explain style rules",
        description="Work with YAML style rules: check files, list the shipped styles, explain a style.",
        epilog="Examples:\n  composer rules check my_style.yaml\n  composer rules list\n"
               "  composer rules explain --style film --valence 0.5 --arousal -0.2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    c = rules.add_parser("check", help="validate style files (exit 1 if any has a problem)",
                         description="Validate style files: every problem is listed with file, line and key. "
                                     "Each style is also evaluated over a grid of the valence/arousal square, and "
                                     "its optional adjust: section is checked.",
                         epilog="Examples:\n  composer rules check my_style.yaml other.yaml\n"
                                "  composer rules check --fidelity my_style.yaml",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("files", nargs="+", metavar="FILE", help="style file (.yaml) or shipped style name")
    c.add_argument("--steps", type=int, default=9, help="grid points per axis for the evaluation check (2 to 101, default 9)")
    c.add_argument("--fidelity", action="store_true",
                   help="also compose a small grid, read the cues back from MIDI and warn where a cue does not "
                        "follow the emotion (warnings do not fail the check)")
    c.add_argument("--grid", type=int, default=4, help="with --fidelity: points per axis, 2..9 (default 4)")
    c.add_argument("--seeds", type=int, default=2, help="with --fidelity: seeds per point, 1..8 (default 2)")
    c.add_argument("--bars", type=int, default=8, help="with --fidelity: bars per melody, 2..16 (default 8)")
    c.set_defaults(handler=run_check)

    li = rules.add_parser("list", help="list the shipped styles", description="List the shipped styles.")
    li.add_argument("--json", action="store_true", help="print {name: description} as JSON")
    li.set_defaults(handler=run_list)

    e = rules.add_parser("explain", help="show every parameter and constraint of a style at an emotion",
                         description="Evaluate a style at an emotion and show, for every parameter, its value and "
                                     "the rule, file and line that set it, and every constraint with its weight.",
                         epilog="Example: composer rules explain --style hymn --valence -0.4 --arousal -0.6")
    e.add_argument("--style", "-s", default="default", help="shipped style name or path to a .yaml style")
    e.add_argument("--valence", "-v", type=emotion_value, required=True, help="unpleasant (-1) to pleasant (+1)")
    e.add_argument("--arousal", "-a", type=emotion_value, required=True, help="calm (-1) to excited (+1)")
    e.add_argument("--seed", type=int, default=0, help="seed of the weighted choices (default 0)")
    e.add_argument("--json", action="store_true", help="print the explanation as JSON")
    e.set_defaults(handler=run_explain)


def run_check(args: argparse.Namespace) -> int:
    """Check each file; print ``FILE: ok`` or its problems; exit 1 if any file has a problem."""
    from composer.errors import ComposerError, RuleError
    from composer.limits import check_range
    from composer.rules import load_style

    check_range("rules_check_steps", args.steps, "--steps")
    failed = 0
    for name in args.files:
        try:
            style = load_style(name)
            issues = style.check(steps=args.steps) + _adjust_issues(style)
        except RuleError as e:
            issues = e.issues
        if issues:
            failed += 1
            print(f"{name}: {len(issues)} problem{'s' if len(issues) != 1 else ''}")
            for issue in issues:
                print(f"  {issue}")
        else:
            print(f"{name}: ok ({style.name})")
            if args.fidelity:
                try:
                    print(style.fidelity(grid=args.grid, seeds=args.seeds, bars=args.bars))
                except ComposerError as e:
                    failed += 1
                    print(f"{name}: {e}")
    if failed:
        print(f"{failed} of {len(args.files)} style{'s' if len(args.files) != 1 else ''} failed", file=sys.stderr)
    return EXIT_USER_ERROR if failed else EXIT_OK


def _adjust_issues(style: object) -> list:
    """Problems of the style's optional ``adjust:`` sections (read as ``composer.adjust`` reads them)."""
    from composer.adjust import load_adjust_rules
    from composer.errors import RuleError

    try:
        load_adjust_rules(style=style)  # type: ignore[arg-type]
    except RuleError as e:
        return list(e.issues)
    return []


def run_list(args: argparse.Namespace) -> int:
    """Print each shipped style with its one-line description."""
    from composer.rules import list_styles

    styles = list_styles()
    if args.json:
        print(json.dumps(styles))
        return EXIT_OK
    width = max(len(n) for n in styles)
    for name, description in styles.items():
        print(f"{name:<{width}}  {description}")
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    """Print the explanation of a style at an emotion."""
    from composer.affect import Affect
    from composer.rules import load_style

    explanation = load_style(args.style).explain(Affect(args.valence, args.arousal), seed=args.seed)
    print(json.dumps(explanation.as_dict(), default=str) if args.json else explanation)
    return EXIT_OK
