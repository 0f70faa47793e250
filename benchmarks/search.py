"""Benchmark of the search: speed against a vectorised NumPy reference, quality against Viterbi, cold start.

Run from the repository root, on one core::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/search.py [--quick]

Prints, in one run on this machine:

* ms per 16-bar 4/4 melody and candidates per second at beam widths 16, 64, 256,
  1024, with the shipped Markov model and the default style, and the same with a
  neural scorer of the issue's sizes (random weights: C = 4, H = 128; no trained network
  ships yet); the NumPy reference's time and its ratio to the kernel at each width;
  model sizes, multiply-adds per melody and achieved GFLOP/s beside the core's peak;
* the beam's gap to the exact optimum (Viterbi, first-order model, hard constraints);
* cold start: seconds from a new Python process to the first melody, numba cache warm and empty.

The NumPy reference is an honest competitor: the same search (time-synchronous beams,
the same scores, masks and deterministic tie-break, so it returns the same melody),
vectorised over the whole beam at each tick with the same algebraic shortcuts (the
neural first layer as table look-ups, one matrix product per tick, top-k by
``argpartition``), and no per-hypothesis Python loops.
"""

from __future__ import annotations

import argparse
import os
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
from composer.models.tokens import N_DUR, N_PITCH  # noqa: E402
from composer.search import NeuralScorer, compile_problem, first_order, viterbi  # noqa: E402
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


