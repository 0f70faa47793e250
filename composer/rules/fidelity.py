"""Does a style carry the emotion? Compose a small grid, read the cues back from the written
files, and compare each cue's direction with the cue table.

:func:`style_fidelity` (``Style.fidelity``, ``composer rules check --fidelity``) composes
``grid × grid`` points of the valence/arousal square (evenly spaced on
``[-SPAN, SPAN]``) with ``seeds`` seeds each, writes every melody as a MIDI file (the
performed lengths and velocities, ``composer.render.performed``), reads the cues back
through :mod:`composer.analysis` and reports, per cue and per axis, the mean Spearman rho
of the cue with that axis within each level of the other axis (so tempo's small valence
term is not drowned by its large arousal term). A cue the cue table gives a direction for
(:data:`composer.analysis.CUE_DIRECTIONS`) is

* ``follows`` when ``rho × direction >= min_rho``;
* ``flat`` when ``|rho| < min_rho`` (or it never changes);
* ``reversed`` when ``rho × direction <= -min_rho``;

and a cue the table says has little effect is ``moves`` when ``|rho| >= LITTLE_EFFECT``
(else ``still``). Every ``flat``, ``reversed`` or ``moves`` verdict (but those of the
cues in :data:`COVERED`) is a warning naming the style's rules
(file, line, key) that set the parameters behind the cue (:data:`CUE_PARAMETERS`).
A warning is advice, not an error: a style may deviate from the table on purpose
(and should say so in its comments).

Cost: one melody per point and seed, about 0.05-0.2 s to compose, write and read back once
the search is compiled; the defaults (4 × 4 points, 2 seeds, 8 bars: 32 melodies) take
about 3-10 s on one core, plus the search's start-up on the first call in a process.
"""

from __future__ import annotations

__all__ = [
    "COVERED",
    "CUE_PARAMETERS",
    "CueFidelity",
    "FidelityReport",
    "GridRun",
    "LITTLE_EFFECT",
    "MIN_RHO",
    "SPAN",
    "compose_grid",
    "style_fidelity",
]

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from composer.affect import Affect
from composer.analysis import CUE_DIRECTIONS, measure_cues, within_spearman
from composer.errors import ArgumentError

if TYPE_CHECKING:
    from composer.rules.parameters import Parameters
    from composer.rules.style import Style

#: Smallest |within-slice rho| that counts as a cue moving with an axis.
MIN_RHO = 0.2
#: |rho| from which a cue the table says barely moves ("little effect") is reported as moving.
LITTLE_EFFECT = 0.5
#: The grid spans [-SPAN, SPAN] on both axes.
SPAN = 0.9

#: cue -> the style parameters that move it (the rules a warning names).
CUE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "tempo": ("tempo",),
    "register": ("register",),
    "range": ("range",),
    "interval": ("max_leap",),
    "leaps": ("max_leap",),
    "notes/s": ("density", "tempo"),
    "velocity": ("velocity",),
    "articulation": ("articulation",),
    "staccato": ("articulation",),
    "brightness": ("mode",),
    "third": ("mode",),
}

#: Cues reported but never warned about, and the cue whose warning covers them: the staccato
#: share is a threshold on the articulation ratio, and a legato idiom (a hymn) never crosses it
#: while its articulation still moves.
COVERED: dict[str, str] = {"staccato": "articulation"}

_AXES = ("valence", "arousal")


