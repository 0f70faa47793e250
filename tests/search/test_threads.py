"""Searches run in parallel threads (the kernels release the GIL) and give the same melodies as one by one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import composer
from composer.models.markov import default_model
from composer.search import beam_search, compile_problem


def test_parallel_searches_match_sequential_ones():
    problems = []
    for i, (v, a) in enumerate([(0.5, 0.2), (-0.4, 0.6), (0.1, -0.7), (0.8, 0.8)]):
        ev = composer.load_style("default").evaluate(composer.Affect(v, a), seed=i)
        problems.append(compile_problem(ev.parameters, ev.constraints, default_model(), bars=4, beam_width=32,
                                        seed=i, temperature=0.7 if i % 2 else 0.0))
    sequential = [beam_search(p)[0] for p in problems]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda p: beam_search(p)[0], problems))
    for s, q in zip(sequential, parallel):
        assert s.pitch_tokens.tolist() == q.pitch_tokens.tolist() and s.score == q.score
