"""Reading music back: the emotion cues a listener hears, measured from a score or a file.

One edge turns whatever came in (a ``Melody``, a ``Piece``, a music21 stream, a MIDI or
MusicXML path) into a note array (:func:`note_array`); the cue measures work on that array
only. The emotion-fidelity benchmark, ``Style.fidelity`` and the adjustment stage all read
cues through here, so "what counts as staccato" or "how loud is it" is decided once.
The musicality measures (rhythm, repetition, contour: :mod:`composer.analysis.form`;
Yang & Lerch's set overlap: :mod:`composer.analysis.overlap`) compare composed melodies
with real corpora the same way.
"""

from composer.analysis.correlation import pearson, spearman, within_spearman
from composer.analysis.cues import CUE_DIRECTIONS, CUE_NAMES, measure_cues
from composer.analysis.form import FEATURE_NAMES, Line, features, line_from_events, line_from_melody
from composer.analysis.notes import NOTE_DTYPE, NoteArray, note_array
from composer.analysis.overlap import YL_FEATURES, overlaps, yl_features

__all__ = [
    "CUE_DIRECTIONS",
    "CUE_NAMES",
    "FEATURE_NAMES",
    "Line",
    "YL_FEATURES",
    "features",
    "line_from_events",
    "line_from_melody",
    "overlaps",
    "yl_features",
    "NOTE_DTYPE",
    "NoteArray",
    "measure_cues",
    "note_array",
    "pearson",
    "spearman",
    "within_spearman",
]


def _check_exports() -> None:
    import sys

    module = sys.modules[__name__]
    public = {n for n in vars(module) if not n.startswith("_")} - {"correlation", "cues", "form", "notes", "overlap"}
    if public != set(__all__):
        raise ImportError(f"composer.analysis: __all__ {sorted(__all__)} differs from its names {sorted(public)}")


_check_exports()
