"""The adjustment report: every change, the bars it covers and the rules that made it (text and JSON)."""

from __future__ import annotations

__all__ = ["Change", "AdjustReport", "changes_of", "harmony_changes"]

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from composer.adjust.plan import BarPlan
from composer.adjust.rules import AdjustRules

_RULE_KEY = {"mode": "mode.ladder", "tempo": "tempo.max_ratio", "register": "register.max_semitones",
             "velocity": "velocity.max_change", "articulation": "articulation.max_change",
             "density": "density.max_share", "harmony": "harmony.shortfall"}


@dataclass(frozen=True)
class Change:
    """One change over a span of bars.

    Attributes
    ----------
    aspect : str
        One of ``composer.adjust.ASPECTS``.
    first_bar, last_bar : int
        1-based bars, inclusive.
    before, after : str
        The aspect before and after, in words with units.
    style_rule : str
        The style rule (file, line, key) that set the target, and the target value.
    adjust_rule : str
        The adjustment rule (file, line, key) that capped or shaped the move.
    section : str or None
        The cue (section) of a cue sheet the bars belong to; None without one.
    """

    aspect: str
    first_bar: int
    last_bar: int
    before: str
    after: str
    style_rule: str
    adjust_rule: str
    section: str | None = None

    def __str__(self) -> str:
        bars = f"bar {self.first_bar}" if self.first_bar == self.last_bar else f"bars {self.first_bar}-{self.last_bar}"
        if self.section is not None:
            bars += f" ({self.section})"
        return (f"{bars}: {self.aspect} {self.before} -> {self.after}\n"
                f"    target from {self.style_rule}\n    limited by {self.adjust_rule}")


@dataclass
class AdjustReport:
    """What an adjustment did.

    Attributes
    ----------
    source : str
        The input's name.
    key : str
        The input's key as analysed (``"C ionian"``) and whether it was written or analysed.
    bars : int
        Number of bars (the same before and after).
    style : str
        The style whose parameters gave the targets.
    strength : float
        In [0, 1].
    keep : list of str
        Aspects pinned by the caller.
    changes : list of Change
        Every change, in aspect order then bar order.
    cues_before, cues_after : dict of str to float
        The cues of ``composer.analysis`` measured from the input and from the result.
    """

    source: str
    key: str
    bars: int
    style: str
    strength: float
    keep: list[str]
    changes: list[Change] = field(default_factory=list)
    cues_before: dict[str, float] = field(default_factory=dict)
    cues_after: dict[str, float] = field(default_factory=dict)

    def text(self) -> str:
        """The report as text, one block per change."""
        head = [f"adjusted {self.source}: {self.key}, {self.bars} bars; style {self.style}, "
                f"strength {self.strength:g}" + (f", keeping {', '.join(self.keep)}" if self.keep else "")]
        body = [str(c) for c in self.changes] or ["no change (strength 0, everything kept, or already there)"]
        cues = ["cues (before -> after): " + ", ".join(
            f"{k} {self.cues_before[k]:.3g} -> {self.cues_after.get(k, float('nan')):.3g}" for k in
            ("tempo", "register", "velocity", "articulation", "brightness") if k in self.cues_before)]
        return "\n".join(head + body + cues)

    def as_dict(self) -> dict:
        """The report as plain data (JSON-ready; non-finite cues become None)."""
        d = asdict(self)
        for k in ("cues_before", "cues_after"):
            d[k] = {n: (v if v == v and abs(v) != float("inf") else None) for n, v in d[k].items()}
        return d

    def to_json(self) -> str:
        """The report as a JSON document."""
        return json.dumps(self.as_dict(), indent=2)


def _spans(values: Sequence[object]) -> list[tuple[int, int, object]]:
    out: list[tuple[int, int, object]] = []
    for i, v in enumerate(values):
        if out and out[-1][2] == v:
            out[-1] = (out[-1][0], i, v)
        else:
            out.append((i, i, v))
    return out


