"""``assert_constraints``: check a melody against a style's hard constraints.

The verdict on each kind is the search's own checker's (``composer.search.check.CHECKERS``,
the one table of hard-kind checks); the words are those of this package's predicates
(``assert_in_scale`` and the others), which say bar, beat and spelled notes.
"""

from __future__ import annotations

__all__ = ["CONSTRAINT_CHECKS", "assert_constraints", "satisfies_constraints"]

from collections.abc import Callable, Iterable

from hypothesis.errors import InvalidArgument

from composer.melody import Melody
from composer.rules.constraints import CONSTRAINT_KINDS, Constraint, option_value
from composer.search.check import CHECKERS, read_events
from composer.testing._internal.cadences import assert_phrase_cadences
from composer.testing._internal.melodic import (
    assert_ends_on_tonic,
    assert_in_range,
    assert_in_scale,
    assert_limited_repeats,
    assert_within_max_leap,
)
from composer.testing._internal.metric import assert_complete_bars, assert_strong_start


def _option(melody: Melody, kind: str, constraint: Constraint | None, name: str) -> object:
    # The option given, else the registry's default (read from the melody's parameters where it says so).
    return option_value(constraint if constraint is not None else Constraint(kind), name, melody.parameters)


#: The predicate that words each kind's violations (bar, beat, spelled notes), called only once
#: the kind's checker has found one. A kind missing here is worded by its checker's own messages.
_WORDING: dict[str, Callable[[Melody, Constraint | None], None]] = {
    "in_scale": lambda m, c: assert_in_scale(m),
    "range": lambda m, c: assert_in_range(m),
    "max_leap": lambda m, c: assert_within_max_leap(m, max_leap=_option(m, "max_leap", c, "semitones")),
    "fill_bars": lambda m, c: assert_complete_bars(m),
    "final_tonic": lambda m, c: assert_ends_on_tonic(m),
    "strong_start": lambda m, c: assert_strong_start(m),
    "max_repeats": lambda m, c: assert_limited_repeats(m, count=_option(m, "max_repeats", c, "count")),
    "cadence": lambda m, c: assert_phrase_cadences(m, phrase_bars=_option(m, "cadence", c, "phrase_bars")),
}


def _check(kind: str) -> Callable[[Melody, Constraint | None], None]:
    checker = CHECKERS[kind]

    def check(melody: Melody, constraint: Constraint | None) -> None:
        found = checker(read_events(melody.pitches, melody.ticks, melody.parameters),
                        constraint if constraint is not None else Constraint(kind))
        if found:
            if kind in _WORDING:
                _WORDING[kind](melody, constraint)  # raises AssertionError in the predicate's words
            raise AssertionError("\n".join(found))  # no wording (or it saw nothing): the checker's own

    check.__doc__ = f"Raise AssertionError if ``melody`` breaks its ``{kind}`` constraint (CHECKERS[{kind!r}])."
    return check


#: The check of each hard constraint kind, given the melody (judged with its parameters, at its own
#: length) and the ``Constraint`` (for its options; ``None`` for a bare kind name): raises
#: ``AssertionError``. Derived from ``composer.search.check.CHECKERS`` (same kinds, same verdicts);
#: options and their defaults come from the registry (``composer.rules.constraints``).
CONSTRAINT_CHECKS: dict[str, Callable[[Melody, Constraint | None], None]] = {kind: _check(kind) for kind in CHECKERS}


def _kinds(constraints: Iterable[Constraint | str]) -> list[tuple[str, Constraint | None]]:
    if isinstance(constraints, str):
        raise InvalidArgument(f"constraints={constraints!r} must be a collection of kinds or Constraints")
    kinds = []
    for c in constraints:
        kind = c.kind if isinstance(c, Constraint) else c
        if not isinstance(kind, str):
            raise InvalidArgument(f"constraint {c!r} must be a Constraint or a kind name")
        if kind in CONSTRAINT_CHECKS:
            kinds.append((kind, c if isinstance(c, Constraint) else None))
        elif kind in CONSTRAINT_KINDS and not CONSTRAINT_KINDS[kind].hard:
            continue  # soft kinds are weighted preferences, not rules a melody can break
        else:
            raise InvalidArgument(f"composer.testing has no check for constraint kind {kind!r}; "
                                  f"it checks: {', '.join(CONSTRAINT_CHECKS)} (soft kinds are skipped)")
    return kinds


def _failures(melody: Melody, constraints: Iterable[Constraint | str]) -> list[str]:
    out = []
    for kind, constraint in _kinds(constraints):
        try:
            CONSTRAINT_CHECKS[kind](melody, constraint)
        except AssertionError as e:
            out.append(f"{kind}: {e}")
    return out


def satisfies_constraints(melody: Melody, constraints: Iterable[Constraint | str]) -> bool:
    """Whether ``melody`` keeps every hard constraint in ``constraints`` (``Constraint`` s or kind names).

    Soft kinds are skipped; a hard kind without a check raises ``InvalidArgument``.
    """
    return not _failures(melody, constraints)


def assert_constraints(melody: Melody, constraints: Iterable[Constraint | str]) -> None:
    """Raise ``AssertionError`` naming every broken hard constraint, kind by kind.

    Parameters
    ----------
    melody : Melody
        Judged with its own ``parameters`` (key, mode, range, max_leap, meter).
    constraints : iterable of Constraint or str
        Typically ``style.evaluate(melody.affect, seed=melody.seed).constraints``.

    Raises
    ------
    InvalidArgument
        For a hard constraint kind that ``CONSTRAINT_CHECKS`` has no check for.
    """
    failures = _failures(melody, constraints)
    if failures:
        raise AssertionError("\n".join(failures))
