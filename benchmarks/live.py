"""Live sessions: per-bar latency, CPU time and memory, beside composing each bar with ``composer.compose``.

What it measures (one process, one thread; run it alone on a quiet machine for the figures
that matter, and read the CPU-time columns when the machine is shared):

- **latency**: wall time from a ``Session.next_bar()`` call to its returned ``Bar`` (note
  events, times, MIDI messages ready), over ``--bars`` bars at the default beam, the emotion
  changing every 4 bars to a random point of the valence/arousal square (a big change closes
  the phrase first; see ``composer.live.session``). p50, p99, max; the same split into bars
  that started a new emotion (the segment's two one-bar problems compiled) and bars that did not.
- **CPU time** per bar (``time.thread_time``), whose p99 does not move with other processes.
- **reference**, in the same run: the public way without a session, ``composer.compose(bars=1,
  after=previous bar)`` per bar (style evaluated, problem compiled, searched, breakdown made;
  again without ``after`` when no lawful bar follows the last note, as the session does),
  over ``--reference-bars`` bars with the same emotions.
- **layers**: the same latency for ``--layer-bars`` bars of a ``--layer-style`` session
  (``game``: it arranges by default, so every bar from arousal -0.2 up is harmonised and
  arranged, ``composer.live.layers``), against the same session with ``layers=False`` in
  the same run.
- **memory**: ``tracemalloc`` over ``--memory-bars`` bars at ``--memory-beam``, the bars
  dropped as a game would drop them: traced memory at checkpoints, and its growth from the
  second checkpoint to the last.

    python benchmarks/live.py                       # 10,000 bars, memory over 10,000
    python benchmarks/live.py --bars 0 --reference-bars 0 --layer-bars 0 \
        --memory-bars 100000 --memory-beam 8        # the issue's memory run (about 5 min of CPU)
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
import tracemalloc

import numpy as np

import composer
from composer.compose import DEFAULT_BEAM_WIDTH
from composer.errors import SearchError
from composer.live import Session


def emotions(n: int, seed: int) -> np.ndarray:
    """The emotion asked for at each bar: a new random point every 4 bars, shape (n, 2)."""
    rng = np.random.default_rng(seed)
    points = np.round(rng.uniform(-1, 1, size=(n // 4 + 1, 2)), 2)
    return np.repeat(points, 4, axis=0)[:n]


def latency(bars: int, beam: int, seed: int, style: str = "default",
            layers: bool | None = None) -> dict[str, np.ndarray]:
    affects = emotions(bars, seed)
    s = Session(style, seed=seed, beam_width=beam, affect=tuple(affects[0]), layers=layers)
    s.next_bars(8)  # warm: numba compiled and loaded
    wall, cpu, changed = np.zeros(bars), np.zeros(bars), np.zeros(bars, dtype=bool)
    gc.disable()
    try:
        for i in range(bars):
            if i % 4 == 0:
                s.set_affect(tuple(affects[i]))
            t0, c0 = time.perf_counter(), time.thread_time()
            bar = s.next_bar()
            wall[i], cpu[i] = time.perf_counter() - t0, time.thread_time() - c0
            changed[i] = bool(bar.transition)
            if i % 256 == 255:
                gc.collect()  # outside the timed calls, as a game would between frames
    finally:
        gc.enable()
    return {"wall": wall * 1e3, "cpu": cpu * 1e3, "changed": changed}


def reference(bars: int, beam: int, seed: int) -> dict[str, np.ndarray]:
    affects = emotions(bars, seed)
    prev = composer.compose(valence=float(affects[0][0]), arousal=float(affects[0][1]), bars=1, seed=seed,
                            beam_width=beam)
    wall, cpu = np.zeros(bars), np.zeros(bars)
    for i in range(bars):
        t0, c0 = time.perf_counter(), time.thread_time()
        v, a = float(affects[i][0]), float(affects[i][1])
        try:
            prev = composer.compose(valence=v, arousal=a, bars=1, seed=seed + i, beam_width=beam, after=prev)
        except SearchError:  # no lawful bar from the last note: without it, as the session does
            prev = composer.compose(valence=v, arousal=a, bars=1, seed=seed + i, beam_width=beam)
        wall[i], cpu[i] = time.perf_counter() - t0, time.thread_time() - c0
    return {"wall": wall * 1e3, "cpu": cpu * 1e3}


def memory(bars: int, beam: int, seed: int, checkpoints: int = 10) -> list[tuple[int, float]]:
    affects = emotions(bars, seed)
    s = Session("default", seed=seed, beam_width=beam, affect=tuple(affects[0]))
    s.next_bars(8)
    gc.collect()
    tracemalloc.start()
    out = []
    step = max(1, bars // checkpoints)
    for i in range(bars):
        if i % 4 == 0:
            s.set_affect(tuple(affects[i]))
        s.next_bar()
        if (i + 1) % step == 0:
            gc.collect()
            out.append((i + 1, tracemalloc.get_traced_memory()[0] / 1024))
    tracemalloc.stop()
    return out


def row(name: str, x: np.ndarray) -> str:
    return (f"{name:<34} {np.percentile(x, 50):8.2f} {np.percentile(x, 99):8.2f} {x.max():8.2f} "
            f"{x.mean():8.2f}  (n={x.size})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bars", type=int, default=10_000)
    ap.add_argument("--reference-bars", type=int, default=300)
    ap.add_argument("--memory-bars", type=int, default=10_000)
    ap.add_argument("--memory-beam", type=int, default=DEFAULT_BEAM_WIDTH)
    ap.add_argument("--layer-bars", type=int, default=2_000)
    ap.add_argument("--layer-style", default="game")
    ap.add_argument("--beam", type=int, default=DEFAULT_BEAM_WIDTH)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"numpy {np.__version__}; beam {args.beam}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"\nper bar, ms                         {'p50':>8} {'p99':>8} {'max':>8} {'mean':>8}")
    if args.bars:
        lat = latency(args.bars, args.beam, args.seed)
        print(row("session next_bar, wall", lat["wall"]))
        print(row("session next_bar, CPU", lat["cpu"]))
        print(row("  bars that changed emotion, wall", lat["wall"][lat["changed"]]))
        print(row("  the other bars, wall", lat["wall"][~lat["changed"]]))
        print(row("  bars that changed emotion, CPU", lat["cpu"][lat["changed"]]))
        print(row("  the other bars, CPU", lat["cpu"][~lat["changed"]]))
    if args.reference_bars:
        ref = reference(args.reference_bars, args.beam, args.seed)
        print(row("reference compose(bars=1), wall", ref["wall"]))
        print(row("reference compose(bars=1), CPU", ref["cpu"]))
    if args.layer_bars:
        for layers in (True, False):
            lay = latency(args.layer_bars, args.beam, args.seed, style=args.layer_style, layers=layers)
            what = f"{args.layer_style}, layers {'on' if layers else 'off'}"
            print(row(f"{what}, wall", lay["wall"]))
            print(row(f"{what}, CPU", lay["cpu"]))
    if args.memory_bars:
        marks = memory(args.memory_bars, args.memory_beam, args.seed)
        print(f"\ntraced memory over {args.memory_bars} bars at beam {args.memory_beam} (KiB): "
              + ", ".join(f"{n}: {kib:.0f}" for n, kib in marks))
        if len(marks) > 2:
            print(f"growth from bar {marks[1][0]} to bar {marks[-1][0]}: {marks[-1][1] - marks[1][1]:+.1f} KiB")


if __name__ == "__main__":
    main()
