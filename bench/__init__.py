"""Benchmarks of policy-kg against the engines users would pick instead (issue 9).

``bench.generate`` writes a seeded synthetic policy graph, ``bench.run`` serves it from every peer and measures
them side by side, ``bench.report`` writes ``bench/RESULTS.md``. The data is synthetic and never enters ``data/``.
"""
