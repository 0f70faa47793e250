"""Benchmark of the search: speed against a vectorised NumPy reference, quality against Viterbi, cold start.

Run from the repository root, on one core::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/search.py [--quick]

Prints, in one run on this machine:

* ms per 16-bar 4/4 melody and candidates per second at beam widths 16, 64, 256,
  1024, with the default style and the shipped models: the combination ``compose``
  uses (variable-order Markov + neural, ``composer.search.search_models()``), the
  order-2 Markov tables with the shipped neural model, and the order-2 tables alone
  (``--random-neural`` adds a random-weights scorer of issue 10's sizes, C = 4,
  H = 128); the NumPy reference's time and its ratio to the kernel at each width;
  model sizes, multiply-adds per melody and achieved GFLOP/s beside the core's peak;
* the beam's gap to the exact optimum (Viterbi, first-order model, hard constraints);
* cold start: seconds from a new Python process to the first melody, numba cache warm and empty.

``--baseline FILE`` prints instead the kernel against another version of it (a copy of
``composer/search/_kernels.py``, e.g. ``git show main:composer/search/_kernels.py > /tmp/k.py``)
on the shipped combination at every width, deterministic and stochastic (temperature 0.6, what
``compose`` runs): CPU time of one call, the two kernels called alternately in one process (so a
loaded machine's drift falls on both), median of the medians of three rounds, and whether both
return the same sequences with bitwise the same scores.

The NumPy reference is an honest competitor: the same search (time-synchronous beams,
the same scores, masks and deterministic tie-break, so it returns the same melody),
vectorised over the whole beam at each tick with the same algebraic shortcuts (the
neural first layer as table look-ups, one matrix product per tick, the variable-order
models' contexts found by one ``searchsorted`` per order for the whole beam, top-k by
``argpartition``), and no per-hypothesis Python loops.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import composer  # noqa: E402
from composer.models.markov import default_model  # noqa: E402
from composer.models.varorder import CompiledPPM  # noqa: E402
from composer.search import NeuralScorer, compile_problem, first_order, search_models, viterbi  # noqa: E402
from composer.search import _kernels as K  # noqa: E402
from composer.search.compile import SearchProblem  # noqa: E402
from composer.search.exact import UNSUPPORTED_KINDS  # noqa: E402

WIDTHS = (16, 64, 256, 1024)
BARS = 16


# --------------------------------------------------------------------------- the NumPy reference
def _top(rank: np.ndarray, serial: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best by (rank desc, serial asc), best first."""
    n = rank.shape[0]
    if n > k:
        part = np.argpartition(-rank, k - 1)[:k]
        kth = rank[part].min()
        # Entries tied with the k-th best: the lower serials win, as in the kernel.
        sure = np.flatnonzero(rank > kth)
        tied = np.flatnonzero(rank == kth)
        tied = tied[np.argsort(serial[tied], kind="stable")][: k - sure.size]
        idx = np.concatenate([sure, tied])
    else:
        idx = np.arange(n)
    return idx[np.lexsort((serial[idx], -rank[idx]))]


