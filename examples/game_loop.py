"""A scripted game loop scored live: exploring -> enemy spotted -> fight -> victory.

The "game" runs one frame at a time (the game style arranges, so the accompaniment and bass layers come and go with arousal); its state machine sets the session's emotion when the
scene changes and fires a stinger when the enemy appears and when it is beaten. The music is
asked for one bar at a time, as a game's audio thread would, on a virtual clock (no waiting).
Out come ``game_loop.mid``, ``game_loop.wav``, the emotion/tempo/density table
``game_loop.csv`` and, when matplotlib is installed (the ``plot`` extra), ``game_loop.png``::

    python examples/game_loop.py              # writes into examples/output/
    python examples/game_loop.py some/folder
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from composer.live import Session, VirtualClock
from composer.live.recording import Recording

#: The game's scenes: (name, seconds of game time it lasts, valence, arousal, stinger at its start).
SCENES = [
    ("exploring", 16.0, 0.5, -0.4, None),
    ("enemy spotted", 8.0, -0.3, 0.5, "danger"),
    ("fight", 16.0, -0.7, 0.9, None),
    ("victory", 12.0, 0.8, 0.5, "victory"),
]
FRAME = 1 / 60  # seconds per game frame


def run_game(seed: int = 1) -> Recording:
    """Play the scenes frame by frame; a bar is composed whenever the music needs the next one."""
    session = Session("game", seed=seed, affect=(SCENES[0][2], SCENES[0][3]), boundary="bar")
    clock = VirtualClock()
    bars = []
    scene_ends = []
    t = 0.0
    for name, length, _, _, _ in SCENES:
        t += length
        scene_ends.append((t, name))
    current = None
    while clock.now < scene_ends[-1][0]:
        scene = next(i for i, (end, _) in enumerate(scene_ends) if clock.now < end)
        if scene != current:  # the game's state machine moved on
            name, _, v, a, stinger = SCENES[scene]
            session.set_affect((v, a), label=name)
            if stinger:
                session.stinger(stinger)
            current = scene
        if session.time <= clock.now + 0.1:  # the audio thread wants the next bar
            bars.append(session.next_bar())
        clock.sleep(FRAME)
    return Recording(tuple(bars), style=session.style_name, seed=seed, title="game loop")


def main(folder: str | None = None) -> None:
    out = Path(folder) if folder else Path(__file__).parent / "output"
    out.mkdir(parents=True, exist_ok=True)
    rec = run_game()
    rec.write(out / "game_loop.mid", overwrite=True)
    rec.write(out / "game_loop.wav", overwrite=True)
    rows = rec.table()
    with open(out / "game_loop.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for r in rows:
        print(f"bar {r['bar']:>3} {r['seconds']:7.2f} s  {r['label']:<14} v {r['valence']:+.2f} a {r['arousal']:+.2f}  "
              f"{r['tempo']:6.1f} bpm  {r['notes_per_second']:5.2f} notes/s  {r['key']}"
              + (f"  <- {r['transition']}" if r["transition"] else ""))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install 'composer-emotion[plot]'): the table is in game_loop.csv")
        return
    t = [r["seconds"] for r in rows]
    fig, axes = plt.subplots(3, 1, sharex=True, figsize=(9, 6))
    axes[0].step(t, [r["valence"] for r in rows], where="post", label="valence")
    axes[0].step(t, [r["arousal"] for r in rows], where="post", label="arousal")
    axes[0].set_ylim(-1.05, 1.05)
    axes[0].legend(loc="lower left")
    axes[0].set_ylabel("emotion")
    axes[1].step(t, [r["tempo"] for r in rows], where="post")
    axes[1].set_ylabel("tempo (bpm)")
    axes[2].step(t, [r["notes_per_second"] for r in rows], where="post")
    axes[2].set_ylabel("notes / s")
    axes[2].set_xlabel("seconds")
    start = 0.0
    for name, length, *_ in SCENES:
        for ax in axes:
            ax.axvline(start, color="grey", lw=0.5)
        axes[0].text(start + 0.2, 0.85, name, fontsize=8)
        start += length
    fig.suptitle("composer live: a game loop")
    fig.tight_layout()
    fig.savefig(out / "game_loop.png", dpi=100)
    print(f"wrote {out / 'game_loop.png'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
