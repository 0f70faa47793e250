"""Argument checks for the strategies and predicates: each raises ``InvalidArgument`` naming the argument and what is allowed."""

from __future__ import annotations

__all__ = [
    "check_bool",
    "check_integer",
    "check_interval",
    "check_key",
    "check_meter",
    "check_mode",
    "check_number",
    "check_type",
]

import difflib
import math
import numbers

from hypothesis.errors import InvalidArgument

from composer.theory.meter import METERS
from composer.theory.scales import MODES, pitch_class

def _hint(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""

def check_type(typ: type | tuple[type, ...], value: object, name: str) -> None:
    """Raise unless ``value`` is an instance of ``typ`` (``bool`` never counts as a number)."""
    types = typ if isinstance(typ, tuple) else (typ,)
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        names = " or ".join(t.__name__ for t in types)
        raise InvalidArgument(f"{name}={value!r} must be of type {names}, not {type(value).__name__}")

def check_bool(value: object, name: str) -> bool:
    """Return ``value`` when it is a bool."""
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value

def check_integer(value: object, name: str, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int after checking its type and the inclusive bounds ``low``..``high``."""

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgument(f"{name}={value!r} must be an integer, not {type(value).__name__}")
    v = int(value)
    if (low is not None and v < low) or (high is not None and v > high):
        bounds = f"from {low} to {high}" if low is not None and high is not None else (
            f">= {low}" if low is not None else f"<= {high}")
        raise InvalidArgument(f"{name}={v} must be an integer {bounds}")
    return v

def check_number(value: object, name: str, low: float, high: float) -> float:
    """Return ``value`` as a float after checking it is a real number in [``low``, ``high``]."""

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgument(f"{name}={value!r} must be a real number, not {type(value).__name__}")
    v = float(value)
    if math.isnan(v) or not low <= v <= high:
        raise InvalidArgument(f"{name}={value!r} must be in [{low:g}, {high:g}]")
    return v

def check_interval(low: float, high: float, low_name: str, high_name: str) -> None:
    """Raise when the lower bound is above the upper bound."""
    if low > high:
        raise InvalidArgument(f"cannot have {low_name}={low!r} > {high_name}={high!r}")

def check_mode(value: object, name: str = "mode") -> str:
    """Return ``value`` when it is a mode name of ``composer.theory.MODES``."""
    if not isinstance(value, str):
        raise InvalidArgument(f"{name}={value!r} must be a mode name (a str); known modes: {', '.join(MODES)}")
    if value not in MODES:
        raise InvalidArgument(f"{name}={value!r} is not a known mode{_hint(value, list(MODES))}; "
                              f"known modes: {', '.join(MODES)}")
    return value

def check_meter(value: object, name: str = "meter") -> str:
    """Return ``value`` when it is a meter name of ``composer.theory.METERS``."""
    if not isinstance(value, str) or value not in METERS:
        raise InvalidArgument(f"{name}={value!r} is not a supported meter; supported meters: {', '.join(METERS)}")
    return value

def check_key(value: object, name: str = "key") -> int:
    """Return the tonic pitch class of a ``key`` argument: a pitch class 0..11 or a name such as ``"F#"``, ``"Bb"``, ``"E-"``."""

    if isinstance(value, bool) or not isinstance(value, (str, numbers.Integral)):
        raise InvalidArgument(f"{name}={value!r} must be a tonic: a pitch class 0..11 or a name such as 'F#' or 'Bb'")
    try:
        return pitch_class(int(value) if isinstance(value, numbers.Integral) else value)
    except ValueError as e:
        raise InvalidArgument(f"{name}={value!r}: {e}") from None
