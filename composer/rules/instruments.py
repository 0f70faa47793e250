"""General MIDI program names a style may give as its ``instrument``."""

from __future__ import annotations

__all__ = ["GM_PROGRAMS", "gm_program"]

from composer.errors import ArgumentError

#: The 128 General MIDI level 1 melodic programs, in program order (index 0 is program 1),
#: spelt in lower case with underscores.
GM_PROGRAMS: tuple[str, ...] = (
    # piano
    "acoustic_grand_piano", "bright_acoustic_piano", "electric_grand_piano", "honky_tonk_piano",
    "electric_piano_1", "electric_piano_2", "harpsichord", "clavinet",
    # chromatic percussion
    "celesta", "glockenspiel", "music_box", "vibraphone", "marimba", "xylophone", "tubular_bells", "dulcimer",
    # organ
    "drawbar_organ", "percussive_organ", "rock_organ", "church_organ", "reed_organ", "accordion", "harmonica",
    "tango_accordion",
    # guitar
    "acoustic_guitar_nylon", "acoustic_guitar_steel", "electric_guitar_jazz", "electric_guitar_clean",
    "electric_guitar_muted", "overdriven_guitar", "distortion_guitar", "guitar_harmonics",
    # bass
    "acoustic_bass", "electric_bass_finger", "electric_bass_pick", "fretless_bass", "slap_bass_1", "slap_bass_2",
    "synth_bass_1", "synth_bass_2",
    # strings
    "violin", "viola", "cello", "contrabass", "tremolo_strings", "pizzicato_strings", "orchestral_harp", "timpani",
    # ensemble
    "string_ensemble_1", "string_ensemble_2", "synth_strings_1", "synth_strings_2", "choir_aahs", "voice_oohs",
    "synth_voice", "orchestra_hit",
    # brass
    "trumpet", "trombone", "tuba", "muted_trumpet", "french_horn", "brass_section", "synth_brass_1", "synth_brass_2",
    # reed
    "soprano_sax", "alto_sax", "tenor_sax", "baritone_sax", "oboe", "english_horn", "bassoon", "clarinet",
    # pipe
    "piccolo", "flute", "recorder", "pan_flute", "blown_bottle", "shakuhachi", "whistle", "ocarina",
    # synth lead
    "lead_1_square", "lead_2_sawtooth", "lead_3_calliope", "lead_4_chiff", "lead_5_charang", "lead_6_voice",
    "lead_7_fifths", "lead_8_bass_lead",
    # synth pad
    "pad_1_new_age", "pad_2_warm", "pad_3_polysynth", "pad_4_choir", "pad_5_bowed", "pad_6_metallic", "pad_7_halo",
    "pad_8_sweep",
    # synth effects
    "fx_1_rain", "fx_2_soundtrack", "fx_3_crystal", "fx_4_atmosphere", "fx_5_brightness", "fx_6_goblins",
    "fx_7_echoes", "fx_8_sci_fi",
    # ethnic
    "sitar", "banjo", "shamisen", "koto", "kalimba", "bagpipe", "fiddle", "shanai",
    # percussive
    "tinkle_bell", "agogo", "steel_drums", "woodblock", "taiko_drum", "melodic_tom", "synth_drum", "reverse_cymbal",
    # sound effects
    "guitar_fret_noise", "breath_noise", "seashore", "bird_tweet", "telephone_ring", "helicopter", "applause",
    "gunshot",
)
assert len(GM_PROGRAMS) == 128 and len(set(GM_PROGRAMS)) == 128


def gm_program(name: str) -> int:
    """Return the 0-based General MIDI program number of ``name`` (as in a MIDI program-change message).

    Raises
    ------
    ValueError
        If ``name`` is not in ``GM_PROGRAMS``.

    Examples
    --------
    >>> gm_program("acoustic_grand_piano"), gm_program("church_organ"), gm_program("lead_1_square")
    (0, 19, 80)
    """
    try:
        return GM_PROGRAMS.index(name)
    except ValueError:
        raise ArgumentError(f"unknown General MIDI program {name!r}") from None
