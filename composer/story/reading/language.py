"""How English a text looks: the estimators' lexicons and model know English only.

Text in another language would otherwise be read through accidental English look-alikes
(German "die", "war"), giving confident nonsense. Two cheap signals: the share of very
common English function words (English prose has about 40–50 % of them, other languages
far fewer), and the share of words found among the unigrams of the shipped text model's
vocabulary (22,000 n-grams from EmoBank: a headline without function words is still
mostly known words). The estimators scale their result towards neutral by
``english_confidence``, the larger of the two signals' confidences.
"""

from __future__ import annotations

__all__ = ["english_share", "known_share", "known_words", "english_confidence", "FUNCTION_WORDS"]

from collections.abc import Iterable

from composer.story.reading.text import words as find_words

#: Common English function words.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself""".split()
)
#: Below this share of function words a text gets no confidence; at ``FULL_SHARE`` and above, full confidence.
ZERO_SHARE = 0.05
FULL_SHARE = 0.20
#: The same for the share of words the model's vocabulary knows.
ZERO_KNOWN = 0.45
FULL_KNOWN = 0.75


def known_words(vocabulary: Iterable[str]) -> frozenset[str]:
    """The single words of a model's vocabulary (its n-grams without spaces) and the function words."""
    return frozenset(g for g in vocabulary if " " not in g) | FUNCTION_WORDS


def known_share(text: str, known: frozenset[str] = FUNCTION_WORDS) -> float:
    """Share of the words of ``text`` found in ``known`` (0 for no words).

    The estimators pass the shipped model's words (``composer.story.reading.vocabulary.shipped_known_words``).
    """
    ws = find_words(text)
    if not ws:
        return 0.0
    return sum(w.lower() in known for w in ws) / len(ws)


def english_share(text: str) -> float:
    """Share of the words of ``text`` that are common English function words (0 for no words).

    Examples
    --------
    >>> round(english_share("The dog ran to the house."), 2)
    0.5
    >>> english_share("Der Hund lief schnell über die Straße.")
    0.0
    """
    ws = find_words(text)
    if not ws:
        return 0.0
    return sum(w.lower() in FUNCTION_WORDS for w in ws) / len(ws)


def english_confidence(text: str, known: frozenset[str] = FUNCTION_WORDS) -> float:
    """1 for ordinary English prose, falling linearly to 0 as the text looks less English.

    Very short texts (under 4 words) are trusted: a single word such as "Fire!" has no
    function words but is still English.
    """
    ws = find_words(text)
    if len(ws) < 4:
        return 1.0 if ws and all(w.isascii() for w in ws) else 0.0
    by_function = (english_share(text) - ZERO_SHARE) / (FULL_SHARE - ZERO_SHARE)
    by_known = (known_share(text, known) - ZERO_KNOWN) / (FULL_KNOWN - ZERO_KNOWN)
    return min(1.0, max(0.0, by_function, by_known))
