"""A small progress bar for long work: drawn on a terminal, silent otherwise."""

from __future__ import annotations

__all__ = ["progress"]

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def progress(
    items: Iterable[T],
    *,
    total: int | None = None,
    label: str = "",
    enabled: bool | None = None,
    stream: TextIO | None = None,
) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on ``stream`` (stderr) while doing so.

    Parameters
    ----------
    items : iterable
        The work items.
    total : int, optional
        Number of items, when ``items`` has no ``len``.
    label : str
        Text before the bar.
    enabled : bool, optional
        Force the bar on or off; by default it is drawn only when ``stream`` is a terminal,
        so logs and pipes stay clean.
    stream : file, optional
        Where to draw; ``sys.stderr`` by default.
    """
    out = stream if stream is not None else sys.stderr
    if enabled is None:
        enabled = bool(getattr(out, "isatty", lambda: False)())
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not enabled:
        yield from items
        return
    start = time.perf_counter()
    last_draw = 0.0
    done = 0

    def draw(final: bool = False) -> None:
        elapsed = time.perf_counter() - start
        if total:
            frac = min(1.0, done / total)
            bar = "#" * int(frac * 30)
            eta = (elapsed / done * (total - done)) if done else 0.0
            text = f"\r{label} [{bar:<30}] {done}/{total} {elapsed:5.1f}s" + ("" if final else f" eta {eta:5.1f}s")
        else:
            text = f"\r{label} {done} {elapsed:5.1f}s"
        out.write(text + ("\n" if final else ""))
        out.flush()

    for item in items:
        yield item
        done += 1
        now = time.perf_counter()
        if now - last_draw > 0.1:
            last_draw = now
            draw()
    draw(final=True)
