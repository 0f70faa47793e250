"""The adjustment plan: for each bar, how far each aspect moves, from the style and the input's cues.

For each bar the target emotion is evaluated by the style (``Style.evaluate``); each aspect
moves from where the input is (its cues, measured once by :mod:`composer.analysis`) toward
where the style would put it, by ``strength``, capped by the adjustment rules:

With ``toward: difference`` (the rules', or an aspect's own), "where the input is" is
replaced by the style's own value at the centre of the square (valence 0, arousal 0): the
aspect moves by the style's change from the centre to the target; with ``toward: farther``
it moves toward the style's value but at least by that change, in its direction (the
shipped rules use it for register). A move that would push perceived valence against the
target's keeps the aspect's ``against_valence`` share (shipped: 0 for articulation).

* mode: along the rules' brightness ladder, ``round(strength * distance)`` rungs;
* tempo: factor ``(style tempo / input tempo) ** strength``, within ``1/max_ratio .. max_ratio``;
* register: ``strength * (style register - input melody mean)`` semitones, capped, then
  rounded to scale steps (or whole octaves);
* velocity: ``strength * (style velocity - input mean velocity)``, capped;
* articulation: ``strength * (ratio of the style's articulation - input mean ratio)``, capped;
* density (off by default): notes per second ``rate * (style density / rate) ** strength``;
  what the tempo factor does not give is done by merging notes off the beat or adding
  passing notes, at most ``max_share`` of a bar's notes;
* harmony: borrowed chords (-1 darker, +1 brighter) where the rungs still to go from the
  bar's new mode to the style's, times ``strength``, reach ``shortfall``.
"""

from __future__ import annotations

__all__ = ["ASPECT_CUES", "BarPlan", "plan_bars", "ladder_position"]

import math
from dataclasses import dataclass

import numpy as np

from composer.adjust.pitch import parent_mode
from composer.adjust.rules import AdjustRules
from composer.affect import Affect
from composer.analysis import CUE_DIRECTIONS
from composer.rules import Style

#: Velocity assumed for music that carries none (music21's default when writing MIDI).
DEFAULT_VELOCITY = 90.0


@dataclass(frozen=True)
class BarPlan:
    """What happens in one bar.

    Attributes
    ----------
    affect : Affect
        The target emotion of the bar.
    mode : str
        Mode the bar is mapped to (the input's own mode when it does not change).
    tempo_factor : float
        Multiplier of the input's tempo in the bar.
    steps : int
        Register shift in scale steps (7 = an octave).
    velocity_delta : float
        Added to every note's velocity, MIDI units.
    articulation_delta : float
        Change of the mean sounding/onset-gap ratio (negative: more detached).
    density_ratio : float
        Wanted notes per beat over the input's (1: unchanged; below 1 merge repeated
        notes, above 1 add passing notes).
    targets : dict of str to object
        The style's value for each aspect at ``affect`` (for the report).
    sources : dict of str to str
        Where in the style each of those values came from.
    source_mode : str
        The input's mode in this bar (its key span's).
    borrow : int
        Borrowed-chord colour (``composer.adjust.harmony``): -1 darker, +1 brighter, 0 none.
    withheld : frozenset of str
        Aspects whose move was cut by the rules' ``against_valence`` share (their move would
        have pushed perceived valence against the target's).
    """

    affect: Affect
    mode: str
    tempo_factor: float
    steps: int
    velocity_delta: float
    articulation_delta: float
    density_ratio: float
    targets: dict
    sources: dict
    withheld: frozenset = frozenset()
    source_mode: str = ""
    borrow: int = 0


def ladder_position(mode: str, ladder: tuple[str, ...]) -> int | None:
    """Rung of ``mode`` on the ladder (harmonic minor and pentatonic scales on their parent's), or None."""
    m = "aeolian" if mode == "harmonic_minor" else parent_mode(mode)
    return ladder.index(m) if m in ladder else None


