"""``performed_score``: a score as it is played, for MIDI files: performed note lengths from the marks.

A written score says "staccato" with a dot; a MIDI file has only note-on and note-off, so a
player (a DAW, a SoundFont, a game engine) hears staccato only if the note-off comes early.
``performed_score`` returns a copy of a score in which every note sounds for the share of
its written length that the built-in synthesiser uses (``composer.render.synth.GATE``, one
table for both): staccato half, staccatissimo a quarter, tenuto or slurred (legato) all
of it, an unmarked note 90% (the last note rings to the written end). Onsets, pitches and velocities (the note's own, which already hold the
accents and the dynamics the score marks) are unchanged, so the MIDI file carries the
articulation and the loudness the score asks for.
"""

from __future__ import annotations

__all__ = ["STACCATISSIMO", "performed_gate", "performed_score"]

import copy

from music21 import articulations, duration, note, spanner, stream

from composer.render.synth import GATE

#: Share of the written length a staccatissimo note sounds (half of staccato).
STACCATISSIMO = GATE["staccato"] / 2


def performed_gate(n: note.GeneralNote, *, slurred: bool = False) -> float:
    """Share of ``n``'s written length that sounds, from its articulation marks.

    Legato music is written with a slur over each phrase (``add_phrase_marks``) rather
    than a tenuto on every note, so a note under a slur sounds as a tenuto one does.

    Parameters
    ----------
    n : music21 note or chord
    slurred : bool, optional
        Whether ``n`` lies under a slur.

    Returns
    -------
    float
        In (0, 1]: the shortest gate among its marks; ``GATE["legato"]`` when unmarked and
        slurred, ``GATE["normal"]`` when unmarked.
    """
    gate = GATE["legato"] if slurred else GATE["normal"]
    for a in n.articulations:
        if isinstance(a, articulations.Staccatissimo):
            gate = min(gate, STACCATISSIMO)
        elif isinstance(a, (articulations.Staccato, articulations.Spiccato)):
            gate = min(gate, GATE["staccato"])
        elif isinstance(a, articulations.Tenuto) and gate == GATE["normal"]:
            gate = GATE["legato"]
    return gate


def _slurred_spans(part: stream.Stream) -> list[tuple[float, float]]:
    """(first onset, last onset) in quarter notes of every slur in ``part``."""
    spans = []
    for slur in part.recurse().getElementsByClass(spanner.Slur):
        notes = slur.getSpannedElements()
        if notes:
            spans.append((float(notes[0].getOffsetInHierarchy(part)), float(notes[-1].getOffsetInHierarchy(part))))
    return spans


def performed_score(score: stream.Stream) -> stream.Stream:
    """Return a copy of ``score`` whose notes last as long as they are played.

    Ties are joined first (a tied chain is one played note), then each note's duration is
    multiplied by :func:`performed_gate`; its offset stays, so the time up to the next onset
    is silence. The last note of each part rings to the written end, so that the file
    lasts exactly as long as the music is written (a cue or a loop must). The input score
    is not changed.

    Parameters
    ----------
    score : music21.stream.Stream
        A written score (as ``melody_to_stream`` or ``sections_to_stream`` make it).

    Returns
    -------
    music21.stream.Stream
        The performed copy, for ``score.write("midi")`` only (its measures no longer add up
        on paper).
    """
    played = copy.deepcopy(score)
    parts = list(played.parts) if isinstance(played, stream.Score) and played.parts else [played]
    for part in parts:
        spans = _slurred_spans(part)
        part.stripTies(inPlace=True)
        notes = list(part.recurse().notes)
        ends = [float(n.getOffsetInHierarchy(part) + n.quarterLength) for n in notes]
        last = max(ends, default=0.0)
        for n, end in zip(notes, ends):
            onset = float(n.getOffsetInHierarchy(part))
            gate = performed_gate(n, slurred=any(a <= onset <= b for a, b in spans))
            if gate < 1.0 and n.quarterLength > 0 and end < last:
                n.duration = duration.Duration(n.quarterLength * gate)
    return played
