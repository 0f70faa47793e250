"""The adjustment plan: for each bar, how far each aspect moves, from the style and the input's cues.

For each bar the target emotion is evaluated by the style (``Style.evaluate``); each aspect
moves from where the input is (its cues, measured once by :mod:`composer.analysis`) toward
where the style would put it, by ``strength``, capped by the adjustment rules:

With the rules' ``toward: difference``, "where the input is" is replaced by the style's own
value at the centre of the square (valence 0, arousal 0) for every aspect but mode: each
aspect moves by the style's change from the centre to the target.

* mode: along the rules' brightness ladder, ``round(strength * distance)`` rungs;
* tempo: factor ``(style tempo / input tempo) ** strength``, within ``1/max_ratio .. max_ratio``;
* register: ``strength * (style register - input melody mean)`` semitones, capped, then
  rounded to scale steps (or whole octaves);
* velocity: ``strength * (style velocity - input mean velocity)``, capped;
* articulation: ``strength * (ratio of the style's articulation - input mean ratio)``, capped;
* density (off by default): notes per second ``rate * (style density / rate) ** strength``;
  what the tempo factor does not give is done by merging repeated notes or adding passing
  notes, at most ``max_share`` of a bar's notes.
"""

from __future__ import annotations

__all__ = ["BarPlan", "plan_bars", "ladder_position"]

import math
from dataclasses import dataclass

import numpy as np

from composer.adjust.pitch import parent_mode
from composer.adjust.rules import AdjustRules
from composer.affect import Affect
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


def ladder_position(mode: str, ladder: tuple[str, ...]) -> int | None:
    """Rung of ``mode`` on the ladder (harmonic minor and pentatonic scales on their parent's), or None."""
    m = "aeolian" if mode == "harmonic_minor" else parent_mode(mode)
    return ladder.index(m) if m in ladder else None


def _round(x: float) -> int:
    """Round half away from zero (so that strength 0.5 of one rung is a rung)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def plan_bars(affects: list[Affect], *, style: Style, rules: AdjustRules, cues: dict[str, float], mode: str,
              strength: float, keep: frozenset[str]) -> list[BarPlan]:
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
    mode : str
        The input's seven-note mode.
    strength : float
        In [0, 1]; 0 leaves every bar unchanged.
    keep : frozenset of str
        Aspects that must not move.
    """
    on = {a: rules.enabled[a] and a not in keep and strength > 0 for a in rules.enabled}
    if rules.toward == "difference":  # move by the style's own change from the centre of the square
        c = style.evaluate(Affect(0.0, 0.0)).parameters
        tempo_now, register_now, velocity_now = float(c.tempo), float(c.register), float(c.velocity)
        articulation_now = rules.ratios[c.articulation]
        density_now = float(c.density)
    else:
        tempo_now, register_now = cues["tempo"], cues["register"]
        velocity_now = cues["velocity"] if np.isfinite(cues["velocity"]) else DEFAULT_VELOCITY
        articulation_now = cues["articulation"]
        density_now = cues["notes/s"]
    rate = cues["notes/s"]
    cache: dict[tuple[float, float], BarPlan] = {}
    out = []
    for affect in affects:
        k = (round(affect.valence, 3), round(affect.arousal, 3))
        if k not in cache:
            ev = style.evaluate(Affect(*k))
            p = ev.parameters
            new_mode = mode
            here, there = ladder_position(mode, rules.ladder), ladder_position(p.mode, rules.ladder)
            if on["mode"] and here is not None and there is not None:
                rung = here + _round(strength * (there - here))
                if rung != here:
                    new_mode = rules.ladder[rung]
                    if new_mode == "aeolian" and rules.minor == "harmonic_minor":
                        new_mode = "harmonic_minor"
            factor = 1.0
            if on["tempo"] and tempo_now > 0:
                factor = float(np.clip((p.tempo / tempo_now) ** strength, 1 / rules.max_ratio, rules.max_ratio))
            steps = 0
            if on["register"]:
                semis = float(np.clip(strength * (p.register - register_now), -rules.max_semitones,
                                      rules.max_semitones))
                steps = 7 * _round(semis / 12) if rules.step == "octave" else _round(semis * 7 / 12)
            dv = 0.0
            if on["velocity"]:
                dv = float(round(np.clip(strength * (p.velocity - velocity_now), -rules.max_velocity,
                                         rules.max_velocity)))
            da = 0.0
            if on["articulation"]:
                da = float(np.clip(strength * (rules.ratios[p.articulation] - articulation_now),
                                   -rules.max_articulation, rules.max_articulation))
            dr = 1.0
            if on["density"] and rate > 0 and density_now > 0:
                # notes per second wanted, over what the tempo change alone gives: the rest is done by notes
                wanted = rate * (p.density / density_now) ** strength
                dr = float(np.clip(wanted / (rate * factor), 1 - rules.max_density, 1 + rules.max_density))
                dr = 1.0 if abs(dr - 1) < 0.02 else dr
            targets = {"mode": p.mode, "tempo": p.tempo, "register": p.register, "velocity": p.velocity,
                       "articulation": p.articulation, "density": p.density}
            sources = {a: ev.sources.get(a, "") for a in targets}
            cache[k] = BarPlan(affect, new_mode, factor, steps, dv, da, dr, targets, sources)
        out.append(cache[k])
    return out
