"""The search: compile parameters and a model into arrays, then run the numba beam search."""

from composer.search.beam import TERMS, Candidate, beam_search, score_breakdown
from composer.search.compile import SearchProblem, compile_problem

__all__ = ["TERMS", "Candidate", "SearchProblem", "beam_search", "compile_problem", "score_breakdown"]
