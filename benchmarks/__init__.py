"""Benchmark harness of the planner: generated spas of growing size, solver vs. a booking baseline.

Run ``python -m benchmarks.run --help`` from the repository root; see ``benchmarks/README.md``.
"""
