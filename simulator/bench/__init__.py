"""Benchmarks that drive the real pipelines (``python -m simulator.bench voice``)."""


def pct(values: list[float], q: float, digits: int = 1) -> float | None:
    """The ``q`` quantile (nearest rank) of ``values``, rounded; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], digits)
