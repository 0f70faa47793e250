"""Arrangement: bass, inner voices and accompaniment patterns under a harmonised melody, as parts.

>>> import composer
>>> a = composer.arrange(composer.compose(valence=0.6, arousal=0.0, bars=4, seed=1))
>>> [p.name for p in a.parts]
['Melody', 'Accompaniment', 'Bass']
"""

from composer.arrange.arrangement import Arrangement, Part, arrange
from composer.arrange.patterns import PATTERNS
from composer.arrange.piece import ArrangedPiece, arrange_piece
from composer.arrange.reduction import PianoReduction, PieceReduction, piano_reduction, piece_reduction

__all__ = ["ArrangedPiece", "Arrangement", "PATTERNS", "Part", "PianoReduction", "PieceReduction", "arrange",
           "arrange_piece", "piano_reduction", "piece_reduction"]
