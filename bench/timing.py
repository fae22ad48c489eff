"""Median-of-repeats timing with the compared variants interleaved, so that
a noisy, shared machine slows them all alike."""

import statistics
import timeit


def ns_per_call(variants: dict, number: int = 100_000, repeats: int = 15) -> dict:
    """Median nanoseconds per call of each zero-argument callable."""
    samples = {name: [] for name in variants}
    timers = {name: timeit.Timer(fn) for name, fn in variants.items()}
    for _ in range(repeats):
        for name, timer in timers.items():
            samples[name].append(timer.timeit(number) / number * 1e9)
    return {name: statistics.median(values) for name, values in samples.items()}


def empty_call_ns(number: int = 100_000, repeats: int = 15) -> float:
    """What timeit spends calling a do-nothing lambda: subtracted from each figure."""
    return ns_per_call({"empty": lambda: None}, number, repeats)["empty"]
