"""Harmony: composer's harmoniser against the human chords and an HMM on held-out Nottingham tunes.

Run from the repository root (needs ``../shared/data/nottingham``, or ``--data``)::

    OMP_NUM_THREADS=1 python benchmarks/harmony.py [--data PATH] [--limit N] [--cache FILE]

Each tune of the Nottingham collection (ABC with chord symbols) is read once: its key
(the ABC ``K:`` field), its metre, its melody quantised to sixteenth-note ticks (a pickup
bar shifted so bar lines fall where they are written) and the human chord sounding at
the start of each harmonic slot (two per bar in 4/4 and 6/8, one per bar in 2/4 and
3/4). Tunes in other metres, without chords, or with chords the vocabulary of
``composer.harmony.chords`` cannot spell are left out. Tunes are split by a hash of
their title: one in five is held out for testing (and every tune sharing its title), the
rest train the HMM. composer's own harmoniser never sees Nottingham: its chord model is
counted from the Bach chorales (``corpora/harmony_bach.npz``).

Three chord sequences per test tune, on the same slots:

* **human**: the tune's own chord symbols;
* **composer**: ``composer.harmony.harmonise_arrays`` with the folk style's weights
  (chromaticism 0.05, sevenths 0.1; ``--chromaticism``, ``--sevenths``, ``--stay`` change
  them), phrase length 4 bars. Weights are chosen with ``--split train`` (every fourth
  training tune), never on the held-out tunes;
* **HMM**: a first-order hidden Markov model over the same vocabulary trained on the
  training split (chord-to-chord transitions at slot level, repeats included; melody
  pitch class given the chord, weighted by duration), decoded by Viterbi.

Metrics (Yeh et al. 2021, "Automatic melody harmonization with triad chords: a
comparative study", J. New Music Research 50(1)), per tune then averaged over tunes:

* CHE, chord histogram entropy: entropy (natural log) of the slot chords' histogram;
* CC, chord coverage: number of distinct chords;
* CTD, chord tonal distance: mean Euclidean distance between the 6-D tonal centroids
  (Harte, Sandler & Gasser 2006) of successive slot chords;
* CTnCTR, chord-tone to non-chord-tone ratio: per sixteenth of melody,
  (chord tones + non-chord tones followed by a chord tone within 2 semitones) /
  (chord tones + non-chord tones);
* PCS, pitch consonance score: per sixteenth of melody and per chord tone, the interval
  from the chord tone up to the melody's pitch class: +1 for a unison, third, fifth or
  sixth, 0 for a fourth, -1 otherwise, averaged;
* MCTD, melody-chord tonal distance: per sixteenth of melody, the Euclidean distance
  between the melody note's tonal centroid and the chord's, averaged (the paper's
  definition; its published code takes the absolute sum of differences instead);

plus agreement with the human labels per slot: the same root, and the same root and
triad quality (major, minor, diminished; a seventh chord counts as its triad).
"""

from __future__ import annotations

import argparse
import pickle
import platform
import sys
import time
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from composer.harmony.chords import N_CHORDS, VOCABULARY, chord_pitch_classes, classify_pitch_classes  # noqa: E402
from composer.harmony.harmoniser import harmonise_arrays  # noqa: E402
from composer.harmony.viterbi import viterbi  # noqa: E402
from composer.theory.meter import METERS  # noqa: E402

_MODES = {"major": "ionian", "minor": "aeolian", "dorian": "dorian", "mixolydian": "mixolydian",
          "lydian": "lydian", "phrygian": "phrygian", "aeolian": "aeolian", "ionian": "ionian"}
_SLOTS = {"4/4": 2, "6/8": 2, "2/4": 1, "3/4": 1}


