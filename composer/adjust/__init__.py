"""Adjusting existing music toward an emotion: the third stage of the pipeline.

:func:`adjust` reads a MIDI or MusicXML file (or a stream), analyses its key, metre and
parts, and moves its mode, tempo, register, velocity and articulation toward where a
style puts them at the target emotion (or along a curve, bar by bar), reporting every
change and the rule that made it. See ``docs/adjust.md``.
"""

from composer.adjust.core import Adjusted, adjust
from composer.adjust.report import AdjustReport, Change
from composer.adjust.rules import ASPECTS, AdjustRules, load_adjust_rules

__all__ = ["ASPECTS", "AdjustReport", "AdjustRules", "Adjusted", "Change", "adjust",
           "load_adjust_rules"]


def _check_exports() -> None:
    import sys

    module = sys.modules[__name__]
    submodules = {"core", "density", "harmony", "pitch", "plan", "read", "report", "rules", "transform"}
    public = {n for n in vars(module) if not n.startswith("_")} - submodules
    if public != set(__all__):
        raise ImportError(f"composer.adjust: __all__ {sorted(__all__)} differs from its names {sorted(public)}")


_check_exports()
