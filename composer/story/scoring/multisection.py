"""``compose_plan``: compose every section of a ``Plan`` in turn and join them into one ``Piece``.

For each section, in order:

1. **Parameters.** The section's style (its own, else the plan's) is evaluated at the
   section's emotion and the seed, with the section's fixed values (``overrides``: tempo,
   meter, tonic, mode) in place (``Style.with_fixed``), so rules that read them see them.
2. **Length.** When durations are honoured (``bars=None``), ``fit_duration`` chooses whole
   bars and the tempo nearest the style's tempo (within the section's ``tempo_range``,
   or exactly its fixed tempo) so the section lasts its requested duration within 0.5 s.
   With ``bars=N``, every section has ``N`` bars at the style's tempo.
3. **Key.** ``composer.story.scoring.joins.choose_key``: the mode follows the emotion; the tonic
   joins the previous key by a common tonic, a closely related key or a pivot.
4. **Reach.** If the previous section's last note is out of reach of the new range, the
   range moves just enough (``composer.story.scoring.joins.reachable_register``). If the search
   still finds no lawful melody (a section of a bar or two may have no way from that note
   to its tonic), the range is centred on the previous note, then the beam is widened.
5. **Search.** The stages of ``composer.compose`` run on the section's own evaluation (step 1's
   rules with the chosen key and tempo fixed, evaluated once; again only when the register
   moved, since rules may read it): ``search_problem(..., after=previous melody)``, whose
   notes are the models' context (``max_leap`` holds from its last note to the first new
   one), ``beam_search``, ``melody_from``.
6. **Tempo.** Once all sections are composed, a section whose style asks for a ramp
   (``tempo_ramp_bars``) glides to the next section's tempo over its last bars, keeping its
   length (``composer.story.scoring.ramps``). A section whose emotion moves through it
   (``Section.arc``: a scene that builds) instead glides bar by bar from the tempo its style
   gives the starting emotion towards the one it gives the ending emotion (``ramps.glide``,
   same length), and its velocities move note by note from the style's velocity at the start
   to the one at the end (offsets from the section's own velocity, linear in the note's onset
   time), so that the music follows the build without a cut. Notes per second follow the
   tempo; the note values themselves come from the one search at the section's emotion.

Gaps between cues become rest bars (a tempo chosen so they last the gap); the first cue
may start after 0 the same way.
"""

from __future__ import annotations

__all__ = ["compose_plan"]

from dataclasses import replace

import numpy as np

from composer._progress import progress
from composer.compose import DEFAULT_BEAM_WIDTH, DEFAULT_TEMPERATURE, melody_from, search_problem
from composer.errors import ArgumentError, ComposerError, SearchError
from composer.limits import LIMITS, check_at_most, check_seed
from composer.melody import Melody
from composer.rules.parameters import Parameters
from composer.rules.style import Style, load_style
from composer.search.beam import beam_search
from composer.story.scoring.joins import KeyJoin, choose_key, reachable_register
from composer.story.scoring.piece import Piece, PieceSection, Silence
from composer.story.scoring.plan import Plan, Section
from composer.story.scoring.ramps import glide, ramp_to, steady
from composer.story.scoring.storyplan import StoryPlan
from composer.story.scoring.timing import DEFAULT_TEMPO_RANGE, DURATION_TOLERANCE, DurationFit, fit_duration
from composer.theory.meter import TICKS_PER_QUARTER, get_meter
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN, map_seconds

#: Most bars one section may have (the search's limit).
MAX_SECTION_BARS = int(LIMITS["bars"].high)


def _follow_arc(section: Section, pinned: Style, params: Parameters, melody: Melody,
                seed: int) -> tuple[Melody, tuple[tuple[int, float], ...]]:
    """The melody with velocities moving along ``section.arc`` and its gliding tempo map (same length)."""
    start, end = (pinned.parameters(a, seed=seed) for a in section.arc)  # type: ignore[union-attr]
    p = melody.parameters
    seconds = melody.total_ticks / TICKS_PER_QUARTER * 60.0 / float(p.tempo)
    tempo_map = glide(float(start.tempo), float(end.tempo), bars=melody.bars, meter=p.meter, seconds=seconds)
    onsets = np.concatenate([[0], np.cumsum(melody.ticks)[:-1]]) / max(int(melody.total_ticks), 1)
    shift = (start.velocity - params.velocity) + (end.velocity - start.velocity) * onsets
    sounding = melody.pitches >= 0
    velocities = np.where(sounding, np.clip(np.rint(melody.velocities + shift), 1, 127), melody.velocities)
    return replace(melody, velocities=velocities.astype(np.int64)), tempo_map


def _fail(section: Section, index: int, message: str) -> ComposerError:
    return ComposerError(f"section {index + 1} ({section.name!r}): {message}")


