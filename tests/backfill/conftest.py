"""Backfill fixtures: the fake ANTARA behind an HTTP proxy is the fetch tests' own fixture."""

from fetch.conftest import site  # noqa: F401  (re-exported as a fixture for the sitemap tests)
