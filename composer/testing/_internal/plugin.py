"""The hypothesis plugin: ``st.from_type(Affect)``, ``st.from_type(Melody)`` and friends, registered when hypothesis starts.

Hypothesis calls every function declared under the ``hypothesis`` entry-point group of an
installed distribution when it is imported; composer declares ``_hypothesis_setup_hook``
in ``pyproject.toml`` (``[project.entry-points.hypothesis]``). Set
``HYPOTHESIS_NO_PLUGINS=1`` to stop hypothesis from loading plugins.
"""

from __future__ import annotations

__all__ = ["_hypothesis_setup_hook", "REGISTERED_TYPES"]

from hypothesis import strategies as st

from composer.affect import Affect
from composer.melody import Melody
from composer.testing._internal.affects import affects
from composer.testing._internal.keys import keys
from composer.testing._internal.melodies import melodies
from composer.testing._internal.rhythms import rhythms
from composer.testing._internal.values import Key, Rhythm

#: The types the plugin registers and the strategy each one gets.
REGISTERED_TYPES: dict[type, st.SearchStrategy] = {
    Affect: affects(),
    Melody: melodies(),
    Key: keys(),
    Rhythm: rhythms(),
}


def _hypothesis_setup_hook() -> None:
    """Register composer's value types with ``st.register_type_strategy`` (called by hypothesis at import)."""
    for typ, strategy in REGISTERED_TYPES.items():
        st.register_type_strategy(typ, strategy)
