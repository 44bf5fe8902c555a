"""Test-wide Hypothesis settings.

No deadlines (a loaded 2-core CI machine makes timing meaningless) and no
too-slow health check (generated functions are big by design).  Under CI the
examples are derandomized, so a red run reproduces exactly on a developer's
machine with ``CI=true ./dev test``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    parent=settings.get_profile("dev"),
    derandomize=True,
    database=None,
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