def read_tunes(folder: Path, limit: int | None) -> list[dict]:
    """Parse every ABC file in ``folder``; return the usable tunes as dicts of arrays."""
    from music21 import converter, harmony, key, note

    tunes = []
    for path in sorted(folder.glob("*.abc")):
        opus = converter.parse(str(path))
        for score in opus.scores:
            if limit is not None and len(tunes) >= limit:
                return tunes
            part = score.parts[0]
            flat = part.flatten()
            ts = flat.getElementsByClass("TimeSignature")
            keys = flat.getElementsByClass(key.Key)
            if not len(ts) or ts[0].ratioString not in _SLOTS or not len(keys) or keys[0].mode not in _MODES:
                continue
            meter = ts[0].ratioString
            measures = part.getElementsByClass("Measure")
            shift = float(measures[0].paddingLeft) if len(measures) else 0.0
            notes = [(float(n.offset) + shift, float(n.quarterLength), n.pitch.midi) for n in flat.notes
                     if isinstance(n, note.Note) and n.quarterLength > 0]
            chords = [(float(c.offset) + shift, c) for c in flat.getElementsByClass(harmony.ChordSymbol)]
            if len(notes) < 8 or len(chords) < 2:
                continue
            ticks_ok = all(abs(o * 4 - round(o * 4)) < 1e-6 and abs(q * 4 - round(q * 4)) < 1e-6 for o, q, _ in notes)
            if not ticks_ok:
                continue
            tonic = keys[0].tonic.pitchClass
            pitches, lengths, t = [], [], 0
            for o, q, m in notes:
                on, ln = round(o * 4), round(q * 4)
                if on < t:
                    break
                if on > t:
                    pitches.append(-1)
                    lengths.append(on - t)
                pitches.append(m)
                lengths.append(ln)
                t = on + ln
            else:
                bar = METERS[meter].bar_ticks
                if t % bar:
                    pitches.append(-1)
                    lengths.append(bar - t % bar)
                human = []
                for o, c in chords:
                    if not c.pitches:       # a symbol music21 cannot spell: the tune is left out
                        human.append((0, None))
                        break
                    pcs = {(p.pitchClass - tonic) % 12 for p in c.pitches}
                    idx = classify_pitch_classes(pcs, bass=(c.root().pitchClass - tonic) % 12)
                    human.append((round(o * 4), idx))
                if any(h[1] is None for h in human):
                    continue
                tunes.append({"title": score.metadata.title or path.stem, "meter": meter, "tonic": tonic,
                              "mode": _MODES[keys[0].mode], "pitches": np.array(pitches), "ticks": np.array(lengths),
                              "chords": human})
    return tunes


