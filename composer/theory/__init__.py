"""Music theory as tables: modes and scales, intervals, meters. Pure Python, no music21."""

from composer.theory.intervals import INTERVAL_NAMES, interval_name
from composer.theory.keys import MODE_FIFTHS, common_tones, fifths_distance, key_fifths
from composer.theory.meter import METERS, TICKS_PER_QUARTER, Meter, get_meter
from composer.theory.scales import MODE_BRIGHTNESS, MODES, PITCH_CLASS_NAMES, is_major_type, pitch_class, scale_pitch_classes

__all__ = [
    "INTERVAL_NAMES",
    "interval_name",
    "MODE_FIFTHS",
    "common_tones",
    "fifths_distance",
    "key_fifths",
    "METERS",
    "TICKS_PER_QUARTER",
    "Meter",
    "get_meter",
    "MODES",
    "MODE_BRIGHTNESS",
    "PITCH_CLASS_NAMES",
    "is_major_type",
    "pitch_class",
    "scale_pitch_classes",
]