@dataclass(frozen=True)
class CueFidelity:
    """How one cue follows one axis.

    Attributes
    ----------
    cue : str
        A name of ``composer.analysis.CUE_NAMES``.
    axis : str
        ``"valence"`` or ``"arousal"``.
    expected : int
        The cue table's direction: +1 rises, -1 falls, 0 little effect.
    rho : float
        Mean Spearman rho of the cue with ``axis`` within each level of the other axis
        (nan when the cue never changes).
    verdict : str
        ``follows``, ``flat``, ``reversed`` (a direction is expected), ``still`` or
        ``moves`` (little effect expected).
    rules : tuple of str
        ``file:line key`` of each rule behind the cue's parameters on the grid.
    """

    cue: str
    axis: str
    expected: int
    rho: float
    verdict: str
    rules: tuple[str, ...]

    @property
    def warns(self) -> bool:
        """True for ``flat``, ``reversed`` and ``moves``, except for the cues of :data:`COVERED`."""
        return self.verdict in ("flat", "reversed", "moves") and self.cue not in COVERED

    def warning(self) -> str:
        """One line saying what is wrong and which rules to look at."""
        want = {1: "rise", -1: "fall", 0: "barely move"}[self.expected]
        rho = "no change" if not np.isfinite(self.rho) else f"rho {self.rho:+.2f}"
        params = ", ".join(CUE_PARAMETERS[self.cue])
        where = "; ".join(self.rules) or "(no rule found)"
        state = "moves" if self.verdict == "moves" else f"is {self.verdict}"
        return (f"{self.cue} {state} with {self.axis} ({rho}; the cue table says it should {want}): "
                f"look at {params}: {where}")


@dataclass(frozen=True)
class FidelityReport:
    """What ``Style.fidelity`` measured.

    Attributes
    ----------
    style : str
        The style's name.
    points : ndarray of float64, shape (n, 2)
        (valence, arousal) of every melody composed.
    cues : dict of str to ndarray of float64, shape (n,)
        Each cue measured from each written file.
    rows : tuple of CueFidelity
        One per cue and axis with a stated direction, cues in ``CUE_DIRECTIONS`` order.
    grid, seeds, bars : int
        The grid's points per axis, seeds per point, bars per melody.
    seconds : float
        Wall time of the check.
    """

    style: str
    points: np.ndarray
    cues: dict[str, np.ndarray]
    rows: tuple[CueFidelity, ...]
    grid: int
    seeds: int
    bars: int
    seconds: float

    @property
    def warnings(self) -> list[str]:
        """One line per cue that is flat, reversed, or moves where the table expects little effect."""
        return [r.warning() for r in self.rows if r.warns]

    def rho(self, cue: str, axis: str) -> float:
        """The within-slice rho of ``cue`` with ``axis`` (see :class:`CueFidelity`)."""
        for r in self.rows:
            if r.cue == cue and r.axis == axis:
                return r.rho
        raise KeyError(f"no row for cue {cue!r} and axis {axis!r}")

    def __str__(self) -> str:
        lines = [f"fidelity of style {self.style}: {self.grid} x {self.grid} grid on "
                 f"[-{SPAN}, {SPAN}]^2, {self.seeds} seed(s), {self.bars} bars, read back from MIDI "
                 f"({self.seconds:.1f} s)",
                 f"  {'cue':<13}{'axis':<9}{'expected':>9}{'rho':>8}  verdict"]
        sign = {1: "+", -1: "-", 0: "~0"}
        for r in self.rows:
            rho = f"{r.rho:+.2f}" if np.isfinite(r.rho) else "  nan"
            lines.append(f"  {r.cue:<13}{r.axis:<9}{sign[r.expected]:>9}{rho:>8}  {r.verdict}")
        warnings = self.warnings
        lines.append(f"  {len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
        lines.extend(f"  warning: {w}" for w in warnings)
        return "\n".join(lines)


@dataclass(frozen=True)
class GridRun:
    """Melodies composed over a grid of the square, and the cues read back from their MIDI files.

    Attributes
    ----------
    points : ndarray of float64, shape (n, 2)
        (valence, arousal) of each melody.
    seeds : tuple of int, length n
        The seed of each melody.
    cues : dict of str to ndarray of float64, shape (n,)
        Each cue of ``composer.analysis.CUE_NAMES`` measured from each written file.
    parameters : tuple of Parameters, length n
        What the style chose for each melody (metre, instrument, mode ...).
    """

    points: np.ndarray
    seeds: tuple[int, ...]
    cues: dict[str, np.ndarray]
    parameters: tuple["Parameters", ...]


def compose_grid(style: "str | Style", *, grid: int, seeds: int, bars: int, span: float = SPAN,
                 arranged: bool = False, melody_part: int | None = None) -> GridRun:
    """Compose ``grid × grid × seeds`` melodies on ``[-span, span]^2``, write each as MIDI, read its cues.

    Valence is the outer loop, arousal the middle, the seed (0..seeds-1) the inner one. The
    MIDI files go to a temporary folder that is removed afterwards. With ``arranged`` each
    melody is arranged (``compose(arrange=True)``) and the cues are read from all its parts,
    the melodic ones from part ``melody_part`` alone when it is given (0: the melody, which
    composer writes first; ``composer.analysis.cues_of``).
    """
    from composer.compose import compose
    from composer.render.files import write

    axis = np.linspace(-span, span, grid)
    points, seed_list, measured, params = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="composer-fidelity-") as tmp:
        for v in axis:
            for a in axis:
                for s in range(seeds):
                    m = compose(valence=float(v), arousal=float(a), bars=bars, style=style, seed=s, arrange=arranged)
                    measured.append(measure_cues(write(m, Path(tmp) / f"{len(points)}.mid"), melody_part=melody_part))
                    points.append((float(v), float(a)))
                    seed_list.append(s)
                    params.append(m.parameters)
    cues = {c: np.array([row[c] for row in measured]) for c in CUE_DIRECTIONS}
    return GridRun(np.array(points), tuple(seed_list), cues, tuple(params))


