"""Plan → piece: cue sheets, plans of sections, timing, key joins, tempo ramps and the ``Piece``.

The public names are exported by ``composer.story``; the modules here are
``cuesheet`` (reading cue sheets), ``plan`` and ``storyplan`` (a ``Plan`` of sections,
from cues or from a story's scenes), ``timing`` (fitting bars to seconds), ``joins``
(keys and register between sections), ``ramps`` (tempo ramps), ``multisection``
(``compose_plan``), ``piece`` (``Piece``) and ``score`` (``score_story``,
``score_cues``, ``compose_curve``).
"""

from __future__ import annotations

__all__: list[str] = []
