"""``Affect``: one point on Russell's valence/arousal circumplex, validated to [-1, 1]."""

from __future__ import annotations

__all__ = ["Affect"]

import math
from dataclasses import dataclass

from composer.errors import AffectError


def _check_axis(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AffectError(f"{name} must be a number in [-1, 1], got {value!r} ({type(value).__name__})")
    x = float(value)
    if math.isnan(x) or not -1.0 <= x <= 1.0:
        raise AffectError(f"{name} must be in [-1, 1], got {x!r}")
    return x


@dataclass(frozen=True)
class Affect:
    """An emotion as valence and arousal, each in [-1, 1].

    Parameters
    ----------
    valence : float
        Unpleasant (-1) to pleasant (+1).
    arousal : float
        Calm (-1) to excited (+1).

    Raises
    ------
    AffectError
        If either value is not a number or lies outside [-1, 1].

    Examples
    --------
    >>> Affect(0.7, 0.4)
    Affect(valence=0.7, arousal=0.4)
    """

    valence: float
    arousal: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "valence", _check_axis("valence", self.valence))
        object.__setattr__(self, "arousal", _check_axis("arousal", self.arousal))

    def as_dict(self) -> dict[str, float]:
        """Return ``{"valence": v, "arousal": a}``."""
        return {"valence": self.valence, "arousal": self.arousal}
