"""``write``: anything with a score and a performance (a ``Melody``, later a ``Piece``) written to a file chosen by extension.

Every format is written atomically (``composer.render.atomic``) and an existing file is
kept unless ``overwrite=True``.
"""

from __future__ import annotations

__all__ = ["SUPPORTED_EXTENSIONS", "FORMATS", "Renderable", "write", "stage_file", "write_melody", "format_for"]

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from composer.errors import RenderError
from composer.limits import check_at_most
from composer.render._optional import require_all
from composer.render.atomic import StagedFile, check_path, check_target, commit, stage
from composer.render.performed import performed_score
from composer.render.performance import Performance
from composer.render.protocols import Renderable
from composer.render.synth import SAMPLE_RATE

if TYPE_CHECKING:
    from music21 import stream

    from composer.render.pianoroll import CurveInput

#: File name ending (lower case) to format. ``.roll.png`` is checked before ``.png``.
FORMATS: dict[str, str] = {
    ".mid": "midi",
    ".midi": "midi",
    ".musicxml": "musicxml",
    ".xml": "musicxml",
    ".mxl": "mxl",  # compressed MusicXML
    ".abc": "abc",
    ".svg": "svg",  # sheet music (verovio)
    ".png": "png",  # sheet music as a picture (verovio + cairosvg)
    ".roll.png": "pianoroll",  # piano roll (matplotlib)
    ".wav": "wav",  # audio: built-in synthesiser, or a SoundFont when one is given
}

#: The endings ``write`` understands.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)


def format_for(path: str | os.PathLike[str]) -> str:
    """Return the format written for ``path``'s ending (see ``FORMATS``).

    Raises
    ------
    RenderError
        If the ending is not one of ``SUPPORTED_EXTENSIONS``.
    """
    name = Path(check_path(path)).name.lower()
    for ending in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(ending) and len(name) > len(ending):
            return FORMATS[ending]
    ext = Path(path).suffix.lower()
    problem = f"{ext!r} is not a supported format" if ext else "the file name has no ending to choose the format"
    raise RenderError(f"cannot write {os.fspath(path)!r}: {problem}; use one of {', '.join(SUPPORTED_EXTENSIONS)}")


def _bytes_for(fmt: str, source: Renderable, *, soundfont: str | os.PathLike[str] | None, sample_rate: int,
               tail: float, curve: "CurveInput | None") -> bytes:
    """Render ``source`` to the bytes of a file of format ``fmt`` (every format but the music21-written ones)."""
    if fmt == "abc":
        from composer.render.abc import score_to_abc

        return score_to_abc(source.to_stream()).encode("utf-8")
    if fmt in ("svg", "png"):
        from composer.render.notation import score_to_svg, svg_to_png

        if fmt == "png":  # name every missing piece at once, before any work
            require_all(("verovio", "cairosvg"), "PNG sheet music")
        svg = score_to_svg(source.to_stream())
        return svg.encode("utf-8") if fmt == "svg" else svg_to_png(svg)
    if fmt == "wav":
        if soundfont is not None:
            from composer.render.soundfont import render_soundfont

            check_at_most("audio_seconds", float(source.to_performance().length), "audio length in seconds")
            return render_soundfont(source.to_stream(), soundfont)
        from composer.render.synth import normalize_peak, synthesize, wav_bytes

        samples = synthesize(source.to_performance(), sample_rate=sample_rate, tail=tail)
        return wav_bytes(normalize_peak(samples), sample_rate=sample_rate)
    if fmt == "pianoroll":
        from composer.render.pianoroll import piano_roll_png

        return piano_roll_png(source.to_performance(), curve=curve)
    raise AssertionError(f"no byte renderer for format {fmt!r}")


