"""The voice-leading kinds of the registry: each has a checker, the arrangements keep them over the square,
the checkers catch hand-made violations, and an impossible request names the kind and the bar."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import composer
from composer.arrange.check import ARRANGEMENT_CHECKERS, arrangement_violations
from composer.arrange.voicing import bass_line, chorale_voices
from composer.errors import HarmonyError
from composer.harmony.chords import chord_index
from composer.harmony.progression import Harmony
from composer.rules.constraints import ARRANGEMENT_KINDS, CONSTRAINT_KINDS, HARD_KINDS, SOFT_KINDS
from composer.testing import assert_voice_leading, has_clean_voice_leading


def test_every_arrangement_kind_has_a_row_and_a_checker_and_no_search_term():
    assert ARRANGEMENT_KINDS == ("outer_voices", "leading_tone", "part_ranges", "smallest_motion")
    assert set(ARRANGEMENT_CHECKERS) == set(ARRANGEMENT_KINDS)
    for kind in ARRANGEMENT_KINDS:
        assert CONSTRAINT_KINDS[kind].scope == "arrangement" and CONSTRAINT_KINDS[kind].hard
        assert kind not in HARD_KINDS + SOFT_KINDS          # the melody search never sees them


def test_a_style_cannot_list_an_arrangement_kind(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: s\nextends: default\nconstraints:\n  - kind: leading_tone\n")
    with pytest.raises(composer.RuleError, match=r"s.yaml:4 \[constraints\[0\].kind\]: 'leading_tone' is a "
                                                 r"voice-leading rule"):
        composer.load_style(path)


@settings(max_examples=12, deadline=None)
@given(st.floats(-1, 1), st.floats(-1, 1), st.sampled_from(["default", "film", "game", "hymn", "folk"]),
       st.integers(0, 40), st.sampled_from(["held", "walking"]))
def test_arrangements_over_the_square_keep_every_voice_leading_kind(valence, arousal, style, seed, bass):
    m = composer.compose(valence=valence, arousal=arousal, bars=4, style=style, seed=seed, arrange=False)
    assert_voice_leading(composer.arrange(m, bass=bass))


def _hymn():
    return composer.compose(valence=0.4, arousal=-0.4, bars=4, style="hymn", seed=3)


def _with_part(a, name, pitches):
    parts = tuple(replace(p, pitches=np.asarray(pitches, dtype=np.int64)) if p.name == name else p for p in a.parts)
    return replace(a, parts=parts)


def test_the_checkers_catch_what_they_check():
    a = _hymn()
    assert has_clean_voice_leading(a)
    bass = a.part("Bass")
    high = _with_part(a, "Bass", np.full(len(bass.pitches), 20))              # under the organ's low C
    assert arrangement_violations(high, ["part_ranges"])["part_ranges"][0].startswith("bar 1: Bass plays 20")
    inner = a.part("Tenor and alto")
    jumpy = inner.pitches.copy()
    jumpy[len(jumpy) // 2:] += 12                                              # an inner voice leaps an octave
    broken = arrangement_violations(_with_part(a, "Tenor and alto", jumpy), ["smallest_motion"])["smallest_motion"]
    assert broken and "at most 7" in broken[0]
    # the melody doubled an octave down as the bass: parallel octaves wherever the melody moves
    mel = a.parts[0]
    doubled = replace(a, parts=(mel, a.parts[1], replace(bass, onsets=mel.onsets, lengths=mel.lengths,
                                                         pitches=mel.pitches - 24, velocities=mel.velocities)))
    found = arrangement_violations(doubled, ["outer_voices"])["outer_voices"]
    assert found and "parallel octaves" in found[0]
    with pytest.raises(AssertionError, match="outer_voices: bar"):
        assert_voice_leading(doubled)


def test_an_unresolved_leading_tone_in_the_bass_is_caught():
    a = _hymn()
    bar = 16 if a.parameters.meter == "4/4" else 12
    tonic = a.parameters.tonic
    h = Harmony(np.array([chord_index(7, "maj"), chord_index(0, "maj")]), np.array([0, bar]), np.array([bar, bar]),
                tonic, a.harmony.mode, (), 0.0)
    leading = 48 + (tonic + 11) % 12
    two = lambda p0, p1: replace(a.part("Bass"), onsets=np.array([0, bar]), lengths=np.array([bar, bar]),
                                 pitches=np.array([p0, p1]), velocities=np.array([60, 60]))
    up = replace(a, harmony=h, parts=(a.parts[0], two(leading, leading + 1)))
    away = replace(a, harmony=h, parts=(a.parts[0], two(leading, leading + 5)))
    assert arrangement_violations(up, ["leading_tone"])["leading_tone"] == []
    found = arrangement_violations(away, ["leading_tone"])["leading_tone"]
    assert len(found) == 1 and found[0].startswith("bar 2: the leading tone") and "bass" in found[0]


def test_a_range_too_narrow_for_the_voices_names_the_kind_and_the_bar():
    m = composer.compose(valence=0.4, arousal=-0.4, bars=4, style="hymn", seed=3, arrange=False)
    with pytest.raises(HarmonyError, match=r"part_ranges: bass range: no pitch in range fits chord .* at bar \d"):
        composer.arrange(m, bass_range=(43, 44))
    with pytest.raises(HarmonyError, match=r"part_ranges: bass_range 20\.\.40 goes outside the church_organ range"):
        composer.arrange(m, bass_range=(20, 40))
    h = composer.harmonise(m)
    low = (np.full(len(m.pitches), 50), m.ticks)                       # a soprano at D3 leaves no room for two voices
    with pytest.raises(HarmonyError, match=r"part_ranges: tenor/alto range: no pitch in range fits chord .* at bar \d"):
        chorale_voices(h, low, bass_line(h, low, bar_ticks=16), bar_ticks=16)
