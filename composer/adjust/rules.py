"""Adjustment rules: which aspects move toward the style, and how far at most, read from YAML.

The rules live in their own small YAML schema (``composer/adjust/default.yaml`` ships with
the package); a style file may carry the same keys in an optional top-level ``adjust:``
section, and a rule file given to ``adjust`` overrides both. A rule file has the keys
``toward`` (see :data:`TOWARD`) and ``aspects``, with one entry per aspect in
:data:`ASPECTS`; every entry and field is optional and falls back to ``default.yaml``. Every problem is reported with the file, line and key.
"""

from __future__ import annotations

__all__ = ["ASPECTS", "TOWARD", "AdjustRules", "load_adjust_rules"]

import importlib.resources
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from composer.errors import RuleError, RuleIssue
from composer.rules.parameters import ARTICULATIONS
from composer.rules.suggest import suggest
from composer.rules.yamlsource import MAX_BYTES, LocatedDocument, read_yaml
from composer.theory.scales import MODES

if TYPE_CHECKING:
    from composer.rules import Style

#: The aspects an adjustment can move, in the order they are applied and reported.
ASPECTS: tuple[str, ...] = ("mode", "tempo", "register", "velocity", "articulation", "density", "harmony")

#: How far each aspect moves: ``style`` from the input's own value toward the style's value at
#: the target; ``difference`` by the style's own difference between the target and the centre
#: of the square (valence 0, arousal 0), from the input's value (the piece keeps its character).
#: ``farther``: toward the style's value, but at least as far as the style's own change from the
#: centre asks, in that direction (never against it). An aspect may name its own ``toward``.
TOWARD: tuple[str, ...] = ("style", "difference", "farther")

#: field -> (kind, low, high) of each aspect's numeric settings.
_NUMBERS: dict[str, dict[str, tuple[float, float]]] = {
    "mode": {},
    "tempo": {"max_ratio": (1.0, 4.0), "against_valence": (0.0, 1.0)},
    "register": {"max_semitones": (0.0, 24.0), "against_valence": (0.0, 1.0)},
    "velocity": {"max_change": (0.0, 126.0), "against_valence": (0.0, 1.0)},
    "articulation": {"max_change": (0.0, 1.0), "against_valence": (0.0, 1.0)},
    "density": {"max_share": (0.0, 1.0), "against_valence": (0.0, 1.0)},
    "harmony": {"shortfall": (0.0, 6.0)},
}
_OTHER: dict[str, tuple[str, ...]] = {
    "mode": ("enabled", "ladder", "minor"),
    "tempo": ("enabled", "toward"),
    "register": ("enabled", "step", "toward"),
    "velocity": ("enabled", "toward"),
    "articulation": ("enabled", "ratios", "toward"),
    "density": ("enabled", "toward"),
    "harmony": ("enabled",),
}
_SEVEN = tuple(m for m, s in MODES.items() if len(s) == 7 and m != "harmonic_minor")


@dataclass(frozen=True)
class AdjustRules:
    """The adjustment rules in force.

    Attributes
    ----------
    toward : str
        One of :data:`TOWARD`.
    enabled : dict of str to bool
        For each aspect of :data:`ASPECTS`, whether it moves.
    ladder : tuple of str
        Seven-note modes from bright to dark; a mode change moves along it.
    minor : str
        How a minor target is written: ``"aeolian"`` or ``"harmonic_minor"``.
    max_ratio : float
        Largest tempo factor (and smallest, as its inverse), >= 1.
    max_semitones : float
        Largest register shift of the melody's mean pitch, semitones.
    step : str
        ``"diatonic"`` (scale steps in the key) or ``"octave"``.
    max_velocity : float
        Largest velocity change, MIDI units.
    max_articulation : float
        Largest change of the mean sounding/onset-gap ratio.
    ratios : dict of str to float
        Target sounding/onset-gap ratio of each articulation a style can ask for.
    max_density : float
        Largest share of a bar's notes merged away or added as passing notes.
    shortfall : float
        Borrowed chords colour a bar when the ladder rungs from its (new) mode to the style's
        mode, times ``strength``, are at least this many (``composer.adjust.harmony``).
    toward_of : dict of str to str
        An aspect's own ``toward`` (one of :data:`TOWARD`), overriding ``toward`` for it.
    against_valence : dict of str to float
        For an aspect, the share of its move kept when the move would push perceived valence
        against the target's (by the valence sign of its cue in ``CUE_DIRECTIONS``); 1 if absent.
    sites : dict of str to str
        ``file:line (key)`` of each setting, for the report.
    """

    toward: str
    enabled: dict[str, bool]
    ladder: tuple[str, ...]
    minor: str
    max_ratio: float
    max_semitones: float
    step: str
    max_velocity: float
    max_articulation: float
    ratios: dict[str, float]
    max_density: float = 0.0
    shortfall: float = 0.25
    toward_of: dict[str, str] = field(default_factory=dict)
    against_valence: dict[str, float] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)


