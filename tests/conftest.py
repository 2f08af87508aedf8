"""Shared test setup: hypothesis profiles.

Profiles (select with ``HYPOTHESIS_PROFILE=ci``):
- ``default``: quick, ~100 examples a property, for local runs;
- ``ci``: 2,000 examples a property (10,000 over the five properties of tests/test_fuzz.py), no deadline.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
