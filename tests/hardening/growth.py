"""How running time grows with the size of an input: the ratio per doubling, not seconds.

A ratio does not depend on how fast the machine is: linear work takes about 2x as long when its
input doubles, quadratic work 4x. Times are CPU times of this process (``time.process_time``), the
best of a few runs, so that other processes on a shared machine do not count; the ratio is taken
over the whole range of sizes (from the smallest to the largest, per doubling), which averages out
the noise of any one measurement.
"""
from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Sequence

__all__ = ["LINEAR", "GrowthTooSlow", "time_per_doubling"]

LINEAR = 2.5  # the most a doubling of the input may multiply the time by (2: linear, 4: quadratic)


class GrowthTooSlow(AssertionError):
    """One run took longer than the budget: clearly not linear, no need to wait for the others."""


def _cpu_time(run: Callable[[], object]) -> float:
    gc.disable()  # a collection of the whole heap would land on one size and not on the others
    try:
        start = time.process_time()
        run()
        return time.process_time() - start
    finally:
        gc.enable()


def time_per_doubling(make: Callable[[int], Callable[[], object]], sizes: Sequence[int], *,
                      repeat: int = 2, budget: float = 5.0) -> tuple[float, list[float]]:
    """The factor by which the time of ``make(size)()`` grows per doubling of ``size``, and the times.

    ``sizes`` go up by doubling; ``make(size)`` prepares the input and returns what to time. Raises
    :class:`GrowthTooSlow` as soon as one run takes more than ``budget`` seconds.
    """
    times = []
    for size in sizes:
        best = float("inf")
        for _ in range(repeat):
            run = make(size)
            best = min(best, _cpu_time(run))
            if best > budget:
                raise GrowthTooSlow(f"{best:.1f} s of CPU at size {size:,} (times so far: {times})")
        times.append(best)
    doublings = math.log2(sizes[-1] / sizes[0])
    return (times[-1] / times[0]) ** (1 / doublings), times
