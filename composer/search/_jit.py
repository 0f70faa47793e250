"""The one place that sets numba's options for every kernel."""

from __future__ import annotations

__all__ = ["jit", "jit_inline"]

import numba

#: ``cache=True`` keeps compiled kernels on disk between processes; ``nogil=True`` lets
#: searches run in parallel threads. No ``fastmath``: reassociating the score sums
#: could change which candidate ranks first.
jit = numba.njit(cache=True, nogil=True)
#: The same options, for the small helpers of the kernels' inner loops (the event score, the
#: validity checks): inlined into their callers by numba itself, so that passing the settings
#: groups to them costs no call and no copy.
jit_inline = numba.njit(cache=True, nogil=True, inline="always")
