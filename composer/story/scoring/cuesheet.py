"""Cue sheets (YAML or JSON) as a film or game composer writes them, read into a validated ``Plan``.

A cue sheet is a mapping with a ``cues`` list; each cue has a name, a place in time
(``start``, and one of ``duration``, ``end`` or ``bars``; a missing ``start`` follows
the previous cue, a missing length runs to the next cue's start), an emotion (an
``emotion`` word or pair, or ``valence`` and ``arousal``), and optionally a ``style``,
a ``key``/``mode``, a ``tempo``, a ``tempo_range`` and a ``meter``. Times are seconds
or timecodes ``"m:ss"`` / ``"h:mm:ss.f"``. See docs/story.md for the full format.

Every problem is a ``CueSheetError`` naming the file and line, the cue (by name and
index) and the field, e.g. ``cues.yaml:14: cue 'chase' (cues[2]): duration must be > 0, got -3``.
"""

from __future__ import annotations

__all__ = ["read_cue_sheet", "parse_cue_sheet", "SHEET_KEYS", "CUE_KEYS", "parse_time", "parse_key"]

import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path

from composer.affect import Affect, as_affect
from composer.errors import AffectError, ArgumentError, ComposerError, CueSheetError, LimitError, RuleError
from composer.limits import LIMITS, exceeds
from composer.rules.yamlsource import read_yaml
from composer.safe_read import read_json, read_limited
from composer.story.scoring.plan import Plan, Section
from composer.story.scoring.timing import DURATION_TOLERANCE, bar_seconds, fit_duration
from composer.theory.meter import METERS
from composer.theory.scales import MODES, pitch_class
from composer.rules.suggest import hint
from composer.theory.tempo import TEMPO_MAX, TEMPO_MIN

#: Keys allowed at the top of a cue sheet.
SHEET_KEYS: tuple[str, ...] = ("title", "style", "meter", "tempo", "tempo_range", "cues", "notes")
#: Keys allowed in a cue.
CUE_KEYS: tuple[str, ...] = ("name", "start", "end", "duration", "bars", "emotion", "valence", "arousal", "style",
                             "key", "mode", "tempo", "tempo_range", "meter", "notes")
#: Largest cue sheet accepted, in bytes (``cue_sheet_bytes`` in ``composer.limits``).
MAX_BYTES = int(LIMITS["cue_sheet_bytes"].high)
#: Mode names accepted after a key's tonic, besides the names of ``composer.theory.MODES``.
_MODE_ALIASES = {"major": "ionian", "minor": "aeolian", "natural minor": "aeolian", "harmonic minor": "harmonic_minor"}
_TIMECODE = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)\s*$")


def parse_time(value: object) -> float:
    """Read a time in seconds: a number, or a timecode ``"m:ss"`` / ``"h:mm:ss.f"``.

    Raises
    ------
    ValueError
        If the value is neither.

    Examples
    --------
    >>> parse_time(12.5), parse_time("1:05"), parse_time("1:00:02.5")
    (12.5, 65.0, 3602.5)
    """
    if isinstance(value, bool):
        raise ArgumentError(f"expected seconds or a timecode 'm:ss', got {value!r}")
    if isinstance(value, (int, float)):
        x = float(value)
        if not math.isfinite(x):
            raise ArgumentError(f"expected a finite number of seconds, got {value!r}")
        return x
    if isinstance(value, str):
        if len(value) > LIMITS["number_chars"].high:
            raise ArgumentError(f"a timecode of {len(value)} characters is over the limit number_chars "
                             f"({LIMITS['number_chars'].describe()})")
        m = _TIMECODE.match(value)
        if m:
            h, mnt, sec = m.groups()
            if float(sec) >= 60 or (h is not None and int(mnt) >= 60):
                raise ArgumentError(f"timecode {value!r} has more than 59 in a minutes or seconds place")
            return int(h or 0) * 3600 + int(mnt) * 60 + float(sec)
    raise ArgumentError(f"expected seconds or a timecode 'm:ss', got {value!r}")


