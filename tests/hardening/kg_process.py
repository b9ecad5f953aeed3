"""Running ``kg`` as a real process from the tests: the command and its environment."""
from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["ROOT", "kg_command", "kg_env"]

ROOT = Path(__file__).resolve().parents[2]


def kg_env() -> dict[str, str]:
    """The environment of ``python -m kg`` subprocesses: this source tree first on the path.

    (An editable install made before ``kg/__init__.py`` existed maps ``kg`` to a namespace package
    outside the source tree; the path makes the tests independent of how kg was installed.)
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def kg_command(*args: str | os.PathLike[str]) -> list[str]:
    """``python -m kg ARGS`` with the interpreter running the tests."""
    return [sys.executable, "-m", "kg", *map(str, args)]