def _round(x: float) -> int:
    """Round half away from zero (so that strength 0.5 of one rung is a rung)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


#: The cue of ``composer.analysis`` each numeric aspect moves (its valence sign is the cue table's).
ASPECT_CUES: dict[str, str] = {"tempo": "tempo", "register": "register", "velocity": "velocity",
                               "articulation": "articulation", "density": "notes/s"}
_LOG = ("tempo", "density")


def _move(aspect: str, here: float, centre: float, there: float, rules: AdjustRules, strength: float,
          valence: float) -> tuple[float, bool]:
    """How far one aspect moves at one target: a difference of values (tempo and density: of logs).

    ``toward`` (the aspect's own, else the rules') picks the move: ``style`` from ``here`` (the
    input) toward ``there`` (the style at the target), ``difference`` by ``there - centre``
    (the style's own change from the centre of the square), ``farther`` the style move but at
    least the difference in the difference's direction (never against it). A move that would
    push perceived valence against the target's (the sign of the aspect's cue in
    ``CUE_DIRECTIONS``) keeps only the rules' ``against_valence`` share of itself.

    Returns
    -------
    move : float
        Semitones, velocity units or ratio change; for tempo and density a log factor.
    cut : bool
        Whether the ``against_valence`` share applied.
    """
    if aspect in _LOG:
        if here <= 0 or centre <= 0 or there <= 0:
            return 0.0, False
        here, centre, there = math.log(here), math.log(centre), math.log(there)
    to_style, by_difference = there - here, there - centre
    toward = rules.toward_of.get(aspect, rules.toward)
    if toward == "difference":
        m = by_difference
    elif toward == "farther" and by_difference != 0:
        m = by_difference if to_style * by_difference <= 0 or abs(by_difference) > abs(to_style) else to_style
    else:
        m = to_style
    m *= strength
    sign = CUE_DIRECTIONS[ASPECT_CUES[aspect]][0] or 0
    share = rules.against_valence.get(aspect, 1.0)
    if m * sign * valence < 0 and share < 1:
        return m * share, True
    return m, False


def plan_bars(affects: list[Affect], *, style: Style, rules: AdjustRules, cues: dict[str, float],
              mode: str | list[str], strength: float, keep: frozenset[str]) -> list[BarPlan]:
    """One :class:`BarPlan` per bar.

    Parameters
    ----------
    affects : list of Affect
        Target emotion of each bar, length = number of bars.
    style : Style
        Gives the musical parameters at each emotion.
    rules : AdjustRules
        Which aspects move and their maximum amounts.
    cues : dict of str to float
        The input's cues (``composer.analysis.measure_cues``).
    mode : str or list of str
        The input's seven-note mode, or one per bar (a piece that changes key).
    strength : float
        In [0, 1]; 0 leaves every bar unchanged.
    keep : frozenset of str
        Aspects that must not move.
    """
    on = {a: rules.enabled[a] and a not in keep and strength > 0 for a in rules.enabled}
    c = style.evaluate(Affect(0.0, 0.0)).parameters
    centre = {"tempo": float(c.tempo), "register": float(c.register), "velocity": float(c.velocity),
              "articulation": rules.ratios[c.articulation], "density": float(c.density)}
    here = {"tempo": cues["tempo"], "register": cues["register"],
            "velocity": cues["velocity"] if np.isfinite(cues["velocity"]) else DEFAULT_VELOCITY,
            "articulation": cues["articulation"], "density": cues["notes/s"]}
    rate = cues["notes/s"]
    cache: dict[tuple[tuple[float, float], str], BarPlan] = {}
    out = []
    modes = [mode] * len(affects) if isinstance(mode, str) else list(mode)
    for affect, mode in zip(affects, modes):
        k = (round(affect.valence, 3), round(affect.arousal, 3))
        if (k, mode) not in cache:
            ev = style.evaluate(Affect(*k))
            p = ev.parameters
            there = {"tempo": float(p.tempo), "register": float(p.register), "velocity": float(p.velocity),
                     "articulation": rules.ratios[p.articulation], "density": float(p.density)}

            withheld: set[str] = set()

            def move(aspect: str) -> float:
                # tempo and density move in log space (a factor), the others by addition
                m, cut = _move(aspect, here[aspect], centre[aspect], there[aspect], rules, strength, k[0])
                if cut:
                    withheld.add(aspect)
                return m

            new_mode = mode
            rung_here, rung_there = ladder_position(mode, rules.ladder), ladder_position(p.mode, rules.ladder)
            if on["mode"] and rung_here is not None and rung_there is not None:
                rung = rung_here + _round(strength * (rung_there - rung_here))
                if rung != rung_here:
                    new_mode = rules.ladder[rung]
                    if new_mode == "aeolian" and rules.minor == "harmonic_minor":
                        new_mode = "harmonic_minor"
            borrow = 0
            if on["harmony"] and rung_here is not None and rung_there is not None:
                new_rung = ladder_position(new_mode, rules.ladder)
                short = strength * (rung_there - new_rung)  # the rungs still to go, at this strength
                if abs(short) >= rules.shortfall and short != 0:
                    borrow = -1 if short > 0 else 1   # the ladder runs bright to dark
            factor = 1.0
            if on["tempo"] and here["tempo"] > 0:
                factor = float(np.clip(math.exp(move("tempo")), 1 / rules.max_ratio, rules.max_ratio))
            steps = 0
            if on["register"]:
                semis = float(np.clip(move("register"), -rules.max_semitones, rules.max_semitones))
                steps = 7 * _round(semis / 12) if rules.step == "octave" else _round(semis * 7 / 12)
            dv = 0.0
            if on["velocity"]:
                dv = float(round(np.clip(move("velocity"), -rules.max_velocity, rules.max_velocity)))
            da = 0.0
            if on["articulation"]:
                da = float(np.clip(move("articulation"), -rules.max_articulation, rules.max_articulation))
            dr = 1.0
            if on["density"] and rate > 0 and here["density"] > 0:
                # notes per second wanted, over what the tempo change alone gives: the rest is done by notes
                dr = float(np.clip(math.exp(move("density")) / factor, 1 - rules.max_density, 1 + rules.max_density))
                dr = 1.0 if abs(dr - 1) < 0.02 else dr
            targets = {"mode": p.mode, "tempo": p.tempo, "register": p.register, "velocity": p.velocity,
                       "articulation": p.articulation, "density": p.density}
            sources = {a: ev.sources.get(a, "") for a in targets}
            cache[k, mode] = BarPlan(affect, new_mode, factor, steps, dv, da, dr, targets, sources,
                                     frozenset(withheld), mode, borrow)
        out.append(cache[k, mode])
    return out