def parse_key(text: object) -> tuple[int, str]:
    """Read a key such as ``"D minor"``, ``"F# major"``, ``"Bb dorian"`` or ``"A"`` (major).

    Returns
    -------
    (int, str)
        Tonic pitch class (0 = C) and mode name (a key of ``composer.theory.MODES``).

    Raises
    ------
    ValueError
        On an unknown tonic or mode (with a suggestion for the mode).

    Examples
    --------
    >>> parse_key("D minor"), parse_key("Bb lydian")
    ((2, 'aeolian'), (10, 'lydian'))
    """
    if not isinstance(text, str) or not text.strip():
        raise ArgumentError(f"a key is a tonic and a mode such as 'D minor', got {text!r}")
    parts = text.strip().split(None, 1)
    try:
        tonic = pitch_class(parts[0])
    except (ValueError, KeyError):
        raise ArgumentError(f"unknown tonic {parts[0]!r} in key {text!r}; use a note name such as C, F#, Bb or E-") from None
    if len(parts) == 1:
        return tonic, "ionian"
    mode_text = " ".join(parts[1].lower().replace("_", " ").split())
    mode = _MODE_ALIASES.get(mode_text, mode_text.replace(" ", "_"))
    if mode not in MODES:
        options = list(_MODE_ALIASES) + list(MODES)
        raise ArgumentError(f"unknown mode {parts[1]!r} in key {text!r}{hint(mode_text, options)}; "
                         f"use major, minor or one of {', '.join(MODES)}")
    return tonic, mode


