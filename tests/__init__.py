"""newsgen's test suite (a package so that `python -m tests.golden_refresh` runs)."""
