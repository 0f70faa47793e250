"""Peak memory of the largest inputs the limits allow, against references measured in the same run.

Run: python benchmarks/hostile_memory.py [audio_seconds]

Each figure is the peak resident memory (``ru_maxrss``) of a fresh subprocess doing one
thing, so imports are counted alike everywhere; the first row (import composer and
compose 4 bars) is the baseline the others are compared with:

* WAV: the same synthesised audio written the old way (``wav_bytes`` then one write:
  a PCM copy, a clip copy, a BytesIO and its value) and the streamed way
  (``write_wav``, one chunk at a time); the file size is shown beside them;
* the beam at the largest allowed size (bars x beam width = ``beam_cells``), and
  at 256 bars x 512;
* a corpus of the 37-byte MIDI bomb (refused before music21: about the baseline).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

_CHILD = r"""
import json, resource, sys, time
job, arg, folder = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
import composer
extra = {}
if job == "baseline":
    composer.compose(valence=0.2, arousal=0.1, bars=4)
elif job in ("wav_old", "wav_stream"):
    import dataclasses
    import numpy as np
    from composer.render.synth import synthesize, wav_bytes, write_wav
    m = composer.compose(valence=0.2, arousal=0.1, bars=4)
    perf = m.to_performance()
    seconds = float(arg)
    reps = int(seconds // perf.length) + 1
    onsets = np.concatenate([perf.onsets + k * perf.length for k in range(reps)])
    keep = onsets < seconds
    tile = lambda a: np.concatenate([a] * reps)[keep]
    long = dataclasses.replace(perf, onsets=onsets[keep], durations=tile(perf.durations), pitches=tile(perf.pitches),
                               velocities=tile(perf.velocities),
                               articulations=tuple(np.array(perf.articulations * reps)[keep]), length=seconds)
    samples = synthesize(long)
    path = folder + "/x.wav"
    if job == "wav_old":
        with open(path, "wb") as f:
            f.write(wav_bytes(samples))
    else:
        write_wav(path, samples)
    import os
    extra["file_mb"] = os.path.getsize(path) / 1e6
elif job == "beam":
    bars, width = (int(x) for x in arg.split("x"))
    composer.compose(valence=0.2, arousal=0.1, bars=bars, beam_width=width)
elif job == "bomb":
    import os
    from composer.models.corpus import read_files
    from tests.hostile.cases import GENERATORS
    os.makedirs(folder + "/c", exist_ok=True)
    open(folder + "/c/bomb.mid", "wb").write(GENERATORS["midi_bomb"]())
    import warnings
    warnings.simplefilter("ignore")
    extra["problems"] = len(read_files([folder + "/c"], use_cache=False).problems)
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "seconds": time.perf_counter() - t0, **extra}))
"""


def _run(job: str, arg: str = "") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, PYTHONPATH=os.getcwd())
        out = subprocess.run([sys.executable, "-c", _CHILD, job, arg or "-", folder], capture_output=True, text=True,
                             env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(audio_seconds: float = 600.0) -> None:
    from composer.limits import LIMITS

    cells = int(LIMITS["beam_cells"].high)
    rows = [
        ("baseline: import + compose 4 bars", "baseline", ""),
        (f"WAV {audio_seconds:g} s, whole-file bytes (old)", "wav_old", str(audio_seconds)),
        (f"WAV {audio_seconds:g} s, streamed in chunks", "wav_stream", str(audio_seconds)),
        (f"beam {cells // 4096} bars x 4096 (largest allowed)", "beam", f"{cells // 4096}x4096"),
        ("beam 256 bars x 512 (largest allowed)", "beam", f"256x{cells // 256}"),
        ("corpus of the 37-byte MIDI bomb", "bomb", ""),
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}")
    base = None
    for label, job, arg in rows:
        r = _run(job, arg)
        base = base or r["peak_mb"]
        extra = f"  file {r['file_mb']:.0f} MB" if "file_mb" in r else ""
        print(f"{label:48s} peak {r['peak_mb']:7.0f} MB  (+{r['peak_mb'] - base:6.0f} over baseline)  "
              f"{r['seconds']:6.1f} s{extra}")


if __name__ == "__main__":
    main(*(float(a) for a in sys.argv[1:2]))