def _default_doc() -> LocatedDocument:
    text = importlib.resources.files("composer.adjust").joinpath("default.yaml").read_text(encoding="utf-8")
    return read_yaml(text, "composer/adjust/default.yaml")


class _Reader:
    """Reads one document's rules; ``root`` is where they sit in it (``("adjust",)`` in a style)."""

    def __init__(self, doc: LocatedDocument, root: tuple = ()):
        self.doc = doc
        self.root = root
        self.issues: list[RuleIssue] = []

    def fail(self, path: tuple, message: str) -> None:
        path = self.root + path
        self.issues.append(RuleIssue(self.doc.source, self.doc.line(path), ".".join(map(str, path)), message))

    def site(self, path: tuple) -> str:
        path = self.root + path
        return f"{self.doc.source}:{self.doc.line(path)} ({'.'.join(map(str, path))})"

    def read(self, into: dict[str, object], sites: dict[str, str]) -> None:
        data = self.doc.data
        for key in self.root:
            data = data.get(key) if isinstance(data, dict) else None
        if data is None:
            return
        if not isinstance(data, dict):
            self.fail((), "adjustment rules are a mapping with the keys 'toward' and 'aspects'")
            return
        for key in data:
            if key not in ("aspects", "toward"):
                self.fail((key,), f"unknown key '{key}'{suggest(key, ['aspects', 'toward'])}")
        if "toward" in data:
            if data["toward"] in TOWARD:
                into["toward"] = data["toward"]
                for a in ASPECTS:  # a later file's global toward overrides earlier files' per-aspect ones
                    into.pop(f"{a}.toward", None)
                sites["toward"] = self.site(("toward",))
            else:
                self.fail(("toward",), f"must be one of {', '.join(TOWARD)}, got {data['toward']!r}"
                                       f"{suggest(data['toward'], TOWARD)}")
        aspects = data.get("aspects") or {}
        if not isinstance(aspects, dict):
            self.fail(("aspects",), "must be a mapping of aspect -> settings")
            return
        for name, body in aspects.items():
            if name not in ASPECTS:
                self.fail(("aspects", name), f"unknown aspect '{name}'{suggest(name, ASPECTS)}")
                continue
            if not isinstance(body, dict):
                self.fail(("aspects", name), "must be a mapping of settings")
                continue
            for key, value in body.items():
                self.setting(name, key, value, into, sites)

    def setting(self, aspect: str, key: str, value: object, into: dict, sites: dict) -> None:
        path = ("aspects", aspect, key)
        allowed = tuple(_NUMBERS[aspect]) + _OTHER[aspect]
        if key not in allowed:
            self.fail(path, f"unknown setting '{key}' of {aspect}{suggest(key, allowed)}")
            return
        ok = True
        if key in _NUMBERS[aspect]:
            lo, hi = _NUMBERS[aspect][key]
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and lo <= value <= hi
            if not ok:
                self.fail(path, f"must be a number in [{lo:g}, {hi:g}], got {value!r}")
        elif key == "enabled":
            ok = isinstance(value, bool)
            if not ok:
                self.fail(path, f"must be true or false, got {value!r}")
        elif key == "ladder":
            ok = isinstance(value, list) and len(value) >= 2 and all(v in _SEVEN for v in value) \
                and len(set(value)) == len(value)
            if not ok:
                self.fail(path, f"must be a list of at least two different modes from {', '.join(_SEVEN)}, "
                                f"got {value!r}")
        elif key == "minor":
            ok = value in ("aeolian", "harmonic_minor")
            if not ok:
                self.fail(path, f"must be aeolian or harmonic_minor, got {value!r}"
                                f"{suggest(value, ('aeolian', 'harmonic_minor'))}")
        elif key == "toward":
            ok = value in TOWARD
            if not ok:
                self.fail(path, f"must be one of {', '.join(TOWARD)}, got {value!r}{suggest(value, TOWARD)}")
        elif key == "step":
            ok = value in ("diatonic", "octave")
            if not ok:
                self.fail(path, f"must be diatonic or octave, got {value!r}{suggest(value, ('diatonic', 'octave'))}")
        elif key == "ratios":
            ok = isinstance(value, dict) and all(
                k in ARTICULATIONS and isinstance(v, (int, float)) and not isinstance(v, bool) and 0.1 <= v <= 1.0
                for k, v in value.items())
            if not ok:
                self.fail(path, f"must map {', '.join(ARTICULATIONS)} to numbers in [0.1, 1], got {value!r}")
        if ok:
            into[f"{aspect}.{key}"] = value
            sites[f"{aspect}.{key}"] = self.site(path)


