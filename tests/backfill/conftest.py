"""Backfill fixtures: the fake ANTARA behind an HTTP proxy (the fetch tests' own fixture), and a real S3-compatible
server on 127.0.0.1 (the end-to-end tests' own fixture) for run storage on object storage."""

from e2e.conftest import s3  # noqa: F401  (re-exported as a fixture for the backfill DAG on S3)
from fetch.conftest import site  # noqa: F401  (re-exported as a fixture for the sitemap tests)
