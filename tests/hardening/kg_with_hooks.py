"""Run ``python -m kg`` with test hooks on the atomic rename of exports (no change to kg itself).

``KG_HOOK_TARGET=graph.json`` names an output file; when kg is about to rename its finished
temporary file onto that name (``os.replace`` in :func:`kg.export.atomic.atomic_write`):

- ``KG_HOOK=kill``: the process sends itself SIGKILL — a crash at the worst moment, every time;
- ``KG_HOOK=kill-after``: it renames, then sends itself SIGKILL (the moment just after);
- ``KG_HOOK=wait``: it touches ``KG_HOOK_READY`` and waits until ``KG_HOOK_GO`` exists — a build
  held inside its lock for as long as a test needs.

``KG_HOOK_TARGET=exchange`` hooks the exchange of the build's folder with the output folder (the
moment a build is published, :func:`kg.export.publish._exchange`) in the same ways.

Usage: ``KG_HOOK=kill KG_HOOK_TARGET=graph.json python kg_with_hooks.py build in.jsonl --out out``
"""
from __future__ import annotations

import os
import runpy
import signal
import sys
import time
from pathlib import Path

def _hooked(real, name_of):
    def call(*args, **kwargs):
        if name_of(*args) == os.environ.get("KG_HOOK_TARGET"):
            if os.environ.get("KG_HOOK") == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            elif os.environ.get("KG_HOOK") == "kill-after":
                real(*args, **kwargs)
                os.kill(os.getpid(), signal.SIGKILL)
            elif os.environ.get("KG_HOOK") == "wait":
                Path(os.environ["KG_HOOK_READY"]).touch()
                while not Path(os.environ["KG_HOOK_GO"]).exists():
                    time.sleep(0.01)
        return real(*args, **kwargs)

    return call


if __name__ == "__main__":
    import kg.export.publish as publish

    os.replace = _hooked(os.replace, lambda src, dst, *rest: Path(dst).name)
    publish._exchange = _hooked(publish._exchange, lambda *paths: "exchange")
    sys.argv = ["kg", *sys.argv[1:]]
    runpy.run_module("kg", run_name="__main__", alter_sys=True)
