"""Run ``python -m kg`` with test hooks on the atomic rename of exports (no change to kg itself).

``KG_HOOK_TARGET=graph.json`` names an output file; when kg is about to rename its finished
temporary file onto that name (``os.replace`` in :func:`kg.export.atomic.atomic_write`):

- ``KG_HOOK=kill``: the process sends itself SIGKILL — a crash at the worst moment, every time;
- ``KG_HOOK=wait``: it touches ``KG_HOOK_READY`` and waits until ``KG_HOOK_GO`` exists — a build
  held inside its lock for as long as a test needs.

Usage: ``KG_HOOK=kill KG_HOOK_TARGET=graph.json python kg_with_hooks.py build in.jsonl --out out``
"""
from __future__ import annotations

import os
import runpy
import signal
import sys
import time
from pathlib import Path

_real_replace = os.replace


def _hooked_replace(src, dst, *args, **kwargs):
    if Path(dst).name == os.environ.get("KG_HOOK_TARGET"):
        if os.environ.get("KG_HOOK") == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif os.environ.get("KG_HOOK") == "wait":
            Path(os.environ["KG_HOOK_READY"]).touch()
            while not Path(os.environ["KG_HOOK_GO"]).exists():
                time.sleep(0.01)
    return _real_replace(src, dst, *args, **kwargs)


if __name__ == "__main__":
    os.replace = _hooked_replace
    sys.argv = ["kg", *sys.argv[1:]]
    runpy.run_module("kg", run_name="__main__", alter_sys=True)
