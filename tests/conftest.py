"""Shared test settings: hypothesis profiles.

The README's test command runs the ``default`` profile: derandomised, so every run of
the suite (a newcomer's, CI's) draws the same examples and passes or fails the same way.
Wide random exploration is a separate, explicit run done before a change lands::

    HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest

What it finds becomes a fixed ``@example`` on the test, and a fix.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("default", derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("explore", max_examples=500, **_COMMON)
# Kept as an alias of "explore" for anyone who scripted the old name.
settings.register_profile("thorough", max_examples=500, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
