"""Parameters.low/high: the pitch window is centred on the register and always holds a tonic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from composer.rules.parameters import Parameters


@given(register=st.floats(36, 96), width=st.integers(5, 34), tonic=st.integers(0, 11))
def test_window_has_the_asked_width_holds_a_tonic_and_stays_near_the_register(register, width, tonic):
    p = Parameters(tempo=100, meter="4/4", mode="ionian", tonic=tonic, register=register, range=width,
                   density=2, velocity=80, articulation="normal", max_leap=7, rests=0.5)
    assert p.high - p.low == width
    assert any(m % 12 == tonic for m in range(p.low, p.high + 1))
    centred_low = round(register - width / 2)
    assert abs(p.low - centred_low) <= 6
    if width >= 11:
        assert p.low == centred_low
