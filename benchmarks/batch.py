"""End-to-end output: MIDI written by mido from arrays against the music21 path, in the same run.

Run from the repository root::

    OMP_NUM_THREADS=1 python benchmarks/batch.py [--max-old-bars 1000] [--melodies 40] [--scenes 100] \
        [--jobs 10000] [--job-bars 1] [--only 1,2,3,4]

Prints three tables:

1. **Writing time per bar**, 10 to 3,000 bars: a 50-bar melody (default style, valence
   0.5, arousal 0.5, seed 0) tiled to the length, written to ``.mid`` by the music21 path
   (``melody_to_stream`` → ``performed_score`` → ``Score.write("midi")``, what ``write``
   did before) and by ``composer.render.midi`` (what it does now); to ``.musicxml`` by
   music21's exporter remaking the notation (``to_stream().write("musicxml")``, before) and
   by ``Melody.write`` (``composer.render.musicxml``: notation made measure by measure,
   collector paused; now); to ``.wav`` by the built-in synthesiser (``Melody.write``, up to
   the ``audio_seconds`` limit of 900 s). Milliseconds per bar, best of 3 (one run above
   300 bars), each after ``gc.collect()``. The "before" paths stop at ``--max-old-bars``.
2. **A story of ``--scenes`` scenes**: composed (``compose_plan`` over ``story_plan``, as
   ``benchmarks/score_story.py`` builds its text) and written to MIDI by each path.
3. **Melodies per second** end to end, 16 bars, default beam, one core: compose, MIDI
   (each path), MusicXML (each path); mean seconds per melody over ``--melodies`` emotion points on a
   grid of the valence/arousal square (seeds 0..), and melodies per second with MIDI +
   MusicXML written, before (music21 MIDI and MusicXML) and after (mido MIDI, MusicXML now).
4. **Batch throughput** (``composer.batch``) on ``--jobs`` point jobs (``--job-bars`` bars,
   MIDI, emotions on a grid, seeds from the batch seed): jobs per second in this process, on
   2 local processes, and on a Dask LocalCluster of 2 single-threaded worker processes
   (when the ``dask`` extra is installed; ``--pool-of-one`` adds a pool of 1 process); the
   speed-up over 1 in process; CPU milliseconds per job (this process and its children,
   ``getrusage``: on a shared machine the figure that does not depend on the other load)
   beside wall milliseconds per job; and the per-job overhead,
   ``(wall seconds × workers − the jobs' own compose + write seconds) / jobs``, which holds
   process start-up, scheduling, the manifest and checksums. For Dask the cluster is
   started and warmed first (``LocalCluster`` and a client, then ``4 × workers`` jobs so
   that each worker has imported composer and loaded the compiled search), timed apart
   and left out of the wall time (not of the CPU time).

5. **Arrangements' MIDI**: ``--arrangements`` arrangements of 16-bar melodies (every style in
   turn, emotions on a grid) and the arranged lighthouse cue sheet, written by each path;
   mean milliseconds per file.

``--only 1,2,3,4,5`` picks the tables.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import composer  # noqa: E402
from composer.render.midi import midi_bytes, sections_of  # noqa: E402
from composer.render.performed import performed_score  # noqa: E402
from composer.story import compose_plan, story_plan  # noqa: E402

PARAGRAPHS = [
    "The knight rode through the dark forest while wolves howled in the distance. He was afraid, but he kept going!",
    "At dawn he reached the quiet village and rested by the warm fire. The children laughed and the baker sang.",
    "Then the dragon came! Fire rained on the roofs and people screamed and ran. The knight drew his sword.",
]


def old_midi(source: object, path: Path) -> None:
    """The music21 path: the written score, its performed copy, music21's MIDI translator."""
    performed_score(source.to_stream()).write("midi", fp=path)


def new_midi(source: object, path: Path) -> None:
    """The mido path: ``composer.render.midi`` from the arrays."""
    sections, options = sections_of(source)
    path.write_bytes(midi_bytes(sections, **options))