def load_adjust_rules(source: str | os.PathLike[str] | None = None, *, style: "Style | None" = None) -> AdjustRules:
    """Read adjustment rules: the shipped defaults, then a style's ``adjust:`` sections, then ``source``.

    Parameters
    ----------
    source : str or path-like, optional
        A YAML rule file (see the module docstring); ``None`` uses the shipped defaults
        (and the style's sections).
    style : Style, optional
        A style whose files (base first) may carry an optional top-level ``adjust:`` section
        with the same keys as a rule file.

    Raises
    ------
    RuleError
        Listing every problem with its file, line and key, and what is allowed.
    """
    values: dict[str, object] = {}
    sites: dict[str, str] = {}
    docs: list[tuple[LocatedDocument, tuple]] = [(_default_doc(), ())]
    for doc in getattr(style, "documents", ()):
        if isinstance(doc.data, dict) and "adjust" in doc.data:
            docs.append((doc, ("adjust",)))
    if source is not None:
        path = Path(source)
        if not path.is_file():
            raise RuleError([RuleIssue(str(path), None, "", "no such adjustment rule file")])
        if path.stat().st_size > MAX_BYTES:
            raise RuleError([RuleIssue(str(path), None, "", f"file over {MAX_BYTES} bytes")])
        docs.append((read_yaml(path.read_bytes(), str(path)), ()))
    issues: list[RuleIssue] = []
    for doc, root in docs:
        reader = _Reader(doc, root)
        reader.read(values, sites)
        issues.extend(reader.issues)
    if issues:
        raise RuleError(issues)
    ratios = {**{"legato": 1.0, "normal": 0.9, "staccato": 0.5}, **dict(values.get("articulation.ratios", {}))}
    return AdjustRules(
        toward=str(values.get("toward", "style")),
        enabled={a: bool(values.get(f"{a}.enabled", True)) for a in ASPECTS},
        ladder=tuple(values["mode.ladder"]),  # type: ignore[arg-type]
        minor=str(values["mode.minor"]),
        max_ratio=float(values["tempo.max_ratio"]),  # type: ignore[arg-type]
        max_semitones=float(values["register.max_semitones"]),  # type: ignore[arg-type]
        step=str(values["register.step"]),
        max_velocity=float(values["velocity.max_change"]),  # type: ignore[arg-type]
        max_articulation=float(values["articulation.max_change"]),  # type: ignore[arg-type]
        ratios={k: float(v) for k, v in ratios.items()},
        max_density=float(values["density.max_share"]),  # type: ignore[arg-type]
        shortfall=float(values["harmony.shortfall"]),  # type: ignore[arg-type]
        toward_of={a: str(values[f"{a}.toward"]) for a in ASPECTS if f"{a}.toward" in values},
        against_valence={a: float(values[f"{a}.against_valence"])  # type: ignore[arg-type]
                         for a in ASPECTS if f"{a}.against_valence" in values},
        sites=sites,
    )
