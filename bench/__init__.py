"""Benchmarks: run by hand (`python -m bench.badges`), never as timed tests."""
