"""Intensity cues of a text: exclamations, capitals, short sentences, intensifiers, action verbs, lexicon arousal."""

from __future__ import annotations

__all__ = ["IntensityCues", "intensity_cues", "CUE_NAMES"]

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

from composer.story.reading.lexicon import ArousalLexicon
from composer.story.reading.text import words as find_words

#: A sentence of at most this many words counts as short (clipped, breathless prose).
SHORT_SENTENCE_WORDS = 5
#: Pseudo-count of neutral (0) words added to the lexicon mean, so one loud word in a long,
#: otherwise unknown text does not decide its arousal.
LEXICON_PRIOR_WORDS = 2.0


@dataclass(frozen=True)
class IntensityCues:
    """Arousal cues measured on a text; every field is in [-1, 1] (most in [0, 1]).

    Attributes
    ----------
    lexicon : float
        Mean arousal of the lexicon words found, shrunk towards 0 by
        ``LEXICON_PRIOR_WORDS`` neutral pseudo-words.
    exclamation : float
        Share of sentences with an exclamation mark.
    capitals : float
        Share of words of two or more letters written in capitals (shouting), excluding "I".
    short : float
        Share of sentences of at most ``SHORT_SENTENCE_WORDS`` words.
    intensifiers : float
        Intensifiers ("very", "utterly" …) per sentence, at most 1.
    action : float
        Share of words that are action verbs, times 10, at most 1.
    coverage : float
        Share of words the lexicon knows.
    """

    lexicon: float
    exclamation: float
    capitals: float
    short: float
    intensifiers: float
    action: float
    coverage: float

    def as_tuple(self) -> tuple[float, ...]:
        """The cues in field order (see ``CUE_NAMES``)."""
        return astuple(self)


#: Names of the cues, in field order.
CUE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(IntensityCues))


def intensity_cues(sentences: Sequence[str], lexicon: ArousalLexicon) -> IntensityCues:
    """Measure the intensity cues of a text given as sentences.

    Parameters
    ----------
    sentences : sequence of str
        The text, one sentence per item (``composer.story.reading.text.split_sentences``).
    lexicon : ArousalLexicon
        Word arousal values and kinds.

    Returns
    -------
    IntensityCues
        All zeros for a text without words.

    Examples
    --------
    >>> from composer.story.reading.lexicon import ArousalLexicon
    >>> c = intensity_cues(["RUN!", "They chased us through the burning streets."], ArousalLexicon())
    >>> c.exclamation, c.capitals, c.short
    (0.5, 0.125, 0.5)
    """
    n_sent = 0
    n_words = 0
    excl = caps = short = intens = action = matched = 0
    total = 0.0
    for sentence in sentences:
        ws = find_words(sentence)
        if not ws:
            continue
        n_sent += 1
        n_words += len(ws)
        excl += "!" in sentence
        short += len(ws) <= SHORT_SENTENCE_WORDS
        for w in ws:
            if len(w) >= 2 and w.isupper():
                caps += 1
            hit = lexicon.lookup(w)
            if hit is None:
                continue
            value, kind = hit
            if kind == "intensifier":
                intens += 1
                continue
            matched += 1
            total += value
            action += kind == "action"
    if n_words == 0:
        return IntensityCues(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return IntensityCues(
        lexicon=total / (matched + LEXICON_PRIOR_WORDS),
        exclamation=excl / n_sent,
        capitals=caps / n_words,
        short=short / n_sent,
        intensifiers=min(1.0, intens / n_sent),
        action=min(1.0, 10.0 * action / n_words),
        coverage=(matched + intens) / n_words,
    )