def _last_pitch(melody: Melody) -> int | None:
    sounding = melody.pitches[melody.pitches >= 0]
    return int(sounding[-1]) if sounding.size else None


def _first_pitch(melody: Melody) -> int | None:
    sounding = melody.pitches[melody.pitches >= 0]
    return int(sounding[0]) if sounding.size else None


def _length(section: Section, index: int, params: Parameters, bars: int | None,
            target: float) -> tuple[int, float, DurationFit | None]:
    """Bars and tempo of a section: its own bars, the caller's, or fitted to its duration.

    ``target`` is the length that would end the section where the plan ends it, given
    where it actually starts; it is fitted first, and kept when the fit is also within the
    tolerance of the requested duration, so small errors do not add up over many cues.
    """
    fixed_tempo = section.overrides.get("tempo")
    if section.bars is not None:
        return int(section.bars), float(params.tempo), None
    if bars is not None:
        return bars, float(params.tempo), None
    tempo_range = (fixed_tempo, fixed_tempo) if fixed_tempo is not None else (section.tempo_range or DEFAULT_TEMPO_RANGE)
    fit = None
    for wanted in ((target, section.duration) if target > 0 and target != section.duration else (section.duration,)):
        try:
            fit = fit_duration(wanted, meter=params.meter, tempo_range=tempo_range,  # type: ignore[arg-type]
                               preferred_tempo=float(params.tempo))
        except ComposerError as e:
            if wanted == section.duration:
                raise _fail(section, index, str(e)) from None
            continue
        if abs(fit.seconds - section.duration) <= DURATION_TOLERANCE:
            break
    assert fit is not None
    if fit.bars > MAX_SECTION_BARS:
        raise _fail(section, index, f"{section.duration:g} s needs {fit.bars} bars at {fit.tempo:g} bpm; "
                                    f"a section may have at most {MAX_SECTION_BARS}: split it")
    return fit.bars, fit.tempo, fit


def _silence(gap: float, meter: str, tempo: float) -> Silence | None:
    """Rest bars lasting ``gap`` seconds (None for a gap under the tolerance)."""
    if gap <= DURATION_TOLERANCE:
        return None
    for m in (meter, "2/4"):
        try:
            fit = fit_duration(gap, meter=m, tempo_range=(float(TEMPO_MIN), float(TEMPO_MAX)),
                               preferred_tempo=min(float(TEMPO_MAX), max(float(TEMPO_MIN), tempo)))
        except ComposerError:
            continue
        return Silence(fit.bars, fit.tempo, m, fit.seconds)
    return None


