"""Hypothesis profiles for the hardening tests, and running ``kg`` as a real process.

Profiles: ``ci`` (the default for these tests: a few hundred generated cases in all, so that the
suite stays cheap on a 2-core runner) and ``long`` (thousands, for a local run)::

    pytest tests/hardening --hypothesis-profile long

Both turn the per-example deadline off: a build's time depends on the machine, and the tests must
not depend on wall-clock speed. Test modules apply the profile with ``@settings(PROFILE)`` (see
``hostile.hardening_profile``) rather than loading it globally, so that the other packages' property
tests keep their own settings when the whole suite runs in one session.
"""
from __future__ import annotations

import os
import subprocess

import pytest
from hypothesis import HealthCheck, settings
from kg_process import ROOT, kg_command, kg_env

_SLOW_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=20, deadline=None, suppress_health_check=_SLOW_CHECKS)
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=_SLOW_CHECKS)


@pytest.fixture
def run_kg():
    """Run ``python -m kg ARGS`` to completion; returns the CompletedProcess (text output)."""

    def run(*args: str | os.PathLike[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(kg_command(*args), env=kg_env(), cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout)

    return run


@pytest.fixture(scope="session")
def warm_nlp():
    """The extraction pipeline, built once per session (default_nlp() caches it in-process)."""
    from kg.extract.pipeline import default_nlp

    return default_nlp()