def numpy_beam(problem: SearchProblem) -> tuple[np.ndarray, float]:
    """The deterministic beam search in NumPy, vectorised over the beam; returns (joint events, score)."""
    p = problem
    beam, bar, total, beat = (int(p.iconf[i]) for i in (K.I_BEAM, K.I_BAR, K.I_TOTAL, K.I_BEAT))
    max_leap, max_rep, min_leap = int(p.iconf[K.I_MAX_LEAP]), int(p.iconf[K.I_MAX_REPEATS]), int(p.iconf[K.I_MIN_LEAP])
    fill_bars, strong_start = bool(p.iconf[K.I_FILL_BARS]), bool(p.iconf[K.I_STRONG_START])
    no_double_rest, cadence = bool(p.iconf[K.I_NO_DOUBLE_REST]), bool(p.iconf[K.I_CADENCE])
    w_m, w_n, w_rec, w_con, w_rhy, w_step = (float(p.fconf[i]) for i in (
        K.F_W_MARKOV, K.F_W_NEURAL, K.F_LEAP_RECOVERY, K.F_CONTOUR, K.F_RHYTHM, K.F_STEP))
    n_pitch, n_dur = p.pitch_rel.shape[0], p.dur_ticks.shape[0]
    start = n_pitch * n_dur
    rel = p.pitch_rel
    is_rest = rel == K.NO_PITCH
    allowed = (p.pitch_flags & K.FLAG_ALLOWED) != 0
    rest_tok = np.flatnonzero(is_rest)
    nn = p.neural
    n_hist = p.init_hist.shape[0]
    # Pools of candidates per destination tick: lists of column arrays.
    cols = ("rank", "serial", "parent", "tok", "last_rel", "last_int", "run")
    pools: list[list[tuple]] = [[] for _ in range(total + 1)]
    kept: list[dict | None] = [None] * (total + 1)
    root = {"rank": np.zeros(1), "serial": np.full(1, -1), "parent": np.full(1, -1), "tok": np.full(1, start),
            "last_rel": np.array([p.iconf[K.I_CTX_REL]]), "last_int": np.array([p.iconf[K.I_CTX_INT]]),
            "run": np.zeros(1, dtype=np.int64), "src": np.full(1, -1)}
    root["hist"] = p.init_hist[None, :].copy()
    kept[0] = root
    for t in range(total):
        if t > 0:
            if not pools[t]:
                continue
            cat = {c: np.concatenate([x[i] for x in pools[t]]) for i, c in enumerate(cols)}
            src = np.concatenate([np.full(x[0].shape[0], x[7]) for x in pools[t]])
            idx = _top(cat["rank"], cat["serial"], beam)
            h = {c: cat[c][idx] for c in cols}
            h["src"] = src[idx]
            # Histories: the new event, then the parent's history.
            par_hist = np.empty((idx.size, n_hist), dtype=np.int64)
            for s in np.unique(h["src"]):
                sel = h["src"] == s
                par_hist[sel] = kept[s]["hist"][h["parent"][sel]]
            h["hist"] = np.concatenate([h["tok"][:, None], par_hist[:, :-1]], axis=1)
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
        # Pitch scores and masks, (n, n_pitch).
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
        if w_con != 0.0:
            sp = sp - np.where(~is_rest, w_con * (np.abs(rel - p.contour[t]) / 12.0), 0.0)[None, :]
        sd = p.dur_logp[e2, e1] + p.dur_bias  # (n, n_dur)
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
            if p.forced[t] >= 0:
                okd &= (np.arange(n_pitch) == p.forced[t] // n_dur)[None, :]
            delta = sp + sd[:, d:d + 1]
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
            pools[end].append((r, serial, ii, pp * n_dur + d, nr, ni, nrun, t))
            # Keep pools small: cut to the best beam when they grow past 4 × beam.
            if sum(x[0].shape[0] for x in pools[end]) > 4 * beam:
                cat = [np.concatenate([x[i] for x in pools[end]]) for i in range(7)]
                srcs = np.concatenate([np.full(x[0].shape[0], x[7]) for x in pools[end]])
                keep = _top(cat[0], cat[1], beam)
                pools[end] = _split(tuple(c[keep] for c in cat) + (srcs[keep],))
    cat = {c: np.concatenate([x[i] for x in pools[total]]) for i, c in enumerate(cols)}
    src = np.concatenate([np.full(x[0].shape[0], x[7]) for x in pools[total]])
    best = _top(cat["rank"], cat["serial"], 1)[0]
    events = [int(cat["tok"][best])]
    t, k = int(src[best]), int(cat["parent"][best])
    while t > 0:
        events.append(int(kept[t]["tok"][k]))
        t, k = int(kept[t]["src"][k]), int(kept[t]["parent"][k])
    return np.array(events[::-1]), float(cat["rank"][best])


def _split(pool: tuple) -> list[tuple]:
    # A cut pool holds candidates from several source ticks: one entry per source.
    srcs = pool[7]
    return [tuple(c[srcs == s] for c in pool[:7]) + (int(s),) for s in np.unique(srcs)]


# --------------------------------------------------------------------------- measurements
def timed(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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
    args = ap.parse_args()
    repeats = 3 if args.quick else 7

    ev = composer.load_style("default").evaluate(composer.Affect(0.3, 0.2), seed=1)
    params, cons = ev.parameters, ev.constraints
    model = default_model()
    nn = NeuralScorer.random(context=4, hidden=128, seed=0)
    peak, peak_how = peak_gflops()
    print(f"# Search benchmark: {BARS}-bar {params.meter} melody, default style at valence 0.3 arousal 0.2 "
          f"({params.tonic_name} {params.mode}, {params.tempo:.0f} bpm)")
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, numba {__import__('numba').__version__}; "
          f"one core peak float64 ≈ {peak:.0f} GFLOP/s ({peak_how})")
    print(f"Markov model: pitch table {model.pitch_logp[0].size:,} + duration table {model.dur_logp[0].size:,} "
          f"entries per family; neural (random, C={nn.context}, H={nn.hidden}): "
          f"{nn.first.size + nn.b1.size + nn.w2.size + nn.b2.size:,} parameters, "
          f"{nn.multiply_adds():,} multiply-adds per hypothesis step")
    print()
    for label, neural in (("Markov (shipped model)", None), ("Markov + neural (C=4, H=128)", nn)):
        print(f"## {label}")
        print("| beam | kernel ms | candidates/s | NumPy ms | NumPy / kernel | same melody | MACs/melody | GFLOP/s |")
        print("|---:|---:|---:|---:|---:|---|---:|---:|")
        for width in WIDTHS:
            problem = compile_problem(params, cons, model, bars=BARS, beam_width=width, neural=neural,
                                      neural_weight=0.5 if neural is not None else None)
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
                same = "yes" if ev_np.tolist() == joint[0, : lengths[0]].tolist() and abs(s_np - scores[0]) < 1e-6 \
                    else f"NO ({s_np:.4f} vs {scores[0]:.4f})"
            macs = expanded * nn.multiply_adds() if neural is not None else 0
            gf = f"{2 * macs / t_k / 1e9:.2f}" if macs else "-"
            print(f"| {width} | {t_k * 1e3:.2f} | {reach / t_k / 1e6:.1f} M | {t_np * 1e3:.1f} | "
                  f"{t_np / t_k:.1f}× | {same} | {macs / 1e6:.1f} M | {gf} |")
        print()

    print("## Quality: gap to the exact optimum (first-order model, default style's hard constraints and density)")
    qcons = [c for c in cons if c.kind not in UNSUPPORTED_KINDS]
    base = first_order(compile_problem(params, qcons, model, bars=BARS))
    t0 = time.perf_counter()
    exact = viterbi(base)
    t_v = time.perf_counter() - t0
    print(f"Viterbi optimum {exact.score:.4f} ({t_v * 1e3:.0f} ms)")
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