def tiled(melody: composer.Melody, bars: int) -> composer.Melody:
    """``melody`` (whole bars) repeated and cut to ``bars`` bars."""
    reps = -(-bars // melody.bars)
    long = dataclasses.replace(melody, pitches=np.tile(melody.pitches, reps), ticks=np.tile(melody.ticks, reps),
                               velocities=np.tile(melody.velocities, reps), breakdown={})
    bar_ticks = long.total_ticks // long.bars
    keep = np.searchsorted(np.cumsum(long.ticks), bars * bar_ticks, side="right")
    return dataclasses.replace(long, pitches=long.pitches[:keep], ticks=long.ticks[:keep],
                               velocities=long.velocities[:keep])


def timed(fn, *args, repeat: int = 1) -> float:
    """Best wall seconds of ``repeat`` calls, each after a garbage collection (so that one
    call does not pay for the objects of the one before)."""
    import gc

    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


def old_musicxml(source: object, path: Path) -> None:
    """music21's exporter remaking the whole score's notation (what ``write`` did before)."""
    source.to_stream().write("musicxml", fp=path)


def written(source: object, path: Path) -> None:
    """What ``write`` does now for the file's ending."""
    source.write(path, overwrite=True)


def per_bar(tmp: Path, max_old_bars: int) -> None:
    from composer.limits import LIMITS

    base = composer.compose(0.5, 0.5, bars=50, seed=0)
    print("1. writing time per bar (ms), a melody tiled to the length")
    print(f"{'bars':>6} {'notes':>7} {'MIDI m21':>9} {'mido':>8} {'XML m21':>9} {'XML now':>8} {'WAV':>7}")
    for bars in (10, 30, 100, 300, 1000, 3000):
        m = tiled(base, bars)
        assert m.bars == bars, (m.bars, bars)
        repeat = 3 if bars <= 300 else 1
        old_ok = bars <= max_old_bars
        new = timed(new_midi, m, tmp / "new.mid", repeat=repeat)
        old = timed(old_midi, m, tmp / "old.mid", repeat=repeat) if old_ok else float("nan")
        xml_new = timed(written, m, tmp / "new.musicxml", repeat=repeat)
        xml_old = timed(old_musicxml, m, tmp / "old.musicxml", repeat=repeat) if old_ok else float("nan")
        audible = m.seconds <= LIMITS["audio_seconds"].high
        wav = timed(written, m, tmp / "new.wav", repeat=repeat) if audible else float("nan")
        print(f"{bars:>6} {int((m.pitches >= 0).sum()):>7} {old / bars * 1e3:>9.3f} {new / bars * 1e3:>8.3f} "
              f"{xml_old / bars * 1e3:>9.3f} {xml_new / bars * 1e3:>8.3f} {wav / bars * 1e3:>7.2f}", flush=True)


def story(tmp: Path, scenes: int) -> None:
    chapters = -(-scenes // 10)
    text = "".join(f"Chapter {c}\n\n" + "".join(PARAGRAPHS[k % 3] + "\n\n" for k in range(75))
                   for c in range(1, chapters + 1))
    t0 = time.perf_counter()
    plan = story_plan(text)
    piece = compose_plan(plan, seed=0)
    t1 = time.perf_counter()
    new = timed(new_midi, piece, tmp / "story_new.mid")
    old = timed(old_midi, piece, tmp / "story_old.mid")
    bars = sum(s.melody.bars for s in piece)
    print(f"\n2. a story of {len(plan)} scenes, {bars} bars, {piece.seconds / 60:.1f} min of music")
    print(f"   composed (story_plan + compose_plan): {t1 - t0:6.2f} s")
    print(f"   MIDI, music21 path:                   {old:6.2f} s  -> end to end {t1 - t0 + old:6.2f} s")
    print(f"   MIDI, mido path:                      {new:6.2f} s  -> end to end {t1 - t0 + new:6.2f} s")


def melodies(tmp: Path, n: int) -> None:
    side = int(np.ceil(np.sqrt(n)))
    grid = np.linspace(-0.9, 0.9, side)
    points = [(v, a) for v in grid for a in grid][:n]
    t = {"compose": 0.0, "midi_music21": 0.0, "midi_mido": 0.0, "musicxml_music21": 0.0, "musicxml_now": 0.0}
    for seed, (v, a) in enumerate(points):
        t0 = time.perf_counter()
        m = composer.compose(float(v), float(a), bars=16, seed=seed)
        t1 = time.perf_counter()
        old_midi(m, tmp / "o.mid")
        t2 = time.perf_counter()
        new_midi(m, tmp / "n.mid")
        t3 = time.perf_counter()
        old_musicxml(m, tmp / "o.musicxml")
        t4 = time.perf_counter()
        written(m, tmp / "m.musicxml")
        t5 = time.perf_counter()
        for key, dt in zip(t, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            t[key] += dt
    mean = {k: v / len(points) * 1e3 for k, v in t.items()}
    print(f"\n3. {len(points)} melodies of 16 bars, default style and beam: mean ms per melody")
    for k, v in mean.items():
        print(f"   {k:<14} {v:8.2f} ms")
    before = mean["compose"] + mean["midi_music21"] + mean["musicxml_music21"]
    after = mean["compose"] + mean["midi_mido"] + mean["musicxml_now"]
    print(f"   melodies per second, MIDI + MusicXML: before {1e3 / before:6.1f}, after {1e3 / after:6.1f}")
    print(f"   melodies per second, MIDI only:       before {1e3 / (mean['compose'] + mean['midi_music21']):6.1f}, "
          f"after {1e3 / (mean['compose'] + mean['midi_mido']):6.1f}")


def arrangements(tmp: Path, n: int) -> None:
    styles = sorted(composer.list_styles())
    grid = np.linspace(-0.8, 0.8, 5)
    pieces = [composer.arrange(composer.compose(float(grid[i % 5]), float(grid[i // 5 % 5]), bars=16,
                                                style=styles[i % len(styles)], seed=i, arrange=False)) for i in range(n)]
    old = sum(timed(old_midi, a, tmp / "a_old.mid") for a in pieces) / n
    new = sum(timed(new_midi, a, tmp / "a_new.mid") for a in pieces) / n
    print(f"\n5. arrangements' MIDI, {n} arrangements of 16 bars (3 parts): music21 {old * 1e3:.1f} ms, "
          f"mido {new * 1e3:.2f} ms per file ({old / new:.0f}x)")
    ap = composer.score_cues(ROOT / "examples" / "lighthouse.yaml")   # film: arranged by default
    bars = sum(s.melody.bars for s in ap.arranged_sections)
    old = timed(old_midi, ap, tmp / "p_old.mid")
    new = timed(new_midi, ap, tmp / "p_new.mid")
    print(f"   the arranged lighthouse cue sheet ({bars} bars): music21 {old * 1e3:.0f} ms, mido {new * 1e3:.1f} ms "
          f"({old / new:.0f}x)")


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def throughput(tmp: Path, n: int, bars: int, pool_of_one: bool = False) -> None:
    side = int(np.ceil(np.sqrt(n)))
    grid = np.linspace(-0.9, 0.9, side)
    jobs = [{"id": f"j{i:05d}", "valence": float(v), "arousal": float(a), "bars": bars}
            for i, (v, a) in enumerate((v, a) for v in grid for a in grid)][:n]
    runs: list[tuple[str, int, object]] = [("in process", 1, None)]
    if pool_of_one:
        runs.append(("1 local process pool", 1, "pool"))
    runs.append(("2 local processes", 2, None))
    try:
        from composer.batches.dask import dask_executor

        dask_executor(local_workers=2)  # raises when the extra is missing
        runs.append(("Dask LocalCluster, 2 workers", 2, "dask"))
    except composer.ComposerError as e:
        print(f"   (Dask skipped: {e})")
    print(f"\n4. batch throughput, {len(jobs)} jobs of {bars} bars written to MIDI")
    print(f"   {'how':<30} {'wall s':>7} {'jobs/s':>7} {'wall ms/job':>12} {'CPU ms/job':>11} {'overhead ms/job':>16}")
    per_second = {}
    for name, workers, kind in runs:
        out = tmp / name.replace(" ", "_").replace(",", "")
        executor, cluster, client, note = None, None, None, ""
        cpu = _cpu_seconds()
        if kind == "pool":
            from composer.batches.run import _process_pool as executor  # one worker process, for the overhead
        elif kind == "dask":  # started and warmed (each worker imports composer, loads the search) apart
            import distributed

            t = time.perf_counter()
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               dashboard_address=None)
            client = distributed.Client(cluster)
            warm = [dict(j, id=f"warm-{j['id']}") for j in jobs[:4 * workers]]
            composer.batch(warm, tmp / "dask-warm-up", executor=dask_executor(client=client), show_progress=False)
            note = f"   (start-up and warm-up {time.perf_counter() - t:.2f} s: not in wall; in CPU)"
            executor = dask_executor(client=client)
        t = time.perf_counter()
        rows = composer.batch(jobs, out, workers=workers, executor=executor, resume=False, show_progress=False)
        wall = time.perf_counter() - t
        if client is not None:
            client.close()
            cluster.close()
        cpu = _cpu_seconds() - cpu
        assert all(r["error"] is None for r in rows), [r["error"] for r in rows if r["error"]][:3]
        own = sum(r["seconds"]["compose"] + r["seconds"]["write"] for r in rows)
        per_second[name] = len(rows) / wall
        print(f"   {name:<30} {wall:7.2f} {len(rows) / wall:7.1f} {wall / len(rows) * 1e3:12.2f} "
              f"{cpu / len(rows) * 1e3:11.2f} {(wall * workers - own) / len(rows) * 1e3:16.2f}{note}", flush=True)
    for name, value in per_second.items():
        if name != "in process":
            print(f"   speed-up, {name} over 1 in process: {value / per_second['in process']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-old-bars", type=int, default=1000, help="longest melody written by the music21 path")
    ap.add_argument("--melodies", type=int, default=40)
    ap.add_argument("--scenes", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=10_000, help="jobs of the throughput table")
    ap.add_argument("--job-bars", type=int, default=1, help="bars of each job of the throughput table")
    ap.add_argument("--pool-of-one", action="store_true", help="table 4 also on a pool of 1 local process")
    ap.add_argument("--arrangements", type=int, default=10, help="arrangements of table 5")
    ap.add_argument("--only", default="1,2,3,4,5", help="which tables to run, e.g. 4 or 1,3")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs visible; python {sys.version.split()[0]}; composer {composer.__version__}")
    composer.compose(0, 0, bars=1)  # compile (or load) the kernels first
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        only = {int(x) for x in args.only.split(",")}
        if 1 in only:
            per_bar(tmp, args.max_old_bars)
        if 3 in only:
            melodies(tmp, args.melodies)
        if 2 in only:
            story(tmp, args.scenes)
        if 5 in only:
            arrangements(tmp, args.arrangements)
        if 4 in only:
            throughput(tmp, args.jobs, args.job_bars, args.pool_of_one)


if __name__ == "__main__":
    main()
