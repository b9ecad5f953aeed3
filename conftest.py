"""Root pytest configuration: doctests run over the package; ``python -m kg`` is not a test."""
collect_ignore = ["kg/__main__.py", "examples", "benchmarks", "build"]
# conftest files are loaded as plugins; collecting them again for doctests imports two modules
# named "conftest" when a run names several test folders ("import file mismatch").
collect_ignore_glob = ["tests/*/conftest.py"]