class _Reader:
    """Validates one cue sheet document and builds its ``Plan``; raises on the first problem."""

    def __init__(self, data: object, source: str, lines: dict[tuple, int] | None, base: Path | None):
        self.data = data
        self.source = source
        self.lines = lines or {}
        self.base = base

    def fail(self, path: tuple, message: str, *, cue: str | None = None, field: str | None = None):
        p = tuple(path)
        line = None
        while p:
            if p in self.lines:
                line = self.lines[p]
                break
            p = p[:-1]
        where = f"{self.source}:{line}" if line is not None else self.source
        raise CueSheetError(f"{where}: {message}", cue=cue, field=field)

    def unknown_keys(self, mapping: Mapping, allowed: tuple[str, ...], path: tuple, what: str, cue: str | None) -> None:
        for k in mapping:
            if k not in allowed:
                self.fail(path + (k,), f"{what}unknown key {k!r}{hint(str(k), allowed)}; allowed: {', '.join(allowed)}",
                          cue=cue, field=str(k))

    def tempo(self, value: object, path: tuple, what: str, cue: str | None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(float(value)) \
                or not TEMPO_MIN <= float(value) <= TEMPO_MAX:
            # inside tempo_range the path ends in an index: name the field, not "0"
            label = f"{path[-2]}[{path[-1]}]" if isinstance(path[-1], int) and len(path) > 1 else str(path[-1])
            self.fail(path, f"{what}{label} must be a tempo in [{TEMPO_MIN}, {TEMPO_MAX}] quarter notes per minute, got {value!r}",
                      cue=cue, field=label)
        return float(value)  # type: ignore[arg-type]

    def tempo_range(self, value: object, path: tuple, what: str, cue: str | None) -> tuple[float, float]:
        if not isinstance(value, list) or len(value) != 2:
            self.fail(path, f"{what}tempo_range must be [low, high], got {value!r}", cue=cue, field="tempo_range")
        lo = self.tempo(value[0], path + (0,), what, cue)  # type: ignore[index]
        hi = self.tempo(value[1], path + (1,), what, cue)  # type: ignore[index]
        if lo > hi:
            self.fail(path, f"{what}tempo_range must be [low, high] with low <= high, got {value!r}", cue=cue, field="tempo_range")
        return lo, hi

    def meter(self, value: object, path: tuple, what: str, cue: str | None) -> str:
        if value not in METERS:
            self.fail(path, f"{what}meter {value!r} is not supported{hint(str(value), METERS)}; "
                      f"use one of {', '.join(METERS)}", cue=cue, field="meter")
        return str(value)

    def style(self, value: object, path: tuple, what: str, cue: str | None) -> str:
        from composer.rules.style import list_styles

        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{what}style must be a style name or a path to a style file, got {value!r}", cue=cue, field="style")
        shipped = list_styles()
        if value in shipped:
            return value  # type: ignore[return-value]
        if value.endswith((".yaml", ".yml")):  # type: ignore[union-attr]
            p = Path(value)  # type: ignore[arg-type]
            if not p.is_absolute() and self.base is not None:
                p = self.base / p
            if self.base is not None and not p.resolve().is_relative_to(self.base.resolve()):
                # as for a style's extends: a sheet names style files beside it, never elsewhere
                self.fail(path, f"{what}style file {value!r} must be inside the cue sheet's folder "
                                f"({self.base}) or be a shipped style name", cue=cue, field="style")
            if p.is_file():
                return str(p)
            self.fail(path, f"{what}style file {value!r} not found (looked for {p})", cue=cue, field="style")
        self.fail(path, f"{what}unknown style {value!r}{hint(str(value), shipped)}; shipped styles: "
                  f"{', '.join(shipped)}, or give a .yaml path",
                  cue=cue, field="style")
        raise AssertionError  # unreachable

    def time(self, value: object, path: tuple, what: str, cue: str | None) -> float:
        try:
            t = parse_time(value)
        except ValueError as e:
            self.fail(path, f"{what}{path[-1]}: {e}", cue=cue, field=str(path[-1]))
            raise AssertionError from None  # unreachable
        reason = exceeds("cue_duration_seconds" if path[-1] == "duration" else "cue_start_seconds", max(t, 0.0))
        if reason:
            self.fail(path, f"{what}{path[-1]}: {reason}", cue=cue, field=str(path[-1]))
        return t

    def read(self) -> Plan:
        data = self.data
        if data is None:
            self.fail((), "the cue sheet is empty; it needs a 'cues' list")
        if isinstance(data, list):
            data = {"cues": data}  # a bare list of cues is accepted
        if not isinstance(data, Mapping):
            self.fail((), f"a cue sheet is a mapping with a 'cues' list, got {type(data).__name__}")
        self.unknown_keys(data, SHEET_KEYS, (), "", None)
        title = data.get("title")
        if title is not None and not isinstance(title, (str, int, float)):
            self.fail(("title",), f"title must be text, got {title!r}", field="title")
        sheet_style = self.style(data["style"], ("style",), "", None) if "style" in data else "default"
        sheet_meter = self.meter(data["meter"], ("meter",), "", None) if "meter" in data else None
        sheet_tempo = self.tempo(data["tempo"], ("tempo",), "", None) if "tempo" in data else None
        sheet_range = self.tempo_range(data["tempo_range"], ("tempo_range",), "", None) if "tempo_range" in data else None
        if sheet_tempo is not None and sheet_range is not None:
            self.fail(("tempo_range",), "give tempo (fixed for every cue) or tempo_range, not both", field="tempo_range")
        cues = data.get("cues")
        if cues is None:
            self.fail((), "the cue sheet has no 'cues' list", field="cues")
        if not isinstance(cues, list) or not cues:
            self.fail(("cues",), f"cues must be a non-empty list of cues, got {cues!r}", field="cues")
        reason = exceeds("cues", len(cues))
        if reason:
            self.fail(("cues",), f"{len(cues)} cues: {reason}", field="cues")

        raw: list[dict] = []
        names: dict[str, int] = {}
        for i, cue in enumerate(cues):
            path = ("cues", i)
            if not isinstance(cue, Mapping):
                self.fail(path, f"cues[{i}] must be a mapping with a name, a time and an emotion, got {cue!r}")
            name = cue.get("name", f"cue {i + 1}")
            if isinstance(name, bool) or not isinstance(name, (str, int, float)) or not str(name).strip():
                self.fail(path + ("name",), f"cues[{i}]: name must be text, got {name!r}", field="name")
            name = str(name).strip()
            what = f"cue {name!r} (cues[{i}]): "
            if name in names:
                self.fail(path + ("name",), f"{what}name repeats cue {name!r} (cues[{names[name]}]); cue names must be unique",
                          cue=name, field="name")
            names[name] = i
            self.unknown_keys(cue, CUE_KEYS, path, what, name)
            raw.append(self.cue(cue, i, name, what, sheet_style, sheet_meter, sheet_tempo, sheet_range))

        sections = self.place(raw)
        return Plan(tuple(sections), title=None if title is None else str(title), style=sheet_style, source=self.source)

    def cue(self, cue: Mapping, i: int, name: str, what: str, sheet_style: str, sheet_meter: str | None,
            sheet_tempo: float | None, sheet_range: tuple[float, float] | None) -> dict:
        path = ("cues", i)
        out: dict = {"name": name, "index": i, "what": what}
        # Emotion: a word or pair under 'emotion', or valence and arousal.
        has_emotion = "emotion" in cue
        has_va = [k for k in ("valence", "arousal") if k in cue]
        if has_emotion and has_va:
            self.fail(path + (has_va[0],), f"{what}give either emotion or valence and arousal, not both", cue=name, field=has_va[0])
        if has_emotion:
            try:
                out["affect"] = as_affect(cue["emotion"])
            except AffectError as e:
                self.fail(path + ("emotion",), f"{what}emotion: {e}", cue=name, field="emotion")
        elif len(has_va) == 2:
            for k in ("valence", "arousal"):
                v = cue[k]
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)) or not -1 <= v <= 1:
                    self.fail(path + (k,), f"{what}{k} must be a number in [-1, 1], got {v!r}", cue=name, field=k)
            out["affect"] = Affect(float(cue["valence"]), float(cue["arousal"]))
        elif has_va:
            missing = "arousal" if has_va == ["valence"] else "valence"
            self.fail(path + (has_va[0],), f"{what}{has_va[0]} needs {missing} too", cue=name, field=missing)
        else:
            self.fail(path, f"{what}missing emotion: give emotion (a word such as 'tense', or [valence, arousal]) "
                            "or valence and arousal", cue=name, field="emotion")
        out["style"] = self.style(cue["style"], path + ("style",), what, name) if "style" in cue else None
        overrides: dict[str, object] = {}
        if "key" in cue:
            try:
                overrides["tonic"], overrides["mode"] = parse_key(cue["key"])
            except ValueError as e:
                self.fail(path + ("key",), f"{what}key: {e}", cue=name, field="key")
        if "mode" in cue:
            if "key" in cue:
                self.fail(path + ("mode",), f"{what}give key (which includes the mode) or mode, not both", cue=name, field="mode")
            m = cue["mode"]
            m_norm = _MODE_ALIASES.get(str(m).lower(), str(m).lower())
            if m_norm not in MODES:
                self.fail(path + ("mode",), f"{what}unknown mode {m!r}{hint(str(m).lower(), [*MODES, *_MODE_ALIASES])}; "
                          f"use major, minor or one of {', '.join(MODES)}",
                          cue=name, field="mode")
            overrides["mode"] = m_norm
        meter = self.meter(cue["meter"], path + ("meter",), what, name) if "meter" in cue else sheet_meter
        if meter is not None:
            overrides["meter"] = meter
        tempo = self.tempo(cue["tempo"], path + ("tempo",), what, name) if "tempo" in cue else None
        if tempo is None and "tempo_range" not in cue:
            tempo = sheet_tempo  # the sheet's fixed tempo, unless the cue chose its own tempo or range
        if tempo is not None:
            overrides["tempo"] = tempo
        out["overrides"] = overrides
        out["tempo_range"] = (self.tempo_range(cue["tempo_range"], path + ("tempo_range",), what, name)
                              if "tempo_range" in cue else sheet_range)
        if "tempo" in cue and "tempo_range" in cue:
            self.fail(path + ("tempo_range",), f"{what}give tempo (fixed) or tempo_range, not both", cue=name, field="tempo_range")
        # Time.
        out["start"] = self.time(cue["start"], path + ("start",), what, name) if "start" in cue else None
        if out["start"] is not None and out["start"] < 0:
            self.fail(path + ("start",), f"{what}start must be >= 0, got {out['start']:g}", cue=name, field="start")
        lengths = [k for k in ("duration", "end", "bars") if k in cue]
        if len(lengths) > 1:
            self.fail(path + (lengths[1],), f"{what}give one of duration, end or bars, not {' and '.join(lengths)}",
                      cue=name, field=lengths[1])
        out["duration"] = out["end"] = out["bars"] = None
        if "duration" in cue:
            d = self.time(cue["duration"], path + ("duration",), what, name)
            if d <= 0:
                self.fail(path + ("duration",), f"{what}duration must be > 0, got {cue['duration']!r}", cue=name, field="duration")
            out["duration"] = d
        elif "end" in cue:
            out["end"] = self.time(cue["end"], path + ("end",), what, name)
        elif "bars" in cue:
            b = cue["bars"]
            if isinstance(b, bool) or not isinstance(b, int) or b < 1:
                self.fail(path + ("bars",), f"{what}bars must be a whole number >= 1, got {b!r}", cue=name, field="bars")
            fixed_tempo = tempo
            if fixed_tempo is None:
                self.fail(path + ("bars",), f"{what}bars needs a tempo to place later cues in time: give the cue a tempo "
                                            "(or the sheet a tempo), or give a duration in seconds", cue=name, field="bars")
            overrides["tempo"] = fixed_tempo
            reason = exceeds("bars", b)
            if reason:
                self.fail(path + ("bars",), f"{what}bars: {reason}", cue=name, field="bars")
            out["bars"] = b
            out["duration"] = b * bar_seconds(fixed_tempo, meter or "4/4")  # type: ignore[arg-type]
        return out

    def place(self, raw: list[dict]) -> list[Section]:
        sections: list[Section] = []
        prev_end = 0.0
        prev: dict | None = None
        for j, c in enumerate(raw):
            path = ("cues", c["index"])
            what, name = c["what"], c["name"]
            start = c["start"] if c["start"] is not None else prev_end
            if prev is not None and c["start"] is not None:
                if start < prev["start_s"]:
                    self.fail(path + ("start",), f"{what}start {start:g} s comes before the start of cue {prev['name']!r} "
                                                 f"(cues[{prev['index']}]) at {prev['start_s']:g} s; list cues in time order",
                              cue=name, field="start")
                if start < prev_end - 1e-9:
                    self.fail(path + ("start",), f"{what}starts at {start:g} s, before cue {prev['name']!r} "
                                                 f"(cues[{prev['index']}]) ends at {prev_end:g} s; cues may not overlap",
                              cue=name, field="start")
            if c["duration"] is not None:
                duration = c["duration"]
            elif c["end"] is not None:
                duration = c["end"] - start
                if duration <= 0:
                    self.fail(path + ("end",), f"{what}end {c['end']:g} s must be after start {start:g} s", cue=name, field="end")
            else:
                nxt = raw[j + 1] if j + 1 < len(raw) else None
                if nxt is None or nxt["start"] is None:
                    self.fail(path, f"{what}has no length: give duration, end or bars"
                                    + ("" if nxt is None else f", or a start for the next cue {nxt['name']!r}"),
                              cue=name, field="duration")
                duration = nxt["start"] - start
                if duration <= 0:
                    self.fail(("cues", nxt["index"], "start"), f"{nxt['what']}start {nxt['start']:g} s must be after "
                                                               f"cue {name!r} (cues[{c['index']}]) starts at {start:g} s",
                              cue=nxt["name"], field="start")
            tempo = c["overrides"].get("tempo")
            if tempo is not None and c["bars"] is None:
                # A fixed tempo leaves only the bar count to choose: check now that whole bars can meet the duration.
                meter = c["overrides"].get("meter", "4/4")
                try:
                    fit_duration(duration, meter=meter, tempo_range=(tempo, tempo), preferred_tempo=tempo)
                except ComposerError:
                    per_bar = bar_seconds(tempo, meter)
                    n = max(1, round(duration / per_bar))
                    near = sorted({max(1, n - 1), n, n + 1})
                    fits = ", ".join(f"{k} bars at {k * per_bar * tempo / duration:.1f}" for k in near
                                     if TEMPO_MIN <= k * per_bar * tempo / duration <= TEMPO_MAX)
                    self.fail(path + ("tempo",), f"{what}at tempo {tempo:g} a bar of {meter} lasts {per_bar:.3g} s, so "
                                                 f"{duration:g} s cannot be met within {DURATION_TOLERANCE:g} s by whole bars; "
                                                 f"tempos that fit: {fits or f'none in [{TEMPO_MIN}, {TEMPO_MAX}]'}", cue=name, field="tempo")
            reason = exceeds("piece_seconds", start + duration)
            if reason:
                self.fail(path, f"{what}ends at {start + duration:g} s: {reason}", cue=name, field="duration")
            c["start_s"] = start
            prev_end = start + duration
            prev = c
            sections.append(Section(name=name, start=start, duration=duration, affect=c["affect"], style=c["style"],
                                    overrides=c["overrides"], tempo_range=c["tempo_range"], bars=c["bars"]))
        return sections


