"""The one place that sets numba's options for every kernel."""

from __future__ import annotations

__all__ = ["jit"]

import numba

#: ``cache=True`` keeps compiled kernels on disk between processes; ``nogil=True`` lets
#: searches run in parallel threads. No ``fastmath``: reassociating the score sums
#: could change which candidate ranks first.
jit = numba.njit(cache=True, nogil=True)