def changes_of(plans: Sequence[BarPlan], *, mode: str, tempo: float, register: float, velocity: float,
               articulation: float, rules: AdjustRules, style: str, density: float = float("nan"),
               sections: Sequence[str | None] | None = None) -> list[Change]:
    """The changes the plans make, grouped into runs of bars with the same setting (and cue)."""
    sections = list(sections) if sections is not None else [None] * len(plans)
    describe = {
        "mode": (lambda p: p.mode if p.mode != (p.source_mode or mode) else None, lambda p: p.source_mode or mode,
                 lambda p: p.mode),
        "tempo": (lambda p: round(p.tempo_factor, 4) if p.tempo_factor != 1.0 else None, f"{tempo:.1f} bpm",
                  lambda p: f"{tempo * p.tempo_factor:.1f} bpm (x{p.tempo_factor:.3f})"),
        "register": (lambda p: p.steps or None, f"mean pitch {register:.1f}",
                     lambda p: f"{p.steps:+d} scale steps"),
        "velocity": (lambda p: round(p.velocity_delta, 3) or None, f"mean velocity {velocity:.0f}",
                     lambda p: f"{velocity + p.velocity_delta:.0f} ({p.velocity_delta:+.0f})"),
        "articulation": (lambda p: round(p.articulation_delta, 3) or None, f"length ratio {articulation:.2f}",
                         lambda p: f"{articulation + p.articulation_delta:.2f} ({p.articulation_delta:+.2f})"),
        "density": (lambda p: round(p.density_ratio, 3) if p.density_ratio != 1.0 else None, f"{density:.2f} notes/s",
                    lambda p: f"x{p.density_ratio:.2f} notes per beat ("
                              + ("repeated notes merged)" if p.density_ratio < 1 else "passing notes added)")),
    }
    out = []
    for aspect, (key, before, after) in describe.items():
        spans = _spans([(key(p), aspect in p.withheld, sec) for p, sec in zip(plans, sections)])
        for first, last, (value, cut, section) in spans:
            if value is None and not cut:
                continue
            p = plans[first]
            a = p.affect
            now = "unchanged" if value is None else after(p)
            limit = rules.sites.get(_RULE_KEY[aspect], _RULE_KEY[aspect])
            if cut:  # the against_valence share cut (or stopped) a move that would go against the target's valence
                now += " (a move against the target's valence, cut by against_valence)"
                limit = rules.sites.get(f"{aspect}.against_valence", f"{aspect}.against_valence")
            out.append(Change(
                aspect, first + 1, last + 1, before(p) if callable(before) else before, now,
                f"style {style}: {aspect} = {_fmt(p.targets[aspect])} at valence {a.valence:+.2f}, arousal {a.arousal:+.2f}"
                f" [{p.sources[aspect]}]" + _TOWARD_NOTE.get(rules.toward_of.get(aspect, rules.toward), "")
                * (aspect != "mode"),
                limit, section))
    return out


def harmony_changes(borrowed: Sequence[tuple[int, str]], plans: Sequence[BarPlan], *, rules: AdjustRules,
                    style: str, sections: Sequence[str | None] | None = None) -> list[Change]:
    """One change per borrowed chord (bar and rule, from ``composer.adjust.harmony.apply_harmony``)."""
    out = []
    for bar, what in borrowed:
        p = plans[min(bar, len(plans) - 1)]
        a = p.affect
        out.append(Change(
            "harmony", bar + 1, bar + 1, what.split(":")[0], what.split(": ", 1)[1],
            f"style {style}: mode = {p.targets['mode']} at valence {a.valence:+.2f}, arousal {a.arousal:+.2f} "
            f"[{p.sources['mode']}], beyond the bar's mode {p.mode}",
            rules.sites.get("harmony.shortfall", "harmony.shortfall"),
            sections[bar] if sections is not None and bar < len(sections) else None))
    return out


_TOWARD_NOTE = {"difference": " minus its value at the centre (toward: difference)",
                "farther": " or at least its change from the centre (toward: farther)"}


def _fmt(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)
