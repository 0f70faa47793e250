"""Scoring a long story: time per bar of ``compose_plan`` against bare ``compose`` calls for the same sections.

Usage: ``python benchmarks/score_story.py [CHAPTERS]`` (default 10 chapters of 75 paragraphs,
about 15,000 words, 100 scenes; 40 chapters is the 200-page story of the tests).

Prints: the reading time (``story_plan``), the composing time of the whole piece at full
length (every scene lasting its reading time), the same sections composed by bare
``composer.compose`` calls with the same bars and emotions (no keys chosen, no
continuation, no fitting: the reference), their ratio, the time per bar, and the time to
write the piece as MIDI.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import composer  # noqa: E402
from composer.story import compose_plan, story_plan  # noqa: E402

PARAGRAPHS = [
    "The knight rode through the dark forest while wolves howled in the distance. He was afraid, but he kept going!",
    "At dawn he reached the quiet village and rested by the warm fire. The children laughed and the baker sang.",
    "Then the dragon came! Fire rained on the roofs and people screamed and ran. The knight drew his sword.",
]


def main(chapters: int) -> None:
    text = "".join(f"Chapter {c}\n\n" + "".join(PARAGRAPHS[k % 3] + "\n\n" for k in range(75))
                   for c in range(1, chapters + 1))
    composer.compose(valence=0, arousal=0, bars=1)  # compile the kernels first
    t0 = time.perf_counter()
    plan = story_plan(text, scenes="paragraph")  # ~150-word scenes: many joins (the default cuts by emotion)
    t1 = time.perf_counter()
    piece = compose_plan(plan, seed=0)
    t2 = time.perf_counter()
    bars = sum(s.melody.bars for s in piece)
    for s in piece:  # the reference: the same bars and emotions, composed alone
        composer.compose(affect=s.affect, bars=s.melody.bars, seed=0)
    t3 = time.perf_counter()
    out = Path("/tmp/composer_benchmark_story.mid")
    piece.write(out, overwrite=True)
    t4 = time.perf_counter()
    words = len(text.split())
    print(f"story: {words} words, {len(plan)} scenes, {piece.seconds / 60:.1f} min of music, {bars} bars")
    print(f"reading (story_plan):            {t1 - t0:7.2f} s")
    print(f"composing the piece:             {t2 - t1:7.2f} s  ({(t2 - t1) / bars * 1000:.2f} ms per bar)")
    print(f"reference, bare compose calls:   {t3 - t2:7.2f} s  ({(t3 - t2) / bars * 1000:.2f} ms per bar)")
    print(f"ratio piece / reference:         {(t2 - t1) / (t3 - t2):7.2f}")
    print(f"writing MIDI:                    {t4 - t3:7.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
