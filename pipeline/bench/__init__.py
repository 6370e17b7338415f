"""Benchmarks (figures printed side by side, never timed tests): ``python -m pipeline.bench KIND``."""