def slot_onsets(tune: dict) -> np.ndarray:
    bar = METERS[tune["meter"]].bar_ticks
    hr = _SLOTS[tune["meter"]]
    total = int(tune["ticks"].sum())
    return np.arange(0, total, bar // hr)


def human_slots(tune: dict) -> np.ndarray:
    on = slot_onsets(tune)
    ch_on = np.array([c[0] for c in tune["chords"]])
    ch = np.array([c[1] for c in tune["chords"]])
    idx = np.searchsorted(ch_on, on, side="right") - 1
    return np.where(idx >= 0, ch[np.maximum(idx, 0)], ch[0])


def melody_grid(tune: dict) -> np.ndarray:
    """Key-relative pitch class sounding at each sixteenth (-1 in rests), shape (total ticks,)."""
    out = []
    for p, t in zip(tune["pitches"], tune["ticks"]):
        out += [-1 if p < 0 else (int(p) - tune["tonic"]) % 12] * int(t)
    return np.array(out)


def _side(mode: str) -> int:
    return 0 if mode in ("ionian", "lydian", "mixolydian") else 1


class HMM:
    """First-order HMM over the vocabulary, counted from training tunes at slot level."""

    def __init__(self, tunes: list[dict], alpha: float = 0.1) -> None:
        trans = np.full((2, N_CHORDS, N_CHORDS), alpha)
        emit = np.full((2, N_CHORDS, 12), alpha)
        start = np.full((2, N_CHORDS), alpha)
        for t in tunes:
            s = _side(t["mode"])
            h = human_slots(t)
            start[s, h[0]] += 1
            for a, b in zip(h, h[1:]):
                trans[s, a, b] += 1
            grid = melody_grid(t)
            on = slot_onsets(t)
            for k, o in enumerate(on):
                seg = grid[o:(on[k + 1] if k + 1 < len(on) else len(grid))]
                for pc in seg[seg >= 0]:
                    emit[s, h[k], pc] += 1
        self.trans = np.log(trans / trans.sum(-1, keepdims=True))
        self.emit = np.log(emit / emit.sum(-1, keepdims=True))
        self.start = np.log(start / start.sum(-1, keepdims=True))

    def harmonise(self, tune: dict) -> np.ndarray:
        s = _side(tune["mode"])
        grid = melody_grid(tune)
        on = slot_onsets(tune)
        unary = np.zeros((len(on), N_CHORDS))
        for k, o in enumerate(on):
            seg = grid[o:(on[k + 1] if k + 1 < len(on) else len(grid))]
            for pc in seg[seg >= 0]:
                unary[k] += self.emit[s, :, pc] / 4.0   # per quarter note
        return viterbi(unary, self.trans[s], self.start[s])[0]


def composer_slots(tune: dict, **weights: float) -> np.ndarray:
    h = harmonise_arrays(tune["pitches"], tune["ticks"], tonic=tune["tonic"], mode=tune["mode"],
                         meter=tune["meter"], harmonic_rhythm=_SLOTS[tune["meter"]], phrase_bars=4, **weights)
    return h.chords


# --- metrics --------------------------------------------------------------------------------------------------
_R = np.array([1.0, 1.0, 0.5])
_ANG = np.array([7 * np.pi / 6, 3 * np.pi / 2, 2 * np.pi / 3])


def centroid(pcs) -> np.ndarray:
    """Tonal centroid (Harte et al. 2006), shape (6,), the mean over the pitch classes ``pcs``."""
    v = np.zeros(6)
    for p in pcs:
        for k in range(3):
            v[2 * k] += _R[k] * np.sin(p * _ANG[k])
            v[2 * k + 1] += _R[k] * np.cos(p * _ANG[k])
    return v / max(len(pcs), 1)


def metrics(tune: dict, slots: np.ndarray) -> dict[str, float]:
    on = slot_onsets(tune)
    grid = melody_grid(tune)
    chord_pcs = [chord_pitch_classes(int(c)) for c in slots]
    counts = np.bincount(slots, minlength=N_CHORDS) / len(slots)
    nz = counts[counts > 0]
    che = float(-(nz * np.log(nz)).sum())
    cc = float(len(nz))
    ctd = float(np.mean([np.linalg.norm(centroid(a) - centroid(b)) for a, b in zip(chord_pcs, chord_pcs[1:])])) \
        if len(slots) > 1 else 0.0
    slot_of = np.searchsorted(on, np.arange(len(grid)), side="right") - 1
    c = n = p = 0
    pcs_score = pcs_count = 0
    mctd = []
    for i, m in enumerate(grid):
        if m < 0:
            continue
        tones = chord_pcs[slot_of[i]]
        if m in tones:
            c += 1
        else:
            n += 1
            for j in range(i + 1, len(grid)):
                if grid[j] >= 0 and grid[j] != m:
                    if grid[j] in tones and abs(int(grid[j]) - int(m)) <= 2:
                        p += 1
                    break
        for t in tones:
            iv = (int(m) - t) % 12          # the melody above the chord tone
            pcs_count += 1
            pcs_score += 1 if iv in (0, 3, 4, 7, 8, 9) else 0 if iv == 5 else -1
        mctd.append(np.linalg.norm(centroid([m]) - centroid(tones)))
    return {"CHE": che, "CC": cc, "CTD": ctd, "CTnCTR": (c + p) / max(c + n, 1),
            "PCS": pcs_score / max(pcs_count, 1), "MCTD": float(np.mean(mctd)) if mctd else 0.0}


def _triad(i: int) -> tuple[int, str]:
    q = VOCABULARY[i].quality
    return VOCABULARY[i].root, {"maj": "maj", "dom7": "maj", "maj7": "maj", "min": "min", "min7": "min"}.get(q, "dim")


def agreement(pred: np.ndarray, human: np.ndarray) -> tuple[float, float]:
    root = np.mean([VOCABULARY[a].root == VOCABULARY[b].root for a, b in zip(pred, human)])
    qual = np.mean([_triad(a) == _triad(b) for a, b in zip(pred, human)])
    return float(root), float(qual)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "nottingham")
    ap.add_argument("--limit", type=int, default=None, help="read at most N tunes")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the parsed tunes (written if missing)")
    ap.add_argument("--split", choices=("test", "train"), default="test",
                    help="harmonise the held-out tunes (the figures) or the training tunes (for choosing weights)")
    ap.add_argument("--chromaticism", type=float, default=0.05, help="composer's weight (default: the folk style's)")
    ap.add_argument("--sevenths", type=float, default=0.1, help="composer's weight (default: the folk style's)")
    ap.add_argument("--stay", type=float, default=None, help="composer's repeat probability (default: STAY)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.cache and args.cache.exists():
        tunes = pickle.loads(args.cache.read_bytes())
    else:
        tunes = read_tunes(args.data, args.limit)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(tunes))
    t_read = time.perf_counter() - t0
    test_titles = {t["title"] for t in tunes if zlib.crc32(t["title"].encode()) % 5 == 0}
    test = [t for t in tunes if t["title"] in test_titles]
    train = [t for t in tunes if t["title"] not in test_titles]
    hmm = HMM(train)
    if args.split == "train":
        test = train[::4]
    weights = {"chromaticism": args.chromaticism, "sevenths": args.sevenths}
    if args.stay is not None:
        weights["stay"] = args.stay
    rows: dict[str, list[dict]] = {"human": [], "composer": [], "HMM": []}
    agree: dict[str, list[tuple[float, float]]] = {"composer": [], "HMM": []}
    t1 = time.perf_counter()
    timing = {"composer": 0.0, "HMM": 0.0}
    for tune in test:
        human = human_slots(tune)
        rows["human"].append(metrics(tune, human))
        for name, fn in (("composer", lambda t: composer_slots(t, **weights)), ("HMM", hmm.harmonise)):
            ts = time.perf_counter()
            pred = fn(tune)
            timing[name] += time.perf_counter() - ts
            rows[name].append(metrics(tune, pred))
            agree[name].append(agreement(pred, human))
    print(f"# harmony benchmark: {platform.node()} ({platform.processor() or platform.machine()}), "
          f"python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"# {len(tunes)} usable tunes read in {t_read:.0f} s; train {len(train)}, harmonised {len(test)} "
          f"{'held-out' if args.split == 'test' else 'training (every 4th)'} tunes, "
          f"{sum(len(slot_onsets(t)) for t in test)} slots; composer weights {weights}")
    names = ["CHE", "CC", "CTD", "CTnCTR", "PCS", "MCTD"]
    print(f"{'':10s}" + "".join(f"{n:>14s}" for n in names) + f"{'root agr.':>12s}{'root+qual.':>12s}{'ms/tune':>9s}")
    for who, rs in rows.items():
        mean = {n: np.mean([r[n] for r in rs]) for n in names}
        sd = {n: np.std([r[n] for r in rs]) for n in names}
        line = f"{who:10s}" + "".join(f"{mean[n]:8.3f}±{sd[n]:5.2f}" for n in names)
        if who in agree:
            a = np.array(agree[who])
            line += f"{a[:, 0].mean():12.3f}{a[:, 1].mean():12.3f}{1000 * timing[who] / len(test):9.1f}"
        print(line)
    print(f"# metrics and harmonisation took {time.perf_counter() - t1:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
