"""A style's ``instrument`` (a General MIDI program name) as a music21 instrument for MIDI and MusicXML."""

from __future__ import annotations

__all__ = ["gm_instrument", "display_name"]

from music21 import instrument

from composer.errors import RenderError
from composer.rules.instruments import GM_PROGRAMS, gm_program


def display_name(name: str) -> str:
    """The printed name of a General MIDI program name.

    Examples
    --------
    >>> display_name("church_organ"), display_name("lead_1_square")
    ('Church Organ', 'Lead 1 Square')
    """
    return name.replace("_", " ").title()


def gm_instrument(name: str) -> instrument.Instrument:
    """A music21 instrument for the General MIDI program ``name``, with exactly that program.

    MIDI export writes ``midiProgram`` as the part's program change; MusicXML writes the
    part name, the instrument name and ``<midi-program>`` (1-based).

    Parameters
    ----------
    name : str
        One of ``composer.rules.instruments.GM_PROGRAMS`` (``"church_organ"``).

    Returns
    -------
    music21.instrument.Instrument
        music21's closest class (``PipeOrgan`` for ``church_organ``), ``midiProgram`` set to
        the program (0-based) and ``instrumentName``/``partName`` to :func:`display_name`.

    Raises
    ------
    RenderError
        If ``name`` is not a General MIDI program name.
    """
    if name not in GM_PROGRAMS:
        raise RenderError(f"unknown instrument {name!r}; use a General MIDI program name such as "
                          "'acoustic_grand_piano' (all 128: composer.rules.GM_PROGRAMS)")
    program = gm_program(name)
    inst = instrument.instrumentFromMidiProgram(program)
    inst.midiProgram = program
    inst.instrumentName = inst.partName = display_name(name)
    return inst
