"""The models: tokens and corpus reading, the Markov, variable-order and neural models, training and evaluation."""

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
    # variable-order Markov model (compiled for the search)
    "CompiledPPM",
    "VariableOrderMarkov",
    "train_varorder",
    "default_varorder",
    # neural model (shipped, exportable to the search)
    "NeuralModel",
    "train_neural",
    "default_neural",
    # evaluation (IDyOM protocol)
    "EventMelody",
    "load_event_corpus",
    "MultiViewpointModel",
    "EventNeuralModel",
    "cross_validate",
    # training
    "train_default",
    "train_shipped",
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
from composer.models.evaluate import cross_validate
from composer.models.events import EventMelody, load_event_corpus
from composer.models.multiview import MultiViewpointModel
from composer.models.neural import NeuralModel, default_neural, train_neural
from composer.models.neural_events import EventNeuralModel
from composer.models.train import train_default, train_shipped
from composer.models.varorder import CompiledPPM, VariableOrderMarkov, default_varorder, train_varorder