def _ppm_rows(ppm: CompiledPPM, tokens: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Rows of the longest stored suffix for every history at once: ``tokens`` (n, L) most recent first,
    ``lengths`` (n,) how many of them belong to the melody or its context; one ``searchsorted`` per order."""
    n = tokens.shape[0]
    rows = np.zeros(n, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    for k in range(1, ppm.max_order + 1):
        alive &= lengths >= k
        if not alive.any():
            break
        key = key + np.where(alive, tokens[:, min(k - 1, tokens.shape[1] - 1)], 0) * ppm.base ** (k - 1)
        lo, hi = int(ppm.order_start[k]), int(ppm.order_start[k + 1])
        i = np.searchsorted(ppm.keys[lo:hi], key)
        found = alive & (i < hi - lo)
        found[found] = ppm.keys[lo + i[found]] == key[found]
        rows[found] = lo + i[found]
        alive = found
    return rows


def problem_ppm(vo, which: int) -> CompiledPPM:
    """The variable-order pitch (0) or duration (1) model the benchmark's problem reads."""
    ev = composer.load_style("default").evaluate(composer.Affect(0.3, 0.2), seed=1)
    p = compile_problem(ev.parameters, ev.constraints, vo, bars=1)
    return p.pitch_ppm if which == 0 else p.dur_ppm


def numpy_beam(problem: SearchProblem) -> tuple[np.ndarray, float]:
    """The deterministic beam search in NumPy, vectorised over the beam; returns (joint events, score)."""
    p = problem
    r, st = p.rules, p.settings
    beam, bar, total, beat = st.beam, r.bar, r.total, r.beat
    max_leap, max_rep, min_leap = r.max_leap, r.max_repeats, r.min_leap
    fill_bars, strong_start = r.fill_bars, r.strong_start
    no_double_rest, cadence = r.no_double_rest, r.cadence
    w_m, w_n, w_rec, w_con, w_rhy, w_step = st.w_markov, st.w_neural, r.w_recover, r.w_contour, r.w_rhythm, r.w_step
    w_leap, leap_target, w_fall, w_form = r.w_leap, r.leap_target, r.w_fall, r.w_form
    w_dens, dens_target = r.w_density, r.density_target
    w_nd, note_target = r.w_note_density, r.note_target
    n_pitch, n_dur = p.pitch_rel.shape[0], p.dur_ticks.shape[0]
    start = n_pitch * n_dur
    rel = p.pitch_rel
    is_rest = rel == K.NO_PITCH
    allowed = (p.pitch_flags & K.FLAG_ALLOWED) != 0
    rest_tok = np.flatnonzero(is_rest)
    nn = p.neural
    n_hist = p.init_hist.shape[0]
    # Pools of candidates per destination tick: lists of column arrays.
    cols = ("rank", "serial", "parent", "tok", "last_rel", "last_int", "run", "bar_n")
    n_cols = len(cols)
    pools: list[list[tuple]] = [[] for _ in range(total + 1)]
    kept: list[dict | None] = [None] * (total + 1)
    root = {"rank": np.zeros(1), "serial": np.full(1, -1), "parent": np.full(1, -1), "tok": np.full(1, start),
            "last_rel": np.array([p.last_rel]), "last_int": np.array([p.last_int]),
            "run": np.zeros(1, dtype=np.int64), "bar_n": np.zeros(1, dtype=np.int64), "src": np.full(1, -1)}
    root["hist"] = p.init_hist[None, :].copy()
    # form_repeat: per hypothesis, the event starting at each tick (-1: none) and the sounding note before it.
    root["at"] = np.full((1, total + 1), -1, dtype=np.int64)
    root["lrb"] = np.full((1, total + 1), K.NO_PITCH, dtype=np.int64)
    kept[0] = root
    for t in range(total):
        if t > 0:
            if not pools[t]:
                continue
            cat = {c: np.concatenate([x[i] for x in pools[t]]) for i, c in enumerate(cols)}
            src = np.concatenate([np.full(x[0].shape[0], x[n_cols]) for x in pools[t]])
            idx = _top(cat["rank"], cat["serial"], beam)
            h = {c: cat[c][idx] for c in cols}
            h["src"] = src[idx]
            # Histories: the new event, then the parent's history.
            par_hist = np.empty((idx.size, n_hist), dtype=np.int64)
            for s in np.unique(h["src"]):
                sel = h["src"] == s
                par_hist[sel] = kept[s]["hist"][h["parent"][sel]]
            h["hist"] = np.concatenate([h["tok"][:, None], par_hist[:, :-1]], axis=1)
            if w_form != 0.0:
                h["at"] = np.empty((idx.size, total + 1), dtype=np.int64)
                h["lrb"] = np.empty((idx.size, total + 1), dtype=np.int64)
                for s in np.unique(h["src"]):
                    sel = h["src"] == s
                    h["at"][sel] = kept[s]["at"][h["parent"][sel]]
                    h["lrb"][sel] = kept[s]["lrb"][h["parent"][sel]]
                    h["at"][sel, s] = h["tok"][sel]
                    h["lrb"][sel, s] = kept[s]["last_rel"][h["parent"][sel]]
            kept[t] = h
            pools[t] = []
        h = kept[t]
        n = h["rank"].shape[0]
        c1j, c2j = h["hist"][:, 0], h["hist"][:, 1]
        c1 = np.where(c1j == start, n_pitch, c1j // n_dur)
        c2 = np.where(c2j == start, n_pitch, c2j // n_dur)
        e1 = np.where(c1j == start, n_dur, c1j % n_dur)
        e2 = np.where(c2j == start, n_dur, c2j % n_dur)
        lr, li, rn = h["last_rel"], h["last_int"], h["run"]
        if p.pitch_ppm is not None or p.dur_ppm is not None:
            hist_len = np.where((h["hist"] == start).any(axis=1), np.argmax(h["hist"] == start, axis=1), n_hist)
        # Pitch scores and masks, (n, n_pitch).
        if p.pitch_ppm is not None:
            sp = w_m * p.pitch_ppm.logp[_ppm_rows(p.pitch_ppm, h["hist"] // n_dur, hist_len)]
        else:
            sp = w_m * p.pitch_logp[c2, c1]
        if nn is not None:
            hid = nn.b1 + sum(nn.first[c, h["hist"][:, c]] for c in range(nn.context))
            logits = np.maximum(hid, 0.0) @ nn.w2 + nn.b2
            mx = logits.max(axis=1, keepdims=True)
            sp = sp + w_n * (logits - (mx + np.log(np.exp(logits - mx).sum(axis=1, keepdims=True))))
        sp = sp + p.pitch_bias
        have = lr != K.NO_PITCH
        new_int = np.where(have[:, None] & ~is_rest[None, :], rel[None, :] - lr[:, None], 0)
        ok = np.broadcast_to(allowed, (n, n_pitch)).copy()
        ok &= ~(~is_rest[None, :] & have[:, None] & (np.abs(new_int) > max_leap))
        if max_rep > 0:
            ok &= ~(~is_rest[None, :] & (rel[None, :] == lr[:, None]) & (rn[:, None] + 1 > max_rep))
        if t == 0 and strong_start:
            ok[:, rest_tok] = False
        if no_double_rest:
            prev_rest = (c1 < n_pitch) & is_rest[np.minimum(c1, n_pitch - 1)]
            ok[np.ix_(prev_rest, rest_tok)] = False
        note = ~is_rest[None, :] & have[:, None]
        if w_rec != 0.0:
            recovered = (np.abs(new_int) >= 1) & (np.abs(new_int) <= 2) & ((new_int > 0) != (li[:, None] > 0))
            sp = sp - np.where(note & (np.abs(li)[:, None] >= min_leap) & ~recovered, w_rec, 0.0)
        if w_step != 0.0:
            sp = sp - np.where(note, w_step * (np.abs(new_int) / 12.0), 0.0)
        if w_leap != 0.0:
            sp = sp - np.where(note, w_leap * (np.maximum(leap_target - np.abs(new_int), 0.0) / 12.0), 0.0)
        if w_con != 0.0:
            sp = sp - np.where(~is_rest, w_con * (np.abs(rel - p.contour[t]) / 12.0), 0.0)[None, :]
        if w_fall != 0.0:
            sp = sp - np.where(~is_rest & (rel > p.fall[t]), w_fall * ((rel - p.fall[t]) / 12.0), 0.0)[None, :]
        f_on = w_form != 0.0 and p.back[t] > 0 and t >= p.back[t]
        if f_on:
            s0 = t - p.back[t]
            f_tok = h["at"][:, s0]
            f_dur = np.where(f_tok >= 0, f_tok % n_dur, -1)
            f_rel = np.where(f_tok >= 0, rel[np.maximum(f_tok, 0) // n_dur], K.NO_PITCH)
            f_lr = h["lrb"][:, s0]
            copy_rest = (f_tok >= 0) & (f_rel == K.NO_PITCH)
            copy_note = (f_tok >= 0) & (f_rel != K.NO_PITCH)
            f_int = np.where(copy_note & (f_lr != K.NO_PITCH), f_rel - f_lr, 0)
            miss = (copy_rest[:, None] & ~is_rest[None, :]) | (copy_note[:, None] & is_rest[None, :])
            miss |= ((copy_note & (f_lr != K.NO_PITCH))[:, None] & note & (new_int != f_int[:, None]))
            sp = sp - np.where(miss, w_form, 0.0)
        if p.dur_ppm is not None:
            sd = p.dur_ppm.logp[_ppm_rows(p.dur_ppm, h["hist"] % n_dur, hist_len)] + p.dur_bias + p.metric[t]
        else:
            sd = p.dur_logp[e2, e1] + p.dur_bias + p.metric[t]  # (n, n_dur)
        if f_on:
            sd = sd - np.where(np.arange(n_dur)[None, :] != f_dur[:, None], w_form, 0.0)
        oi = np.arange(n)
        for d in range(n_dur):
            length = int(p.dur_ticks[d])
            end = t + length
            if end > total or (fill_bars and t % bar + length > bar) or (p.forced[t] >= 0 and d != p.forced[t] % n_dur):
                continue
            req = K.FLAG_FINAL if end == total else 0
            if cadence and p.next_phrase[t] <= end:
                if not p.strong[t] or length < beat:
                    continue
                if p.next_phrase[t] < total:
                    req |= K.FLAG_CADENCE
            okd = ok & ((p.pitch_flags & req) == req)[None, :]
            # density: the event closing its bar pays for the bar's count of events and resets it.
            closes = end >= (t // bar + 1) * bar or end >= total
            if closes and w_dens != 0.0:
                lg = np.log2((h["bar_n"] + 1) / dens_target)
                sdd = sd[:, d] - w_dens * dens_target * (lg * lg)
            else:
                sdd = sd[:, d]
            if w_nd != 0.0:
                lg = np.log2(length / note_target)
                sdd = sdd - w_nd * (lg * lg)
            nbar = np.zeros_like(h["bar_n"]) if closes else h["bar_n"] + 1
            if p.forced[t] >= 0:
                okd &= (np.arange(n_pitch) == p.forced[t] // n_dur)[None, :]
            delta = sp + sdd[:, None]
            if w_rhy != 0.0 and t % beat != 0 and end > (t // beat + 1) * beat:
                delta = delta - np.where(~is_rest, w_rhy, 0.0)[None, :]
            ii, pp = np.nonzero(okd)
            if ii.size == 0:
                continue
            r = h["rank"][ii] + delta[ii, pp]
            serial = ((t * beam + oi[ii]) * n_dur + d) * n_pitch + pp
            nr = np.where(is_rest[pp], lr[ii], rel[pp])
            ni = np.where(is_rest[pp], li[ii], np.where(have[ii], rel[pp] - lr[ii], 0))
            nrun = np.where(is_rest[pp], rn[ii], np.where(rel[pp] == lr[ii], rn[ii] + 1, 1))
            pools[end].append((r, serial, ii, pp * n_dur + d, nr, ni, nrun, nbar[ii], t))
            # Keep pools small: cut to the best beam when they grow past 4 × beam.
            if sum(x[0].shape[0] for x in pools[end]) > 4 * beam:
                cat = [np.concatenate([x[i] for x in pools[end]]) for i in range(n_cols)]
                srcs = np.concatenate([np.full(x[0].shape[0], x[n_cols]) for x in pools[end]])
                keep = _top(cat[0], cat[1], beam)
                pools[end] = _split(tuple(c[keep] for c in cat) + (srcs[keep],))
    cat = {c: np.concatenate([x[i] for x in pools[total]]) for i, c in enumerate(cols)}
    src = np.concatenate([np.full(x[0].shape[0], x[n_cols]) for x in pools[total]])
    best = _top(cat["rank"], cat["serial"], 1)[0]
    events = [int(cat["tok"][best])]
    t, k = int(src[best]), int(cat["parent"][best])
    while t > 0:
        events.append(int(kept[t]["tok"][k]))
        t, k = int(kept[t]["src"][k]), int(kept[t]["parent"][k])
    return np.array(events[::-1]), float(cat["rank"][best])


def _split(pool: tuple) -> list[tuple]:
    # A cut pool holds candidates from several source ticks: one entry per source.
    srcs = pool[-1]
    return [tuple(c[srcs == s] for c in pool[:-1]) + (int(s),) for s in np.unique(srcs)]


# --------------------------------------------------------------------------- measurements
def same_melody(ev_np: np.ndarray, s_np: float, ev_k: np.ndarray, s_k: float) -> str:
    """'yes'; 'tie' when another melody has the same score to 1e-9 (the neural log-softmax's sums run in another
    order in NumPy, so an exact tie between two melodies may break the other way); else 'NO' with both scores."""
    if ev_np.tolist() == ev_k.tolist() and abs(s_np - s_k) < 1e-6:
        return "yes"
    if abs(s_np - s_k) < 1e-9:
        return f"tie ({abs(s_np - s_k):.0e})"
    return f"NO ({s_np:.6f} vs {s_k:.6f})"


def timed(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def load_kernels(path: str):
    """Import a copy of ``composer/search/_kernels.py`` from ``path`` as a module of its own.

    It is copied into a new folder and imported by name there, so that numba's cache (which
    finds a kernel's module by name when it loads it) works as for any module.
    """
    folder = tempfile.mkdtemp(prefix="composer-baseline-")
    shutil.copyfile(path, Path(folder) / "baseline_kernels.py")
    sys.path.insert(0, folder)
    return importlib.import_module("baseline_kernels")


def against_baseline(baseline, params, cons, models, repeats: int) -> None:
    """Print the kernel against ``baseline`` (see the module docstring), CPU ms per 16-bar melody."""
    print("| beam | temperature | baseline CPU ms | kernel CPU ms | kernel / baseline | same output |")
    print("|---:|---:|---:|---:|---:|---|")
    for temperature in (0.0, 0.6):
        for width in WIDTHS:
            problem = compile_problem(params, cons, **models, bars=BARS, beam_width=width)
            args_k = problem.with_settings(temperature=temperature, seed=1).kernel_args()
            a, b = baseline.beam_search_kernel(*args_k), K.beam_search_kernel(*args_k)
            same = all(np.array_equal(x, y) for x, y in zip(a[:4], b[:4]))
            n = max(3, repeats // 2) if width >= 1024 else repeats
            rounds = {"base": [], "new": []}
            for _ in range(3):
                times = {"base": [], "new": []}
                for _ in range(n):
                    for name, kernel in (("base", baseline.beam_search_kernel), ("new", K.beam_search_kernel)):
                        c0 = time.process_time()
                        kernel(*args_k)
                        times[name].append(time.process_time() - c0)
                for name in rounds:
                    rounds[name].append(statistics.median(times[name]))
            t_b, t_n = statistics.median(rounds["base"]), statistics.median(rounds["new"])
            print(f"| {width} | {temperature:g} | {t_b * 1e3:.2f} | {t_n * 1e3:.2f} | {t_n / t_b:.3f} | "
                  f"{'yes' if same else 'NO'} |")


def peak_gflops() -> tuple[float, str]:
    ghz, flags, vendor = 0.0, "", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("cpu MHz") and not ghz:
                ghz = float(line.split(":")[1]) / 1000
            if line.startswith("flags") and not flags:
                flags = line
            if line.startswith("vendor_id") and not vendor:
                vendor = line
    except OSError:
        pass
    # float64 FMA: 2 pipes × 4 lanes × 2 flops; Intel cores with AVX-512 have 8 lanes (AMD Zen 4 splits
    # 512-bit operations into two 256-bit halves, so its peak stays at 16).
    per_cycle = 32 if " avx512f" in flags and "AMD" not in vendor else 16
    return per_cycle * ghz, f"{per_cycle} flop/cycle × {ghz:.2f} GHz"


def cold_start(cache_dir: str) -> float:
    code = "import composer; composer.compose(valence=0.3, arousal=0.2, bars=16, seed=1)"
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, skip width 1024 for NumPy")
    ap.add_argument("--random-neural", action="store_true",
                    help="also time a random-weights neural scorer of issue 10's sizes (C = 4, H = 128)")
    ap.add_argument("--baseline", metavar="FILE",
                    help="compare the kernel with another version of composer/search/_kernels.py, alternately")
    args = ap.parse_args()
    repeats = 3 if args.quick else 7

    ev = composer.load_style("default").evaluate(composer.Affect(0.3, 0.2), seed=1)
    params, cons = ev.parameters, ev.constraints
    shipped = search_models()  # what compose uses: variable-order Markov + neural, measured weights
    dense = default_model()
    vo = shipped["model"]
    w_n = shipped["neural_weight"]
    configs = [
        (f"Shipped combination (compose's default): variable-order Markov x neural, weights "
         f"{shipped['markov_weight']:g}/{w_n:g}", shipped),
        (f"Order-2 Markov tables x shipped neural, weights {1 - w_n:g}/{w_n:g}",
         {**shipped, "model": dense}),
        ("Order-2 Markov tables alone (`neural=False`)", search_models(dense, neural=False)),
    ]
    rand = NeuralScorer.random(context=4, hidden=128, seed=0)
    if args.random_neural:
        configs.append(("Order-2 Markov + random-weights scorer (C=4, H=128, issue 10's sizes), weights 1/0.5",
                        {"model": dense, "neural": rand, "markov_weight": 1.0, "neural_weight": 0.5}))
    peak, peak_how = peak_gflops()
    print(f"# Search benchmark: {BARS}-bar {params.meter} melody, default style at valence 0.3 arousal 0.2 "
          f"({params.tonic_name} {params.mode}, {params.tempo:.0f} bpm)")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, numba {__import__('numba').__version__}; "
          f"one core peak float64 ≈ {peak:.0f} GFLOP/s ({peak_how})")
    scorer = compile_problem(params, cons, **shipped, bars=1).neural  # the shipped network in the search's form
    print(f"Order-2 Markov: pitch table {dense.pitch_logp[0].size:,} + duration table {dense.dur_logp[0].size:,} "
          f"entries per family. Variable-order Markov ({params.mode} pitch model, {params.meter} duration model): "
          f"{len(problem_ppm(vo, 0).keys):,} + {len(problem_ppm(vo, 1).keys):,} contexts up to order "
          f"{vo.pitch[0].max_order}. Neural (shipped, C={scorer.context}, H={scorer.hidden}): "
          f"{scorer.first.size + scorer.b1.size + scorer.w2.size + scorer.b2.size:,} numbers in the search's form, "
          f"{scorer.multiply_adds():,} multiply-adds per hypothesis step")
    print()
    if args.baseline:
        print(f"## The kernel against {args.baseline} (shipped combination)")
        against_baseline(load_kernels(args.baseline), params, cons, shipped, repeats)
        return
    for label, kw in configs:
        print(f"## {label}")
        print("| beam | kernel ms | candidates/s | NumPy ms | NumPy / kernel | same melody | MACs/melody | GFLOP/s |")
        print("|---:|---:|---:|---:|---:|---|---:|---:|")
        for width in WIDTHS:
            problem = compile_problem(params, cons, **kw, bars=BARS, beam_width=width)
            args_k = problem.kernel_args()
            t_k = timed(lambda: K.beam_search_kernel(*args_k), repeats)
            joint, lengths, scores, _, stats = K.beam_search_kernel(*args_k)
            expanded, reach = int(stats[0]), int(stats[1])
            skip_np = args.quick and width >= 1024
            if skip_np:
                t_np, same = float("nan"), "-"
            else:
                t_np = timed(lambda: numpy_beam(problem), max(1, repeats // 2))
                ev_np, s_np = numpy_beam(problem)
                same = same_melody(ev_np, s_np, joint[0, : lengths[0]], scores[0])
            macs = expanded * problem.neural.multiply_adds() if problem.neural is not None else 0
            gf = f"{2 * macs / t_k / 1e9:.2f}" if macs else "-"
            print(f"| {width} | {t_k * 1e3:.2f} | {reach / t_k / 1e6:.1f} M | {t_np * 1e3:.1f} | "
                  f"{t_np / t_k:.1f}× | {same} | {macs / 1e6:.1f} M | {gf} |")
        print()

    print("## Quality: gap to the exact optimum (first-order model, default style's hard constraints and density)")
    qcons = [c for c in cons if c.kind not in UNSUPPORTED_KINDS]
    for label, model in (("shipped variable-order model, its order-1 predictions", vo),
                         ("order-2 tables averaged to first order", dense)):
        base = first_order(compile_problem(params, qcons, model, bars=BARS))
        t0 = time.perf_counter()
        exact = viterbi(base)
        t_v = time.perf_counter() - t0
        print(f"### {label}: Viterbi optimum {exact.score:.4f} ({t_v * 1e3:.0f} ms)")
        print("| beam | beam score | gap % |")
        print("|---:|---:|---:|")
        for width in (1, 4) + WIDTHS:
            found = K.beam_search_kernel(*base.with_settings(beam_width=width).kernel_args())[2][0]
            print(f"| {width} | {found:.4f} | {100 * (exact.score - found) / abs(exact.score):.3f} |")
        print()

    print("## Cold start: new process to first 16-bar melody")
    with tempfile.TemporaryDirectory() as cache:
        cold = cold_start(cache)
        warm = min(cold_start(cache) for _ in range(2))
    print(f"numba cache empty: {cold:.2f} s; warm: {warm:.2f} s")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import composer"], check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    print(f"(of which `import composer` alone: {time.perf_counter() - t0:.2f} s)")


if __name__ == "__main__":
    main()
