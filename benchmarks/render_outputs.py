"""Time every output format for one composed melody; print seconds per file and the synthesiser's speed.

Run: python benchmarks/render_outputs.py [bars]

Figures are relative to the same run: each format's time is also shown as a multiple of
the MIDI write, and the synthesiser's as a multiple of real time (audio seconds per
second of computing).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import composer
from composer.errors import MissingDependencyError
from composer.render import synthesize


def main(bars: int = 32) -> None:
    melody = composer.compose(valence=0.5, arousal=0.3, bars=bars, seed=1)
    print(f"{melody}")
    with tempfile.TemporaryDirectory() as folder:
        times: dict[str, float] = {}
        for ending in (".mid", ".musicxml", ".abc", ".svg", ".png", ".roll.png", ".wav"):
            best = float("inf")
            for i in range(3):
                start = time.perf_counter()
                try:
                    melody.write(Path(folder) / f"m{i}{ending}")
                except MissingDependencyError as exc:
                    print(f"{ending:10s} skipped: {exc}")
                    break
                best = min(best, time.perf_counter() - start)
            else:
                times[ending] = best
        base = times[".mid"]
        for ending, t in times.items():
            print(f"{ending:10s} {t * 1000:8.1f} ms  {t / base:6.2f} x MIDI")
    perf = melody.to_performance()
    start = time.perf_counter()
    samples = synthesize(perf)
    took = time.perf_counter() - start
    print(f"synthesiser: {samples.size / 44100:.1f} s of audio in {took * 1000:.0f} ms = {samples.size / 44100 / took:.0f} x real time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 32)
