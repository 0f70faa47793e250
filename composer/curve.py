"""Emotions over time: ``AffectCurve`` (keyframes, interpolation) and ``smooth_affects``.

A curve is a sequence of ``(time in seconds, emotion)`` keyframes; any emotion form
``composer.affect.as_affect`` reads is accepted.
"""

from __future__ import annotations

__all__ = ["AffectCurve", "INTERPOLATIONS", "SMOOTHING_METHODS", "smooth_affects"]

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from composer.affect import Affect, AffectLike, as_affect
from composer.errors import AffectError
from composer.limits import LIMITS, exceeds
from composer.rules.suggest import hint


#: How an ``AffectCurve`` moves between keyframes.
INTERPOLATIONS: tuple[str, ...] = ("linear", "smooth", "step")
#: How ``smooth_affects`` and ``AffectCurve.smoothed`` average neighbouring keyframes.
SMOOTHING_METHODS: tuple[str, ...] = ("gaussian", "exponential")


def _check_positive_number(name: str, value: object, *, allow_zero: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise AffectError(f"{name} must be a number, got {value!r}")
    x = float(value)
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        raise AffectError(f"{name} must be a finite number {'>= 0' if allow_zero else '> 0'}, got {x!r}")
    return x


def smooth_affects(values: np.ndarray | Sequence[AffectLike], sigma: float, *, positions: Sequence[float] | np.ndarray | None = None,
                   method: str = "gaussian") -> np.ndarray:
    """Smooth a sequence of affects so that one outlying scene or keyframe does not jolt the music.

    Every output is a weighted mean (non-negative weights summing to 1) of the inputs,
    so results never leave [-1, 1].

    Parameters
    ----------
    values : array of shape (n, 2) or sequence of affect-likes
        Valence and arousal, in order.
    sigma : float
        Width of the smoothing in the units of ``positions`` (scenes when ``positions``
        is omitted, seconds for a curve). 0 returns the input unchanged.
    positions : array of shape (n,), optional
        Non-decreasing position of each value (defaults to 0, 1, 2, …).
    method : str
        ``"gaussian"``: each value becomes the mean of all values weighted by
        ``exp(-d**2 / (2 sigma**2))`` over their distance ``d`` (symmetric, no lag; the
        default). ``"exponential"``: a causal exponential moving average with time
        constant ``sigma`` (each value depends only on earlier ones, as in a live game).

    Returns
    -------
    numpy.ndarray of shape (n, 2), float64

    Examples
    --------
    >>> smooth_affects([(0, 0), (1, 1), (0, 0)], 1.0).round(3)
    array([[0.348, 0.348],
           [0.452, 0.452],
           [0.348, 0.348]])
    """
    if method not in SMOOTHING_METHODS:
        raise AffectError(f"unknown smoothing method {method!r}{hint(str(method), SMOOTHING_METHODS)}; "
                          f"use one of {', '.join(SMOOTHING_METHODS)}")
    s = _check_positive_number("sigma", sigma, allow_zero=True)
    if isinstance(values, np.ndarray):
        y = np.asarray(values, dtype=np.float64)
        if y.ndim != 2 or y.shape[1] != 2:
            raise AffectError(f"values must have shape (n, 2), got {y.shape}")
        if not np.all(np.isfinite(y)) or np.any(np.abs(y) > 1.0):
            raise AffectError("values must be finite and within [-1, 1]")
    else:
        y = np.array([[a.valence, a.arousal] for a in (as_affect(v, what=f"value {i}") for i, v in enumerate(values))],
                     dtype=np.float64).reshape(-1, 2)
    n = len(y)
    x = np.arange(n, dtype=np.float64) if positions is None else np.asarray(positions, dtype=np.float64)
    if x.shape != (n,):
        raise AffectError(f"positions must have one entry per value ({n}), got shape {x.shape}")
    if n and (not np.all(np.isfinite(x)) or np.any(np.diff(x) < 0)):
        raise AffectError("positions must be finite and non-decreasing")
    if s == 0.0 or n <= 1:
        return y.copy()
    out = np.empty_like(y)
    # A tiny sigma overflows distance / sigma to inf; exp(-inf) = 0 is the right limit (no smoothing).
    with np.errstate(over="ignore"):
        _smooth_into(out, y, x, s, method)
    return np.clip(out, -1.0, 1.0)


def _smooth_into(out: np.ndarray, y: np.ndarray, x: np.ndarray, s: float, method: str) -> None:
    """Write the smoothed values of ``y`` (shape (n, 2)) at positions ``x`` into ``out``."""
    n = len(y)
    if method == "exponential":
        out[0] = y[0]
        keep = np.exp(-np.diff(x) / s)
        for i in range(1, n):
            out[i] = keep[i - 1] * out[i - 1] + (1.0 - keep[i - 1]) * y[i]
    else:
        # Rows in blocks, and only neighbours within 5 sigma: memory stays O(n) for long stories.
        for i0 in range(0, n, 256):
            rows = x[i0:i0 + 256]
            lo = int(np.searchsorted(x, rows[0] - 5 * s, side="left"))
            hi = int(np.searchsorted(x, rows[-1] + 5 * s, side="right"))
            w = np.exp(-0.5 * ((rows[:, None] - x[None, lo:hi]) / s) ** 2)
            out[i0:i0 + 256] = (w @ y[lo:hi]) / w.sum(axis=1, keepdims=True)


def _pchip_slopes(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Fritsch–Carlson slopes of the monotone cubic through (x, y): no overshoot between knots."""
    h = np.diff(x)
    delta = np.diff(y) / h
    n = len(x)
    d = np.zeros(n)
    if n == 2:
        d[:] = delta[0]
        return d
    w1 = 2 * h[1:] + h[:-1]
    w2 = h[1:] + 2 * h[:-1]
    same = delta[:-1] * delta[1:] > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a tiny slope gives hm -> 0, correctly
        hm = (w1 + w2) / (w1 / delta[:-1] + w2 / delta[1:])
    d[1:-1] = np.where(same, hm, 0.0)

    def edge(h0: float, h1: float, m0: float, m1: float) -> float:
        e = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
        if np.sign(e) != np.sign(m0):
            return 0.0
        if np.sign(m0) != np.sign(m1) and abs(e) > abs(3 * m0):
            return 3 * m0
        return float(e)

    d[0] = edge(h[0], h[1], delta[0], delta[1])
    d[-1] = edge(h[-1], h[-2], delta[-1], delta[-2])
    return d


class AffectCurve:
    """Valence and arousal over time: keyframes joined by an interpolation.

    Times are in seconds from the start of the piece (use ``from_bars`` to give them in
    bars). Before the first keyframe and after the last the curve holds its end values.

    Parameters
    ----------
    keyframes : sequence of (time, affect-like) pairs, or mapping time -> affect-like
        At least one keyframe; times finite and strictly increasing; each affect an
        ``Affect``, a ``(valence, arousal)`` pair, a mapping or an emotion word.
    interpolation : str
        ``"linear"`` (straight lines), ``"smooth"`` (a monotone cubic, Fritsch–Carlson:
        continuous slope, and never beyond the neighbouring keyframes' values, so never
        outside [-1, 1]) or ``"step"`` (hold each keyframe until the next).

    Raises
    ------
    AffectError
        Naming the keyframe (its index and time) that is out of order, not finite, or
        has an emotion outside [-1, 1] or an unknown emotion word.

    Examples
    --------
    >>> curve = AffectCurve([(0, "calm"), (30, (-0.5, 0.8)), (60, "triumphant")])
    >>> a = curve(15)
    >>> round(a.valence, 3), round(a.arousal, 3)
    (0.015, 0.135)
    >>> [round(a.arousal, 2) for a in curve.segments(2)]
    [0.13, 0.67]
    """

    def __init__(self, keyframes: Iterable[tuple[float, AffectLike]] | Mapping[float, AffectLike], *,
                 interpolation: str = "linear"):
        if interpolation not in INTERPOLATIONS:
            raise AffectError(f"unknown interpolation {interpolation!r}{hint(str(interpolation), INTERPOLATIONS)}; "
                              f"use one of {', '.join(INTERPOLATIONS)}")
        if not isinstance(keyframes, (Mapping, Iterable)) or isinstance(keyframes, (str, bytes)):
            raise AffectError(f"an AffectCurve needs (time, affect) keyframes, got {type(keyframes).__name__}")
        items = list(keyframes.items()) if isinstance(keyframes, Mapping) else list(keyframes)
        if len(items) > LIMITS["curve_keyframes"].high:
            raise AffectError(f"{len(items)} keyframes: {exceeds('curve_keyframes', len(items))}")
        if not items:
            raise AffectError("an AffectCurve needs at least one keyframe")
        times: list[float] = []
        values: list[tuple[float, float]] = []
        for i, item in enumerate(items):
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                raise AffectError(f"keyframe {i}: expected a (time, affect) pair, got {item!r}")
            t_raw, a_raw = item
            if isinstance(t_raw, bool) or not isinstance(t_raw, (int, float, np.integer, np.floating)):
                raise AffectError(f"keyframe {i}: time must be a number of seconds, got {t_raw!r}")
            t = float(t_raw)
            if not math.isfinite(t):
                raise AffectError(f"keyframe {i}: time must be finite, got {t!r}")
            if times and t <= times[-1]:
                raise AffectError(f"keyframe {i} (t={t:g}): times must increase; keyframe {i - 1} is at t={times[-1]:g}")
            a = as_affect(a_raw, what=f"keyframe {i} (t={t:g})")
            times.append(t)
            values.append((a.valence, a.arousal))
        self.interpolation = interpolation
        self.times = np.array(times, dtype=np.float64)
        self.values = np.array(values, dtype=np.float64).reshape(-1, 2)
        self.times.setflags(write=False)
        self.values.setflags(write=False)
        self._slopes = (np.stack([_pchip_slopes(self.times, self.values[:, j]) for j in range(2)], axis=1)
                        if interpolation == "smooth" and len(times) > 1 else None)

    @classmethod
    def from_bars(cls, keyframes: Iterable[tuple[float, AffectLike]] | Mapping[float, AffectLike], *, tempo: float,
                  meter: str = "4/4", interpolation: str = "linear") -> AffectCurve:
        """Build a curve whose keyframe times are given in bars from the start (bar 0).

        Parameters
        ----------
        keyframes : sequence of (bars, affect-like) pairs, or mapping
            Times in bars, possibly fractional (1.5 is half-way through the second bar).
        tempo : float
            Quarter notes per minute, used to turn bars into seconds.
        meter : str
            Time signature, e.g. ``"3/4"``; one bar lasts ``bar_quarters * 60 / tempo`` seconds.
        interpolation : str
            As for the constructor.

        Examples
        --------
        >>> AffectCurve.from_bars([(0, "sad"), (8, "happy")], tempo=120).times.tolist()
        [0.0, 16.0]
        """
        from composer.theory.meter import get_meter

        try:
            bar_seconds = get_meter(meter).bar_quarters * 60.0 / _check_positive_number("tempo", tempo, allow_zero=False)
        except ValueError as e:
            raise AffectError(str(e)) from None
        if not isinstance(keyframes, (Mapping, Iterable)) or isinstance(keyframes, (str, bytes)):
            raise AffectError(f"an AffectCurve needs (time, affect) keyframes, got {type(keyframes).__name__}")
        items = list(keyframes.items()) if isinstance(keyframes, Mapping) else list(keyframes)
        if len(items) > LIMITS["curve_keyframes"].high:
            raise AffectError(f"{len(items)} keyframes: {exceeds('curve_keyframes', len(items))}")
        converted = []
        for i, item in enumerate(items):
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                raise AffectError(f"keyframe {i}: expected a (bars, affect) pair, got {item!r}")
            b = item[0]
            if isinstance(b, bool) or not isinstance(b, (int, float, np.integer, np.floating)):
                raise AffectError(f"keyframe {i}: time must be a number of bars, got {b!r}")
            converted.append((float(b) * bar_seconds, item[1]))
        return cls(converted, interpolation=interpolation)

    @property
    def start(self) -> float:
        """Time of the first keyframe, in seconds."""
        return float(self.times[0])

    @property
    def end(self) -> float:
        """Time of the last keyframe, in seconds."""
        return float(self.times[-1])

    @property
    def duration(self) -> float:
        """Seconds from the first to the last keyframe."""
        return self.end - self.start

    @property
    def keyframes(self) -> list[tuple[float, Affect]]:
        """The keyframes as ``(seconds, Affect)`` pairs."""
        return [(float(t), Affect(float(v), float(a))) for t, (v, a) in zip(self.times, self.values)]

    def __len__(self) -> int:
        return len(self.times)

    def __repr__(self) -> str:
        return f"AffectCurve({len(self)} keyframes, {self.start:g}s to {self.end:g}s, {self.interpolation})"

    def _piece_values(self, t: np.ndarray, piece: np.ndarray) -> np.ndarray:
        """Values at times ``t`` (each inside or at the ends of its ``piece``), shape (n, 2)."""
        x, y = self.times, self.values
        if len(x) == 1:
            return np.broadcast_to(y[0], (len(t), 2)).copy()
        x0, x1 = x[piece], x[piece + 1]
        y0, y1 = y[piece], y[piece + 1]
        h = (x1 - x0)[:, None]
        u = np.clip((t - x0)[:, None] / h, 0.0, 1.0)
        if self.interpolation == "step":
            out = np.where(u >= 1.0, y1, y0)
        elif self.interpolation == "linear":
            out = (1.0 - u) * y0 + u * y1  # exact at both ends
        else:
            d0, d1 = self._slopes[piece], self._slopes[piece + 1]  # type: ignore[index]
            u2, u3 = u * u, u * u * u
            out = ((2 * u3 - 3 * u2 + 1) * y0 + (u3 - 2 * u2 + u) * h * d0
                   + (-2 * u3 + 3 * u2) * y1 + (u3 - u2) * h * d1)
            # The monotone cubic stays between its end values; clip away rounding only.
            out = np.clip(out, np.minimum(y0, y1), np.maximum(y0, y1))
        return np.clip(out, -1.0, 1.0)

    def sample(self, times: float | Sequence[float] | np.ndarray) -> np.ndarray:
        """Valence and arousal at each of ``times`` (seconds).

        Returns
        -------
        numpy.ndarray of shape (n, 2), float64
            Column 0 valence, column 1 arousal.

        Raises
        ------
        AffectError
            If a time is not finite.
        """
        t = np.atleast_1d(np.asarray(times, dtype=np.float64))
        if t.ndim != 1:
            raise AffectError(f"times must be a number or a 1-d sequence, got shape {t.shape}")
        if not np.all(np.isfinite(t)):
            raise AffectError("times must be finite")
        tc = np.clip(t, self.times[0], self.times[-1])
        piece = np.clip(np.searchsorted(self.times, tc, side="right") - 1, 0, max(len(self.times) - 2, 0))
        return self._piece_values(tc, piece)

    def at(self, time: float) -> Affect:
        """The ``Affect`` at ``time`` seconds."""
        v, a = self.sample([time])[0]
        return Affect(float(v), float(a))

    __call__ = at

    def mean(self, t0: float, t1: float) -> Affect:
        """The mean ``Affect`` over ``[t0, t1]`` seconds (exact: Simpson's rule per piece, the pieces being at most cubic)."""
        a, b = float(t0), float(t1)
        if not (math.isfinite(a) and math.isfinite(b)) or b < a:
            raise AffectError(f"mean needs finite t0 <= t1, got {t0!r}, {t1!r}")
        if b == a:
            return self.at(a)
        edges = np.concatenate(([a], self.times[(self.times > a) & (self.times < b)], [b]))
        lo, hi = edges[:-1], edges[1:]
        mid = 0.5 * (lo + hi)
        piece = np.clip(np.searchsorted(self.times, np.clip(mid, self.times[0], self.times[-1]), side="right") - 1,
                        0, max(len(self.times) - 2, 0))
        # Outside the keyframes the curve is flat at its end values.
        def val(t: np.ndarray) -> np.ndarray:
            inside = np.clip(t, self.times[0], self.times[-1])
            out = self._piece_values(inside, piece)
            if self.interpolation == "step":
                out = self._piece_values(np.clip(mid, self.times[0], self.times[-1]), piece)
            return out

        total = ((hi - lo)[:, None] * (val(lo) + 4 * val(mid) + val(hi)) / 6.0).sum(axis=0) / (b - a)
        v, ar = np.clip(total, -1.0, 1.0)
        return Affect(float(v), float(ar))

    def segments(self, sections: int | Sequence[float]) -> list[Affect]:
        """The mean ``Affect`` of each section of the curve.

        Parameters
        ----------
        sections : int or sequence of float
            A number ``n`` of equal sections between the first and last keyframe, or the
            section boundaries in seconds (at least two, increasing).

        Returns
        -------
        list of Affect
            One per section, in order.
        """
        if isinstance(sections, (int, np.integer)) and not isinstance(sections, bool):
            if sections < 1:
                raise AffectError(f"sections must be at least 1, got {sections}")
            if sections > LIMITS["curve_segments"].high:
                raise AffectError(f"sections: {exceeds('curve_segments', int(sections))}")
            bounds = np.linspace(self.start, self.end, int(sections) + 1)
            if self.duration == 0:
                return [self.at(self.start)] * int(sections)
        else:
            bounds = np.asarray(list(sections), dtype=np.float64)
            if len(bounds) - 1 > LIMITS["curve_segments"].high:
                raise AffectError(f"sections: {exceeds('curve_segments', len(bounds) - 1)}")
            if bounds.ndim != 1 or len(bounds) < 2 or not np.all(np.isfinite(bounds)) or np.any(np.diff(bounds) <= 0):
                raise AffectError("section boundaries must be at least two finite, increasing times")
        return [self.mean(float(t0), float(t1)) for t0, t1 in zip(bounds[:-1], bounds[1:])]

    def smoothed(self, sigma: float, *, method: str = "gaussian") -> AffectCurve:
        """A new curve whose keyframe values are smoothed over time (see ``smooth_affects``).

        Parameters
        ----------
        sigma : float
            Width of the smoothing in seconds.
        method : str
            ``"gaussian"`` or ``"exponential"``.
        """
        y = smooth_affects(self.values, sigma, positions=self.times, method=method)
        return AffectCurve([(float(t), (float(v), float(a))) for t, (v, a) in zip(self.times, y)],
                           interpolation=self.interpolation)