def _verdict(rho: float, expected: int, min_rho: float) -> str:
    if expected == 0:
        return "moves" if np.isfinite(rho) and abs(rho) >= LITTLE_EFFECT else "still"
    if not np.isfinite(rho) or abs(rho) < min_rho:
        return "flat"
    return "follows" if rho * expected > 0 else "reversed"


def style_fidelity(style: "Style", *, grid: int = 4, seeds: int = 2, bars: int = 8,
                   min_rho: float = MIN_RHO) -> FidelityReport:
    """Compose a grid with ``style``, read the cues back from MIDI files, compare with the cue table.

    Parameters
    ----------
    style : Style
        A loaded style.
    grid : int, optional
        Points per axis, 2..9 (evenly spaced on ``[-SPAN, SPAN]``).
    seeds : int, optional
        Seeds per point, 1..8.
    bars : int, optional
        Bars per melody, 2..16.
    min_rho : float, optional
        Smallest |rho| in (0, 1) that counts as a cue moving.

    Returns
    -------
    FidelityReport
        Per cue and axis the within-slice rho and a verdict; ``warnings`` lists the problems.

    Raises
    ------
    ArgumentError
        For a grid, seed count, bar count or threshold outside the ranges above.
    """
    for name, value, lo, hi in (("grid", grid, 2, 9), ("seeds", seeds, 1, 8), ("bars", bars, 2, 16)):
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            raise ArgumentError(f"fidelity: {name} must be an integer from {lo} to {hi}, got {value!r}")
    if not 0 < float(min_rho) < 1:
        raise ArgumentError(f"fidelity: min_rho must lie in (0, 1), got {min_rho!r}")
    t0 = time.perf_counter()
    grid_run = compose_grid(style, grid=grid, seeds=seeds, bars=bars)
    pts, cues = grid_run.points, grid_run.cues
    sites: dict[str, set[tuple[str, int | None, str]]] = {}
    for (v, a), s in zip(pts.tolist(), grid_run.seeds):
        for p in style.explain(Affect(v, a), seed=s).parameters:
            sites.setdefault(p.name, set()).add((p.file, p.line, p.key))
    rows = []
    for cue, directions in CUE_DIRECTIONS.items():
        for i, (ax, expected) in enumerate(zip(_AXES, directions)):
            if expected is None:
                continue
            rho = within_spearman(pts[:, i], pts[:, 1 - i], cues[cue])
            where = sorted({(f, ln or 0, k) for p in CUE_PARAMETERS[cue] for f, ln, k in sites.get(p, ())})
            rules = tuple(f"{f}:{ln} {k}" if ln else f"{f} {k}" for f, ln, k in where)
            rows.append(CueFidelity(cue, ax, int(expected), rho, _verdict(rho, int(expected), min_rho), rules))
    return FidelityReport(style=style.name, points=pts, cues=cues, rows=tuple(rows), grid=grid,
                          seeds=seeds, bars=bars, seconds=time.perf_counter() - t0)