def compose_plan(
    plan: Plan,
    *,
    seed: int = 0,
    style: str | Style | None = None,
    bars: int | None = None,
    beam_width: int = DEFAULT_BEAM_WIDTH,
    temperature: float = DEFAULT_TEMPERATURE,
    show_progress: bool | None = None,
) -> Piece:
    """Compose a plan's sections into one ``Piece`` (see the module's docstring for how).

    Parameters
    ----------
    plan : Plan
        The sections (from ``story_plan``, ``read_cue_sheet`` or built by hand).
    seed : int
        One seed for every section: it seeds the style's choices (so, for one seed, a
        section with a higher valence never gets a darker mode) and the search.
    style : str or Style, optional
        Replaces the plan's style for sections that name none.
    bars : int, optional
        Give every section this many bars at its style's tempo instead of fitting the
        requested durations (sections given in bars keep theirs). For sketches and tests.
    beam_width, temperature
        As for ``composer.compose``.
    show_progress : bool, optional
        Draw a progress bar over the sections on stderr (default: when stderr is a terminal).

    Returns
    -------
    Piece

    Raises
    ------
    ComposerError
        If the plan is empty, or a section cannot be fitted or composed (naming the section).
    RuleError
        If a style is invalid.
    """
    if not isinstance(plan, Plan):
        raise ArgumentError(f"compose_plan needs a Plan, got {type(plan).__name__}")
    if not plan.sections:
        raise ArgumentError(f"{plan.source or 'the plan'}: no sections to compose (empty text or cue sheet)")
    if bars is not None and (isinstance(bars, bool) or not isinstance(bars, (int, np.integer))
                             or not 1 <= bars <= MAX_SECTION_BARS):
        raise ArgumentError(f"bars must be a whole number from 1 to {MAX_SECTION_BARS}, got {bars!r}")
    seed = check_seed(seed)
    end = max(s.start + s.duration for s in plan.sections)
    check_at_most("piece_seconds", end, f"{plan.source or 'the plan'}: piece length in seconds")
    default_style = load_style(style if style is not None else plan.style)
    styles: dict[str, Style] = {}

    def style_of(section: Section) -> Style:
        if section.style is None:
            return default_style
        if section.style not in styles:
            styles[section.style] = load_style(section.style)
        return styles[section.style]

    scenes = plan.scenes if isinstance(plan, StoryPlan) else ()

    # 1. Parameters, length and place in time of every section (independent of the notes).
    planned: list[tuple[Style, Parameters, int, float, DurationFit | None, Silence | None]] = []
    t = 0.0
    for i, section in enumerate(plan.sections):
        fixed = dict(section.overrides)
        if section.bars is not None or "tempo" in fixed:
            # The cue sheet computed (bars) or checked (fixed tempo) its length in seconds in this
            # meter: 4/4 unless the cue says otherwise.
            fixed.setdefault("meter", "4/4")
        try:
            pinned = style_of(section).with_fixed(**fixed)
        except ComposerError as e:
            raise _fail(section, i, str(e)) from None
        params = pinned.parameters(section.affect, seed=seed)
        silence = None
        if bars is None:
            like = planned[i - 1][1] if i else params
            tempo_before = planned[i - 1][3] if i else float(params.tempo)
            silence = _silence(section.start - t, like.meter, tempo_before)
            if silence is not None:
                t += silence.seconds
        n_bars, tempo, fit = _length(section, i, params, bars, section.end - t)
        planned.append((pinned, params, n_bars, tempo, fit, silence))
        t += n_bars * get_meter(params.meter).bar_ticks / TICKS_PER_QUARTER * 60.0 / tempo

    # 2. The notes, section after section: key, reach, continuation.
    composed: list[tuple[Melody, KeyJoin, float | None, int | None]] = []
    prev: Melody | None = None
    prev_key: tuple[int, str] | None = None
    for i in progress(range(len(plan.sections)), label="composing sections", enabled=show_progress):
        section = plan.sections[i]
        pinned, params, n_bars, tempo, _, _ = planned[i]
        last = _last_pitch(prev) if prev is not None else None
        key = choose_key(prev_key, last, drawn_tonic=params.tonic, mode=params.mode,
                         fixed_tonic="tonic" in section.overrides)
        chosen = pinned.with_fixed(tempo=tempo, meter=params.meter, mode=params.mode, tonic=key.tonic)
        evaluation = chosen.evaluate(section.affect, seed=seed)
        moved = reachable_register(evaluation.parameters, last)
        # A short section may find no lawful way from the previous note to its tonic in the
        # style's range: then centre the range on that note, then widen the beam.
        attempts = [(moved, beam_width)]
        if last is not None:
            attempts += [(float(last), beam_width), (float(last), min(4096, 4 * beam_width))]
        error: SearchError | None = None
        for register, width in attempts:
            try:
                # A moved register is fixed before the rules run again: rules may read it.
                ev = evaluation if register is None else \
                    chosen.with_fixed(register=register).evaluate(section.affect, seed=seed)
                problem = search_problem(ev, bars=n_bars, seed=seed, after=prev, beam_width=width,
                                         temperature=temperature)
                melody = melody_from(problem, beam_search(problem)[0], affect=section.affect, style=chosen.name,
                                     seed=seed)
            except SearchError as e:
                error = error or e
                continue
            moved, error = register, None
            break
        if error is not None:
            raise _fail(section, i, str(error)) from None
        first = _first_pitch(melody)
        composed.append((melody, key, moved, None if last is None or first is None else first - last))
        prev, prev_key = melody, (key.tonic, params.mode)

    # 3. Tempo maps (ramps into the next section where the style asks and no silence lies between).
    sections: list[PieceSection] = []
    t = 0.0
    for i, (section, (melody, key, moved, interval)) in enumerate(zip(plan.sections, composed)):
        fit, silence = planned[i][4], planned[i][5]
        if silence is not None:
            t += silence.seconds
        p = melody.parameters
        if section.arc is not None:
            melody, tempo_map = _follow_arc(section, planned[i][0], planned[i][1], melody, seed)
        elif i + 1 == len(composed) or planned[i + 1][5] is not None:
            tempo_map = steady(p.tempo)
        else:
            tempo_map = ramp_to(float(p.tempo), float(composed[i + 1][0].parameters.tempo), bars=melody.bars,
                                meter=p.meter, ramp_bars=p.tempo_ramp_bars)
        seconds = map_seconds(tempo_map, melody.total_ticks)
        sections.append(PieceSection(index=i, label=section.name, melody=melody, start=t, seconds=seconds,
                                     entry=section, tempo_map=tempo_map, key=key, fit=fit, register=moved,
                                     join_interval=interval, silence=silence,
                                     scene=scenes[i] if i < len(scenes) else None))
        t += seconds
    return Piece(tuple(sections), plan, default_style.name, seed, plan.title)