def write(
    source: Renderable,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    soundfont: str | os.PathLike[str] | None = None,
    sample_rate: int = SAMPLE_RATE,
    tail: float = 0.0,
    curve: "CurveInput | None" = None,
) -> Path:
    """Write ``source`` to ``path``; the file name's ending chooses the format.

    ======================  ==========================================================
    ending                  what is written
    ======================  ==========================================================
    ``.mid``, ``.midi``     Standard MIDI: velocities, instrument program, tempo, key
    ``.musicxml``, ``.xml`` MusicXML (``.mxl``: compressed MusicXML)
    ``.abc``                ABC notation
    ``.svg``                sheet music engraved by verovio (extra ``notation``)
    ``.png``                the sheet music as a picture (extras ``notation`` and ``png``)
    ``.roll.png``           a piano roll, with ``curve`` under it (extra ``plot``)
    ``.wav``                audio: the built-in synthesiser, or ``soundfont``
                            (extra ``soundfont``)
    ======================  ==========================================================

    The file is written to a temporary file in the same folder and renamed onto ``path``
    in one step, so a failed or interrupted write leaves neither a partial file nor the
    temporary one. The target is checked before any rendering, so a refused write costs
    nothing.

    Parameters
    ----------
    source : Renderable
        A ``Melody`` (or anything with ``to_stream()`` and ``to_performance()``).
    path : str or path-like
        The file to write.
    overwrite : bool, optional
        Replace an existing file. By default an existing file is an error and is kept.
    soundfont : str or path-like, optional
        For ``.wav``: play through this ``.sf2`` file instead of the built-in synthesiser.
    sample_rate : int, optional
        For ``.wav`` with the built-in synthesiser: samples per second.
    tail : float, optional
        For ``.wav`` with the built-in synthesiser: seconds of audio after the written end
        (0 by default: the file lasts exactly the written length).
    curve : list of (float, float, float), optional
        For ``.roll.png``: (time in seconds, valence, arousal) rows to plot under the roll.

    Returns
    -------
    Path
        The absolute path written.

    Raises
    ------
    RenderError
        For an unsupported ending, an option that does not apply to the format, an
        existing file without ``overwrite``, a missing or unwritable folder, or a failure
        while rendering or writing.
    MissingDependencyError
        (a ``RenderError``) when the format's optional package is not installed; the
        message names the extra to install.
    """
    return commit([stage_file(source, path, overwrite=overwrite, soundfont=soundfont, sample_rate=sample_rate,
                              tail=tail, curve=curve)])[0]


def stage_file(
    source: Renderable,
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    soundfont: str | os.PathLike[str] | None = None,
    sample_rate: int = SAMPLE_RATE,
    tail: float = 0.0,
    curve: "CurveInput | None" = None,
) -> StagedFile:
    """Render ``source`` for ``path`` into a temporary file beside it, replacing nothing yet.

    The arguments are those of :func:`write`. Pass the result, with the other outputs of
    one command, to ``composer.render.atomic.commit``: all of them land, or none does.

    Raises
    ------
    RenderError
        As :func:`write`.
    """
    fmt = format_for(path)
    if soundfont is not None and fmt != "wav":
        raise RenderError(f"cannot write {os.fspath(path)!r}: soundfont applies to .wav files only")
    if curve is not None and fmt != "pianoroll":
        raise RenderError(f"cannot write {os.fspath(path)!r}: curve applies to .roll.png piano rolls only")
    target = check_target(path, overwrite=overwrite)

    fill: Callable[[Path], None]
    from composer.render.midi import midi_bytes, sections_of

    found = sections_of(source) if fmt == "midi" else None
    if found is not None:  # a melody or a piece: straight from its arrays (composer.render.midi), linear in length
        data = midi_bytes(found[0], **found[1])

        def fill(tmp: Path) -> None:
            tmp.write_bytes(data)
    elif fmt == "midi":  # anything else with a score: music21's writer, the performed note lengths (staccato short)
        score = performed_score(source.to_stream())

        def fill(tmp: Path) -> None:
            score.write("midi", fp=tmp)
    elif fmt in ("musicxml", "mxl"):
        from composer.render.musicxml import gc_paused, write_musicxml

        with gc_paused():
            score = source.to_stream()

        def fill(tmp: Path) -> None:
            write_musicxml(score, tmp)  # compressed for a file named *.mxl
    elif fmt == "wav" and soundfont is None:
        from composer.render.synth import normalize_peak, synthesize, write_wav

        performance = source.to_performance()
        check_at_most("audio_seconds", float(performance.length) + float(tail), f"{target}: audio length in seconds")
        samples = normalize_peak(synthesize(performance, sample_rate=sample_rate, tail=tail))

        def fill(tmp: Path) -> None:
            write_wav(tmp, samples, sample_rate=sample_rate)  # streamed: no whole-file copy in memory
    else:
        data = _bytes_for(fmt, source, soundfont=soundfont, sample_rate=sample_rate, tail=tail, curve=curve)

        def fill(tmp: Path) -> None:
            tmp.write_bytes(data)

    return stage(target, fill, overwrite=overwrite)


def write_melody(melody: Renderable, path: str | os.PathLike[str], *, overwrite: bool = False, **options: object) -> Path:
    """Write a melody to ``path``: the same as ``write(melody, path, ...)``."""
    return write(melody, path, overwrite=overwrite, **options)  # type: ignore[arg-type]  # options are write's keywords
