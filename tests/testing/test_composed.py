"""composed_melodies(): melodies from the real search keep the hard constraints their style asks for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.testing import assert_constraints, composed_melodies, style_documents
from composer.testing._internal.styles import style_from_document


@settings(max_examples=15)
@given(composed_melodies(min_bars=1, max_bars=3, min_valence=0.2, max_arousal=-0.1))
def test_composed_melodies_keep_their_bounds(m):
    assert isinstance(m, composer.Melody) and m.style == "default"
    assert 1 <= m.bars <= 3
    assert m.affect.valence >= 0.2 and m.affect.arousal <= -0.1


def test_default_style_composes_at_the_calmest_emotions():
    # Found by composed_melodies(): at arousal -1 the default range is 10 semitones, and centred on
    # the register it held no E-flat; Parameters.low now moves such a window onto the nearest tonic.
    m = composer.compose(valence=0.5, arousal=-1.0, bars=1, seed=4)
    p = m.parameters
    assert p.high - p.low == p.range and p.low <= m.pitches[-1] <= p.high and m.pitches[-1] % 12 == p.tonic


@settings(max_examples=15)
@given(st.data(), style_documents())
def test_generated_styles_compose_melodies_that_keep_their_hard_constraints(data, document):
    style = style_from_document(document)
    m = data.draw(composed_melodies(style=style, max_bars=2))
    constraints = style.evaluate(m.affect, seed=m.seed).constraints
    assert_constraints(m, constraints)
