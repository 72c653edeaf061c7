"""Shared timing helper for the benchmark scripts."""

import time


def best(fn, repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs of ``fn()``, in seconds (least disturbed by other work)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
