"""Emotion words (``"tense"``, ``"serene"``, …): now part of ``composer.affect``, the emotion as a value.

This module keeps the old import path.
"""

from __future__ import annotations

__all__ = ["EmotionWord", "emotion_words", "emotion_affect", "suggest_emotion"]

from composer.affect import EmotionWord, emotion_affect, emotion_words, suggest_emotion
