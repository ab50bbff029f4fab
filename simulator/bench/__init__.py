"""Benchmarks that drive the real pipelines (``python -m simulator.bench voice``)."""
