"""The models: key-relative tokens, corpus reading, the Markov model and its training."""

from __future__ import annotations

__all__ = [
    # tokens
    "DURATION_TICKS",
    "N_DUR",
    "REL_LO",
    "REL_HI",
    "N_REL",
    "REST",
    "N_PITCH",
    "START",
    "TokenMelody",
    "rel_to_token",
    "token_to_rel",
    "reference_tonic",
    "duration_token",
    # corpora
    "CorpusReading",
    "load_corpus",
    "read_files",
    # Markov model
    "MarkovModel",
    "mode_family",
    "meter_family",
    "train_markov",
    "default_model",
    # training
    "train_default",
]

from composer.models.corpus import CorpusReading, load_corpus, read_files
from composer.models.markov import MarkovModel, default_model, meter_family, mode_family, train_markov
from composer.models.tokens import (
    DURATION_TICKS,
    N_DUR,
    N_PITCH,
    N_REL,
    REL_HI,
    REL_LO,
    REST,
    START,
    TokenMelody,
    duration_token,
    reference_tonic,
    rel_to_token,
    token_to_rel,
)
from composer.models.train import train_default
