"""Text → emotion: scenes and sentences, the arousal lexicon, the trained text model and the estimators.

The public names are exported by ``composer.story``; the modules here are
``text`` (splitting), ``segment`` (scenes cut where the emotion changes), ``lexicon`` and ``cues`` (intensity cues), ``lexicon_estimator``
(VADER plus cues), ``model`` (the trained ridge model, ``text_model.npz``),
``vocabulary`` and ``language`` (how English and how known a text is), ``estimator``
(the ``Estimator`` type and ``default_estimator``) and ``train`` (``python -m
composer.story.reading.train``).
"""

from __future__ import annotations

__all__: list[str] = []