def parse_cue_sheet(text: str | bytes, *, source: str = "<cue sheet>", format: str = "yaml",
                    base: str | os.PathLike[str] | None = None) -> Plan:
    """Read a cue sheet from text.

    Parameters
    ----------
    text : str or bytes
        The document.
    source : str
        Name for error messages.
    format : str
        ``"yaml"`` or ``"json"``.
    base : path, optional
        Folder against which relative style paths are resolved.

    Returns
    -------
    Plan

    Raises
    ------
    CueSheetError
        On a malformed document or any invalid cue (naming the cue and the field).
    """
    if isinstance(text, bytes):
        if b"\x00" in text[:8192]:
            raise CueSheetError(f"{source}: looks like a binary file, not a YAML or JSON cue sheet")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise CueSheetError(f"{source}: not UTF-8 text (invalid byte at {e.start})") from None
    if len(text) > MAX_BYTES:
        raise CueSheetError(f"{source}: cue sheet is {len(text)} characters; the limit is {MAX_BYTES}")
    lines: dict[tuple, int] | None = None
    if format == "json":
        try:
            data = read_json(text, source, CueSheetError)
        except LimitError as e:
            raise CueSheetError(str(e)) from None
        except json.JSONDecodeError as e:
            raise CueSheetError(f"{source}:{e.lineno}: JSON syntax error: {e.msg}") from None
    elif format == "yaml":
        try:
            doc = read_yaml(text, source)
        except RuleError as e:
            issue = e.issues[0]
            where = f"{source}:{issue.line}" if issue.line is not None else source
            raise CueSheetError(f"{where}: {issue.message}") from None
        data, lines = doc.data, doc.lines
    else:
        raise CueSheetError(f"format must be 'yaml' or 'json', got {format!r}")
    return _Reader(data, source, lines, Path(base) if base is not None else None).read()


def read_cue_sheet(path: str | os.PathLike[str]) -> Plan:
    """Read a cue sheet file: ``.json`` as JSON, anything else (``.yaml``, ``.yml``) as YAML.

    Raises
    ------
    CueSheetError
        If the file cannot be read or the sheet is invalid.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cues.yaml"
    >>> _ = p.write_text("cues:\\n  - {name: calm, duration: 20, emotion: serene}\\n  - {name: chase, duration: 15, valence: -0.4, arousal: 0.9}\\n")
    >>> [(s.name, s.start, s.duration) for s in read_cue_sheet(p)]
    [('calm', 0.0, 20.0), ('chase', 20.0, 15.0)]
    """
    p = Path(path)
    data = read_limited(p, "cue_sheet_bytes", "cue sheet", CueSheetError)
    fmt = "json" if p.suffix.lower() == ".json" else "yaml"
    return parse_cue_sheet(data, source=str(p), format=fmt, base=p.parent)
