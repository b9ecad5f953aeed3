"""Root pytest configuration: doctests run over the package; ``python -m kg`` is not a test."""
collect_ignore = ["kg/__main__.py", "examples", "benchmarks", "build"]
